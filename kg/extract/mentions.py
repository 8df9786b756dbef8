"""Entity mentions over a parsed Doc: countries, organisations, places and
candidate person spans.

spaCy's entities and the gazetteer span ruler's matches are combined; the
gazetteer corrects label errors it is sure about ("Kyiv" tagged PERSON is a
capital). Functions are pure: they read the Doc and return values.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Span

from ..gazetteer import Gazetteer
from ..nlp import SPANS_KEY
from ..types import Mention
from .syntax import doc_entities, doc_views, sentence_of

_POSSESSIVE = ("'s", "\u2019s", "'", "\u2019")
_JUNK = re.compile(r"[\n/@#\d|<>{}\[\]=_]")


def gazetteer_spans(doc: Doc) -> list[Span]:
    """The gazetteer span ruler's matches, made into a list once per Doc
    (each read of the span group makes new Span objects); the list is
    shared: do not change it."""
    views = doc_views(doc)
    if "gazetteer" not in views:
        views["gazetteer"] = list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else []
    return views["gazetteer"]


def strip_span(span: Span) -> Span:
    """Drop a leading determiner and trailing possessive/punctuation tokens
    (once per span of a Doc: the same entities are stripped by several
    extractors)."""
    doc = span.doc
    stripped = doc_views(doc).setdefault("stripped", {})
    key = (span.start, span.end)
    if key not in stripped:
        stripped[key] = _strip(doc, *key)
    return stripped[key]


def _strip(doc: Doc, start: int, end: int) -> Span:
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def country_mentions(doc: Doc, *, gazetteer: Gazetteer) -> Iterator[Mention]:
    """Every country named in the doc: names, abbreviations, demonyms,
    capitals used as metonyms ("Beijing said")."""
    seen: set[tuple[int, int]] = set()
    places = [e for e in doc_entities(doc) if e.label_ in {"GPE", "NORP"}]
    spans = [s for s in gazetteer_spans(doc) if s.label_ in {"COUNTRY", "DEMONYM", "CAPITAL", "METONYM"}]
    for span in spans:
        if any(o.start <= span.start and span.end <= o.end and len(o) > len(span) for o in spans):
            continue  # "Korea" inside "North Korea" is not a second country
        code = span.kb_id_ or span.id_
        if not code or gazetteer.is_ambiguous(span.text, code):
            # ambiguous forms count only where spaCy agrees it is a place/group
            if not any(e.start <= span.start and span.end <= e.end for e in places):
                continue
        key = (span.start_char, span.end_char)
        if key in seen:
            continue
        seen.add(key)
        yield Mention(span.text, "COUNTRY", span.start_char, span.end_char, code, _sent_index(span))
    for ent in doc_entities(doc):
        if ent.label_ not in {"GPE", "NORP"}:
            continue
        if any(s <= ent.start_char < e for s, e in seen):
            continue
        code = gazetteer.country(strip_span(ent).text)
        if code:
            seen.add((ent.start_char, ent.end_char))
            yield Mention(ent.text, "COUNTRY", ent.start_char, ent.end_char, code, _sent_index(ent))


def organisation_mentions(doc: Doc, *, gazetteer: Gazetteer) -> Iterator[Mention]:
    """Organisations known to the gazetteer, plus spaCy ORG entities that look
    like institutions (ministry, council, party, ...)."""
    seen: set[tuple[int, int]] = set()
    for span in gazetteer_spans(doc):
        if span.label_ != "ORG":
            continue
        seen.add((span.start_char, span.end_char))
        yield Mention(span.text, "ORG", span.start_char, span.end_char, span.kb_id_ or span.id_, _sent_index(span))
    for ent in doc_entities(doc):
        if ent.label_ != "ORG" or any(s <= ent.start_char < e for s, e in seen):
            continue
        span = strip_span(ent)
        if not span.text or _JUNK.search(span.text):
            continue
        entry = gazetteer.organisation(span.text)
        if entry is not None:
            yield Mention(span.text, "ORG", span.start_char, span.end_char, entry.id, _sent_index(span))
        elif re.search(r"\b(Ministry|Department|Council|Party|Commission|Assembly|Parliament|Congress|Agency|Office|Union|Organization|Organisation|Forum|Embassy|Court)\b", span.text):
            yield Mention(span.text, "ORG", span.start_char, span.end_char, None, _sent_index(span))


def _sent_index(span: Span) -> int:
    return sentence_of(span).start if span.doc.has_annotation("SENT_START") else 0
