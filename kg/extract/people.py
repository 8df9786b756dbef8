"""People: person mentions grouped into one record per person in an article,
with titles and the country each person acts for.

- full names and later surname-only mentions are one person ("Sullivan");
  East Asian family-name-first names match on their first token ("Xi");
- titles in front ("Chinese Vice Foreign Minister Xie Feng") or in apposition
  ("Jake Sullivan, US national security adviser", "China's top diplomat,
  Yang Jiechi") give titles and a country;
- the gazetteer of officials supplies canonical names and countries;
- spaCy label errors are corrected where the article shows the span is a
  person (an ORG "Wang" when "Wang Yi" is a person) or is not one (a hotel).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from spacy.tokens import Doc, Span

from ..gazetteer import Gazetteer, family_name_first, slug
from ..names import is_variant
from ..types import PersonRecord, Source
from .syntax import doc_entities, proper_nouns, sentence_of, sentence_spans, tokens_with
from .lexicon import (
    FORMER_WORDS, HONORIFICS, ORG_NOUNS, MEET_NOUNS, MEET_VERBS, NOT_NAME_ENDS, PARTICLES, STYLES, THING_NOUNS, TITLE_GLUE,
    TITLE_MODIFIERS,
)
from .mentions import _JUNK, gazetteer_spans, strip_span
from .sources import sentence_source

#: Words a complement of a title never continues with ("Ambassador to Santiago | on Twitter").
_NOT_COMPLEMENT = (
    r"(?:on|in|at|with|by|from|as|is|was|were|are|be|been|has|had|have|said|says|told|who|whom|whose|which|that|"
    r"will|would|and|or|but|after|before|during|while|when|met|meets|to|for|of|the|a|an|his|her|their|its)"
)


#: A comma inside a title's complement, in a list of portfolios that "and" closes: "Minister of National
#: Defence, Veterans and Reintegration".
_LIST_COMMA = r",\s+(?=(?:[A-Z][\w\-]*\s+){0,3}(?:and|&)\s+[A-Z])"


@lru_cache(maxsize=1)
def _modifiers() -> re.Pattern:
    """Words in front of a title that go with it: capitalised ones ("Chinese",
    "China's", "White House") and :data:`TITLE_MODIFIERS` ("assistant", "former")."""
    words = "|".join(sorted((re.escape(w) for w in TITLE_MODIFIERS), key=len, reverse=True))
    return re.compile(rf"((?:(?:(?!(?:The|A|An)\b)[A-Z][\w.\-\u2019']*|(?i:{words}))\s+){{1,5}})$")


#: Where a word begins (``\\b`` before a word character).
_WORD_START = re.compile(r"\b(?=\w)")


@dataclass
class TitleMatcher:
    """Regexes over the title vocabulary, compiled once per extractor.

    Titles match in any case; their complement ("for Humanitarian Affairs",
    "of Saudi Arabia", "in Venezuela") is capitalised words, joined by "and",
    "&" or "of (the)", and lower-case content words after the first ("for
    Drought response"), never a function word ("on", "said")."""

    titles: tuple[str, ...]
    left: re.Pattern = field(init=False)
    left_comma: re.Pattern = field(init=False)
    any_title: re.Pattern = field(init=False)
    plural_left: re.Pattern = field(init=False)
    singular: dict[str, str] = field(init=False)
    plural_words: frozenset[str] = field(init=False)
    leading: frozenset[str] = field(init=False)
    words: frozenset[str] = field(init=False)
    #: the first words of the titles, lower-cased: where a title can start
    firsts: tuple[str, ...] = field(init=False)
    #: those first words by their first character
    firsts_by_char: dict[str, tuple[str, ...]] = field(init=False)
    #: in ASCII text, the word starts whose letter (in either case) begins a title's first word
    ascii_starts: re.Pattern = field(init=False)

    def __post_init__(self) -> None:
        alts = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in self.titles) or "(?!x)x"
        word = rf"(?:[A-Z][\w\-]*|(?!{_NOT_COMPLEMENT}\b)[a-z][a-z\-]+)"
        comp = (
            rf"(?:\s+(?:for|of|to|in)\s+(?:the\s+)?(?:[A-Z][\w.\-]*|{word})"
            rf"(?:(?:\s+(?:and\s+|&\s+|(?:of|in|to)\s+(?:the\s+)?)?|{_LIST_COMMA}){word}){{0,6}})?"
        )
        self.any_title = re.compile(rf"\b(?P<title>(?i:{alts}){comp})\b")
        # title directly in front of the name: "... Vice Foreign Minister |Xie Feng"
        self.left = re.compile(rf"(?P<title>\b(?i:{alts}){comp})\s+$")
        # appositive in front: "China's top diplomat, |Yang Jiechi"
        self.left_comma = re.compile(rf"(?P<title>\b(?i:{alts}){comp})\s*,\s*$")
        # a plural office before a list of names: "former cabinet ministers A and B", "the foreign ministers of
        # India and China, A and B"
        self.singular = {}
        for t in self.titles:
            if re.search(r"\s(?:of|for|to|in)\s|-", t):
                continue
            last = t.split()[-1]
            if re.search(r"[^aeiou]y$", last):
                plural = last[:-1] + "ies"
            elif re.search(r"(?:s|sh|ch|x)$", last):
                plural = last + "es"
            else:
                plural = last + "s"
            self.singular[t[: len(t) - len(last)] + plural] = t
        plurals = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(self.singular, key=lambda t: (-len(t), t))) or "(?!x)x"
        self.plural_words = frozenset(t.split()[-1] for t in self.singular)
        self.plural_left = re.compile(rf"(?P<title>\b(?P<office>(?i:{plurals}))(?P<comp>{comp}))\s*,?\s*$")
        self.leading = frozenset(t for t in self.titles if " " not in t)
        self.words = frozenset(w for t in self.titles for w in re.split(r"[\s\-]+", t.lower()) if w and w not in TITLE_GLUE)
        self.firsts = tuple(sorted({t.lower().split()[0] for t in self.titles if t.strip()}))
        by_char: dict[str, list[str]] = defaultdict(list)
        for first in self.firsts:
            by_char[first[0]].append(first)
        self.firsts_by_char = {c: tuple(words) for c, words in by_char.items()}
        letters = "".join(sorted({c for first in by_char for c in (first, first.upper()) if c.isascii()}))
        self.ascii_starts = re.compile(rf"\b(?=\w)(?=[{re.escape(letters)}])" if letters else r"(?!x)x")

    def search(self, pattern: re.Pattern, text: str) -> re.Match | None:
        """``pattern.search(text)`` for a pattern of this matcher (a match
        starts with a title), tried only at the word starts where a title's
        first word is written (in ASCII text, only the word starts with a
        letter such a word begins with are visited): the same match, without
        running the whole title alternation at every position of the text.

        >>> m = TitleMatcher(("Foreign Minister", "President"))
        >>> m.search(m.left, "said on Monday that Chinese Foreign Minister ")["title"]
        'Foreign Minister'
        >>> m.search(m.left, "the ministers ") is None
        True
        """
        lower = text.lower()
        by_char = self.firsts_by_char
        for w in (self.ascii_starts if text.isascii() else _WORD_START).finditer(text):
            at = w.start()
            firsts = by_char.get(lower[at])
            if firsts is not None and lower.startswith(firsts, at):
                m = pattern.match(text, at)
                if m is not None:
                    return m
        return None


@dataclass(frozen=True)
class PersonMention:
    span: Span
    name: str


@dataclass
class PeopleResult:
    """People of one article and, for each person token, the person key."""

    records: list[PersonRecord]
    token_keys: dict[int, str]
    mentions: list[tuple[Span, str]]
    evidence: dict[str, CountryEvidence] = field(default_factory=dict)


#: Kinds of evidence for the country a person acts for, strongest first: an
#: office the officials gazetteer says they held in the year of publication
#: (its state or organisation); a title in the text naming an international
#: organisation ("UN Secretary-General"), which outranks the home country the
#: gazetteer gives; that home country; a title, apposition or demonym in the
#: text; the person whose aide or envoy the text makes them; the delegation or
#: side they are listed in; a former office ("Nigeria's former head of
#: state", who may now act for someone else); the country of the first
#: member of a coordination they hold an office in ("SA's former deputy
#: president A and former ministers B and C"); the country that hosted a
#: meeting of theirs.
EVIDENCE_ORDER = ("office", "organisation", "gazetteer", "title", "patron", "delegation", "former", "listed", "host")


