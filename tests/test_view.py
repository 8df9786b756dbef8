"""`kg view`: one self-contained HTML file that works offline. Checked as
text (no request to another host, article text escaped) and in a real
headless chromium with the network cut off: the page draws its nodes,
search shows article markup as text, a large graph is laid out once, and a
screenshot is taken."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import KgError
from kg.graphview import knowledge_graph
from kg.store import LocalStore
from kg.views import COLOURS, date_window, ego_network, render_html

from .browser import chromium
from .minigraph import AWKWARD_NAME, MARKUP_SENTENCE, mini_store_path  # noqa: F401

ID = "https://w3id.org/diplomacy-kg/id/"


def kg(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def remote_references(page: str) -> list[str]:
    """Everything in the page that would make the browser load a URL."""
    found = re.findall(r"<(?:script|link|img|iframe|source|video|audio|embed)\b[^>]*\b(?:src|href)\s*=\s*[\"']?([^\"' >]+)", page, re.I)
    found += re.findall(r"@import[^;]*", page)
    found += re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]*\)", page)
    return found


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


# -- the page as text ------------------------------------------------------------
def test_page_is_self_contained(seeds_page):
    page = seeds_page.read_text(encoding="utf-8")
    assert remote_references(page) == []
    assert "cdn.jsdelivr.net" not in page and "bootstrap" not in page.lower()
    assert "vis.Network" in page and len(page) > 300_000  # vis-network is inlined
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_legend_colours_and_types(mini_page):
    page = mini_page.read_text(encoding="utf-8")
    for t in ("person", "country", "place", "meeting", "issue"):
        assert f'data-type="{t}"' in page and COLOURS[t] in page
    assert 'id="kg-search"' in page


def test_article_markup_is_never_markup_in_the_page(mini_page):
    page = mini_page.read_text(encoding="utf-8")
    # the sentence travels only as escaped JSON data: no raw tag anywhere
    assert "<script>document.body" not in page and "<img src=x" not in page and "<b>bold</b>" not in page
    assert "\\u003cscript\\u003edocument.body.setAttribute(\\u0027data-pwned\\u0027" in page
    assert "\\u003cimg src=x onerror=" in page
    data = re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page, re.S)[1]
    nodes = {n["id"]: n for n in json.loads(data)}
    alice = nodes[ID + "person/alice-adams"]["kg"]
    assert [MARKUP_SENTENCE, "a1.txt"] == [alice["sources"][0][1], alice["sources"][0][0]]
    assert nodes[ID + "person/evil"]["kg"]["name"] == AWKWARD_NAME
    assert "innerHTML" not in page.split("<body>", 1)[1].split("vis.DataSet", 1)[1]  # our script uses textContent


def test_large_graph_is_laid_out_once_and_says_what_was_left_out():
    g = nx.MultiDiGraph()
    for i in range(900):
        g.add_node(f"p{i}", label=f"Person {i}", type="person")
    for i in range(300):
        m = f"m{i}"
        g.add_node(m, label=f"meeting {i}", type="meeting", date="2024-01-01")
        for j in (i, (i * 7 + 1) % 900, (i * 13 + 5) % 900):
            g.add_edge(m, f"p{j}", key="participant", type="participant", weight=1)
    page = render_html(g, max_nodes=400)
    data = json.loads(re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page, re.S)[1])
    assert len(data) == 400 and all("x" in n and "y" in n for n in data)
    assert '"physics": {"enabled": false}' in page
    assert 'data-layout="precomputed"' in page
    note = re.search(r'<div id="kg-note">(.*?)</div>', page)[1]
    assert "800 more" in note and "person" in note and "--max-nodes" in note
    small = render_html(nx.MultiDiGraph(nx.path_graph(["a", "b", "c"])))
    assert 'data-layout="physics"' in small and "kg-note" not in small.split("<body>", 1)[1].split("</div>", 1)[0]


def test_focus_and_date_window(mini_store_path):
    with LocalStore(mini_store_path, read_only=True) as st:
        g = knowledge_graph(st)
    ego = ego_network(g, "eve fontaine", 1)
    assert {g.nodes[n]["label"] for n in ego if g.nodes[n]["type"] == "person"} == {"Eve Fontaine", "Alice Adams"}
    assert ID + "meeting/m3" in ego and ID + "meeting/m1" not in ego
    assert ID + "meeting/m1" in ego_network(g, "Eve Fontaine", 3)
    with pytest.raises(KgError, match="no node named"):
        ego_network(g, "Nobody", 1)
    window = date_window(g, since="2024")
    assert {n for n in window if window.nodes[n]["type"] == "meeting"} == {ID + "meeting/m1", ID + "meeting/m2"}
    assert ID + "person/eve-fontaine" not in window
    met = {(a, b) for a, b, d in window.edges(data=True) if d["type"] == "met"}
    assert met == {(ID + "person/alice-adams", ID + "person/bo-chen"), (ID + "person/bo-chen", ID + "person/carl-diaz")}
    only = date_window(g, since="2024-01-05", until="2024-01-31")
    assert {n for n in only if only.nodes[n]["type"] == "meeting"} == {ID + "meeting/m1", ID + "meeting/m2"}
    assert not [n for n in date_window(g, until="2023-04") if g.nodes[n]["type"] == "meeting"]
    with pytest.raises(KgError, match="YYYY"):
        date_window(g, since="last year")


def test_view_options_through_the_cli(mini_store_path, tmp_path):
    out = kg("view", "--store", mini_store_path, "--out", tmp_path / "v.html", "--focus", "Bo Chen", "--depth", "1",
             "--since", "2024-01", "--max-nodes", "3", "--title", "Bo <Chen>")
    assert out.exit_code == 0, out.output
    page = (tmp_path / "v.html").read_text(encoding="utf-8")
    assert "<title>Bo &lt;Chen&gt;</title>" in page and "around Bo Chen (depth 1)" in page
    assert re.search(r'data-nodes="3"', page) and "were left out by --max-nodes" in page
    bad = kg("view", "--store", mini_store_path, "--out", tmp_path / "w.html", "--since", "2030")
    assert bad.exit_code == 1 and "nothing to draw" in bad.output
    bad = kg("view", "--store", mini_store_path, "--out", tmp_path / "w.html", "--focus", "Nobody")
    assert bad.exit_code == 1 and "no node named 'Nobody'" in bad.output


# -- the page in a real browser -------------------------------------------------------
PROBE_EARLY = "<script>window.__errors = []; window.addEventListener('error', function (e) { window.__errors.push(String(e.message)); });</script>"
PROBE = """<script>
setTimeout(function () {
  var canvas = document.querySelector('#mynetwork canvas'), pixels = {};
  var colours = %(colours)s;
  if (canvas) {
    var d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (var i = 0; i < d.length; i += 4) {
      for (var t in colours) {
        var c = colours[t];
        if (Math.abs(d[i] - c[0]) < 6 && Math.abs(d[i + 1] - c[1]) < 6 && Math.abs(d[i + 2] - c[2]) < 6) pixels[t] = (pixels[t] || 0) + 1;
      }
    }
  }
  var info = document.getElementById('kg-info');
  var out = {
    drawn: document.getElementById('kg-status').getAttribute('data-drawn'),
    nodes: nodes.length, visible: nodes.get({filter: function (n) { return !n.hidden; }}).length,
    canvas: !!canvas, pixels: pixels, errors: window.__errors,
    resources: performance.getEntriesByType('resource').map(function (e) { return e.name; }),
    pwned: document.body.getAttribute('data-pwned'), matches: document.getElementById('kg-matches').textContent,
    detailsShown: !document.getElementById('kg-details').hidden, info: info.textContent,
    markupInPanel: info.querySelectorAll('*').length - info.querySelectorAll('div, p').length
  };
  var pre = document.createElement('pre'); pre.id = 'kg-probe'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}, %(delay)d);
