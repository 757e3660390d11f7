import numpy as np
import pandas as pd
import pytest

from dashboard.preprocessing.source_stance import NORMAL_FROM_ARTICLES, article_scores, bootstrap_interval, source_stance, source_stance_of


def _articles(rows):
    return pd.DataFrame(rows, columns=["article_id", "outlet", "topic_score", "topic_sentences"])


def test_topic_and_actor_rows_per_outlet():
    articles = _articles([("a", "X", 0.6, 3), ("b", "X", 0.2, 2), ("c", "Y", -0.7, 4), ("d", "Y", None, 0)])
    scores = pd.DataFrame({"article_id": ["a", "a", "b", "c"], "actor_id": ["k", "k", "k", "k"], "score": [0.5, 0.3, 0.4, -0.6]})
    table = source_stance(articles, scores, "tscf", 0.1).set_index(["target_kind", "outlet"])
    topic_x = table.loc[("topic", "X")]
    assert topic_x["target_id"] == "tscf" and topic_x["n_articles"] == 2 and topic_x["n_sentences"] == 5
    assert topic_x["mean_score"] == pytest.approx(0.4) and topic_x["label"] == "supportive"
    # An article without a topic stance is not counted for the topic.
    assert table.loc[("topic", "Y"), "n_articles"] == 1
    actor_x = table.loc[("actor", "X")]
    assert actor_x["n_articles"] == 2 and actor_x["n_sentences"] == 3 and actor_x["mean_score"] == pytest.approx(0.4)
    assert (table.loc[("actor", "Y"), "interval_low"], table.loc[("actor", "Y"), "interval_high"]) == (-1.0, 1.0)
    assert table.loc[("actor", "Y"), "label"] == "critical"


def test_the_band_decides_the_topic_label():
    articles = _articles([("a", "X", 0.15, 1), ("b", "X", 0.15, 1)])
    empty = pd.DataFrame({"article_id": [], "actor_id": [], "score": []})
    assert source_stance(articles, empty, "t", 0.1)["label"].tolist() == ["supportive"]
    assert source_stance(articles, empty, "t", 0.2)["label"].tolist() == ["neutral"]


def test_bootstrap_resamples_articles_whole():
    # Two articles: one of 9 sentences at +1, one of 1 sentence at -1. Resampling articles
    # gives means of +1, -1 or +0.8; resampling sentences would hardly ever reach -1.
    low, high = bootstrap_interval(np.array([9.0, -1.0]), np.array([9.0, 1.0]), seed=1)
    assert low == pytest.approx(-1.0) and high == pytest.approx(1.0)


def test_interval_narrows_with_more_articles_and_is_repeatable():
    rng = np.random.default_rng(0)
    few = rng.normal(0.3, 0.2, 4)
    many = rng.normal(0.3, 0.2, 60)
    few_interval = bootstrap_interval(few, np.ones_like(few), seed=7)
    many_interval = bootstrap_interval(many, np.ones_like(many), seed=7)
    assert few_interval[1] - few_interval[0] > many_interval[1] - many_interval[0] > 0
    assert bootstrap_interval(few, np.ones_like(few), seed=7) == few_interval
    assert many_interval[0] < many.mean() < many_interval[1]


def test_one_article_tells_nothing_of_the_spread():
    assert bootstrap_interval(np.array([0.8]), np.array([1.0]), seed=0) == (-1.0, 1.0)


def test_a_missing_sentence_score_is_left_out_not_spread():
    articles = _articles([("a", "X", None, 0), ("b", "X", None, 0)])
    scores = pd.DataFrame({"article_id": ["a", "b", "b"], "actor_id": ["k", "k", "k"], "score": [float("nan"), 0.5, 0.3]})
    row = source_stance(articles, scores, "t", 0.1).set_index("target_kind").loc["actor"]
    assert row["n_articles"] == 1 and row["mean_score"] == pytest.approx(0.4)


