"""The local store's writes keep the merged default graph in step: after any
sequence of graph replacements and drops (batches that share triples with
each other and with graphs left alone), the default graph is exactly the
union of the article graphs, and each article graph holds what was last
written to it."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from kg.store import LocalStore

EX = "http://example.org/"
#: A small pool of triples, so that graphs share many of them; literals
#: with the characters a SPARQL or N-Triples writer must escape, and line
#: separators that N-Triples leaves as they are (U+2028, U+0085).
POOL = [
    (URIRef(EX + f"s{i % 3}"), URIRef(EX + f"p{i % 2}"),
     Literal(text) if i % 2 else URIRef(EX + f"o{i}"))
    for i, text in enumerate(["a", 'say "hi"', "b", "line\nbreak", "c", "back\\slash", "d", "tab\there",
                                          "e", "sep\u2028ara\x85tor"])
]
GRAPHS = [URIRef(EX + f"graph/{name}") for name in ("a", "b", "c", "d")]

step = st.one_of(
    st.tuples(st.just("replace"), st.dictionaries(st.sampled_from(GRAPHS), st.sets(st.sampled_from(POOL)),
                                                   min_size=1, max_size=3)),
    st.tuples(st.just("drop"), st.sampled_from(GRAPHS)),
)


def _held(st_: LocalStore) -> tuple[dict[str, set], set]:
    named: dict[str, set] = {}
    for q in st_.quads():
        named.setdefault(q.graph_name.value, set()).add((str(q.subject), str(q.predicate), str(q.object)))
    merged = {(str(q.subject), str(q.predicate), str(q.object))
              for q in st_.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    return named, merged


def _text(t) -> tuple[str, str, str]:
    return tuple(str(ox.NamedNode(str(x))) if isinstance(x, URIRef) else str(ox.Literal(str(x))) for x in t)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with LocalStore(tmp_path_factory.mktemp("writes") / "store") as st_:
        yield st_


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=6))
def test_merged_graph_is_the_union_of_the_article_graphs(store, steps):
    store.oxigraph.clear()  # one store for every example: each starts empty
    store.take_changes()
    expected: dict[str, set] = {}
    size = [0, 0, 0]  # quads, merged triples, graphs: as the changes the store reports add up
    for kind, arg in steps:
        if kind == "replace":
            store.replace_graphs(list(arg.items()))
            for g, triples in arg.items():
                expected[str(g)] = {_text(t) for t in triples}
        else:
            store.drop_graph(arg)
            expected.pop(str(arg), None)
        named, merged = _held(store)
        assert named == {g: ts for g, ts in expected.items() if ts}
        assert merged == set().union(*named.values())
        size = [a + b for a, b in zip(size, store.take_changes())]
        assert size == [sum(len(ts) for ts in named.values()), len(merged), len(named)]


def test_a_triple_given_twice_counts_once(store):
    store.oxigraph.clear()
    store.take_changes()
    store.replace_graphs([(GRAPHS[0], [POOL[0], POOL[1], POOL[0]]), (GRAPHS[1], [POOL[1], POOL[1]])])
    assert store.take_changes() == (3, 2, 2)
    assert store.take_changes() == (0, 0, 0)
    store.replace_graphs([(GRAPHS[0], [POOL[1]])])  # POOL[0] no longer stated by any graph
    assert store.take_changes() == (-1, -1, 0)
