"""Meeting coreference within an article and the final meeting records.

Mentions of one meeting ("the talks", "the meeting", "their meetings",
"Saturday's talks") are merged into one record; delegation sentences ("the US
delegation included A, B and C") add their members to that side's meeting;
sentences where a participant discusses or raises something become topic
sentences of the meeting; plural references ("both diplomats", "the two
leaders") are resolved to people of the article.
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import copy
from datetime import date

from spacy.tokens import Doc, Span

from ..types import MeetingRecord, Source
from .fallback import co_participants
from .places import refined_place
from .lexicon import (
    ATTEND_VERBS, ATTENDEE_NOUNS, COPARTICIPATION, DISCUSS, DISCUSSION_NOUNS, MEET_NOUNS, MEETING_TOPIC_VERBS, SEATING_PREPS,
    SEATING_VERBS, TRAVEL_VERBS,
)
from .meetings import Context, Raw
from .syntax import _subjects, negated, sentence_of, tokens_with
from .sources import sentence_source
from .topics import discussion_in

#: A discussion by "the leaders" or "they" belongs to a meeting mentioned at most this many tokens before.
GROUP_TOPIC_WINDOW = 800


def _compatible_date(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


#: Talks told as the purpose of a trip are held at most this many days after the arrival.
TRIP_DAYS = 3


def trip_purpose(trig) -> bool:
    """Whether a meeting word is what a trip was made for ("arrived in
    Washington on Monday for talks with X", "flew to Kyiv to meet X"): its
    date is the arrival's, and the talks may come a day or two later."""
    if trig.pos_ in {"VERB", "AUX"}:
        return trig.dep_ in {"advcl", "xcomp"} and trig.head.lemma_.lower() in TRAVEL_VERBS
    head = trig.head
    if trig.dep_ == "pobj" and head.lower_ == "for":
        return head.head.lemma_.lower() in TRAVEL_VERBS
    if trig.dep_ == "dobj" and head.dep_ in {"advcl", "xcomp"}:
        return head.head.lemma_.lower() in TRAVEL_VERBS
    return False


def _after_trip(a: Raw, b: Raw) -> bool:
    """The talks a trip was made for (``a``), told again with their own day
    (``b``, with the same people or more): "arrived on Monday for talks with
    X ... is to hold talks with X on Tuesday"."""
    if not (trip_purpose(a.trigger) and not trip_purpose(b.trigger)) or len(a.participants) < 2 or not a.participants <= b.participants:
        return False
    if a.date is None or b.date is None or len(a.date) != 10 or len(b.date) != 10:
        return False
    return 0 <= (date.fromisoformat(b.date) - date.fromisoformat(a.date)).days <= TRIP_DAYS


def _compatible(a: Raw, b: Raw, *, relaxed_mode: bool = False, today: str | None = None) -> bool:
    """Can two mentions be one meeting? Dates, places, modes and statuses
    (planned vs occurred) must agree; with ``relaxed_mode`` a default "in
    person" yields to a stated mode. A meeting of the same people planned in
    one sentence and held in another is one when it is dated ``today`` (the
    publication day: announced and reported the same day). Talks a trip was
    made for are the same people's talks told with a day soon after it."""
    if _after_trip(a, b) or _after_trip(b, a):
        return a.mode == b.mode or "unknown" in (a.mode, b.mode)
    if not _compatible_date(a.date, b.date):
        return False
    if today is not None:
        for x, y in ((a, b), (b, a)):
            if x.status == "planned" and y.date and y.date < today[: len(y.date)]:
                return False  # a plan is not a meeting dated before the article
    if a.place and b.place and a.place.key != b.place.key and a.place.country and b.place.country and a.place.country != b.place.country:
        return False  # a venue of unknown country ("the White House") fits any city
    if "unknown" not in (a.mode, b.mode) and a.mode != b.mode:
        if not relaxed_mode or (a.mode_explicit and b.mode_explicit):
            return False
    weak = not (a.participants or a.sides) or not (b.participants or b.sides)  # "this meeting": tense says little
    # the same two or more people, planned in one sentence and held in another: one meeting announced and reported
    same_people = (
        len(a.participants) >= 2 and a.participants == b.participants and {a.status, b.status} == {"planned", "occurred"}
        and today is not None and today in (a.date, b.date)
    )
    if not weak and not same_people and "unknown" not in (a.status, b.status) and a.status != b.status and {a.status, b.status} != {"planned", "cancelled"}:
        return False
    return True


def _absorb(into: Raw, other: Raw) -> None:
    if _after_trip(into, other):
        into.date, into.status = other.date, other.status  # the talks' own day, not the arrival's
    elif _after_trip(other, into):
        other = copy(other)
        other.date, other.status = into.date, into.status
    into.participants |= other.participants
    into.sides |= other.sides
    into.words |= other.words
    into.place = refined_place(into.place, other.place) if into.place else other.place
    if other.date and (into.date is None or len(other.date) > len(into.date)):
        into.date = other.date
    if into.mode == "unknown" or (other.mode_explicit and not into.mode_explicit and other.mode != "unknown"):
        into.mode = other.mode
        into.mode_explicit = other.mode_explicit
    if into.status == "unknown" or other.status == "cancelled":
        into.status = other.status
    for s in other.sentences:
        into.tell(s)
    for s in other.topic_sentences:
        if s not in into.topic_sentences:
            into.topic_sentences.append(s)
    into.confidence = max(into.confidence, other.confidence)
    into.plural = into.plural or other.plural
    into.last = max(into.last, other.last)


def _named_event(trigger) -> str | None:
    """The name a meeting word carries ("the G20 summit", "the NATO summit"):
    such a mention is that gathering, not a meeting told before."""
    for c in trigger.children:
        if c.dep_ in {"compound", "nmod"} and c.pos_ == "PROPN" and c.ent_type_ in {"ORG", "EVENT", "PRODUCT"} and c.i < trigger.i:
            return c.lower_
    return None


def _countries(raw: Raw, person_country: dict[str, str | None]) -> set[str]:
    return set(raw.sides) | {c for p in raw.participants if (c := person_country.get(p))}


def _verbless(raw: Raw) -> bool:
    """A sentence with no verb is a fragment left by a bad sentence split
    ("... Xi Jinping. Virtual meeting in November.")."""
    sent = raw.sentences[0] if raw.sentences and raw.sentences[0].start <= raw.trigger.i < raw.sentences[0].end else sentence_of(raw.trigger)
    return not any(t.pos_ in {"VERB", "AUX"} for t in sent)


#: Plural references resolve to the participants of a meeting mentioned at most this many tokens before.
ANAPHORA_WINDOW = 120


def resolve_plural_backward(raws: list[Raw]) -> None:
    """"... a call between Biden and Xi. ... the summit between the leaders":
    a plural reference with no names takes the participants of the latest
    meeting mention with two or more people just before it."""
    for k, raw in enumerate(raws):
        if not raw.plural or len(raw.participants) >= 2:
            continue
        for prev in reversed(raws[:k]):
            if raw.trigger.i - prev.trigger.i > ANAPHORA_WINDOW:
                break
            if len(prev.participants) >= 2:
                raw.participants |= prev.participants
                raw.confidence = min(raw.confidence, 0.6)
                raw.rule += "+anaphora"
                break


#: A mention naming one person is a mention of a meeting of theirs told at most this many sentences before,
#: unless it refers back to it ("the talks", "their meeting").
ONE_PARTY_SENTENCES = 2


def _part_of(raw: Raw, m: Raw, person_country: dict[str, str | None]) -> bool:
    """Whether the mention with fewer people can be part of the other one:
    the sides it names are among the other's countries, and a mention of one
    person ("X is expected to pay a state visit to Britain") refers back or
    comes within :data:`ONE_PARTY_SENTENCES` sentences."""
    small, big = (raw, m) if len(raw.participants) <= len(m.participants) else (m, raw)
    if small.sides - _countries(big, person_country):
        return False
    if len(small.participants) >= 2 or small.definite or small.plural:
        return True
    doc = small.trigger.doc
    lo, hi = sorted((small.trigger.i, big.trigger.i))
    return sum(1 for _ in doc[lo:hi + 1].sents) <= ONE_PARTY_SENTENCES + 1


def merge_mentions(raws: list[Raw], person_country: dict[str, str | None], *, today: str | None = None) -> list[Raw]:
    """Merge the mentions of one meeting within an article (``today``: the
    publication date, ISO)."""
    full: list[Raw] = []
    pending: list[Raw] = []
    for raw in raws:
        target = None
        if raw.trigger.dep_ == "relcl" and raw.trigger.head.ent_type_ == "PERSON" and len(raw.participants) < 2:
            full.append(raw)  # "Macron, who had visited Rome in March": another event of that person
            continue
        if raw.participants:
            for m in reversed(full):
                if m.participants and (raw.participants <= m.participants or m.participants <= raw.participants) and _compatible(m, raw, today=today):
                    if len(raw.participants) >= 2 and len(m.participants) >= 2 and raw.participants != m.participants and not (raw.participants <= m.participants):
                        continue
                    if not _part_of(raw, m, person_country):
                        continue
                    target = m
                    break
        elif raw.sides:
            cs = raw.sides
            for m in reversed(full):
                if cs <= _countries(m, person_country) and _compatible(m, raw, today=today):
                    target = m
                    break
        elif full and _verbless(raw):
            prev = max(full, key=lambda m: m.last)
            if sentence_of(prev.trigger.doc[prev.last]).end >= sentence_of(raw.trigger).start - 1:
                target = prev
        elif full and raw.definite:
            cands = [m for m in reversed(full) if _compatible(m, raw, today=today) and _named_event(m.trigger) == _named_event(raw.trigger)]
            if raw.place:  # "the San Francisco summit" is the one held there
                cands = [m for m in cands if m.place and m.place.key == raw.place.key] or [m for m in cands if not m.place]
            # "the meeting" is one whose people the article names before a gathering known only by its sides
            target = next((m for m in cands if m.participants), cands[0] if cands else None)
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
            hosts = [o for o in full if o is not m and o.participants and m.sides <= _countries(o, person_country) and _compatible(o, m, today=today)]
            if m.place:
                hosts = [o for o in hosts if o.place and o.place.key == m.place.key] or hosts
            host = hosts[0] if hosts else None
            if host is not None:
                _absorb(host, m)
                continue
        out.append(m)
    # definite mentions before any full mention attach to the first meeting
    # after them that agrees with them (mode included)
    for p in pending:
        if p.definite or p.plural:
            nxt = next((m for m in out if m.sent_start >= p.sent_start and _compatible(m, p, today=today)), None)
            if nxt is not None:
                _absorb(nxt, p)
            elif p.plural:
                out.append(p)
    out.sort(key=lambda m: m.sent_start)
    return out


def salience(ctx: Context) -> dict[str, float]:
    """Person key -> mentions in the article, grammatical subjects counting
    double (the centering heuristic)."""
    score: dict[str, float] = {}
    prev = None
    for i, key in sorted(ctx.token_keys.items()):
        if prev is not None and prev == (i - 1, key):
            prev = (i, key)
            continue
        prev = (i, key)
        tok = ctx.doc[i]
        head = tok
        while head.dep_ in {"compound", "flat"} and head.head.i != head.i:
            head = head.head
        subj = head.dep_ in {"nsubj", "nsubjpass"} or (head.dep_ == "conj" and head.head.dep_ in {"nsubj", "nsubjpass"})
        score[key] = score.get(key, 0.0) + (2.0 if subj else 1.0)
    return score


def complete_counterparts(raws: list[Raw], ctx: Context) -> None:
    """A meeting the text calls "both diplomats' encounter" or "their talks"
    with fewer than two named people gets the article's most salient people
    of the missing side(s) (at least two mentions each), at low confidence."""
    sal = salience(ctx)
    ranked = sorted(sal, key=lambda k: (-sal[k], min(i for i, v in ctx.token_keys.items() if v == k)))
    for raw in raws:
        if not raw.plural or len(raw.participants) >= 2 or (not raw.participants and raw.sides):
            continue
        have = {ctx.person_country.get(p) for p in raw.participants}
        added = False
        for key in ranked:
            if len(raw.participants) >= 2 or sal[key] < 2:
                break
            c = ctx.person_country.get(key)
            if key in raw.participants or c is None or c in have:
                continue
            if raw.sides and len(raw.sides) >= 2 and c not in raw.sides:
                continue
            raw.participants.add(key)
            have.add(c)
            added = True
        if added:
            raw.confidence = min(raw.confidence, 0.5)
            raw.rule += "+counterpart"


def fill_sides(raws: list[Raw], ctx: Context) -> None:
    """A meeting of one named person with a country as the other side ("the
    visit of X to Berlin was cancelled due to changes in the schedule of
    German Foreign Minister Y") gets the one person of that country the
    trigger's sentence names, when it names exactly one who is not a party
    of another meeting of that sentence."""
    for raw in raws:
        if len(raw.participants) != 1 or not raw.sides:
            continue
        own = {ctx.person_country.get(p) for p in raw.participants}
        sides = set(raw.sides) - own
        if len(sides) != 1:
            continue
        (side,) = sides
        sent = sentence_of(raw.trigger)
        elsewhere = {p for o in raws if o is not raw and sentence_of(o.trigger).start == sent.start for p in o.participants}
        named = {k for i, k in ctx.token_keys.items() if sent.start <= i < sent.end}
        found = [k for k in named if ctx.person_country.get(k) == side and k not in raw.participants]
        if len(found) == 1 and found[0] not in elsewhere:
            raw.participants.add(found[0])
            raw.rule += "+side"


def inherit_trip(raws: list[Raw]) -> None:
    """"X travels to Rome on Monday to meet Y ... X would also meet Z": the
    "also" meeting takes the place and date of X's earlier meeting; "the
    delegation also met Z" those of the meeting told just before."""
    for raw in raws:
        if not raw.also:
            continue
        group = _the_delegation(raw.trigger)
        earlier = sorted((o for o in raws if o is not raw and o.sent_start < raw.sent_start), key=lambda o: o.sent_start, reverse=True)
        for other in ([] if group else raws) + (earlier[:1] if group else []):
            if other is raw or other.sent_start > raw.sent_start:
                continue
            if not group and not (other.participants & raw.participants):
                continue
            if other.status != raw.status:
                continue
            raw.place = raw.place or other.place
            raw.date = raw.date or other.date
            break


def _the_delegation(trig) -> bool:
    """ "The team ... also met X": the subject is the delegation of the
    meeting told just before."""
    verb = trig if trig.pos_ in {"VERB", "AUX"} else trig.head
    return any(
        s.lemma_.lower() in DELEGATION_NOUNS and any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in s.children)
        for s in _subjects(verb)
    )