@dataclass
class CountryEvidence:
    """What an article says of the country one person acts for. The one
    decision of that country is :meth:`decide`; every extraction step that
    learns something adds to it instead of setting the country itself."""

    votes: dict[str, Counter] = field(default_factory=dict)

    def add(self, kind: str, code: str, weight: int = 1) -> None:
        if kind not in EVIDENCE_ORDER:
            raise ValueError(f"unknown kind of country evidence {kind!r}")
        self.votes.setdefault(kind, Counter())[code] += weight

    def decide(self) -> str | None:
        """The strongest kind of evidence wins; within a kind, the country
        named most often (the first named on a tie)."""
        for kind in EVIDENCE_ORDER:
            if self.votes.get(kind):
                return self.votes[kind].most_common(1)[0][0]
        return None


def _is_name_like(span: Span, gazetteer: Gazetteer) -> bool:
    text = span.text
    if not text or len(text) > 70 or _JUNK.search(text) or sum(1 for t in span if t.text != "-" and t.lower_ not in PARTICLES) > 5:
        return False
    if gazetteer.person(text):
        return True
    if _all_capitals(span):
        return False  # a dateline ("HÀ NỘI —") or a headline word, not a name
    if gazetteer.country(text) or gazetteer.organisation(text) or gazetteer.place(text):
        return False
    if len(span) > 1 and span[-1].lower_ in NOT_NAME_ENDS:
        return False  # "Lachin Corridor", "Awami League Party": the name of a thing
    for tok in span:
        if tok.is_punct and tok.text not in {"-", ".", "'", "\u2019"}:
            return False
        if not (tok.text[:1].isupper() or tok.lower_ in PARTICLES or tok.text in {"-", "."} or _hyphen_continuation(tok)):
            return False
    if not any(tok.pos_ == "PROPN" for tok in span) and not all(t.ent_type_ == "PERSON" and t.is_title for t in span):
        return False  # (the tagger may call a surname opening a sentence a plural noun: "Griffiths met ...")
    if len(span) == 1 and (span[0].dep_ == "amod" or span[0].tag_ in {"VBN", "VBD", "JJ"}):
        return False  # "Exiled city mayor ..."
    if len(span) == 1 and _describes_next_name(span):
        return False  # "Veteran diplomat John Smith": a descriptor, not a name
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    if nxt is not None and nxt.lower_ in THING_NOUNS:
        return False
    return True


def _all_capitals(span: Span) -> bool:
    return len(span.text) > 3 and all(t.text.isupper() for t in span if t.is_alpha)


def _hyphen_continuation(tok) -> bool:
    """The lower-case second half of a romanised given name: "Jae-in",
    "Myung-bak" (spaCy splits them at the hyphen)."""
    doc = tok.doc
    return (
        tok.i >= 2 and tok.text.isalpha() and tok.text.islower() and len(tok) <= 5
        and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_ and not doc[tok.i - 2].whitespace_
        and doc[tok.i - 2].text[:1].isupper()
    )


def _describes_next_name(span: Span) -> bool:
    """A one-word span followed by lower-case descriptor nouns that lead
    into another person's name ("Exiled city mayor Ivan Fedorov")."""
    doc = span.doc
    i = span.end
    nouns = 0
    while i < len(doc) and i < span.end + 4 and doc[i].pos_ == "NOUN" and doc[i].text.islower():
        nouns += 1
        i += 1
    return nouns > 0 and i < len(doc) and doc[i].ent_type_ == "PERSON" and doc[i].ent_iob_ == "B"


def _name_token(tok) -> bool:
    """A token that can be part of a name: a capitalised proper noun or
    initial, a lower-case particle ("bin", "da"), a hyphen inside a word."""
    if tok.is_space:
        return False
    if tok.text == "-":
        return not tok.whitespace_ and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_
    if tok.lower_ in PARTICLES:
        return True
    if _hyphen_continuation(tok):
        return True
    return tok.text[:1].isupper() and tok.tag_ in {"NNP", "NNPS"} and (tok.text.isalpha() or re.fullmatch(r"[A-Z]\.|[A-Z][a-z]+['\u2019][A-Z]?[a-z]+|[A-Z][\w\-]+", tok.text) is not None)


def _meeting_argument(span: Span) -> bool:
    """A multi-word proper name that is the subject or object of a meeting
    verb, or the object of its "with": "hosted Macky Sall", "met with Nana
    Akufo-Addo" (a slot for a person, whatever spaCy's label)."""
    root = span.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in {"with", "between"}:
        head = head.head
    elif root.dep_ not in {"dobj", "nsubj", "nsubjpass"}:
        return False
    return head.lemma_.lower() in MEET_VERBS or head.lower_ in MEET_NOUNS


def anchored_names(
    doc: Doc, *, gazetteer: Gazetteer, titles: TitleMatcher, gspans: list[Span] | None = None, text: str | None = None
) -> list[Span]:
    """Names spaCy missed or labelled as an organisation or a place, where a
    title or form of address shows they are a person's: right after one
    ("President Nana Akufo-Addo", "Crown Prince Mohammed bin Salman",
    "Somali president Hassan Sheikh Mohamud", "Mr. Erdogan"), in apposition
    to one ("the president of Ghana, Nana Akufo-Addo") or followed by one
    ("Macky Sall, President of Senegal")."""
    text = doc.text if text is None else text
    non_person = {i for sp in (gazetteer_spans(doc) if gspans is None else gspans) if sp.label_ != "PERSON" for i in range(sp.start, sp.end)}
    sent_starts = [sent.start_char for sent in sentence_spans(doc)]
    out: list[Span] = []
    n = len(doc)
    starts = iter(proper_nouns(doc))  # a run starts at a capitalised proper noun
    i = -1
    while True:
        i = next((k for k in starts if k >= i), None)
        if i is None:
            break
        tok = doc[i]
        if not (tok.text[:1].isupper() and _name_token(tok)):
            i += 1
            continue
        j = i
        while j < n and _name_token(doc[j]):
            j += 1
        while j > i and (doc[j - 1].lower_ in PARTICLES or doc[j - 1].text == "-"):
            j -= 1
        k = i
        while k < j and (doc[k].lower_ in titles.words or doc[k].lower_ in HONORIFICS or k in non_person or doc[k].text == "-"):
            k += 1
        start, end = k, j
        i = max(j, i + 1)
        if end - start < 1 or end - start > 6:
            continue
        span = doc[start:end]
        if _all_capitals(span) or span[-1].lower_ in NOT_NAME_ENDS or span[-1].lower_ in titles.words or span[-1].lower_ in THING_NOUNS:
            continue
        if any(i in non_person for i in range(start, end)) or gazetteer.country(span.text) or gazetteer.organisation(span.text) or gazetteer.place(span.text):
            continue
        nxt = doc[end] if end < n else None
        if nxt is not None and (nxt.lower_ in THING_NOUNS or nxt.lower_ in NOT_NAME_ENDS):
            continue
        before = doc[start - 1] if start > 0 else None
        if len(span) == 1 and not (before is not None and (before.lower_ in titles.leading or before.lower_ in HONORIFICS)) or any(t.tag_ == "NNPS" for t in span):
            continue  # "President Ramaphosa", "Mr. Erdogan"; not "First Lady", "Foreign Ministers"
        if before is not None and (before.lower_ in titles.words or before.lower_ in HONORIFICS):
            out.append(span)  # after a title
        elif before is not None and before.text == "," and _after_title_comma(span, text, sent_starts, titles):
            out.append(span)  # in apposition
        elif _titled_after(span, text, titles) or (len(span) > 1 and _meeting_argument(span)):
            out.append(span)
    return out


def _after_title_comma(span: Span, text: str, sent_starts: list[int], titles: TitleMatcher) -> bool:
    """``span`` in apposition to a title before it: "the president of Ghana, Nana Akufo-Addo"."""
    sent_start = sent_starts[bisect_right(sent_starts, span.start_char) - 1]
    left = re.sub(r"\s*\([^()]*\)", "", text[max(sent_start, span.start_char - 150) : span.start_char])
    return titles.search(titles.left_comma, left) is not None


def _titled_after(span: Span, text: str, titles: TitleMatcher) -> bool:
    """``span`` followed by its title: "Macky Sall, President of Senegal"."""
    right = text[span.end_char : span.end_char + 120]
    ap = re.match(r"\s*,\s*(?:the\s+|a\s+|an\s+)?(?:(?:[A-Z][\w.\-\u2019']*|former|acting|then)\s+){0,3}", right)
    return ap is not None and ap.group(0).strip().startswith(",") and titles.any_title.match(right[ap.end():]) is not None


