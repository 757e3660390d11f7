"""Stance: how an article treats each actor it mentions, and how each outlet does.

A sentence's score toward an actor is p(positive) - p(negative) from the target model,
averaged over the actor's mentions in that sentence; hedged criticism ("could
jeopardize", "critics argue", "does not generate optimism"), which a model trained on
explicit sentiment under-reads, pulls the score down by HEDGE_SHIFT. An article's score is
the mean over its sentences about the actor with PRIOR_NEUTRAL_SENTENCES neutral
pseudo-sentences added, so that one strong sentence among few does not make a whole
article critical or supportive; its evidence is the sentences that weigh most.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.preprocessing import patterns
from dashboard.preprocessing.actors.matching import Mention
from dashboard.preprocessing.sentiment.sentence_sentiment import label_of_score
from dashboard.preprocessing.sentiment.target_model import TargetSentimentModel

CRITICAL = "critical"
NEUTRAL = "neutral"
SUPPORTIVE = "supportive"
# A sentence scoring beyond this is negative or positive about the actor: the band that
# maximises macro-F1 of p_pos - p_neg on the NewsMTSC train holdout (0.2: 60.9; 0.1: 58.0).
SENTENCE_BAND = 0.2
# An article (or outlet) scoring beyond this is critical or supportive: the same scale.
STANCE_BAND = SENTENCE_BAND
PRIOR_NEUTRAL_SENTENCES = 2
HEDGE_SHIFT = 0.5
EVIDENCE_SENTENCES = 3
# Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom; beyond, the normal 1.96.
_T_975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
    2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)


@dataclass(frozen=True)
class SentenceStance:
    sentence: int
    actor_id: str
    score: float
    hedged: bool


@dataclass(frozen=True)
class ArticleStance:
    actor_id: str
    n_sentences: int
    n_negative: int
    n_neutral: int
    n_positive: int
    score: float
    label: str
    evidence: tuple[int, ...]


def stance_label(score: float) -> str:
    if score > STANCE_BAND:
        return SUPPORTIVE
    if score < -STANCE_BAND:
        return CRITICAL
    return NEUTRAL


def sentence_label(score: float) -> str:
    return label_of_score(score, SENTENCE_BAND)


def is_hedged_criticism(sentence: str) -> bool:
    return patterns.HEDGED_CRITICISM.search(sentence) is not None


def sentence_stances(sentences: Sequence[str], mentions: Sequence[Mention], model: TargetSentimentModel) -> list[SentenceStance]:
    """One score per (sentence, actor) pair of the article, in [-1, 1]."""
    scores: defaultdict[tuple[int, str], list[float]] = defaultdict(list)
    for mention in mentions:
        if mention.actor_id:
            probabilities = model.probabilities(sentences[mention.sentence], mention.start, mention.end)
            scores[mention.sentence, mention.actor_id].append(float(probabilities[2] - probabilities[0]))
    stances = []
    for (sentence, actor_id), values in scores.items():
        score = float(np.mean(values))
        hedged = is_hedged_criticism(sentences[sentence])
        if hedged:
            score = max(-1.0, score - HEDGE_SHIFT)
        stances.append(SentenceStance(sentence, actor_id, score, hedged))
    return stances


def article_stances(stances: Sequence[SentenceStance]) -> list[ArticleStance]:
    """One row per actor of the article, from its sentence scores."""
    by_actor: defaultdict[str, list[SentenceStance]] = defaultdict(list)
    for stance in stances:
        by_actor[stance.actor_id].append(stance)
    rows = []
    for actor_id, actor_stances in by_actor.items():
        labels = [sentence_label(s.score) for s in actor_stances]
        score = sum(s.score for s in actor_stances) / (len(actor_stances) + PRIOR_NEUTRAL_SENTENCES)
        weightiest = sorted(actor_stances, key=lambda s: (-abs(s.score), s.sentence))[:EVIDENCE_SENTENCES]
        rows.append(
            ArticleStance(
                actor_id, len(actor_stances), labels.count("negative"), labels.count("neutral"), labels.count("positive"),
                score, stance_label(score), tuple(s.sentence for s in weightiest),
            )
        )
    return sorted(rows, key=lambda row: row.actor_id)


def mean_and_interval(values: Sequence[float]) -> tuple[float, float, float]:
    """Mean and 95% t-interval, clipped to [-1, 1]; one value tells nothing of the spread,
    so its interval is the whole scale."""
    n = len(values)
    mean = float(np.mean(values))
    if n < 2:
        return mean, -1.0, 1.0
    half = (_T_975[n - 2] if n - 1 <= len(_T_975) else 1.96) * float(np.std(values, ddof=1)) / math.sqrt(n)
    return mean, max(-1.0, mean - half), min(1.0, mean + half)


def source_stance(articles: pd.DataFrame, sentence_scores: pd.DataFrame) -> pd.DataFrame:
    """One row per (outlet, actor): articles, sentences, mean sentence score and its interval.

    `sentence_scores` has article_id, actor_id and score per sentence; `articles` maps
    article_id to outlet.
    """
    joined = sentence_scores.merge(articles[["article_id", "outlet"]], on="article_id")
    rows = []
    for (outlet, actor_id), group in joined.groupby(["outlet", "actor_id"], sort=True):
        mean, low, high = mean_and_interval(group["score"].tolist())
        rows.append({
            "outlet": outlet, "actor_id": actor_id, "n_articles": group["article_id"].nunique(), "n_sentences": len(group),
            "mean_score": mean, "interval_low": low, "interval_high": high, "label": stance_label(mean),
        })
    return pd.DataFrame(rows, columns=["outlet", "actor_id", "n_articles", "n_sentences", "mean_score", "interval_low", "interval_high", "label"])
