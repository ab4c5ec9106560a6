"""A read-only SPARQL 1.1 Protocol endpoint over a graph file or store folder (stdlib http.server).

GET /sparql?query=…, POST application/sparql-query, POST application/x-www-form-urlencoded
(query=…); default-graph-uri / named-graph-uri as the protocol defines them. Results are
negotiated from the Accept header. Updates and SERVICE are refused (403), bad queries are 400,
queries past a limit (time, memory, answer size) 503; every error body is one line of plain text.
An answer longer than a worker's piece (64 KiB) is streamed as the worker writes it, without a
Content-Length (it ends when the connection closes); a query stopped past its first piece ends early.

Queries run in a fixed set of forked worker processes (serve/workers.py), so the serving process
never evaluates a query: a runaway or memory-hungry query ends its worker, not the server.
Connections wait in a selector until they send something and are then read by a fixed number of
handler threads under a socket timeout (serve/connections.py), so idle or half-open connections
cost no thread. Requests whose Host header is not this server's address are refused (DNS
rebinding); no CORS header is sent unless one origin is allowed with `cors`.
"""

from __future__ import annotations

import io
import os
import socket
import socketserver
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from graphkit.errors import GraphkitError, QueryError
from graphkit.query import QueryLimit, QueryTimeout, check_read_only
from graphkit.query.limits import DEFAULT_MAX_RESULT, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT
from graphkit.serve.connections import ConnectionPool
from graphkit.serve.hosts import allowed_hosts as _allowed_hosts
from graphkit.serve.hosts import host_allowed
from graphkit.serve.negotiate import choose, offers
from graphkit.serve.workers import Job, Workers

ENDPOINT = "/sparql"
MAX_BODY = 1 << 20  # a request body longer than 1 MiB is refused
SOCKET_TIMEOUT = 10.0  # seconds a handler may wait to write an answer to a client that does not read
IDLE_TIMEOUT = 30.0  # seconds a connection has to send a whole request
BACKLOG = 1024  # the listen queue (the kernel may cap it: net.core.somaxconn)
HANDLER_THREADS = 32
MAX_WAITING = 2048  # open connections waiting to send; beyond it the oldest is closed

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
    """The endpoint cannot start (address in use, bad host, bad option)."""


def default_workers() -> int:
    """Query worker processes by default: two per CPU, at least two."""
    return max(2, 2 * (os.cpu_count() or 1))


class SparqlServer(socketserver.TCPServer):
    allow_reuse_address = True
    request_queue_size = BACKLOG

    def __init__(
        self,
        address: tuple[str, int],
        store: ox.Store,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        memory_mb: int | None = DEFAULT_MEMORY_MB,
        max_result: int | None = DEFAULT_MAX_RESULT,
        workers: int | None = None,
        cors: str | None = None,
        allowed_hosts: tuple[str, ...] = (),
        quiet: bool = False,
    ) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        if timeout <= 0:
            raise ServeError(f"--timeout must be a positive number of seconds, not {timeout:g}")
        self.store = store
        self.query_timeout = timeout
        self.cors = cors.rstrip("/") if cors else None
        self.quiet = quiet
        super().__init__(address, SparqlHandler)
        self.allowed_hosts = _allowed_hosts(address[0], allowed_hosts)
        # Workers are forked before any handler thread exists.
        self.workers = Workers(store, workers or default_workers(), memory_mb=memory_mb, max_result=max_result)
        self.connections = ConnectionPool(
            self._handle, threads=HANDLER_THREADS, idle_timeout=IDLE_TIMEOUT, max_waiting=MAX_WAITING, max_body=MAX_BODY
        )

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}{ENDPOINT}"

    def process_request(self, request, client_address) -> None:
        self.connections.add(request, client_address)

    def shutdown_request(self, request) -> None:
        pass  # the connection pool closes connections once answered

    def _handle(self, connection: socket.socket, address: tuple, data: bytes) -> None:
        """Answer one request whose bytes the connection pool has read whole."""
        try:
            connection.setblocking(True)
            connection.settimeout(SOCKET_TIMEOUT)
            SparqlHandler((connection, data), address, self)
        except Exception:
            self.handle_error(connection, address)

    def handle_error(self, request, client_address) -> None:
        pass  # a client that went away is not the server's error; nothing is printed

    def server_close(self) -> None:
        """Stop listening, kill in-flight query workers, and stop the handler threads."""
        super().server_close()
        if getattr(self, "workers", None) is not None:
            self.workers.close()
        if getattr(self, "connections", None) is not None:
            self.connections.close()


