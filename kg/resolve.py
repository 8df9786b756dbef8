"""Canonical entities and meetings across articles.

Within an article the extractors already group mentions. Across articles:

- a person known only by a surname in one article ("Sullivan") becomes the
  person the same article names in full with that surname ("Jake
  Sullivan"), else the one person with that surname (and a compatible
  country) known from any article or the gazetteer;
- a meeting that several articles report (a participant pair in common and
  nothing that tells the reports apart: :func:`~kg.grouping.same_meeting`)
  is one meeting node with the sources of all of them.

The answer is a function of the *set* of articles, never of their order:

- surname resolution looks at every full name seen for the surname, in any
  article, counted in the :class:`~kg.index.ResolutionIndex`;
- meeting reports are grouped in a canonical order (most precise date
  first, then by article id), each one around the first report before it
  that it is the same meeting as (:mod:`kg.grouping`); a meeting's IRI
  comes from that first report.

When a new article changes how an earlier one resolves (it brings the only
full name for a surname, or a date for an undated meeting, or a second
person with the same surname), the earlier article is resolved again: the
resolver returns it with the new articles, and the build rewrites its graph
if it differs. Every lookup is by surname, participant pair or sides and
date (indexed in SQLite), so resolving an article costs the same however
large the store.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import NamedTuple

from rdflib import URIRef

from .gazetteer import Gazetteer, family_name_first
from .grouping import UNDATED_WINDOW_DAYS, cluster_reports, dates_compatible, regroup, report_of, same_meeting
from .index import ResolutionIndex, Report
from .rdf.iris import person_iri
from .types import ArticleRecord, PersonRecord


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


def _in_article(record: ArticleRecord) -> dict[str, tuple[str, str, str | None]]:
    """Surname-only people of ``record`` that stand for the one person the
    same article names in full with that surname (and no other country):
    their key -> (key, name, country) of that person. Within an article the
    full name decides, whatever other people of that surname are known."""
    full: dict[str, list[PersonRecord]] = {}
    for q in record.people:
        if len(q.name.split()) >= 2:
            for s in _surnames(q.name, q.country):
                full.setdefault(s, []).append(q)
    out = {}
    for p in record.people:
        name = p.name.strip()
        if not name or " " in name or name not in full:
            continue
        found = {q.key: q for q in full[name] if not (p.country and q.country and p.country != q.country)}
        if len(found) == 1:
            q = next(iter(found.values()))
            out[p.key] = (q.key, q.name, q.country)
    return out


def _surname_only(record: ArticleRecord) -> set[str]:
    """The surnames ``record`` names someone by alone that other articles
    resolve (those the article itself names in full are resolved within it)."""
    inside = _in_article(record)
    return {p.name.strip() for p in record.people
            if p.name.strip() and " " not in p.name.strip() and p.key not in inside}


def _bare(reports: Iterable[Report]) -> list[Report]:
    """``reports`` without what grouping decides (their leader and meeting IRI)."""
    return [dataclasses.replace(r, leader=None, iri=None) for r in reports]


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
        """The people of ``surname`` the index knows: (key, name, countries) each."""
        return tuple((k, self._name(k), tuple(sorted(self._countries(k)))) for k in self.index.keys_with_surname(surname))

    def _pick(self, state: tuple, surname: str, country: str | None) -> tuple[str, str, str | None] | None:
        """The one person a mention of ``surname`` alone (by someone of
        ``country``) stands for, given the index's people of that surname
        (``state``: :meth:`_surname_state`) and the gazetteer's; None if
        there is not exactly one."""
        cands: dict[str, tuple[str, str, str | None]] = {}
        for key, name, countries in state:
            if country and countries and country not in countries:
                continue
            cands[key] = (key, name or surname, countries[0] if len(countries) == 1 else None)
        for e in self.gazetteer.people_with_surname(surname):
            if e.id not in cands and not (country and e.country and country != e.country):
                cands[e.id] = (e.id, e.name, e.country)
        return next(iter(cands.values())) if len(cands) == 1 else None

    def _picks(self, state: tuple, surname: str, countries: set[str]) -> tuple:
        """:meth:`_pick` for a mention with no country, with each country of
        ``countries`` and with any other country (all others choose alike):
        equal for two states exactly when no mention of ``surname`` alone
        resolves differently under them."""
        probes = [None, "\0", *sorted(countries)]
        return tuple(self._pick(state, surname, c) for c in probes)

    def _surname_match(self, person: PersonRecord) -> tuple[str, str, str | None] | None:
        name = person.name.strip()
        if not name or " " in name:
            return None
        return self._pick(self._surname_state(name), name, person.country)

    def resolve_people(self, record: ArticleRecord) -> ArticleRecord:
        """``record`` with surname-only people mapped to the one person of
        that surname the article names in full, else to the one known person
        of that surname, and the meetings' participants mapped with them."""
        mapping: dict[str, str] = {}
        people: dict[str, PersonRecord] = {}
        inside = _in_article(record)
        for p in record.people:
            target = inside.get(p.key) or self._surname_match(p)
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
        """Count the full names of ``deltas``; the surnames whose mentions
        alone (by anyone of any country) now resolve differently."""
        idx = self.index
        structural: set[str] = set()
        for record, delta in deltas:
            for key, name, country, surnames in _full_names(record):
                n = idx.variant_count(key, name, country)
                if (n <= 0 < delta) or (n + delta <= 0 < n):
                    structural.update(surnames)
                    structural.update(s for other, c in idx.variants(key) for s in _surnames(other, c))
        before = {s: self._surname_state(s) for s in structural}
        for record, delta in deltas:
            for key, name, country, surnames in _full_names(record):
                idx.add_variant(key, name, country, surnames, delta)
        changed = set()
        for s in structural:
            after = self._surname_state(s)
            if after == before[s]:
                continue
            # a third person of a surname changes no mention that two left ambiguous
            countries = {c for state in (before[s], after) for _, _, cs in state for c in cs}
            countries |= {e.country for e in self.gazetteer.people_with_surname(s) if e.country}
            if self._picks(after, s, countries) != self._picks(before[s], s, countries):
                changed.add(s)
        return changed

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

        for aid in gone:
            idx.set_surname_refs(aid, ())
            idx.delete_article(aid)
        resolved: dict[str, ArticleRecord] = {}
        reports = []
        regrouped = set(batch) | gone
        for aid in list(batch) + sorted(again):
            raw = batch.get(aid)
            if raw is None:
                raw = idx.record(aid)
            else:
                idx.put_article(raw)
                idx.set_surname_refs(aid, _surname_only(raw))
            rr = self.resolve_people(raw)
            resolved[aid] = rr
            countries = {p.key: p.country for p in rr.people}
            mine = [report_of(m, article=aid, index=i, published=rr.article.published, countries=countries)
                    for i, m in enumerate(rr.meetings)]
            if aid not in batch and _bare(mine) == _bare(idx.reports_of(aid)):
                continue  # its meetings are reported as before: grouping them again would change nothing
            regrouped.add(aid)
            reports += mine
        moved = regroup(idx, regrouped, reports, window_days=self.window_days)
        out = []
        for aid in list(batch) + sorted((again | moved) - set(batch) - gone):
            rr = resolved.get(aid)
            if rr is None:
                rr = self.resolve_people(idx.record(aid))
            out.append(Resolved(rr, [URIRef(r.iri) for r in idx.reports_of(aid)], aid in batch))
        return out

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
    "Resolved", "Resolver", "UNDATED_WINDOW_DAYS", "cluster_reports", "dates_compatible", "person_iri", "same_meeting",
]
