"""The fault corpus: a new user's bad day, case by case (issue 13).

A full disk (a real tmpfs where this machine lets the test mount one, and
an injected ENOSPC everywhere), each kind of damaged store, a store written
by pyoxigraph 0.4, a SPARQL server killed mid-build, two builds creating one
store at once. For each: the one-line message, the exit code, and what was
kept: every committed article graph and the merged graph equal to a clean
build of the same articles, or, for a store kg must not touch, every byte
of its files as it was.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kg.errors import StoreDamaged, StoreUnwritable, StoreVersionError
from kg.store import LocalStore
from kg.store.faults import store_fault, version_fault

from .conftest import ROOT, SEEDS
from .faults import (
    article_ids, assert_intact, checksum_damage, clean_build, copy_store, delete_current, delete_sst, error_line,
    fill_disk, flip_bytes, graphs_of, kg, snapshot, truncate_manifest, truncate_sst,
)
from .test_crash import write_corpus

OLD_STORE = ROOT / "tests" / "data" / "store-0.4"
STORED = re.compile(r"(\d+) article\(s\) of this run are safely stored \((\d+) in the store\)")


@pytest.fixture(autouse=True)
def shared_pipeline(monkeypatch, nlp):
    """`kg build` run in this process uses the session's spaCy pipeline
    instead of loading its own (the fault paths do not depend on it)."""
    monkeypatch.setattr("kg.nlp.load_pipeline", lambda *a, **kw: nlp)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("faults") / "articles"
    return d, write_corpus(d, 16)


@pytest.fixture(scope="module")
def reference_all(corpus, tmp_path_factory, nlp):
    d, ids = corpus
    return clean_build([d / i for i in ids], tmp_path_factory.mktemp("ref") / "store", nlp)


def _check_stopped_then_resumed(store: Path, corpus, reference_all, nlp, tmp_path, result, *, free, words) -> None:
    """The message and exit code of a build stopped by a write fault (its
    cause in ``words``); the articles it kept; the next build resuming once
    the fault is gone (``free``)."""
    d, ids = corpus
    assert result.exit_code == 1
    line = error_line(result)
    assert f"cannot write to the store '{store}': {words}" in line
    m = STORED.search(line)
    assert m, line
    free()
    kept = article_ids(store)
    assert int(m.group(2)) == len(kept) and 4 + int(m.group(1)) == len(kept) and len(kept) < len(ids)
    # what was kept is a clean build of the same articles
    assert_intact(store, clean_build([d / i for i in sorted(kept)], tmp_path / "ref-kept", nlp))
    again = kg("build", str(d), "--store", str(store))
    assert again.exit_code == 0, again.output
    assert f"Built {len(ids) - len(kept)} article(s), {len(kept)} unchanged" in again.output
    assert_intact(store, reference_all)


@pytest.fixture()
def small_disk(tmp_path):
    """A 16 MiB tmpfs (root only); skipped where no file system can be
    mounted: the injected-ENOSPC test below covers a full disk there."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root; the injected ENOSPC test covers a full disk")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mnt)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()}); the injected ENOSPC test covers a full disk")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def _first_four(corpus, store: Path, nlp) -> Path:
    """``store`` with the corpus's first four articles built into it."""
    from kg.build import build

    d, ids = corpus
    st = LocalStore(store)
    try:
        build([d / i for i in ids[:4]], store=st, nlp=nlp)
    finally:
        st.close()
    return store


def test_a_full_disk_stops_the_build_with_what_it_kept(small_disk, corpus, reference_all, nlp, tmp_path):
    d, _ = corpus
    store = _first_four(corpus, small_disk / "store", nlp)
    balloon = fill_disk(small_disk, leave=400 * 1024)
    result = kg("build", str(d), "--store", str(store))
    # reads still work on the full disk; a second build says the disk is full
    assert kg("meetings", "--store", str(store), "-f", "json").exit_code == 0
    again = kg("build", str(d), "--store", str(store))
    assert again.exit_code == 1 and "the disk holding it is full" in error_line(again)
    _check_stopped_then_resumed(store, corpus, reference_all, nlp, tmp_path, result, free=balloon.unlink,
                                words="the disk holding it is full")


class _FillingEngine:
    """A pyoxigraph Store whose writes fail (as on a full disk, or a file
    system turned read-only) after ``loads`` successful loads."""

    def __init__(self, inner, loads: int, error: str):
        self._inner, self.loads, self.error = inner, loads, error

    def load(self, *args, **kwargs):
        if self.loads <= 0:
            raise OSError(self.error)
        self.loads -= 1
        return self._inner.load(*args, **kwargs)

    def __contains__(self, quad) -> bool:  # not reached through __getattr__
        return quad in self._inner

    def __getattr__(self, name):
        return getattr(self._inner, name)


