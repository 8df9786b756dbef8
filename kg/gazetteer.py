"""Gazetteers: countries, places, organisations, officials and titles.

The data lives in ``ontology/gazetteer/`` (JSON Lines and a title list), not in
code. :func:`load_gazetteer` reads it once per directory; lookups are plain
dict accesses. The gazetteer helps extraction; it is never required (unknown
people and places still work).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import KgError
from .resources import ontology_dir


@dataclass(frozen=True)
class CountryEntry:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capital: str | None = None
    metonyms: tuple[str, ...] = ()
    ambiguous: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PersonEntry:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    titles: tuple[str, ...] = ()
    start: int | None = None
    end: int | None = None

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


@dataclass(frozen=True)
class OrgEntry:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class PlaceEntry:
    key: str
    name: str
    country: str | None
    kind: str = "city"
    aliases: tuple[str, ...] = ()


#: Countries whose names are written family name first in English news.
FAMILY_NAME_FIRST = frozenset({"CN", "TW", "HK", "MO", "KP", "KR", "VN", "SG"})
#: Of those, where officials often go by an English given name ("Joseph Wu").
_ENGLISH_GIVEN_NAMES_COMMON = frozenset({"TW", "HK", "MO", "SG"})


def family_name_first(name: str, country: str | None) -> bool:
    """Whether the first word of ``name`` is the family name.

    In Taiwan, Hong Kong, Macau and Singapore only romanised given names
    (hyphenated, or two syllables written apart) put the family name first;
    "Joseph Wu" and "Lawrence Wong" do not. Unknown country: only for a
    hyphenated given name.

    >>> family_name_first("Wang Yi", "CN"), family_name_first("Lai Ching-te", "TW")
    (True, True)
    >>> family_name_first("Joseph Wu", "TW"), family_name_first("Lee Hsien Loong", "SG")
    (False, True)
    """
    tokens = name.split()
    if len(tokens) < 2:
        return False
    romanised = "-" in tokens[-1] or len(tokens) == 3
    if country is None:
        return romanised
    if country not in FAMILY_NAME_FIRST:
        return False
    return country not in _ENGLISH_GIVEN_NAMES_COMMON or romanised


def _norm(text: str) -> str:
    """Lookup key: case-folded, curly quotes straightened, spaces collapsed,
    a leading "the " dropped."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").strip()
    text = re.sub(r"\s+", " ", text).casefold()
    if text.startswith("the "):
        text = text[4:]
    return text


def slug(text: str) -> str:
    """Lowercase ASCII-ish slug for keys: "Xi Jinping" -> "xi-jinping".

    >>> slug("Lai Ching-te")
    'lai-ching-te'
    """
    text = text.replace("\u2019", "'").casefold()
    text = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_")
    return text or "x"


