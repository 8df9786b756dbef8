"""The RDF layer: closed ontology namespace, deterministic IRIs, no blank
nodes, and every own term the graph uses is declared in the ontology."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.rdf.build import date_literal
from kg.rdf.iris import article_graph_iri, article_id_from_graph, meeting_iri, person_iri
from kg.rdf.namespace import DKG, SEM
from kg.resources import ontology_dir
from kg.store import LocalStore


def test_own_namespace_is_closed():
    with pytest.raises(AttributeError):
        DKG.Meting  # noqa: B018 - a misspelt term must raise
    with pytest.raises(AttributeError):
        SEM.hasActr  # noqa: B018


@pytest.mark.parametrize(
    "value, datatype",
    [("2022-03-14", XSD.date), ("2021-11", XSD.gYearMonth), ("2022", XSD.gYear)],
)
def test_date_literal_keeps_precision(value, datatype):
    lit = date_literal(value)
    assert isinstance(lit, Literal) and lit.datatype == datatype and str(lit) == value


def test_iris_are_deterministic_and_reversible():
    assert meeting_iri("a,b|2022-03-14|") == meeting_iri("a,b|2022-03-14|")
    assert meeting_iri("a,b|2022-03-14|") != meeting_iri("a,b|2022-03-15|")
    odd = 'dir/a b"<x>#?.txt'
    g = article_graph_iri(odd)
    assert article_id_from_graph(str(g)) == odd
    assert " " not in g and '"' not in g and "<" not in g
    assert person_iri("xi-jinping").endswith("/person/xi-jinping")


@pytest.fixture(scope="module")
def seeds_graph(seeds_store_path):
    st = LocalStore(seeds_store_path, read_only=True)
    g = Graph()
    from oxrdflib._converter import from_ox

    for t in st.union_triples():
        g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    st.close()
    return g


def test_no_blank_nodes(seeds_graph):
    assert not any(isinstance(term, BNode) for triple in seeds_graph for term in triple)


def test_own_terms_are_declared_in_the_ontology(seeds_graph):
    ontology = Graph().parse(ontology_dir() / "diplomacy.ttl", format="turtle")
    declared = set(ontology.subjects())
    ns = str(DKG._NS)
    used = {t for triple in seeds_graph for t in triple if isinstance(t, URIRef) and str(t).startswith(ns)}
    assert used, "the seed graph uses the project's own terms"
    assert used <= declared, f"undeclared terms: {sorted(used - declared)}"


def test_one_named_graph_per_article(seeds_store_path):
    st = LocalStore(seeds_store_path, read_only=True)
    ids = sorted(article_id_from_graph(str(g)) for g in st.graphs())
    st.close()
    from .conftest import SEEDS

    assert ids == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_meetings_are_typed_events(seeds_graph):
    meetings = set(seeds_graph.subjects(RDF.type, DKG.Meeting))
    assert meetings
    for m in meetings:
        assert (m, RDF.type, SEM.Event) in seeds_graph
        assert seeds_graph.value(m, DKG.mode) is not None
        assert seeds_graph.value(m, DKG.status) is not None


def test_ntriples_is_strict_ntriples_for_multiline_literals():
    import pyoxigraph as ox

    from kg.store import ntriples

    s, p = URIRef("http://example.org/s"), URIRef("http://example.org/p")
    values = [Literal('two\nlines "quoted" \\ and\rreturn'), Literal("zwei\nZeilen", lang="de"), Literal("plain")]
    text = ntriples([(s, p, v) for v in values])
    assert len(text.splitlines()) == 3
    g = Graph().parse(data=text, format="nt")
    assert set(g.objects(s, p)) == set(values)
    assert len(list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))) == 3
