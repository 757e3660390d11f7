import json

import numpy as np
import pytest

from dashboard.preprocessing.sentiment.modes import ACCURATE
from dashboard.preprocessing.topic.blended_stance import (
    BLENDED,
    BLENDED_MODEL_PATH,
    blended_model_with,
    shipped_blended_stance_model,
)
from dashboard.preprocessing.topic.cues import cue_matcher
from dashboard.preprocessing.topic.stance_model import ArticleWeights
from dashboard.preprocessing.topic.topic_stance import (
    sentence_probabilities,
    topic_stance_engine,
    topic_stance_engine_for,
)

SENTENCES = [
    "The puppet warmongers cooked up the so-called framework to ignite a new Cold War.",
    "The ministers reaffirmed their ironclad commitment to the framework, a landmark for peace and stability.",
    "The framework was signed in Tokyo on Sunday by the three defence ministers.",
]


@pytest.fixture(scope="module")
def engine(reference):
    return topic_stance_engine_for(ACCURATE, reference.topic, cue_matcher(reference.cues, reference.topic))


def test_the_accurate_mode_blends_the_linear_model_and_the_classifier(engine):
    assert engine.model is shipped_blended_stance_model() and engine.model.variant == BLENDED
    assert engine.classify is not None
    assert 0 < engine.model.classifier_share < 1


def test_clear_sentences(engine):
    probabilities = sentence_probabilities(SENTENCES, engine)
    assert probabilities.sum(axis=1) == pytest.approx(np.ones(3))
    assert probabilities.argmax(axis=1).tolist() == [0, 2, 1]


def test_the_blend_lies_between_its_two_models(reference, engine):
    cues = cue_matcher(reference.cues, reference.topic)
    weights = ArticleWeights(1.0, 1.0, 1.0, 0.1)

    def probabilities(share: float) -> np.ndarray:
        model = blended_model_with(share, weights)
        return sentence_probabilities(SENTENCES, topic_stance_engine(reference.topic, cues, model, classify=engine.classify))

    linear, classifier, half = probabilities(0.0), probabilities(1.0), probabilities(0.5)
    assert half == pytest.approx((linear + classifier) / 2)
    assert not np.allclose(linear, classifier)


def test_a_blend_needs_the_classifier(reference):
    model = blended_model_with(0.25, ArticleWeights(1.0, 1.0, 1.0, 0.1))
    with pytest.raises(ValueError, match="needs the stance classifier"):
        topic_stance_engine(reference.topic, cue_matcher(reference.cues, reference.topic), model)


def test_the_shipped_file_records_its_choices_and_the_held_out_comparison():
    stored = json.loads(BLENDED_MODEL_PATH.read_text(encoding="utf-8"))
    assert stored["classifier_share"] == shipped_blended_stance_model().classifier_share
    by_variant = stored["report"]["held_out_sentence_macro_f1_of_every_variant"]
    assert set(by_variant) == {"zero_shot", "supervised", "fine_tuned", "combined", "linear", "blended"}
    # The accurate mode's variant is the best of them on the held-out sentences.
    assert by_variant[BLENDED] > max(f1 for variant, f1 in by_variant.items() if variant != BLENDED)


@pytest.mark.parametrize(("share", "variant"), [(0.0, "linear"), (1.0, "fine_tuned")])
def test_a_fit_that_gives_one_model_the_whole_share_runs_it_alone(monkeypatch, share, variant):
    from dashboard.preprocessing.topic import topic_stance

    weights = ArticleWeights(0.5, 2.0, 1.0, 0.2, 0.5)
    monkeypatch.setattr(topic_stance, "shipped_blended_stance_model", lambda: blended_model_with(share, weights))
    model = topic_stance.topic_stance_model_for(ACCURATE)
    assert model.variant == variant and model.article == weights
