"""Tables: rows to pandas frames with exactly the columns and types `dashboard.schema` declares."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import schema
from dashboard.spreadsheet import arrow_table_of

_PANDAS_DTYPES = {
    schema.STRING: "string",
    schema.INTEGER: "Int64",
    schema.BOOLEAN: "boolean",
    schema.FLOAT: "Float64",
}


def frame_from_rows(table: schema.Table, rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A frame of `table`'s columns, in order, typed; missing dates are NaT, not strings."""
    frame = pd.DataFrame.from_records(list(rows), columns=table.column_names)
    return typed_frame(table, frame)


def typed_frame(table: schema.Table, frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with `table`'s columns in order and their declared types (used on read too)."""
    missing = [name for name in table.column_names if name not in frame.columns]
    if missing:
        raise ValueError(f"table {table.name} lacks columns {missing}")
    typed = {}
    for column in table.columns:
        values = frame[column.name]
        if column.dtype == schema.DATE:
            typed[column.name] = pd.to_datetime(values.replace("", None), format="%Y-%m-%d", errors="coerce")
        elif column.dtype == schema.STRING:
            typed[column.name] = values.astype("string").fillna("")
        else:
            typed[column.name] = values.astype(_PANDAS_DTYPES[column.dtype])
    return pd.DataFrame(typed, columns=table.column_names)


@cache
def arrow_schema_of(table: schema.Table) -> pa.Schema:
    """The Arrow schema of `table`'s typed frames (what its files hold), pandas metadata included."""
    return arrow_table_of(typed_frame(table, pd.DataFrame(columns=table.column_names))).schema


@cache
def _row_schema_of(table: schema.Table) -> pa.Schema:
    typed = arrow_schema_of(table)
    return pa.schema(
        [field.with_type(pa.large_string()) if column.dtype == schema.DATE else field for field, column in zip(typed, table.columns, strict=True)],
        metadata=typed.metadata,
    )


def arrow_rows_of(table: schema.Table, columns: Mapping[str, Sequence[object]]) -> pa.Table:
    """Rows given column by column as an Arrow table of `table`'s types, as `typed_frame`
    types them (missing text is "", a missing or NaN number null), without pandas for
    values of the declared types (three times faster on a build's rows). Dates stay the
    text they were given: `typed_frame` reads them when the table is made a frame."""
    row_schema = _row_schema_of(table)
    arrays = []
    for field, column in zip(row_schema, table.columns, strict=True):
        values = columns[field.name]
        try:
            array = pa.array(values, type=field.type, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            # A value of another type (a number in a text column, say): converted as pandas does.
            dtype = _PANDAS_DTYPES.get(column.dtype, "string")
            array = pa.array(pd.Series(values, dtype=object).astype(dtype).array, type=field.type)
        is_text = pa.types.is_string(field.type) or pa.types.is_large_string(field.type)
        arrays.append(pc.fill_null(array, "") if is_text and array.null_count else array)
    return pa.Table.from_arrays(arrays, schema=row_schema)


def arrow_rows_as(rows: pa.Table, table: schema.Table) -> pa.Table:
    """Rows another process made with `arrow_rows_of`, in this process's row schema (its
    pandas may type text as another Arrow string type)."""
    row_schema = _row_schema_of(table)
    return rows if rows.schema.equals(row_schema, check_metadata=True) else rows.cast(row_schema)
