"""`kg view`: one self-contained, offline, interactive HTML view (pyvis).

- Offline: vis-network is inlined by pyvis's ``in_line`` mode; the Bootstrap
  links pyvis adds anyway are removed, and a Content-Security-Policy stops
  the page from loading anything from anywhere.
- Plain text only from articles: node data travels as JSON that Jinja's
  ``tojson`` escapes (``<`` becomes ``\\u003c``), and the page builds hover
  tips and the details panel with ``textContent``, never ``innerHTML``
  (vis-network 9.1.2 shows a string ``title`` as text, but pyvis switches to
  an ``innerHTML`` popup when a title contains "href", so titles are DOM
  elements built in the page instead).
- Nodes coloured by type with a legend, sized by PageRank; search by name,
  filter by type; ``focus``/``depth`` for an ego network; ``since``/``until``
  for a time window.
- Large graphs: at most ``max_nodes`` nodes (the best by PageRank; the page
  says what was left out); above ``layout_threshold`` nodes positions are
  computed once here (seeded spring layout) and physics is off, below it
  physics runs until the layout is stable and then stops.
"""

from __future__ import annotations

import html
import math
import os
import re
from collections import Counter
from pathlib import Path

import networkx as nx

from .errors import KgError
from .fileio import write_text
from .graphview import NODE_TYPES, knowledge_graph, node_sources
from .store import Store

COLOURS = {
    "person": "#1f77b4",
    "country": "#2ca02c",
    "organisation": "#9467bd",
    "place": "#8c564b",
    "meeting": "#ff7f0e",
    "issue": "#d62728",
}
SHAPES = {"meeting": "diamond", "issue": "triangle", "country": "square", "organisation": "square"}
DEFAULT_MAX_NODES = 500
#: Above this many drawn nodes the layout is computed in Python, physics off.
LAYOUT_THRESHOLD = 300
#: Source sentences per node in the hover text, and their maximum length.
SOURCES_PER_NODE = 3
SENTENCE_CHARS = 400

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'"
)


