"""Exports: Turtle, N-Triples, RDF/XML, JSON-LD, TriG, N-Quads, GraphML, CSV, and the
people network as an interactive vis.js page (vis: :mod:`kg.explorer`).

TriG and N-Quads keep one named graph per article; Turtle, N-Triples,
RDF/XML and JSON-LD hold the merged graph (each fact once); JSON-LD is
compacted with a context of the project's prefixes. GraphML and CSV
(nodes.csv, edges.csv) hold the property-graph view of :mod:`kg.graphview`,
scalar attributes only; both state the symmetric ``met`` relation in both
directions (one edge each way, same weight). Every file is written atomically; every format but csv can
also be written to a binary stream (standard output).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Union

import networkx as nx

from .errors import ExportError
from .fileio import atomic_path, write_bytes, write_text
from .formats import EXPORT_ALIASES, EXPORT_FORMATS
from .graphview import knowledge_graph
from .rdf.namespace import PREFIXES
from .store import Store

FORMATS = EXPORT_FORMATS
ALIASES = EXPORT_ALIASES
EXTENSIONS = {
    "turtle": ".ttl", "ntriples": ".nt", "rdfxml": ".rdf", "json-ld": ".jsonld", "trig": ".trig", "nquads": ".nq",
    "graphml": ".graphml", "csv": "", "vis": ".html",
}
#: The formats of one named graph per article; the other RDF formats hold the merged graph.
QUAD_FORMATS = ("trig", "nquads")

#: A file path, or a binary stream to write to.
Target = Union[str, os.PathLike, BinaryIO]



def format_name(name: str) -> str:
    """The export format called ``name`` (a format or one of its aliases).

    >>> format_name("nt"), format_name("TTL"), format_name("xml")
    ('ntriples', 'turtle', 'rdfxml')
    """
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in FORMATS:
        raise ExportError(f"unknown export format {name!r}; choose one of {', '.join(FORMATS)}")
    return key


def _is_stream(target) -> bool:
    return hasattr(target, "write")


@contextmanager
def _output(target) -> Iterator:
    """Where a writer writes: the binary stream ``target``, or a temporary
    file that replaces the file ``target`` when the block succeeds."""
    if _is_stream(target):
        yield target
        target.flush()
        return
    with atomic_path(target) as tmp:
        yield str(tmp)


def export(store: Store, fmt: str, target: Target) -> list[Path]:
    """Write the store in ``fmt`` (a format name or alias) to ``target``: a
    file, a directory for csv, or a binary stream such as standard output
    (``sys.stdout.buffer``). Returns the paths written (none for a stream)."""
    fmt = format_name(fmt)
    if fmt == "csv":
        if _is_stream(target):
            raise ExportError("csv export writes two files (nodes.csv and edges.csv); give a directory with --out, not -")
        return export_csv(store, Path(target))
    if not _is_stream(target):
        target = Path(target)
        if target.is_dir():
            raise ExportError(f"{str(target)!r} is a directory; give a file name, e.g. {target / ('graph' + EXTENSIONS[fmt])}")
    if fmt == "graphml":
        export_graphml(store, target)
    elif fmt == "vis":
        export_vis(store, target)
    else:
        export_rdf(store, fmt, target)
    return [] if _is_stream(target) else [target]


def export_vis(store: Store, target: Target):
    from .explorer import write_explorer

    if _is_stream(target):
        target.write(write_explorer(store).encode("utf-8"))
        target.flush()
    else:
        write_explorer(store, target)


def export_rdf(store: Store, fmt: str, target: Target):
    import pyoxigraph as ox

    if fmt == "json-ld":
        return export_jsonld(store, target)
    formats = {
        "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML,
        "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
    }
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()} if fmt in ("turtle", "trig", "rdfxml") else None
    data = store.quads() if fmt in QUAD_FORMATS else store.union_triples()
    with _output(target) as out:
        if prefixes:
            ox.serialize(data, out, formats[fmt], prefixes=prefixes)
        else:
            ox.serialize(data, out, formats[fmt])
    return target


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def jsonld_context() -> dict[str, str]:
    """The JSON-LD context: the project's prefixes."""
    return {p: str(ns) for p, ns in PREFIXES.items()}


