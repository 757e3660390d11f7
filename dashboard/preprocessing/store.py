"""The writing and reading edge: tables on disk as Parquet and CSV.

A build writes every file into a temporary folder beside the output folder and swaps it
in only when all are written, so an interrupted or failed build leaves the previous
tables as they were. A lock file beside the output lets one build write at a time and
tells it that staging folders it finds are debris of a killed build, to be removed.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from dashboard import schema
from dashboard.file_lock import exclusive_lock
from dashboard.preprocessing.tables import typed_frame
from dashboard.spreadsheet import arrow_table_of, write_spreadsheet_csv

MANIFEST = "build.json"


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold `.<out>.lock` beside the output folder: one build writes there at a time, and
    whoever holds the lock knows that any staging folder left beside it is debris."""
    lock_path = out.parent / f".{out.name}.lock"
    with lock_path.open("a") as handle, exclusive_lock(handle):
        yield


FOLDER_MODE = 0o777


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def tables_restored_from_a_killed_swap(out: Path) -> bool:
    """Put the previous tables back when a build was killed between its two renames (the
    output gone, the old folder retired); True when it did."""
    if out.exists():
        return False
    retired = out.parent.glob(f".{out.name}.previous-*")
    complete = [folder for folder in retired if (folder / MANIFEST).is_file()]
    if not complete:
        return False
    max(complete, key=lambda folder: folder.stat().st_mtime).rename(out)
    return True


def previous_tables_restored(out: Path) -> None:
    """Before a build makes anything inside `out` (its map cache), put back the tables a
    killed swap retired, under the build lock, so that they are not taken for debris."""
    out = out.resolve()
    if out.parent.is_dir():
        with build_lock(out):
            tables_restored_from_a_killed_swap(out)


def debris_of_killed_builds(out: Path) -> list[Path]:
    """Staging and retired folders that a killed build left beside `out`."""
    return sorted(
        path for pattern in (f".{out.name}.building-*", f".{out.name}.previous-*") for path in out.parent.glob(pattern) if path.is_dir()
    )


def write_tables_atomically(
    out: Path, frames: Mapping[str, pd.DataFrame], manifest: Mapping[str, Any], extra_files: Mapping[str, str] | None = None,
    carried: Sequence[str] = (),
) -> None:
    """Write `<out>/<name>.parquet` and `.csv` for each frame, `build.json` and any extra
    text files, all or nothing; the entries of `out` named in `carried` (the map cache) move
    to the new folder. Under the build lock, debris of killed builds goes first."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(out):
        tables_restored_from_a_killed_swap(out)
        for debris in debris_of_killed_builds(out):
            shutil.rmtree(debris, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
        # mkdtemp makes the folder private (0700); the tables must stay readable by the app
        # and by the other users of the machine, as any folder the user makes would be.
        staging.chmod(FOLDER_MODE & ~_umask())
        try:
            write_table_files(staging, frames)
            for name, text in (extra_files or {}).items():
                (staging / name).write_text(text, encoding="utf-8")
            (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
            for name in carried:
                if (out / name).exists():
                    (out / name).rename(staging / name)
            _swap_in(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


# Tables written at once: Arrow's writers let go of the GIL, so two use both cores.
WRITERS = 2
# LZ4 (LZ4_RAW, read by Arrow, DuckDB, Polars and Spark) decompresses in a third of
# Snappy's time for 13% more bytes: the app and a rebuild read every table.
PARQUET_COMPRESSION = "lz4"


def write_table_files(folder: Path, frames: Mapping[str, pd.DataFrame]) -> None:
    """`<name>.parquet` and `<name>.csv` of each frame in `folder`, each made from one Arrow
    copy of the frame, the largest tables first so that the writers finish together."""

    def write(name: str) -> None:
        table = arrow_table_of(frames[name])
        pq.write_table(table, folder / f"{name}.parquet", compression=PARQUET_COMPRESSION)
        write_spreadsheet_csv(table, folder / f"{name}.csv")

    largest_first = sorted(frames, key=lambda name: -len(frames[name]))
    writers = ThreadPoolExecutor(WRITERS)
    try:
        for written in [writers.submit(write, name) for name in largest_first]:
            written.result()
    finally:
        # On a failure or Ctrl-C the tables not begun are not written.
        writers.shutdown(cancel_futures=True)


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
    """A table as written by a build, typed as the schema says; only `table`'s columns are
    read (see `schema.Table.restricted_to`).

    Each column comes in one Arrow chunk: taking a few rows of a column in many chunks
    copies the whole column first (a third of a second for the sentences of 100,000
    articles), so the app's lookups of rows would cost that each time.
    """
    arrow = pq.read_table(out / f"{table.name}.parquet", columns=table.column_names).combine_chunks()
    return typed_frame(table, arrow.to_pandas())


def read_manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / MANIFEST).read_text(encoding="utf-8"))