# -- choosing what to draw -----------------------------------------------------
def layout_iterations(n: int) -> int:
    """Spring-layout iterations for ``n`` nodes: 60 up to 1,000 nodes, then
    fewer, so the layout's cost (quadratic per iteration) stays bounded.

    >>> layout_iterations(500), layout_iterations(5000)
    (60, 12)
    """
    return 60 if n <= 1000 else max(10, 60_000 // n)


def find_nodes(graph: nx.MultiDiGraph, name: str) -> list[str]:
    """Nodes whose label is ``name`` (case-insensitive), else those whose
    label contains it; raises KgError when none does."""
    key = name.casefold().strip()
    exact = [n for n, d in graph.nodes(data=True) if d.get("label", "").casefold() == key]
    if exact:
        return sorted(exact)
    partial = [n for n, d in graph.nodes(data=True) if key and key in d.get("label", "").casefold() and d.get("type") != "meeting"]
    if not partial:
        raise KgError(f"no node named {name!r} in the graph; see `kg people` for names")
    return sorted(partial)


def ego_network(graph: nx.MultiDiGraph, name: str, depth: int = 2) -> nx.MultiDiGraph:
    """The nodes within ``depth`` links of the node(s) named ``name``."""
    if depth < 0:
        raise KgError("--depth must be 0 or more")
    centres = find_nodes(graph, name)
    undirected = graph.to_undirected(as_view=True)
    keep: set[str] = set()
    for c in centres:
        keep |= set(nx.single_source_shortest_path_length(undirected, c, cutoff=depth))
    return graph.subgraph(keep).copy()


def _check_date(value: str | None, option: str) -> None:
    if value is not None and not _DATE.match(value):
        raise KgError(f"{option} must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")


def date_window(graph: nx.MultiDiGraph, since: str | None = None, until: str | None = None) -> nx.MultiDiGraph:
    """The meetings dated within [since, until] (compared at the precision
    given: --since 2022 takes every date in 2022) and what they link to;
    met edges stay only between people who share a meeting in the window.
    Undated meetings are left out when a bound is given."""
    _check_date(since, "--since")
    _check_date(until, "--until")
    if since is None and until is None:
        return graph

    def inside(date: str | None) -> bool:
        if not date:
            return False
        if since and date[: len(since)] < since[: len(date)]:
            return False
        if until and date[: len(until)] > until[: len(date)]:
            return False
        return True

    meetings = [n for n, d in graph.nodes(data=True) if d.get("type") == "meeting" and inside(d.get("date"))]
    keep = set(meetings)
    for m in meetings:
        keep |= set(graph.successors(m))
    sub = graph.subgraph(keep).copy()
    together = {
        frozenset((a, b))
        for m in meetings
        for a in sub.successors(m)
        for b in sub.successors(m)
        if a != b and sub.nodes[a].get("type") == "person"
    }
    drop = [(a, b, k) for a, b, k, d in sub.edges(keys=True, data=True) if d.get("type") == "met" and frozenset((a, b)) not in together]
    sub.remove_edges_from(drop)
    return sub


# -- rendering -------------------------------------------------------------------
def _tip(node: str, d: dict, sources: list[tuple[str, str]]) -> dict:
    info = {"name": d.get("label", ""), "type": d.get("type", ""), "id": node}
    for key in ("titles", "country", "date", "mode", "status"):
        if d.get(key):
            info[key] = str(d[key])
    if sources:
        info["sources"] = [
            [article, text if len(text) <= SENTENCE_CHARS else text[: SENTENCE_CHARS - 1] + "…"] for article, text in sources
        ]
    return info


def _short_label(d: dict, node: str) -> str:
    """The label drawn under a node: a meeting shows its date (its
    participants are its neighbours and in its hover text)."""
    if d.get("type") == "meeting":
        return d.get("date", "")
    label = d.get("label", "") or node
    return label if len(label) <= 40 else label[:39] + "…"


def _note(dropped: Counter, shown: int) -> str:
    if not dropped:
        return ""
    total = sum(dropped.values())
    parts = ", ".join(f"{n} {t}" for t, n in sorted(dropped.items(), key=lambda x: (-x[1], x[0])))
    return (
        f"Showing the {shown} most central nodes: {total} more ({parts}) were left out by --max-nodes. "
        "Raise --max-nodes, or narrow the view with --focus NAME or --since/--until."
    )


def render_html(
    graph: nx.MultiDiGraph,
    *,
    sources: dict[str, list[tuple[str, str]]] | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    layout_threshold: int = LAYOUT_THRESHOLD,
    title: str = "diplomacy-kg",
    subtitle: str = "",
    seed: int = 42,
) -> str:
    """The HTML page for ``graph`` (a :func:`kg.graphview.knowledge_graph`)."""
    from pyvis.network import Network

    if max_nodes < 1:
        raise KgError("--max-nodes must be at least 1")
    sources = sources or {}
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for a, b, d in graph.edges(data=True):
        w = d.get("weight", 1)
        if simple.has_edge(a, b):
            simple[a][b]["weight"] = max(simple[a][b]["weight"], w)
        else:
            simple.add_edge(a, b, weight=w)
    rank = nx.pagerank(simple, weight="weight") if simple.number_of_edges() else {n: 1.0 for n in simple}
    dropped: Counter = Counter()
    if simple.number_of_nodes() > max_nodes:
        order = sorted(simple.nodes, key=lambda n: (-rank.get(n, 0.0), -simple.degree(n), str(n)))
        keep = set(order[:max_nodes])
        dropped = Counter(simple.nodes[n].get("type", "other") for n in order[max_nodes:])
        simple = simple.subgraph(keep).copy()
    n = simple.number_of_nodes()
    top = max((rank[v] for v in simple), default=1.0) or 1.0
    precomputed = n > layout_threshold
    positions = {}
    if precomputed:
        scale = 60 * math.sqrt(n)
        positions = nx.spring_layout(simple, seed=seed, weight=None, iterations=layout_iterations(n), scale=scale)

    nodes = []
    for v in sorted(simple.nodes, key=str):
        d = simple.nodes[v]
        ntype = d.get("type", "")
        node = {
            "id": v,
            "label": _short_label(d, v),
            "kg": _tip(v, d, sources.get(v, [])),
            "color": COLOURS.get(ntype, "#7f7f7f"),
            "shape": SHAPES.get(ntype, "dot"),
            "size": round(8 + 30 * math.sqrt(rank.get(v, 0.0) / top), 2),
        }
        if precomputed:
            x, y = positions[v]
            node["x"], node["y"] = round(float(x), 1), round(float(y), 1)
        nodes.append(node)
    edges = []
    for a, b, d in graph.edges(data=True):
        if a in simple and b in simple:
            w = d.get("weight", 1)
            edges.append({"from": a, "to": b, "width": 1 + min(w, 10) * 0.5, "kgType": d.get("type", ""), "color": "#b0b0b0"})
    edges.sort(key=lambda e: (str(e["from"]), str(e["to"]), e["kgType"]))

    net = Network(height="100%", width="100%", directed=False, cdn_resources="in_line", notebook=False, heading="")
    net.nodes, net.edges = nodes, edges  # Network.add_edge is quadratic: set the lists directly
    net.node_ids = [x["id"] for x in nodes]
    net.options = {
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": n > 200, "navigationButtons": False},
        "nodes": {"font": {"size": 14}, "borderWidth": 1},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": False}}},
        "physics": (
            {"enabled": False}
            if precomputed
            else {
                "enabled": True,
                "solver": "forceAtlas2Based",
                "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90},
                "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 50, "fit": True},
            }
        ),
        "layout": {"randomSeed": seed, "improvedLayout": n <= 150},
    }
    page = net.generate_html()
    return _finish(page, title=title, subtitle=subtitle, note=_note(dropped, n), node_count=n, edge_count=len(edges),
                   precomputed=precomputed, types=sorted({x["kg"]["type"] for x in nodes}))


def _strip_remote(page: str) -> str:
    """Remove every <link>/<script> that loads from another host (pyvis's
    Bootstrap), and pyvis's empty headings."""
    page = re.sub(r"<link\b[^>]*\bhref\s*=\s*\"(?:https?:)?//[^\"]*\"[^>]*>\s*", "", page, flags=re.S | re.I)
    page = re.sub(r"<script\b[^>]*\bsrc\s*=\s*\"(?:https?:)?//[^\"]*\"[^>]*>\s*</script>\s*", "", page, flags=re.S | re.I)
    page = re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>\s*", "", page)
    page = re.sub(r"<!--(?:(?!-->).)*node_modules(?:(?!-->).)*-->\s*", "", page, flags=re.S)
    return page


def _finish(page: str, *, title: str, subtitle: str, note: str, node_count: int, edge_count: int,
            precomputed: bool, types: list[str]) -> str:
    page = _strip_remote(page)
    head = (
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n"
    )
    page = page.replace("<head>", "<head>\n" + head, 1)
    legend = "".join(
        f'<label class="kg-type"><input type="checkbox" data-type="{t}" checked>'
        f'<span class="kg-dot" style="background:{COLOURS[t]}"></span>{t}</label>'
        for t in NODE_TYPES
        if t in types
    )
    bar = (
        '<div id="kg-bar">'
        f'<strong id="kg-title">{html.escape(title)}</strong>'
        + (f' <span id="kg-subtitle">{html.escape(subtitle)}</span>' if subtitle else "")
        + '<input id="kg-search" type="search" placeholder="Search by name…" autocomplete="off">'
        '<span id="kg-matches"></span>'
        f'<span id="kg-legend">{legend}</span>'
        f'<span id="kg-status" data-nodes="{node_count}" data-edges="{edge_count}" data-drawn="0" '
        f'data-layout="{"precomputed" if precomputed else "physics"}">{node_count} nodes, {edge_count} links</span>'
        "</div>"
        + (f'<div id="kg-note">{html.escape(note)}</div>' if note else "")
        + '<div id="kg-details" hidden><button id="kg-close" type="button" title="Close">×</button><div id="kg-info"></div></div>'
    )
    page = re.sub(r"<body>", lambda _m: "<body>\n" + bar, page, count=1)
    page = page.replace('<div class="card" style="width: 100%">', '<div class="card" id="kg-main">', 1)
    page = page.replace("</body>", f"<script>{_SCRIPT}</script>\n</body>", 1)
    return page


_CSS = """
html, body { margin: 0; height: 100%; font: 14px system-ui, sans-serif; }
body { display: flex; flex-direction: column; }
#kg-bar { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: center; padding: 6px 10px; border-bottom: 1px solid #ddd; }
#kg-search { min-width: 14em; padding: 3px 6px; }
#kg-matches, #kg-status, #kg-subtitle { color: #555; }
#kg-legend { display: inline-flex; gap: 10px; flex-wrap: wrap; }
.kg-type { display: inline-flex; align-items: center; gap: 4px; cursor: pointer; }
.kg-dot { width: 11px; height: 11px; border-radius: 50%; display: inline-block; }
#kg-note { padding: 4px 10px; background: #fff4d6; border-bottom: 1px solid #f0d890; }
#kg-main { flex: 1; position: relative; min-height: 300px; }
#mynetwork { width: 100% !important; height: 100% !important; float: none !important; border: 0 !important; }
#kg-details { position: absolute; right: 10px; top: 60px; width: 360px; max-height: 70vh; overflow: auto; background: #fff;
  border: 1px solid #ccc; box-shadow: 0 2px 8px rgba(0,0,0,.15); padding: 8px 12px; z-index: 10; white-space: pre-wrap; }
#kg-close { float: right; border: 0; background: none; font-size: 18px; cursor: pointer; }
.kg-tip { max-width: 420px; white-space: pre-wrap; font: 13px system-ui, sans-serif; }
.kg-tip .kg-src, #kg-info .kg-src { margin: 4px 0 0; color: #333; font-style: italic; }
.vis-tooltip { max-width: 440px; }
"""

# Everything from the graph goes into the page through textContent.
_SCRIPT = r"""
(function () {
  "use strict";
  var status = document.getElementById("kg-status");
  var search = document.getElementById("kg-search");
  var matches = document.getElementById("kg-matches");
  var details = document.getElementById("kg-details");
  var infoBox = document.getElementById("kg-info");
  var hiddenTypes = {};
  var query = "";

  function lines(info) {
    var out = [info.name, info.type];
    if (info.titles) out.push("Titles: " + info.titles);
    if (info.country) out.push("Country: " + info.country);
    if (info.date) out.push("Date: " + info.date);
    if (info.mode) out.push("Mode: " + info.mode + (info.status ? ", " + info.status : ""));
    return out;
  }
  function fill(el, info) {
    var head = document.createElement("div");
    head.textContent = lines(info).join("\n");
    el.appendChild(head);
    (info.sources || []).forEach(function (s) {
      var p = document.createElement("p");
      p.className = "kg-src";
      p.textContent = "\u201c" + s[1] + "\u201d (" + s[0] + ")";
      el.appendChild(p);
    });
  }
  function tip(info) {
    var div = document.createElement("div");
    div.className = "kg-tip";
    fill(div, info);
    return div;
  }
  nodes.update(nodes.get().map(function (n) { return { id: n.id, title: tip(n.kg) }; }));

  function show(id) {
    var n = nodes.get(id);
    if (!n) return;
    infoBox.textContent = "";
    fill(infoBox, n.kg);
    var id_ = document.createElement("p");
    id_.className = "kg-src";
    id_.textContent = n.kg.id;
    infoBox.appendChild(id_);
    details.hidden = false;
  }
  document.getElementById("kg-close").addEventListener("click", function () { details.hidden = true; });
  network.on("selectNode", function (p) { if (p.nodes.length) show(p.nodes[0]); });

  function refresh() {
    var all = nodes.get();
    var hit = {}, near = {}, count = 0;
    if (query) {
      all.forEach(function (n) {
        if (!hiddenTypes[n.kg.type] && n.kg.name.toLowerCase().indexOf(query) >= 0) { hit[n.id] = true; count++; }
      });
      Object.keys(hit).forEach(function (id) {
        network.getConnectedNodes(id).forEach(function (m) { near[m] = true; });
      });
    }
    nodes.update(all.map(function (n) {
      var visible = !hiddenTypes[n.kg.type] && (!query || hit[n.id] || near[n.id]);
      return { id: n.id, hidden: !visible };
    }));
    matches.textContent = query ? count + (count === 1 ? " match" : " matches") : "";
    var ids = Object.keys(hit).sort(function (a, b) {
      var na = nodes.get(a).kg, nb = nodes.get(b).kg;
      var ra = (na.name.toLowerCase() === query ? 0 : 2) + (na.type === "meeting" ? 1 : 0);
      var rb = (nb.name.toLowerCase() === query ? 0 : 2) + (nb.type === "meeting" ? 1 : 0);
      return ra - rb || (na.name < nb.name ? -1 : na.name > nb.name ? 1 : 0);
    });
    if (ids.length) {
      network.selectNodes(ids);
      show(ids[0]);
      network.fit({ nodes: ids.concat(Object.keys(near)), animation: false });
    }
  }
  search.addEventListener("input", function () { query = search.value.trim().toLowerCase(); refresh(); });
  Array.prototype.forEach.call(document.querySelectorAll("#kg-legend input"), function (box) {
    box.addEventListener("change", function () { hiddenTypes[box.dataset.type] = !box.checked; refresh(); });
  });

  network.once("afterDrawing", function () { status.setAttribute("data-drawn", "1"); });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    status.setAttribute("data-stabilized", "1");
  });
  var m = /[#&]q=([^&]*)/.exec(location.hash);
  if (m) {
    var q = m[1];
    try { q = decodeURIComponent(q); } catch (e) { /* a malformed escape (%ZZ): search the text as given */ }
    search.value = q; query = search.value.trim().toLowerCase(); refresh();
  }
  network.redraw();
})();
"""


def write_view(
    store: Store,
    target: str | os.PathLike,
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
    focus: str | None = None,
    depth: int = 2,
    since: str | None = None,
    until: str | None = None,
    title: str = "diplomacy-kg",
) -> Path:
    """Write the HTML view of the store to ``target``; returns the path."""
    graph = knowledge_graph(store)
    graph = date_window(graph, since, until)
    if focus:
        graph = ego_network(graph, focus, depth)
    if graph.number_of_nodes() == 0:
        what = " in that date range" if (since or until) else ""
        raise KgError(f"nothing to draw{what}; build articles first or widen --since/--until")
    scope = []
    if focus:
        scope.append(f"around {focus} (depth {depth})")
    if since or until:
        scope.append(f"meetings {since or '…'} to {until or '…'}")
    page = render_html(
        graph,
        sources=node_sources(store, limit=SOURCES_PER_NODE),
        max_nodes=max_nodes,
        title=title,
        subtitle="; ".join(scope),
    )
    write_text(target, page)
    return Path(target)
