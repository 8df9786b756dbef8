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

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from ..gazetteer import Gazetteer, slug
from ..types import MeetingRecord, Place, Source
from .dates import resolve_date
from .sources import sentence_source

MEET_VERBS = frozenset({"meet", "visit", "host", "talk", "speak", "call", "phone", "telephone", "confer", "negotiate", "receive"})
MEET_NOUNS = frozenset({
    "meeting", "talk", "talks", "summit", "call", "phonecall", "conversation", "consultation", "consultations",
    "dialogue", "dialog", "backchannel", "encounter", "visit", "negotiation", "negotiations", "videoconference",
    "teleconference", "sit-down", "tete-a-tete", "bilateral", "meetings", "calls", "summits",
})
NEGATORS = frozenset({"refuse", "refusal", "decline", "reject", "rebuff", "snub", "boycott", "avoid", "skip", "deny", "rule"})
CANCELLERS = frozenset({"cancel", "postpone", "scrap", "cancellation", "postponement", "delay", "suspend", "off"})
PLANNERS = frozenset({
    "plan", "expect", "aim", "hope", "want", "seek", "schedule", "set", "prepare", "arrange", "propose", "agree",
    "intend", "will", "would", "shall", "likely", "possibility", "possible", "upcoming", "planned", "proposed",
    "expected", "future", "potential", "next", "space", "explore", "travel", "go", "fly", "head", "lead",
})
SPEECH = frozenset({"say", "tell", "state", "add", "note", "write", "claim", "report", "announce", "describe", "confirm"})
DISCUSS = frozenset({
    "discuss", "raise", "emphasize", "emphasise", "stress", "underscore", "touch", "focus", "exchange", "address",
    "reiterate", "press", "urge", "warn", "tell", "express", "voice", "agree", "review", "cover", "highlight",
    "share", "talk", "make", "call",
})
GROUP_NOUNS = frozenset({
    "official", "officials", "delegation", "delegations", "side", "sides", "team", "diplomat", "diplomats",
    "counterpart", "counterparts", "leader", "leaders", "minister", "ministers", "envoy", "envoys",
    "negotiator", "negotiators", "representative", "representatives", "government", "administration",
    "military", "president", "authorities",
})
PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
REL_PRONOUNS = frozenset({"who", "that", "which", "whom"})
VIDEO_WORDS = frozenset({"video", "virtual", "virtually", "videoconference", "video-link", "online", "remotely", "zoom"})
PHONE_WORDS = frozenset({"phone", "telephone", "call", "phoned", "telephoned", "phonecall", "calls"})
IN_PERSON_WORDS = frozenset({"in-person", "face-to-face", "person", "visit", "visited", "host", "hosted", "trip"})
DEFAULT_IN_PERSON = frozenset({"meet", "meeting", "meetings", "summit", "summits", "talks", "consultation", "consultations",
                               "visit", "host", "encounter", "negotiation", "negotiations", "backchannel", "receive", "sit-down"})
PLACE_VERBS = frozenset({"take", "hold", "begin", "start", "open", "happen", "occur", "conclude", "end", "convene"})
TRAVEL_VERBS = frozenset({"travel", "fly", "go", "arrive", "head", "visit", "return", "come"})
_DURATION_WORDS = frozenset({"past", "recent", "decades", "years", "weeks", "days", "hours", "months", "hour", "since", "ago", "coming", "following"})


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


