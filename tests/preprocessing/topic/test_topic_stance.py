from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.preprocessing.build import BuildOptions, build_tables
from dashboard.preprocessing.sentiment.modes import ACCURATE
from dashboard.preprocessing.topic.cues import cue_matcher
from dashboard.preprocessing.topic.stance_model import ZERO_SHOT, ArticleWeights, TopicStanceModel
from dashboard.preprocessing.topic.topic_stance import (
    CONTEXT,
    HEADLINE,
    OWN,
    QUOTED,
    TopicSentenceStance,
    article_topic_stance,
    article_topic_stance_of,
    article_windows,
    sentence_weight,
    topic_sentence_stances,
    topic_stance_engine,
    topic_stance_model_for,
    voice_of,
)
from tests.conftest import TEST_DATA

WEIGHTS = ArticleWeights(quoted=0.5, headline=2.0, context=0.25, band=0.2)


def stance(position, probabilities, kind="reference", voice=OWN, weight=1.0):
    return TopicSentenceStance(position, f"sentence {position}", kind, voice, probabilities, weight)


def test_article_score_is_the_weighted_mean_without_shrinkage():
    stances = [stance(0, (0.9, 0.1, 0.0)), stance(1, (0.7, 0.2, 0.1), weight=3.0)]
    result = article_topic_stance(stances, band=0.2)
    assert result.score == pytest.approx((1 * -0.9 + 3 * -0.6) / 4)
    assert result.label == "critical"
    assert result.confidence == pytest.approx((0.9 + 3 * 0.7) / 4)
    assert result.evidence == (1, 0)


def test_one_clearly_critical_sentence_makes_a_critical_article():
    assert article_topic_stance([stance(0, (0.8, 0.15, 0.05))], band=0.2).label == "critical"


def test_a_neutral_article_cites_its_most_neutral_sentences():
    stances = [stance(0, (0.3, 0.4, 0.3)), stance(1, (0.05, 0.9, 0.05)), stance(2, (0.1, 0.6, 0.3))]
    result = article_topic_stance(stances, band=0.2)
    assert result.label == "neutral" and result.evidence == (1, 2, 0)


def test_nothing_about_the_topic_gives_no_stance():
    result = article_topic_stance([], band=0.2)
    assert result.score is None and result.label == "" and result.n_topic_sentences == 0


@pytest.mark.parametrize(
    ("position", "kind", "voice", "weight"),
    [(3, "reference", OWN, 1.0), (3, "reference", QUOTED, 0.5), (HEADLINE, "name", OWN, 2.0), (3, CONTEXT, OWN, 0.25),
     (3, CONTEXT, QUOTED, 0.125), (HEADLINE, CONTEXT, OWN, 0.5)],
)
def test_sentence_weight(position, kind, voice, weight):
    assert sentence_weight(position, kind, voice, WEIGHTS) == pytest.approx(weight)


@pytest.mark.parametrize(
    ("sentence", "is_quote", "voice"),
    [
        ("The pact is a provocation.", False, OWN),
        ("The pact is a provocation, the ministry said.", False, QUOTED),
        ("KCNA denounced the pact.", False, QUOTED),
        ("According to officials, the pact takes effect now.", False, QUOTED),
        ("The pact takes effect now.", True, QUOTED),
        ("KCNA DENOUNCED the pact.", False, QUOTED),
        # Not ASCII: the case-insensitive pattern reads it (re folds "ſ" to "s").
        ("The pact is a provocation, the ministry ſaid.", False, QUOTED),
    ],
)
def test_voice(sentence, is_quote, voice):
    assert voice_of(sentence, is_quote) == voice


@pytest.fixture(scope="module")
def fake_engine(reference):
    """An engine whose sentence model is a stand-in: a sentence naming "bad" is critical, "good" supportive."""

    def embed(texts):
        rows = np.zeros((len(texts), 4), dtype=np.float32)
        for i, text in enumerate(texts):
            rows[i] = (1, 0, 0, 0) if "bad" in text else (0, 0, 1, 0) if "good" in text else (0, 1, 0, 0)
        return rows

    model = TopicStanceModel(ZERO_SHOT, 0.05, np.zeros((3, 0)), np.zeros(3), 0.0, WEIGHTS)
    engine = topic_stance_engine(reference.topic, cue_matcher(reference.cues, reference.topic), model, embed=embed)
    # Statements that sit on the axes: critical, neutral, supportive.
    return replace(engine, statements={"critical": np.eye(4)[[0]], "neutral": np.eye(4)[[1]], "supportive": np.eye(4)[[2]]})


