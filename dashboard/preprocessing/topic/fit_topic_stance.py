"""Fit the topic stance variants on the stance training set and write `model/topic_stance.npz`.

    python -m dashboard.preprocessing.topic.fit_topic_stance

Reads `data/training/stance_sentences/*.csv` (sentences labelled critical / neutral /
supportive toward their topic, in our own words), `data/topics/<topic>.csv` for each
topic's statements, and the fine-tuned classifier that `fine_tune_stance_encoder.py`
wrote. A fifth of the sentences (by a hash of their text, so the split is stable) is
held out; every sentence-level choice — the zero-shot temperature, the head's
regularisation, the weight of the cues — is made on that split. How sentences combine into an
article (the weight of quoted voices, of the headline, of sentences that do not name the
topic, of the article read whole, and the neutral band) is chosen on the fourth of the
training set's short articles (`data/training/stance_articles/*.csv`) that no model is
fitted on. The development set in `tests/data/stance/` is scored last, for the report
only. Needs scikit-learn (the `test` or `train` extra).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dashboard.preprocessing.encoder.sentence_encoder import shipped_encoder
from dashboard.preprocessing.sentiment.evaluation import evaluation_of
from dashboard.preprocessing.topic.cues import CueMatcher, cue_matcher, cues_from_file
from dashboard.preprocessing.topic.definition import STANCES, Topic, topic_in_folder
from dashboard.preprocessing.topic.evaluation import (
    LabelledArticle,
    article_sentences,
    labelled_articles_from_csv,
    stance_evaluation,
    topic_stance_of_article,
)
from dashboard.preprocessing.topic.stance_classifier import stance_classifier
from dashboard.preprocessing.topic.stance_model import (
    COMBINED,
    FINE_TUNED,
    MODEL_PATH,
    SUPERVISED,
    VARIANTS,
    ZERO_SHOT,
    ArticleWeights,
    TopicStanceModel,
    head_inputs,
    softmax,
    statement_embeddings,
    statement_similarities,
)
from dashboard.preprocessing.topic.topic_stance import (
    TopicSentenceStance,
    article_topic_stance,
    sentence_weight,
    topic_stance_engine,
    whole_article_score,
)

TRAINING = Path("data/training")
TOPICS = Path("data/topics")
CUES = Path("data/stance_cues.csv")
DEV_SET = Path("tests/data/stance/dev_set.csv")
HELD_OUT_SHARE = 5  # one sentence in five
TEMPERATURES = (0.01, 0.015, 0.02, 0.03, 0.05, 0.08)
REGULARISATION = (0.1, 0.3, 1.0, 3.0, 10.0)
# The outlet's own voice weighs more than the voices it quotes: a quoted weight below 1.
QUOTED_WEIGHTS = (0.25, 0.5, 0.75)
HEADLINE_WEIGHTS = (1.0, 2.0, 3.0)
CONTEXT_WEIGHTS = (0.0, 0.25, 0.5, 1.0)
CUE_WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0)
# The sentences always keep a share, so that the outlet's own voice weighs more than the
# voices it quotes in every article's score.
WHOLE_SHARES = (0.0, 0.25, 0.5, 0.75)
CLASSIFIER_TEMPERATURES = (0.75, 1.0, 1.5, 2.0, 3.0)
BANDS = tuple(round(b, 2) for b in np.arange(0.05, 0.55, 0.05))


def is_held_out(text: str) -> bool:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % HELD_OUT_SHARE == 0


def training_sentences(folder: Path) -> pd.DataFrame:
    frames = [pd.read_csv(path, dtype=str, keep_default_na=False) for path in sorted(folder.glob("*.csv"))]
    table = pd.concat(frames, ignore_index=True)
    table = table[table["label"].isin(STANCES) & (table["text"].str.strip() != "")].drop_duplicates("text")
    return table.assign(held_out=table["text"].map(is_held_out)).reset_index(drop=True)


def training_articles(folder: Path) -> list[LabelledArticle]:
    return [article for path in sorted(folder.glob("*.csv")) for article in labelled_articles_from_csv(path)]


def is_validation_article(article: LabelledArticle) -> bool:
    """One training article in four is kept from the classifier, for the article-level choices."""
    return int(hashlib.sha1((article.title + article.text).encode("utf-8")).hexdigest(), 16) % 4 == 0



def macro_f1(truth: Sequence[int], predicted: Sequence[int]) -> float:
    return evaluation_of([STANCES[t] for t in truth], [STANCES[p] for p in predicted], STANCES).macro_f1


def log_likelihood(logits: np.ndarray, labels: np.ndarray) -> float:
    """Mean log-probability that softmax(logits) gives to the true labels."""
    p = softmax(logits)
    return float(np.mean(np.log(p[np.arange(len(labels)), labels] + 1e-9)))


def fitted_head(inputs: np.ndarray, labels: np.ndarray, regularisation: float):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=regularisation, max_iter=5000, class_weight="balanced")
    return model.fit(inputs, labels)


def article_choice(
    articles: list[LabelledArticle], scored: list[list[TopicSentenceStance]], wholes: list[float] | None, weigh_voices: bool,
) -> tuple[ArticleWeights, float, float]:
    """The article weights with the best macro-F1 on the validation articles (Spearman breaks
    ties), with those two figures; `scored` holds every sentence of each article, context included, and `wholes`
    the classifier's score of each article read whole (None for the embedding variants).
    Only the classifier variants weigh voices and the headline."""
    best: tuple[tuple[float, float], ArticleWeights] | None = None
    grid = itertools.product(
        QUOTED_WEIGHTS if weigh_voices else (1.0,), HEADLINE_WEIGHTS if weigh_voices else (1.0,), CONTEXT_WEIGHTS, BANDS,
        WHOLE_SHARES if wholes is not None else (0.0,),
    )
    for quoted, headline, context, band, share in grid:
        weights = ArticleWeights(quoted, headline, context, band, share)
        stances = []
        for number, sentences in enumerate(scored):
            weighted = [replace(s, weight=sentence_weight(s.sentence, s.reference_kind, s.voice, weights)) for s in sentences]
            whole = (share, wholes[number]) if wholes is not None else None
            stances.append(article_topic_stance([s for s in weighted if s.weight > 0], band, whole))
        evaluation = stance_evaluation(articles, stances)
        key = (round(evaluation.macro_f1, 6), round(evaluation.spearman, 6))
        if best is None or key > best[0]:
            best = (key, weights)
    assert best is not None
    return best[1], best[0][0], best[0][1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    arguments = parser.parse_args(argv)
    encoder = shipped_encoder()
    classifier = stance_classifier()
    sentences = training_sentences(TRAINING / "stance_sentences")
    cues = cues_from_file(CUES)
    topics: dict[str, Topic] = {t: topic_in_folder(TOPICS, t) for t in sorted(set(sentences["topic"]))}
    statements = {t: statement_embeddings(topic, encoder.embeddings) for t, topic in topics.items()}
    matchers: dict[str, CueMatcher] = {t: cue_matcher(cues, topic) for t, topic in topics.items()}
    texts = sentences["text"].tolist()
    embeddings = encoder.embeddings(texts)
    logits = classifier.logits([(topics[t].title, text) for t, text in zip(sentences["topic"], texts, strict=True)])
    similarities = np.zeros((len(sentences), 3), dtype=np.float32)
    cue_values = np.zeros((len(sentences), 3), dtype=np.float32)
    for t in topics:
        rows = np.flatnonzero(sentences["topic"].to_numpy() == t)
        similarities[rows] = statement_similarities(embeddings[rows], statements[t])
        cue_values[rows] = matchers[t].features(sentences["text"].iloc[rows].tolist())
    labels = sentences["label"].map(STANCES.index).to_numpy()
    held = sentences["held_out"].to_numpy()
    report: dict[str, Any] = {"sentences": {"all": len(sentences), "held_out": int(held.sum())}, "variants": {v: {} for v in VARIANTS}}

    # zero-shot: the temperature only calibrates; choose it by held-out log-likelihood.
    temperature = max(TEMPERATURES, key=lambda t: log_likelihood(similarities[held] / t, labels[held]))
    report["variants"][ZERO_SHOT].update(temperature=temperature, held_out_sentence_macro_f1=macro_f1(labels[held], similarities[held].argmax(axis=1)))

    inputs = head_inputs(embeddings, similarities)
    by_c = {c: macro_f1(labels[held], fitted_head(inputs[~held], labels[~held], c).predict(inputs[held])) for c in REGULARISATION}
    regularisation = max(by_c, key=lambda c: by_c[c])
    head = fitted_head(inputs[~held], labels[~held], regularisation)
    order = [list(head.classes_).index(i) for i in range(3)]
    report["variants"][SUPERVISED].update(regularisation=regularisation, held_out_macro_f1_by_C=by_c, held_out_sentence_macro_f1=by_c[regularisation])

    # The classifier's logits are over-confident on text unlike its training set; a
    # temperature chosen by held-out log-likelihood calibrates them.
    classifier_temperature = max(CLASSIFIER_TEMPERATURES, key=lambda t: log_likelihood(logits[held] / t, labels[held]))
    report["variants"][FINE_TUNED].update(
        held_out_sentence_macro_f1=macro_f1(labels[held], logits[held].argmax(axis=1)), classifier_temperature=classifier_temperature,
    )
    base = TopicStanceModel(
        COMBINED, temperature, head.coef_[order], head.intercept_[order], 0.0, ArticleWeights(1.0, 1.0, 1.0, 0.2), classifier_temperature,
    )
    by_cue = {
        w: macro_f1(labels[held], replace(base, cue_weight=w).classifier_probabilities(logits[held], cue_values[held]).argmax(axis=1))
        for w in CUE_WEIGHTS
    }
    report["variants"][COMBINED].update(held_out_macro_f1_by_cue_weight=by_cue)
    stored: dict[str, np.ndarray] = {
        "zero_shot_temperature": np.array(temperature), "supervised_weights": base.weights.astype(np.float32),
        "supervised_intercept": base.intercept.astype(np.float32), "classifier_temperature": np.array(classifier_temperature),
    }

    def engine_of(topic: Topic, model: TopicStanceModel):
        if model.reads_classifier:
            return topic_stance_engine(topic, cue_matcher(cues, topic), model, classify=classifier.logits)
        return topic_stance_engine(topic, cue_matcher(cues, topic), model, embed=encoder.embeddings)

    # The classifier read the other three in four articles as it was fine-tuned.
    articles = [a for a in training_articles(TRAINING / "stance_articles") if is_validation_article(a)]
    development = labelled_articles_from_csv(DEV_SET, "tscf") if DEV_SET.is_file() else []
    for variant in VARIANTS:
        # The cues' weight is chosen with the article weights, on the validation articles:
        # on single sentences more always looks better, on whole articles it does not.
        best: tuple[tuple[float, float], float, ArticleWeights] | None = None
        for cue_weight in CUE_WEIGHTS if variant == COMBINED else (0.0,):
            model = replace(base, variant=variant, cue_weight=cue_weight)
            engines = {t: engine_of(topic_in_folder(TOPICS, t), model) for t in sorted({a.topic for a in articles})}
            scored = [list(topic_stance_of_article(a, engines[a.topic]).sentences) for a in articles]
            wholes = None
            if model.reads_classifier:
                wholes = [whole_article_score(a.title, article_sentences(a.text)[0], engines[a.topic]) for a in articles]
            weights, articles_f1, spearman = article_choice(articles, scored, wholes, weigh_voices=model.reads_classifier)
            if best is None or (articles_f1, spearman) > best[0]:
                best = ((articles_f1, spearman), cue_weight, weights)
        assert best is not None
        (articles_f1, _), cue_weight, weights = best
        stored[f"{variant}_article"] = np.array([weights.quoted, weights.headline, weights.context, weights.band, weights.whole])
        entry = report["variants"][variant]
        entry.update(article_weights=asdict(weights), validation_articles_macro_f1=articles_f1)
        if variant == COMBINED:
            stored["combined_cue_weight"] = np.array(cue_weight)
            entry.update(cue_weight=cue_weight, held_out_sentence_macro_f1=by_cue[cue_weight])
        if development:
            engine = engine_of(topic_in_folder(TOPICS, "tscf"), replace(base, variant=variant, cue_weight=cue_weight, article=weights))
            entry["development_set"] = asdict(stance_evaluation(development, [topic_stance_of_article(a, engine) for a in development]))
    # The default is the variant best on the held-out sentences and the training articles
    # together; the development set is only reported.
    default = max(VARIANTS, key=lambda v: report["variants"][v]["held_out_sentence_macro_f1"] + report["variants"][v]["validation_articles_macro_f1"])
    stored["default_variant"] = np.array(default)
    report["default_variant"] = default
    report["validation_articles"] = len(articles)
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(arguments.out, **stored)  # type: ignore[arg-type]  # numpy's stub reads **arrays as its allow_pickle flag
    arguments.out.with_name("topic_stance_report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
