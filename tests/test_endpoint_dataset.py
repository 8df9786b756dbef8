"""The query's own dataset (FROM / FROM NAMED) and the Protocol's
default-graph-uri / named-graph-uri are honoured by `kg query` and
`kg serve`; the store's default graph (the merged graph) applies only when
neither names one. Every count is compared with pyoxigraph run directly
on the same store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.query import execute
from kg.store import LocalStore

from .endpoint_helpers import count, get, running
from .minigraph import mini_store_path  # noqa: F401

ID = "https://w3id.org/diplomacy-kg/id/"
A1 = f"<{ID}graph/article/a1.txt>"
A2 = f"<{ID}graph/article/a2.txt>"

QUERIES = {
    "merged": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "from a1": f"SELECT (COUNT(*) AS ?n) FROM {A1} WHERE {{ ?s ?p ?o }}",
    "from a1 + a2": f"SELECT (COUNT(*) AS ?n) FROM {A1} FROM {A2} WHERE {{ ?s ?p ?o }}",
    "from nothing": "SELECT (COUNT(*) AS ?n) FROM <urn:nothing> WHERE { ?s ?p ?o }",
    "from named a2": f"SELECT (COUNT(*) AS ?n) FROM NAMED {A2} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "from named, default empty": f"SELECT (COUNT(*) AS ?n) FROM NAMED {A2} WHERE {{ ?s ?p ?o }}",
    "all named": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "graphs": f"SELECT (COUNT(DISTINCT ?g) AS ?n) FROM NAMED {A1} FROM NAMED <urn:nothing> WHERE {{ GRAPH ?g {{ }} }}",
}


@pytest.fixture(scope="module")
def direct(mini_store_path):
    """Counts from pyoxigraph itself, opened read-only on the same store."""
    store = ox.Store.read_only(str(mini_store_path))
    return {k: int(next(iter(store.query(q)))["n"].value) for k, q in QUERIES.items()}


def test_the_dataset_queries_tell_the_graphs_apart(direct):
    # guard against a vacuous comparison: the datasets really differ
    assert direct["from nothing"] == 0 and direct["from named, default empty"] == 0
    assert 0 < direct["from a1"] < direct["from a1 + a2"] and direct["from a1"] != direct["merged"]
    assert 0 < direct["from named a2"] < direct["all named"]


@pytest.mark.parametrize("key", sorted(QUERIES))
def test_kg_query_gives_pyoxigraphs_counts(mini_store_path, direct, key):
    with LocalStore(mini_store_path, read_only=True) as st:
        result = execute(st, QUERIES[key])
    assert int(result.rows[0][0]) == direct[key]


def test_endpoint_gives_pyoxigraphs_counts(mini_store_path, direct):
    with running(mini_store_path, workers=2) as server:
        for key, q in QUERIES.items():
            status, _, body = get(server.url, q)
            assert status == 200, body
            assert count(body) == direct[key], key


def test_protocol_dataset_parameters(mini_store_path):
    store = ox.Store.read_only(str(mini_store_path))
    any_graph = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"

    def direct(default, named):
        rows = store.query(any_graph, default_graph=[ox.NamedNode(g) for g in default],
                           named_graphs=[ox.NamedNode(g) for g in named])
        return int(next(iter(rows))["n"].value)

    a1, a2 = A1.strip("<>"), A2.strip("<>")
    with running(mini_store_path, workers=2) as server:
        for default, named in (([a1], []), ([a2], [a1]), ([], [a2]), ([a1, a2], [])):
            status, _, body = get(server.url, any_graph, default_graph_uri=default, named_graph_uri=named)
            assert status == 200, body
            assert count(body) == direct(default, named), (default, named)
        # the request's dataset overrides the query's FROM (SPARQL 1.1 Protocol 2.1.4)
        status, _, body = get(server.url, QUERIES["from nothing"], default_graph_uri=[a1])
        assert count(body) == direct([a1], [])
        status, _, body = get(server.url, "ASK { }", default_graph_uri=["not an iri"])
        assert status == 400 and "not an IRI" in body
