"""Quotations and their speakers.

Readouts and wire reports quote officials: "“I look forward to meeting
President Mirziyoyev in Samarkand,” Modi said." Inside a quotation, "I" and
"me" are whoever speaks it: the subject of a speech verb in the sentence
where the quotation ends (after it) or, failing that, where it starts
(before it: "Modi said: “...”").
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from spacy.tokens import Doc, Token

from .lexicon import SPEECH
from .syntax import sentence_of, tokens_with

_OPEN = "\u201c"
_CLOSE = "\u201d"
_STRAIGHT = '"'
FIRST_PERSON = frozenset({"i", "me", "my", "myself"})
#: A quotation longer than this many tokens is taken for an unbalanced quote mark.
MAX_QUOTE = 400


def quotations(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges ``[start, end)`` of the quoted words (quote marks
    excluded), in text order. Curly marks open and close; a straight mark
    closes an open quotation, else opens one."""
    out: list[tuple[int, int]] = []
    opened: int | None = None
    for tok in tokens_with(doc, {_OPEN, _CLOSE, _STRAIGHT}):
        mark = tok.text
        if mark == _OPEN or (mark == _STRAIGHT and opened is None):
            opened = tok.i + 1
        elif opened is not None:
            if tok.i - opened <= MAX_QUOTE:
                out.append((opened, tok.i))
            opened = None
    return out


class Speakers:
    """Who speaks the quotation a token is in, found once per quotation.

    ``who(token)`` gives the person keys a subject token denotes (an
    extractor's entity resolution), so "the minister said" and "he said"
    resolve as subjects do elsewhere."""

    def __init__(self, doc: Doc, who: Callable[[Token], set[str]]):
        self.doc = doc
        self.who = who
        self.spans = quotations(doc)
        self.starts = [s for s, _ in self.spans]
        self._cache: dict[int, str | None] = {}

    def of(self, tok: Token) -> str | None:
        """The speaker of the quotation ``tok`` is in, or None."""
        k = bisect_right(self.starts, tok.i) - 1
        if k < 0 or not (self.spans[k][0] <= tok.i < self.spans[k][1]):
            return None
        if k not in self._cache:
            self._cache[k] = None  # a speaker named inside this very quotation is not looked up again
            self._cache[k] = self._speaker(*self.spans[k])
        return self._cache[k]

    def _speaker(self, start: int, end: int) -> str | None:
        doc = self.doc
        if end + 1 < len(doc):
            after = doc[end + 1]
            key = self._speech_subject(range(end + 1, min(sentence_of(after).end, end + 25)))
            if key:
                return key
        if start >= 2:
            before = doc[start - 2]
            return self._speech_subject(range(max(sentence_of(before).start, start - 25), start - 1))
        return None

    def _speech_subject(self, positions: range) -> str | None:
        for i in positions:
            tok = self.doc[i]
            if tok.pos_ not in {"VERB", "AUX"} or tok.lemma_.lower() not in SPEECH and tok.lemma_.lower() != "quote":
                continue
            for sub in (c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}):
                keys = self.who(sub)
                if len(keys) == 1:
                    return next(iter(keys))
        return None
