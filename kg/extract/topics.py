"""Topics: which sentences discuss something, and which issues they name.

Two questions, answered here for :func:`kg.extract.coref.attach_discussions`
and for the meeting records:

* :func:`discussion_in`: does a sentence say that someone discussed, raised,
  agreed on or asked for something, and who ("the two leaders also
  discussed ...", "Syria and trade also came up for discussion", "he
  discussed terrorism with X")? The answer decides which meeting the
  sentence's issues belong to.
* :func:`topics_in`: the issues named in a meeting's sentences: concepts of
  the SKOS vocabulary (ontology/issues.ttl) matched on their labels, a
  country or region named as what was discussed ("they discussed Syria,
  Yemen and South Sudan", "the crisis in Ukraine"), a relationship of two
  countries ("Japan-U.S. relations"), and, outside the vocabulary, the object
  of "discussed" (a new issue).

A bare country name is a topic only where the sentence makes it one (the
object of "discuss", "talks on X", "the situation in X", "the X conflict"):
"relations between Colombia and Venezuela were restored" names two sides,
not an issue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span, Token

from ..types import Topic
from ..vocab import Vocabulary
from .lexicon import (
    BRIEFER_NOUNS,
    DISCUSS,
    DISCUSSION_NOUNS,
    GENERIC_TOPIC_HEADS,
    GROUP_NOUNS,
    ISSUE_NOUNS,
    ISSUE_OBJECT_VERBS,
    MEET_NOUNS,
    MEET_VERBS,
    MEETING_DESCRIPTORS,
    MEETING_TOPIC_VERBS,
    NEW_ISSUE_VERBS,
    PRONOUNS,
    RELATION_NOUNS,
    STRONG_TOPIC_PREPOSITIONS,
    TOPIC_HEAD_NOUNS,
    TOPIC_POSITION_ISSUES,
    TOPIC_PREPOSITIONS,
    WEAK_TOPIC_MODIFIERS,
)
from .syntax import _conjuncts, _is_plural_ref, _subjects, sentence_of

__all__ = ["Discussion", "build_topic_matcher", "discussion_in", "in_topic_position", "specific", "topics_in"]


def build_topic_matcher(nlp: Language, vocabulary: Vocabulary) -> PhraseMatcher:
    """A case-insensitive PhraseMatcher whose match ids are concept keys."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    by_key: dict[str, list[str]] = {}
    for label, key in vocabulary.labels().items():
        by_key.setdefault(key, []).append(label)
    for key, labels in by_key.items():
        matcher.add(key, [nlp.make_doc(label) for label in labels])
    return matcher


# -- who discusses ------------------------------------------------------------


@dataclass(frozen=True)
class Discussion:
    """What a sentence says about who discussed its issues.

    ``people``: person keys of those who discuss (subjects, pronouns
    resolved); ``partners``: people they discuss with or address ("with X",
    "told X"); ``countries``: countries named as the subject ("India and
    Vietnam agreed ..."); ``group``: the discussants are the meeting's
    parties without a name ("the two leaders", "they", "the talks focused
    on", "X came up for discussion", "was discussed").
    """

    people: frozenset[str] = frozenset()
    partners: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    group: bool = False


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _is_group(tok: Token) -> bool:
    """"they", "both", "the two leaders", "the two PMs", "both sides",
    "officials", "the delegation", and the meeting itself ("the visit")."""
    low, lemma = tok.lower_, _lemma(tok)
    if lemma in BRIEFER_NOUNS and tok.tag_ in {"NN", "NNP"}:
        return False  # "the official said": who briefs, not who met
    if low in {"they", "both", "we"} or _is_plural_ref(tok):
        return True
    if lemma in GROUP_NOUNS or lemma in MEET_NOUNS or low in MEET_NOUNS:
        return True
    return tok.pos_ in {"NOUN", "PROPN"} and any(c.lower_ in {"two", "both", "three"} for c in tok.children)


def _people(toks: Iterable[Token], token_keys: Mapping[int, str], pronoun) -> set[str]:
    out = set()
    for t in toks:
        key = token_keys.get(t.i)
        if key is None and t.lower_ in PRONOUNS and pronoun is not None:
            key = pronoun(t)
        if key:
            out.add(key)
    return out


