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


# -- one meeting, several reports ---------------------------------------------------------------
OSLO = "Norwegian Foreign Minister Tomas Halvorsen met Chinese Foreign Minister Wang Yi in Oslo on Thursday."
OSLO_DELEGATIONS = ("Chinese Foreign Minister Wang Yi and Vice Foreign Minister Ma Zhaoxu met Norwegian Defence "
                    "Minister Ragnhild Solberg and Foreign Minister Tomas Halvorsen in Oslo on Thursday.")


def _now(resolver, article_id, keys=("tomas-halvorsen", "wang-yi")):
    """IRI of the article's meeting of ``keys`` as it resolves now (a later
    article may have changed it since the article was resolved)."""
    record, iris, _ = resolver.resolved(article_id)
    return iris[_meeting(record, *keys)]


@pytest.mark.parametrize("first", ["two named", "four named"])
def test_reports_naming_different_attendees_are_one_meeting_in_either_order(extract, gazetteer, first):
    """One outlet names the two ministers, another both delegations: the
    pair they share makes them one meeting, whichever is resolved first."""
    from kg.resolve import Resolver

    a = extract(OSLO, published="2024-03-08", article_id="a.txt")
    b = extract(OSLO_DELEGATIONS, published="2024-03-09", article_id="b.txt")
    assert len(b.meetings[0].participants) == 4
    resolver = Resolver(gazetteer)
    order = [a, b] if first == "two named" else [b, a]
    for record in order:
        resolver.resolve(record)
    assert _now(resolver, "a.txt") == _now(resolver, "b.txt")


def test_the_same_pair_a_year_later_is_another_meeting(extract, resolver):
    a = extract(OSLO, published="2024-03-08", article_id="a.txt")
    b = extract("Norwegian Foreign Minister Tomas Halvorsen met Chinese Foreign Minister Wang Yi in Beijing on Thursday.",
                published="2025-03-14", article_id="b.txt")
    resolver.resolve(a)
    resolver.resolve(b)
    assert _now(resolver, "a.txt") != _now(resolver, "b.txt")


@pytest.mark.parametrize(("published", "same"), [
    ("2024-03-01", True),   # "will meet ... next week", a week before the talks
    ("2024-03-20", False),  # still "will meet" two weeks after the talks: a later meeting
])
def test_a_planned_meeting_is_the_later_one_that_took_place(extract, resolver, published, same):
    planned = extract("Norwegian Foreign Minister Tomas Halvorsen will meet Chinese Foreign Minister Wang Yi in Oslo.",
                      published=published, article_id="planned.txt")
    assert planned.meetings[0].status == "planned"
    resolver.resolve(planned)
    resolver.resolve(extract(OSLO, published="2024-03-08", article_id="held.txt"))
    assert (_now(resolver, "planned.txt") == _now(resolver, "held.txt")) is same


# -- the rule, record by record --------------------------------------------------------------------
def _m(*parts, date=None, mode="unknown", status="unknown", place=None, sides=()):
    from kg.types import MeetingRecord, Place

    where = Place(place[0].lower(), place[0], place[1]) if place else None
    return MeetingRecord(tuple(parts), tuple(sides), where, date, mode, status)


COUNTRIES = {"biden": "US", "blinken": "US", "xi": "CN", "wang": "CN", "lula": "BR", "modi": "IN"}

