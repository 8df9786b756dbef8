"""Extraction as a map step on Dask: a LocalCluster of two worker processes
(on 127.0.0.1) builds the seeds into the same quads as a local build, both
through the library (a Client) and through `kg build --dask ADDRESS`."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli
from kg.store import LocalStore

from .conftest import SEEDS
from .test_incremental import quads

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=50) as c:
        yield c


def test_two_workers_give_the_same_quads_as_a_local_build(cluster, seeds_store_path, tmp_path, monkeypatch):
    from distributed import Client, get_task_stream

    import kg.dask_map

    monkeypatch.setattr(kg.dask_map, "CHUNK_ARTICLES", 1)  # one article per task: both workers get some
    with Client(cluster) as client, get_task_stream(client) as stream, LocalStore(tmp_path / "store") as st:
        report = build([SEEDS], store=st, dask=client)
        got = quads(st)
    assert sorted(report.built) == sorted(p.name for p in SEEDS.glob("*.txt")) and report.failed == []
    assert len({t["worker"] for t in stream.data}) == 2, "one worker did all the work"
    with LocalStore(seeds_store_path, read_only=True) as ref:
        assert got == quads(ref)


def test_kg_build_dask_address(cluster, seeds_store_path, tmp_path):
    store = tmp_path / "store"
    result = CliRunner().invoke(cli, ["build", str(SEEDS), "--store", str(store), "--dask", cluster.scheduler_address, "--quiet"])
    assert result.exit_code == 0, result.output
    with LocalStore(seeds_store_path, read_only=True) as ref, LocalStore(store, read_only=True) as got:
        assert quads(got) == quads(ref)


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path, monkeypatch):
    import kg.dask_map

    from .test_remote_store import free_port

    monkeypatch.setattr(kg.dask_map, "CONNECT_TIMEOUT", 2)
    result = CliRunner().invoke(cli, ["build", str(SEEDS), "--store", str(tmp_path / "s"), "--dask", f"tcp://127.0.0.1:{free_port()}"])
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler" in result.output
