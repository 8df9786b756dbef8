"""Extraction on Dask beside `--jobs`: the same generated articles built
into a fresh local store three ways, in one process.

    .venv/bin/python scripts/bench_dask.py [--articles 400]

1. `kg build`, one process (``jobs=1``);
2. `kg build --jobs 2` (two forked worker processes that parse and extract);
3. `kg build --dask` on a ``LocalCluster`` of two worker processes (one
   thread each) on 127.0.0.1: parse and extraction on the workers,
   resolution and the store write here.

Printed: seconds and articles/s of each, their ratios to run 1, whether
the three stores hold the same quads, and the load average before and after
(two worker processes only gain when two CPUs are free). Model loading is excluded from runs
1 and 2 (the pipeline is loaded once before); the workers of run 3 load
theirs on a warm-up task before the clock starts.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import machine  # noqa: E402
from bench_corpus import add_length_option, write_jsonl  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=400)
    add_length_option(ap)
    args = ap.parse_args()

    from distributed import Client, LocalCluster

    from kg.build import build
    from kg.dask_map import extract_chunk
    from kg.gazetteer import load_gazetteer
    from kg.nlp import load_pipeline
    from kg.store import LocalStore
    from kg.types import Article

    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-dask-"))
    corpus = tmp / "corpus.jsonl"
    n, words = write_jsonl(corpus, args.articles, length=args.length)
    nlp = load_pipeline(gazetteer=load_gazetteer())
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
    print(f"corpus: {n} generated articles, {words} words ({args.length} length)")
    results = {}

    def run(label, **kw):
        with LocalStore(tmp / label) as st:
            t = time.perf_counter()
            report = build([corpus], store=st, **kw)
            took = time.perf_counter() - t
            assert len(report.built) == n, report.warnings[:3]
            quads = {str(q) for q in st.quads()}
        results[label] = (took, quads)

    run("jobs1", nlp=nlp)
    run("jobs2", nlp=nlp, jobs=2)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=50) as cluster, Client(cluster) as client:
        warm = [Article(id=f"warm-{i}", text="Officials met on Monday.") for i in range(2)]
        client.gather([client.submit(extract_chunk, [a], None, pure=False, workers=[w])
                       for a, w in zip(warm, client.scheduler_info()["workers"])])
        run("dask2", dask=client)
    base = results["jobs1"][0]
    for label, (took, _) in results.items():
        print(f"  {label:6s} {took:7.1f} s  {n / took:6.1f} articles/s  x{took / base:.2f} of one process")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    same = results["jobs1"][1] == results["jobs2"][1] == results["dask2"][1]
    print(f"same quads in all three stores: {same}")


if __name__ == "__main__":
    main()
