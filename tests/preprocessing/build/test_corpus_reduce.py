import itertools
from functools import partial

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from dashboard import schema
from dashboard.preprocessing.build import corpus_reduce
from dashboard.preprocessing.build.article_map import NOTHING_KNOWN, processed_article, stages_of
from dashboard.preprocessing.build.corpus_reduce import JOINING_ORDER, STREAMED_TABLES, CorpusReduction, joined_slices, row_runs_of
from dashboard.preprocessing.build.engines import MapTask, encoded_results_of_batch
from dashboard.preprocessing.records import RawArticle, Rejection
from dashboard.preprocessing.sentiment.modes import FAST


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


_STORY = (
    "Defense officials from Seoul, Tokyo and Washington met on Sunday to review the trilateral framework. "
    "Japan said the shared missile warning data would start flowing this year.\n\n"
    "North Korea condemned the exercise, while China urged restraint. “We will not be intimidated,” a spokesman said."
)
_OTHER = (
    "Minoru Kihara welcomed the agreement in Tokyo on Monday and called it a step toward lasting peace in the region.\n\n"
    "Lloyd Austin said the alliance with South Korea had never been stronger, and that the three defense ministers would meet again."
)


def _raws() -> list[RawArticle]:
    """Articles that take every path to an id: a first text, its repost by another outlet and
    its duplicate from the first, an accession number, the same number claimed again."""
    return [
        RawArticle("herald.txt", _STORY, title="Allies review framework", outlet="Korea Herald"),
        RawArticle("blog.txt", _OTHER.replace("Tokyo", "Osaka"), title="A deal in Osaka"),
        RawArticle("export-1.txt", _OTHER, title="Kihara welcomes deal", accession="ACC-1"),
        RawArticle("yonhap.txt", _STORY, title="Allies review framework", outlet="Yonhap"),
        RawArticle("herald-again.txt", _STORY, title="Allies review framework", outlet="Korea Herald"),
        RawArticle("export-2.txt", _OTHER + " Officials in Beijing did not comment.", title="Kihara and Austin", accession="ACC-1"),
    ]


def _tables(reduction: CorpusReduction, rejections: list[Rejection], reference) -> dict[str, pd.DataFrame]:
    frames = reduction.frames(rejections, reference.actors, reference.frames)
    return {**frames, **reduction.sink.tables()}


@pytest.mark.parametrize("chunk_articles", [2, 2000])
@pytest.mark.parametrize("batch_size", [1, 4, 6])
def test_rows_made_in_the_map_are_the_rows_the_reduce_makes(reference, monkeypatch, chunk_articles, batch_size):
    monkeypatch.setattr(corpus_reduce, "CHUNK_ARTICLES", chunk_articles)
    stages = stages_of(reference, FAST)
    raws = _raws()
    made_here, mapped = (CorpusReduction(reference.topic.topic_id, 0.1) for _ in range(2))
    rejected_here = [r for r in (made_here.add(processed_article(raw, stages)) for raw in raws) if r is not None]
    outputs = [output for start in range(0, len(raws), batch_size) for output in encoded_results_of_batch([MapTask(raw) for raw in raws[start:start + batch_size]], stages)]
    decoded = []

    def processed_of(output):
        decoded.append(output.entry.source_path)
        return output.article(NOTHING_KNOWN)

    rejected_mapped = []
    for position, output in enumerate(outputs):
        # An article made here between mapped ones: the rows must stay in input order.
        rejection = (
            mapped.add(output.article(NOTHING_KNOWN)) if position == 1
            else mapped.add_mapped(output.entry, output.rows, partial(processed_of, output))
        )
        if rejection is not None:
            rejected_mapped.append(rejection)
    assert rejected_mapped == rejected_here and [r.source_path for r in rejected_here] == ["herald-again.txt"]
    # Only the repost and the second claim to ACC-1 got another id than the map expected.
    assert decoded == ["yonhap.txt", "export-2.txt"]
    expected, got = _tables(made_here, rejected_here, reference), _tables(mapped, rejected_mapped, reference)
    assert list(got) == list(expected)
    for name in expected:
        pd.testing.assert_frame_equal(got[name], expected[name], obj=name)
    articles = got["articles"].set_index("source_path")["article_id"]
    assert articles["export-1.txt"] == "ACC-1" and articles["yonhap.txt"] != articles["herald.txt"]
    sentences = got["sentences"]
    assert (sentences["sentence_id"].str.rsplit(":", n=1).str[0] == sentences["article_id"]).all()
    assert set(sentences["article_id"]) == set(articles)
