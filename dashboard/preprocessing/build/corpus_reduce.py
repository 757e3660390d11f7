"""The reduce: the corpus-level steps, over the processed articles in input order.

Ids and duplicates (the same text from the same outlet twice is kept once; from a second
outlet, a repost, it gets an id that also hashes its outlet; an export's accession number,
when given and not taken, is the id, but duplicates are still found by the text, so a
page dump and an export of one article are one article), syndication across the whole
corpus, the candidate actors, and the per-source aggregates.
"""

from __future__ import annotations

import pandas as pd

from dashboard import schema
from dashboard.preprocessing.actors.dictionary import ActorDictionary
from dashboard.preprocessing.build.article_map import ProcessedArticle
from dashboard.preprocessing.build.article_rows import rows_of_article
from dashboard.preprocessing.frames.definition import Frame
from dashboard.preprocessing.records import Rejection
from dashboard.preprocessing.source_stance import source_stance
from dashboard.preprocessing.syndication import SyndicationCandidate, syndicated_of
from dashboard.preprocessing.tables import frame_from_rows, typed_frame

# Tables filled article by article, in chunks.
_CHUNKED_TABLES = (
    schema.ARTICLES, schema.SENTENCES, schema.MENTIONS, schema.QUOTES, schema.TOPIC_STANCE, schema.SENTENCE_STANCE, schema.STANCE,
    schema.SENTENCE_FRAMES, schema.ARTICLE_FRAMES,
)
# Articles gathered as Python objects before they are packed into typed frames.
CHUNK_ARTICLES = 2000
# The candidates table keeps the most frequent names only.
MAX_CANDIDATES = 5000


class CorpusReduction:
    """The tables, filled article by article as results arrive.

    Rows are gathered as plain column lists and turned into typed (Arrow-backed) frames
    every CHUNK_ARTICLES articles, so the Python objects of only one chunk are alive at a
    time and memory stays close to the size of the tables themselves.
    """

    def __init__(self, topic_id: str, topic_band: float) -> None:
        self.topic_id = topic_id
        self.topic_band = topic_band
        self.syndication: list[SyndicationCandidate] = []
        # Text key (content id, or content-and-outlet id) -> first file, its outlet, its article id.
        self._first_seen: dict[str, tuple[str, str, str]] = {}
        self._ids: set[str] = set()
        self._chunks: dict[str, list[pd.DataFrame]] = {table.name: [] for table in _CHUNKED_TABLES}
        # name -> [kind_guess, sentences naming it, articles naming it, first example]
        self._names: dict[str, list] = {}
        self._new_chunk()

    def _new_chunk(self) -> None:
        self._rows: dict[str, dict[str, list[object]]] = {
            table.name: {column: [] for column in table.column_names} for table in _CHUNKED_TABLES
        }

    def _flush(self) -> None:
        if self._rows["articles"]["article_id"]:
            for table in _CHUNKED_TABLES:
                self._chunks[table.name].append(typed_frame(table, pd.DataFrame(self._rows[table.name])))
        self._new_chunk()

    def text_key_for(self, processed: ProcessedArticle) -> str | Rejection:
        """The key of the article's text (and of its outlet, for a repost), or the rejection
        of a duplicate."""
        cleaned = processed.cleaned
        key = cleaned.content_id
        if key in self._first_seen and self._first_seen[key][1] != cleaned.outlet:
            key = cleaned.content_outlet_id
        if key in self._first_seen:
            first_path, _, first_id = self._first_seen[key]
            return Rejection(cleaned.source_path, f"duplicate: the same text as {first_path} (article {first_id}), kept once")
        return key

    def add(self, processed: ProcessedArticle) -> Rejection | None:
        """Add an article; a duplicate is not added and comes back as a rejection."""
        key = self.text_key_for(processed)
        if isinstance(key, Rejection):
            return key
        cleaned = processed.cleaned
        # Two documents claiming one accession number: the second keeps its text's id.
        article_id = cleaned.accession if cleaned.accession and cleaned.accession not in self._ids else key
        self._ids.add(article_id)
        self._first_seen[key] = (cleaned.source_path, cleaned.outlet, article_id)
        for table, row in rows_of_article(article_id, processed, self.topic_id):
            columns = self._rows[table]
            for column, value in row.items():
                columns[column].append(value)
        self.syndication.append(SyndicationCandidate(article_id, cleaned.published, cleaned.fingerprint))
        self._count_names(processed)
        if len(self._rows["articles"]["article_id"]) >= CHUNK_ARTICLES:
            self._flush()
        return None

    def _count_names(self, processed: ProcessedArticle) -> None:
        named_here: set[str] = set()
        sentences = processed.cleaned.sentences
        for sighting in processed.actors.names:
            entry = self._names.setdefault(sighting.name, [sighting.kind_guess, 0, 0, sentences[sighting.sentence].text])
            entry[1] += 1
            if sighting.name not in named_here:
                named_here.add(sighting.name)
                entry[2] += 1

    def __len__(self) -> int:
        return len(self.syndication)

    def _candidates(self) -> pd.DataFrame:
        rows = sorted(self._names.items(), key=lambda item: (-item[1][2], -item[1][1], item[0]))[:MAX_CANDIDATES]
        return frame_from_rows(
            schema.CANDIDATES,
            ({"name": name, "kind_guess": kind, "n_mentions": mentions, "n_articles": articles, "example": example}
             for name, (kind, mentions, articles, example) in rows),
        )

    def frames(self, rejections: list[Rejection], dictionary: ActorDictionary, frames_declared: tuple[Frame, ...] = ()) -> dict[str, pd.DataFrame]:
        """Every table, with syndication found across the whole corpus."""
        self._flush()
        # One table at a time, each table's chunks dropped once joined: the peak is the
        # tables plus one table's copy, not twice the tables.
        frames = {}
        for name in list(self._chunks):
            frames[name] = pd.concat(self._chunks.pop(name), ignore_index=True)
        copies = syndicated_of(self.syndication)
        articles = frames["articles"]
        articles["syndicated_of"] = articles["article_id"].map(lambda article_id: copies.get(article_id, "")).astype("string")
        frames["actors"] = frame_from_rows(
            schema.ACTORS,
            ({"actor_id": a.actor_id, "name": a.name, "type": a.type, "country": a.country, "role": a.role, "aliases": "|".join(a.aliases)}
             for a in dictionary.actors),
        )
        frames["frames"] = frame_from_rows(
            schema.FRAMES,
            ({"frame": f.frame_id, "name": f.name, "description": f.description, "family": f.family} for f in frames_declared),
        )
        frames["candidates"] = self._candidates()
        frames["source_stance"] = typed_frame(
            schema.SOURCE_STANCE, source_stance(articles, frames["sentence_stance"], self.topic_id, self.topic_band)
        )
        frames["rejected"] = frame_from_rows(
            schema.REJECTED,
            ({"source_path": r.source_path, "reason": r.reason} for r in sorted(rejections, key=lambda r: r.source_path)),
        )
        return {table: frames[table] for table in schema.TABLES}
