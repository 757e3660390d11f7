"""The ordering of the map's results: input order whatever finishes first, and a bounded
number of batches waiting, cached or not."""

from concurrent.futures import Future

from dashboard.preprocessing.build.article_map import KnownParts
from dashboard.preprocessing.build.engines import MapTask, results_in_order
from dashboard.preprocessing.records import RawArticle, Rejection


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
