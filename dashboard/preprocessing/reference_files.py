"""Reading the reference CSV files users edit (`data/sources.csv`, `data/actors.csv`, ...)."""

from __future__ import annotations

import csv
from pathlib import Path


def reference_rows_from_csv(path: Path, columns: tuple[str, ...], error: type[ValueError]) -> list[dict[str, str]]:
    """The rows of a reference CSV (UTF-8, header first); `error` names the file and the fix."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [column for column in columns if column not in (reader.fieldnames or [])]
            if missing:
                raise error(f"{path}, line 1: the header lacks {', '.join(missing)}. The header must be: {','.join(columns)}.")
            return list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as problem:
        raise error(f"{path}: cannot be read ({problem}). Save it as UTF-8 CSV.") from problem
