"""Sentence stance toward a topic: critical, neutral or supportive, with probabilities.

Four variants, compared in `fit_topic_stance.py` (their parameters ship together in
`model/topic_stance.npz`):
- zero_shot: the sentence's embedding (all-MiniLM-L6-v2) against the topic's stance
  statements: for each side the mean of its `TOP_STATEMENTS` closest statements, a
  softmax at a temperature;
- supervised: a multinomial logistic head on the embedding and those three similarities,
  fitted on the stance training set (`data/training/`), written in our own words over
  a dozen alliances, pacts and exercises, so that it learns stance rather than one event;
- fine_tuned: MiniLM fine-tuned on the same set and on windows of the training articles
  as a classifier of (topic title, text) pairs (`fine_tune_stance_encoder.py`,
  `model/topic_stance_minilm_int8.onnx`); it scores each sentence and reads the article
  whole;
- combined: the fine-tuned classifier with the loaded-vocabulary cues added to its logits.
For the two classifier variants who speaks is weighed at the article level
(`topic_stance.py`): a quoted voice counts less than the outlet's own. `--stance fast`
uses a fifth variant that needs no encoder, a linear model on words (`linear_stance.py`);
the accurate mode's default is a sixth, that linear model blended with fine_tuned
(`blended_stance.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from dashboard.preprocessing.topic.definition import STANCES, Topic

MODEL_PATH = Path(__file__).resolve().parent / "model" / "topic_stance.npz"
FINE_TUNED_MODEL_PATH = Path(__file__).resolve().parent / "model" / "topic_stance_minilm_int8.onnx"
ZERO_SHOT = "zero_shot"
SUPERVISED = "supervised"
FINE_TUNED = "fine_tuned"
COMBINED = "combined"
VARIANTS = (ZERO_SHOT, SUPERVISED, FINE_TUNED, COMBINED)
# The variants that read the fine-tuned classifier; the others read sentence embeddings.
CLASSIFIER_VARIANTS = (FINE_TUNED, COMBINED)
TOP_STATEMENTS = 3


def statement_embeddings(topic: Topic, embed) -> dict[str, np.ndarray]:
    """stance -> (statements, dimensions) unit embeddings of the topic's statements."""
    return {stance: embed(list(topic.statements[stance])) for stance in STANCES}


def statement_similarities(embeddings: np.ndarray, statements: dict[str, np.ndarray]) -> np.ndarray:
    """(n, 3): per stance, the mean cosine of the TOP_STATEMENTS closest statements, less
    the row's mean, so that only the difference between the sides is left."""
    columns = []
    for stance in STANCES:
        similarities = embeddings @ statements[stance].T
        k = min(TOP_STATEMENTS, similarities.shape[1])
        columns.append(np.sort(similarities, axis=1)[:, -k:].mean(axis=1))
    table = np.stack(columns, axis=1) if len(embeddings) else np.zeros((0, len(STANCES)), dtype=np.float32)
    return table - table.mean(axis=1, keepdims=True)


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def head_inputs(embeddings: np.ndarray, similarities: np.ndarray) -> np.ndarray:
    return np.hstack([embeddings, similarities])


@dataclass(frozen=True)
class ArticleWeights:
    """How sentence scores become an article's: weights of a quoted voice, of the headline
    and of the article's other sentences (those that do not refer to the topic
    themselves: context) relative to the outlet's own sentences about the topic, and the
    band beyond which the article is critical or supportive."""

    quoted: float
    headline: float
    context: float
    band: float
    # Share of the score that comes from the classifier's reading of the whole article
    # (its windows, see `topic_stance.article_windows`) rather than from its sentences.
    whole: float = 0.0


@dataclass(frozen=True)
class TopicStanceModel:
    variant: str
    temperature: float  # zero_shot
    weights: np.ndarray  # (3, features), supervised
    intercept: np.ndarray  # (3,)
    cue_weight: float  # combined: how much a critical or supportive cue adds to that side's logit
    article: ArticleWeights
    classifier_temperature: float = 1.0  # fine_tuned, combined: divides the classifier's logits

    @property
    def reads_classifier(self) -> bool:
        return self.variant in CLASSIFIER_VARIANTS

    @property
    def reads_whole_article(self) -> bool:
        """The classifier variants read the article's windows too (`topic_stance.article_windows`)."""
        return self.reads_classifier

    def embedding_probabilities(self, embeddings: np.ndarray, similarities: np.ndarray) -> np.ndarray:
        """(n, 3) probabilities of critical, neutral and supportive (zero_shot, supervised)."""
        if self.variant == ZERO_SHOT:
            return softmax(similarities / self.temperature)
        return softmax(head_inputs(embeddings, similarities) @ self.weights.T + self.intercept)

    def classifier_probabilities(self, logits: np.ndarray, cues: np.ndarray) -> np.ndarray:
        """(n, 3) probabilities from the fine-tuned classifier's logits (fine_tuned, combined)."""
        logits = logits / self.classifier_temperature
        if self.variant == COMBINED:
            logits = logits + self.cue_weight * np.stack([cues[:, 0] + cues[:, 2], np.zeros(len(cues)), cues[:, 1]], axis=1)
        return softmax(logits)


def topic_stance_model_from_file(path: Path = MODEL_PATH, variant: str | None = None) -> TopicStanceModel:
    """One variant of the shipped models; by default the one the fit chose."""
    with np.load(path, allow_pickle=False) as stored:
        chosen = variant or str(stored["default_variant"])
        if chosen not in VARIANTS:
            raise ValueError(f"unknown topic stance variant {chosen!r}; one of {', '.join(VARIANTS)}")
        return TopicStanceModel(
            variant=chosen,
            temperature=float(stored["zero_shot_temperature"]),
            weights=stored["supervised_weights"].astype(np.float32),
            intercept=stored["supervised_intercept"].astype(np.float32),
            cue_weight=float(stored["combined_cue_weight"]),
            article=ArticleWeights(*(float(v) for v in stored[f"{chosen}_article"])),
            classifier_temperature=float(stored["classifier_temperature"]),
        )


@cache
def shipped_topic_stance_model(variant: str | None = None) -> TopicStanceModel:
    return topic_stance_model_from_file(MODEL_PATH, variant)
