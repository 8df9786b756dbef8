"""Crash safety: `kg build` killed mid-run (SIGKILL, and Ctrl-C as SIGINT)
leaves a store that opens, in which every article present has its complete
graph; running the same build again builds only the missing articles and
ends with exactly the graph of an uninterrupted build. Exports are written
atomically: a writer killed mid-file leaves the old file in place.

The build runs as a real `kg` process on a generated corpus; a small driver
prints "BUILT <id>" after each article is committed and holds the build at
a known point (after some commits, well before the end) until the test's
signal arrives: nothing depends on how fast the build or the test runs.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import textwrap
import threading
from collections import defaultdict
from pathlib import Path

import pytest

from kg.build import GraphWriter
from click.testing import CliRunner

from kg.cli import EXIT_INTERRUPTED, EXIT_OK, cli
from kg.errors import ExportError
from kg.rdf.iris import article_graph_iri
from kg.store import LocalStore

N_ARTICLES = 60
#: Generous bounds so a slow machine does not fail the test; nothing is timed.
START_TIMEOUT = 240
EXIT_TIMEOUT = 60

FIRST = ["Anna", "Boris", "Carla", "Daniel", "Elena", "Felix", "Greta", "Hugo", "Irene", "Jonas", "Karin", "Lukas"]
LAST = [
    "Keller", "Novak", "Ortega", "Petrov", "Quinn", "Rossi", "Sato", "Tanaka", "Ulrich", "Varga", "Weber", "Young",
    "Zeller", "Almeida", "Brandt", "Costa", "Dubois", "Eriksen", "Fischer", "Gallo", "Horvat", "Ivanova", "Jansen",
    "Kowalski", "Lindqvist", "Moreau", "Nielsen", "Olsen", "Pereira", "Rinaldi", "Schmidt", "Torres", "Urban",
    "Vogel", "Walsh", "Yilmaz", "Zimmermann", "Bauer", "Castro", "Dalton",
]
COUNTRIES = [
    ("French", "Paris"), ("German", "Berlin"), ("Italian", "Rome"), ("Spanish", "Madrid"), ("Japanese", "Tokyo"),
    ("Brazilian", "Brasilia"), ("Indian", "New Delhi"), ("Turkish", "Ankara"), ("Polish", "Warsaw"), ("Egyptian", "Cairo"),
]


def write_corpus(directory: Path, n: int = N_ARTICLES) -> list[str]:
    """``n`` short articles, each about a different pair of officials."""
    directory.mkdir(parents=True)
    ids = []
    for i in range(n):
        a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i + 3) % len(COUNTRIES)]
        p1 = f"{FIRST[i % len(FIRST)]} {LAST[(2 * i) % len(LAST)]}{'' if i < 20 else ['ski', 'sson'][i % 2]}"
        p2 = f"{FIRST[(i + 5) % len(FIRST)]} {LAST[(2 * i + 1) % len(LAST)]}{'' if i < 20 else ['berg', 'ova'][i % 2]}"
        name = f"art-{i:03d}.txt"
        (directory / name).write_text(
            f"{a[0]} Foreign Minister {p1} met {b[0]} Foreign Minister {p2} in {b[1]} on Monday to discuss trade "
            f"and energy security, officials said. {p1} said the talks were useful.\n",
            encoding="utf-8",
        )
        ids.append(name)
    return ids


DRIVER = textwrap.dedent(
    """
    import os
    import signal
    import sys

    import kg.build
    import kg.nlp

    # Ctrl-C as a terminal gives it, even when the test run ignores SIGINT
    # (as background jobs and nohup do) and this process inherited that.
    signal.signal(signal.SIGINT, signal.default_int_handler)

    WHERE, AT = os.environ["KG_TEST_HOLD"].split(":")
    AT = int(AT)
    built = []


    def hold():
        # The build stops here until the test's signal arrives (or stdin closes).
        print("HOLD", flush=True)
        sys.stdin.readline()


    _build = kg.build.build


    def build(*args, **kwargs):
        inner = kwargs.get("on_article")

        def on_article(article):
            if inner:
                inner(article)
            built.append(article.id)
            print("BUILT", article.id, flush=True)
            if WHERE == "commit" and len(built) == AT:
                hold()  # the rest of its batch is committed but not counted yet

        kwargs["on_article"] = on_article
        return _build(*args, **kwargs)


    _parse = kg.nlp.parse


    def parse(*args, **kwargs):
        after = 0
        for item in _parse(*args, **kwargs):
            if WHERE == "parse" and len(built) >= AT:
                if after == PENDING:
                    hold()  # PENDING articles extracted since, waiting for their commit
                after += 1
            yield item


    PENDING = int(os.environ["KG_TEST_PENDING"])
    kg.build.build = build
    kg.nlp.parse = parse
    from kg.cli import cli

    cli(sys.argv[1:], prog_name="kg")
    """
)
#: Articles the "parse" hold lets through after the commits it waits for.
PENDING = 3


def quads_by_graph(store: Path) -> dict[str, set[tuple[str, str, str]]]:
    """Article graph IRI -> its triples. Checks on the way that the merged
    default graph holds exactly the union of the article graphs."""
    import pyoxigraph as ox

    st = LocalStore(store)
    try:
        out: dict[str, set] = defaultdict(set)
        for q in st.quads():
            out[str(q.graph_name.value)].add((str(q.subject), str(q.predicate), str(q.object)))
        merged = {(str(q.subject), str(q.predicate), str(q.object)) for q in st._ox.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    finally:
        st.close()
    assert merged == set().union(*out.values()), "the merged default graph is out of step with the article graphs"
    return dict(out)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("crash") / "articles"
    return d, write_corpus(d)


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory, nlp):
    """The graphs of an uninterrupted build of the corpus."""
    from kg.build import build

    store = tmp_path_factory.mktemp("reference") / "store"
    st = LocalStore(store)
    try:
        report = build([corpus[0]], store=st, nlp=nlp)
    finally:
        st.close()
    assert len(report.built) == N_ARTICLES and not report.warnings
    return quads_by_graph(store)


def start_build(tmp_path: Path, corpus_dir: Path, store: Path, hold: str) -> tuple[subprocess.Popen, queue.Queue]:
    """`kg build` in its own process, stopping (until signalled) at ``hold``:
    ``commit:N`` inside the report of its N-th committed article, or
    ``parse:N`` after N commits and :data:`PENDING` more articles extracted."""
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(driver), "build", str(corpus_dir), "--store", str(store)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=dict(os.environ, KG_TEST_HOLD=hold, KG_TEST_PENDING=str(PENDING)),
    )
    lines: queue.Queue = queue.Queue()

    def pump():
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return proc, lines


def wait_for_hold(proc: subprocess.Popen, lines: queue.Queue) -> int:
    """Wait until the build holds; returns how many articles it reported
    committed by then."""
    built = 0
    while True:
        try:
            line = lines.get(timeout=START_TIMEOUT)
        except queue.Empty:
            proc.kill()
            pytest.fail(f"kg build did not reach its hold within {START_TIMEOUT} s")
        if line is None:
            proc.kill()
            pytest.fail(f"kg build ended before its hold, after {built} articles: {proc.stderr.read()}")
        if line.startswith("HOLD"):
            return built
        built += line.startswith("BUILT ")


def stop(proc: subprocess.Popen, sig: int) -> tuple[int, str]:
    """Send ``sig``; the exit code and the standard error."""
    proc.send_signal(sig)
    try:
        code = proc.wait(timeout=EXIT_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail(f"kg build did not stop within {EXIT_TIMEOUT} s of signal {sig}")
    finally:
        proc.stdin.close()
    return code, proc.stderr.read()


def check_store_after_crash(store: Path, reference: dict) -> set[str]:
    """The store opens, and every article graph in it is complete (equal to
    the uninterrupted build's). Returns the article graphs present."""
    graphs = quads_by_graph(store)
    present = set(graphs)
    assert present <= set(reference), present - set(reference)
    for g in present:
        assert graphs[g] == reference[g], f"article graph {g} is not complete after the crash"
    return present


def resume(store: Path, corpus_dir: Path, present: set[str], reference: dict, nlp, monkeypatch) -> None:
    """A second build processes only the missing articles and ends with the
    full, uninterrupted graph."""
    import kg.nlp

    monkeypatch.setattr(kg.nlp, "load_pipeline", lambda model=None, *, gazetteer=None: nlp)
    result = CliRunner().invoke(cli, ["build", str(corpus_dir), "--store", str(store)])
    assert result.exit_code == EXIT_OK, result.output
    missing = N_ARTICLES - len(present)
    assert f"Built {missing} article(s), {len(present)} unchanged" in result.output, result.output
    assert quads_by_graph(store) == reference
    # the summary's size of the store is the store's, whatever the crash left uncounted
    from kg.stats import quad_count, triple_count

    with LocalStore(store, read_only=True) as st:
        assert f"{triple_count(st)} triples ({quad_count(st)} quads in the article graphs)" in result.output


@pytest.mark.slow
def test_sigkill_mid_build_loses_nothing_committed_and_the_next_build_finishes(
    tmp_path, corpus, reference, nlp, monkeypatch
):
    corpus_dir, ids = corpus
    store = tmp_path / "store"
    proc, lines = start_build(tmp_path, corpus_dir, store, hold="commit:5")
    wait_for_hold(proc, lines)
    code, _ = stop(proc, signal.SIGKILL)
    assert code == -signal.SIGKILL
    present = check_store_after_crash(store, reference)
    assert 5 <= len(present) < N_ARTICLES
    resume(store, corpus_dir, present, reference, nlp, monkeypatch)


@pytest.mark.slow
@pytest.mark.parametrize(
    "hold",
    [
        "commit:1",  # between a batch's commit and its count: the count is what was committed
        "parse:1",  # while articles wait for their commit: they are committed, then counted
    ],
)
def test_ctrl_c_mid_build_exits_cleanly_and_the_next_build_finishes(hold, tmp_path, corpus, reference, nlp, monkeypatch):
    corpus_dir, ids = corpus
    store = tmp_path / "store"
    proc, lines = start_build(tmp_path, corpus_dir, store, hold=hold)
    reported = wait_for_hold(proc, lines)
    code, stderr = stop(proc, signal.SIGINT)
    assert code == EXIT_INTERRUPTED, stderr
    assert "Traceback" not in stderr, stderr
    assert "Interrupted after building" in stderr and "Run the same command again" in stderr, stderr
    said = int(stderr.split("Interrupted after building ", 1)[1].split(" ", 1)[0])
    present = check_store_after_crash(store, reference)
    assert said == len(present)
    if hold.startswith("parse"):
        assert len(present) >= reported + PENDING, "articles extracted before the interrupt were not committed"
    assert len(present) < N_ARTICLES
    resume(store, corpus_dir, present, reference, nlp, monkeypatch)


def _interrupt_after(method):
    """``method`` that commits, then is hit by Ctrl-C before it returns: the
    moment an interrupt lands between a commit and its count."""

    def wrapped(self, *args, **kwargs):
        method(self, *args, **kwargs)
        raise KeyboardInterrupt

    return wrapped


@pytest.mark.slow
def test_ctrl_c_right_after_a_batch_commit_counts_the_committed_articles(tmp_path, nlp, monkeypatch):
    import kg.nlp

    corpus_dir = tmp_path / "articles"
    write_corpus(corpus_dir, n=6)
    store = tmp_path / "store"
    monkeypatch.setattr(kg.nlp, "load_pipeline", lambda model=None, *, gazetteer=None: nlp)
    # the commit point: graphs written and the resolution index committed
    monkeypatch.setattr(GraphWriter, "write", _interrupt_after(GraphWriter.write))
    result = CliRunner().invoke(cli, ["build", str(corpus_dir), "--store", str(store)])
    assert result.exit_code == EXIT_INTERRUPTED, result.output
    monkeypatch.undo()
    present = quads_by_graph(store)
    assert present, "the interrupted commit wrote nothing; nothing was tested"
    assert f"Interrupted after building {len(present)} article(s)" in result.output, result.output


@pytest.mark.slow
def test_ctrl_c_right_after_a_single_write_counts_it(tmp_path, nlp):
    """A store without batched writes (a remote one): the article written
    just before the interrupt is counted too, and the report says which."""
    from kg.build import build

    class OneByOne:
        """A local store seen through the interface of a remote one."""

        batch_writes = False

        def __init__(self, inner):
            self._inner = inner

        def __getattr__(self, name):
            return getattr(self._inner, name)

    corpus_dir = tmp_path / "articles"
    ids = write_corpus(corpus_dir, n=3)
    st = LocalStore(tmp_path / "store")
    original = GraphWriter.write
    GraphWriter.write = _interrupt_after(original)
    try:
        with pytest.raises(KeyboardInterrupt) as info:  # a kg.build.BuildInterrupted
            build([corpus_dir], store=OneByOne(st), nlp=nlp)
        graphs = set(st.graphs())
    finally:
        GraphWriter.write = original
        st.close()
    assert graphs == {article_graph_iri(ids[0])}
    report = getattr(info.value, "report", None)
    assert report is not None and report.built == ids[:1]


def test_a_killed_export_leaves_the_previous_file(tmp_path):
    """A writer killed (SIGKILL) halfway through an atomic write leaves the
    old target untouched: readers never see a half-written file."""
    target = tmp_path / "graph.ttl"
    target.write_text("old complete export\n", encoding="utf-8")
    script = textwrap.dedent(
        f"""
        import os, signal
        from kg.fileio import atomic_path
        with atomic_path({str(target)!r}) as tmp:
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.write("half of a new exp")
                fh.flush()
                os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], timeout=EXIT_TIMEOUT)
    assert proc.returncode == -signal.SIGKILL
    assert target.read_text(encoding="utf-8") == "old complete export\n"


def test_a_failed_export_leaves_the_previous_file_and_no_temporary(tmp_path, seeds_store_path, monkeypatch):
    import networkx as nx

    from kg.export import export

    target = tmp_path / "graph.graphml"
    target.write_text("old", encoding="utf-8")

    def broken(g, path, **kw):
        Path(path).write_text("<graphml half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(nx, "write_graphml", broken)
    st = LocalStore(seeds_store_path, read_only=True)
    try:
        with pytest.raises(ExportError, match="No space left on device; free some space"):
            export(st, "graphml", target)
    finally:
        st.close()
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.graphml"]


def test_atomic_files_get_normal_permissions(tmp_path):
    from kg.fileio import write_text

    new = tmp_path / "new.html"
    write_text(new, "x")
    mask = os.umask(0o022)
    os.umask(mask)
    assert new.stat().st_mode & 0o777 == 0o666 & ~mask
    old = tmp_path / "old.html"
    old.write_text("y", encoding="utf-8")
    old.chmod(0o640)
    write_text(old, "z")
    assert old.stat().st_mode & 0o777 == 0o640 and old.read_text(encoding="utf-8") == "z"