def _compact(iri: str, context: dict[str, str]) -> str:
    best = None
    for prefix, ns in context.items():
        if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
            if best is None or len(ns) > len(context[best]):
                best = prefix
    return f"{best}:{iri[len(context[best]):]}" if best else iri


def jsonld_document(triples) -> dict:
    """A compacted JSON-LD document for pyoxigraph ``triples``: one node
    object per subject under ``@graph``, IRIs shortened with the context."""
    import pyoxigraph as ox

    ctx = jsonld_context()

    def ref(term) -> str:
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        return _compact(term.value, ctx)

    nodes: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        node = nodes[ref(t.subject)]
        pred = t.predicate.value
        obj = t.object
        if pred == RDF_TYPE and not isinstance(obj, ox.Literal):
            node["@type"].append(ref(obj))
        elif isinstance(obj, ox.Literal):
            if obj.language:
                value: object = {"@value": obj.value, "@language": obj.language}
            elif obj.datatype.value == XSD_STRING:
                value = obj.value
            else:
                value = {"@value": obj.value, "@type": _compact(obj.datatype.value, ctx)}
            node[_compact(pred, ctx)].append(value)
        else:
            node[_compact(pred, ctx)].append({"@id": ref(obj)})
    graph = []
    for sid in sorted(nodes):
        obj = {"@id": sid}
        for key in sorted(nodes[sid], key=lambda k: (k != "@type", k)):
            values = nodes[sid][key]
            values.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
            obj[key] = values[0] if len(values) == 1 else values
        graph.append(obj)
    return {"@context": ctx, "@graph": graph}


def export_jsonld(store: Store, target: Target):
    """The merged graph as compacted JSON-LD with a prefix context."""
    doc = jsonld_document(store.union_triples())
    data = (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if _is_stream(target):
        target.write(data)
        target.flush()
    else:
        write_bytes(target, data)
    return target


def flat_graph(store: Store) -> nx.MultiDiGraph:
    """The property-graph view that GraphML and CSV exports write: the
    graph of :func:`kg.graphview.knowledge_graph`, ``met`` one edge each way."""
    return two_way(knowledge_graph(store))


def two_way(graph: nx.MultiDiGraph, relation: str = "met") -> nx.MultiDiGraph:
    """``graph`` with each ``relation`` edge also stated the other way (same
    attributes), for a symmetric relation in a directed format."""
    g = graph.copy()
    for a, b, key, d in list(graph.edges(keys=True, data=True)):
        if d.get("type") == relation and not g.has_edge(b, a, key):
            g.add_edge(b, a, key=key, **d)
    return g


def export_graphml(store: Store, target: Target):
    """The property graph as GraphML; ``met`` (symmetric) is one edge each way."""
    g = flat_graph(store)
    with _output(target) as out:
        # default key ids (d0, d1, ...): named ids would give node and edge
        # "type" keys the same id, which GraphML forbids
        nx.write_graphml(g, out, encoding="utf-8", prettyprint=True)
    return target


def _safe(value) -> str:
    """A CSV cell that a spreadsheet does not run as a formula."""
    from .output import spreadsheet_safe

    return spreadsheet_safe(str(value))


def export_csv(store: Store, directory: Path) -> list[Path]:
    if directory.exists() and not directory.is_dir():
        raise ExportError(f"{str(directory)!r} is a file; csv export writes nodes.csv and edges.csv into a directory")
    g = flat_graph(store)
    first = ["label", "type"]
    node_keys = first + sorted({k for _, d in g.nodes(data=True) for k in d} - set(first))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", *node_keys])
    for n, d in sorted(g.nodes(data=True)):
        w.writerow([_safe(n), *[_safe(d.get(k, "")) for k in node_keys]])
    nodes_path = directory / "nodes.csv"
    write_text(nodes_path, buf.getvalue())
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["source", "target", "type", "weight"])
    for a, b, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("type", ""))):
        w.writerow([_safe(a), _safe(b), _safe(d.get("type", "")), _safe(d.get("weight", 1))])
    edges_path = directory / "edges.csv"
    write_text(edges_path, buf.getvalue())
    return [nodes_path, edges_path]
