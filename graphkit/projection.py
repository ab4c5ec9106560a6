"""The RDF graph projected onto a networkx graph of people, organisations, topics and the rest.

Nodes are entities, keyed by IRI. Every node carries the same scalar attributes (str or int), so
GraphML and GEXF writers can reuse the graph as it is: `type`, `label`, `degree`, `kind`, `roles`,
`organisations`, `org_type`, `ods_code`, `evidence`, `source`, `source_label` and `url` ("" where they
do not apply). `evidence` is the sentence around the first place the entity was seen, `source` the post
it is in, `source_label` that post named for a reader (its article by title) and `url` the post's
schema:url (or its article's).

Edges are aggregated: one edge per ordered pair of nodes, with `relation` (the strongest relation
between them, in the order of RELATIONS), `relations` (all of them, "; "-joined) and `weight` (the
summed counts). The relations:

- works_for   person -> organisation, from org:memberOf; weight = memberships (roles) linking them.
- replies_to  person -> person, comment author to the author of the comment replied to; weight = replies.
- part_of     organisation -> organisation, from org:subOrganizationOf (a hospital in its trust).
- linked_to   organisation -> organisation, from org:linkedTo (an NHS trust to its ICB, an ICB to its region).
- discusses   person -> topic, from gk:discusses, and who wrote a post -> its topics (dcterms:subject,
              attributed like mentions below); weight = posts on the topic (at least 1).
- works_in    person -> place, from schema:workLocation.
- has_handle  person or organisation -> handle, from gk:handle.
- mentions    who wrote the post -> each entity it mentions (schema:mentions); weight = posts.
              A comment's mentions go to its author. An article's go to its author, or where it has
              none to its publisher; an article with neither gives no mentions edges.
              With include_posts, the post itself is the node that mentions.
- co_mention  entity -- entity mentioned in the same post; undirected, stored once from the smaller IRI
              to the larger; weight = posts.

With include_posts, posts (articles and comments) are nodes too, with three more relations:
wrote (author or publisher -> post), replies_to (comment -> the post it answers) and about
(post -> topic, dcterms:subject). Self-loops are left out everywhere. Scheme topics that no post or
person refers to are left out.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import combinations

import networkx as nx
import pyoxigraph as ox

from graphkit.query import run

TYPES = ("person", "organisation", "topic", "place", "hashtag", "handle", "post")
RELATIONS = (
    "works_for",
    "part_of",
    "linked_to",
    "replies_to",
    "wrote",
    "discusses",
    "about",
    "works_in",
    "has_handle",
    "mentions",
    "co_mention",
)
UNDIRECTED = frozenset({"co_mention"})
ATTRIBUTES = ("kind", "roles", "organisations", "org_type", "ods_code", "evidence", "source", "source_label", "url")
"""Node attributes besides type, label and degree; every node has each of them ("" when not known)."""

_CLASSES = {  # in order of precedence, for a resource with several of these types
    "person": "foaf:Person",
    "organisation": "org:Organization",
    "place": "schema:Place",
    "hashtag": "gk:Hashtag",
    "handle": "gk:Handle",
    "topic": "skos:Concept",
}
_LABELS = ("foaf:name", "schema:name", "skos:prefLabel")
_KIND_RANK = {"commenter": 0, "author": 1, "public_figure": 2}
_EVIDENCE = """
SELECT ?body ?exact ?source ?start WHERE {
  ?ann oa:hasBody ?body ; oa:hasTarget ?t .
  ?t oa:hasSource ?source ; oa:hasSelector ?q, ?p .
  ?q a oa:TextQuoteSelector ; oa:exact ?exact .
  ?p a oa:TextPositionSelector ; oa:start ?start .
}"""
_ABOUT = "SELECT ?s ?o WHERE { ?s rdf:subject|rdf:object|org:member|org:organization ?o }"
_MAX_QUOTE = 240


def project(store: ox.Store, *, include_posts: bool = False) -> nx.DiGraph:
    """The network of the graph in `store` (read with SPARQL over the union of its named graphs)."""
    graph = nx.DiGraph()
    types = _entity_types(store)
    posts = _posts(store)
    subjects = _pairs(store, "dcterms:subject")
    discusses = _pairs(store, "gk:discusses")
    mentions = _pairs(store, "schema:mentions")
    used_topics = {o for targets in (*subjects.values(), *discusses.values()) for o in targets}
    used_topics |= {o for targets in mentions.values() for o in targets}
    types = {iri: kind for iri, kind in types.items() if kind != "topic" or iri in used_topics}

    labels = _labels(store)
    for iri, kind in sorted(types.items()):
        graph.add_node(iri, type=kind, label=labels.get(iri) or _local_name(iri), degree=0)
        graph.nodes[iri].update(dict.fromkeys(ATTRIBUTES, ""))
    _person_details(store, graph, labels)
    _organisation_details(store, graph)
    if include_posts:
        for iri, post in posts.items():
            graph.add_node(iri, type="post", label=post.label(posts, labels), degree=0)
            graph.nodes[iri].update(dict.fromkeys(ATTRIBUTES, ""))
    _evidence(store, graph, posts, subjects, labels)

    members = _pairs(store, "org:memberOf")
    roles_per_pair = Counter(
        (row["p"].value, row["o"].value)
        for row in run(store, "SELECT ?m ?p ?o WHERE { ?m org:member ?p ; org:organization ?o }")
    )
    for person, orgs in members.items():
        for org in orgs:
            _link(graph, person, org, "works_for", max(1, roles_per_pair[(person, org)]))

    for post in posts.values():
        target = posts.get(post.reply_of)
        if post.is_comment and target and target.is_comment and post.author and target.author:
            _link(graph, post.author, target.author, "replies_to", 1)

    for u, v, relation in _simple_links(store):
        _link(graph, u, v, relation, 1)

    topic_posts = Counter((posts[p].speaker, t) for p, topics in subjects.items() if p in posts for t in topics)
    for person, topics in discusses.items():
        for topic in topics:
            topic_posts[(person, topic)] = max(1, topic_posts[(person, topic)])
    for (speaker, topic), count in sorted(topic_posts.items()):
        _link(graph, speaker, topic, "discusses", count)

    for iri, entities in mentions.items():
        post = posts.get(iri)
        speaker = iri if include_posts else (post.speaker if post else "")
        for entity in entities:
            _link(graph, speaker, entity, "mentions", 1)
        present = sorted(e for e in entities if e in graph)
        for a, b in combinations(present, 2):
            _link(graph, a, b, "co_mention", 1)

    if include_posts:
        for iri, post in posts.items():
            for maker in (post.author, post.publisher):
                _link(graph, maker, iri, "wrote", 1)
            if post.is_comment:
                _link(graph, iri, post.reply_of, "replies_to", 1)
        for iri, topics in subjects.items():
            for topic in topics:
                _link(graph, iri, topic, "about", 1)

    set_degrees(graph)
    return graph


def add_edge(graph: nx.DiGraph, u: str, v: str, relation: str, weight: int) -> None:
    """Add `weight` of `relation` to the edge u -> v, merging with what is there (co_mention: sorted ends)."""
    if relation in UNDIRECTED and v < u:
        u, v = v, u
    data = graph.get_edge_data(u, v)
    if data is None:
        graph.add_edge(u, v, relation=relation, relations=relation, weight=int(weight))
        return
    present = set(data["relations"].split("; ")) | {relation}
    ordered = [r for r in RELATIONS if r in present] + sorted(present - set(RELATIONS))
    data["relations"] = "; ".join(ordered)
    data["relation"] = ordered[0]
    data["weight"] = int(data["weight"]) + int(weight)


def set_degrees(graph: nx.DiGraph) -> None:
    """Store each node's number of edges (in and out) as its `degree` attribute."""
    for node, degree in graph.degree():
        graph.nodes[node]["degree"] = int(degree)


