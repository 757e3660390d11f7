"""Fit the linear topic stance variant (`linear_stance.py`) and write `model/topic_stance_linear.npz`.

    python -m dashboard.preprocessing.topic.fit_linear_stance

Training data as the fine-tuned classifier's (`fine_tune_stance_encoder.py`): the stance
sentences outside the held-out fifth, each topic's stance statements, and the windows of
the three in four training articles not kept for validation, labelled with the article's
stance. The splits are those of `fit_topic_stance.py`. Every sentence-level choice (whether
words seen in one text only count, whether the cue counts count, the regularisation) is
made on the held-out sentences; how sentences combine into an article (the weights of
quoted voices, of the headline, of the other sentences, of the article read whole, and the
neutral band) on the validation articles. The development set in `tests/data/stance/` is
scored last, for the report only. Needs scikit-learn (the `fit` or `test` extra).
"""

from __future__ import annotations

import argparse
import itertools
import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.preprocessing.topic.cues import cue_matcher, cues_from_file
from dashboard.preprocessing.topic.definition import STANCES, Topic, topic_in_folder
from dashboard.preprocessing.topic.evaluation import (
    LabelledArticle,
    article_sentences,
    labelled_articles_from_csv,
    stance_evaluation,
    topic_stance_of_article,
)
from dashboard.preprocessing.topic.fit_topic_stance import (
    CUES,
    DEV_SET,
    TOPICS,
    TRAINING,
    article_choice,
    is_validation_article,
    macro_f1,
    training_articles,
    training_sentences,
)
from dashboard.preprocessing.topic.linear_stance import LINEAR_MODEL_PATH, LinearStanceModel, linear_stance_model_from_file, stance_words
from dashboard.preprocessing.topic.stance_model import ArticleWeights
from dashboard.preprocessing.topic.topic_stance import TopicStanceEngine, article_windows, topic_stance_engine, whole_article_score

# Simplest first: a later setting is chosen only when it is strictly better on the held-out sentences.
MIN_DOCUMENT_FREQUENCIES = (2, 1)
CUE_CHOICES = (False, True)
REGULARISATION = (1.0, 3.0, 10.0, 30.0, 100.0)
# Every sentence scored while the article weights are chosen, context included.
SCORE_EVERY_SENTENCE = ArticleWeights(1.0, 1.0, 1.0, 0.2)


def training_texts(
    sentences: pd.DataFrame, articles: list[LabelledArticle], topics: dict[str, Topic],
) -> tuple[list[str], list[str], list[int]]:
    """Texts, their topics and labels: the sentences outside the held-out fifth, the topics'
    statements, and the windows of the articles not kept for validation."""
    kept = sentences[~sentences["held_out"]]
    rows = list(zip(kept["text"], kept["topic"], kept["label"].map(STANCES.index), strict=True))
    rows += [
        (statement, t, STANCES.index(stance))
        for t, topic in topics.items() for stance in STANCES for statement in topic.statements[stance]
    ]
    rows += [
        (window, article.topic, STANCES.index(article.label))
        for article in articles if not is_validation_article(article)
        for window in article_windows(article.title, article_sentences(article.text)[0])
    ]
    texts, topic_ids, labels = zip(*rows, strict=True)
    return list(texts), list(topic_ids), [int(label) for label in labels]


