"""Agreement between the tool's stance labels and human labels, and between human coders.

Pure functions, no I/O. Human coders score an article's stance on -2..+2 (-2 strongly
critical ... +2 strongly supportive); the tool labels it critical, neutral or supportive.

Degenerate cases, decided once here:

- Empty input, unequal lengths, a label outside the classes or a score outside -2..+2 raise
  ValueError.
- Macro-F1 follows scikit-learn's ``f1_score(average="macro", labels=classes,
  zero_division=0)``: every class counts, and a class whose F1 is undefined (never in the
  truth and never predicted) counts as 0, so it pulls the mean down.
- Cohen's kappa is 1.0 when the expected agreement is 1 (both sides use one and the same
  class) and the observed agreement is 1, 0.0 if the expected agreement were 1 without full
  agreement (it cannot be: kept for the formula's sake).
- Spearman is None when either side is constant (ranks have no variance).
- Krippendorff's alpha is None when fewer than 2 articles have 2 or more coders, and when
  every coder gave every such article the same value (no variation: expected disagreement
  is 0 and alpha is 0/0). The share of exact agreement is still reported then.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import krippendorff
import numpy as np

CRITICAL = "critical"
NEUTRAL = "neutral"
SUPPORTIVE = "supportive"
STANCE_CLASSES = (CRITICAL, NEUTRAL, SUPPORTIVE)
SCORES = (-2, -1, 0, 1, 2)
# A tool label's place on the ordinal scale, for Spearman when the tool gives no score.
_LABEL_RANK = {CRITICAL: -1, NEUTRAL: 0, SUPPORTIVE: 1}


def _check_score(score: int) -> int:
    if isinstance(score, bool) or not isinstance(score, (int, np.integer)) or score not in SCORES:
        raise ValueError(f"a stance score is an integer from -2 to +2, got {score!r}")
    return int(score)


def class_of_score(score: int) -> str:
    """The class a -2..+2 score falls in: -2/-1 critical, 0 neutral, +1/+2 supportive."""
    score = _check_score(score)
    return CRITICAL if score < 0 else NEUTRAL if score == 0 else SUPPORTIVE


def _check_pairs(truth: Sequence[Any], predicted: Sequence[Any]) -> None:
    if len(truth) != len(predicted):
        raise ValueError(f"truth and predicted differ in length: {len(truth)} and {len(predicted)}")
    if not truth:
        raise ValueError("no pairs to compare: truth and predicted are empty")


def _check_labels(truth: Sequence[str], predicted: Sequence[str], classes: Sequence[str]) -> None:
    _check_pairs(truth, predicted)
    known = set(classes)
    unknown = sorted({str(label) for label in (*truth, *predicted) if label not in known})
    if unknown:
        raise ValueError(f"labels outside the classes {tuple(classes)}: {unknown}")


def confusion_matrix(truth: Sequence[str], predicted: Sequence[str], classes: Sequence[str] = STANCE_CLASSES) -> list[list[int]]:
    """Counts of (truth, predicted) pairs: row i is truth classes[i], column j predicted classes[j]."""
    _check_labels(truth, predicted, classes)
    index = {label: i for i, label in enumerate(classes)}
    matrix = [[0] * len(classes) for _ in classes]
    for t, p in zip(truth, predicted, strict=True):
        matrix[index[t]][index[p]] += 1
    return matrix


def accuracy(truth: Sequence[str], predicted: Sequence[str], classes: Sequence[str] = STANCE_CLASSES) -> float:
    """Share of pairs whose predicted label is the true one."""
    matrix = confusion_matrix(truth, predicted, classes)
    return sum(matrix[i][i] for i in range(len(classes))) / len(truth)


def per_class_f1(truth: Sequence[str], predicted: Sequence[str], classes: Sequence[str] = STANCE_CLASSES) -> list[float]:
    """F1 = 2TP / (2TP + FP + FN) of each class, in the order of classes; 0 where that is 0/0."""
    matrix = confusion_matrix(truth, predicted, classes)
    scores = []
    for i in range(len(classes)):
        true_positive = matrix[i][i]
        false_negative = sum(matrix[i]) - true_positive
        false_positive = sum(row[i] for row in matrix) - true_positive
        denominator = 2 * true_positive + false_positive + false_negative
        scores.append(2 * true_positive / denominator if denominator else 0.0)
    return scores


def macro_f1(truth: Sequence[str], predicted: Sequence[str], classes: Sequence[str] = STANCE_CLASSES) -> float:
    """Unweighted mean of the per-class F1 over all classes (scikit-learn's macro F1 with
    labels=classes, zero_division=0: a class never true and never predicted counts as 0)."""
    scores = per_class_f1(truth, predicted, classes)
    return sum(scores) / len(scores)


def cohens_kappa(truth: Sequence[str], predicted: Sequence[str], classes: Sequence[str] = STANCE_CLASSES) -> float:
    """Cohen's unweighted kappa, (p_o - p_e) / (1 - p_e).

    p_o is the observed agreement, p_e the agreement expected from the two sides' marginals.
    When p_e == 1 (both sides use one and the same class throughout) kappa is 1.0 if p_o == 1,
    else 0.0. Computed on integer counts, so the p_e == 1 test is exact.
    """
    matrix = confusion_matrix(truth, predicted, classes)
    n = len(truth)
    agreed = sum(matrix[i][i] for i in range(len(classes)))
    rows = [sum(row) for row in matrix]
    columns = [sum(row[j] for row in matrix) for j in range(len(classes))]
    expected = sum(r * c for r, c in zip(rows, columns, strict=True))  # p_e * n^2
    if expected == n * n:
        return 1.0 if agreed == n else 0.0
    return (n * agreed - expected) / (n * n - expected)


def average_ranks(values: Sequence[float]) -> list[float]:
    """Ranks 1..n of values, ties given the mean of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        rank = (start + end) / 2 + 1
        for k in range(start, end + 1):
            ranks[order[k]] = rank
        start = end + 1
    return ranks


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Spearman's rho: Pearson's correlation of the average ranks; None when either side is constant."""
    _check_pairs(x, y)
    for value in (*x, *y):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not math.isfinite(value):
            raise ValueError(f"Spearman needs finite numbers, got {value!r}")
    rank_x, rank_y = np.array(average_ranks(x)), np.array(average_ranks(y))
    dx, dy = rank_x - rank_x.mean(), rank_y - rank_y.mean()
    sxx, syy = float(dx @ dx), float(dy @ dy)
    if sxx == 0 or syy == 0:
        return None
    return float(dx @ dy) / math.sqrt(sxx * syy)


def bootstrap_interval(
    truth: Sequence[Any],
    predicted: Sequence[Any],
    statistic: Callable[[Sequence[Any], Sequence[Any]], float | None],
    resamples: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap interval of statistic(truth, predicted), resampling pairs (articles)
    with replacement; the same seed gives the same interval.

    A resample on which the statistic is undefined (None, such as Spearman on a constant
    resample) is left out; ValueError when every resample is.
    """
    _check_pairs(truth, predicted)
    if resamples < 1:
        raise ValueError(f"resamples must be at least 1, got {resamples}")
    if not 0 < level < 1:
        raise ValueError(f"level must lie between 0 and 1, got {level}")
    truth, predicted = list(truth), list(predicted)
    n = len(truth)
    rng = np.random.default_rng(seed)
    values = []
    for indices in rng.integers(0, n, size=(resamples, n)):
        value = statistic([truth[i] for i in indices], [predicted[i] for i in indices])
        if value is not None:
            values.append(value)
    if not values:
        raise ValueError("the statistic is undefined on every resample")
    tail = (1 - level) / 2
    low, high = np.quantile(values, [tail, 1 - tail])
    return float(low), float(high)


