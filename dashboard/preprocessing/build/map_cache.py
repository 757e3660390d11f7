"""The map cache: each stage's part of each article, kept on disk and addressed by content.

A part's key hashes what it is made from (Hamilton's cache key, in spirit): the raw
article, the reference files its stage reads, the stance mode where a model is used, and
the version of the code and the shipped models. Stage by stage:

    cleaned       raw article + sources.csv
    actors        cleaned's key + actors.csv, not_actors.csv, common_surnames.csv
    sentiment     actors' key + stance mode + whether sentences get their tone
    topic_stance  cleaned's key + the topic's file + stance_cues.csv + stance mode
    frames        cleaned's key + the frames file + stance mode (cue-only in fast)

so an edit to `data/actors.csv` re-runs the actor and sentiment stages only, and adding
files runs the new files only. Parts live in one SQLite file (WAL: readers and one writer
at a time across processes), pickled and LZ4-compressed. It is derived data: a damaged
cache is set aside and rebuilt, never trusted. The values are pickles, so the cache must
be writable only by whoever runs the build, as the output folder is.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import pickle
import shutil
import sqlite3
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa

import dashboard
from dashboard.preprocessing.build.article_map import KnownParts, ProcessedArticle
from dashboard.preprocessing.records import RawArticle, Rejection
from dashboard.preprocessing.reference import ReferenceData

logger = logging.getLogger(__name__)

CACHE_FILE = "map-cache.sqlite"
# Beside it, the record of what the last build read from each file (`last_build.py`).
LAST_BUILD_FILE = "last-build.pickle"
# The cache's folder inside the output folder when none is named; the swap carries it over.
DEFAULT_CACHE_FOLDER = ".cache"
STAGES = tuple(field.name for field in fields(KnownParts))
REFERENCE_PARTS = ("sources", "actors", "topic", "cues", "frames")
# Parts written in one transaction: few enough to keep memory small, enough to be quick.
_WRITE_EVERY = 2000
# A rowid table: parts are kilobytes, and SQLite's WITHOUT ROWID tables (which the cache
# had) suit rows of a twentieth of a page; writing 50,000 parts took twice the CPU there.
_SCHEMA = "CREATE TABLE IF NOT EXISTS stage_parts (key BLOB PRIMARY KEY, value BLOB NOT NULL)"
# The earlier table: its parts were made by earlier code, which no key of this code names.
_EARLIER_TABLE = "DROP TABLE IF EXISTS parts"


# The libraries whose output the stages keep: an upgrade of one invalidates every part.
STAGE_LIBRARIES = (
    "trafilatura", "lxml", "lxml_html_clean", "charset-normalizer", "python-dateutil", "sentencex", "pyahocorasick",
    "textblob", "vaderSentiment", "numpy", "onnxruntime", "tokenizers",
)


def _installed_version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


@cache
def code_digest() -> str:
    """The version of the preprocessing code, of the models it ships and of the libraries
    its stages call (and of Python): every file of the package and every version, so that
    any change to one invalidates every part."""
    root = Path(dashboard.__file__).resolve().parent
    digest = hashlib.sha256(dashboard.__version__.encode())
    digest.update(sys.version.encode())
    for distribution in STAGE_LIBRARIES:
        digest.update(f"{distribution}=={_installed_version(distribution)}".encode())
    files = [root / "schema.py", *sorted((root / "preprocessing").rglob("*"))]
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            # Updated piece by piece: the models are tens of megabytes, not worth a copy.
            content = path.read_bytes()
            digest.update(str(path.relative_to(root)).encode())
            digest.update(len(content).to_bytes(8, "big"))
            digest.update(content)
    return digest.hexdigest()


def _digest(*parts: str | bytes) -> bytes:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.digest()


@dataclass(frozen=True)
class StageKeys:
    cleaned: bytes
    actors: bytes
    sentiment: bytes
    topic_stance: bytes
    frames: bytes

    def __iter__(self):
        return iter((self.cleaned, self.actors, self.sentiment, self.topic_stance, self.frames))


class StageKeyMaker:
    """Keys for the parts of articles, for one set of reference data and one stance mode."""

    def __init__(self, reference: ReferenceData, stance_mode: str, sentence_tone: bool) -> None:
        digests = reference.digests
        missing = [part for part in REFERENCE_PARTS if part not in digests]
        if missing:
            raise ValueError(f"reference data without digests of {', '.join(missing)}: it was not read from files")
        self._code = code_digest()
        self._digests = digests
        self._mode = stance_mode
        self._tone = "tone" if sentence_tone else "no tone"

    def keys_of(self, raw: RawArticle) -> StageKeys:
        cleaned = _digest("cleaned", self._code, self._digests["sources"], *(getattr(raw, f.name) for f in fields(RawArticle)))
        actors = _digest("actors", cleaned, self._digests["actors"])
        return StageKeys(
            cleaned, actors, _digest("sentiment", actors, self._mode, self._tone),
            _digest("topic_stance", cleaned, self._digests["topic"], self._digests["cues"], self._mode),
            _digest("frames", cleaned, self._digests["frames"], self._mode),
        )


def _is_damage(problem: sqlite3.Error) -> bool:
    """A file that is not a database or is corrupt; not a locked or unwritable one."""
    return getattr(problem, "sqlite_errorname", "") in ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def encoded_part(part: object) -> bytes:
    """The part pickled and LZ4-compressed (Arrow's codec: 8 times faster than zlib at its
    fastest level, for a quarter more bytes), after its pickle's length."""
    data = pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
    return len(data).to_bytes(8, "big") + pa.compress(data, codec="lz4", asbytes=True)


