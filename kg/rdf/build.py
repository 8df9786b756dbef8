"""Turn an extracted, resolved :class:`~kg.types.ArticleRecord` into the
triples of its article graph.

Everything one article states goes into its own named graph, using the
canonical IRIs of people, countries, issues and meetings, so the union of
the article graphs is the merged knowledge graph and every fact keeps the
article and sentence it came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
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


#: Terms looked up once (an attribute of a closed namespace is a lookup on
#: every access), and the cache size of the literals made from repeated
#: values (names, titles, offsets, dates): a build makes tens of triples
#: per article, most from values other articles have too.
_TYPE, _LABEL, _ALT, _PREF, _CONCEPT = RDF.type, RDFS.label, SKOS.altLabel, SKOS.prefLabel, SKOS.Concept
_NAME, _PERSON, _COUNTRY, _PLACE, _NEWS = SDO.name, SDO.Person, SDO.Country, SDO.Place, SDO.NewsArticle
_JOB, _CONTAINED, _URL = SDO.jobTitle, SDO.containedInPlace, SDO.url
_HOLDS, _POST, _ORG = ORG.holds, ORG.Post, ORG.Organization
_ENTITY, _DERIVED = PROV.Entity, PROV.wasDerivedFrom
_ID, _ISSUED, _PUBLISHER, _TITLE = DCTERMS.identifier, DCTERMS.issued, DCTERMS.publisher, DCTERMS.title
_SOURCE, _ARTICLE, _TEXT, _START, _END = DKG.Source, DKG.article, DKG.text, DKG.start, DKG.end
_HASH, _REPRESENTS, _ISO, _MEETING, _MODE, _STATUS = (DKG.contentHash, DKG.represents, DKG.isoCode, DKG.Meeting,
                                                      DKG.mode, DKG.status)
_CONFIDENCE, _RULE, _TRIGGER, _SIDE, _HELD_IN, _DISCUSSED, _NEW_ISSUE, _MET = (
    DKG.confidence, DKG.rule, DKG.trigger, DKG.side, DKG.heldIn, DKG.discussed, DKG.newIssue, DKG.met)
_EVENT, _ACTOR, _HAS_PLACE, _STAMP = SEM.Event, SEM.hasActor, SEM.hasPlace, SEM.hasTimeStamp
_UNKNOWN_MODE, _UNKNOWN_STATUS = DKG.UnknownMode, DKG.UnknownStatus
_TRUE = Literal(True)
_CACHED = 1 << 14


@lru_cache(maxsize=_CACHED)
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


@lru_cache(maxsize=_CACHED)
def _lit(text: str) -> Literal:
    return Literal(_clean(text))


@lru_cache(maxsize=_CACHED, typed=True)  # typed: 1, 1.0 and True make different literals
def _typed(value, datatype=None, lang=None) -> Literal:
    """A literal of a repeated value (an offset, a date, a code), made once."""
    return Literal(value, datatype=datatype, lang=lang)


_int = _typed  # an offset: Literal(5) is "5"^^xsd:integer


def source_triples(source: Source, iri: URIRef | None = None, article: URIRef | None = None) -> Iterator[Triple]:
    """The triples of one source sentence (``iri``, ``article``: its IRI
    and its article's, when the caller has them)."""
    s = iri or source_iri(source.article, source.start, source.end)
    yield s, _TYPE, _SOURCE
    yield s, _TYPE, _ENTITY
    yield s, _ARTICLE, article or article_iri(source.article)
    yield s, _TEXT, _lit(source.sentence)
    yield s, _START, _int(source.start)
    yield s, _END, _int(source.end)


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
    yield a, _TYPE, _NEWS
    yield a, _TYPE, _ENTITY
    yield a, _ID, Literal(_clean(art.id))
    yield a, _HASH, Literal(art.content_hash)
    if art.published:
        yield a, _ISSUED, _typed(art.published, XSD.date)
    if art.source:
        yield a, _PUBLISHER, _lit(art.source)
    if art.title:
        yield a, _TITLE, Literal(_clean(art.title))
    if art.url:
        yield a, _URL, Literal(_clean(art.url))

    #: (start, end) -> (source, its IRI); a source IRI is made once per article
    sources: dict[tuple[int, int], tuple[Source, URIRef]] = {}
    articles: dict[str, URIRef] = {art.id: a}

    def cite(subject: URIRef, srcs: tuple[Source, ...]) -> Iterator[Triple]:
        for src in srcs:
            span = (src.start, src.end)
            held = sources.get(span)
            iri = held[1] if held is not None and held[0].article == src.article else source_iri(
                src.article, src.start, src.end)
            sources[span] = (src, iri)  # the last source of a span is the one written
            yield subject, _DERIVED, iri

    countries_used: set[str] = set()

    for c in record.countries:
        countries_used.add(c.code)
        yield from cite(country_iri(c.code), c.sources)

    for p in record.people:
        s = person_iri(p.key)
        yield s, _TYPE, _PERSON
        yield s, _NAME, _lit(p.name)
        for alias in p.aliases:
            if alias != p.name:
                yield s, _ALT, _lit(alias)
        for title in p.titles:
            label = _lit(title)
            yield s, _JOB, label
            post = _post(p.country, title)
            yield s, _HOLDS, post
            yield post, _TYPE, _POST
            yield post, _LABEL, label
        if p.country:
            countries_used.add(p.country)
            yield s, _REPRESENTS, country_iri(p.country)
        yield from cite(s, p.sources)

    for o in record.organisations:
        s = org_iri(o.key)
        yield s, _TYPE, _ORG
        yield s, _NAME, _lit(o.name)
        if o.country:
            countries_used.add(o.country)
            yield s, _REPRESENTS, country_iri(o.country)
        yield from cite(s, o.sources)

    people = {p.key: p for p in record.people}
    for meeting, m in zip(record.meetings, meeting_iris):
        yield from _meeting_triples(meeting, m, people, countries_used)
        yield from cite(m, meeting.sources)

    for code in sorted(countries_used):
        c = country_iri(code)
        yield c, _TYPE, _COUNTRY
        yield c, _NAME, _lit(country_name(code) or code)
        yield c, _ISO, _typed(code)

    for src, iri in sources.values():
        if src.article not in articles:
            articles[src.article] = article_iri(src.article)
        yield from source_triples(src, iri, articles[src.article])


@lru_cache(maxsize=_CACHED)
def _post(country: str | None, title: str) -> URIRef:
    return post_iri(country, slug(title))


def _meeting_triples(meeting: MeetingRecord, m: URIRef, people: dict, countries_used: set[str]) -> Iterator[Triple]:
    yield m, _TYPE, _MEETING
    yield m, _TYPE, _EVENT
    yield m, _MODE, MODE_IRIS.get(meeting.mode, _UNKNOWN_MODE)
    yield m, _STATUS, STATUS_IRIS.get(meeting.status, _UNKNOWN_STATUS)
    yield m, _CONFIDENCE, _typed(round(meeting.confidence, 3), XSD.decimal)
    yield m, _RULE, _lit(meeting.rule)
    if meeting.trigger:
        yield m, _TRIGGER, _lit(meeting.trigger)
    if meeting.date:
        yield m, _STAMP, date_literal(meeting.date)
    for key in meeting.participants:
        yield m, _ACTOR, person_iri(key)
    for code in meeting.countries:
        countries_used.add(code)
        yield m, _SIDE, country_iri(code)
    if meeting.place:
        pl = place_iri(meeting.place.key)
        yield m, _HAS_PLACE, pl
        yield m, _HELD_IN, pl
        yield pl, _TYPE, _PLACE
        yield pl, _NAME, _lit(meeting.place.name)
        if meeting.place.country:
            countries_used.add(meeting.place.country)
            yield pl, _CONTAINED, country_iri(meeting.place.country)
    for topic in meeting.topics:
        label = _clean(topic.label)
        t = new_issue_iri(label) if topic.new else issue_iri(topic.key)
        if t is None:  # no letter in it: markup or punctuation, not an issue
            continue
        yield m, _DISCUSSED, t
        yield t, _TYPE, _CONCEPT
        yield t, _PREF, _typed(label, lang="en")
        if topic.new:
            yield t, _NEW_ISSUE, _TRUE
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
            yield person_iri(a), _MET, person_iri(b)
            yield person_iri(b), _MET, person_iri(a)
