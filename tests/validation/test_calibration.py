import pandas as pd
import pytest

from dashboard.validation.calibration import (
    MIN_CALIBRATION_LABELS,
    Thresholds,
    calibration_for,
    label_of_score,
    out_of_fold_labels,
    thresholds_fitted,
)


@pytest.mark.parametrize(("score", "label"), [(-0.5, "critical"), (-0.2, "neutral"), (0.3, "neutral"), (0.31, "supportive")])
def test_label_of_score(score, label):
    assert label_of_score(score, Thresholds(-0.2, 0.3)) == label


def test_thresholds_fitted_separate_what_people_separate():
    scores = [-0.9, -0.7, -0.1, 0.0, 0.1, 0.35, 0.5, 0.8]
    human = [-2, -1, 0, 0, 0, 1, 2, 2]
    thresholds = thresholds_fitted(scores, human, band=0.1)
    assert [label_of_score(score, thresholds) for score in scores] == ["critical"] * 2 + ["neutral"] * 3 + ["supportive"] * 3


def test_no_article_helps_fit_the_thresholds_that_label_it():
    ids = [f"a{n}" for n in range(23)]
    scores = [n / 23 - 0.5 for n in range(23)]
    human = [(-1 if s < -0.2 else 1 if s > 0.2 else 0) for s in scores]
    extra = (["a3", "x1"], [0.0, 0.4], [0, 1])
    trained_on: list[set[str]] = []

    def spy(train_ids, train_scores, train_human):
        trained_on.append(set(train_ids))
        return Thresholds(-0.2, 0.2)

    labels = out_of_fold_labels(ids, scores, human, spy, extra, folds=5, seed=3)
    assert len(trained_on) == 5 and all(labels)
    for article_id in ids:
        # The one fit that labelled this article never saw it, not even as an active label.
        assert sum(article_id not in train for train in trained_on) == 1
    assert all("x1" in train for train in trained_on)


def test_calibration_reports_out_of_fold_figures_and_needs_enough_labels():
    n = MIN_CALIBRATION_LABELS + 10
    articles = pd.DataFrame({
        "article_id": [f"a{i}" for i in range(n)],
        "topic_score": [i / n - 0.5 for i in range(n)],
        "topic_label": ["neutral"] * n,
    })
    stance = [(-1 if s < -0.15 else 1 if s > 0.15 else 0) for s in articles["topic_score"]]
    labels = pd.DataFrame({"article_id": articles["article_id"], "coder": "Mina", "stance": stance, "chosen": "random"})
    report = calibration_for(articles, labels, band=0.1, resamples=50)
    assert report.n_random == n
    assert report.out_of_fold.macro_f1 > report.uncalibrated.macro_f1
    assert calibration_for(articles, labels.head(MIN_CALIBRATION_LABELS - 1), band=0.1) is None
