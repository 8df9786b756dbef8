"""Cross-article resolution: one node per person, one meeting node for one
meeting reported by several articles."""

from __future__ import annotations

import pytest


@pytest.fixture()
def resolver(gazetteer):
    from kg.resolve import Resolver

    return Resolver(gazetteer)


def _meeting(record, *keys):
    return next(i for i, m in enumerate(record.meetings) if set(keys) <= set(m.participants))


def test_same_meeting_in_two_articles_is_one_node(extract, resolver):
    a = extract("Jake Sullivan travels to Rome on Monday to meet Yang Jiechi, China's top diplomat.",
                published="2022-03-13", article_id="a.txt")
    b = extract("U.S. National Security Adviser Jake Sullivan held a seven-hour meeting in Rome with Yang Jiechi on Monday.",
                published="2022-03-15", article_id="b.txt")
    ra, ia = resolver.resolve(a)
    rb, ib = resolver.resolve(b)
    assert ia[_meeting(ra, "jake-sullivan", "yang-jiechi")] == ib[_meeting(rb, "jake-sullivan", "yang-jiechi")]


def test_different_dates_are_different_meetings(extract, resolver):
    a = extract("Jake Sullivan met Yang Jiechi in Zurich on Oct. 6.", published="2021-10-07", article_id="a.txt")
    b = extract("Jake Sullivan met Yang Jiechi in Rome on March 14.", published="2022-03-15", article_id="b.txt")
    ra, ia = resolver.resolve(a)
    rb, ib = resolver.resolve(b)
    assert ia[0] != ib[0]


def test_planned_then_occurred_meeting_with_month_and_day_merge(extract, resolver):
    a = extract("Joe Biden held a virtual meeting with Xi Jinping in November.", published="2021-12-01", article_id="a.txt")
    b = extract("The talks followed a video summit between Joe Biden and Xi Jinping in November.",
                published="2022-03-15", article_id="b.txt")
    ra, ia = resolver.resolve(a)
    rb, ib = resolver.resolve(b)
    assert ia[0] == ib[_meeting(rb, "joe-biden", "xi-jinping")]


def test_surname_only_article_maps_to_the_known_person(extract, resolver):
    a = extract("Deputy Minister Ilona Varkonyi met Marek Dobrovsky in Bratislava.", published="2024-01-10", article_id="a.txt")
    resolver.resolve(a)
    b = extract("Deputy Minister Varkonyi said on Friday that her talks with Dobrovsky went well.",
                published="2024-01-13", article_id="b.txt")
    rb, _ = resolver.resolve(b)
    assert "ilona-varkonyi" in {p.key for p in rb.people}
    assert "marek-dobrovsky" in {p.key for p in rb.people}


def test_seed_store_has_no_duplicate_people_and_merges(seeds_store_path):
    from kg.records import meetings, people
    from kg.store import LocalStore

    st = LocalStore(seeds_store_path, read_only=True)
    try:
        names = [p["name"] for p in people(st)]
        assert len(names) == len(set(names))
        assert "Xi Jinpings" not in names
        multi = [m for m in meetings(st) if len({s["article"] for s in m["sources"]}) > 1]
        assert len(multi) >= 2
    finally:
        st.close()
