"""The word part of the linear models (the fast target sentiment model, the linear topic
stance model): each text's words as a unit-length sublinear TF-IDF row, as scikit-learn's
`TfidfVectorizer(sublinear_tf=True)` fitted them, times the fitted weights. Numpy only,
and one pass for many texts: per text, numpy's call overhead costs more than the arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain, repeat

import numpy as np


def tfidf_logits(words_by_text: Sequence[Sequence[str]], vocabulary: dict[str, int], idf: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """(texts, classes): each text's row times `weights.T` (`weights` is (classes, words));
    words outside the vocabulary count for nothing."""
    lengths = [len(words) for words in words_by_text]
    # Every word looked up in one pass at C speed, -1 for those outside, dropped below.
    looked_up = map(vocabulary.get, chain.from_iterable(words_by_text), repeat(-1))
    return _logits(np.fromiter(looked_up, dtype=np.int64, count=sum(lengths)), lengths, idf, weights)


def tfidf_logits_of_columns(columns_by_text: Sequence[Sequence[int]], idf: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """As `tfidf_logits`, for texts whose words are already their vocabulary columns (-1
    for a word outside it)."""
    lengths = [len(columns) for columns in columns_by_text]
    return _logits(np.fromiter(chain.from_iterable(columns_by_text), dtype=np.int64, count=sum(lengths)), lengths, idf, weights)


def _logits(columns: np.ndarray, lengths: list[int], idf: np.ndarray, weights: np.ndarray) -> np.ndarray:
    n = len(lengths)
    rows = np.repeat(np.arange(n), lengths)
    known = columns >= 0
    keys, counts = np.unique(rows[known] * len(idf) + columns[known], return_counts=True)
    rows, columns = np.divmod(keys, len(idf))
    values = (1.0 + np.log(counts)) * idf[columns]
    values /= np.sqrt(np.bincount(rows, values * values, minlength=n))[rows]
    return np.stack([np.bincount(rows, row[columns] * values, minlength=n) for row in weights], axis=1).reshape(n, len(weights))