def _with_whom(verb: Token) -> list[Token]:
    """The words after "with" in the clause of ``verb`` ("discussed terrorism
    and energy with the Prime Minister of Spain Mariano Rajoy"), wherever
    the parser hung the "with"; not inside a nested clause."""
    out: list[Token] = []
    stack = list(verb.children)
    while stack:
        t = stack.pop()
        if t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"xcomp"}:
            continue
        if t.dep_ == "prep" and t.lower_ == "with":
            out.extend(w for p in t.children if p.dep_ == "pobj" for w in p.subtree)
            continue
        stack.extend(t.children)
    return out


def discussion_in(
    sent: Span,
    *,
    token_keys: Mapping[int, str],
    countries: Mapping[int, str] | None = None,
    pronoun: Callable[[Token], str | None] | None = None,
    cues: Iterable[Token] | None = None,
) -> Discussion | None:
    """Who the sentence says discussed something, or None when it says no
    one did. ``token_keys`` maps person tokens to person keys, ``countries``
    country tokens to country codes, ``pronoun(token)`` resolves he/she to a
    person key. ``cues``: the sentence's tokens that can signal a discussion
    (by default found by scanning it).
    """
    countries = countries or {}
    if cues is None:
        words = DISCUSS | MEETING_TOPIC_VERBS | DISCUSSION_NOUNS
        cues = [t for t in sent if _lemma(t) in words or t.lower_ in words]
    people: set[str] = set()
    partners: set[str] = set()
    subject_countries: set[str] = set()
    group = False
    found = False
    for tok in cues:
        lemma = _lemma(tok)
        if tok.pos_ in {"VERB", "AUX"}:
            subs = _subjects(tok)
            if lemma in MEETING_TOPIC_VERBS and any(_lemma(s) in MEET_NOUNS or s.lower_ in MEET_NOUNS for s in subs):
                found = group = True  # "the talks focused on trade", "the agenda included Syria"
                continue
            if lemma not in DISCUSS:
                continue
            found = True
            if any(c.dep_ == "auxpass" for c in tok.children):
                subs = [s for s in subs if s.dep_ == "pobj"]  # "by X"; the passive subject is what was discussed
                if not subs:
                    group = True  # "Syria and trade were discussed"
            if not subs:
                root = sentence_of(tok).root
                if any(_is_group(s) for s in _subjects(root)):
                    group = True  # "the visit provides an opportunity to discuss ..."
            for s in subs:
                named = _people([s], token_keys, pronoun)
                if named:
                    people |= named
                elif s.i in countries and s.ent_type_ in {"GPE", ""}:
                    subject_countries.add(countries[s.i])
                elif _is_group(s):
                    of = {countries[c.i] for c in s.children if c.i in countries and c.dep_ in {"amod", "compound", "poss", "nmod"}}
                    if of and not _is_plural_ref(s):
                        subject_countries |= of  # "the Chinese leader", "Ukraine's president"
                    else:
                        group = True
            for c in tok.children:
                if c.dep_ in {"dobj", "obj"}:
                    partners |= _people(_conjuncts(c), token_keys, pronoun)  # "told Kono", "congratulated Trump"
                elif c.dep_ == "prep" and c.lower_ == "during":
                    group = True
            partners |= _people(_with_whom(tok), token_keys, pronoun)
        elif tok.pos_ in {"NOUN", "PROPN"} and (lemma in DISCUSSION_NOUNS or tok.lower_ in DISCUSSION_NOUNS):
            head = tok.head
            if tok.dep_ == "pobj" and head.lower_ in {"for", "on"} and lemma in {"discussion", "agenda", "table"}:
                found = group = True  # "came up for discussion", "on the agenda"
                continue
            if not any(c.dep_ == "prep" and c.lower_ in TOPIC_PREPOSITIONS for c in tok.children):
                continue
            found = True  # "their exchange on cyber threats", "talks about Syria"
            owners = [c for c in tok.children if c.dep_ == "poss"]
            named = _people(owners, token_keys, pronoun)
            if named:
                people |= named
            else:
                group = True
    if not found or not (people or partners or subject_countries or group):
        return None
    partners -= people
    return Discussion(frozenset(people), frozenset(partners), frozenset(subject_countries), group)


