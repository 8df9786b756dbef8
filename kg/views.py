"""`kg view`: one self-contained, offline HTML report of the read model.

The page (``kg/templates/view.html``, a Jinja2 template, with its script,
``view-*.js``, and style, ``view.css``, inlined) holds:

- a people network (an edge per pair who met, its width the number of
  meetings; nodes coloured by country and sized by :func:`centrality`) and
  a country network, drawn on a canvas from positions computed here
  (:func:`layout`);
- a table of every meeting (sortable, filterable, each row opening its
  source sentences), a timeline of meetings per month whose selection
  filters the table and the networks, and a details panel.

What goes in: the meetings that pass the :class:`~kg.filters.Filters`, all
of them; the networks draw at most ``max_nodes`` nodes each (the most
central) and the page says what was left out. Article text reaches the
page only as JSON data (Jinja's ``tojson`` escapes ``<``, ``>``, ``&`` and
``'``) and the script inserts it with ``textContent``, never as markup; a
link is made only of an http(s) URL. A Content-Security-Policy lets the
page load nothing from anywhere.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from pathlib import Path

import networkx as nx

from .errors import KgError
from .fileio import write_text
from .filters import Filters
from .records import ReadModel
from .store import Store
from .types import MODES, STATUSES

DEFAULT_MAX_NODES = 300
#: Countries with a colour of their own (by people drawn); the rest are grey.
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
           "#393b79")
OTHER_COLOUR = "#8f959c"
NO_COUNTRY_COLOUR = "#c9cdd2"
#: The page's script, in order (one function: see the template).
SCRIPTS = ("view-data.js", "view-table.js", "view-timeline.js", "view-network.js", "view-details.js", "view-start.js")
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "connect-src 'none'; form-action 'none'; base-uri 'none'"
)


# -- layout ----------------------------------------------------------------------------------
def _force_layout(graph: nx.Graph, seed: int) -> dict:
    """igraph's Fruchterman-Reingold layout of a connected graph, seeded, and
    scaled so that a node's nearest neighbour is typically 1 away. Above
    100 nodes repulsion is computed on a grid (about 0.1 to 0.2 s per 1,000
    nodes, where the exact repulsion takes 4 s for 1,000 nodes).
    Unweighted: heavy ties would pull their ends on top of each other, and
    the drawing shows weights as widths."""
    import random

    import igraph
    import numpy as np

    nodes = list(graph)
    index = {v: i for i, v in enumerate(nodes)}
    g = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in graph.edges()])
    # igraph draws its start positions and moves from a module-wide
    # generator: a seeded one for this layout, then Python's own again
    igraph.set_random_number_generator(random.Random(seed))
    try:
        xy = np.array(g.layout_fruchterman_reingold(niter=500, grid="grid" if len(nodes) > 100 else "nogrid").coords)
    finally:
        igraph.set_random_number_generator(random)
    xy /= _typical_spacing(xy, seed) or 1.0
    return {v: (float(x), float(y)) for v, (x, y) in zip(nodes, xy)}


def _typical_spacing(xy, seed: int, sample: int = 500) -> float:
    """The median distance from a node to its nearest neighbour (over a
    seeded sample of at most ``sample`` nodes).

    >>> import numpy as np
    >>> _typical_spacing(np.array([[0.0, 0.0], [0.0, 2.0], [0.0, 4.0]]), 1)
    2.0
    """
    import numpy as np

    n = len(xy)
    if n < 2:
        return 0.0
    rows = np.random.default_rng(seed).choice(n, size=min(n, sample), replace=False)
    nearest = []
    for i in range(0, len(rows), 100):
        chunk = rows[i:i + 100]
        d = np.hypot(xy[chunk, None, 0] - xy[None, :, 0], xy[chunk, None, 1] - xy[None, :, 1])
        d[np.arange(len(chunk)), chunk] = np.inf
        nearest.append(d.min(axis=1))
    return float(np.median(np.concatenate(nearest)))


def layout(graph: nx.Graph, *, order: list | None = None, seed: int = 42, aspect: float = 3.0) -> dict:
    """Node -> (x, y) for drawing ``graph``: each connected component of
    three or more nodes laid out by force (:func:`_force_layout`), then the
    components packed in rows, largest first, and the pairs and lone nodes
    after them in ``order`` (most central first), so that nothing overlaps
    and the picture is about ``aspect`` times as wide as high. Seeded: the
    same graph gets the same picture.

    >>> g = nx.Graph([(1, 2), (2, 3), (3, 1), (4, 5)]); g.add_node(6)
    >>> pos = layout(g)
    >>> sorted(pos) == [1, 2, 3, 4, 5, 6] and pos == layout(g)
    True
    >>> len({(round(x, 3), round(y, 3)) for x, y in pos.values()})  # no two nodes in one place
    6
    """
    rank = {v: i for i, v in enumerate(order or sorted(graph, key=str))}
    comps = sorted((sorted(c, key=lambda v: rank.get(v, len(rank))) for c in nx.connected_components(graph)),
                   key=lambda c: (-len(c) if len(c) > 2 else 0, rank.get(c[0], len(rank))))
    boxes = []  # (positions relative to the box's corner, width, height)
    for comp in comps:
        if len(comp) > 2:
            pos = _force_layout(graph.subgraph(comp), seed)
        else:
            pos = {v: (float(i), 0.0) for i, v in enumerate(comp)}
        x0, y0 = min(x for x, _ in pos.values()), min(y for _, y in pos.values())
        pos = {v: (x - x0, y - y0) for v, (x, y) in pos.items()}
        boxes.append((pos, max(x for x, _ in pos.values()), max(y for _, y in pos.values())))
    gap = 1.2
    area = sum((w + gap) * (h + gap) for _, w, h in boxes)
    row_width = max(max((w for _, w, _ in boxes), default=0.0), math.sqrt(area * aspect))
    out: dict = {}
    x = y = row_height = 0.0
    for pos, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        out.update({v: (x + px, y + py) for v, (px, py) in pos.items()})
        x += w + gap
        row_height = max(row_height, h)
    return out


# -- what the page holds ---------------------------------------------------------------------------
class _Index:
    """Items -> their position in a list the page refers to by number."""

    def __init__(self):
        self.items: list = []
        self.of: dict = {}

    def __call__(self, key, make=None) -> int:
        i = self.of.get(key)
        if i is None:
            i = self.of[key] = len(self.items)
            self.items.append(make() if make else key)
        return i


def centrality(graph: nx.Graph) -> dict:
    """Node -> (weighted degree, degree): the meetings a node had with the
    others of the network (the sum of its edges' weights: degree centrality
    weighted by meetings), then how many others it met, to break ties. The
    view ranks and sizes nodes by it: a person is as central as the
    meetings they had.

    >>> g = nx.Graph([("a", "b", {"weight": 3}), ("b", "c", {"weight": 1}), ("c", "d", {"weight": 2})])
    >>> sorted(g, key=lambda v: centrality(g)[v], reverse=True)
    ['b', 'c', 'a', 'd']
    """
    return {v: (float(d), graph.degree(v)) for v, d in graph.degree(weight="weight")}


def _ranked(graph: nx.Graph, ranks: dict, max_nodes: int, keep) -> list:
    """The ``max_nodes`` nodes of ``graph`` that pass ``keep``, most central
    first (:func:`centrality`; then by id)."""
    nodes = [v for v in graph if keep(v)]
    nodes.sort(key=lambda v: (-ranks[v][0], -ranks[v][1], str(v)))
    return nodes[:max_nodes]


def _network(graph: nx.Graph, ranks: dict, drawn: list, index_of, pair_meetings: dict, seed: int) -> dict:
    """The page's spec of one network: nodes [index, x, y, size 0-1] in rank
    order, edges [node, node, [meeting numbers]]."""
    where = {v: i for i, v in enumerate(drawn)}
    sub = graph.subgraph(drawn)
    pos = layout(sub, order=drawn, seed=seed)
    top = max((ranks[v][0] for v in drawn), default=0.0) or 1.0
    nodes = [[index_of(v), round(pos[v][0], 2), round(pos[v][1], 2), round(math.sqrt(ranks[v][0] / top), 3)]
             for v in drawn]
    edges = []
    for (a, b), ms in sorted(pair_meetings.items()):
        if a in where and b in where:
            edges.append([where[a], where[b], ms])
    return {"nodes": nodes, "edges": edges}


def report_data(model: ReadModel, *, filters: Filters | None = None, max_nodes: int = DEFAULT_MAX_NODES,
                title: str = "diplomacy-kg", seed: int = 42) -> dict:
    """Everything the page shows, as JSON-ready lists (people, countries,
    places, topics and articles are referred to by their position)."""
    from .analysis import countries_at, country_graph, met_at, person_graph

    if max_nodes < 1:
        raise KgError("--max-nodes must be at least 1")
    chosen = model.select(filters)
    if not chosen and filters:
        raise KgError(f"no meeting to show ({filters.describe()}); widen --since/--until, --country or --person")
    sources = model.sources(m.iri for m in chosen)
    people, countries, places, topics, articles = _Index(), _Index(), _Index(), _Index(), _Index()
    info = model.articles

    def person(iri: str) -> int:
        def make():
            p = model.people.get(iri)
            if p is None:
                return [model.person_name(iri), -1, [], [], iri]
            return [p.name, country(p.country) if p.country else -1, list(p.titles), list(p.aliases), iri]
        return people(iri, make)

    def country(code: str) -> int:
        return countries(code, lambda: [code, model.country_name(code)])

    def article(aid: str) -> int:
        a = info.get(aid)
        return articles(aid, lambda: [aid, a.published, a.title, a.url, a.publisher] if a else [aid, None, None, None, None])

    rows = []
    for m in chosen:
        rows.append([
            m.date or "",
            [person(p) for p in m.participants],
            [country(c) for c in m.countries],
            places(model.place_name(m.place)) if m.place else -1,
            MODES.index(m.mode) if m.mode in MODES else MODES.index("unknown"),
            STATUSES.index(m.status) if m.status in STATUSES else STATUSES.index("unknown"),
            [topics(model.issues.get(i, i)) for i in m.topics],
            [[article(s.article), s.sentence, s.start, s.end] for s in sources[m.iri]],
            m.iri,
        ])
    met_pairs, country_pairs = met_at(model, chosen), countries_at(chosen)

    # the networks of the meetings in scope, as `kg centrality` projects them
    pnet = person_graph(model, chosen, everyone=not filters, ties=met_pairs)
    pranks = centrality(pnet)
    present = {p for m in chosen for p in m.participants}
    pdrawn = _ranked(pnet, pranks, max_nodes, lambda v: v in present)
    cnet = country_graph(model, chosen, everyone=not filters, ties=country_pairs)
    cranks = centrality(cnet)
    code_of = {d["code"]: v for v, d in cnet.nodes(data=True)}
    cpresent = {code_of[c] for m in chosen for c in m.countries if c in code_of}
    cdrawn = _ranked(cnet, cranks, max_nodes, lambda v: v in cpresent)
    iri_pairs = {(code_of[a], code_of[b]): ms for (a, b), ms in country_pairs.items() if a in code_of and b in code_of}
    networks = {
        "people": _network(pnet, pranks, pdrawn, person, met_pairs, seed),
        "countries": _network(cnet, cranks, cdrawn, lambda v: country(cnet.nodes[v]["code"]), iri_pairs, seed),
    }
    networks["people"]["note"] = _note("people", len(pdrawn), len(present), len(networks["people"]["edges"]),
                                       len(met_pairs), len(chosen))
    networks["countries"]["note"] = _note("countries", len(cdrawn), len(cpresent), len(networks["countries"]["edges"]),
                                          len(country_pairs), len(chosen))

    # colours: the countries with the most people drawn, then the most meetings
    drawn_people = Counter(model.people[v].country for v in pdrawn if v in model.people and model.people[v].country)
    in_meetings = Counter(c for m in chosen for c in m.countries)
    order = sorted(in_meetings, key=lambda c: (-drawn_people.get(c, 0), -in_meetings[c], c))
    colours = {country(c): PALETTE[i] for i, c in enumerate(order[: len(PALETTE)])}
    return {
        "title": title,
        "subtitle": filters.describe() if filters else "",
        "modes": list(MODES),
        "statuses": list(STATUSES),
        "people": people.items,
        "countries": countries.items,
        "places": places.items,
        "topics": topics.items,
        "articles": articles.items,
        "meetings": rows,
        "networks": networks,
        "colours": {str(k): v for k, v in colours.items()},
        "otherColour": OTHER_COLOUR,
        "noCountryColour": NO_COUNTRY_COLOUR,
    }


def _note(kind: str, drawn: int, total: int, ties_drawn: int, ties: int, meetings: int) -> str:
    """What the network leaves out, in words.

    >>> _note("people", 0, 0, 0, 0, 0)
    'No meetings in the store yet: build articles with `kg build`.'

    >>> _note("people", 2, 2, 1, 1, 3)
    'All 2 people and their 1 tie are drawn.'
    >>> _note("people", 300, 3642, 410, 6972, 6982)[:41]
    'The 300 most central of 3,642 people (mos'
    """
    noun = "tie" if ties == 1 else "ties"
    if not meetings:
        return "No meetings in the store yet: build articles with `kg build`."
    if drawn >= total:
        return f"All {total:,} {kind} and their {ties:,} {noun} are drawn."
    return (
        f"The {drawn:,} most central of {total:,} {kind} (most meetings with the others) and the {ties_drawn:,} ties "
        "among them are drawn; "
        f"{total - drawn:,} {kind} and {ties - ties_drawn:,} ties are left out. The table and the timeline hold all "
        f"{meetings:,} meetings. Narrow the report with --person, --country or --since/--until, or raise --max-nodes."
    )


# -- the page -----------------------------------------------------------------------------------------
def template_env():
    """The Jinja2 environment of the package's page templates (``kg/templates``)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("kg", "templates"), autoescape=select_autoescape(["html"]))
    env.policies["json.dumps_kwargs"] = {"separators": (",", ":"), "ensure_ascii": False}
    return env