def make_server(
    store: ox.Store,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    max_result: int | None = DEFAULT_MAX_RESULT,
    workers: int | None = None,
    cors: str | None = None,
    allowed_hosts: tuple[str, ...] = (),
    quiet: bool = False,
) -> SparqlServer:
    """A server bound to host:port (port 0 picks a free one); call serve_forever() to answer requests."""
    if cors is not None and not (cors.startswith(("http://", "https://")) and urlsplit(cors).netloc):
        raise ServeError(f"--cors {cors}: give one origin, such as https://example.org")
    try:
        return SparqlServer(
            (host, port),
            store,
            timeout=timeout,
            memory_mb=memory_mb,
            max_result=max_result,
            workers=workers,
            cors=cors,
            allowed_hosts=allowed_hosts,
            quiet=quiet,
        )
    except OSError as exc:
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "graphkit-sparql"

    def setup(self) -> None:
        # The request arrives read whole (serve/connections.py): the handler never waits on a client's bytes.
        self.connection, data = self.request
        self.rfile = io.BytesIO(data)
        self.wfile = _Writer(self.connection)

    def handle_one_request(self) -> None:
        self.started = time.monotonic()
        super().handle_one_request()

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        self.close_connection = True  # one request per connection
        if not host_allowed(self.headers.get("Host"), self.server.allowed_hosts, self.server.server_address[0]):
            self._error(
                HTTPStatus.MISDIRECTED_REQUEST,
                "the Host header does not name this server (requests through other host names are refused)",
            )
            return False
        origin = self.headers.get("Origin")
        if origin is not None and not self._origin_allowed(origin):
            self._error(
                HTTPStatus.FORBIDDEN,
                f"cross-origin requests from {origin} are not allowed (the server allows them with --cors ORIGIN)",
            )
            return False
        return True

    def _origin_allowed(self, origin: str) -> bool:
        origin = origin.rstrip("/")
        if self.server.cors and origin == self.server.cors:
            return True
        url = urlsplit(origin)
        try:
            port = url.port
        except ValueError:
            return False
        same_port = port == self.server.server_address[1]
        return url.scheme == "http" and same_port and host_allowed(url.netloc, self.server.allowed_hosts, "-")

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
        if self.server.cors:
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self._cors_headers()
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
        try:
            found = check_read_only(text, allow_service=True)
        except QueryError as exc:
            status = HTTPStatus.FORBIDDEN if "not allowed" in str(exc) else HTTPStatus.BAD_REQUEST
            self._error(status, str(exc).replace("graphkit queries are", "this endpoint is"))
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
            job = Job(
                text,
                fmt,
                default_graph=_graphs(params.get("default-graph-uri", [])),
                named_graphs=_graphs(params.get("named-graph-uri", [])),
            )
            pieces = self.server.workers.stream(job, self.server.query_timeout, self.started)
            first = next(pieces, b"")
            second = next(pieces, None)
        except (QueryTimeout, QueryLimit) as exc:
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
            return
        except QueryError as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
            return
        if second is None:  # the whole answer in one piece: sent with its length, as any error is
            self._send(HTTPStatus.OK, first, media_type)
            return
        self._stream(pieces, (first, second), media_type)

    def _stream(self, pieces, started: tuple[bytes, bytes], media_type: str) -> None:
        """A long answer sent as the worker writes it, without a Content-Length: it ends when the connection
        closes. A query stopped midway (its deadline, its size cap) ends the answer early."""
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", media_type)
            self.send_header("Vary", "Accept")
            self.send_header("Connection", "close")
            self._cors_headers()
            self.end_headers()
            for piece in started:
                self.wfile.write(piece)
            for piece in pieces:
                self.wfile.write(piece)
        except GraphkitError:
            self.close_connection = True  # cut: the client sees the answer end early
        finally:
            pieces.close()  # a client gone midway: the worker is stopped and replaced

    def _cors_headers(self) -> None:
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", self.server.cors)
            self.send_header("Vary", "Origin")

    def _send(self, status: HTTPStatus, body: bytes, media_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        self.send_header("Connection", "close")
        self._cors_headers()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: HTTPStatus, message: str) -> None:
        self.close_connection = True
        self._send(status, (" ".join(message.split()) + "\n").encode(), "text/plain; charset=utf-8")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors http.server finds itself (a malformed request line, a header too long): one line of text."""
        try:
            status = HTTPStatus(code)
        except ValueError:
            status = HTTPStatus.BAD_REQUEST
        if getattr(self, "request_version", "HTTP/0.9") == "HTTP/0.9":
            self.request_version = "HTTP/1.0"  # HTTP/0.9 is not spoken here: answer with a status line
        self._error(status, f"{status.value} {message or status.phrase}")

    def log_message(self, format: str, *args: object) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)


class _Writer(io.BufferedIOBase):
    """The answer's bytes to the socket, whole (sendall), under the socket's timeout."""

    def __init__(self, connection: socket.socket) -> None:
        self._connection = connection

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._connection.sendall(data)
        return len(data)


def _graphs(iris: list[str]) -> tuple[str, ...] | None:
    if not iris:
        return None
    try:
        return tuple(ox.NamedNode(iri).value for iri in iris)
    except ValueError as exc:
        raise QueryError(f"not a valid graph IRI: {exc}") from None
