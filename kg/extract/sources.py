"""Provenance helpers: a sentence of a Doc as a :class:`~kg.types.Source`."""

from __future__ import annotations

from spacy.tokens import Span

from ..types import Source


def sentence_source(sent: Span, article_id: str) -> Source:
    """The sentence as a Source with character offsets into the article text
    (surrounding whitespace trimmed)."""
    text = sent.text
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    start = sent.start_char + lead
    return Source(article=article_id, sentence=stripped, start=start, end=start + len(stripped))
