"""Build throughput against spaCy's own ``nlp.pipe`` on the same articles.

    .venv/bin/python scripts/bench_build.py [--articles 150] [--jobs 1]

Runs, in one process and on the same generated articles (bench_corpus.py):

1. spaCy alone: ``nlp.pipe`` of the bare model (``spacy.load``, the same
   model the build picks), the texts only;
2. the same model with the gazetteer span ruler the build adds;
3. ``kg.build.build`` into a fresh local store (ingest, parse, extract,
   resolve, RDF, store), with the time of each stage after the parse;

and prints articles/s, words/s and the build's time over the parse. The
issue's target: extraction + resolution + storing add at most 25% on top
of the parse (ratio <= 1.25 against run 1). Model loading is excluded from
every figure. Each run is repeated ``--repeat`` times; the best is kept.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_corpus import write_jsonl  # noqa: E402


def machine() -> str:
    import os
    import platform

    cpu = "?"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(int(x.split()[1]) for x in open("/proc/meminfo") if x.startswith("MemTotal")) / 2**20
    except OSError:
        mem = float("nan")
    return f"{os.cpu_count()} CPUs ({cpu}), {mem:.0f} GiB RAM, Python {platform.python_version()}"


def timed_stages():
    """Wrap the post-parse stages of kg.build so their time is summed."""
    import kg.build as kb
    from kg.extract import Extractor
    from kg.index import ResolutionIndex
    from kg.resolve import Resolver

    totals: dict[str, float] = defaultdict(float)

    def wrap(owner, name, stage):
        original = getattr(owner, name)

        def timed(*a, **k):
            t = time.perf_counter()
            try:
                return original(*a, **k)
            finally:
                totals[stage] += time.perf_counter() - t

        setattr(owner, name, timed)

    wrap(Extractor, "__call__", "extract")
    wrap(Resolver, "apply", "resolve")
    wrap(ResolutionIndex, "commit", "resolver index")
    wrap(ResolutionIndex, "write_journal", "resolver index")
    wrap(kb.GraphWriter, "_triples", "rdf triples")
    wrap(ResolutionIndex, "article_hash", "hash lookup")
    wrap(kb, "store_totals", "totals")
    from kg.store import LocalStore

    wrap(LocalStore, "replace_graph", "store write")
    wrap(LocalStore, "replace_graphs", "store write")
    return totals


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=150)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()

    import spacy

    from kg.build import build
    from kg.gazetteer import load_gazetteer
    from kg.nlp import UNUSED_COMPONENTS, default_model_name, load_pipeline
    from kg.store import LocalStore

    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-build-"))
    corpus = tmp / "corpus.jsonl"
    n, words = write_jsonl(corpus, args.articles)
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    model = default_model_name()
    bare = spacy.load(model, exclude=list(UNUSED_COMPONENTS))
    ours = load_pipeline(model, gazetteer=load_gazetteer())
    batch = 8 if args.jobs > 1 else 32

    def parse(nlp) -> float:
        t = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=batch, n_process=args.jobs):
            pass
        return time.perf_counter() - t

    stages = timed_stages()

    def run_build(i: int) -> tuple[float, dict[str, float]]:
        stages.clear()
        with LocalStore(tmp / f"store-{i}") as st:
            t = time.perf_counter()
            report = build([corpus], store=st, nlp=ours, jobs=args.jobs)
            took = time.perf_counter() - t
        assert len(report.built) == n, report.warnings[:3]
        return took, dict(stages)

    t_bare = t_ours = t_build = float("inf")
    best_stages: dict[str, float] = {}
    for i in range(args.repeat):  # interleaved, so drift hits all three alike
        t_bare = min(t_bare, parse(bare))
        t_ours = min(t_ours, parse(ours))
        took, st = run_build(i)
        if took < t_build:
            t_build, best_stages = took, st

    print(f"machine: {machine()}")
    print(f"spaCy model: {model}, spaCy {spacy.__version__}, jobs={args.jobs}, batch_size={batch}")
    print(f"corpus: {n} articles, {words} words (generated, bench_corpus.py), best of {args.repeat}")
    rows = [("spaCy nlp.pipe (bare model)", t_bare), ("spaCy nlp.pipe + gazetteer ruler", t_ours), ("kg build (all stages)", t_build)]
    for label, t in rows:
        print(f"  {label:34s} {t:7.2f} s  {n / t:7.2f} articles/s  {words / t:8.0f} words/s  x{t / t_bare:.3f}")
    stages = ("extract", "resolve", "rdf triples", "store write", "resolver index", "hash lookup", "totals")
    post = sum(v for k, v in best_stages.items() if k in stages)
    print("  build stages after the parse (s):")
    for k in stages:
        print(f"    {k:20s} {best_stages.get(k, 0.0):7.2f}  ({best_stages.get(k, 0.0) / t_bare:6.1%} of the parse)")
    print(f"  ingest + parse inside the build: {t_build - post:.2f} s")
    print(f"overhead of the build over spaCy's own parse: {t_build / t_bare - 1:+.1%} (target <= +25%)")
    print(f"overhead of extract+resolve+store alone: {post / t_bare:.1%} of the parse")


if __name__ == "__main__":
    main()
