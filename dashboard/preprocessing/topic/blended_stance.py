"""The blended topic stance variant, the default of the accurate mode: the linear model's
probabilities and the fine-tuned classifier's, mixed.

The two read a sentence differently: the linear model (`linear_stance.py`) weighs the
words and word pairs a side uses, the classifier (`stance_model.py`, fine_tuned) reads
the sentence whole. `fit_blended_stance.py` chooses the classifier's share on the
held-out sentences of the stance training set and the article weights on its validation
articles, and writes both to `model/topic_stance_blended.json`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import numpy as np

from dashboard.preprocessing.topic.cues import CueMatcher
from dashboard.preprocessing.topic.linear_stance import LinearStanceModel, shipped_linear_stance_model
from dashboard.preprocessing.topic.stance_model import FINE_TUNED, ArticleWeights, TopicStanceModel, shipped_topic_stance_model

BLENDED = "blended"
BLENDED_MODEL_PATH = Path(__file__).resolve().parent / "model" / "topic_stance_blended.json"


@dataclass(frozen=True)
class BlendedStanceModel:
    linear: LinearStanceModel
    classifier: TopicStanceModel  # the fine_tuned variant
    classifier_share: float  # 0: the linear model alone; 1: the classifier alone
    article: ArticleWeights

    @property
    def variant(self) -> str:
        return BLENDED

    @property
    def reads_classifier(self) -> bool:
        return True

    @property
    def reads_whole_article(self) -> bool:
        return True

    def probabilities(self, texts: Sequence[str], logits: np.ndarray, cues: CueMatcher) -> np.ndarray:
        """(n, 3) probabilities of critical, neutral and supportive, from the texts and the
        classifier's logits for them."""
        linear = self.linear.probabilities(texts, cues)
        classifier = self.classifier.classifier_probabilities(logits, cues.features(list(texts)))
        return (1 - self.classifier_share) * linear + self.classifier_share * classifier


def blended_model_with(classifier_share: float, article: ArticleWeights) -> BlendedStanceModel:
    """The shipped linear model and classifier, blended so."""
    return BlendedStanceModel(shipped_linear_stance_model(), shipped_topic_stance_model(FINE_TUNED), classifier_share, article)


def blended_model_json(model: BlendedStanceModel, report: dict) -> str:
    return json.dumps({"classifier_share": model.classifier_share, "article": asdict(model.article), "report": report}, indent=2) + "\n"


def blended_stance_model_from_file(path: Path = BLENDED_MODEL_PATH) -> BlendedStanceModel:
    stored = json.loads(path.read_text(encoding="utf-8"))
    return blended_model_with(float(stored["classifier_share"]), ArticleWeights(**stored["article"]))


@cache
def shipped_blended_stance_model() -> BlendedStanceModel:
    return blended_stance_model_from_file()
