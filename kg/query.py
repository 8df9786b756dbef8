"""SPARQL queries: bundled named queries (kg/queries/*.rq) or a user's .rq
file, with parameters bound as RDF terms (never pasted into the query text).

A query declares its parameters in header lines (a user's .rq file may too)::

    #+ param person: person     a name looked up by schema:name/skos:altLabel, or an IRI
    #+ param a: country         an ISO code, a country name or an IRI
    #+ param meeting: iri       an IRI
    #+ param label: literal     a plain string
    #+ param n: integer         an xsd:integer
    #+ param day: date          an xsd:date (YYYY-MM-DD)
    #+ param country: country?  a trailing ``?`` makes the parameter optional

A value is bound through the engine's variable substitution (Oxigraph binds
the variable before evaluation), so quotes, braces or SPARQL keywords in it
are data and cannot change the query. Oxigraph binds only variables the
query selects: a parameter must appear in the SELECT clause (or SELECT *).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import QueryError
from .resources import queries_dir
from .store import SPARQL_PROLOGUE, Store

_PARAM = re.compile(r"^#\+\s*param\s+(\w+)\s*:\s*(\w+\??)", re.M)
_IRI = re.compile(r"^(?:https?|urn|file):[^\s<>\"{}|\\^`]*$")
KINDS = ("person", "country", "iri", "literal", "integer", "date")


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query and its declared parameters (name -> kind)."""

    name: str
    text: str
    params: dict[str, str]
    description: str
    optional: frozenset[str] = frozenset()


@dataclass
class QueryResult:
    """What a query returned: SELECT rows, an ASK answer or a graph."""

    type: str  # "SELECT", "ASK" or "CONSTRUCT" (also for DESCRIBE)
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)  # RDF terms, None when unbound
    boolean: bool | None = None
    graph: Graph | None = None


def _load(path: Path, name: str) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read query file {path}: {exc}; give a UTF-8 .rq file") from None
    return query_from_text(text, name, where=str(path))


