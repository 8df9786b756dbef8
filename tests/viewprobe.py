"""Drive the `kg view` page from a probe script: read what it shows (the
canvas, the table, the timeline, the details panel) and act as a user does
(type in a box, choose in a list, drag across the timeline, click)."""

from __future__ import annotations

from pathlib import Path

from .browser import probe

#: Helpers every probe starts with; ``ACTIONS`` then fills ``out``.
PRELUDE = r"""
var out = {};
function $(id) { return document.getElementById(id); }
function state() {
  var c = $("kg-canvas"), tl = $("kg-tl"), t = $("kg-table"), ink = 0, colours = {};
  var d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  for (var i = 0; i < d.length; i += 16) {
    if (d[i + 3] > 0 && (d[i] < 230 || d[i + 1] < 230 || d[i + 2] < 230)) ink++;
  }
  return {
    drawn: document.body.getAttribute("data-drawn"), net: c.getAttribute("data-net"),
    nodes: +c.getAttribute("data-nodes"), activeNodes: +c.getAttribute("data-active-nodes"),
    activeEdges: +c.getAttribute("data-active-edges"), labels: +c.getAttribute("data-labels"),
    labelled: (c.getAttribute("data-labelled") || "").split(" ").filter(Boolean).map(Number),
    matches: c.getAttribute("data-matches"), ink: ink,
    rows: +t.getAttribute("data-rows"), bodyRows: t.tBodies[0].rows.length,
    firstRow: t.tBodies[0].rows.length ? t.tBodies[0].rows[0].textContent : "",
    bars: +tl.getAttribute("data-bars"), timeline: +tl.getAttribute("data-total"), range: tl.getAttribute("data-range"),
    count: $("kg-count").textContent, details: $("kg-details").innerText, note: $("kg-note").textContent,
    pwned: document.body.getAttribute("data-pwned"),
    elements: document.querySelectorAll("img, iframe, object, embed").length,
    scripts: document.querySelectorAll("script").length,
    handlers: Array.prototype.filter.call(document.querySelectorAll("*"), function (e) {
      return Array.prototype.some.call(e.attributes, function (a) { return /^on/i.test(a.name); });
    }).length,
    links: Array.prototype.map.call(document.querySelectorAll("a"), function (a) { return a.getAttribute("href"); }),
    errors: window.__errors.slice(),
    requests: performance.getEntriesByType("resource").map(function (e) { return e.name; })
  };
}
function type(id, value) { var e = $(id); e.value = value; e.dispatchEvent(new Event("input", { bubbles: true })); }
function choose(id, value) { var e = $(id); e.value = value; e.dispatchEvent(new Event("change", { bubbles: true })); }
function optionFor(id, text) {
  var o = Array.prototype.find.call($(id).options, function (o) { return o.textContent.indexOf(text) === 0; });
  return o ? o.value : null;
}
function drag(from, to) {  // fractions of the timeline's bars
  var svg = $("kg-tl"), r = svg.getBoundingClientRect(), y = r.top + r.height / 2;
  function at(f) { return r.left + 30 + (r.width - 34) * f; }
  function ev(type, f) {
    svg.dispatchEvent(new PointerEvent(type, { bubbles: true, clientX: at(f), clientY: y, pointerId: 1, isPrimary: true, button: 0 }));
  }
  ev("pointerdown", from); ev("pointermove", (from + to) / 2); ev("pointermove", to); ev("pointerup", to);
}
function clickRow(n) { $("kg-table").tBodies[0].querySelectorAll("tr.kg-row")[n].click(); }
"""

REPORT = r"""
var pre = document.createElement("pre"); pre.id = "kg-probe"; pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
"""


def run(page: Path, tmp_path: Path, actions: str, **kw) -> dict:
    """Run ``actions`` (JavaScript that fills ``out``) in ``page``."""
    return probe(page, tmp_path, "(function () {" + PRELUDE + actions + REPORT + "})();", **kw)
