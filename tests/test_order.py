"""One graph whatever the order of builds: A then B, B then A, A+B at once,
one article at a time in reverse, an interrupted and resumed build, and a
changed article all end with the same quads (same IRIs; no blank nodes, so
quad-set equality is isomorphism), merged default graph included.

Articles are parsed once (extraction depends only on the article); the
orders are played through the resolver and the store writer that
`kg build` uses, plus one end-to-end run of `kg build`."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.build import GraphWriter, build
from kg.grouping import report_of
from kg.rdf.iris import article_graph_iri
from kg.resolve import Resolver
from kg.store import LocalStore
from kg.types import Article, MeetingRecord, Place

from .conftest import SEEDS

CRAFTED = [
    ("surname.txt", "2024-01-13", "Deputy Minister Varkonyi said on Friday that her talks with Dobrovsky in Bratislava went well."),
    ("fullname.txt", "2024-01-10", "Deputy Minister Ilona Varkonyi met Marek Dobrovsky in Bratislava."),
    ("planned.txt", "2024-02-01", "Foreign Minister Tomas Halvorsen will meet Chinese Foreign Minister Wang Yi in Oslo, officials said."),
    ("held.txt", "2024-02-10", "Foreign Minister Tomas Halvorsen met Chinese Foreign Minister Wang Yi in Oslo on Thursday."),
    # the same pair a month later, reported with different attendee lists, then a year later
    ("oslo_two.txt", "2024-03-08",
     "Norwegian Foreign Minister Tomas Halvorsen met Chinese Foreign Minister Wang Yi in Oslo on Thursday."),
    ("oslo_four.txt", "2024-03-09",
     "Chinese Foreign Minister Wang Yi and Vice Foreign Minister Ma Zhaoxu met Norwegian Defence Minister "
     "Ragnhild Solberg and Foreign Minister Tomas Halvorsen in Oslo on Thursday."),
    ("oslo_month.txt", "2024-03-12",
     "Norwegian Foreign Minister Tomas Halvorsen said his talks with Chinese Foreign Minister Wang Yi in Oslo were frank."),
    ("planned_late.txt", "2024-03-20",
     "Norwegian Foreign Minister Tomas Halvorsen will meet Chinese Foreign Minister Wang Yi in Oslo."),
    ("beijing.txt", "2025-03-14",
     "Norwegian Foreign Minister Tomas Halvorsen met Chinese Foreign Minister Wang Yi in Beijing on Thursday."),
]


@pytest.fixture(scope="module")
def records(nlp, extractor):
    """Extracted records of the seeds and the crafted articles, by id."""
    import csv

    meta = {row["id"]: row for row in csv.DictReader((SEEDS / "manifest.csv").open(encoding="utf-8"))}
    arts = [Article(id=p.name, text=p.read_text(encoding="utf-8"), published=meta.get(p.name, {}).get("published") or None)
            for p in sorted(SEEDS.glob("*.txt"))]
    arts += [Article(id=i, text=t, published=d) for i, d, t in CRAFTED]
    return {a.id: extractor(nlp(a.text), a) for a in arts}


def quads(st: LocalStore) -> tuple[set, set]:
    named = {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in st.quads()}
    assert not any(x.startswith("_:") for q in named for x in q), "blank node in the store"
    merged = {(str(t.subject), str(t.predicate), str(t.object)) for t in st.union_triples()}
    return named, merged


def play(path, batches, gazetteer):
    """Write ``batches`` (lists of records) in turn, as `kg build` runs do."""
    with LocalStore(path) as st:
        for batch in batches:
            index = st.resolution_index()
            try:
                GraphWriter(st, Resolver(gazetteer, index), country_name=gazetteer.country_name).write(batch)
            finally:
                index.close()
        return quads(st)


@pytest.fixture(scope="module")
def reference(records, gazetteer, tmp_path_factory):
    return play(tmp_path_factory.mktemp("ref") / "s", [list(records.values())], gazetteer)


def _split(records):
    ids = sorted(records)
    a = [records[i] for i in ids if i in {"surname.txt", "planned.txt", "oslo_four.txt", "planned_late.txt"}
         or i.startswith(("000", "002", "004"))]
    b = [records[i] for i in ids if records[i] not in a]
    return a, b


@pytest.mark.parametrize("order", ["A then B", "B then A", "one by one, reversed", "one by one"])
def test_any_order_gives_the_same_quads(order, records, reference, gazetteer, tmp_path):
    a, b = _split(records)
    batches = {
        "A then B": [a, b],
        "B then A": [b, a],
        "one by one, reversed": [[r] for r in sorted(records.values(), key=lambda r: r.article.id, reverse=True)],
        "one by one": [[r] for r in sorted(records.values(), key=lambda r: r.article.id)],
    }[order]
    named, merged = play(tmp_path / "s", batches, gazetteer)
    assert named == reference[0]
    assert merged == reference[1]
    assert len(named) > 1000


@given(data=st.data())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_regroup_in_any_batches_equals_grouping_all_at_once(data):
    """The index's incremental grouping, fed reports in random batches (and
    articles replaced or taken out again), ends where grouping the reports
    that remain all at once ends."""
    from kg.grouping import cluster_reports, regroup
    from kg.index import ResolutionIndex

    people = {"a": "US", "b": "CN", "c": "CN", "d": "RU", "e": None}
    days = ["2024-03-01", "2024-03-02", "2024-03-20", "2025-03-01"]
    dates = days[:2] + ["2024-03", "2024", None]

    @st.composite
    def article(draw, name):
        published = draw(st.sampled_from(days))
        out = []
        for i in range(draw(st.integers(1, 3))):
            parts = draw(st.sets(st.sampled_from(sorted(people)), min_size=0, max_size=4) | st.just({"a", "b"}))
            sides = {people[p] for p in parts if people[p]} or draw(st.sets(st.sampled_from(["US", "CN", "RU"]), max_size=3))
            place = draw(st.sampled_from([None, ("oslo", "NO"), ("bergen", "NO"), ("beijing", "CN"), ("hall", None)]))
            m = MeetingRecord(tuple(sorted(parts)), tuple(sorted(sides)), Place(*place, place[1]) if place else None,
                              draw(st.sampled_from(dates)), draw(st.sampled_from(["unknown", "unknown", "in_person", "phone"])),
                              draw(st.sampled_from(["occurred", "planned", "unknown"])))
            out.append(report_of(m, article=name, index=i, published=published, countries=people))
        return out

    names = [f"{k}.txt" for k in range(data.draw(st.integers(2, 12)))]
    arts = {n: data.draw(article(n)) for n in names}
    index = ResolutionIndex()
    index.begin()
    todo = data.draw(st.permutations(names))
    while todo:
        k = data.draw(st.integers(1, len(todo)))
        batch, todo = todo[:k], todo[k:]
        regroup(index, batch, [r for n in batch for r in arts[n]])
    for n in data.draw(st.lists(st.sampled_from(names), max_size=4, unique=True)):
        if data.draw(st.booleans()):
            del arts[n]
            regroup(index, [n], [])
        else:
            arts[n] = data.draw(article(n))
            regroup(index, [n], arts[n])
    held = {(r.article, r.index): r.iri for n in names for r in index.reports_of(n)}
    assert held == cluster_reports(r for rs in arts.values() for r in rs)


def test_a_later_full_name_updates_the_earlier_article(records, gazetteer, tmp_path):
    play(tmp_path / "s", [[records["surname.txt"]]], gazetteer)
    named, _ = play(tmp_path / "s", [[records["fullname.txt"]]], gazetteer)
    g = f"<{article_graph_iri('surname.txt')}>"
    earlier = {(s, p, o) for s, p, o, graph in named if graph == g}
    person = "<https://w3id.org/diplomacy-kg/id/person/ilona-varkonyi>"
    assert (person, "<https://schema.org/name>", '"Ilona Varkonyi"') in earlier
    assert (person, "<http://www.w3.org/2004/02/skos/core#altLabel>", '"Varkonyi"') in earlier
    assert not any("person/varkonyi" in s for s, _, _ in earlier)


def test_a_later_date_gives_the_undated_meeting_the_same_node(records, gazetteer, tmp_path):
    play(tmp_path / "s", [[records["planned.txt"]]], gazetteer)
    named, _ = play(tmp_path / "s", [[records["held.txt"]]], gazetteer)
    meetings = {}
    for s, p, o, graph in named:
        if p == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" and o.endswith("#Meeting>"):
            meetings.setdefault(graph, set()).add(s)
    planned, held = meetings[f"<{article_graph_iri('planned.txt')}>"], meetings[f"<{article_graph_iri('held.txt')}>"]
    assert planned == held and len(planned) == 1


MEETING = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def meetings_of(named) -> dict[str, set[str]]:
    """Article id -> the meeting IRIs its graph has."""
    out: dict[str, set[str]] = {}
    for s, p, o, graph in named:
        if p == MEETING and o.endswith("#Meeting>"):
            out.setdefault(graph.rsplit("/", 1)[-1].rstrip(">"), set()).add(s)
    return out


@pytest.mark.parametrize("order", [["oslo_two.txt", "oslo_four.txt"], ["oslo_four.txt", "oslo_two.txt"]])
def test_different_attendee_lists_give_one_meeting_node_in_either_order(order, records, gazetteer, tmp_path):
    """One article names the two ministers, the other both delegations
    (four people): one meeting node, with both articles as sources."""
    named, _ = play(tmp_path / "s", [[records[order[0]]], [records[order[1]]]], gazetteer)
    found = meetings_of(named)
    assert found["oslo_two.txt"] == found["oslo_four.txt"] and len(found["oslo_two.txt"]) == 1
    with LocalStore(tmp_path / "s", read_only=True) as st:
        from kg.records import meetings

        node = next(m for m in meetings(st) if m["id"] == next(iter(found["oslo_two.txt"]))[1:-1])
    assert {s["article"] for s in node["sources"]} == {"oslo_two.txt", "oslo_four.txt"}
    assert len(node["participants"]) == 4


def test_meetings_of_one_pair_stay_apart(records, reference):
    """Halvorsen and Wang Yi meet in February, in March (three reports, one
    of them dated only by month) and a year later; a meeting still "planned"
    after the March talks is another one; the February plan is February's."""
    found = meetings_of(reference[0])
    feb, march, later = found["held.txt"], found["oslo_two.txt"], found["beijing.txt"]
    assert found["planned.txt"] == feb
    assert found["oslo_four.txt"] == found["oslo_month.txt"] == march
    assert len({*feb, *march, *later, *found["planned_late.txt"]}) == 4


