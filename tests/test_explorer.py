"""`kg export -f vis`: the people network as one interactive vis.js page
(pyvis's network, this package's offline template). Checked as text
(nothing loaded from anywhere, names only as escaped JSON data), as data
(the people and ties of kg view's people network) and in a real headless
chromium with the network cut off: vis-network draws every node, and
hostile names stay text."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.explorer import people_network
from kg.records import ReadModel
from kg.store import LocalStore
from kg.views import report_data

from .browser import probe, screenshot
from .minigraph import mini_store_path  # noqa: F401
from .test_view import HOSTILE_NAME, HOSTILE_TITLE, artifacts, hostile_records, load_script, remote_references


def kg(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def network_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-network-data">(.*?)</script>', page, re.S)
    return json.loads(m[1])


@pytest.fixture(scope="module")
def seeds_network(seeds_store_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("vis") / "network.html"
    result = kg("export", "--store", seeds_store_path, "-f", "vis", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Wrote {out}"
    return out


@pytest.fixture(scope="module")
def hostile_network(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-vis")
    load_script("bench_view").records_store(hostile_records(), root / "store")
    out = root / "hostile.html"
    result = kg("export", "--store", root / "store", "-f", "pyvis", "-o", out)
    assert result.exit_code == 0, result.output
    return out


def test_the_page_is_self_contained(seeds_network):
    page = seeds_network.read_text(encoding="utf-8")
    assert remote_references(page) == []
    assert "cdnjs" not in page and "jsdelivr" not in page and "bootstrap" not in page.lower()
    assert "connect-src 'none'" in page.replace("&#39;", "'")


def test_the_network_is_kg_views_people_network(seeds_store_path, seeds_network):
    data = network_data(seeds_network.read_text(encoding="utf-8"))
    with LocalStore(seeds_store_path, read_only=True) as st:
        view = report_data(ReadModel(st))
    spec = view["networks"]["people"]
    names = [view["people"][p][0] for p, *_ in spec["nodes"]]
    assert [n["label"] for n in data["nodes"]] == names and len(names) > 10
    assert len(data["edges"]) == len(spec["edges"])
    # an edge's width is the number of the pair's meetings; a tooltip says who, what and how many
    widths = sorted(e["value"] for e in data["edges"])
    assert widths == sorted(len(ms) for _, _, ms in spec["edges"]) and widths[-1] > 1
    biden = next(n for n in data["nodes"] if n["label"] == "Joe Biden")
    assert biden["title"].startswith("Joe Biden\n") and "United States" in biden["title"]
    assert data["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])


def test_names_reach_the_page_only_as_escaped_data(hostile_network):
    page = hostile_network.read_text(encoding="utf-8")
    data = network_data(page)
    assert HOSTILE_NAME in [n["label"] for n in data["nodes"]]
    body = page.split('id="kg-network-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in body and ">" not in body  # nothing in the data can open or close an element
    assert HOSTILE_TITLE not in page  # the default title; --title is kg view's


@pytest.mark.parametrize("fmt", ["vis", "pyvis"])
def test_standard_output(mini_store_path, fmt):  # noqa: F811
    result = CliRunner().invoke(cli, ["export", "--store", str(mini_store_path), "-f", fmt, "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!doctype html>") and len(network_data(result.stdout)["nodes"]) >= 2


def test_max_nodes_draws_the_most_central(seeds_store_path):
    with LocalStore(seeds_store_path, read_only=True) as st:
        model = ReadModel(st)
        net, note = people_network(model, max_nodes=3)
        everyone, _ = people_network(model)
    assert len(net.nodes) == 3 and note.startswith("The 3 most central of ")
    ranked = sorted(everyone.nodes, key=lambda n: -n["size"])[:3]
    assert {n["label"] for n in net.nodes} == {n["label"] for n in ranked}


PROBE = """
setTimeout(function () {
  var n = window.kgNetwork, pre = document.createElement('pre');
  pre.id = 'kg-probe';
  pre.textContent = JSON.stringify({errors: window.__errors, drawn: document.body.getAttribute('data-drawn'),
    nodes: n ? n.body.data.nodes.length : null, edges: n ? n.body.data.edges.length : null,
    placed: n ? Object.keys(n.getPositions()).length : null, canvas: document.querySelectorAll('canvas').length,
    pwned: document.body.getAttribute('data-pwned'), images: document.querySelectorAll('img').length});
  document.body.appendChild(pre);
}, 1000);
"""


@pytest.mark.browser
def test_browser_draws_the_seeds_network(seeds_network, tmp_path):
    data = network_data(seeds_network.read_text(encoding="utf-8"))
    seen = probe(seeds_network, tmp_path, PROBE)
    assert seen["errors"] == [] and seen["canvas"] == 1
    assert seen["drawn"] == str(len(data["nodes"])) and seen["placed"] == len(data["nodes"])
    assert seen["edges"] == len(data["edges"])
    shot = screenshot(seeds_network, artifacts(tmp_path) / "explorer-seeds.png", tmp_path)
    assert shot.stat().st_size > 10_000  # a drawing, not a blank page


@pytest.mark.browser
def test_browser_shows_hostile_names_as_text(hostile_network, tmp_path):
    seen = probe(hostile_network, tmp_path, PROBE)
    assert seen["pwned"] is None and seen["errors"] == [] and seen["images"] == 0
    assert seen["drawn"] == "2"