def _link(graph: nx.DiGraph, u: str, v: str, relation: str, weight: int) -> None:
    if u and v and u != v and u in graph and v in graph:
        add_edge(graph, u, v, relation, weight)


class _Post:
    __slots__ = ("author", "container", "ident", "iri", "is_comment", "order", "publisher", "reply_of", "title", "url")

    def __init__(self, iri: str) -> None:
        self.iri = iri
        self.is_comment = False
        self.author = self.publisher = self.container = self.reply_of = self.title = self.ident = self.url = ""
        self.order: tuple = ()

    @property
    def speaker(self) -> str:
        return self.author or ("" if self.is_comment else self.publisher)

    def label(self, posts: dict[str, _Post], labels: dict[str, str]) -> str:
        if not self.is_comment:
            return self.title or f"Article {self.ident or _local_name(self.iri)}"
        author = labels.get(self.author, "")
        return f"Comment {self.ident}" + (f" by {author}" if author else "")

    def reader_label(self, posts: dict[str, _Post], labels: dict[str, str]) -> str:
        """The post as a reader would name it: 'comment 3 by Ann on “Title”', or the article “Title”."""
        article = posts.get(self.container) if self.is_comment else self
        title = f"“{article.title}”" if article and article.title else "the article"
        if not self.is_comment:
            return f"the article {title}" if self.title else title
        author = labels.get(self.author, "")
        return f"comment {self.ident}" + (f" by {author}" if author else "") + f" on {title}"


