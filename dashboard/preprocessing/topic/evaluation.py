"""Scoring the topic stance engine on labelled articles: 3-way macro-F1 against the label,
Spearman against a −2..+2 score, and how many articles get a stance at all.

Two kinds of labelled articles: the training set's short articles
(`data/training/stance_articles/*.csv`, label critical/neutral/supportive), which tune how
sentences combine, and the development set (`tests/data/stance/dev_set.csv`, score −2..+2
with a reason), which guards against regressions and is never fitted to.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.preprocessing.sentences import sentences_from_paragraphs
from dashboard.preprocessing.sentiment.evaluation import evaluation_of
from dashboard.preprocessing.topic.definition import CRITICAL, NEUTRAL, STANCES, SUPPORTIVE
from dashboard.preprocessing.topic.topic_stance import ArticleTopicStance, TopicStanceEngine, article_topic_stance_of

_SCORE_OF_LABEL = {CRITICAL: -1, NEUTRAL: 0, SUPPORTIVE: 1}


@dataclass(frozen=True)
class LabelledArticle:
    article_id: str
    topic: str
    genre: str
    title: str
    text: str
    label: str
    score: int  # −2..+2; −1/0/+1 where only a label is given


@dataclass(frozen=True)
class StanceEvaluation:
    macro_f1: float
    accuracy: float
    spearman: float
    coverage: float  # share of articles with a topic stance
    n: int


def label_of_score(score: float) -> str:
    return CRITICAL if score < 0 else SUPPORTIVE if score > 0 else NEUTRAL


def labelled_articles_from_csv(path: Path, topic: str = "") -> list[LabelledArticle]:
    """Rows with `title`, `text` and either `score` (−2..+2) or `label`."""
    articles = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=1):
            if row.get("score", "").strip():
                score = int(row["score"])
                label = label_of_score(score)
            else:
                label = row["label"].strip()
                score = _SCORE_OF_LABEL[label]
            articles.append(LabelledArticle(
                row.get("id") or f"{path.stem}#{number}", row.get("topic") or topic, row.get("genre", ""),
                row.get("title", ""), row["text"], label, score,
            ))
    return articles


def article_sentences(text: str) -> tuple[list[str], list[bool]]:
    """Sentences and quote flags, split as the build splits them."""
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    sentences = sentences_from_paragraphs(paragraphs)
    return [s.text for s in sentences], [s.is_quote for s in sentences]


def topic_stance_of_article(article: LabelledArticle, engine: TopicStanceEngine) -> ArticleTopicStance:
    sentences, quotes = article_sentences(article.text)
    return article_topic_stance_of(article.title, sentences, quotes, engine)


def stance_evaluation(articles: Sequence[LabelledArticle], stances: Sequence[ArticleTopicStance]) -> StanceEvaluation:
    """An article without a topic stance counts as neutral, score 0."""
    if not articles:
        raise ValueError("no labelled articles to evaluate")
    predicted = [stance.label or NEUTRAL for stance in stances]
    scores = [stance.score if stance.score is not None else 0.0 for stance in stances]
    evaluation = evaluation_of([a.label for a in articles], predicted, STANCES)
    spearman = pd.Series([a.score for a in articles], dtype=float).corr(pd.Series(scores, dtype=float), method="spearman")
    covered = sum(stance.score is not None for stance in stances)
    return StanceEvaluation(evaluation.macro_f1, evaluation.accuracy, float(spearman), covered / len(articles), len(articles))


def stance_set_report(path: Path, reference) -> str:
    """Markdown: each variant's macro-F1, accuracy, Spearman and coverage on the labelled
    articles of `path` (the accurate mode's blend and the linear variant of `--stance fast`
    last), then the accurate mode's score for each article that it labels wrong."""
    from dashboard.preprocessing.sentiment.modes import ACCURATE, FAST
    from dashboard.preprocessing.topic.cues import cue_matcher
    from dashboard.preprocessing.topic.stance_model import VARIANTS, shipped_topic_stance_model
    from dashboard.preprocessing.topic.topic_stance import StanceModel, shipped_topic_stance_engine, topic_stance_model_for

    articles = labelled_articles_from_csv(path, reference.topic.topic_id)
    cues = cue_matcher(reference.cues, reference.topic)
    default, fast = topic_stance_model_for(ACCURATE), topic_stance_model_for(FAST)
    lines = [
        f"Topic stance on {path.name} ({len(articles)} articles), topic {reference.topic.topic_id}:", "",
        "| variant | macro-F1 | accuracy | Spearman | with a stance |", "|---|---|---|---|---|",
    ]
    misses: list[str] = []
    models: list[StanceModel] = [*(shipped_topic_stance_model(variant) for variant in VARIANTS), fast, default]
    for model in models:
        engine = shipped_topic_stance_engine(reference.topic, cues, model)
        stances = [topic_stance_of_article(a, engine) for a in articles]
        result = stance_evaluation(articles, stances)
        marker = " (default)" if model is default else " (--stance fast)" if model is fast else ""
        lines.append(
            f"| {model.variant}{marker} | {100 * result.macro_f1:.1f} | {100 * result.accuracy:.1f} | {result.spearman:.2f} | {100 * result.coverage:.0f}% |"
        )
        if model is default:
            misses = [
                f"- {a.article_id} ({a.genre}): labelled {a.score:+d} {a.label}, scored "
                + (f"{s.score:+.2f} {s.label}" if s.score is not None else "no stance")
                for a, s in zip(articles, stances, strict=True) if (s.label or NEUTRAL) != a.label
            ]
    return "\n".join([*lines, "", f"Articles the default variant labels otherwise ({len(misses)}):", *misses]) + "\n"
