"""Exports: Turtle, TriG, N-Quads, JSON-LD, GraphML and CSV.

TriG and N-Quads keep one named graph per article; Turtle and JSON-LD hold
the merged (union) graph; JSON-LD is compacted with a context of the
project's prefixes. GraphML and CSV (nodes.csv, edges.csv) hold the
property-graph view of :mod:`kg.graphview`, scalar attributes only. Every
file is written atomically.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import defaultdict
from pathlib import Path

import networkx as nx

from .errors import ExportError
from .fileio import atomic_path, write_text
from .graphview import knowledge_graph
from .rdf.namespace import PREFIXES
from .store import Store

FORMATS = ("turtle", "trig", "nquads", "json-ld", "graphml", "csv")
EXTENSIONS = {"turtle": ".ttl", "trig": ".trig", "nquads": ".nq", "json-ld": ".jsonld", "graphml": ".graphml", "csv": ""}


def export(store: Store, fmt: str, target: str | os.PathLike) -> list[Path]:
    """Write the store in ``fmt`` to ``target`` (a file; a directory for csv).
    Returns the paths written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    target = Path(target)
    if fmt == "csv":
        return export_csv(store, target)
    if target.is_dir():
        raise ExportError(f"{str(target)!r} is a directory; give a file name, e.g. {target / ('graph' + EXTENSIONS[fmt])}")
    if fmt == "graphml":
        return [export_graphml(store, target)]
    return [export_rdf(store, fmt, target)]


def export_rdf(store: Store, fmt: str, target: Path) -> Path:
    import pyoxigraph as ox

    if fmt == "json-ld":
        return export_jsonld(store, target)
    formats = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    with atomic_path(target) as tmp:
        if fmt == "trig":
            ox.serialize(store.quads(), str(tmp), formats[fmt], prefixes=prefixes)
        elif fmt == "nquads":
            ox.serialize(store.quads(), str(tmp), formats[fmt])
        else:
            ox.serialize(store.union_triples(), str(tmp), formats[fmt], prefixes=prefixes)
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


def export_jsonld(store: Store, target: Path) -> Path:
    """The merged graph as compacted JSON-LD with a prefix context."""
    doc = jsonld_document(store.union_triples())
    write_text(target, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    return target


def flat_graph(store: Store) -> nx.MultiDiGraph:
    """The property-graph view that GraphML and CSV exports write."""
    return knowledge_graph(store)


def export_graphml(store: Store, target: Path) -> Path:
    g = knowledge_graph(store)
    with atomic_path(target) as tmp:
        # default key ids (d0, d1, ...): named ids would give node and edge
        # "type" keys the same id, which GraphML forbids
        nx.write_graphml(g, str(tmp), encoding="utf-8", prettyprint=True)
    return target


def export_csv(store: Store, directory: Path) -> list[Path]:
    if directory.exists() and not directory.is_dir():
        raise ExportError(f"{str(directory)!r} is a file; csv export writes nodes.csv and edges.csv into a directory")
    g = knowledge_graph(store)
    first = ["label", "type"]
    node_keys = first + sorted({k for _, d in g.nodes(data=True) for k in d} - set(first))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", *node_keys])
    for n, d in sorted(g.nodes(data=True)):
        w.writerow([n, *[d.get(k, "") for k in node_keys]])
    nodes_path = directory / "nodes.csv"
    write_text(nodes_path, buf.getvalue())
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["source", "target", "type", "weight"])
    for a, b, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("type", ""))):
        w.writerow([a, b, d.get("type", ""), d.get("weight", 1)])
    edges_path = directory / "edges.csv"
    write_text(edges_path, buf.getvalue())
    return [nodes_path, edges_path]