def last_mention_before(raw: Raw, position: int) -> int:
    """Start of the last sentence mentioning ``raw`` at or before token
    ``position`` (-1 when it is first mentioned later)."""
    return max((s.start for s in raw.sentences if s.start <= position), default=-1)


#: Nouns for the party a country sends ("the delegation", "the team").
DELEGATION_NOUNS = frozenset({"delegation", "team"})
_DELEGATION_VERBS = frozenset({"include", "comprise", "lead", "consist", "head"})


#: Nouns for a party whose members act for the country it names ("the ECOWAS mission", "the American side").
_GROUP_NOUNS = DELEGATION_NOUNS | {"side", "mission"}


def _group_sides(group, ctx: Context) -> set[str]:
    """The countries (or organisations) a delegation noun names in front of
    it ("the ECOWAS delegation"); for "the team" or "the delegation" alone,
    those of the last such noun before it in the text."""
    sides = {ctx.country_tokens[i] for i in range(group.left_edge.i, group.i) if i in ctx.country_tokens}
    if sides or not any(c.lower_ in {"the", "this", "that"} for c in group.children if c.dep_ == "det"):
        return sides
    for tok in reversed(group.doc[: group.left_edge.i]):
        if tok.lemma_.lower() in _GROUP_NOUNS and tok.pos_ == "NOUN":
            named = {ctx.country_tokens[i] for i in range(tok.left_edge.i, tok.i) if i in ctx.country_tokens}
            if named:
                return named
    return set()


