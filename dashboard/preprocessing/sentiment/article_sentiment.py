"""The sentiment stage for one article: each sentence's sentiment, and stance toward each
actor it mentions, sentence by sentence and for the whole article."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.preprocessing.actors.matching import Mention
from dashboard.preprocessing.sentiment.modes import TargetModel
from dashboard.preprocessing.sentiment.sentence_sentiment import SentenceSentiment, sentence_sentiment
from dashboard.preprocessing.sentiment.stance import ArticleStance, SentenceStance, article_stances, sentence_stances


@dataclass(frozen=True)
class ArticleSentiment:
    sentences: tuple[SentenceSentiment, ...] = ()  # empty when sentence tone was not asked for
    sentence_stances: tuple[SentenceStance, ...] = ()
    stances: tuple[ArticleStance, ...] = ()


def article_sentiment(sentences: Sequence[str], mentions: Sequence[Mention], model: TargetModel, tone: bool = True) -> ArticleSentiment:
    """Stance toward each actor mentioned and, with `tone`, every sentence's TextBlob and
    VADER scores (pure Python, the map's largest cost after the models: fast builds skip it)."""
    stances = sentence_stances(sentences, mentions, model)
    tones = tuple(map(sentence_sentiment, sentences)) if tone else ()
    return ArticleSentiment(tones, tuple(stances), tuple(article_stances(stances)))
