"""`kg view` at 10,000 articles: the generated corpus of
scripts/bench_corpus.py (about 3,700 people of 190 countries, 7,500
meetings over three years), built from the generator's article records
through the resolver `kg build` uses (no spaCy), then drawn in a real
headless chromium with the network cut off. The network shows the most
central people and says what it left out; the table and the timeline hold
every meeting; a search, a table filter and a timeline selection each
change what is shown. ``KG_TEST_ARTIFACTS=DIR`` keeps the screenshots."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.records import ReadModel
from kg.store import LocalStore

from .browser import chromium, screenshot
from .test_view import artifacts, load_script, page_data, png_size
from .viewprobe import run

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ARTICLES = 10_000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """(store, page) of the 10,000 generated articles."""
    chromium()  # skip before building when there is no browser
    bench = load_script("bench_view")
    root = tmp_path_factory.mktemp("corpus-10k")
    store = bench.records_store(bench.corpus_records(ARTICLES), root / "store")
    page = root / "view.html"
    result = CliRunner().invoke(cli, ["view", "--store", str(store), "--out", str(page)])
    assert result.exit_code == 0, result.output
    return store, page


def test_the_report_holds_every_meeting_and_draws_the_most_central(corpus):
    store, page = corpus
    data = page_data(page.read_text(encoding="utf-8"))
    with LocalStore(store, read_only=True) as st:
        model = ReadModel(st)
        assert len(data["meetings"]) == len(model.meetings) > 7000
        present = {p for m in model.meetings for p in m.participants}
    people = data["networks"]["people"]
    assert len(people["nodes"]) == 300 and len(present) > 3000
    assert people["note"].startswith(f"The 300 most central of {len(present):,} people")
    assert f"hold all {len(data['meetings']):,} meetings" in people["note"]
    assert len({p[1] for p in data["people"]}) > 100  # people of many countries
    assert page.stat().st_size < 8_000_000


def test_browser_draws_and_filters_10000_articles(corpus, tmp_path):
    _, page = corpus
    data = page_data(page.read_text(encoding="utf-8"))
    top = data["people"][data["networks"]["people"]["nodes"][0][0]][0]
    seen = run(page, tmp_path, f"""
      out.start = state();
      type("kg-search", {json.dumps(top.lower())}); out.search = state(); type("kg-search", "");
      choose("kg-f-mode", "phone"); out.mode = state(); choose("kg-f-mode", "");
      drag(0.2, 0.4); out.range = state();
      choose("kg-f-country", optionFor("kg-f-country", "China")); out.both = state();
    """, budget=8000)
    start, total = seen["start"], len(data["meetings"])
    assert start["errors"] == [] and start["requests"] == []
    assert start["drawn"] == "1" and start["nodes"] == 300 and start["ink"] > 2000
    # names readable at the opening zoom: the ten most central, and more
    assert set(range(10)) <= set(start["labelled"]) and start["labels"] >= 25
    assert start["rows"] == total and start["bodyRows"] == 50  # every meeting, a page at a time
    assert start["bars"] >= 30 and start["timeline"] > 0.8 * total
    assert seen["search"]["matches"] == "1" and seen["search"]["details"].startswith(top)
    assert 0 < seen["mode"]["rows"] < total and seen["mode"]["activeEdges"] < start["activeEdges"]
    ranged = seen["range"]
    assert re.fullmatch(r"\d{4}-\d{2}\.\.\d{4}-\d{2}", ranged["range"])
    assert 0 < ranged["rows"] < total / 2 and ranged["activeEdges"] < start["activeEdges"]
    assert 0 < seen["both"]["rows"] < ranged["rows"] and seen["both"]["range"] == ranged["range"]


def test_screenshots_of_10000_articles(corpus, tmp_path):
    _, page = corpus
    folder = artifacts(tmp_path)
    for name, fragment in (("corpus-10k-view.png", ""), ("corpus-10k-view-countries.png", "#net=countries")):
        shot = screenshot(page, folder / name, tmp_path, fragment=fragment)
        assert png_size(shot) == (1200, 800) and shot.stat().st_size > 60_000
