"""The linear topic stance variant, for `--stance fast`: no encoder, numpy only.

A multinomial logistic regression on a text's words and pairs of neighbouring words
(unit-length sublinear TF-IDF, `tfidf.py`) and, when the fit found that they help, the
loaded-vocabulary cue counts of `cues.py`. `fit_linear_stance.py` fits it on the stance
training set (`data/training/`) with the held-out splits of `fit_topic_stance.py` and
chooses its article weights; both ship in `model/topic_stance_linear.npz`. It scores
sentences and the article's windows as the fine-tuned classifier does, in a fraction of a
millisecond an article where the classifier needs about a tenth of a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

import numpy as np

from dashboard.preprocessing import patterns
from dashboard.preprocessing.tfidf import tfidf_logits
from dashboard.preprocessing.topic.cues import CueMatcher
from dashboard.preprocessing.topic.stance_model import ArticleWeights, softmax

LINEAR = "linear"
LINEAR_MODEL_PATH = Path(__file__).resolve().parent / "model" / "topic_stance_linear.npz"


def stance_words(text: str) -> list[str]:
    """The lower-cased words of `text`, then each pair of neighbouring words."""
    words = patterns.WORD.findall(text.lower())
    return words + [f"{first} {second}" for first, second in pairwise(words)]


@dataclass(frozen=True)
class LinearStanceModel:
    vocabulary: dict[str, int]
    idf: np.ndarray  # (words,)
    word_weights: np.ndarray  # (3, words): critical, neutral, supportive
    cue_weights: np.ndarray  # (3, cue features); (3, 0) when the cues do not count
    intercept: np.ndarray  # (3,)
    article: ArticleWeights

    @property
    def variant(self) -> str:
        return LINEAR

    @property
    def reads_whole_article(self) -> bool:
        """It reads the article's windows too (`topic_stance.article_windows`)."""
        return True

    def probabilities(self, texts: Sequence[str], cues: CueMatcher) -> np.ndarray:
        """(n, 3) probabilities of critical, neutral and supportive for each text."""
        logits = self.intercept + tfidf_logits([stance_words(text) for text in texts], self.vocabulary, self.idf, self.word_weights)
        if self.cue_weights.size:
            logits += cues.features(list(texts)) @ self.cue_weights.T
        return softmax(logits)


def linear_stance_model_from_file(path: Path = LINEAR_MODEL_PATH) -> LinearStanceModel:
    with np.load(path, allow_pickle=False) as stored:
        return LinearStanceModel(
            vocabulary={word: index for index, word in enumerate(stored["vocabulary"].tolist())},
            idf=stored["idf"].astype(np.float64),
            word_weights=stored["word_weights"].astype(np.float64),
            cue_weights=stored["cue_weights"].astype(np.float64),
            intercept=stored["intercept"].astype(np.float64),
            article=ArticleWeights(*(float(v) for v in stored["article"])),
        )


@cache
def shipped_linear_stance_model() -> LinearStanceModel:
    return linear_stance_model_from_file()