@dataclass(frozen=True)
class ToolAgreement:
    """How well the tool's labels match human scores, each figure with its 95% bootstrap interval."""

    n: int
    accuracy: float
    accuracy_interval: tuple[float, float]
    macro_f1: float
    macro_f1_interval: tuple[float, float]
    kappa: float
    kappa_interval: tuple[float, float]
    # On the tool's continuous score when given, else on its label as -1/0/+1; vs the human -2..+2.
    spearman: float | None
    spearman_interval: tuple[float, float] | None
    # Rows human class, columns tool label, in the order of classes.
    confusion: list[list[int]]
    classes: tuple[str, ...] = STANCE_CLASSES


def tool_agreement(
    truth_scores: Sequence[int],
    tool_labels: Sequence[str],
    tool_scores: Sequence[float] | None = None,
    resamples: int = 1000,
    seed: int = 0,
) -> ToolAgreement:
    """Accuracy, macro-F1, kappa and Spearman of the tool against human -2..+2 scores (mapped
    to classes by class_of_score), with 95% percentile bootstrap intervals over articles.

    Spearman pairs the tool's continuous score with the human score when tool_scores is given,
    else the tool's label read as -1/0/+1; it and its interval are None when undefined.
    """
    _check_pairs(truth_scores, tool_labels)
    truth = [class_of_score(score) for score in truth_scores]
    confusion = confusion_matrix(truth, tool_labels)
    if tool_scores is None:
        ordinal = [float(_LABEL_RANK[label]) for label in tool_labels]
    else:
        _check_pairs(truth_scores, tool_scores)
        ordinal = list(tool_scores)
    human = [float(score) for score in truth_scores]

    def interval(a: Sequence[Any], b: Sequence[Any], statistic: Callable[..., float | None]) -> tuple[float, float]:
        return bootstrap_interval(a, b, statistic, resamples=resamples, seed=seed, level=0.95)

    rho = spearman(ordinal, human)
    rho_interval = None
    if rho is not None:
        try:
            rho_interval = interval(ordinal, human, spearman)
        except ValueError:  # every resample constant: only with a handful of articles
            rho_interval = None
    return ToolAgreement(
        n=len(truth),
        accuracy=accuracy(truth, tool_labels),
        accuracy_interval=interval(truth, tool_labels, accuracy),
        macro_f1=macro_f1(truth, tool_labels),
        macro_f1_interval=interval(truth, tool_labels, macro_f1),
        kappa=cohens_kappa(truth, tool_labels),
        kappa_interval=interval(truth, tool_labels, cohens_kappa),
        spearman=rho,
        spearman_interval=rho_interval,
        confusion=confusion,
    )


