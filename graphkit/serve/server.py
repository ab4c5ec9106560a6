"""A read-only SPARQL 1.1 Protocol endpoint over a graph file or store folder (stdlib http.server).

GET /sparql?query=…, POST application/sparql-query, POST application/x-www-form-urlencoded
(query=…); default-graph-uri / named-graph-uri as the protocol defines them. Results are
negotiated from the Accept header. Updates and SERVICE are refused (403), bad queries are 400,
queries past the timeout 503; every error body is one line of plain text.

Every query runs in a forked child process that is killed at the deadline, so the serving
process itself never evaluates a query: a runaway query cannot stall it, and no thread of it
holds a store lock when the next child is forked.
"""

from __future__ import annotations

import ipaddress
import socket
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from graphkit.errors import GraphkitError, QueryError
from graphkit.query import QueryTimeout, answer, scan
from graphkit.serve.negotiate import choose, offers

ENDPOINT = "/sparql"
MAX_BODY = 1 << 20  # a query longer than 1 MiB is refused
DEFAULT_TIMEOUT = 60.0

_HELP = """graphkit SPARQL endpoint (read-only)

  GET  /sparql?query=SELECT…
  POST /sparql  Content-Type: application/sparql-query   (the query as the body)
  POST /sparql  Content-Type: application/x-www-form-urlencoded   (query=…)

SELECT/ASK answer in application/sparql-results+json (default), application/sparql-results+xml,
text/csv or text/tab-separated-values; CONSTRUCT/DESCRIBE in text/turtle (default),
application/n-triples, application/n-quads, application/trig, application/ld+json or
application/rdf+xml, as the Accept header asks.
"""


class ServeError(GraphkitError):
    """The endpoint cannot start (address in use, bad host)."""


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], store: ox.Store, *, timeout: float = DEFAULT_TIMEOUT, quiet: bool = False
    ) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.store = store
        self.query_timeout = timeout
        self.quiet = quiet
        super().__init__(address, SparqlHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}{ENDPOINT}"


def make_server(
    store: ox.Store, host: str = "127.0.0.1", port: int = 0, *, timeout: float = DEFAULT_TIMEOUT, quiet: bool = False
) -> SparqlServer:
    """A server bound to host:port (port 0 picks a free one); call serve_forever() to answer requests."""
    try:
        return SparqlServer((host, port), store, timeout=timeout, quiet=quiet)
    except OSError as exc:
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "graphkit-sparql"

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/":
            self._send(HTTPStatus.OK, _HELP.encode(), "text/plain; charset=utf-8")
        elif url.path != ENDPOINT:
            self._error(HTTPStatus.NOT_FOUND, f"no such resource; the endpoint is {ENDPOINT}")
        else:
            self._answer(parse_qs(url.query, keep_blank_values=True))

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != ENDPOINT:
            self._error(HTTPStatus.NOT_FOUND, f"no such resource; the endpoint is {ENDPOINT}")
            return
        params = parse_qs(url.query, keep_blank_values=True)
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            self._error(HTTPStatus.BAD_REQUEST, "Content-Length is not a number")
            return
        if length > MAX_BODY:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the request body is over {MAX_BODY} bytes")
            return
        try:
            body = self.rfile.read(max(length, 0)).decode("utf-8")
        except UnicodeDecodeError:
            self._error(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8")
            return
        content_type = self.headers.get_content_type()
        if content_type == "application/sparql-query":
            params.setdefault("query", []).append(body)
        elif content_type == "application/x-www-form-urlencoded":
            for key, values in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif content_type == "application/sparql-update":
            self._error(HTTPStatus.FORBIDDEN, "SPARQL Update is not allowed: this endpoint is read-only")
            return
        else:
            self._error(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "POST a query as application/sparql-query or application/x-www-form-urlencoded",
            )
            return
        self._answer(params)

    def do_OPTIONS(self) -> None:
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Allow", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _answer(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._error(HTTPStatus.FORBIDDEN, "SPARQL Update is not allowed: this endpoint is read-only")
            return
        queries = params.get("query", [])
        if len(queries) != 1:
            self._error(HTTPStatus.BAD_REQUEST, "give exactly one query: ?query=… or a POSTed query")
            return
        text = queries[0]
        found = scan(text)
        if found.update_words:
            self._error(
                HTTPStatus.FORBIDDEN,
                f"SPARQL Update ({found.update_words[0]}) is not allowed: this endpoint is read-only",
            )
            return
        if "SERVICE" in found.words:
            self._error(HTTPStatus.FORBIDDEN, "SERVICE is not allowed: this endpoint does not call other endpoints")
            return
        chosen = choose(self.headers.get("Accept"), found.form)
        if chosen is None:
            available = ", ".join(dict.fromkeys(media for media, _ in offers(found.form)))
            self._error(
                HTTPStatus.NOT_ACCEPTABLE,
                f"cannot answer in any type the Accept header allows; this query can answer in {available}",
            )
            return
        media_type, fmt = chosen
        try:
            default_graph = _graphs(params.get("default-graph-uri", []))
            named_graphs = _graphs(params.get("named-graph-uri", []))
            data = answer(
                self.server.store,
                text,
                fmt=fmt,
                timeout=self.server.query_timeout,
                default_graph=default_graph,
                named_graphs=named_graphs,
            )
        except QueryTimeout as exc:
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
            return
        except QueryError as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
            return
        self._send(HTTPStatus.OK, data, media_type)

    def _send(self, status: HTTPStatus, body: bytes, media_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, (" ".join(message.split()) + "\n").encode(), "text/plain; charset=utf-8")

    def log_message(self, format: str, *args: object) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)


def _graphs(iris: list[str]) -> list[ox.NamedNode] | None:
    if not iris:
        return None
    try:
        return [ox.NamedNode(iri) for iri in iris]
    except ValueError as exc:
        raise QueryError(f"not a valid graph IRI: {exc}") from None
