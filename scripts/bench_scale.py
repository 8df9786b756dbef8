"""Does a build cost the same per article at 1,000 and at 100,000 articles?

    .venv/bin/python scripts/bench_scale.py --articles 10000            # the whole build
    .venv/bin/python scripts/bench_scale.py --articles 100000 --records # resolution + store only
    .venv/bin/python scripts/bench_scale.py --articles 300000 --records --no-store  # resolution + index only
    .venv/bin/python scripts/bench_scale.py --records --preload 1000000 --windows 10
    .venv/bin/python scripts/bench_scale.py --preload 1000000 --windows 5 --store DIR  # kg build at 1M

The corpus is the generated one of bench_corpus.py (a growing population of
officials and meetings, follow-up reports of earlier meetings). Without
``--records`` every article goes through `kg build` (parse, extraction,
resolution, RDF, store); with it, the generator's own records (what a
perfect extractor makes) go through the resolver and the store writer that
`kg build` uses, which is the part whose cost could grow with the store;
with ``--no-store`` as well, the graphs are made and dropped, so what is
timed is resolution, the RDF triples and the resolution index alone.

Printed per ``--window`` articles (first, every tenth of the run, last):
wall seconds, CPU seconds of the whole process (the build's thread and the
store engine's background compaction threads) and of the build's thread
alone (with ``--records``, also by stage: resolution, RDF triples, store
write, index commit, and the earlier articles rewritten because a later one
changed how they resolve; first and last window, and the mean of the first
and of the last tenth of the run), the resident memory then (peak so far,
VmHWM) and the load average of the machine. Then the last window over the first (the issue's target: at
most 1.2) in wall and CPU time, and the time to open the finished store and
resolve one more article into it. On a machine shared with other jobs, the
CPU ratio is the steadier one: wall time also counts the waits for a CPU.

``--preload N`` measures the store at N articles without writing N articles
one batch at a time: the first window is written as a build writes (into an
empty store), then articles up to N are resolved into the index in large
batches and their graphs bulk-loaded into the store (Oxigraph's bulk loader,
in a child process, then the store compacted), then ``--windows`` more
windows are written as a build writes, and last a first window into a new
empty store again (a second reference, for drift in the machine's load over
a long run). Peak RSS is taken over the windows after the preload only.
Without ``--records``, the windows are `kg build` runs of the next generated
articles (parse and extraction included), into the preloaded store and into
two new empty stores (the first window and the second reference); a
``--store`` that already holds a store (one a ``--preload`` run left) is
built into as it is, its articles standing for the preload.
Figures are ratios within one run; nothing is compared with another machine.
"""

from __future__ import annotations

import argparse
import io
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import machine  # noqa: E402
from bench_corpus import add_length_option, time_calls, truth_record, write_jsonl  # noqa: E402
from bench_corpus import stories as _stories  # noqa: E402


#: Thread CPU seconds spent so far in each stage of the write path (see :func:`time_stages`).
STAGES: dict[str, float] = {}
#: Earlier articles rewritten so far because a later one changed how they resolve.
REWRITTEN = "earlier articles rewritten"


def time_stages() -> None:
    """Sum the thread CPU time of the stages a build runs after extraction
    (so the growth of a window's cost can be traced to one of them)."""
    from kg.build import GraphWriter
    from kg.index import ResolutionIndex
    from kg.resolve import Resolver
    from kg.store import LocalStore

    def wrap(owner, name, stage):
        STAGES.setdefault(stage, 0.0)
        time_calls(owner, name, STAGES, stage, clock=time.thread_time)

    wrap(Resolver, "apply", "resolve")
    wrap(GraphWriter, "_triples", "RDF triples")
    wrap(LocalStore, "replace_graphs", "store write")
    wrap(IndexOnly, "replace_graphs", "store write")
    wrap(ResolutionIndex, "commit", "index commit")
    wrap(ResolutionIndex, "write_journal", "index commit")
    STAGES[REWRITTEN] = 0
    write = GraphWriter.write

    def counted(self, records):
        before = self.rewritten
        try:
            return write(self, records)
        finally:
            STAGES[REWRITTEN] += self.rewritten - before

    GraphWriter.write = counted


