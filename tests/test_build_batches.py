"""Batched commits in kg.build: several articles per store transaction, an
article counts as built only once committed, and a batch that fails is
written one article at a time so only the bad article is lost."""

from __future__ import annotations

from kg.build import BATCH_ARTICLES, BuildReport, GraphWriter, _Pending
from kg.errors import StoreError
from kg.rdf.iris import article_graph_iri
from kg.resolve import Resolver
from kg.types import Article, ArticleRecord


class FakeStore:
    location = "fake"
    batch_writes = True
    counts_writes = False

    def take_changes(self):
        return None

    def __init__(self, bad: set[str] = frozenset()):
        self.bad = {str(article_graph_iri(a)) for a in bad}
        self.batches: list[list[str]] = []
        self.single: list[str] = []

    def replace_graphs(self, items):
        graphs = [str(g) for g, _ in items]
        if not graphs:
            return 0
        if self.bad & set(graphs):
            raise StoreError("bad triple")
        if len(graphs) == 1:
            self.single.append(graphs[0])
        else:
            self.batches.append(graphs)
        return 0

    def drop_graph(self, graph):
        pass

    def replace_graph(self, graph, triples):
        if str(graph) in self.bad:
            raise StoreError("bad triple")
        self.single.append(str(graph))
        return 0


def _pending(store, gazetteer):
    report, warnings, seen = BuildReport(store="fake"), [], []
    writer = GraphWriter(store, Resolver(gazetteer), country_name=gazetteer.country_name)
    return _Pending(store, report, warnings.append, seen.append, writer), report, warnings, seen


def _articles(n):
    return [ArticleRecord(Article(id=f"a{i}.txt", text="x")) for i in range(n)]


def test_articles_are_committed_in_batches_and_reported_after_the_commit(gazetteer):
    store = FakeStore()
    pending, report, _, seen = _pending(store, gazetteer)
    arts = _articles(BATCH_ARTICLES + 3)
    for a in arts[:BATCH_ARTICLES - 1]:
        pending.add(a.article, a)
    assert report.built == [] and seen == [], "nothing counts as built before its commit"
    for a in arts[BATCH_ARTICLES - 1 :]:
        pending.add(a.article, a)
    pending.flush()
    assert [len(b) for b in store.batches] == [BATCH_ARTICLES, 3]
    assert report.built == [a.article.id for a in arts] and [a.id for a in seen] == report.built


def test_a_failing_batch_is_retried_one_by_one_and_loses_only_the_bad_article(gazetteer):
    store = FakeStore(bad={"a2.txt"})
    pending, report, warnings, _ = _pending(store, gazetteer)
    for a in _articles(4):
        pending.add(a.article, a)
    pending.flush()
    assert report.built == ["a0.txt", "a1.txt", "a3.txt"]
    assert len(report.failed) == 1 and "a2.txt" in report.failed[0]
    assert any("a2.txt" in w and "bad triple" in w for w in warnings)


def test_a_store_without_batches_gets_one_write_per_article(gazetteer):
    store = FakeStore()
    store.batch_writes = False
    pending, report, _, _ = _pending(store, gazetteer)
    for a in _articles(3):
        pending.add(a.article, a)
    assert store.single == [str(article_graph_iri(f"a{i}.txt")) for i in range(3)] and store.batches == []
    assert report.built == ["a0.txt", "a1.txt", "a2.txt"]


class HeldStore(FakeStore):
    """A store that holds some articles (id -> content hash), or cannot say."""

    def __init__(self, held=None):
        super().__init__()
        self.held = held

    def query(self, q, bindings=None):
        if self.held is None:
            raise StoreError("server down")
        return [(i, h) for i, h in self.held.items() if str(article_graph_iri(i)) in q]


def test_after_an_interrupt_the_batch_in_flight_counts_what_the_store_holds(gazetteer):
    arts = [r.article for r in _articles(3)]
    # a0: counted before the interrupt; a1: committed, not counted; a2: an older version only
    store = HeldStore({a.id: a.content_hash for a in arts[:2]} | {"a2.txt": "old"})
    pending, report, _, seen = _pending(store, gazetteer)
    pending.writing = arts
    report.built.append("a0.txt")
    pending.settle()
    assert report.built == ["a0.txt", "a1.txt"] and [a.id for a in seen] == ["a1.txt"]
    assert pending.writing == []


def test_after_an_interrupt_a_store_that_cannot_answer_leaves_the_count(gazetteer):
    pending, report, _, _ = _pending(HeldStore(None), gazetteer)
    pending.writing = [r.article for r in _articles(2)]
    pending.settle()  # no StoreError in place of the interrupt
    assert report.built == []


def test_a_failed_article_leaves_nothing_in_the_index(gazetteer):
    store = FakeStore(bad={"a1.txt"})
    pending, report, _, _ = _pending(store, gazetteer)
    for a in _articles(3):
        pending.add(a.article, a)
    pending.flush()
    index = pending.writer.resolver.index
    assert [index.article_hash(f"a{i}.txt") is not None for i in range(3)] == [True, False, True]
