"""The NewsMTSC evaluation report: the shipped target model beside two sentence-level
lexicon baselines, on each devtest file, with throughput."""

from __future__ import annotations

import time
from pathlib import Path

from dashboard.preprocessing.sentiment.evaluation import Evaluation, evaluation_markdown, evaluation_of, newsmtsc_targets
from dashboard.preprocessing.sentiment.sentence_sentiment import label_of_score, sentence_sentiment
from dashboard.preprocessing.sentiment.target_model import CLASSES, target_sentiment_probabilities

PUBLISHED_BEST = {"devtest_rw.jsonl": (83.1, 83.8), "devtest_mt.jsonl": (82.5, 84.6)}


def newsmtsc_report(paths: list[Path]) -> str:
    """Markdown: per file, the model's per-class table, then a summary of every method."""
    sections: list[str] = []
    summary: dict[str, dict[str, Evaluation]] = {"target model (dashboard.target_sentiment)": {}, "TextBlob polarity (±0.05)": {}, "VADER compound (±0.05)": {}}
    speeds = []
    for path in paths:
        targets = newsmtsc_targets(path)
        truth = [label for *_, label in targets]
        started = time.perf_counter()
        probabilities = target_sentiment_probabilities([(s, a, b) for s, a, b, _ in targets])
        speeds.append(len(targets) / (time.perf_counter() - started))
        predicted = [CLASSES[int(row.argmax())] for row in probabilities]
        sentences = {s: sentence_sentiment(s) for s, *_ in targets}
        model = evaluation_of(truth, predicted)
        summary["target model (dashboard.target_sentiment)"][path.name] = model
        summary["TextBlob polarity (±0.05)"][path.name] = evaluation_of(truth, [label_of_score(sentences[s].polarity) for s, *_ in targets])
        summary["VADER compound (±0.05)"][path.name] = evaluation_of(truth, [label_of_score(sentences[s].vader_compound) for s, *_ in targets])
        sections.append(evaluation_markdown(f"{path.name} ({len(targets):,} targets), target model", model))
    names = [path.name for path in paths]
    table = ["| method | " + " | ".join(f"{name} F1m / accuracy" for name in names) + " |", "|---|" + "---|" * len(names)]
    for method, by_file in summary.items():
        table.append(f"| {method} | " + " | ".join(f"{100 * by_file[n].macro_f1:.1f} / {100 * by_file[n].accuracy:.1f}" for n in names) + " |")
    table.append("| published best, RoBERTa GRU-TSC (paper, not measured here) | " + " | ".join(
        f"{PUBLISHED_BEST[n][0]} / {PUBLISHED_BEST[n][1]}" if n in PUBLISHED_BEST else "-" for n in names) + " |")
    speed = f"Target model throughput: {min(speeds):,.0f} targets/s (one core, slowest file, features included)."
    return "\n\n".join(sections + ["\n".join(table), speed]) + "\n"
