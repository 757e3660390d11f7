"""The development set (tests/data/stance/dev_set.csv) as a regression guard: the shipped
variants of both stance modes must keep the figures the README reports. Never fitted to."""

import pytest

from dashboard.preprocessing.sentiment.modes import ACCURATE, FAST
from dashboard.preprocessing.topic.cues import cue_matcher
from dashboard.preprocessing.topic.evaluation import labelled_articles_from_csv, stance_evaluation, topic_stance_of_article
from dashboard.preprocessing.topic.topic_stance import topic_stance_engine_for
from tests.conftest import TEST_DATA

# The README's figures for the default (accurate) mode's blend, less a little for int8 and
# platform noise (topic/model/topic_stance_blended.json).
MIN_MACRO_F1 = 0.80
MIN_SPEARMAN = 0.87
# The same for the linear variant of `--stance fast` (topic/model/topic_stance_linear_report.json).
MIN_FAST_MACRO_F1 = 0.82
MIN_FAST_SPEARMAN = 0.87


@pytest.fixture(scope="module")
def development(reference):
    articles = labelled_articles_from_csv(TEST_DATA / "stance" / "dev_set.csv", "tscf")
    engine = topic_stance_engine_for(ACCURATE, reference.topic, cue_matcher(reference.cues, reference.topic))
    return articles, [topic_stance_of_article(article, engine) for article in articles]


def test_the_set_is_what_the_readme_describes(development):
    articles, _ = development
    assert len(articles) >= 60
    assert {a.score for a in articles} == {-2, -1, 0, 1, 2}


def test_macro_f1_and_spearman_hold(development):
    result = stance_evaluation(*development)
    assert result.coverage >= 0.95
    assert result.macro_f1 >= MIN_MACRO_F1
    assert result.spearman >= MIN_SPEARMAN


@pytest.mark.parametrize(
    ("genre", "label"),
    [("north_korean_state_media", "critical"), ("official_statement", "supportive"), ("wire", "neutral")],
)
def test_most_of_each_telling_genre_comes_out_as_expected(development, genre, label):
    articles, stances = development
    of_genre = [(a, s) for a, s in zip(articles, stances, strict=True) if a.genre == genre and a.label == label]
    assert of_genre
    assert sum(s.label == label for _, s in of_genre) / len(of_genre) >= 0.6


def test_the_fast_variant_holds_its_figures(reference, development):
    articles, _ = development
    engine = topic_stance_engine_for(FAST, reference.topic, cue_matcher(reference.cues, reference.topic))
    result = stance_evaluation(articles, [topic_stance_of_article(article, engine) for article in articles])
    assert result.coverage >= 0.95
    assert result.macro_f1 >= MIN_FAST_MACRO_F1
    assert result.spearman >= MIN_FAST_SPEARMAN
