"""Network analysis: projections of the RDF graph onto networkx graphs,
centrality, communities, and `kg centrality` end to end."""

from __future__ import annotations

import csv
import doctest
import io
import json

import networkx as nx
import pytest
from click.testing import CliRunner

import kg.analysis
import kg.output
import kg.query
import kg.serve
from kg.analysis import (
    centrality,
    communities,
    country_network,
    eigenvector,
    person_issue_network,
    person_network,
    rank,
)
from kg.cli import cli
from kg.store import LocalStore

from .minigraph import AWKWARD_NAME, mini_store_path  # noqa: F401

ID = "https://w3id.org/diplomacy-kg/id/"
ISSUE = "https://w3id.org/diplomacy-kg/issue/"


@pytest.mark.parametrize("module", [kg.analysis, kg.output, kg.query, kg.serve])
def test_docstring_examples_run(module):
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0


@pytest.fixture(scope="module")
def mini(mini_store_path):
    with LocalStore(mini_store_path, read_only=True) as st:
        yield person_network(st), country_network(st), person_issue_network(st)


def test_person_network_edges_are_weighted_by_meetings(mini):
    people, _, _ = mini
    assert people.nodes[ID + "person/alice-adams"] == {"label": "Alice Adams", "type": "person", "country": "United States"}
    assert people.nodes[ID + "person/evil"]["label"] == AWKWARD_NAME
    edges = {(people.nodes[a]["label"], people.nodes[b]["label"], d["weight"]) for a, b, d in people.edges(data=True)}
    assert {tuple(sorted(e[:2])) + (e[2],) for e in edges} == {
        ("Alice Adams", "Bo Chen", 1), ("Alice Adams", "Eve Fontaine", 1), ("Bo Chen", "Carl Diaz", 1)
    }


def test_country_network_counts_meetings_between_sides(mini):
    _, countries, _ = mini
    weights = {frozenset((countries.nodes[a]["label"], countries.nodes[b]["label"])): d["weight"]
               for a, b, d in countries.edges(data=True)}
    assert weights == {frozenset(("United States", "China")): 2, frozenset(("United States", "France")): 1}


def test_person_issue_network_is_bipartite(mini):
    _, _, issues = mini
    assert nx.is_bipartite(issues)
    assert {v for v, d in issues.nodes(data=True) if d["bipartite"] == 1} == {ISSUE + "taiwan", ISSUE + "trade"}
    assert issues[ID + "person/bo-chen"][ISSUE + "trade"]["weight"] == 2
    assert issues.nodes[ISSUE + "trade"]["label"] == "Trade"


def test_centrality_on_a_star_and_a_path():
    star = nx.star_graph(4)  # hub 0 with 4 leaves
    rows = centrality(star)
    assert rows[0]["id"] == "0" and rows[0]["betweenness"] == 1.0 and rows[0]["degree"] == 1.0
    assert all(r["betweenness"] == 0.0 for r in rows[1:])
    assert rows[0]["pagerank"] > rows[1]["pagerank"]
    assert centrality(nx.Graph()) == []


def test_eigenvector_matches_networkx_on_a_connected_graph_and_is_defined_on_disconnected_ones():
    g = nx.karate_club_graph()
    ours, theirs = eigenvector(g), nx.eigenvector_centrality_numpy(g, weight="weight")
    assert all(abs(ours[v] - theirs[v]) < 1e-6 for v in g)
    g2 = nx.disjoint_union(nx.complete_graph(4), nx.path_graph(2))
    g2.add_node("alone")
    e = eigenvector(g2)
    assert e["alone"] == 0.0 and all(e[v] > 0 for v in range(6))
    assert e[0] > e[4]  # a clique of four outranks a pair


def test_sampled_betweenness_is_seeded_and_reproducible():
    g = nx.connected_watts_strogatz_graph(120, 4, 0.2, seed=1)
    a = centrality(g, exact_limit=50, samples=30, seed=7)
    b = centrality(g, exact_limit=50, samples=30, seed=7)
    exact = {r["id"]: r["betweenness"] for r in centrality(g)}
    assert a == b
    assert {r["id"]: r["betweenness"] for r in a} != exact  # it really sampled


def test_louvain_communities_are_reproducible():
    g = nx.barbell_graph(5, 1)  # two cliques joined through one node
    first = communities(g, seed=3)
    assert first == communities(g, seed=3)
    assert len(first) >= 2 and {0, 1, 2, 3, 4} <= {int(v) for v in first[0]} | {int(v) for v in first[1]}
    rows = rank(g, seed=3)
    assert rows[0]["community"] >= 1 and len({r["community"] for r in rows}) == len(first)


def kg_cli(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_kg_centrality_on_the_seeds(seeds_store_path):
    out = kg_cli("centrality", "--store", seeds_store_path, "--top", "5", "--format", "json")
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert 1 <= len(rows) <= 5
    assert [r["betweenness"] for r in rows] == sorted((r["betweenness"] for r in rows), reverse=True)
    assert set(rows[0]) == {"id", "label", "type", "degree", "betweenness", "pagerank", "eigenvector", "community"}
    table = kg_cli("centrality", "--store", seeds_store_path, "--top", "3")
    assert table.exit_code == 0 and table.output.splitlines()[0].split()[:3] == ["label", "degree", "betweenness"]
    assert rows[0]["label"] in table.output


@pytest.mark.parametrize("network,first", [("people", "Alice Adams"), ("countries", "United States"), ("issues", "Trade")])
def test_kg_centrality_networks_as_csv(mini_store_path, network, first):
    out = kg_cli("centrality", "--store", mini_store_path, "--network", network, "--format", "csv")
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert rows[0]["label"] == first
    assert all(float(r["pagerank"]) > 0 for r in rows)


def test_kg_centrality_empty_network_is_explained(tmp_path):
    st = LocalStore(tmp_path / "empty")
    st.close()
    out = kg_cli("centrality", "--store", tmp_path / "empty")
    assert out.exit_code == 1 and "network is empty" in out.output
