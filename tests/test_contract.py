"""The JSON contract of `kg meetings` and `kg people` (DESIGN.md), checked on
the seed build through click's CliRunner, and the provenance of every fact:
each source's offsets point at its sentence in the article text."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from kg.cli import cli

from .conftest import SEEDS

MEETING_KEYS = {"id", "participants", "countries", "place", "date", "mode", "status", "topics", "sources"}
PERSON_KEYS = {"id", "name", "aliases", "country", "titles", "sources"}
SOURCE_KEYS = {"article", "sentence", "start", "end"}


def _json(args):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture(scope="module")
def meetings(seeds_store_path):
    return _json(["meetings", "--store", str(seeds_store_path), "--format", "json"])


@pytest.fixture(scope="module")
def people(seeds_store_path):
    return _json(["people", "--store", str(seeds_store_path), "--format", "json"])


def _check_sources(sources):
    assert sources, "every fact carries at least one source"
    for s in sources:
        assert set(s) == SOURCE_KEYS
        text = (SEEDS / s["article"]).read_text(encoding="utf-8")
        assert 0 <= s["start"] < s["end"] <= len(text)
        assert text[s["start"] : s["end"]] == s["sentence"]


def test_meetings_json_contract(meetings):
    assert isinstance(meetings, list) and meetings
    for m in meetings:
        assert set(m) == MEETING_KEYS
        assert m["id"].startswith("https://")
        assert m["mode"] in {"in_person", "phone", "video", "unknown"}
        assert m["status"] in {"occurred", "planned", "cancelled", "unknown"}
        assert m["date"] is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", m["date"])
        assert m["place"] is None or isinstance(m["place"], str)
        assert all(isinstance(t, str) for t in m["topics"])
        assert all(isinstance(c, str) and len(c) > 3 for c in m["countries"]), "country names, not codes"
        for p in m["participants"]:
            assert set(p) == {"id", "name", "country"}
        _check_sources(m["sources"])


def test_people_json_contract(people):
    assert isinstance(people, list) and people
    ids = [p["id"] for p in people]
    assert len(ids) == len(set(ids))
    for p in people:
        assert set(p) == PERSON_KEYS
        assert isinstance(p["aliases"], list) and isinstance(p["titles"], list)
        assert p["country"] is None or isinstance(p["country"], str)
        _check_sources(p["sources"])


def _find(meetings, a, b, place_words):
    for m in meetings:
        names = {p["name"] for p in m["participants"]}
        if {a, b} <= names and (m["place"] or "") in place_words:
            return m
    return None


@pytest.mark.parametrize(
    "a, b, places, article",
    [
        ("Jake Sullivan", "Yang Jiechi", {"Rome"}, "001_648f6660df589b45.txt"),
        ("Jake Sullivan", "Wang Yi", {"Thailand", "Bangkok"}, "004_bc98bcb75fd451f9.txt"),
        ("Antony Blinken", "Wang Yi", {"Bali", "Nusa Dua"}, "003_1745ad08c372fa08.txt"),
    ],
)
def test_headline_meetings_are_listed_with_sources(meetings, a, b, places, article):
    m = _find(meetings, a, b, places)
    assert m is not None, f"no {a}-{b} meeting in {places}: {[(x['participants'], x['place']) for x in meetings]}"
    assert article in {s["article"] for s in m["sources"]}


def test_meeting_ids_are_unique_and_sorted(meetings):
    ids = [m["id"] for m in meetings]
    assert len(ids) == len(set(ids))
    dated = [m["date"] for m in meetings if m["date"]]
    assert dated == sorted(dated)


@pytest.mark.parametrize("cmd, column", [("meetings", "participants"), ("people", "name")])
def test_table_and_csv_outputs(seeds_store_path, meetings, people, cmd, column):
    runner = CliRunner()
    table = runner.invoke(cli, [cmd, "--store", str(seeds_store_path)])
    assert table.exit_code == 0, table.output
    assert column in table.output.splitlines()[0].split()
    csv_out = runner.invoke(cli, [cmd, "--store", str(seeds_store_path), "--format", "csv"])
    assert csv_out.exit_code == 0, csv_out.output
    rows = list(csv.reader(io.StringIO(csv_out.output)))
    assert column in rows[0]
    assert len(rows) - 1 == len(meetings if cmd == "meetings" else people), "one CSV row per JSON element"


def _filtered(seeds_store_path, *options):
    return [m["id"] for m in _json(["meetings", "--store", str(seeds_store_path), "--format", "json", *options])]


def test_meetings_filter_by_person(seeds_store_path, meetings):
    want = [m["id"] for m in meetings if any(p["name"] == "Jake Sullivan" for p in m["participants"])]
    assert 0 < len(want) < len(meetings), "the seeds no longer split on this person; pick another"
    assert _filtered(seeds_store_path, "--person", "Jake Sullivan") == want


@pytest.mark.parametrize("since", ["2024", "2022-12-12"])
def test_meetings_filter_since(seeds_store_path, meetings, since):
    # (no seed meeting is dated only to a month or year that holds `since`,
    # so plain string order decides)
    want = [m["id"] for m in meetings if m["date"] and m["date"] >= since]
    assert 0 < len(want) < len([m for m in meetings if m["date"]]), "the seeds no longer split at this date; pick another"
    assert _filtered(seeds_store_path, "--since", since) == want
