"""The HTML view at 200, 1,000 and 5,000 nodes: file size, render time and
time until the network is drawn in headless chromium (network cut off).

    scripts/ensure-chromium.sh
    .venv/bin/python scripts/bench_view.py [--nodes 200 1000 5000] [--repeat 3]

The graph is synthetic with the shape kg.graphview.knowledge_graph gives
(people, meetings, countries, places, organisations, issues; meetings link
to 2-3 participants, a place and issues; people to their country), and every
node is drawn (``max_nodes`` = the node count). Time until drawn: wall time
of ``chromium --headless --dump-dom`` on the page, whose probe checks that
vis-network fired ``afterDrawing``, minus the same for an empty page
(browser start-up); median of ``--repeat``. Pages at or under
kg.views.LAYOUT_THRESHOLD nodes stabilise with physics in the browser;
larger ones come laid out and draw once.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import machine  # noqa: E402

PROBE = """<script>
window.addEventListener('load', function () {
  (function check() {
    var s = document.getElementById('kg-status');
    if (s && s.getAttribute('data-drawn') === '1') {
      var p = document.createElement('pre'); p.id = 'kg-probe'; p.textContent = 'drawn';
      document.body.appendChild(p);
    } else { setTimeout(check, 20); }
  })();
});
</script>"""


def synthetic_graph(n: int, seed: int = 1):
    import networkx as nx

    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    counts = {"country": max(5, n // 25), "place": max(5, n // 20), "organisation": max(3, n // 25), "issue": max(3, n // 40)}
    counts["person"] = int(n * 0.45)
    counts["meeting"] = n - sum(counts.values())
    ids: dict[str, list[str]] = {}
    for t, c in counts.items():
        ids[t] = [f"https://w3id.org/diplomacy-kg/id/{t}/{t}-{i}" for i in range(c)]
        for i, x in enumerate(ids[t]):
            attrs = {"type": t, "label": f"{t.title()} {i}"}
            if t == "meeting":
                attrs.update(date=f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}", mode="in_person", status="occurred")
            if t == "person":
                attrs.update(titles="Foreign Minister", country=f"Country {i % counts['country']}")
            g.add_node(x, **attrs)
    for p in ids["person"]:
        g.add_edge(p, rng.choice(ids["country"]), key="represents", type="represents", weight=1)
    for m in ids["meeting"]:
        people = rng.sample(ids["person"], rng.choice((2, 2, 3)))
        for p in people:
            g.add_edge(m, p, key="participant", type="participant", weight=1)
        for a in people:
            for b in people:
                if a < b:
                    g.add_edge(a, b, key="met", type="met", weight=1)
        g.add_edge(m, rng.choice(ids["place"]), key="heldIn", type="heldIn", weight=1)
        g.add_edge(m, rng.choice(ids["issue"]), key="discussed", type="discussed", weight=1)
        if rng.random() < 0.3:
            g.add_edge(m, rng.choice(ids["organisation"]), key="involves", type="involves", weight=1)
    return g


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    raise SystemExit("chromium not found: run scripts/ensure-chromium.sh")


def open_page(page: Path, profile: Path) -> tuple[float, bool]:
    args = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}", "--window-size=1200,800",
        "--virtual-time-budget=600000", "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
        "--dump-dom", page.as_uri(),
    ]
    t = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, timeout=900)
    took = time.perf_counter() - t
    return took, bool(re.search(r'<pre id="kg-probe">drawn</pre>', proc.stdout))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, nargs="+", default=[200, 1000, 5000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from kg.views import LAYOUT_THRESHOLD, render_html

    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-view-"))
    blank = tmp / "blank.html"
    blank.write_text("<!doctype html><html><body>" + PROBE.replace("s && s.getAttribute('data-drawn') === '1'", "true") + "</body></html>", encoding="utf-8")
    base = statistics.median(open_page(blank, tmp / f"profile-b{i}")[0] for i in range(args.repeat))
    print(f"machine: {machine()}")
    print(f"chromium: {subprocess.run([chromium(), '--version'], capture_output=True, text=True).stdout.strip()}; "
          f"empty page (browser start-up) {base:.2f} s, subtracted below")
    print(f"{'nodes':>6s} {'edges':>6s} {'layout':>10s} {'file':>9s} {'render':>8s} {'drawn after':>12s}")
    for n in args.nodes:
        g = synthetic_graph(n)
        t = time.perf_counter()
        page = render_html(g, max_nodes=n)
        render_s = time.perf_counter() - t
        path = tmp / f"view-{n}.html"
        path.write_text(page.replace("</body>", PROBE + "</body>", 1), encoding="utf-8")
        size = len(page.encode("utf-8"))
        runs = [open_page(path, tmp / f"profile-{n}-{i}") for i in range(args.repeat)]
        drawn = all(ok for _, ok in runs)
        wall = statistics.median(t for t, _ in runs) - base
        layout = "python" if n > LAYOUT_THRESHOLD else "physics"
        print(f"{n:6d} {g.number_of_edges():6d} {layout:>10s} {size / 1e6:7.2f}MB {render_s:7.2f}s "
              f"{wall:10.2f}s{'' if drawn else '  (NOT drawn)'}", flush=True)


if __name__ == "__main__":
    main()