def person_spans(doc: Doc, *, gazetteer: Gazetteer, titles: TitleMatcher, text: str | None = None, gspans: list[Span] | None = None) -> list[Span]:
    """Candidate person spans: spaCy PERSON entities and gazetteer officials,
    leading title words removed, junk dropped, overlaps resolved (longest wins)."""
    cands: list[Span] = []
    gspans = gazetteer_spans(doc) if gspans is None else gspans
    non_person: dict[int, Span] = {}
    for span in sorted(gspans, key=len):
        if span.label_ == "PERSON":
            cands.append(span)
        else:  # the longest name a token is part of: "Lok Sabha", not the town "Sabha"
            non_person.update((i, span) for i in range(span.start, span.end))
    for ent in doc_entities(doc):
        if ent.label_ != "PERSON":
            continue
        span = strip_span(ent)
        while len(span) > 1 and (
            span[0].lower_ in titles.leading or span[0].lower_ in HONORIFICS or span[0].lower_ in STYLES
            or (len(span) > 2 and span[0].lower_ in titles.words and span[1].lower_ in titles.words)  # "Crown Prince"
        ):
            span = span.doc[span.start + 1 : span.end]
        span = _name_bounds(span, non_person, titles)
        while span and span.end < len(doc) and span[-1].dep_ == "compound" and span[-1].head.i == span.end \
                and _chain_name(doc[span.end]) and span.end not in non_person:
            span = doc[span.start : span.end + 1]  # "Amir Khan | Muttaqi": the parse continues the name the tagger cut
        if all(t.lower_ in titles.words or t.lower_ in STYLES for t in span):
            continue  # "Crown Prince": an office, not a name
        if span and _is_name_like(span, gazetteer):
            cands.append(span)
    taken = {i for s in cands for i in range(s.start, s.end)}
    found = anchored_names(doc, gazetteer=gazetteer, titles=titles, gspans=gspans, text=text)
    cands.extend(s for s in found if not any(i in taken for i in range(s.start, s.end)))
    cands.sort(key=lambda s: (s.start, -(s.end - s.start)))
    out: list[Span] = []
    last_end = -1
    for span in cands:
        if span.start >= last_end:
            out.append(span)
            last_end = span.end
    return _join_chains(out)


#: Particles of Arabic patronymic chains ("bin", "bint", "ibn").
_CHAIN_PARTICLES = frozenset({"bin", "bint", "ibn", "binti"})


def _chain_name(tok) -> bool:
    """A capitalised name word of a patronymic chain (not a title or style)."""
    return (
        tok.text[:1].isupper() and tok.tag_ == "NNP" and tok.ent_type_ in {"", "PERSON"} and tok.text.isalpha()
        and tok.lower_ not in STYLES and tok.lower_ not in HONORIFICS
    )


def _join_chains(spans: list[Span]) -> list[Span]:
    """Names continued by a patronymic chain are one name: "Rima | bint |
    Bandar bin Sultan", "Faisal bin Farhan | bin Abdullah" (spaCy and the
    gazetteer often stop at a particle)."""
    if not spans:
        return spans
    doc = spans[0].doc
    n = len(doc)
    out: list[Span] = []
    for span in spans:
        if out and span.start < out[-1].end:  # overlaps a name just extended: one name
            prev = out.pop()
            span = doc[prev.start : max(span.end, prev.end)]
        if out and span.start - out[-1].end in (0, 1) and (
            (span.start == out[-1].end and span[0].lower_ in PARTICLES)
            or (span.start == out[-1].end + 1 and doc[out[-1].end].lower_ in PARTICLES)
        ):
            span = doc[out[-1].start : span.end]
            out.pop()
        start, end = span.start, span.end
        while end + 1 < n and (doc[end].lower_ in _CHAIN_PARTICLES or doc[end].lower_ == "al") and _chain_name(doc[end + 1]):
            end += 2  # "... bin Farhan | bin Abdullah", "... | al Saud"
        while start >= 2 and doc[start - 1].lower_ in _CHAIN_PARTICLES and _chain_name(doc[start - 2]) \
                and (not out or out[-1].end <= start - 2):
            start -= 2  # "Rima bint | Bandar bin Sultan"
        out.append(doc[start:end] if (start, end) != (span.start, span.end) else span)
    return out


def _name_bounds(span: Span, non_person: dict[int, Span], titles: TitleMatcher) -> Span:
    """A PERSON entity with the place that ends a title complement taken off
    ("Ambassador to |Santiago| Jon Benjamin") and the given name that spaCy
    left between such a complement and the name put back ("the King of Saudi
    Arabia |Salman| Al Saud")."""
    doc = span.doc
    if len(span) > 2 and span.start in non_person and span.start > 0:
        place = non_person[span.start]
        # "to |Santiago| Jon Benjamin", "Leader of Opposition in Lok |Sabha| Adhir Ranjan Chowdhury"
        if place.end < span.end - 1 and (place.start < span.start or doc[span.start - 1].lower_ in _PLACE_PREPOSITIONS):
            span = doc[place.end : span.end]
    if not span:
        return span
    i = span.start - 1
    if span[0].lower_ in PARTICLES and i >= 0 and _given_name(doc[i], titles):
        span = doc[i : span.end]  # "Turki | bin Mohammed bin Fahd"
        i -= 1
    if i > 0 and _given_name(doc[i], titles) and not doc[i].ent_type_:
        before = doc[i - 1]
        if before.lower_ in STYLES or before.lower_ in HONORIFICS:
            return doc[i : span.end]  # "Sheikh | Salem | Abdullah Al-Sabah" (even a town's name)
        if i not in non_person and i - 1 in non_person and non_person[i - 1].start > 0 \
                and doc[non_person[i - 1].start - 1].lower_ in _PLACE_PREPOSITIONS:
            return doc[i : span.end]  # "King of Saudi Arabia | Salman | Al Saud", "in Lok Sabha | Rahul | Gandhi"
    return span


def _given_name(tok, titles: TitleMatcher) -> bool:
    return (
        tok.tag_ == "NNP" and tok.text.istitle() and tok.text.isalpha() and tok.lower_ not in titles.words
        and tok.lower_ not in HONORIFICS and tok.lower_ not in STYLES
    )


#: Prepositions that end a title's complement in a place: "Ambassador to", "King of".
_PLACE_PREPOSITIONS = frozenset({"to", "of", "in", "for", "from", "at"})


def _relabelled(doc: Doc, known: set[str], taken: set[int]) -> list[Span]:
    """ORG/GPE/NORP entities that are really a person named elsewhere in the
    article ("Wang" tagged ORG next to a "Wang Yi" PERSON)."""
    out = []
    for ent in doc_entities(doc):
        if ent.label_ in {"ORG", "GPE", "NORP", "LOC", "FAC"}:
            span = strip_span(ent)
            if span and span.text in known and not any(i in taken for i in range(span.start, span.end)):
                out.append(span)
    return out


