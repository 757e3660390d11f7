"""The stance one article takes toward the topic, from its headline and the sentences
about the topic.

Each such sentence gets probabilities of critical, neutral and supportive
(`blended_stance.py` by default; `linear_stance.py` for `--stance fast`; the other
variants of `stance_model.py`, compared in `evaluate`) and a score p(supportive) -
p(critical). The article's score is the weighted mean of those scores: the outlet's own
sentences weigh 1, quoted or attributed ones `ArticleWeights.quoted` (a critic quoted in a
wire story is the critic's stance, not the wire's), the headline `ArticleWeights.headline`,
and the article's other sentences `ArticleWeights.context`: a critic's case is made in
sentences that do not all name the topic. An article none of whose sentences is about the
topic has no stance. There is no pull toward neutral: an article whose every sentence is
critical is critical, however short.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from dashboard.preprocessing import patterns
from dashboard.preprocessing.records import record
from dashboard.preprocessing.sentiment.modes import ACCURATE, FAST, STANCE_MODES
from dashboard.preprocessing.sentiment.stance import stance_label
from dashboard.preprocessing.topic.blended_stance import BlendedStanceModel, shipped_blended_stance_model
from dashboard.preprocessing.topic.cues import CueMatcher
from dashboard.preprocessing.topic.definition import NEUTRAL, STANCES, SUPPORTIVE, Topic
from dashboard.preprocessing.topic.linear_stance import LinearStanceModel, shipped_linear_stance_model
from dashboard.preprocessing.topic.stance_model import (
    ArticleWeights,
    TopicStanceModel,
    statement_embeddings,
    statement_similarities,
)
from dashboard.preprocessing.topic.topic_sentences import GENERIC_KINDS, TopicMatcher, topic_matcher

HEADLINE = -1
# An article that refers to the topic only generically ("the pact") is about it when it
# names this many of the topic's members.
MEMBERS_FOR_GENERIC = 2
# A window of the article read whole holds about this many words: MiniLM reads 256 word pieces.
WINDOW_WORDS = 160
# The reference kind of a sentence of a topical article that does not refer to the topic itself.
CONTEXT = "context"
OWN = "own"
QUOTED = "quoted"
EVIDENCE_SENTENCES = 3


@record
class TopicSentenceStance:
    sentence: int  # position in the article; HEADLINE for the headline
    text: str
    reference_kind: str
    voice: str
    probabilities: tuple[float, float, float]  # critical, neutral, supportive
    weight: float

    @property
    def score(self) -> float:
        return self.probabilities[2] - self.probabilities[0]

    @property
    def label(self) -> str:
        # The first of the highest, as numpy's argmax takes it, without numpy on three floats.
        return STANCES[max(range(len(STANCES)), key=self.probabilities.__getitem__)]


@dataclass(frozen=True)
class ArticleTopicStance:
    score: float | None
    label: str  # empty when no sentence is about the topic
    confidence: float | None
    evidence: tuple[int, ...]
    sentences: tuple[TopicSentenceStance, ...]
    whole_score: float | None = None  # the classifier's reading of the whole article, when it counts

    @property
    def n_topic_sentences(self) -> int:
        """The sentences (and headline) that refer to the topic themselves."""
        return sum(s.reference_kind != CONTEXT for s in self.sentences)


NO_TOPIC_STANCE = ArticleTopicStance(None, "", None, (), ())


# A variant's sentence model and article weights: the encoder variants', the linear one, or their blend.
StanceModel = TopicStanceModel | LinearStanceModel | BlendedStanceModel


@dataclass(frozen=True)
class TopicStanceEngine:
    """Everything scoring needs, built once per process: the classifier for the variants
    that read it, the sentence encoder and the statements' embeddings for the embedding
    variants; the linear variant needs neither."""

    topic: Topic
    matcher: TopicMatcher
    cues: CueMatcher
    model: StanceModel
    classify: Callable[[Sequence[tuple[str, str]]], np.ndarray] | None = None
    embed: Callable[[Sequence[str]], np.ndarray] | None = None
    statements: dict[str, np.ndarray] | None = None


def topic_stance_engine(
    topic: Topic, cues: CueMatcher, model: StanceModel, *,
    classify: Callable[[Sequence[tuple[str, str]]], np.ndarray] | None = None,
    embed: Callable[[Sequence[str]], np.ndarray] | None = None,
) -> TopicStanceEngine:
    """The engine for `model`'s variant: `classify` (pairs -> logits) for the classifier
    variants, `embed` (texts -> unit embeddings) for the embedding ones."""
    if isinstance(model, LinearStanceModel):
        return TopicStanceEngine(topic, topic_matcher(topic), cues, model)
    if model.reads_classifier and classify is None:
        raise ValueError(f"the {model.variant} variant needs the stance classifier")
    if not model.reads_classifier and embed is None:
        raise ValueError(f"the {model.variant} variant needs the sentence encoder")
    statements = statement_embeddings(topic, embed) if embed is not None and not model.reads_classifier else None
    return TopicStanceEngine(topic, topic_matcher(topic), cues, model, classify, embed, statements)


def shipped_topic_stance_engine(topic: Topic, cues: CueMatcher, model: StanceModel, threads: int = 0) -> TopicStanceEngine:
    """The engine from the shipped model files; `threads` bounds onnxruntime's threads."""
    if isinstance(model, LinearStanceModel):
        return topic_stance_engine(topic, cues, model)
    if model.reads_classifier:
        from dashboard.preprocessing.topic.stance_classifier import stance_classifier

        return topic_stance_engine(topic, cues, model, classify=stance_classifier(threads).logits)
    from dashboard.preprocessing.encoder.sentence_encoder import sentence_encoder

    return topic_stance_engine(topic, cues, model, embed=sentence_encoder(threads).embeddings)


