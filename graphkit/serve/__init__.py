"""Serve: a graph as a read-only SPARQL 1.1 Protocol endpoint on this machine."""

from __future__ import annotations

from graphkit.serve.hosts import host_allowed, is_loopback
from graphkit.serve.server import (
    DEFAULT_TIMEOUT,
    ENDPOINT,
    ServeError,
    SparqlServer,
    default_workers,
    make_server,
)

__all__ = [
    "DEFAULT_TIMEOUT",
    "ENDPOINT",
    "ServeError",
    "SparqlServer",
    "default_workers",
    "host_allowed",
    "is_loopback",
    "make_server",
]
