"""Meetings as n-ary events: triggers, their own arguments, and what the text
says of mode, status, place, date and topics.

A *trigger* is a meeting verb ("met", "spoke by phone", "visited", "hosted")
or noun ("talks", "summit", "call", "consultations", "backchannel").
Participants come only from the trigger's own syntactic arguments (subject,
object, "with"/"between" phrases, possessor, the subject of the verb that
governs a meeting noun) and never from other names in the sentence. Refusals
("refused to meet") and negated triggers are not meetings.

Mentions of one meeting within an article ("the talks", "the meeting",
"their meetings") are merged into one record; delegation sentences ("the US
delegation included A, B and C") add their members to the meeting of that
side.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from ..gazetteer import Gazetteer, slug
from ..types import Place, Source
from .dates import is_post_timestamp, resolve_date
from .fallback import co_participants, partners_by_position, subject_by_position
from .lists import PersonIndex, clause_verb
from .quotes import FIRST_PERSON, Speakers
from .syntax import doc_entities, governors, negated, setting_of, _pobjs, _conjuncts, _governing_verb, _subjects, _is_plural_ref, _also, _resolve_relative, tokens_with, sentence_of, sentence_spans

from .lexicon import (
    MEET_VERBS,
    MEET_NOUNS,
    NEGATORS,
    CANCELLERS,
    PLANNERS,
    SPEECH,
    GROUP_NOUNS,
    PRONOUNS,
    REL_PRONOUNS,
    VIDEO_WORDS,
    PHONE_WORDS,
    IN_PERSON_WORDS,
    DEFAULT_IN_PERSON,
    TOPIC_VERBS,
    PLACE_VERBS,
    TRAVEL_VERBS,
    NOT_WHEN as _NOT_WHEN,
    DURATION_WORDS as _DURATION_WORDS,
    SCHEDULE_VERBS,
    CLOCK_WORDS,
    JOIN_VERBS,
    MEAL_NOUNS,
    RECEIVING_VERBS,
    STANCE_WORDS,
    TIME_PREPOSITIONS,
    PARTNER_VERBS,
    SHARED_NOUNS,
    SEPARATE_WORDS,
    KINSHIP_NOUNS,
    VENUE_WORDS,
    HYPOTHETICAL_NOUNS,
    COPARTICIPATION,
    HOLDING_VERBS,
    TOPIC_PREPOSITIONS,
    DISCUSS,
    LOCATION_NOUNS,
)


def dates_an_event(ent: Span) -> bool:
    """Whether a DATE (or TIME) entity can say when something happened: not
    a duration ("the past two years"), not a time of day ("at 1930 GMT" is
    not a year), not the time an embedded post was sent ("— Saudi Gazette
    (@Saudi_Gazette) June 7, 2023"), not a bound ("first meeting since
    October" is not October)."""
    doc = ent.doc
    if any(t.lower_ in _DURATION_WORDS for t in ent):
        return False
    if ent.end < len(doc) and doc[ent.end].lower_ in CLOCK_WORDS:
        return False
    if is_post_timestamp(ent):
        return False
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    return before not in _NOT_WHEN and ent.root.head.lower_ not in _NOT_WHEN


@dataclass
class Raw:
    """A meeting mention before merging."""

    trigger: Token
    participants: set[str] = field(default_factory=set)
    sides: set[str] = field(default_factory=set)
    place: Place | None = None
    date: str | None = None
    mode: str = "unknown"
    status: str = "unknown"
    sentences: list[Span] = field(default_factory=list)
    topic_sentences: list[Span] = field(default_factory=list)
    confidence: float = 0.5
    rule: str = ""
    definite: bool = False
    last: int = -1
    mode_explicit: bool = False
    plural: bool = False
    also: bool = False
    #: the positions of the meeting words merged into this mention
    words: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.last = max(self.last, self.trigger.i)
        self.words.add(self.trigger.i)

    def tell(self, sent: Span) -> None:
        """Add a sentence that tells of this meeting (kept in text order)."""
        if sent not in self.sentences:
            self.sentences.append(sent)
            self.sentences.sort(key=lambda s: s.start)

    @property
    def sent_start(self) -> int:
        return self.sentences[0].start


@dataclass
class Context:
    """What meeting extraction needs to know about the article."""

    doc: Doc
    gazetteer: Gazetteer
    token_keys: dict[int, str]
    person_country: dict[str, str | None]
    country_tokens: dict[int, str]
    place_tokens: dict[int, Place]
    published: date | None
    article_id: str
    source_of: Callable[[Span], Source] | None = None
    #: person key -> what the article says of their country (see kg.extract.people.CountryEvidence)
    country_evidence: dict = field(default_factory=dict)
    #: person key -> the titles the article (or the officials gazetteer) gives them
    person_titles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: token index -> label of the dependency patterns (ontology/rules/patterns.jsonl) that matched it as "trigger"
    rule_labels: dict[int, str] = field(default_factory=dict)
    #: the Doc's sentences, and each one's index by its first token (made once per article)
    sentences: list[Span] = field(init=False)
    sentence_index: dict[int, int] = field(init=False)
    #: the person mentions by position, and the lists they form
    persons: PersonIndex = field(init=False)

    #: the Doc's text, when the caller has it (``doc.text`` joins every token again)
    text: str = ""

    def __post_init__(self) -> None:
        self.text = self.text or self.doc.text
        self.sentences = list(sentence_spans(self.doc))
        self.sentence_index = {s.start: k for k, s in enumerate(self.sentences)}
        self.persons = PersonIndex(self.doc, self.token_keys)

    def add_country_evidence(self, key: str, kind: str, code: str) -> None:
        """Add evidence of ``key``'s country and re-decide it (the one
        decision: :meth:`kg.extract.people.CountryEvidence.decide`)."""
        ev = self.country_evidence.get(key)
        if ev is not None:
            ev.add(kind, code)
            self.person_country[key] = ev.decide()




def is_trigger(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    low = tok.lower_
    if tok.pos_ in {"VERB", "AUX"} or tok.tag_.startswith("VB"):
        if lemma in PARTNER_VERBS:
            # "spoke with X", "talked by phone", "A and B spoke"; not "speaking at a forum"
            preps = {c.lower_ for c in tok.children if c.dep_ == "prep"}
            words = {t.lower_ for c in tok.children for t in c.subtree}
            conj_subject = any(c.dep_ in {"nsubj", "nsubjpass"} and any(g.dep_ == "conj" for g in c.children) for c in tok.children)
            if lemma == "discuss":  # "discussed it with X", "discussed the proposal with X"
                return "with" in preps or any(g.dep_ == "prep" and g.lower_ == "with" for c in tok.children if c.dep_ == "dobj" for g in c.children)
            return bool(preps & {"with", "to"} or words & (PHONE_WORDS | VIDEO_WORDS) or conj_subject or lemma == "talk" and tok.tag_ == "VB")
        return lemma in MEET_VERBS
    if tok.pos_ in {"NOUN", "PROPN"}:
        if lemma in SHARED_NOUNS:
            # "a joint press conference with X"; not "a press conference" alone
            kids = {c.lower_ for c in tok.children}
            return "joint" in kids and bool(kids & {"with", "press", "news"})
        return low in MEET_NOUNS or lemma in MEET_NOUNS
    return False


#: "the duo", "the pair": a group of that many people named before
_GROUP_SIZES = {"duo": 2, "pair": 2, "trio": 3}
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6}


def _progressive_head(verb: Token) -> bool:
    """ "X is on Tuesday hosting Y": the parse made "is" the head of the
    participle instead of its auxiliary."""
    return verb.tag_ == "VBG" and verb.head.i != verb.i and verb.head.lemma_.lower() == "be" and verb.head.i < verb.i


def _honoured(tok: Token) -> list[Token]:
    """The people a meeting is held "in honour of" (the objects of "of")."""
    return [
        q for c in tok.children if c.dep_ == "prep" and c.lower_ in {"in", "for"}
        for p in _pobjs(c) if p.lemma_.lower() in {"honour", "honor"}
        for g in p.children if g.dep_ == "prep" and g.lower_ == "of" for q in _pobjs(g)
    ]


def _fringe_of(trig: Token) -> bool:
    """ "on the sidelines of the summit": the meeting word names the
    gathering another meeting was held at."""
    return trig.dep_ == "pobj" and trig.head.lower_ == "of" and trig.head.head.lower_ in LOCATION_NOUNS


def _number_noun(tok: Token) -> bool:
    """ "between the two": a number standing for people, not counting something."""
    return tok.pos_ == "NUM" and tok.lower_ in _NUMBERS and tok.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos"}


def _time_anchor(trig: Token) -> bool:
    head = trig.head
    if trig.dep_ != "pobj" or head.i == trig.i:
        return False
    if head.lower_ in TIME_PREPOSITIONS:
        return True
    return head.lower_ in {"of", "to"} and head.head.lower_ in TIME_PREPOSITIONS  # "ahead of", "prior to"


def _absolute_with(verb: Token) -> list[Token]:
    """The subject of an "-ing" clause that the parse hung from the main verb
    instead of from its "with": in "talks opened, with envoy X, who brokered
    them, meeting the two leaders", X meets them. Only the "with" phrase
    that ends right before the verb (punctuation between) counts."""
    if verb.dep_ != "advcl" or verb.tag_ != "VBG" or verb.head.i == verb.i:
        return []
    withs = [c for c in verb.head.children if c.dep_ == "prep" and c.lower_ == "with" and c.i < verb.i]
    if not withs:
        return []
    end = withs[-1].right_edge.i
    if end >= verb.i or not all(t.is_punct for t in verb.doc[end + 1 : verb.i]):
        return []
    return _pobjs(withs[-1])


def _speaker(trig: Token) -> list[Token]:
    """Subjects of the speech verb whose reported clause holds the meeting
    noun ("X said the talks with Y were useful")."""
    cur = trig
    for _ in range(5):
        if cur.head.i == cur.i:
            return []
        if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in SPEECH:
            return _subjects(cur.head)
        if cur.dep_ in {"relcl", "advcl"}:
            return []
        cur = cur.head
    return []


def _infinitive(tok: Token) -> bool:
    return tok.pos_ in {"VERB", "AUX"} and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


#: "the three envoys" refers to a list of three names at most this many tokens before.
GROUP_WINDOW = 150
#: "the Crown Prince", "the Israeli premier" refer to a person named at most this many tokens before.
OFFICE_WINDOW = 250
#: Office words that stand for others: "the premier" is a prime minister, "the leader" any head of state or government.
_OFFICE_SYNONYMS = {
    "premier": {"premier", "prime minister"},
    "leader": {"leader", "president", "prime minister", "premier", "chancellor", "king", "emir", "sultan", "chairman", "crown prince"},
    "head": {"head", "president", "prime minister", "chancellor", "king", "chairman", "chief"},
}


def _holds(titles, words: set[str]) -> bool:
    """Whether one of ``titles`` has every office word of ``words``
    (synonyms counted: "premier" for "Prime Minister")."""
    for title in titles:
        low = title.lower()
        if all(any(v in low for v in _OFFICE_SYNONYMS.get(w, {w})) for w in words):
            return True
    return False


class MeetingExtractor:
    """Finds meeting mentions in one parsed article and merges them."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.doc = ctx.doc
        self.person_positions = sorted(ctx.token_keys.items())
        # every word is_trigger can accept, found over the Doc's arrays first
        candidates = tokens_with(ctx.doc, MEET_VERBS, PARTNER_VERBS, MEET_NOUNS, SHARED_NOUNS)
        self.triggers = [t for t in candidates if is_trigger(t) or self._partner_verb_on_words(t)]
        self._trigger_ids = {t.i for t in self.triggers}
        # DATE entities, and TIME entities that name a day ("later this evening", "Monday night")
        self.dates = [e for e in doc_entities(ctx.doc) if e.label_ == "DATE" or (e.label_ == "TIME" and not any(t.like_num for t in e))]
        self._scopes: dict[int, list[Token]] = {}
        self.speakers = Speakers(ctx.doc, lambda tok: self.entities(tok, expand=False)[0])

    def _partner_verb_on_words(self, tok: Token) -> bool:
        """ "discussed energy, trade and security with Prime Minister X": a
        partner verb whose "with" phrase the parse hung elsewhere."""
        return (
            tok.pos_ == "VERB" and tok.lemma_.lower() in PARTNER_VERBS
            and bool(partners_by_position(tok, self.ctx.persons))
        )

    def _own(self, trig: Token, toks: list[Token]) -> list[Token]:
        """``toks`` minus the subtrees of other meeting triggers inside them:
        "the meeting, planned as a follow-up to their video summit in
        November" is neither video nor in November."""
        idx = {t.i for t in toks}
        ancestors = {a.i for a in trig.ancestors}
        drop: set[int] = set()
        for i in idx & self._trigger_ids:
            if i != trig.i and i not in ancestors:
                drop.update(t.i for t in self.doc[i].subtree)
        return [t for t in toks if t.i not in drop]

    def _is_city(self, tok: Token) -> bool:
        pl = self.ctx.place_tokens.get(tok.i)
        return pl is not None and not pl.key.startswith("country:")

    # -- argument resolution -------------------------------------------------
    def pronoun(self, tok: Token) -> str | None:
        """He/she/his -> the subject of the verb of saying whose clause
        "he" is the subject of ("X said he would ..."), else the nearest
        preceding person subject (same sentence first, then up to three
        sentences back). A possessive ("X called Y
        about the postponement of his visit") is the sentence's subject
        before any other person of the sentence."""
        if tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.dep_ == "ccomp" and tok.head.head.lemma_.lower() in SPEECH:
            # "X, who hosted Y last week, said he would speak to Z": the one who said it
            said_by = next((k for c in tok.head.head.children if c.dep_ == "nsubj" and (k := self.ctx.token_keys.get(c.i))), None)
            if said_by is not None:
                return said_by
        sent = sentence_of(tok)
        best = subject = None
        for i, key in self.person_positions:
            if i >= tok.i:
                break
            t = self.doc[i]
            if i < sent.start - 400:
                continue
            is_subject = t.dep_ in {"nsubj", "nsubjpass"} or t.head.dep_ in {"nsubj", "nsubjpass"}
            if is_subject or i >= sent.start:
                best = key
            if is_subject and i >= sent.start:
                subject = key
        if tok.lower_ in {"his", "her"} and subject is not None:
            return subject
        return best

    def _family_member(self, tok: Token, key: str) -> bool:
        """ "his granddaughter Naomi", "Naomi, his granddaughter": a relative
        met in private, not a party to a meeting."""
        i = tok.i
        while i > 0 and self.ctx.token_keys.get(i - 1) == key:
            i -= 1
        before = self.doc[i - 1] if i > 0 else None
        if before is not None and before.lemma_.lower() in KINSHIP_NOUNS:
            return True
        return any(c.dep_ == "appos" and c.lemma_.lower() in KINSHIP_NOUNS for c in tok.children)

    def _appositive_people(self, tok: Token, *, expand: bool) -> set[str]:
        """People an apposition to ``tok`` names ("the president of Ghana, Nana
        Akufo-Addo"; "SA's former deputy president Baleka Mbete and former
        ministers A and B"): the first name in it and, with ``expand``, the
        list that name is in. A possessor ("Blinken's adviser X") is not named."""
        persons = self.ctx.persons
        for a in (c for c in tok.children if c.dep_ == "appos"):
            for run in persons.between(a.left_edge.i, a.right_edge.i + 1):
                if run.end < len(self.doc) and self.doc[run.end].tag_ == "POS":
                    continue
                if self._family_member(self.doc[run.end - 1], run.key):
                    continue
                return {r.key for r in persons.list_of(run)} if expand else {run.key}
        return set()

    def _named_after(self, tok: Token) -> set[str]:
        """ "the president of the Sahrawi Republic (also known as Western
        Sahara), Brahim Ghali, ...": a name set off by a comma right after a
        common noun's phrase (and a parenthesis), that is not the subject of
        what follows ("..., Lavrov said")."""
        if tok.pos_ not in {"NOUN", "PROPN"} or (tok.pos_ == "PROPN" and tok.lemma_.lower() not in GROUP_NOUNS):
            return set()  # a common noun, or an office written with a capital ("the President of that country, X")
        doc = self.doc
        j = tok.right_edge.i + 1
        if j < len(doc) and doc[j].text == "(":
            close = next((k for k in range(j + 1, min(len(doc), j + 30)) if doc[k].text == ")"), None)
            j = close + 1 if close is not None else j
        if j + 1 >= len(doc) or doc[j].text != "," or sentence_of(doc[j]).start != sentence_of(tok).start:
            return set()
        run = self.ctx.persons.run_at(j + 1)
        if run is None or run.start != j + 1 or doc[run.end - 1].dep_ in {"nsubj", "nsubjpass"}:
            return set()
        if run.end < len(doc) and doc[run.end].tag_ == "POS":
            return set()
        return {r.key for r in self.ctx.persons.list_of(run)}

    def _np_people(self, tok: Token) -> set[str]:
        """People named inside a noun phrase whose head is not a name: "the
        Honorable Joseph R. Biden, Jr.", "the President of ECOWAS, Omar
        Touray" (through compounds, appositions and "of" phrases only)."""
        found: set[str] = set()
        stack = [tok]
        while stack:
            t = stack.pop()
            for c in t.children:
                if c.dep_ in {"compound", "flat", "appos", "pobj", "nmod", "amod", "punct"} or (c.dep_ == "prep" and c.lower_ == "of"):
                    key = self.ctx.token_keys.get(c.i)
                    if key and not self._family_member(c, key):
                        found.add(key)
                    else:
                        stack.append(c)
        return found

    def _listed_before(self, tok: Token, number: int) -> set[str]:
        """The people of the last list of ``number`` names before ``tok``
        ("Baleka Mbete, Ngoako Ramatlhodi and Sydney Mufamadi ... the three
        envoys"; "Abbas and Netanyahu ... a meeting between the two"), within
        :data:`GROUP_WINDOW` tokens."""
        for group in reversed(self.ctx.persons.lists()):
            if group[-1].end > tok.i:
                continue
            if tok.i - group[-1].end > GROUP_WINDOW:
                break
            if len({r.key for r in group}) == number:
                return {r.key for r in group}
        return set()

    def _listed_beside(self, tok: Token) -> set[str]:
        """The people of a list that ends right before ``tok``'s phrase and a
        comma: the phrase is in apposition to them, whatever the parse says."""
        comma = tok.left_edge.i - 1
        if comma < 1 or self.doc[comma].text != ",":
            return set()
        run = self.ctx.persons.run_at(comma - 1)
        return {r.key for r in self.ctx.persons.list_of(run)} if run is not None else set()

    def _listed_after(self, tok: Token) -> set[str]:
        """ "the ministers of A and B, X, Y and Z": a list that follows the
        phrase after a comma names its people."""
        j = tok.right_edge.i + 1
        if j + 1 >= len(self.doc) or self.doc[j].text != ",":
            return set()
        run = self.ctx.persons.run_at(j + 1)
        if run is None or run.start != j + 1:
            return set()
        group = self.ctx.persons.list_of(run)
        return {r.key for r in group} if len(group) >= 2 else set()

    def _group_reference(self, tok: Token) -> set[str]:
        """People a group or office noun refers to: "the three envoys" (the
        last coordination of three people before it), "the Israeli premier",
        "the UN's aid chief" (the last person of that country mentioned
        before, within a few sentences)."""
        kids = list(tok.children)
        number = next((_NUMBERS.get(c.lower_) for c in kids if c.dep_ == "nummod" and c.lower_ in _NUMBERS), None)
        if tok.tag_ in {"NNS", "NNPS"} or tok.lemma_.lower() in _GROUP_SIZES or _number_noun(tok):
            number = number or _GROUP_SIZES.get(tok.lemma_.lower()) or _NUMBERS.get(tok.lower_)
            if any(c.lower_ == "both" for c in kids):
                number = 2
            beside = self._listed_beside(tok) or self._listed_after(tok)
            if len(beside) >= 2 and number in (None, len(beside)):
                return beside  # "Xi Jinping and Joe Biden, the presidents of China and America, held ..."
            return self._listed_before(tok, number) if number else set()
        if tok.tag_ not in {"NN", "NNP"} or not any(c.dep_ in {"det", "poss"} for c in kids):
            return set()
        if any(c.dep_ == "det" and c.lower_ not in {"the", "this", "that"} for c in kids):
            return set()  # "a minister", "another envoy", "no official"
        sides = [self.ctx.country_tokens[i] for i in range(tok.left_edge.i, tok.i) if i in self.ctx.country_tokens]
        sides += [self.ctx.country_tokens[p.i] for c in kids if c.dep_ == "prep" and c.lower_ == "of" for p in _pobjs(c) if p.i in self.ctx.country_tokens]
        words = {tok.lemma_.lower()} | {c.lower_ for c in kids if c.dep_ == "compound" and c.i not in self.ctx.country_tokens}
        return self._office_holder(tok, sides[0] if sides else None, words)

    def _side_office_holders(self, tok: Token, codes: set[str], *, window: int = OFFICE_WINDOW) -> set[str]:
        """For a plural office noun with countries ("the foreign ministers of A
        and B", "the leaders of Washington and Moscow"), the one person of each
        country holding that office whom the article names within ``window``
        tokens either side; a country with none or several gives nobody."""
        words = {tok.lemma_.lower()} | {c.lower_ for c in tok.children if c.dep_ in {"compound", "amod"} and c.i not in self.ctx.country_tokens}
        words = {w for w in words if w.isalpha()}
        found: set[str] = set()
        runs = self.ctx.persons.between(max(0, tok.i - window), tok.i + window)
        for code in codes:
            holders = {r.key for r in runs if self.ctx.person_country.get(r.key) == code and _holds(self.ctx.person_titles.get(r.key, ()), words)}
            if len(holders) == 1:
                found |= holders
        return found

    def _office_holder(self, tok: Token, code: str | None, words: set[str]) -> set[str]:
        """The person "the Israeli premier", "the UN's aid chief", "the Crown
        Prince" or "the President" refers to: the last person mentioned before
        (within :data:`OFFICE_WINDOW` tokens) who acts for that country and
        holds an office with those words, else (with a country) the last
        person of that country."""
        fallback = None
        here = clause_verb(tok)
        for run in reversed(self.ctx.persons.between(max(0, tok.i - OFFICE_WINDOW), tok.left_edge.i)):
            key = run.key
            if here is not None and (v := clause_verb(self.doc[run.end - 1])) is not None and v.i == here.i:
                continue  # "X hosted the premier": the premier is not X
            if code is not None and self.ctx.person_country.get(key) != code:
                continue
            if _holds(self.ctx.person_titles.get(key, ()), words):
                return {key}
            if code is not None and fallback is None:
                fallback = key
        return {fallback} if fallback else set()

    def entities(self, tok: Token, *, expand: bool = True) -> tuple[set[str], set[str], bool]:
        """People and countries a syntactic argument denotes (with its
        conjuncts unless ``expand`` is false); the flag says whether a
        pronoun had to be resolved."""
        people: set[str] = set()
        sides: set[str] = set()
        resolved = False
        for t in _conjuncts(tok) if expand else [tok]:
            if t.lower_ in REL_PRONOUNS:
                for r in _resolve_relative(t):
                    p, s, _ = self.entities(r)
                    people |= p
                    sides |= s
                continue
            key = self.ctx.token_keys.get(t.i)
            if key and self._family_member(t, key):
                continue
            if key:
                people.add(key)
                if expand:
                    # "Baleka Mbete, Ngoako Ramatlhodi and Sydney Mufamadi": the list the name is in, on the words
                    run = self.ctx.persons.run_at(t.i)
                    people.update(r.key for r in self.ctx.persons.list_of(run) if not self._family_member(self.doc[r.end - 1], r.key))
                # a coordination the parser hung as a modifier: "A and President B" -> B(nmod: A)
                stack = [c for c in t.children if c.dep_ in {"nmod", "conj"}] if expand else []
                while stack:
                    c = stack.pop()
                    if c.i in self.ctx.token_keys and any(x.dep_ == "cc" for x in c.head.children):
                        people.add(self.ctx.token_keys[c.i])
                    stack.extend(x for x in c.children if x.dep_ in {"nmod", "conj", "compound"})
                continue
            named = self._appositive_people(t, expand=expand) or self._named_after(t)
            if named:
                people |= named
                continue
            inner = self._np_people(t)
            if inner:
                people |= inner
                continue
            if t.lower_ in FIRST_PERSON:
                key = self.speakers.of(t)  # "“I look forward to meeting X,” Modi said"
                if key:
                    people.add(key)
                    resolved = True
                continue
            if t.lower_ in PRONOUNS:
                key = self.pronoun(t)
                if key:
                    people.add(key)
                    resolved = True
                continue
            code = self.ctx.country_tokens.get(t.i)
            if code:
                sides.add(code)
                continue
            group_noun = t.lemma_.lower() in GROUP_NOUNS or t.lower_ in GROUP_NOUNS
            if group_noun or t.lemma_.lower() in _GROUP_SIZES or _number_noun(t):
                named = self._group_reference(t)
                if named:
                    people |= named
                    continue
            examples = [r.key for c in t.children if c.dep_ == "prep" and c.lower_ in {"including", "like"}
                        for r in self.ctx.persons.between(c.i + 1, c.right_edge.i + 1)]
            if examples:
                # "various Japanese dignitaries including Prime Minister A and Foreign Minister B"
                people.update(examples)
                continue
            if group_noun:
                named_sides: set[str] = set()
                for i in range(t.left_edge.i, t.i):
                    code = self.ctx.country_tokens.get(i)
                    if code:
                        named_sides.add(code)
                # "foreign ministers of Kazakhstan and Uzbekistan", "ministers from Brazil and India"
                for c in t.children:
                    if c.dep_ == "prep" and c.lower_ in {"of", "from"}:
                        for p in (gc for gc in c.children if gc.dep_ == "pobj"):
                            named_sides.update(code for q in _conjuncts(p) if (code := self.ctx.country_tokens.get(q.i)))
                sides |= named_sides
                if t.tag_ in {"NNS", "NNPS"} and named_sides:
                    # "the foreign ministers of Saudi Arabia and Qatar": the one each that the article names
                    people |= self._side_office_holders(t, named_sides)
                # names inside the group phrase ("officials including X")
                for i in range(t.i + 1, t.right_edge.i + 1):
                    if i in self.ctx.token_keys:
                        people.add(self.ctx.token_keys[i])
        return people, sides, resolved

    def _args(self, trig: Token) -> tuple[set[str], set[str], str, float, bool, bool]:
        """Participants of a trigger: (people, sides, rule, confidence,
        definite, plural) where *plural* says the participants are referred
        to as a pair or group ("both diplomats", "their talks", "the two
        leaders") that later rules may resolve.

        The trigger's own arguments come first: its subject side (subject,
        possessor, the subject of the verb a meeting noun hangs from, the
        speaker) and its partner side (object, "with"/"between" phrases).
        When they give fewer than two parties, the side the parse left empty
        is read off the words (:mod:`kg.extract.fallback`)."""
        rule, conf = "", 0.5
        verbal = trig.pos_ in {"VERB", "AUX"} or trig.tag_.startswith("VB")
        agents: list[Token] = []
        partners: list[Token] = []
        subject_verb: Token | None = None  # the verb whose missing subject the words may give
        if verbal:
            agents += _absolute_with(trig) or _subjects(trig)
            subject_verb = trig
            for c in trig.children:
                if c.dep_ in {"dobj", "obj", "dative"}:
                    partners += _conjuncts(c)
                elif c.dep_ == "prep" and (c.lower_ in {"with", "between", "to", "among"} or (c.lower_ == "on" and trig.lemma_.lower() == "call")):
                    partners += _pobjs(c)
            partners += _honoured(trig)  # "hosted X in honour of Y"
            if trig.lemma_.lower() in PARTNER_VERBS:  # "discussed the proposal with X"
                partners += [p for d in trig.children if d.dep_ == "dobj" for c in d.children if c.dep_ == "prep" and c.lower_ == "with" for p in _pobjs(c)]
            rule, conf = f"verb:{trig.lemma_.lower()}", 0.9
        else:
            between: list[Token] = []
            for c in trig.children:
                if c.dep_ == "poss":
                    agents += _conjuncts(c)
                elif c.dep_ in {"relcl", "acl"} and c.lemma_.lower() in HOLDING_VERBS and c.i > trig.i:
                    # "the first call Macron held": its subject, or the name between the two when the parse lost it
                    holders = [s for s in _subjects(c) if s.lower_ not in REL_PRONOUNS]
                    agents += holders or [self.doc[r.end - 1] for r in self.ctx.persons.between(trig.i + 1, c.i)]
                elif c.dep_ == "prep" and (c.lower_ in {"with", "between", "among", "of", "to", "involving"} or (c.lower_ == "on" and trig.lemma_.lower() == "call" and not any(t.ent_type_ == "DATE" for t in c.subtree))):
                    partners += _pobjs(c)  # "a courtesy call on X" (not "a call on Wednesday")

                    if c.lower_ == "between":
                        between += _pobjs(c)
                elif c.dep_ in {"compound", "amod", "nmod"} and c.i < trig.i:
                    # "US-China talks" name sides; "the Rome talks" a place
                    partners += [t for t in c.subtree if not self._is_city(t)]
            rule, conf = f"noun:{trig.lower_}", 0.85
            verb, rel = _governing_verb(trig)
            # "a banquet in honour of the visiting president", "hosted a banquet in honour of X"
            partners += _honoured(trig) + (_honoured(verb) if verb is not None and rel == "dobj" else [])
            for c in trig.children:
                if c.dep_ == "prep" and c.i > trig.i and (
                    (c.lower_ == "for" and trig.lemma_.lower() in MEAL_NOUNS)  # "hosted a working lunch for X"
                    or (c.lower_ == "from" and verb is not None and rel == "dobj" and verb.lemma_.lower() in RECEIVING_VERBS)  # "received a call from X"
                ):
                    partners += _pobjs(c)
            if _fringe_of(trig):
                verb = None  # "on the sidelines of the summit, X met Y": the summit is where, not a meeting of X
            elif _time_anchor(trig) and not any(c.dep_ == "prep" and c.lower_ == "with" for c in trig.children):
                verb = None  # "after the meeting, Tillerson said": the meeting dates the clause, its subject is not a party
                # ("said before a meeting with X": the speaker is the one who met X)
            # "seeking to arrange a meeting between the two": who arranges it is not a party
            organised = len(self._parties(between)) >= 2
            if verb is not None and trig.dep_ in {"nsubj", "nsubjpass"} and verb.lemma_.lower() == "be":
                # "the first call X held was with Y"
                partners += [p for c in verb.children if c.dep_ == "prep" and c.lower_ in {"with", "between"} for p in _pobjs(c)]
            elif verb is not None and rel in {"dobj", "pobj", "obj", "attr", "npadvmod", "prep", "nmod", "compound", "appos"} and not organised:
                if (verb.lemma_.lower() not in SPEECH and verb.lemma_.lower() not in TOPIC_VERBS) or rel != "dobj":
                    subs = _subjects(verb)
                    if subs:
                        agents += subs
                        conf = 0.75
                        rule += "+subject"
                    elif rel == "dobj":
                        subject_verb = verb  # "X Monday held talks with Y": the parse lost X
                if trig.dep_ == "pobj" and trig.head.lower_ == "for" and trig.head.head.i == verb.i and verb.lemma_.lower() in JOIN_VERBS:
                    partners += [p for c in verb.children if c.dep_ == "dobj" for p in _conjuncts(c)]  # "join Y for talks"
                if rel == "dobj" and not any(c.dep_ == "prep" and c.lower_ in {"with", "between"} for c in trig.children):
                    # "set up a call soon between A and B": the phrase hangs from the verb
                    for c in verb.children:
                        if c.dep_ == "prep" and c.lower_ in {"between", "with"} and c.i > trig.i:
                            partners += _pobjs(c)
            if verb is not None and trig.dep_ in {"nsubj", "nsubjpass"} and not any(c.dep_ == "prep" and c.lower_ in {"with", "between"} for c in trig.children):
                # "a meeting will be held between A and B": the phrase hangs from the verb
                partners += [p for c in verb.children if c.dep_ == "prep" and c.lower_ in {"between", "with"} and c.i > trig.i for p in _pobjs(c)]
        preps = {c.lower_ for c in trig.children if c.dep_ == "prep"}
        if not verbal and "+subject" not in rule and "with" in preps and not any(c.dep_ == "poss" for c in trig.children):
            # "Abbas said a meeting with Netanyahu had been delayed": the speaker is the other party
            speaker = _speaker(trig)
            if speaker:
                agents += speaker
                rule += "+speaker"
                conf = 0.7
        a_people, a_sides, a_pron = self._resolve(agents)
        p_people, p_sides, p_pron = self._resolve(partners)
        people, sides = a_people | p_people, a_sides | p_sides
        found = False
        if len(people) + len(sides) < 2 and not agents and subject_verb is not None:
            for run in subject_by_position(subject_verb, self.ctx.persons):
                people.add(run.key)
                found = True
        if not (p_people or p_sides):
            # "had a meeting behind closed doors with X": the parse hung the partner elsewhere
            for run in partners_by_position(trig, self.ctx.persons, triggers=self._trigger_ids):
                people.add(run.key)
                found = True
        if found:
            rule += "+words"
            conf = min(conf, 0.7)
        people.update(r.key for r in co_participants(trig, self.ctx.persons, COPARTICIPATION, triggers=self._trigger_ids))
        if a_pron or p_pron:
            conf -= 0.1
        definite = any(c.dep_ in {"det", "poss"} and c.lower_ in {"the", "this", "that", "their", "these", "those", "its", "his", "her", "my"} for c in trig.children) or any(
            c.dep_ == "poss" and c.ent_type_ in {"DATE"} for c in trig.children
        )
        plural = any(c.dep_ == "poss" and c.lower_ == "their" for c in trig.children) or any(_is_plural_ref(t) for t in agents + partners)
        return people, sides, rule, conf, definite, plural

    def _resolve(self, tokens: list[Token]) -> tuple[set[str], set[str], bool]:
        """People and sides of argument tokens (each token once), and whether
        a pronoun had to be resolved."""
        people: set[str] = set()
        sides: set[str] = set()
        pron = False
        seen: set[int] = set()
        for t in tokens:
            if t.i in seen:
                continue
            seen.add(t.i)
            p, s, r = self.entities(t)
            people |= p
            sides |= s
            pron = pron or r
        return people, sides, pron

    def _parties(self, tokens: list[Token]) -> set[str]:
        people, sides, _ = self._resolve(tokens)
        return people | sides

    # -- attributes ----------------------------------------------------------
    def _blocked(self, trig: Token) -> str | None:
        """'refused'/'declined' -> 'skip'; 'cancelled' -> 'cancelled'."""
        chain = governors(trig)
        if self.ctx.rule_labels.get(trig.i) == "not_meeting":
            return "skip"  # a refusal, a negation, "called for", a naming (ontology/rules/patterns.jsonl)
        for t in chain:
            lemma = t.lemma_.lower()
            if lemma in NEGATORS:
                return "skip"
            if lemma in CANCELLERS or (lemma == "call" and any(c.lower_ == "off" for c in t.children)):
                return "cancelled"
        if trig.pos_ in {"NOUN", "PROPN"}:
            verb, _ = _governing_verb(trig)
            if verb is not None and verb.i in self._trigger_ids and negated(verb):
                return "skip"  # "did not meet during the summit": no meeting of theirs at the summit either
        if any(c.dep_ == "det" and c.lower_ == "no" for t in chain if t.pos_ in {"NOUN", "PROPN"} for c in t.children):
            return "skip"  # "no meeting", "no confirmation about a possible meeting"
        if any(t.lemma_.lower() in HYPOTHETICAL_NOUNS for t in chain[1:]):
            return "skip"  # "the possibility of bilateral meetings", "speculation about a summit"
        if any(t.pos_ == "ADJ" and t.lower_ in STANCE_WORDS for t in chain[1:]):
            return "skip"  # "open to talks with X", "ready to meet X": a stance, not a meeting
        verbal = trig.pos_ in {"VERB", "AUX"}
        if verbal and trig.lemma_.lower() == "call" and any(c.dep_ == "prep" and c.lower_ == "on" for c in trig.children):
            if not self._called_on_person(trig):
                return "skip"  # "called on X to stop"
        if trig.lemma_.lower() == "call" and any(c.dep_ == "xcomp" and not _infinitive(c) for c in trig.children):
            return "skip"  # "called the move provocative"; "called Scholz to congratulate him" is a call
        return None

    def _called_on_person(self, trig: Token) -> bool:
        """ "called on the foreign minister and asked for ...": a visit or a
        call, unless an infinitive says what the person was urged to do."""
        on = [c for c in trig.children if c.dep_ == "prep" and c.lower_ == "on"]
        if not on or any(c.dep_ == "prep" and c.lower_ == "for" for c in trig.children):
            return False
        objs = [gc for c in on for gc in c.children if gc.dep_ == "pobj"]
        if not any(self.entities(o)[0] for o in objs):
            # "called on President of the UAE His Highness Sheikh X": the name right after the office the parse cut off
            after = [o.right_edge.i + 1 for o in objs]
            if not any(self.ctx.persons.between(i, i + 4) for i in after):
                return False
        return not any(_infinitive(t) for o in objs + [trig] for t in o.subtree if t.i != trig.i and t.dep_ in {"xcomp", "advcl", "relcl", "ccomp", "acl"})

    def _calls_on_at_place(self, trig: Token) -> bool:
        """A verb "called on X" with a place it happened in ("called on the
        President in Abu Dhabi"): a visit, not a phone call."""
        if trig.pos_ not in {"VERB", "AUX"} or not any(c.dep_ == "prep" and c.lower_ == "on" for c in trig.children):
            return False
        spots = [t for c in trig.subtree if c.dep_ == "prep" and c.lower_ in {"in", "at"} for t in c.children if t.dep_ == "pobj"]
        return any(t.i in self.ctx.place_tokens for t in spots)

    def _local_tokens(self, trig: Token) -> list[Token]:
        """Words that can state the mode: the trigger's modifiers ("video
        summit", "talks by phone", "met virtually") and the three words before."""
        toks = [trig]
        for c in trig.children:
            if c.dep_ in {"amod", "compound", "nmod", "advmod", "npadvmod"} or (c.dep_ == "prep" and c.lower_ in {"by", "via", "over", "on", "in"}):
                toks.extend(c.subtree)
        lo = max(sentence_of(trig).start, trig.i - 3)
        toks += [self.doc[i] for i in range(lo, trig.i)]
        return self._own(trig, toks)

    def _mode(self, trig: Token) -> tuple[str, bool]:
        """The meeting's mode and whether the text states it (a "meeting" is
        in person by default, a "video meeting" says so)."""
        words = {t.lower_ for t in self._local_tokens(trig)}
        lemma = trig.lemma_.lower()
        if words & VIDEO_WORDS:
            return "video", True
        if lemma == "call" and not words & (PHONE_WORDS - {"call", "calls"}) and (words & IN_PERSON_WORDS or self._calls_on_at_place(trig)):
            return "in_person", True  # "paid a courtesy call on X", "called on X in Abu Dhabi": a visit
        if words & PHONE_WORDS or lemma in {"call", "phone", "telephone"}:
            return "phone", True
        if words & IN_PERSON_WORDS:
            return "in_person", True
        if lemma in DEFAULT_IN_PERSON or trig.lower_ in DEFAULT_IN_PERSON:
            return "in_person", False
        return "unknown", False

    def _status(self, trig: Token, blocked: str | None, when: str | None) -> str:
        if blocked == "cancelled":
            return "cancelled"
        chain = [trig]
        cur = trig
        for _ in range(3):
            if cur.head.i == cur.i or cur.dep_ in {"ccomp", "ROOT", "relcl"} or setting_of(cur):
                break
            cur = cur.head
            chain.append(cur)
        verb = next((t for t in chain if t.pos_ in {"VERB", "AUX"}), None)
        if verb is None and setting_of(cur):
            verb = clause_verb(cur)  # "in the meeting with X, Y sought ...": the tense of the clause it is the setting of
        future = False
        for t in chain:
            for c in t.children:
                if c.dep_ in {"aux", "amod", "advmod"} and c.lemma_.lower() in PLANNERS:
                    future = True
            if t.i != trig.i and t.lemma_.lower() in PLANNERS:
                # "travelled to Rome to meet" is past; "travels ... to meet" is not
                if not (t.lemma_.lower() in TRAVEL_VERBS and t.tag_ in {"VBD", "VBN"}):
                    future = True
        if trig.pos_ in {"NOUN", "PROPN"} and trig.dep_ in {"nsubj", "nsubjpass"} and _to_be_held(trig.head):
            future = True  # "the meeting is eyed to take place", "talks are due to be held"
        if trig.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in trig.children):
            # "travelled to Washington to meet X" tells of a trip made for it; "plans to meet" of a plan
            trip = trig.dep_ in {"advcl", "xcomp"} and trig.head.lemma_.lower() in TRAVEL_VERBS and trig.head.tag_ in {"VBD", "VBN"}
            future = future or not trip
            if trip:
                verb = trig.head
        if future:
            return "planned"
        pub = self.ctx.published
        if when and pub:
            iso = pub.isoformat()[: len(when)]
            if when > iso:
                return "planned"
            if when < iso:
                return "occurred"
        if when is not None and trig.pos_ in {"NOUN", "PROPN"} and (
            any(_sets_time(c) for c in trig.children) or _schedule_after(trig) is not None
        ):
            return "planned"  # "talks slated for next week": its time not yet past
        if trig.dep_ == "pcomp" and trig.head.lower_ == "after":
            return "occurred"  # "said after meeting X"
        tags = {t.tag_ for t in ([verb] if verb is not None else [])} | {trig.tag_}
        aux_tags = {c.tag_ for t in chain for c in t.children if c.dep_ in {"aux", "auxpass"}}
        if tags & {"VBD", "VBN"} or aux_tags & {"VBD"}:
            return "occurred"
        if tags & {"VBG"} and (aux_tags & {"VBP", "VBZ"} or _progressive_head(trig) and trig.head.tag_ in {"VBP", "VBZ"}):
            return "occurred"
        return "unknown"

    def _scope(self, trig: Token) -> list[Token]:
        """Tokens whose dates and places belong to the trigger (a noun's
        relative clauses only when they say where or when it was held),
        found once per trigger; the list is shared: do not change it."""
        scope = self._scopes.get(trig.i)
        if scope is None:
            scope = self._scopes[trig.i] = self._find_scope(trig)
        return scope

    def _find_scope(self, trig: Token) -> list[Token]:
        toks = [trig]
        for c in trig.children:
            if trig.pos_ in {"NOUN", "PROPN"} and c.dep_ in {"relcl", "acl"} and c.lemma_.lower() not in PLACE_VERBS and not _sets_time(c):
                continue
            toks.extend(c.subtree)
        if trig.pos_ in {"NOUN", "PROPN"}:
            if (sched := _schedule_after(trig)) is not None:
                # "his talks with X set for June 12" parsed with "set" on another verb: its phrases are the talks'
                toks.extend(t for c in sched.children if c.dep_ in {"prep", "npadvmod"} for t in c.subtree)
            nxt = trig.right_edge.i + 1
            if nxt < len(self.doc) and self.doc[nxt].ent_iob_ == "B" and self.doc[nxt].ent_type_ in {"DATE", "TIME"}:
                # "before his dinner with X later this evening" parsed with the time on another word: the dinner's time
                toks.append(self.doc[nxt])
        verb, rel = _governing_verb(trig)
        if _time_anchor(trig):
            verb = None  # "after their meetings, they traveled to Seoul": not where the meetings were
        if trig.pos_ in {"VERB", "AUX"}:
            verb, rel = trig, "self"
            # "travels to Rome on Monday to meet X": the trip's place and date; "is on Tuesday hosting X
            # at Y" parsed with "is" as the head: its phrases are the meeting's
            if trig.dep_ in {"advcl", "xcomp"} and (trig.head.lemma_.lower() in TRAVEL_VERBS or _progressive_head(trig)):
                toks.extend(t for c in trig.head.children if c.dep_ in {"prep", "npadvmod"} for t in c.subtree)
        if verb is not None and rel in {"nsubj", "nsubjpass"}:
            # "the meeting is eyed to take place in Helsinki in mid-July": the infinitive's phrases
            for x in _infinitives(verb):
                if x.lemma_.lower() in PLACE_VERBS and x.i != trig.i:
                    toks.extend(t for c in x.children if c.dep_ in {"prep", "npadvmod", "advmod"} for t in c.subtree)
        if verb is not None and (rel in {"dobj", "pobj", "self", "attr", "prep"} or verb.lemma_.lower() in PLACE_VERBS):
            for c in verb.children:
                if c.i == trig.i or c.is_ancestor(trig):
                    continue  # the branch that leads to the trigger is the trigger's own
                if c.dep_ in {"prep", "npadvmod", "advmod", "tmod", "obl", "advcl"} and c.lemma_.lower() not in SPEECH:
                    if c.dep_ == "advcl" and c.lemma_.lower() not in TRAVEL_VERBS:
                        continue
                    toks.extend(c.subtree)
            if trig.pos_ in {"NOUN", "PROPN"} and rel == "dobj" and verb.dep_ in {"advcl", "xcomp"} and verb.head.lemma_.lower() in TRAVEL_VERBS:
                # "arrived in Kyiv on Wednesday to hold talks with X": the trip's place and date
                toks.extend(t for c in verb.head.children if c.dep_ in {"prep", "npadvmod"} for t in c.subtree)
        return self._own(trig, toks)

    def _date(self, trig: Token, future: bool) -> str | None:
        scope = {t.i for t in self._scope(trig)}
        sent = sentence_of(trig)
        best = self._date_in(trig, future, lambda ent: any(t.i in scope for t in ent))
        if best is None and not _time_anchor(trig) and trig.dep_ not in {"relcl", "acl"}:
            # "On September 21st, commencing at 11:05, X held a meeting with Y": a date leading the sentence
            lead = sent.start + (1 if sent[0].lower_ in {"on", "in"} else 0)
            best = self._date_in(trig, future, lambda ent: ent.start == lead)
        if best is None:
            # "around the NATO summit in mid-July", "during the summit on Friday": the gathering's date
            for c in self._scope(trig) + list(trig.children):
                if c.dep_ == "prep" and c.lower_ in _GATHERING_PREPOSITIONS:
                    for g in c.children:
                        if g.dep_ == "pobj" and g.i in self._trigger_ids and g.i != trig.i and best is None:
                            inner = {x.i for x in g.subtree}
                            best = self._date_in(trig, future, lambda ent: any(x.i in inner for x in ent))
                            if best and c.lower_ == "around":
                                best = best[:7]
        if best is None and trig.dep_ == "conj" and trig.head.lemma_.lower() in TRAVEL_VERBS:
            # "will travel to China next month ... and will meet X": the trip's date, when the meeting has none
            trip = {t.i for c in trig.head.children if c.dep_ in {"prep", "npadvmod", "tmod"} for t in c.subtree}
            best = self._date_in(trig, future, lambda ent: any(t.i in trip for t in ent))
        if best is None and not future:
            # "the ministry said on Monday that X had met Y": held before then, in that month
            report = _reporting_verb(trig)
            if report is not None:
                told = {t.i for c in report.children if c.dep_ in {"prep", "npadvmod", "tmod"} for t in c.subtree}
                best = self._date_in(trig, future, lambda ent: any(t.i in told for t in ent))
                best = best[:7] if best else None
        return best

    def _date_in(self, trig: Token, future: bool, keep) -> str | None:
        best = None
        sent = sentence_of(trig)
        for ent in self.dates:
            if not (sent.start <= ent.start < sent.end) or not keep(ent):
                continue
            if not dates_an_event(ent):
                continue
            if _in_other_clause(ent, trig):
                continue  # "after the reopening of the crossings, which were closed in 2019"
            value = resolve_date(ent.text, self.ctx.published, future=future)
            if value and not future and _bound_only(ent, trig):
                value = value[:7]  # "the call after his re-election on Sunday", "SEOUL, Oct 5 -": by then, not then
            if value and (best is None or len(value) > len(best)):
                best = value
        return best

    def _place(self, trig: Token) -> Place | None:
        scope = self._scope(trig)
        cands: list[Place] = []
        for t in scope:
            if t.dep_ == "pobj" and t.head.lower_ == "on" and not any(w.lower_ in LOCATION_NOUNS for w in t.subtree):
                continue  # "talks on Ukraine" name a topic; "on the island of Bali" a place
            if t.dep_ != "pobj" or t.head.lower_ not in {"in", "at", "to", "on"}:
                if not (t.dep_ == "advmod" and t.lower_ == "where" and trig.dep_ == "relcl"):
                    continue
                t = trig.head
            elif not self._place_host(t.head.head, trig):
                continue  # "on the current situation in Niger": where the situation is, not the meeting
            pl = self._place_at(t)
            if pl:
                cands.append(pl)
        if not cands and trig.lemma_.lower() == "visit" and trig.pos_ in {"VERB", "AUX"}:
            # "visited Kyiv": the object is the place
            for c in trig.children:
                if c.dep_ == "dobj" and (pl := self._place_at(c)):
                    cands.append(pl)
        if not cands and trig.dep_ in {"advcl", "xcomp"} and trig.head.lemma_.lower() == "visit":
            for c in trig.head.children:  # "will visit Beijing to meet X"
                if c.dep_ == "dobj" and (pl := self._place_at(c)):
                    cands.append(pl)
        if not cands and trig.pos_ in {"NOUN", "PROPN"}:
            # "the Rome talks", "the San Francisco summit"; not "the US-North Korea summit", which names its sides
            named = [(c, self.ctx.place_tokens[c.i]) for c in trig.children if c.dep_ in {"compound", "nmod"} and c.i in self.ctx.place_tokens]
            countries = {p.key for _, p in named if p.key.startswith("country:")}
            if len(countries) < 2:
                # a country joined by a hyphen to another name ("the US-N.Korea summit") is a side
                cands.extend(p for c, p in named if not (p.key.startswith("country:") and _hyphenated(c)))
        if not cands and trig.dep_ == "relcl" and any(c.lower_ == "where" for c in trig.children):
            pl = self._place_at(trig.head)
            if pl:
                cands.append(pl)
        # a city beats a venue or a country
        cands.sort(key=lambda p: (p.key.startswith("country:"), p.key.startswith("venue:")))
        return cands[0] if cands else None

    def _place_host(self, head: Token, trig: Token) -> bool:
        """Whether a place phrase hanging from ``head`` can say where the
        meeting ``trig`` was: not when ``head`` is part of what the meeting
        was about ("talks on the situation in Niger", "discussed the war in
        Ukraine"; ontology/rules/topic_prepositions.txt, discussion verbs)."""
        cur = head
        for _ in range(6):
            if cur.i == trig.i or cur.pos_ in {"VERB", "AUX"} and cur.lemma_.lower() not in DISCUSS:
                return True
            if cur.dep_ == "pobj" and cur.head.lower_ in TOPIC_PREPOSITIONS and cur.lemma_.lower() not in LOCATION_NOUNS and cur.lower_ not in LOCATION_NOUNS:
                return False  # (not "on the sidelines of the G20 in Bali")
            if cur.dep_ == "dobj" and cur.head.lemma_.lower() in DISCUSS and cur.head.i != trig.i:
                return False
            if cur.head.i == cur.i:
                return True
            cur = cur.head
        return True

    def _place_at(self, tok: Token) -> Place | None:
        """The place a prepositional object names: "in Rome", "at the Rome
        Cavalieri hotel", "on the Indonesian island of Bali" (a known city or
        island beats the generic noun around it)."""
        near = [tok]
        for t in near:  # the noun phrase, its "of" phrases and appositions, not further prepositions
            for c in t.children:
                if c.dep_ in {"compound", "amod", "nmod", "appos", "pobj"} or (c.dep_ == "prep" and c.lower_ == "of"):
                    near.append(c)
                elif c.dep_ == "npadvmod" and c.i in self.ctx.place_tokens and self.doc[c.i - 1].text == ",":
                    near.append(c)  # "at the Presidential Villa, Abuja": the city after the venue
        found = [self.ctx.place_tokens[t.i] for t in sorted(near, key=lambda t: t.i) if t.i in self.ctx.place_tokens]
        known = [p for p in found if not p.key.startswith(("venue:", "country:")) and p.country]
        named = tok.i not in self.ctx.place_tokens  # the places found only name the thing ("the Shangri-La Dialogue")
        if not known or named:
            # "on the sidelines of the G7 summit in Hiroshima", "the Shangri-La Dialogue in Singapore": its own place
            deeper = [gc for t in near if named or t.lower_ in MEET_NOUNS or t.lemma_.lower() in MEET_NOUNS
                      for c in t.children if c.dep_ == "prep" and c.lower_ in {"in", "at"} for gc in c.children if gc.dep_ == "pobj"]
            known = [p for t in deeper if (p := self.ctx.place_tokens.get(t.i)) is not None and p.country] or known
        return (known or found or [None])[0]

    # -- main -----------------------------------------------------------------
    def mentions(self) -> list[Raw]:
        raws: list[Raw] = []
        for tok in self.triggers:
            blocked = self._blocked(tok)
            if blocked == "skip":
                continue
            people, sides, rule, conf, definite, plural = self._args(tok)
            mode, explicit = self._mode(tok)
            pre = self._status(tok, blocked, None)
            # a plan looks ahead; a cancelled meeting was planned for a day either side of the report
            when = self._date(tok, future=True if pre == "planned" else None if pre == "cancelled" else False)
            # a plan or a cancellation does not depend on the date; otherwise the date may decide
            status = pre if pre in {"planned", "cancelled"} else self._status(tok, blocked, when)
            place = self._place(tok)
            groups = self._separate_partners(tok)
            shared = people - set().union(*groups) if groups else people
            for group in groups or [set()]:
                raws.append(
                    Raw(
                        trigger=tok, participants=shared | group, sides=set(sides), place=place, date=when,
                        mode=mode, status=status, sentences=[sentence_of(tok)], topic_sentences=[sentence_of(tok)],
                        confidence=conf, rule=rule + ("+separate" if groups else ""), definite=definite,
                        mode_explicit=explicit, plural=plural, also=_also(tok),
                    )
                )
        # "held discussions in separate meetings with A and B": the joint mention of those meetings goes
        split = [r for r in raws if "+separate" in r.rule and len(r.participants) > 1]
        if split:
            raws = [
                r for r in raws
                if "+separate" in r.rule
                or not any(sentence_of(o.trigger).start == sentence_of(r.trigger).start and len(r.participants) > len(o.participants) and o.participants <= r.participants
                           and _same_branch(o.trigger, r.trigger) for o in split)
            ]
        return raws

    def _separate_partners(self, trig: Token) -> list[set[str]]:
        """ "separate meetings with A and B", "met A and B separately": one
        meeting per partner (each partner's people), else nothing. A meeting
        noun that only dates the clause ("met them separately ahead of the
        summit") is not one of those meetings."""
        if trig.pos_ in {"NOUN", "PROPN"} and _time_anchor(trig):
            return []
        verb = _governing_verb(trig)[0] if trig.pos_ in {"NOUN", "PROPN"} else None
        holders = [h for h in (trig, verb) if h is not None]
        near = [c for h in holders for c in h.children]
        near += [g for c in near if c.dep_ in {"advmod", "npadvmod"} for g in c.children]  # "met them separately ahead of ..."
        if not any(c.lower_ in SEPARATE_WORDS for c in near):
            return []
        groups: list[set[str]] = []
        for h in holders:
            objs = [c for c in h.children if c.dep_ in {"dobj"}]
            objs += [gc for c in h.children if c.dep_ == "prep" and c.lower_ == "with" for gc in c.children if gc.dep_ == "pobj"]
            for o in objs:
                for p in _conjuncts(o):
                    found = self.entities(p, expand=False)[0]
                    # "met the two leaders separately": one meeting with each
                    for group in ([{k} for k in sorted(found)] if len(_conjuncts(o)) == 1 and len(found) > 1 else [found]):
                        if group and all(group != g for g in groups):
                            groups.append(group)
        return groups if len(groups) >= 2 else []


