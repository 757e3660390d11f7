import pytest

from dashboard.preprocessing.sentiment import stance as stance_module
from dashboard.preprocessing.sentiment.stance import SentenceStance, article_stances, is_hedged_criticism


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
        ("CRITICS WARN of a rift.", True),
        # Not ASCII: the case-insensitive pattern reads it (re folds "ı" to "i").
        ("Crıtics warn of a rift, as “analysts” note.", True),
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


def test_one_strong_sentence_alone_does_not_make_a_stance_toward_an_actor():
    [row] = article_stances([SentenceStance(0, "x", 0.5, False)])
    assert row.label == "neutral"


def test_every_stance_number_is_traceable_to_its_sentences(seed_tables):
    sentence_stance = seed_tables["sentence_stance"]
    for row in seed_tables["stance"].itertuples():
        sentences = sentence_stance[(sentence_stance.article_id == row.article_id) & (sentence_stance.actor_id == row.actor_id)]
        assert len(sentences) == row.n_sentences
        assert row.score == pytest.approx(sentences["score"].sum() / (row.n_sentences + stance_module.PRIOR_NEUTRAL_SENTENCES))
        assert list(sentences["label"]).count("negative") == row.n_negative
        assert set(row.evidence.split("|")) <= set(sentences["sentence_id"])


def test_sentences_carry_sentence_sentiment(seed_tables):
    sentences = seed_tables["sentences"]
    assert sentences[["polarity", "subjectivity", "vader_compound"]].notna().all().all()
    assert sentences["polarity"].between(-1, 1).all() and sentences["subjectivity"].between(0, 1).all()
