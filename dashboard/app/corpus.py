"""The corpus behind the app: where its tables are, building them on first start, adding
uploaded files, and finding an article's original text. No Streamlit here.

Locally, uploads are saved under `data/raw/uploads/` and the tables in `data/processed/`
are rebuilt, so they stay. On a hosted deploy many people share one copy of the
repository, so uploads go to a temporary folder of the session and its own tables are
built beside them: they join that session's view and nobody else's.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard import paths, schema
from dashboard.preprocessing.articles import clean_article_from_raw
from dashboard.preprocessing.build import BuildOptions, NothingToBuild, build
from dashboard.preprocessing.build.map_cache import cache_seeded
from dashboard.preprocessing.ingest import formats
from dashboard.preprocessing.ingest.files import InputFile, raw_articles_from_file
from dashboard.preprocessing.records import RawArticle, Rejection
from dashboard.preprocessing.reference import DEFAULT_TOPIC, ReferenceData, reference_data_from_files
from dashboard.preprocessing.sentiment.modes import DEFAULT_STANCE_MODE
from dashboard.preprocessing.sentiment.stance import STANCE_BAND
from dashboard.preprocessing.store import read_manifest
from dashboard.preprocessing.tables import frame_from_rows

Tables = dict[str, pd.DataFrame]

# The folder of tables the app shows; tests and users with `build --out` point it elsewhere.
TABLES_ENV = "COVERAGE_LENS_TABLES"
# "save" (keep uploads under data/raw and rebuild) or "session" (hosted: this session only).
UPLOADS_ENV = "COVERAGE_LENS_UPLOADS"
# Streamlit Community Cloud checks repositories out under this folder.
COMMUNITY_CLOUD_ROOT = Path("/mount/src")

UPLOAD_SUFFIXES = formats.UPLOAD_SUFFIXES
MAX_UPLOAD_MEBIBYTES = 20
MAX_UPLOAD_BYTES = MAX_UPLOAD_MEBIBYTES * 2**20
# What the uploader itself lets through: larger than the limit above, so that a file over
# the limit (or of another type) reaches the page and is reported, not silently dropped.
UPLOADER_MEBIBYTES = 200
UPLOADS_FOLDER = "uploads"
MAX_UPLOAD_NAME_CHARACTERS = 100
_UNSAFE_NAME_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")


def tables_folder() -> Path:
    return Path(os.environ.get(TABLES_ENV) or paths.PROCESSED)


# Where people's labels are kept; tests and hosted deploys point it elsewhere.
LABELS_ENV = "COVERAGE_LENS_LABELS"


def labels_path(session: Path | None = None) -> Path:
    """The labels file: the environment's, else the hosted session's own, else data/labels.csv."""
    if os.environ.get(LABELS_ENV):
        return Path(os.environ[LABELS_ENV])
    return session / "labels.csv" if session else paths.LABELS


def uploads_are_session_only() -> bool:
    setting = os.environ.get(UPLOADS_ENV, "").strip().lower()
    if setting in ("save", "session"):
        return setting == "session"
    return Path.cwd().resolve().is_relative_to(COMMUNITY_CLOUD_ROOT)


def empty_tables() -> Tables:
    return {name: frame_from_rows(table, []) for name, table in schema.TABLES.items()}


def topic_of(manifest: dict) -> str:
    return str(manifest.get("topic") or DEFAULT_TOPIC)


def topic_title_of(manifest: dict) -> str:
    return str(manifest.get("topic_title") or topic_of(manifest))


def topic_band_of(manifest: dict) -> float:
    return float((manifest.get("topic_weights") or {}).get("band", STANCE_BAND))


def stance_mode_of(manifest: dict) -> str:
    return str(manifest.get("stance_mode") or DEFAULT_STANCE_MODE)


def stance_method_of(manifest: dict) -> str:
    """How the build measured stance, in words, for the pages' captions."""
    weights = manifest.get("topic_weights") or {}
    if not manifest.get("topic_stance_variant"):
        return ""
    return (
        f"Topic stance: {manifest['topic_stance_variant'].replace('_', '-')} model; an article's score is "
        f"{1 - weights.get('whole', 0):g} × the weighted mean of p(supportive) - p(critical) over its headline and sentences (quoted voices "
        f"weigh {weights.get('quoted', 1):g}, the headline {weights.get('headline', 1):g}, sentences that do not name the topic "
        f"{weights.get('context', 0):g}) plus {weights.get('whole', 0):g} × the model's reading of the whole article; beyond "
        f"±{weights.get('band', 0):g} it is critical or supportive. Actor stance: {manifest.get('stance_mode', '')} target sentiment model."
    )


