"""Network analysis: project the read model onto networkx graphs and rank nodes.

The projections take the store (or a :class:`kg.records.ReadModel`) and
optional :class:`kg.records.Filters`, and return a networkx graph with
scalar node attributes (``label``, ``type``, ``country``: the read model's
display name and country) and integer edge ``weight``s; the analysis
functions take a graph first and return plain values.

- person network: people; an edge for each pair who met, weighted by the
  number of meetings they share;
- country network: countries; an edge for each pair of countries of a
  meeting, weighted by the number of meetings;
- person-issue network: bipartite, people and the issues of the meetings
  they took part in, weighted by the number of such meetings.

Without filters every person (or country) is a node, met or not; with
filters, the participants (countries) of the meetings that pass them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

import networkx as nx

from .errors import KgError
from .filters import Filters
from .records import ReadModel
from .store import Store

#: Above this many nodes betweenness is estimated from a sample of pivots.
BETWEENNESS_EXACT_LIMIT = 2000
#: Pivots sampled for betweenness above the limit.
BETWEENNESS_SAMPLES = 500
NETWORKS = ("people", "countries", "issues")


def _model(source: Store | ReadModel) -> ReadModel:
    return source if isinstance(source, ReadModel) else ReadModel(source)


def met_at(model: ReadModel, meetings) -> dict[tuple[str, str], list[int]]:
    """(person, person) -> the positions in ``meetings`` of the meetings the
    two met at: the edges of the people network (pairs in IRI order; only
    pairs the store says met, people of different sides)."""
    met = model.met
    out: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, m in enumerate(meetings):
        for a, b in combinations(sorted(set(m.participants)), 2):
            if frozenset((a, b)) in met:
                out[(a, b)].append(n)
    return dict(out)


def countries_at(meetings) -> dict[tuple[str, str], list[int]]:
    """(code, code) -> the positions in ``meetings`` of the meetings with
    both countries: the edges of the country network."""
    out: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, m in enumerate(meetings):
        for a, b in combinations(sorted(set(m.countries)), 2):
            out[(a, b)].append(n)
    return dict(out)


def met_weights(model: ReadModel, meetings) -> Counter:
    """(person, person) -> number of ``meetings`` the two met at."""
    return Counter({pair: len(ms) for pair, ms in met_at(model, meetings).items()})


def person_network(source: Store | ReadModel, filters: Filters | None = None) -> nx.Graph:
    """People as nodes; an edge for each pair who met, weighted by the number
    of meetings they share."""
    model = _model(source)
    return person_graph(model, model.select(filters), everyone=not filters)


def person_graph(model: ReadModel, meetings, *, everyone: bool = False, ties: dict | None = None) -> nx.Graph:
    """The people network of ``meetings``: their participants (``everyone``:
    every person in the store) and an edge for each pair who met, weighted
    by the meetings they share. ``ties``: :func:`met_at` of the same
    meetings, when already computed."""
    people = model.people
    ids = sorted(people) if everyone else sorted({p for m in meetings for p in m.participants if p in people})
    g = nx.Graph()
    for p in ids:
        g.add_node(p, label=people[p].name, type="person", country=model.country_name(people[p].country) or "")
    for (a, b), ms in sorted((met_at(model, meetings) if ties is None else ties).items()):
        if a in g and b in g:
            g.add_edge(a, b, weight=len(ms))
    return g


def country_network(source: Store | ReadModel, filters: Filters | None = None) -> nx.Graph:
    """Countries as nodes; an edge for each pair of countries of a meeting,
    weighted by the number of meetings."""
    model = _model(source)
    return country_graph(model, model.select(filters), everyone=not filters)


def country_graph(model: ReadModel, meetings, *, everyone: bool = False, ties: dict | None = None) -> nx.Graph:
    """The country network of ``meetings``: their countries (``everyone``:
    every country in the store; nodes are country IRIs with a ``code``) and
    an edge for each pair of countries of a meeting, weighted by the
    meetings. ``ties``: :func:`countries_at` of the same meetings, when
    already computed."""
    codes = sorted(model.countries) if everyone else sorted({c for m in meetings for c in m.countries})
    g = nx.Graph()
    iri = {c: (model.countries[c].iri if c in model.countries else c) for c in codes}
    for c in codes:
        g.add_node(iri[c], label=model.country_name(c), type="country", code=c)
    for (a, b), ms in sorted((countries_at(meetings) if ties is None else ties).items()):
        if a in iri and b in iri:
            g.add_edge(iri[a], iri[b], weight=len(ms))
    return g


def person_issue_network(source: Store | ReadModel, filters: Filters | None = None) -> nx.Graph:
    """Bipartite graph: people (``bipartite=0``) and the issues
    (``bipartite=1``) of the meetings they took part in."""
    model = _model(source)
    weights: Counter = Counter()
    for m in model.select(filters):
        for p in set(m.participants):
            for i in set(m.topics):
                weights[(p, i)] += 1
    g = nx.Graph()
    for (p, i), w in sorted(weights.items()):
        g.add_node(p, label=model.person_name(p), type="person", bipartite=0)
        g.add_node(i, label=model.issues.get(i, i), type="issue", bipartite=1)
        g.add_edge(p, i, weight=w)
    return g


def project(source: Store | ReadModel, network: str, filters: Filters | None = None) -> nx.Graph:
    """The ``people``, ``countries`` or ``issues`` (person-issue) network of
    the meetings that pass ``filters``."""
    if network == "people":
        return person_network(source, filters)
    if network == "countries":
        return country_network(source, filters)
    if network == "issues":
        return person_issue_network(source, filters)
    raise KgError(f"unknown network {network!r}; choose one of {', '.join(NETWORKS)}")


def pagerank(graph: nx.Graph, *, weight: str = "weight") -> dict:
    """PageRank with the meeting counts as weights; uniform on a graph
    without edges.

    >>> sorted((v, round(r, 3)) for v, r in pagerank(nx.Graph([("a", "b")])).items())
    [('a', 0.5), ('b', 0.5)]
    """
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    if not graph.number_of_edges():
        return {v: 1 / n for v in graph}
    return nx.pagerank(graph, weight=weight)


def betweenness_is_sampled(graph: nx.Graph, *, exact_limit: int = BETWEENNESS_EXACT_LIMIT) -> bool:
    """Whether :func:`centrality` estimates betweenness from a sample."""
    return graph.number_of_nodes() > exact_limit


def eigenvector(graph: nx.Graph, *, weight: str = "weight") -> dict:
    """Eigenvector centrality that is defined on disconnected graphs too.

    News graphs are never connected, and the leading eigenvector of a
    disconnected graph lives on one component only (networkx refuses such
    graphs). Here each connected component gets its own leading eigenvector
    (unit length), scaled by its leading eigenvalue over the largest one: on
    a connected graph this is the usual eigenvector centrality, and a pair
    who met once ranks below the members of a denser component. Isolated
    nodes get 0.

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    >>> {v: round(c, 3) for v, c in sorted(eigenvector(g).items())}
    {'a': 0.5, 'b': 0.707, 'c': 0.5, 'x': 0.5, 'y': 0.5}
    """
    import numpy as np

    parts = []
    for comp in nx.connected_components(graph):
        if len(comp) < 2:
            continue
        nodes = sorted(comp, key=str)
        sub = graph.subgraph(nodes)
        if len(nodes) <= 300:
            a = nx.to_numpy_array(sub, nodelist=nodes, weight=weight)
            values, vectors = np.linalg.eigh(a)
            lam, vec = float(values[-1]), np.abs(vectors[:, -1])
        else:
            x = nx.eigenvector_centrality_numpy(sub, weight=weight)
            vec = np.array([x[v] for v in nodes])
            a = nx.to_scipy_sparse_array(sub, nodelist=nodes, weight=weight)
            lam = float(vec @ (a @ vec))
        parts.append((nodes, lam, vec / (np.linalg.norm(vec) or 1.0)))
    out = {v: 0.0 for v in graph}
    top = max((lam for _, lam, _ in parts), default=0.0)
    for nodes, lam, vec in parts:
        for v, x in zip(nodes, vec):
            out[v] = float(x) * (lam / top if top > 0 else 0.0)
    return out


def centrality(
    graph: nx.Graph,
    *,
    seed: int = 42,
    exact_limit: int = BETWEENNESS_EXACT_LIMIT,
    samples: int = BETWEENNESS_SAMPLES,
) -> list[dict]:
    """Degree, betweenness, PageRank and eigenvector centrality of every
    node, sorted by betweenness, then degree, then PageRank (highest first).

    Betweenness counts hops (unweighted); above ``exact_limit`` nodes it is
    estimated from ``samples`` seeded pivots. PageRank and eigenvector use the
    meeting counts as weights; see :func:`eigenvector` for disconnected graphs.

    >>> rows = centrality(nx.path_graph(["a", "b", "c"]))
    >>> [(r["id"], r["degree"], r["betweenness"]) for r in rows]
    [('b', 1.0, 1.0), ('a', 0.5, 0.0), ('c', 0.5, 0.0)]
    """
    n = graph.number_of_nodes()
    if n == 0:
        return []
    degree = nx.degree_centrality(graph) if n > 1 else {v: 0.0 for v in graph}
    k = min(n, samples) if betweenness_is_sampled(graph, exact_limit=exact_limit) else None
    betweenness = nx.betweenness_centrality(graph, k=k, seed=seed, weight=None)
    ranks = pagerank(graph)
    eigen = eigenvector(graph)
    rows = [
        {
            "id": str(v),
            "label": graph.nodes[v].get("label", str(v)),
            "type": graph.nodes[v].get("type", ""),
            "degree": round(degree[v], 6),
            "betweenness": round(betweenness[v], 6),
            "pagerank": round(ranks[v], 6),
            "eigenvector": round(abs(eigen[v]), 6),
        }
        for v in graph
    ]
    rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], -r["pagerank"], r["label"], r["id"]))
    return rows


def communities(graph: nx.Graph, *, seed: int = 42) -> list[list[str]]:
    """Louvain communities (seeded, so reproducible), largest first, each a
    sorted list of node ids.

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")])
    >>> communities(g)
    [['a', 'b', 'c'], ['x', 'y']]
    """
    if graph.number_of_nodes() == 0:
        return []
    parts = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    return sorted((sorted(str(v) for v in p) for p in parts), key=lambda p: (-len(p), p))


def community_of(parts: list[list[str]]) -> dict[str, int]:
    """Node id -> community number (1 = the largest community).

    >>> community_of([["a", "b"], ["c"]])
    {'a': 1, 'b': 1, 'c': 2}
    """
    return {v: i for i, part in enumerate(parts, 1) for v in part}


def rank(graph: nx.Graph, *, top: int | None = None, seed: int = 42) -> list[dict]:
    """:func:`centrality` rows with each node's community number, best first."""
    rows = centrality(graph, seed=seed)
    index = community_of(communities(graph, seed=seed))
    for r in rows:
        r["community"] = index.get(r["id"], 0)
    return rows[:top] if top else rows