#: Prepositions by which a meeting is dated by the gathering it is held at ("during the summit on Friday").
_GATHERING_PREPOSITIONS = frozenset({"around", "during", "at"})


def _schedules(tok: Token) -> bool:
    """A participle that sets a meeting's time ("set", "scheduled", "slated")."""
    return tok.lemma_.lower() in SCHEDULE_VERBS or tok.lower_ in SCHEDULE_VERBS


def _sets_time(tok: Token) -> bool:
    """A participle hung on a meeting noun that sets its time: "talks slated
    for Friday", "the summit, planned for May 3," (not "the meeting, which
    was planned as a follow-up to ...")."""
    return tok.dep_ == "acl" and _schedules(tok) and any(c.dep_ == "prep" and c.lower_ in {"for", "on"} for c in tok.children)


def _schedule_after(trig: Token) -> Token | None:
    """A scheduling participle right after a meeting noun's phrase ("talks
    with X set for June 12", "the talks, planned for May 3,") that the parse
    hung on another word: it still tells when the meeting is."""
    doc = trig.doc
    i = trig.right_edge.i + 1
    if i < len(doc) and doc[i].text == ",":
        i += 1
    if i >= len(doc) or doc[i].tag_ != "VBN" or not _schedules(doc[i]) or doc[i].head.i == trig.i:
        return None
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return doc[i] if nxt is not None and nxt.lower_ in {"for", "on"} else None


