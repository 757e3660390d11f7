"""The rows one processed article adds to the tables, one function per stage: each stage
owns the rows it emits. The reduce gives the ids (`corpus_reduce.py`); rows are plain
dicts keyed by `dashboard.schema`'s column names."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from dashboard.preprocessing.actors.article_actors import ArticleActors
from dashboard.preprocessing.articles import CleanArticle
from dashboard.preprocessing.build.article_map import ProcessedArticle
from dashboard.preprocessing.frames.sentence_frames import ArticleFrames, article_frame_counts
from dashboard.preprocessing.sentiment.article_sentiment import ArticleSentiment
from dashboard.preprocessing.sentiment.stance import sentence_label
from dashboard.preprocessing.topic.topic_stance import HEADLINE, ArticleTopicStance

Row = tuple[str, dict[str, object]]  # (table, row)

# Article columns that come straight from the cleaned article.
CLEANED_ARTICLE_FIELDS = (
    "source_path", "outlet", "republisher", "outlet_country", "outlet_kind", "title", "published", "date_source",
    "url", "author", "genre", "word_count", "citations", "text",
)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def sentence_ids_of(article_id: str, n_sentences: int) -> list[str]:
    return [f"{article_id}:{position}" for position in range(n_sentences)]


def cleaned_rows(article_id: str, sentence_ids: Sequence[str], cleaned: CleanArticle, sentiment: ArticleSentiment) -> Iterator[Row]:
    """The article's own columns and its sentences, with each sentence's tone."""
    tones = sentiment.sentences
    yield "articles", {
        "article_id": article_id, "n_sentences": len(cleaned.sentences), "syndicated_of": "",
        "polarity": _mean([tone.polarity for tone in tones]), "subjectivity": _mean([tone.subjectivity for tone in tones]),
        "vader_compound": _mean([tone.vader_compound for tone in tones]),
        **{name: getattr(cleaned, name) for name in CLEANED_ARTICLE_FIELDS},
    }
    for position, sentence in enumerate(cleaned.sentences):
        tone = tones[position] if tones else None
        yield "sentences", {
            "article_id": article_id, "sentence_id": sentence_ids[position], "position": position,
            "paragraph": sentence.paragraph, "text": sentence.text, "is_quote": sentence.is_quote,
            "polarity": tone.polarity if tone else None, "subjectivity": tone.subjectivity if tone else None,
            "vader_compound": tone.vader_compound if tone else None,
        }


def actor_rows(article_id: str, sentence_ids: Sequence[str], actors: ArticleActors) -> Iterator[Row]:
    for mention in actors.mentions:
        yield "mentions", {
            "article_id": article_id, "sentence_id": sentence_ids[mention.sentence], "actor_id": mention.actor_id,
            "surface": mention.surface, "start": mention.start, "end": mention.end, "mention_kind": mention.kind,
        }
    for quote in actors.quotes:
        yield "quotes", {
            "article_id": article_id, "sentence_id": sentence_ids[quote.sentence],
            "speaker_actor_id": quote.speaker_actor_id, "speaker_text": quote.speaker_text, "quote": quote.quote,
        }


def actor_stance_rows(article_id: str, sentence_ids: Sequence[str], sentiment: ArticleSentiment) -> Iterator[Row]:
    for in_sentence in sentiment.sentence_stances:
        yield "sentence_stance", {
            "article_id": article_id, "sentence_id": sentence_ids[in_sentence.sentence], "actor_id": in_sentence.actor_id,
            "score": in_sentence.score, "label": sentence_label(in_sentence.score), "hedged": in_sentence.hedged,
        }
    for in_article in sentiment.stances:
        yield "stance", {
            "article_id": article_id, "actor_id": in_article.actor_id, "n_sentences": in_article.n_sentences,
            "n_negative": in_article.n_negative, "n_neutral": in_article.n_neutral, "n_positive": in_article.n_positive,
            "score": in_article.score, "label": in_article.label, "evidence": "|".join(sentence_ids[i] for i in in_article.evidence),
        }


def topic_stance_rows(article_id: str, sentence_ids: Sequence[str], topic: ArticleTopicStance, topic_id: str) -> Iterator[Row]:
    """The scored headline and sentences; the article's own topic columns are `topic_columns`."""
    for stance in topic.sentences:
        critical, neutral, supportive = stance.probabilities
        yield "topic_stance", {
            "article_id": article_id, "sentence_id": _sentence_id_at(article_id, sentence_ids, stance.sentence), "topic": topic_id,
            "reference_kind": stance.reference_kind, "voice": stance.voice, "weight": stance.weight, "p_critical": critical,
            "p_neutral": neutral, "p_supportive": supportive, "score": stance.score, "label": stance.label, "text": stance.text,
        }


def topic_columns(article_id: str, sentence_ids: Sequence[str], topic: ArticleTopicStance) -> dict[str, object]:
    """The topic stance columns of the article's row."""
    return {
        "topic_score": topic.score, "topic_whole_score": topic.whole_score, "topic_label": topic.label,
        "topic_confidence": topic.confidence, "topic_sentences": topic.n_topic_sentences,
        "topic_evidence": "|".join(_sentence_id_at(article_id, sentence_ids, position) for position in topic.evidence),
    }


def _sentence_id_at(article_id: str, sentence_ids: Sequence[str], position: int) -> str:
    return f"{article_id}:title" if position == HEADLINE else sentence_ids[position]


def frame_rows(article_id: str, sentence_ids: Sequence[str], frames: ArticleFrames) -> Iterator[Row]:
    """Each headline and sentence's frames, then each frame's share of the article's sentences."""
    for frame in frames.sentences:
        yield "sentence_frames", {
            "article_id": article_id, "sentence_id": _sentence_id_at(article_id, sentence_ids, frame.sentence), "frame": frame.frame,
            "score": frame.score, "method": frame.method, "cue": frame.cue,
        }
    for frame_id, count in article_frame_counts(frames).items():
        yield "article_frames", {"article_id": article_id, "frame": frame_id, "sentences": count, "share": count / len(sentence_ids)}


def rows_of_article(article_id: str, processed: ProcessedArticle, topic_id: str) -> Iterator[Row]:
    """Every row the article adds, stage by stage."""
    sentence_ids = sentence_ids_of(article_id, len(processed.cleaned.sentences))
    for table, row in cleaned_rows(article_id, sentence_ids, processed.cleaned, processed.sentiment):
        if table == "articles":
            row.update(topic_columns(article_id, sentence_ids, processed.topic_stance))
        yield table, row
    yield from actor_rows(article_id, sentence_ids, processed.actors)
    yield from actor_stance_rows(article_id, sentence_ids, processed.sentiment)
    yield from topic_stance_rows(article_id, sentence_ids, processed.topic_stance, topic_id)
    yield from frame_rows(article_id, sentence_ids, processed.frames)
