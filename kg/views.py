"""`kg view`: an interactive, self-contained HTML view of the graph (pyvis).

The page works offline: vis-network is inlined by pyvis's ``in_line`` mode and
the Bootstrap links pyvis adds are removed. Labels and hover texts are plain
text (vis-network renders ``title`` strings as text, and the JSON that carries
them is escaped against ``</script>``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import networkx as nx

from .fileio import write_text
from .graphview import knowledge_graph
from .store import Store

COLOURS = {
    "person": "#1f77b4",
    "country": "#2ca02c",
    "organisation": "#9467bd",
    "place": "#8c564b",
    "meeting": "#ff7f0e",
    "issue": "#d62728",
}
DEFAULT_MAX_NODES = 500


def _strip_cdn(html: str) -> str:
    """Remove every <link>/<script> that loads from another host."""
    html = re.sub(r"<link[^>]+href=\"https?://[^\"]+\"[^>]*>\s*", "", html)
    html = re.sub(r"<script[^>]+src=\"https?://[^\"]+\"[^>]*>\s*</script>\s*", "", html)
    return html


def render_html(graph: nx.MultiDiGraph, *, max_nodes: int = DEFAULT_MAX_NODES, title: str = "diplomacy-kg") -> str:
    """HTML for ``graph`` (at most ``max_nodes`` nodes, highest degree first)."""
    from pyvis.network import Network

    g = nx.Graph(graph)
    dropped = 0
    if g.number_of_nodes() > max_nodes:
        keep = sorted(g.nodes, key=lambda n: (-g.degree(n), str(n)))[:max_nodes]
        dropped = g.number_of_nodes() - len(keep)
        g = g.subgraph(keep).copy()
    net = Network(height="90vh", width="100%", directed=False, cdn_resources="in_line", notebook=False, heading="")
    degree = dict(g.degree())
    for n, d in g.nodes(data=True):
        ntype = d.get("type", "")
        hover = "\n".join(x for x in (d.get("label", ""), ntype, d.get("titles", ""), d.get("date", "")) if x)
        net.add_node(
            n,
            label=d.get("label", "")[:60],
            title=hover,
            color=COLOURS.get(ntype, "#7f7f7f"),
            size=10 + 3 * min(degree.get(n, 0), 15),
        )
    for a, b in g.edges():
        net.add_edge(a, b)
    net.toggle_physics(g.number_of_nodes() <= 300)
    html = net.generate_html()
    html = _strip_cdn(html)
    note = f"<p id='kg-note'>{dropped} nodes not shown (raise --max-nodes to see them).</p>" if dropped else ""
    legend = "".join(f"<span style='color:{c}'>&#9679; {t}</span> " for t, c in COLOURS.items())
    html = html.replace("<body>", f"<body><div id='kg-legend'>{legend}</div>{note}", 1)
    return html


def write_view(store: Store, target: str | os.PathLike, *, max_nodes: int = DEFAULT_MAX_NODES) -> Path:
    html = render_html(knowledge_graph(store), max_nodes=max_nodes)
    write_text(target, html)
    return Path(target)
