"""The NewsMTSC evaluation report: the fast linear target model and the accurate one
(fine-tuned MiniLM, int8 ONNX) side by side, beside two sentence-level lexicon baselines,
on each devtest file, with the throughput of both target models.

NewsMTSC: Hamborg & Donnay, EACL 2021; data MIT-licensed, copyright 2020 Felix Hamborg.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from dashboard.preprocessing.sentiment.evaluation import Evaluation, evaluation_markdown, evaluation_of, newsmtsc_targets
from dashboard.preprocessing.sentiment.sentence_sentiment import label_of_score, sentence_sentiment
from dashboard.preprocessing.sentiment.target_model import CLASSES, target_sentiment_probabilities

PUBLISHED_BEST = {"devtest_rw.jsonl": (83.1, 83.8), "devtest_mt.jsonl": (82.5, 84.6)}
FAST = "fast target model, linear TF-IDF (dashboard.target_sentiment)"
ACCURATE = "accurate target model, fine-tuned MiniLM int8 ONNX (AccurateTargetModel)"
ACCURATE_THREADS = 2


def _timed_labels(classify: Callable[[Sequence[tuple[str, int, int]]], np.ndarray], spans: list[tuple[str, int, int]]) -> tuple[list[str], float]:
    """Predicted labels and targets per second."""
    started = time.perf_counter()
    probabilities = classify(spans)
    speed = len(spans) / (time.perf_counter() - started)
    return [CLASSES[int(row.argmax())] for row in probabilities], speed


def _accurate_classifier() -> Callable[[Sequence[tuple[str, int, int]]], np.ndarray]:
    from dashboard.preprocessing.sentiment.accurate_target_model import AccurateTargetModel

    model = AccurateTargetModel(threads=ACCURATE_THREADS)
    return lambda spans: model.probabilities_of_targets(spans, batch_size=64)


def newsmtsc_report(paths: list[Path]) -> str:
    """Markdown: per file, each target model's per-class table, then a summary of every method."""
    accurate = _accurate_classifier()
    sections: list[str] = []
    summary: dict[str, dict[str, Evaluation]] = {FAST: {}, ACCURATE: {}, "TextBlob polarity (±0.05)": {}, "VADER compound (±0.05)": {}}
    speeds: dict[str, list[float]] = {FAST: [], ACCURATE: []}
    for path in paths:
        targets = newsmtsc_targets(path)
        truth = [label for *_, label in targets]
        spans = [(s, a, b) for s, a, b, _ in targets]
        for method, classify in ((FAST, target_sentiment_probabilities), (ACCURATE, accurate)):
            predicted, speed = _timed_labels(classify, spans)
            speeds[method].append(speed)
            summary[method][path.name] = evaluation_of(truth, predicted)
            sections.append(evaluation_markdown(f"{path.name} ({len(targets):,} targets), {method}", summary[method][path.name]))
        sentences = {s: sentence_sentiment(s) for s, *_ in targets}
        summary["TextBlob polarity (±0.05)"][path.name] = evaluation_of(truth, [label_of_score(sentences[s].polarity) for s, *_ in targets])
        summary["VADER compound (±0.05)"][path.name] = evaluation_of(truth, [label_of_score(sentences[s].vader_compound) for s, *_ in targets])
    names = [path.name for path in paths]
    table = ["| method | " + " | ".join(f"{name} F1m / accuracy" for name in names) + " |", "|---|" + "---|" * len(names)]
    for method, by_file in summary.items():
        table.append(f"| {method} | " + " | ".join(f"{100 * by_file[n].macro_f1:.1f} / {100 * by_file[n].accuracy:.1f}" for n in names) + " |")
    table.append("| published best, RoBERTa GRU-TSC (paper, not measured here) | " + " | ".join(
        f"{PUBLISHED_BEST[n][0]} / {PUBLISHED_BEST[n][1]}" if n in PUBLISHED_BEST else "-" for n in names) + " |")
    throughput = (f"Throughput on the slowest file: fast target model {min(speeds[FAST]):,.0f} targets/s (one core, features included); "
             f"accurate target model {min(speeds[ACCURATE]):,.0f} targets/s ({ACCURATE_THREADS} threads, batches of 64, tokenising included).")
    return "\n\n".join([*sections, "\n".join(table), throughput]) + "\n"