def add_delegations(doc: Doc, raws: list[Raw], ctx: Context) -> None:
    """"The US delegation included A, B and C" / "a delegation led by A" /
    "A led the ECOWAS delegation" / "the team, which included A": the
    members join the latest meeting of that side, and act for that side
    when nothing else gives their country."""
    for tok in tokens_with(doc, _DELEGATION_VERBS):
        if tok.lemma_.lower() not in _DELEGATION_VERBS:
            continue
        subj = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
        group = next((s for s in subj if s.lemma_.lower() in _GROUP_NOUNS), None)
        members: set[str] = set()
        join = True  # the members join the meeting of that side told last
        if tok.lemma_.lower() in {"lead", "head"} and tok.dep_ == "acl" and tok.head.lemma_.lower() in _GROUP_NOUNS:
            group = tok.head
        elif group is None and tok.dep_ == "relcl" and tok.head.lemma_.lower() in _GROUP_NOUNS \
                and any(s.tag_ in {"WDT", "WP"} for s in subj):
            group = tok.head  # "the team which included A" (the members are in the relative clause)
            members = {ctx.token_keys[i] for i in range(tok.i + 1, tok.right_edge.i + 1) if i in ctx.token_keys}
        elif group is None and tok.lemma_.lower() in {"lead", "head"}:
            # "A led the ECOWAS delegation to a meeting with B": the leader, not the people it met
            obj = next((c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in _GROUP_NOUNS), None)
            if obj is not None:
                group, join = obj, False  # the sentence tells the meeting it led the delegation to
                members = {ctx.token_keys[s.i] for s in subj if s.i in ctx.token_keys}
        if group is None:
            continue
        sides = _group_sides(group, ctx)
        if not members:
            members = {ctx.token_keys[i] for i in range(tok.i + 1, sentence_of(tok).end) if i in ctx.token_keys}
        if not members:
            continue
        if len(sides) == 1:
            # members of "the US delegation" act for the US unless the text says otherwise
            for m in members:
                ctx.add_country_evidence(m, "delegation", next(iter(sides)))
        if not join:
            continue
        for raw in sorted(raws, key=lambda r: last_mention_before(r, tok.i), reverse=True):  # the meeting mentioned last before
            if last_mention_before(raw, tok.i) < 0:
                break
            if sides and not (sides & _countries(raw, ctx.person_country)):
                continue
            raw.participants |= members
            raw.tell(sentence_of(tok))
            break