def _infinitives(verb: Token) -> list[Token]:
    """The infinitives completing ``verb`` ("is eyed to take place"), also
    through an adjective ("is due to be held", "is likely to take place")."""
    out = [x for x in verb.children if x.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in x.children)]
    out += [x for a in verb.children if a.dep_ == "acomp" for x in _infinitives(a)]
    return out


def _to_be_held(verb: Token) -> bool:
    """ "is eyed to take place", "is due to be held": an infinitive of
    holding whose subject is the meeting."""
    return any(x.lemma_.lower() in PLACE_VERBS for x in _infinitives(verb))


def _reporting_verb(trig: Token) -> Token | None:
    """The verb of saying whose content clause tells of the meeting in the
    past perfect ("the office said on Monday that X had discussed it with
    Y": held before the day it was said)."""
    cur = trig if trig.pos_ in {"VERB", "AUX"} else _governing_verb(trig)[0]
    if cur is None or not any(c.dep_ == "aux" and c.lower_ in {"had", "'d"} for c in cur.children):
        return None
    for _ in range(3):
        if cur is None or cur.head.i == cur.i:
            return None
        if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in SPEECH:
            return cur.head
        if cur.dep_ not in {"conj", "xcomp"}:
            return None
        cur = cur.head
    return None


#: Prepositions whose phrase dates another event the meeting came after or before.
_BOUND_PREPOSITIONS = frozenset({"after", "before", "following"})


