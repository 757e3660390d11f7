"""The map: one raw article to its processed parts, a pure function of the article and
the reference data.

Each part is one stage's output: the cleaned article (extraction, cleaning, metadata,
sentences), its actors (mentions, quotes, unknown names), its sentiment (sentence tone
and stance toward each actor), its stance toward the topic and its frames. A part the map cache
already holds is passed in and not recomputed, so that an edit to `data/actors.csv`
re-runs the actor and sentiment stages only.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass
from functools import cached_property

from dashboard.preprocessing.actors.article_actors import ArticleActors, article_actors
from dashboard.preprocessing.actors.matching import ActorMatcher
from dashboard.preprocessing.articles import CleanArticle, clean_article_from_raw
from dashboard.preprocessing.frames.sentence_frames import ArticleFrames, FrameEngine, article_frames_of, frame_engine_for
from dashboard.preprocessing.records import RawArticle, Rejection
from dashboard.preprocessing.reference import ReferenceData
from dashboard.preprocessing.sentiment.article_sentiment import ArticleSentiment, article_sentiment
from dashboard.preprocessing.sentiment.modes import DEFAULT_STANCE_MODE, FAST, TargetModel, target_model_for
from dashboard.preprocessing.topic.cues import cue_matcher
from dashboard.preprocessing.topic.topic_stance import ArticleTopicStance, TopicStanceEngine, article_topic_stance_of, topic_stance_engine_for

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProcessedArticle:
    """An article through every per-article stage, one field per stage."""

    cleaned: CleanArticle
    actors: ArticleActors
    sentiment: ArticleSentiment
    topic_stance: ArticleTopicStance
    frames: ArticleFrames


@dataclass(frozen=True)
class KnownParts:
    """The parts of an article already computed (by an earlier build); None: to compute."""

    cleaned: CleanArticle | Rejection | None = None
    actors: ArticleActors | None = None
    sentiment: ArticleSentiment | None = None
    topic_stance: ArticleTopicStance | None = None
    frames: ArticleFrames | None = None


NOTHING_KNOWN = KnownParts()


class Stages:
    """What the stages need, made on first use: a rebuild whose cache holds every stance
    part never loads a model. Each worker process makes its own."""

    def __init__(self, reference: ReferenceData, stance_mode: str = DEFAULT_STANCE_MODE, threads: int = 0, tone: bool | None = None) -> None:
        self.reference = reference
        self.stance_mode = stance_mode
        self.threads = threads  # bounds each model's threads (0: every core; 1 in each worker)
        self.tone = sentence_tone_for(stance_mode, tone)

    @property
    def registry(self):
        return self.reference.sources

    @cached_property
    def matcher(self) -> ActorMatcher:
        return ActorMatcher(self.reference.actors)

    @cached_property
    def model(self) -> TargetModel:
        return target_model_for(self.stance_mode, self.threads)

    @cached_property
    def topic(self) -> TopicStanceEngine:
        reference = self.reference
        return topic_stance_engine_for(self.stance_mode, reference.topic, cue_matcher(reference.cues, reference.topic), self.threads)

    @cached_property
    def frame_engine(self) -> FrameEngine:
        return frame_engine_for(self.reference.frames, frames_cue_only(self.stance_mode), self.threads)


def frames_cue_only(stance_mode: str) -> bool:
    """Frames come from cues alone in the fast mode, from cues and similarity otherwise."""
    return stance_mode == FAST


def sentence_tone_for(stance_mode: str, tone: bool | None) -> bool:
    """Whether sentences get TextBlob and VADER scores: as asked, else in every mode but fast."""
    return stance_mode != FAST if tone is None else tone


def stages_of(reference: ReferenceData, stance_mode: str = DEFAULT_STANCE_MODE, threads: int = 0, tone: bool | None = None) -> Stages:
    return Stages(reference, stance_mode, threads, tone)


def processed_article(raw: RawArticle, stages: Stages, known: KnownParts = NOTHING_KNOWN) -> ProcessedArticle | Rejection:
    """One article through every stage, reusing the parts in `known`."""
    cleaned = known.cleaned if known.cleaned is not None else clean_article_from_raw(raw, stages.registry)
    if isinstance(cleaned, Rejection):
        return cleaned
    texts = [sentence.text for sentence in cleaned.sentences]
    quotes = [sentence.is_quote for sentence in cleaned.sentences]
    actors = known.actors if known.actors is not None else article_actors(texts, quotes, stages.matcher)
    sentiment = known.sentiment if known.sentiment is not None else article_sentiment(texts, actors.mentions, stages.model, stages.tone)
    topic_stance = (
        known.topic_stance if known.topic_stance is not None
        else article_topic_stance_of(cleaned.title, texts, quotes, stages.topic)
    )
    frames = known.frames if known.frames is not None else article_frames_of(cleaned.title, texts, stages.frame_engine)
    return ProcessedArticle(cleaned, actors, sentiment, topic_stance, frames)


def processed_article_or_rejection(raw: RawArticle, stages: Stages, known: KnownParts = NOTHING_KNOWN) -> ProcessedArticle | Rejection:
    """Process one article; an unexpected error costs that article, never the build."""
    try:
        return processed_article(raw, stages, known)
    except Exception as error:  # any bug in one article must not lose the corpus
        logger.debug("could not process %s", raw.source_path, exc_info=True)
        return Rejection(
            raw.source_path, f"could not be processed ({type(error).__name__}); the details are in debug.log beside the tables",
            detail=traceback.format_exc(),
        )
