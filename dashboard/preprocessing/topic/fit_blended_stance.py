"""Fit the blended topic stance variant (`blended_stance.py`) and write `model/topic_stance_blended.json`.

    python -m dashboard.preprocessing.topic.fit_blended_stance

Runs after `fit_topic_stance.py` and `fit_linear_stance.py`, whose models it blends, with
their splits: the classifier's share is chosen on the held-out sentences of the stance
training set, the article weights (quoted voices, headline, other sentences, the article
read whole, the neutral band) on its validation articles. The report sets the blend beside
every other variant on the same held-out sentences. The development set in
`tests/data/stance/` is scored last, for the report only.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, replace

import numpy as np

from dashboard.preprocessing.topic.blended_stance import BLENDED_MODEL_PATH, blended_model_json, blended_model_with
from dashboard.preprocessing.topic.cues import cue_matcher, cues_from_file
from dashboard.preprocessing.topic.definition import STANCES, topic_in_folder
from dashboard.preprocessing.topic.evaluation import (
    article_sentences,
    labelled_articles_from_csv,
    stance_evaluation,
    topic_stance_of_article,
)
from dashboard.preprocessing.topic.fit_linear_stance import SCORE_EVERY_SENTENCE
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
from dashboard.preprocessing.topic.linear_stance import LINEAR_MODEL_PATH
from dashboard.preprocessing.topic.stance_classifier import stance_classifier
from dashboard.preprocessing.topic.stance_model import MODEL_PATH
from dashboard.preprocessing.topic.topic_stance import sentence_probabilities, topic_stance_engine, whole_article_score

# Simplest first: a larger share is chosen only when it is strictly better.
CLASSIFIER_SHARES = (0.0, 0.25, 0.5, 0.75, 1.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=BLENDED_MODEL_PATH)
    arguments = parser.parse_args(argv)
    classify = stance_classifier().logits
    cues = cues_from_file(CUES)
    sentences = training_sentences(TRAINING / "stance_sentences")
    articles = training_articles(TRAINING / "stance_articles")
    topics = {t: topic_in_folder(TOPICS, t) for t in sorted(set(sentences["topic"]) | {a.topic for a in articles})}
    matchers = {t: cue_matcher(cues, topic) for t, topic in topics.items()}

    held = sentences[sentences["held_out"]].reset_index(drop=True)
    labels = held["label"].map(STANCES.index).to_numpy()
    # Each of the two models on its own, once: every share is a mix of these.
    parts = blended_model_with(0.0, SCORE_EVERY_SENTENCE)
    linear = np.zeros((len(held), 3))
    classifier = np.zeros((len(held), 3))
    for t in sorted(set(held["topic"])):
        rows = np.flatnonzero(held["topic"].to_numpy() == t)
        texts = held["text"].iloc[rows].tolist()
        linear[rows] = sentence_probabilities(texts, topic_stance_engine(topics[t], matchers[t], parts.linear))
        classifier[rows] = sentence_probabilities(texts, topic_stance_engine(topics[t], matchers[t], parts.classifier, classify=classify))
    by_share = {share: round(macro_f1(labels, ((1 - share) * linear + share * classifier).argmax(axis=1)), 6) for share in CLASSIFIER_SHARES}
    share = CLASSIFIER_SHARES[0]
    for candidate in CLASSIFIER_SHARES[1:]:
        if by_share[candidate] > by_share[share]:
            share = candidate
    print("held-out sentence macro-F1 by classifier share:", by_share, "chosen:", share, flush=True)

    model = blended_model_with(share, SCORE_EVERY_SENTENCE)
    validation = [a for a in articles if is_validation_article(a)]
    engines = {t: topic_stance_engine(topics[t], matchers[t], model, classify=classify) for t in sorted({a.topic for a in validation})}
    scored = [list(topic_stance_of_article(a, engines[a.topic]).sentences) for a in validation]
    wholes = [whole_article_score(a.title, article_sentences(a.text)[0], engines[a.topic]) for a in validation]
    weights, articles_f1, articles_spearman = article_choice(validation, scored, wholes, weigh_voices=True)
    model = replace(model, article=weights)

    others = json.loads(MODEL_PATH.with_name("topic_stance_report.json").read_text(encoding="utf-8"))["variants"]
    linear_report = json.loads(LINEAR_MODEL_PATH.with_name("topic_stance_linear_report.json").read_text(encoding="utf-8"))
    report: dict[str, object] = {
        "held_out_sentences": len(held), "validation_articles": len(validation),
        "held_out_macro_f1_by_classifier_share": {f"{s:g}": f1 for s, f1 in by_share.items()},
        "classifier_share": share, "held_out_sentence_macro_f1": by_share[share],
        "article_weights": asdict(weights),
        "validation_articles_macro_f1": articles_f1, "validation_articles_spearman": articles_spearman,
        "held_out_sentence_macro_f1_of_every_variant": {
            **{variant: round(values["held_out_sentence_macro_f1"], 6) for variant, values in others.items()},
            "linear": linear_report["held_out_sentence_macro_f1"], "blended": by_share[share],
        },
    }
    if DEV_SET.is_file():
        development = labelled_articles_from_csv(DEV_SET, "tscf")
        tscf = topic_in_folder(TOPICS, "tscf")
        engine = topic_stance_engine(tscf, cue_matcher(cues, tscf), model, classify=classify)
        report["development_set"] = asdict(stance_evaluation(development, [topic_stance_of_article(a, engine) for a in development]))
    with open(arguments.out, "w", encoding="utf-8") as handle:
        handle.write(blended_model_json(model, report))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
