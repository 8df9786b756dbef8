"""`kg serve`: the store as a read-only SPARQL 1.1 Protocol endpoint.

A ``ThreadingHTTPServer`` in front of a pool of query worker processes
(:mod:`kg.workers`). The Oxigraph server from PyPI (``oxigraph
serve-read-only``) was considered: it has CORS and a time limit, but it
follows every SERVICE clause and has no way to refuse it, so this endpoint
keeps its own front and runs the queries itself.

- ``GET /sparql?query=...``, ``POST /sparql`` with a form body or
  ``application/sparql-query``; ``default-graph-uri`` / ``named-graph-uri``
  set the dataset; ``GET /sparql`` without a query is the service
  description; HEAD answers with the headers without running the query.
- Results by content negotiation (``Accept``) or a ``format`` parameter:
  SELECT/ASK as SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE
  as Turtle (default), N-Triples, RDF/XML or JSON-LD. Results stream as
  they are computed (chunked), never built in memory first.
- Every query runs in a worker process under a time limit and is killed
  when the limit passes or the client goes away; readers never wait for
  each other while a worker is free.
- SERVICE is refused unless ``allow_service``; a SERVICE back to this
  endpoint is refused always.
- Requests whose Host header is not this machine (DNS rebinding) and
  requests from web pages of other origins are refused unless the origin is
  allowed (``cors``), which also sends the CORS headers browsers need.
- Read-only: updates are refused (403); the workers open the store
  read-only and reopen it when a later build has committed to it.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .errors import KgError
from .formats import negotiate, service_description  # noqa: F401 (negotiate: re-exported)
from .workers import QueryTimeout, WorkerDied, WorkerPool, WorkersBusy

log = logging.getLogger("kg.serve")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
ENDPOINT_PATH = "/sparql"
#: Largest request body accepted (bytes).
MAX_BODY = 1_000_000
#: Default time limit of one query (seconds).
DEFAULT_TIMEOUT = 5.0
#: Default number of query worker processes.
DEFAULT_WORKERS = 4
#: Seconds a client may take to send its request (or to read a chunk).
SOCKET_TIMEOUT = 15.0


def _is_ip(name: str) -> bool:
    """Whether a Host header's name is an IP address (which DNS rebinding
    cannot forge: it needs a host name).

    >>> _is_ip("127.0.0.1"), _is_ip("[::1]"), _is_ip("evil.example")
    (True, True, False)
    """
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


class SparqlServer(ThreadingHTTPServer):
    """A threading HTTP server answering SPARQL queries over the store at
    ``location`` with a pool of query worker processes."""

    daemon_threads = True
    request_queue_size = 128  # the listen backlog: bursts of clients are queued, not reset

    def __init__(
        self,
        location: str,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        workers: int = DEFAULT_WORKERS,
        allow_service: bool = False,
        cors: tuple[str, ...] | list[str] = (),
        allow_hosts: tuple[str, ...] | list[str] = (),
        socket_timeout: float = SOCKET_TIMEOUT,
    ):
        from .rdf.namespace import PREFIXES

        self.location = location
        self.query_timeout = timeout if timeout and timeout > 0 else None
        self.allow_service = allow_service
        self.cors = tuple(o.rstrip("/") for o in cors)
        self.allow_hosts = {h.lower() for h in allow_hosts} | {"localhost"}
        self.socket_timeout = socket_timeout
        self.prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
        try:
            super().__init__((host, port), SparqlHandler)
        except OSError as exc:
            raise KgError(f"cannot listen on {host}:{port}: {exc.strerror}; choose another --port") from None
        try:
            self.pool = WorkerPool(location, workers)
        except BaseException:
            super().server_close()
            raise

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}{ENDPOINT_PATH}"

    @property
    def own_addresses(self) -> list[tuple[str, int]]:
        host, port = self.server_address[:2]
        return [(host, port), ("127.0.0.1", port), ("::1", port), ("localhost", port)]

    def server_close(self) -> None:
        super().server_close()
        pool = getattr(self, "pool", None)
        if pool is not None:
            pool.close()


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "diplomacy-kg"
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        self.timeout = self.server.socket_timeout  # a client that stalls cannot hold a thread for ever
        super().setup()

    # -- who may ask --------------------------------------------------------
    def _origin_allowed(self, origin: str) -> bool:
        return "*" in self.server.cors or origin.rstrip("/") in self.server.cors

    def _guard(self) -> bool:
        """Refuse (403) a request for another host name (DNS rebinding) or
        from a web page of an origin that is not allowed."""
        unread = self.headers.get("Content-Length", "0") not in ("", "0") or self.headers.get("Transfer-Encoding")
        keep = self.close_connection
        if unread:
            self.close_connection = True  # a refused request's body is never read: end the connection
        ok = self._allowed()
        if ok:
            self.close_connection = keep
        return ok

    def _allowed(self) -> bool:
        host = self.headers.get("Host")
        if host is not None:
            name = urlsplit(f"//{host}").hostname or ""
            if not (_is_ip(name) or name.lower() in self.server.allow_hosts):
                self._error(
                    HTTPStatus.FORBIDDEN,
                    f"requests for host {host!r} are refused (this endpoint answers for localhost and IP addresses); "
                    "start kg serve with --allow-host NAME to answer for that name",
                )
                return False
        origin = self.headers.get("Origin")
        if origin is not None and origin != f"http://{host}" and not self._origin_allowed(origin):
            self._error(
                HTTPStatus.FORBIDDEN,
                f"cross-origin request from {origin} refused; start kg serve with --cors {origin} "
                "to let pages of that site query this endpoint",
            )
            return False
        site = (self.headers.get("Sec-Fetch-Site") or "").lower()
        if origin is None and site in ("cross-site", "same-site") and "*" not in self.server.cors:
            self._error(HTTPStatus.FORBIDDEN, "request from another site's page refused; use --cors to allow a site")
            return False
        return True

    def _cors_headers(self) -> dict[str, str]:
        origin = self.headers.get("Origin")
        if origin is None or not self._origin_allowed(origin):
            return {}
        return {"Access-Control-Allow-Origin": "*" if "*" in self.server.cors else origin}

    # -- HTTP verbs ---------------------------------------------------------
    def do_OPTIONS(self) -> None:  # noqa: N802 (http.server's naming)
        if not self._guard():
            return
        headers = {"Allow": "GET, HEAD, POST, OPTIONS"}
        if self._cors_headers():
            headers.update(
                {
                    "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
                    "Access-Control-Allow-Headers": self.headers.get("Access-Control-Request-Headers")
                    or "Accept, Content-Type",
                    "Access-Control-Max-Age": "600",
                }
            )
        self._send(HTTPStatus.NO_CONTENT, b"", None, **headers)

    def do_GET(self) -> None:  # noqa: N802
        self._get(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._get(head=True)

    def _get(self, *, head: bool) -> None:
        if not self._guard():
            return
        url = urlsplit(self.path)
        if url.path in ("/", "") and not url.query:
            self._text(HTTPStatus.OK, _HELP.format(path=ENDPOINT_PATH))
            return
        if url.path != ENDPOINT_PATH:
            self._error(HTTPStatus.NOT_FOUND, f"no such resource; the SPARQL endpoint is {ENDPOINT_PATH}")
            return
        params = self._params(url.query)
        if params is None:
            return
        if "query" not in params and "update" not in params:
            data = self._service_description().encode("utf-8")
            self._send(HTTPStatus.OK, data, "text/turtle; charset=utf-8")
            return
        self._answer(params, head=head)

    def do_POST(self) -> None:  # noqa: N802
        if not self._guard():
            return
        url = urlsplit(self.path)
        if url.path != ENDPOINT_PATH:
            self.close_connection = True
            self._error(HTTPStatus.NOT_FOUND, f"no such resource; the SPARQL endpoint is {ENDPOINT_PATH}")
            return
        if self.headers.get("Transfer-Encoding"):
            self._error(HTTPStatus.LENGTH_REQUIRED, "send the request body with a Content-Length header")
            self.close_connection = True
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            self._error(HTTPStatus.BAD_REQUEST, "bad Content-Length")
            self.close_connection = True
            return
        if length > MAX_BODY:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes")
            self.close_connection = True
            return
        raw = self._read_body(length)
        if len(raw) < length:
            self.close_connection = True
            self._error(
                HTTPStatus.BAD_REQUEST,
                f"the request body ended after {len(raw)} of the {length} bytes its Content-Length announced",
            )
            return
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            self._error(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8; send the query as UTF-8")
            return
        params = self._params(url.query)
        if params is None:
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            form = self._params(body)
            if form is None:
                return
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
        elif ctype == "application/sparql-query":
            params["query"] = [body]
        elif ctype == "application/sparql-update":
            self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates are refused")
            return
        else:
            self._error(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "POST needs Content-Type application/x-www-form-urlencoded or application/sparql-query",
            )
            return
        self._answer(params, head=False)

    def _params(self, text: str) -> dict[str, list[str]] | None:
        """The parameters of a query string or form body; None (after a 400
        answer) when a percent-escape is not UTF-8: a query is never read
        with a character replaced."""
        try:
            return parse_qs(text, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            self._error(HTTPStatus.BAD_REQUEST, "a percent-encoded parameter is not UTF-8 (such as %FF); percent-encode the query's UTF-8 bytes")
            return None

    def _read_body(self, length: int) -> bytes:
        """Up to ``length`` bytes of body: less when the client stops sending
        (its socket times out) or hangs up."""
        data = bytearray()
        while len(data) < length:
            try:
                chunk = self.rfile.read1(length - len(data))
            except (TimeoutError, OSError):
                break
            if not chunk:
                break
            data += chunk
        return bytes(data)

    def do_PUT(self) -> None:  # noqa: N802
        self.close_connection = True  # its body is not read
        if self._guard():
            self._error(HTTPStatus.METHOD_NOT_ALLOWED, "this endpoint is read-only", allow="GET, HEAD, POST, OPTIONS")

    do_DELETE = do_PATCH = do_PUT

    # -- the query ------------------------------------------------------------
    def _answer(self, params: dict[str, list[str]], *, head: bool) -> None:
        if "update" in params:
            self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates are refused")
            return
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._error(HTTPStatus.BAD_REQUEST, "give exactly one non-empty 'query' parameter")
            return
        server = self.server
        request = {
            "query": queries[0],
            "prefixes": server.prefixes,
            "default_graph": params.get("default-graph-uri"),
            "named_graphs": params.get("named-graph-uri"),
            "accept": self.headers.get("Accept"),
            "format": (params.get("format") or params.get("output") or [None])[0],
            "allow_service": server.allow_service,
            "own": server.own_addresses,
            "head": head,
        }
        if request["default_graph"] is None and request["named_graphs"] is not None:
            request["default_graph"] = []
        if request["named_graphs"] is None and request["default_graph"] is not None:
            request["named_graphs"] = []
        self._relay(request, head=head)

    def _relay(self, request: dict, *, head: bool) -> None:
        pool, limit = self.server.pool, self.server.query_timeout
        deadline = None if limit is None else time.monotonic() + limit
        try:
            worker = pool.acquire(limit)
        except WorkersBusy as exc:
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc), retry_after="1")
            return
        started = False
        try:
            worker.send(request)
            for kind, payload in worker.frames(deadline, self._client_gone, self.connection):
                if kind == b"X":
                    err = json.loads(payload)
                    self._error(HTTPStatus(err["status"]), err["message"])
                    break
                if kind == b"H":
                    self._start(json.loads(payload)["content_type"], head)
                    started = True
                elif kind == b"D":
                    self._chunk(payload)
                elif kind == b"E":
                    self._chunk(b"", last=True)
                    break
                elif kind == b"F":
                    log.warning("query failed after its results began: %s", json.loads(payload)["message"])
                    self.close_connection = True  # no final chunk: the client sees a cut-off response
                    break
            else:  # the client went away: cancel the query
                pool.discard(worker)
                worker = None
                self.close_connection = True
        except QueryTimeout:
            pool.discard(worker)
            worker = None
            if started:
                self.close_connection = True
            else:
                self._error(
                    HTTPStatus.SERVICE_UNAVAILABLE,
                    f"the query ran past the time limit of {limit:g} s and was cancelled; "
                    "narrow it (LIMIT, more specific patterns) or start kg serve with a longer --timeout",
                )
        except (OSError, WorkerDied) as exc:  # the client hung up, or the worker died
            if worker is not None:
                pool.discard(worker)
                worker = None
            self.close_connection = True
            if isinstance(exc, WorkerDied) and not started:
                self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
        finally:
            if worker is not None:
                pool.release(worker)

    def _client_gone(self) -> bool:
        try:
            data = self.connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except BlockingIOError:
            return False
        except OSError:
            return True
        return data == b""

    # -- plumbing -----------------------------------------------------------
    def _start(self, ctype: str, head: bool) -> None:
        self._chunked = self.request_version != "HTTP/1.0"
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self._common_headers()
        if self._chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.close_connection = True
        self.end_headers()
        self._head = head

    def _chunk(self, data: bytes, *, last: bool = False) -> None:
        if self._head:
            return
        if not self._chunked:
            if data:
                self.wfile.write(data)
            return
        if data:
            self.wfile.write(b"%X\r\n%s\r\n" % (len(data), data))
        if last:
            self.wfile.write(b"0\r\n\r\n")

    def _common_headers(self) -> None:
        self.send_header("Vary", "Accept, Origin")
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in self._cors_headers().items():
            self.send_header(k, v)

    def _send(self, status: HTTPStatus, data: bytes, ctype: str | None, **headers: str) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        if status != HTTPStatus.NO_CONTENT:
            self.send_header("Content-Length", str(len(data)))
        self._common_headers()
        for k, v in headers.items():
            self.send_header(k.replace("_", "-").title(), v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and data:
            self.wfile.write(data)

    def _text(self, status: HTTPStatus, text: str, **headers: str) -> None:
        self._send(status, text.encode("utf-8"), "text/plain; charset=utf-8", **headers)

    def _error(self, status: HTTPStatus, message: str, **headers: str) -> None:
        self._text(status, message + "\n", **headers)

    def _service_description(self) -> str:
        host = self.headers.get("Host")
        url = f"http://{host}{ENDPOINT_PATH}" if host else self.server.url
        return service_description(url, limit=self.server.query_timeout, allow_service=self.server.allow_service)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (signature of the base class)
        log.info("%s %s", self.address_string(), format % args)


_HELP = """diplomacy-kg SPARQL endpoint (read-only)