def test_a_second_person_with_the_surname_undoes_the_surname_match(records, gazetteer, tmp_path):
    """Surname resolution takes the one person of that surname: a second one
    makes it ambiguous, and the earlier article goes back to its own node,
    as if both had been there from the start."""
    other = dataclasses.replace(records["fullname.txt"], article=Article(id="other.txt", text="x", published="2024-01-11"))
    person = next(p for p in other.people if p.key == "ilona-varkonyi")
    other = dataclasses.replace(other, people=(dataclasses.replace(person, key="zsofia-varkonyi", name="Zsofia Varkonyi"),),
                                meetings=())
    batch = [records["surname.txt"], records["fullname.txt"]]
    stepwise = play(tmp_path / "a", [batch, [other]], gazetteer)
    at_once = play(tmp_path / "b", [batch + [other]], gazetteer)
    assert stepwise == at_once
    g = f"<{article_graph_iri('surname.txt')}>"
    assert any(s.endswith("person/varkonyi>") for s, _, _, graph in stepwise[0] if graph == g)


def test_interrupted_and_resumed_build_gives_the_same_quads(records, reference, gazetteer, tmp_path, monkeypatch):
    a, b = _split(records)
    path = tmp_path / "s"
    play(path, [a], gazetteer)

    real = LocalStore.replace_graphs

    def dies_half_way(self, items):
        real(self, items[: len(items) // 2])
        raise KeyboardInterrupt

    monkeypatch.setattr(LocalStore, "replace_graphs", dies_half_way)
    with pytest.raises(KeyboardInterrupt):
        play(path, [b], gazetteer)
    monkeypatch.setattr(LocalStore, "replace_graphs", real)
    with LocalStore(path) as st:
        index = st.resolution_index()
        try:
            assert index.pending(), "the interrupted write left no journal"
            writer = GraphWriter(st, Resolver(gazetteer, index), country_name=gazetteer.country_name)
            writer.recover(index.pending())
            assert not index.pending()
            assert {index.article_hash(r.article.id) is not None for r in b} == {False}
        finally:
            index.close()
    assert play(path, [b], gazetteer) == reference


def test_a_changed_article_gives_the_graph_of_a_fresh_build(records, gazetteer, tmp_path):
    before = dict(records)
    changed = dataclasses.replace(records["held.txt"], meetings=())  # the later report no longer has the meeting
    after = dict(records, **{"held.txt": changed})
    play(tmp_path / "a", [list(before.values())], gazetteer)
    incremental = play(tmp_path / "a", [[changed]], gazetteer)
    fresh = play(tmp_path / "b", [list(after.values())], gazetteer)
    assert incremental == fresh


def test_an_index_of_the_earlier_schema_is_upgraded_and_the_meetings_grouped_again(records, reference, gazetteer, tmp_path):
    """An index of schema 1 (meeting reports grouped by participant set)
    keeps its articles and people; its meetings are grouped again from the
    stored records, without parsing, and the graphs written as a fresh
    build writes them."""
    import sqlite3

    from kg.index import INDEX_FILE

    path = tmp_path / "s"
    play(path, [list(records.values())], gazetteer)
    db = sqlite3.connect(path / INDEX_FILE)
    db.executescript("""
        DROP TABLE report; DROP TABLE report_key;
        CREATE TABLE report(article TEXT, idx INTEGER, grp TEXT, date TEXT, mode TEXT, place TEXT,
            place_country TEXT, published TEXT, iri TEXT, PRIMARY KEY(article, idx));
        CREATE INDEX report_grp ON report(grp, published);
        CREATE TABLE cluster(iri TEXT PRIMARY KEY, grp TEXT, parts TEXT, published TEXT, date TEXT, mode TEXT,
            place TEXT, place_country TEXT, ord TEXT);
        UPDATE meta SET v='1' WHERE k='schema';""")
    db.close()
    with LocalStore(path) as st:  # the graph the earlier grouping wrote differs
        st.replace_graphs([(article_graph_iri("oslo_four.txt"), [])])
    with LocalStore(path) as st:
        build([], store=st)
        assert quads(st) == reference
        index = st.resolution_index()
        try:
            assert not index.needs_regroup()
        finally:
            index.close()


def test_kg_build_a_then_b_equals_a_and_b(tmp_path, nlp):
    """End to end: two `kg build` runs on two halves, in either order, give
    the store of one run on both."""
    lines = [json.dumps({"id": i, "text": t, "published": d}) for i, d, t in CRAFTED]
    a, b, both = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "ab.jsonl"
    a.write_text("\n".join(lines[0::2]) + "\n", encoding="utf-8")
    b.write_text("\n".join(lines[1::2]) + "\n", encoding="utf-8")
    both.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = []
    for name, runs in (("ab", [both]), ("a-b", [a, b]), ("b-a", [b, a])):
        with LocalStore(tmp_path / name) as st:
            for inp in runs:
                report = build([inp], store=st, nlp=nlp)
                assert report.failed == []
            results.append(quads(st))
    assert results[0] == results[1] == results[2]
