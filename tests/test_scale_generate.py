"""complaintkit.scale.generate: a world's parts built on Dask workers are the world the
sequential stream writes (issue 14 item 4).

The clusters' worker processes are forked here (Dask's ``distributed.worker.multiprocessing-
method``; spawned is Dask's default): a forked worker starts with complaintkit already imported
and warmed up, about 1 s instead of 10-20 s per worker on the busy test machine. The work they
do is the same.
"""

from __future__ import annotations

import json

import dask
import pandas as pd
import pytest

import complaintkit as ck
from complaintkit.generator import shards

distributed = pytest.importorskip("distributed")
scale = pytest.importorskip("complaintkit.scale")

SEED = 5
SHARD = 600  # complaints per shard in these tests (the generator's is 50,000)


@pytest.fixture()
def forked():
    with dask.config.set({"distributed.worker.multiprocessing-method": "fork"}):
        yield


def assert_same_files(a, b) -> None:
    """The same files, byte for byte (their manifests' SHA-256), and the same world."""
    fa = json.loads((a / "world.json").read_text())["files"]
    fb = json.loads((b / "world.json").read_text())["files"]
    assert fa == fb
    wa, wb = ck.read_world(a), ck.read_world(b)
    pairs = [(name, df, wb.tables[name]) for name, df in wa.tables.items()]
    pairs += [(f"truth.{name}", df, wb.truth.tables()[name])
              for name, df in wa.truth.tables().items()]
    for name, x, y in pairs:
        assert (x.dtypes == y.dtypes).all(), name
        if not x.equals(y):  # DataFrame.equals is fast; assert_frame_equal says where
            pd.testing.assert_frame_equal(x, y, check_exact=True, obj=name)


def test_parts_built_by_dask_workers_are_the_sequential_world(monkeypatch, tmp_path, forked):
    """Three shards in two parts on a cluster of two worker processes (the shard size set
    in the workers too, as spawned workers would not share this process's modules)."""
    monkeypatch.setattr(shards, "SHARD_COMPLAINTS", SHARD)
    sc = ck.get_scenario("ecommerce").replace(size={"n_complaints": 1500})
    assert shards.n_shards(sc) == 3
    here = ck.generate(sc, seed=SEED, path=tmp_path / "here", chunk_size=2 * SHARD)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        client.run(exec, "from complaintkit.generator import shards\n"
                         f"shards.SHARD_COMPLAINTS = {SHARD}")
        on_dask = scale.generate(sc, seed=SEED, path=tmp_path / "dask", client=client,
                                 chunk_size=2 * SHARD)
        pids = set(client.run(lambda: __import__("os").getpid()).values())
    manifest = json.loads((on_dask / "world.json").read_text())
    assert manifest["layout"] == "partitioned"
    assert len(manifest["parts"]["complaints"]) == 2  # two shards, then one
    assert len(pids) == 2
    assert_same_files(on_dask, here)
    # and the aggregates read the streamed world as they read one file per table
    w = ck.read_world(on_dask)
    got = scale.kpis(on_dask, "channel")
    want = ck.kpis(ck.complaint_frame(w.complaints, w.surveys), by="channel").table
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9, atol=1e-12)


def test_a_local_cluster_is_made_when_no_client_is_given(tmp_path, forked):
    here = ck.generate(n_complaints=400, seed=2, path=tmp_path / "here")
    on_dask = scale.generate(n_complaints=400, seed=2, path=tmp_path / "dask")
    assert_same_files(on_dask, here)


def test_bad_arguments_are_refused_before_any_work(tmp_path):
    with pytest.raises(TypeError, match="client must be a dask.distributed Client"):
        scale.generate(n_complaints=400, path=tmp_path / "w", client="tcp://localhost:8786")
    with pytest.raises(ValueError, match="chunk_size must be a whole number"):
        scale.generate(n_complaints=400, path=tmp_path / "w", chunk_size=0)
    with pytest.raises(ValueError, match="seed must be a non-negative whole number"):
        scale.generate(n_complaints=400, path=tmp_path / "w", seed=-1)
    assert not (tmp_path / "w").exists()


def test_a_failed_part_leaves_no_world(monkeypatch, tmp_path):
    """A part that fails on a worker: its error is raised, the other parts are cancelled
    and nothing is left in the target's folder."""
    monkeypatch.setattr(shards, "SHARD_COMPLAINTS", SHARD)
    real = shards.build_shard

    def failing(sc, seed, locale, i, *rest):
        if i == 1:
            raise RuntimeError("shard 1 failed")
        return real(sc, seed, locale, i, *rest)

    monkeypatch.setattr(shards, "build_shard", failing)
    sc = ck.get_scenario("ecommerce").replace(size={"n_complaints": 1500})
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        with pytest.raises(RuntimeError, match="shard 1 failed"):
            scale.generate(sc, seed=SEED, path=tmp_path / "w", client=client)
    assert list(tmp_path.iterdir()) == []