def _bare_surnames(doc: Doc, surnames: set[str], taken: set[int]) -> list[Span]:
    """A proper noun the model left unlabelled that is the surname of a
    person the article names in full ("Martin Griffiths ... Griffiths met
    with ..."), standing where a person does."""
    out = []
    if not surnames:
        return out
    for tok in tokens_with(doc, {w.lower() for w in surnames}):  # the model may tag "Griffiths" a plural noun
        i = tok.i
        if i in taken or tok.ent_type_ or tok.text not in surnames or not _person_slot(tok):
            continue
        if (i > 0 and doc[i - 1].pos_ == "PROPN") or (i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN"):
            continue  # part of a longer name
        out.append(doc[i : i + 1])
    return out


def _listed_names(doc: Doc, spans: list[Span], taken: set[int], gspans: list[Span]) -> list[Span]:
    """Names in a list with people ("Baleka Mbete, Ngoako Ramatlhodi and
    Sydney Mufamadi"; "A, B, Antonia Urrejola Noguera and Maya Fernández
    Allende"), whatever label the model gave them: items of two or three
    capitalised words separated by commas and a final "and", in a list that
    starts with a person and holds at least two people. Words the gazetteer
    or the model take for a place or an organisation are not names."""
    starts = {s.start: s for s in spans}
    other = {i for g in gspans if g.label_ not in {"PERSON"} for i in range(g.start, g.end)}
    other |= {i for e in doc_entities(doc) if e.label_ in {"GPE", "LOC", "FAC", "DATE", "NORP"} for i in range(e.start, e.end)}
    out: list[Span] = []
    for first in spans:
        if first.end >= len(doc) or doc[first.end].text != ",":
            continue
        items: list[Span] = [first]
        i = first.end
        closed = False
        while i < len(doc) and sentence_of(doc[i]).start == sentence_of(first).start and len(items) < 12:
            sep = doc[i].lower_
            if sep == "," and i + 1 < len(doc) and doc[i + 1].lower_ == "and":
                i, closed = i + 2, True
            elif sep == ",":
                i += 1
            elif sep == "and":
                i, closed = i + 1, True
            else:
                break
            item = _list_item(doc, i, starts, taken, other)
            if item is None:
                break
            items.append(item)
            i = item.end
            if closed:
                break
        known = sum(1 for it in items if it.start in starts)
        if closed and known >= 2 and len(items) >= 3:
            out.extend(it for it in items if it.start not in starts)
    return out


def _list_item(doc: Doc, i: int, starts: dict[int, Span], taken: set[int], other: set[int]) -> Span | None:
    """The item of a list of names that starts at token ``i``: the person
    span found there, else two or three capitalised words that are no one's
    and no place's or organisation's (``taken``, ``other``); None when
    neither."""
    item = starts.get(i)
    if item is not None:
        return item
    j = i
    while j < len(doc) and j - i < 3 and doc[j].is_title and doc[j].is_alpha and j not in taken and j not in other:
        j += 1
    return doc[i:j] if j - i >= 2 else None


def _names_after_plural_office(
    doc: Doc, spans: list[Span], taken: set[int], gspans: list[Span], plural_offices: frozenset[str],
) -> list[Span]:
    """Names in a list that a plural office leads ("former cabinet ministers
    A and B", "defence ministers A, B and C"), whatever label the model gave
    them, when the list holds a person: items of two or three capitalised
    words the gazetteer does not know as a place or an organisation."""
    starts = {s.start: s for s in spans}
    other = {i for g in gspans if g.label_ != "PERSON" for i in range(g.start, g.end)}
    out: list[Span] = []
    for tok in tokens_with(doc, plural_offices):
        if tok.lower_ not in plural_offices or tok.tag_ != "NNS":
            continue
        items: list[Span] = []
        i = tok.i + 1
        while i < len(doc) and sentence_of(doc[i]).start == sentence_of(tok).start and len(items) < 8:
            item = _list_item(doc, i, starts, taken, other)
            if item is None:
                break
            items.append(item)
            i = item.end
            if i < len(doc) and doc[i].text == "," and i + 1 < len(doc) and doc[i + 1].lower_ == "and":
                i += 2
            elif i < len(doc) and doc[i].lower_ in {",", "and"}:
                i += 1
            else:
                break
        if len(items) >= 2 and any(it.start in starts for it in items):
            out.extend(it for it in items if it.start not in starts)
    return out


def _country_in(
    doc: Doc, start_char: int, end_char: int, gazetteer: Gazetteer, spans: list[Span] | None = None,
    labels: frozenset[str] | set[str] = frozenset({"COUNTRY", "DEMONYM", "METONYM", "CAPITAL", "ORG"}),
) -> str | None:
    """First country named (by name, demonym, metonym or known organisation)
    inside a character range (only spans of ``labels``)."""
    found = _countries_in(doc, start_char, end_char, gazetteer, spans, labels)
    return found[0] if found else None


def _countries_in(
    doc: Doc, start_char: int, end_char: int, gazetteer: Gazetteer, spans: list[Span] | None = None,
    labels: frozenset[str] | set[str] = frozenset({"COUNTRY", "DEMONYM", "METONYM", "CAPITAL", "ORG"}),
) -> list[str]:
    """The countries named inside a character range, in the order they are
    first named (see :func:`_country_in`)."""
    named: list[tuple[int, str]] = []
    for span in gazetteer_spans(doc) if spans is None else spans:
        if start_char <= span.start_char and span.end_char <= end_char and span.label_ in labels:
            code = None
            if span.label_ in {"COUNTRY", "DEMONYM", "METONYM", "CAPITAL"}:
                code = span.kb_id_ or span.id_
                if gazetteer.is_ambiguous(span.text, code) and doc[span.start].ent_type_ not in {"GPE", "NORP"}:
                    code = None  # "Guinea", "Georgia": only where spaCy agrees it is a place
            elif span.label_ == "ORG" and not _inside_longer_org(span):
                entry = gazetteer.organisations.get(span.kb_id_ or span.id_)
                code = entry.country if entry else None
            if code:
                named.append((span.start_char, code))
    out: list[str] = []
    for _, code in sorted(named):
        if code not in out:
            out.append(code)
    return out


def _inside_longer_org(span: Span) -> bool:
    """A known organisation's name inside the name of another one spaCy
    tagged ("Congress" in "the Congress Parliamentary Party")."""
    doc = span.doc
    first = doc[span.start]
    if first.ent_type_ != "ORG":
        return False
    start = span.start
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = span.end
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if doc[start].lower_ == "the" and start < span.start:
        start += 1  # the model's span may take in the article: "the Congress Parliamentary Party"
    return (start, end) != (span.start, span.end) and doc[start].ent_type_ == "ORG"


class Titled(NamedTuple):
    """What the words around one mention say: its titles as written, the
    country (or organisation) they name, and whether that office is a
    former one ("Nigeria's former head of state")."""

    titles: list[str]
    country: str | None
    former: bool = False


def _strip_styles(left: str, titles: TitleMatcher) -> str:
    """The text before a name without the forms of address ending it, when an
    office comes before them: "Foreign Minister Sheikh |", "Prime Minister
    Dr |", "Prime Minister Prince |" (a style alone, "Sheikh |", is kept)."""
    stripped = left
    while True:
        head, _, last = stripped.rstrip().rpartition(" ")
        if not last or (last.lower() not in STYLES and last.lower() not in HONORIFICS):
            break
        stripped = head + " "
    return stripped if stripped != left and (titles.search(titles.left, stripped) or titles.search(titles.left_comma, stripped)) else left


def _with_acronym(title: str, end: int, text: str) -> str:
    """A title with the acronym in parentheses right after it, as written:
    "President of the Economic Community of West African States (ECOWAS)"."""
    m = re.match(r"\s*(\([A-Z][A-Za-z.\-]{1,11}\))", text[end : end + 16])
    return f"{title} {m[1]}" if m and re.search(r"\s(?:of|for|to|in)\s", title) else title


def _titles_and_country(
    span: Span, *, gazetteer: Gazetteer, titles: TitleMatcher, person_starts: set[int], text: str,
    gspans: list[Span] | None = None,
) -> Titled:
    """Titles and country of one mention; ``text`` is ``doc.text`` (which
    spaCy rebuilds on every access)."""
    doc, sent = span.doc, sentence_of(span)
    found: list[str] = []
    country: str | None = None
    former = False
    # parentheses blanked out, offsets kept: "the President of ECOWAS (the bloc), Omar Touray"
    left_text = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), text[sent.start_char : span.start_char])
    window_start = max(0, len(left_text) - 140)
    left = _strip_styles(left_text[window_start:], titles)
    base = sent.start_char + window_start
    m = titles.search(titles.left, left)
    if m is None:
        m = titles.search(titles.left_comma, left)
        # "..., Lavrov, Russian Foreign Minister, Blinken said": that title is Lavrov's
        if m is not None and re.search(r"[A-Z][\w\-]+\s*,\s*(?:the\s+|a\s+)?(?:[A-Z][\w.\-\u2019']*\s+){0,3}$", left[: m.start()]):
            m = None
    if m:
        split = _split_stacked(m["title"], titles, gazetteer)
        if len(split) == 1:
            split = [_with_acronym(split[0], base + m.end("title"), text)]
        found.extend(split)
        # modifiers in front of the title: "Chinese", "U.S.", "China's", "White House", "assistant", "former"
        pre_start = base + m.start()
        chunk = left[: m.start()]
        mm = _modifiers().search(chunk)
        if mm and (lead := _leading_verbs(doc, base + mm.start(), base + m.start())):
            # "Rejecting Acting Prime Minister X's excuse": a verb opening the sentence is no modifier
            mm = _modifiers().search(chunk, mm.start() + lead) if mm.start() + lead < m.start() else None
        lo = base + (mm.start() if mm else m.start())
        head = _head_title(m["title"])
        if mm and len(split) == 1:
            # the title as written, with its country and "former": "Polish President", "Nigeria's former head of state"
            written = _tidy(mm.group(1) + split[0])
            if written.lower() != split[0].lower() and len(written.split()) <= 9:
                found.append(written)
            words = mm.group(1).split()
            k = len(words)
            while k > 0 and words[k - 1].lower() in TITLE_MODIFIERS:
                k -= 1
            if 0 < k < len(words):
                # "assistant foreign minister", "ousted President": the office as written without its country
                found.append(_tidy(" ".join(words[k:]) + " " + split[0]))
            former = any(w.lower() in FORMER_WORDS for w in mm.group(1).split())
        # a country in the complement is the portfolio ("Secretary for China"), not the person's,
        # unless the complement wraps the person's own office ("adviser to Italian Prime Minister Draghi")
        country = _country_in(doc, lo, pre_start + len(head), gazetteer, gspans)
        if country is None and len(split) == 1 and len(split[0]) < len(_tidy(m["title"])):
            country = _country_in(doc, pre_start + len(head), pre_start + len(m["title"]), gazetteer, gspans)
        elif country is None and (of_end := _of_complement(m["title"])):
            # "President of Ghana": an "of" complement names the person's country (a "for"/"to" one is a portfolio)
            country = _country_in(doc, pre_start + len(head), pre_start + of_end, gazetteer, gspans)
        if country is None:
            # a state's own institution in the complement: "Leader of Opposition in Rajya Sabha"
            country = _country_in(doc, pre_start + len(head), pre_start + len(m["title"]), gazetteer, gspans, labels={"ORG"})
    else:
        # "Chinese counterpart Xi", "China's Xi": a demonym/possessive right before
        mm = re.search(
            r"((?:[A-Z][\w.\-\u2019']*\s+){1,3})(?:(?:[a-z]+\s+){0,2}?(?:counterpart|leader|chief|envoy|head|negotiator|spokesman|spokeswoman|official)\s+)?$",
            left,
        )
        if mm:
            country = _country_in(doc, base + mm.start(), span.start_char, gazetteer, gspans)
    # apposition after the name: "Jake Sullivan, US national security adviser,"
    right = text[span.end_char : sent.end_char]
    ap = re.match(r"\s*,\s*(?:the\s+|a\s+|an\s+)?(?P<phrase>[^,;:.\u201c\u201d\"()]{2,100})", right)
    if ap and (opening := doc.char_span(span.end_char + ap.start("phrase"), span.end_char + ap.end("phrase"), alignment_mode="expand")) \
            is not None and opening[0].pos_ in {"ADP", "SCONJ"}:
        ap = None  # "A, in the presence of the minister of defence, B": an adjunct, not an apposition
    if ap:
        phrase = ap["phrase"]
        p0 = span.end_char + ap.start("phrase")
        for tm in titles.any_title.finditer(phrase):
            title = tm["title"]
            end = p0 + tm.end()
            # the complement runs into another person: "adviser to Italian Prime Minister Mario Draghi"
            inner = any(p0 + tm.start() < doc[i].idx < end for i in person_starts)
            if inner or _followed_by_person(doc, text, end, person_starts):
                if not re.search(r"\s(?:to|for|of|in)\s", title):
                    continue  # "former US President Barack Obama's ..." is Obama's title
                title = re.split(r"\s+(?:to|for|of|in)\s+", title, maxsplit=1)[0]
                end = p0 + tm.start() + len(title)
            mod = _modifiers().search(phrase[: tm.start()])
            mods = [w for w in (mod.group(1).split() if mod else ()) if w.lower() in TITLE_MODIFIERS]
            found.append(_tidy(" ".join(mods) + " " + _with_acronym(title, p0 + tm.start() + len(title), text)))
            former = former or any(w.lower() in FORMER_WORDS for w in mods)
            if country is None:
                stop = p0 + tm.end() if title != tm["title"] else p0 + tm.start() + len(_head_title(title))
                country = _country_in(doc, p0, stop, gazetteer, gspans)
            if country is None and title == tm["title"] and (of_end := _of_complement(title)):
                t0 = p0 + tm.start()  # "Macky Sall, President of Senegal"
                country = _country_in(doc, t0 + len(_head_title(title)), t0 + of_end, gazetteer, gspans)
            break
    else:
        # "the election of Lai Ching-te as Taiwan's president"
        am = re.match(r"\s+as\s+(?:the\s+)?(?P<mod>(?:[A-Z][\w.\-]*(?:['\u2019]s)?\s+){0,2})(?P<title>[\w\s\-]{2,60})", right)
        if am:
            tm = titles.any_title.match(am["title"])
            if tm:
                found.append(_tidy(tm["title"]))
                if country is None:
                    c0 = span.end_char + am.start("mod")
                    country = _country_in(doc, c0, c0 + len(am["mod"]), gazetteer, gspans)
    if country is None:
        country = _of_country_after(span, text, gazetteer, gspans)
    return Titled(found, country, former)


