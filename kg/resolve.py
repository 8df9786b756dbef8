"""Canonical entities and meetings across articles.

Within an article the extractors already group mentions. Across articles:

- a person known only by a surname in one article ("Sullivan") becomes the
  one person with that surname (and a compatible country) known from any
  article or the gazetteer;
- a meeting that several articles report (same participants, compatible
  date, place and mode: :func:`same_meeting`) is one meeting node with the
  sources of all of them.

The answer is a function of the *set* of articles, never of their order:

- surname resolution looks at every full name seen for the surname, in any
  article, counted in the :class:`~kg.index.ResolutionIndex`;
- the reports of one participant set (or set of sides) in one year form a
  group, and a group is clustered in a canonical order (most precise date
  first, then by article id, see :func:`cluster_reports`); a meeting's IRI
  comes from the first report of its cluster in that order.

When a new article changes how an earlier one resolves (it brings the only
full name for a surname, or a date for an undated meeting, or a second
person with the same surname), the earlier article is resolved again: the
resolver returns it with the new articles, and the build rewrites its graph
if it differs. Every lookup is by surname or group (indexed in SQLite), so
resolving an article costs the same however large the store.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from rdflib import URIRef

from .gazetteer import Gazetteer, family_name_first
from .index import ResolutionIndex, Report
from .rdf.iris import meeting_iri, person_iri
from .types import ArticleRecord, MeetingRecord, PersonRecord

#: Reports of one meeting with no date in one of them must be this close in publication.
UNDATED_WINDOW_DAYS = 21


def _days_apart(a: str | None, b: str | None) -> int | None:
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) if a and b else None
    except ValueError:
        return None


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Two ISO dates of possibly different precision can be the same day.

    >>> dates_compatible("2022-03", "2022-03-14"), dates_compatible("2022-03-14", "2022-03-15")
    (True, False)
    """
    if a is None or b is None:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _compatible(known: Report, new: Report, window_days: int) -> bool:
    """``new`` can be a report of the meeting ``known`` stands for (same group assumed)."""
    if not dates_compatible(known.date, new.date):
        return False
    if "unknown" not in (known.mode, new.mode) and known.mode != new.mode:
        return False
    if new.place and known.place and new.place != known.place and new.place_country != known.place_country:
        return False
    if known.date is None or new.date is None:
        if known.date is None and new.date is None:
            return False  # two undated reports: nothing says it is one meeting
        apart = _days_apart(known.published, new.published)
        if apart is None or apart > window_days:
            return False
        if not (new.place and known.place) and known.mode == "unknown":
            return False
    return True


def _report_of(m: MeetingRecord, *, article: str = "", index: int = 0, published: str | None = None,
               group: str = "") -> Report:
    return Report(article, index, group, m.date, m.mode, m.place.key if m.place else None,
                  m.place.country if m.place else None, published)


def same_meeting(
    known: MeetingRecord,
    new: MeetingRecord,
    *,
    known_published: str | None = None,
    new_published: str | None = None,
    window_days: int = UNDATED_WINDOW_DAYS,
) -> bool:
    """Whether ``new`` reports the meeting ``known`` stands for: the one
    "same meeting?" rule of the project.

    Same participants (or, with none named, the same sides); dates that can
    be the same day; no two different known modes; places that can be the
    same (same place, or in the same country). When one report is undated,
    the two articles must be published within ``window_days`` and there must
    be more evidence (both places known, or ``known``'s mode); two undated
    reports are never taken for one meeting.

    >>> a = MeetingRecord(("a", "b"), date="2022-03-14", mode="in_person")
    >>> same_meeting(a, MeetingRecord(("b", "a"), date="2022-03")), same_meeting(a, MeetingRecord(("a",), date="2022-03-14"))
    (True, False)
    >>> same_meeting(a, MeetingRecord(("a", "b")), known_published="2022-03-15", new_published="2022-03-20")
    True
    """
    parts_k, parts_n = frozenset(known.participants), frozenset(new.participants)
    if parts_k != parts_n or (not parts_k and frozenset(known.countries) != frozenset(new.countries)):
        return False
    return _compatible(_report_of(known, published=known_published), _report_of(new, published=new_published), window_days)


