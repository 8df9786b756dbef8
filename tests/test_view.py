"""`kg view`: one self-contained HTML report that works offline. Checked as
text (nothing loaded from anywhere, article text only as escaped data), as
data (the read model's names, countries and meetings; networks weighted by
meetings) and in a real headless chromium with the network cut off: the
network, the table and the timeline render, a search, a table filter and a
timeline selection change what is shown, and hostile names, sentences and
manifest fields (``</script>``, ``<img onerror>``, ``javascript:`` URLs)
stay text. ``KG_TEST_ARTIFACTS=DIR`` keeps the screenshots and pages."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.analysis import person_network
from kg.cli import cli
from kg.errors import KgError
from kg.filters import Filters
from kg.records import ReadModel
from kg.store import LocalStore
from kg.types import Article, ArticleRecord, MeetingRecord, PersonRecord, Place, Source, Topic
from kg.views import CSP, layout, report_data

from .browser import screenshot
from .minigraph import AWKWARD_NAME, MARKUP_SENTENCE, mini_store_path  # noqa: F401
from .viewprobe import run

ID = "https://w3id.org/diplomacy-kg/id/"
ROOT = Path(__file__).resolve().parent.parent


def kg(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def page_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    return json.loads(m[1])


def remote_references(page: str) -> list[str]:
    """Everything in the page that would make the browser load a URL."""
    found = re.findall(r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*\b(?:src|href|data)\s*=\s*[\"']?([^\"' >]+)", page, re.I)
    found += re.findall(r"@import[^;]*", page)
    found += re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]*\)", page)
    return found


def artifacts(tmp_path: Path) -> Path:
    keep = os.environ.get("KG_TEST_ARTIFACTS")
    folder = Path(keep) if keep else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def load_script(name: str):
    import importlib.util

    import sys

    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # as an import would: dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def mini_page(mini_store_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("view") / "mini.html"
    result = kg("view", "--store", mini_store_path, "--out", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def seeds_page(seeds_store_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("view") / "graph.html"
    result = kg("view", "--store", seeds_store_path, "--out", out)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote {out} (")
    return out


# -- hostile manifests, names and sentences ------------------------------------------------
PWN = "document.body.setAttribute('data-pwned','{}')"
HOSTILE_TITLE = "</script><script>" + PWN.format("title") + "</script>"
HOSTILE_URL = "javascript:" + PWN.format("url")
HOSTILE_NAME = "<img src=x onerror=\"" + PWN.format("name") + "\">"
HOSTILE_SENTENCE = f"{HOSTILE_NAME} met Bo Wu </script><script>{PWN.format('sentence')}</script> in Oslo on Monday."
HOSTILE_PLACE = "Oslo</style><svg onload=\"" + PWN.format("place") + "\">"


def hostile_records() -> list[ArticleRecord]:
    """Two articles whose manifest fields, people, place, topic and
    sentences carry markup and script."""
    out = []
    for i, url in enumerate((HOSTILE_URL, "https://example.org/a?x=<b>&y=\"1\"")):
        aid = f"<img src=x onerror=\"{PWN.format('id')}\">-{i}.txt"
        art = Article(id=aid, text=HOSTILE_SENTENCE, published=f"2024-0{i + 1}-10", url=url, title=HOSTILE_TITLE,
                      source="<script>" + PWN.format("source") + "</script>")
        src = Source(aid, HOSTILE_SENTENCE, 0, len(HOSTILE_SENTENCE))
        people = (PersonRecord("hostile-a", HOSTILE_NAME, (), "US", ("</textarea><script>x</script>",), (src,)),
                  PersonRecord("bo-wu", "Bo Wu", (), "CN", ("Foreign Minister",), (src,)))
        meeting = MeetingRecord(("bo-wu", "hostile-a"), ("CN", "US"), Place("oslo-x", HOSTILE_PLACE, "NO"),
                                f"2024-0{i + 1}-08", "in_person", "occurred",
                                (Topic("hostile", "<b onmouseover=\"" + PWN.format("topic") + "\">trade</b>", new=True),),
                                (src,), 0.9, "test", "met")
        out.append(ArticleRecord(art, people, (), (), (meeting,)))
    return out


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory):
    bench = load_script("bench_view")
    root = tmp_path_factory.mktemp("hostile-view")
    bench.records_store(hostile_records(), root / "store")
    out = root / "hostile.html"
    result = kg("view", "--store", root / "store", "--out", out, "--title", HOSTILE_TITLE)
    assert result.exit_code == 0, result.output
    return out


# -- the page as text -----------------------------------------------------------------------
def test_page_is_self_contained(seeds_page):
    page = seeds_page.read_text(encoding="utf-8")
    assert remote_references(page) == []
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)[1]
    assert html.unescape(csp) == CSP and "default-src 'none'" in CSP and "connect-src 'none'" in CSP
    assert page.count("<script") == 2 and "<link" not in page  # the data and the page's own script, both inline
    assert "cdn.jsdelivr" not in page and "bootstrap" not in page.lower()


def test_article_markup_is_only_escaped_data(mini_page, hostile_page):
    page = mini_page.read_text(encoding="utf-8")
    assert "<script>document.body" not in page and "<img src=x" not in page and "<b>bold</b>" not in page
    data = page_data(page)
    sentences = {s[1] for m in data["meetings"] for s in m[7]}
    assert MARKUP_SENTENCE in sentences  # the sentence is there, exactly, as data
    assert AWKWARD_NAME not in {p[0] for p in data["people"]}  # Evil took part in no meeting
    hostile = hostile_page.read_text(encoding="utf-8")
    for text in (HOSTILE_TITLE, HOSTILE_NAME, HOSTILE_SENTENCE, HOSTILE_PLACE, "</textarea>", "<b onmouseover"):
        assert text not in hostile, text
    assert hostile.lower().count("<script") == 2 and hostile.lower().count("</script") == 2
    assert "<title>&lt;/script&gt;&lt;script&gt;" in hostile  # the title goes through the template's escaping
    data = page_data(hostile)
    assert data["title"] == HOSTILE_TITLE
    assert {a[3] for a in data["articles"]} == {HOSTILE_URL, "https://example.org/a?x=<b>&y=\"1\""}
    assert HOSTILE_NAME in {p[0] for p in data["people"]} and HOSTILE_PLACE in data["places"]


def test_report_data_of_the_mini_graph(mini_store_path):
    with LocalStore(mini_store_path, read_only=True) as st:
        data = report_data(ReadModel(st))
    assert len(data["meetings"]) == 3
    names = {p[0] for p in data["people"]}
    assert names == {"Alice Adams", "Bo Chen", "Carl Diaz", "Eve Fontaine"}
    countries = {c[0]: c[1] for c in data["countries"]}
    assert countries == {"US": "United States", "CN": "China", "FR": "France"}
    m1 = next(m for m in data["meetings"] if m[8] == ID + "meeting/m1")
    assert m1[0] == "2024-01-10" and data["places"][m1[3]] == "Geneva"
    assert sorted(data["topics"][t] for t in m1[6]) == ["Taiwan", "Trade"]
    assert [data["articles"][s[0]][0] for s in m1[7]] == ["a1.txt"]
    people = data["networks"]["people"]
    drawn = [data["people"][n[0]][0] for n in people["nodes"]]
    assert set(drawn) == names and drawn[0] in {"Alice Adams", "Bo Chen"}  # two meetings each: the most central
    ties = {frozenset((drawn[a], drawn[b])): len(ms) for a, b, ms in people["edges"]}
    assert ties == {frozenset(("Alice Adams", "Bo Chen")): 1, frozenset(("Bo Chen", "Carl Diaz")): 1,
                    frozenset(("Alice Adams", "Eve Fontaine")): 1}
    cnet = data["networks"]["countries"]
    cdrawn = [data["countries"][n[0]][0] for n in cnet["nodes"]]
    cties = {frozenset((cdrawn[a], cdrawn[b])): len(ms) for a, b, ms in cnet["edges"]}
    assert cties == {frozenset(("US", "CN")): 2, frozenset(("US", "FR")): 1}
    assert people["note"] == "All 4 people and their 3 ties are drawn."


def test_the_view_names_people_as_kg_people_does(seeds_store_path, seeds_page):
    """One read model: every person in the page has the name and country
    `kg people` gives, and is drawn as central as `kg centrality` ranks
    them by degree weighted with meetings."""
    listed = {p["id"]: p for p in json.loads(kg("people", "--store", seeds_store_path, "--format", "json").output)}
    data = page_data(seeds_page.read_text(encoding="utf-8"))
    for name, country, titles, _aliases, iri in data["people"]:
        assert listed[iri]["name"] == name
        assert listed[iri]["country"] == (data["countries"][country][1] if country >= 0 else None)
        assert listed[iri]["titles"] == titles
    with LocalStore(seeds_store_path, read_only=True) as st:
        graph = person_network(ReadModel(st))
    order = [data["people"][n[0]][4] for n in data["networks"]["people"]["nodes"]]
    strength = dict(graph.degree(weight="weight"))
    assert [strength[p] for p in order] == sorted((strength[p] for p in order), reverse=True)
    # a place that is also a country is one thing: its country's name
    assert "Switzerland" in data["places"] and not [p for p in data["places"] if p.startswith("country:")]


def listed_meetings(store) -> list[dict]:
    return json.loads(kg("meetings", "--store", store, "--format", "json").output)


def test_a_large_network_draws_the_most_central_and_says_what_it_left_out(seeds_store_path, tmp_path):
    out = tmp_path / "small.html"
    result = kg("view", "--store", seeds_store_path, "--out", out, "--max-nodes", "3")
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert len(data["networks"]["people"]["nodes"]) == 3 and len(data["networks"]["countries"]["nodes"]) == 3
    meetings = listed_meetings(seeds_store_path)
    assert len(data["meetings"]) == len(meetings)  # the table and the timeline keep every meeting
    people = {p["id"] for m in meetings for p in m["participants"]}
    assert len(people) > 3
    note = data["networks"]["people"]["note"]
    assert note.startswith(f"The 3 most central of {len(people)} people")
    assert f"{len(people) - 3} people and" in note and f"all {len(meetings)} meetings" in note


def test_layout_is_seeded_spreads_nodes_and_scales():
    g = nx.connected_watts_strogatz_graph(400, 4, 0.1, seed=1)
    g.add_nodes_from(range(400, 460))  # lone nodes beside the component
    g.add_edges_from((i, i + 1) for i in range(460, 480, 2))  # and pairs
    pos = layout(g)
    assert pos == layout(g) and set(pos) == set(g)
    xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
    assert 1.5 < (max(xs) - min(xs)) / (max(ys) - min(ys)) < 6  # wider than high, for a page
    import numpy as np

    xy = np.array(list(pos.values()))
    nearest = np.sort(np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1]), axis=1)[:, 1]
    assert nearest.min() > 0.05 and 0.5 < float(np.median(nearest)) < 2  # no two nodes on top of each other


def test_view_options_through_the_cli(mini_store_path, tmp_path):
    out = kg("view", "--store", mini_store_path, "--out", tmp_path / "v.html", "--person", "adams",
             "--since", "2024-01", "--title", "Bo <Chen>")
    assert out.exit_code == 0, out.output
    page = (tmp_path / "v.html").read_text(encoding="utf-8")
    assert "<title>Bo &lt;Chen&gt;</title>" in page
    data = page_data(page)
    assert [m[8] for m in data["meetings"]] == [ID + "meeting/m1"] and data["subtitle"] == "with adams; from 2024-01"
    bad = kg("view", "--store", mini_store_path, "--out", tmp_path / "w.html", "--since", "2030")
    assert bad.exit_code == 1 and "no meeting to show" in bad.output
    bad = kg("view", "--store", mini_store_path, "--out", tmp_path / "w.html", "--person", "Nobody")
    assert bad.exit_code == 1 and "no person named 'Nobody'" in bad.output
    bad = kg("view", "--store", mini_store_path, "--out", tmp_path / "w.html", "--since", "last year")
    assert bad.exit_code == 2 and "must be a date" in bad.output
    with pytest.raises(KgError, match="--max-nodes"):
        with LocalStore(mini_store_path, read_only=True) as st:
            report_data(ReadModel(st), max_nodes=0)


@pytest.mark.browser
def test_a_store_without_meetings_gives_a_page_that_says_so(tmp_path):
    LocalStore(tmp_path / "empty").close()
    out = tmp_path / "empty.html"
    result = kg("view", "--store", tmp_path / "empty", "--out", out)
    assert result.exit_code == 0, result.output
    seen = run(out, tmp_path, "out.start = state(); drag(0.1, 0.5); out.drag = state();")
    for s in seen.values():
        assert s["errors"] == [] and s["drawn"] == "1" and s["rows"] == 0 and s["nodes"] == 0
    assert "No meetings in the store yet" in seen["start"]["note"]


def test_an_inlined_script_cannot_end_its_element():
    from jinja2 import DictLoader, Environment

    from kg.views import template_asset

    env = Environment(loader=DictLoader({"ok.js": "var a = '<' + '/b>';", "bad.js": "var a = '</script>';"}))
    assert template_asset(env, "ok.js").startswith("var a")
    with pytest.raises(KgError, match="cannot be inlined"):
        template_asset(env, "bad.js")


# -- the page in a real browser ------------------------------------------------------------
INTERACT = r"""
out.start = state();
type("kg-search", "biden"); out.search = state(); type("kg-search", "");
choose("kg-f-country", optionFor("kg-f-country", "Ukraine")); out.country = state(); choose("kg-f-country", "");
type("kg-f-text", "fentanyl"); out.text = state(); type("kg-f-text", "");
drag(0.45, 0.8); out.range = state();
$("kg-clear").click(); out.cleared = state();
document.querySelector('.kg-tabs button[data-net="countries"]').click(); out.countries = state();
out.cases = [];
CASES.forEach(function (c) { type("kg-f-from", c[0]); type("kg-f-to", c[1]); out.cases.push(state().rows); });
"""
#: (From, To) typed in the page, and the same as `kg meetings --since/--until`.
DATE_CASES = [("2022", "2022"), ("2022-12-12", ""), ("", "2022-06"), ("2021-11", "2023-11"), ("2022-12", "2022-12-11")]


@pytest.mark.browser
def test_browser_renders_and_filters_the_seeds_report(seeds_store_path, seeds_page, tmp_path):
    seen = run(seeds_page, tmp_path, f"var CASES = {json.dumps(DATE_CASES)};" + INTERACT)
    meetings = listed_meetings(seeds_store_path)
    total, people = len(meetings), len({p["id"] for m in meetings for p in m["participants"]})
    monthly = len([m for m in meetings if m["date"] and len(m["date"]) >= 7])
    ukraine = len([m for m in meetings if "Ukraine" in m["countries"]])
    countries = len({c for m in meetings for c in m["countries"]})
    assert 0 < ukraine < total and 10 < people
    start = seen["start"]
    assert start["errors"] == [] and start["requests"] == []  # nothing fails, nothing is fetched
    assert start["drawn"] == "1" and start["nodes"] == people and start["activeNodes"] == people
    assert start["ink"] > 1000 and start["labels"] >= 10  # drawn, and most names readable at the opening zoom
    assert set(range(8)) <= set(start["labelled"])  # the most central above all
    assert start["rows"] == total and start["bodyRows"] == total and start["bars"] >= 5 and start["timeline"] == monthly
    # a search in the network picks Joe Biden and shows what the graph knows of him
    assert seen["search"]["matches"] == "1" and seen["search"]["details"].startswith("Joe Biden\nPerson")
    assert "Titles" in seen["search"]["details"] and "Xi Jinping" in seen["search"]["details"]
    assert seen["search"]["ink"] < start["ink"]  # the rest is dimmed
    # a table filter narrows the table, the timeline and the network
    country = seen["country"]
    assert country["rows"] == ukraine and country["count"] == f"{ukraine} of {total} meetings" and "Ukraine" in country["firstRow"]
    assert country["timeline"] < start["timeline"] and country["activeEdges"] < start["activeEdges"]
    assert 0 < seen["text"]["rows"] < start["rows"] and "Fentanyl" in seen["text"]["firstRow"]
    # a timeline selection narrows the table and the network
    ranged = seen["range"]
    assert re.fullmatch(r"\d{4}-\d{2}\.\.\d{4}-\d{2}", ranged["range"])
    assert 0 < ranged["rows"] < start["rows"] and ranged["activeEdges"] < start["activeEdges"]
    assert seen["cleared"]["rows"] == total and seen["cleared"]["range"] == ""
    assert seen["countries"]["net"] == "countries" and seen["countries"]["nodes"] == countries and seen["countries"]["ink"] > 500
    # the From/To boxes keep the meetings `kg meetings --since/--until` keeps: one date rule
    for (since, until), rows in zip(DATE_CASES, seen["cases"]):
        args = ["meetings", "--store", seeds_store_path, "--format", "json"]
        args += ["--since", since] if since else []
        args += ["--until", until] if until else []
        assert rows == len(json.loads(kg(*args).output)), (since, until)
    assert len(set(seen["cases"])) > 2


@pytest.mark.browser
def test_browser_shows_hostile_text_as_text(hostile_page, tmp_path):
    seen = run(hostile_page, tmp_path, r"""
      out.start = state();
      clickRow(0); out.https = state(); out.httpsSource = $("kg-table").tBodies[0].rows[1].innerText;
      clickRow(0); clickRow(1); out.js = state(); out.jsSource = $("kg-table").tBodies[0].rows[2].innerText;
      type("kg-search", "img"); out.search = state();
    """)
    for key in ("start", "https", "js", "search"):
        s = seen[key]
        assert s["pwned"] is None and s["errors"] == [], key  # no script, handler or javascript: URL ran
        assert s["elements"] == 0 and s["handlers"] == 0 and s["scripts"] == 4, key  # 2 of the page, 2 of the probe
    start = seen["start"]
    assert start["rows"] == 2 and HOSTILE_NAME in start["firstRow"] and HOSTILE_PLACE in start["firstRow"]
    assert start["nodes"] == 2
    # an opened row shows the sentence, the article's id, title and URL as text;
    # a link is made of the http(s) URL only, never of the javascript: one
    assert HOSTILE_SENTENCE in seen["httpsSource"] and HOSTILE_TITLE in seen["httpsSource"]
    assert seen["https"]["links"] == ["https://example.org/a?x=<b>&y=\"1\""] * 2  # in the row and in the panel
    assert HOSTILE_SENTENCE in seen["jsSource"] and HOSTILE_URL in seen["jsSource"]
    assert seen["js"]["links"] == []
    assert HOSTILE_SENTENCE in seen["js"]["details"] and HOSTILE_TITLE in seen["js"]["details"]
    assert seen["search"]["matches"] == "1" and seen["search"]["details"].startswith(HOSTILE_NAME)


@pytest.mark.browser
def test_browser_screenshot_of_the_seeds_report(seeds_page, tmp_path):
    """Set KG_TEST_ARTIFACTS=DIR to keep the screenshots and the page."""
    folder = artifacts(tmp_path)
    people = screenshot(seeds_page, folder / "seeds-view.png", tmp_path)
    countries = screenshot(seeds_page, folder / "seeds-view-countries.png", tmp_path, fragment="#net=countries")
    for shot in (people, countries):
        assert png_size(shot) == (1200, 800) and shot.stat().st_size > 40_000  # a drawn page, not a blank one
    if os.environ.get("KG_TEST_ARTIFACTS"):
        shutil.copyfile(seeds_page, folder / "seeds-view.html")


@pytest.mark.browser
def test_browser_takes_a_malformed_search_in_the_address(mini_page, tmp_path):
    # "%ZZ" is no percent-escape: decodeURIComponent throws; the page searches the text as given
    seen = run(mini_page, tmp_path, "out.start = state(); out.search = $('kg-search').value;", fragment="#q=Alice%ZZ")
    assert seen["start"]["errors"] == [] and seen["start"]["drawn"] == "1"
    assert seen["search"] == "Alice%ZZ"


def test_filters_are_checked_when_made():
    assert Filters(since="2024-02", until="2024").since == "2024-02"
    for bad in ("2024-13", "2024-02-30", "24", "last week", "2024/01"):
        with pytest.raises(KgError, match="must be a date"):
            Filters(since=bad)
    with pytest.raises(KgError, match="after --until"):
        Filters(since="2024-03", until="2024-02")
