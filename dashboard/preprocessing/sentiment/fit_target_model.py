"""Fit the target sentiment model on NewsMTSC's train.jsonl and write its parameters.

    .venv/bin/pip install -e '.[fit]'
    .venv/bin/python -m dashboard.preprocessing.sentiment.fit_target_model --newsmtsc ../shared/newsmtsc

Rules of use of NewsMTSC, kept here: only train.jsonl is read. One seventh of its
sentences is held out to choose the regularisation strength; the model is then refitted
on all of train.jsonl. The devtest files are never opened by this script.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import numpy as np

from dashboard.preprocessing.sentiment.evaluation import newsmtsc_targets
from dashboard.preprocessing.sentiment.target_features import NUMBER_NAMES, target_features
from dashboard.preprocessing.sentiment.target_model import CLASSES, MODEL_PATH, target_sentiment_model_from_file

REGULARISATION_GRID = (1.0, 2.0, 4.0, 8.0)
HOLDOUT_SHARE = 7
SEED = 0
MIN_DOCUMENT_FREQUENCY = 2


def _feature_matrix(vectorizer, scale: np.ndarray, features: list) -> object:
    from scipy.sparse import csr_matrix, hstack

    numbers = np.array([f.numbers for f in features]) / scale
    return hstack([vectorizer.transform([f.words for f in features]), csr_matrix(numbers)]).tocsr()


def _fitted(targets, regularisation: float):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    features = [target_features(sentence, start, end) for sentence, start, end, _ in targets]
    vectorizer = TfidfVectorizer(analyzer=lambda words: words, sublinear_tf=True, min_df=MIN_DOCUMENT_FREQUENCY)
    vectorizer.fit([f.words for f in features])
    scale = np.abs(np.array([f.numbers for f in features])).max(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=regularisation, max_iter=5000, class_weight="balanced")
    model.fit(_feature_matrix(vectorizer, scale, features), [CLASSES.index(label) for *_, label in targets])
    return vectorizer, scale, model


def _macro_f1(truth: list[int], predicted: list[int]) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(truth, predicted, average="macro"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--newsmtsc", type=Path, required=True, help="folder holding NewsMTSC's train.jsonl")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    arguments = parser.parse_args()

    train = newsmtsc_targets(arguments.newsmtsc / "train.jsonl")
    sentences = sorted({sentence for sentence, *_ in train})
    random.Random(SEED).shuffle(sentences)
    held_out = set(sentences[: len(sentences) // HOLDOUT_SHARE])
    fitting = [t for t in train if t[0] not in held_out]
    holdout = [t for t in train if t[0] in held_out]

    scores = {}
    for regularisation in REGULARISATION_GRID:
        vectorizer, scale, model = _fitted(fitting, regularisation)
        matrix = _feature_matrix(vectorizer, scale, [target_features(s, a, b) for s, a, b, _ in holdout])
        scores[regularisation] = _macro_f1([CLASSES.index(label) for *_, label in holdout], model.predict(matrix).tolist())
        print(f"C={regularisation:g}: macro-F1 on the train holdout {100 * scores[regularisation]:.1f}")
    best = max(scores, key=lambda setting: scores[setting])
    print(f"chosen C={best:g}; refitting on all {len(train):,} train targets")

    vectorizer, scale, model = _fitted(train, best)
    vocabulary = np.array(vectorizer.get_feature_names_out(), dtype=str)
    n_words = len(vocabulary)
    order = [list(model.classes_).index(index) for index in range(len(CLASSES))]
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        arguments.out,
        vocabulary=vocabulary,
        idf=vectorizer.idf_.astype(np.float32),
        word_weights=model.coef_[order, :n_words].astype(np.float32),
        number_weights=model.coef_[order, n_words:].astype(np.float32),
        intercept=model.intercept_[order].astype(np.float32),
        number_scale=scale.astype(np.float32),
        number_names=np.array(NUMBER_NAMES, dtype=str),
        regularisation=np.array(best),
        holdout_macro_f1=np.array(scores[best]),
        attribution=np.array("Fitted on NewsMTSC train.jsonl (Hamborg & Donnay, EACL 2021; MIT licence, (c) 2020 Felix Hamborg)."),
    )
    shipped = target_sentiment_model_from_file(arguments.out)
    sample = train[:200]
    agreement = np.mean([CLASSES[int(np.argmax(shipped.probabilities(s, a, b)))] == label for s, a, b, label in sample])
    print(f"wrote {arguments.out} ({arguments.out.stat().st_size / 1024:,.0f} KiB); {n_words:,} word features; "
          f"train accuracy of the stored model on 200 targets {100 * agreement:.0f}%")


if __name__ == "__main__":
    main()
