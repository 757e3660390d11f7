"""The writing and reading edge: tables on disk as Parquet and CSV.

A build writes every file into a temporary folder beside the output folder and swaps it
in only when all are written, so an interrupted or failed build leaves the previous
tables as they were.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard import schema
from dashboard.preprocessing.tables import typed_frame

MANIFEST = "build.json"


def write_tables_atomically(out: Path, frames: Mapping[str, pd.DataFrame], manifest: Mapping[str, Any]) -> None:
    """Write `<out>/<name>.parquet` and `.csv` for each frame and `build.json`, all or nothing."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        for name, frame in frames.items():
            frame.to_parquet(staging / f"{name}.parquet", index=False)
            frame.to_csv(staging / f"{name}.csv", index=False)
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
        _swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap_in(staging: Path, out: Path) -> None:
    """Replace `out` by `staging` with two renames; the old folder is removed only after."""
    if not out.exists():
        staging.rename(out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.previous-", dir=out.parent))
    retired.rmdir()
    out.rename(retired)
    try:
        staging.rename(out)
    except BaseException:
        retired.rename(out)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def read_table(out: Path, table: schema.Table) -> pd.DataFrame:
    """A table as written by a build, typed as the schema says."""
    return typed_frame(table, pd.read_parquet(out / f"{table.name}.parquet"))


def read_manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / MANIFEST).read_text(encoding="utf-8"))