# -- which issues -------------------------------------------------------------


def _np_head(tok: Token) -> Token:
    """Climb from a word to what the sentence says of it: through
    coordination and apposition, and from a modifier to the conflict noun it
    modifies ("Yemen" in "Sudan & Yemen conflicts" -> "conflicts"). A
    possessor stays itself: "China's support" is about support."""
    for _ in range(6):
        if tok.head is tok:
            break
        if tok.dep_ in {"conj", "appos"}:
            tok = tok.head
        elif tok.dep_ in {"compound", "amod", "nmod"} and _lemma(tok.head) in ISSUE_NOUNS:
            return tok.head
        else:
            break
    return tok


def in_topic_position(tok: Token) -> bool:
    """Does the sentence make the noun phrase of ``tok`` a topic?

    It does as the object of an issue verb ("discussed Syria"), after "on",
    "about", "over" hanging from a discussion ("talked about Yemen", "talks
    on Ukraine", "focused on Sudan", "a deal on Syria"), as "In addition to
    X" or a sentence-opening "On X," of such a sentence, and as what a
    conflict noun is about ("the crisis in Ukraine", "the Sudan conflict").
    """
    head = _np_head(tok)
    if _lemma(head) in ISSUE_NOUNS and head is not tok:
        return True  # "the Ukraine crisis", "Sudan & Yemen conflicts"
    dep, gov = head.dep_, head.head
    if dep in {"dobj", "obj", "nsubjpass"} and gov.pos_ in {"VERB", "AUX"}:
        return _lemma(gov) in ISSUE_OBJECT_VERBS or _lemma(gov) in MEETING_TOPIC_VERBS
    if dep != "pobj":
        return False
    prep, anchor = gov, gov.head
    word = prep.lower_
    if word == "to" and anchor.lower_ == "addition":
        return True  # "In addition to Syria, they discussed ..."
    if word in {"as", "like", "including"} and (_lemma(anchor) in GENERIC_TOPIC_HEADS or anchor.lower_ in GENERIC_TOPIC_HEADS):
        return True  # "issues such as Ukraine and Syria", "matters including Taiwan"
    if word in STRONG_TOPIC_PREPOSITIONS:
        return True
    if word in {"in", "over", "of", "on", "around"} and _lemma(anchor) in ISSUE_NOUNS:
        return True  # "the situation in Kashmir", "tensions over Taiwan", "the issue of Syria"
    if word not in TOPIC_PREPOSITIONS:
        return False
    if prep.i == sentence_of(prep).start:
        return True  # "On Yemen, they talked about ..."
    lemma = _lemma(anchor)
    if anchor.pos_ in {"VERB", "AUX"}:
        return lemma in DISCUSS or lemma in MEETING_TOPIC_VERBS or lemma in MEET_VERBS
    return lemma in TOPIC_HEAD_NOUNS or lemma in MEET_NOUNS or anchor.lower_ in MEET_NOUNS


def _place_run(i: int, places: Mapping[int, str]) -> tuple[int, int]:
    """The token range of the place mention holding token ``i``."""
    name = places[i]
    a, b = i, i + 1
    while a - 1 in places and places[a - 1] == name:
        a -= 1
    while b in places and places[b] == name:
        b += 1
    return a, b


def _relationship(span: Span, i: int, places: Mapping[int, str]) -> tuple[int, int, str] | None:
    """"Japan-U.S. relations", "China-US volatile relations": the hyphen at
    token ``i`` joins two countries named before a relationship noun. Gives
    the token range and the label (the countries as written, without dots,
    and the noun)."""
    doc = span.doc
    if i - 1 not in places or i + 1 not in places or places[i - 1] == places[i + 1]:
        return None
    a0, _ = _place_run(i - 1, places)
    _, b1 = _place_run(i + 1, places)
    for j in range(b1, min(b1 + 3, span.end)):
        t = doc[j]
        if _lemma(t) in RELATION_NOUNS or t.lower_ in RELATION_NOUNS:
            first = doc[a0:i].text.replace(".", "")
            second = doc[i + 1 : b1].text.replace(".", "")
            return a0, j + 1, f"{first}-{second} {t.lower_}"
        if t.pos_ not in {"ADJ", "ADV"}:
            return None
    return None


