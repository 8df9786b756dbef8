"""Canonical entities and meetings across articles.

Within an article the extractors already group mentions. Across articles:

- a person known only by a surname in one article ("Sullivan") becomes the
  one person with that surname (and a compatible country) already known from
  other articles or the gazetteer;
- a meeting that another article already reported (same participants,
  compatible date, place and mode) gets that meeting's IRI, so the graph has
  one meeting node with the sources of both articles.

The resolver starts from what the store already holds and learns from each
article it resolves, so a batch and its store are resolved together.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date

from rdflib import URIRef

from .gazetteer import Gazetteer, family_name_first
from .rdf.iris import key_from_iri, meeting_iri, person_iri
from .types import ArticleRecord, MeetingRecord, PersonRecord

#: Reports of one meeting with no date in one of them must be this close in publication.
UNDATED_WINDOW_DAYS = 21


@dataclass
class KnownMeeting:
    iri: URIRef
    participants: frozenset[str]
    sides: frozenset[str]
    date: str | None
    place: str | None
    place_country: str | None
    mode: str
    published: str | None


@dataclass
class KnownPerson:
    key: str
    name: str
    country: str | None


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


@dataclass
class Resolver:
    gazetteer: Gazetteer
    people: dict[str, KnownPerson] = field(default_factory=dict)
    meetings: list[KnownMeeting] = field(default_factory=list)

    # -- loading from a store -----------------------------------------------------
    @classmethod
    def from_store(cls, store, gazetteer: Gazetteer) -> Resolver:
        r = cls(gazetteer)
        q_people = """
            SELECT ?p ?name ?c WHERE { ?p a schema:Person ; schema:name ?name .
              OPTIONAL { ?p dkg:represents ?c } }"""
        from .store import SPARQL_PROLOGUE

        for row in store.query(SPARQL_PROLOGUE + q_people):
            key = key_from_iri(row[0], "person")
            name = str(row[1])
            code = key_from_iri(row[2], "country") if row[2] is not None else None
            old = r.people.get(key)
            if old is None or len(name) > len(old.name):
                r.people[key] = KnownPerson(key, name, code or (old.country if old else None))
        q_meetings = """
            SELECT ?m ?p ?s ?date ?place ?pc ?mode ?pub WHERE {
              GRAPH ?g { ?m a dkg:Meeting ; dkg:mode ?mode .
                OPTIONAL { ?m sem:hasActor ?p } OPTIONAL { ?m dkg:side ?s }
                OPTIONAL { ?m sem:hasTimeStamp ?date }
                OPTIONAL { ?m dkg:heldIn ?place OPTIONAL { ?place schema:containedInPlace ?pc } }
                ?a a schema:NewsArticle . OPTIONAL { ?a dcterms:issued ?pub } } }"""
        acc: dict[str, dict] = {}
        from .rdf.namespace import MODE_NAMES

        for row in store.query(SPARQL_PROLOGUE + q_meetings):
            m = acc.setdefault(str(row[0]), {"p": set(), "s": set(), "date": None, "place": None, "pc": None, "mode": "unknown", "pub": None})
            if row[1] is not None:
                m["p"].add(key_from_iri(row[1], "person"))
            if row[2] is not None:
                m["s"].add(key_from_iri(row[2], "country"))
            if row[3] is not None and (m["date"] is None or len(str(row[3])) > len(m["date"])):
                m["date"] = str(row[3])
            if row[4] is not None:
                m["place"] = str(row[4])
            if row[5] is not None:
                m["pc"] = key_from_iri(row[5], "country")
            mode = MODE_NAMES.get(row[6], "unknown")
            if mode != "unknown":
                m["mode"] = mode
            if row[7] is not None:
                m["pub"] = str(row[7])
        for iri, m in sorted(acc.items()):
            r.meetings.append(
                KnownMeeting(URIRef(iri), frozenset(m["p"]), frozenset(m["s"]), m["date"], m["place"], m["pc"], m["mode"], m["pub"])
            )
        return r

    # -- people -----------------------------------------------------------------------
    def _surname_match(self, person: PersonRecord) -> KnownPerson | None:
        name = person.name
        if " " in name.strip():
            return None
        cands = []
        for kp in self.people.values():
            toks = kp.name.split()
            if len(toks) < 2:
                continue
            if toks[-1] == name or (toks[0] == name and family_name_first(kp.name, kp.country)):
                if person.country and kp.country and person.country != kp.country:
                    continue
                cands.append(kp)
        for e in self.gazetteer.people_with_surname(name):
            if e.id not in {c.key for c in cands} and not (person.country and e.country and person.country != e.country):
                cands.append(KnownPerson(e.id, e.name, e.country))
        uniq = {c.key: c for c in cands}
        return next(iter(uniq.values())) if len(uniq) == 1 else None

    def _remap_people(self, record: ArticleRecord) -> tuple[ArticleRecord, dict[str, str]]:
        mapping: dict[str, str] = {}
        people: dict[str, PersonRecord] = {}
        for p in record.people:
            target = self._surname_match(p)
            if target is not None and target.key != p.key:
                mapping[p.key] = target.key
                p = dataclasses.replace(
                    p,
                    key=target.key,
                    name=target.name,
                    aliases=tuple(sorted(set(p.aliases) | {p.name})),
                    country=p.country or target.country,
                )
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
            return record, mapping
        meetings = tuple(
            dataclasses.replace(m, participants=tuple(sorted({mapping.get(k, k) for k in m.participants})))
            for m in record.meetings
        )
        return dataclasses.replace(record, people=tuple(people.values()), meetings=meetings), mapping

    # -- meetings -----------------------------------------------------------------------
    def _match(self, m: MeetingRecord, published: str | None, own: list[KnownMeeting]) -> KnownMeeting | None:
        parts = frozenset(m.participants)
        sides = frozenset(m.countries)
        place = m.place
        for km in self.meetings:
            if km in own:
                continue
            if parts:
                if km.participants != parts:
                    continue
            elif km.participants or km.sides != sides:
                continue
            if not dates_compatible(km.date, m.date):
                continue
            if "unknown" not in (km.mode, m.mode) and km.mode != m.mode:
                continue
            km_place_key = key_from_iri(km.place, "place") if km.place else None
            if place and km_place_key and place.key != km_place_key and place.country != km.place_country:
                continue
            if km.date is None or m.date is None:
                if km.date is None and m.date is None:
                    continue
                apart = _days_apart(km.published, published)
                if apart is None or apart > UNDATED_WINDOW_DAYS:
                    continue
                if not (place and km_place_key) and km.mode == "unknown":
                    continue
            return km
        return None

    def resolve(self, record: ArticleRecord) -> tuple[ArticleRecord, list[URIRef]]:
        """Canonical person keys and one IRI per meeting of ``record``."""
        record, _ = self._remap_people(record)
        published = record.article.published
        iris: list[URIRef] = []
        own: list[KnownMeeting] = []
        for i, m in enumerate(record.meetings):
            km = self._match(m, published, own)
            if km is None:
                key_parts = ",".join(m.participants) or "sides:" + ",".join(m.countries)
                when = m.date or f"undated:{record.article.id}#{i}"
                iri = meeting_iri(f"{key_parts}|{when}|{m.mode if m.date is None else ''}")
                km = KnownMeeting(iri, frozenset(m.participants), frozenset(m.countries), m.date,
                                  str(place_iri_for(m)) if m.place else None, m.place.country if m.place else None,
                                  m.mode, published)
                if any(x.iri == iri for x in own):
                    iri = meeting_iri(f"{key_parts}|{when}|{record.article.id}#{i}")
                    km = dataclasses.replace(km, iri=iri)
                self.meetings.append(km)
            else:
                if m.date and (km.date is None or len(m.date) > len(km.date)):
                    km.date = m.date
                if km.mode == "unknown":
                    km.mode = m.mode
            own.append(km)
            iris.append(km.iri)
        for p in record.people:
            old = self.people.get(p.key)
            if old is None or len(p.name) > len(old.name):
                self.people[p.key] = KnownPerson(p.key, p.name, p.country or (old.country if old else None))
        return record, iris


def place_iri_for(m: MeetingRecord) -> URIRef:
    from .rdf.iris import place_iri

    return place_iri(m.place.key)


__all__ = ["Resolver", "dates_compatible", "person_iri"]
