"""Incremental, idempotent builds: unchanged articles are skipped by content
hash, a forced rebuild gives the same graph, a new article is the only one
processed, and a changed article replaces its own graph (its old facts go)."""

from __future__ import annotations

import shutil

import pytest
from rdflib import BNode, Dataset, URIRef
from rdflib.compare import isomorphic

from kg.build import build
from kg.rdf.iris import article_graph_iri
from kg.rdf.namespace import DKG
from kg.store import LocalStore

from .conftest import SEEDS

pytestmark = pytest.mark.slow

SEED_IDS = sorted(p.name for p in SEEDS.glob("*.txt"))

NEW_ARTICLE = (
    "ANKARA, May 4 (Wire) - Turkish Foreign Minister Hakan Fidan met his Iranian counterpart "
    "Abbas Araghchi in Ankara on Tuesday to discuss the war in Syria and regional security, "
    "the Turkish foreign ministry said.\n"
)


def quads(store: LocalStore) -> set[tuple[str, str, str, str]]:
    """Every quad of the store as N-Triples-like strings (no blank nodes exist,
    so set equality is graph isomorphism)."""
    out = set()
    for q in store.quads():
        assert "_:" not in str(q.subject) and not str(q.object).startswith("_:"), "blank node in the store"
        out.add((str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)))
    return out


def graph_quads(all_quads, article_id: str):
    g = f"<{article_graph_iri(article_id)}>"
    return {q for q in all_quads if q[3] == g}


def as_dataset(store: LocalStore) -> Dataset:
    ds = Dataset()
    for g in store.graphs():
        target = ds.graph(g)
        for t in store.dataset().graph(g):
            target.add(t)
    return ds


@pytest.fixture()
def seeds_copy(tmp_path):
    """A writable copy of the seed articles (with their manifest)."""
    dst = tmp_path / "articles"
    shutil.copytree(SEEDS, dst)
    for p in dst.iterdir():
        p.chmod(0o644)
    return dst


def test_building_twice_skips_everything_and_leaves_the_same_graph(seeds_store_copy, nlp):
    with LocalStore(seeds_store_copy) as st:
        before = quads(st)
        ds_before = as_dataset(st)
        report = build([SEEDS], store=st, nlp=nlp)
        assert report.built == []
        assert sorted(report.unchanged) == SEED_IDS
        after = quads(st)
        assert after == before
        ds_after = as_dataset(st)
        assert not any(isinstance(n, BNode) for t in ds_after.quads() for n in t)
        for g in st.graphs():
            assert isomorphic(ds_before.graph(g), ds_after.graph(g)), g
        assert report.totals["articles"] == len(SEED_IDS)


def test_forced_rebuild_gives_an_isomorphic_graph(seeds_store_copy, nlp):
    with LocalStore(seeds_store_copy) as st:
        before = quads(st)
        report = build([SEEDS], store=st, nlp=nlp, force=True)
        assert sorted(report.built) == SEED_IDS and report.unchanged == []
        assert quads(st) == before


def test_a_new_article_is_the_only_one_processed(seeds_store_copy, tmp_path, nlp):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "new_wire.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    (extra / "manifest.csv").write_text("id,published,source\nnew_wire.txt,2025-05-04,Wire\n", encoding="utf-8")
    processed = []
    with LocalStore(seeds_store_copy) as st:
        before = quads(st)
        report = build([SEEDS, extra], store=st, nlp=nlp, on_article=lambda a: processed.append(a.id))
        after = quads(st)
        graphs = {str(g) for g in st.graphs()}
    assert report.built == ["new_wire.txt"] == processed
    assert sorted(report.unchanged) == SEED_IDS
    assert report.totals["articles"] == len(SEED_IDS) + 1
    for aid in SEED_IDS:  # the old article graphs are untouched
        assert graph_quads(after, aid) == graph_quads(before, aid)
    new = graph_quads(after, "new_wire.txt")
    assert str(article_graph_iri("new_wire.txt")) in graphs and new
    assert after == before | new
    names = {q[2] for q in new if q[1] == "<https://schema.org/name>"}
    assert '"Hakan Fidan"' in names


def test_a_changed_article_replaces_only_its_own_graph(seeds_copy, tmp_path, nlp):
    victim = SEED_IDS[0]
    with LocalStore(tmp_path / "store") as st:
        build([seeds_copy], store=st, nlp=nlp)
        before = quads(st)
        path = seeds_copy / victim
        old_text = path.read_text(encoding="utf-8")
        new_text = NEW_ARTICLE  # the article is rewritten completely
        path.write_text(new_text, encoding="utf-8")
        report = build([seeds_copy], store=st, nlp=nlp)
        after = quads(st)
        sentences = [
            str(row[0])
            for row in st.query(
                f"SELECT ?t ?g WHERE {{ GRAPH ?g {{ ?s <{DKG.text}> ?t }} }}",
                {"g": URIRef(article_graph_iri(victim))},
            )
        ]
    assert report.built == [victim]
    assert sorted(report.unchanged) == [a for a in SEED_IDS if a != victim]
    for aid in SEED_IDS[1:]:
        assert graph_quads(after, aid) == graph_quads(before, aid)
    old_graph, new_graph = graph_quads(before, victim), graph_quads(after, victim)
    assert old_graph - new_graph, "the old facts of the changed article are still there"
    assert sentences and all(s in new_text for s in sentences)
    assert not any(s in old_text and s not in new_text for s in sentences)


def test_parallel_build_gives_the_same_graph(seeds_store_path, tmp_path):
    """--jobs 2 streams articles through two spaCy processes; order and
    result are the same as with one."""
    from click.testing import CliRunner

    from kg.cli import cli

    store = tmp_path / "store"
    result = CliRunner().invoke(cli, ["build", str(SEEDS), "--store", str(store), "--jobs", "2", "--quiet"])
    assert result.exit_code == 0, result.output
    with LocalStore(seeds_store_path, read_only=True) as ref, LocalStore(store, read_only=True) as got:
        assert quads(got) == quads(ref)
