"""The build: input folders in, every table out, as a map over articles and a reduce
over the corpus.

Reading happens here in the main process (it is I/O and streams). Each raw article's
parts are looked up in the map cache (`map_cache.py`); the map (`article_map.py`) runs
the stages the cache lacks, on an engine (`engines.py`: this machine's cores, or a Dask
cluster), and the reduce (`corpus_reduce.py`) makes the tables from the results, which
arrive in input order, so a build is deterministic.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
import stat
import time
import uuid
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from dashboard import __version__, schema
from dashboard.preprocessing.build.article_map import NOTHING_KNOWN, KnownParts, frames_cue_only, sentence_tone_for
from dashboard.preprocessing.build.corpus_reduce import CorpusReduction, PreviousRowsMissing, TableSink, TablesInMemory, entry_of
from dashboard.preprocessing.build.engines import EncodedArticle, MapTask, Output, collection_paused, results_locally
from dashboard.preprocessing.build.export_counts import ExportCount, export_document_count
from dashboard.preprocessing.build.last_build import (
    FileKey,
    FileRecord,
    FileSignature,
    LastBuild,
    PreviousBuild,
    RecordedArticle,
    RecordedRejection,
    encoded_file_record,
    forget_last_build,
    previous_build_of,
    settings_digest,
    signature_of,
    write_last_build,
)
from dashboard.preprocessing.build.map_cache import CACHE_FILE, DEFAULT_CACHE_FOLDER, MapCache, StageKeyMaker, StageKeys
from dashboard.preprocessing.build.options import DASK, BuildOptions
from dashboard.preprocessing.ingest.files import InputFile, input_files, raw_articles_from_file
from dashboard.preprocessing.records import RawArticle, Rejection
from dashboard.preprocessing.reference import ReferenceData
from dashboard.preprocessing.store import TableFiles, TablesOnDisk, staged_output, write_table_files
from dashboard.preprocessing.topic.topic_stance import topic_stance_model_for
from dashboard.validation.calibration import MIN_CALIBRATION_LABELS, articles_calibrated, calibration_for, calibration_summary
from dashboard.validation.labels import labels_from_file
from dashboard.validation.report import agreement_report, agreement_summary

logger = logging.getLogger(__name__)

# Below this much input, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 2 * 2**20
# A progress bar is shown for corpora of more files than this.
PROGRESS_MIN_FILES = 50


class NothingToBuild(RuntimeError):
    """No article at all could be read; the previous tables are kept."""


@dataclass(frozen=True)
class BuildReport:
    # Every table; those a build writes as it goes are read from the output when asked for.
    frames: Mapping[str, pd.DataFrame]
    seconds: float
    manifest: dict[str, object]


def _regular_file_size(path: Path) -> int:
    try:
        status = path.lstat()
    except OSError:
        return 0
    return status.st_size if stat.S_ISREG(status.st_mode) else 0


def default_workers(files: list[InputFile]) -> int:
    total = sum(_regular_file_size(file.path) for file in files)
    return (os.cpu_count() or 1) if total >= PARALLEL_MIN_BYTES else 1


def build_tables(inputs: list[Path], reference: ReferenceData, options: BuildOptions = BuildOptions()) -> dict[str, pd.DataFrame]:
    """Read, clean and tabulate every article under `inputs`; nothing is written (but the
    map cache, when `options.cache` names one).

    Raises FileNotFoundError for a missing input and NothingToBuild when no article is usable.
    """
    return tables_from_files(input_files(inputs, options.follow_links), reference, options).frames


@dataclass(frozen=True)
class BuiltTables:
    # Every table, or with a sink given, `articles` and the small tables (the others are there).
    frames: dict[str, pd.DataFrame]
    # Rows of every table.
    rows: dict[str, int]
    input_files: int
    # Tracebacks of unforeseen errors, by file: what debug.log holds.
    details: list[Rejection]
    # What the map cache reused and computed, stage by stage; None without a cache.
    cache: dict[str, object] | None = None
    # Per research-database export file: its layout and how many documents it held.
    export_documents: dict[str, ExportCount] = field(default_factory=dict)
    # What each file gave, for the next build (`last_build.py`, pickled); None without a cache.
    file_records: dict[FileKey, bytes] | None = None
    # How many files were taken from the previous build unread.
    unread_files: int = 0


@dataclass
class _FileReading:
    """What one file read in this build gives, as it arrives, to be recorded for the next."""

    signature: FileSignature | None
    read_rejections: list[Rejection] = field(default_factory=list)
    items: list[RecordedArticle | RecordedRejection] = field(default_factory=list)
    # An unforeseen error is not kept: the next build reads the file again.
    recordable: bool = True

    def record(self, export_count: ExportCount | None) -> bytes | None:
        if not self.recordable or self.signature is None:
            return None
        return encoded_file_record(FileRecord(self.signature, tuple(self.read_rejections), tuple(self.items), export_count))


def _opened_cache(folder: Path | None, options: BuildOptions) -> MapCache | None:
    if folder is None or not options.use_cache:
        return None
    try:
        return MapCache(folder, options.warn)
    except (OSError, sqlite3.Error) as problem:
        options.warn(f"warning: the map cache in {folder} cannot be used ({problem}); building without it")
        return None


def _results(tasks: Iterator[MapTask], reference: ReferenceData, options: BuildOptions, workers: int) -> Iterator[Output]:
    if options.engine == DASK:
        from dashboard.preprocessing.build.dask_engine import results_on_dask

        return results_on_dask(tasks, reference, options)
    return results_locally(tasks, reference, options, workers)


def _key_of(file: InputFile) -> FileKey:
    return str(file.path), file.source_path


def _unchanged_files(files: list[InputFile], previous: PreviousBuild | None) -> dict[int, FileRecord]:
    """The files (by position) that the previous build read as they are now."""
    if previous is None:
        return {}
    unchanged = {}
    with collection_paused():
        for index, file in enumerate(files):
            record = previous.record.file_record(_key_of(file))
            if record is not None and record.signature == signature_of(file.path):
                unchanged[index] = record
    return unchanged


def tables_from_files(
    files: list[InputFile], reference: ReferenceData, options: BuildOptions = BuildOptions(), cache_folder: Path | None = None,
    previous: PreviousBuild | None = None, sink: TableSink | None = None,
) -> BuiltTables:
    """The tables of the given input files; every file ends up in `articles` or `rejected`.
    The large tables (`corpus_reduce.STREAMED_TABLES`) go to `sink` when one is given.
    The map cache is `options.cache`, else `cache_folder`, else none. With `previous` (and
    a cache), files that did not change since that build are not read: their articles'
    rows are that build's. Raises PreviousRowsMissing when one of those articles needs new
    rows (the caller builds again without `previous`, into a new sink)."""
    if not files:
        raise NothingToBuild("no files found in the inputs")
    rejections: list[Rejection] = []

    def reject(rejection: Rejection) -> None:
        rejections.append(rejection)
        options.warn(f"warning: skipped {rejection.source_path}: {rejection.reason}")

    bar = tqdm(total=len(files), unit="file", disable=not options.progress or len(files) <= PROGRESS_MIN_FILES, leave=False)
    export_documents: dict[str, ExportCount] = {}
    cache = _opened_cache(options.cache or cache_folder, options)
    keys = StageKeyMaker(reference, options.stance_mode, sentence_tone_for(options.stance_mode, options.sentence_tone)) if cache else None
    unchanged = _unchanged_files(files, previous) if cache is not None and not cache.started_afresh else {}
    readings: dict[int, _FileReading] = {}

    def raw_articles() -> Iterator[tuple[int, RawArticle]]:
        for index, file in enumerate(files):
            if index in unchanged:
                continue
            # The signature before the reading: a file changed meanwhile is read again next time.
            reading = readings[index] = _FileReading(signature_of(file.path), recordable=cache is not None)
            for item in raw_articles_from_file(file):
                if item.export_layout:
                    export_documents[file.source_path] = export_document_count(export_documents.get(file.source_path), item)
                if isinstance(item, Rejection):
                    reading.read_rejections.append(item)
                    reading.recordable = reading.recordable and not item.detail
                    reject(item)
                else:
                    yield index, item
            bar.update()

    # (file's position, the article's stage keys, the parts the cache had), in input order.
    in_flight: deque[tuple[int, StageKeys | None, KnownParts]] = deque()

    def tasks() -> Iterator[MapTask]:
        for index, raw in raw_articles():
            if cache is None or keys is None:
                in_flight.append((index, None, NOTHING_KNOWN))
                yield MapTask(raw)
                continue
            stage_keys = keys.keys_of(raw)
            task = MapTask(raw, cache.known_parts(stage_keys))
            in_flight.append((index, stage_keys, task.known))
            yield task

    in_memory = TablesInMemory() if sink is None else None
    reduction = CorpusReduction(
        reference.topic.topic_id, topic_stance_model_for(options.stance_mode).article.band, previous.rows if previous else None,
        in_memory or sink,
    )
    waiting = deque(sorted(unchanged))

    def add_unchanged_files_before(position: int) -> None:
        """The unchanged files that come before `position`, into the reduce in input order."""
        while waiting and waiting[0] < position:
            index = waiting.popleft()
            record = unchanged[index]
            assert cache is not None, "files are taken unread only with a cache"
            for read_rejection in record.read_rejections:
                reject(read_rejection)
            if record.export_count is not None:
                export_documents[files[index].source_path] = record.export_count
            for item in record.items:
                if isinstance(item, RecordedRejection):
                    cache.reused_rejection(item.cleaned_key)
                    reject(item.rejection)
                else:
                    cache.reused_parts(item.keys)
                    duplicate = reduction.add_reused(item.entry)
                    if duplicate is not None:
                        reject(duplicate)
            bar.update()

    completed = False
    try:
        with bar, collection_paused():
            to_read = [file for index, file in enumerate(files) if index not in unchanged]
            for output in _results(tasks(), reference, options, options.workers or default_workers(to_read)):
                index, stage_keys, known = in_flight.popleft()
                add_unchanged_files_before(index)
                if cache is not None and stage_keys is not None:
                    if isinstance(output, EncodedArticle):
                        cache.remember_encoded(stage_keys, known, output.parts)
                    else:
                        cache.remember(stage_keys, output, known)
                reading = readings[index]
                if isinstance(output, Rejection):
                    if output.detail:
                        reading.recordable = False
                    elif stage_keys is not None:
                        reading.items.append(RecordedRejection(output, stage_keys.cleaned))
                    reject(output)
                    continue
                entry = output.entry if isinstance(output, EncodedArticle) else entry_of(output)
                if stage_keys is not None:
                    reading.items.append(RecordedArticle(entry, stage_keys))
                if isinstance(output, EncodedArticle):
                    rejection = reduction.add_mapped(entry, output.rows, partial(output.article, known))
                else:
                    rejection = reduction.add(output, entry)
                if rejection is not None:
                    reject(rejection)
            add_unchanged_files_before(len(files))
        completed = True
    finally:
        if cache is not None:
            # Parts go stale only when a file changed or went, or the settings did.
            stale = previous is None or len(unchanged) < len(previous.record.files)
            cache.close(prune=completed and stale)
    if not len(reduction):
        raise NothingToBuild(f"none of the {len(files)} input files held a usable article")
    frames = reduction.frames(rejections, reference.actors, reference.frames)
    if in_memory is not None:
        every_table = {**frames, **in_memory.tables()}
        frames = {name: every_table[name] for name in schema.TABLES}
    records = None
    if cache is not None:
        # An unchanged file's record goes on as the previous build pickled it.
        kept = previous.record.files if previous is not None else {}
        records = {key: kept[key] for key in (_key_of(files[index]) for index in unchanged)}
        for index, reading in readings.items():
            record = reading.record(export_documents.get(files[index].source_path))
            if record is not None:
                records[_key_of(files[index])] = record
    rows = {name: len(frames[name]) if name in frames else reduction.sink.rows(schema.TABLES[name]) for name in schema.TABLES}
    return BuiltTables(
        frames, rows, len(files), [r for r in rejections if r.detail], cache.summary() if cache is not None else None, export_documents,
        records, len(unchanged),
    )


def manifest_of(built: BuiltTables, inputs: list[Path], seconds: float, reference: ReferenceData, options: BuildOptions) -> dict[str, object]:
    articles = built.frames["articles"]
    published = articles["published"].dropna()
    model = topic_stance_model_for(options.stance_mode)
    return {
        "coverage_lens_version": __version__,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "inputs": [str(path) for path in inputs],
        "topic": reference.topic.topic_id,
        "topic_title": reference.topic.title,
        "topic_stance_variant": model.variant,
        "topic_weights": asdict(model.article),
        "stance_mode": options.stance_mode,
        "frames": {
            "file": str(reference.frames_file) if reference.frames_file else None,
            "mode": "cue" if frames_cue_only(options.stance_mode) else "cue+similarity",
        },
        "sentence_tone": sentence_tone_for(options.stance_mode, options.sentence_tone),
        "seconds": round(seconds, 3),
        "input_files": built.input_files,
        "export_documents": {path: asdict(count) for path, count in built.export_documents.items()},
        "articles": len(articles),
        "outlets": int(articles["outlet"].nunique()),
        "sentences": built.rows["sentences"],
        "mentions": built.rows["mentions"],
        "quotes": built.rows["quotes"],
        "articles_with_topic_stance": int(articles["topic_score"].notna().sum()),
        "sentence_frames": built.rows["sentence_frames"],
        "rejected": built.rows["rejected"],
        "debug_log": DEBUG_LOG if built.details else None,
        "map_cache": built.cache,
        "unread_files": built.unread_files,
        "first_published": published.min().date().isoformat() if len(published) else None,
        "last_published": published.max().date().isoformat() if len(published) else None,
    }


def build(inputs: list[Path], out: Path, reference: ReferenceData, options: BuildOptions = BuildOptions()) -> BuildReport:
    """Build the tables and swap them into `out`; on any failure `out` is left as it was.
    The large tables are written into the staging folder as they are made.

    The map cache is `options.cache`, else `out/.cache` (carried over by the swap). With
    `options.labels`, `build.json` also records how the new tables agree with that file;
    with `options.calibrate`, the score-to-label thresholds are fitted on those labels and
    applied, and `build.json` records them with out-of-fold figures only.
    """
    started = time.perf_counter()
    files = input_files(inputs, options.follow_links)
    cache_folder = options.cache or out / DEFAULT_CACHE_FOLDER
    tone = sentence_tone_for(options.stance_mode, options.sentence_tone)
    settings = settings_digest(reference, options.stance_mode, tone) if options.use_cache and reference.digests else None
    with staged_output(out) as staging:
        built = _built_into(staging.folder, files, reference, options, cache_folder, settings)
        manifest = {"build_id": uuid.uuid4().hex, **manifest_of(built, inputs, time.perf_counter() - started, reference, options)}
        frames = built.frames
        labels = options.labels
        if labels is not None and labels.is_file():
            people = labels_from_file(labels).labels
            manifest["agreement"] = agreement_summary(agreement_report(frames["articles"], people))
            if options.calibrate:
                calibration = calibration_for(frames["articles"], people, topic_stance_model_for(options.stance_mode).article.band)
                manifest["calibration"] = (
                    calibration_summary(calibration) if calibration
                    else {"used": False, "why": f"fewer than {MIN_CALIBRATION_LABELS} labels of the random sample on scored articles"}
                )
                if calibration:
                    frames = {**frames, "articles": articles_calibrated(frames["articles"], calibration.thresholds)}
        elif options.calibrate:
            manifest["calibration"] = {"used": False, "why": "no labels file"}
        write_table_files(staging.folder, frames)
        extra = {DEBUG_LOG: debug_log_of(built.details)} if built.details else {}
        carried = entries_holding(out, cache_folder) if built.cache is not None else ()
        staging.swapped_in(manifest, extra, carried)
    _keep_last_build(cache_folder, out, built, settings, manifest, options)
    return BuildReport(TablesOnDisk(out, frames), time.perf_counter() - started, manifest)


def _built_into(
    folder: Path, files: list[InputFile], reference: ReferenceData, options: BuildOptions, cache_folder: Path, settings: bytes | None,
) -> BuiltTables:
    """The tables of `files`, the large ones written into `folder`: from the last build's
    rows where it can, else from every file."""
    previous = previous_build_of(cache_folder, settings) if settings is not None else None
    sink = TableFiles(folder)
    try:
        try:
            return tables_from_files(files, reference, options, cache_folder, previous, sink)
        except PreviousRowsMissing as missing:
            options.warn(f"warning: the previous build's rows cannot be reused ({missing}); every file is read again")
        finally:
            if previous is not None:
                previous.close()
        sink.close_all()
        sink = TableFiles(folder)
        return tables_from_files(files, reference, options, cache_folder, sink=sink)
    finally:
        sink.close_all()


def _keep_last_build(
    cache_folder: Path, out: Path, built: BuiltTables, settings: bytes | None, manifest: dict[str, object], options: BuildOptions,
) -> None:
    """Record what each file gave, for the next build; a calibrated build's articles are not
    the reduce's own, so the next build reads every file."""
    calibration = manifest.get("calibration")
    calibrated = isinstance(calibration, dict) and bool(calibration.get("used"))
    try:
        if built.file_records is None or settings is None or calibrated or not cache_folder.is_dir():
            forget_last_build(cache_folder)
            return
        write_last_build(cache_folder, LastBuild(settings, str(manifest["build_id"]), str(out.resolve()), built.file_records))
    except OSError as problem:
        options.warn(f"warning: could not record this build for the next one ({problem}); the next build reads every file")


def entries_holding(out: Path, cache: Path) -> tuple[str, ...]:
    """The entries of `out` that hold the map cache when it lies inside `out` (the swap must
    carry them into the new folder, or the old folder's removal takes the cache with it)."""
    try:
        inside = cache.resolve().relative_to(out.resolve()).parts
    except ValueError:
        return ()
    return inside[:1] if inside else (CACHE_FILE, f"{CACHE_FILE}-wal", f"{CACHE_FILE}-shm")


DEBUG_LOG = "debug.log"


def debug_log_of(details: list[Rejection]) -> str:
    """The tracebacks of unforeseen errors, one block per file, for a bug report."""
    return "".join(f"== {rejection.source_path}: {rejection.reason}\n{rejection.detail}\n" for rejection in details)