def is_trigger(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    low = tok.lower_
    if tok.pos_ in {"VERB", "AUX"} or tok.tag_.startswith("VB"):
        return lemma in MEET_VERBS
    if tok.pos_ in {"NOUN", "PROPN"}:
        return low in MEET_NOUNS or lemma in MEET_NOUNS
    return False


def _conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.conjuncts:
        if c not in out:
            out.append(c)
    return out


def _governing_verb(tok: Token) -> tuple[Token | None, str]:
    """The verb a meeting noun hangs from, and how (its dep path root)."""
    cur, rel = tok, tok.dep_
    for _ in range(4):
        head = cur.head
        if head is cur:
            return None, rel
        if cur.dep_ == "conj":
            cur = head
            rel = head.dep_
            continue
        if head.pos_ in {"VERB", "AUX"}:
            return head, rel
        if cur.dep_ in {"pobj", "dobj", "prep", "compound", "appos", "attr", "npadvmod", "nmod"} or head.dep_ == "prep":
            cur = head
            if cur.dep_ not in {"prep"}:
                rel = cur.dep_ if cur.dep_ != "prep" else rel
            continue
        return None, rel
    return None, rel


def _subjects(verb: Token, depth: int = 0) -> list[Token]:
    subs = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    agent = [gc for c in verb.children if c.dep_ == "agent" for gc in c.children if gc.dep_ == "pobj"]
    if not subs and depth < 3 and verb.dep_ in {"xcomp", "advcl", "conj", "ccomp", "relcl", "acl"} and verb.head is not verb:
        if verb.dep_ in {"xcomp", "conj", "advcl", "acl"}:
            return _subjects(verb.head, depth + 1)
    return [t for s in subs for t in _conjuncts(s)] + agent


def _resolve_relative(tok: Token) -> list[Token]:
    """'who' in "X is one of the leaders who will hold..." -> X."""
    cur = tok.head  # the relcl verb
    if cur.dep_ != "relcl":
        return []
    noun = cur.head
    for _ in range(5):
        if noun.dep_ in {"pobj"}:
            noun = noun.head.head
            continue
        if noun.dep_ in {"attr", "dobj"} and noun.head.pos_ in {"AUX", "VERB"}:
            return [c for c in noun.head.children if c.dep_ == "nsubj"]
        break
    return [noun]


class MeetingExtractor:
    """Finds meeting mentions in one parsed article and merges them."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.doc = ctx.doc
        self.person_positions = sorted(ctx.token_keys.items())

    # -- argument resolution -------------------------------------------------
    def _pronoun(self, tok: Token) -> str | None:
        """He/she/his -> the nearest preceding person subject (same sentence
        first, then up to three sentences back)."""
        sent = tok.sent
        best = None
        for i, key in self.person_positions:
            if i >= tok.i:
                break
            t = self.doc[i]
            if i < sent.start - 400:
                continue
            if t.dep_ in {"nsubj", "nsubjpass"} or t.head.dep_ in {"nsubj", "nsubjpass"} or i >= sent.start:
                best = key
        return best

    def _entities(self, tok: Token) -> tuple[set[str], set[str], bool]:
        """People and countries a syntactic argument denotes; the flag says
        whether a pronoun had to be resolved."""
        people: set[str] = set()
        sides: set[str] = set()
        resolved = False
        for t in _conjuncts(tok):
            if t.lower_ in REL_PRONOUNS:
                for r in _resolve_relative(t):
                    p, s, _ = self._entities(r)
                    people |= p
                    sides |= s
                continue
            key = self.ctx.token_keys.get(t.i)
            if key:
                people.add(key)
                continue
            appos = [c for c in t.children if c.dep_ == "appos"]
            hit = False
            for a in appos:
                for i in range(a.left_edge.i, a.right_edge.i + 1):
                    if i in self.ctx.token_keys:
                        people.add(self.ctx.token_keys[i])
                        hit = True
                        break
            if hit:
                continue
            if t.lower_ in PRONOUNS:
                key = self._pronoun(t)
                if key:
                    people.add(key)
                    resolved = True
                continue
            code = self.ctx.country_tokens.get(t.i)
            if code:
                sides.add(code)
                continue
            if t.lemma_.lower() in GROUP_NOUNS or t.lower_ in GROUP_NOUNS:
                for i in range(t.left_edge.i, t.i):
                    code = self.ctx.country_tokens.get(i)
                    if code:
                        sides.add(code)
                # names inside the group phrase ("officials including X")
                for i in range(t.i + 1, t.right_edge.i + 1):
                    if i in self.ctx.token_keys:
                        people.add(self.ctx.token_keys[i])
        return people, sides, resolved

    def _args(self, trig: Token) -> tuple[set[str], set[str], str, float, bool]:
        """Participants of a trigger: (people, sides, rule, confidence, definite)."""
        people: set[str] = set()
        sides: set[str] = set()
        rule, conf = "", 0.5
        pron = False
        verbal = trig.pos_ in {"VERB", "AUX"} or trig.tag_.startswith("VB")
        arg_tokens: list[Token] = []
        if verbal:
            arg_tokens += _subjects(trig)
            for c in trig.children:
                if c.dep_ in {"dobj", "obj", "dative"}:
                    arg_tokens += _conjuncts(c)
                elif c.dep_ == "prep" and c.lower_ in {"with", "between", "to", "among"}:
                    arg_tokens += [p for gc in c.children if gc.dep_ == "pobj" for p in _conjuncts(gc)]
            rule, conf = f"verb:{trig.lemma_.lower()}", 0.9
        else:
            for c in trig.children:
                if c.dep_ == "poss":
                    arg_tokens += _conjuncts(c)
                elif c.dep_ == "prep" and c.lower_ in {"with", "between", "among", "of", "to", "involving"}:
                    arg_tokens += [p for gc in c.children if gc.dep_ == "pobj" for p in _conjuncts(gc)]
                elif c.dep_ in {"compound", "amod", "nmod"} and c.i < trig.i:
                    arg_tokens += [t for t in c.subtree]
            rule, conf = f"noun:{trig.lower_}", 0.85
            verb, rel = _governing_verb(trig)
            if verb is not None and rel in {"dobj", "pobj", "obj", "attr", "npadvmod", "prep", "nmod", "compound", "appos"}:
                if verb.lemma_.lower() not in SPEECH or rel != "dobj":
                    subs = _subjects(verb)
                    if subs:
                        arg_tokens += subs
                        conf = 0.75
                        rule += "+subject"
        seen: set[int] = set()
        for t in arg_tokens:
            if t.i in seen:
                continue
            seen.add(t.i)
            p, s, r = self._entities(t)
            people |= p
            sides |= s
            pron = pron or r
        if pron:
            conf -= 0.1
        definite = any(c.dep_ in {"det", "poss"} and c.lower_ in {"the", "this", "that", "their", "these", "those", "its"} for c in trig.children) or any(
            c.dep_ == "poss" and c.ent_type_ in {"DATE"} for c in trig.children
        )
        return people, sides, rule, conf, definite

    # -- attributes ----------------------------------------------------------
    def _blocked(self, trig: Token) -> str | None:
        """'refused'/'declined' -> 'skip'; 'cancelled' -> 'cancelled'."""
        chain = [trig]
        cur = trig
        for _ in range(3):
            if cur.head is cur:
                break
            cur = cur.head
            chain.append(cur)
        for t in chain:
            lemma = t.lemma_.lower()
            if any(c.dep_ == "neg" for c in t.children) and t is not trig and t.lemma_.lower() not in SPEECH:
                return "skip"
            if lemma in NEGATORS:
                return "skip"
            if lemma in CANCELLERS or (lemma == "call" and any(c.lower_ == "off" for c in t.children)):
                return "cancelled"
        if any(c.dep_ == "neg" for c in trig.children):
            return "skip"
        if any(c.dep_ == "det" and c.lower_ == "no" for c in trig.children):
            return "skip"
        if trig.lemma_.lower() == "call" and any(c.dep_ == "prep" and c.lower_ in {"for", "on"} for c in trig.children):
            return "skip"
        if trig.lemma_.lower() == "call" and any(c.dep_ in {"oprd", "xcomp", "ccomp"} for c in trig.children):
            return "skip"
        return None

    def _local_tokens(self, trig: Token) -> list[Token]:
        toks = list(trig.subtree) if trig.pos_ in {"NOUN", "PROPN"} else [trig, *trig.children]
        lo = max(trig.sent.start, trig.i - 3)
        toks += [self.doc[i] for i in range(lo, trig.i)]
        return toks

    def _mode(self, trig: Token) -> str:
        words = {t.lower_ for t in self._local_tokens(trig)}
        words |= {c.lower_ for c in trig.children for c in c.subtree} if trig.pos_ in {"VERB", "AUX"} else set()
        lemma = trig.lemma_.lower()
        if words & VIDEO_WORDS:
            return "video"
        if words & PHONE_WORDS or lemma in {"call", "phone", "telephone"}:
            return "phone"
        if words & IN_PERSON_WORDS:
            return "in_person"
        if lemma in DEFAULT_IN_PERSON or trig.lower_ in DEFAULT_IN_PERSON:
            return "in_person"
        return "unknown"

    def _status(self, trig: Token, blocked: str | None, when: str | None) -> str:
        if blocked == "cancelled":
            return "cancelled"
        chain = [trig]
        cur = trig
        for _ in range(3):
            if cur.head is cur or cur.dep_ in {"ccomp", "ROOT"}:
                break
            cur = cur.head
            chain.append(cur)
        verb = next((t for t in chain if t.pos_ in {"VERB", "AUX"}), None)
        future = False
        for t in chain:
            for c in t.children:
                if c.dep_ in {"aux", "amod", "advmod"} and c.lemma_.lower() in PLANNERS:
                    future = True
            if t is not trig and t.lemma_.lower() in PLANNERS:
                future = True
        if trig.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in trig.children):
            future = True
        if future:
            return "planned"
        pub = self.ctx.published
        if when and pub:
            iso = pub.isoformat()[: len(when)]
            if when > iso:
                return "planned"
            if when < iso:
                return "occurred"
        tags = {t.tag_ for t in ([verb] if verb is not None else [])} | {trig.tag_}
        aux_tags = {c.tag_ for t in chain for c in t.children if c.dep_ in {"aux", "auxpass"}}
        if tags & {"VBD", "VBN"} or aux_tags & {"VBD"}:
            return "occurred"
        if tags & {"VBG"} and aux_tags & {"VBP", "VBZ"}:
            return "occurred"
        return "unknown"

    def _scope(self, trig: Token) -> list[Token]:
        """Tokens whose dates and places belong to the trigger."""
        toks = list(trig.subtree)
        verb, rel = _governing_verb(trig)
        if trig.pos_ in {"VERB", "AUX"}:
            verb, rel = trig, "self"
        if verb is not None and (rel in {"dobj", "pobj", "self", "attr", "prep"} or verb.lemma_.lower() in PLACE_VERBS):
            for c in verb.children:
                if c.dep_ in {"prep", "npadvmod", "advmod", "tmod", "obl", "advcl"} and c.lemma_.lower() not in SPEECH:
                    if c.dep_ == "advcl" and c.lemma_.lower() not in TRAVEL_VERBS:
                        continue
                    toks.extend(c.subtree)
        return toks

    def _date(self, trig: Token, future: bool) -> str | None:
        scope = {t.i for t in self._scope(trig)}
        best = None
        for ent in trig.sent.ents:
            if ent.label_ != "DATE" or not any(t.i in scope for t in ent):
                continue
            if any(t.lower_ in _DURATION_WORDS for t in ent):
                continue
            value = resolve_date(ent.text, self.ctx.published, future=future)
            if value and (best is None or len(value) > len(best)):
                best = value
        return best

    def _place(self, trig: Token) -> Place | None:
        scope = self._scope(trig)
        cands: list[Place] = []
        for t in scope:
            if t.dep_ != "pobj" or t.head.lower_ not in {"in", "at", "to", "on"}:
                if not (t.dep_ == "advmod" and t.lower_ == "where" and trig.dep_ == "relcl"):
                    continue
                t = trig.head
            pl = self._place_at(t)
            if pl:
                cands.append(pl)
        if not cands and trig.dep_ == "relcl" and any(c.lower_ == "where" for c in trig.children):
            pl = self._place_at(trig.head)
            if pl:
                cands.append(pl)
        # a city beats a venue or a country
        cands.sort(key=lambda p: (p.key.startswith("country:"), p.key.startswith("venue:")))
        return cands[0] if cands else None

    def _place_at(self, tok: Token) -> Place | None:
        if tok.i in self.ctx.place_tokens:
            return self.ctx.place_tokens[tok.i]
        for i in range(tok.left_edge.i, tok.right_edge.i + 1):
            if i in self.ctx.place_tokens and self.doc[i].head.i == tok.i or i == tok.i:
                if i in self.ctx.place_tokens:
                    return self.ctx.place_tokens[i]
        return None

    # -- main -----------------------------------------------------------------
    def mentions(self) -> list[Raw]:
        raws: list[Raw] = []
        for tok in self.doc:
            if not is_trigger(tok):
                continue
            blocked = self._blocked(tok)
            if blocked == "skip":
                continue
            people, sides, rule, conf, definite = self._args(tok)
            mode = self._mode(tok)
            pre = self._status(tok, blocked, None)
            when = self._date(tok, future=(pre == "planned"))
            status = self._status(tok, blocked, when)
            raws.append(
                Raw(
                    trigger=tok, participants=people, sides=sides, place=self._place(tok), date=when,
                    mode=mode, status=status, sentences=[tok.sent], topic_sentences=[tok.sent],
                    confidence=conf, rule=rule, definite=definite,
                )
            )
        return raws


def _compatible_date(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _compatible(a: Raw, b: Raw) -> bool:
    if not _compatible_date(a.date, b.date):
        return False
    if a.place and b.place and a.place.key != b.place.key and a.place.country != b.place.country:
        return False
    if "unknown" not in (a.mode, b.mode) and a.mode != b.mode:
        return False
    return True


def _absorb(into: Raw, other: Raw) -> None:
    into.participants |= other.participants
    into.sides |= other.sides
    into.place = into.place or other.place
    if other.date and (into.date is None or len(other.date) > len(into.date)):
        into.date = other.date
    if into.mode == "unknown":
        into.mode = other.mode
    if into.status == "unknown":
        into.status = other.status
    for s in other.sentences:
        if s not in into.sentences:
            into.sentences.append(s)
    for s in other.topic_sentences:
        if s not in into.topic_sentences:
            into.topic_sentences.append(s)
    into.confidence = max(into.confidence, other.confidence)


def _countries(raw: Raw, person_country: dict[str, str | None]) -> set[str]:
    return set(raw.sides) | {c for p in raw.participants if (c := person_country.get(p))}


def merge_mentions(raws: list[Raw], person_country: dict[str, str | None]) -> list[Raw]:
    """Merge the mentions of one meeting within an article."""
    full: list[Raw] = []
    pending: list[Raw] = []
    for raw in raws:
        target = None
        if raw.participants:
            for m in reversed(full):
                if m.participants and (raw.participants <= m.participants or m.participants <= raw.participants) and _compatible(m, raw):
                    if len(raw.participants) >= 2 and len(m.participants) >= 2 and raw.participants != m.participants and not (raw.participants <= m.participants):
                        continue
                    target = m
                    break
        elif raw.sides:
            cs = raw.sides
            for m in reversed(full):
                if cs <= _countries(m, person_country) and _compatible(m, raw):
                    target = m
                    break
        elif full and raw.definite:
            if _compatible(full[-1], raw):
                target = full[-1]
        if target is not None:
            _absorb(target, raw)
        elif raw.participants or raw.sides:
            full.append(raw)
        else:
            pending.append(raw)
    # sides-only mentions that come before the people-level mention of the meeting
    out: list[Raw] = []
    for m in full:
        if not m.participants:
            host = next(
                (o for o in full if o is not m and o.participants and m.sides <= _countries(o, person_country) and _compatible(o, m)),
                None,
            )
            if host is not None:
                _absorb(host, m)
                continue
        out.append(m)
    # definite mentions before any full mention attach to the first meeting after them
    for p in pending:
        if p.definite:
            nxt = next((m for m in out if m.sent_start >= p.sent_start and _compatible(m, p)), None)
            if nxt is not None:
                _absorb(nxt, p)
    return out


def add_delegations(doc: Doc, raws: list[Raw], ctx: Context) -> None:
    """"The US delegation included A, B and C" / "a delegation led by A":
    the members join the latest meeting of that side."""
    for tok in doc:
        if tok.lemma_.lower() not in {"include", "comprise", "lead", "consist", "head"}:
            continue
        subj = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
        group = next((s for s in subj if s.lemma_.lower() in {"delegation", "team", "side"}), None)
        if tok.lemma_.lower() in {"lead", "head"} and tok.dep_ == "acl" and tok.head.lemma_.lower() in {"delegation", "team"}:
            group = tok.head
        if group is None:
            continue
        sides = {ctx.country_tokens[i] for i in range(group.left_edge.i, group.i) if i in ctx.country_tokens}
        members = {ctx.token_keys[i] for i in range(tok.i + 1, tok.sent.end) if i in ctx.token_keys}
        if not members:
            continue
        for raw in reversed(raws):
            if raw.sent_start > tok.i:
                continue
            if sides and not (sides & _countries(raw, ctx.person_country)):
                continue
            raw.participants |= members
            if tok.sent not in raw.sentences:
                raw.sentences.append(tok.sent)
            break


def attach_discussions(doc: Doc, raws: list[Raw], ctx: Context) -> None:
    """Sentences where a participant (or "the two sides", "the US side")
    discusses, raises or stresses something become topic sentences of the
    latest meeting before them that has that participant."""
    if not raws:
        return
    for sent in doc.sents:
        subjects: set[str] = set()
        group = False
        for tok in sent:
            if tok.pos_ not in {"VERB", "AUX"} or tok.lemma_.lower() not in DISCUSS:
                continue
            for s in _subjects(tok):
                key = ctx.token_keys.get(s.i)
                if key:
                    subjects.add(key)
                elif s.lower_ in PRONOUNS:
                    pass
                elif s.lemma_.lower() in GROUP_NOUNS or s.lower_ in {"they", "both"}:
                    group = True
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "during":
                    group = True
        if not subjects and not group:
            continue
        best = None
        for raw in raws:
            if raw.sent_start > sent.start:
                continue
            if subjects and not (subjects & raw.participants):
                continue
            if best is None or raw.sentences[-1].start >= best.sentences[-1].start or raw.sent_start >= best.sent_start:
                best = raw
        if best is not None and sent not in best.topic_sentences:
            if group and not subjects and sent.start - best.sentences[-1].start > 400:
                continue
            best.topic_sentences.append(sent)


def to_records(raws: Iterable[Raw], ctx: Context, *, topics_for) -> list[MeetingRecord]:
    out = []
    for raw in raws:
        countries = _countries(raw, ctx.person_country)
        people_ok = len(raw.participants) >= 2 or (raw.participants and len(countries) >= 2)
        if not people_ok and len(countries) < 2:
            continue
        if raw.place and raw.place.country and len(countries) >= 1 and raw.rule.startswith("verb:visit"):
            countries.add(raw.place.country)
        sources: list[Source] = [sentence_source(s, ctx.article_id) for s in sorted(raw.sentences, key=lambda s: s.start)]
        out.append(
            MeetingRecord(
                participants=tuple(sorted(raw.participants)),
                countries=tuple(sorted(countries)),
                place=raw.place,
                date=raw.date,
                mode=raw.mode,
                status=raw.status,
                topics=tuple(topics_for(sorted(raw.topic_sentences, key=lambda s: s.start))),
                sources=tuple(sources),
                confidence=round(min(0.99, raw.confidence), 2),
                rule=raw.rule,
                trigger=raw.trigger.text,
            )
        )
    return out


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
    doc = span.doc
    country = None
    if span.end + 1 < len(doc) and doc[span.end].text == ",":
        nxt = doc[span.end + 1]
        country = gazetteer.country(nxt.text, demonyms=False, metonyms=False) if nxt.ent_type_ == "GPE" else None
    kind = "venue:" if span.label_ == "FAC" else ""
    return Place(kind + slug(text) + ("-" + country.lower() if country else ""), text, country)