def _only_the_meeting(m: Span, triggers: set[int]) -> bool:
    """A match made of the meeting's own words ("virtual summit", "phone
    call"): the meeting, not its topic. "trade talks" names a topic."""
    return any(t.i in triggers for t in m) and all(
        t.i in triggers or t.lower_ in MEETING_DESCRIPTORS or t.lower_ in MEET_NOUNS or _lemma(t) in MEET_NOUNS or not t.is_alpha
        for t in m
    )


def _region_as_modifier(m: Span) -> bool:
    """A region named as a modifier of something else ("Putin's Middle East
    envoy", "an Asia tour"): not what was discussed."""
    root = m.root
    return root.dep_ in {"compound", "nmod", "amod"} and _lemma(root.head) not in ISSUE_NOUNS


def topics_in(
    spans: Iterable[Span],
    *,
    matcher: PhraseMatcher,
    vocabulary: Vocabulary,
    exclude: Iterable[tuple[int, int]] = (),
    triggers: Iterable[int] = (),
    places: Mapping[int, str] | None = None,
    sides: Iterable[str] = (),
) -> list[Topic]:
    """The issues named in ``spans``, in order of first mention.

    A longer match wins over a shorter one inside it ("sanctions on Russia"
    over "Russia"); matches touching ``exclude`` token ranges (person names)
    are ignored, and so are matches made only of the meeting's own words
    (``triggers``, the tokens of the meeting mentions: a "virtual summit" is
    the meeting, not its topic; "trade talks" are about trade). ``places``
    maps the tokens of country mentions to the country's common English
    name, and ``sides`` names the meeting's own countries: a vocabulary label
    that is only a country name ("Syria", "Taiwan") counts for a country
    that is not a side, and for a side only where :func:`in_topic_position`
    holds ("relations between Colombia and Venezuela" at a Colombia-Venezuela
    meeting names no issue); a country in topic position that is not a side
    and has no concept of its own becomes a new issue under its name ("they
    discussed South Sudan"). A region (a place entity outside the country
    list) counts unless it only modifies another noun ("the Middle East
    envoy").
    """
    spans = list(spans)
    places = places or {}
    sides = set(sides)
    nlp_vocab = matcher.vocab
    people = {i for a, b in exclude for i in range(a, b)}
    meeting = set(triggers)
    blocked = people | meeting
    found: dict[str, Topic] = {}

    def add(key: str | None, label: str | None = None) -> None:
        if key is not None:
            concept = vocabulary.concepts.get(key)
            if concept and key not in found:
                found[key] = Topic(key=key, label=concept.label)
        elif label:
            new = Topic(key="new-" + "-".join(w for w in label.lower().replace("-", " ").split() if w.isalnum()), label=label, new=True)
            found.setdefault(new.key, new)

    for span in spans:
        covered: set[int] = set()
        for i in (t.i for t in span if t.text == "-"):
            rel = _relationship(span, i, places)
            if rel and not any(j in blocked for j in range(rel[0], rel[1])):
                covered.update(range(rel[0], rel[1]))
                add(vocabulary.key_for(rel[2]), rel[2])
        matches = matcher(span, as_spans=True)
        matches.sort(key=lambda s: (s.start, -(s.end - s.start)))
        last_end = -1
        for m in matches:
            if m.start < last_end or any(i in people or i in covered for i in range(m.start, m.end)):
                continue
            if _only_the_meeting(m, meeting):
                continue
            if all(i in places for i in range(m.start, m.end)):
                a, _ = _place_run(m.start, places)
                _, b = _place_run(m.end - 1, places)
                if (a, b) != (m.start, m.end):
                    continue  # "Sudan" inside "South Sudan"
                if places[m.start] in sides and not in_topic_position(m.root):
                    continue  # "relations between Colombia and Venezuela"
            elif all(t.ent_type_ in {"GPE", "LOC"} for t in m) and _region_as_modifier(m):
                continue
            key = nlp_vocab.strings[m.label]
            if key.lower() in TOPIC_POSITION_ISSUES and not in_topic_position(m.root):
                continue  # "the Africa Peace Initiative", "threats to regional security"
            last_end = m.end
            covered.update(range(m.start, m.end))
            add(key)
        for t in span:
            if t.i not in places or t.i in covered or t.i in blocked:
                continue
            a, b = _place_run(t.i, places)
            if a != t.i or b > span.end or any(i in covered or i in blocked for i in range(a, b)):
                continue
            if t.ent_type_ not in {"GPE", "LOC", "NORP", ""} or not in_topic_position(span.doc[b - 1]):
                continue
            head = _np_head(span.doc[b - 1])
            if head.i in covered and _lemma(head) in ISSUE_NOUNS:
                continue  # "Russia" in "Russia's brutal war against Ukraine", matched as a whole
            covered.update(range(a, b))
            name = places[t.i]
            if name not in sides:
                add(vocabulary.key_for(name), name)
    for span in spans:
        for topic in new_issues(span, known=found, matcher=matcher, blocked=blocked):
            found.setdefault(topic.key, topic)
    return specific(list(found.values()), vocabulary)


