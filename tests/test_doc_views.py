"""The views of a Doc that extraction makes once (sentences, word index,
gazetteer spans, stripped spans, title positions) give what spaCy's own
attributes and a plain scan give."""

from __future__ import annotations

import re

import pytest

from kg.extract.lexicon import DISCUSS, MEET_NOUNS, MEET_VERBS
from kg.extract.mentions import _strip, gazetteer_spans, strip_span
from kg.extract.people import _WORD_START, TitleMatcher
from kg.extract.syntax import doc_entities, sentence_of, sentence_spans, tokens_at, tokens_with
from kg.nlp import SPANS_KEY

TEXTS = [
    "Foreign Minister Ana Ruiz met her Chilean counterpart in Lima on Tuesday. They discussed trade.\n\n"
    "The talks, the first since March, lasted two hours. Ruiz said a second meeting was planned.",
    "BRASILIA, May 3 (Reuters) - President Lula da Silva will host the leaders of Colombia and Peru. "
    "\"We will talk about the Amazon,\" he said. The summit ends on Friday.",
    "No agreement was reached. Officials from both sides declined to comment on the call between the two "
    "prime ministers, which lasted 40 minutes.",
    "",
]


@pytest.mark.parametrize("text", TEXTS, ids=[t[:30] or "empty" for t in TEXTS])
def test_sentence_of_a_token_or_span_is_its_sent(nlp, text):
    doc = nlp(text)
    assert [(s.start, s.end) for s in sentence_spans(doc)] == [(s.start, s.end) for s in doc.sents]
    for tok in doc:
        assert sentence_of(tok) == tok.sent
    for start in range(len(doc)):
        for end in range(start + 1, min(len(doc), start + 30) + 1):
            span = doc[start:end]
            assert sentence_of(span) == span.sent, (start, end)
    for ent in doc_entities(doc):
        assert sentence_of(ent) == ent.sent


@pytest.mark.parametrize("text", TEXTS, ids=[t[:30] or "empty" for t in TEXTS])
def test_tokens_with_several_lists_finds_their_union(nlp, text):
    doc = nlp(text)
    union = set(MEET_VERBS) | set(MEET_NOUNS) | set(DISCUSS) | {"say"}
    expected = [t.i for t in doc if t.lemma_.lower() in union or t.lower_ in union]
    assert [t.i for t in tokens_with(doc, MEET_VERBS, MEET_NOUNS, DISCUSS, {"say"})] == expected
    assert [t.i for t in tokens_with(doc, union)] == expected
    # exact forms: the lemma or the lower-case form, case kept
    assert sorted(set(tokens_at(doc, {"talk", "Lima"}))) == [t.i for t in doc if "talk" in {t.lemma_, t.lower_} or "Lima" in {t.lemma_, t.lower_}]


@pytest.mark.parametrize("text", TEXTS, ids=[t[:30] or "empty" for t in TEXTS])
def test_gazetteer_spans_and_stripped_spans_are_made_once(nlp, text):
    doc = nlp(text)
    spans = gazetteer_spans(doc)
    expected = [(s.start, s.end, s.label_) for s in doc.spans[SPANS_KEY]] if SPANS_KEY in doc.spans else []
    assert [(s.start, s.end, s.label_) for s in spans] == expected
    assert gazetteer_spans(doc) is spans
    for span in list(doc_entities(doc)) + spans:
        stripped = strip_span(span)
        fresh = _strip(doc, span.start, span.end)
        assert (stripped.start, stripped.end) == (fresh.start, fresh.end)
        assert strip_span(span) is stripped


def _search_every_word_start(matcher: TitleMatcher, pattern: re.Pattern, text: str) -> re.Match | None:
    """The search as written before title positions were indexed by letter."""
    lower = text.lower()
    for w in _WORD_START.finditer(text):
        if lower.startswith(matcher.firsts, w.start()):
            m = pattern.match(text, w.start())
            if m is not None:
                return m
    return None


LEFTS = [
    "said on Monday that Chinese Vice Foreign Minister ",
    "the president of Ghana, ",
    "met the Minister of National Defence, Veterans and Reintegration ",
    "in talks with UN Secretary-General ",
    "the ministers ",
    "",
    "Ümit, the Özbek envoy's aide ",
]


@pytest.mark.parametrize("text", LEFTS)
def test_title_search_by_first_letter_finds_what_every_word_start_finds(gazetteer, text):
    matcher = TitleMatcher(gazetteer.titles)
    for pattern in (matcher.left, matcher.left_comma, matcher.any_title):
        got = matcher.search(pattern, text)
        want = _search_every_word_start(matcher, pattern, text)
        assert (got and (got.start(), got.end())) == (want and (want.start(), want.end()))


def test_extraction_lets_go_of_the_docs_it_has_read(nlp, extractor):
    """The views of a Doc are kept for the last few Docs only: a build that
    extracts article after article must not hold every Doc it parsed (the
    views hold Spans, and a Span holds its Doc)."""
    import gc
    import weakref

    from kg.types import Article

    def extract_one(i: int):
        text = f"Foreign Minister Ana Ruiz met Chilean President Gabriel Boric in Lima on Tuesday. Case {i}."
        doc = nlp(text)
        extractor(doc, Article(id=f"a{i}.txt", text=text, published="2024-05-02"))
        return weakref.ref(doc)

    first = extract_one(0)
    later = [extract_one(i) for i in range(1, 30)]
    gc.collect()
    assert first() is None
    assert sum(ref() is not None for ref in later) <= 4


def test_views_of_a_doc_are_made_again_after_it_left_the_cache(nlp):
    a = nlp("Ana Ruiz met Gabriel Boric in Lima.")
    ents = doc_entities(a)
    for i in range(10):
        doc_entities(nlp(f"Talks number {i} were held in Paris."))
    again = doc_entities(a)
    assert again is not ents
    assert [(e.start, e.end, e.label_) for e in again] == [(e.start, e.end, e.label_) for e in ents]
