"""The filters of `kg meetings`, `kg people`, `kg view` and `kg centrality`
(``--since/--until``, ``--country``, ``--person``), in one place.

A date is YYYY, YYYY-MM or YYYY-MM-DD and must exist on the calendar;
anything else is an error, never an empty result. Names are looked up as
`kg query` parameters are (the query module calls the same functions): a
person by name or alias in any case, or by IRI; a country by ISO code, by
name or alias from the gazetteer, or by IRI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as _date

from .errors import QueryError
from .rdf.iris import key_from_iri
from .store import SPARQL_PROLOGUE, Store

_IRI = re.compile(r"^(?:https?|urn|file):[^\s<>\"{}|\\^`]*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def check_date(value: str | None, option: str = "date") -> str | None:
    """``value`` if it is a date of the form YYYY, YYYY-MM or YYYY-MM-DD that
    exists on the calendar; raises QueryError otherwise.

    >>> check_date("2024-02"), check_date(None)
    ('2024-02', None)
    >>> check_date("2024-02-30", "--since")
    Traceback (most recent call last):
    kg.errors.QueryError: --since must be a date (YYYY, YYYY-MM or YYYY-MM-DD), got '2024-02-30'
    """
    if value is None:
        return None
    m = _DATE.match(value.strip())
    ok = bool(m)
    if m:
        try:
            _date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
        except ValueError:
            ok = False
    if not ok:
        raise QueryError(f"{option} must be a date (YYYY, YYYY-MM or YYYY-MM-DD), got {value!r}")
    return value.strip()


def in_window(value: str | None, since: str | None = None, until: str | None = None) -> bool:
    """Whether a date (of any precision) falls within [since, until], each
    compared at the precision both have: a meeting "in 2024-01" is within
    ``since="2024-01-15"``, and ``until="2023"`` takes all of 2023. Without
    bounds every meeting is inside; with one, an undated meeting is not.

    >>> in_window("2024-01", since="2024-01-15"), in_window("2023-12-31", until="2023"), in_window(None, since="2020")
    (True, True, False)
    """
    if since is None and until is None:
        return True
    if not value:
        return False
    if since and value[: len(since)] < since[: len(value)]:
        return False
    if until and value[: len(until)] > until[: len(value)]:
        return False
    return True


@dataclass(frozen=True)
class Filters:
    """Which meetings to keep: a date window (``since``/``until``, compared at
    the precision given), a country (name, alias, ISO code or IRI: a side or
    a participant's country) and a person (name, alias or IRI: a
    participant). Dates are checked when the filter is made."""

    since: str | None = None
    until: str | None = None
    country: str | None = None
    person: str | None = None

    def __post_init__(self):
        since, until = check_date(self.since, "--since"), check_date(self.until, "--until")
        object.__setattr__(self, "since", since)
        object.__setattr__(self, "until", until)
        if since and until and since[: len(until)] > until[: len(since)]:
            raise QueryError(f"--since {since} is after --until {until}; swap them")

    def __bool__(self) -> bool:
        return any((self.since, self.until, self.country, self.person))

    def describe(self) -> str:
        """The filter in words, for page subtitles and messages.

        >>> Filters(since="2024", country="CN").describe()
        'country CN; from 2024'
        """
        parts = []
        if self.person:
            parts.append(f"with {self.person}")
        if self.country:
            parts.append(f"country {self.country}")
        if self.since or self.until:
            parts.append(f"from {self.since}" if not self.until else f"{self.since or '…'} to {self.until}")
        return "; ".join(parts)


# -- name look-ups (kg query parameters too) -----------------------------------------------
def find_person(store: Store, value: str) -> str:
    """The IRI of the person named ``value`` (a name or alias, any case; or an
    IRI). Raises QueryError when nobody or several people have that name."""
    from rdflib import Literal

    if _IRI.match(value):
        return value
    q = (
        "SELECT DISTINCT ?p ?n ?v WHERE { ?p a schema:Person . { ?p schema:name ?n } UNION { ?p skos:altLabel ?n } "
        "FILTER (LCASE(STR(?n)) = LCASE(STR(?v))) }"
    )
    found: dict[str, set[str]] = {}
    for p, n, _v in store.query(SPARQL_PROLOGUE + q, {"v": Literal(value)}):
        found.setdefault(str(p), set()).add(str(n))
    if not found:
        raise QueryError(f"no person named {value!r} in the store; see `kg people` for names, or pass an IRI")
    if len(found) > 1:
        exact = [p for p, names in found.items() if value in names]
        if len(exact) == 1:
            return exact[0]
        iris = ", ".join(sorted(found)[:5])
        raise QueryError(f"{value!r} names {len(found)} people ({iris}); pass one of their IRIs instead")
    return next(iter(found))


def find_country(value: str, known: dict[str, str] | None = None) -> str:
    """The ISO code of the country ``value`` names: an ISO code (US, CN), a
    name or alias from the gazetteer ("China", "U.S."), or a country IRI.
    ``known`` (code -> name, the store's countries) answers codes and names
    without loading the gazetteer. Raises QueryError for anything else.

    >>> find_country("cn", {"CN": "China"}), find_country("china", {"CN": "China"})
    ('CN', 'CN')
    """
    from .gazetteer import load_gazetteer

    text = value.strip()
    if _IRI.match(text):
        code = key_from_iri(text, "country")
        if code is None:
            raise QueryError(f"{value!r} is not a country IRI; use an ISO code (US, CN), a country name or an IRI")
        return code
    for code, name in (known or {}).items():
        if text.upper() == code or text.casefold() == name.casefold():
            return code
    gaz = load_gazetteer()
    code = text.upper() if text.upper() in gaz.countries else gaz.country(text)
    if code is None:
        raise QueryError(f"unknown country {value!r}; use an ISO code (US, CN), a country name or an IRI")
    return code


