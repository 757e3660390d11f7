import pandas as pd
import pytest

from dashboard.validation.labels import labels_from_file
from dashboard.validation.report import MIN_CHECKED_LABELS, agreement_line, agreement_report, human_scores, report_markdown, report_rows
from tests.conftest import TEST_DATA

SEED_LABELS = TEST_DATA / "labels" / "seed_labels.csv"


def articles_frame(rows):
    return pd.DataFrame(rows, columns=["article_id", "outlet", "topic_label", "topic_score"])


def labels_frame(rows):
    return pd.DataFrame(
        [{"article_id": a, "coder": c, "stance": s, "frames": "", "note": "", "labelled_at": "", "chosen": chosen} for a, c, s, chosen in rows]
    )


@pytest.mark.parametrize(("stances", "score"), [([1, 0], 0), ([2, 1], 1), ([-2, -1], -1), ([-1, 0, 2], 0), ([2], 2), ([0, 1, 1], 1)])
def test_one_human_score_per_article_is_the_median_rounded_toward_neutral(stances, score):
    labels = labels_frame([("a", f"c{n}", stance, "random") for n, stance in enumerate(stances)])
    assert human_scores(labels).loc["a"] == score


def test_active_labels_never_count_and_articles_elsewhere_are_named():
    articles = articles_frame([("a1", "X", "critical", -0.5), ("a2", "X", "neutral", 0.0), ("a3", "Y", "", None)])
    labels = labels_frame([
        ("a1", "Mina", -2, "random"), ("a2", "Mina", 0, "random"), ("a3", "Mina", 1, "random"),
        ("a1", "Jon", 2, "active"), ("zz", "Mina", 1, "random"),
    ])
    report = agreement_report(articles, labels, resamples=50)
    assert (report.n_random, report.n_active, report.n_without_tool_stance, report.n_elsewhere) == (3, 1, 1, 1)
    assert report.overall.n == 2 and report.overall.accuracy == 1.0
    # The active label disagrees with the tool; had it counted, accuracy would not be 1.
    assert report.by_outlet == {}


def test_the_seed_report_from_the_labels_fixture(seed_tables):
    read = labels_from_file(SEED_LABELS)
    report = agreement_report(seed_tables["articles"], read.labels, resamples=200)
    assert report.n_random == 5 and report.n_active == 1
    # People's medians: +1→0 (1, 0), +2, 0, 0 (1, 0), +1 (2, 1) → neutral, supportive, neutral, neutral, supportive.
    assert report.overall.confusion == [[0, 0, 0], [0, 2, 1], [0, 0, 2]]
    assert report.overall.accuracy == pytest.approx(4 / 5)
    assert report.coders.n_articles == 5 and report.coders.exact_agreement == pytest.approx(2 / 5)
    markdown = report_markdown(report, "the framework")
    assert "Krippendorff's alpha (ordinal)" in markdown and "| all outlets | 5 |" in markdown
    rows = report_rows(report)
    assert set(rows["figure"]) >= {"macro_f1", "kappa", "krippendorff_alpha_ordinal"}


def test_the_agreement_line_says_not_checked_until_enough_labels():
    articles = articles_frame([(f"a{n}", "X", "neutral", 0.0) for n in range(MIN_CHECKED_LABELS)])
    few = labels_frame([(f"a{n}", "Mina", 0, "random") for n in range(MIN_CHECKED_LABELS - 1)])
    assert agreement_line(agreement_report(articles, few, resamples=20)).startswith("Not checked yet")
    enough = labels_frame([(f"a{n}", "Mina", 0, "random") for n in range(MIN_CHECKED_LABELS)])
    line = agreement_line(agreement_report(articles, enough, resamples=20))
    assert line.startswith(f"Checked against {MIN_CHECKED_LABELS} articles labelled in this corpus: macro-F1")


def test_after_calibration_the_line_gives_out_of_fold_figures_only():
    calibration = {
        "used": True, "random_labels": 40, "folds": 5,
        "out_of_fold": {"macro_f1": 0.61, "macro_f1_interval": [0.5, 0.7], "kappa": 0.4, "kappa_interval": [0.2, 0.6]},
    }
    articles = articles_frame([("a1", "X", "neutral", 0.0)])
    line = agreement_line(agreement_report(articles, labels_frame([("a1", "Mina", 0, "random")]), resamples=10), calibration)
    assert line == "Labels calibrated on 40 labelled articles; checked out of fold (5 folds): macro-F1 0.61 [0.50, 0.70], kappa 0.40 [0.20, 0.60]."
