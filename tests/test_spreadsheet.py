"""The CSV writer's checkpoints (where rows start) and its copying of rows from an earlier
file: rows copied byte for byte read exactly as the same rows formatted again."""

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import spreadsheet
from dashboard.spreadsheet import CsvCheckpoints, SpreadsheetCsvWriter

# Cells that need quoting, formulas to neutralise, line breaks inside a cell, accents.
_TEXT = st.one_of(st.none(), st.text(alphabet=st.sampled_from(list('ab "=,+-\r\n\tçé中’')), max_size=8))
_ROWS = st.lists(
    st.tuples(_TEXT, st.one_of(st.none(), st.integers(-10**6, 10**6)), st.one_of(st.none(), st.floats(allow_nan=False, width=32)),
              st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1)))),
    max_size=40,
)


def _table(rows):
    text, number, score, published = (list(column) for column in zip(*rows, strict=True)) if rows else ([], [], [], [])
    return pa.table({
        "text": pa.array(text, pa.large_string()), "n": pa.array(number, pa.int64()), "score": pa.array(score, pa.float64()),
        "published": pa.array([None if day is None else dt.datetime(day.year, day.month, day.day) for day in published], pa.timestamp("ns")),
    })


def _written(path, table, pieces=(None,)):
    writer = SpreadsheetCsvWriter(path, table.schema)
    start = 0
    for stop in [*(p for p in pieces if p is not None), len(table)]:
        writer.write(table.slice(start, stop - start))
        start = stop
    writer.close()
    return writer.checkpoints


@settings(deadline=None, max_examples=60)
@given(rows=_ROWS, data=st.data())
def test_every_checkpoint_is_where_its_row_starts_and_copied_rows_read_as_formatted_rows(tmp_path_factory, rows, data):
    folder = tmp_path_factory.mktemp("csv")
    table = _table(rows)
    cut = data.draw(st.integers(0, len(table)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spreadsheet, "CHECKPOINT_ROWS", 3)
        checkpoints = _written(folder / "first.csv", table, (cut,))
        written = (folder / "first.csv").read_bytes()
        assert checkpoints.rows[0] == 0 and checkpoints.rows[-1] == len(table)
        assert checkpoints.offsets[-1] == len(written)
        assert np.all(np.diff(checkpoints.rows) > 0) and np.all(np.diff(checkpoints.offsets) >= 0)
        # Each checkpoint's bytes on are what the rows from it on give on their own.
        for row, offset in zip(checkpoints.rows.tolist(), checkpoints.offsets.tolist(), strict=True):
            alone = folder / f"from_{row}.csv"
            _written(alone, table.slice(row))
            header = len(alone.read_bytes()) - (len(written) - offset)
            assert alone.read_bytes()[header:] == written[offset:]
        # Any span: formatted head, copied middle, formatted tail, as the writer's own.
        start = data.draw(st.integers(0, len(table)))
        stop = data.draw(st.integers(start, len(table)))
        aligned = checkpoints.aligned_within(start, stop)
        again = SpreadsheetCsvWriter(folder / "again.csv", table.schema)
        if aligned is None:
            again.write(table.slice(start, stop - start))
        else:
            first, last = aligned
            assert start <= first < last <= stop
            again.write(table.slice(start, first - start))
            begin, end = checkpoints.byte_range(first, last)
            again.write_copied([written[begin:end]], checkpoints, first, last)
            again.write(table.slice(last, stop - last))
        again.close()
        _written(folder / "fresh.csv", table.slice(start, stop - start))
        assert (folder / "again.csv").read_bytes() == (folder / "fresh.csv").read_bytes()
        # And the new file's checkpoints hold in turn, copied rows included.
        redone = again.checkpoints
        assert redone.rows[-1] == stop - start and redone.offsets[-1] == len((folder / "again.csv").read_bytes())
        # Written a row at a time, the fresh file has a checkpoint at every row.
        every_row = _written(folder / "fresh.csv", table.slice(start, stop - start), tuple(range(1, stop - start)))
        assert dict(zip(redone.rows.tolist(), redone.offsets.tolist(), strict=True)).items() <= dict(
            zip(every_row.rows.tolist(), every_row.offsets.tolist(), strict=True)).items()


@pytest.mark.parametrize(
    ("start", "stop", "expected"),
    [(0, 10, (0, 10)), (1, 10, (4, 10)), (1, 7, None), (0, 4, (0, 4)), (5, 9, None), (4, 8, (4, 8)), (3, 9, (4, 8))],
)
def test_the_checkpoints_within_a_span_are_its_widest_aligned_part(start, stop, expected):
    checkpoints = CsvCheckpoints(np.array([0, 4, 8, 10]), np.array([12, 40, 80, 99]))
    assert checkpoints.aligned_within(start, stop) == expected


def test_copied_rows_given_the_wrong_number_of_bytes_are_refused(tmp_path):
    table = _table([("a", 1, 0.5, None), ("b", 2, None, dt.date(2024, 7, 29))])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spreadsheet, "CHECKPOINT_ROWS", 1)
        checkpoints = _written(tmp_path / "first.csv", table)
    writer = SpreadsheetCsvWriter(tmp_path / "again.csv", table.schema)
    begin, end = checkpoints.byte_range(0, 2)
    with pytest.raises(ValueError, match="bytes given"):
        writer.write_copied([(tmp_path / "first.csv").read_bytes()[begin : end - 1]], checkpoints, 0, 2)
    writer.close()
