"""What the last build read from each input file, kept beside the map cache, so that the
next build reads and maps only the files that changed (an incremental reduce).

For each file: its signature (size, modification and change times, inode), the
rejections its reading gave, how many documents it held when it is a research-database
export, and for each of its articles, in order, the reduce's entry and the map cache keys
of its parts (or the cached rejection of its cleaning). Each file's record is pickled on
its own, and a rebuild keeps the unchanged files' records as they are. A rebuild
with the same settings (code, reference data, stance mode, tone) into the same output
folder (or any folder, for a cache copied from another: `map_cache.cache_seeded`) whose
`build.json` still names that build takes an unchanged file's articles from here and
their rows from the tables that build wrote.

Like the map cache it is derived data, pickled, and kept where only whoever runs the
build may write: anything unexpected in it (another format, a damaged file) means a
build that reads every file, and one file's record that cannot be read, that file read
again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dashboard import schema
from dashboard.preprocessing.build.corpus_reduce import JOINING_ORDER, ArticleEntry, PreviousRows, PreviousRowsMissing
from dashboard.preprocessing.build.engines import collection_paused
from dashboard.preprocessing.build.export_counts import ExportCount
from dashboard.preprocessing.build.map_cache import LAST_BUILD_FILE, REFERENCE_PARTS, StageKeys, code_digest, decoded_part, encoded_part
from dashboard.preprocessing.records import Rejection
from dashboard.preprocessing.reference import ReferenceData
from dashboard.preprocessing.store import MANIFEST, arrow_table_read, previous_csv, read_manifest

logger = logging.getLogger(__name__)

# Bumped when what is kept changes shape: an older file is ignored.
_FORMAT = b"coverage-lens last build 2\n"


@dataclass(frozen=True)
class FileSignature:
    """What changes when a file's content may have: `ctime` too, so that a copy that kept
    the old modification time (cp -p, an unpacked archive) is read again."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int


def signature_of(path: Path) -> FileSignature | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return FileSignature(status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


@dataclass(frozen=True)
class RecordedArticle:
    entry: ArticleEntry
    keys: StageKeys


@dataclass(frozen=True)
class RecordedRejection:
    """An article its cleaning rejected; the map cache holds that under `cleaned_key`."""

    rejection: Rejection
    cleaned_key: bytes


@dataclass(frozen=True)
class FileRecord:
    signature: FileSignature
    read_rejections: tuple[Rejection, ...]
    items: tuple[RecordedArticle | RecordedRejection, ...]
    export_count: ExportCount | None = None


def encoded_file_record(record: FileRecord) -> bytes:
    return pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)


# A file by its path and its path as the tables show it.
FileKey = tuple[str, str]


@dataclass(frozen=True)
class LastBuild:
    settings: bytes
    # The build's id, as its build.json says, and the output folder it wrote.
    build_id: str
    out: str
    # Each file's record, pickled on its own (`encoded_file_record`): a rebuild keeps the
    # unchanged files' records as they are instead of pickling them again (pickling the
    # records of 10,000 files took 0.2 to 0.3 s, writing the whole record 0.34 to 0.45).
    files: dict[FileKey, bytes]

    def file_record(self, key: FileKey) -> FileRecord | None:
        """The file's record; None when there is none, or none that can be read."""
        encoded = self.files.get(key)
        if encoded is None:
            return None
        try:
            record = pickle.loads(encoded)
        except Exception:  # derived data: a damaged record costs that file a reading
            logger.debug("unreadable record of %s", key[0], exc_info=True)
            return None
        return record if isinstance(record, FileRecord) else None


def settings_digest(reference: ReferenceData, stance_mode: str, sentence_tone: bool) -> bytes:
    """What every part of a build depends on besides its files: the code, the reference
    files and the modes."""
    digest = hashlib.sha256(code_digest().encode())
    for part in REFERENCE_PARTS:
        digest.update(f"{part}={reference.digests.get(part, '')}\n".encode())
    digest.update(f"{stance_mode}\n{sentence_tone}\n".encode())
    return digest.digest()


def last_build_from(folder: Path) -> LastBuild | None:
    """The last build's record in the cache folder; None when there is none to trust."""
    path = folder / LAST_BUILD_FILE
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        if not data.startswith(_FORMAT):
            return None
        with collection_paused():
            record = decoded_part(data[len(_FORMAT):])
    except Exception:  # derived data: a damaged record costs a full read, never the build
        logger.debug("unreadable last build record %s", path, exc_info=True)
        return None
    return record if isinstance(record, LastBuild) else None


