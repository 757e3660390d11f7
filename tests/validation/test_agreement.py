"""Agreement figures against hand arithmetic, scikit-learn, scipy and the krippendorff package."""

import math

import krippendorff
import numpy as np
import pytest

from dashboard.validation.agreement import (
    STANCE_CLASSES,
    CoderAgreement,
    ToolAgreement,
    accuracy,
    average_ranks,
    bootstrap_interval,
    class_of_score,
    coder_agreement,
    cohens_kappa,
    confusion_matrix,
    macro_f1,
    per_class_f1,
    reliability_data,
    spearman,
    tool_agreement,
)

C, N, S = STANCE_CLASSES

# Ten articles. Confusion (rows truth, columns predicted; order critical, neutral, supportive):
#   critical   [3, 0, 1]   -> 4 truly critical
#   neutral    [1, 0, 2]   -> 3 truly neutral, none predicted neutral
#   supportive [1, 0, 2]   -> 3 truly supportive
#   predicted:  5  0  5
TRUTH = [C, C, C, C, N, N, N, S, S, S]
PREDICTED = [C, C, C, S, C, S, S, C, S, S]


def test_class_of_score():
    assert [class_of_score(s) for s in (-2, -1, 0, 1, 2)] == [C, C, N, S, S]
    for bad in (3, -3, 0.5, True, "1"):
        with pytest.raises(ValueError, match="-2 to \\+2"):
            class_of_score(bad)


def test_confusion_and_accuracy_by_hand():
    assert confusion_matrix(TRUTH, PREDICTED) == [[3, 0, 1], [1, 0, 2], [1, 0, 2]]
    # Diagonal 3 + 0 + 2 = 5 of 10.
    assert accuracy(TRUTH, PREDICTED) == 0.5


def test_macro_f1_with_a_class_never_predicted_by_hand():
    # F1 = 2TP / (2TP + FP + FN).
    # critical:   TP 3, FP 2 (column 5 - 3), FN 1 (row 4 - 3) -> 6 / 9 = 2/3
    # neutral:    TP 0, FP 0, FN 3                         -> 0 / 3 = 0
    # supportive: TP 2, FP 3, FN 1                         -> 4 / 8 = 1/2
    # macro: (2/3 + 0 + 1/2) / 3 = (7/6) / 3 = 7/18
    assert per_class_f1(TRUTH, PREDICTED) == pytest.approx([2 / 3, 0.0, 0.5], abs=1e-12)
    assert macro_f1(TRUTH, PREDICTED) == pytest.approx(7 / 18, abs=1e-12)


def test_kappa_by_hand():
    # p_o = 5/10 = 0.5; p_e = (4*5 + 3*0 + 3*5) / 10^2 = 35/100
    # kappa = (0.5 - 0.35) / (1 - 0.35) = 0.15 / 0.65 = 3/13
    assert cohens_kappa(TRUTH, PREDICTED) == pytest.approx(3 / 13, abs=1e-12)


def test_figures_match_scikit_learn():
    metrics = pytest.importorskip("sklearn.metrics")
    labels = list(STANCE_CLASSES)
    cases = [(TRUTH, PREDICTED), ([C, S, C, S], [C, S, C, S]), ([C, C, N, S], [S, S, S, S]), ([N, N, N], [C, S, N])]
    for truth, predicted in cases:
        assert confusion_matrix(truth, predicted) == metrics.confusion_matrix(truth, predicted, labels=labels).tolist()
        assert accuracy(truth, predicted) == pytest.approx(metrics.accuracy_score(truth, predicted))
        expected_f1 = metrics.f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)
        assert macro_f1(truth, predicted) == pytest.approx(expected_f1, abs=1e-12)
        assert cohens_kappa(truth, predicted) == pytest.approx(metrics.cohen_kappa_score(truth, predicted, labels=labels), abs=1e-12)


def test_a_class_absent_from_both_sides_counts_as_f1_zero():
    # Perfect on critical and supportive; neutral never true and never predicted: 0/0 -> 0.
    assert macro_f1([C, S, C, S], [C, S, C, S]) == pytest.approx(2 / 3)
    assert accuracy([C, S, C, S], [C, S, C, S]) == 1.0


def test_single_class_degenerate_cases():
    # Both sides all neutral: p_e = 1 and p_o = 1 -> kappa 1.0 by definition.
    assert cohens_kappa([N] * 5, [N] * 5) == 1.0
    # One side constant, the other not: p_e < 1, the ordinary formula (here p_o = p_e = 1/3 -> 0).
    assert cohens_kappa([N, N, N], [C, N, S]) == pytest.approx(0.0)
    # F1: neutral 1, the two absent classes 0.
    assert macro_f1([N] * 5, [N] * 5) == pytest.approx(1 / 3)
    assert spearman([0, 0, 0], [1, 2, 3]) is None
    assert spearman([1, 2, 3], [2.5, 2.5, 2.5]) is None
    assert spearman([1], [1]) is None