def _simple_links(store: ox.Store):
    for relation, predicate in (
        ("part_of", "org:subOrganizationOf"),
        ("linked_to", "org:linkedTo"),
        ("works_in", "schema:workLocation"),
        ("has_handle", "gk:handle"),
    ):
        for subject, objects in _pairs(store, predicate).items():
            for obj in objects:
                yield subject, obj, relation


def _posts(store: ox.Store) -> dict[str, _Post]:
    posts: dict[str, _Post] = {}
    for row in run(store, "SELECT ?p WHERE { ?p a sioc:Post }"):
        posts[row["p"].value] = _Post(row["p"].value)
    for row in run(store, "SELECT ?p WHERE { ?p a schema:Comment }"):
        if row["p"].value in posts:
            posts[row["p"].value].is_comment = True
    fields = {
        "author": "schema:author",
        "publisher": "schema:publisher",
        "container": "dcterms:isPartOf",
        "reply_of": "sioc:reply_of",
        "title": "dcterms:title",
        "ident": "dcterms:identifier",
        "url": "schema:url",
    }
    for attr, predicate in fields.items():
        for iri, values in _pairs(store, predicate).items():
            if iri in posts:
                setattr(posts[iri], attr, values[0])
    created = {iri: values[0] for iri, values in _pairs(store, "dcterms:created").items()}
    positions = {iri: values[0] for iri, values in _pairs(store, "gk:position").items()}
    for post in posts.values():
        article = post.container if post.is_comment else post.iri
        position = int(positions.get(post.iri, 0)) if positions.get(post.iri, "0").isdigit() else 0
        post.order = (created.get(article, ""), article, position)
        if not _is_web_address(post.url):
            post.url = ""
    for post in posts.values():
        if not post.url and post.container in posts:
            post.url = posts[post.container].url
    return posts


def _pairs(store: ox.Store, predicate: str) -> dict[str, list[str]]:
    """Subject -> its sorted objects for one predicate (prefixed name)."""
    found: dict[str, list[str]] = defaultdict(list)
    for row in run(store, f"SELECT DISTINCT ?s ?o WHERE {{ ?s {predicate} ?o }}"):
        found[row["s"].value].append(row["o"].value)
    return {s: sorted(objects) for s, objects in found.items()}


def _entity_types(store: ox.Store) -> dict[str, str]:
    found: dict[str, set[str]] = defaultdict(set)
    for kind, cls in _CLASSES.items():
        for row in run(store, f"SELECT ?e WHERE {{ ?e a {cls} }}"):
            if isinstance(row["e"], ox.NamedNode):
                found[row["e"].value].add(kind)
    return {iri: next(k for k in _CLASSES if k in kinds) for iri, kinds in found.items()}


def _labels(store: ox.Store) -> dict[str, str]:
    labels: dict[str, str] = {}
    for predicate in reversed(_LABELS):  # the first predicate of _LABELS wins
        for iri, values in _pairs(store, predicate).items():
            labels[iri] = values[0]
    return labels


def _person_details(store: ox.Store, graph: nx.DiGraph, labels: dict[str, str]) -> None:
    for iri, kinds in _pairs(store, "gk:personKind").items():
        if iri in graph:
            graph.nodes[iri]["kind"] = min(kinds, key=lambda k: (_KIND_RANK.get(k, 3), k))
    for iri, roles in _pairs(store, "schema:jobTitle").items():
        if iri in graph:
            graph.nodes[iri]["roles"] = "; ".join(roles)
    for iri, orgs in _pairs(store, "org:memberOf").items():
        if iri in graph:
            graph.nodes[iri]["organisations"] = "; ".join(sorted(labels.get(o, _local_name(o)) for o in orgs))


