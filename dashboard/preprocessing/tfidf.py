"""The word part of the linear models (the fast target sentiment model, the linear topic
stance model): each text's words as a unit-length sublinear TF-IDF row, as scikit-learn's
`TfidfVectorizer(sublinear_tf=True)` fitted them, times the fitted weights. Numpy only,
and one pass for many texts: per text, numpy's call overhead costs more than the arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

import numpy as np


def tfidf_logits(words_by_text: Sequence[Sequence[str]], vocabulary: dict[str, int], idf: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """(texts, classes): each text's row times `weights.T` (`weights` is (classes, words));
    words outside the vocabulary count for nothing."""
    lookup = vocabulary.get
    indexes = [[index for index in map(lookup, words) if index is not None] for words in words_by_text]
    n = len(indexes)
    columns = np.fromiter(chain.from_iterable(indexes), dtype=np.int64)
    rows = np.repeat(np.arange(n), [len(row) for row in indexes])
    keys, counts = np.unique(rows * len(idf) + columns, return_counts=True)
    rows, columns = np.divmod(keys, len(idf))
    values = (1.0 + np.log(counts)) * idf[columns]
    values /= np.sqrt(np.bincount(rows, values * values, minlength=n))[rows]
    return np.stack([np.bincount(rows, row[columns] * values, minlength=n) for row in weights], axis=1).reshape(n, len(weights))