@pytest.mark.parametrize(
    "error, words",
    [
        ("IO error: No space left on device: While appending to file: /x/000035.log: No space left on device",
         "the disk holding it is full"),
        ("IO error: While appending to file: /x/000035.log: Read-only file system", "its file system is read-only"),
    ],
    ids=["ENOSPC", "EROFS"],
)
def test_an_injected_write_fault_stops_the_build_with_what_it_kept(corpus, reference_all, nlp, tmp_path, monkeypatch, error, words):
    d, _ = corpus
    store = _first_four(corpus, tmp_path / "store", nlp)
    real_open = LocalStore._open_engine
    monkeypatch.setattr("kg.build.BATCH_ARTICLES", 4)  # several commits, the first one kept

    def open_engine(self, **kw):
        return _FillingEngine(real_open(self, **kw), loads=1, error=error)

    monkeypatch.setattr(LocalStore, "_open_engine", open_engine)
    result = kg("build", str(d), "--store", str(store))

    def free():
        monkeypatch.setattr(LocalStore, "_open_engine", real_open)

    if "read-only" in words:  # the same path as a full disk: the message and the count
        assert result.exit_code == 1 and f"cannot write to the store '{store}': {words}" in error_line(result)
        assert STORED.search(error_line(result)).group(2) == str(len(article_ids(store)))
        return
    _check_stopped_then_resumed(store, corpus, reference_all, nlp, tmp_path, result, free=free, words=words)


# -- damaged stores --------------------------------------------------------------------------

DAMAGE = {
    "truncated SST": truncate_sst,
    "deleted SST": delete_sst,
    "truncated MANIFEST": truncate_manifest,
    "checksum damage": checksum_damage,
    "CURRENT missing": delete_current,
}
COMMANDS = [
    ["stats"], ["meetings"], ["people", "-f", "json"], ["query", "who-met-whom"], ["export", "-f", "nq", "-o", "{tmp}/x.nq"],
    ["validate"], ["build", str(SEEDS / "004_bc98bcb75fd451f9.txt")], ["build", "--force", str(SEEDS)],
]


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_store_is_said_so_and_left_as_it_is(seeds_store_copy, tmp_path, damage):
    DAMAGE[damage](seeds_store_copy)
    before = snapshot(seeds_store_copy)
    for command in COMMANDS:
        args = [a.format(tmp=tmp_path) for a in command]
        result = kg(*args, "--store", str(seeds_store_copy))
        assert result.exit_code == 1, (args, result.output)
        line = error_line(result)
        assert f"the store '{seeds_store_copy}' is damaged (" in line, line
        assert "restore it from a backup, or rebuild it" in line
        assert snapshot(seeds_store_copy) == before, f"kg {' '.join(args)} changed the damaged store"
    assert not (tmp_path / "x.nq").exists()


