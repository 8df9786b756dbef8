"""Officials of the gazetteer: a person with offices, one tenure each.

The data is ``ontology/gazetteer/people.jsonl`` (schema in
``ontology/gazetteer/README.md``). Tenures are ISO dates of year, month or
day precision, so "2021", "2021-01" and "2021-01-20" are all valid bounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


def _day(text: str | int | None, *, last: bool) -> date | None:
    """An ISO date of year, month or day precision as its first (or last) day.

    >>> _day("2021", last=True), _day("2018-04", last=False), _day("2024-02", last=True)
    (datetime.date(2021, 12, 31), datetime.date(2018, 4, 1), datetime.date(2024, 2, 29))
    """
    if text is None:
        return None
    parts = [int(p) for p in str(text).split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        if not last:
            return date(parts[0], parts[1], 1)
        nxt = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return date(parts[0], 12, 31) if last else date(parts[0], 1, 1)


@dataclass(frozen=True)
class Office:
    """One office an official held, with one tenure: ``start``/``end`` are
    ISO dates of year, month or day precision (``end`` None: still held;
    ``start`` None: not known)."""

    title: str
    aliases: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None
    #: The state or international organisation the office acts for, when it
    #: is not the person's own country ("UN" for a UN Secretary-General).
    acts_for: str | None = None

    def covers(self, day: date) -> bool:
        """Whether the office was held on ``day`` (an unknown start never is)."""
        first = _day(self.start, last=False)
        if first is None or day < first:
            return False
        last = _day(self.end, last=True)
        return last is None or day <= last


@dataclass(frozen=True)
class PersonEntry:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    offices: tuple[Office, ...] = ()
    #: A bare surname that other officials in office share means this person
    #: ("Wang" is Wang Yi, "Kim" is Kim Jong-un): a decision in the data, not
    #: the file's order.
    bare_surname: bool = False

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    @property
    def titles(self) -> tuple[str, ...]:
        """Every title of every office (the office's own title first)."""
        return tuple(dict.fromkeys(t for o in self.offices for t in (o.title, *o.aliases)))

    @property
    def start(self) -> int | None:
        """First year in any known office."""
        years = [_day(o.start, last=False).year for o in self.offices if o.start]
        return min(years) if years else None

    @property
    def end(self) -> int | None:
        """Last year in office (None while an office is still held)."""
        if not self.offices or any(o.end is None for o in self.offices):
            return None
        return max(_day(o.end, last=True).year for o in self.offices)

    def office_on(self, day: date) -> Office | None:
        """The one office held on ``day``; None when none or several were.

        >>> p = PersonEntry("x", "X Y", offices=(Office("Deputy Secretary", start="2015", end="2017-01"),
        ...                                      Office("Secretary", start="2021-01-26", end="2025-01-20")))
        >>> p.office_on(date(2022, 3, 14)).title, p.office_on(date(2019, 1, 1))
        ('Secretary', None)
        """
        held = [o for o in self.offices if o.covers(day)]
        return held[0] if len(held) == 1 else None

    def acts_for(self, year: int | None) -> str | None:
        """Whom the person acts for in ``year``: the state or organisation of
        the offices held that year (when they agree), else their country.

        >>> ban = PersonEntry("b", "Ban Ki-moon", country="KR", offices=(
        ...     Office("Foreign Minister", start="2004", end="2006-11"),
        ...     Office("UN Secretary-General", start="2007", end="2016", acts_for="UN")))
        >>> ban.acts_for(2015), ban.acts_for(2005), ban.acts_for(2020), ban.acts_for(None)
        ('UN', 'KR', 'KR', 'KR')
        """
        if year is None:
            return self.country
        held = {o.acts_for or self.country for o in self.offices if self._held_in(o, year)}
        return held.pop() if len(held) == 1 else self.country

    def holds_office(self, year: int | None) -> bool:
        """Whether an office of the gazetteer covers ``year``."""
        return year is not None and any(self._held_in(o, year) for o in self.offices)

    @staticmethod
    def _held_in(o: Office, year: int) -> bool:
        first, last = _day(o.start, last=False), _day(o.end, last=True)
        return first is not None and first.year <= year and (last is None or year <= last.year)

    def in_office(self, year: int, *, slack: int = 0) -> bool:
        """Whether any office was held in ``year`` (give or take ``slack`` years)."""
        for o in self.offices:
            first, last = _day(o.start, last=False), _day(o.end, last=True)
            if first is not None and first.year - slack <= year and (last is None or year <= last.year + slack):
                return True
        return False
