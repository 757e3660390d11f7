"""Stance toward actors: how an article treats each actor it mentions.

A sentence's score toward an actor is p(positive) - p(negative) from the target model,
averaged over the actor's mentions in that sentence; hedged criticism ("could
jeopardize", "critics argue", "does not generate optimism"), which a model trained on
explicit sentiment under-reads, pulls the score down by HEDGE_SHIFT. An article's score is
the mean over its sentences about the actor with PRIOR_NEUTRAL_SENTENCES neutral
pseudo-sentences added, so that one strong sentence among few does not make a whole
article critical or supportive; its evidence is the sentences that weigh most.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from dashboard.preprocessing import patterns
from dashboard.preprocessing.actors.matching import Mention
from dashboard.preprocessing.records import record
from dashboard.preprocessing.sentiment.bands import SENTENCE_BAND, STANCE_BAND
from dashboard.preprocessing.sentiment.modes import TargetModel
from dashboard.preprocessing.sentiment.sentence_sentiment import label_of_score

CRITICAL = "critical"
NEUTRAL = "neutral"
SUPPORTIVE = "supportive"
PRIOR_NEUTRAL_SENTENCES = 2
HEDGE_SHIFT = 0.5
EVIDENCE_SENTENCES = 3


@record
class SentenceStance:
    sentence: int
    actor_id: str
    score: float
    hedged: bool


@record
class ArticleStance:
    actor_id: str
    n_sentences: int
    n_negative: int
    n_neutral: int
    n_positive: int
    score: float
    label: str
    evidence: tuple[int, ...]


def stance_label(score: float, band: float = STANCE_BAND) -> str:
    if score > band:
        return SUPPORTIVE
    if score < -band:
        return CRITICAL
    return NEUTRAL


def sentence_label(score: float) -> str:
    return label_of_score(score, SENTENCE_BAND)


def is_hedged_criticism(sentence: str) -> bool:
    if sentence.isascii():
        return patterns.LOWER_ASCII_HEDGED_CRITICISM.search(sentence.lower()) is not None
    return patterns.HEDGED_CRITICISM.search(sentence) is not None


def sentence_stances(sentences: Sequence[str], mentions: Sequence[Mention], model: TargetModel) -> list[SentenceStance]:
    """One score per (sentence, actor) pair of the article, in [-1, 1]."""
    resolved = [mention for mention in mentions if mention.actor_id]
    probabilities = model.probabilities_of_targets([(sentences[m.sentence], m.start, m.end) for m in resolved])
    scores: defaultdict[tuple[int, str], list[float]] = defaultdict(list)
    for mention, row in zip(resolved, probabilities, strict=True):
        scores[mention.sentence, mention.actor_id].append(float(row[2] - row[0]))
    stances = []
    # Once per sentence, not per actor it names.
    hedged_sentences = {sentence: is_hedged_criticism(sentences[sentence]) for sentence in {sentence for sentence, _ in scores}}
    for (sentence, actor_id), values in scores.items():
        # Most actors are named once a sentence: numpy's mean of one value is that value.
        score = values[0] if len(values) == 1 else float(np.mean(values))
        hedged = hedged_sentences[sentence]
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
