"""Provenance helpers: a sentence of a Doc as a :class:`~kg.types.Source`."""

from __future__ import annotations

from spacy.tokens import Span

from ..types import Source


class SentenceSources:
    """:func:`sentence_source` with one Source per sentence of one Doc
    (``Span.text`` walks the tokens on every call)."""

    def __init__(self, article_id: str, *, text: str | None = None):
        self.article_id = article_id
        self.text = text
        self._cache: dict[int, Source] = {}

    def __call__(self, sent: Span) -> Source:
        src = self._cache.get(sent.start)
        if src is None:
            src = self._cache[sent.start] = sentence_source(sent, self.article_id, text=self.text)
        return src


def sentence_source(sent: Span, article_id: str, *, text: str | None = None) -> Source:
    """The sentence as a Source with character offsets into the article text
    (surrounding whitespace trimmed); ``text``, the Doc's text, saves walking
    the sentence's tokens."""
    text = sent.text if text is None else text[sent.start_char : sent.end_char]
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    start = sent.start_char + lead
    return Source(article=article_id, sentence=stripped, start=start, end=start + len(stripped))