def template_asset(env, name: str) -> str:
    """A script or style of the templates folder, to inline; it must not end
    its own element early."""
    text, _, _ = env.loader.get_source(env, name)
    return inlinable(text, f"templates/{name}")


def inlinable(text: str, where: str) -> str:
    """``text`` (a script or style from ``where``) if it can be inlined in a
    page: it must not end its own element early."""
    if "</script" in text.lower() or "</style" in text.lower():
        raise KgError(f"{where} contains a closing </script> or </style> tag; it cannot be inlined")
    return text


def render_html(data: dict) -> str:
    """The HTML page of :func:`report_data`'s ``data``."""
    from markupsafe import Markup

    env = template_env()
    meetings = len(data["meetings"])
    summary = (f"{meetings:,} meeting{'s' if meetings != 1 else ''}, {len(data['people']):,} people, "
               f"{len(data['countries']):,} countries, {len(data['articles']):,} articles")
    return env.get_template("view.html").render(
        data=data, title=data["title"], subtitle=data["subtitle"], summary=summary, csp=CSP,
        style=Markup(template_asset(env, "view.css")), script=Markup("\n".join(template_asset(env, name) for name in SCRIPTS)),
    )


def write_view(
    store: Store | ReadModel,
    target: str | os.PathLike,
    *,
    filters: Filters | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    title: str = "diplomacy-kg",
) -> Path:
    """Write the HTML report of the meetings in ``store`` that pass
    ``filters`` to ``target``; returns the path."""
    model = store if isinstance(store, ReadModel) else ReadModel(store)
    page = render_html(report_data(model, filters=filters, max_nodes=max_nodes, title=title))
    write_text(target, page)
    return Path(target)