def _bound_only(ent: Span, trig: Token) -> bool:
    """A date that bounds the meeting rather than dates it: the date of an
    event it followed ("the first call after his re-election on Sunday"), or
    a dateline's ("SEOUL, Oct 5 (Yonhap) -- X called Y ..."), the day the
    report was filed."""
    doc, sent = ent.doc, sentence_of(ent)
    if ent.start - sent.start <= 3 and ent.start >= 2 and doc[ent.start - 1].text == "," and doc[ent.start - 2].ent_type_ == "GPE":
        return True
    cur = ent.root
    for _ in range(4):
        if cur.head.i == cur.i or cur.i == trig.i or cur.is_ancestor(trig):
            break  # "after the talks on Monday": the talks' own date
        cur = cur.head
        if cur.i == trig.i or cur.is_ancestor(trig):
            break
        if cur.dep_ == "prep" and cur.lower_ in _BOUND_PREPOSITIONS:
            return True
    # "held after his re-election on Sunday" parsed with "on Sunday" on the verb: the phrase follows "after ..."
    head = ent.root.head.head if ent.root.head.dep_ == "prep" else None
    return head is not None and any(
        t.dep_ == "prep" and t.lower_ in _BOUND_PREPOSITIONS and t.head.i == head.i for t in doc[head.i + 1 : ent.start]
    )


