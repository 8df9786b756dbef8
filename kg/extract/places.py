"""Where a meeting was, when its own sentence does not say.

After the meeting mentions of an article are merged, a meeting with no
place of its own takes, in this order:

- the place of the summit it was held on the sidelines of ("on the margins
  of the Summit", the summit named with its place earlier in the article);
- the place of another meeting told in the same sentence ("Talks between A
  and B in Brussels began on Sunday, with C meeting the two separately"),
  unless it is part of what that meeting is about ("talks in Washington on
  the upcoming summit with Kim") or told as a time ("ahead of the summit");
- the place of a trip one of its parties is told to make, or a place they
  are said to be in, a few sentences before ("Blinken arrived in Jeddah on
  Tuesday. He held talks with the crown prince"; "Griffiths is in Somalia
  for a visit");
- the place of a summit the article puts one of its parties at ("On the
  sidelines of the G20 Summit in Antalya, Modi held ...");
- for a meeting held "here", the dateline city or the article's summit.

A place that is only a country becomes the article's dateline city when that
city is in the country ("VIENTIANE: ... talks in Laos"). A phone call or a
video meeting has no place: where each side sat is not where they met.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..types import Place
from .lexicon import MEET_NOUNS, PRONOUNS, TRAVEL_VERBS
from .meetings import Context, Raw, _time_anchor
from .syntax import _subjects, tokens_with

#: A trip or stay told at most this many sentences before a meeting gives it its place.
TRIP_SENTENCES = 4
#: Gatherings a meeting can be held on the fringe of ("on the margins of the Summit").
_SUMMITS = {"summit", "conference", "forum", "assembly", "session", "congress", "gathering"}
#: Words of the phrase a meeting on the fringe of a summit is held in.
_FRINGE = {"sideline", "sidelines", "margin", "margins", "fringe", "fringes"}
#: Lines at the top of an article where a dateline ("VIENTIANE:", "Luanda —") may stand.
_DATELINE_LINES = 4
_DATELINE_MARKS = {":", "\u2014", "\u2013", "-", "("}


def _is_city(place: Place | None) -> bool:
    return place is not None and not place.key.startswith(("country:", "venue:"))


def _city_or_country(ctx: Context, tok: Token) -> Place | None:
    place = ctx.place_tokens.get(tok.i)
    # a known city or country (a name the gazetteer places in a country), not a venue or an unknown word
    return place if place is not None and place.country and not place.key.startswith("venue:") else None


def summit_places(ctx: Context) -> list[tuple[int, Place]]:
    """(token index, place) of each summit or conference the text gives a
    place ("the G20 Summit in Antalya"), in text order."""
    out = []
    for tok in tokens_with(ctx.doc, _SUMMITS):
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in {"in", "at"}:
                for p in (gc for gc in c.children if gc.dep_ == "pobj"):
                    if (place := _city_or_country(ctx, p)) is not None:
                        out.append((tok.i, place))
    return out


def dateline_place(ctx: Context) -> Place | None:
    """The city of the article's dateline ("VIENTIANE: ...", "Luanda —",
    "ANTALYA, Turkey (Reuters) -"), when one of its first lines starts with
    one."""
    doc = ctx.doc
    text = ctx.text
    starts = [0] + [i + 1 for i, ch in enumerate(text[:2000]) if ch == "\n"]
    for start in starts[: _DATELINE_LINES * 2]:
        span = doc.char_span(start, min(len(text), start + 60), alignment_mode="expand")
        if span is None or not len(span):
            continue
        toks = list(span)[:6]
        mark = next((k for k, t in enumerate(toks) if t.text in _DATELINE_MARKS), None)
        if not mark:
            continue
        for t in toks[:mark]:
            place = ctx.place_tokens.get(t.i)
            if _is_city(place):
                return place
        # "VIENTIANE:", "NEW DELHI, India -": a city in capitals the tagger did not name
        head = []
        for t in toks[:mark]:
            if t.text == ",":
                break
            head.append(t)
        if head and all(t.is_alpha and t.is_upper and len(t) > 1 for t in head):
            entry = ctx.gazetteer.place(" ".join(t.text for t in head))
            if entry is not None and entry.country:
                return Place(entry.key, entry.name, entry.country)
    return None


def _trips(ctx: Context) -> list[tuple[int, str, Place]]:
    """(sentence index, person, place) of each trip or stay the text tells:
    "X arrived in Jeddah", "X visited Kyiv", "X is in Somalia"."""
    doc = ctx.doc
    index = ctx.sentence_index
    out: list[tuple[int, str, Place]] = []
    travel = TRAVEL_VERBS | {"land"}
    for tok in tokens_with(doc, travel | {"be"}):
        lemma = tok.lemma_.lower()
        if tok.pos_ not in {"VERB", "AUX"} or (lemma not in travel and lemma != "be"):
            continue
        preps = {"in"} if lemma == "be" else {"in", "to", "at", "into"}
        dests = [gc for c in tok.children if c.dep_ == "prep" and c.lower_ in preps for gc in c.children if gc.dep_ == "pobj"]
        if lemma == "visit":
            dests += [c for c in tok.children if c.dep_ == "dobj"]
        place = next((p for d in dests if (p := _city_or_country(ctx, d)) is not None), None)
        if place is None:
            continue
        subs = _subjects(tok)
        if tok.dep_ == "acl" and tok.head.i in ctx.token_keys:
            subs = [tok.head]  # "X, visiting Delaware, held a meeting with Y": X is there
        for sub in subs:
            key = ctx.token_keys.get(sub.i)
            if key:
                out.append((index.get(tok.sent.start, 0), key, place))
            elif sub.lower_ in PRONOUNS:
                continue
    return out


def _fringe_place(trig: Token, ctx: Context, summits: list[tuple[int, Place]]) -> Place | None:
    """ "on the sidelines of the G20 summit in Antalya": the summit's place,
    named in the phrase or, for "the Summit", where the article named it."""
    for tok in trig.sent:
        if tok.lemma_.lower() not in _FRINGE and tok.lower_ not in _FRINGE:
            continue
        for t in tok.subtree:
            if (place := _city_or_country(ctx, t)) is not None:
                return place
        # "on the margins of the Summit": the summit the article named with its place before
        if any(t.i != trig.i and t.lemma_.lower() in _SUMMITS for t in tok.subtree):
            earlier = [p for i, p in summits if i < tok.i]
            if earlier:
                return earlier[-1]
    return None


def refined_place(place: Place | None, other: Place | None) -> Place | None:
    """``other`` when it is a city in the country ``place`` names."""
    if place is not None and other is not None and place.key.startswith("country:") and _is_city(other) and other.country == place.country:
        return other
    return place


def _summit_stays(ctx: Context, summits: list[tuple[int, Place]]) -> dict[str, Place]:
    """Person -> the place of a summit the text puts them at ("On the
    sidelines of the G20 Summit in Antalya, Modi held ..."): the subjects
    of the clause a fringe phrase with a place belongs to."""
    out: dict[str, Place] = {}
    for tok in tokens_with(ctx.doc, _FRINGE):
        place = next((p for t in tok.subtree if (p := _city_or_country(ctx, t)) is not None), None)
        verb = next((a for a in tok.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        if place is None or verb is None:
            continue
        for sub in _subjects(verb):
            key = ctx.token_keys.get(sub.i)
            if key:
                out.setdefault(key, place)
    return out


def _here(trig: Token) -> bool:
    """ "held talks here", "held discussions in separate meetings here": the
    meeting is where the report was filed ("here" in the meeting word's
    phrase or on any word between it and the verb of its clause)."""
    heads = {trig.i, trig.head.i}
    if trig.pos_ in {"VERB", "AUX"}:
        # "met with visiting President X here" parsed with "here" on "visiting"
        heads |= {t.i for c in trig.children if c.dep_ == "prep" for t in c.subtree}
    else:
        heads |= {t.i for t in trig.subtree}  # "held discussions in separate meetings here"
        for a in trig.ancestors:
            heads.add(a.i)
            if a.pos_ in {"VERB", "AUX"}:
                break
    return any(t.lower_ == "here" and t.dep_ == "advmod" and t.head.i in heads for t in trig.sent)


def _inside_meeting(trig: Token) -> bool:
    """Whether a meeting word is part of another meeting's phrase ("talks
    with Trump about strategies for the summit with Kim")."""
    return any(a.pos_ in {"NOUN", "PROPN"} and (a.lower_ in MEET_NOUNS or a.lemma_.lower() in MEET_NOUNS) for a in trig.ancestors)


def settle_places(raws: list[Raw], ctx: Context) -> None:
    """Give each merged meeting of the article its place (see the module)."""
    summits = summit_places(ctx)
    trips = _trips(ctx)
    stays = _summit_stays(ctx, summits)
    datelines: list[Place | None] = []  # the dateline, read when a meeting first needs it

    def dateline() -> Place | None:
        if not datelines:
            datelines.append(dateline_place(ctx))
        return datelines[0]

    index = ctx.sentence_index
    for raw in raws:
        if raw.mode in {"phone", "video"}:
            raw.place = None
            continue
        if raw.place is None:
            raw.place = _fringe_place(raw.trigger, ctx, summits)
        if raw.place is None and not _time_anchor(raw.trigger):  # not "arrived in Washington ahead of the summit with Kim"
            sent = raw.trigger.sent.start
            raw.place = next(
                (o.place for o in raws if o is not raw and o.place is not None and o.status == raw.status
                 and o.mode not in {"phone", "video"} and any(s.start == sent for s in o.sentences)
                 and not _inside_meeting(raw.trigger)),  # "talks in Washington about the summit with Kim": a topic
                None,
            )
        if raw.place is None and raw.status != "cancelled":
            ks = {index.get(s.start, 0) for s in raw.sentences}
            near = [t for t in trips if t[1] in raw.participants and any(0 <= k - t[0] <= TRIP_SENTENCES for k in ks)]
            if near:
                raw.place = max(near, key=lambda t: t[0])[2]
        if raw.place is None and raw.status != "cancelled":
            raw.place = next((stays[p] for p in sorted(raw.participants) if p in stays), None)
        if raw.place is None and _here(raw.trigger):
            raw.place = dateline() or (summits[0][1] if summits else None)
        if raw.place is not None and raw.place.key.startswith("country:"):
            raw.place = refined_place(raw.place, dateline())