def test_empty_and_malformed_input_raise():
    for function in (confusion_matrix, accuracy, macro_f1, cohens_kappa, spearman):
        with pytest.raises(ValueError, match="empty"):
            function([], [])
        with pytest.raises(ValueError, match="differ in length"):
            function([C], [C, C])
    with pytest.raises(ValueError, match="outside the classes"):
        accuracy([C, "positive"], [C, C])
    with pytest.raises(ValueError, match="finite numbers"):
        spearman([1.0, float("nan")], [1, 2])
    with pytest.raises(ValueError, match="empty"):
        bootstrap_interval([], [], accuracy)
    with pytest.raises(ValueError, match="empty"):
        tool_agreement([], [])
    with pytest.raises(ValueError, match="empty"):
        coder_agreement({})


def test_average_ranks_and_spearman_with_ties_by_hand():
    x = [-1, 0, 0, 2]  # ranks 1, 2.5, 2.5, 4
    y = [-2, 1, 0, 2]  # ranks 1, 3,   2,   4
    assert average_ranks(x) == [1.0, 2.5, 2.5, 4.0]
    # Centred on 2.5: dx = (-1.5, 0, 0, 1.5), dy = (-1.5, 0.5, -0.5, 1.5)
    # sum dx*dy = 2.25 + 0 + 0 + 2.25 = 4.5; sum dx^2 = 4.5; sum dy^2 = 2.25 + 0.25 + 0.25 + 2.25 = 5
    # rho = 4.5 / sqrt(4.5 * 5) = sqrt(0.9)
    assert spearman(x, y) == pytest.approx(math.sqrt(0.9), abs=1e-12)
    stats = pytest.importorskip("scipy.stats")
    assert spearman(x, y) == pytest.approx(stats.spearmanr(x, y).statistic, abs=1e-12)


def test_bootstrap_is_deterministic_and_contains_the_estimate():
    first = bootstrap_interval(TRUTH, PREDICTED, cohens_kappa, resamples=500, seed=7)
    assert first == bootstrap_interval(TRUTH, PREDICTED, cohens_kappa, resamples=500, seed=7)
    # Another seed draws other resamples (kappa takes many values on ten pairs; accuracy only 11).
    assert first != bootstrap_interval(TRUTH, PREDICTED, cohens_kappa, resamples=500, seed=8)
    for statistic in (accuracy, macro_f1, cohens_kappa):
        low, high = bootstrap_interval(TRUTH, PREDICTED, statistic, resamples=500, seed=7)
        assert low <= statistic(TRUTH, PREDICTED) <= high
        assert low < high
    # Every resample of identical pairs gives 1.0.
    assert bootstrap_interval([C, S], [C, S], accuracy, resamples=50) == (1.0, 1.0)
    with pytest.raises(ValueError, match="undefined on every resample"):
        bootstrap_interval([1], [1], spearman, resamples=10)


def test_tool_agreement():
    scores = [-2, -1, -1, -2, 0, 0, 0, 1, 2, 1]  # classes: TRUTH
    result = tool_agreement(scores, PREDICTED, resamples=300, seed=1)
    assert isinstance(result, ToolAgreement)
    assert result.n == 10
    assert result.confusion == [[3, 0, 1], [1, 0, 2], [1, 0, 2]]
    assert result.accuracy == 0.5
    assert result.macro_f1 == pytest.approx(7 / 18)
    assert result.kappa == pytest.approx(3 / 13)
    # Without tool scores, Spearman reads the labels as -1/0/+1.
    assert result.spearman == pytest.approx(spearman([-1, -1, -1, 1, -1, 1, 1, -1, 1, 1], scores))
    for figure, (low, high) in [
        (result.accuracy, result.accuracy_interval),
        (result.macro_f1, result.macro_f1_interval),
        (result.kappa, result.kappa_interval),
        (result.spearman, result.spearman_interval),
    ]:
        assert low <= figure <= high
    assert tool_agreement(scores, PREDICTED, resamples=300, seed=1) == result

    tool_scores = [-0.9, -0.5, -0.4, -0.95, 0.1, -0.05, 0.2, 0.3, 0.8, 0.6]
    scored = tool_agreement(scores, PREDICTED, tool_scores=tool_scores, resamples=300, seed=1)
    assert scored.spearman == pytest.approx(spearman(tool_scores, scores))
    assert scored.accuracy == result.accuracy
    with pytest.raises(ValueError, match="differ in length"):
        tool_agreement(scores, PREDICTED, tool_scores=tool_scores[:3])


def test_tool_agreement_all_one_class():
    result = tool_agreement([0, 0, 0], [N, N, N], resamples=20)
    assert (result.accuracy, result.kappa, result.macro_f1) == (1.0, 1.0, pytest.approx(1 / 3))
    assert result.spearman is None and result.spearman_interval is None


