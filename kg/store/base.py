"""What every store shares: the Store interface, the N-Triples writer,
the SPARQL Update text that replaces an article graph and keeps the merged
default graph in step, and the pyoxigraph -> rdflib term converter."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from ..errors import StoreError
from ..index import ResolutionIndex
from ..rdf.namespace import PREFIXES

if TYPE_CHECKING:
    import pyoxigraph

SPARQL_PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def term_text(term: Node) -> str:
    """One term in N-Triples syntax (canonical escapes, one line: also valid
    in SPARQL INSERT DATA, query text and Turtle): the one term writer of
    the stores.

    >>> term_text(Literal('say "hi"\\n')), term_text(URIRef("http://x.org/a"))
    ('"say \\\\"hi\\\\"\\\\n"', '<http://x.org/a>')
    """
    if isinstance(term, Literal):
        v = str(term)
        if "\\" in v or '"' in v or "\n" in v or "\r" in v:
            v = v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            return f'"{v}"@{term.language}'
        if term.datatype is not None:
            return f'"{v}"^^<{term.datatype}>'
        return f'"{v}"'
    if isinstance(term, URIRef):
        return f"<{term}>"
    return term.n3()


def from_ox(term):
    """The rdflib term of a pyoxigraph term (None stays None); the one
    converter the stores use (oxrdflib keeps its own private).

    >>> import pyoxigraph as ox
    >>> from_ox(ox.Literal("2022-03", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYearMonth"))).datatype[-10:]
    'gYearMonth'
    """
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.Triple):
        return from_ox(term.subject), from_ox(term.predicate), from_ox(term.object)
    raise StoreError(f"unexpected term from the store: {term!r}")


def ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """N-Triples text of ``triples`` (also valid inside INSERT DATA)."""
    cache: dict[Node, str] = {}  # IRIs and types repeat: serialise each once

    def nt(term: Node) -> str:
        text = cache.get(term)
        if text is None:
            text = cache[term] = term_text(term)
        return text

    return "".join(f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o in triples)


def retract_update(graph: URIRef) -> str:
    """SPARQL Update that drops an article graph and removes from the merged
    default graph every triple no other article graph states."""
    g = graph.n3()
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?kg_other {{ ?s ?p ?o }} FILTER (?kg_other != {g}) }} }} ;\n"
        f"DROP SILENT GRAPH {g}"
    )


def replace_update(graph: URIRef, lines: str) -> str:
    """SPARQL Update that replaces an article graph with ``lines`` (N-Triples)
    and keeps the merged default graph in step, in one request."""
    g = graph.n3()
    return (
        retract_update(graph)
        + f" ;\nINSERT DATA {{ GRAPH {g} {{\n{lines}}} }} ;\n"
        + f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}"
    )


MERGE_ALL_UPDATE = "INSERT { ?s ?p ?o } WHERE { GRAPH ?kg_g { ?s ?p ?o } }"


class Store(Protocol):
    """What the pipeline needs of a store; local and remote stores provide it."""

    location: str
    #: Whether :meth:`replace_graphs` writes several graphs in one transaction
    #: (a build then commits articles in batches) or one request per graph.
    batch_writes: bool
    #: Whether the default graph is the union of the article graphs rather
    #: than a merged graph of its own (Virtuoso; a local store written before
    #: the merged graph existed, opened read-only).
    union_default: bool
    #: Where the old store was copied before an upgrade of its format (None:
    #: no upgrade; always None for a remote store).
    upgraded_from: Path | None
    #: Whether :meth:`take_changes` counts what every write changes (then
    #: the store's size can be kept up to date instead of counted again).
    counts_writes: bool

    @property
    def oxigraph(self) -> pyoxigraph.Store | None:
        """The pyoxigraph engine of a local store, for reads that must reach
        it directly (None for a remote store)."""

    def replace_graph(self, graph: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> int: ...

    def replace_graphs(self, items: list[tuple[URIRef, Iterable[tuple[Node, Node, Node]]]]) -> int: ...

    def flush(self) -> None: ...

    def take_changes(self) -> tuple[int, int, int] | None:
        """(quads of the article graphs, triples of the merged graph, article
        graphs) added minus removed by the writes since the last call; None
        when not counted."""

    def resolution_index(self) -> ResolutionIndex: ...

    def drop_graph(self, graph: URIRef) -> None: ...

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result: ...

    def graphs(self) -> list[URIRef]: ...

    def quads(self) -> Iterator: ...

    def union_triples(self) -> Iterator: ...

    def dataset(self) -> Dataset: ...

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc) -> None: ...


def term_value(term: Node | None) -> str | None:
    """Plain Python string of an RDF term (None stays None)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        return str(term)
    return str(term)
