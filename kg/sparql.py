"""What a SPARQL query asks for, decided by parsing it, and how it runs on
the embedded Oxigraph engine. Shared by `kg query` and `kg serve`.

- :func:`inspect_query` parses a query (rdflib's SPARQL 1.1 parser) and
  reports its form, whether it names its own dataset (FROM / FROM NAMED) and
  the SERVICE clauses it contains.
- :func:`check_service` refuses SERVICE unless federation was asked for,
  and always refuses a SERVICE call back to the endpoint itself.
- :func:`run_oxigraph` runs a query on a ``pyoxigraph.Store`` with the
  project's prefixes predeclared, honouring the query's own dataset.

Nothing here imports rdflib at module level: the query worker processes of
`kg serve` start with pyoxigraph only and parse with rdflib only when a
query can contain SERVICE (or FROM, on a store read as a union).
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import QueryError

#: Query forms, as ``inspect_query`` reports them.
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PARSE_LOCK = threading.Lock()  # pyparsing's grammar objects are shared


class ServiceRefused(QueryError):
    """A query contains SERVICE and federation is not allowed (or the
    SERVICE names the endpoint itself)."""


@dataclass(frozen=True)
class QueryInfo:
    """What parsing a query told: its form, whether it has a FROM / FROM
    NAMED clause, and the endpoints of its SERVICE clauses (an IRI string,
    or ``"?var"`` for a variable endpoint)."""

    form: str
    has_dataset: bool
    services: tuple[str, ...] = ()


def expand_escapes(text: str) -> str:
    r"""SPARQL allows ``\uXXXX`` / ``\UXXXXXXXX`` escapes anywhere in a query,
    keywords included; the engines expand them before parsing, so must we.

    >>> expand_escapes(r"\u0053ERVICE")
    'SERVICE'
    """
    return _ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), text)


def might_contain(text: str, word: str) -> bool:
    """False when ``word`` (a keyword) cannot occur in the query at all: a
    cheap test that spares the full parse for most queries.

    >>> might_contain('SELECT * { ?s ?p "x" }', "service")
    False
    >>> might_contain(r"SELECT * { \u0073ervice <x:y> {} }", "service")
    True
    """
    return word.lower() in expand_escapes(text).lower()


def _walk(node, found: dict) -> None:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            found["services"].append(node.get("term"))
        elif node.name == "DatasetClause":
            found["dataset"] = True
        elif node.name.endswith("Query") and node.name[:-5].upper() in FORMS and "form" not in found:
            found["form"] = node.name[:-5].upper()
        for value in node.values():
            _walk(value, found)
    elif isinstance(node, (list, tuple)) or hasattr(node, "asList"):
        for value in node:
            _walk(value, found)


def inspect_query(text: str, prefixes: Mapping[str, str] | None = None) -> QueryInfo:
    """Parse ``text`` and report its form, dataset clause and SERVICE
    endpoints. Prefixed SERVICE IRIs are resolved with the query's own
    PREFIX declarations, then ``prefixes``.

    >>> inspect_query('SELECT * WHERE { ?s ?p "SERVICE <http://x/> {}" }')
    QueryInfo(form='SELECT', has_dataset=False, services=())
    >>> inspect_query("ASK FROM <urn:g> { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }")
    QueryInfo(form='ASK', has_dataset=True, services=('http://127.0.0.1:9/x',))
    """
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef, Variable

    try:
        with _PARSE_LOCK:
            tree = parseQuery(text)
    except Exception as exc:  # pyparsing's ParseException and friends
        raise QueryError(f"SPARQL syntax error: {exc}; check the query text") from None
    found: dict = {"services": [], "dataset": False}
    _walk(tree, found)
    declared = dict(prefixes or {})
    for decl in tree[0] if len(tree) else []:
        if isinstance(decl, CompValue) and decl.name == "PrefixDecl":
            declared[decl.get("prefix") or ""] = str(decl.get("iri"))
    services = []
    for term in found["services"]:
        if isinstance(term, Variable):
            services.append(f"?{term}")
        elif isinstance(term, URIRef):
            services.append(str(term))
        elif isinstance(term, CompValue) and term.name == "pname":
            ns = declared.get(term.get("prefix") or "")
            services.append((ns or "") + (term.get("localname") or ""))
        else:
            services.append(str(term))
    return QueryInfo(found.get("form", "SELECT"), bool(found["dataset"]), tuple(services))


# -- SERVICE -----------------------------------------------------------------


def _addresses(host: str) -> set[str]:
    try:
        return {ai[4][0] for ai in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return set()


def _is_self(iri: str, own: Iterable[tuple[str, int]]) -> bool:
    """Whether ``iri`` points at one of the ``own`` (host, port) addresses
    (loopback, the bound address, or this machine's names)."""
    try:
        url = urlsplit(iri)
        port = url.port or (443 if url.scheme == "https" else 80)
    except ValueError:
        return False
    if not url.hostname:
        return False
    targets = _addresses(url.hostname)
    for host, own_port in own:
        if port != own_port:
            continue
        mine = _addresses(host) | _addresses(socket.gethostname())
        for addr in targets:
            ip = ipaddress.ip_address(addr.split("%")[0])
            if ip.is_loopback or ip.is_unspecified or addr in mine or host in ("0.0.0.0", "::"):
                return True
    return False


def check_service(
    text: str,
    *,
    allow_service: bool = False,
    own: Iterable[tuple[str, int]] = (),
    prefixes: Mapping[str, str] | None = None,
    flag: str = "--allow-service",
) -> QueryInfo | None:
    """Refuse a query with a SERVICE clause unless ``allow_service``; with
    it, still refuse a variable endpoint (``SERVICE ?u``) and an endpoint
    at one of the ``own`` (host, port) addresses. Returns the parse when
    one was needed (None when the query cannot contain SERVICE)."""
    if not might_contain(text, "service"):
        return None
    info = inspect_query(text, prefixes)
    if not info.services:
        return info
    where = ", ".join(info.services)
    if not allow_service:
        raise ServiceRefused(
            f"the query has a SERVICE clause (SERVICE {where}): federated queries are refused, "
            f"so that a query cannot make this machine send requests; remove the SERVICE clause, "
            f"or pass {flag} to allow federation"
        )
    for target in info.services:
        if target.startswith("?"):
            raise ServiceRefused(
                f"SERVICE {target}: a variable SERVICE endpoint is refused even with {flag}; name the endpoint's IRI"
            )
        if _is_self(target, own):
            raise ServiceRefused(f"SERVICE <{target}> names this endpoint itself; query its data directly instead")
    return info


# -- running a query on pyoxigraph ------------------------------------------------


def graph_names(values: Iterable[str] | None, what: str):
    """pyoxigraph NamedNodes of graph IRIs given by a user (None stays None)."""
    if values is None:
        return None
    import pyoxigraph as ox

    out = []
    for v in values:
        try:
            out.append(ox.NamedNode(v))
        except ValueError:
            raise QueryError(f"{what} {v!r} is not an IRI; give absolute graph IRIs (https://..., urn:...)") from None
    return out


def reads_union(store) -> bool:
    """Whether a store must be read as the union of its named graphs: stores
    written before the merged default graph existed have none."""
    import pyoxigraph as ox

    has_default = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None
    return not has_default and next(iter(store.named_graphs()), None) is not None


def run_oxigraph(
    store,
    text: str,
    *,
    prefixes: Mapping[str, str] | None = None,
    default_graph: list[str] | None = None,
    named_graphs: list[str] | None = None,
    substitutions: Mapping | None = None,
    union: bool = False,
    info: QueryInfo | None = None,
):
    """Run ``text`` on the pyoxigraph ``store``. The dataset is the one the
    request names (``default_graph``/``named_graphs``, as the SPARQL
    Protocol's default-graph-uri/named-graph-uri), else the query's own
    FROM / FROM NAMED, else the store's default graph (the union of the
    named graphs when ``union``). Raises QueryError for syntax errors."""
    kwargs: dict = {}
    if prefixes:
        kwargs["prefixes"] = dict(prefixes)
    if default_graph is not None or named_graphs is not None:
        kwargs["default_graph"] = graph_names(default_graph or [], "default-graph-uri")
        kwargs["named_graphs"] = graph_names(named_graphs or [], "named-graph-uri")
    elif union:
        if info is None and might_contain(text, "from"):
            info = inspect_query(text, prefixes)
        if info is None or not info.has_dataset:
            kwargs["use_default_graph_as_union"] = True
    if substitutions:
        import pyoxigraph as ox

        kwargs["substitutions"] = {ox.Variable(k): v for k, v in substitutions.items()}
    try:
        return store.query(text, **kwargs)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None


def term_from_nt(text: str):
    """A pyoxigraph term from its N-Triples text (query parameters sent to
    a worker process)."""
    import pyoxigraph as ox

    try:
        (triple,) = ox.parse(f"<urn:x:s> <urn:x:p> {text} .".encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    except (SyntaxError, ValueError):
        raise QueryError(f"cannot bind {text!r}: give an IRI or a literal") from None
    return triple.object


def result_form(result) -> str:
    """SELECT, ASK or CONSTRUCT (also for DESCRIBE) of a pyoxigraph result."""
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return "ASK"
    if isinstance(result, ox.QueryTriples):
        return "CONSTRUCT"
    return "SELECT"


# -- pyoxigraph terms as rdflib terms ----------------------------------------------

def to_rdflib(term):
    """An rdflib term for a pyoxigraph term (None stays None); an RDF-star
    triple term is shown as text. The conversion is the stores' own
    (:func:`kg.store.base.from_ox`)."""
    import pyoxigraph as ox
    from rdflib import Literal

    from .store.base import from_ox

    if isinstance(term, ox.Triple):
        return Literal(str(term))
    return from_ox(term)


def to_oxigraph(term):
    """A pyoxigraph term for an rdflib term (query parameters)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot bind {term!r}: give an IRI or a literal")
