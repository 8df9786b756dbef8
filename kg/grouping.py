"""Which meeting reports are one meeting.

A *report* is one meeting as one article tells it. Two reports are one
meeting when they share a participant pair from different countries (or,
with no person named, the same sides) and nothing in them contradicts it:
:func:`same_meeting` is that rule, the one the project has, used within a
build and across builds.

Reports are grouped around *leaders*. They are taken in a canonical order
(most precise date first, known mode and place first, then publication
date, article id: :func:`canonical_order`); each joins the first leader
before it that it is the same meeting as, provided that no report already
in that meeting contradicts it and none comes from its own article;
otherwise it leads a meeting of its own. A report is compared with the
leader and with every member, never only with the last one, so a chain of
merges cannot join what two of its reports tell apart: a meeting in March
and one in April of the same pair stay two even when a report dated only
"2022" could be either, and an undated report joins one of them at most.

The grouping is a function of the *set* of reports, never of their order:
:func:`cluster_reports` computes it in memory; :func:`regroup` keeps it up
to date in the :class:`~kg.index.ResolutionIndex` as articles come and go,
deciding again only the reports a change can reach (those sharing a
participant pair or sides with a changed report, in its date bucket or
publication window), in canonical order, so its result is the one
:func:`cluster_reports` gives for all of them at once.

A meeting's IRI comes from its leader: participant set (or sides) and
date, plus the leader's article when another meeting of the same
participants and date comes before it; an undated meeting of its own
takes the article's name.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta

from .index import Ref, ResolutionIndex, Report
from .rdf.iris import meeting_iri
from .types import MeetingRecord

#: An undated report and a dated one are one meeting only if their articles
#: were published this close together, and the meeting's date is this close
#: to the undated report's publication.
UNDATED_WINDOW_DAYS = 21


# -- reports ----------------------------------------------------------------------------------
def report_keys(participants: Iterable[str], countries: Mapping[str, str | None] | None = None,
                sides: Iterable[str] = ()) -> tuple[str, ...]:
    """The keys a report is found by: one per pair of participants not known
    to act for the same country; with no such pair, the participant set;
    with no participant, the sides.

    >>> report_keys(["xi-jinping", "joe-biden", "antony-blinken"], {"joe-biden": "US", "antony-blinken": "US"})
    ('pair:antony-blinken|xi-jinping', 'pair:joe-biden|xi-jinping')
    >>> report_keys(["wang-yi"], {"wang-yi": "CN"}, ["CN", "US"]), report_keys([], {}, ["US", "CN"])
    (('set:wang-yi',), ('sides:CN,US',))
    """
    people = sorted(set(participants))
    countries = countries or {}
    pairs = tuple(
        f"pair:{a}|{b}" for i, a in enumerate(people) for b in people[i + 1:]
        if not (countries.get(a) and countries.get(a) == countries.get(b))
    )
    if pairs:
        return pairs
    if people:
        return ("set:" + ",".join(people),)
    sides = sorted(set(sides))
    return ("sides:" + ",".join(sides),) if sides else ()


def report_of(m: MeetingRecord, *, article: str, index: int, published: str | None = None,
              countries: Mapping[str, str | None] | None = None) -> Report:
    """The :class:`~kg.index.Report` of meeting ``m``, the ``index``-th of
    ``article`` (``countries``: person key -> country in that article)."""
    people = sorted(set(m.participants))
    sides = tuple(sorted(set(m.countries)))
    parts = ",".join(people) if people else ("sides:" + ",".join(sides) if sides else f"solo:{article}#{index}")
    return Report(article, index, parts, report_keys(people, countries, sides), sides, m.date, m.mode, m.status,
                  m.place.key if m.place else None, m.place.country if m.place else None, published)


# -- the rule ---------------------------------------------------------------------------------
def dates_compatible(a: str | None, b: str | None) -> bool:
    """Two ISO dates of possibly different precision can be the same day.

    >>> dates_compatible("2022-03", "2022-03-14"), dates_compatible("2022-03-14", "2022-03-15")
    (True, False)
    """
    if a is None or b is None:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _near(when: str, day: date, days: int) -> bool:
    """Some day of ``when`` (ISO, any precision) is within ``days`` of ``day``."""
    low, high = (day - timedelta(days=days)).isoformat(), (day + timedelta(days=days)).isoformat()
    return low[:len(when)] <= when <= high[:len(when)]


def _sides_differ(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """A bilateral meeting is not the multilateral one its two sides also
    attended; two multilateral reports may name fewer or more sides, but
    not each one that the other lacks."""
    sa, sb = set(a), set(b)
    if not sa or not sb or sa == sb:
        return False
    small, big = sorted((sa, sb), key=len)
    return len(big) >= 3 and (len(small) < 3 or not small <= big)


def contradicts(a: Report, b: Report) -> bool:
    """Whether anything two reports say tells them apart as meetings: dates
    that cannot be one day, two different known modes, places in two
    different known countries, a bilateral and a multilateral set of sides,
    or a meeting still planned after the day the other report says it took
    place.

    >>> r = Report("a", 0, "x,y", ("pair:x|y",), ("CN", "US"), "2022-03-14", "phone", "occurred", None, None, "2022-03-15")
    >>> contradicts(r, r), contradicts(r, Report("b", 0, "x,y", (), (), "2022-03", "video", "unknown", None, None, None))
    (False, True)
    >>> contradicts(r, Report("b", 0, "x,y", (), (), None, "unknown", "planned", None, None, "2022-03-20"))
    True
    """
    if not dates_compatible(a.date, b.date):
        return True
    if "unknown" not in (a.mode, b.mode) and a.mode != b.mode:
        return True
    if a.place and b.place and a.place != b.place and a.place_country and b.place_country \
            and a.place_country != b.place_country:
        return True
    if _sides_differ(a.sides, b.sides):
        return True
    for planned, held in ((a, b), (b, a)):
        if planned.status == "planned" and held.status == "occurred" and planned.published:
            when = held.date or held.published
            if when and planned.published[:len(when)] > when:
                return True
    return False


def same_report(a: Report, b: Report, *, window_days: int = UNDATED_WINDOW_DAYS) -> bool:
    """:func:`same_meeting` for two :class:`~kg.index.Report` s."""
    if not set(a.keys) & set(b.keys) or contradicts(a, b):
        return False
    if a.date and b.date:
        return True
    if not a.date and not b.date:
        return False  # two undated reports: nothing says when, so nothing says it is one meeting
    dated, undated = (a, b) if a.date else (b, a)
    pub_dated, pub_undated = _day(dated.published), _day(undated.published)
    if pub_dated is None or pub_undated is None or abs((pub_dated - pub_undated).days) > window_days:
        return False
    if not _near(dated.date, pub_undated, window_days):
        return False
    return bool(a.place and b.place) or dated.mode != "unknown"


def same_meeting(
    known: MeetingRecord,
    new: MeetingRecord,
    *,
    known_published: str | None = None,
    new_published: str | None = None,
    countries: Mapping[str, str | None] | None = None,
    window_days: int = UNDATED_WINDOW_DAYS,
) -> bool:
    """Whether ``new`` reports the meeting ``known`` stands for: the one
    "same meeting?" rule of the project.

    The two share a pair of participants who do not act for one country
    (``countries``: person key -> country; unknown counts as different), or,
    with no such pair, have the same participants, or, with none named, the
    same sides; and nothing contradicts it (:func:`contradicts`). When one
    report is undated, the two articles must be published within
    ``window_days`` of each other, the dated meeting within ``window_days``
    of the undated report's publication, and there must be more evidence
    (both places known, or the dated report's mode); two undated reports
    are never taken for one meeting.

    >>> a = MeetingRecord(("a", "b"), date="2022-03-14", mode="in_person")
    >>> same_meeting(a, MeetingRecord(("b", "a", "c"), date="2022-03")), same_meeting(a, MeetingRecord(("a", "c"), date="2022-03-14"))
    (True, False)
    >>> same_meeting(a, MeetingRecord(("a", "b")), known_published="2022-03-15", new_published="2022-03-20")
    True
    >>> same_meeting(a, MeetingRecord(("a", "b"), date="2023-03-14"))
    False
    """
    ra = report_of(known, article="known", index=0, published=known_published, countries=countries)
    rb = report_of(new, article="new", index=0, published=new_published, countries=countries)
    return same_report(ra, rb, window_days=window_days)


# -- grouping ---------------------------------------------------------------------------------
def canonical_order(r: Report) -> tuple:
    """Sort key of reports: most precise date first (then the date), known
    mode and place first, then publication date, article id and position."""
    return (-len(r.date or ""), r.date or "", r.mode == "unknown", r.place is None, r.published or "",
            r.article, r.index)


def _ref(r: Report) -> Ref:
    return (r.article, r.index)


def _choose(r: Report, candidates: Iterable[Report], members: Callable[[Report], Iterable[Report]],
            window_days: int) -> Report | None:
    """The leader ``r`` joins: the first of the leaders ``candidates`` before
    it that it is the same meeting as, with no member before ``r`` from its
    article or contradicting it; None: ``r`` leads a meeting of its own."""
    key = canonical_order(r)
    leaders = sorted((c for c in candidates if c.leader == _ref(c) and canonical_order(c) < key), key=canonical_order)
    for lead in leaders:
        if lead.article == r.article or not same_report(lead, r, window_days=window_days):
            continue
        if all(m.article != r.article and not contradicts(m, r)
               for m in members(lead) if canonical_order(m) < key):
            return lead
    return None


def _iri(leader: Report, first: bool) -> str:
    """IRI of the meeting ``leader`` leads (``first``: no meeting of the same
    participants and date comes before it)."""
    if leader.date is None:
        return str(meeting_iri(f"{leader.parts}|undated:{leader.article}#{leader.index}|{leader.mode}"))
    return str(meeting_iri(f"{leader.parts}|{leader.date}|" + ("" if first else f"{leader.article}#{leader.index}")))


def cluster_reports(reports: Iterable[Report], *, window_days: int = UNDATED_WINDOW_DAYS) -> dict[Ref, str]:
    """Meeting IRI of every report, whatever order they come in (in memory;
    :func:`regroup` gives the same over the resolution index).

    >>> r = [Report("b", 0, "x,y", ("pair:x|y",), (), None, "unknown", "planned", "Rome", "IT", "2022-03-10"),
    ...      Report("a", 0, "x,y", ("pair:x|y",), (), "2022-03-14", "phone", "occurred", None, None, "2022-03-15"),
    ...      Report("c", 0, "x,y,z", ("pair:x|y", "pair:x|z"), (), "2022-03", "unknown", "occurred", None, None, "2022-03-16"),
    ...      Report("d", 0, "x,y", ("pair:x|y",), (), "2023-03", "unknown", "occurred", None, None, "2023-03-16")]
    >>> out = cluster_reports(r); out == cluster_reports(r[::-1])
    True
    >>> out[("a", 0)] == out[("b", 0)] == out[("c", 0)] != out[("d", 0)]
    True
    """
    leaders: list[Report] = []
    members: dict[Ref, list[Report]] = {}
    leader_of: dict[Ref, Ref] = {}
    for r in sorted(reports, key=canonical_order):
        lead = _choose(r, (lead for lead in leaders if set(lead.keys) & set(r.keys)),
                       lambda lead: members[_ref(lead)], window_days)
        if lead is None:
            lead = dataclasses.replace(r, leader=_ref(r))
            leaders.append(lead)
            members[_ref(lead)] = []
        members[_ref(lead)].append(r)
        leader_of[_ref(r)] = _ref(lead)
    first: dict[tuple, Report] = {}
    for lead in leaders:  # in canonical order
        first.setdefault((lead.parts, lead.date), lead)
    iris = {_ref(lead): _iri(lead, first[(lead.parts, lead.date)] is lead) for lead in leaders}
    return {ref: iris[lead] for ref, lead in leader_of.items()}


def regroup(index: ResolutionIndex, articles: Iterable[str], reports: Iterable[Report], *,
            window_days: int = UNDATED_WINDOW_DAYS) -> set[str]:
    """Replace the meeting reports of ``articles`` in ``index`` with
    ``reports`` (an article with none left is gone) and decide again, in
    canonical order, every report the change can reach: those related to a
    changed report (:meth:`~kg.index.ResolutionIndex.related`), to the
    leader it left or joined, and so on as long as decisions change. Then
    name the meetings whose leader or rank changed. Returns the articles
    (other than ``articles``, and those too) whose meeting IRIs changed."""
    heap: list[tuple[tuple, Ref]] = []
    queued: set[tuple] = set()  # canonical orders (which end with the report's ref) queued

    def push(r: Report) -> None:
        key = canonical_order(r)
        if key not in queued:
            queued.add(key)
            heapq.heappush(heap, (key, _ref(r)))

    def after(x: Report, key: tuple) -> None:
        """Queue the reports related to ``x`` that come after ``key``."""
        for y in index.related(x, window_days=window_days):
            if canonical_order(y) > key:
                push(y)

    touched: set[Ref] = set()  # leaders whose meeting may have a new IRI or new members
    names: set[tuple] = set()  # (parts, date) of meetings that gained or lost a leader
    old_iri: dict[Ref, str | None] = {}
    for aid in sorted(set(articles)):
        for x in index.reports_of(aid):
            key = canonical_order(x)
            old_iri[_ref(x)] = x.iri
            after(x, key)
            if x.leader is None or x.leader == _ref(x):
                names.add((x.parts, x.date))
            else:
                lead = index.report(*x.leader)
                if lead is not None:
                    after(lead, key)
                    touched.add(x.leader)
        index.delete_reports(aid)
    reports = [dataclasses.replace(r, leader=None, iri=old_iri.get(_ref(r))) for r in reports]
    index.insert_reports(reports)
    for r in reports:
        push(r)

    while heap:
        key, ref = heapq.heappop(heap)
        r = index.report(*ref)
        if r is None or canonical_order(r) != key:
            continue  # gone, or queued before its article replaced it (then queued again in its new place)
        lead = _choose(r, index.related(r, window_days=window_days), index.members, window_days)
        new = ref if lead is None else _ref(lead)
        if new == r.leader:
            continue
        index.set_leader(ref, new)
        if r.leader in (None, ref) or new == ref:  # it led, or leads now: its followers may choose otherwise
            after(r, key)
            names.add((r.parts, r.date))
        for other in (r.leader, new):
            if other is not None and other != ref:
                lead = index.report(*other)
                if lead is not None:
                    after(lead, key)
        touched.update(x for x in (r.leader, new) if x is not None)

    for parts, when in names:
        touched.update(_ref(lead) for lead in index.leaders_named(parts, when))
    moved: set[str] = set()
    for ref in sorted(touched):
        lead = index.report(*ref)
        if lead is None or lead.leader != ref:
            continue
        rivals = sorted(index.leaders_named(lead.parts, lead.date), key=canonical_order) if lead.date else [lead]
        moved |= index.set_meeting_iri(ref, _iri(lead, _ref(rivals[0]) == ref))
    return moved


__all__ = [
    "UNDATED_WINDOW_DAYS", "canonical_order", "cluster_reports", "contradicts", "dates_compatible", "regroup",
    "report_keys", "report_of", "same_meeting", "same_report",
]
