"""Frames as users declare them in `data/frames.csv`: how coverage can tell the story.

One row per entry, header `frame,kind,text`, grouped by frame id. Kinds: `name` (the
display name, once), `description` (one line, once), `family` (once: the generic frame
it belongs to), `cue` (a phrase that signals the frame; many) and `example` (a sentence
that carries it; a few). A generic frame is one whose family is itself ("security_defence",
"political", ...): a sentence gets one only when no other frame fits it. A user studying
another event writes another file (`build --frames FILE`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dashboard.preprocessing import patterns
from dashboard.preprocessing.reference_files import reference_rows_from_csv

FRAMES_COLUMNS = ("frame", "kind", "text")
ONCE_KINDS = ("name", "description", "family")
MANY_KINDS = ("cue", "example")
KINDS = (*ONCE_KINDS, *MANY_KINDS)


class FramesFileError(ValueError):
    """A frames file cannot be used; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class Frame:
    frame_id: str
    name: str
    description: str
    family: str  # the frame_id of a generic frame; itself for a generic frame
    cues: tuple[str, ...]
    examples: tuple[str, ...]

    @property
    def generic(self) -> bool:
        return self.family == self.frame_id


def frames_from_rows(rows: list[dict[str, str]], where: str = "") -> tuple[Frame, ...]:
    """Checked frames from `frame,kind,text` rows, in order of first appearance; a
    problem raises FramesFileError."""
    entries: dict[str, dict[str, list[str]]] = {}
    first_line: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        frame_id = (row.get("frame") or "").strip()
        kind = (row.get("kind") or "").strip().lower()
        text = " ".join((row.get("text") or "").split())
        if not frame_id and not kind and not text:
            continue
        if not patterns.FRAME_ID.match(frame_id):
            raise FramesFileError(
                f"{where}, line {line}: frame id {frame_id!r}; write a short slug of lower-case letters, digits and _ (e.g. nk_threat_deterrence)."
            )
        if kind not in KINDS:
            raise FramesFileError(f"{where}, line {line}: unknown kind {kind!r}. Use one of: {', '.join(KINDS)}.")
        if not text:
            raise FramesFileError(f"{where}, line {line}: the {kind} row of {frame_id} has no text.")
        frame = entries.setdefault(frame_id, {k: [] for k in KINDS})
        first_line.setdefault(frame_id, line)
        if kind in ONCE_KINDS and frame[kind]:
            raise FramesFileError(f"{where}, line {line}: a second {kind} row for {frame_id}; give each frame one {kind}.")
        frame[kind].append(text)
    if not entries:
        raise FramesFileError(f"{where}: no frames. Write at least one frame with a name, a description and a family.")
    for frame_id, frame in entries.items():
        for kind in ONCE_KINDS:
            if not frame[kind]:
                raise FramesFileError(f"{where}, line {first_line[frame_id]}: frame {frame_id} has no {kind} row; add one.")
    generic = {frame_id for frame_id, frame in entries.items() if frame["family"][0] == frame_id}
    for frame_id, frame in entries.items():
        family = frame["family"][0]
        if family not in generic:
            known = ", ".join(sorted(generic)) or "none (a generic frame is one whose family is itself)"
            raise FramesFileError(
                f"{where}, line {first_line[frame_id]}: frame {frame_id} has family {family!r}, which is no generic frame of this file (generic frames: {known})."
            )
    return tuple(
        Frame(
            frame_id, frame["name"][0], frame["description"][0], frame["family"][0],
            tuple(dict.fromkeys(frame["cue"])), tuple(dict.fromkeys(frame["example"])),
        )
        for frame_id, frame in entries.items()
    )


def frames_from_file(path: Path) -> tuple[Frame, ...]:
    """The frames declared in `path`."""
    if not path.is_file():
        raise FramesFileError(f"{path}: no such frames file. Name one with --frames FILE (default data/frames.csv).")
    return frames_from_rows(reference_rows_from_csv(path, FRAMES_COLUMNS, FramesFileError), str(path))
