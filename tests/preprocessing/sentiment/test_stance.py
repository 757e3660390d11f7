import pandas as pd
import pytest

from dashboard.preprocessing.build import build_tables
from dashboard.preprocessing.sentiment import stance as stance_module
from dashboard.preprocessing.sentiment.stance import (
    SentenceStance,
    article_stances,
    is_hedged_criticism,
    mean_and_interval,
    source_stance,
)
from tests.conftest import TEST_DATA


@pytest.fixture(scope="module")
def sanity_articles(reference):
    articles = build_tables([TEST_DATA / "stance"], reference, workers=1)["articles"]
    return articles.set_index("source_path")


@pytest.mark.parametrize(
    ("document", "label"),
    [("state_media_denunciation.txt", "critical"), ("joint_statement.txt", "supportive"), ("wire_report.txt", "neutral")],
)
def test_framework_stance_of_sanity_documents(sanity_articles, document, label):
    assert sanity_articles.loc[document, "framework_label"] == label


@pytest.mark.parametrize("seed", ["000", "004"])
def test_korea_pro_and_lowy_are_not_critical_of_the_framework(seed_articles, seed):
    assert seed_articles[seed]["framework_label"] in ("neutral", "supportive")


@pytest.mark.parametrize(
    ("sentence", "hedged"),
    [
        ("The lack of a formal treaty could jeopardize cooperation.", True),
        ("It may strain South Korea's relations with China.", True),
        ("Critics argue that it could deepen the security dilemma.", True),
        ("The history of fractured attempts does not generate optimism.", True),
        ("The move has drawn criticism.", True),
        ("The ministers signed the framework on Sunday.", False),
        ("Cooperation could deepen further, officials hoped.", False),
    ],
)
def test_hedged_criticism(sentence, hedged):
    assert is_hedged_criticism(sentence) is hedged


def test_article_stance_counts_score_and_evidence():
    stances = [SentenceStance(0, "tscf", 0.9, False), SentenceStance(1, "tscf", 0.0, False), SentenceStance(2, "tscf", -0.3, True)]
    [row] = article_stances(stances)
    assert (row.n_sentences, row.n_negative, row.n_neutral, row.n_positive) == (3, 1, 1, 1)
    assert row.score == pytest.approx(0.6 / (3 + stance_module.PRIOR_NEUTRAL_SENTENCES))
    assert row.evidence == (0, 2, 1)
    assert row.label == "neutral"


def test_one_strong_sentence_alone_does_not_make_a_stance():
    [row] = article_stances([SentenceStance(0, "x", 0.5, False)])
    assert row.label == "neutral"


@pytest.mark.parametrize(
    ("values", "expected"),
    # Two values: t(0.975, 1 df) = 12.706 times the standard error 0.1.
    [([0.5], (0.5, -1.0, 1.0)), ([0.2, 0.4], (0.3, 0.3 - 1.2706, 1.0)), ([0.5] * 10, (0.5, 0.5, 0.5))],
)
def test_mean_and_interval(values, expected):
    assert mean_and_interval(values) == pytest.approx(expected, abs=1e-4)


def test_interval_narrows_with_evidence():
    few = mean_and_interval([0.1, 0.5, 0.3])
    many = mean_and_interval([0.1, 0.5, 0.3] * 10)
    assert few[2] - few[1] > many[2] - many[1] > 0


def test_source_stance_groups_by_outlet_and_actor():
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"]})
    scores = pd.DataFrame({"article_id": ["a", "a", "b", "c"], "actor_id": ["k", "k", "k", "k"], "score": [0.5, 0.3, 0.4, -0.6]})
    table = source_stance(articles, scores).set_index("outlet")
    assert table.loc["X", "n_articles"] == 2 and table.loc["X", "n_sentences"] == 3
    assert table.loc["X", "mean_score"] == pytest.approx(0.4)
    assert (table.loc["Y", "interval_low"], table.loc["Y", "interval_high"]) == (-1.0, 1.0)
    assert table.loc["Y", "label"] == "critical"


def test_every_stance_number_is_traceable_to_its_sentences(seed_tables):
    sentence_stance = seed_tables["sentence_stance"]
    for row in seed_tables["stance"].itertuples():
        sentences = sentence_stance[(sentence_stance.article_id == row.article_id) & (sentence_stance.actor_id == row.actor_id)]
        assert len(sentences) == row.n_sentences
        assert row.score == pytest.approx(sentences["score"].sum() / (row.n_sentences + stance_module.PRIOR_NEUTRAL_SENTENCES))
        assert list(sentences["label"]).count("negative") == row.n_negative
        assert set(row.evidence.split("|")) <= set(sentences["sentence_id"])
    framework = seed_tables["stance"][seed_tables["stance"].actor_id == "tscf"].set_index("article_id")
    for article in seed_tables["articles"].itertuples():
        assert article.framework_score == pytest.approx(framework.loc[article.article_id, "score"])
        assert article.framework_evidence == framework.loc[article.article_id, "evidence"]


def test_sentences_carry_sentence_sentiment(seed_tables):
    sentences = seed_tables["sentences"]
    assert sentences[["polarity", "subjectivity", "vader_compound"]].notna().all().all()
    assert sentences["polarity"].between(-1, 1).all() and sentences["subjectivity"].between(0, 1).all()