SAME_MEETING = [
    # (known, known published, new, new published, same?, why)
    (_m("biden", "xi", date="2023-11-15"), "2023-11-16", _m("biden", "blinken", "xi", "wang", date="2023-11-15"),
     "2023-11-16", True, "different attendee lists sharing a pair"),
    (_m("biden", "xi", date="2023-11-15"), "2023-11-16", _m("blinken", "wang", date="2023-11-15"), "2023-11-16",
     False, "no pair in common"),
    (_m("biden", "blinken", "xi", date="2023-11-15"), "2023-11-16", _m("biden", "blinken", "wang", date="2023-11-15"),
     "2023-11-16", False, "only a pair of one country in common"),
    (_m("biden", "xi", date="2023-11-15"), "2023-11-16", _m("xi", "biden", date="2023-11"), "2023-12-01", True,
     "a month contains its days"),
    (_m("biden", "xi", date="2023-11-15"), "2023-11-16", _m("biden", "xi", date="2023-11-16"), "2023-11-17", False,
     "two days"),
    (_m("biden", "xi", date="2023-11"), "2023-11-16", _m("biden", "xi", date="2024-11"), "2024-11-16", False,
     "a year apart"),
    (_m("biden", "xi", date="2023-11-15", mode="in_person"), "2023-11-16", _m("biden", "xi", date="2023-11-15", mode="phone"),
     "2023-11-16", False, "two known modes"),
    (_m("biden", "xi", date="2023-11-15", place=("Woodside", "US")), "2023-11-16",
     _m("biden", "xi", date="2023-11-15", place=("San Francisco", "US")), "2023-11-16", True, "two places in one country"),
    (_m("biden", "xi", date="2023-11-15", place=("Woodside", "US")), "2023-11-16",
     _m("biden", "xi", date="2023-11-15", place=("Beijing", "CN")), "2023-11-16", False, "places in two countries"),
    (_m("biden", "xi", date="2023-11-15", place=("Filoli estate", None)), "2023-11-16",
     _m("biden", "xi", date="2023-11-15", place=("Woodside", "US")), "2023-11-16", True, "a venue of unknown country"),
    (_m("biden", "xi", date="2023-11-15", status="occurred"), "2023-11-16",
     _m("biden", "xi", date="2023-11", status="planned"), "2023-11-02", True, "planned before it took place"),
    (_m("biden", "xi", date="2023-11-15", status="occurred"), "2023-11-16",
     _m("biden", "xi", date="2023-11", status="planned"), "2023-11-20", False, "still planned after it took place"),
    (_m("biden", "xi", date="2023-11-15", mode="in_person"), "2023-11-16", _m("biden", "xi"), "2023-11-20", True,
     "undated, a few days later, the dated one's mode known"),
    (_m("biden", "xi", date="2023-11-15"), "2023-11-16", _m("biden", "xi"), "2023-11-20", False,
     "undated with no more evidence than the pair"),
    (_m("biden", "xi", date="2023-11-15", mode="in_person"), "2023-11-16", _m("biden", "xi"), "2024-01-20", False,
     "undated, published two months later"),
    (_m("biden", "xi", date="2022-11-14", mode="in_person"), "2023-11-16", _m("biden", "xi"), "2023-11-20", False,
     "undated, a year after the date an article published with it recalls"),
    (_m("biden", "xi", mode="in_person", place=("Bali", "ID")), "2023-11-16",
     _m("biden", "xi", mode="in_person", place=("Bali", "ID")), "2023-11-16", False, "two undated reports"),
    (_m(sides=("US", "CN"), date="2023-11-15"), "2023-11-16", _m(sides=("CN", "US"), date="2023-11"), "2023-11-16",
     True, "no people, the same sides"),
    (_m(sides=("US", "CN"), date="2023-11-15"), "2023-11-16", _m("biden", "xi", date="2023-11-15"), "2023-11-16",
     False, "sides only against named people"),
    (_m("biden", "xi", date="2023-11-15", sides=("CN", "US")), "2023-11-16",
     _m("biden", "xi", "lula", "modi", date="2023-11-15", sides=("BR", "CN", "IN", "US")), "2023-11-16", False,
     "a bilateral is not the summit both attended"),
    (_m("biden", "xi", "lula", date="2023-11-15", sides=("BR", "CN", "US")), "2023-11-16",
     _m("biden", "xi", "lula", "modi", date="2023-11-15", sides=("BR", "CN", "IN", "US")), "2023-11-16", True,
     "a summit with one more leader named"),
]


@pytest.mark.parametrize(("known", "kp", "new", "np_", "same", "why"), SAME_MEETING, ids=[row[-1] for row in SAME_MEETING])
def test_same_meeting(known, kp, new, np_, same, why):
    from kg.resolve import same_meeting

    assert same_meeting(known, new, known_published=kp, new_published=np_, countries=COUNTRIES) is same
    assert same_meeting(new, known, known_published=np_, new_published=kp, countries=COUNTRIES) is same


def _report(article, m, published):
    from kg.grouping import report_of

    return report_of(m, article=article, index=0, published=published, countries=COUNTRIES)


def test_a_report_that_could_be_either_meeting_joins_one_and_keeps_them_apart():
    """Reports are compared with every member of a meeting, so a chain of
    merges cannot join two meetings that two of its reports tell apart."""
    from kg.grouping import cluster_reports

    reports = [
        _report("march.txt", _m("biden", "xi", date="2023-03-02", mode="phone"), "2023-03-03"),
        _report("april.txt", _m("biden", "xi", date="2023-04-11", mode="in_person"), "2023-04-12"),
        _report("year.txt", _m("biden", "xi", date="2023"), "2023-12-30"),       # could be either
        _report("undated.txt", _m("biden", "xi", mode="in_person"), "2023-04-13"),  # near the April one only
    ]
    out = cluster_reports(reports)
    march, april, year, undated = (out[(r.article, 0)] for r in reports)
    assert march != april
    assert year == march and undated == april
    assert cluster_reports(reports[::-1]) == out


def test_two_reports_of_one_article_stay_two_meetings():
    import dataclasses

    from kg.grouping import cluster_reports

    a = _report("a.txt", _m("biden", "xi", date="2023-11-15"), "2023-11-16")
    second = dataclasses.replace(_report("a.txt", _m("biden", "xi", date="2023-11"), "2023-11-16"), index=1)
    other = _report("b.txt", _m("biden", "xi", date="2023-11"), "2023-11-20")
    out = cluster_reports([a, second, other])
    assert out[("a.txt", 0)] != out[("a.txt", 1)]
    assert out[("b.txt", 0)] == out[("a.txt", 0)]
