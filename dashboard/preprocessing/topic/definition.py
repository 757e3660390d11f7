"""A topic as users declare it in `data/topics/<topic_id>.csv`: its names, the references
coverage uses for it, its parts, its detractors' names for it, its members, and short
statements of what critics, supporters and neutral reports say about it.

One row per entry, header `kind,text`. Kinds: `title` (one row), `name`, `reference`,
`part`, `detractor_name`, `together` (one row per member, `|`-separated ways of naming
it: a sentence naming every member is about the topic), and `critical`, `supportive`,
`neutral` (the stance statements). A user studying another event writes another file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dashboard.preprocessing.reference_files import reference_rows_from_csv

TOPIC_COLUMNS = ("kind", "text")
CRITICAL = "critical"
NEUTRAL = "neutral"
SUPPORTIVE = "supportive"
STANCES = (CRITICAL, NEUTRAL, SUPPORTIVE)
TERM_KINDS = ("name", "detractor_name", "part", "reference")
KINDS = ("title", *TERM_KINDS, "together", *STANCES)
# Fewer statements than this per stance give the zero-shot comparison too little to go on.
MIN_STATEMENTS = 3


class TopicFileError(ValueError):
    """A topic file cannot be used; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class Topic:
    topic_id: str
    title: str
    terms: dict[str, tuple[str, ...]]  # kind -> terms, for each of TERM_KINDS
    members: tuple[tuple[str, ...], ...]  # the `together` groups
    statements: dict[str, tuple[str, ...]]  # stance -> statements, for each of STANCES


def topic_from_rows(topic_id: str, rows: list[dict[str, str]], where: str = "") -> Topic:
    """A checked Topic from `kind,text` rows; a problem raises TopicFileError."""
    entries: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for line, row in enumerate(rows, start=2):
        kind = (row.get("kind") or "").strip().lower()
        text = " ".join((row.get("text") or "").split())
        if not kind and not text:
            continue
        if kind not in entries:
            raise TopicFileError(f"{where}, line {line}: unknown kind {kind!r}. Use one of: {', '.join(KINDS)}.")
        if not text:
            raise TopicFileError(f"{where}, line {line}: the {kind} row has no text.")
        entries[kind].append(text)
    if not entries["name"]:
        raise TopicFileError(f"{where}: no `name` row. Give the topic at least one name.")
    for stance in STANCES:
        if len(entries[stance]) < MIN_STATEMENTS:
            raise TopicFileError(
                f"{where}: {len(entries[stance])} `{stance}` statements; write at least {MIN_STATEMENTS} short statements of what that side says."
            )
    members = tuple(
        tuple(part for part in (piece.strip() for piece in group.split("|")) if part) for group in entries["together"]
    )
    return Topic(
        topic_id=topic_id,
        title=entries["title"][0] if entries["title"] else entries["name"][0],
        terms={kind: tuple(dict.fromkeys(entries[kind])) for kind in TERM_KINDS},
        members=tuple(group for group in members if group),
        statements={stance: tuple(entries[stance]) for stance in STANCES},
    )


def topic_from_file(path: Path) -> Topic:
    """The topic declared in `path`; its id is the file's stem."""
    rows = reference_rows_from_csv(path, TOPIC_COLUMNS, TopicFileError)
    return topic_from_rows(path.stem, rows, str(path))


def topic_in_folder(folder: Path, topic_id: str) -> Topic:
    """`folder/<topic_id>.csv`; an unknown id raises TopicFileError naming the ones there are."""
    path = folder / f"{topic_id}.csv"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.csv"))) or "none"
        raise TopicFileError(f"no topic {topic_id!r}: {path} does not exist (topics in {folder}: {known}).")
    return topic_from_file(path)