def topic_stance_model_for(stance_mode: str) -> StanceModel:
    """The shipped model of `stance_mode` (its `variant` and `article` weights): the linear
    variant for `fast`, the blend of it with the fine-tuned classifier for `accurate`, the
    best of the variants on the training set's held-out sentences (`fit_blended_stance.py`)."""
    if stance_mode == FAST:
        return shipped_linear_stance_model()
    if stance_mode == ACCURATE:
        blend = shipped_blended_stance_model()
        # A fit that gave one model the whole share leaves nothing to blend: run that model alone.
        if blend.classifier_share == 0:
            return replace(blend.linear, article=blend.article)
        if blend.classifier_share == 1:
            return replace(blend.classifier, article=blend.article)
        return blend
    raise ValueError(f"unknown stance mode {stance_mode!r}; use one of {', '.join(STANCE_MODES)}")


def topic_stance_engine_for(stance_mode: str, topic: Topic, cues: CueMatcher, threads: int = 0) -> TopicStanceEngine:
    """The engine of `stance_mode`; `threads` bounds onnxruntime's threads (accurate only)."""
    return shipped_topic_stance_engine(topic, cues, topic_stance_model_for(stance_mode), threads)


def voice_of(text: str, is_quote: bool) -> str:
    """Whose words: the outlet's own, or someone it quotes or reports."""
    return QUOTED if is_quote or _attributes(text) else OWN


def _attributes(text: str) -> bool:
    if text.isascii():
        return patterns.LOWER_ASCII_ATTRIBUTION.search(text.lower()) is not None
    return patterns.ATTRIBUTION.search(text) is not None


def sentence_probabilities(texts: Sequence[str], engine: TopicStanceEngine) -> np.ndarray:
    """(n, 3) probabilities of critical, neutral, supportive for each text."""
    model = engine.model
    if isinstance(model, LinearStanceModel):
        return model.probabilities(texts, engine.cues)
    if model.reads_classifier:
        assert engine.classify is not None, "topic_stance_engine gives the classifier variants a classifier"
        logits = engine.classify([(engine.topic.title, text) for text in texts])
        if isinstance(model, BlendedStanceModel):
            return model.probabilities(texts, logits, engine.cues)
        return model.classifier_probabilities(logits, engine.cues.features(list(texts)))
    assert isinstance(model, TopicStanceModel) and engine.embed is not None and engine.statements is not None, (
        "and the embedding variants an encoder"
    )
    embeddings = engine.embed(list(texts))
    return model.embedding_probabilities(embeddings, statement_similarities(embeddings, engine.statements))


def sentence_weight(position: int, reference_kind: str, voice: str, weights: ArticleWeights) -> float:
    """A sentence's weight in its article's score."""
    weight = weights.headline if position == HEADLINE else weights.quoted if voice == QUOTED else 1.0
    return weight * (weights.context if reference_kind == CONTEXT else 1.0)


