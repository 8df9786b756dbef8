"""Network analysis: project the RDF graph onto networkx graphs and rank nodes.

Functions take the store (or a projected graph) first and return plain values.
"""

from __future__ import annotations

import networkx as nx

from .errors import KgError
from .store import SPARQL_PROLOGUE, Store

#: Above this many nodes betweenness is estimated from a sample of pivots.
BETWEENNESS_EXACT_LIMIT = 2000
NETWORKS = ("people", "countries", "issues")


def person_network(store: Store) -> nx.Graph:
    """People as nodes; an edge for each pair who met, weighted by the number
    of meetings they share."""
    g = nx.Graph()
    q = """SELECT ?p ?n ?c WHERE { ?p a schema:Person ; schema:name ?n . OPTIONAL { ?p dkg:represents ?c } }"""
    for p, n, c in store.query(SPARQL_PROLOGUE + q):
        attrs = g.nodes[str(p)] if str(p) in g else {}
        name = str(n)
        if len(name) > len(attrs.get("label", "")):
            g.add_node(str(p), label=name, type="person", country=str(c) if c is not None else attrs.get("country", ""))
    q = """SELECT ?a ?b (COUNT(DISTINCT ?m) AS ?w) WHERE {
        ?a dkg:met ?b . ?m a dkg:Meeting ; sem:hasActor ?a , ?b . FILTER (STR(?a) < STR(?b)) } GROUP BY ?a ?b"""
    for a, b, w in store.query(SPARQL_PROLOGUE + q):
        g.add_edge(str(a), str(b), weight=int(w))
    return g


def country_network(store: Store) -> nx.Graph:
    """Countries as nodes; an edge for each pair of sides of a meeting,
    weighted by the number of meetings."""
    g = nx.Graph()
    for c, n in store.query(SPARQL_PROLOGUE + "SELECT ?c ?n WHERE { ?c a schema:Country ; schema:name ?n }"):
        g.add_node(str(c), label=str(n), type="country")
    q = """SELECT ?a ?b (COUNT(DISTINCT ?m) AS ?w) WHERE {
        ?m a dkg:Meeting ; dkg:side ?a , ?b . FILTER (STR(?a) < STR(?b)) } GROUP BY ?a ?b"""
    for a, b, w in store.query(SPARQL_PROLOGUE + q):
        g.add_edge(str(a), str(b), weight=int(w))
    return g


def person_issue_network(store: Store) -> nx.Graph:
    """Bipartite graph: people and the issues of the meetings they took part in."""
    g = nx.Graph()
    q = """SELECT ?p ?pn ?i ?l (COUNT(DISTINCT ?m) AS ?w) WHERE {
        ?m sem:hasActor ?p ; dkg:discussed ?i . ?p schema:name ?pn . ?i skos:prefLabel ?l }
        GROUP BY ?p ?pn ?i ?l"""
    for p, pn, i, label, w in store.query(SPARQL_PROLOGUE + q):
        g.add_node(str(p), label=str(pn), type="person", bipartite=0)
        g.add_node(str(i), label=str(label), type="issue", bipartite=1)
        g.add_edge(str(p), str(i), weight=int(w))
    return g


def project(store: Store, network: str) -> nx.Graph:
    if network == "people":
        return person_network(store)
    if network == "countries":
        return country_network(store)
    if network == "issues":
        return person_issue_network(store)
    raise KgError(f"unknown network {network!r}; choose one of {', '.join(NETWORKS)}")


def centrality(graph: nx.Graph, *, seed: int = 42) -> list[dict]:
    """Degree, betweenness, PageRank and eigenvector centrality of every node,
    sorted by betweenness then degree (highest first).

    >>> g = nx.path_graph(3)
    >>> [round(r["betweenness"], 2) for r in centrality(g)]
    [1.0, 0.0, 0.0]
    """
    if graph.number_of_nodes() == 0:
        return []
    degree = nx.degree_centrality(graph)
    n = graph.number_of_nodes()
    k = None if n <= BETWEENNESS_EXACT_LIMIT else min(n, 500)
    betweenness = nx.betweenness_centrality(graph, k=k, seed=seed, weight=None)
    pagerank = nx.pagerank(graph, weight="weight") if graph.number_of_edges() else {v: 1 / n for v in graph}
    try:
        eigen = nx.eigenvector_centrality_numpy(graph, weight="weight") if graph.number_of_edges() else {v: 0.0 for v in graph}
    except (nx.NetworkXException, ValueError, TypeError):
        eigen = {v: 0.0 for v in graph}
    rows = [
        {
            "id": str(v),
            "label": graph.nodes[v].get("label", str(v)),
            "degree": round(degree[v], 6),
            "betweenness": round(betweenness[v], 6),
            "pagerank": round(pagerank[v], 6),
            "eigenvector": round(abs(eigen[v]), 6),
        }
        for v in graph
    ]
    rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], -r["pagerank"], r["label"]))
    return rows


def communities(graph: nx.Graph, *, seed: int = 42) -> list[list[str]]:
    """Louvain communities (seeded, so reproducible), largest first."""
    if graph.number_of_nodes() == 0:
        return []
    parts = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    return sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p))
