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
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise, repeat
from pathlib import Path

import numpy as np

from dashboard.preprocessing import patterns
from dashboard.preprocessing.records import record
from dashboard.preprocessing.tfidf import tfidf_logits_of_columns
from dashboard.preprocessing.topic.cues import CueMatcher
from dashboard.preprocessing.topic.stance_model import ArticleWeights, softmax

LINEAR = "linear"
LINEAR_MODEL_PATH = Path(__file__).resolve().parent / "model" / "topic_stance_linear.npz"


# The texts whose columns are kept: more than the sentences of any one article, whose
# windows repeat them.
KEPT_TEXTS = 2**12


def stance_words(text: str) -> list[str]:
    """The lower-cased words of `text`, then each pair of neighbouring words."""
    words = patterns.WORD.findall(text.lower())
    return words + list(map(" ".join, pairwise(words)))


@record
class _TextColumns:
    """A text's `stance_words` as vocabulary columns (-1 outside it), and its first and
    last words (None for a text without words), to pair with a neighbouring text's."""

    columns: list[int]
    first: str | None
    last: str | None


@dataclass(frozen=True)
class LinearStanceModel:
    vocabulary: dict[str, int]
    idf: np.ndarray  # (words,)
    word_weights: np.ndarray  # (3, words): critical, neutral, supportive
    cue_weights: np.ndarray  # (3, cue features); (3, 0) when the cues do not count
    intercept: np.ndarray  # (3,)
    article: ArticleWeights
    # An article's windows repeat its sentences, which are scored alone first.
    _kept: dict[str, _TextColumns] = field(default_factory=dict, compare=False, repr=False)

    @property
    def variant(self) -> str:
        return LINEAR

    @property
    def reads_whole_article(self) -> bool:
        """It reads the article's windows too (`topic_stance.article_windows`)."""
        return True

    def probabilities(self, texts: Sequence[str], cues: CueMatcher) -> np.ndarray:
        """(n, 3) probabilities of critical, neutral and supportive for each text."""
        return self.probabilities_of_joined([(text,) for text in texts], cues)

    def probabilities_of_joined(self, parts_by_text: Sequence[Sequence[str]], cues: CueMatcher) -> np.ndarray:
        """As `probabilities`, for texts that are `" ".join(parts).strip()`: a word never
        spans a space, so a text's words are its parts' words and the pairs across each
        join, and each part's columns are looked up once however many texts hold it."""
        columns = [self._joined_columns(parts) for parts in parts_by_text]
        logits = self.intercept + tfidf_logits_of_columns(columns, self.idf, self.word_weights)
        if self.cue_weights.size:
            logits += cues.features([" ".join(parts).strip() for parts in parts_by_text]) @ self.cue_weights.T
        return softmax(logits)

    def _joined_columns(self, parts: Sequence[str]) -> list[int]:
        if len(parts) == 1:
            return self._text_columns(parts[0]).columns
        columns: list[int] = []
        last = None
        for part in parts:
            known = self._text_columns(part)
            if known.first is None:
                continue
            columns += known.columns
            if last is not None:
                columns.append(self.vocabulary.get(f"{last} {known.first}", -1))
            last = known.last
        return columns

    def _text_columns(self, text: str) -> _TextColumns:
        known = self._kept.get(text)
        if known is None:
            if len(self._kept) >= KEPT_TEXTS:
                self._kept.clear()
            features = stance_words(text)
            # n words, then their n - 1 pairs
            n_words = (len(features) + 1) // 2
            known = self._kept[text] = _TextColumns(
                list(map(self.vocabulary.get, features, repeat(-1))), features[0] if features else None,
                features[n_words - 1] if features else None,
            )
        return known


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
