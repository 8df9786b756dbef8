"""Turn an extracted, resolved :class:`~kg.types.ArticleRecord` into the
triples of its article graph.

Everything one article states goes into its own named graph, using the
canonical IRIs of people, countries, issues and meetings, so the union of
the article graphs is the merged knowledge graph and every fact keeps the
article and sentence it came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import combinations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD

from ..gazetteer import slug
from ..textin import clean_chars
from ..types import ArticleRecord, MeetingRecord, Source
from .iris import (
    article_iri,
    country_iri,
    issue_iri,
    new_issue_iri,
    org_iri,
    person_iri,
    place_iri,
    post_iri,
    source_iri,
)
from .namespace import DKG, MODE_IRIS, SEM, STATUS_IRIS

Triple = tuple[URIRef, URIRef, URIRef | Literal]

#: Version of the extraction rules, stored on each article.
EXTRACTOR_VERSION = "1"


def date_literal(value: str) -> Literal:
    """Typed literal with the precision of an ISO date string.

    >>> date_literal("2022-03").datatype.endswith("gYearMonth")
    True
    """
    if len(value) == 10:
        return Literal(value, datatype=XSD.date)
    if len(value) == 7:
        return Literal(value, datatype=XSD.gYearMonth)
    return Literal(value, datatype=XSD.gYear)


def _clean(text: str) -> str:
    r"""Literal text as ingest makes article text: line ends normalised to
    newlines and characters XML (GraphML) cannot carry replaced, one for one
    (C0 controls other than tab/newline by a space, lone surrogates and
    U+FFFE/U+FFFF by U+FFFD); see :mod:`kg.textin`.

    >>> _clean("a\r\nb\x00c")
    'a\nb c'
    """
    return clean_chars(text.replace("\r\n", "\n").replace("\r", "\n"))[0]


def _lit(text: str) -> Literal:
    return Literal(_clean(text))


def source_triples(source: Source) -> Iterator[Triple]:
    s = source_iri(source.article, source.start, source.end)
    yield s, RDF.type, DKG.Source
    yield s, RDF.type, PROV.Entity
    yield s, DKG.article, article_iri(source.article)
    yield s, DKG.text, _lit(source.sentence)
    yield s, DKG.start, Literal(source.start)
    yield s, DKG.end, Literal(source.end)


def article_triples(
    record: ArticleRecord,
    *,
    meeting_iris: list[URIRef],
    country_name: Callable[[str], str | None],
) -> Iterator[Triple]:
    """All triples of one article graph.

    ``meeting_iris[i]`` is the canonical IRI the resolver gave
    ``record.meetings[i]``; ``country_name`` maps ISO codes to names.
    """
    art = record.article
    a = article_iri(art.id)
    yield a, RDF.type, SDO.NewsArticle
    yield a, RDF.type, PROV.Entity
    yield a, DCTERMS.identifier, _lit(art.id)
    yield a, DKG.contentHash, Literal(art.content_hash)
    if art.published:
        yield a, DCTERMS.issued, Literal(art.published, datatype=XSD.date)
    if art.source:
        yield a, DCTERMS.publisher, _lit(art.source)
    if art.title:
        yield a, DCTERMS.title, _lit(art.title)
    if art.url:
        yield a, SDO.url, _lit(art.url)

    sources: dict[tuple[int, int], Source] = {}

    def cite(subject: URIRef, srcs: tuple[Source, ...]) -> Iterator[Triple]:
        for src in srcs:
            sources[(src.start, src.end)] = src
            yield subject, PROV.wasDerivedFrom, source_iri(src.article, src.start, src.end)

    countries_used: set[str] = set()

    for c in record.countries:
        countries_used.add(c.code)
        yield from cite(country_iri(c.code), c.sources)

    for p in record.people:
        s = person_iri(p.key)
        yield s, RDF.type, SDO.Person
        yield s, SDO.name, _lit(p.name)
        for alias in p.aliases:
            if alias != p.name:
                yield s, SKOS.altLabel, _lit(alias)
        for title in p.titles:
            yield s, SDO.jobTitle, _lit(title)
            post = post_iri(p.country, slug(title))
            yield s, ORG.holds, post
            yield post, RDF.type, ORG.Post
            yield post, RDFS.label, _lit(title)
        if p.country:
            countries_used.add(p.country)
            yield s, DKG.represents, country_iri(p.country)
        yield from cite(s, p.sources)

    for o in record.organisations:
        s = org_iri(o.key)
        yield s, RDF.type, ORG.Organization
        yield s, SDO.name, _lit(o.name)
        if o.country:
            countries_used.add(o.country)
            yield s, DKG.represents, country_iri(o.country)
        yield from cite(s, o.sources)

    people = {p.key: p for p in record.people}
    for meeting, m in zip(record.meetings, meeting_iris):
        yield from _meeting_triples(meeting, m, people, countries_used)
        yield from cite(m, meeting.sources)

    for code in sorted(countries_used):
        c = country_iri(code)
        yield c, RDF.type, SDO.Country
        yield c, SDO.name, _lit(country_name(code) or code)
        yield c, DKG.isoCode, Literal(code)

    for src in sources.values():
        yield from source_triples(src)


def _meeting_triples(meeting: MeetingRecord, m: URIRef, people: dict, countries_used: set[str]) -> Iterator[Triple]:
    yield m, RDF.type, DKG.Meeting
    yield m, RDF.type, SEM.Event
    yield m, DKG.mode, MODE_IRIS.get(meeting.mode, DKG.UnknownMode)
    yield m, DKG.status, STATUS_IRIS.get(meeting.status, DKG.UnknownStatus)
    yield m, DKG.confidence, Literal(round(meeting.confidence, 3), datatype=XSD.decimal)
    yield m, DKG.rule, _lit(meeting.rule)
    if meeting.trigger:
        yield m, DKG.trigger, _lit(meeting.trigger)
    if meeting.date:
        yield m, SEM.hasTimeStamp, date_literal(meeting.date)
    for key in meeting.participants:
        yield m, SEM.hasActor, person_iri(key)
    for code in meeting.countries:
        countries_used.add(code)
        yield m, DKG.side, country_iri(code)
    if meeting.place:
        pl = place_iri(meeting.place.key)
        yield m, SEM.hasPlace, pl
        yield m, DKG.heldIn, pl
        yield pl, RDF.type, SDO.Place
        yield pl, SDO.name, _lit(meeting.place.name)
        if meeting.place.country:
            countries_used.add(meeting.place.country)
            yield pl, SDO.containedInPlace, country_iri(meeting.place.country)
    for topic in meeting.topics:
        label = _clean(topic.label)
        t = new_issue_iri(label) if topic.new else issue_iri(topic.key)
        if t is None:  # no letter in it: markup or punctuation, not an issue
            continue
        yield m, DKG.discussed, t
        yield t, RDF.type, SKOS.Concept
        yield t, SKOS.prefLabel, Literal(label, lang="en")
        if topic.new:
            yield t, DKG.newIssue, Literal(True)
    yield from met_triples(meeting.participants, people)


#: Most participants of a meeting whose pairs get plain ``dkg:met`` triples
#: (at most 12 x 11 = 132 triples a meeting). Above it the meeting is a
#: gathering (a summit's plenary, a conference) whose attendees are not
#: said to have met one another: they stay linked through the meeting node
#: (``sem:hasActor``), and ``dkg:met`` does not grow with the square of a
#: large meeting's size.
MET_MAX_PARTICIPANTS = 12


def met_triples(participants, people: dict) -> Iterator[Triple]:
    """Plain person-met-person triples (both ways) for each pair of
    participants from different sides (or whose side is unknown), for
    meetings of at most :data:`MET_MAX_PARTICIPANTS` participants."""
    keys = sorted(set(participants))
    if len(keys) > MET_MAX_PARTICIPANTS:
        return
    for a, b in combinations(keys, 2):
        ca = people.get(a).country if a in people else None
        cb = people.get(b).country if b in people else None
        if ca is None or cb is None or ca != cb:
            yield person_iri(a), DKG.met, person_iri(b)
            yield person_iri(b), DKG.met, person_iri(a)