def ordinal_alpha_by_hand(units: list[list[int]]) -> float:
    """Krippendorff's ordinal alpha from the coincidence matrix, units with 2 or more values."""
    values = sorted({v for unit in units for v in unit})
    index = {v: i for i, v in enumerate(values)}
    coincidence = np.zeros((len(values), len(values)))
    for unit in units:
        m = len(unit)
        for a in range(m):
            for b in range(m):
                if a != b:
                    coincidence[index[unit[a]], index[unit[b]]] += 1 / (m - 1)
    marginal = coincidence.sum(axis=1)
    n = marginal.sum()

    def delta(c: int, k: int) -> float:
        low, high = min(c, k), max(c, k)
        return (marginal[low : high + 1].sum() - (marginal[c] + marginal[k]) / 2) ** 2

    k_range = range(len(values))
    observed = sum(coincidence[c, k] * delta(c, k) for c in k_range for k in k_range) / n
    expected = sum(marginal[c] * marginal[k] * delta(c, k) for c in k_range for k in k_range) / (n * (n - 1))
    return 1 - observed / expected


def test_ordinal_alpha_by_hand_and_by_the_package():
    # Coder a: -2, 0, 1, 2; coder b: -1, 0, 2, 2 on articles w, x, y, z.
    labels = {"w": {"a": -2, "b": -1}, "x": {"a": 0, "b": 0}, "y": {"a": 1, "b": 2}, "z": {"a": 2, "b": 2}}
    # Each unit has 2 values, so each ordered pair adds 1/(2-1) = 1 to the coincidence matrix:
    #   o(-2,-1) = o(-1,-2) = 1, o(0,0) = 2, o(1,2) = o(2,1) = 1, o(2,2) = 2.
    # Marginals n_v: -2:1, -1:1, 0:2, 1:1, 2:3; n = 8.
    # Ordinal metric delta(c,k)^2 = (sum_{g=c..k} n_g - (n_c + n_k)/2)^2:
    #   (-2,-1): (2 - 1)^2 = 1        (-2,0): (4 - 1.5)^2 = 6.25    (-2,1): (5 - 1)^2 = 16
    #   (-2,2): (8 - 2)^2 = 36        (-1,0): (3 - 1.5)^2 = 2.25    (-1,1): (4 - 1)^2 = 9
    #   (-1,2): (7 - 2)^2 = 25        (0,1): (3 - 1.5)^2 = 2.25     (0,2): (6 - 2.5)^2 = 12.25
    #   (1,2): (4 - 2)^2 = 4
    # D_o = (2*1 + 2*4) / 8 = 10/8.
    # D_e = 2 * (1*1*1 + 1*2*6.25 + 1*1*16 + 1*3*36 + 1*2*2.25 + 1*1*9 + 1*3*25 + 2*1*2.25
    #            + 2*3*12.25 + 1*3*4) / (8*7) = 2 * 316 / 56 = 632/56
    # alpha = 1 - (10/8) / (632/56) = 1 - 560/5056 = 1 - 35/316 = 281/316
    units = [list(coding.values()) for coding in labels.values()]
    assert ordinal_alpha_by_hand(units) == pytest.approx(281 / 316, abs=1e-12)
    package = krippendorff.alpha(reliability_data=[[-2, 0, 1, 2], [-1, 0, 2, 2]], level_of_measurement="ordinal")
    assert package == pytest.approx(281 / 316, abs=1e-9)
    result = coder_agreement(labels)
    assert result == CoderAgreement(alpha=pytest.approx(281 / 316, abs=1e-9), n_articles=4, n_coders=2, exact_agreement=0.5)


def test_coder_agreement_missing_coders_and_single_coded_articles():
    labels = {
        "a1": {"ann": 1, "bo": 1, "cy": 2},
        "a2": {"ann": -2, "cy": -1},
        "a3": {"bo": 0, "cy": 0},
        "a4": {"ann": 2},  # one coder: left out
        "a5": {"ann": -1, "bo": 1},
    }
    coders, articles, data = reliability_data(labels)
    assert coders == ["ann", "bo", "cy"] and articles == ["a1", "a2", "a3", "a5"]
    assert np.isnan(data[1, 1]) and data[2, 0] == 2
    units = [list(labels[a].values()) for a in articles]
    result = coder_agreement(labels)
    assert result.alpha == pytest.approx(ordinal_alpha_by_hand(units), abs=1e-9)
    assert (result.n_articles, result.n_coders, result.exact_agreement) == (4, 3, 0.25)


def test_coder_agreement_degenerate_cases():
    # Only one article has two coders: no alpha, but its agreement is reported.
    one = coder_agreement({"a": {"x": 1, "y": 1}, "b": {"x": 2}})
    assert one == CoderAgreement(alpha=None, n_articles=1, n_coders=2, exact_agreement=1.0)
    # No article has two coders.
    none = coder_agreement({"a": {"x": 1}, "b": {"y": 2}})
    assert none == CoderAgreement(alpha=None, n_articles=0, n_coders=0, exact_agreement=None)
    # Every coder gave every article 0: no variation, alpha undefined.
    flat = coder_agreement({"a": {"x": 0, "y": 0}, "b": {"x": 0, "y": 0}})
    assert flat == CoderAgreement(alpha=None, n_articles=2, n_coders=2, exact_agreement=1.0)
    with pytest.raises(ValueError, match="-2 to \\+2"):
        coder_agreement({"a": {"x": 3, "y": 0}})