@dataclass
class Gazetteer:
    """In-memory lookups over the gazetteer files."""

    countries: dict[str, CountryEntry] = field(default_factory=dict)
    people: dict[str, PersonEntry] = field(default_factory=dict)
    organisations: dict[str, OrgEntry] = field(default_factory=dict)
    places: dict[str, PlaceEntry] = field(default_factory=dict)
    titles: tuple[str, ...] = ()
    _country_names: dict[str, str] = field(default_factory=dict)
    _demonyms: dict[str, str] = field(default_factory=dict)
    _capitals: dict[str, str] = field(default_factory=dict)
    _metonyms: dict[str, str] = field(default_factory=dict)
    _people_names: dict[str, str] = field(default_factory=dict)
    _surnames: dict[str, list[str]] = field(default_factory=dict)
    _orgs: dict[str, str] = field(default_factory=dict)
    _places: dict[str, str] = field(default_factory=dict)

    # -- building -------------------------------------------------------
    def add_country(self, entry: CountryEntry) -> None:
        self.countries[entry.code] = entry
        for form in (entry.name, entry.code, *entry.aliases):
            self._country_names.setdefault(_norm(form), entry.code)
        for form in entry.demonyms:
            self._demonyms.setdefault(_norm(form), entry.code)
        if entry.capital:
            self._capitals.setdefault(_norm(entry.capital), entry.code)
            self.places.setdefault(
                slug(entry.capital) + "-" + entry.code.lower(),
                PlaceEntry(slug(entry.capital) + "-" + entry.code.lower(), entry.capital, entry.code, "city"),
            )
            self._places.setdefault(_norm(entry.capital), slug(entry.capital) + "-" + entry.code.lower())
        for form in entry.metonyms:
            self._metonyms.setdefault(_norm(form), entry.code)

    def add_person(self, entry: PersonEntry) -> None:
        self.people[entry.id] = entry
        for form in (entry.name, *entry.aliases):
            self._people_names.setdefault(_norm(form), entry.id)
        self._surnames.setdefault(_norm(entry.surname), []).append(entry.id)
        if family_name_first(entry.name, entry.country):
            self._surnames.setdefault(_norm(entry.name.split()[0]), []).append(entry.id)

    def add_organisation(self, entry: OrgEntry) -> None:
        self.organisations[entry.id] = entry
        for form in (entry.name, *entry.aliases):
            self._orgs.setdefault(_norm(form), entry.id)

    def add_place(self, entry: PlaceEntry) -> None:
        self.places[entry.key] = entry
        for form in (entry.name, *entry.aliases):
            self._places.setdefault(_norm(form), entry.key)

    # -- lookups --------------------------------------------------------
    def country(self, text: str, *, demonyms: bool = True, metonyms: bool = True) -> str | None:
        """ISO code for a country name, alias, abbreviation, demonym, capital or
        metonym ("Beijing", "Kremlin"), else None.

        Case matters for short forms: "US" is the country, "us" is not.
        """
        key = _norm(text)
        if key.endswith("'s"):
            key = key[:-2]
        if len(text.strip()) <= 3 and text.strip().lower() == text.strip():
            return None
        code = self._country_names.get(key)
        if code is None and demonyms:
            code = self._demonyms.get(key)
        if code is None and metonyms:
            code = self._capitals.get(key) or self._metonyms.get(key)
        return code

    def is_ambiguous(self, text: str, code: str) -> bool:
        entry = self.countries.get(code)
        return bool(entry and text.strip() in entry.ambiguous)

    def country_name(self, code: str | None) -> str | None:
        """Common English short name of an ISO code ("CN" -> "China")."""
        if code is None:
            return None
        entry = self.countries.get(code)
        return entry.name if entry else code

    def person(self, text: str) -> PersonEntry | None:
        pid = self._people_names.get(_norm(text))
        return self.people[pid] if pid else None

    def people_with_surname(self, surname: str, *, year: int | None = None) -> list[PersonEntry]:
        """Officials with that surname (family name), in file order (the data
        lists the more prominent first); with ``year``, only those in office
        (or within a year of it) then."""
        out = [self.people[i] for i in self._surnames.get(_norm(surname), ())]
        if year is not None:
            out = [e for e in out if (e.start is None or e.start - 1 <= year) and (e.end is None or year <= e.end + 1)]
        return out

    def is_surname(self, text: str) -> bool:
        return _norm(text) in self._surnames

    def organisation(self, text: str) -> OrgEntry | None:
        oid = self._orgs.get(_norm(text))
        return self.organisations[oid] if oid else None

    def place(self, text: str) -> PlaceEntry | None:
        key = self._places.get(_norm(text))
        return self.places[key] if key else None

    # -- spaCy patterns ---------------------------------------------------
    def span_patterns(self) -> list[dict]:
        """Phrase patterns for spaCy's span ruler (case-sensitive ORTH match)."""
        patterns: list[dict] = []
        seen: set[tuple[str, str]] = set()

        def add(label: str, text: str, ident: str) -> None:
            for form in {text, text.replace("'", "\u2019")}:
                if (label, form) not in seen and form.strip():
                    seen.add((label, form))
                    patterns.append({"label": label, "pattern": form, "id": ident})

        for c in self.countries.values():
            for form in (c.name, *c.aliases):
                add("COUNTRY", form, c.code)
            for form in c.demonyms:
                add("DEMONYM", form, c.code)
            if c.capital:
                add("CAPITAL", c.capital, c.code)
            for form in c.metonyms:
                add("METONYM", form, c.code)
        for p in self.people.values():
            for form in (p.name, *p.aliases):
                add("PERSON", form, p.id)
        for o in self.organisations.values():
            for form in (o.name, *o.aliases):
                add("ORG", form, o.id)
        for pl in self.places.values():
            for form in (pl.name, *pl.aliases):
                add("PLACE", form, pl.key)
        return patterns


def _read_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise KgError(f"{path}:{lineno}: gazetteer line is not JSON ({exc.msg}); fix the data file") from None
    return rows


def _t(values) -> tuple[str, ...]:
    return tuple(v for v in (values or ()) if isinstance(v, str) and v.strip())


@lru_cache(maxsize=4)
def load_gazetteer(directory: str | None = None) -> Gazetteer:
    """Read the gazetteer files of ``directory`` (default ``ontology/gazetteer``)."""
    base = Path(directory) if directory else ontology_dir() / "gazetteer"
    gaz = Gazetteer()
    for row in _read_jsonl(base / "countries.jsonl"):
        gaz.add_country(
            CountryEntry(
                code=row["code"],
                name=row["name"],
                aliases=_t(row.get("aliases")),
                demonyms=_t(row.get("demonyms")),
                capital=row.get("capital") or None,
                metonyms=_t(row.get("metonyms")),
                ambiguous=frozenset(_t(row.get("ambiguous"))),
            )
        )
    for row in _read_jsonl(base / "places.jsonl"):
        key = slug(row["name"]) + ("-" + row["country"].lower() if row.get("country") else "")
        gaz.add_place(PlaceEntry(key, row["name"], row.get("country"), row.get("kind", "city"), _t(row.get("aliases"))))
    for row in _read_jsonl(base / "organisations.jsonl"):
        gaz.add_organisation(OrgEntry(row["id"], row["name"], _t(row.get("aliases")), row.get("country"), row.get("kind")))
    for row in _read_jsonl(base / "people.jsonl"):
        gaz.add_person(
            PersonEntry(
                row["id"], row["name"], _t(row.get("aliases")), row.get("country"), _t(row.get("titles")),
                row.get("from"), row.get("to"),
            )
        )
    titles_path = base / "titles.txt"
    if titles_path.is_file():
        titles = {t.strip().lower() for t in titles_path.read_text(encoding="utf-8").splitlines() if t.strip() and not t.startswith("#")}
        gaz.titles = tuple(sorted(titles, key=lambda t: (-len(t), t)))
    return gaz