</script>"""


def browser(page: Path, tmp_path: Path, *, fragment: str = "", screenshot: Path | None = None, delay: int = 3000) -> dict:
    """Open ``page`` in headless chromium with no network and return what
    the probe saw (or, with ``screenshot``, take a screenshot)."""
    exe = chromium()
    html_text = page.read_text(encoding="utf-8")
    colours = {t: [int(c[i:i + 2], 16) for i in (1, 3, 5)] for t, c in COLOURS.items()}
    if screenshot is None:
        html_text = html_text.replace("<head>", "<head>" + PROBE_EARLY, 1)
        html_text = html_text.replace("</body>", PROBE % {"colours": json.dumps(colours), "delay": delay} + "</body>", 1)
    probed = tmp_path / ("probed-" + page.name)
    probed.write_text(html_text, encoding="utf-8")
    profile = tmp_path / f"chromium-profile-{len(list(tmp_path.iterdir()))}"
    args = [
        exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--window-size=1200,800", f"--virtual-time-budget={delay + 4000}",
        # the network is cut off: no name resolves, every proxied request fails
        "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
    ]
    args += [f"--screenshot={screenshot}"] if screenshot else ["--dump-dom"]
    proc = subprocess.run(args + [probed.as_uri() + fragment], capture_output=True, text=True, timeout=180)
    if screenshot:
        assert proc.returncode == 0, proc.stderr[-2000:]
        return {}
    m = re.search(r'<pre id="kg-probe">(.*?)</pre>', proc.stdout, re.S)
    assert m, f"the probe did not report (exit {proc.returncode}): {proc.stderr[-2000:]}"
    import html as html_mod

    return json.loads(html_mod.unescape(m[1]))


@pytest.mark.browser
def test_browser_renders_the_seeds_view_offline(seeds_page, tmp_path):
    seen = browser(seeds_page, tmp_path)
    assert seen["errors"] == []
    assert seen["drawn"] == "1" and seen["canvas"]
    assert seen["nodes"] > 20 and seen["visible"] == seen["nodes"]
    assert seen["pixels"].get("person", 0) > 200 and seen["pixels"].get("meeting", 0) > 50  # nodes are on the canvas
    assert [r for r in seen["resources"] if not r.startswith(("file:", "data:", "blob:"))] == []


@pytest.mark.browser
def test_browser_shows_article_markup_as_text(mini_page, tmp_path):
    seen = browser(mini_page, tmp_path, fragment="#q=Alice%20Adams")
    assert seen["errors"] == []
    assert seen["pwned"] is None  # neither the <script> nor the onerror ran
    # Alice and her two meetings match; the panel shows the exact match
    assert seen["matches"] == "3 matches" and seen["detailsShown"]
    assert seen["info"].startswith("Alice Adams\nperson\nTitles: Secretary of State\nCountry: United States")
    assert "<script>document.body.setAttribute('data-pwned','script')</script>" in seen["info"]
    assert "<img src=x onerror=" in seen["info"]
    assert seen["markupInPanel"] == 0  # only the page's own div/p elements, no <img>/<script>/<b>
    assert seen["visible"] < seen["nodes"]  # the search filtered the view


@pytest.mark.browser
def test_browser_draws_a_large_precomputed_layout(tmp_path):
    g = nx.MultiDiGraph()
    for i in range(1000):
        g.add_node(f"p{i}", label=f"Person {i}", type="person")
    for i in range(400):
        g.add_node(f"m{i}", label=f"meeting {i}", type="meeting")
        for j in (i, (i * 7 + 1) % 1000, (i * 13 + 5) % 1000):
            g.add_edge(f"m{i}", f"p{j}", key="participant", type="participant", weight=1)
    page = tmp_path / "large.html"
    page.write_text(render_html(g, max_nodes=600), encoding="utf-8")
    seen = browser(page, tmp_path, delay=2000)
    assert seen["errors"] == [] and seen["drawn"] == "1"
    assert seen["nodes"] == 600 and seen["pixels"].get("person", 0) > 200


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.browser
def test_browser_screenshot_of_the_seeds_view(seeds_page, tmp_path):
    """Set KG_TEST_ARTIFACTS=DIR to keep the screenshot and the page."""
    keep = os.environ.get("KG_TEST_ARTIFACTS")
    folder = Path(keep) if keep else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "seeds-view.png"
    shot.unlink(missing_ok=True)
    browser(seeds_page, tmp_path, screenshot=shot)
    assert png_size(shot) == (1200, 800)
    assert shot.stat().st_size > 20_000  # a drawn graph, not a blank page
    if keep:
        shutil.copyfile(seeds_page, folder / "seeds-view.html")


@pytest.mark.browser
def test_browser_takes_a_malformed_search_in_the_address(mini_page, tmp_path):
    # "%ZZ" is no percent-escape: decodeURIComponent throws; the page searches the text as given
    seen = browser(mini_page, tmp_path, fragment="#q=Alice%ZZ")
    assert seen["errors"] == []
    assert seen["drawn"] == "1"
