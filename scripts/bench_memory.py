"""Peak memory (RSS) of the spaCy stage and of `kg build` as the corpus grows.

    .venv/bin/python scripts/bench_memory.py --articles 1000 10000 [--seeds --window 0.34]

For each size the generated corpus of bench_corpus.py (a growing population
of officials and meetings; with ``--seeds`` the seeds repeated instead,
``--window`` keeping a contiguous third of each seed's paragraphs) is written
as .jsonl, then two child processes run on it one after the other:

- ``parse``: the spaCy stage alone, as the build streams it
  (``kg.ingest.iter_articles`` -> ``kg.nlp.parse``), docs discarded;
- ``build``: ``kg build CORPUS --store TMP --quiet`` (all stages, local store).

Peak RSS comes from the kernel (``wait4`` rusage ru_maxrss); RSS is also
sampled every second to show the curve (at 25/50/75/100% of the run).
Growth is sublinear when the peak at 10x the articles is far below 10x.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_corpus import add_length_option, write_jsonl  # noqa: E402

HERE = Path(__file__).resolve()
BIN = Path(sys.executable).parent


def child_parse(corpus: str) -> None:
    from kg.gazetteer import load_gazetteer
    from kg.ingest import iter_articles
    from kg.nlp import load_pipeline, parse

    nlp = load_pipeline(gazetteer=load_gazetteer())
    n = 0
    for _doc, _article in parse(nlp, iter_articles([corpus])):
        n += 1
    print(n)


def run(cmd: list[str]) -> tuple[float, float, list[float]]:
    """Run ``cmd``; returns (seconds, peak RSS MiB, sampled RSS MiB)."""
    import psutil

    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    samples: list[float] = []
    done = threading.Event()

    def sample():
        p = psutil.Process(proc.pid)
        while not done.wait(1.0):
            try:
                samples.append(p.memory_info().rss / 2**20)
            except psutil.Error:
                return

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    _pid, status, usage = os.wait4(proc.pid, 0)
    done.set()
    th.join()
    took = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        raise SystemExit(f"{cmd} failed with exit code {code}")
    return took, usage.ru_maxrss / 1024, samples


def curve(samples: list[float]) -> str:
    if not samples:
        return "-"
    pick = [samples[min(len(samples) - 1, max(0, round(len(samples) * f) - 1))] for f in (0.25, 0.5, 0.75, 1.0)]
    return " / ".join(f"{x:.0f}" for x in pick)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--seeds", action="store_true", help="the seeds repeated instead of the generated corpus")
    ap.add_argument("--window", type=float, default=0.34, help="with --seeds: fraction of each seed's paragraphs (1 = whole seed)")
    ap.add_argument("--child", nargs=2, metavar=("WHAT", "CORPUS"), help=argparse.SUPPRESS)
    add_length_option(ap)
    args = ap.parse_args()
    if args.child:
        child_parse(args.child[1])
        return
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-mem-"))
    results = []
    for n in args.articles:
        corpus = tmp / f"corpus-{n}.jsonl"
        _, words = write_jsonl(corpus, n, window=(args.window if args.window < 1 else 1.0) if args.seeds else None,
                               length=args.length)
        parse = run([sys.executable, str(HERE), "--child", "parse", str(corpus)])
        build = run([str(BIN / "kg"), "build", str(corpus), "--store", str(tmp / f"store-{n}"), "--quiet"])
        results.append((n, words, parse, build))
        print(f"{n} articles ({words} words): spaCy stage peak {parse[1]:.0f} MiB in {parse[0]:.0f} s "
              f"[RSS at 25/50/75/100%: {curve(parse[2])}]; kg build peak {build[1]:.0f} MiB in {build[0]:.0f} s "
              f"[{curve(build[2])}]", flush=True)
        corpus.unlink()
    if len(results) >= 2:
        (n0, _, p0, b0), (n1, _, p1, b1) = results[0], results[-1]
        print(f"articles x{n1 / n0:.0f}: spaCy stage peak RSS x{p1[1] / p0[1]:.2f}, kg build peak RSS x{b1[1] / b0[1]:.2f}")


if __name__ == "__main__":
    main()
