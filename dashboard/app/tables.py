"""The corpus in memory: one build's tables, read once and never changed, with every row's
article and actor numbered; and what the filters keep of it. No Streamlit here.

Ids are strings, and matching millions of them (a mention's article, a score's actor)
costs about a second per table at 100,000 articles. So each row's article is numbered
once, by its row in `articles`, and its actor by its row in `actors`: filtering a table
is then a boolean mask and counting a `bincount`. The articles' text, most of the
corpus's bytes, is kept beside the `articles` table rather than in it, so that the
articles the filters keep can be copied cheaply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import schema
from dashboard.preprocessing.sentiment.stance import STANCE_BAND
from dashboard.preprocessing.source_stance import TOPIC, article_scores, source_stance_of
from dashboard.preprocessing.store import read_manifest, read_table

Tables = Mapping[str, pd.DataFrame]
T = TypeVar("T")

# Columns no page reads, left on disk so that a large corpus loads sooner and takes less
# memory; a download reads its table whole from the Parquet file.
COLUMNS_LEFT_ON_DISK = {
    "articles": ("republisher", "date_source", "citations", "polarity", "subjectivity", "vader_compound", "topic_whole_score", "topic_evidence"),
    "sentences": ("is_quote", "polarity", "subjectivity", "vader_compound"),
    "mentions": ("surface", "mention_kind"),
    "quotes": ("sentence_id",),
    # Its text is the sentence's or the headline's: the views take it from there.
    "topic_stance": ("topic", "p_critical", "p_neutral", "p_supportive", "text"),
    "sentence_stance": ("label", "hedged"),
    "stance": ("n_sentences", "n_negative", "n_neutral", "n_positive", "score", "evidence"),
}
# Tables whose rows belong to an article, and those whose rows name an actor.
ARTICLE_TABLES = tuple(name for name, table in schema.TABLES.items() if name != "articles" and "article_id" in table.column_names)
ACTOR_TABLES = tuple(name for name, table in schema.TABLES.items() if name != "actors" and "actor_id" in table.column_names)


def columns_read(table: schema.Table) -> schema.Table:
    """The table with the columns the app keeps in memory."""
    left = COLUMNS_LEFT_ON_DISK.get(table.name, ())
    return table.restricted_to([name for name in table.column_names if name not in left])


def _arrow(values: pd.Series) -> pa.Array:
    strings = pa.array(values, type=pa.large_string()) if values.dtype == object else pa.array(values)
    strings = strings.combine_chunks() if isinstance(strings, pa.ChunkedArray) else strings
    return strings.cast(pa.large_string())


def rows_of(ids: pd.Series, keys: pd.Series) -> np.ndarray:
    """For each of `keys`, its position in `ids` (-1 when absent), by Arrow's hash lookup:
    a fifteenth of pandas' time on millions of strings."""
    found = pc.index_in(_arrow(keys), value_set=_arrow(ids))
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def _read_only(values: np.ndarray) -> np.ndarray:
    values.flags.writeable = False
    return values


def actor_rows_of(actor_ids: pd.Series, keys: pd.Series) -> np.ndarray:
    """For each of `keys`, its position in `actor_ids`; len(actor_ids) for an empty key
    (an unresolved mention), len(actor_ids) + 1 for an actor the dictionary lacks."""
    found = rows_of(actor_ids, keys)
    empty = (keys == "").to_numpy(dtype=bool, na_value=False)
    return np.where(found >= 0, found, np.where(empty, len(actor_ids), len(actor_ids) + 1))


# The article columns the filters and views count by.
VALUE_COLUMNS = ("outlet", "outlet_country", "outlet_kind", "genre")


@dataclass(frozen=True, eq=False)
class Corpus:
    """One build's tables, read-only and shared by every session, and the numbers made
    from them once (see `corpus_of`). `topic_id` and `topic_band` are the build's."""

    tables: Mapping[str, pd.DataFrame]
    texts: pd.Series  # the articles' text, by row of `articles`
    topic_id: str
    topic_band: float
    article_rows: Mapping[str, np.ndarray]  # per table of ARTICLE_TABLES: each row's article (row of `articles`)
    actor_rows: Mapping[str, np.ndarray]  # per table of ACTOR_TABLES: each row's actor (see `actor_rows_of`)
    values: Mapping[str, tuple[np.ndarray, list[str]]]  # per VALUE_COLUMNS: each article's value as a number, and the sorted values
    scores: pd.DataFrame  # `article_scores` of the whole corpus: `source_stance` under a filter is made from the rows kept
    score_rows: tuple[np.ndarray, np.ndarray]  # each row of `scores`: its article, and its actor (`no_actor` for the topic)
    topic_pull: np.ndarray  # each topic_stance row's weight × |score|: how hard it pulls its article's score
    folder: Path | None = None  # where the tables were read, for downloads of whole tables
    built_at: str | None = None

    @property
    def no_actor(self) -> int:
        return len(self.tables["actors"])

    def whole_table(self, name: str) -> pd.DataFrame:
        """Table `name` with every column the schema declares: read again from the build's
        files when some were left on disk."""
        memory = self.tables[name].assign(text=self.texts) if name == "articles" else self.tables[name]
        if self.folder is None or list(memory.columns) == schema.TABLES[name].column_names:
            return memory
        if read_manifest(self.folder).get("built_at") != self.built_at:
            raise TablesRebuilt(f"the tables in {self.folder} were rebuilt since this page was drawn: reload the page")
        return read_table(self.folder, schema.TABLES[name])


