"""Every statement resolution runs against the index is a lookup by key:
SQLite's own query plan for each shows no scan of a table, so no lookup
grows with the number of articles. The articles are written here (no
spaCy): full names and surnames alone, a second person of a surname, dated
and undated reports of one meeting, an article replaced."""

from __future__ import annotations

import dataclasses

from kg.index import ResolutionIndex
from kg.resolve import Resolver
from kg.types import Article, ArticleRecord, MeetingRecord, PersonRecord


def _record(aid: str, published: str, people: list[tuple[str, str, str | None]], date: str | None) -> ArticleRecord:
    persons = tuple(PersonRecord(key, name, (), country) for key, name, country in people)
    keys = tuple(sorted(p.key for p in persons))
    meeting = MeetingRecord(keys, tuple(sorted({c for _, _, c in people if c})), None, date, "in_person", "occurred")
    return ArticleRecord(Article(id=aid, text=aid, published=published), persons, (), (), (meeting,))


def _batches() -> list[list[ArticleRecord]]:
    a = _record("a.txt", "2024-01-10", [("ilona-varkonyi", "Ilona Varkonyi", "HU"), ("marek-dobrovsky", "Marek Dobrovsky", "SK")], "2024-01-09")
    b = _record("b.txt", "2024-01-12", [("varkonyi", "Varkonyi", None), ("marek-dobrovsky", "Marek Dobrovsky", "SK")], None)
    c = _record("c.txt", "2024-01-20", [("peter-varkonyi", "Peter Varkonyi", "HU"), ("jan-novak", "Jan Novak", "CZ")], "2024-01")
    d = _record("d.txt", "2024-01-11", [("ilona-varkonyi", "Ilona Varkonyi", "HU"), ("marek-dobrovsky", "Marek Dobrovsky", "SK")], "2024-01-09")
    a2 = dataclasses.replace(a, article=dataclasses.replace(a.article, text="a, changed"))
    return [[a], [b], [c, d], [a2]]


def test_resolution_reads_the_index_by_key_only(gazetteer, tmp_path):
    index = ResolutionIndex(tmp_path / "index.sqlite3")
    statements: list[str] = []
    index._db.set_trace_callback(statements.append)
    resolver = Resolver(gazetteer, index)
    for batch in _batches():
        resolver.apply(batch)
        resolver.commit()
    for aid in ("a.txt", "b.txt", "c.txt"):
        assert resolver.resolved(aid) is not None
    index._db.set_trace_callback(None)
    lookups = {s for s in statements if s.lstrip().split()[0].upper() in ("SELECT", "UPDATE", "DELETE")}
    assert len(lookups) > 20  # the workload reached surname, variant and report lookups
    scans = {}
    for sql in sorted(lookups):
        plan = [row[-1] for row in index._db.execute("EXPLAIN QUERY PLAN " + sql)]
        if any(step.startswith("SCAN") for step in plan):
            scans[sql] = plan
    index.close()
    assert not scans, scans
