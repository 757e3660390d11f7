"""The ordering of the map's results: input order whatever finishes first, and a bounded
number of batches waiting, cached or not."""

from concurrent.futures import Future

import pytest

from dashboard.preprocessing.build import engines
from dashboard.preprocessing.build.article_map import KnownParts
from dashboard.preprocessing.build.engines import MapTask, results_in_order
from dashboard.preprocessing.build.options import BuildOptions
from dashboard.preprocessing.records import RawArticle, Rejection
from dashboard.preprocessing.sentiment.modes import ACCURATE, FAST


def _task(index: int, cached: bool) -> MapTask:
    raw = RawArticle(f"a{index}.txt", "")
    # A cached cleaning rejection answers the whole article: the batch never travels.
    return MapTask(raw, KnownParts(cleaned=Rejection(raw.source_path, "cached"))) if cached else MapTask(raw)


class _Pool:
    """Submitted batches come back as futures the test completes in reverse order."""

    def __init__(self) -> None:
        self.futures: list[tuple[Future, list[MapTask]]] = []

    def submit(self, batch: list[MapTask]) -> Future:
        future: Future = Future()
        self.futures.append((future, batch))
        return future

    def finish_all_backwards(self) -> None:
        for future, batch in reversed(self.futures):
            if not future.done():
                future.set_result([Rejection(task.raw.source_path, "computed") for task in batch])


def test_results_keep_input_order_and_say_where_they_came_from(stages):
    pool = _Pool()
    pool.submit = _completing(pool.submit, pool.finish_all_backwards)
    tasks = [_task(index, cached=index % 3 != 0) for index in range(12)]
    results = list(results_in_order(iter(tasks), stages, pool.submit, max_in_flight=3, batch_size=1))
    assert [r.source_path for r in results] == [f"a{index}.txt" for index in range(12)]
    assert [r.reason for r in results] == ["computed" if index % 3 == 0 else "cached" for index in range(12)]


def test_a_slow_batch_ahead_of_cached_ones_holds_back_only_a_few_batches(stages):
    pool = _Pool()
    read = []

    def tasks():
        for index in range(1000):
            read.append(index)
            yield _task(index, cached=index != 0)

    def complete_when_asked():
        # The engine waits for article 0's batch: by then it may have read only a few more.
        assert len(read) <= 4, f"{len(read)} articles read before the first result: the cached ones piled up"
        pool.finish_all_backwards()

    submit = _completing(pool.submit, complete_when_asked)
    assert len(list(results_in_order(tasks(), stages, submit, max_in_flight=4, batch_size=1))) == 1000


def _completing(submit, on_wait):
    """Futures that complete (via `on_wait`) when the engine first waits for one."""

    def wrapped(batch):
        future = submit(batch)
        original = future.result

        def result(timeout=None):
            if not future.done():
                on_wait()
            return original(timeout)

        future.result = result
        return future

    return wrapped


@pytest.mark.parametrize(("stance_mode", "workers", "loaded"), [(ACCURATE, 2, True), (FAST, 2, False), (ACCURATE, 1, False)])
def test_sentence_tone_analysers_are_loaded_before_the_workers_fork(reference, monkeypatch, stance_mode, workers, loaded):
    """With tone and a pool, the analysers (TextBlob's import: 2 s) load in the build's
    process, which the workers fork from; a fast build never loads them."""
    calls = []
    monkeypatch.setattr(engines, "sentence_analysers_loaded", lambda: calls.append(True))
    text = "Seoul and Tokyo signed the trilateral pact on Sunday, and officials in both capitals welcomed it. " * 3
    tasks = [MapTask(RawArticle("a.txt", text))]
    results = list(engines.results_locally(tasks, reference, BuildOptions(stance_mode=stance_mode), workers))
    assert len(results) == 1 and not isinstance(results[0], Rejection)
    assert calls == ([True] if loaded else [])