#: Query text (not a name or a file): it starts, after comments, with a keyword.
_QUERY_TEXT = re.compile(r"^\s*(?:#[^\n]*\n\s*)*(?:PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)


def is_query_text(value: str) -> bool:
    """Whether ``value`` is SPARQL text rather than a query name or file.

    >>> is_query_text("SELECT * { ?s ?p ?o }"), is_query_text("who-met-whom"), is_query_text("# q\\nask {}")
    (True, False, True)
    """
    return bool(_QUERY_TEXT.match(value))


def query_from_text(text: str, name: str = "query", *, where: str | None = None) -> NamedQuery:
    """A query from its SPARQL text; ``#+ param`` header lines declare its
    parameters as in a .rq file."""
    where = where or name
    first = next((ln[1:].strip() for ln in text.splitlines() if ln.startswith("#") and not ln.startswith("#+")), "")
    params: dict[str, str] = {}
    optional = set()
    for pname, kind in _PARAM.findall(text):
        if kind.endswith("?"):
            optional.add(pname)
            kind = kind[:-1]
        if kind not in KINDS:
            raise QueryError(f"{where}: parameter {pname!r} has unknown kind {kind!r}; use one of {', '.join(KINDS)}")
        params[pname] = kind
    return NamedQuery(name, text, params, first, frozenset(optional))


def bundled_queries() -> dict[str, NamedQuery]:
    """The named queries that ship with the package, by name."""
    return {p.stem: _load(p, p.stem) for p in sorted(queries_dir().glob("*.rq"))}


def get_query(name_or_file: str) -> NamedQuery:
    """A bundled query by name, a .rq file by path, or SPARQL text (see
    :func:`is_query_text`)."""
    path = Path(name_or_file)
    if is_query_text(name_or_file) and not path.is_file():
        return query_from_text(name_or_file)
    if path.suffix == ".rq" or path.is_file():
        if not path.is_file():
            raise QueryError(f"query file {name_or_file!r} not found; give a path to a .rq file or a bundled query name")
        return _load(path, path.stem)
    queries = bundled_queries()
    if name_or_file not in queries:
        raise QueryError(
            f"unknown query {name_or_file!r}; bundled queries: {', '.join(queries)} "
            "(or pass a .rq file, query text with -e, or - to read it from standard input)"
        )
    return queries[name_or_file]


def parse_params(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["k=v", ...]`` -> dict, with a clear error for malformed pairs.

    >>> parse_params(["a=US", "person=Wang Yi"])
    {'a': 'US', 'person': 'Wang Yi'}
    """
    out: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise QueryError(f"--param {pair!r} must look like name=value")
        k, v = pair.split("=", 1)
        k = k.strip()
        if not re.fullmatch(r"[A-Za-z_]\w*", k):
            raise QueryError(f"--param name {k!r} is not a SPARQL variable name (letters, digits, _)")
        if k in out:
            raise QueryError(f"--param {k} is given twice; give each parameter once")
        out[k] = v
    return out


def _country_term(value: str) -> Node:
    from .rdf.iris import country_iri
    from .filters import find_country

    return URIRef(value) if _IRI.match(value) else country_iri(find_country(value))


def _person_term(store: Store, value: str) -> Node:
    from .filters import find_person

    return URIRef(find_person(store, value))


def _term(store: Store, name: str, kind: str | None, value: str) -> Node:
    if kind == "country":
        return _country_term(value)
    if kind == "person":
        return _person_term(store, value)
    if kind == "iri":
        if not _IRI.match(value):
            raise QueryError(f"--param {name} must be an IRI (https://...), got {value!r}")
        return URIRef(value)
    if kind == "literal":
        return Literal(value)
    if kind == "integer":
        try:
            return Literal(int(value), datatype=XSD.integer)
        except ValueError:
            raise QueryError(f"--param {name} must be an integer, got {value!r}") from None
    if kind == "date":
        try:
            return Literal(date.fromisoformat(value), datatype=XSD.date)
        except ValueError:
            raise QueryError(f"--param {name} must be a date YYYY-MM-DD, got {value!r}") from None
    # undeclared parameter of a user's query: an IRI if it looks like one
    return URIRef(value) if _IRI.match(value) else Literal(value)


def bind_params(store: Store, query: NamedQuery, params: dict[str, str]) -> dict[str, Node]:
    """Turn ``--param`` strings into RDF terms according to the query's
    declared parameter kinds. A query that declares parameters accepts only
    those and needs all that are not optional; a query that declares none
    takes any (an IRI if the value looks like one, else a plain literal)."""
    if query.params:
        unknown = [k for k in params if k not in query.params]
        if unknown:
            raise QueryError(
                f"query {query.name!r} has no parameter {unknown[0]!r}; it takes: {', '.join(query.params)}"
            )
        missing = [k for k in query.params if k not in params and k not in query.optional]
        if missing:
            hint = " ".join(f"--param {k}=..." for k in missing)
            raise QueryError(f"query {query.name!r} needs {hint} ({', '.join(f'{k}: {query.params[k]}' for k in missing)})")
    return {name: _term(store, name, query.params.get(name), value) for name, value in params.items()}


#: A parser's position report: "error at LINE:COLUMN: what it expected".
_AT = re.compile(r"(?:SPARQL syntax error: )?error at (\d+):(\d+): (.*?)(?:; check the query text)?$", re.S)
_TOKEN = re.compile(r'\[[^\]]*\]|"(?:[^"\\]|\\.)*"|[^,\s][^,]*')


def _expected(text: str) -> str:
    """The parser's list of what it expected, readable: character classes
    named, not listed as Unicode ranges.

    >>> _expected("expected one of HAVING, VALUES, ['0'..='9'], [_]")
    'expected one of HAVING, VALUES, a digit'
    >>> _expected("expected one of \\"$\\", ['A' ..= 'Z' | 'a' ..= 'z' | '\\\\u{00C0}'..='\\\\u{00D6}'], [_]")
    'expected one of "$", a letter'
    """
    m = re.match(r"expected (?:one of )?(.*)$", " ".join(text.split()), re.S)
    if not m:
        return " ".join(text.split())
    items = []
    for tok in _TOKEN.findall(m[1]):
        tok = tok.strip()
        if tok == "[_]":
            continue
        if tok.startswith("[") and "..=" in tok:
            tok = "a digit" if "'0'" in tok and "'A'" not in tok else "a letter" if "'A'" in tok else "a character"
        if tok not in items:
            items.append(tok)
    if not items:
        return "unexpected text"
    return ("expected one of " if len(items) > 1 else "expected ") + ", ".join(items)


def syntax_error(message: str, text: str, *, name: str, line_shift: int = 0) -> QueryError | None:
    """A parser error (``message``) about the query ``text`` as one readable
    line, then the query line it is on and a caret under the position. None
    when the message gives no position.

    >>> print(syntax_error("error at 1:29: expected one of HAVING, ['0'..='9']", "SELECT * { ?s ?p ?o } LIMIT x", name="q"))
    query 'q': SPARQL syntax error at line 1, column 29: expected one of HAVING, a digit
      SELECT * { ?s ?p ?o } LIMIT x
                                  ^
    """
    m = _AT.search(str(message))
    if not m:
        return None
    line, col = int(m[1]) - line_shift, int(m[2])
    lines = text.splitlines()
    head = f"query {name!r}: SPARQL syntax error at line {line}, column {col}: {_expected(m[3])}"
    if not 1 <= line <= len(lines) + 1:
        return QueryError(head)
    src = lines[line - 1] if line <= len(lines) else ""
    col = max(1, min(col, len(src) + 1))
    caret = "".join(ch if ch == "\t" else " " for ch in src[: col - 1]) + "^"
    return QueryError(f"{head}\n  {src}\n  {caret}")


def _prefixes() -> dict[str, str]:
    from .rdf.namespace import PREFIXES

    return {p: str(ns) for p, ns in PREFIXES.items()}


def _collect(result, name: str, location: str | None = None) -> QueryResult:
    """A QueryResult (rdflib terms) of a pyoxigraph result, read to the end."""
    from .sparql import result_form, to_rdflib

    form = result_form(result)
    try:
        if form == "ASK":
            return QueryResult("ASK", boolean=bool(result))
        if form == "CONSTRUCT":
            return _collect_triples(result)
        variables = [v.value for v in result.variables]
        rows = [tuple(to_rdflib(sol[v]) for v in variables) for sol in result]
    except (OSError, RuntimeError, ValueError) as exc:
        raise _store_fault(exc, location) or QueryError(f"query {name!r} failed while running: {exc}") from None
    return QueryResult("SELECT", variables, rows)


def _store_fault(exc: BaseException, location: str | None):
    """The store fault (a damaged store, ...) ``exc`` reports, or None."""
    from .store.faults import store_fault

    return store_fault(exc, location) if location is not None else None


def _in_worker(store: Store, sparql: str, bindings: dict[str, Node], *, name: str, allow_service: bool, timeout: float):
    """Run the query in a worker process that is killed at ``timeout``."""
    import time

    import pyoxigraph as ox

    from .output import nt_term
    from .workers import QueryTimeout, Worker

    worker = Worker(store.location)
    try:
        deadline = time.monotonic() + timeout
        worker.wait_ready()
        worker.send({
            "query": sparql, "prefixes": _prefixes(), "allow_service": allow_service,
            "accept": "application/sparql-results+json, application/n-triples",
            "substitutions": {k: nt_term(v) for k, v in bindings.items()},
        })
        body, form = bytearray(), "SELECT"
        for kind, payload in worker.frames(deadline):
            if kind == b"X":
                message = json.loads(payload)["message"]
                raise syntax_error(message, sparql, name=name) or QueryError(f"query {name!r}: {message}")
            if kind == b"F":
                raise QueryError(f"query {name!r}: {json.loads(payload)['message']}")
            if kind == b"H":
                form = json.loads(payload)["form"]
            elif kind == b"D":
                body += payload
    except QueryTimeout:
        raise QueryError(
            f"query {name!r} ran past the time limit of {timeout:g} s and was cancelled; "
            "narrow it (LIMIT, more specific patterns) or give a longer --timeout"
        ) from None
    finally:
        worker.kill()
    if form in ("CONSTRUCT", "DESCRIBE"):
        return _collect_triples(ox.parse(bytes(body), ox.RdfFormat.N_TRIPLES))
    return _collect(ox.parse_query_results(bytes(body), ox.QueryResultsFormat.JSON), name)


def _collect_triples(triples) -> QueryResult:
    from .sparql import to_rdflib

    g = Graph()
    for t in triples:
        g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return QueryResult("CONSTRUCT", graph=g)


def execute(
    store: Store,
    sparql: str,
    bindings: dict[str, Node] | None = None,
    *,
    name: str = "query",
    allow_service: bool = False,
    timeout: float | None = None,
) -> QueryResult:
    """Run SPARQL text (the project's prefixes are predeclared) and collect
    the result. The query's own FROM / FROM NAMED are honoured. A SERVICE
    clause is refused unless ``allow_service``. ``timeout`` (seconds; local
    stores) runs the query in a worker process that is killed at the limit.
    Updates are refused: queries never write."""
    from .sparql import ServiceRefused, check_service, run_oxigraph, to_oxigraph

    prefixes = _prefixes()
    try:
        info = check_service(sparql, allow_service=allow_service, prefixes=prefixes)
    except ServiceRefused as exc:
        raise ServiceRefused(f"query {name!r}: {exc}") from None
    except QueryError as exc:
        raise syntax_error(str(exc), sparql, name=name) or QueryError(f"{name}: {exc}") from None
    engine = store.oxigraph
    if engine is None:
        if timeout:
            raise QueryError("--timeout applies to a local store; a remote endpoint applies its own time limit")
        return _execute_remote(store, sparql, bindings, name=name)
    if timeout:
        return _in_worker(store, sparql, bindings or {}, name=name, allow_service=allow_service, timeout=timeout)
    try:
        result = run_oxigraph(
            engine, sparql, prefixes=prefixes, union=store.union_default, info=info,
            substitutions={k: to_oxigraph(v) for k, v in (bindings or {}).items()},
        )
    except QueryError as exc:
        raise syntax_error(str(exc), sparql, name=name) or QueryError(f"{name}: {exc}") from None
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        if "SELECT projection" in str(exc):
            raise QueryError(
                f"query {name!r}: a --param variable must be selected (SELECT * or SELECT ... ?{'/?'.join(bindings or {})}) "
                f"so that it can be bound: {exc}"
            ) from None
        raise _store_fault(exc, store.location) or QueryError(f"query {name!r} failed: {exc}") from None
    return _collect(result, name, store.location)


def _execute_remote(store: Store, sparql: str, bindings: dict[str, Node] | None, *, name: str) -> QueryResult:
    try:
        result = store.query(SPARQL_PROLOGUE + sparql, bindings or {})
    except QueryError as exc:
        # report positions in the user's text, not in the prologue + text
        shift = SPARQL_PROLOGUE.count("\n")
        described = syntax_error(str(exc), sparql, name=name, line_shift=shift)
        if described is not None:
            raise described from None
        msg = re.sub(r"at (\d+):(\d+)", lambda m: f"at line {max(1, int(m[1]) - shift)}, column {m[2]}", str(exc))
        raise QueryError(f"{name}: {msg}") from None
    except Exception as exc:  # the engines raise their own error types
        raise QueryError(f"query {name!r} failed: {exc}") from None
    if result.type == "SELECT":
        variables = [str(v) for v in result.vars]
        return QueryResult("SELECT", variables, [tuple(row) for row in result])
    if result.type == "ASK":
        return QueryResult("ASK", boolean=bool(result.askAnswer))
    return QueryResult("CONSTRUCT", graph=result.graph)


def run_query(
    store: Store,
    name_or_file: str,
    params: dict[str, str] | None = None,
    *,
    allow_service: bool = False,
    timeout: float | None = None,
) -> QueryResult:
    """Run a bundled query, a .rq file or SPARQL text (see :func:`get_query`)
    with ``params`` (name -> string) bound as RDF terms. See :func:`execute`
    for ``allow_service`` and ``timeout``."""
    return _run(store, get_query(name_or_file), params, allow_service=allow_service, timeout=timeout)


def run_sparql(
    store: Store,
    text: str,
    params: dict[str, str] | None = None,
    *,
    name: str = "query",
    allow_service: bool = False,
    timeout: float | None = None,
) -> QueryResult:
    """Run the SPARQL ``text`` (``#+ param`` header lines declare its
    parameters, as in a .rq file); otherwise as :func:`run_query`."""
    return _run(store, query_from_text(text, name), params, allow_service=allow_service, timeout=timeout)


def _run(store: Store, q: NamedQuery, params, *, allow_service: bool, timeout: float | None) -> QueryResult:
    bindings = bind_params(store, q, params or {})
    return execute(store, q.text, bindings, name=q.name, allow_service=allow_service, timeout=timeout)