#: "the meeting" an attendance sentence names is one told at most this many sentences before.
DEFINITE_SENTENCES = 8


def add_attendees(doc: Doc, raws: list[Raw], ctx: Context, entities) -> None:
    """ "X also attended the meeting", "the talks were attended by X and Y",
    "On the American side, A and B attended": the attendees join the meeting
    the verb names, or the latest meeting of the two sentences before.
    ``entities(token)`` gives the people and sides a token denotes."""
    sents, index = ctx.sentences, ctx.sentence_index
    for tok in tokens_with(doc, ATTEND_VERBS, ATTENDEE_NOUNS, {"take"}):
        lemma = tok.lemma_.lower()
        if tok.pos_ == "NOUN" and lemma in ATTENDEE_NOUNS:
            # "A and B were among the attendees of the meeting"
            cop = tok.head.head if tok.head.lower_ == "among" else tok.head
            who = _subjects(cop) if cop.pos_ in {"AUX", "VERB"} else []
            what = [gc for c in tok.children if c.dep_ == "prep" and c.lower_ in {"of", "at", "in"} for gc in c.children if gc.dep_ == "pobj"]
            if not what:
                continue
        elif tok.pos_ == "VERB" and lemma == "take" and any(c.dep_ == "dobj" and c.lower_ == "part" for c in tok.children):
            who = _subjects(tok)  # "taking part in the summit"
            what = [gc for c in tok.children if c.dep_ == "prep" and c.lower_ == "in" for gc in c.children if gc.dep_ == "pobj"]
            if not what:
                continue
        elif tok.pos_ != "VERB" or lemma not in ATTEND_VERBS:
            continue
        elif any(c.dep_ == "auxpass" for c in tok.children):
            who = [gc for c in tok.children if c.dep_ == "agent" for gc in c.children if gc.dep_ == "pobj"]
            what = [c for c in tok.children if c.dep_ == "nsubjpass"]
        else:
            who = _subjects(tok)
            what = [c for c in tok.children if c.dep_ in {"dobj"}]
            what += [gc for c in tok.children if c.dep_ == "prep" and c.lower_ in {"in"} for gc in c.children if gc.dep_ == "pobj"]
        if what and not any(w.lemma_.lower() in MEET_NOUNS or w.lower_ in MEET_NOUNS for w in what):
            continue  # "attended a university", "joined the army"
        if negated(tok):
            continue  # "declined to attend the banquet", "did not attend the talks"
        people: set[str] = set()
        for w in who:
            people |= entities(w)[0]
        if not people:
            continue
        # "X attended the meeting along with his counterpart, Y"
        people.update(r.key for r in co_participants(tok, ctx.persons, COPARTICIPATION))
        k = index.get(sentence_of(tok).start, 0)
        target = None
        # "were among the attendees of the meeting": the meeting told last, a few paragraphs back at most
        definite = any(c.dep_ in {"det", "poss"} and c.lower_ in {"the", "this", "that", "their"} for w in what for c in w.children)
        for back in range(0, DEFINITE_SENTENCES + 1 if definite else 3):
            if k - back < 0:
                break
            cands = [
                r for r in raws
                if any(s.start == sents[k - back].start for s in r.sentences) and r.trigger.i <= sentence_of(tok).end
                and r.trigger not in what and (len(r.participants) >= 2 or r.sides)
            ]
            if cands:
                target = max(cands, key=lambda r: r.trigger.i)
                break
        if target is None or people <= target.participants:
            continue
        for r in [r for r in raws if r.trigger in what and r is not target and r.participants <= target.participants | people]:
            _absorb(target, r)  # "the meeting" they attended is the target's mention
            raws.remove(r)
        target.participants |= people
        target.rule += "+attendees"
        target.tell(sentence_of(tok))


