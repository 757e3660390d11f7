"""The labels file (`data/labels.csv`): read it, and add one label at a time.

Adding appends one CSV row under a lock, then flushes and syncs it to disk, so a reload,
a crash or two browser tabs labelling at once lose nothing and corrupt nothing. Reading
keeps the newest label of each article and coder, and skips (and counts) rows that are
not labels instead of failing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard import schema
from dashboard.file_lock import exclusive_lock

COLUMNS = schema.LABELS.column_names
RANDOM = "random"
ACTIVE = "active"
CHOSEN = (RANDOM, ACTIVE)
MIN_STANCE, MAX_STANCE = -2, 2


class LabelError(ValueError):
    """A label that cannot be saved; the message says what to fix."""


@dataclass(frozen=True)
class Label:
    article_id: str
    coder: str
    stance: int
    chosen: str
    frames: tuple[str, ...] = ()
    note: str = ""


def _checked(label: Label) -> Label:
    if not label.article_id.strip():
        raise LabelError("a label needs the article's id")
    if not label.coder.strip():
        raise LabelError("give your name as coder before labelling")
    if not (isinstance(label.stance, int) and MIN_STANCE <= label.stance <= MAX_STANCE):
        raise LabelError(f"stance must be a whole number from {MIN_STANCE} to {MAX_STANCE}, not {label.stance!r}")
    if label.chosen not in CHOSEN:
        raise LabelError(f"chosen must be one of {', '.join(CHOSEN)}")
    return label


def label_row(label: Label, now: dt.datetime | None = None) -> list[str]:
    """The CSV row of a label, in the schema's column order."""
    label = _checked(label)
    stamp = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    values = {
        "article_id": label.article_id.strip(), "coder": " ".join(label.coder.split()), "stance": str(label.stance),
        "frames": "|".join(frame.strip() for frame in label.frames if frame.strip()), "note": " ".join(label.note.split()),
        "labelled_at": stamp, "chosen": label.chosen,
    }
    return [values[column] for column in COLUMNS]


def label_appended(path: Path, label: Label, now: dt.datetime | None = None) -> None:
    """Append one label to the labels file, writing the header first into a new file."""
    row = label_row(label, now)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", newline="", encoding="utf-8") as handle, exclusive_lock(handle):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        # The size under the lock, not the handle's position: another writer may have
        # written the header since this one opened the file.
        if os.fstat(handle.fileno()).st_size == 0:
            writer.writerow(COLUMNS)
        writer.writerow(row)
        handle.write(buffer.getvalue())
        handle.flush()
        os.fsync(handle.fileno())


@dataclass(frozen=True)
class LabelsRead:
    labels: pd.DataFrame
    # Rows that were not labels (a torn last line, an edited cell); kept out, counted.
    skipped: int


def labels_from_file(path: Path) -> LabelsRead:
    """Every label in the file, the newest of each article and coder; an absent file is
    no labels. Rows with a stance outside -2..+2 or an unknown `chosen` are skipped."""
    empty = pd.DataFrame({column: pd.Series(dtype="object") for column in COLUMNS})
    if not path.is_file():
        return LabelsRead(empty, 0)
    with path.open(newline="", encoding="utf-8", errors="replace") as handle:
        rows = list(csv.DictReader(handle))
    kept: list[dict[str, object]] = []
    for row in rows:
        try:
            stance = int(str(row.get("stance", "")).strip())
        except ValueError:
            continue
        if not (MIN_STANCE <= stance <= MAX_STANCE) or row.get("chosen") not in CHOSEN or not row.get("article_id") or not row.get("coder"):
            continue
        kept.append({**{column: row.get(column) or "" for column in COLUMNS}, "stance": stance})
    frame = pd.DataFrame(kept, columns=COLUMNS) if kept else empty
    newest = frame.drop_duplicates(["article_id", "coder"], keep="last").reset_index(drop=True)
    return LabelsRead(newest, len(rows) - len(kept))