def _in_other_clause(ent: Span, trig: Token) -> bool:
    """Whether a date is in a relative clause of a noun other than the
    meeting word ("the crossings, which were closed in 2019"): it dates
    that noun's story."""
    cur = ent.root
    for _ in range(12):
        if cur.head.i == cur.i or cur.i == trig.i or cur.is_ancestor(trig):
            return False
        if cur.dep_ == "relcl" and cur.head.i != trig.i and cur.head.pos_ in {"NOUN", "PROPN"}:
            return True
        cur = cur.head
    return False


def _hyphenated(tok: Token) -> bool:
    doc = tok.doc
    return (tok.i + 1 < len(doc) and doc[tok.i + 1].text in {"-", "\u2013"}) or (tok.i > 0 and doc[tok.i - 1].text in {"-", "\u2013"})


def _same_branch(a: Token, b: Token) -> bool:
    """Whether one of two words governs the other ("held discussions in
    separate meetings": one mention; "Talks between A and B began, with C
    meeting the two separately": two meetings)."""
    return a.i == b.i or a.is_ancestor(b) or b.is_ancestor(a)


def place_from_span(span: Span, gazetteer: Gazetteer) -> Place | None:
    """A Place for a GPE/LOC/FAC span or gazetteer place span; "Langfang,
    China" picks its country from the apposition."""
    text = span.text
    entry = gazetteer.place(text)
    if entry:
        return Place(entry.key, entry.name, entry.country)
    code = gazetteer.country(text, demonyms=False, metonyms=False)
    if code:
        return Place("country:" + code, gazetteer.country_name(code) or text, code)
    seat = gazetteer.country(text, demonyms=False, metonyms=True)
    capital = gazetteer.countries[seat].capital if seat in gazetteer.countries else None
    if capital and (city := gazetteer.place(capital)) is not None:
        # a seat of government ("the Kremlin", "the White House", "Casa Rosada") is in the capital
        return Place(city.key, city.name, city.country)
    doc = span.doc
    country = None
    if span.end + 1 < len(doc) and doc[span.end].text == ",":
        nxt = doc[span.end + 1]
        country = gazetteer.country(nxt.text, demonyms=False, metonyms=False) if nxt.ent_type_ == "GPE" else None
    kind = "venue:" if span.label_ == "FAC" or span[-1].lower_ in VENUE_WORDS else ""
    return Place(kind + slug(text) + ("-" + country.lower() if country else ""), text, country)