def _canonical_order(r: Report) -> list:
    return [-len(r.date or ""), r.date or "", r.mode == "unknown", r.place is None, r.published or "", r.article, r.index]


def _key_parts(group: str) -> str:
    return group.rsplit("|", 1)[0]


def cluster_dated(reports: Iterable[Report]) -> list[tuple[Report, list[Report]]]:
    """The meetings the dated reports of one group make: ``(meeting, members)``
    pairs, the meeting a report carrying the cluster's IRI, first report's
    date, place and publication, and the first known mode of its members.

    Reports are taken most precise first (full date before month, known mode
    and place before unknown), ties broken by publication and article id;
    each joins the first cluster it is compatible with (never two reports of
    one article in one cluster) or starts one, whose IRI comes from the
    group and its date. So the result does not depend on the order of the
    input."""
    clusters: list[tuple[Report, list[Report]]] = []
    used: set[str] = set()
    for r in sorted(reports, key=_canonical_order):
        for i, (agg, members) in enumerate(clusters):
            if any(m.article == r.article for m in members) or not _compatible(agg, r, UNDATED_WINDOW_DAYS):
                continue
            members.append(r)
            if agg.mode == "unknown" and r.mode != "unknown":
                clusters[i] = (dataclasses.replace(agg, mode=r.mode), members)
            break
        else:
            parts = _key_parts(r.group)
            iri = str(meeting_iri(f"{parts}|{r.date}|"))
            if iri in used:
                iri = str(meeting_iri(f"{parts}|{r.date}|{r.article}#{r.index}"))
            used.add(iri)
            clusters.append((dataclasses.replace(r, iri=iri), [r]))
    return clusters


def attach_undated(report: Report, meetings: Iterable[Report], *, taken: set[str] = frozenset(),
                   window_days: int = UNDATED_WINDOW_DAYS) -> str:
    """IRI for an undated report: the first of ``meetings`` (dated clusters of
    its participant set from :func:`cluster_dated`, given in canonical
    order) that it can be a report of and that its article does not already
    report (``taken``); else a meeting of its own."""
    for m in meetings:
        if m.iri not in taken and _compatible(m, report, window_days):
            return m.iri
    return str(meeting_iri(f"{_key_parts(report.group)}|undated:{report.article}#{report.index}|{report.mode}"))


def cluster_reports(reports: Iterable[Report], *, window_days: int = UNDATED_WINDOW_DAYS) -> dict[tuple[str, int], str]:
    """Meeting IRI of every report of one participant set, whatever order
    they come in: the dated ones clustered by :func:`cluster_dated` (per
    group), then each undated one attached by :func:`attach_undated`.

    >>> r = [Report("b", 0, "x,y|undated", None, "unknown", None, None, "2022-03-20"),
    ...      Report("a", 0, "x,y|2022", "2022-03-14", "phone", None, None, "2022-03-15"),
    ...      Report("c", 0, "x,y|2022", "2022-03", "unknown", None, None, "2022-03-16")]
    >>> out = cluster_reports(r); out[("a", 0)] == out[("b", 0)] == out[("c", 0)] == cluster_reports(r[::-1])[("c", 0)]
    True
    """
    reports = list(reports)
    out: dict[tuple[str, int], str] = {}
    meetings: list[Report] = []
    groups: dict[str, list[Report]] = {}
    for r in reports:
        if r.date:
            groups.setdefault(r.group, []).append(r)
    for g in sorted(groups):
        for agg, members in cluster_dated(groups[g]):
            meetings.append(agg)
            out.update(((m.article, m.index), agg.iri) for m in members)
    meetings.sort(key=_canonical_order)
    for r in sorted((r for r in reports if not r.date), key=lambda r: (r.article, r.index)):
        taken = {iri for (a, _), iri in out.items() if a == r.article}
        out[(r.article, r.index)] = attach_undated(r, meetings, taken=taken, window_days=window_days)
    return out