def _leading_verbs(doc: Doc, start_char: int, end_char: int) -> int:
    """How many characters of verbs (not past participles, which modify
    offices) open the range: "Rejecting | Acting Prime Minister"."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None:
        return 0
    n = 0
    for tok in span:
        if tok.tag_ not in {"VBG", "VB", "VBZ", "VBP", "VBD"} or tok.lower_ in TITLE_MODIFIERS or tok.idx >= end_char:
            break  # a participle may be a modifier: "ousted President", "elected President"
        n = tok.idx + len(tok.text) + len(tok.whitespace_) - start_char
    return n


def _of_country_after(span: Span, text: str, gazetteer: Gazetteer, gspans: list[Span] | None) -> str | None:
    """The country an "of" right after a name gives: "Prime Minister Ilie
    Radu of Moldova"; not "Li Na of China Daily" or "of Australia's Lowy
    Institute", where the country begins a longer name."""
    om = re.match(r"\s+of\s+(?:the\s+)?", text[span.end_char : span.end_char + 12])
    if om is None:
        return None
    at = span.end_char + om.end()
    doc = span.doc
    starting = [g for g in (gazetteer_spans(doc) if gspans is None else gspans) if g.start_char == at and g.label_ == "COUNTRY"]
    for g in sorted(starting, key=len, reverse=True)[:1]:  # "Guinea-Bissau", not "Guinea"
        nxt = doc[g.end] if g.end < len(doc) else None
        if nxt is not None and (nxt.text in {"'s", "\u2019s", "'", "\u2019"} or (nxt.is_title and nxt.is_alpha)):
            return None
        code = g.kb_id_ or g.id_
        if gazetteer.is_ambiguous(g.text, code) and doc[g.start].ent_type_ not in {"GPE", "NORP"}:
            return None
        return code
    return None


def name_lists(mentions: list[tuple[Span, str]], text: str) -> list[list[Span]]:
    """The person mentions of a sentence written as one list ("A, B and C",
    "A and B", "A of Chile and B of Peru"), in order; a mention standing
    alone is a list of one."""
    runs: list[list[Span]] = []
    for span, _key in sorted(mentions, key=lambda m: m[0].start):
        if runs and sentence_of(runs[-1][-1]).start == sentence_of(span).start and re.fullmatch(
            r"(?:\s+of\s+(?:the\s+)?[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,2})?\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)",
            text[runs[-1][-1].end_char : span.start_char],
        ):
            runs[-1].append(span)
        else:
            runs.append([span])
    return runs