def _organisation_details(store: ox.Store, graph: nx.DiGraph) -> None:
    for attr, predicate in (("org_type", "gk:orgType"), ("ods_code", "gk:odsCode")):
        for iri, values in _pairs(store, predicate).items():
            if iri in graph and graph.nodes[iri]["type"] == "organisation":
                graph.nodes[iri][attr] = values[0]


def _evidence(
    store: ox.Store, graph: nx.DiGraph, posts: dict[str, _Post], subjects: dict[str, list[str]], labels: dict[str, str]
) -> None:
    """Each node's first sighting: the earliest annotation on it (or on a statement about it)."""
    texts = {iri: values[0] for iri, values in _pairs(store, "sioc:content").items()}
    part_of = {iri: values[0] for iri, values in _pairs(store, "dcterms:isPartOf").items()}
    about: dict[str, set[str]] = defaultdict(set)
    for row in run(store, _ABOUT):
        if row["o"].value in graph:
            about[row["s"].value].add(row["o"].value)
    best: dict[str, tuple] = {}
    for row in run(store, _EVIDENCE):
        body, source = row["body"].value, row["source"].value
        # the source is a post, or a byline or title that is part of one
        post = posts.get(source) or posts.get(part_of.get(source, ""))
        if post is None:
            continue
        start = int(row["start"].value) if row["start"].value.isdigit() else 0
        in_byline = source != post.iri
        for node in ({body} if body in graph else set()) | about.get(body, set()):
            # in a post, the byline first; the entity's own words before a statement about it
            key = (*post.order, 0 if in_byline else 1, 0 if node == body else 1, start)
            if node not in best or key < best[node][0]:
                best[node] = (key, source, post.iri, row["exact"].value, start)
    for node, (_, source, post_iri, exact, start) in best.items():
        attrs = graph.nodes[node]
        attrs["evidence"] = sentence(texts.get(source, ""), start, exact)
        attrs["source"] = post_iri
        attrs["url"] = posts[post_iri].url
    first_post: dict[str, _Post] = {}  # author or topic -> the first post by or about it
    for post in sorted(posts.values(), key=lambda p: p.order):
        first_post.setdefault(post.author, post)
        for topic in subjects.get(post.iri, ()):
            first_post.setdefault(topic, post)
    for node, attrs in graph.nodes(data=True):
        if attrs["type"] == "post":
            attrs.update(evidence=sentence(texts.get(node, ""), 0, ""), source=node, url=posts[node].url)
        elif not attrs["source"] and node in first_post:  # never annotated: where it first comes up
            post = first_post[node]
            text = texts.get(post.iri, "")
            found = text.casefold().find(attrs["label"].casefold()) if attrs["type"] == "topic" else -1
            quote = sentence(text, found, attrs["label"]) if found >= 0 else sentence(text, 0, "")
            attrs.update(evidence=quote, source=post.iri, url=post.url)
        if attrs["source"] in posts:
            attrs["source_label"] = posts[attrs["source"]].reader_label(posts, labels)


def sentence(text: str, start: int, exact: str) -> str:
    """The sentence of `text` around offset `start` (where `exact` was quoted), cut to a short quote."""
    if not text:
        return exact
    start = min(max(start, 0), len(text))
    end = min(len(text), start + len(exact))
    before = max((m.end() for m in re.finditer(r"[.!?](?=\s)|\n", text[:start])), default=0)
    after = re.search(r"[.!?](?=\s|$)|\n", text[end:])
    stop = end + after.end() if after else len(text)
    quote = " ".join(text[before:stop].split())
    if len(quote) <= _MAX_QUOTE:
        return quote
    centre = len(" ".join(text[before:start].split()))
    lo = max(0, min(centre - _MAX_QUOTE // 3, len(quote) - _MAX_QUOTE))
    hi = lo + _MAX_QUOTE
    if lo and " " in quote[lo:centre]:
        lo = quote.index(" ", lo) + 1  # whole words only
    if hi < len(quote) and " " in quote[lo:hi]:
        hi = quote.rindex(" ", lo, hi)
    return ("…" if lo else "") + quote[lo:hi].strip() + ("…" if hi < len(quote) else "")


def _local_name(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri


def _is_web_address(value: str) -> bool:
    return value.startswith(("http://", "https://")) and not any(c.isspace() or c in '<>"' for c in value)
