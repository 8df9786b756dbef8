"""Exports: Turtle, TriG, N-Quads, JSON-LD, GraphML and CSV.

TriG and N-Quads keep one named graph per article; Turtle and JSON-LD hold
the merged (union) graph. Every file is written atomically.
"""

from __future__ import annotations

import csv
import io
import os
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
    if fmt == "graphml":
        return [export_graphml(store, target)]
    return [export_rdf(store, fmt, target)]


def export_rdf(store: Store, fmt: str, target: Path) -> Path:
    import pyoxigraph as ox

    formats = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "json-ld": ox.RdfFormat.JSON_LD}
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    with atomic_path(target) as tmp:
        if fmt in {"trig", "nquads"}:
            quads = store.quads()
            ox.serialize(quads, str(tmp), formats[fmt], **({"prefixes": prefixes} if fmt == "trig" else {}))
        elif fmt == "turtle":
            ox.serialize(store.union_triples(), str(tmp), formats[fmt], prefixes=prefixes)
        else:
            ox.serialize(store.union_triples(), str(tmp), formats[fmt], prefixes=prefixes)
    return target


def flat_graph(store: Store) -> nx.MultiDiGraph:
    return knowledge_graph(store)


def export_graphml(store: Store, target: Path) -> Path:
    g = knowledge_graph(store)
    with atomic_path(target) as tmp:
        nx.write_graphml(g, str(tmp), encoding="utf-8", prettyprint=True, named_key_ids=True)
    return target


def export_csv(store: Store, directory: Path) -> list[Path]:
    if directory.exists() and not directory.is_dir():
        raise ExportError(f"{str(directory)!r} is a file; csv export writes nodes.csv and edges.csv into a directory")
    g = knowledge_graph(store)
    node_keys = sorted({k for _, d in g.nodes(data=True) for k in d})
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
