"""One implementation of --since/--until, --country and --person for
`kg meetings`, `kg people`, `kg view` and `kg centrality`: the names,
aliases, ISO codes and IRIs `kg query` accepts; dates compared at the
precision both sides have; a value that is not a date is an error, never
an empty result. Checked end to end through click on the mini graph, and
the date rule against interval overlap with hypothesis."""

from __future__ import annotations

import calendar
import json
from datetime import date

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from kg.cli import cli
from kg.filters import in_window

from .minigraph import mini_store_path  # noqa: F401

ID = "https://w3id.org/diplomacy-kg/id/"


def kg(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def meeting_ids(store, *options) -> list[str]:
    out = kg("meetings", "--store", store, "--format", "json", *options)
    assert out.exit_code == 0, out.output
    return [m["id"].rsplit("/", 1)[-1] for m in json.loads(out.output)]


def people_names(store, *options) -> list[str]:
    out = kg("people", "--store", store, "--format", "json", *options)
    assert out.exit_code == 0, out.output
    return [p["name"] for p in json.loads(out.output)]


@pytest.mark.parametrize("value", ["CN", "cn", "China", "china", "PRC", ID + "country/CN"])
def test_a_country_by_code_name_alias_or_iri(mini_store_path, value):
    assert meeting_ids(mini_store_path, "--country", value) == ["m2", "m1"]  # by date: 2024-01 before 2024-01-10


@pytest.mark.parametrize("value", ["Alice Adams", "alice adams", "Adams", ID + "person/alice-adams"])
def test_a_person_by_name_alias_or_iri(mini_store_path, value):
    assert meeting_ids(mini_store_path, "--person", value) == ["m3", "m1"]


@pytest.mark.parametrize(
    "options, want",
    [
        (("--since", "2024"), ["m2", "m1"]),  # m2 is dated 2024-01: in 2024
        (("--since", "2024-01-15"), ["m2"]),  # January 2024 may hold the 15th; m1 (the 10th) does not
        (("--until", "2024-01-05"), ["m3", "m2"]),
        (("--since", "2023-05", "--until", "2023-05"), ["m3"]),
        (("--since", "2024-01-11", "--until", "2024-01-31", "--country", "US", "--person", "Bo Chen"), ["m2"]),
    ],
)
def test_dates_are_compared_at_the_precision_both_have(mini_store_path, options, want):
    assert meeting_ids(mini_store_path, *options) == want


@pytest.mark.parametrize("command", ["meetings", "people", "view", "centrality"])
@pytest.mark.parametrize("value", ["2024-13", "2024-02-30", "last year", "24-01-01", ""])
def test_a_date_that_is_not_a_date_is_an_error(mini_store_path, tmp_path, command, value):
    out = kg(command, "--store", mini_store_path, *(["--out", tmp_path / "v.html"] if command == "view" else []),
             "--since", value)
    assert out.exit_code == 2 and "must be a date (YYYY, YYYY-MM or YYYY-MM-DD)" in out.output, out.output
    assert not (tmp_path / "v.html").exists()


@pytest.mark.parametrize("command", ["meetings", "people", "view", "centrality"])
def test_unknown_names_are_errors_that_say_what_to_do(mini_store_path, tmp_path, command):
    extra = ["--out", tmp_path / "v.html"] if command == "view" else []
    out = kg(command, "--store", mini_store_path, *extra, "--person", "Nobody Atall")
    assert out.exit_code == 1 and "no person named 'Nobody Atall'" in out.output and "kg people" in out.output
    out = kg(command, "--store", mini_store_path, *extra, "--country", "Narnia")
    assert out.exit_code == 1 and "unknown country 'Narnia'" in out.output and "ISO code" in out.output
    out = kg(command, "--store", mini_store_path, *extra, "--since", "2024-02", "--until", "2024-01")
    assert out.exit_code == 2 and "--since 2024-02 is after --until 2024-01" in out.output


def test_people_filters(mini_store_path):
    everyone = people_names(mini_store_path)
    assert len(everyone) == 5  # Evil took part in no meeting and acts for no country
    assert people_names(mini_store_path, "--country", "US") == ["Alice Adams", "Carl Diaz"]
    assert people_names(mini_store_path, "--since", "2024") == ["Alice Adams", "Bo Chen", "Carl Diaz"]
    assert people_names(mini_store_path, "--person", "Bo Chen") == ["Alice Adams", "Bo Chen", "Carl Diaz"]
    assert people_names(mini_store_path, "--person", "Bo Chen", "--country", "United States") == ["Alice Adams", "Carl Diaz"]


def test_centrality_of_the_filtered_meetings(mini_store_path):
    def labels(*options):
        out = kg("centrality", "--store", mini_store_path, "--format", "json", *options)
        assert out.exit_code == 0, out.output
        return sorted(r["label"] for r in json.loads(out.output))

    assert labels("--network", "countries", "--since", "2024") == ["China", "United States"]
    assert labels("--person", "Eve Fontaine") == ["Alice Adams", "Eve Fontaine"]
    assert len(labels()) == 5  # unfiltered: every person, met or not
    out = kg("centrality", "--store", mini_store_path, "--since", "2030")
    assert out.exit_code == 1 and "widen the filters" in out.output


def test_kg_query_takes_the_same_country_names(mini_store_path):
    def rows(a, b):
        out = kg("query", "meetings-between", "--store", mini_store_path, "--param", f"a={a}", "--param", f"b={b}",
                 "--format", "json")
        assert out.exit_code == 0, out.output
        return sorted(r["meeting"]["value"] for r in json.loads(out.output)["results"]["bindings"])

    assert rows("US", "CN") == rows("United States", "China") == rows("u.s.", ID + "country/CN") != []


# -- the date rule ------------------------------------------------------------------------------------
def _span(value: str) -> tuple[date, date]:
    """The first and last day a date of any precision stands for."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(*parts), date(*parts)
    if len(parts) == 2:
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], calendar.monthrange(*parts)[1])
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def _as(d: date, precision: int) -> str:
    return d.isoformat()[: (4, 7, 10)[precision]]


dates = st.builds(_as, st.dates(min_value=date(2018, 1, 1), max_value=date(2026, 12, 31)), st.integers(0, 2))


@given(value=dates, since=st.none() | dates, until=st.none() | dates)
def test_in_window_is_overlap_of_the_spans(value, since, until):
    """A meeting is within [since, until] when the days its date may stand
    for reach past the start of --since and not beyond the end of --until."""
    first, last = _span(value)
    expected = (since is None or last >= _span(since)[0]) and (until is None or first <= _span(until)[1])
    assert in_window(value, since, until) == expected
    assert in_window(None, since, until) == (since is None and until is None)