def encoded_parts(result: ProcessedArticle, known: KnownParts) -> tuple[bytes | None, ...]:
    """Each part of `result` that was computed (not in `known`) encoded, None for the others."""
    return tuple(None if getattr(known, stage) is not None else encoded_part(getattr(result, stage)) for stage in STAGES)


def decoded_part(value: bytes) -> Any:
    size = int.from_bytes(value[:8], "big")
    return pickle.loads(pa.decompress(value[8:], decompressed_size=size, codec="lz4", asbytes=True))


class MapCache:
    """One build's view of the cache: lookups, new parts, and at the end the pruning of
    parts this build did not use (the cache holds what the latest build needs, no more)."""

    def __init__(self, folder: Path, warn: Callable[[str], None] = logger.warning) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / CACHE_FILE
        self._warn = warn
        # Whether a damaged file was set aside for an empty one: the parts a record of the
        # last build (`last_build.py`) points to are gone, so it is not to be trusted either.
        self.started_afresh = False
        self._connection: sqlite3.Connection | None = self._opened()
        # A first build looks nothing up (a lookup costs 0.1 ms an article, a tenth of a
        # fast build's reduce); parts another build writes meanwhile are only recomputed.
        self._held_nothing = self._connection.execute("SELECT 1 FROM stage_parts LIMIT 1").fetchone() is None
        self._used: set[bytes] = set()
        self._unwritten: list[tuple[bytes, bytes]] = []
        self.reused: Counter[str] = Counter()
        self.computed: Counter[str] = Counter()

    def _opened(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.DatabaseError as problem:
            if not _is_damage(problem):
                raise
            self._set_aside(problem)
            return self._connect()

    def _set_aside(self, problem: sqlite3.Error) -> None:
        """Derived data: a damaged file is set aside (for a bug report) and started afresh."""
        self._warn(f"warning: the map cache {self.path} is damaged ({problem}); it is set aside as {self.path.with_suffix('.damaged').name}")
        self.path.replace(self.path.with_suffix(".damaged"))
        self.started_afresh = True
        for suffix in ("-wal", "-shm"):
            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)

    def _connect(self) -> sqlite3.Connection:
        # Autocommit: lookups read the latest committed parts, and writes go in short
        # transactions of their own, so that two builds sharing the cache wait for each
        # other's writes (up to a minute) instead of failing on a stale snapshot.
        connection = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        connection.execute("PRAGMA auto_vacuum=INCREMENTAL")  # takes effect on a new file
        connection.execute("PRAGMA journal_mode=WAL")
        # Derived data: no fsync at the checkpoints (0.2 s at each build's close). A power
        # cut may garble it, and a garbled entry is a miss, a damaged file set aside.
        connection.execute("PRAGMA synchronous=OFF")
        if connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'parts'").fetchone():
            connection.execute(_EARLIER_TABLE)
        connection.execute(_SCHEMA)
        connection.execute("SELECT count(*) FROM stage_parts WHERE key = x''").fetchone()
        return connection

    def _failed(self, problem: sqlite3.Error) -> None:
        """A cache that fails mid-build is dropped for the rest of it (the build goes on
        without); a damaged file is set aside for the next."""
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()
        if _is_damage(problem):
            self._set_aside(problem)
        else:
            self._warn(f"warning: the map cache {self.path} failed ({problem}); the rest of this build goes without it")

    def known_parts(self, keys: StageKeys) -> KnownParts:
        """The parts the cache holds for an article (a cleaning rejection stands for all)."""
        wanted = tuple(keys)
        self._used.update(wanted)
        if self._connection is None or self._held_nothing:
            return KnownParts()
        try:
            rows = self._connection.execute(f"SELECT key, value FROM stage_parts WHERE key IN ({', '.join('?' * len(wanted))})", wanted).fetchall()
        except sqlite3.Error as problem:
            self._failed(problem)
            return KnownParts()
        found = {}
        for key, value in rows:
            try:
                found[bytes(key)] = decoded_part(value)
            except Exception:  # an unreadable entry is a miss, recomputed and replaced
                logger.debug("unreadable map cache entry", exc_info=True)
        parts = {stage: found.get(key) for stage, key in zip(STAGES, wanted, strict=True)}
        if isinstance(parts["cleaned"], Rejection):
            parts = {"cleaned": parts["cleaned"]}
        return KnownParts(**parts)

    def reused_parts(self, keys: StageKeys) -> None:
        """An article of a file that did not change, its parts kept without a lookup."""
        self._used.update(keys)
        self.reused.update(STAGES)

    def reused_rejection(self, cleaned_key: bytes) -> None:
        self._used.add(cleaned_key)
        self.reused["cleaned"] += 1

    def remember(self, keys: StageKeys, result: ProcessedArticle | Rejection, known: KnownParts) -> None:
        """Keep the parts of `result` that were computed here; unforeseen errors are not kept."""
        # A cache that failed during the build counts the parts but encodes none.
        unkept = self._connection is None
        if not isinstance(result, Rejection):
            self.remember_encoded(keys, known, (None,) * len(STAGES) if unkept else encoded_parts(result, known))
        elif known.cleaned is not None:
            self.reused["cleaned"] += 1
        elif not result.detail:
            self.computed["cleaned"] += 1
            self._keep([] if unkept else [(keys.cleaned, encoded_part(result))])

    def remember_encoded(self, keys: StageKeys, known: KnownParts, encoded: tuple[bytes | None, ...]) -> None:
        """Keep the parts that were computed (not in `known`), as `encoded_parts` encoded
        them (in a worker: each part is pickled once)."""
        new = []
        for stage, key, data in zip(STAGES, keys, encoded, strict=True):
            if getattr(known, stage) is None:
                self.computed[stage] += 1
                if data is not None:
                    new.append((key, data))
            else:
                self.reused[stage] += 1
        self._keep(new)

    def _keep(self, new: list[tuple[bytes, bytes]]) -> None:
        if self._connection is None:
            return
        self._unwritten.extend(new)
        if len(self._unwritten) >= _WRITE_EVERY:
            self._write()

    def _write(self) -> None:
        if self._connection is None or not self._unwritten:
            return
        try:
            self._connection.execute("BEGIN IMMEDIATE")
            self._connection.executemany("INSERT OR REPLACE INTO stage_parts VALUES (?, ?)", self._unwritten)
            self._connection.execute("COMMIT")
        except sqlite3.Error as problem:
            self._failed(problem)
        self._unwritten = []

    def close(self, prune: bool) -> None:
        """Write what is left; with `prune`, drop every part this build did not look up and
        give the freed pages back to the file system."""
        self._write()
        connection = self._connection
        if connection is None:
            return
        try:
            if prune:
                connection.execute("CREATE TEMP TABLE used (key BLOB PRIMARY KEY) WITHOUT ROWID")
                connection.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((key,) for key in self._used))
                connection.execute("DELETE FROM stage_parts WHERE key NOT IN (SELECT key FROM used)")
                connection.execute("PRAGMA incremental_vacuum")
        except sqlite3.Error as problem:
            self._failed(problem)
            return
        connection.close()
        self._connection = None

    def summary(self) -> dict[str, object]:
        return {"path": str(self.path), "reused": dict(self.reused), "computed": dict(self.computed)}


