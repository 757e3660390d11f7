"""Scoring sentence frames on labelled sentences: precision, recall and F1 per frame, and
their macro mean over the frames the labels use.

Two labelled sets, written apart: the tuning set (`data/training/frames_tuning.csv`, this
event and others), on which `tune_frames.py` chooses the thresholds, and the development
set (`tests/data/frames/dev_set.csv`), which guards against regressions and is never
fitted to. Both hold `id,text,frames` with frame ids `|`-separated (empty: no frame).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dashboard.preprocessing.frames.definition import Frame
from dashboard.preprocessing.frames.sentence_frames import FrameEngine, frames_of_sentences


class LabelledSetError(ValueError):
    """A labelled set cannot be used; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class LabelledSentence:
    sentence_id: str
    text: str
    frames: frozenset[str]


@dataclass(frozen=True)
class FrameScore:
    frame: str
    precision: float | None  # None: never predicted
    recall: float
    f1: float
    support: int  # labelled sentences with the frame


@dataclass(frozen=True)
class FramesEvaluation:
    per_frame: tuple[FrameScore, ...]
    macro_f1: float
    n: int


def labelled_sentences_from_csv(path: Path, frames: Sequence[Frame]) -> list[LabelledSentence]:
    """The labelled sentences of `path`; a frame id the frames do not declare is an error."""
    known = {frame.frame_id for frame in frames}
    sentences = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            labels = frozenset(label.strip() for label in (row.get("frames") or "").split("|") if label.strip())
            unknown = sorted(labels - known)
            if unknown:
                raise LabelledSetError(f"{path}, line {line}: unknown frame {', '.join(unknown)}; the frames are {', '.join(sorted(known))}.")
            sentences.append(LabelledSentence(row.get("id") or f"{path.stem}#{line}", " ".join((row.get("text") or "").split()), labels))
    return sentences


def predicted_frames(sentences: Sequence[LabelledSentence], engine: FrameEngine) -> list[frozenset[str]]:
    """The frames the engine gives each sentence, read alone."""
    given: list[set[str]] = [set() for _ in sentences]
    for frame in frames_of_sentences([s.text for s in sentences], list(range(len(sentences))), engine):
        given[frame.sentence].add(frame.frame)
    return [frozenset(frames) for frames in given]


def frames_evaluation(gold: Sequence[frozenset[str]], predicted: Sequence[frozenset[str]], frames: Sequence[str]) -> FramesEvaluation:
    """Per-frame figures for every frame named; the macro-F1 is over the frames the labels use."""
    scores = []
    for frame in frames:
        hits = sum(frame in g and frame in p for g, p in zip(gold, predicted, strict=True))
        support = sum(frame in g for g in gold)
        given = sum(frame in p for p in predicted)
        precision = hits / given if given else None
        recall = hits / support if support else 0.0
        f1 = 2 * hits / (support + given) if support + given else 0.0
        scores.append(FrameScore(frame, precision, recall, f1, support))
    used = [score.f1 for score in scores if score.support]
    return FramesEvaluation(tuple(scores), sum(used) / len(used) if used else 0.0, len(gold))


def evaluation_of_engine(sentences: Sequence[LabelledSentence], engine: FrameEngine) -> FramesEvaluation:
    return frames_evaluation([s.frames for s in sentences], predicted_frames(sentences, engine), [f.frame_id for f in engine.frames])


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}"


def frames_set_report(path: Path, frames: Sequence[Frame]) -> str:
    """Markdown: per-frame precision and recall and the macro-F1 on the labelled sentences
    of `path`, in the default (cue and similarity) mode and the cue-only mode."""
    from dashboard.preprocessing.frames.sentence_frames import frame_engine_for

    sentences = labelled_sentences_from_csv(path, frames)
    accurate = evaluation_of_engine(sentences, frame_engine_for(frames, cue_only=False))
    fast = evaluation_of_engine(sentences, frame_engine_for(frames, cue_only=True))
    lines = [
        f"Sentence frames on {path.name} ({len(sentences)} sentences):", "",
        "| frame | sentences | precision (default) | recall (default) | precision (cue only) | recall (cue only) |",
        "|---|---|---|---|---|---|",
    ]
    for mine, theirs in zip(accurate.per_frame, fast.per_frame, strict=True):
        lines.append(
            f"| {mine.frame} | {mine.support} | {_percent(mine.precision)} | {_percent(mine.recall)} | {_percent(theirs.precision)} | {_percent(theirs.recall)} |"
        )
    lines += ["", f"Macro-F1: {100 * accurate.macro_f1:.1f} (default: cues and similarity), {100 * fast.macro_f1:.1f} (cue only, `--stance fast`)."]
    return "\n".join(lines) + "\n"
