"""The writing and reading edge: tables on disk as Parquet and CSV.

A build writes every file into a temporary folder beside the output folder and swaps it
in only when all are written, so an interrupted or failed build leaves the previous
tables as they were. A lock file beside the output lets one build write at a time and
tells it that staging folders it finds are debris of a killed build, to be removed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard import schema, spreadsheet
from dashboard.file_lock import exclusive_lock
from dashboard.preprocessing.tables import typed_frame
from dashboard.spreadsheet import CsvCheckpoints, SpreadsheetCsvWriter, arrow_table_of

MANIFEST = "build.json"

logger = logging.getLogger(__name__)


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


def debris_of_killed_builds(out: Path) -> list[Path]:
    """Staging and retired folders that a killed build left beside `out`."""
    return sorted(
        path for pattern in (f".{out.name}.building-*", f".{out.name}.previous-*") for path in out.parent.glob(pattern) if path.is_dir()
    )


@dataclass(frozen=True)
class Staging:
    """A build's folder beside `out`, where its files are written before the swap."""

    folder: Path
    out: Path

    def swapped_in(self, manifest: Mapping[str, Any], extra_files: Mapping[str, str] | None = None, carried: Sequence[str] = ()) -> None:
        """Write `build.json` and any extra text files, move the entries of `out` named in
        `carried` (the map cache) here, and swap this folder in for `out`."""
        for name, text in (extra_files or {}).items():
            (self.folder / name).write_text(text, encoding="utf-8")
        (self.folder / MANIFEST).write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
        for name in carried:
            if (self.out / name).exists():
                (self.out / name).rename(self.folder / name)
        _swap_in(self.folder, self.out)