def write_last_build(folder: Path, record: LastBuild) -> None:
    """Replace the record in one rename: a reader sees the old one or the new one."""
    data = _FORMAT + encoded_part(record)
    handle, temporary = tempfile.mkstemp(prefix=f".{LAST_BUILD_FILE}.", dir=folder)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, folder / LAST_BUILD_FILE)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def forget_last_build(folder: Path) -> None:
    (folder / LAST_BUILD_FILE).unlink(missing_ok=True)


@dataclass(frozen=True)
class PreviousBuild:
    """The last build, when the next one may start from it: its record and its rows, which
    are read ahead until `close`."""

    record: LastBuild
    rows: PreviousRows
    close: Callable[[], None]


# The previous tables are read ahead on a thread of their own while the build reads and
# maps its new files (in a rebuild of a few files one core waits meanwhile), up to this
# many bytes of them (uncompressed, as Parquet counts them): the tables of about 15,000 articles.
READ_AHEAD_BYTES = 512 * 2**20


class _TablesReadAhead:
    """Tables read in the order a rebuild joins them, those that fit in READ_AHEAD_BYTES
    together; a table not read yet when it is wanted is read by the thread that wants it."""

    def __init__(self, read: Callable[[schema.Table], pa.Table], out: Path) -> None:
        self._read = read
        self._reader = ThreadPoolExecutor(1)
        self._ahead: dict[str, Future[pa.Table]] = {}
        budget = READ_AHEAD_BYTES
        for table in JOINING_ORDER:
            size = _uncompressed_bytes(out / f"{table.name}.parquet")
            # A table too large for what is left is read when wanted; smaller ones after it still fit.
            if size is None or size > budget:
                continue
            budget -= size
            self._ahead[table.name] = self._reader.submit(read, table)

    def table(self, table: schema.Table) -> pa.Table:
        ahead = self._ahead.pop(table.name, None)
        if ahead is None or ahead.cancel():
            return self._read(table)
        return ahead.result()

    def close(self) -> None:
        self._reader.shutdown(wait=False, cancel_futures=True)
        self._ahead.clear()


def _uncompressed_bytes(path: Path) -> int | None:
    try:
        metadata = pq.read_metadata(path)
    except (OSError, pa.ArrowException):
        return None
    return sum(metadata.row_group(index).total_byte_size for index in range(metadata.num_row_groups))


def _build_id_in(out: Path) -> str | None:
    try:
        build_id = read_manifest(out).get("build_id")
    except (OSError, ValueError):
        return None
    return build_id if isinstance(build_id, str) else None


def previous_build_of(cache_folder: Path, settings: bytes) -> PreviousBuild | None:
    """The last build recorded in `cache_folder`, if it had the same settings and its output
    folder still holds its tables (usually the folder this build writes; for a hosted
    session's first build, the shared tables its cache was copied from); None otherwise."""
    record = last_build_from(cache_folder)
    out = Path(record.out) if record is not None else None
    if record is None or out is None or record.settings != settings or _build_id_in(out) != record.build_id:
        return None
    try:
        ids = pq.read_table(out / f"{schema.ARTICLES.name}.parquet", columns=["article_id", "source_path"]).to_pydict()
    except (OSError, pa.ArrowException) as problem:
        logger.debug("the previous build's articles cannot be read: %s", problem)
        return None

    def table(table: schema.Table) -> pa.Table:
        try:
            rows = arrow_table_read(out, table)
        except (OSError, ValueError, pa.ArrowException) as problem:
            raise PreviousRowsMissing(f"the previous build's {table.name} cannot be read ({problem})") from problem
        # Another build may have swapped its tables in since this one began.
        if _build_id_in(out) != record.build_id:
            raise PreviousRowsMissing(f"{out / MANIFEST} no longer names the previous build")
        return rows

    read_ahead = _TablesReadAhead(table, out)
    rows = PreviousRows(dict(zip(ids["article_id"], ids["source_path"], strict=True)), read_ahead.table, lambda table: previous_csv(out, table))
    return PreviousBuild(record, rows, read_ahead.close)
