"""Rows to typed tables: Arrow rows made without pandas are the typed frame's rows."""

import math

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import schema
from dashboard.preprocessing.tables import arrow_rows_as, arrow_rows_of, arrow_schema_of, typed_frame
from dashboard.spreadsheet import arrow_table_of

_TEXT = st.one_of(st.none(), st.text(alphabet=st.sampled_from(list('ab "=,:|\n’中')), max_size=6))
_INTEGER = st.one_of(st.none(), st.integers(-(2**40), 2**40))
_FLOAT = st.one_of(st.none(), st.just(math.nan), st.floats(allow_nan=False, allow_infinity=False))
_BOOLEAN = st.one_of(st.none(), st.booleans())
_DATE = st.sampled_from(["", "2024-07-28", "1999-12-31", "2024-02-30", "not a date"])
_VALUES = {schema.STRING: _TEXT, schema.INTEGER: _INTEGER, schema.FLOAT: _FLOAT, schema.BOOLEAN: _BOOLEAN, schema.DATE: _DATE}


@st.composite
def _columns(draw, table: schema.Table) -> dict[str, list]:
    rows = draw(st.integers(0, 12))
    return {column.name: draw(st.lists(_VALUES[column.dtype], min_size=rows, max_size=rows)) for column in table.columns}


@settings(deadline=None, max_examples=40)
@given(st.data())
def test_arrow_rows_are_the_typed_frames_rows_with_its_schema(data):
    for table in (schema.SENTENCES, schema.TOPIC_STANCE, schema.STANCE, schema.MENTIONS):
        columns = data.draw(_columns(table))
        made = arrow_rows_of(table, columns)
        expected = arrow_table_of(typed_frame(table, pd.DataFrame(columns, columns=table.column_names)))
        assert made.equals(expected, check_metadata=True), table.name
        assert made.schema.equals(arrow_schema_of(table), check_metadata=True)


@settings(deadline=None, max_examples=25)
@given(_columns(schema.ARTICLES))
def test_article_rows_keep_their_dates_as_text_for_the_typed_frame(columns):
    made = arrow_rows_of(schema.ARTICLES, columns)
    assert made.schema.field("published").type == pa.large_string()
    pd.testing.assert_frame_equal(
        typed_frame(schema.ARTICLES, made.to_pandas()), typed_frame(schema.ARTICLES, pd.DataFrame(columns, columns=schema.ARTICLES.column_names)),
    )


def _sentence_columns(**given) -> dict[str, list]:
    columns = {
        "article_id": ["a"], "sentence_id": ["a:0"], "position": [0], "paragraph": [0], "text": ["Seoul said so."], "is_quote": [False],
        "polarity": [0.5], "subjectivity": [None], "vader_compound": [math.nan],
    }
    return {**columns, **given}


@pytest.mark.parametrize(
    "given",
    [
        {"text": [7]},  # a number in a text column
        {"text": [None]},
        {"position": [True]},  # a bool in an integer column
        {"is_quote": [1]},
        {"polarity": [np.bool_(True)]},
        {"subjectivity": [2**60 + 1]},  # an integer a float cannot hold exactly
    ],
)
def test_a_value_of_another_type_is_converted_as_the_typed_frame_converts_it(given):
    columns = _sentence_columns(**given)
    expected = arrow_table_of(typed_frame(schema.SENTENCES, pd.DataFrame(columns)))
    assert arrow_rows_of(schema.SENTENCES, columns).equals(expected, check_metadata=True)


def test_rows_another_process_typed_are_given_this_processs_schema():
    rows = arrow_rows_of(schema.SENTENCES, _sentence_columns())
    elsewhere = pa.schema([field.with_type(pa.string()) if pa.types.is_large_string(field.type) else field for field in rows.schema])
    assert arrow_rows_as(rows.cast(elsewhere).replace_schema_metadata(None), schema.SENTENCES).equals(rows, check_metadata=True)
    assert arrow_rows_as(rows, schema.SENTENCES) is rows
