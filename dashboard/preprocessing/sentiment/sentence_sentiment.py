"""Sentence-level sentiment: TextBlob polarity and subjectivity, VADER compound.

Both work offline: TextBlob's sentiment uses its bundled pattern lexicon (unlike
`.sentences` or `.words`, which need NLTK data), and vaderSentiment ships its lexicon.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

# A score within this distance of 0 is neutral (the usual VADER and TextBlob convention).
NEUTRAL_BAND = 0.05


@dataclass(frozen=True)
class SentenceSentiment:
    polarity: float
    subjectivity: float
    vader_compound: float


@cache
def _vader() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


@cache
def _textblob() -> Callable[[str], tuple[float, float]]:
    """TextBlob's pattern analyser, imported on first use: the import brings NLTK, SciPy
    and scikit-learn (2 s), which the app, the CLI and a build without tone never need."""
    from textblob.en import sentiment

    return sentiment


def sentence_analysers_loaded() -> None:
    """Load both analysers now: before a build's worker processes fork, so that they share
    one import instead of each making its own."""
    _textblob()
    _vader()


# Both analysers are pure Python; reposts, syndicated copies and boilerplate repeat whole
# sentences, which are scored once while they are among this many recent ones.
SENTENCE_CACHE_SIZE = 2**16


@lru_cache(maxsize=SENTENCE_CACHE_SIZE)
def sentence_sentiment(text: str) -> SentenceSentiment:
    # TextBlob(text).sentiment calls this same analyser but builds a namedtuple class on
    # every call, which costs a seventh of the time.
    polarity, subjectivity = _textblob()(text)
    return SentenceSentiment(float(polarity), float(subjectivity), float(_vader().polarity_scores(text)["compound"]))


def label_of_score(score: float, band: float = NEUTRAL_BAND) -> str:
    """"negative", "neutral" or "positive" for a score in [-1, 1]; within ±band is neutral."""
    if score > band:
        return "positive"
    if score < -band:
        return "negative"
    return "neutral"