#: "X sat between A and B" joins X to a meeting of A or B told at most this many sentences before.
SEATED_SENTENCES = 2


def add_seated(doc: Doc, raws: list[Raw], ctx: Context, entities) -> None:
    """ "X sat between A and B", "X was seated next to A": when A or B is a
    party of a meeting told in that sentence or at most ``SEATED_SENTENCES``
    before, X sat at that meeting too."""
    for tok in tokens_with(doc, SEATING_VERBS):
        if tok.pos_ != "VERB" or negated(tok):
            continue
        who: set[str] = set()
        for c in tok.children:
            if c.dep_ in {"nsubj", "nsubjpass"}:
                who |= entities(c)[0]
        by: set[str] = set()
        for prep in (c for c in tok.children if c.dep_ in {"prep", "advmod"} and c.lower_ in SEATING_PREPS):
            objs = [g for g in prep.children if g.dep_ == "pobj"] or [g for p in prep.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]
            for o in objs:
                for x in [o, *(x for x in o.subtree if x.dep_ == "conj")]:
                    by |= entities(x)[0]
        if not who or not by:
            continue
        sent = sentence_of(tok)
        k = ctx.sentence_index.get(sent.start, 0)
        lo = ctx.sentences[max(0, k - SEATED_SENTENCES)].start
        cands = [r for r in raws if last_mention_before(r, sent.start) >= lo and r.participants & by and r.status != "cancelled"]
        if not cands:
            continue
        target = max(cands, key=lambda r: last_mention_before(r, sent.start))
        target.participants |= who | by
        target.tell(sent)