class Marks:
    """Wall, process CPU, thread CPU, peak RSS and load average at each window's end."""

    def __init__(self, window: int):
        self.window = window
        self.rows: list[tuple[int, float, float, float, float, float]] = []
        self.stages: list[dict[str, float]] = []

    def mark(self, k: int, *, show: bool = True) -> None:
        self.rows.append((k, time.perf_counter(), time.process_time(), time.thread_time(), peak_rss_mb(),
                          os.getloadavg()[0]))
        self.stages.append(dict(STAGES))
        if show and len(self.rows) > 1:
            (_, t0, c0, m0, _, _), (k, t, c, m, rss, load) = self.rows[-2], self.rows[-1]
            print(f"    ... {k:9d} articles: {t - t0:7.2f} s wall, {c - c0:7.2f} s CPU ({m - m0:6.2f} s in the build's "
                  f"thread) for the last {self.window}; peak RSS {rss:.0f} MB; load {load:.1f}", flush=True)

    def stage_steps(self) -> dict[int, dict[str, float]]:
        """Articles at a window's end -> thread CPU seconds of each stage in that window."""
        return {b[0]: {k: sb[k] - sa.get(k, 0.0) for k in sb}
                for a, b, sa, sb in zip(self.rows, self.rows[1:], self.stages, self.stages[1:])}

    def steps(self, rows=None) -> list[tuple[int, float, float, float, float, float]]:
        """(articles, wall, CPU, thread CPU, peak RSS, load) of each window."""
        rows = self.rows if rows is None else rows
        return [(b[0], b[1] - a[1], b[2] - a[2], b[3] - a[3], b[4], b[5]) for a, b in zip(rows, rows[1:])]