def topic_sentence_stances(title: str, sentences: Sequence[str], is_quote: Sequence[bool], engine: TopicStanceEngine) -> list[TopicSentenceStance]:
    """The headline and every sentence about the topic, scored, and, when the context
    counts, the article's other sentences; nothing when nothing is about the topic."""
    weights = engine.model.article
    title_kind = engine.matcher.headline_kind(title) if title else None
    kinds = engine.matcher.reference_kinds(sentences)
    specific = any(kind is not None and kind not in GENERIC_KINDS for kind in (title_kind, *kinds))
    if not specific and (not any((title_kind, *kinds)) or engine.matcher.members_named([title, *sentences]) < MEMBERS_FOR_GENERIC):
        return []
    candidates = [(HEADLINE, title, title_kind or CONTEXT, OWN)] if title else []
    candidates += [
        (position, text, kind or CONTEXT, voice_of(text, is_quote[position]))
        for position, (text, kind) in enumerate(zip(sentences, kinds, strict=True))
    ]
    chosen = [(*row, w) for row in candidates if (w := sentence_weight(row[0], row[2], row[3], weights)) > 0]
    probabilities = sentence_probabilities([text for _, text, *_ in chosen], engine)
    return [
        TopicSentenceStance(position, text, kind, voice, (float(row[0]), float(row[1]), float(row[2])), weight)
        for (position, text, kind, voice, weight), row in zip(chosen, probabilities, strict=True)
    ]


def article_window_parts(title: str, sentences: Sequence[str], max_words: int = WINDOW_WORDS) -> list[tuple[str, ...]]:
    """The article as windows of whole sentences, each opened by the headline: each
    window's headline and sentences, which `article_windows` joins."""
    windows: list[list[str]] = [[]]
    words = 0
    for sentence in sentences:
        count = len(sentence.split())
        if windows[-1] and words + count > max_words:
            windows.append([])
            words = 0
        windows[-1].append(sentence)
        words += count
    return [(title, *window) for window in windows if window or title]


def article_windows(title: str, sentences: Sequence[str], max_words: int = WINDOW_WORDS) -> list[str]:
    """The article as windows of whole sentences, each opened by the headline, for the
    classifier to read the article whole."""
    return [" ".join(parts).strip() for parts in article_window_parts(title, sentences, max_words)]


def whole_article_score(title: str, sentences: Sequence[str], engine: TopicStanceEngine) -> float:
    """p(supportive) - p(critical) of the classifier reading the article's windows, averaged."""
    if isinstance(engine.model, LinearStanceModel):
        probabilities = engine.model.probabilities_of_joined(article_window_parts(title, sentences), engine.cues)
    else:
        probabilities = sentence_probabilities(article_windows(title, sentences), engine)
    return float((probabilities[:, 2] - probabilities[:, 0]).mean())


def article_topic_stance(stances: Sequence[TopicSentenceStance], band: float, whole: tuple[float, float] | None = None) -> ArticleTopicStance:
    """The article's score, label, confidence and evidence from its scored sentences.

    `whole`, when given, is (share, score of the article read whole): the article's score
    is that share of it plus the rest of the sentences' weighted mean. Confidence is the
    weighted mean probability the sentences give to the article's label; the evidence is
    the sentences that pull hardest toward it (for a neutral article, the most neutral ones).
    """
    if not stances:
        return NO_TOPIC_STANCE
    weights = np.array([s.weight for s in stances])
    scores = np.array([s.score for s in stances])
    score = float(weights @ scores / weights.sum())
    if whole is not None:
        share, whole_score = whole
        score = (1 - share) * score + share * whole_score
    label = stance_label(score, band)
    column = STANCES.index(label)
    probabilities = np.array([s.probabilities[column] for s in stances])
    confidence = float(weights @ probabilities / weights.sum())
    if label == NEUTRAL:
        pull = weights * probabilities
    else:
        pull = weights * scores * (1 if label == SUPPORTIVE else -1)
    order = sorted(range(len(stances)), key=lambda i: (-pull[i], stances[i].sentence))
    # Only sentences that pull toward the label are its evidence (the strongest one at least).
    order = [i for i in order if pull[i] > 0][:EVIDENCE_SENTENCES] or order[:1]
    evidence = tuple(stances[i].sentence for i in order)
    return ArticleTopicStance(score, label, confidence, evidence, tuple(stances), whole[1] if whole is not None else None)


def article_topic_stance_of(title: str, sentences: Sequence[str], is_quote: Sequence[bool], engine: TopicStanceEngine) -> ArticleTopicStance:
    stances = topic_sentence_stances(title, sentences, is_quote, engine)
    weights = engine.model.article
    whole = None
    if stances and weights.whole > 0 and engine.model.reads_whole_article:
        whole = (weights.whole, whole_article_score(title, sentences, engine))
    return article_topic_stance(stances, weights.band, whole)