@contextmanager
def staged_output(out: Path) -> Iterator[Staging]:
    """A staging folder for a build into `out`, under the build lock from start to swap;
    removed unless swapped in. Before it is made, the tables a killed swap retired come
    back and debris of killed builds goes."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(out):
        tables_restored_from_a_killed_swap(out)
        for debris in debris_of_killed_builds(out):
            shutil.rmtree(debris, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
        try:
            # mkdtemp makes the folder private (0700); the tables must stay readable by the app
            # and by the other users of the machine, as any folder the user makes would be.
            staging.chmod(FOLDER_MODE & ~_umask())
            yield Staging(staging, out)
        finally:
            # Gone already when it was swapped in.
            shutil.rmtree(staging, ignore_errors=True)


def write_tables_atomically(
    out: Path, frames: Mapping[str, pd.DataFrame], manifest: Mapping[str, Any], extra_files: Mapping[str, str] | None = None,
    carried: Sequence[str] = (),
) -> None:
    """Write `<out>/<name>.parquet` and `.csv` for each frame, `build.json` and any extra
    text files, all or nothing (see `staged_output`); the entries of `out` named in
    `carried` (the map cache) move to the new folder."""
    with staged_output(out) as staging:
        write_table_files(staging.folder, frames)
        staging.swapped_in(manifest, extra_files, carried)


# Tables written at once: Arrow's writers let go of the GIL, so two use both cores.
WRITERS = 2
# LZ4 (LZ4_RAW, read by Arrow, DuckDB, Polars and Spark) decompresses in a third of
# Snappy's time for 13% more bytes: the app and a rebuild read every table.
PARQUET_COMPRESSION = "lz4"


def write_table_files(folder: Path, frames: Mapping[str, pd.DataFrame]) -> None:
    """`<name>.parquet` and `<name>.csv` of each frame in `folder`, both made from one Arrow
    copy of the frame, each file on a writer of its own, the largest tables first so that
    the writers finish together (a rebuild ends with `articles` alone to write)."""

    tables = {name: arrow_table_of(frames[name]) for name in sorted(frames, key=lambda name: -len(frames[name]))}
    writers = ThreadPoolExecutor(WRITERS)
    try:
        for written in [writers.submit(_written_whole, kind, folder, name, tables[name]) for name in tables for kind in (_ParquetFileWriter, _csv_writer)]:
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


# A text column whose first rows are at least this share distinct values is written
# without a Parquet dictionary: sentences, ids and quotes never repeat, and decoding their
# dictionary pages took half the time of reading the tables of 10,000 articles. Nor does
# it get min/max statistics: no filter is pruned by the range of a row group's sentences,
# and computing them took a tenth of the time of writing those tables (1.20 s, 1.08 without).
DISTINCT_SHARE_WITHOUT_DICTIONARY = 0.5
_DICTIONARY_SAMPLE_ROWS = 10_000


def dictionary_columns(first_rows: pa.Table) -> list[str]:
    """The columns worth a Parquet dictionary and statistics, judged on a table's first
    rows: all but the text columns whose values mostly differ."""
    sample = first_rows.slice(0, _DICTIONARY_SAMPLE_ROWS)
    columns = []
    for field in sample.schema:
        is_text = pa.types.is_string(field.type) or pa.types.is_large_string(field.type)
        if is_text and len(sample) and pc.count_distinct(sample.column(field.name)).as_py() >= DISTINCT_SHARE_WITHOUT_DICTIONARY * len(sample):
            continue
        columns.append(field.name)
    return columns


class _FileWriter(Protocol):
    def write(self, table: pa.Table) -> None: ...

    def close(self) -> None: ...


class _ParquetFileWriter:
    """`<name>.parquet`, a row group for each piece written; the first rows decide the types
    and which columns get a dictionary and statistics."""

    def __init__(self, folder: Path, name: str, first_rows: pa.Table) -> None:
        repeating = dictionary_columns(first_rows)
        self._writer = pq.ParquetWriter(
            folder / f"{name}.parquet", first_rows.schema, compression=PARQUET_COMPRESSION, use_dictionary=repeating,
            write_statistics=repeating,
        )

    def write(self, table: pa.Table) -> None:
        self._writer.write_table(table)

    def close(self) -> None:
        self._writer.close()


def _written_whole(writer_of: Callable[[Path, str, pa.Table], _FileWriter], folder: Path, name: str, table: pa.Table) -> None:
    """One file of `table`, written at once by the writer `writer_of` opens."""
    writer = writer_of(folder, name, table)
    try:
        writer.write(table)
    finally:
        writer.close()


def write_parquet_table(folder: Path, name: str, table: pa.Table) -> None:
    """`<name>.parquet` alone, as a build writes it (for benchmarks of the app, which reads
    only these)."""
    _written_whole(_ParquetFileWriter, folder, name, table)


def _csv_writer(folder: Path, name: str, first_rows: pa.Table) -> SpreadsheetCsvWriter:
    return SpreadsheetCsvWriter(folder / f"{name}.csv", first_rows.schema)


def _checkpoints_path(folder: Path, name: str) -> Path:
    return folder / f".{name}.csv-rows.npz"


def _file_identity(found: os.stat_result) -> list[int]:
    """What changes when a file may have: a copy or a file saved in its place is another
    inode. An edit in place that keeps the size within one tick of the file system's clock
    would go unseen; nothing but a deliberate one does that."""
    return [found.st_size, found.st_mtime_ns, found.st_ino]


@cache
def _csv_format() -> str:
    """What the CSV's bytes depend on besides the rows: the writer's code and Arrow's
    version. The map cache's code digest does not cover them (its parts hold no CSV), so a
    kept row's bytes are copied only when they are the same, which a widened formula
    guard, say, would change."""
    return hashlib.sha256(Path(spreadsheet.__file__).read_bytes() + pa.__version__.encode()).hexdigest()


class PreviousCsvChanged(RuntimeError):
    """The CSV file rows were to be copied from is no longer the one its checkpoints were
    noted for (replaced or cut short since): its rows must be formatted again."""


@dataclass(frozen=True)
class PreviousCsv:
    """A large table's CSV file as a build wrote it, with where its rows start."""

    path: Path
    checkpoints: CsvCheckpoints
    identity: tuple[int, ...]

    def pieces_of(self, start: int, stop: int) -> Iterator[memoryview]:
        """The file's bytes of rows [start, stop) (two checkpointed rows), read from the file
        its checkpoints were noted for; PreviousCsvChanged when it is another or shorter.
        Each piece is read into the same buffer, valid until the next is asked for: fresh
        memory for every piece cost more in page faults than the reading."""
        first, last = self.checkpoints.byte_range(start, stop)
        try:
            handle = os.open(self.path, os.O_RDONLY)
        except OSError as problem:
            raise PreviousCsvChanged(f"{self.path} cannot be read ({problem})") from problem
        try:
            if tuple(_file_identity(os.fstat(handle))) != self.identity:
                raise PreviousCsvChanged(f"{self.path} changed since its build")
            buffer = memoryview(bytearray(min(last - first, _COPY_PIECE_BYTES)))
            while first < last:
                read = os.preadv(handle, [buffer[: last - first]], first)
                if not read:
                    raise PreviousCsvChanged(f"{self.path} was cut short while its rows were copied")
                first += read
                yield buffer[:read]
        finally:
            os.close(handle)