def test_which_sentences_count_and_how(fake_engine):
    sentences = ["The TSCF is bad.", "Rain fell all day.", "It rained, the ministry said.", "The pact is good, officials said."]
    stances = topic_sentence_stances("Seoul defends pact", sentences, [False, False, False, False], fake_engine)
    assert [(s.sentence, s.reference_kind, s.voice, s.weight) for s in stances] == [
        (HEADLINE, "generic_reference", OWN, 2.0), (0, "name", OWN, 1.0), (1, CONTEXT, OWN, 0.25),
        (2, CONTEXT, QUOTED, 0.125), (3, "generic_reference", QUOTED, 0.5),
    ]
    assert stances[1].label == "critical" and stances[4].label == "supportive"


def test_an_article_not_about_the_topic_is_not_scored(fake_engine):
    assert article_topic_stance_of("Rain in Seoul", ["It rained.", "It was bad."], [False, False], fake_engine).score is None


@settings(max_examples=40, deadline=None)
@given(title=st.text(max_size=80), sentences=st.lists(st.text(max_size=200), max_size=6))
def test_any_text_gives_a_bounded_stance_or_none(fake_engine, title, sentences):
    result = article_topic_stance_of(title, sentences, [False] * len(sentences), fake_engine)
    if result.score is not None:
        assert -1.0 <= result.score <= 1.0 and 0.0 <= result.confidence <= 1.0
        assert result.label in ("critical", "neutral", "supportive")
        assert set(result.evidence) <= {HEADLINE, *range(len(sentences))}


@pytest.fixture(scope="module")
def sanity_articles(reference):
    return build_tables([TEST_DATA / "stance"], reference, BuildOptions(workers=1))["articles"].set_index("source_path")


@pytest.mark.parametrize(
    ("document", "label"),
    [("state_media_denunciation.txt", "critical"), ("joint_statement.txt", "supportive"), ("wire_report.txt", "neutral")],
)
def test_topic_stance_of_sanity_documents(sanity_articles, document, label):
    assert sanity_articles.loc[document, "topic_label"] == label


def test_topic_columns_are_traceable_to_the_topic_stance_table(seed_tables):
    sentences = seed_tables["topic_stance"]
    for article in seed_tables["articles"].itertuples():
        mine = sentences[sentences["article_id"] == article.article_id]
        if article.topic_label == "":
            assert mine.empty and article.topic_sentences == 0
            continue
        sentences_mean = (mine["weight"] * mine["score"]).sum() / mine["weight"].sum()
        if pd.isna(article.topic_whole_score):
            assert article.topic_score == pytest.approx(sentences_mean, abs=1e-5)
        else:
            share = topic_stance_model_for(ACCURATE).article.whole
            assert article.topic_score == pytest.approx((1 - share) * sentences_mean + share * article.topic_whole_score, abs=1e-5)
        assert article.topic_sentences == (mine["reference_kind"] != CONTEXT).sum()
        assert set(article.topic_evidence.split("|")) <= set(mine["sentence_id"])


def test_the_whole_article_reading_blends_in_by_its_share():
    stances = [stance(0, (0.6, 0.3, 0.1))]
    result = article_topic_stance(stances, band=0.2, whole=(0.75, 0.4))
    assert result.score == pytest.approx(0.25 * -0.5 + 0.75 * 0.4) and result.whole_score == 0.4
    assert result.label == "neutral"


@pytest.mark.parametrize(
    ("sentences", "windows"),
    [
        ([], ["Title"]),
        (["one two three."], ["Title one two three."]),
        (["a " * 100, "b " * 100], [("Title " + "a " * 100).strip(), ("Title " + "b " * 100).strip()]),
    ],
)
def test_article_windows_open_with_the_headline_and_keep_sentences_whole(sentences, windows):
    assert article_windows("Title", [s.strip() for s in sentences]) == [" ".join(w.split()) for w in windows]


@pytest.mark.parametrize(
    ("title", "sentences", "scored"),
    [
        ("Carmaker and union reach wage deal", ["The deal raises pay by 4%.", "It runs for two years."], False),
        ("EU unveils new AI framework", ["The framework takes effect in 2026."], False),
        ("Seoul signs away more to Tokyo", ["The pact binds the military closer to Japan's.", "It was signed in Tokyo."], True),
        ("Drills begin", ["The Freedom Edge exercise began on Monday.", "The deal was signed last year."], True),
    ],
)
def test_a_generic_reference_needs_the_topic_named_or_two_members(fake_engine, title, sentences, scored):
    result = article_topic_stance_of(title, sentences, [False] * len(sentences), fake_engine)
    assert (result.score is not None) is scored


def test_the_evidence_only_pulls_toward_the_label():
    stances = [stance(0, (0.5, 0.1, 0.4)), stance(1, (0.0, 0.1, 0.9)), stance(2, (0.1, 0.2, 0.7))]
    result = article_topic_stance(stances, band=0.2)
    assert result.label == "supportive" and result.evidence == (1, 2)