def fitted_model(texts: list[str], cue_rows: np.ndarray, labels: list[int], min_df: int, regularisation: float, cues: bool):
    """A LinearStanceModel (with placeholder article weights) fitted with scikit-learn."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(analyzer=stance_words, sublinear_tf=True, min_df=min_df).fit(texts)
    inputs = vectorizer.transform(texts)
    if cues:
        inputs = hstack([inputs, csr_matrix(cue_rows)]).tocsr()
    head = LogisticRegression(C=regularisation, max_iter=5000, class_weight="balanced").fit(inputs, labels)
    order = [list(head.classes_).index(i) for i in range(len(STANCES))]
    n_words = len(vectorizer.vocabulary_)
    vocabulary = {word: int(index) for word, index in vectorizer.vocabulary_.items()}
    coefficients = head.coef_[order]
    return LinearStanceModel(
        vocabulary, vectorizer.idf_, coefficients[:, :n_words], coefficients[:, n_words:], head.intercept_[order], SCORE_EVERY_SENTENCE,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=LINEAR_MODEL_PATH)
    arguments = parser.parse_args(argv)
    sentences = training_sentences(TRAINING / "stance_sentences")
    articles = training_articles(TRAINING / "stance_articles")
    topics = {t: topic_in_folder(TOPICS, t) for t in sorted(set(sentences["topic"]) | {a.topic for a in articles})}
    cues = cues_from_file(CUES)
    matchers = {t: cue_matcher(cues, topic) for t, topic in topics.items()}

    def cue_rows(texts: list[str], topic_ids: list[str]) -> np.ndarray:
        return np.vstack([matchers[t].features([text]) for text, t in zip(texts, topic_ids, strict=True)]) if texts else np.zeros((0, 3))

    texts, topic_ids, labels = training_texts(sentences, articles, topics)
    training_cues = cue_rows(texts, topic_ids)
    held = sentences[sentences["held_out"]]
    held_texts, held_topics = held["text"].tolist(), held["topic"].tolist()
    held_labels = held["label"].map(STANCES.index).to_numpy()

    by_setting: dict[str, float] = {}
    best: tuple[float, tuple[int, bool, float], LinearStanceModel] | None = None
    for min_df, reads_cues, regularisation in itertools.product(MIN_DOCUMENT_FREQUENCIES, CUE_CHOICES, REGULARISATION):
        model = fitted_model(texts, training_cues, labels, min_df, regularisation, reads_cues)
        # Held-out sentences are scored one topic at a time, with that topic's cues.
        predicted = np.zeros(len(held_texts), dtype=int)
        for t in sorted(set(held_topics)):
            rows = [i for i, topic_id in enumerate(held_topics) if topic_id == t]
            predicted[rows] = model.probabilities([held_texts[i] for i in rows], matchers[t]).argmax(axis=1)
        f1 = round(macro_f1(held_labels, predicted.tolist()), 6)
        by_setting[f"min_df={min_df} cues={reads_cues} C={regularisation:g}"] = f1
        print(f"min_df={min_df} cues={reads_cues} C={regularisation:g}: held-out sentence macro-F1 {100 * f1:.1f}", flush=True)
        if best is None or f1 > best[0]:
            best = (f1, (min_df, reads_cues, regularisation), model)
    assert best is not None
    held_out_f1, (min_df, reads_cues, regularisation), model = best

    validation = [a for a in articles if is_validation_article(a)]
    engines: dict[str, TopicStanceEngine] = {
        t: topic_stance_engine(topics[t], matchers[t], model) for t in sorted({a.topic for a in validation})
    }
    scored = [list(topic_stance_of_article(a, engines[a.topic]).sentences) for a in validation]
    wholes = [whole_article_score(a.title, article_sentences(a.text)[0], engines[a.topic]) for a in validation]
    weights, articles_f1, articles_spearman = article_choice(validation, scored, wholes, weigh_voices=True)
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        arguments.out,
        vocabulary=np.array(sorted(model.vocabulary, key=lambda word: model.vocabulary[word]), dtype=str),
        idf=model.idf.astype(np.float32),
        word_weights=model.word_weights.astype(np.float32),
        cue_weights=model.cue_weights.astype(np.float32),
        intercept=model.intercept.astype(np.float32),
        article=np.array([weights.quoted, weights.headline, weights.context, weights.band, weights.whole]),
    )
    shipped = linear_stance_model_from_file(arguments.out)
    report: dict[str, object] = {
        "training_texts": len(texts), "held_out_sentences": len(held_texts), "validation_articles": len(validation),
        "held_out_macro_f1_by_setting": by_setting,
        "min_df": min_df, "cues": reads_cues, "regularisation": regularisation, "words": len(model.vocabulary),
        "held_out_sentence_macro_f1": held_out_f1, "article_weights": asdict(weights),
        "validation_articles_macro_f1": articles_f1, "validation_articles_spearman": articles_spearman,
    }
    if DEV_SET.is_file():
        development = labelled_articles_from_csv(DEV_SET, "tscf")
        engine = topic_stance_engine(topic_in_folder(TOPICS, "tscf"), cue_matcher(cues, topic_in_folder(TOPICS, "tscf")), shipped)
        report["development_set"] = asdict(stance_evaluation(development, [topic_stance_of_article(a, engine) for a in development]))
    arguments.out.with_name("topic_stance_linear_report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
