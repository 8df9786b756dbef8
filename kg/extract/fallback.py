"""Participants found on the words when the parse lost them.

The small parser misattaches phrases in long news sentences: "President
Alberto Fernández Monday welcomed ..." has no subject (the name became a
modifier of "Monday"); in "had a meeting behind closed doors with X" the
"with" phrase hangs from "doors". When a meeting word's own arguments give
fewer than two parties, these functions read the clause's words instead:
the name just before the verb, and the names after the first "with" or
"between" that follows the meeting word, each with the list it is part of.
They never cross a finite verb, a relative pronoun or a semicolon, so they
stay in the meeting word's clause.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from .lexicon import WordList
from .lists import PersonIndex, Run
from .syntax import sentence_of

#: Tokens scanned on either side of the meeting word, at most.
WINDOW = 40
#: Tokens between "with"/"between" and the first name, at most ("with the
#: President of the Economic Community of West African States, Omar Touray").
PHRASE_WINDOW = 18
_PARTNER_PREPS = {"with", "between"}
_STOP_LOWER = {";", ":", "while", "but", "because", "although"}
#: Relative words start another clause ("that" as a determiner does not).
_RELATIVE_TAGS = {"WDT", "WP", "WP$", "WRB"}
_QUOTES = {'"', "\u201c", "\u201d"}
#: Verbs that head a clause of their own, whose subject may stand right before them.
_CLAUSE_DEPS = {"ROOT", "conj", "ccomp", "advcl"}


def _finite(tok: Token) -> bool:
    return tok.pos_ in {"VERB", "AUX"} and tok.tag_ in {"VBD", "VBZ", "VBP", "MD"}


def _boundary(tok: Token, own: set[int]) -> bool:
    """A token the scan does not cross: a finite verb other than the meeting
    verb's own auxiliaries, an infinitive's "to", a relative pronoun, a
    semicolon or colon, a quotation mark, a subordinating conjunction."""
    if tok.i in own:
        return False
    if _finite(tok) or tok.tag_ == "TO" or tok.tag_ in _RELATIVE_TAGS or tok.text in _QUOTES:
        return True
    return tok.lower_ in _STOP_LOWER


def _own_tokens(verb: Token) -> set[int]:
    return {verb.i} | {c.i for c in verb.children if c.dep_ in {"aux", "auxpass", "neg"}}


def _members(run: Run, index: PersonIndex) -> list[Run]:
    return list(index.list_of(run))


def subject_by_position(verb: Token, index: PersonIndex) -> list[Run]:
    """The name (and its list) standing right before ``verb`` in its clause,
    for a verb the parse gave no subject."""
    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
        return []  # "a proposal by X to meet Y": an infinitive's subject is not the name before it
    if verb.dep_ not in _CLAUSE_DEPS:
        return []  # "in honour of visiting President X", "after meeting X": no clause of its own
    own = _own_tokens(verb)
    sent = sentence_of(verb)
    lo = max(sent.start, verb.i - WINDOW)
    for i in range(verb.i - 1, lo - 1, -1):
        tok = verb.doc[i]
        run = index.run_at(i)
        if run is not None:
            if run.end < len(verb.doc) and verb.doc[run.end].tag_ == "POS":
                return []  # "Blinken's aide welcomed ...": the aide, not Blinken
            return _members(run, index)
        if _boundary(tok, own):
            return []
    return []


def partners_by_position(trig: Token, index: PersonIndex, *, triggers: set[int] = frozenset()) -> list[Run]:
    """The names after the first "with" or "between" that follows ``trig`` in
    its clause ("held talks at State House with X", "a meeting will be held
    between the ministers of A and B, X, Y and Z"), not past another meeting
    word (``triggers``: their token indices): "discussed the call during his
    meeting with X" names X for the meeting only."""
    doc = trig.doc
    own = _own_tokens(trig)
    sent = sentence_of(trig)
    hi = min(sent.end, trig.i + WINDOW)
    prep = None
    for i in range(trig.i + 1, hi):
        tok = doc[i]
        if tok.lower_ in _PARTNER_PREPS and tok.pos_ == "ADP":
            prep = tok
            break
        if _boundary(tok, own) or i in triggers:
            return []
    if prep is None:
        return []
    for i in range(prep.i + 1, min(hi, prep.i + 1 + PHRASE_WINDOW)):
        tok = doc[i]
        run = index.run_at(i)
        if run is not None:
            head = doc[run.end - 1]
            if head.dep_ == "nsubj" and head.head.tag_ == "VBG":
                return []  # "with Xi saying ...": an absolute clause, not a partner
            if run.end < len(doc) and doc[run.end].tag_ == "POS":
                continue  # "with Blinken's deputy": the deputy, who may be named next
            return _members(run, index)
        if _boundary(tok, set()) or (tok.pos_ == "ADP" and tok.lower_ in _PARTNER_PREPS):
            return []
    return []


def co_participants(trig: Token, index: PersonIndex, phrases, *, triggers: set[int] = frozenset()) -> list[Run]:
    """The names after a phrase of ``phrases`` ("with the participation of",
    "along with", "in the presence of") that follows ``trig`` in its clause:
    further participants of the same meeting."""
    doc = trig.doc
    own = _own_tokens(trig)
    if trig.dep_ in {"nsubj", "nsubjpass"}:
        own |= _own_tokens(trig.head)  # "a meeting ... will take place in Chisinau with the participation of X"
    hi = min(sentence_of(trig).end, trig.i + WINDOW)
    firsts = _by_first_word(phrases.words if isinstance(phrases, WordList) else frozenset(phrases))
    i = trig.i + 1
    while i < hi:
        tok = doc[i]
        words = firsts.get(tok.lower_)
        if words and [t.lower_ for t in doc[i : i + len(words)]] == words:
            return _names_after(doc, i + len(words) - 1, hi, index)
        if _boundary(tok, own) or i in triggers:
            return []
        i += 1
    return []


@lru_cache(maxsize=64)
def _by_first_word(phrases: frozenset[str]) -> dict[str, list[str]]:
    """The words of each phrase, by the phrase's first word (made once per list)."""
    return {p.split()[0]: p.split() for p in phrases}


def _names_after(doc, prep_at: int, hi: int, index: PersonIndex) -> list[Run]:
    for i in range(prep_at + 1, min(hi, prep_at + 1 + PHRASE_WINDOW)):
        run = index.run_at(i)
        if run is not None:
            if run.end < len(doc) and doc[run.end].tag_ == "POS":
                continue
            return _members(run, index)
        if _boundary(doc[i], set()):
            return []
    return []