def meeting_group(m: MeetingRecord, *, article: str, index: int, published: str | None = None) -> str:
    """The group a meeting report is clustered in: its participant set (or,
    with none named, its sides) and the year of its date, or "undated".

    >>> meeting_group(MeetingRecord(("b", "a"), date="2022-03-14"), article="x", index=0)
    'a,b|2022'
    """
    parts = sorted(set(m.participants))
    sides = sorted(set(m.countries))
    key_parts = ",".join(parts) if parts else ("sides:" + ",".join(sides) if sides else f"solo:{article}#{index}")
    return f"{key_parts}|{m.date[:4] if m.date else UNDATED}"


UNDATED = "undated"


def _window(published: str | None, days: int) -> tuple[str, str] | None:
    try:
        d = date.fromisoformat(published) if published else None
    except ValueError:
        return None
    return None if d is None else ((d - timedelta(days=days)).isoformat(), (d + timedelta(days=days)).isoformat())


def _row(agg: Report) -> tuple:
    return (agg.published or "", agg.date or "", agg.mode, agg.place or "", agg.place_country or "",
            json.dumps(_canonical_order(agg)))


def _meetings_from_rows(rows: dict[str, tuple]) -> list[Report]:
    """Dated meetings of the index, in canonical order."""
    out = []
    for iri, (published, d, mode, place, pc, order) in sorted(rows.items(), key=lambda kv: json.loads(kv[1][5])):
        out.append(Report("", 0, "", d or None, mode, place or None, pc or None, published or None, iri))
    return out


def _surnames(name: str, country: str | None) -> tuple[str, ...]:
    toks = name.split()
    if len(toks) < 2:
        return ()
    out = [toks[-1]]
    if family_name_first(name, country) and toks[0] != toks[-1]:
        out.append(toks[0])
    return tuple(out)


def _full_names(record: ArticleRecord) -> list[tuple[str, str, str | None, tuple[str, ...]]]:
    return [(p.key, p.name, p.country, _surnames(p.name, p.country)) for p in record.people if len(p.name.split()) >= 2]


def _surname_only(record: ArticleRecord) -> set[str]:
    return {p.name.strip() for p in record.people if p.name.strip() and " " not in p.name.strip()}


class Resolved(NamedTuple):
    """An article as resolution leaves it: canonical person keys, and the
    IRI of each of its meetings. ``new`` is False for an earlier article that
    is returned because a new one may have changed how it resolves."""

    record: ArticleRecord
    meeting_iris: list[URIRef]
    new: bool