# Bytes read at a time when rows are copied: a buffer that stays in the cache, and few calls.
_COPY_PIECE_BYTES = 2**20


def previous_csv(folder: Path, table: schema.Table) -> PreviousCsv | None:
    """`<name>.csv` in `folder` and its checkpoints; None when it has none, when the file
    is not the one they were noted for (opened and saved in a spreadsheet, say), or when
    they were noted by another version of the CSV writer."""
    path = folder / f"{table.name}.csv"
    try:
        with np.load(_checkpoints_path(folder, table.name)) as stored:
            rows, offsets, noted, written_as = stored["rows"], stored["offsets"], stored["identity"].tolist(), str(stored["format"])
        found = path.stat()
    except Exception:  # derived data: checkpoints that cannot be read cost a formatting, never the build
        logger.debug("no usable CSV checkpoints for %s", path, exc_info=True)
        return None
    usable = noted == _file_identity(found) and written_as == _csv_format() and len(rows) == len(offsets) > 0 and offsets[-1] == found.st_size
    return PreviousCsv(path, CsvCheckpoints(rows, offsets), tuple(noted)) if usable else None


@dataclass(frozen=True)
class ReusedRows:
    """Rows `at` on of a piece are rows `start` on of an earlier build's table, whose CSV is `csv`."""

    csv: PreviousCsv
    start: int
    at: int = 0


class _TableWriters:
    """One table's Parquet and CSV files, open for more rows. Closing them notes where the
    CSV's rows start (`previous_csv`), for the next build."""

    def __init__(self, folder: Path, name: str, first_rows: pa.Table) -> None:
        self.folder, self.name = folder, name
        self.schema = first_rows.schema
        self.parquet = _ParquetFileWriter(folder, name, first_rows)
        try:
            self.csv = _csv_writer(folder, name, first_rows)
        except BaseException:
            self.parquet.close()
            raise
        self.rows = 0

    def write(self, table: pa.Table, reused: ReusedRows | None = None) -> None:
        table = table.cast(self.schema)
        self.parquet.write(table)
        self._write_csv(table, reused)
        self.rows += len(table)

    def _write_csv(self, table: pa.Table, reused: ReusedRows | None) -> None:
        aligned = reused.csv.checkpoints.aligned_within(reused.start, reused.start + len(table) - reused.at) if reused is not None else None
        if reused is None or aligned is None:
            self.csv.write(table)
            return
        # The rows between two checkpoints are copied; only those outside are formatted.
        first, last = aligned
        shift = reused.at - reused.start  # a previous row's place in `table`
        self.csv.write(table.slice(0, first + shift))
        self.csv.write_copied(reused.csv.pieces_of(first, last), reused.csv.checkpoints, first, last)
        self.csv.write(table.slice(last + shift))

    def close(self) -> None:
        try:
            self.parquet.close()
        finally:
            self.csv.close()
        checkpoints = self.csv.checkpoints
        identity = _file_identity((self.folder / f"{self.name}.csv").stat())
        np.savez(
            _checkpoints_path(self.folder, self.name), rows=checkpoints.rows, offsets=checkpoints.offsets, identity=np.array(identity),
            format=np.array(_csv_format()),
        )