def manifest_of_folder(folder: Path) -> dict:
    """The build's manifest, or {} when the folder holds no complete build."""
    try:
        return read_manifest(folder)
    except (OSError, ValueError):
        return {}


def built_at(folder: Path) -> str | None:
    """The build's time stamp, or None when the folder holds no complete build of this
    version's tables (a build made before a table was added is rebuilt, not shown)."""
    stamp = manifest_of_folder(folder).get("built_at")
    if not stamp or not all((folder / f"{name}.parquet").is_file() for name in schema.TABLES):
        return None
    return str(stamp)


# Where the tables go when the repository folder cannot be written (some hosted deploys).
FALLBACK_TABLES = Path(tempfile.gettempdir()) / "coverage-lens-tables"


def _project_reference(topic: str = DEFAULT_TOPIC) -> ReferenceData:
    return reference_data_from_files(paths.SOURCES, paths.ACTORS, paths.NOT_ACTORS, topic=topic, topics=paths.TOPICS, cues=paths.STANCE_CUES, frames=paths.FRAMES)


def _built_defaults_into(folder: Path) -> None:
    build(paths.default_inputs(), folder, _project_reference())


def tables_for_first_start(folder: Path) -> tuple[Path, str | None]:
    """The folder to show and, when there is nothing to show, why.

    When `folder` holds no tables yet, as on a hosted deploy's first start, `seeds/` (and
    `data/raw/`) are built into it, or into a temporary folder when it cannot be written.
    """
    for candidate in (folder, FALLBACK_TABLES):
        if built_at(candidate):
            return candidate, None
    try:
        _built_defaults_into(folder)
        return folder, None
    except PermissionError:
        pass
    except (NothingToBuild, FileNotFoundError) as error:
        return folder, f"No tables yet, and none could be built: {error}"
    except (OSError, ValueError) as error:
        return folder, f"No tables yet, and building them failed: {error}"
    try:
        _built_defaults_into(FALLBACK_TABLES)
        return FALLBACK_TABLES, None
    except (NothingToBuild, OSError, ValueError) as error:
        return folder, f"No tables yet, and building them failed: {error}"


@dataclass(frozen=True)
class UploadResult:
    tables_folder: Path
    added: list[str]
    rejected: list[tuple[str, str]]


def upload_problem(name: str, size: int) -> str | None:
    """Why an uploaded file is refused before it is read, or None."""
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        return f"not a supported file type (use {', '.join(UPLOAD_SUFFIXES)})"
    if size == 0:
        return "empty file (0 bytes)"
    if size > MAX_UPLOAD_BYTES:
        return f"too large: {size / 2**20:,.1f} MiB, the limit is {MAX_UPLOAD_MEBIBYTES} MiB"
    return None


def safe_file_name(name: str) -> str:
    """The last part of an uploaded name, with only letters, digits, `.`, `_` and `-`, and
    short enough for any file system (a 300-character name is cut, not refused)."""
    base = re.split(r"[\\/]", name)[-1]
    stem, dot, suffix = base.rpartition(".")
    cleaned_stem = _UNSAFE_NAME_CHARACTERS.sub("-", stem if dot else base).strip(".-")[:MAX_UPLOAD_NAME_CHARACTERS].strip(".-") or "upload"
    cleaned_suffix = _UNSAFE_NAME_CHARACTERS.sub("", suffix).lower()[:10]
    return f"{cleaned_stem}.{cleaned_suffix}" if dot else cleaned_stem


