"""The map on a dask.distributed cluster (`build --engine dask [--scheduler ADDRESS]`).

Reading, the map cache and the reduce stay in this process; batches of raw articles go
to the cluster's workers, which run the same map function as the local engine
(`article_map.processed_article`) and send back the processed articles (encoded once, as
the map cache keeps them) with their rows, collected in input order. Each worker makes its stages once per build. Dask is an optional extra
(`pip install '.[dask]'`); every worker needs coverage-lens installed, at the same
version.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from dashboard.preprocessing.build.article_map import Stages, stages_of
from dashboard.preprocessing.build.engines import MapTask, Output, Pending, encoded_results_of_batch, results_in_order
from dashboard.preprocessing.build.options import BuildOptions, EngineUnavailable
from dashboard.preprocessing.reference import ReferenceData

if TYPE_CHECKING:
    from distributed import Client

# Batches in flight per worker thread: enough to keep every worker busy between results.
IN_FLIGHT_PER_THREAD = 2
# A worker keeps the stages of the build it serves now, made on its first batch.
_stages_of_build: dict[str, Stages] = {}


def _results_on_worker(
    batch: list[MapTask], build_id: str, reference: ReferenceData, stance_mode: str, tone: bool | None,
) -> list[Output]:
    if build_id not in _stages_of_build:
        _stages_of_build.clear()
        _stages_of_build[build_id] = stages_of(reference, stance_mode, threads=1, tone=tone)
    return encoded_results_of_batch(batch, _stages_of_build[build_id])


@contextmanager
def dask_client(scheduler: str | None) -> Iterator[Client]:
    """A client of the cluster at `scheduler`, or of a new LocalCluster (one single-threaded
    worker process per core, no dashboard server) closed with it when none is given."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as missing:
        raise EngineUnavailable("the dask engine needs Dask: pip install 'coverage-lens[dask]' (or '.[dask]' in a clone)") from missing
    if scheduler:
        try:
            client = Client(scheduler)
        except OSError as problem:
            raise EngineUnavailable(f"cannot reach the Dask scheduler at {scheduler} ({problem})") from problem
        with client:
            yield client
        return
    with LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def results_on_dask(tasks: Iterable[MapTask], reference: ReferenceData, options: BuildOptions) -> Iterator[Output]:
    """The map on the cluster, in input order."""
    with dask_client(options.scheduler) as client:
        build_id = uuid.uuid4().hex
        [shared_reference] = client.scatter([reference], broadcast=True)
        threads = sum(client.nthreads().values()) or 1

        def submit(batch: list[MapTask]) -> Pending:
            return client.submit(
                _results_on_worker, batch, build_id, shared_reference, options.stance_mode, options.sentence_tone, pure=False,
            )

        stages = stages_of(reference, options.stance_mode, tone=options.sentence_tone)
        yield from results_in_order(tasks, stages, submit, IN_FLIGHT_PER_THREAD * threads)