class TableFiles:
    """A sink (`corpus_reduce.TableSink`) that writes each table's rows into `folder` as
    they come, `<name>.parquet` (one row group a piece) and `<name>.csv`: a build of
    100,000 articles need not hold its tables whole. A table's files are complete once it
    is closed, which reading its columns does."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._open: dict[str, _TableWriters] = {}
        self._rows: dict[str, int] = {}

    def append(self, table: schema.Table, rows: pd.DataFrame | pa.Table, reused: ReusedRows | None = None) -> None:
        """Rows after those appended so far; with `reused`, rows an earlier build wrote,
        whose CSV bytes are copied where they can be."""
        if table.name in self._rows:
            raise ValueError(f"{table.name} is closed: no row can follow")
        arrow = rows if isinstance(rows, pa.Table) else arrow_table_of(rows)
        writers = self._open.get(table.name)
        if writers is None:
            writers = self._open[table.name] = _TableWriters(self.folder, table.name, arrow)
        if len(arrow):
            writers.write(arrow, reused)

    def rows(self, table: schema.Table) -> int:
        writers = self._open.get(table.name)
        return self._rows.get(table.name, writers.rows if writers else 0)

    def close(self, table: schema.Table) -> None:
        writers = self._open.pop(table.name, None)
        if writers is not None:
            writers.close()
            self._rows[table.name] = writers.rows

    def close_all(self) -> None:
        """Close every file, the others still when one fails (on an error, before the
        staging folder goes)."""
        while self._open:
            self.close(schema.TABLES[next(iter(self._open))])

    def columns_of(self, table: schema.Table, names: list[str]) -> pd.DataFrame:
        """Arrow-backed columns: as Python strings, the ids of 100,000 articles' sentences
        take half a gigabyte."""
        self.close(table)
        return pq.read_table(self.folder / f"{table.name}.parquet", columns=names).to_pandas(types_mapper=pd.ArrowDtype)


class TablesOnDisk(Mapping[str, pd.DataFrame]):
    """A build's tables, those not given read from `out` when first asked for: a report
    of a large build need not hold them all."""

    def __init__(self, out: Path, loaded: Mapping[str, pd.DataFrame]) -> None:
        self.out = out
        self._loaded = dict(loaded)

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._loaded:
            if name not in schema.TABLES:
                raise KeyError(name)
            self._loaded[name] = read_table(self.out, schema.TABLES[name])
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(schema.TABLES)

    def __len__(self) -> int:
        return len(schema.TABLES)


def read_table(out: Path, table: schema.Table) -> pd.DataFrame:
    """A table as written by a build, typed as the schema says; only `table`'s columns are
    read (see `schema.Table.restricted_to`).

    Each column comes in one Arrow chunk: taking a few rows of a column in many chunks
    copies the whole column first (a third of a second for the sentences of 100,000
    articles), so the app's lookups of rows would cost that each time.
    """
    arrow = pq.read_table(out / f"{table.name}.parquet", columns=table.column_names).combine_chunks()
    return typed_frame(table, arrow.to_pandas())


def arrow_table_read(out: Path, table: schema.Table) -> pa.Table:
    """A table's columns as a build wrote them, in Arrow, read on the calling thread alone: a
    rebuild reads two tables at once, and one thread a table is three times faster there."""
    return pq.read_table(out / f"{table.name}.parquet", columns=table.column_names, use_threads=False)


def read_manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / MANIFEST).read_text(encoding="utf-8"))
