"""The build summary's triples and quads are the store's size, kept up to
date by every write instead of counted again (a full scan of the store: 40 s
at a million articles). Through any sequence of builds (new articles, an
article whose later full name rewrites an earlier one, a changed article, a
forced rebuild, a write interrupted after the store took it) they equal a
full count of the store."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.stats
from kg.build import GraphWriter
from kg.cli import EXIT_OK, cli
from kg.index import INDEX_FILE, ResolutionIndex
from kg.stats import quad_count, triple_count
from kg.store import LocalStore

FIRST = {
    "a1.txt": "Kenyan Foreign Minister Musalia Mudavadi met Ethiopian Foreign Minister Taye Atske Selassie "
              "in Nairobi on Monday to discuss regional security. Mudavadi said the talks were useful.\n",
    "a2.txt": "Mudavadi also held talks with Somali President Hassan Sheikh Mohamud on Tuesday about "
              "the African Union mission, his office said.\n",
}
SECOND = {
    "b1.txt": "Kenyan Foreign Minister Musalia Mudavadi and Somali President Hassan Sheikh Mohamud met "
              "in Mogadishu on Thursday and discussed trade, officials said.\n",
    "b2.txt": "Ugandan President Yoweri Museveni hosted Rwandan President Paul Kagame in Entebbe on "
              "Friday for talks on the Congo conflict.\n",
}
SUMMARY = re.compile(r"(\d+) triples \((\d+) quads in the article graphs\)")


@pytest.fixture()
def run(nlp, monkeypatch):
    import kg.nlp

    monkeypatch.setattr(kg.nlp, "load_pipeline", lambda model=None, *, gazetteer=None: nlp)

    def build(corpus: Path, store: Path, *extra: str) -> tuple[int, int]:
        result = CliRunner().invoke(cli, ["build", str(corpus), "--store", str(store), *extra])
        assert result.exit_code == EXIT_OK, result.output
        triples, quads = (int(x) for x in SUMMARY.search(result.output).groups())
        return triples, quads

    return build


def full_count(store: Path) -> tuple[int, int]:
    with LocalStore(store, read_only=True) as st:
        return triple_count(st), quad_count(st)


def kept(store: Path) -> tuple[int, int] | None:
    index = ResolutionIndex(store / INDEX_FILE)
    try:
        return index.store_size()
    finally:
        index.close()


def write(directory: Path, texts: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def test_the_summary_is_the_full_count_through_a_sequence_of_builds(run, tmp_path, monkeypatch):
    corpus, store = tmp_path / "articles", tmp_path / "store"
    write(corpus, FIRST)
    assert run(corpus, store) == full_count(store)
    assert kept(store) is not None

    # from now on the size kept is used: a full count would fail the build
    def no_count(_store):
        raise AssertionError("the store was counted again")

    monkeypatch.setattr(kg.stats, "quad_count", no_count)
    monkeypatch.setattr(kg.stats, "triple_count", no_count)
    steps = [
        lambda: write(corpus, SECOND),  # new articles, one meeting reported again
        lambda: write(corpus, {"a2.txt": FIRST["a2.txt"].replace("Tuesday", "Wednesday")}),  # a changed article
        lambda: None,  # nothing new
    ]
    for step in steps:
        step()
        assert run(corpus, store) == full_count(store)
    assert run(corpus, store, "--force") == full_count(store)
    assert kept(store)[:2] == tuple(reversed(full_count(store)))


def test_a_write_interrupted_after_the_store_took_it_is_counted_again(run, tmp_path, monkeypatch):
    corpus, store = tmp_path / "articles", tmp_path / "store"
    write(corpus, FIRST)
    run(corpus, store)
    write(corpus, SECOND)
    original = LocalStore.replace_graphs

    def taken_then_killed(self, items):
        original(self, items)
        raise KeyboardInterrupt  # after the store holds the graphs, before the index commit

    monkeypatch.setattr(LocalStore, "replace_graphs", taken_then_killed)
    result = CliRunner().invoke(cli, ["build", str(corpus), "--store", str(store)])
    assert result.exit_code != EXIT_OK
    monkeypatch.setattr(LocalStore, "replace_graphs", original)
    # the next build repairs the graphs from the journal; its summary is still the true size
    recovered = []
    monkeypatch.setattr(GraphWriter, "recover", _noting(GraphWriter.recover, recovered))
    assert run(corpus, store) == full_count(store)
    assert recovered, "the interrupted write was not repaired from the journal"
    assert kept(store)[:2] == tuple(reversed(full_count(store)))


def test_a_write_that_did_not_count_itself_makes_the_summary_count_the_store(run, tmp_path):
    """An article graph written behind the index's back (an older kg, a
    tool of its own): the article graphs no longer match the size kept."""
    import pyoxigraph as ox

    corpus, store = tmp_path / "articles", tmp_path / "store"
    write(corpus, FIRST)
    run(corpus, store)
    with LocalStore(store) as st:
        other = "https://w3id.org/diplomacy-kg/id/article/elsewhere.txt"
        graph = ox.NamedNode("https://w3id.org/diplomacy-kg/id/graph/article/elsewhere.txt")
        typed = (ox.NamedNode(other), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                 ox.NamedNode("https://schema.org/NewsArticle"))
        for g in (graph, ox.DefaultGraph()):  # the article graph and the merged graph, as a build writes them
            st.oxigraph.add(ox.Quad(*typed, g))
    write(corpus, SECOND)
    assert run(corpus, store) == full_count(store)
    assert kept(store)[:2] == tuple(reversed(full_count(store)))


def _noting(method, calls: list):
    def wrapped(self, *args, **kwargs):
        calls.append(args)
        return method(self, *args, **kwargs)

    return wrapped


@pytest.mark.parametrize("kept_value", ["not json", "[1, 2]", '{"quads": 1}', '[1, "2", 3]', "null"])
def test_a_size_kept_in_another_form_or_damaged_is_counted_again(run, tmp_path, kept_value):
    corpus, store = tmp_path / "articles", tmp_path / "store"
    write(corpus, FIRST)
    run(corpus, store)
    index = ResolutionIndex(store / INDEX_FILE)
    index._db.execute("UPDATE meta SET v=? WHERE k='size'", (kept_value,))
    assert index.store_size() is None
    index.close()
    write(corpus, SECOND)
    assert run(corpus, store) == full_count(store)
    assert kept(store)[:2] == tuple(reversed(full_count(store)))