def attach_discussions(doc: Doc, raws: list[Raw], ctx: Context, pronoun=None) -> None:
    """Sentences that say someone discussed, raised, agreed on or asked for
    something (:func:`kg.extract.topics.discussion_in`) become topic
    sentences of the latest meeting mentioned at or before them that fits
    what they say: its participants include the people who discuss and
    everyone they discuss it with ("he discussed terrorism with X" belongs to
    a meeting with X, or to none), its countries include a country subject.
    A sentence that names no one ("the two leaders also discussed ...",
    "Syria also came up for discussion") goes to the latest meeting at most
    ``GROUP_TOPIC_WINDOW`` tokens before. A sentence the article repeats
    (a standfirst) counts where it is repeated. ``pronoun(token)`` resolves
    he/she to a person key."""
    if not raws:
        return
    cues: dict[int, list] = {}
    for tok in tokens_with(doc, DISCUSS, MEETING_TOPIC_VERBS, DISCUSSION_NOUNS):
        cues.setdefault(sentence_of(tok).start, []).append(tok)
    text = ctx.text or doc.text

    def sentence_text(sent: Span) -> str:
        return text[sent.start_char : sent.end_char].strip()

    last_copy = {sentence_text(s): s.start for s in ctx.sentences}
    for start, toks in cues.items():
        sent = sentence_of(toks[0])
        if last_copy.get(sentence_text(sent), start) != start:
            continue  # a standfirst that the body repeats: the body's copy tells which meeting it belongs to
        said = discussion_in(sent, token_keys=ctx.token_keys, countries=ctx.country_tokens, pronoun=pronoun, cues=toks)
        if said is None:
            continue

        def fits(r: Raw) -> bool:
            if last_mention_before(r, start) < 0:
                return False
            countries = _countries(r, ctx.person_country)
            if len(r.participants) < 2 and len(countries) < 2:
                return False  # not a meeting of two sides: it will not be reported
            if said.people and not said.people & r.participants:
                return False
            if said.partners and not said.partners <= r.participants:
                return False
            return not said.countries or said.countries <= countries

        # the latest meeting; at the same sentence, one with two named participants before a mention of countries only
        best = max(
            (r for r in raws if fits(r)),
            key=lambda r: (last_mention_before(r, start), len(r.participants) >= 2, r.trigger.i),
            default=None,
        )
        if best is None or sent in best.topic_sentences:
            continue
        if not (said.people or said.partners) and start - last_mention_before(best, start) > GROUP_TOPIC_WINDOW:
            continue
        best.topic_sentences.append(sent)


