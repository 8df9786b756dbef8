"""`kg export`: RDF exports parse back to the same graph (Turtle and JSON-LD
merged, TriG and N-Quads one graph per article); GraphML opens in networkx
and igraph with scalar attributes; CSV gives nodes.csv and edges.csv."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pytest
from click.testing import CliRunner
from oxrdflib._converter import from_ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.compare import isomorphic

from kg.cli import cli
from kg.store import LocalStore

from .minigraph import mini_store_path  # noqa: F401

ID = "https://w3id.org/diplomacy-kg/id/"


def kg(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _plain(term):
    """RDF 1.1: "x" and "x"^^xsd:string are the same literal; rdflib keeps
    them apart, and its parsers and the Oxigraph converter pick differently."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


@pytest.fixture(scope="module")
def seeds_rdf(seeds_store_path):
    """The seeds store read directly: (union graph, {graph IRI: graph})."""
    with LocalStore(seeds_store_path, read_only=True) as st:
        union, graphs = Graph(), {}
        for q in st.quads():
            s, p, o, g = (_plain(from_ox(x)) for x in (q.subject, q.predicate, q.object, q.graph_name))
            union.add((s, p, o))
            graphs.setdefault(g, Graph()).add((s, p, o))
    return union, graphs


@pytest.fixture(scope="module")
def seeds_exports(seeds_store_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    paths = {}
    for fmt, name in [("turtle", "g.ttl"), ("trig", "g.trig"), ("nquads", "g.nq"), ("json-ld", "g.jsonld"),
                      ("graphml", "g.graphml"), ("csv", "csv")]:
        result = kg("export", "--store", seeds_store_path, "--format", fmt, "--out", out / name)
        assert result.exit_code == 0, result.output
        assert f"Wrote {out / name}" in result.output
        paths[fmt] = out / name
    return paths


def test_turtle_parses_back_to_an_isomorphic_graph(seeds_rdf, seeds_exports):
    union, _ = seeds_rdf
    g = Graph().parse(seeds_exports["turtle"], format="turtle")
    assert len(g) == len(union) > 100
    assert isomorphic(g, union)


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_trig_and_nquads_keep_one_named_graph_per_article(seeds_rdf, seeds_exports, fmt):
    _, graphs = seeds_rdf
    ds = Dataset()
    ds.parse(seeds_exports[fmt], format=fmt)
    named = {g.identifier: g for g in ds.graphs() if isinstance(g.identifier, URIRef) and len(g)}
    assert set(named) == set(graphs)
    assert len([g for g in named if "/graph/article/" in str(g)]) == 5  # the five seed articles
    for iri, g in graphs.items():
        assert isomorphic(named[iri], g), iri


def test_json_ld_uses_a_context_and_parses_back(seeds_rdf, seeds_exports):
    union, _ = seeds_rdf
    doc = json.loads(seeds_exports["json-ld"].read_text(encoding="utf-8"))
    assert doc["@context"]["schema"] == "https://schema.org/" and doc["@context"]["dkg"].endswith("ontology#")
    person = next(n for n in doc["@graph"] if n.get("@type") == "schema:Person")
    assert person["@id"].startswith("id:person/") and "schema:name" in person
    g = Graph().parse(seeds_exports["json-ld"], format="json-ld")
    assert isomorphic(g, union)


def test_graphml_loads_in_networkx_with_scalar_attributes(seeds_exports, seeds_store_path):
    g = nx.read_graphml(seeds_exports["graphml"], force_multigraph=True)
    assert g.number_of_nodes() > 20 and g.number_of_edges() > 20
    types = {d["type"] for _, d in g.nodes(data=True)}
    assert {"person", "meeting"} <= types
    for _, d in g.nodes(data=True):
        assert d["label"] and all(isinstance(v, (str, int, float)) for v in d.values())
    for _, _, d in g.edges(data=True):
        assert d["type"] in {"participant", "side", "discussed", "heldIn", "met", "represents"}
        assert isinstance(d["weight"], int) and d["weight"] >= 1
    # met edges weigh the meetings two people share, as `kg query who-met-whom` counts them
    rows = json.loads(kg("query", "who-met-whom", "--store", seeds_store_path, "--format", "json").output)
    counts = {frozenset((r["a"]["value"], r["b"]["value"])): int(r["meetings"]["value"]) for r in rows["results"]["bindings"]}
    met = {frozenset((a, b)): d["weight"] for a, b, d in g.edges(data=True) if d["type"] == "met"}
    assert counts and all(met[pair] == n for pair, n in counts.items())


def test_graphml_opens_in_igraph(seeds_exports):
    igraph = pytest.importorskip("igraph")
    ig = igraph.Graph.Read_GraphML(str(seeds_exports["graphml"]))
    nxg = nx.read_graphml(seeds_exports["graphml"], force_multigraph=True)
    assert ig.vcount() == nxg.number_of_nodes() and ig.ecount() == nxg.number_of_edges()
    assert {"label", "type"} <= set(ig.vs.attributes()) and {"type", "weight"} <= set(ig.es.attributes())
    assert "person" in set(ig.vs["type"])


def test_csv_gives_nodes_and_edges(seeds_exports):
    with open(seeds_exports["csv"] / "nodes.csv", encoding="utf-8", newline="") as f:
        nodes = list(csv.DictReader(f))
    with open(seeds_exports["csv"] / "edges.csv", encoding="utf-8", newline="") as f:
        edges = list(csv.DictReader(f))
    assert list(nodes[0])[:3] == ["id", "label", "type"]
    assert list(edges[0]) == ["source", "target", "type", "weight"]
    ids = {n["id"] for n in nodes}
    assert len(ids) == len(nodes)
    assert all(e["source"] in ids and e["target"] in ids for e in edges)
    g = nx.read_graphml(seeds_exports["graphml"], force_multigraph=True)
    assert len(nodes) == g.number_of_nodes() and len(edges) == g.number_of_edges()


def test_mini_graph_property_view(mini_store_path, tmp_path):
    assert kg("export", "--store", mini_store_path, "--format", "graphml", "--out", tmp_path / "m.graphml").exit_code == 0
    g = nx.read_graphml(tmp_path / "m.graphml", force_multigraph=True)
    alice = g.nodes[ID + "person/alice-adams"]
    assert alice == {"label": "Alice Adams", "type": "person", "titles": "Secretary of State", "country": "United States"}
    m1 = g.nodes[ID + "meeting/m1"]
    assert (m1["date"], m1["mode"], m1["status"]) == ("2024-01-10", "in_person", "occurred")
    assert m1["label"] == "Alice Adams – Bo Chen (2024-01-10)"
    assert g.nodes["https://w3id.org/diplomacy-kg/issue/trade"]["label"] == "Trade"
    rels = {(a.rsplit("/", 1)[-1], d["type"], b.rsplit("/", 1)[-1]) for a, b, d in g.edges(data=True)}
    assert {("m1", "participant", "bo-chen"), ("m1", "side", "CN"), ("m1", "discussed", "taiwan"),
            ("m1", "heldIn", "geneva"), ("alice-adams", "met", "bo-chen"), ("bo-chen", "represents", "CN")} <= rels


def test_export_target_errors_are_explained(mini_store_path, tmp_path):
    out = kg("export", "--store", mini_store_path, "--format", "turtle", "--out", tmp_path)
    assert out.exit_code == 1 and "is a directory" in out.output
    (tmp_path / "file").write_text("x")
    out = kg("export", "--store", mini_store_path, "--format", "csv", "--out", tmp_path / "file")
    assert out.exit_code == 1 and "is a file" in out.output
    out = kg("export", "--store", tmp_path / "nope", "--format", "turtle", "--out", tmp_path / "x.ttl")
    assert out.exit_code == 1 and "kg build" in out.output


def test_a_place_that_is_a_country_is_the_country_node(seeds_exports, seeds_store_path):
    """"Talks in Switzerland": the meeting is held in the country's node, and
    Switzerland is one node, not a place beside a country."""
    g = nx.read_graphml(seeds_exports["graphml"], force_multigraph=True)
    labels = [d["label"] for _, d in g.nodes(data=True)]
    assert labels.count("Switzerland") == 1 and labels.count("Thailand") == 1 and labels.count("Ukraine") == 1
    ch = "https://w3id.org/diplomacy-kg/id/country/CH"
    assert g.nodes[ch]["type"] == "country"
    assert "heldIn" in {d["type"] for _, _, d in g.in_edges(ch, data=True)}
    assert not [v for v, d in g.nodes(data=True) if d["type"] == "place" and d["label"] == "Switzerland"]
    # and `kg meetings` names the country as the place
    places = {m["place"] for m in json.loads(kg("meetings", "--store", seeds_store_path, "--format", "json").output)}
    assert {"Switzerland", "Thailand", "Rome"} <= places and not [p for p in places if p and p.startswith("country:")]