def specific(topics: list[Topic], vocabulary: Vocabulary) -> list[Topic]:
    """The topics without the scheme's top concepts: those are categories
    ("International security", "Bilateral relations") for browsing the
    vocabulary, not issues a meeting discussed."""

    def is_top(t: Topic) -> bool:
        c = vocabulary.concepts.get(t.key)
        return bool(c and c.top and not t.new)

    return [t for t in topics if not is_top(t)]


def new_issues(span: Span, *, known: dict, matcher: PhraseMatcher, blocked: set[int]):
    """Issues outside the vocabulary, only where the text clearly discusses
    them: the object noun phrase of "discussed"/"raised"/"addressed" (or of
    "focus on"), with no vocabulary label inside it and a non-generic head."""
    for tok in span:
        if tok.pos_ != "VERB":
            continue
        lemma = _lemma(tok)
        objs = []
        if lemma in NEW_ISSUE_VERBS:
            objs = [c for c in tok.children if c.dep_ in {"dobj", "obj"}]
        elif lemma == "focus":
            objs = [gc for c in tok.children if c.dep_ == "prep" and c.lower_ == "on" for gc in c.children if gc.dep_ == "pobj"]
        for obj in objs:
            if obj.pos_ not in {"NOUN", "PROPN"} or obj.i in blocked:
                continue
            whole = span.doc[obj.left_edge.i : obj.right_edge.i + 1]
            if matcher(whole):
                continue  # "Russia's brutal war against Ukraine" is a known issue
            mods = [
                c.i for c in obj.children
                if c.dep_ in {"amod", "compound", "nmod"} and c.lower_ not in WEAK_TOPIC_MODIFIERS and c.tag_ not in {"JJS", "RBS"}
            ]
            if _lemma(obj) in GENERIC_TOPIC_HEADS or obj.lower_ in GENERIC_TOPIC_HEADS:
                named = [i for i in mods if span.doc[i].dep_ in {"compound", "nmod"}]
                if not (named and _lemma(obj) in ISSUE_NOUNS):
                    continue  # "discussed ways to ...", but "the fishermen issue" is one
            phrase = span.doc[min(mods + [obj.i]) : obj.i + 1]
            if len(phrase) > 4 or any(t.i in blocked for t in phrase):
                continue
            if any(t.ent_type_ in {"PERSON", "GPE", "NORP", "DATE", "ORG"} for t in phrase):
                continue
            label = phrase.text.lower()
            key = "new-" + "-".join(t.lower_ for t in phrase if t.is_alpha)
            if key not in known:
                yield Topic(key=key, label=label, new=True)
