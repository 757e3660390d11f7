"""The rows one processed article adds to the tables, one function per stage: each stage
owns the rows it emits. The reduce gives the ids (`corpus_reduce.py`). Rows come column by
column (`dashboard.schema`'s names, each a list with one value per row), joined a list
at a time into Arrow tables (`BatchRows`).

A worker makes the rows of its batch, under the id each article will most likely get, so
that the build's process neither decodes the articles nor makes their rows: it takes
each article's slice of the batch's tables, except when the reduce gives the article
another id, and then it makes that article's rows itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from dashboard import schema
from dashboard.preprocessing.actors.article_actors import ArticleActors
from dashboard.preprocessing.articles import CleanArticle
from dashboard.preprocessing.build.article_map import ProcessedArticle
from dashboard.preprocessing.frames.sentence_frames import ArticleFrames, article_frame_counts
from dashboard.preprocessing.sentiment.article_sentiment import ArticleSentiment
from dashboard.preprocessing.sentiment.stance import sentence_label
from dashboard.preprocessing.tables import arrow_rows_of
from dashboard.preprocessing.topic.topic_stance import HEADLINE, ArticleTopicStance

# The tables an article adds rows to.
ARTICLE_TABLES = (
    schema.ARTICLES, schema.SENTENCES, schema.MENTIONS, schema.QUOTES, schema.TOPIC_STANCE, schema.SENTENCE_STANCE, schema.STANCE,
    schema.SENTENCE_FRAMES, schema.ARTICLE_FRAMES,
)

# One table's rows of one article: column name -> its values, one per row.
Columns = dict[str, list[object]]

# Article columns that come straight from the cleaned article.
CLEANED_ARTICLE_FIELDS = (
    "source_path", "outlet", "republisher", "outlet_country", "outlet_kind", "title", "published", "date_source",
    "url", "author", "genre", "word_count", "citations", "text",
)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def sentence_ids_of(article_id: str, n_sentences: int) -> list[str]:
    return [f"{article_id}:{position}" for position in range(n_sentences)]


def _sentence_id_at(article_id: str, sentence_ids: Sequence[str], position: int) -> str:
    return f"{article_id}:title" if position == HEADLINE else sentence_ids[position]


def article_columns(
    article_id: str, sentence_ids: Sequence[str], cleaned: CleanArticle, sentiment: ArticleSentiment, topic: ArticleTopicStance,
) -> Columns:
    """The article's own row: the cleaned article's columns, its mean tone and its stance on the topic."""
    tones = sentiment.sentences
    row: dict[str, object] = {
        "article_id": article_id, "n_sentences": len(cleaned.sentences), "syndicated_of": "",
        "polarity": _mean([tone.polarity for tone in tones]), "subjectivity": _mean([tone.subjectivity for tone in tones]),
        "vader_compound": _mean([tone.vader_compound for tone in tones]),
        **{name: getattr(cleaned, name) for name in CLEANED_ARTICLE_FIELDS},
        "topic_score": topic.score, "topic_whole_score": topic.whole_score, "topic_label": topic.label,
        "topic_confidence": topic.confidence, "topic_sentences": topic.n_topic_sentences,
        "topic_evidence": "|".join(_sentence_id_at(article_id, sentence_ids, position) for position in topic.evidence),
    }
    return {column: [value] for column, value in row.items()}


def sentence_columns(article_id: str, sentence_ids: Sequence[str], cleaned: CleanArticle, sentiment: ArticleSentiment) -> Columns:
    """Each sentence, with its tone when sentences get one."""
    sentences, tones = cleaned.sentences, sentiment.sentences
    n = len(sentences)
    return {
        "article_id": [article_id] * n, "sentence_id": list(sentence_ids), "position": list(range(n)),
        "paragraph": [sentence.paragraph for sentence in sentences], "text": [sentence.text for sentence in sentences],
        "is_quote": [sentence.is_quote for sentence in sentences],
        "polarity": [tone.polarity for tone in tones] if tones else [None] * n,
        "subjectivity": [tone.subjectivity for tone in tones] if tones else [None] * n,
        "vader_compound": [tone.vader_compound for tone in tones] if tones else [None] * n,
    }


def mention_columns(article_id: str, sentence_ids: Sequence[str], actors: ArticleActors) -> Columns:
    mentions = actors.mentions
    return {
        "article_id": [article_id] * len(mentions), "sentence_id": [sentence_ids[m.sentence] for m in mentions],
        "actor_id": [m.actor_id for m in mentions], "surface": [m.surface for m in mentions], "start": [m.start for m in mentions],
        "end": [m.end for m in mentions], "mention_kind": [m.kind for m in mentions],
    }


def quote_columns(article_id: str, sentence_ids: Sequence[str], actors: ArticleActors) -> Columns:
    quotes = actors.quotes
    return {
        "article_id": [article_id] * len(quotes), "sentence_id": [sentence_ids[q.sentence] for q in quotes],
        "speaker_actor_id": [q.speaker_actor_id for q in quotes], "speaker_text": [q.speaker_text for q in quotes],
        "quote": [q.quote for q in quotes],
    }


def sentence_stance_columns(article_id: str, sentence_ids: Sequence[str], sentiment: ArticleSentiment) -> Columns:
    stances = sentiment.sentence_stances
    return {
        "article_id": [article_id] * len(stances), "sentence_id": [sentence_ids[s.sentence] for s in stances],
        "actor_id": [s.actor_id for s in stances], "score": [s.score for s in stances],
        "label": [sentence_label(s.score) for s in stances], "hedged": [s.hedged for s in stances],
    }


def stance_columns(article_id: str, sentence_ids: Sequence[str], sentiment: ArticleSentiment) -> Columns:
    stances = sentiment.stances
    return {
        "article_id": [article_id] * len(stances), "actor_id": [s.actor_id for s in stances],
        "n_sentences": [s.n_sentences for s in stances], "n_negative": [s.n_negative for s in stances],
        "n_neutral": [s.n_neutral for s in stances], "n_positive": [s.n_positive for s in stances],
        "score": [s.score for s in stances], "label": [s.label for s in stances],
        "evidence": ["|".join(sentence_ids[i] for i in s.evidence) for s in stances],
    }


def topic_stance_columns(article_id: str, sentence_ids: Sequence[str], topic: ArticleTopicStance, topic_id: str) -> Columns:
    """The scored headline and sentences; the article's own topic columns are in `article_columns`."""
    stances = topic.sentences
    return {
        "article_id": [article_id] * len(stances),
        "sentence_id": [_sentence_id_at(article_id, sentence_ids, s.sentence) for s in stances], "topic": [topic_id] * len(stances),
        "reference_kind": [s.reference_kind for s in stances], "voice": [s.voice for s in stances], "weight": [s.weight for s in stances],
        "p_critical": [s.probabilities[0] for s in stances], "p_neutral": [s.probabilities[1] for s in stances],
        "p_supportive": [s.probabilities[2] for s in stances], "score": [s.score for s in stances], "label": [s.label for s in stances],
        "text": [s.text for s in stances],
    }


