"""`kg build --jobs N`: parse and extraction in N forked worker processes.

The result is the one of a 1-process build (same quads, same order of
articles); an article that fails in a worker (an extractor error, a parse
error, a worker process that dies) is reported and the rest of the batch is
built; Ctrl-C stops the build and its workers, and the next build finishes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.build import CHUNK_ARTICLES, TASKS_PER_WORKER, build
from kg.store import LocalStore
from tests.test_crash import DRIVER, EXIT_TIMEOUT, PENDING, quads_by_graph, wait_for_hold, write_corpus

#: More articles than the chunks two workers hold in flight, so chunks are
#: handed out again as results come back.
N = 2 * CHUNK_ARTICLES * TASKS_PER_WORKER + 5

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="--jobs forks worker processes where fork exists")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("jobs") / "articles"
    return d, write_corpus(d, n=N)


def run(corpus_dir: Path, store: Path, nlp, jobs: int, order: list | None = None):
    with LocalStore(store) as st:
        report = build([corpus_dir], store=st, nlp=nlp, jobs=jobs,
                       on_article=(lambda a: order.append(a.id)) if order is not None else None)
    return report, quads_by_graph(store)


@pytest.fixture(scope="module")
def one_process(corpus, nlp, tmp_path_factory):
    order: list[str] = []
    report, graphs = run(corpus[0], tmp_path_factory.mktemp("one") / "store", nlp, 1, order)
    assert len(report.built) == N and not report.warnings
    return order, graphs


def test_jobs_2_gives_the_quads_and_order_of_one_process(corpus, one_process, nlp, tmp_path):
    order: list[str] = []
    report, graphs = run(corpus[0], tmp_path / "store", nlp, 2, order)
    assert not report.warnings and not report.failed
    assert order == one_process[0]
    assert graphs == one_process[1]


def _without(graphs: dict, article_id: str) -> dict:
    return {g: t for g, t in graphs.items() if not g.endswith(article_id)}


def _parent_pid_check():
    parent = os.getpid()
    return lambda: os.getpid() != parent  # True in a worker process only


def test_an_extractor_error_in_a_worker_fails_that_article_only(corpus, nlp, tmp_path, monkeypatch):
    from kg.extract import Extractor

    corpus_dir, ids = corpus
    victim = ids[CHUNK_ARTICLES + 2]
    in_worker = _parent_pid_check()
    original = Extractor.__call__

    def call(self, doc, article):
        if article.id == victim and in_worker():
            raise ValueError("injected extractor error")
        return original(self, doc, article)

    monkeypatch.setattr(Extractor, "__call__", call)  # the forked workers inherit it
    reference = run(corpus_dir, tmp_path / "ref", nlp, 1)[1]
    report, graphs = run(corpus_dir, tmp_path / "store", nlp, 2)
    assert len(report.failed) == 1 and victim in report.failed[0] and "injected extractor error" in report.failed[0]
    assert len(report.built) == N - 1 and victim not in report.built
    assert any("internal error" in w and victim in w for w in report.warnings), report.warnings
    assert graphs == _without(reference, victim)  # each article of the corpus is about its own pair


def test_a_parse_error_in_a_worker_fails_that_article_and_not_its_chunk(corpus, nlp, tmp_path, monkeypatch):
    import kg.build

    corpus_dir, ids = corpus
    victim = ids[3]  # inside the first chunk
    original = kg.build._parse

    def parse(nlp_, articles):
        if any(a.id == victim for a in articles):
            raise RuntimeError("injected parse error")
        return original(nlp_, articles)

    monkeypatch.setattr(kg.build, "_parse", parse)
    report, graphs = run(corpus_dir, tmp_path / "store", nlp, 2)
    assert len(report.failed) == 1 and victim in report.failed[0] and "injected parse error" in report.failed[0]
    assert sorted(report.built) == sorted(i for i in ids if i != victim)
    assert len(graphs) == N - 1


def test_a_worker_process_that_dies_fails_only_the_article_that_killed_it(corpus, one_process, nlp, tmp_path,
                                                                         monkeypatch):
    from kg.extract import Extractor

    corpus_dir, ids = corpus
    victim = ids[2 * CHUNK_ARTICLES + 1]
    in_worker = _parent_pid_check()
    original = Extractor.__call__

    def call(self, doc, article):
        if article.id == victim and in_worker():
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
        return original(self, doc, article)

    monkeypatch.setattr(Extractor, "__call__", call)
    order: list[str] = []
    report, graphs = run(corpus_dir, tmp_path / "store", nlp, 2, order)
    assert len(report.failed) == 1 and victim in report.failed[0], report.failed
    assert "worker process parsing it stopped" in report.failed[0]
    assert order == [i for i in one_process[0] if i != victim]  # every other article, in order
    reference = one_process[1]
    assert graphs == {g: t for g, t in reference.items() if g in graphs} and len(graphs) == N - 1


def _children(pid: int) -> set[int]:
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status:
                out.add(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads worker processes from /proc")
def test_ctrl_c_stops_the_build_and_its_workers_and_the_next_build_finishes(corpus, one_process, nlp, tmp_path,
                                                                           monkeypatch):
    from click.testing import CliRunner

    import kg.nlp
    from kg.cli import EXIT_INTERRUPTED, EXIT_OK, cli

    corpus_dir, ids = corpus
    store = tmp_path / "store"
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(driver), "build", str(corpus_dir), "--store", str(store), "--jobs", "2"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
        env=dict(os.environ, KG_TEST_HOLD="commit:3", KG_TEST_PENDING=str(PENDING)),
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    import queue
    import threading

    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: ([lines.put(x) for x in proc.stdout], lines.put(None)), daemon=True).start()
    wait_for_hold(proc, lines)
    workers = _children(proc.pid)
    assert len(workers) == 2, f"expected two worker processes, found {workers}"
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
    try:
        code = proc.wait(timeout=EXIT_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        pytest.fail(f"kg build --jobs 2 did not stop within {EXIT_TIMEOUT} s of Ctrl-C")
    finally:
        proc.stdin.close()
    stderr = proc.stderr.read()
    assert code == EXIT_INTERRUPTED, stderr
    assert "Traceback" not in stderr, stderr
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "worker processes outlived the interrupted build"

    present = quads_by_graph(store)
    reference = one_process[1]
    assert 3 <= len(present) < N
    assert all(present[g] == reference[g] for g in present)
    monkeypatch.setattr(kg.nlp, "load_pipeline", lambda model=None, *, gazetteer=None: nlp)
    result = CliRunner().invoke(cli, ["build", str(corpus_dir), "--store", str(store), "--jobs", "2"])
    assert result.exit_code == EXIT_OK, result.output
    assert quads_by_graph(store) == reference