def cache_seeded(target_out: Path, from_out: Path) -> bool:
    """Give a new output folder a copy of another's map cache and last build record (a
    hosted session starting from the shared tables), so that its first build runs only what
    is new. The cache's copy is a consistent
    snapshot (SQLite's backup), even while another build writes there; False when there
    is nothing to copy or the target already has a cache."""
    source = from_out / DEFAULT_CACHE_FOLDER / CACHE_FILE
    target = target_out / DEFAULT_CACHE_FOLDER / CACHE_FILE
    if target.exists() or not source.is_file() or source.resolve() == target.resolve():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=60)
        try:
            writer = sqlite3.connect(target)
            try:
                reader.backup(writer)
            finally:
                writer.close()
        finally:
            reader.close()
    except sqlite3.Error as problem:
        logger.warning("could not copy the map cache %s (%s); the first build starts without it", source, problem)
        target.unlink(missing_ok=True)
        return False
    # With the last build's record, the first build does not even read the files that
    # build read (their rows come from its tables, while its build.json still names it).
    record = from_out / DEFAULT_CACHE_FOLDER / LAST_BUILD_FILE
    try:
        temporary = target.with_name(f".{LAST_BUILD_FILE}.copy")
        shutil.copyfile(record, temporary)
        temporary.replace(target.with_name(LAST_BUILD_FILE))
    except OSError:
        logger.debug("no last build record copied from %s", record, exc_info=True)
    return True