@dataclass(frozen=True)
class CoderAgreement:
    """Agreement between human coders over the articles two or more of them labelled."""

    # Krippendorff's alpha, ordinal; None when fewer than 2 such articles or no variation.
    alpha: float | None
    n_articles: int
    n_coders: int
    # Share of those articles on which all their coders gave the same -2..+2 value; None when none.
    exact_agreement: float | None


def reliability_data(labels_by_article: Mapping[str, Mapping[str, int]]) -> tuple[list[str], list[str], np.ndarray]:
    """Coders, articles (both sorted) and the coders x articles matrix of scores, NaN where a
    coder did not label an article; only articles with 2 or more coders."""
    shared = {article: coders for article, coders in labels_by_article.items() if len(coders) >= 2}
    articles = sorted(shared)
    coders = sorted({coder for coding in shared.values() for coder in coding})
    data = np.full((len(coders), len(articles)), np.nan)
    row = {coder: i for i, coder in enumerate(coders)}
    for j, article in enumerate(articles):
        for coder, score in shared[article].items():
            data[row[coder], j] = _check_score(score)
    return coders, articles, data


def coder_agreement(labels_by_article: Mapping[str, Mapping[str, int]]) -> CoderAgreement:
    """Krippendorff's ordinal alpha (the krippendorff package's figure), the number of articles
    with 2 or more coders and of their coders, and the share of them coded identically.

    labels_by_article maps article id -> {coder id: score on -2..+2}.
    """
    if not labels_by_article:
        raise ValueError("no labelled articles: labels_by_article is empty")
    for coding in labels_by_article.values():
        for score in coding.values():
            _check_score(score)
    coders, articles, data = reliability_data(labels_by_article)
    identical = sum(len(set(labels_by_article[article].values())) == 1 for article in articles)
    exact = identical / len(articles) if articles else None
    alpha = None
    values = data[~np.isnan(data)]
    if len(articles) >= 2 and len(np.unique(values)) >= 2:
        alpha = float(krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal"))
    return CoderAgreement(alpha=alpha, n_articles=len(articles), n_coders=len(coders), exact_agreement=exact)
