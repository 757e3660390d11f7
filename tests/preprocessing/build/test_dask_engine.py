"""The dask engine: the same map on a dask.distributed cluster gives the same tables."""

import dask
import pandas as pd
import pytest
from distributed import LocalCluster

from benchmarks.build_speed import write_corpus
from dashboard.preprocessing.build import BuildOptions, build_tables
from dashboard.preprocessing.build.options import DASK, EngineUnavailable
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dask-corpus")
    write_corpus(folder / "synthetic", 48, seed=7)
    return [SEEDS, folder / "synthetic"]


def test_a_two_worker_cluster_gives_the_local_engines_tables(corpus, reference, tmp_path):
    local = build_tables(corpus, reference, BuildOptions(workers=1, use_cache=False, stance_mode="fast"))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        options = BuildOptions(engine=DASK, scheduler=cluster.scheduler_address, stance_mode="fast", cache=tmp_path / "cache")
        assert len(cluster.workers) == 2
        on_cluster = build_tables(corpus, reference, options)
    assert len(local["articles"]) > 40
    assert local.keys() == on_cluster.keys()
    for name in local:
        pd.testing.assert_frame_equal(local[name], on_cluster[name], obj=name)


def test_an_unreachable_scheduler_is_a_clear_error(reference):
    options = BuildOptions(engine=DASK, scheduler="tcp://127.0.0.1:9", stance_mode="fast", use_cache=False)
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}), pytest.raises(EngineUnavailable, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"):
        build_tables([SEEDS], reference, options)
