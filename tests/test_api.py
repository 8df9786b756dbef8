"""The Python API (kg/__init__.py, kg/api.py): cheap to import, read-only by
default, the same answers as the CLI as typed objects, DataFrames and
networkx graphs; the README's example runs as written."""

from __future__ import annotations

import csv
import doctest
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.errors import StoreError

from .minigraph import mini_store_path  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/diplomacy-kg/id/"


def test_import_kg_loads_nothing_heavy():
    code = (
        "import sys, kg; heavy = [m for m in ('rdflib', 'pyoxigraph', 'networkx', 'pandas', 'spacy', 'rich', 'click', "
        "'kg.api', 'kg.store') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_public_names_resolve_lazily():
    assert {"open", "KnowledgeGraph", "Meeting", "Person", "Participant", "Source", "QueryResult"} <= set(dir(kg))
    assert kg.Meeting.__module__ == "kg.api" and callable(kg.open)
    assert "open" not in kg.__all__, "`from kg import *` must not hide the built-in open()"
    with pytest.raises(AttributeError):
        kg.no_such_name  # noqa: B018


def test_readme_example_runs(tmp_path, monkeypatch, nlp):
    """The Python API section of README.md, run as a doctest (with the
    session's spaCy pipeline, so that it does not load another)."""
    monkeypatch.setattr("kg.nlp.load_pipeline", lambda model=None, *, gazetteer=None: nlp)
    monkeypatch.chdir(tmp_path)
    result = doctest.testfile(
        str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        raise_on_error=False, verbose=False,
    )
    assert result.attempted >= 15
    assert result.failed == 0


def test_open_is_read_only_by_default_and_does_not_block_a_writer(mini_store_path, tmp_path):
    import shutil

    from kg.store import LocalStore

    path = tmp_path / "st"
    shutil.copytree(mini_store_path, path, ignore=shutil.ignore_patterns("LOCK"))
    with kg.open(path) as g:
        assert g.read_only
        with pytest.raises(StoreError, match="read_only=False"):
            g.build([tmp_path / "x.txt"])
        with LocalStore(path) as writer:  # a `kg build` can open the store meanwhile
            assert len(writer) > 0
        assert len(g.meetings()) == 3
    with pytest.raises(StoreError, match="kg build"):
        kg.open(tmp_path / "absent")  # reading never creates a store


def test_typed_objects_are_the_json_contract(mini_store_path):
    meetings = json.loads(CliRunner().invoke(cli, ["meetings", "-s", str(mini_store_path), "-f", "json"]).output)
    people = json.loads(CliRunner().invoke(cli, ["people", "-s", str(mini_store_path), "-f", "json"]).output)
    with kg.open(mini_store_path) as g:
        ms, ps = g.meetings(), g.people()
        detailed = g.meetings(details=True)
    assert [m.to_dict() for m in ms] == meetings
    assert [p.to_dict() for p in ps] == people
    m1 = next(m for m in ms if m.id == ID + "meeting/m1")
    assert isinstance(m1, kg.Meeting) and isinstance(m1.participants[0], kg.Participant)
    assert isinstance(m1.sources[0], kg.Source) and m1.sources[0].article == "a1.txt"
    assert (m1.date, m1.place, m1.mode, set(m1.topics)) == ("2024-01-10", "Geneva", "in_person", {"Taiwan", "Trade"})
    assert next(m for m in detailed if m.id == m1.id).confidence == pytest.approx(0.9)
    with pytest.raises(AttributeError):
        m1.place = "Bern"  # frozen


def test_dataframes_have_the_csv_columns_and_join_with_the_nodes(mini_store_path, tmp_path):
    pytest.importorskip("pandas")
    CliRunner().invoke(cli, ["export", "-s", str(mini_store_path), "-f", "csv", "-o", str(tmp_path / "csv")])
    with open(tmp_path / "csv" / "nodes.csv", encoding="utf-8", newline="") as f:
        nodes = {r["id"]: r for r in csv.DictReader(f)}
    with kg.open(mini_store_path) as g:
        meetings, people = g.meetings_frame(), g.people_frame()
        names = g.query_frame("SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n } ORDER BY ?n")
    assert list(meetings.columns) == ["id", "date", "participants", "participant_ids", "countries", "place", "mode",
                                      "status", "topics", "articles"]
    assert len(meetings) == 3 and all(nodes[i]["type"] == "meeting" for i in meetings["id"])
    pairs = meetings.explode("participant_ids")
    assert all(nodes[i]["type"] == "person" for i in pairs["participant_ids"])
    assert set(people["name"]) >= {"Alice Adams", "Bo Chen"} and all(i in nodes for i in people["id"])
    assert list(names.columns) == ["n"] and len(names) == 5


def test_query_rows_are_plain_python_values(mini_store_path):
    with kg.open(mini_store_path) as g:
        rows = g.query_rows("SELECT ?m ?d (COUNT(?p) AS ?n) WHERE { ?m a dkg:Meeting ; sem:hasTimeStamp ?d ; "
                            "sem:hasActor ?p } GROUP BY ?m ?d ORDER BY ?m")
        result = g.query("who-met-whom")
    assert rows[0] == {"m": ID + "meeting/m1", "d": date(2024, 1, 10), "n": 2}
    assert rows[1]["d"] == "2024-01"  # a month stays a string
    assert isinstance(result, kg.QueryResult) and result.type == "SELECT" and result.rows


def test_networks_and_the_property_graph(mini_store_path):
    with kg.open(mini_store_path) as g:
        people = g.network("people")
        countries = g.network("countries")
        whole = g.graph()
        s = g.stats()
    assert isinstance(people, nx.Graph) and people.has_edge(ID + "person/alice-adams", ID + "person/bo-chen")
    assert countries.number_of_nodes() == 3
    assert isinstance(whole, nx.MultiDiGraph) and whole.has_edge(ID + "person/bo-chen", ID + "person/alice-adams")
    assert (s.articles, s.meetings) == (2, 3) and s.triples < s.quads