def host_country(raws: list[Raw], ctx: Context) -> None:
    """A meeting held in a country of none of its parties' known countries
    was hosted there: its one party of unknown country, or the (up to three)
    parties of unknown country facing a party whose country is known, act for
    the host ("the UN's aid chief met the chairman of the disaster agency, A,
    and the special envoy, B" in Somalia)."""
    for raw in raws:
        if raw.place is None or not raw.place.country or raw.status == "cancelled":
            continue
        host = raw.place.country
        known = {c for p in raw.participants if (c := ctx.person_country.get(p))} | set(raw.sides)
        unknown = [p for p in raw.participants if ctx.person_country.get(p) is None]
        # one party of unknown country, or up to three facing a party whose country is known: the hosts
        if host not in known and len(raw.participants) >= 2 and (len(unknown) == 1 or (known and len(unknown) <= 3)):
            for key in unknown:
                ctx.add_country_evidence(key, "host", host)


def to_records(raws: Iterable[Raw], ctx: Context, *, topics_for) -> list[MeetingRecord]:
    out = []
    for raw in raws:
        countries = _countries(raw, ctx.person_country)
        people_ok = len(raw.participants) >= 2 or (raw.participants and len(countries) >= 2)
        if not people_ok and len(countries) < 2:
            continue
        if raw.place and raw.place.country and len(countries) >= 1 and raw.rule.startswith("verb:visit"):
            countries.add(raw.place.country)
        cite = ctx.source_of or (lambda s: sentence_source(s, ctx.article_id))
        sources: list[Source] = [cite(s) for s in sorted(raw.sentences, key=lambda s: s.start)]
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
