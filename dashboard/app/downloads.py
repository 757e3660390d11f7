"""Downloads: tables as CSV that spreadsheets open safely, and all tables as one zip."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

import pandas as pd

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised_text(value: str) -> str:
    """`=HYPERLINK(...)` -> `'=HYPERLINK(...)`: shown as text, never run."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot run as formulas; numeric columns stay numbers."""
    safe = frame.copy()
    for column in safe.columns:
        if pd.api.types.is_string_dtype(safe[column]) or safe[column].dtype == object:
            safe[column] = safe[column].map(lambda value: neutralised_text(value) if isinstance(value, str) else value)
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """RFC 4180 CSV (CRLF line ends, so a cell holding a bare carriage return is quoted
    rather than split), in UTF-8 with a byte-order mark so Excel reads accents right."""
    return spreadsheet_safe(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def zip_bytes(frames: Mapping[str, pd.DataFrame]) -> bytes:
    """Every table as `<name>.csv` in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, frame in frames.items():
            archive.writestr(f"{name}.csv", csv_bytes(frame))
    return buffer.getvalue()
