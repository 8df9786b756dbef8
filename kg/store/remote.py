"""A triple store behind SPARQL 1.1 HTTP endpoints: Oxigraph server, Apache
Jena Fuseki, GraphDB, Virtuoso or any other SPARQL 1.1 Query + Update service.

    >>> from kg.remote import RemoteStore                        # doctest: +SKIP
    >>> st = RemoteStore("http://127.0.0.1:7878")                # doctest: +SKIP

Endpoints. ``--store URL`` names the service; the query and update endpoints
are derived from it, unless given explicitly (keyword arguments, or the
environment variables ``KG_SPARQL_QUERY_URL`` and ``KG_SPARQL_UPDATE_URL``):

- a base URL (``http://host:7878``, Fuseki's ``http://host:3030/ds``) ->
  ``BASE/query`` and ``BASE/update`` (the Oxigraph and Fuseki conventions);
- a URL ending in ``/query`` -> the same URL with ``/update`` for updates;
- a URL ending in ``/sparql`` (Virtuoso) -> that one URL for both;
- GraphDB: ``KG_SPARQL_QUERY_URL=http://host:7200/repositories/R`` and
  ``KG_SPARQL_UPDATE_URL=http://host:7200/repositories/R/statements``.

User name and password in a URL (``http://user:pw@host/...``, in
``--store`` or in either variable) are sent as HTTP basic authentication to
that URL's host and port only (a query endpoint on another host named by
``KG_SPARQL_QUERY_URL`` does not get the credentials of ``--store``), and
never appear in a message: URLs are shown with ``***`` in their place.

A server that stops answering is tried again a few times (after 0.5, 1, 2
and 4 s: requests replace graphs, so sending one twice is harmless); then
:class:`~kg.errors.StoreUnwritable` says it is gone and a build stops there.

Writes. One article is one named graph, written with one SPARQL Update
request (``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { ... } }``), so
a build sends one request per article, never one per triple.

Reads. Queries run against the server's default graph, which the same
update requests keep as the merged graph (each fact once, see
:mod:`kg.store`), so no union-default-graph setting is needed on any server;
``GRAPH ?g`` reaches the article graphs. (With a server whose default graph
is itself the union of all graphs, such as Fuseki with ``unionDefaultGraph``,
results are the same, only slower.) Query bindings are bound as RDF terms
with a ``VALUES`` block at the top of the WHERE clause, never pasted into the
query text as strings.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import socket
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node

from ..errors import KgError, QueryError, StoreError, StoreUnwritable
from ..index import ResolutionIndex
from .base import from_ox, ntriples, replace_update, retract_update, term_text
from .faults import store_fault

QUERY_URL_ENV = "KG_SPARQL_QUERY_URL"
UPDATE_URL_ENV = "KG_SPARQL_UPDATE_URL"
#: Path of the resolution index of a remote store (default: the user cache directory).
INDEX_ENV = "KG_INDEX"
#: Seconds to wait for the server on one request.
DEFAULT_TIMEOUT = 300.0

_RESULTS_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"


def endpoints(url: str, *, query_url: str | None = None, update_url: str | None = None) -> tuple[str, str]:
    """The (query, update) endpoint URLs for a store URL.

    >>> endpoints("http://127.0.0.1:7878")
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update')
    >>> endpoints("http://localhost:3030/ds/query")
    ('http://localhost:3030/ds/query', 'http://localhost:3030/ds/update')
    >>> endpoints("http://localhost:8890/sparql")
    ('http://localhost:8890/sparql', 'http://localhost:8890/sparql')
    """
    base = url.rstrip("/")
    if base.endswith("/query"):
        q, u = base, base[: -len("/query")] + "/update"
    elif base.endswith("/sparql"):
        q = u = base
    else:
        q, u = base + "/query", base + "/update"
    return (query_url or os.environ.get(QUERY_URL_ENV) or q, update_url or os.environ.get(UPDATE_URL_ENV) or u)


def redact(url: str) -> str:
    """``url`` with its user name and password (if any) replaced by ``***``,
    for messages; everything up to the last ``@`` before the path's query
    part goes, so that a password holding ``/`` or ``@`` goes too.

    >>> redact("http://bob:s3cr/t@db.example.org:7878/query?x=1")
    'http://***@db.example.org:7878/query?x=1'
    >>> redact("http://127.0.0.1:7878")
    'http://127.0.0.1:7878'
    """
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*://)([^?#]*)@", url)
    return url if m is None else m.group(1) + "***@" + url[m.end():]


def _split_url(url: str, what: str):
    """``(parts without credentials, "user:password" or None)`` of an http(s)
    URL, checked: a clear StoreError (never showing the credentials) for a
    URL that is not one."""
    shown = redact(url)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise StoreError(
            f"{shown!r} ({what}) is not a valid URL: check the host and the port (a number from 1 to 65535)"
        ) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"{shown!r} ({what}) is not an http(s) URL; pass --store http://HOST:PORT/... or a local directory")
    if parts.port == 0:
        raise StoreError(f"{shown!r} ({what}) is not a valid URL: port 0 cannot be connected to")
    creds = None
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        from urllib.parse import unquote

        creds = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}"
        host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        parts = parts._replace(netloc=host + (f":{parts.port}" if parts.port else ""))
    return parts, creds


def _origin(parts) -> tuple[str, str, int]:
    return (parts.scheme, (parts.hostname or "").lower(), parts.port or (443 if parts.scheme == "https" else 80))


#: Seconds to wait before each new try of a request the server did not answer.
RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0)


# -- binding RDF terms into query text ------------------------------------------------

_IRI_OK = re.compile(r'^[^<>"{}|^`\\\x00-\x20]*$')
_LANG_OK = re.compile(r"^[A-Za-z]+(-[A-Za-z0-9]+)*$")


def sparql_term(term: Node) -> str:
    """The SPARQL/N-Triples text of an RDF term, checked so that it cannot
    break out of its place in a query.

    >>> sparql_term(URIRef("http://example.org/a")), sparql_term(Literal('say "hi"\\n'))
    ('<http://example.org/a>', '"say \\\\"hi\\\\"\\\\n"')
    """
    if isinstance(term, URIRef):
        if not _IRI_OK.match(str(term)):
            raise QueryError(f"{str(term)!r} is not a valid IRI; percent-encode spaces and <>\"{{}}|^`\\ in it")
        return f"<{term}>"
    if isinstance(term, Literal):
        if term.language and not _LANG_OK.match(term.language):
            raise QueryError(f"cannot bind literal {str(term)!r}: {term.language!r} is not a language tag")
        if term.datatype is not None and not _IRI_OK.match(str(term.datatype)):
            raise QueryError(f"cannot bind literal {str(term)!r}: its datatype is not a valid IRI")
        return term_text(term)
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be bound as a query parameter; use an IRI or a literal")
    raise QueryError(f"cannot bind {term!r}: only IRIs and literals can be bound")


def _skip_string(q: str, i: int) -> int:
    quote = q[i]
    if q.startswith(quote * 3, i):
        end = q.find(quote * 3, i + 3)
        while end != -1 and _escaped(q, end):
            end = q.find(quote * 3, end + 1)
        return len(q) if end == -1 else end + 3
    j = i + 1
    while j < len(q) and q[j] != quote:
        j += 2 if q[j] == "\\" else 1
    return j + 1


def _escaped(q: str, i: int) -> bool:
    n = 0
    while i - n - 1 >= 0 and q[i - n - 1] == "\\":
        n += 1
    return n % 2 == 1


_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")


def where_brace(query: str) -> int:
    """Index of the ``{`` that opens the query's top-level WHERE clause
    (skipping comments, strings, IRIs and a CONSTRUCT template).

    >>> q = 'SELECT ?x WHERE { ?x ?p "{" }'
    >>> q[where_brace(q):]
    '{ ?x ?p "{" }'
    >>> q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    >>> where_brace(q)
    29
    """
    i, n, depth = 0, len(query), 0
    previous = ""
    first: int | None = None
    form = ""
    while i < n:
        c = query[i]
        if c == "#":
            nl = query.find("\n", i)
            i = n if nl == -1 else nl + 1
        elif c in "\"'":
            i, previous = _skip_string(query, i), ""
        elif c == "<" and (m := _IRIREF.match(query, i)):
            i, previous = m.end(), ""
        elif c in "?$":
            m = _WORD.match(query, i + 1)
            i, previous = (m.end() if m else i + 1), ""
        elif c == "{":
            if depth == 0:
                if previous == "WHERE":
                    return i
                if first is None and form in ("SELECT", "ASK", "DESCRIBE"):
                    first = i
            depth += 1
            i, previous = i + 1, ""
        elif c == "}":
            depth -= 1
            i, previous = i + 1, ""
        elif c.isalpha() or c == "_":
            m = _WORD.match(query, i)
            word = m.group(0).upper()
            if depth == 0 and not form and word in ("SELECT", "ASK", "DESCRIBE", "CONSTRUCT"):
                form = word
            i, previous = m.end(), word
        elif c.isspace():
            i += 1
        else:
            i, previous = i + 1, ""
    if first is not None:
        return first
    raise QueryError("query parameters need a query with a WHERE clause")


def bind_values(query: str, bindings: Mapping[str, Node] | None) -> str:
    """``query`` with ``bindings`` bound as RDF terms by a VALUES block at
    the start of its WHERE clause.

    >>> bind_values("SELECT ?n WHERE { ?p <http://schema.org/name> ?n }", {"p": URIRef("http://x.org/p")})
    'SELECT ?n WHERE { VALUES (?p) { (<http://x.org/p>) }\\n ?p <http://schema.org/name> ?n }'
    """
    if not bindings:
        return query
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
    at = where_brace(query) + 1
    values = " ".join(sparql_term(bindings[v]) for v in names)
    block = f" VALUES ({' '.join('?' + v for v in names)}) {{ ({values}) }}\n"
    return query[:at] + block + query[at:]


# -- results ----------------------------------------------------------------------------


def _to_result(body: bytes, content_type: str) -> Result:
    import pyoxigraph as ox

    ctype = content_type.split(";")[0].strip().lower()
    if ctype in ("application/sparql-results+json", "application/json"):
        parsed = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    elif ctype in ("application/sparql-results+xml", "application/xml"):
        parsed = ox.parse_query_results(body, ox.QueryResultsFormat.XML)
    elif ctype in ("text/tab-separated-values",):
        parsed = ox.parse_query_results(body, ox.QueryResultsFormat.TSV)
    else:
        fmt = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE,
               "application/rdf+xml": ox.RdfFormat.RDF_XML}.get(ctype)
        if fmt is None:
            raise StoreError(f"the SPARQL endpoint answered with {ctype or 'no content type'}, not SPARQL results; check the --store URL")
        out = Result("CONSTRUCT")
        out.graph = Graph()
        out.graph += (from_ox(t) for t in ox.parse(body, fmt))
        return out
    if isinstance(parsed, ox.QueryBoolean):
        out = Result("ASK")
        out.askAnswer = bool(parsed)
        return out
    out = Result("SELECT")
    out.vars = [Variable(v.value) for v in parsed.variables]
    out.bindings = [{v: from_ox(val) for v, val in zip(out.vars, solution) if val is not None} for solution in parsed]
    return out


# -- the store ------------------------------------------------------------------------------


class RemoteStore:
    """A store behind SPARQL 1.1 Query and Update endpoints (see the module
    docstring for URLs). Same interface as :class:`kg.store.LocalStore`."""

    batch_writes = False
    #: A remote store is never upgraded by kg.
    upgraded_from = None
    #: No local engine: every read goes through the query endpoint.
    oxigraph = None
    #: Others may write the server's graphs too: what a write changed is not counted.
    counts_writes = False

    def take_changes(self) -> None:
        """Not counted here (see :meth:`kg.store.LocalStore.take_changes`)."""
        return None

    def __init__(
        self,
        url: str,
        *,
        query_url: str | None = None,
        update_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        union_default: bool | None = None,
        retry_delays: Iterable[float] | None = None,
    ):
        parts, creds = _split_url(url, "--store")
        #: Basic-authentication header per (scheme, host, port): credentials
        #: go only to the host they were given for.
        self._auth: dict[tuple[str, str, int], str] = {}
        if creds is not None:
            self._auth[_origin(parts)] = "Basic " + base64.b64encode(creds.encode()).decode("ascii")
        url = urlunsplit(parts)
        self.location = url
        urls = []
        for which, explicit, given in zip(
            (QUERY_URL_ENV, UPDATE_URL_ENV), (query_url, update_url),
            endpoints(url, query_url=query_url, update_url=update_url),
        ):
            p, c = _split_url(given, which if (explicit or os.environ.get(which)) else "--store")
            if c is not None:
                self._auth[_origin(p)] = "Basic " + base64.b64encode(c.encode()).decode("ascii")
            urls.append(urlunsplit(p))
        self.query_url, self.update_url = urls
        #: Seconds to wait before each new try of a request (default :data:`RETRY_DELAYS`).
        self.retry_delays = tuple(RETRY_DELAYS if retry_delays is None else retry_delays)
        self.timeout = timeout
        self._conns: dict[tuple[str, str, int | None], http.client.HTTPConnection] = {}
        self.requests = 0  # HTTP requests sent
        self.updates = 0  # update requests sent (a build sends one per article)
        self.server = ""  # the server's Server header
        self._updating = False
        self._probe_endpoint()
        #: Virtuoso has no writable default graph: its default graph is the
        #: union of all graphs, so no merged graph is kept there (queries
        #: read the union) and reads of the article graphs skip its own.
        self.union_default = union_default if union_default is not None else self.server.startswith("Virtuoso")

    # -- HTTP ------------------------------------------------------------------------------
    def _connection(self, url: str, *, fresh: bool = False) -> tuple[http.client.HTTPConnection, str]:
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "", parts.port)
        conn = None if fresh else self._conns.get(key)
        if conn is None:
            cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
            conn = cls(parts.hostname, parts.port, timeout=self.timeout)
            if not fresh:
                self._conns[key] = conn
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        return conn, path

    def _request(
        self, url: str, body: bytes, content_type: str, accept: str | None = None, *, stream: bool = False, retry: bool = True
    ):
        """POST ``body`` to ``url``. A server that does not answer (or answers
        502/503/504) is tried again after each of :attr:`retry_delays`
        (``retry``), then reported gone (:class:`~kg.errors.StoreUnwritable`)."""
        headers = {"Content-Type": content_type}
        if accept:
            headers["Accept"] = accept
        auth = self._auth.get(_origin(urlsplit(url)))
        if auth:
            headers["Authorization"] = auth
        delays = list(self.retry_delays) if retry and not stream else []
        tries = 0
        reconnect = not stream  # once at once: a kept-alive connection the server had closed
        while True:
            conn, path = self._connection(url, fresh=stream)
            tries += 1
            try:
                self.requests += 1
                conn.request("POST", path, body=body, headers=headers)
                resp = conn.getresponse()
            except socket.timeout as exc:  # the server may still be working on it: not sent again
                conn.close()
                raise self._unreachable(url, exc) from None
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                conn.close()
                if reconnect:
                    reconnect = False
                    tries -= 1
                    continue
                failure: Exception | str = exc
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                failure = exc
            else:
                if resp.status in (502, 503, 504):
                    resp.read()
                    conn.close()
                    failure = f"HTTP {resp.status} {resp.reason}"
                elif resp.status >= 400:
                    text = resp.read().decode("utf-8", "replace").strip()
                    if stream:
                        conn.close()
                    raise self._http_error(url, resp.status, resp.reason, text)
                else:
                    self.server = resp.getheader("Server", "") or self.server
                    if stream:
                        return resp, conn
                    return resp.read(), resp.getheader("Content-Type", "")
            if delays:
                time.sleep(delays.pop(0))
                continue
            if tries > 1:
                raise self._gone(url, failure, tries) from None
            raise self._unreachable(url, failure) from None

    @staticmethod
    def _reason(exc: Exception | str) -> str:
        if isinstance(exc, str):
            return exc
        return exc.strerror if isinstance(exc, OSError) and exc.strerror else (str(exc) or exc.__class__.__name__)

    def _unreachable(self, url: str, exc: Exception | str) -> StoreError:
        reason = f"no answer within {self.timeout:.0f} s" if isinstance(exc, socket.timeout) else self._reason(exc)
        return StoreError(
            f"cannot reach the SPARQL endpoint {url} ({reason}); start the server, "
            "or check the --store URL (see `kg build --help`)"
        )

    def _gone(self, url: str, exc: Exception | str, tries: int) -> StoreUnwritable:
        waited = sum(self.retry_delays)
        return StoreUnwritable(
            f"the SPARQL endpoint {url} stopped answering ({self._reason(exc)}; {tries} tries over {waited:.1f} s); "
            "start the server again, then run the same command: what it stored is kept"
        )

    def _http_error(self, url: str, status: int, reason: str, text: str) -> KgError:
        short = " ".join(text[:500].split())
        writing = url == self.update_url and url != self.query_url
        if status in (401, 403):
            cls = StoreUnwritable if writing else StoreError
            return cls(f"{url} refused access (HTTP {status}); put credentials in the URL (http://user:password@host/...)")
        if status == 404:
            cls = StoreUnwritable if writing else StoreError
            return cls(
                f"{url} does not exist (HTTP 404); give the store's base URL, or set "
                f"{QUERY_URL_ENV} and {UPDATE_URL_ENV} to its query and update endpoints"
            )
        if status == 400 and url == self.query_url and not self._updating:
            return QueryError(f"the SPARQL endpoint rejected the query: {short}")
        if status == 507:  # Insufficient Storage
            return StoreUnwritable(f"{url} answered HTTP 507 {reason}: the server's disk is full ({short[:200]}); free space on it, then run again")
        fault = store_fault(RuntimeError(short), url) if status >= 500 else None
        if fault is not None:  # the server's own store is full, damaged, ...
            return fault
        return StoreError(f"{url} answered HTTP {status} {reason}: {short}")

    def _query_raw(self, sparql: str, accept: str, extra: list[tuple[str, str]] | None = None, *, retry: bool = True):
        body = urlencode([("query", sparql), *(extra or [])]).encode("utf-8")
        return self._request(self.query_url, body, "application/x-www-form-urlencoded", accept, retry=retry)

    def _update(self, sparql: str) -> None:
        self.updates += 1
        self._updating = True
        try:
            self._request(self.update_url, sparql.encode("utf-8"), "application/sparql-update")
        finally:
            self._updating = False

    def _probe_endpoint(self) -> None:
        body, ctype = self._query_raw("ASK {}", _RESULTS_JSON, retry=False)
        try:
            json.loads(body)
        except ValueError:
            raise StoreError(
                f"{self.query_url} answered, but not with SPARQL results ({ctype or 'no content type'}); "
                f"check the --store URL or set {QUERY_URL_ENV}"
            ) from None

    # -- writing ---------------------------------------------------------------------------------
    def replace_graph(self, graph: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> int:
        """Replace named graph ``graph`` with ``triples`` in one update request;
        returns the number of triples written."""
        sparql_term(graph)  # refuses an IRI that could break out of the update
        lines = ntriples(triples)
        if self.union_default:
            g = graph.n3()
            self._update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{lines}}} }}")
        else:
            self._update(replace_update(graph, lines))
        return lines.count("\n")

    def replace_graphs(self, items: list[tuple[URIRef, Iterable[tuple[Node, Node, Node]]]]) -> int:
        """Replace several article graphs, one update request each."""
        return sum(self.replace_graph(g, t) for g, t in items)

    def resolution_index(self) -> ResolutionIndex:
        """The resolution index of this endpoint: a SQLite file at
        ``$KG_INDEX`` or in the user cache directory, one per store URL. A
        server that holds no article graph starts a fresh index."""
        path = os.environ.get(INDEX_ENV)
        if path is None:
            import hashlib

            cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "diplomacy-kg"
            try:
                cache.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create {cache} for the resolution index ({exc.strerror}); set {INDEX_ENV} to a file path") from None
            path = cache / f"index-{hashlib.sha1(self.update_url.encode()).hexdigest()[:16]}.sqlite3"
        index = ResolutionIndex(path)
        body, _ = self._query_raw("ASK { GRAPH ?g { ?s ?p ?o } }", _RESULTS_JSON)
        if not json.loads(body).get("boolean") and index.article_count():
            index.reset()
        return index

    def drop_graph(self, graph: URIRef) -> None:
        """Remove an article graph and the facts only it stated (one request)."""
        sparql_term(graph)
        self._update(f"DROP SILENT GRAPH {graph.n3()}" if self.union_default else retract_update(graph))

    def flush(self) -> None:
        """Nothing to do: every update request is committed by the server."""

    # -- reading ---------------------------------------------------------------------------------
    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        """Run a SPARQL query over the merged graph (``GRAPH ?g`` reaches the
        article graphs); ``bindings`` are bound as RDF terms (see
        :func:`bind_values`)."""
        text = bind_values(sparql, bindings)
        accept = f"{_RESULTS_JSON}, {_NTRIPLES};q=0.9"
        body, ctype = self._query_raw(text, accept)
        try:
            return _to_result(body, ctype)
        except SyntaxError as exc:
            raise StoreError(f"cannot read the answer of {self.query_url}: {exc}") from None

    @property
    def _ours(self) -> str:
        """A filter keeping the article graphs apart from a server's own graphs."""
        if not self.union_default:
            return ""
        from ..rdf.iris import article_graph_iri

        return f' FILTER(STRSTARTS(STR(?g), "{article_graph_iri("")}"))'

    def graphs(self) -> list[URIRef]:
        q = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }}{self._ours} }}" if self.union_default else "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
        body, _ = self._query_raw(q, _RESULTS_JSON)
        return sorted(URIRef(b["g"]["value"]) for b in json.loads(body)["results"]["bindings"])

    def _stream_solutions(self, sparql: str) -> Iterator:
        import pyoxigraph as ox

        # Virtuoso's TSV header names variables without the "?"
        accept, fmt = ((_RESULTS_JSON, ox.QueryResultsFormat.JSON) if self.union_default
                       else ("text/tab-separated-values", ox.QueryResultsFormat.TSV))
        resp, conn = self._request(
            self.query_url, urlencode({"query": sparql}).encode("utf-8"),
            "application/x-www-form-urlencoded", accept, stream=True,
        )
        try:
            yield from ox.parse_query_results(resp, fmt)
        finally:
            conn.close()

    def quads(self) -> Iterator:
        """All quads of the article graphs, as pyoxigraph Quads, streamed."""
        import pyoxigraph as ox

        for s in self._stream_solutions(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }}{self._ours} }}"):
            yield ox.Quad(s["s"], s["p"], s["o"], s["g"])

    def union_triples(self) -> Iterator:
        """The triples of the merged graph, each once (pyoxigraph Triples)."""
        import pyoxigraph as ox

        q = (f"SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }}{self._ours} }}" if self.union_default
             else "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }")
        for s in self._stream_solutions(q):
            yield ox.Triple(s["s"], s["p"], s["o"])

    def dataset(self) -> Dataset:
        """An in-memory copy of the store as an rdflib Dataset (for small stores)."""
    
        ds = Dataset()
        for q in self.quads():
            ds.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), from_ox(q.graph_name)))
        for t in self.union_triples():
            ds.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return ds

    def __len__(self) -> int:
        body, _ = self._query_raw(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }}{self._ours} }}", _RESULTS_JSON)
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    def close(self) -> None:
        for conn in self._conns.values():
            conn.close()
        self._conns.clear()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"RemoteStore({self.location!r})"
