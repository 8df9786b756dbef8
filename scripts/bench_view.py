"""`kg view` at 1,000 / 10,000 / 50,000 meetings: HTML size, time to write
the report from the store, and time until the page is drawn in headless
chromium (network cut off). Also the layout's cost per 1,000 nodes.

    scripts/ensure-chromium.sh
    .venv/bin/python scripts/bench_view.py [--meetings 1000 10000 50000] [--articles 10000] [--repeat 3]

The stores hold the generated corpus of scripts/bench_corpus.py (a growing
population of officials, follow-up reports of earlier meetings, about 10
articles a day), built from the generator's own article records (what a
perfect extractor makes, with the story's issue as the meeting's topic)
through the resolver `kg build` uses, then bulk-loaded: no spaCy.
``--meetings N`` generates about N / 0.7 articles (the corpus gives ~0.7
meetings per article) and prints the meetings the store really holds;
``--articles N`` adds a row of exactly N articles (the issue's target: the
10,000-article report written in < 5 s and drawn in < 3 s).

Columns: file size; "write": :func:`kg.views.write_view` in this process
on a freshly opened store (read model, networks, layout, JSON, template,
file), median of ``--repeat``, and its CPU time (all threads: on a shared
machine the steadier figure); "kg view": the whole command in a new
process (Python start-up and imports too), once; "drawn": milliseconds
from navigation start until the page's script has filled the table, the
timeline and the network (``performance.now()`` that the page records in
``data-drawn-ms``), median of ``--repeat`` browser runs, and the wall time
of the browser run minus an empty page's (start-up), as a cross-check;
the machine's load average (1 minute) after the row.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import machine  # noqa: E402
from bench_corpus import stories, truth_record  # noqa: E402

#: Meetings per generated article (measured on 10,000 articles: 6,982).
MEETINGS_PER_ARTICLE = 0.7


# -- the corpus as a store ------------------------------------------------------------------------
def corpus_records(n: int, *, per_day: int = 10, rng_seed: int = 7) -> list:
    """The article records of ``n`` generated articles, each meeting with the
    story's issue as its topic (the vocabulary's concept when it has one)."""
    from kg.gazetteer import slug
    from kg.types import Topic
    from kg.vocab import load_vocabulary

    labels = {label.casefold(): key for label, key in load_vocabulary().labels().items()}
    vocab = load_vocabulary().concepts
    out = []
    # short texts: a record's facts do not depend on the length
    for story in stories(n, per_day=per_day, rng_seed=rng_seed, length="short"):
        record = truth_record(story)
        key = labels.get(story.issue.casefold())
        topic = Topic(key, vocab[key].label) if key else Topic(slug(story.issue), story.issue, new=True)
        out.append(replace(record, meetings=tuple(replace(m, topics=(topic,)) for m in record.meetings)))
    return out


def records_store(records: list, path: Path, *, batch: int = 1000) -> Path:
    """A new store at ``path`` holding ``records``, resolved across articles
    as `kg build` resolves them and bulk-loaded (article graphs and the
    merged graph). Fast, for benchmarks and tests; `kg build` is the way to
    build a store that later builds add to."""
    import pyoxigraph as ox

    from kg.gazetteer import load_gazetteer
    from kg.rdf.build import article_triples
    from kg.rdf.iris import article_graph_iri
    from kg.resolve import Resolver
    from kg.store import ntriples

    gazetteer = load_gazetteer()
    resolver = Resolver(gazetteer)
    for i in range(0, len(records), batch):
        resolver.apply(records[i:i + batch])
        resolver.commit()
    named, merged = [], set()
    for r in records:
        res = resolver.resolved(r.article.id)
        text = ntriples(article_triples(res.record, meeting_iris=res.meeting_iris, country_name=gazetteer.country_name))
        graph = article_graph_iri(r.article.id).n3()
        named.append(text.replace(" .\n", f" {graph} .\n"))
        merged.update(text.splitlines(keepends=True))
    resolver.close()
    path.mkdir(parents=True, exist_ok=True)
    store = ox.Store(str(path))
    store.bulk_load(("".join(named) + "".join(sorted(merged))).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    return path


# -- the browser ------------------------------------------------------------------------------------
def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    raise SystemExit("chromium not found: run scripts/ensure-chromium.sh")


def open_page(page: Path, profile: Path) -> tuple[float, float | None]:
    """(wall seconds of the browser run, the page's drawn-at milliseconds or
    None if it never drew)."""
    args = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}", "--window-size=1200,800",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9", "--dump-dom", page.as_uri(),
    ]
    t = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, timeout=900)
    took = time.perf_counter() - t
    shutil.rmtree(profile, ignore_errors=True)
    m = re.search(r'data-drawn-ms="(\d+)"', proc.stdout)
    return took, (float(m[1]) if m else None)


def bench_layout(sizes=(1000, 5000, 10000)) -> None:
    import networkx as nx

    from kg.views import layout

    layout(nx.path_graph(200))  # imports (igraph, scipy) are not the layout's cost
    for n in sizes:
        g = nx.gnm_random_graph(n, int(n * 1.5), seed=1)
        t = time.perf_counter()
        layout(g)
        took = time.perf_counter() - t
        print(f"layout of {n:,} nodes, {g.number_of_edges():,} edges: {took:.2f} s ({took / n * 1000:.2f} s per 1,000 nodes)",
              flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--meetings", type=int, nargs="*", default=[1000, 10000, 50000])
    ap.add_argument("--articles", type=int, nargs="*", default=[10000], help="rows of exactly this many articles")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="keep the stores and pages in this directory")
    args = ap.parse_args()

    from kg.store import LocalStore
    from kg.views import write_view

    tmp = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-view-"))
    tmp.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    print(f"chromium: {subprocess.run([chromium(), '--version'], capture_output=True, text=True).stdout.strip()}")
    bench_layout()
    blank = tmp / "blank.html"
    blank.write_text("<!doctype html><html><body>empty</body></html>", encoding="utf-8")
    base = statistics.median(open_page(blank, tmp / f"profile-b{i}")[0] for i in range(args.repeat))
    print(f"empty page: {base:.2f} s (browser start-up)")
    print(f"{'articles':>8s} {'meetings':>8s} {'people':>7s} {'file':>8s} {'write':>7s} {'(cpu)':>7s} {'kg view':>8s} "
          f"{'drawn':>8s} {'wall-start':>10s}  load")
    rows = [round(m / MEETINGS_PER_ARTICLE) for m in args.meetings] + list(args.articles)
    for n in sorted(set(rows)):
        store_dir = tmp / f"store-{n}"
        if not store_dir.exists():
            t = time.perf_counter()
            records_store(corpus_records(n), store_dir)
            print(f"  (store of {n:,} articles built in {time.perf_counter() - t:.1f} s)", flush=True)
        page = tmp / f"view-{n}.html"
        times, cpu = [], []
        for _ in range(args.repeat):
            with LocalStore(store_dir, read_only=True) as st:
                t, c = time.perf_counter(), time.process_time()
                write_view(st, page)
                times.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
        t = time.perf_counter()
        subprocess.run([str(ROOT / ".venv" / "bin" / "kg"), "view", "--store", str(store_dir), "--out", str(tmp / "cli.html")],
                       check=True, capture_output=True)
        cli = time.perf_counter() - t
        html = page.read_text(encoding="utf-8")
        meetings = len(re.findall(r'"https://w3id.org/diplomacy-kg/id/meeting/', html))
        people = html.count('"https://w3id.org/diplomacy-kg/id/person/')
        runs = [open_page(page, tmp / f"profile-{n}-{i}") for i in range(args.repeat)]
        drawn = [ms for _, ms in runs if ms is not None]
        wall = statistics.median(w for w, _ in runs) - base
        shown = f"{statistics.median(drawn) / 1000:7.2f}s" if len(drawn) == len(runs) else "NOT DRAWN"
        load = os.getloadavg()[0]
        print(f"{n:8,d} {meetings:8,d} {people:7,d} {page.stat().st_size / 1e6:6.2f}MB {statistics.median(times):6.2f}s "
              f"{statistics.median(cpu):6.2f}s {cli:7.2f}s {shown:>8s} {wall:9.2f}s  {load:.1f}", flush=True)


if __name__ == "__main__":
    main()