class Resolver:
    """Cross-article resolution over a :class:`~kg.index.ResolutionIndex`
    (in memory unless given one)."""

    def __init__(self, gazetteer: Gazetteer, index: ResolutionIndex | None = None, *,
                 window_days: int = UNDATED_WINDOW_DAYS):
        self.gazetteer = gazetteer
        self.index = index if index is not None else ResolutionIndex()
        self.window_days = window_days

    @classmethod
    def from_store(cls, store, gazetteer: Gazetteer) -> Resolver:
        """The resolver of ``store``'s own index (opening it reads nothing up front)."""
        return cls(gazetteer, store.resolution_index())

    def known_hash(self, article_id: str) -> str | None:
        """Content hash of the article as last built into the index, or None."""
        return self.index.article_hash(article_id)

    # -- people ---------------------------------------------------------------------------
    def _countries(self, key: str) -> set[str]:
        out = {c for _, c in self.index.variants(key) if c}
        entry = self.gazetteer.people.get(key)
        if entry is not None and entry.country:
            out = {entry.country}
        return out

    def _name(self, key: str) -> str | None:
        entry = self.gazetteer.people.get(key)
        if entry is not None:
            return entry.name
        names = sorted({n for n, _ in self.index.variants(key)}, key=lambda n: (-len(n), n))
        return names[0] if names else None

    def _surname_state(self, surname: str) -> tuple:
        return tuple((k, self._name(k), tuple(sorted(self._countries(k)))) for k in self.index.keys_with_surname(surname))

    def _surname_match(self, person: PersonRecord) -> tuple[str, str, str | None] | None:
        name = person.name.strip()
        if not name or " " in name:
            return None
        cands: dict[str, tuple[str, str, str | None]] = {}
        for key in self.index.keys_with_surname(name):
            countries = self._countries(key)
            if person.country and countries and person.country not in countries:
                continue
            cands[key] = (key, self._name(key) or name, next(iter(countries)) if len(countries) == 1 else None)
        for e in self.gazetteer.people_with_surname(name):
            if e.id not in cands and not (person.country and e.country and person.country != e.country):
                cands[e.id] = (e.id, e.name, e.country)
        return next(iter(cands.values())) if len(cands) == 1 else None

    def resolve_people(self, record: ArticleRecord) -> ArticleRecord:
        """``record`` with surname-only people mapped to the one known person
        of that surname, and the meetings' participants mapped with them."""
        mapping: dict[str, str] = {}
        people: dict[str, PersonRecord] = {}
        for p in record.people:
            target = self._surname_match(p)
            if target is not None and target[0] != p.key:
                key, name, country = target
                mapping[p.key] = key
                p = dataclasses.replace(p, key=key, name=name, aliases=tuple(sorted(set(p.aliases) | {p.name})),
                                        country=p.country or country)
            if p.key in people:
                old = people[p.key]
                p = dataclasses.replace(
                    old,
                    aliases=tuple(sorted(set(old.aliases) | set(p.aliases))),
                    titles=tuple(dict.fromkeys(old.titles + p.titles)),
                    sources=tuple(sorted(set(old.sources) | set(p.sources), key=lambda s: s.start)),
                    country=old.country or p.country,
                )
            people[p.key] = p
        if not mapping:
            return record
        meetings = tuple(
            dataclasses.replace(m, participants=tuple(sorted({mapping.get(k, k) for k in m.participants})))
            for m in record.meetings
        )
        return dataclasses.replace(record, people=tuple(people.values()), meetings=meetings)

    def _apply_people(self, deltas: list[tuple[ArticleRecord, int]]) -> set[str]:
        """Count the full names of ``deltas``; the surnames whose candidates changed."""
        idx = self.index
        structural: set[str] = set()
        for record, delta in deltas:
            for key, name, country, surnames in _full_names(record):
                n = idx.variant_count(key, name, country)
                if (n <= 0 < delta) or (n + delta <= 0 < n):
                    structural.update(surnames)
                    structural.update(idx.surnames_of(key))
        before = {s: self._surname_state(s) for s in structural}
        for record, delta in deltas:
            for key, name, country, surnames in _full_names(record):
                idx.add_variant(key, name, country, surnames, delta)
        return {s for s in structural if self._surname_state(s) != before[s]}

    # -- the batch --------------------------------------------------------------------------
    def apply(self, records: Iterable[ArticleRecord], *, removed: Iterable[str] = ()) -> list[Resolved]:
        """Add (or replace) ``records`` and take out the articles ``removed``;
        return every article whose graph this may change, new ones first.

        The index changes in an open transaction: :meth:`commit` it once the
        store holds the graphs (or :meth:`rollback`)."""
        idx = self.index
        idx.begin()
        batch: dict[str, ArticleRecord] = {}
        for r in records:
            batch[r.article.id] = r
        gone = set(removed) - set(batch)
        deltas: list[tuple[ArticleRecord, int]] = []
        for aid in sorted(set(batch) | gone):
            old = idx.record(aid)
            if old is not None:
                deltas.append((old, -1))
        deltas.extend((r, +1) for r in batch.values())
        changed_surnames = self._apply_people(deltas)
        again = set()
        for s in sorted(changed_surnames):
            again.update(idx.surname_refs(s))
        again -= set(batch) | gone

        groups: set[str] = set()
        undated: set[str] = set()
        for aid in gone:
            groups.update(r.group for r in idx.reports_of(aid) if r.date)
            idx.set_reports(aid, ())
            idx.set_surname_refs(aid, ())
            idx.delete_article(aid)
        resolved: dict[str, ArticleRecord] = {}
        for aid in list(batch) + sorted(again):
            raw = batch.get(aid)
            if raw is None:
                raw = idx.record(aid)
            else:
                idx.put_article(raw)
                idx.set_surname_refs(aid, _surname_only(raw))
            rr = self.resolve_people(raw)
            resolved[aid] = rr
            groups.update(r.group for r in idx.reports_of(aid) if r.date)
            published = rr.article.published
            reports = []
            for i, m in enumerate(rr.meetings):
                g = meeting_group(m, article=aid, index=i)
                reports.append(_report_of(m, article=aid, index=i, published=published, group=g))
                if m.date:
                    groups.add(g)
                else:
                    undated.add(aid)
            idx.set_reports(aid, reports)
        moved = self._recluster(groups, undated)
        out = []
        for aid in list(batch) + sorted((again | moved) - set(batch)):
            rr = resolved.get(aid)
            if rr is None:
                rr = self.resolve_people(idx.record(aid))
            out.append(Resolved(rr, [URIRef(r.iri) for r in idx.reports_of(aid)], aid in batch))
        return out

    def _recluster(self, groups: set[str], undated: set[str]) -> set[str]:
        """Cluster the dated ``groups`` again, then attach the undated reports
        that may have changed; the articles whose meeting IRIs changed."""
        idx, moved = self.index, set()
        windows: set[tuple[str, str]] = set()
        for g in sorted(groups):
            parts = _key_parts(g)
            clusters = cluster_dated(idx.group(g))
            old = idx.clusters_of(g)
            new = {agg.iri: _row(agg) for agg, _ in clusters}
            for iri in set(old) | set(new):
                if old.get(iri) != new.get(iri):
                    windows.update((parts, row[0]) for row in (old.get(iri), new.get(iri)) if row and row[0])
            idx.set_clusters(g, parts, new)
            for agg, members in clusters:
                for r in members:
                    if r.iri != agg.iri:
                        idx.set_iri(r.article, r.index, agg.iri)
                        moved.add(r.article)
        todo = set(undated) | moved
        for parts, published in sorted(windows):
            span = _window(published, self.window_days)
            if span:
                todo.update(r.article for r in idx.undated_near(f"{parts}|{UNDATED}", *span))
        for aid in sorted(todo):
            reports = idx.reports_of(aid)
            taken = {r.iri for r in reports if r.date}
            for r in reports:
                if r.date:
                    continue
                span = _window(r.published, self.window_days)
                meetings = _meetings_from_rows(idx.clusters_near(_key_parts(r.group), *span) if span else {})
                iri = attach_undated(r, meetings, taken=taken, window_days=self.window_days)
                taken.add(iri)
                if iri != r.iri:
                    idx.set_iri(aid, r.index, iri)
                    moved.add(aid)
        return moved

    def resolved(self, article_id: str) -> Resolved | None:
        """An article already in the index, as it resolves now (None if absent)."""
        raw = self.index.record(article_id)
        if raw is None:
            return None
        return Resolved(self.resolve_people(raw), [URIRef(r.iri) for r in self.index.reports_of(article_id)], False)

    def commit(self) -> None:
        self.index.commit()

    def rollback(self) -> None:
        self.index.rollback()

    def close(self) -> None:
        self.index.close()

    def resolve(self, record: ArticleRecord) -> tuple[ArticleRecord, list[URIRef]]:
        """Add one record and commit: its canonical person keys and one IRI
        per meeting (earlier records may have changed too: see :meth:`apply`)."""
        out = self.apply([record])
        self.commit()
        return out[0].record, out[0].meeting_iris


__all__ = [
    "Resolved", "Resolver", "UNDATED_WINDOW_DAYS", "attach_undated", "cluster_dated", "cluster_reports",
    "dates_compatible", "meeting_group",
    "person_iri", "same_meeting",
]
