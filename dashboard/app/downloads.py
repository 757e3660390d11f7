"""Downloads: tables as CSV that spreadsheets open safely, and all tables as one zip."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

import pandas as pd

from dashboard.spreadsheet import write_spreadsheet_csv


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as a download: the spreadsheet-safe CSV the build writes too."""
    buffer = io.BytesIO()
    write_spreadsheet_csv(frame, buffer)
    return buffer.getvalue()


def zip_bytes(frames: Mapping[str, pd.DataFrame]) -> bytes:
    """Every table as `<name>.csv` in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, frame in frames.items():
            archive.writestr(f"{name}.csv", csv_bytes(frame))
    return buffer.getvalue()