def _free_path(folder: Path, name: str) -> Path:
    candidate = folder / name
    stem, suffix = candidate.stem, candidate.suffix
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def _of_file(frame: pd.DataFrame, source_path: str) -> pd.Series:
    """Rows that came from one file: the file itself or its records `path#n`."""
    return (frame["source_path"] == source_path) | frame["source_path"].str.startswith(source_path + "#")


def _reason_in_file(file_path: str, path: str, reason: str) -> str:
    """A rejection's reason as told about its file: a record's reason names the record."""
    return reason if path == file_path else f"{path}: {reason}"


def _rejections_of(rejected: pd.DataFrame, source_path: str) -> list[str]:
    hits = rejected[_of_file(rejected, source_path)]
    return [_reason_in_file(source_path, path, reason) for path, reason in zip(hits["source_path"], hits["reason"], strict=True)]


def _staged_uploads(uploads: list[tuple[str, bytes]], staging: Path) -> tuple[list[tuple[str, Path]], list[tuple[str, str]]]:
    """Each upload written under a safe, bounded name into `staging`, or refused with why."""
    staged: list[tuple[str, Path]] = []
    refused: list[tuple[str, str]] = []
    for name, content in uploads:
        problem = upload_problem(name, len(content))
        if problem:
            refused.append((name, problem))
            continue
        try:
            path = _free_path(staging, safe_file_name(name))
            path.write_bytes(content)
        except OSError as error:
            refused.append((name, f"could not be saved: {error.strerror or error}"))
            continue
        staged.append((name, path))
    return staged, refused


def usable_articles_in(path: Path, reference: ReferenceData) -> tuple[int, list[str]]:
    """How many articles of one file survive reading and cleaning, and why the rest did not:
    the build's own bounded readers, so what passes here cannot break the build."""
    usable = 0
    reasons: list[str] = []
    for item in raw_articles_from_file(InputFile(path, path.name)):
        cleaned = item if isinstance(item, Rejection) else _cleaned_or_rejection(item, reference)
        if isinstance(cleaned, Rejection):
            reasons.append(_reason_in_file(path.name, cleaned.source_path, cleaned.reason))
        else:
            usable += 1
    return usable, reasons


def _cleaned_or_rejection(raw: RawArticle, reference: ReferenceData) -> object:
    """The article cleaned, or why it cannot be."""
    try:
        return clean_article_from_raw(raw, reference.sources)
    except Exception as error:
        return Rejection(raw.source_path, f"could not be read (internal error {type(error).__name__})")


