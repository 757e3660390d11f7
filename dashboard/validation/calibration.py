"""Calibration of the article-level mapping from topic score to label, on people's labels,
judged only out of fold.

Only the two thresholds that cut the score into critical, neutral and supportive are
fitted (the model itself is untouched). Every figure reported for the calibrated mapping
comes from k-fold cross-validation: the label of an article in the report is given by
thresholds fitted without that article. Actively chosen labels may join the fitting but
are never scored.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.validation.agreement import CRITICAL, NEUTRAL, SUPPORTIVE, ToolAgreement, class_of_score, macro_f1, tool_agreement
from dashboard.validation.labels import ACTIVE, RANDOM
from dashboard.validation.report import human_scores

FOLDS = 5
# Candidate thresholds: this many quantiles of the training scores (and the current band).
CANDIDATE_QUANTILES = 41
# Fewer random labels than this, and calibration is not attempted.
MIN_CALIBRATION_LABELS = 10


@dataclass(frozen=True)
class Thresholds:
    """Scores below `low` are critical, above `high` supportive, between them neutral."""

    low: float
    high: float


def label_of_score(score: float, thresholds: Thresholds) -> str:
    if score < thresholds.low:
        return CRITICAL
    if score > thresholds.high:
        return SUPPORTIVE
    return NEUTRAL


def thresholds_fitted(scores: Sequence[float], human_scores: Sequence[int], band: float) -> Thresholds:
    """The thresholds that give the best macro-F1 on these articles (ties: the pair nearest
    the current ±band, so that little evidence moves them little)."""
    truth = [class_of_score(score) for score in human_scores]
    values = np.asarray(scores, dtype=float)
    candidates = sorted({*np.quantile(values, np.linspace(0, 1, CANDIDATE_QUANTILES)).tolist(), -band, band})
    best: tuple[float, float, Thresholds] | None = None
    for index, low in enumerate(candidates):
        for high in candidates[index:]:
            thresholds = Thresholds(low, high)
            quality = macro_f1(truth, [label_of_score(score, thresholds) for score in values])
            distance = abs(low + band) + abs(high - band)
            if best is None or (quality, -distance) > (best[0], best[1]):
                best = (quality, -distance, thresholds)
    assert best is not None
    return best[2]


Fitter = Callable[[Sequence[str], Sequence[float], Sequence[int]], Thresholds]


def out_of_fold_labels(
    article_ids: Sequence[str], scores: Sequence[float], human_scores: Sequence[int], fit: Fitter,
    extra: tuple[Sequence[str], Sequence[float], Sequence[int]] = ((), (), ()), folds: int = FOLDS, seed: int = 0,
) -> list[str]:
    """Each article's calibrated label, from thresholds fitted on the other folds (and on
    the `extra` labelled articles, the active ones, which are never scored here)."""
    order = list(range(len(article_ids)))
    random.Random(seed).shuffle(order)
    fold_of = {position: rank % folds for rank, position in enumerate(order)}
    labels: list[str] = [""] * len(article_ids)
    for fold in range(folds):
        held = [i for i in range(len(article_ids)) if fold_of[i] == fold]
        if not held:
            continue
        train = [i for i in range(len(article_ids)) if fold_of[i] != fold]
        held_ids = {article_ids[i] for i in held}
        extra_kept = [j for j, article_id in enumerate(extra[0]) if article_id not in held_ids]
        thresholds = fit(
            [article_ids[i] for i in train] + [extra[0][j] for j in extra_kept],
            [scores[i] for i in train] + [extra[1][j] for j in extra_kept],
            [human_scores[i] for i in train] + [extra[2][j] for j in extra_kept],
        )
        for i in held:
            labels[i] = label_of_score(scores[i], thresholds)
    return labels


@dataclass(frozen=True)
class CalibrationReport:
    n_random: int
    n_active: int
    uncalibrated: ToolAgreement
    out_of_fold: ToolAgreement
    # Fitted on every label: what `build --calibrate` applies.
    thresholds: Thresholds


def calibration_report(
    random_rows: tuple[Sequence[str], Sequence[float], Sequence[str], Sequence[int]],
    active_rows: tuple[Sequence[str], Sequence[float], Sequence[int]],
    band: float, folds: int = FOLDS, seed: int = 0, resamples: int = 1000,
) -> CalibrationReport | None:
    """Uncalibrated against calibrated (out of fold) figures on the random labels; None
    with fewer than MIN_CALIBRATION_LABELS of them.

    `random_rows` are (article ids, tool scores, tool labels, human scores); `active_rows`
    (article ids, tool scores, human scores).
    """
    ids, scores, tool_labels, human = random_rows
    if len(ids) < MIN_CALIBRATION_LABELS:
        return None

    def fit(train_ids: Sequence[str], train_scores: Sequence[float], train_human: Sequence[int]) -> Thresholds:
        return thresholds_fitted(train_scores, train_human, band)

    calibrated = out_of_fold_labels(ids, scores, human, fit, active_rows, folds, seed)
    return CalibrationReport(
        n_random=len(ids), n_active=len(active_rows[0]),
        uncalibrated=tool_agreement(list(human), list(tool_labels), list(scores), resamples=resamples, seed=seed),
        out_of_fold=tool_agreement(list(human), calibrated, list(scores), resamples=resamples, seed=seed),
        thresholds=thresholds_fitted([*scores, *active_rows[1]], [*human, *active_rows[2]], band),
    )


def calibration_for(articles: pd.DataFrame, labels: pd.DataFrame, band: float, resamples: int = 1000) -> CalibrationReport | None:
    """The calibration report for built articles and people's labels (one median score per
    article, as in the agreement report); articles without a tool score are left out."""
    scored = articles[articles["topic_score"].notna()].set_index("article_id")

    def rows_of(chosen: str) -> tuple[list[str], list[float], list[str], list[int]]:
        subset = labels[(labels["chosen"] == chosen) & labels["article_id"].isin(scored.index)]
        if subset.empty:
            return [], [], [], []
        human = human_scores(subset)
        ids = [str(article_id) for article_id in human.index]
        return (ids, [float(scored.at[i, "topic_score"]) for i in ids], [str(scored.at[i, "topic_label"]) for i in ids], [int(v) for v in human])

    random_ids, random_scores, random_labels, random_human = rows_of(RANDOM)
    random_set = set(random_ids)
    active_ids, active_scores, _, active_human = rows_of(ACTIVE)
    keep = [i for i, article_id in enumerate(active_ids) if article_id not in random_set]
    active = ([active_ids[i] for i in keep], [active_scores[i] for i in keep], [active_human[i] for i in keep])
    return calibration_report((random_ids, random_scores, random_labels, random_human), active, band, resamples=resamples)


def calibration_summary(report: CalibrationReport) -> dict[str, object]:
    """What `build.json` records of a calibration: on how many labels, the thresholds, and
    the figures before and out of fold after (never in-sample ones)."""
    def figures(agreement: ToolAgreement) -> dict[str, object]:
        return {
            "macro_f1": agreement.macro_f1, "macro_f1_interval": list(agreement.macro_f1_interval),
            "kappa": agreement.kappa, "kappa_interval": list(agreement.kappa_interval), "accuracy": agreement.accuracy,
        }

    return {
        "used": True, "random_labels": report.n_random, "active_labels": report.n_active, "folds": FOLDS,
        "thresholds": {"low": report.thresholds.low, "high": report.thresholds.high},
        "uncalibrated": figures(report.uncalibrated), "out_of_fold": figures(report.out_of_fold),
    }


def articles_calibrated(articles: pd.DataFrame, thresholds: Thresholds) -> pd.DataFrame:
    """The articles with `topic_label` from the fitted thresholds (unscored ones unchanged)."""
    calibrated = articles.copy()
    scored = calibrated["topic_score"].notna()
    calibrated.loc[scored, "topic_label"] = [label_of_score(float(score), thresholds) for score in calibrated.loc[scored, "topic_score"]]
    return calibrated
