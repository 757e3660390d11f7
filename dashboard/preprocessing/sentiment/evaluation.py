"""Scores of a three-class sentiment classifier: macro-F1, accuracy and a per-class table."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from dashboard.preprocessing.sentiment.target_model import CLASSES

# NewsMTSC's polarity codes.
POLARITY_LABELS = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}


def newsmtsc_sentence_targets(path: Path) -> Iterator[tuple[str, dict]]:
    """(sentence, target record) for every target of a NewsMTSC jsonl file."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            for target in record["targets"]:
                yield record["sentence_normalized"], target


def newsmtsc_targets(path: Path) -> list[tuple[str, int, int, str]]:
    """(sentence, start, end, label) for every target of a NewsMTSC jsonl file."""
    return [
        (sentence, target["from"], target["to"], POLARITY_LABELS[target["polarity"]])
        for sentence, target in newsmtsc_sentence_targets(path)
    ]


@dataclass(frozen=True)
class ClassScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Evaluation:
    macro_f1: float
    accuracy: float
    classes: tuple[ClassScore, ...]


def evaluation_of(truth: Sequence[str], predicted: Sequence[str], classes: Sequence[str] = CLASSES) -> Evaluation:
    """Macro-F1 (the NewsMTSC paper's F1m) over `classes`, accuracy and per-class scores."""
    if len(truth) != len(predicted) or not truth:
        raise ValueError("truth and predictions must be non-empty and of the same length")
    scores = []
    for label in classes:
        true_positive = sum(t == label and p == label for t, p in zip(truth, predicted, strict=True))
        predicted_count = sum(p == label for p in predicted)
        support = sum(t == label for t in truth)
        precision = true_positive / predicted_count if predicted_count else 0.0
        recall = true_positive / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores.append(ClassScore(label, precision, recall, f1, support))
    accuracy = sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(truth)
    return Evaluation(sum(s.f1 for s in scores) / len(scores), accuracy, tuple(scores))


def evaluation_markdown(name: str, evaluation: Evaluation) -> str:
    lines = [
        f"{name}: F1m {100 * evaluation.macro_f1:.1f}, accuracy {100 * evaluation.accuracy:.1f}",
        "",
        "| class | precision | recall | F1 | targets |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {s.label} | {100 * s.precision:.1f} | {100 * s.recall:.1f} | {100 * s.f1:.1f} | {s.support} |" for s in evaluation.classes]
    return "\n".join(lines)
