"""Network analysis: project the RDF graph onto networkx graphs and rank nodes.

The projections take the store and return a networkx graph with scalar node
attributes (``label``, ``type``, ``country``) and integer edge ``weight``s;
the analysis functions take a graph first and return plain values.

- person network: people; an edge for each pair who met, weighted by the
  number of meetings they share;
- country network: countries; an edge for each pair of sides of a meeting,
  weighted by the number of meetings;
- person-issue network: bipartite, people and the issues of the meetings
  they took part in, weighted by the number of such meetings.
"""

from __future__ import annotations

import networkx as nx

from .errors import KgError
from .store import SPARQL_PROLOGUE, Store

#: Above this many nodes betweenness is estimated from a sample of pivots.
BETWEENNESS_EXACT_LIMIT = 2000
#: Pivots sampled for betweenness above the limit.
BETWEENNESS_SAMPLES = 500
NETWORKS = ("people", "countries", "issues")


def _longest(current: str | None, new: str) -> str:
    return new if current is None or len(new) > len(current) or (len(new) == len(current) and new < current) else current


def person_network(store: Store) -> nx.Graph:
    """People as nodes; an edge for each pair who met, weighted by the number
    of meetings they share."""
    g = nx.Graph()
    q = """SELECT DISTINCT ?p ?n ?cn WHERE { ?p a schema:Person ; schema:name ?n .
           OPTIONAL { ?p dkg:represents ?c . ?c schema:name ?cn } }"""
    names: dict[str, str] = {}
    countries: dict[str, set[str]] = {}
    for p, n, cn in store.query(SPARQL_PROLOGUE + q):
        names[str(p)] = _longest(names.get(str(p)), str(n))
        if cn is not None:
            countries.setdefault(str(p), set()).add(str(cn))
    for p in sorted(names):
        g.add_node(p, label=names[p], type="person", country="; ".join(sorted(countries.get(p, ()))))
    q = """SELECT ?a ?b (COUNT(DISTINCT ?m) AS ?w) WHERE {
        ?a dkg:met ?b . FILTER (STR(?a) < STR(?b)) ?m a dkg:Meeting ; sem:hasActor ?a , ?b . } GROUP BY ?a ?b"""
    for a, b, w in store.query(SPARQL_PROLOGUE + q):
        if str(a) in g and str(b) in g:
            g.add_edge(str(a), str(b), weight=int(w))
    return g


def country_network(store: Store) -> nx.Graph:
    """Countries as nodes; an edge for each pair of sides of a meeting,
    weighted by the number of meetings."""
    g = nx.Graph()
    names: dict[str, str] = {}
    for c, n in store.query(SPARQL_PROLOGUE + "SELECT DISTINCT ?c ?n WHERE { ?c a schema:Country ; schema:name ?n }"):
        names[str(c)] = _longest(names.get(str(c)), str(n))
    for c in sorted(names):
        g.add_node(c, label=names[c], type="country")
    q = """SELECT ?a ?b (COUNT(DISTINCT ?m) AS ?w) WHERE {
        ?m a dkg:Meeting ; dkg:side ?a , ?b . FILTER (STR(?a) < STR(?b)) } GROUP BY ?a ?b"""
    for a, b, w in store.query(SPARQL_PROLOGUE + q):
        if str(a) in g and str(b) in g:
            g.add_edge(str(a), str(b), weight=int(w))
    return g


def person_issue_network(store: Store) -> nx.Graph:
    """Bipartite graph: people (``bipartite=0``) and the issues
    (``bipartite=1``) of the meetings they took part in."""
    g = nx.Graph()
    q = """SELECT ?p ?i (COUNT(DISTINCT ?m) AS ?w) (MAX(STR(?pn)) AS ?pname) (MAX(STR(?l)) AS ?label) WHERE {
        ?m a dkg:Meeting ; sem:hasActor ?p ; dkg:discussed ?i . ?p schema:name ?pn .
        OPTIONAL { ?i skos:prefLabel ?l } } GROUP BY ?p ?i ORDER BY ?p ?i"""
    for p, i, w, pname, label in store.query(SPARQL_PROLOGUE + q):
        g.add_node(str(p), label=str(pname), type="person", bipartite=0)
        g.add_node(str(i), label=str(label) if label is not None else str(i).rsplit("/", 1)[-1], type="issue", bipartite=1)
        g.add_edge(str(p), str(i), weight=int(w))
    return g


def project(store: Store, network: str) -> nx.Graph:
    """The ``people``, ``countries`` or ``issues`` (person-issue) network."""
    if network == "people":
        return person_network(store)
    if network == "countries":
        return country_network(store)
    if network == "issues":
        return person_issue_network(store)
    raise KgError(f"unknown network {network!r}; choose one of {', '.join(NETWORKS)}")


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
    pagerank = nx.pagerank(graph, weight="weight") if graph.number_of_edges() else {v: 1 / n for v in graph}
    eigen = eigenvector(graph)
    rows = [
        {
            "id": str(v),
            "label": graph.nodes[v].get("label", str(v)),
            "type": graph.nodes[v].get("type", ""),
            "degree": round(degree[v], 6),
            "betweenness": round(betweenness[v], 6),
            "pagerank": round(pagerank[v], 6),
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