def peak_rss_mb() -> float:
    for line in open("/proc/self/status", encoding="ascii"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak_rss() -> None:
    """Start a new peak (VmHWM) from the current RSS (Linux 4.0+)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
    except OSError:
        print("  (cannot reset the peak RSS here: the peak covers the whole run)")


def writer_for(store):
    from kg.build import GraphWriter
    from kg.gazetteer import load_gazetteer
    from kg.resolve import Resolver

    g = load_gazetteer()
    index = store.resolution_index()
    return GraphWriter(store, Resolver(g, index), country_name=g.country_name), index


def write_records(writer, records, marks: Marks | None, start: int = 0) -> None:
    """Write ``records`` as `kg build` writes them (batches of BATCH_ARTICLES),
    marking every window."""
    from kg.build import BATCH_ARTICLES

    batch = []
    for k, record in enumerate(records, start + 1):
        batch.append(record)
        if len(batch) == BATCH_ARTICLES:
            writer.write(batch)
            batch = []
        if marks is not None and k % marks.window == 0:
            if batch:
                writer.write(batch)
                batch = []
            marks.mark(k)
    if batch:
        writer.write(batch)


class IndexOnly:
    """A store that keeps only its resolution index and drops the graphs it
    is given (``--no-store``: resolution, RDF triples and the index commit
    alone, without the store engine's cost and its load on the machine)."""

    counts_writes = False

    def __init__(self, path: Path):
        self.path = path
        path.mkdir(parents=True, exist_ok=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass

    def resolution_index(self):
        from kg.index import INDEX_FILE, ResolutionIndex

        return ResolutionIndex(self.path / INDEX_FILE)

    def replace_graphs(self, items) -> int:
        return sum(len(t) for _, t in items)

    def drop_graph(self, graph) -> None:
        pass

    def take_changes(self) -> None:
        return None


def run_records(n: int, window: int, store_dir: Path, marks: Marks, *, store: bool = True) -> None:
    from kg.store import LocalStore

    with (LocalStore if store else IndexOnly)(store_dir) as st:
        writer, index = writer_for(st)
        marks.mark(0)
        write_records(writer, (truth_record(s) for s in stories(n)), marks)
        index.close()
        print(f"  earlier articles rewritten because of later ones: {writer.rewritten}")


def stories(n: int, **kw):
    """The generated stories whose records the records benchmarks write: the
    short texts (a record's facts are the same whatever the length; the text
    only feeds its content hash)."""
    return _stories(n, length="short", **kw)


def run_build(n: int, window: int, store_dir: Path, marks: Marks, jobs: int, length: str = "news", *,
              start: int = 0, nlp=None) -> None:
    """`kg build` of generated articles ``start`` to ``n`` into ``store_dir``,
    marking every ``window`` articles."""
    from kg.build import build

    corpus = store_dir.with_suffix(".jsonl")
    _, words = write_jsonl(corpus, n, length=length, start=start)
    print(f"  corpus: {n - start} articles, {words} words ({length} length)", flush=True)
    if nlp is None:
        nlp = pipeline()
    count = [start]

    def on_article(_a):
        count[0] += 1
        if count[0] % window == 0:
            marks.mark(count[0])

    marks.mark(start, show=not start)
    from kg.store import LocalStore

    with LocalStore(store_dir) as st:
        report = build([corpus], store=st, nlp=nlp, jobs=jobs, on_article=on_article)
    print(f"  built {len(report.built)}, failed {len(report.failed)}, totals {report.totals}")


def pipeline():
    from kg.gazetteer import load_gazetteer
    from kg.nlp import load_pipeline

    return load_pipeline(gazetteer=load_gazetteer())


# -- the preloaded store --------------------------------------------------------------------
class _Chunks(io.RawIOBase):
    """A binary file over an iterator of byte strings (what the bulk loader reads)."""

    def __init__(self, chunks):
        self._chunks, self._buf = iter(chunks), memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while not self._buf:
            nxt = next(self._chunks, None)
            if nxt is None:
                return 0
            self._buf = memoryview(nxt)
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


def preload(store_dir: Path, start: int, stop: int, *, batch: int = 1024) -> None:
    """Articles [start, stop) into the store and its index by a bulk path:
    resolved in batches of ``batch`` (the same resolver and index as a build),
    then every article graph the index holds written again from it (the
    graphs of [start, stop) bulk-loaded, those already in the store replaced
    as a build replaces them where they changed), then the store compacted."""
    import pyoxigraph as ox

    from kg.build import _state
    from kg.rdf.iris import article_graph_iri
    from kg.store import LocalStore, ntriples

    t = time.perf_counter()
    with LocalStore(store_dir) as st:
        writer, index = writer_for(st)
        resolver = writer.resolver
        records = (truth_record(s) for s in itertools.islice(stories(stop), start, None))
        done = start
        while part := list(itertools.islice(records, batch)):
            resolver.apply(part)
            resolver.commit()
            done += len(part)
            if done % 100_000 < batch:
                print(f"    preload: {done} articles resolved ({time.perf_counter() - t:.0f} s)", flush=True)
        held = {str(g) for g in st.graphs()}
        changed = []

        def nquads():
            last = ""
            while ids := index.article_ids(after=last, limit=batch):
                last = ids[-1]
                index.begin()
                out = []
                for aid in ids:
                    res = resolver.resolved(aid)
                    state = _state(res)
                    g = article_graph_iri(aid)
                    if str(g) in held:
                        if index.state(aid) != state:
                            changed.append((g, writer._triples(res)))
                            index.set_state(aid, state)
                        continue
                    text = ntriples(writer._triples(res))
                    out.append(text.replace(" .\n", f" {g.n3()} .\n") + text)
                    index.set_state(aid, state)
                index.commit()
                yield "".join(out).encode("utf-8")

        st.oxigraph.bulk_load(io.BufferedReader(_Chunks(nquads()), 1 << 20), format=ox.RdfFormat.N_QUADS)
        st.replace_graphs(changed)
        print(f"    preload: graphs bulk-loaded ({time.perf_counter() - t:.0f} s); "
              f"{len(changed)} graphs of the first window rewritten", flush=True)
        st.oxigraph.optimize()
        index.close()
    print(f"    preload: {stop - start} articles in {time.perf_counter() - t:.0f} s (store compacted)", flush=True)


def run_preload(n: int, window: int, windows: int, store_dir: Path, marks: Marks) -> list:
    """First window, preload to ``n`` (child process), ``windows`` windows, a new first window."""
    from kg.store import LocalStore

    with LocalStore(store_dir) as st:
        writer, index = writer_for(st)
        marks.mark(0)
        write_records(writer, (truth_record(s) for s in stories(window)), marks)
        index.close()
    subprocess.run([sys.executable, __file__, "--preload-child", str(store_dir), str(window), str(n)], check=True)
    upto = n + windows * window
    records = [truth_record(s) for s in itertools.islice(stories(upto), n, None)]
    reset_peak_rss()
    with LocalStore(store_dir) as st:
        writer, index = writer_for(st)
        marks.mark(n, show=False)
        write_records(writer, records, marks, start=n)
        index.close()
    ref = Path(tempfile.mkdtemp(prefix="kg-bench-scale-ref-")) / "store"
    again = Marks(window)
    with LocalStore(ref) as st:
        writer, index = writer_for(st)
        again.mark(0)
        write_records(writer, (truth_record(s) for s in stories(window)), again)
        index.close()
    return again.steps()


def stored_articles(store_dir: Path) -> int:
    """Articles the resolution index of the store at ``store_dir`` holds (0 if none)."""
    from kg.store import LocalStore

    if not store_dir.exists():
        return 0
    with LocalStore(store_dir) as st:
        index = st.resolution_index()
        try:
            return index.article_count()
        finally:
            index.close()


def run_build_preload(n: int, window: int, windows: int, store_dir: Path, marks: Marks, jobs: int,
                      length: str) -> tuple[list, int]:
    """`kg build` of a first window into an empty store; a store of ``n``
    articles (preloaded as with ``--records``, in a child process, unless
    ``store_dir`` already holds a store: then its articles stand for the
    preload); `kg build` of ``windows`` windows of the next articles into it;
    a first window into a new empty store again. Returns the second
    reference's windows and the articles the store held before the windows."""
    nlp = pipeline()
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-scale-ref-"))
    run_build(20, window, tmp / "warm-up", Marks(window), jobs, length, nlp=nlp)  # first-call costs
    run_build(window, window, tmp / "first", marks, jobs, length, nlp=nlp)
    held = stored_articles(store_dir)
    if held:
        print(f"  the store at {store_dir} holds {held} articles: they stand for the preload", flush=True)
    else:
        subprocess.run([sys.executable, __file__, "--preload-child", str(store_dir), "0", str(n)], check=True)
        held = n
    reset_peak_rss()
    run_build(held + windows * window, window, store_dir, marks, jobs, length, start=held, nlp=nlp)
    again = Marks(window)
    run_build(window, window, tmp / "again", again, jobs, length, nlp=nlp)
    return again.steps(), held


def reopen(store_dir: Path) -> float:
    """Seconds to open the store and its index and resolve one more article."""
    from kg.store import LocalStore

    extra = truth_record(next(iter(stories(1, rng_seed=99))))
    t = time.perf_counter()
    with LocalStore(store_dir) as st:
        writer, index = writer_for(st)
        writer.write([extra])
        index.close()
    return time.perf_counter() - t


def stage_table(marks: Marks, first: int, last: int) -> None:
    """Thread CPU seconds per stage (and earlier articles rewritten) in the
    window ending at ``first`` and at ``last``; with 10 windows or more, also
    the mean per window of the first and of the last tenth of the run."""
    by = marks.stage_steps()
    if not STAGES or first not in by or last not in by:
        return
    ends = sorted(by)
    tenth = len(ends) // 10 if len(ends) >= 10 else 0
    head, tail = ends[:tenth], ends[-tenth:] if tenth else []
    more = f"; mean of the first / last tenth ({tenth} windows each)" if tenth and first == ends[0] else ""
    print(f"  thread CPU s by stage, window ending at {first} / at {last}{more}:")
    for k in by[first]:
        a, b = by[first][k], by[last][k]
        line = f"    {k:26s} {a:7.2f} / {b:7.2f}  x{b / a if a else float('nan'):.2f}"
        if more:
            ha, ta = (sum(by[e][k] for e in part) / tenth for part in (head, tail))
            line += f"   |  {ha:7.2f} / {ta:7.2f}  x{ta / ha if ha else float('nan'):.2f}"
        print(line)


def table(steps, window: int) -> None:
    print(f"  {'articles':>9} {'wall s':>8} {'CPU s':>7} {'thread s':>8} {'articles/s':>10} {'peak RSS MB':>11} {'load':>5}")
    for k, dt, cpu, main, rss, load in steps:
        print(f"  {k:9d} {dt:8.2f} {cpu:7.2f} {main:8.2f} {window / dt:10.1f} {rss:11.0f} {load:5.1f}")


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--preload-child":
        preload(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--window", type=int, default=1000)
    ap.add_argument("--records", action="store_true", help="resolution + store only, on the generator's records")
    ap.add_argument("--no-store", action="store_true",
                    help="with --records: resolution, RDF triples and the index only (the graphs are dropped)")
    ap.add_argument("--preload", type=int,
                    help="the store at this many articles, bulk-loaded from the generator's records (a --store "
                         "that already holds articles stands for it)")
    ap.add_argument("--windows", type=int, default=10, help="with --preload: windows written after it")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--store", type=Path, help="store directory (default: a new temporary one)")
    add_length_option(ap)
    args = ap.parse_args()
    store_dir = args.store or Path(tempfile.mkdtemp(prefix="kg-bench-scale-")) / "store"
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
    time_stages()
    marks = Marks(args.window)
    t0 = time.perf_counter()
    if args.preload:
        if args.records:
            if stored_articles(store_dir):
                ap.error(f"--records --preload needs an empty --store; {store_dir} holds articles")
            print(f"resolution + store (generator's records): first {args.window}, preload to {args.preload}, "
                  f"then {args.windows} windows of {args.window}")
            ref = run_preload(args.preload, args.window, args.windows, store_dir, marks)
            held = args.preload
        else:
            print(f"kg build, jobs={args.jobs}, {args.length} length: first {args.window} into an empty store, "
                  f"a store preloaded to {args.preload}, then {args.windows} windows of {args.window}")
            ref, held = run_build_preload(args.preload, args.window, args.windows, store_dir, marks, args.jobs,
                                          args.length)
        steps = [s for s in marks.steps() if s[0] != held]  # not the preload itself
        first, after = steps[0], steps[1:]
        table(steps, args.window)
        stage_table(marks, first[0], after[-1][0])
        print("  reference, a first window into a new empty store at the end:")
        table(ref, args.window)
        for i, label in ((1, "wall"), (2, "CPU")):
            mean = statistics.fmean(s[i] for s in after)
            print(f"{label}: next {args.window} after {held} / first {args.window}: x{after[0][i] / first[i]:.2f}; "
                  f"mean of the {len(after)} windows after / first: x{mean / first[i]:.2f}; "
                  f"/ the second reference: x{after[0][i] / ref[0][i]:.2f}, mean x{mean / ref[0][i]:.2f}")
        print(f"peak RSS over the windows after the preload: {max(s[4] for s in after):.0f} MB; whole run "
              f"{time.perf_counter() - t0:.0f} s; store {sum(f.stat().st_size for f in store_dir.iterdir()) / 2**30:.1f} GiB")
        return
    if args.no_store and (not args.records or args.preload):
        ap.error("--no-store needs --records (and no --preload)")
    what = "resolution + store (generator's records)" if args.records else f"kg build, jobs={args.jobs}"
    if args.no_store:
        what = "resolution + RDF triples + index, no store (generator's records)"
    print(f"{what}: {args.articles} generated articles, window {args.window}")
    if args.records:
        run_records(args.articles, args.window, store_dir, marks, store=not args.no_store)
    else:
        run_build(args.articles, args.window, store_dir, marks, args.jobs, args.length)
    total = time.perf_counter() - t0
    steps = marks.steps()
    if not steps:
        print("fewer articles than one window")
        return
    show = {0, len(steps) - 1} | {round(i * (len(steps) - 1) / 10) for i in range(11)}
    table([s for i, s in enumerate(steps) if i in show], args.window)
    first, last = steps[0], steps[-1]
    stage_table(marks, first[0], last[0])
    print(f"last {args.window} / first {args.window}: wall x{last[1] / first[1]:.2f}, CPU x{last[2] / first[2]:.2f}, "
          f"build's thread x{last[3] / first[3]:.2f} (target <= 1.2); whole run {total:.0f} s; "
          f"peak RSS {peak_rss_mb():.0f} MB")
    at = {k: rss for k, _, _, _, rss, _ in steps}
    if args.articles >= 100_000 and 10_000 in at:
        print(f"peak RSS at {args.articles} / at 10000: x{at[args.articles] / at[10_000]:.2f} (target <= 1.5)")
    if not args.no_store:
        print(f"open the store of {args.articles} articles and resolve one more: {reopen(store_dir):.2f} s")


if __name__ == "__main__":
    main()
