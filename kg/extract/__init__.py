"""Extraction: pure functions from a parsed spaCy Doc to an
:class:`~kg.types.ArticleRecord`.

One module per kind of extraction (mentions, people, meetings, topics,
dates). :class:`Extractor` only holds what is compiled once per run (title
regexes, the topic matcher) and calls the functions in order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import Gazetteer
from ..types import Article, ArticleRecord, CountryRecord, OrgRecord, PersonRecord, Place, Source
from ..vocab import Vocabulary
from .coref import (
    add_attendees,
    add_seated,
    add_delegations,
    host_country,
    attach_discussions,
    complete_counterparts,
    fill_sides,
    inherit_trip,
    merge_mentions,
    resolve_plural_backward,
    to_records,
)
from .meetings import Context, MeetingExtractor, place_from_span
from .mentions import country_mentions, gazetteer_spans, organisation_mentions, strip_span
from .patterns import PatternMatcher
from .dates import reference_date
from .dating import date_after_meeting, date_from_address, date_from_lede, date_in_sequence
from .syntax import doc_entities, sentence_of
from .places import settle_places
from .people import TitleMatcher, extract_people
from .sources import SentenceSources
from .topics import build_topic_matcher, topics_in

__all__ = ["Extractor", "extract_article"]


class Extractor:
    """Callable ``(doc, article) -> ArticleRecord`` bound to one pipeline."""

    def __init__(self, nlp: Language, *, gazetteer: Gazetteer, vocabulary: Vocabulary):
        self.gazetteer = gazetteer
        self.vocabulary = vocabulary
        self.titles = TitleMatcher(gazetteer.titles)
        self.topic_matcher = build_topic_matcher(nlp, vocabulary)
        self.patterns = PatternMatcher(nlp.vocab)

    def __call__(self, doc: Doc, article: Article) -> ArticleRecord:
        return extract_article(
            doc,
            article,
            gazetteer=self.gazetteer,
            vocabulary=self.vocabulary,
            titles=self.titles,
            topic_matcher=self.topic_matcher,
            patterns=self.patterns,
        )


def _office_from_gazetteer(person: PersonRecord, gazetteer: Gazetteer, published: date | None) -> PersonRecord:
    """A known official the article names without a title gets the one office
    the gazetteer says they held on the publication date."""
    entry = gazetteer.people.get(person.key)
    if person.titles or entry is None or published is None:
        return person
    office = entry.office_on(published)
    return replace(person, titles=(office.title,)) if office else person


def _published(article: Article) -> date | None:
    try:
        return date.fromisoformat(article.published) if article.published else None
    except ValueError:
        return None


def extract_article(
    doc: Doc, article: Article, *, gazetteer: Gazetteer, vocabulary: Vocabulary, titles: TitleMatcher, topic_matcher,
    patterns: PatternMatcher | None = None,
) -> ArticleRecord:
    """Extract people, countries, organisations and meetings from ``doc``."""
    aid = article.id
    # what relative dates are read against: the publication date, else the latest embedded post's day
    published = reference_date(_published(article), doc_entities(doc))
    source_of = SentenceSources(aid, text=article.text)
    people = extract_people(
        doc, gazetteer=gazetteer, titles=titles, article_id=aid, year=published.year if published else None, source_of=source_of,
        text=article.text,
    )
    person_tokens = set(people.token_keys)

    countries: dict[str, dict[int, Source]] = defaultdict(dict)
    country_tokens: dict[int, str] = {}
    named_countries = list(country_mentions(doc, gazetteer=gazetteer))
    for m in named_countries:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or any(t.i in person_tokens for t in span):
            continue
        for t in span:
            country_tokens[t.i] = m.key
        src = source_of(sentence_of(span))
        countries[m.key][src.start] = src

    orgs: dict[str, tuple[str, str | None, dict[int, Source]]] = {}
    for m in organisation_mentions(doc, gazetteer=gazetteer):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or any(t.i in person_tokens for t in span):
            continue
        entry = gazetteer.organisations.get(m.key) if m.key else None
        key = m.key or _org_key(m.text)
        name = entry.name if entry else m.text
        country = entry.country if entry else None
        if key not in orgs:
            orgs[key] = (name, country, {})
        src = source_of(sentence_of(span))
        orgs[key][2][src.start] = src
        if country:
            for t in span:
                country_tokens.setdefault(t.i, country)

    place_tokens: dict[int, Place] = {}
    for span in [s for s in gazetteer_spans(doc) if s.label_ in {"PLACE", "CAPITAL"}] + [
        e for e in doc_entities(doc) if e.label_ in {"GPE", "LOC", "FAC"}
    ] + [  # "talks in the Kremlin" (tagged ORG): a seat of government where something is held is a place
        s for s in gazetteer_spans(doc)
        if s.label_ == "METONYM" and s.root.dep_ == "pobj" and s.root.head.lower_ in {"in", "at", "inside"}
    ]:
        span = strip_span(span)
        if not span or any(t.i in person_tokens for t in span) or any(t.i in place_tokens for t in span):
            continue
        pl = place_from_span(span, gazetteer)
        if pl:
            for t in span:
                place_tokens[t.i] = pl

    person_country = {p.key: p.country for p in people.records}
    records = [_office_from_gazetteer(p, gazetteer, published) for p in people.records]
    ctx = Context(
        doc=doc,
        gazetteer=gazetteer,
        token_keys=people.token_keys,
        person_country=person_country,
        country_tokens=country_tokens,
        place_tokens=place_tokens,
        published=published,
        article_id=aid,
        source_of=source_of,
        rule_labels=(patterns or PatternMatcher(doc.vocab)).trigger_labels(doc),
        country_evidence=people.evidence,
        person_titles={p.key: p.titles for p in records},
        text=article.text,
    )
    finder = MeetingExtractor(ctx)
    raws = finder.mentions()
    resolve_plural_backward(raws)
    raws = merge_mentions(raws, person_country, today=ctx.published.isoformat() if ctx.published else None)
    add_delegations(doc, raws, ctx)
    add_attendees(doc, raws, ctx, finder.entities)
    add_seated(doc, raws, ctx, finder.entities)
    complete_counterparts(raws, ctx)
    fill_sides(raws, ctx)
    inherit_trip(raws)
    settle_places(raws, ctx)
    date_in_sequence(raws, ctx)
    date_from_address(raws, ctx)
    date_after_meeting(raws, ctx)
    date_from_lede(raws, ctx)
    attach_discussions(doc, raws, ctx, pronoun=finder.pronoun)
    host_country(raws, ctx)
    person_ranges = [(s.start, s.end) for s, _ in people.mentions]
    trigger_tokens = [t.i for t in finder.triggers]
    places = topic_places(doc, named_countries, gazetteer=gazetteer, person_tokens=person_tokens) if raws else {}
    # to_records passes a meeting's topic sentences only: its countries are found again by those sentences
    sides_of: dict[tuple[int, ...], set[str]] = defaultdict(set)
    for raw in raws:
        codes = set(raw.sides) | {c for p in raw.participants if (c := person_country.get(p))}
        sides_of[tuple(sorted(s.start for s in raw.topic_sentences))] |= {gazetteer.country_name(c) or c for c in codes}

    found_in: dict[tuple[int, ...], tuple] = {}  # meetings told in the same sentences share their topics

    def topics_for(sents):
        key = tuple(s.start for s in sents)
        if key not in found_in:
            found_in[key] = tuple(topics_in(
                sents, matcher=topic_matcher, vocabulary=vocabulary, exclude=person_ranges, triggers=trigger_tokens,
                places=places, sides=sides_of.get(key, ()),
            ))
        return found_in[key]

    meetings = to_records(raws, ctx, topics_for=topics_for)
    records = [replace(p, country=person_country.get(p.key)) for p in records]

    return ArticleRecord(
        article=article,
        people=tuple(records),
        countries=tuple(
            CountryRecord(code, gazetteer.country_name(code) or code, tuple(srcs[k] for k in sorted(srcs)))
            for code, srcs in sorted(countries.items())
        ),
        organisations=tuple(
            OrgRecord(key, name, country, tuple(srcs[k] for k in sorted(srcs)))
            for key, (name, country, srcs) in sorted(orgs.items())
        ),
        meetings=tuple(meetings),
    )


def _org_key(text: str) -> str:
    from ..gazetteer import slug

    return slug(text)


def topic_places(doc: Doc, mentions: list, *, gazetteer: Gazetteer, person_tokens: set[int]) -> dict[int, str]:
    """Token index -> common English name of the country each of the
    country ``mentions`` (:func:`country_mentions`: names, demonyms,
    capitals as metonyms) names, for telling a country discussed from a
    country that takes part."""
    out: dict[int, str] = {}
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        name = gazetteer.country_name(m.key)
        if span is None or not name or any(t.i in person_tokens for t in span):
            continue
        for t in span:
            out[t.i] = name
    return out
