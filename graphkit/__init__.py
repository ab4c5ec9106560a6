"""graphkit: articles and their reader comments in, an RDF knowledge graph out.

import graphkit
graphkit.build("data/", "kg.trig")
kg = graphkit.load("kg.trig")
kg.query("SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name }")
"""

from graphkit.api import KnowledgeGraph, Rows, View, build, load

__all__ = ["KnowledgeGraph", "Rows", "View", "build", "load"]
