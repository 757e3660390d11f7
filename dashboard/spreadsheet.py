"""CSV that spreadsheets open safely: what the build writes beside its Parquet files and
what the app's downloads hold. Article text is third-party text: a cell starting as a
formula (`=HYPERLINK(...)`) would run when the file is opened in Excel, LibreOffice or Sheets."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# FORMULA_STARTS (all ASCII) as a lookup table of first bytes.
_FORMULA_FIRST_BYTE = np.zeros(256, dtype=bool)
_FORMULA_FIRST_BYTE[[ord(start) for start in FORMULA_STARTS]] = True
BYTE_ORDER_MARK = "\ufeff".encode()


def neutralised_text(value: str) -> str:
    """`=HYPERLINK(...)` -> `'=HYPERLINK(...)`: shown as text, never run."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _formula_cells(chunk: pa.Array) -> np.ndarray:
    """Which cells of a string array start as a formula, read off each cell's first byte in
    Arrow's buffers: a fifth of the time a regular expression takes over millions of cells."""
    if len(chunk) == 0:
        return np.zeros(0, dtype=bool)
    offset_type = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    _, offsets_buffer, data_buffer = chunk.buffers()
    offsets: np.ndarray = np.frombuffer(offsets_buffer, dtype=offset_type)[chunk.offset : chunk.offset + len(chunk) + 1].astype(np.int64)
    starts, non_empty = offsets[:-1], offsets[1:] > offsets[:-1]
    first_bytes = np.zeros(len(chunk), dtype=np.uint8)
    if data_buffer is not None:
        first_bytes[non_empty] = np.frombuffer(data_buffer, dtype=np.uint8)[starts[non_empty]]
    # A null cell may be flagged too: quoting it gives null again.
    return non_empty & _FORMULA_FIRST_BYTE[first_bytes]


def spreadsheet_safe(table: pa.Table) -> pa.Table:
    """`table` with text cells that cannot run as formulas; numeric columns stay numbers.
    Vectorised, and only a column with a formula in it is new: the sentences of a large
    corpus are millions of cells."""
    for index, field in enumerate(table.schema):
        if not (pa.types.is_string(field.type) or pa.types.is_large_string(field.type)):
            continue
        column = table.column(index)
        formula = [_formula_cells(chunk) for chunk in column.chunks]
        if any(cells.any() for cells in formula):
            quoted = pc.binary_join_element_wise(pa.scalar("'", field.type), column, pa.scalar("", field.type))
            mask = pa.chunked_array([pa.array(cells) for cells in formula], pa.bool_())
            table = table.set_column(index, field.name, pc.if_else(mask, quoted, column))
    return table


def arrow_table_of(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)


def _spreadsheet_schema(schema: pa.Schema) -> pa.Schema:
    """Dates are written as dates (2024-07-29), not timestamps."""
    return pa.schema([field.with_type(pa.date32()) if pa.types.is_timestamp(field.type) else field for field in schema])


# Rows between two checkpoints (the byte offsets of rows that `SpreadsheetCsvWriter` notes
# as it writes): Arrow formats 1,024 rows at a time anyway.
CHECKPOINT_ROWS = 1024


@dataclass(frozen=True)
class CsvCheckpoints:
    """Where rows start in a CSV file: row `rows[i]` at byte `offsets[i]`, the last pair
    the end of the last row (the file's size). Increasing, the first row after the header."""

    rows: np.ndarray
    offsets: np.ndarray

    def aligned_within(self, start: int, stop: int) -> tuple[int, int] | None:
        """The first and last checkpointed rows within rows [start, stop), as far apart as
        they go; None when fewer than two checkpoints fall there."""
        first = int(np.searchsorted(self.rows, start, side="left"))
        last = int(np.searchsorted(self.rows, stop, side="right")) - 1
        if last <= first:
            return None
        return int(self.rows[first]), int(self.rows[last])

    def byte_range(self, start: int, stop: int) -> tuple[int, int]:
        """The bytes of rows [start, stop), both of them checkpointed rows."""
        found = np.searchsorted(self.rows, [start, stop])
        return int(self.offsets[found[0]]), int(self.offsets[found[1]])

    def moved_to(self, start: int, stop: int, row: int, offset: int) -> tuple[np.ndarray, np.ndarray]:
        """The checkpoints of rows [start, stop] moved to begin at `row` and byte `offset`."""
        low, high = np.searchsorted(self.rows, [start, stop])
        return self.rows[low : high + 1] - start + row, self.offsets[low : high + 1] - self.offsets[low] + offset