class TablesRebuilt(RuntimeError):
    """A build replaced the tables a page was showing."""


def corpus_of(
    tables: Tables, topic_id: str = "", topic_band: float = STANCE_BAND, folder: Path | None = None, built_at: str | None = None,
) -> Corpus:
    """`tables` (all of them, as a build writes them) as a corpus; without `topic_id`, the
    topic of the build's `source_stance`."""
    articles, actors = tables["articles"].drop(columns="text"), tables["actors"]
    if not topic_id:
        topics = tables["source_stance"][tables["source_stance"]["target_kind"] == TOPIC]["target_id"]
        topic_id = str(topics.iloc[0]) if len(topics) else ""
    scores = article_scores(articles, tables["sentence_stance"], topic_id)
    score_actors = actor_rows_of(actors["actor_id"], scores["target_id"])
    stance = tables["topic_stance"]
    return Corpus(
        tables=MappingProxyType({**tables, "articles": articles}),
        texts=tables["articles"]["text"],
        topic_id=topic_id,
        topic_band=topic_band,
        article_rows=MappingProxyType({name: _read_only(rows_of(articles["article_id"], tables[name]["article_id"])) for name in ARTICLE_TABLES}),
        actor_rows=MappingProxyType({name: _read_only(actor_rows_of(actors["actor_id"], tables[name]["actor_id"])) for name in ACTOR_TABLES}),
        values=MappingProxyType({column: _values_of(articles[column]) for column in VALUE_COLUMNS}),
        scores=scores,
        score_rows=(
            _read_only(rows_of(articles["article_id"], scores["article_id"])),
            _read_only(np.where(scores["target_kind"].to_numpy() == TOPIC, len(actors), score_actors)),
        ),
        topic_pull=_read_only((stance["weight"] * stance["score"].abs()).to_numpy(dtype=float, na_value=np.nan)),
        folder=folder,
        built_at=built_at,
    )


