"""`kg query`: bundled named queries, user .rq files, parameters bound as RDF
terms (never as query text) and the SPARQL 1.1 result formats."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import QueryError
from kg.query import bundled_queries, get_query, parse_params, run_query
from kg.store import LocalStore

from .minigraph import AWKWARD_NAME, mini_store_path  # noqa: F401

ID = "https://w3id.org/diplomacy-kg/id/"
BUNDLED = {
    "meetings-between", "meetings-of", "who-met-whom", "issues", "issues-of",
    "officials-by-country", "sources-of", "timeline",
}


def kg(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def bindings(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["results"]["bindings"]


def test_bundled_queries_ship_with_the_package_and_are_listed():
    assert set(bundled_queries()) == BUNDLED
    listing = kg("query", "--list")
    assert listing.exit_code == 0
    for name in BUNDLED:
        assert name in listing.output
    assert "a (country)" in listing.output and "person (person)" in listing.output


PARAMS = {
    "meetings-between": ["--param", "a=US", "--param", "b=China"],
    "meetings-of": ["--param", "person=Alice Adams"],
    "issues-of": ["--param", f"meeting={ID}meeting/m1"],
    "sources-of": ["--param", f"node={ID}person/bo-chen"],
}
EXPECTED_ROWS = {
    "meetings-between": 2, "meetings-of": 2, "who-met-whom": 3, "issues": 2, "issues-of": 2,
    "officials-by-country": 4, "sources-of": 2, "timeline": 3,
}


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_every_bundled_query_runs_and_returns_the_known_rows(mini_store_path, name):
    rows = bindings(kg("query", name, "--store", mini_store_path, "--format", "json", *PARAMS.get(name, [])))
    assert len(rows) == EXPECTED_ROWS[name]


def test_meetings_between_two_countries_by_code_name_or_alias(mini_store_path):
    for a, b in (("US", "CN"), ("United States", "China"), ("cn", "us"), (f"{ID}country/US", "PRC")):
        rows = bindings(kg("query", "meetings-between", "--store", mini_store_path, "--format", "json",
                           "--param", f"a={a}", "--param", f"b={b}"))
        assert {r["meeting"]["value"] for r in rows} == {ID + "meeting/m1", ID + "meeting/m2"}
    rows = bindings(kg("query", "meetings-between", "--store", mini_store_path, "--format", "json",
                       "--param", "a=France", "--param", "b=China"))
    assert rows == []


def test_who_met_whom_counts_meetings_per_pair(mini_store_path):
    rows = bindings(kg("query", "who-met-whom", "--store", mini_store_path, "--format", "json"))
    pairs = {(r["aName"]["value"], r["bName"]["value"]): int(r["meetings"]["value"]) for r in rows}
    assert pairs == {("Alice Adams", "Bo Chen"): 1, ("Alice Adams", "Eve Fontaine"): 1, ("Bo Chen", "Carl Diaz"): 1}


def test_meetings_of_a_person_by_name_or_alias(mini_store_path):
    for name in ("Alice Adams", "alice adams", "Adams"):
        rows = bindings(kg("query", "meetings-of", "--store", mini_store_path, "--format", "json", "--param", f"person={name}"))
        assert {r["meeting"]["value"] for r in rows} == {ID + "meeting/m1", ID + "meeting/m3"}
    bad = kg("query", "meetings-of", "--store", mini_store_path, "--param", "person=Nobody Known")
    assert bad.exit_code == 1 and "no person named 'Nobody Known'" in bad.output


def test_sparql_json_results_format(mini_store_path):
    out = kg("query", "issues", "--store", mini_store_path, "--format", "json")
    doc = json.loads(out.output)
    assert doc["head"]["vars"] == ["issue", "label", "meetings"]
    first = doc["results"]["bindings"][0]
    assert first["issue"] == {"type": "uri", "value": "https://w3id.org/diplomacy-kg/issue/trade"}
    assert first["label"] == {"type": "literal", "value": "Trade", "xml:lang": "en"}
    assert first["meetings"] == {"type": "literal", "value": "2", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}


def test_csv_tsv_and_xml_results_formats(mini_store_path):
    out = kg("query", "issues", "--store", mini_store_path, "--format", "csv")
    rows = list(csv.reader(io.StringIO(out.output)))
    assert rows[0] == ["issue", "label", "meetings"]
    assert rows[1] == ["https://w3id.org/diplomacy-kg/issue/trade", "Trade", "2"]
    out = kg("query", "issues", "--store", mini_store_path, "--format", "tsv")
    lines = out.output.splitlines()
    assert lines[0] == "?issue\t?label\t?meetings"
    assert lines[1].split("\t") == [
        "<https://w3id.org/diplomacy-kg/issue/trade>", '"Trade"@en', '"2"^^<http://www.w3.org/2001/XMLSchema#integer>'
    ]
    out = kg("query", "issues", "--store", mini_store_path, "--format", "xml")
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(out.output)
    assert [v.get("name") for v in root.findall("s:head/s:variable", ns)] == ["issue", "label", "meetings"]
    assert len(root.findall("s:results/s:result", ns)) == 2


def test_table_output_compacts_iris(mini_store_path):
    out = kg("query", "who-met-whom", "--store", mini_store_path)
    assert out.exit_code == 0
    assert "id:person/alice-adams" in out.output and "Alice Adams" in out.output


def test_query_on_the_seeds_build(seeds_store_path):
    rows = bindings(kg("query", "who-met-whom", "--store", seeds_store_path, "--format", "json"))
    assert rows, "the seed articles report meetings between people"
    for r in rows:
        assert int(r["meetings"]["value"]) >= 1 and r["a"]["type"] == "uri"
    assert bindings(kg("query", "timeline", "--store", seeds_store_path, "--format", "json"))


# -- parameters are data, never query text -----------------------------------

NAME_QUERY = "SELECT ?x ?name WHERE { ?x schema:name ?name }\n"
INJECTIONS = [
    'Alice Adams" } UNION { ?x ?p ?name } #',
    "Alice Adams' } UNION { ?x ?p ?name } #",
    'x" . } DELETE WHERE { ?s ?p ?o } ; SELECT * WHERE { ?x ?p ?name #',
    '"} FILTER(true) OPTIONAL { ?x ?p ?name } {"',
    ">} LIMIT 1000 SELECT ?x",
]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_param_with_quotes_braces_or_keywords_cannot_change_the_query(mini_store_path, tmp_path, payload):
    rq = tmp_path / "by-name.rq"
    rq.write_text(NAME_QUERY, encoding="utf-8")
    rows = bindings(kg("query", rq, "--store", mini_store_path, "--format", "json", "--param", f"name={payload}"))
    # pasted into the query text, each payload would match every name (or fail
    # to parse); bound as a literal it matches no name at all
    assert rows == []
    with LocalStore(mini_store_path, read_only=True) as st:
        assert len(st) > 50  # nothing was deleted


def test_param_matching_an_awkward_name_finds_exactly_that_person(mini_store_path, tmp_path):
    rq = tmp_path / "by-name.rq"
    rq.write_text(NAME_QUERY, encoding="utf-8")
    rows = bindings(kg("query", rq, "--store", mini_store_path, "--format", "json", "--param", f"name={AWKWARD_NAME}"))
    assert [r["x"]["value"] for r in rows] == [ID + "person/evil"]
    assert rows[0]["name"]["value"] == AWKWARD_NAME
    # the bundled person lookup treats the same string as data too
    rows = bindings(kg("query", "meetings-of", "--store", mini_store_path, "--format", "json", "--param", f"person={AWKWARD_NAME}"))
    assert rows == []  # that person took part in no meeting; the query was not widened


@pytest.mark.parametrize("value", [ID + "meeting/m1> } UNION { ?issue ?p ?o } #", 'm1" || true', "not an iri"])
def test_iri_param_rejects_anything_but_an_iri(mini_store_path, value):
    out = kg("query", "issues-of", "--store", mini_store_path, "--param", f"meeting={value}")
    assert out.exit_code == 1 and "must be an IRI" in out.output


def test_missing_unknown_and_malformed_params_are_explained(mini_store_path):
    out = kg("query", "meetings-between", "--store", mini_store_path, "--param", "a=US")
    assert out.exit_code == 1 and "needs --param b=..." in out.output
    out = kg("query", "meetings-between", "--store", mini_store_path, "--param", "a=US", "--param", "b=CN", "--param", "c=FR")
    assert out.exit_code == 1 and "has no parameter 'c'" in out.output
    with pytest.raises(QueryError, match="must look like name=value"):
        parse_params(["a"])
    with pytest.raises(QueryError, match="not a SPARQL variable name"):
        parse_params(["a b=1"])
    out = kg("query", "no-such-query", "--store", mini_store_path)
    assert out.exit_code == 1 and "bundled queries: " in out.output and "who-met-whom" in out.output
    out = kg("query", "missing-file.rq", "--store", mini_store_path)
    assert out.exit_code == 1 and "not found" in out.output


def test_user_query_files_select_ask_construct_and_typed_params(mini_store_path, tmp_path):
    typed = tmp_path / "typed.rq"
    typed.write_text(
        "# Meetings on a day\n#+ param day: date\nSELECT ?m ?day WHERE { ?m sem:hasTimeStamp ?day }\n", encoding="utf-8"
    )
    assert get_query(str(typed)).params == {"day": "date"}
    rows = bindings(kg("query", typed, "--store", mini_store_path, "--format", "json", "--param", "day=2024-01-10"))
    assert [r["m"]["value"] for r in rows] == [ID + "meeting/m1"]
    bad = kg("query", typed, "--store", mini_store_path, "--param", "day=10 January")
    assert bad.exit_code == 1 and "must be a date" in bad.output

    ask = tmp_path / "ask.rq"
    ask.write_text("ASK { ?m a dkg:Meeting ; dkg:mode dkg:Phone }", encoding="utf-8")
    out = kg("query", ask, "--store", mini_store_path, "--format", "json")
    assert json.loads(out.output) == {"head": {}, "boolean": True}

    construct = tmp_path / "construct.rq"
    construct.write_text("CONSTRUCT { ?a dkg:met ?b } WHERE { ?a dkg:met ?b }", encoding="utf-8")
    out = kg("query", construct, "--store", mini_store_path)
    from rdflib import Graph

    g = Graph().parse(data=out.output, format="turtle")
    assert len(g) == 6

    hidden = tmp_path / "hidden.rq"
    hidden.write_text("SELECT ?x WHERE { ?x schema:name ?name }", encoding="utf-8")
    out = kg("query", hidden, "--store", mini_store_path, "--param", "name=Bo Chen")
    assert out.exit_code == 1 and "must be selected" in out.output


def test_library_returns_terms(mini_store_path):
    with LocalStore(mini_store_path, read_only=True) as st:
        result = run_query(st, "timeline")
    assert result.type == "SELECT" and result.variables == ["date", "participants", "place", "meeting"]
    assert [str(r[0]) for r in result.rows] == ["2023-05-01", "2024-01", "2024-01-10"]
