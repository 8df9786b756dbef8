"""Dates a meeting's own clause does not give, read from the article around it.

After the mentions of one meeting are merged (:mod:`kg.extract.coref`):

- a sentence that continues the events told before it ("Afterwards, the
  delegation will go to the palace to meet X") tells of the day of the date
  told last before it;
- a meeting held since or after another meeting the article dates ("has
  held two calls with X since his summit with Y") is dated between the two;
- a dated saying between the meeting's two people ("A told B on Saturday
  that ...") is said at the meeting, and dates it;
- the lede's undated news is dated to the publication month.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date

from .dates import resolve_date
from .lexicon import ADDRESS_VERBS, PHONE_WORDS, SEQUENCE_OPENERS, VIDEO_WORDS
from .meetings import Context, Raw, dates_an_event
from .syntax import doc_entities, sentence_of, tokens_with

#: "Afterwards, ..." continues the events of a date told at most this many sentences before.
SEQUENCE_SENTENCES = 12

#: "A told B on Saturday" dates a meeting of A and B told at most this many sentences before.
ADDRESS_SENTENCES = 8


def _event_dates(ctx: Context) -> list:
    """The DATE entities that can date an event (:func:`dates_an_event`)."""
    return [e for e in doc_entities(ctx.doc) if e.label_ == "DATE" and dates_an_event(e)]


def _opens_sequence(sent) -> bool:
    words = [t.lower_ for t in sent[:2]]
    return bool(words) and (words[0] in SEQUENCE_OPENERS or " ".join(words) in SEQUENCE_OPENERS)


def _future(raw: Raw) -> bool | None:
    return True if raw.status == "planned" else None if raw.status == "cancelled" else False


def date_in_sequence(raws: list[Raw], ctx: Context) -> None:
    """An undated meeting told in a sentence that opens with "Afterwards"
    ("Later", "Subsequently") is held on the day of the latest date told
    before that sentence, at most ``SEQUENCE_SENTENCES`` sentences back
    ("X's programme begins on April 4 with a wreath-laying ... Afterwards,
    he will meet Y")."""
    dates = None
    for raw in raws:
        if raw.date is not None:
            continue
        sent = next((s for s in raw.sentences if _opens_sequence(s)), None)
        if sent is None:
            continue
        if dates is None:
            dates = _event_dates(ctx)
        k = ctx.sentence_index.get(sent.start)
        if k is None:
            continue
        lo = ctx.sentences[max(0, k - SEQUENCE_SENTENCES)].start
        for ent in reversed([e for e in dates if lo <= e.start < sent.start]):
            value = resolve_date(ent.text, ctx.published, future=_future(raw))
            if value:
                raw.date = value
                break


#: Prepositions by which a meeting is told as held after another one, up to the report ("since his summit with X").
AFTER_PREPOSITIONS = frozenset({"since", "after", "following"})


def date_after_meeting(raws: list[Raw], ctx: Context) -> None:
    """An undated meeting held since or after another meeting of the article
    that has a day: "since" bounds it by that day and the report (the month
    they share, else the year), "after" and "following" by that month."""
    if ctx.published is None:
        return
    owner = {i: r for r in raws for i in r.words}
    pub = ctx.published.isoformat()
    for raw in raws:
        if raw.date is not None or raw.status != "occurred":
            continue
        trig = raw.trigger
        heads = [trig, trig.head] if trig.pos_ in {"NOUN", "PROPN"} and trig.dep_ in {"dobj", "nsubj", "nsubjpass"} else [trig]
        for prep in (c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in AFTER_PREPOSITIONS):
            event = next((owner[g.i] for g in prep.children if g.dep_ == "pobj" and g.i in owner), None)
            if event is None or event is raw or not event.date or len(event.date) != 10 or event.date > pub:
                continue
            if prep.lower_ != "since":
                raw.date = event.date[:7]
            elif event.date[:7] == pub[:7]:
                raw.date = pub[:7]
            elif event.date[:4] == pub[:4]:
                raw.date = pub[:4]
            break


def _address(tok, ctx: Context) -> tuple[str, str] | None:
    """(speaker, addressee) person keys of "A told B ...", else None."""
    speaker = next((ctx.token_keys.get(c.i) for c in tok.children if c.dep_ == "nsubj"), None)
    addressee = next((ctx.token_keys.get(c.i) for c in tok.children if c.dep_ in {"dobj", "dative"}), None)
    return (speaker, addressee) if speaker and addressee and speaker != addressee else None


def date_from_address(raws: list[Raw], ctx: Context) -> None:
    """A meeting of two people held in person and undated, or dated only to
    a month, takes the day on which one of them told the other something
    ("A met B in Brussels ahead of the summit ... A told B on Saturday that
    ..."), when the saying comes after the meeting is first told and at most
    ``ADDRESS_SENTENCES`` sentences after it, is not by phone or video, and
    the day falls in the meeting's month."""
    pending = [r for r in raws if len(r.participants) == 2 and r.mode in {"in_person", "unknown"} and r.status != "planned" and (r.date is None or len(r.date) == 7)]
    if not pending:
        return
    dates = _event_dates(ctx)
    starts = [e.start for e in dates]
    for tok in (t for t in tokens_with(ctx.doc, ADDRESS_VERBS) if t.pos_ == "VERB"):
        pair = _address(tok, ctx)
        if pair is None:
            continue
        sent = sentence_of(tok)
        if any(t.lower_ in PHONE_WORDS or t.lower_ in VIDEO_WORDS for t in sent):
            continue
        told = {t.i for c in tok.children if c.dep_ in {"prep", "npadvmod", "tmod"} for t in c.subtree}
        lo = bisect_right(starts, sent.start - 1)
        when = None
        for ent in dates[lo:]:
            if ent.start >= sent.end:
                break
            if any(t.i in told for t in ent):
                when = resolve_date(ent.text, ctx.published)
                break
        if not when or len(when) != 10 or (ctx.published and date.fromisoformat(when) > ctx.published):
            continue
        k = ctx.sentence_index.get(sent.start, 0)
        for raw in pending:
            first = ctx.sentence_index.get(raw.sent_start, k)
            if set(pair) != raw.participants or not (first <= k <= first + ADDRESS_SENTENCES):
                continue
            if raw.date is None or when.startswith(raw.date):
                raw.date = when


#: A meeting dated this many days or fewer from the publication date is the lede's own news.
LEDE_DAYS = 3


def date_from_lede(raws: list[Raw], ctx: Context, *, lede_sentences: int = 5) -> None:
    """News reports its main event first: the first undated meeting with
    people reported as having occurred, when it is in the lede, is dated to
    the publication month. When a meeting told before it is dated within
    ``LEDE_DAYS`` of publication, that one is the news, and the undated one
    is dated only when it was held in the same place (the same visit);
    otherwise it is background the text does not date."""
    if ctx.published is None:
        return
    starts = [s.start for s in ctx.sentences[:lede_sentences]]
    if not starts:
        return
    limit = sentence_of(ctx.doc[starts[-1]]).end
    news = None
    for raw in raws:
        if len(raw.participants) < 2 or raw.status != "occurred":
            continue
        if raw.date is not None:
            if news is None and raw.sent_start < limit and len(raw.date) == 10 and abs((date.fromisoformat(raw.date) - ctx.published).days) <= LEDE_DAYS:
                news = raw  # the lede's own meeting is dated ("is on Tuesday hosting X")
            continue  # a dated meeting in the lede is background ("the November summit")
        if raw.sent_start < limit and (news is None or news.place is not None and raw.place == news.place):
            # after the dated news, only a meeting of the same visit (the same place) is this month's
            raw.date = ctx.published.isoformat()[:7]
        break
