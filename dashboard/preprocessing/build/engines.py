"""Where the map runs: `local` (this machine's cores) or `dask` (a dask.distributed
cluster, `dask_engine.py`). Either way results come back in input order, so a build is
deterministic whatever runs it."""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import islice
from typing import Protocol

from dashboard.preprocessing.build.article_map import (
    NOTHING_KNOWN,
    KnownParts,
    ProcessedArticle,
    Stages,
    processed_article_or_rejection,
    stages_of,
)
from dashboard.preprocessing.build.article_rows import MappedRows, batch_rows_of
from dashboard.preprocessing.build.corpus_reduce import ArticleEntry, entry_of, expected_id_of
from dashboard.preprocessing.build.map_cache import STAGES, decoded_part, encoded_parts
from dashboard.preprocessing.build.options import BuildOptions, no_warnings
from dashboard.preprocessing.records import RawArticle, Rejection
from dashboard.preprocessing.reference import ReferenceData
from dashboard.preprocessing.sentiment.sentence_sentiment import sentence_analysers_loaded

BATCH_SIZE = 64

Result = ProcessedArticle | Rejection


@dataclass(frozen=True)
class EncodedArticle:
    """A processed article as it comes back from a worker: each part computed there pickled
    and compressed once, in the worker, which is what the map cache stores (None for a part
    the task brought from the cache), with what the reduce needs (its entry and its rows,
    made under the id it will most likely get). The build's process decodes the parts only
    when the reduce gives the article another id."""

    parts: tuple[bytes | None, ...]
    entry: ArticleEntry
    rows: MappedRows

    def article(self, known: KnownParts) -> ProcessedArticle:
        return ProcessedArticle(
            *(decoded_part(part) if part is not None else getattr(known, stage) for stage, part in zip(STAGES, self.parts, strict=True))
        )


Output = Result | EncodedArticle


class Pending(Protocol):
    """A batch submitted to a pool or a cluster (a concurrent or a distributed future)."""

    def result(self) -> list[Output]: ...


@dataclass(frozen=True)
class MapTask:
    """One article for the map, with the parts an earlier build left in the cache."""

    raw: RawArticle
    known: KnownParts = NOTHING_KNOWN

    @property
    def fully_known(self) -> bool:
        known = self.known
        return isinstance(known.cleaned, Rejection) or all(
            part is not None for part in (known.cleaned, known.actors, known.sentiment, known.topic_stance)
        )


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cycle collector off in the build's main loop, where results are unpickled
    and rows made by the thousand while the tables grow: its full passes over that heap cost
    more than the work (0.6 s of a 3.3 s rebuild of 1,000 articles). What the stages make
    has no reference cycles, so no pass is forced at the end either: over the record and
    the tables of a rebuild of 10,000 articles, one costs half a second."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def results_of_batch(tasks: list[MapTask], stages: Stages) -> list[Result]:
    return [processed_article_or_rejection(task.raw, stages, task.known) for task in tasks]


def encoded_results_of_batch(tasks: list[MapTask], stages: Stages) -> list[Output]:
    """The batch's results as a worker sends them back, with the rows of its articles. The
    cycle collector is off while the batch runs and its rows are made (the stages make no
    cycles; its passes cost 5% of the map)."""
    with collection_paused():
        results = results_of_batch(tasks, stages)
        processed = [(task, result, entry_of(result)) for task, result in zip(tasks, results, strict=True) if isinstance(result, ProcessedArticle)]
        batch = batch_rows_of([(expected_id_of(entry), result) for _, result, entry in processed], stages.reference.topic.topic_id)
    encoded = (
        EncodedArticle(encoded_parts(result, task.known), entry, MappedRows(batch, position))
        for position, (task, result, entry) in enumerate(processed)
    )
    return [result if isinstance(result, Rejection) else next(encoded) for result in results]


def batches_of(tasks: Iterable[MapTask], size: int) -> Iterator[list[MapTask]]:
    iterator = iter(tasks)
    while batch := list(islice(iterator, size)):
        yield batch


_worker_stages: Stages | None = None


def _start_worker(reference: ReferenceData, options: BuildOptions) -> None:
    global _worker_stages
    # What the worker inherits from the build's process is never garbage: kept out of the
    # cycle collector's passes (and its pages unwritten, so still shared with the parent).
    gc.freeze()
    _worker_stages = stages_of(reference, options.stance_mode, threads=1, tone=options.sentence_tone)


def _results_in_worker(batch: list[MapTask]) -> list[Output]:
    assert _worker_stages is not None, "the worker's initializer makes its stages"
    return encoded_results_of_batch(batch, _worker_stages)


def results_in_order(
    tasks: Iterable[MapTask], stages: Stages, submit: Callable[[list[MapTask]], Pending], max_in_flight: int,
    batch_size: int = BATCH_SIZE,
) -> Iterator[Output]:
    """Batches of the map in input order: each submitted (to a process pool or a cluster)
    unless the cache answers it whole, when it is assembled here and never travels. At most
    `max_in_flight` batches wait, submitted or assembled, so memory does not grow with the
    corpus even when a slow batch heads a long run of cached ones."""
    pending: deque[Pending | list[Result]] = deque()
    for batch in batches_of(tasks, batch_size):
        if all(task.fully_known for task in batch):
            pending.append(results_of_batch(batch, stages))
        else:
            pending.append(submit(batch))
        while pending and (isinstance(pending[0], list) or len(pending) >= max_in_flight):
            done = pending.popleft()
            yield from (done if isinstance(done, list) else done.result())
    while pending:
        done = pending.popleft()
        yield from (done if isinstance(done, list) else done.result())


def results_locally(tasks: Iterable[MapTask], reference: ReferenceData, options: BuildOptions, workers: int) -> Iterator[Output]:
    """The map on `workers` processes of this machine (here, for one), in input order."""
    stages = stages_of(reference, options.stance_mode, tone=options.sentence_tone)
    if stages.tone and workers > 1:
        # The workers fork from this process: loaded here, the analysers are imported once.
        sentence_analysers_loaded()
    if workers <= 1:
        for batch in batches_of(tasks, BATCH_SIZE):
            yield from results_of_batch(batch, stages)
        return
    # The warning callback stays here: it may not pickle, and workers never warn.
    worker_options = replace(options, warn=no_warnings)
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(reference, worker_options)) as pool:
        yield from results_in_order(tasks, stages, lambda batch: pool.submit(_results_in_worker, batch), 2 * workers)