def test_damage_met_while_reading_is_said_so(seeds_store_copy, tmp_path):
    """Checksum damage in data blocks that the open does not read: reported
    by the command that reads them (run as processes: see the note on
    COUNT in the README's fault table)."""
    for p in sorted(seeds_store_copy.glob("*.sst"), key=lambda p: -p.stat().st_size)[:8]:
        flip_bytes(p, 1 / 3)
    for command in (["meetings"], ["people"], ["export", "-f", "nq", "-o", str(tmp_path / "x.nq")]):
        done = subprocess.run(
            [sys.executable, "-m", "kg", *command, "--store", str(seeds_store_copy)],
            capture_output=True, text=True, timeout=300, cwd=tmp_path,
        )
        assert done.returncode == 1, (command, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        lines = [ln for ln in done.stderr.splitlines() if ln.startswith("Error:")]
        assert len(lines) == 1 and "is damaged (Corruption:" in lines[0], done.stderr


def test_a_damaged_resolution_index_is_said_so(seeds_store_copy):
    index = seeds_store_copy / "kg-index.sqlite3"
    index.write_bytes(b"this is no SQLite file" * 100)
    before = graphs_of(seeds_store_copy)
    assert kg("meetings", "--store", str(seeds_store_copy)).exit_code == 0  # reads do not use the index
    result = kg("build", str(SEEDS / "004_bc98bcb75fd451f9.txt"), "--store", str(seeds_store_copy))
    assert result.exit_code == 1
    line = error_line(result)
    assert "the resolution index of the store" in line and "is damaged" in line and "kg build INPUT --force" in line
    assert graphs_of(seeds_store_copy) == before


@pytest.mark.parametrize(
    "text, cls, words",
    [
        ("It is not possible to upgrade read-only Oxigraph instances to newer Oxigraph versions, please open in "
         "read-write regular mode to upgrade.", StoreVersionError, "older Oxigraph"),
        ("The RocksDB database is using the too recent version 2. Upgrade to the latest Oxigraph version to load this "
         "database", StoreVersionError, "newer Oxigraph (storage version 2"),
        ("The RocksDB database is using the outdated encoding version 0. Automated migration is not supported",
         StoreVersionError, "cannot upgrade; rebuild it"),
        ("Corruption: block checksum mismatch: stored = 1, computed = 2 in /a/b/000025.sst", StoreDamaged, "000025.sst"),
        ("IO error: No space left on device: While appending to file: /a/000035.log", StoreUnwritable, "the disk holding it is full"),
        ("IO error: While open a file for appending: /a/LOG: Permission denied", StoreUnwritable, "permission denied"),
        ("IO error: Read-only file system", StoreUnwritable, "read-only"),
    ],
)
def test_engine_messages_are_read_as_faults(text, cls, words):
    """The messages pyoxigraph gives (the 'too recent' one is what
    pyoxigraph 0.4 says of a 0.5 store) map to one fault each."""
    fault = store_fault(RuntimeError(text), "/data/kg-store")
    assert isinstance(fault, cls) and words in str(fault) and "\n" not in str(fault)
    assert store_fault(RuntimeError("Unsupported SPARQL feature"), "/x") is None
    assert version_fault("/x", "anything else") is None


# -- a store written by pyoxigraph 0.4 ----------------------------------------------------------


def test_an_old_store_is_refused_untouched_then_upgraded_on_request(tmp_path):
    import pyoxigraph as ox

    store = copy_store(OLD_STORE / "store", tmp_path / "old")
    before = snapshot(store)
    for command in (["stats"], ["meetings"], ["export", "-f", "ttl", "-o", str(tmp_path / "x.ttl")],
                    ["build", str(SEEDS / "004_bc98bcb75fd451f9.txt")]):
        result = kg(*command, "--store", str(store))
        assert result.exit_code == 1, result.output
        line = error_line(result)
        assert "was written by an older Oxigraph (pyoxigraph 0.4 or earlier; its files name RocksDB 10.3.0)" in line
        assert f"kg build --upgrade-store --store {store}" in line
        assert snapshot(store) == before, f"kg {command[0]} changed the old store"
    result = kg("build", "--upgrade-store", "--store", str(store))
    assert result.exit_code == 0, result.output
    backup = tmp_path / "old.before-upgrade"
    assert f"the old store is kept in {backup}" in result.output
    assert snapshot(backup) == before
    expected = {str(q) for q in ox.parse(gzip.decompress((OLD_STORE / "content.nq.gz").read_bytes()), ox.RdfFormat.N_QUADS)}
    st = LocalStore(store, read_only=True)
    try:
        assert {str(q) for q in st.oxigraph} == expected
    finally:
        st.close()
    assert kg("meetings", "--store", str(store)).exit_code == 0
    assert kg("build", "--store", str(store)).exit_code == 2  # no INPUT without --upgrade-store: a usage error


# -- two builds creating one store ----------------------------------------------------------------

HOLD_LOCK = textwrap.dedent(
    """
    import fcntl, os, sys
    fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
    fcntl.lockf(fd, fcntl.LOCK_EX)
    print("locked", flush=True)
    sys.stdin.readline()
    """
)


def test_a_store_another_build_is_creating_is_said_to_be_in_use(tmp_path):
    store = tmp_path / "new-store"
    store.mkdir()
    (store / "IDENTITY").write_text("x")  # what RocksDB writes first, before CURRENT
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(store / "LOCK")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        for command in (["build", str(SEEDS / "004_bc98bcb75fd451f9.txt")], ["meetings"]):
            result = kg(*command, "--store", str(store))
            assert result.exit_code == 1
            assert "is in use: another kg process is using it (building into it, or creating it); wait for it to finish" in error_line(result)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert sorted(p.name for p in store.iterdir()) == ["IDENTITY", "LOCK"]


def test_a_store_whose_creation_stopped_early_is_built_into(tmp_path, nlp):
    from kg.build import build

    store = tmp_path / "new-store"
    store.mkdir()
    (store / "LOCK").write_text("")
    (store / "IDENTITY").write_text("x")
    st = LocalStore(store)
    try:
        assert len(build([SEEDS / "004_bc98bcb75fd451f9.txt"], store=st, nlp=nlp).built) == 1
    finally:
        st.close()


# -- the write-ahead log after a build ------------------------------------------------------------------


def test_a_build_leaves_no_write_ahead_log_behind(seeds_store_path):
    """The seeds store was built and closed: the log of the writes already
    flushed is gone, and RocksDB's info logs are few."""
    logs = sum(p.stat().st_size for p in seeds_store_path.glob("*.log"))
    assert logs < 64 * 1024, sorted((p.name, p.stat().st_size) for p in seeds_store_path.glob("*.log"))
    assert len(list(seeds_store_path.glob("LOG.old.*"))) <= 3
