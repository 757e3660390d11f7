import itertools

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from dashboard import schema
from dashboard.preprocessing.build.corpus_reduce import JOINING_ORDER, STREAMED_TABLES, joined_slices, row_runs_of


@pytest.mark.parametrize(
    ("article_ids", "expected"),
    [
        ([], ([], [], [])),
        (["a"], (["a"], [0], [1])),
        (["a", "a", "b", "c", "c", "c"], (["a", "b", "c"], [0, 2, 3], [2, 3, 6])),
    ],
)
def test_row_runs_are_each_articles_first_and_past_last_row(article_ids, expected):
    ids, starts, stops = row_runs_of(pa.array(article_ids, pa.large_string()))
    assert (list(ids), starts.tolist(), stops.tolist()) == expected


def _slices(order, previous, new, reused):
    order = pd.Index(order, dtype="string")
    holds = np.asarray([article in reused for article in order], dtype=bool)
    runs = [row_runs_of(pa.array(article_ids, pa.large_string())) for article_ids in (previous, new)]
    return joined_slices(order, holds, *runs)


@pytest.mark.parametrize(
    ("order", "previous", "new", "reused", "expected"),
    [
        # Nothing added: the previous table in one slice.
        (["a", "b"], ["a", "a", "b"], [], ["a", "b"], [(0, 0, 3)]),
        # An article added between two reused ones splits the previous table.
        (["a", "x", "b"], ["a", "b", "b"], ["x", "x"], ["a", "b"], [(0, 0, 1), (1, 0, 2), (0, 1, 3)]),
        # A removed article's rows are skipped; an edited one's come from the new rows.
        (["a", "c"], ["a", "b", "c", "c"], ["c"], ["a"], [(0, 0, 1), (1, 0, 1)]),
        # An article without rows in this table is no slice at all.
        (["a", "b", "c"], ["a", "c"], [], ["a", "b", "c"], [(0, 0, 2)]),
        # The order of the build, not the order of the previous table.
        (["b", "a"], ["a", "b"], [], ["a", "b"], [(0, 1, 2), (0, 0, 1)]),
        ([], [], [], [], []),
    ],
)
def test_joined_slices_take_each_article_from_the_frame_that_holds_it(order, previous, new, reused, expected):
    assert _slices(order, previous, new, set(reused)) == expected


def test_joined_slices_put_every_row_in_place_for_a_large_shuffle():
    rng = np.random.default_rng(3)
    order = [f"a{i}" for i in range(500)]
    reused = set(rng.choice(order, 300, replace=False).tolist())
    previous = [article for article in order if article in reused or rng.random() < 0.3 for _ in range(rng.integers(0, 4))]
    new = [article for article in order if article not in reused for _ in range(rng.integers(0, 4))]
    slices = _slices(order, previous, new, reused)
    rows = [(previous, new)[frame][row] for frame, start, stop in slices for row in range(start, stop)]
    expected = [article for article in order for article in ([article] * (previous if article in reused else new).count(article))]
    assert rows == expected
    # Slices never follow on in one frame: they would have been one slice.
    assert all(not (a[0] == b[0] and a[2] == b[1]) for a, b in itertools.pairwise(slices))


def test_a_rebuild_joins_every_chunked_table_once():
    assert sorted(table.name for table in JOINING_ORDER) == sorted(table.name for table in (schema.ARTICLES, *STREAMED_TABLES))
    assert JOINING_ORDER[:2] == (schema.ARTICLES, schema.SENTENCE_STANCE), "the per-source figures wait for these"