def _values_of(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    codes, values = pd.factorize(column, sort=True)
    return _read_only(codes), list(values)


def corpus_from_folder(folder: Path, topic_id: str, topic_band: float, built_at: str) -> Corpus:
    """The tables of a build folder, only the columns the app reads."""
    tables = {name: read_table(folder, columns_read(table)) for name, table in schema.TABLES.items()}
    return corpus_of(tables, topic_id, topic_band, folder, built_at)


@dataclass(frozen=True, eq=False)
class Selection(Mapping[str, pd.DataFrame]):
    """What the filters keep of a corpus: each table restricted to it (`selection["mentions"]`),
    and the numbers of the rows kept, for the views that count. What is made from the
    masks is made on first use and kept (a selection is shared by the reruns of its filters).

    `articles` and `actors` say which rows of those tables are kept (None: no filter, every
    table as it is); `stance_labels`, when given, the only `stance` rows kept.
    """

    corpus: Corpus
    articles: np.ndarray | None
    actors: np.ndarray | None = None
    stance_labels: tuple[str, ...] = ()
    _made: dict[str, object] = field(default_factory=dict, repr=False)

    def once(self, key: str, make: Callable[[], T]) -> T:
        """What `make` computes from this selection, made once: a selection is shared by the
        reruns of its filters, so the views keep their costlier numbers here (read-only)."""
        if key not in self._made:
            self._made[key] = make()
        return cast(T, self._made[key])

    def has_made(self, key: str) -> bool:
        """Whether `once(key, ...)` has made its value already."""
        return key in self._made

    def __getitem__(self, name: str) -> pd.DataFrame:
        if self.articles is None:
            return self.corpus.tables[name]
        return self.once(name, lambda: self._restricted(name))

    def __iter__(self) -> Iterator[str]:
        return iter(self.corpus.tables)

    def __len__(self) -> int:
        return len(self.corpus.tables)

    def _restricted(self, name: str) -> pd.DataFrame:
        assert self.articles is not None, "an unfiltered selection holds its tables whole"
        if name == "source_stance":
            articles, actors = self.corpus.score_rows
            return source_stance_of(self.corpus.scores, self.corpus.topic_band, self.articles[articles] & self._actor_slots(name)[actors])
        if name == "actors":
            return self.corpus.tables[name][self.actors]
        if name == "articles" or name in ARTICLE_TABLES:
            return self.corpus.tables[name][self.kept_rows(name)]
        return self.corpus.tables[name]

    def source_stance_rows(self, kind: str, target_id: str | None = None) -> pd.DataFrame:
        """The `source_stance` rows of one kind of target (the topic, or actors), of one
        target when `target_id` is given. Under a filter they are made from those targets'
        scores alone: every actor's intervals (most of them bootstrapped) took a third of a
        second at 100,000 articles, for the topic's rows or one actor's that a page shows."""
        # The whole table, when it is at hand, holds these rows already.
        if self.articles is None or self.has_made("source_stance"):
            stance = self["source_stance"]
            wanted = (stance["target_kind"] == kind) & ((stance["target_id"] == target_id) if target_id is not None else True)
            return stance[wanted].reset_index(drop=True)
        return self.once(f"source_stance of {kind} {target_id}", lambda: self._source_stance_rows_made(kind, target_id))

    def _source_stance_rows_made(self, kind: str, target_id: str | None) -> pd.DataFrame:
        assert self.articles is not None, "an unfiltered selection holds source_stance whole"
        articles, actors = self.corpus.score_rows
        scores = self.corpus.scores
        kept = self.articles[articles] & self._actor_slots("source_stance")[actors] & (scores["target_kind"] == kind).to_numpy(dtype=bool)
        if target_id is not None:
            kept &= (scores["target_id"] == target_id).to_numpy(dtype=bool)
        return source_stance_of(scores, self.corpus.topic_band, kept).reset_index(drop=True)

    def _actor_slots(self, name: str) -> np.ndarray:
        """Kept or not, by actor row, then for no actor and for an unknown one: mentions
        keep the unresolved ones, `scores` its topic rows (see `Corpus.score_rows`)."""
        return np.r_[self.actors, name in ("mentions", "source_stance"), False]

    def kept_rows(self, name: str) -> np.ndarray:
        """Which rows of table `name` (`articles` or one of ARTICLE_TABLES) are kept."""
        if self.articles is None:
            return np.ones(len(self.corpus.tables[name]), dtype=bool)
        if name == "articles":
            return self.articles
        return self.once(f"rows of {name}", lambda: _read_only(self._kept_rows(name)))

    def _kept_rows(self, name: str) -> np.ndarray:
        assert self.articles is not None, "kept_rows answers an unfiltered selection itself"
        kept = self.articles[self.corpus.article_rows[name]]
        if name in ACTOR_TABLES:
            kept &= self._actor_slots(name)[self.corpus.actor_rows[name]]
        if name == "stance" and self.stance_labels:
            kept &= self.corpus.tables[name]["label"].isin(self.stance_labels).to_numpy(dtype=bool)
        return kept

    def kept_among(self, name: str, rows: np.ndarray) -> np.ndarray:
        """Those of `rows` (of table `name`) that are kept."""
        return rows if self.articles is None else rows[self.kept_rows(name)[rows]]

    def article_rows(self, name: str) -> np.ndarray:
        """The article of each kept row of table `name` (see `Corpus.article_rows`)."""
        rows = self.corpus.article_rows[name]
        return rows if self.articles is None else rows[self.kept_rows(name)]

    def actor_rows(self, name: str) -> np.ndarray:
        """The actor of each kept row of table `name` (see `Corpus.actor_rows`)."""
        rows = self.corpus.actor_rows[name]
        return rows if self.articles is None else rows[self.kept_rows(name)]

    def rows_per_actor(self, name: str) -> np.ndarray:
        """Kept rows of table `name` per actor row (then none, unknown)."""
        return self.once(f"per actor of {name}", lambda: _read_only(np.bincount(self.actor_rows(name), minlength=self.corpus.no_actor + 2)))

    def number_of_rows(self, name: str) -> int:
        """How many rows of table `name` are kept (without making the table)."""
        if self.articles is None or (name != "articles" and name not in ARTICLE_TABLES):
            return len(self[name])
        return int(self.kept_rows(name).sum())

    def whole_table(self, name: str) -> pd.DataFrame:
        """Table `name` as restricted here, with every column the schema declares."""
        if name == "source_stance":
            return self[name]
        whole = self.corpus.whole_table(name)
        if self.articles is None:
            return whole
        if name == "actors":
            return whole[self.actors]
        if name == "articles" or name in ARTICLE_TABLES:
            return whole[self.kept_rows(name)]
        return whole

    def standalone_table(self, name: str) -> pd.DataFrame:
        """Table `name` as its CSV download: `whole_table`, and for a table whose rows belong
        to an article, that article's outlet, date and title after `article_id`
        (`schema.download_column_names`), so that the file stands alone."""
        whole = self.whole_table(name)
        table = schema.TABLES[name]
        if not schema.gains_download_context(table):
            return whole
        rows = self.article_rows(name)
        # A build writes no row without its article; -1 would take the last article's title.
        assert (rows >= 0).all(), f"{name} has rows whose article is not in articles"
        context = self.corpus.tables["articles"][list(schema.DOWNLOAD_CONTEXT)].iloc[rows].reset_index(drop=True)
        return pd.concat([whole.reset_index(drop=True), context], axis=1)[schema.download_column_names(table)]
