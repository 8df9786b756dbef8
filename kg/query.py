"""SPARQL queries: bundled named queries (kg/queries/*.rq) or a user's .rq
file, with parameters bound as RDF terms (never pasted into the query text).

A bundled query declares its parameters in header lines::

    #+ param person: person     (an IRI, or a name looked up by schema:name)
    #+ param a: country         (an IRI, an ISO code or a country name)
    #+ param meeting: iri       (an IRI)
    #+ param label: literal     (a plain string)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from .errors import QueryError
from .resources import queries_dir
from .store import SPARQL_PROLOGUE, Store

_PARAM = re.compile(r"^#\+\s*param\s+(\w+)\s*:\s*(\w+)", re.M)
_IRI = re.compile(r"^(?:https?|urn|file):[^\s<>\"{}|\\^`]*$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    params: dict[str, str]
    description: str


def _load(path: Path, name: str) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read query file {path}: {exc}") from None
    first = next((ln[1:].strip() for ln in text.splitlines() if ln.startswith("#") and not ln.startswith("#+")), "")
    return NamedQuery(name, text, dict(_PARAM.findall(text)), first)


def bundled_queries() -> dict[str, NamedQuery]:
    """The named queries that ship with the package."""
    return {p.stem: _load(p, p.stem) for p in sorted(queries_dir().glob("*.rq"))}


def get_query(name_or_file: str) -> NamedQuery:
    """A bundled query by name, or a .rq file by path."""
    path = Path(name_or_file)
    if path.suffix == ".rq" or path.exists():
        if not path.is_file():
            raise QueryError(f"query file {name_or_file!r} not found; give a path to a .rq file or a bundled query name")
        return _load(path, path.stem)
    queries = bundled_queries()
    if name_or_file not in queries:
        raise QueryError(
            f"unknown query {name_or_file!r}; bundled queries: {', '.join(queries)} (or pass a .rq file)"
        )
    return queries[name_or_file]


def parse_params(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["k=v", ...]`` -> dict, with a clear error for malformed pairs."""
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise QueryError(f"--param {pair!r} must look like name=value")
        k, v = pair.split("=", 1)
        k = k.strip()
        if not re.fullmatch(r"[A-Za-z_]\w*", k):
            raise QueryError(f"--param name {k!r} is not a SPARQL variable name (letters, digits, _)")
        out[k] = v
    return out


def _country_term(store: Store, value: str) -> Node:
    from .gazetteer import load_gazetteer
    from .rdf.iris import country_iri

    if _IRI.match(value):
        return URIRef(value)
    gaz = load_gazetteer()
    code = value.upper() if value.upper() in gaz.countries else gaz.country(value)
    if code is None:
        raise QueryError(f"unknown country {value!r}; use an ISO code (US, CN), a country name or an IRI")
    return country_iri(code)


def _person_term(store: Store, value: str) -> Node:
    if _IRI.match(value):
        return URIRef(value)
    rows = list(
        store.query(
            SPARQL_PROLOGUE + "SELECT DISTINCT ?p WHERE { { ?p schema:name ?n } UNION { ?p skos:altLabel ?n } FILTER (LCASE(STR(?n)) = LCASE(STR(?v))) }",
            {"v": Literal(value)},
        )
    )
    if not rows:
        raise QueryError(f"no person named {value!r} in the store; see `kg people` for names")
    return rows[0][0]


def bind_params(store: Store, query: NamedQuery, params: dict[str, str]) -> dict[str, Node]:
    """Turn ``--param`` strings into RDF terms according to the query's
    declared parameter kinds (undeclared parameters: IRI if it looks like
    one, else a plain literal)."""
    bindings: dict[str, Node] = {}
    for name, value in params.items():
        kind = query.params.get(name)
        if query.params and kind is None:
            raise QueryError(f"query {query.name!r} has no parameter {name!r}; it takes: {', '.join(query.params) or 'none'}")
        if kind == "country":
            bindings[name] = _country_term(store, value)
        elif kind == "person":
            bindings[name] = _person_term(store, value)
        elif kind == "iri":
            if not _IRI.match(value):
                raise QueryError(f"--param {name} must be an IRI (http://...), got {value!r}")
            bindings[name] = URIRef(value)
        elif kind == "literal":
            bindings[name] = Literal(value)
        else:
            bindings[name] = URIRef(value) if _IRI.match(value) else Literal(value)
    return bindings


def run_query(store: Store, name_or_file: str, params: dict[str, str] | None = None):
    """Run a named query or .rq file; returns ``(variables, rows)`` where rows
    are tuples of RDF terms (None for unbound)."""
    q = get_query(name_or_file)
    bindings = bind_params(store, q, params or {})
    text = SPARQL_PROLOGUE + q.text
    try:
        result = store.query(text, bindings)
    except QueryError:
        raise
    except Exception as exc:  # the engines raise their own error types
        raise QueryError(f"query {q.name!r} failed: {exc}") from None
    if result.type != "SELECT":
        raise QueryError(f"query {q.name!r} is a {result.type} query; `kg query` runs SELECT queries")
    variables = [str(v) for v in result.vars]
    return variables, [tuple(row) for row in result]