class SpreadsheetCsvWriter:
    """RFC 4180 CSV (CRLF line ends, so a cell holding a bare carriage return is quoted
    rather than split), in UTF-8 with a byte-order mark so Excel reads accents right,
    written a chunk of rows at a time: the build writes its largest tables as it goes.
    Arrow's writer: pandas' took 0.7 s for the tables of 1,000 articles, this 0.1 s.
    Booleans are written as true and false.

    It notes where rows start every CHECKPOINT_ROWS rows (`checkpoints`), so that a
    rebuild can copy the bytes of rows it keeps (`write_copied`) instead of formatting
    them again: formatting was a third of a rebuild's time."""

    def __init__(self, target: Path | IO[bytes], schema: pa.Schema) -> None:
        self._schema = _spreadsheet_schema(schema)
        # A file Arrow opens itself is written without the GIL: the build writes two tables
        # at once while its main thread works in Python.
        self._handle = pa.OSFile(str(target), "wb") if isinstance(target, Path) else target
        self._owned = isinstance(target, Path)
        try:
            self._handle.write(BYTE_ORDER_MARK)
            self._writer = pyarrow.csv.CSVWriter(self._handle, self._schema, write_options=pyarrow.csv.WriteOptions(eol="\r\n"))
        except BaseException:
            self._release()
            raise
        self._rows: list[np.ndarray] = [np.array([0])]
        self._offsets: list[np.ndarray] = [np.array([self._handle.tell()])]
        self.written = 0  # rows written so far, formatted or copied

    def write(self, table: pa.Table) -> None:
        safe = spreadsheet_safe(table).cast(self._schema)
        for start in range(0, len(safe), CHECKPOINT_ROWS):
            rows = safe.slice(start, CHECKPOINT_ROWS)
            self._writer.write_table(rows)
            self.written += len(rows)
            self._note(np.array([self.written]), np.array([self._handle.tell()]))

    def write_copied(self, pieces: Iterable[bytes | memoryview], checkpoints: CsvCheckpoints, start: int, stop: int) -> None:
        """Rows [start, stop) of an earlier CSV file whose checkpoints (rows `start` and
        `stop` among them) are `checkpoints`, written as `pieces`, that file's bytes from
        row `start` to row `stop`: the rows as `write` would format them again."""
        offset = self._handle.tell()
        for piece in pieces:
            self._handle.write(piece)
        first, last = checkpoints.byte_range(start, stop)
        if self._handle.tell() - offset != last - first:
            raise ValueError(f"{self._handle.tell() - offset} bytes given for rows {start} to {stop}, which take {last - first}")
        self._note(*checkpoints.moved_to(start, stop, self.written, offset))
        self.written += stop - start

    def _note(self, rows: np.ndarray, offsets: np.ndarray) -> None:
        self._rows.append(rows)
        self._offsets.append(offsets)

    @property
    def checkpoints(self) -> CsvCheckpoints:
        rows, offsets = np.concatenate(self._rows), np.concatenate(self._offsets)
        # A copy's first checkpoint repeats the row written last.
        unique = np.r_[True, rows[1:] != rows[:-1]]
        return CsvCheckpoints(rows[unique].astype(np.int64), offsets[unique].astype(np.int64))

    def close(self) -> None:
        try:
            self._writer.close()
        finally:
            self._release()

    def _release(self) -> None:
        if self._owned:
            self._handle.close()


def write_spreadsheet_csv(frame: pd.DataFrame | pa.Table, target: Path | IO[bytes]) -> None:
    """The whole frame as one spreadsheet-safe CSV (see SpreadsheetCsvWriter)."""
    table = frame if isinstance(frame, pa.Table) else arrow_table_of(frame)
    writer = SpreadsheetCsvWriter(target, table.schema)
    try:
        writer.write(table)
    finally:
        writer.close()