GET  {path}?query=SELECT...
POST {path}  (application/x-www-form-urlencoded: query=...; or application/sparql-query)
GET  {path}  (no query): the SPARQL service description (Turtle)

SELECT/ASK results: application/sparql-results+json (default), application/sparql-results+xml,
text/csv, text/tab-separated-values. CONSTRUCT/DESCRIBE: text/turtle (default), application/n-triples,
application/rdf+xml, application/ld+json.
The default graph is the merged graph (each fact once, however many articles state it);
GRAPH ?g reaches each article's own graph; FROM / FROM NAMED and default-graph-uri /
named-graph-uri choose another dataset.
The prefixes dkg:, schema:, sem:, skos:, prov:, dcterms:, org:, foaf:, id:, issue: are predeclared.
SERVICE (federation) is refused unless the endpoint was started with --allow-service.
"""


def make_server(
    store,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    **options,
) -> SparqlServer:
    """A server bound to ``host:port`` (port 0: a free port; see ``.url``)
    over ``store`` (a local store, or its directory). ``options``: timeout
    (seconds per query; None for none), workers, allow_service, cors
    (allowed origins, ``"*"`` for any), allow_hosts, socket_timeout. Run it
    with ``serve_forever()``; stop it with ``shutdown()`` and
    ``server_close()`` (which also ends the worker processes)."""
    location = store if isinstance(store, (str, Path)) else getattr(store, "location", None)
    if location is None or str(location).startswith(("http://", "https://")):
        raise KgError("kg serve serves a local store directory; a remote --store is already a SPARQL endpoint")
    if not (Path(location) / "CURRENT").exists():
        raise KgError(f"no store at {str(location)!r}; build one first with `kg build INPUT --store {location}`")
    return SparqlServer(str(location), host, port, **options)
