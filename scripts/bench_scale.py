"""Does a build cost the same per article at 1,000 and at 100,000 articles?

    .venv/bin/python scripts/bench_scale.py --articles 10000            # the whole build
    .venv/bin/python scripts/bench_scale.py --articles 100000 --records # resolution + store only

The corpus is the generated one of bench_corpus.py (a growing population of
officials and meetings, follow-up reports of earlier meetings). Without
``--records`` every article goes through `kg build` (parse, extraction,
resolution, RDF, store); with it, the generator's own records (what a
perfect extractor makes) go through the resolver and the store writer that
`kg build` uses, which is the part whose cost could grow with the store.

Printed: seconds per ``--window`` articles (first, every tenth of the run,
last), the last window over the first (the issue's target: at most 1.2),
the resident memory then (peak so far, VmHWM), and the time to open the
finished store and resolve one more article into it. Figures are ratios
within one run; nothing is compared with another machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import machine  # noqa: E402
from bench_corpus import stories, truth_record, write_jsonl  # noqa: E402


def progress(marks: list, window: int) -> None:
    """Print the window that just ended (so a long run shows its curve as it goes)."""
    (_, t0, _), (k, t, rss) = marks[-2], marks[-1]
    print(f"    ... {k:9d} articles: {t - t0:7.2f} s for the last {window}, peak RSS {rss:.0f} MB", flush=True)


def peak_rss_mb() -> float:
    for line in open("/proc/self/status", encoding="ascii"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_records(n: int, window: int, store_dir: Path, marks: list) -> None:
    from kg.build import BATCH_ARTICLES, GraphWriter
    from kg.gazetteer import load_gazetteer
    from kg.resolve import Resolver
    from kg.store import LocalStore

    g = load_gazetteer()
    with LocalStore(store_dir) as st:
        index = st.resolution_index()
        writer = GraphWriter(st, Resolver(g, index), country_name=g.country_name)
        batch = []
        marks.append((0, time.perf_counter(), peak_rss_mb()))
        for k, story in enumerate(stories(n), 1):
            batch.append(truth_record(story))
            if len(batch) == BATCH_ARTICLES or k == n:
                writer.write(batch)
                batch = []
            if k % window == 0:
                marks.append((k, time.perf_counter(), peak_rss_mb()))
                progress(marks, window)
        index.close()
        print(f"  earlier articles rewritten because of later ones: {writer.rewritten}")


def run_build(n: int, window: int, store_dir: Path, marks: list, jobs: int) -> None:
    from kg.build import build

    corpus = store_dir.with_suffix(".jsonl")
    _, words = write_jsonl(corpus, n)
    print(f"  corpus: {n} articles, {words} words")
    from kg.gazetteer import load_gazetteer
    from kg.nlp import load_pipeline

    nlp = load_pipeline(gazetteer=load_gazetteer())
    count = [0]

    def on_article(_a):
        count[0] += 1
        if count[0] % window == 0:
            marks.append((count[0], time.perf_counter(), peak_rss_mb()))
            progress(marks, window)

    marks.append((0, time.perf_counter(), peak_rss_mb()))
    from kg.store import LocalStore

    with LocalStore(store_dir) as st:
        report = build([corpus], store=st, nlp=nlp, jobs=jobs, on_article=on_article)
    print(f"  built {len(report.built)}, failed {len(report.failed)}, totals {report.totals}")


def reopen(store_dir: Path) -> float:
    """Seconds to open the store and its index and resolve one more article."""
    from kg.build import GraphWriter
    from kg.gazetteer import load_gazetteer
    from kg.resolve import Resolver
    from kg.store import LocalStore

    g = load_gazetteer()
    extra = truth_record(next(iter(stories(1, rng_seed=99))))
    t = time.perf_counter()
    with LocalStore(store_dir) as st:
        index = st.resolution_index()
        GraphWriter(st, Resolver(g, index), country_name=g.country_name).write([extra])
        index.close()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--window", type=int, default=1000)
    ap.add_argument("--records", action="store_true", help="resolution + store only, on the generator's records")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--store", type=Path, help="store directory (default: a new temporary one)")
    args = ap.parse_args()
    store_dir = args.store or Path(tempfile.mkdtemp(prefix="kg-bench-scale-")) / "store"
    print(f"machine: {machine()}")
    what = "resolution + store (generator's records)" if args.records else f"kg build, jobs={args.jobs}"
    print(f"{what}: {args.articles} generated articles, window {args.window}")
    marks: list[tuple[int, float, float]] = []
    t0 = time.perf_counter()
    if args.records:
        run_records(args.articles, args.window, store_dir, marks)
    else:
        run_build(args.articles, args.window, store_dir, marks, args.jobs)
    total = time.perf_counter() - t0
    steps = [(b[0], b[1] - a[1], b[2]) for a, b in zip(marks, marks[1:])]
    if not steps:
        print("fewer articles than one window")
        return
    show = {0, len(steps) - 1} | {round(i * (len(steps) - 1) / 10) for i in range(11)}
    print(f"  {'articles':>9} {'s/window':>9} {'articles/s':>10} {'peak RSS MB':>11}")
    for i, (k, dt, rss) in enumerate(steps):
        if i in show:
            print(f"  {k:9d} {dt:9.2f} {args.window / dt:10.1f} {rss:11.0f}")
    first, last = steps[0][1], steps[-1][1]
    print(f"last {args.window} / first {args.window}: x{last / first:.2f} (target <= 1.2); "
          f"whole run {total:.0f} s; peak RSS {peak_rss_mb():.0f} MB")
    print(f"open the store of {args.articles} articles and resolve one more: {reopen(store_dir):.2f} s")


if __name__ == "__main__":
    main()