def _split_portfolios(text: str) -> list[str]:
    """ "Foreign Affairs and Defense" -> two portfolios; "Trade and Industry" too
    (the caller keeps them whole unless the names pair up with them)."""
    return [p for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", text.strip()) if p]


def shared_titles(
    runs: list[list[Span]], *, text: str, titles: TitleMatcher, gazetteer: Gazetteer, gspans: list[Span] | None = None,
) -> dict[int, Titled]:
    """Titles and countries that a plural office in front of a list of names
    gives each name (mention start -> :class:`Titled`).

    "former cabinet ministers A and B" makes each a "former cabinet
    minister"; countries and portfolios pair up with the names in order when
    their numbers fit: "the foreign ministers of India and China, A and B"
    (A India's, B China's), "the Ministers of Finance and Trade of Kenya and
    Uganda, A, B, C and D" (A and B Kenya's, C and D Uganda's)."""
    out: dict[int, Titled] = {}
    people = [sp for run in runs for sp in run]
    for run in runs:
        if len(run) < 2:
            continue  # "the ministers, Biden said, ...": one name is no list an office in the plural describes
        first = run[0]
        doc, sent = first.doc, sentence_of(first)
        left = text[sent.start_char : first.start_char]
        m = titles.plural_left.search(left)
        if m is None or (m["comp"] and not re.match(r"\s+(?:of|for)\s|\s+\w+\s+(?:the\s+)?[A-Z]", m["comp"])):
            continue  # "ministers of energy", "envoys to Syria"; not "its leaders to meet | Trump"
        base = sent.start_char
        office = _tidy(m["office"])
        words = office.split()
        singular = titles.singular.get(" ".join(w.lower() for w in words))
        if singular is None:
            continue
        n_sing = len(singular.split()[-1])
        head = " ".join(words[:-1] + [words[-1][:n_sing]])  # the office as written, in the singular
        # words in front: "Kenyan and Ugandan", "SA's former" (not another person's name)
        limit = max((sp.end_char - base for sp in people if sentence_of(sp).start == sent.start and sp.end_char <= first.start_char), default=0)
        chunk = left[: m.start()]
        pre = re.search(r"(?:(?:[A-Z][\w.\-\u2019']*|and|(?i:" + "|".join(re.escape(w) for w in sorted(TITLE_MODIFIERS)) + r"))\s+)*$", chunk[limit:])
        mods = pre.group() if pre else ""
        mods = re.sub(r"^(?:and\s+)+", "", mods, flags=re.I)
        pre_start = base + m.start() - len(mods)
        former = any(w.lower() in FORMER_WORDS for w in mods.split())
        modifier_words = [w for w in mods.split() if w.lower() in TITLE_MODIFIERS]
        countries = _countries_in(doc, pre_start, base + m.start(), gazetteer, gspans)
        comp = m["comp"] or ""
        comp_start = base + m.start("comp")
        comp_countries = _countries_in(doc, comp_start, comp_start + len(comp), gazetteer, gspans)
        portfolio, prep = "", ""
        cm = re.match(r"\s+(of|for|to|in)\s+(.*)$", comp, re.S)
        if cm:
            prep, body = cm[1], cm[2]
            if comp_countries:
                # "of Foreign Affairs and Defense | of Argentina and Chile": the portfolio stops where the countries start
                first_c = min(sp.start_char for sp in (gspans or gazetteer_spans(doc)) if comp_start <= sp.start_char < comp_start + len(comp)
                              and sp.label_ in {"COUNTRY", "DEMONYM", "METONYM", "CAPITAL", "ORG"})
                body = text[comp_start + cm.start(2) : first_c]
                body = re.sub(r"\s*(?:\b(?:of|from|for|in)\s+)?(?:the\s+)?$", "", body)
            portfolio = _tidy(body)
            countries += [c for c in comp_countries if c not in countries]
        parts = _split_portfolios(portfolio) if portfolio else []
        n, k, p = len(run), len(countries), len(parts)
        for i, span in enumerate(run):
            country = None
            part = portfolio or None
            if k >= 2 and p >= 2 and n == k * p:
                country, part = countries[i // p], parts[i % p]
            elif k >= 2 and n == k:
                country = countries[i]
            elif k == 1:
                country = countries[0]
                if p >= 2 and n == p:
                    part = parts[i]
            elif p >= 2 and n == p:
                part = parts[i]
            title = f"{head} {prep} {part}" if part else head
            found = [_tidy(title)]
            if modifier_words:
                found.append(_tidy(" ".join(modifier_words) + " " + title))
            out[span.start] = Titled(found, country, former)
    return out


def _followed_by_person(doc: Doc, text: str, end_char: int, person_starts: set[int]) -> bool:
    if text[end_char : end_char + 1] != " ":
        return False
    tok = doc.char_span(end_char + 1, end_char + 2, alignment_mode="expand")
    return tok is not None and tok.start in person_starts


def _of_complement(title: str) -> int:
    """Length of the title up to the end of its "of" complement, which names
    the person's country ("President of Ghana", "Ambassador of Japan | to
    the United States"); 0 when the complement is a portfolio or posting
    ("Envoy for Syria", "Ambassador to China").

    >>> _of_complement("President of Ghana"), _of_complement("Ambassador of Japan to the US"), _of_complement("Envoy for Syria")
    (18, 19, 0)
    """
    m = re.match(r"(\S.*?)\s+(of|for|to|in)\s+", title)
    if m is None or m[2] != "of":
        return 0
    nxt = re.search(r"\s(?:for|to|in)\s", title[m.end() :])
    return m.end() + nxt.start() if nxt else len(title)


def _head_title(title: str) -> str:
    """The title without its complement: "Senior Director for China" -> "Senior Director"."""
    return re.split(r"\s+(?:to|for|of|in)\s+", title, maxsplit=1)[0]


def _split_stacked(title: str, titles: TitleMatcher, gazetteer: Gazetteer) -> list[str]:
    """A title right before a name may stack two offices or wrap another
    person's office: "Deputy Assistant Secretary for China and Taiwan China
    Coordinator" is two titles; "adviser to Italian Prime Minister" (before
    "Mario Draghi") is Draghi's "Prime Minister"."""
    title = _tidy(title)
    head = _head_title(title)
    if head == title:
        return [title]
    comp = title[len(head):]
    # the last vocabulary title ending the complement, with capitalised words before it
    last = None
    for m in titles.any_title.finditer(comp):
        if not re.search(r"\s(?:to|for|of|in)\s", m["title"]) and comp[m.end():].strip() == "":
            last = m
    if last is None:
        return [title]
    wrapped = re.search(r"\s(?:to|of)\s+(?:the\s+)?(?:[A-Z][\w.\-]*\s+)?$", comp[: last.start()] + " ")
    if wrapped:
        return [_tidy(last["title"])]
    for k in (2, 1):
        pre = re.search(rf"((?:[A-Z][\w\-]*\s+){{{k}}})$", comp[: last.start()])
        if pre is None:
            continue
        if not (gazetteer.country(pre[1].strip()) or gazetteer.place(pre[1].strip())):
            continue  # "Affairs and Emergency Relief Coordinator" is one office, "Taiwan China Coordinator" another
        first = _tidy(title[: len(head) + last.start() - len(pre[1])])
        if re.search(r"\s(?:and|&|for|of|to)$", first):
            continue  # "Secretary for China and | Taiwan China Coordinator": too far
        return [first, _tidy(pre[1] + last["title"])]
    return [title]


def _tidy(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip()


def _surname_mentions(doc: Doc, gazetteer: Gazetteer, taken: set[int]) -> list[Span]:
    """A lone known surname spaCy missed or mislabelled ("Wang" tagged ORG)
    where the syntax shows a person: the subject of a verb, the object of
    "with"/"by"/"between" or of a meeting verb ("will meet Biden")."""
    gaz_taken = {i for s in gazetteer_spans(doc) if s.label_ != "PERSON" for i in range(s.start, s.end)}
    out = []
    for tok in (doc[i] for i in proper_nouns(doc)):
        if tok.i in taken or tok.i in gaz_taken or tok.pos_ != "PROPN" or not tok.text[:1].isupper() or not tok.text[1:].islower():
            continue
        if tok.ent_type_ not in {"", "PERSON", "ORG", "GPE", "NORP"} or not gazetteer.is_surname(tok.text):
            continue
        if any(c.dep_ in {"compound", "amod"} for c in tok.children) or tok.dep_ in {"compound", "amod"}:
            continue
        subj = tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.pos_ in {"VERB", "AUX"}
        obj = tok.dep_ == "pobj" and tok.head.lower_ in {"with", "by", "between"}
        met = tok.dep_ == "dobj" and tok.head.lemma_.lower() in MEET_VERBS  # "will meet Biden", "hosted Albanese"
        if subj or obj or met:
            out.append(doc[tok.i : tok.i + 1])
    return out


def extract_people(
    doc: Doc, *, gazetteer: Gazetteer, titles: TitleMatcher, article_id: str, year: int | None = None, source_of=None,
    text: str | None = None,
) -> PeopleResult:
    """Group the person mentions of ``doc`` into :class:`PersonRecord`s
    (``text``: the Doc's text when the caller has it; ``doc.text`` joins
    every token again).

    ``year`` (of publication) picks among officials sharing a surname."""
    doc_text = doc.text if text is None else text
    gspans = gazetteer_spans(doc)
    spans = _not_headline_words(person_spans(doc, gazetteer=gazetteer, titles=titles, text=doc_text, gspans=gspans), doc_text, gazetteer)
    # surnames and first tokens of full names, to recover mislabelled mentions
    known = set()
    for s in spans:
        toks = s.text.split()
        known.add(s.text)
        if len(toks) > 1:
            known.update({toks[-1], toks[0]})
    taken = {i for s in spans for i in range(s.start, s.end)}
    spans = spans + _relabelled(doc, known, taken)
    taken = {i for s in spans for i in range(s.start, s.end)}
    spans = spans + _listed_names(doc, sorted(spans, key=lambda s: s.start), taken, gspans)
    taken = {i for s in spans for i in range(s.start, s.end)}
    spans = spans + _names_after_plural_office(doc, sorted(spans, key=lambda s: s.start), taken, gspans, titles.plural_words)
    taken = {i for s in spans for i in range(s.start, s.end)}
    surnames = {s[-1].text for s in spans if len(s) >= 2 and s[-1].is_title}
    spans = spans + _bare_surnames(doc, surnames, taken)
    taken = {i for s in spans for i in range(s.start, s.end)}
    spans = sorted(spans + _surname_mentions(doc, gazetteer, taken), key=lambda s: s.start)

    # 1. canonical identities for full names
    full: dict[str, tuple[str, str, str | None]] = {}  # surface -> (key, canonical name, gaz country)
    for s in spans:
        text = _normalise_name(s.text)
        if text in full:
            continue
        entry = gazetteer.person(text)
        if entry is None and text.endswith("s") and " " in text:
            entry = gazetteer.person(text[:-1])  # "Xi Jinpings": a possessive without its apostrophe
        if entry is None and " " in text:
            entry = gazetteer.person_variant(text)  # "Olaf Sholz", "Mahmud Abbas"
        if entry is not None:
            full[text] = (entry.id, entry.name, entry.country)
        elif len(text.split()) > 1:
            full[text] = (slug(text), text, None)

    # fragments: "Xi Jinpings" -> "Xi Jinping"
    for text in list(full):
        if text.endswith("s") and text[:-1] in full and full[text][0] == slug(text):
            full[text] = full[text[:-1]]
    # one person under two spellings: "Gabriel Boric Font" is "Gabriel Boric", "Mahmud Abbas" is "Mahmoud Abbas"
    # (the known official, else the shorter form, else the one written first); "bin Salman" is "Mohammed bin Salman"
    order = {text: i for i, text in enumerate(full)}
    for text in sorted(full, key=lambda t: (full[t][0] == slug(t), len(t), order[t])):
        if full[text][0] != slug(text):
            continue  # a known official keeps its identity
        # the end of one longer name: "bin Salman" (Mohammed bin Salman), a family name of two words written
        # without the given name, "Bhutto Zardari" (Bilawal Bhutto Zardari), "Rebelo de Sousa"; not a father
        # named in a patronymic chain, "Hamad Al Khalifa" in "Salman bin Hamad Al Khalifa"
        tails = [o for o in full if _ends_name(o, text) and o.split()[0].lower() not in PARTICLES]
        if len({full[o][0] for o in tails}) == 1:
            full[text] = full[tails[0]]
            continue
        if text.split()[0].lower() in PARTICLES:
            continue
        for other in sorted(full, key=lambda t: (full[t][0] == slug(t), len(t), order[t])):
            if other != text and full[other][0] != slug(text) and is_variant(text, other):
                if full[other][0] != slug(other) or (len(other), order[other]) < (len(text), order[text]):
                    full[text] = full[other]
                    break

    token_keys: dict[int, str] = {}
    mentions: list[tuple[Span, str]] = []
    names: dict[str, str] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    gaz_country: dict[str, str | None] = {}
    last_seen: dict[str, int] = {}
    prev: tuple[Span, str] | None = None
    for s in spans:
        text = _normalise_name(s.text)
        if prev is not None and (
            (s.start == prev[0].end and s[0].lower_ in PARTICLES)
            or (s.start == prev[0].end + 1 and doc[prev[0].end].lower_ in PARTICLES)
        ):
            # "Mohammed bin Salman | bin Abdulaziz al Saud": the rest of the same name
            for i in range(s.start, s.end):
                token_keys[i] = prev[1]
            mentions.append((s, prev[1]))
            prev = (s, prev[1])
            continue
        if text in full:
            key, canonical, gc = full[text]
        else:
            key, canonical, gc = _resolve_short(text, s.start, full, last_seen, gazetteer, year)
        names.setdefault(key, canonical)
        if len(canonical) > len(names[key]):
            names[key] = canonical
        aliases[key].add(s.text if s.text == text else text)
        gaz_country.setdefault(key, gc)
        last_seen[key] = s.start
        mentions.append((s, key))
        prev = (s, key)
        for i in range(s.start, s.end):
            token_keys[i] = key

    person_starts = {s.start for s, _ in mentions}
    titles_of: dict[str, list[str]] = defaultdict(list)
    countries_of: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    sources_of: dict[str, dict[int, Source]] = defaultdict(dict)
    shared = shared_titles(name_lists(mentions, doc_text), text=doc_text, titles=titles, gazetteer=gazetteer, gspans=gspans)
    said_at: dict[int, Titled] = {}
    for s, key in mentions:
        said = _titles_and_country(s, gazetteer=gazetteer, titles=titles, person_starts=person_starts, text=doc_text, gspans=gspans)
        if s.start in shared and not said.titles:
            # "former cabinet ministers A and B"; a country of the mention's own stays: "ministers A of Chile and B of Peru"
            said = shared[s.start]._replace(country=said.country or shared[s.start].country)
        said_at[s.start] = said
        for title in said.titles:
            if title.lower() not in {x.lower() for x in titles_of[key]}:
                titles_of[key].append(title)
        if said.country:
            kind = "organisation" if gazetteer.is_organisation(said.country) else "former" if said.former else "title"
            countries_of[key][kind][said.country] += 1
        src = source_of(sentence_of(s)) if source_of else sentence_source(sentence_of(s), article_id)
        sources_of[key][src.start] = src

    evidence: dict[str, CountryEvidence] = {key: CountryEvidence() for key in names}
    for key in names:
        entry = gazetteer.people.get(key)
        if entry is not None and entry.holds_office(year) and entry.acts_for(year):
            evidence[key].add("office", entry.acts_for(year))  # what the officials list says they held that year
        elif entry is not None and entry.country:
            evidence[key].add("gazetteer", entry.country)
        elif gaz_country.get(key):
            evidence[key].add("gazetteer", gaz_country[key])
        for kind, votes in countries_of[key].items():
            for code, n in votes.items():
                evidence[key].add(kind, code, n)
    for key, code in _coordinated_country(mentions, said_at).items():
        evidence[key].add("listed", code)  # "SA's former deputy president A and former ministers B and C"
    for key, code in _listed_on_a_side(doc, doc_text, mentions, gazetteer, gspans).items():
        evidence[key].add("delegation", code)  # "On the American side, A, B and C attended"
    for key, patron in _patrons(mentions, token_keys).items():
        if (code := evidence[patron].decide()) is not None:
            evidence[key].add("patron", code)  # "Putin's envoy Mikhail Bogdanov" acts for Putin's country
    # a lone word that is no known official, names no one else of the article, carries no title and never
    # stands where a person does (a subject, an object, "with X") is not shown to be a person ("an analyst at Stratfor")
    # (a word first in its sentence, "Somos pueblos hermanos", or after a word for a company, "firm Stratfor told",
    # is not shown to be a person by standing there)
    in_person_slot = {
        key for sp, key in mentions
        if _person_slot(sp.root) and sp.start != sentence_of(sp).start and not (sp.start > 0 and doc[sp.start - 1].lower_ in ORG_NOUNS)
    }
    lone = {
        key for key, name in names.items()
        if " " not in name and not titles_of[key] and key == slug(name) and not evidence[key].decide() and key not in in_person_slot
    }
    if lone:
        token_keys = {i: k for i, k in token_keys.items() if k not in lone}
        mentions = [(sp, k) for sp, k in mentions if k not in lone]
    records = []
    for key, name in names.items():
        if key in lone:
            continue
        country = evidence[key].decide()
        records.append(
            PersonRecord(
                key=key,
                name=name,
                aliases=tuple(sorted(a for a in aliases[key] if a != name)),
                country=country,
                titles=tuple(titles_of[key]),
                sources=tuple(sources_of[key][k] for k in sorted(sources_of[key])),
            )
        )
    return PeopleResult(records=records, token_keys=token_keys, mentions=mentions, evidence=evidence)


def _coordinated_country(mentions: list[tuple[Span, str]], said_at: dict[int, Titled]) -> dict[str, str]:
    """Person key -> the country a coordination's first member's title
    names, for later members with an office but no country of their own:
    in "SA's former deputy president A and former cabinet ministers B and C"
    B and C act for South Africa too."""
    at: dict[int, tuple[Span, str]] = {i: (sp, key) for sp, key in mentions for i in range(sp.start, sp.end)}
    out: dict[str, str] = {}
    for span, key in mentions:
        said = said_at.get(span.start)
        if said is None or not said.titles or said.country:
            continue
        tok = span.root
        while tok.dep_ == "conj" and tok.head.i < tok.i:
            tok = tok.head
        first = at.get(tok.i)
        if first is None or first[1] == key:
            continue
        lead = said_at.get(first[0].start)
        if lead is not None and lead.country:
            out.setdefault(key, lead.country)
    return out


_SIDE = re.compile(r"\b(?:[Oo]n|[Ff]rom|[Ff]or) the ((?:[A-Z][\w.\-]*\s+){1,3})(?:side|delegation|team)\b")


def _listed_on_a_side(
    doc: Doc, text: str, mentions: list[tuple[Span, str]], gazetteer: Gazetteer, gspans: list[Span]
) -> dict[str, str]:
    """Person key -> the country of the side its sentence lists it on: "On
    the American side, A, B and C attended", "From the Saudi delegation, A"."""
    out: dict[str, str] = {}
    for m in _SIDE.finditer(text):
        code = _country_in(doc, m.start(1), m.end(1), gazetteer, gspans)
        if code is None:
            continue
        sent = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if sent is None:
            continue
        sent = sentence_of(sent)
        for span, key in mentions:
            if sent.start <= span.start < sent.end and span.start_char > m.end():
                out.setdefault(key, code)
    return out


def _headline_line(text: str, pos: int) -> tuple[int, int] | None:
    """The bounds of the line holding character ``pos`` when that line is a
    headline written in title case ("EU Leader Holds Separate Talks with
    Pashinyan", "A Declines Invite to Dinner, Skips B's Banquet"), else None:
    a line of its own (whatever sentences the model cut it into, or joined
    it with) without final punctuation, four or more words of four letters
    or more, nearly all capitalised."""
    start = max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1
    end = min((i for i in (text.find("\n", pos), text.find("\r", pos)) if i >= 0), default=len(text))
    line = text[start:end].strip()
    if not line or line[-1] in {".", "!", "?", '"', "\u201d", ":", ";", ","}:
        return None  # a sentence of the text, though it may list names
    long_words = [w for w in re.findall(r"[^\W\d_]+", line) if len(w) > 3]
    if len(long_words) >= 4 and sum(w[:1].isupper() for w in long_words) >= 0.85 * len(long_words):
        return start, end
    return None


def _not_headline_words(spans: list[Span], text: str, gazetteer: Gazetteer) -> list[Span]:
    """Spans of a title-case headline are names only when the article writes
    them so elsewhere too, or the officials list knows them: in "Declines
    Prez Kovind's Invite" or "Biden and Xi Virtual Meeting" capitals do not
    mark names."""
    out = []
    for span in spans:
        line = _headline_line(text, span.start_char)
        if line is not None:
            name = span.text
            if not (gazetteer.person(name) or gazetteer.person_variant(name)):
                if text.find(name, line[1]) < 0 and text.find(name, 0, line[0]) < 0:
                    continue
        out.append(span)
    return out


def _person_slot(tok) -> bool:
    """A subject or object of a verb, or the object of "with", "between",
    "by" or "to": where a surname alone can be taken for a person."""
    if tok.dep_ in {"nsubj", "nsubjpass", "dobj", "poss"}:
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ in {"with", "between", "by", "to"}


def _patrons(mentions: list[tuple[Span, str]], token_keys: dict[int, str]) -> dict[str, str]:
    """Person key -> the person whose aide, envoy or adviser the text makes
    them ("Blinken's advisor Derek Chollet", "Putin's Middle East envoy
    Mikhail Bogdanov"): a possessive person at most five words before."""
    out: dict[str, str] = {}
    for span, key in mentions:
        doc = span.doc
        i = span.start - 1
        steps = 0
        while i > sentence_of(span).start and steps < 6 and doc[i].text not in {"'s", "\u2019s"}:
            inside_title = doc[i].lower_ in {"of", "for"} and doc[i + 1].text[:1].isupper()  # "Deputy Chief of Staff"
            if doc[i].is_punct or (doc[i].pos_ in {"VERB", "AUX", "ADP", "DET"} and not inside_title) or doc[i].i in token_keys:
                break
            i -= 1
            steps += 1
        if doc[i].text in {"'s", "\u2019s"} and 0 < steps and (patron := token_keys.get(i - 1)) and patron != key:
            out.setdefault(key, patron)
    return out


def _normalise_name(text: str) -> str:
    """One spelling per name: straight apostrophes, no possessive, and a
    family name written first in capitals put last ("KISHIDA Fumio" ->
    "Fumio Kishida", as Japanese government English writes names)."""
    text = re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip()
    text = re.sub(r"'s?$", "", text)
    words = text.split()
    while len(words) > 2 and (words[0].lower() in STYLES or words[0].lower() in HONORIFICS):
        words = words[1:]  # "Prince Faisal bin Farhan", "Dr Keith Rowley"
    text = " ".join(words)
    m = re.fullmatch(r"([A-Z]{3,}) ([A-Z][a-z]+(?:-[a-z]+)?)", text)
    if m:
        text = f"{m[2]} {m[1].title()}"
    return text


#: Words that make the name after them a parent's: "Salman bin | Hamad Al Khalifa".
_PARENT_WORDS = frozenset({"bin", "ibn", "bint", "binti", "ben"})


def _ends_name(longer: str, short: str) -> bool:
    """Whether the words of ``short`` (two or more) end the longer name
    ``longer``, and are not a parent's name in a patronymic chain.

    >>> _ends_name("Bilawal Bhutto Zardari", "Bhutto Zardari"), _ends_name("Salman bin Hamad Al Khalifa", "Hamad Al Khalifa")
    (True, False)
    >>> _ends_name("Mohammed bin Salman", "bin Salman"), _ends_name("Joe Biden", "Joe Biden")
    (True, False)
    """
    lw, sw = _fold(longer).split(), _fold(short).split()
    if len(sw) < 2 or len(lw) <= len(sw) or lw[-len(sw):] != sw:
        return False
    return sw[0] in _PARENT_WORDS or lw[-len(sw) - 1] not in _PARENT_WORDS


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    """Case and accents folded: "Fernández" and "Fernandez" are one name
    (the same few names are folded many times per article: kept)."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def _resolve_short(
    text: str,
    position: int,
    full: dict[str, tuple[str, str, str | None]],
    last_seen: dict[str, int],
    gazetteer: Gazetteer,
    year: int | None = None,
) -> tuple[str, str, str | None]:
    """Resolve a one-word (or unknown) name: a full name of this article
    ending (or, for family-name-first names, starting) with it; else a unique
    gazetteer official with that surname (in office in ``year``; the first
    listed when several are); else itself."""
    cands = []
    given = []
    plain = _fold(text)
    for surface, (key, canonical, gc) in full.items():
        toks = [_fold(t) for t in surface.split()]
        if len(toks) < 2:
            continue
        if plain in toks[1:] or (toks[0] == plain and (gc is None or family_name_first(surface, gc))):
            cands.append((key, canonical, gc))  # a surname, or one of two ("Fernandez" for "Maya Fernández Allende")
        elif toks[0] == plain:
            given.append((key, canonical, gc))  # a given name alone ("Alberto")
    if not cands and len({c[0] for c in given}) == 1:
        cands = given
    if cands:
        uniq = {c[0]: c for c in cands}
        if len(uniq) == 1:
            return next(iter(uniq.values()))
        # several people share the name: a known official ("Trump" is Donald, not Melania Trump), else the most
        # recently mentioned
        return max(uniq.values(), key=lambda c: (c[0] in gazetteer.people, last_seen.get(c[0], -1)))
    if " " not in text:
        entries = gazetteer.people_with_surname(text, year=year)
        if entries:
            e = entries[0]
            return e.id, e.name, e.country
    return slug(text), text, None
