"""`kg build` end to end through click's CliRunner: summary, output files,
re-runs and a store that grows with new articles."""

from __future__ import annotations

import json
import shutil

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import EXIT_OK, cli

from .conftest import SEEDS


@pytest.mark.slow
def test_build_writes_store_view_and_exports(tmp_path):
    store, out = tmp_path / "store", tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(SEEDS), "--store", str(store), "--out", str(out)])
    assert result.exit_code == EXIT_OK, result.output
    assert "Built 5 article(s)" in result.output
    assert "meetings" in result.output and "triples" in result.output
    ttl, graphml, html = out / "graph.ttl", out / "graph.graphml", out / "graph.html"
    g = Graph().parse(ttl, format="turtle")
    assert len(g) > 100
    nxg = nx.read_graphml(graphml)
    assert nxg.number_of_nodes() > 10
    assert "<html" in html.read_text(encoding="utf-8").lower()

    # a second run finds nothing new to do
    again = CliRunner().invoke(cli, ["build", str(SEEDS), "--store", str(store)])
    assert again.exit_code == EXIT_OK, again.output
    assert "Built 0 article(s), 5 unchanged" in again.output


@pytest.mark.slow
def test_build_adds_new_articles_to_existing_store(tmp_path, seeds_store_copy):
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "new.txt").write_text(
        "French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on Tuesday "
        "to discuss energy security and the war in Ukraine.",
        encoding="utf-8",
    )
    (extra / "manifest.csv").write_text("id,published,source\nnew.txt,2023-06-08,Wire\n", encoding="utf-8")
    runner = CliRunner()
    before = json.loads(runner.invoke(cli, ["meetings", "--store", str(seeds_store_copy), "--format", "json"]).output)
    result = runner.invoke(cli, ["build", str(extra), "--store", str(seeds_store_copy)])
    assert result.exit_code == EXIT_OK, result.output
    assert "Built 1 article(s)" in result.output and "Store: 6 articles" in result.output
    after = json.loads(runner.invoke(cli, ["meetings", "--store", str(seeds_store_copy), "--format", "json"]).output)
    assert len(after) == len(before) + 1
    new = [m for m in after if any(s["article"] == "new.txt" for s in m["sources"])]
    assert len(new) == 1
    assert {p["name"] for p in new[0]["participants"]} == {"Emmanuel Macron", "Olaf Scholz"}
    assert new[0]["date"] == "2023-06-06" and new[0]["place"] == "Berlin"


def test_python_dash_m_kg_runs(tmp_path):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "build" in out.stdout and "meetings" in out.stdout


@pytest.mark.slow
def test_build_of_a_missing_path_warns_and_builds_the_rest(tmp_path):
    store = tmp_path / "store"
    one = tmp_path / "in"
    one.mkdir()
    shutil.copy(SEEDS / "004_bc98bcb75fd451f9.txt", one / "a.txt")
    result = CliRunner().invoke(cli, ["build", str(one), str(tmp_path / "nope"), "--store", str(store)])
    assert result.exit_code == 3, result.output
    assert "nope" in result.output and "no such file" in result.output
    assert "Built 1 article(s)" in result.output
