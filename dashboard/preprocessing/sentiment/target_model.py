"""Target-dependent sentiment: how a sentence treats the target at `sentence[start:end]`.

A multinomial logistic regression over `target_features`, fitted only on NewsMTSC's
train.jsonl by `fit_target_model.py`; its parameters ship in `model/target_sentiment.npz`
(no download, loads in a fraction of a second). Inference is plain numpy, so scikit-learn
is needed only to refit.

NewsMTSC: Hamborg & Donnay, EACL 2021; data MIT-licensed, copyright 2020 Felix Hamborg.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np

from dashboard.preprocessing.sentiment.target_features import PrefixedVocabulary, target_feature_groups
from dashboard.preprocessing.tfidf import tfidf_logits_of_columns

MODEL_PATH = Path(__file__).resolve().parent / "model" / "target_sentiment.npz"
CLASSES = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class TargetSentimentModel:
    vocabulary: dict[str, int]
    idf: np.ndarray  # (words,)
    word_weights: np.ndarray  # (classes, words)
    number_weights: np.ndarray  # (classes, numbers)
    intercept: np.ndarray  # (classes,)
    number_scale: np.ndarray  # (numbers,)

    @cached_property
    def prefixed_vocabulary(self) -> PrefixedVocabulary:
        return PrefixedVocabulary(self.vocabulary)

    def probabilities(self, sentence: str, start: int, end: int) -> np.ndarray:
        """Probabilities of negative, neutral and positive, in that order."""
        return self.probabilities_of_targets([(sentence, start, end)])[0]

    def probabilities_of_targets(self, targets: Sequence[tuple[str, int, int]]) -> np.ndarray:
        """(n, 3) probabilities for many (sentence, start, end) targets, in one numpy pass."""
        features = [target_feature_groups(sentence, start, end) for sentence, start, end in targets]
        numbers = np.array([values for _, values in features], dtype=np.float64).reshape(len(features), len(self.number_scale))
        logits = self.intercept + (numbers / self.number_scale) @ self.number_weights.T
        vocabulary = self.prefixed_vocabulary
        logits += tfidf_logits_of_columns([vocabulary.columns(groups) for groups, _ in features], self.idf, self.word_weights)
        exponentials = np.exp(logits - logits.max(axis=1, keepdims=True))
        return exponentials / exponentials.sum(axis=1, keepdims=True)


def target_sentiment_model_from_file(path: Path = MODEL_PATH) -> TargetSentimentModel:
    with np.load(path, allow_pickle=False) as stored:
        return TargetSentimentModel(
            vocabulary={word: index for index, word in enumerate(stored["vocabulary"].tolist())},
            idf=stored["idf"].astype(np.float64),
            word_weights=stored["word_weights"].astype(np.float64),
            number_weights=stored["number_weights"].astype(np.float64),
            intercept=stored["intercept"].astype(np.float64),
            number_scale=stored["number_scale"].astype(np.float64),
        )


@cache
def shipped_model() -> TargetSentimentModel:
    return target_sentiment_model_from_file()


def target_sentiment(sentence: str, start: int, end: int) -> str:
    """"negative", "neutral" or "positive" for the target at `sentence[start:end]` (`end` exclusive)."""
    return CLASSES[int(np.argmax(shipped_model().probabilities(sentence, start, end)))]


def target_sentiment_probabilities(targets: Iterable[tuple[str, int, int]]) -> np.ndarray:
    """Class probabilities (negative, neutral, positive) for many (sentence, start, end) targets."""
    return shipped_model().probabilities_of_targets(list(targets))
