"""Tables: rows to pandas frames with exactly the columns and types `dashboard.schema` declares."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from dashboard import schema

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