def test_from_many_articles_the_interval_is_the_normal_one_close_to_the_bootstrap():
    scores = np.random.default_rng(4).normal(0.2, 0.3, NORMAL_FROM_ARTICLES).clip(-1, 1)
    articles = _articles([(f"a{i}", "X", score, 1) for i, score in enumerate(scores)])
    row = source_stance(articles, pd.DataFrame({"article_id": [], "actor_id": [], "score": []}), "t", 0.1).iloc[0]
    error = 1.959964 * scores.std() / np.sqrt(len(scores))
    assert (row["interval_low"], row["interval_high"]) == pytest.approx((scores.mean() - error, scores.mean() + error))
    low, high = bootstrap_interval(scores, np.ones_like(scores), seed=0)
    assert row["interval_low"] == pytest.approx(low, abs=0.01) and row["interval_high"] == pytest.approx(high, abs=0.01)


def test_the_scores_of_some_articles_give_the_rows_of_those_articles():
    # What the dashboard does under a filter: keep some rows of article_scores.
    rng = np.random.default_rng(5)
    articles = _articles([(f"a{i}", "XY"[i % 2], rng.uniform(-1, 1), 2) for i in range(150)])
    scores = pd.DataFrame({"article_id": [f"a{i % 150}" for i in range(600)], "actor_id": ["k", "m"] * 300, "score": rng.uniform(-1, 1, 600)})
    kept = articles.iloc[::3]
    every = article_scores(articles, scores, "t")
    pd.testing.assert_frame_equal(
        source_stance_of(every, 0.1, every["article_id"].isin(kept["article_id"]).to_numpy()),
        source_stance(kept, scores[scores["article_id"].isin(kept["article_id"])], "t", 0.1),
    )


def _article_scores_by_merge(articles, scores, topic_id):
    """article_scores as first written: a merge and a group-by over the ids themselves."""
    scored = articles[articles["topic_score"].notna()]
    topic = pd.DataFrame({
        "outlet": scored["outlet"], "target_kind": "topic", "target_id": topic_id, "article_id": scored["article_id"],
        "sum": scored["topic_score"].astype(float), "count": 1.0, "sentences": scored["topic_sentences"].fillna(0).astype(float),
    }).sort_values("outlet", kind="stable")
    joined = scores.dropna(subset=["score"]).merge(articles[["article_id", "outlet"]], on="article_id")
    actors = (
        joined.groupby(["outlet", "actor_id", "article_id"], sort=True)["score"].agg(sum="sum", count="count").reset_index()
        .rename(columns={"actor_id": "target_id"}).assign(target_kind="actor", sentences=lambda frame: frame["count"].astype(float))
    )
    every = pd.concat([topic, actors], ignore_index=True)[["outlet", "target_kind", "target_id", "article_id", "sum", "count", "sentences"]]
    return every.assign(group=every.groupby(["target_kind", "outlet", "target_id"], sort=False).ngroup())


@pytest.mark.parametrize("seed", range(12))
def test_article_scores_equal_a_merge_and_group_by_of_the_ids(seed):
    rng = np.random.default_rng(seed)
    n_articles, n_rows = int(rng.integers(1, 30)), int(rng.integers(0, 200))
    ids = [f"art{i:02d}" for i in rng.permutation(n_articles)]
    articles = pd.DataFrame({
        "article_id": pd.array(ids, dtype="string"),
        "outlet": pd.array(rng.choice(["Yonhap", "KCNA", "NHK", "Ümit"], n_articles).tolist(), dtype="string"),
        "topic_score": pd.array(np.where(rng.random(n_articles) < 0.3, np.nan, rng.uniform(-1, 1, n_articles)), dtype="Float64"),
        "topic_sentences": pd.array(rng.integers(0, 5, n_articles), dtype="Int64"),
    })
    # Sentences of articles that are not in `articles` (filtered out) and scores that are missing.
    scores = pd.DataFrame({
        "article_id": pd.array(rng.choice([*ids, "gone"], n_rows).tolist(), dtype="string"),
        "actor_id": pd.array(rng.choice(["kim", "lee", "biden", "émigré"], n_rows).tolist(), dtype="string"),
        "score": pd.array(np.where(rng.random(n_rows) < 0.2, np.nan, rng.uniform(-1, 1, n_rows)), dtype="Float64"),
    })
    expected = _article_scores_by_merge(articles, scores, "tscf")
    pd.testing.assert_frame_equal(article_scores(articles, scores, "tscf"), expected, check_dtype=False, check_exact=True)
