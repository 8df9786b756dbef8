"""`kg serve`: the store as a read-only SPARQL 1.1 Protocol endpoint.

Standard library only (``http.server.ThreadingHTTPServer``): the endpoint
is a local convenience for SPARQL clients (YASGUI, SPARQLWrapper, curl), so
a web framework would add weight without adding anything it needs.

- ``GET /sparql?query=...`` and ``POST /sparql`` with a form body
  (``application/x-www-form-urlencoded``) or a raw query
  (``application/sparql-query``).
- Results by content negotiation (``Accept``), or a ``format`` parameter:
  SELECT/ASK as SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE
  as Turtle (default) or N-Triples.
- Read-only: updates are refused (403) and the store is opened read-only.
- Binds 127.0.0.1 unless told otherwise; request bodies are capped.
"""

from __future__ import annotations

import logging
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .errors import KgError, QueryError
from .output import MEDIA_TYPES, render_result
from .query import execute
from .store import Store

log = logging.getLogger("kg.serve")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
ENDPOINT_PATH = "/sparql"
#: Largest request body accepted (bytes).
MAX_BODY = 1_000_000

_RESULT_FORMATS = ("json", "xml", "csv", "tsv")
_GRAPH_FORMATS = ("turtle", "ntriples")
_ALIASES = {
    "application/json": "json",
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
}


def _accepted(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header, best first (stable for ties).

    >>> _accepted("text/csv;q=0.5, application/sparql-results+json")
    [('application/sparql-results+json', 1.0), ('text/csv', 0.5)]
    """
    items = []
    for i, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        items.append((fields[0].lower(), q, i))
    items.sort(key=lambda t: (-t[1], t[2]))
    return [(m, q) for m, q, _ in items if q > 0]


def negotiate(accept: str | None, result_type: str, override: str | None = None) -> str | None:
    """The output format for a result of ``result_type`` given an Accept
    header (or a ``format`` parameter); None when nothing acceptable."""
    offered = _GRAPH_FORMATS if result_type == "CONSTRUCT" else _RESULT_FORMATS
    if override:
        key = _ALIASES.get(override.lower(), override.lower())
        key = {"ttl": "turtle", "nt": "ntriples"}.get(key, key)
        return key if key in offered else None
    ranges = _accepted(accept)
    if not ranges:
        return offered[0]
    for media, _q in ranges:
        if media in {"*/*", "application/*", "text/*"}:
            if media == "text/*" and result_type != "CONSTRUCT":
                return "csv"
            return offered[0]
        key = _ALIASES.get(media)
        if key in offered:
            return key
    return None


class SparqlServer(ThreadingHTTPServer):
    """A threading HTTP server answering SPARQL queries over ``store``."""

    daemon_threads = True

    def __init__(self, store: Store, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT):
        self.store = store
        self.lock = threading.Lock()  # rdflib objects are not documented as thread-safe
        try:
            super().__init__((host, port), SparqlHandler)
        except OSError as exc:
            raise KgError(f"cannot listen on {host}:{port}: {exc.strerror}; choose another --port") from None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}{ENDPOINT_PATH}"


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "diplomacy-kg"
    protocol_version = "HTTP/1.1"

    # -- HTTP verbs ---------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        url = urlsplit(self.path)
        if url.path in ("/", "") and not url.query:
            self._send(HTTPStatus.OK, _HELP.format(path=ENDPOINT_PATH), "text/plain; charset=utf-8")
            return
        if url.path != ENDPOINT_PATH:
            self._error(HTTPStatus.NOT_FOUND, f"no such resource; the SPARQL endpoint is {ENDPOINT_PATH}")
            return
        self._answer(parse_qs(url.query, keep_blank_values=True))

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path != ENDPOINT_PATH:
            self._error(HTTPStatus.NOT_FOUND, f"no such resource; the SPARQL endpoint is {ENDPOINT_PATH}")
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            self._error(HTTPStatus.BAD_REQUEST, "bad Content-Length")
            return
        if length > MAX_BODY:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes")
            self.close_connection = True
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace") if length > 0 else ""
        params = parse_qs(url.query, keep_blank_values=True)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            for k, v in parse_qs(body, keep_blank_values=True).items():
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
        self._answer(params)

    def do_PUT(self) -> None:  # noqa: N802
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "this endpoint is read-only", allow="GET, POST")

    do_DELETE = do_PATCH = do_PUT

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    # -- the query ------------------------------------------------------------
    def _answer(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates are refused")
            return
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._error(HTTPStatus.BAD_REQUEST, "give exactly one 'query' parameter")
            return
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            self._error(
                HTTPStatus.BAD_REQUEST,
                "default-graph-uri/named-graph-uri are not supported; use FROM/GRAPH in the query "
                "(the default graph is the merged graph of all articles)",
            )
            return
        try:
            with self.server.lock:
                result = execute(self.server.store, queries[0], name="request")
        except QueryError as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
            return
        override = (params.get("format") or params.get("output") or [None])[0]
        fmt = negotiate(self.headers.get("Accept"), result.type, override)
        if fmt is None:
            offered = _GRAPH_FORMATS if result.type == "CONSTRUCT" else _RESULT_FORMATS
            self._error(
                HTTPStatus.NOT_ACCEPTABLE,
                "no acceptable format; this result is available as " + ", ".join(MEDIA_TYPES[f] for f in offered),
            )
            return
        self._send(HTTPStatus.OK, render_result(result, fmt), f"{MEDIA_TYPES[fmt]}; charset=utf-8")

    # -- plumbing -----------------------------------------------------------
    def _send(self, status: HTTPStatus, text: str, ctype: str, **headers: str) -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Vary", "Accept")
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in headers.items():
            self.send_header(k.replace("_", "-").title(), v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _error(self, status: HTTPStatus, message: str, **headers: str) -> None:
        self._send(status, message + "\n", "text/plain; charset=utf-8", **headers)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (signature of the base class)
        log.info("%s %s", self.address_string(), format % args)


_HELP = """diplomacy-kg SPARQL endpoint (read-only)

GET  {path}?query=SELECT...
POST {path}  (application/x-www-form-urlencoded: query=...; or application/sparql-query)

SELECT/ASK results: application/sparql-results+json (default), application/sparql-results+xml,
text/csv, text/tab-separated-values. CONSTRUCT/DESCRIBE: text/turtle (default), application/n-triples.
The default graph is the merged graph (each fact once, however many articles state it);
GRAPH ?g reaches each article's own graph.
The prefixes dkg:, schema:, sem:, skos:, prov:, dcterms:, org:, foaf:, id:, issue: are predeclared.
"""


def make_server(store: Store, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> SparqlServer:
    """A server bound to ``host:port`` (port 0: a free port; see ``.url``).
    Run it with ``serve_forever()``; stop it with ``shutdown()`` and
    ``server_close()``."""
    return SparqlServer(store, host, port)
