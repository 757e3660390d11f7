"""The sentiment stage for one article: each sentence's sentiment, and stance toward each
actor it mentions, sentence by sentence and for the whole article."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.preprocessing.actors.matching import Mention
from dashboard.preprocessing.sentiment.sentence_sentiment import SentenceSentiment, sentence_sentiment
from dashboard.preprocessing.sentiment.stance import ArticleStance, SentenceStance, article_stances, sentence_stances
from dashboard.preprocessing.sentiment.modes import TargetModel


@dataclass(frozen=True)
class ArticleSentiment:
    sentences: tuple[SentenceSentiment, ...] = ()
    sentence_stances: tuple[SentenceStance, ...] = ()
    stances: tuple[ArticleStance, ...] = ()


def article_sentiment(sentences: Sequence[str], mentions: Sequence[Mention], model: TargetModel) -> ArticleSentiment:
    stances = sentence_stances(sentences, mentions, model)
    return ArticleSentiment(tuple(map(sentence_sentiment, sentences)), tuple(stances), tuple(article_stances(stances)))
