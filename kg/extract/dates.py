"""Resolve date expressions against an article's publication date.

Returns ISO strings with the precision the text supports: a day
("2022-03-14"), a month ("2021-11") or a year ("2021"). ``future`` says which
way an ambiguous expression points ("on Monday" of a planned meeting is the
next Monday, of a past one the last).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_FIRST = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?\b", re.I)
_MONTH_DAY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*(?:-|–|and|to)\s*\d{{1,2}})?(?:,?\s+(\d{{4}}))?", re.I)
_MONTH_ONLY = re.compile(rf"\b(?:(last|next|this)\s+)?({_MONTH_RE})\b\.?(?:\s+(?:of\s+)?(\d{{4}}))?", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
_WEEKDAY = re.compile(r"\b(?:(last|next|this|on)\s+)?(" + "|".join(WEEKDAYS) + r")\b", re.I)


def _parse_published(published: str | date | None) -> date | None:
    if published is None or isinstance(published, date):
        return published
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def resolve_date(text: str, published: str | date | None, *, future: bool | None = False) -> str | None:
    """Resolve a date expression (``future`` None: "June 12" is the one
    nearest the publication date, either side; other expressions point back).

    >>> resolve_date("on Monday", "2022-03-13", future=True)
    '2022-03-14'
    >>> resolve_date("Sunday", "2022-12-12")
    '2022-12-11'
    >>> resolve_date("Dec. 11 and 12", "2022-12-12")
    '2022-12-11'
    >>> resolve_date("in November", "2022-03-15")
    '2021-11'
    >>> resolve_date("March 14, 2022", None)
    '2022-03-14'
    >>> resolve_date("last week", "2024-01-30")
    '2024-01'
    >>> resolve_date("in May", "2024-01-30", future=True)
    '2024-05'
    >>> resolve_date("last weekend", "2023-09-05")
    '2023-09'
    >>> resolve_date("last weekend", "2023-09-01")
    '2023-08'
    """
    pub = _parse_published(published)
    t = text.strip().replace("\u2019", "'")
    low = t.lower()

    m = _ISO.search(t)
    if m:
        y, mo, d = int(m[1]), int(m[2]), m[3]
        if d and _safe_date(y, mo, int(d)):
            return f"{y:04d}-{mo:02d}-{int(d):02d}"
        if 1 <= mo <= 12:
            return f"{y:04d}-{mo:02d}"

    for rx, order in ((_MONTH_DAY, "md"), (_DAY_FIRST, "dm")):
        m = rx.search(t)
        if m:
            if order == "md":
                mo, d, y = MONTHS[m[1].lower()], int(m[2]), m[3]
            else:
                d, mo, y = int(m[1]), MONTHS[m[2].lower()], m[3]
            if y:
                dt = _safe_date(int(y), mo, d)
            elif pub:
                dt = _nearest_year(pub, mo, d, future)
            else:
                dt = None
            if dt:
                return dt.isoformat()

    m = _WEEKDAY.search(t)
    if m and pub:
        wd = WEEKDAYS[m[2].lower()]
        mod = (m[1] or "").lower()
        if mod == "next" or (future and mod != "last"):
            delta = (wd - pub.weekday()) % 7
            if mod == "next" and delta == 0:
                delta = 7
            return (pub + timedelta(days=delta)).isoformat()
        delta = (pub.weekday() - wd) % 7
        if mod == "last" and delta == 0:
            delta = 7
        return (pub - timedelta(days=delta)).isoformat()

    m = _MONTH_ONLY.search(t)
    ym = re.search(r"\b(last|this|next)\s+year\b", low)
    if m and ym and pub and not m[3]:  # "in October last year"
        y = pub.year + {"last": -1, "this": 0, "next": 1}[ym[1]]
        return f"{y:04d}-{MONTHS[m[2].lower()]:02d}"

    if pub:
        if re.search(r"\b(today|tonight|this morning|this afternoon|this evening)\b", low):
            return pub.isoformat()
        if re.search(r"\byesterday\b", low):
            return (pub - timedelta(days=1)).isoformat()
        if re.search(r"\btomorrow\b", low):
            return (pub + timedelta(days=1)).isoformat()
        m = re.search(r"\b(last|this|next)\s+weekend\b", low)
        if m:  # the weekend's two days may be either side of a month's end: its Saturday's month
            saturday = pub + timedelta(days=5 - pub.weekday())
            if m[1] == "last" or (m[1] == "this" and pub.weekday() == 6):
                saturday -= timedelta(days=7)
            elif m[1] == "next":
                saturday += timedelta(days=7)
            return f"{saturday.year:04d}-{saturday.month:02d}"
        m = re.search(r"\b(last|this|next)\s+(week|month|year)\b", low)
        if m:
            shift = {"last": -1, "this": 0, "next": 1}[m[1]]
            if m[2] == "week":
                d = pub + timedelta(days=7 * shift)
                return f"{d.year:04d}-{d.month:02d}"
            if m[2] == "month":
                y, mo = divmod(pub.year * 12 + pub.month - 1 + shift, 12)
                return f"{y:04d}-{mo + 1:02d}"
            return f"{pub.year + shift:04d}"

    m = _MONTH_ONLY.search(t)
    if m and not (m[2].lower() == "may" and not re.search(r"\b(in|of|since|last|next|this|early|late|mid)\s+May\b", t)):
        mo = MONTHS[m[2].lower()]
        if m[3]:
            return f"{int(m[3]):04d}-{mo:02d}"
        if pub:
            mod = (m[1] or "").lower()
            if mod == "next":
                y = pub.year if mo > pub.month else pub.year + 1
            elif mod == "last":
                y = pub.year if mo < pub.month else pub.year - 1
            elif mod == "this":
                y = pub.year
            elif future:
                y = pub.year if mo >= pub.month else pub.year + 1
            else:
                y = pub.year if mo <= pub.month else pub.year - 1
            return f"{y:04d}-{mo:02d}"

    m = _YEAR.search(t)
    if m:
        return m[1]
    return None


def _nearest_year(pub: date, month: int, day: int, future: bool | None) -> date | None:
    """The year that puts month/day nearest the publication date in the
    direction the text points (past by default, allowing a few days ahead;
    either way when ``future`` is None)."""
    dt = _safe_date(pub.year, month, day)
    if dt is None:
        return None
    if future is None:
        years = [y for y in (pub.year - 1, pub.year, pub.year + 1) if _safe_date(y, month, day)]
        return min((_safe_date(y, month, day) for y in years), key=lambda d: abs((d - pub).days))
    if future:
        if dt < pub - timedelta(days=14):
            dt = _safe_date(pub.year + 1, month, day) or dt
    elif dt > pub + timedelta(days=14):
        dt = _safe_date(pub.year - 1, month, day) or dt
    return dt


def is_post_timestamp(ent) -> bool:
    """A DATE span that is the time an embedded social-media post was sent:
    the signature line "— Saudi Gazette (@Saudi_Gazette) June 7, 2023"."""
    doc = ent.doc
    return ent.start > 0 and doc[ent.start - 1].text == ")" and any("@" in t.text for t in doc[max(0, ent.start - 6) : ent.start])


def reference_date(published: date | None, entities) -> date | None:
    """The date relative expressions ("this Saturday") are read against: the
    article's publication date, or for an article without one the latest day
    an embedded post was sent (an article is written after the posts it
    quotes, usually within days); None when neither is known.

    ``entities`` are the Doc's entities (only its DATE ones are read, and
    only when there is no publication date)."""
    if published is not None:
        return published
    days = [resolve_date(ent.text, None) for ent in entities if ent.label_ == "DATE" and is_post_timestamp(ent)]
    return max((date.fromisoformat(d) for d in days if d and len(d) == 10), default=None)