def corpus_with_uploads(
    uploads: list[tuple[str, bytes]], raw_folder: Path, out: Path, inputs: list[Path], topic: str, stance_mode: str = DEFAULT_STANCE_MODE,
) -> UploadResult:
    """Add uploads to the corpus, each file all or nothing, and rebuild `inputs` (which
    should include `raw_folder`) into `out`.

    Each file is written to a staging folder under a safe name and read there by the
    build's readers; only a file that yields at least one usable article moves into
    `raw_folder/uploads/<time>/`. If the rebuild fails, the moved files go again and the
    previous tables stay. A file whose articles all turn out to be duplicates is removed
    too. The result lists exactly what was added and what was not, with the reasons.

    Each batch gets a folder named by the time, so files read later sort later: when an
    upload repeats an article already in the corpus, the new copy is the one rejected.
    """
    reference = _project_reference(topic)
    rejected: list[tuple[str, str]] = []
    accepted: list[tuple[str, Path]] = []
    with tempfile.TemporaryDirectory(prefix="coverage-lens-upload-") as staging_name:
        staged, refused = _staged_uploads(uploads, Path(staging_name))
        rejected.extend(refused)
        # To the microsecond: a "-2" added to a name taken in the same second would sort
        # before the first ("-" < "/"), and the new copy would win over the old.
        folder = _free_path(raw_folder / UPLOADS_FOLDER, dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f"))
        for name, path in staged:
            usable, reasons = usable_articles_in(path, reference)
            if not usable:
                rejected.append((name, "; ".join(reasons) or "no article could be read from it"))
                continue
            folder.mkdir(parents=True, exist_ok=True)
            target = _free_path(folder, path.name)
            shutil.move(path, target)
            accepted.append((name, target))
    if not accepted:
        return UploadResult(out, [], rejected)

    def withdraw(reason: str) -> UploadResult:
        for _, path in accepted:
            path.unlink(missing_ok=True)
        if folder.exists() and not any(folder.iterdir()):
            folder.rmdir()
        return UploadResult(out, [], rejected + [(name, reason) for name, _ in accepted])

    # A hosted session's first build reuses what the shared tables' build processed.
    cache_seeded(out, tables_folder())
    try:
        report = build(inputs, out, reference, BuildOptions(stance_mode=stance_mode, labels=labels_path()))
    except NothingToBuild as error:
        return withdraw(str(error))
    except Exception as error:
        return withdraw(f"not added: rebuilding the tables failed ({type(error).__name__}: {error}); the previous tables are kept")
    articles, rejections = report.frames["articles"], report.frames["rejected"]
    added: list[str] = []
    for name, path in accepted:
        source_path = path.relative_to(raw_folder).as_posix()
        reasons = _rejections_of(rejections, source_path)
        if _of_file(articles, source_path).any():
            added.append(name)
            rejected.extend((name, reason) for reason in reasons)
        else:
            path.unlink(missing_ok=True)
            rejected.append((name, "; ".join(reasons) or "no article could be read from it"))
    if folder.exists() and not any(folder.iterdir()):
        folder.rmdir()
    return UploadResult(out, added, rejected)


def calibrated_tables(plan: UploadPlan, topic: str, stance_mode: str, labels: Path) -> dict:
    """Rebuild the plan's inputs with the score-to-label thresholds fitted on `labels`
    (out of fold; see `build --calibrate`); the new build's calibration record."""
    inputs = [path for path in plan.inputs if path.exists()]
    report = build(inputs, plan.tables_folder, _project_reference(topic), BuildOptions(stance_mode=stance_mode, labels=labels, calibrate=True))
    calibration = report.manifest.get("calibration")
    return dict(calibration) if isinstance(calibration, dict) else {}


@functools.cache
def _sessions_folder() -> Path:
    """This server's own private folder (0700) that holds its hosted sessions' folders."""
    return Path(tempfile.mkdtemp(prefix="coverage-lens-sessions-"))


def session_folder() -> Path:
    """A new folder for one hosted session's uploads, labels and tables, inside this server's
    private folder. It is only named here: what first writes to it (an upload, a label)
    makes it, so a session that only reads leaves nothing behind."""
    return _sessions_folder() / secrets.token_hex(16)


@dataclass(frozen=True)
class UploadPlan:
    raw_folder: Path
    tables_folder: Path
    inputs: list[Path]


def upload_plan(manifest: dict, tables: Path, session: Path | None) -> UploadPlan:
    """Where uploads go and what is rebuilt: the inputs of the current build plus the
    upload folder, `data/raw/` locally or the session's own folder when hosted."""
    inputs = [Path(path) for path in manifest.get("inputs", [])] or paths.default_inputs()
    raw, out = (session / "raw", session / "processed") if session else (paths.RAW, tables)
    return UploadPlan(raw, out, inputs if raw in inputs else [*inputs, raw])


def original_article(inputs: list[Path], source_path: str) -> RawArticle | None:
    """The article as it was read from its file, before cleaning; None when the file is gone."""
    file_part = source_path.split("#", 1)[0]
    for root in inputs:
        if root.is_file():
            path = root if root.name == file_part else None
        else:
            path = (root / file_part).resolve()
            if not path.is_relative_to(root.resolve()):
                path = None
        if path is None or not path.is_file():
            continue
        for item in raw_articles_from_file(InputFile(path, file_part)):
            if isinstance(item, RawArticle) and item.source_path == source_path:
                return item
    return None