def sentence_frame_columns(article_id: str, sentence_ids: Sequence[str], frames: ArticleFrames) -> Columns:
    """Each headline and sentence's frames."""
    found = frames.sentences
    return {
        "article_id": [article_id] * len(found), "sentence_id": [_sentence_id_at(article_id, sentence_ids, f.sentence) for f in found],
        "frame": [f.frame for f in found], "score": [f.score for f in found], "method": [f.method for f in found],
        "cue": [f.cue for f in found],
    }


def article_frame_columns(article_id: str, sentence_ids: Sequence[str], frames: ArticleFrames) -> Columns:
    """Each frame's share of the article's sentences (the headline not counted)."""
    counts = article_frame_counts(frames)
    return {
        "article_id": [article_id] * len(counts), "frame": list(counts), "sentences": list(counts.values()),
        "share": [count / len(sentence_ids) for count in counts.values()],
    }


def columns_of_article(article_id: str, processed: ProcessedArticle, topic_id: str) -> dict[str, Columns]:
    """Every row the article adds, table by table, stage by stage."""
    sentence_ids = sentence_ids_of(article_id, len(processed.cleaned.sentences))
    cleaned, actors, sentiment = processed.cleaned, processed.actors, processed.sentiment
    return {
        "articles": article_columns(article_id, sentence_ids, cleaned, sentiment, processed.topic_stance),
        "sentences": sentence_columns(article_id, sentence_ids, cleaned, sentiment),
        "mentions": mention_columns(article_id, sentence_ids, actors),
        "quotes": quote_columns(article_id, sentence_ids, actors),
        "sentence_stance": sentence_stance_columns(article_id, sentence_ids, sentiment),
        "stance": stance_columns(article_id, sentence_ids, sentiment),
        "topic_stance": topic_stance_columns(article_id, sentence_ids, processed.topic_stance, topic_id),
        "sentence_frames": sentence_frame_columns(article_id, sentence_ids, processed.frames),
        "article_frames": article_frame_columns(article_id, sentence_ids, processed.frames),
    }


@dataclass(frozen=True)
class BatchRows:
    """The rows of a batch of articles, each under the id in `article_ids`, as Arrow tables
    (`tables.arrow_rows_of`); article k's rows of a table are rows `starts[table][k]` to
    `starts[table][k + 1]` of it."""

    article_ids: tuple[str, ...]
    tables: dict[str, pa.Table]
    starts: dict[str, np.ndarray]

    def slice_of(self, table: str, first: int, stop: int) -> pa.Table:
        """The rows of articles `first` to `stop` (exclusive) of the batch."""
        starts = self.starts[table]
        return self.tables[table].slice(int(starts[first]), int(starts[stop] - starts[first]))


def batch_rows_of(articles: Sequence[tuple[str, ProcessedArticle]], topic_id: str) -> BatchRows:
    """The rows of the articles, given with their ids."""
    counts: dict[str, list[int]] = {table.name: [] for table in ARTICLE_TABLES}
    joined: dict[str, Columns] = {table.name: {column: [] for column in table.column_names} for table in ARTICLE_TABLES}
    for article_id, processed in articles:
        for name, columns in columns_of_article(article_id, processed, topic_id).items():
            into = joined[name]
            for column, values in columns.items():
                into[column].extend(values)
            counts[name].append(len(columns["article_id"]))
    return BatchRows(
        tuple(article_id for article_id, _ in articles),
        {table.name: arrow_rows_of(table, joined[table.name]) for table in ARTICLE_TABLES},
        {name: np.concatenate([[0], np.cumsum(rows, dtype=np.int64)]) for name, rows in counts.items()},
    )


@dataclass(frozen=True)
class MappedRows:
    """One article's rows in the rows of its batch, made in the map."""

    batch: BatchRows
    position: int

    @property
    def article_id(self) -> str:
        """The id the rows were made under."""
        return self.batch.article_ids[self.position]
