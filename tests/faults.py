"""Helpers of the fault tests: what a store holds, byte snapshots of its
files, clean reference builds, the damage done to stores, and running `kg`
as a user would (one error line, no traceback)."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections import defaultdict
from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli
from kg.store import LocalStore


def graphs_of(store: Path) -> tuple[dict[str, set], set]:
    """(article graph IRI -> its triples, the merged default graph) of a
    local store, read-only."""
    import pyoxigraph as ox

    st = LocalStore(store, read_only=True)
    try:
        out: dict[str, set] = defaultdict(set)
        for q in st.quads():
            out[q.graph_name.value].add((str(q.subject), str(q.predicate), str(q.object)))
        merged = {(str(q.subject), str(q.predicate), str(q.object)) for q in st.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    finally:
        st.close()
    return dict(out), merged


def assert_intact(store: Path, reference: tuple[dict[str, set], set]) -> None:
    """Every article graph of ``store`` and its merged graph equal the
    ``reference`` (a clean build of the same articles)."""
    graphs, merged = graphs_of(store)
    ref_graphs, ref_merged = reference
    assert sorted(graphs) == sorted(ref_graphs)
    for g in graphs:
        assert graphs[g] == ref_graphs[g], f"article graph {g} differs from a clean build's"
    assert merged == ref_merged, "the merged graph differs from a clean build's"
    assert merged == set().union(*graphs.values()) if graphs else not merged


def clean_build(paths: list[Path], store: Path, nlp) -> tuple[dict[str, set], set]:
    """The graphs of an uninterrupted build of ``paths`` (in that order)."""
    from kg.build import build

    st = LocalStore(store)
    try:
        report = build(paths, store=st, nlp=nlp)
    finally:
        st.close()
    assert len(report.built) == len(paths), report.warnings
    return graphs_of(store)


def article_ids(store: Path) -> set[str]:
    from kg.rdf.iris import article_id_from_graph

    return {article_id_from_graph(g) for g in graphs_of(store)[0]}


def snapshot(directory: Path) -> dict[str, str]:
    """File name -> SHA-1 of every file of a store directory (the LOCK file
    aside: RocksDB may create it, empty)."""
    return {
        p.name: hashlib.sha1(p.read_bytes()).hexdigest()
        for p in sorted(directory.iterdir()) if p.is_file() and p.name != "LOCK"
    }


def kg(*args: str, env: dict[str, str] | None = None, input: str | None = None):
    """Run `kg ARGS` in this process; the result, checked to have ended by
    an exit of the command (no exception escaped: no traceback)."""
    result = CliRunner().invoke(cli, list(args), env=env, input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"kg {' '.join(args)} raised {result.exception!r}:\n{result.output}"
    )
    return result


def error_line(result) -> str:
    """The one error line of a failed command (and check there is one)."""
    lines = [ln for ln in result.output.splitlines() if ln.startswith("Error:")]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    return lines[0]


# -- damage done to a store ------------------------------------------------------------


def _largest_sst(store: Path) -> Path:
    return max(store.glob("*.sst"), key=lambda p: p.stat().st_size)


def truncate_sst(store: Path) -> None:
    with _largest_sst(store).open("r+b") as fh:
        fh.truncate(1000)


def delete_sst(store: Path) -> None:
    _largest_sst(store).unlink()


def truncate_manifest(store: Path) -> None:
    for p in store.glob("MANIFEST-*"):
        with p.open("r+b") as fh:
            fh.truncate(100)


def flip_bytes(path: Path, at: float) -> None:
    """Overwrite 4 bytes at fraction ``at`` of a file (checksum damage)."""
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(int(size * at))
        fh.write(b"\xff\xff\xff\xff")


def checksum_damage(store: Path) -> None:
    """Damage inside every SST file: found when the store opens (a block
    every open reads) or when a read reaches it."""
    for p in store.glob("*.sst"):
        flip_bytes(p, 1 / 3)


def delete_current(store: Path) -> None:
    (store / "CURRENT").unlink()


def copy_store(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("LOCK"))
    return dst


def fill_disk(directory: Path, leave: int) -> Path:
    """A file that takes all the free space of ``directory``'s file system
    but ``leave`` bytes; remove it to free the space."""
    st = os.statvfs(directory)
    free = (st.f_bfree if os.geteuid() == 0 else st.f_bavail) * st.f_frsize
    balloon = directory / "balloon"
    fd = os.open(balloon, os.O_WRONLY | os.O_CREAT)
    try:
        os.posix_fallocate(fd, 0, max(1, free - leave))
    finally:
        os.close(fd)
    return balloon
