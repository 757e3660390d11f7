"""Target-dependent sentiment: how a sentence treats the target at `sentence[start:end]`.

A multinomial logistic regression over `target_features`, fitted only on NewsMTSC's
train.jsonl by `fit_target_model.py`; its parameters ship in `model/target_sentiment.npz`
(no download, loads in a fraction of a second). Inference is plain numpy, so scikit-learn
is needed only to refit.

NewsMTSC: Hamborg & Donnay, EACL 2021; data MIT-licensed, copyright 2020 Felix Hamborg.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from dashboard.preprocessing.sentiment.target_features import target_features

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

    def probabilities(self, sentence: str, start: int, end: int) -> np.ndarray:
        """Probabilities of negative, neutral and positive, in that order."""
        features = target_features(sentence, start, end)
        counts = Counter(index for word in features.words if (index := self.vocabulary.get(word)) is not None)
        logits = self.intercept + self.number_weights @ (np.asarray(features.numbers) / self.number_scale)
        if counts:
            indexes = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            # TF-IDF as fitted: sublinear term frequency times idf, then unit length.
            values = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * self.idf[indexes]
            values /= np.linalg.norm(values)
            logits = logits + self.word_weights[:, indexes] @ values
        exponentials = np.exp(logits - logits.max())
        return exponentials / exponentials.sum()

    def probabilities_of_targets(self, targets: Sequence[tuple[str, int, int]]) -> np.ndarray:
        """(n, 3) probabilities for many (sentence, start, end) targets."""
        rows = [self.probabilities(sentence, start, end) for sentence, start, end in targets]
        return np.vstack(rows) if rows else np.zeros((0, len(CLASSES)))


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
