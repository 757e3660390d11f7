import json
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.preprocessing.sentiment.modes import ACCURATE, FAST
from dashboard.preprocessing.topic.blended_stance import BLENDED
from dashboard.preprocessing.topic.cues import cue_matcher
from dashboard.preprocessing.topic.linear_stance import (
    KEPT_TEXTS,
    LINEAR,
    LINEAR_MODEL_PATH,
    linear_stance_model_from_file,
    shipped_linear_stance_model,
    stance_words,
)
from dashboard.preprocessing.topic.topic_stance import (
    HEADLINE,
    article_topic_stance_of,
    article_window_parts,
    article_windows,
    topic_stance_engine_for,
    topic_stance_model_for,
)
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def engine(reference):
    return topic_stance_engine_for(FAST, reference.topic, cue_matcher(reference.cues, reference.topic))


def test_stance_words_are_the_words_then_their_pairs():
    assert stance_words("The so-called “pact” is U.S.-led.") == [
        "the", "so-called", "pact", "is", "u.s", "led", "the so-called", "so-called pact", "pact is", "is u.s", "u.s led",
    ]
    assert stance_words("") == []


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("The puppet warmongers cooked up the so-called framework to ignite a new Cold War.", "critical"),
        ("The ministers reaffirmed their ironclad commitment to the framework, a landmark for peace and stability.", "supportive"),
        ("The framework was signed in Tokyo on Sunday by the three defence ministers.", "neutral"),
    ],
)
def test_clear_sentences(engine, sentence, label):
    probabilities = engine.model.probabilities([sentence], engine.cues)
    assert probabilities.shape == (1, 3) and probabilities.sum() == pytest.approx(1.0)
    assert ("critical", "neutral", "supportive")[int(probabilities.argmax())] == label


def test_the_modes_choose_their_variant():
    assert topic_stance_model_for(FAST).variant == LINEAR
    assert topic_stance_model_for(ACCURATE).variant == BLENDED
    with pytest.raises(ValueError, match="unknown stance mode 'quick'"):
        topic_stance_model_for("quick")


def test_the_fast_engine_reads_no_encoder(engine):
    assert engine.model is shipped_linear_stance_model()
    assert engine.classify is None and engine.embed is None


def test_an_article_is_scored_from_its_sentences_and_its_windows(engine):
    title = "KCNA slams the so-called trilateral framework"
    sentences = ["The puppets and their masters cooked up the TSCF as an Asian NATO.", "It is a blueprint for nuclear war."]
    result = article_topic_stance_of(title, sentences, [False, False], engine)
    assert result.label == "critical" and result.whole_score is not None and result.whole_score < 0
    assert [s.sentence for s in result.sentences] == [HEADLINE, 0, 1]
    assert article_topic_stance_of("Rain in Seoul", ["It rained."], [False], engine).score is None


def test_the_shipped_model_is_small_and_whole():
    model = shipped_linear_stance_model()
    assert LINEAR_MODEL_PATH.stat().st_size < 1_000_000
    assert model.word_weights.shape == (3, len(model.vocabulary)) == (3, len(model.idf))
    assert model.cue_weights.shape[0] == 3 and model.intercept.shape == (3,)
    assert 0 < model.article.band < 1 and 0 <= model.article.whole < 1


def test_refitting_reproduces_the_shipped_model(tmp_path):
    pytest.importorskip("sklearn")
    out = tmp_path / "refit.npz"
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.preprocessing.topic.fit_linear_stance", "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    refit, shipped = linear_stance_model_from_file(out), shipped_linear_stance_model()
    assert refit.vocabulary == shipped.vocabulary and refit.article == shipped.article
    assert np.allclose(refit.word_weights, shipped.word_weights, atol=1e-4)
    assert np.allclose(refit.cue_weights, shipped.cue_weights, atol=1e-4)
    report = json.loads((tmp_path / "topic_stance_linear_report.json").read_text(encoding="utf-8"))
    shipped_report = json.loads(LINEAR_MODEL_PATH.with_name("topic_stance_linear_report.json").read_text(encoding="utf-8"))
    for choice in ("min_df", "cues", "regularisation", "article_weights", "development_set"):
        assert report[choice] == pytest.approx(shipped_report[choice]), choice


def test_cue_counts_add_to_the_logits_when_the_fit_kept_them(engine):
    from dataclasses import replace

    sentence = "The so-called pact of the puppets."
    plain = engine.model.probabilities([sentence], engine.cues)
    # Weights of one on the critical logit for each critical cue and scare quote.
    with_cues = replace(engine.model, cue_weights=np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]))
    logits = np.log(with_cues.probabilities([sentence], engine.cues)) - np.log(plain)
    assert logits[0, 0] - logits[0, 1] == pytest.approx(float(engine.cues.features([sentence])[0, 0]))
    assert logits[0, 2] - logits[0, 1] == pytest.approx(0.0, abs=1e-9)


_PART = st.text(st.sampled_from(list("ab Σς“”.-'’İ\n")) | st.characters(), max_size=25)


@settings(deadline=None)
@given(st.lists(_PART, max_size=5))
def test_a_joined_text_scores_as_its_parts_joined(engine, parts):
    """The windows are scored from their sentences' columns: that must equal scoring the
    window's text (words never span the space between parts; lower-casing is per letter)."""
    joined = " ".join(parts).strip()
    expected = engine.model.probabilities([joined], engine.cues)
    assert engine.model.probabilities_of_joined([parts], engine.cues) == pytest.approx(expected, abs=1e-12)


def test_the_article_windows_score_as_their_texts(engine):
    title = "Seoul signs the trilateral framework"
    # "peace the" spans the join past an empty sentence, and the model knows that pair.
    sentences = ["Critics called the pact a reckless provocation, not peace.", "", "The ministers praised it as a landmark."] * 40
    assert "peace the" in engine.model.vocabulary
    parts = article_window_parts(title, sentences)
    assert len(parts) > 1 and all(p[0] == title for p in parts)
    texts = article_windows(title, sentences)
    assert engine.model.probabilities_of_joined(parts, engine.cues) == pytest.approx(engine.model.probabilities(texts, engine.cues), abs=1e-12)


def test_the_kept_columns_are_bounded(engine):
    model = linear_stance_model_from_file()
    model.probabilities([f"text number {i}" for i in range(KEPT_TEXTS + 10)], engine.cues)
    assert len(model._kept) <= KEPT_TEXTS
