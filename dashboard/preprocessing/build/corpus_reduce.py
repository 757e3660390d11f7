"""The reduce: the corpus-level steps, over the processed articles in input order.

Ids and duplicates (the same text from the same outlet twice is kept once; from a second
outlet, a repost, it gets an id that also hashes its outlet; an export's accession number,
when given and not taken, is the id, but duplicates are still found by the text, so a
page dump and an export of one article are one article), syndication across the whole
corpus, the candidate actors, and the per-source aggregates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import NamedTuple, Protocol, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import schema
from dashboard.preprocessing.actors.dictionary import ActorDictionary
from dashboard.preprocessing.build.article_map import ProcessedArticle
from dashboard.preprocessing.build.article_rows import ARTICLE_TABLES, BatchRows, MappedRows, batch_rows_of
from dashboard.preprocessing.frames.definition import Frame
from dashboard.preprocessing.records import Rejection
from dashboard.preprocessing.source_stance import SENTENCE_SCORE_COLUMNS, source_stance
from dashboard.preprocessing.store import PreviousCsv, PreviousCsvChanged, ReusedRows
from dashboard.preprocessing.syndication import Fingerprint, SyndicationCandidate, syndicated_of
from dashboard.preprocessing.tables import arrow_rows_as, frame_from_rows, typed_frame
from dashboard.spreadsheet import arrow_table_of

# The tables that go to the sink as they are made; `articles` stays in memory until the
# corpus-level steps (syndication, per-outlet figures) are done.
STREAMED_TABLES = tuple(table for table in ARTICLE_TABLES if table is not schema.ARTICLES)
# The order a rebuild joins its tables with the previous rows in (and reads those ahead):
# sentence_stance early, as the per-source figures need it while the others are joined,
# then the largest first (the two that hold sentences' text), so that the two joining
# threads finish together: with topic_stance joined last, it ran alone for 0.7 s of a
# 3.7 s rebuild of 10,000 articles.
JOINING_ORDER = (
    schema.ARTICLES, schema.SENTENCE_STANCE, schema.TOPIC_STANCE, schema.SENTENCES, schema.MENTIONS, schema.SENTENCE_FRAMES,
    schema.STANCE, schema.QUOTES, schema.ARTICLE_FRAMES,
)
# Articles whose rows are gathered before they are joined into one chunk of each table.
CHUNK_ARTICLES = 2000
# Reused and new rows joined into pieces of about this many rows before the sink takes them.
JOINED_PIECE_ROWS = 200_000
# A run of reused rows at least this long goes to the sink with where it begins in the
# previous build's table, so that its CSV bytes are copied from that build's file; shorter
# ones are formatted again with the new rows around them (copying them would save little).
REUSED_RUN_ROWS = 8192
# Tables joined with the previous rows at once: Arrow's Parquet reader and writers let go
# of the GIL, so two use both cores (a rebuild of 10,000 articles joins 360 MiB of rows).
JOINING_THREADS = 2
# The candidates table keeps the most frequent names only.
MAX_CANDIDATES = 5000


class NameCount(NamedTuple):
    """A name the actor stage found in an article but not in the dictionary: its first
    sighting's kind and sentence, and how many sentences name it. A tuple: every article's
    are kept for the next build, and tuples pickle several times faster than dataclasses."""

    name: str
    kind_guess: str
    sentences: int
    example: str


@dataclass(frozen=True)
class ArticleEntry:
    """What the reduce needs of an article besides its rows: its ids, its outlet and what
    syndication and the candidates are made of. Small, so that a build can keep every
    article's entry for the next one (`last_build.py`)."""

    source_path: str
    outlet: str
    content_id: str
    content_outlet_id: str
    accession: str
    published: str
    fingerprint: Fingerprint
    names: tuple[NameCount, ...]


def row_runs_of(article_ids: pa.Array | pa.ChunkedArray) -> tuple[pd.Index, np.ndarray, np.ndarray]:
    """Each article's rows, as its id, start and stop, in a table whose rows are grouped by article."""
    encoded = pc.dictionary_encode(article_ids.combine_chunks() if isinstance(article_ids, pa.ChunkedArray) else article_ids)
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    uniques = encoded.dictionary.to_pylist()
    changes = np.flatnonzero(np.diff(codes)) + 1
    starts = np.concatenate([[0], changes]) if len(codes) else changes
    stops = np.concatenate([changes, [len(codes)]]) if len(codes) else changes
    return pd.Index(uniques)[codes[starts]], starts, stops


Runs = tuple[pd.Index, np.ndarray, np.ndarray]


def joined_slices(order: pd.Index, previous_holds: np.ndarray, previous: Runs, new: Runs) -> list[tuple[int, int, int]]:
    """(frame, start, stop) slices, frame 0 the previous rows and 1 the new ones, that give
    the rows of the articles in `order`: an article's run comes from the previous rows
    where `previous_holds` (by position in `order`) says so, else from the new ones. Runs
    that follow each other in one frame stay one slice."""
    frames, starts, stops, positions = [], [], [], []
    for frame, (ids, run_starts, run_stops) in enumerate((previous, new)):
        position = order.get_indexer(ids)
        kept = position >= 0
        kept[kept] = previous_holds[position[kept]] == (frame == 0)
        frames.append(np.full(int(kept.sum()), frame))
        starts.append(run_starts[kept])
        stops.append(run_stops[kept])
        positions.append(position[kept])
    by_position = np.argsort(np.concatenate(positions), kind="stable")
    frame_of, start_of, stop_of = (np.concatenate(parts)[by_position] for parts in (frames, starts, stops))
    if not len(frame_of):
        return []
    first = np.r_[True, (frame_of[1:] != frame_of[:-1]) | (start_of[1:] != stop_of[:-1])]
    last = np.r_[first[1:], True]
    return list(zip(frame_of[first].tolist(), start_of[first].tolist(), stop_of[last].tolist(), strict=True))


def expected_id_of(entry: ArticleEntry) -> str:
    """The id the reduce gives an article unless its text came before or its accession
    number is taken (`CorpusReduction._admitted`): the map makes its rows under it."""
    return entry.accession or entry.content_id


def entry_of(processed: ProcessedArticle) -> ArticleEntry:
    cleaned = processed.cleaned
    counts: dict[str, list] = {}
    for sighting in processed.actors.names:
        counts.setdefault(sighting.name, [sighting.kind_guess, 0, cleaned.sentences[sighting.sentence].text])[1] += 1
    return ArticleEntry(
        cleaned.source_path, cleaned.outlet, cleaned.content_id, cleaned.content_outlet_id, cleaned.accession, cleaned.published,
        cleaned.fingerprint, tuple(NameCount(name, kind, sentences, example) for name, (kind, sentences, example) in counts.items()),
    )


class PreviousRowsMissing(RuntimeError):
    """The previous build's rows cannot be reused: an article of an unchanged file gets
    another id than that build gave it (a file added before it holds the same text, say),
    or a table of that build cannot be read. Its rows must be made again."""


@dataclass(frozen=True)
class PreviousRows:
    """The rows the previous build wrote, for the articles of files that did not change:
    `source_path_of` maps its article ids to their files' paths; `table` reads a table's
    columns, as Arrow wrote them (a rebuild copies rows it does not look at)."""

    source_path_of: dict[str, str]
    table: Callable[[schema.Table], pa.Table]
    # A table's CSV as that build wrote it, to copy rows from; None: format them again.
    csv: Callable[[schema.Table], PreviousCsv | None] = lambda table: None


class TableSink(Protocol):
    """Where the large tables go, a piece of rows at a time in table order: files as they
    are made (`store.TableFiles`) or memory (`TablesInMemory`). Two tables may be appended
    to at once, from two threads."""

    def append(self, table: schema.Table, rows: pd.DataFrame | pa.Table, reused: ReusedRows | None = None) -> None:
        """Rows after those appended so far; `reused` says which of them are the previous
        build's rows, for a sink that can copy what it wrote of them."""

    def rows(self, table: schema.Table) -> int: ...

    def columns_of(self, table: schema.Table, names: list[str]) -> pd.DataFrame:
        """The rows appended so far, only the columns named, in whichever pandas types cost
        least; no row follows."""
        ...


class TablesInMemory:
    """A sink that keeps the pieces and joins them: for builds that write nothing."""

    def __init__(self) -> None:
        self._pieces: dict[str, list[pd.DataFrame]] = {}

    def append(self, table: schema.Table, rows: pd.DataFrame | pa.Table, reused: ReusedRows | None = None) -> None:
        self._pieces.setdefault(table.name, []).append(typed_frame(table, rows.to_pandas()) if isinstance(rows, pa.Table) else rows)

    def rows(self, table: schema.Table) -> int:
        return sum(len(piece) for piece in self._pieces.get(table.name, []))

    def table(self, table: schema.Table) -> pd.DataFrame:
        pieces = self._pieces.get(table.name, [])
        if len(pieces) != 1:
            self._pieces[table.name] = pieces = [pd.concat(pieces, ignore_index=True)]
        return pieces[0]

    def columns_of(self, table: schema.Table, names: list[str]) -> pd.DataFrame:
        return self.table(table)[names]

    def tables(self) -> dict[str, pd.DataFrame]:
        return {table.name: self.table(table) for table in STREAMED_TABLES}


class CorpusReduction:
    """The tables, filled article by article as results arrive.

    Each article's rows are a slice of its batch's rows as the map made them
    (`add_mapped`), or are made here (`add`); they are joined into Arrow chunks every
    CHUNK_ARTICLES articles, so the processed articles of only one chunk are alive at a
    time. In a build with no previous rows to reuse, each chunk of the large tables goes
    to the sink at once, so a build that writes files holds only `articles` whole (the
    tables of 100,000 articles take 3.5 GB in memory). A build that may reuse previous
    rows keeps its new chunks and joins them with those rows at the end, in Arrow, two
    tables at a time while syndication is found.
    """

    def __init__(self, topic_id: str, topic_band: float, previous: PreviousRows | None = None, sink: TableSink | None = None) -> None:
        self.topic_id = topic_id
        self.topic_band = topic_band
        self.previous = previous
        self.sink: TableSink = sink if sink is not None else TablesInMemory()
        # Ids of the articles whose rows are the previous build's, and of every article, in order.
        self._reused: list[str] = []
        self._order: list[str] = []
        self.syndication: list[SyndicationCandidate] = []
        # Text key (content id, or content-and-outlet id) -> first file, its outlet, its article id.
        self._first_seen: dict[str, tuple[str, str, str]] = {}
        self._ids: set[str] = set()
        # A chunk is a typed frame, or its Arrow table in a build that may reuse previous rows.
        self._chunks: dict[str, list[pd.DataFrame | pa.Table]] = {table.name: [] for table in ARTICLE_TABLES}
        # name -> [kind_guess, sentences naming it, articles naming it, first example]
        self._names: dict[str, list] = {}
        # The chunk so far: its rows, then either a run of articles of one batch (the batch,
        # its first and past-last article) or articles whose rows are still to be made.
        self._pieces: dict[str, list[pa.Table]] = {table.name: [] for table in ARTICLE_TABLES}
        self._run: tuple[BatchRows, int, int] | None = None
        self._unmade: list[tuple[str, ProcessedArticle]] = []
        self._chunk_articles = 0

    def _append_rows(self, batch: BatchRows, first: int, stop: int) -> None:
        for table in ARTICLE_TABLES:
            self._pieces[table.name].append(arrow_rows_as(batch.slice_of(table.name, first, stop), table))

    def _close_run(self) -> None:
        if self._run is not None:
            self._append_rows(*self._run)
            self._run = None

    def _make_unmade(self) -> None:
        if self._unmade:
            self._append_rows(batch_rows_of(self._unmade, self.topic_id), 0, len(self._unmade))
            self._unmade = []

    def _counted(self) -> None:
        self._chunk_articles += 1
        if self._chunk_articles >= CHUNK_ARTICLES:
            self._flush()

    def _flush(self) -> None:
        self._close_run()
        self._make_unmade()
        if self._chunk_articles:
            for table in ARTICLE_TABLES:
                chunk = pa.concat_tables(self._pieces[table.name])
                if table is schema.ARTICLES:
                    # Its dates are still text: a frame reads them.
                    frame = typed_frame(table, chunk.to_pandas())
                    self._chunks[table.name].append(arrow_table_of(frame) if self.previous is not None else frame)
                elif self.previous is not None:
                    # Kept to the end: its own buffers, not the batches' (duplicates' rows too).
                    self._chunks[table.name].append(chunk.combine_chunks())
                else:
                    self.sink.append(table, chunk)
        self._pieces = {table.name: [] for table in ARTICLE_TABLES}
        self._chunk_articles = 0

    def _admitted(self, entry: ArticleEntry) -> str | Rejection:
        """The article's id, or the rejection of a duplicate (the same text from the same
        outlet as an earlier article; from another outlet, the key also hashes the outlet)."""
        key = entry.content_id
        if key in self._first_seen and self._first_seen[key][1] != entry.outlet:
            key = entry.content_outlet_id
        if key in self._first_seen:
            first_path, _, first_id = self._first_seen[key]
            return Rejection(entry.source_path, f"duplicate: the same text as {first_path} (article {first_id}), kept once")
        # Two documents claiming one accession number: the second keeps its text's id.
        article_id = entry.accession if entry.accession and entry.accession not in self._ids else key
        self._ids.add(article_id)
        self._first_seen[key] = (entry.source_path, entry.outlet, article_id)
        self._order.append(article_id)
        self.syndication.append(SyndicationCandidate(article_id, entry.published, entry.fingerprint))
        self._count_names(entry)
        return article_id

    def add(self, processed: ProcessedArticle, entry: ArticleEntry | None = None) -> Rejection | None:
        """Add an article, its rows made here (`entry` is `entry_of(processed)`, when made
        already); a duplicate is not added and comes back as a rejection."""
        article_id = self._admitted(entry or entry_of(processed))
        if isinstance(article_id, Rejection):
            return article_id
        self._close_run()
        self._unmade.append((article_id, processed))
        self._counted()
        return None

    def add_mapped(self, entry: ArticleEntry, rows: MappedRows, processed: Callable[[], ProcessedArticle]) -> Rejection | None:
        """Add an article whose rows the map made under `expected_id_of(entry)`. When the
        reduce gives it another id (a repost, say), its rows are made here, of `processed()`."""
        article_id = self._admitted(entry)
        if isinstance(article_id, Rejection):
            return article_id
        if article_id != rows.article_id:
            self._close_run()
            self._unmade.append((article_id, processed()))
        else:
            self._make_unmade()
            run = self._run
            if run is not None and run[0] is rows.batch and run[2] == rows.position:
                self._run = (run[0], run[1], rows.position + 1)
            else:
                self._close_run()
                self._run = (rows.batch, rows.position, rows.position + 1)
        self._counted()
        return None

    def add_reused(self, entry: ArticleEntry) -> Rejection | None:
        """Add an article of a file that did not change since the previous build, whose rows
        that build wrote. Raises PreviousRowsMissing when it wrote none under this id."""
        article_id = self._admitted(entry)
        if isinstance(article_id, Rejection):
            return article_id
        if self.previous is None or self.previous.source_path_of.get(article_id) != entry.source_path:
            raise PreviousRowsMissing(f"{entry.source_path} has no rows as article {article_id} in the previous build")
        self._reused.append(article_id)
        return None

    def _count_names(self, entry: ArticleEntry) -> None:
        for count in entry.names:
            totals = self._names.setdefault(count.name, [count.kind_guess, 0, 0, count.example])
            totals[1] += count.sentences
            totals[2] += 1

    def __len__(self) -> int:
        return len(self.syndication)

    def _candidates(self) -> pd.DataFrame:
        rows = sorted(self._names.items(), key=lambda item: (-item[1][2], -item[1][1], item[0]))[:MAX_CANDIDATES]
        return frame_from_rows(
            schema.CANDIDATES,
            ({"name": name, "kind_guess": kind, "n_mentions": mentions, "n_articles": articles, "example": example}
             for name, (kind, mentions, articles, example) in rows),
        )

    def _joined(
        self, table: schema.Table, order: pd.Index, previous_holds: np.ndarray, copy_csv: bool = False,
    ) -> Iterator[tuple[pd.DataFrame | pa.Table, ReusedRows | None]]:
        """A table's chunks not yet in the sink; in a build that reuses rows, joined with the
        previous build's rows of the reused articles, in the order of the articles (each
        article's rows in the order its stages made them), in pieces of about
        JOINED_PIECE_ROWS rows. An article's rows are one run in either table, and runs that
        follow each other in both stay one slice: the rows are sliced, not gathered row by
        row. With `copy_csv` and the previous build's CSV at hand, a piece that ends in a
        long run of previous rows says where they begin, so that their CSV can be copied."""
        chunks = self._chunks.pop(table.name)
        if not self._reused or self.previous is None:
            yield from ((chunk, None) for chunk in chunks)
            return
        previous = self.previous.table(table)
        csv = self.previous.csv(table) if copy_csv else None
        if csv is not None and csv.checkpoints.rows[-1] != len(previous):
            csv = None  # not the CSV of these rows
        new = pa.concat_tables(chunks).cast(previous.schema) if chunks else previous.slice(0, 0)
        del chunks[:]
        tables = (previous, new)
        piece: list[pa.Table] = []
        rows = 0
        for frame, start, stop in joined_slices(order, previous_holds, row_runs_of(previous["article_id"]), row_runs_of(new["article_id"])):
            if frame == 0 and csv is not None and stop - start >= REUSED_RUN_ROWS:
                # The rows gathered so far lead the run's first piece: no piece of a few rows.
                for begin in range(start, stop, JOINED_PIECE_ROWS):
                    piece.append(previous.slice(begin, min(JOINED_PIECE_ROWS, stop - begin)))
                    yield pa.concat_tables(piece), ReusedRows(csv, begin, rows)
                    piece, rows = [], 0
                continue
            piece.append(tables[frame].slice(start, stop - start))
            rows += stop - start
            if rows >= JOINED_PIECE_ROWS:
                yield pa.concat_tables(piece), None
                piece, rows = [], 0
        if piece:
            yield pa.concat_tables(piece), None

    def _joined_into_sink(self, table: schema.Table, order: pd.Index, previous_holds: np.ndarray) -> None:
        try:
            for piece, reused in self._joined(table, order, previous_holds, copy_csv=True):
                self.sink.append(table, piece, reused)
        except PreviousCsvChanged as changed:
            raise PreviousRowsMissing(str(changed)) from changed
        # Every table reaches the sink with its columns, even when no article gave it a row.
        self.sink.append(table, typed_frame(table, pd.DataFrame(columns=table.column_names)))

    def _articles_joined(self, order: pd.Index, previous_holds: np.ndarray) -> pd.DataFrame:
        pieces = [piece for piece, _ in self._joined(schema.ARTICLES, order, previous_holds)]
        if self.previous is None:
            return pd.concat(cast(list[pd.DataFrame], pieces), ignore_index=True)
        return typed_frame(schema.ARTICLES, pa.concat_tables(cast(list[pa.Table], pieces)).to_pandas())

    def frames(self, rejections: list[Rejection], dictionary: ActorDictionary, frames_declared: tuple[Frame, ...] = ()) -> dict[str, pd.DataFrame]:
        """`articles` and the small tables, with syndication found across the whole corpus;
        the large tables (STREAMED_TABLES) are in the sink."""
        self._flush()
        order = pd.Index(self._order)
        # Which articles' rows are the previous ones, by position in the order, not by id:
        # pandas' isin over Arrow strings goes value by value (2 s for 10,000 articles' tables).
        previous_holds = np.zeros(len(order), dtype=bool)
        previous_holds[order.get_indexer(pd.Index(self._reused))] = True
        joining = ThreadPoolExecutor(JOINING_THREADS)
        try:
            articles_joined = joining.submit(self._articles_joined, order, previous_holds)
            tables_joined = {table.name: joining.submit(self._joined_into_sink, table, order, previous_holds) for table in JOINING_ORDER[1:]}
            # Meanwhile: syndication needs only the reduce's entries, and the per-source
            # figures only articles and sentence_stance.
            copies = syndicated_of(self.syndication)
            articles = articles_joined.result()
            articles["syndicated_of"] = articles["article_id"].map(lambda article_id: copies.get(article_id, "")).astype("string")
            tables_joined[schema.SENTENCE_STANCE.name].result()
            scores = self.sink.columns_of(schema.SENTENCE_STANCE, SENTENCE_SCORE_COLUMNS)
            frames: dict[str, pd.DataFrame] = {
                "articles": articles,
                "source_stance": typed_frame(schema.SOURCE_STANCE, source_stance(articles, scores, self.topic_id, self.topic_band)),
            }
            del scores
            for joined in tables_joined.values():
                joined.result()
        finally:
            # On a failure the tables not begun are not joined.
            joining.shutdown(cancel_futures=True)
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
        frames["rejected"] = frame_from_rows(
            schema.REJECTED,
            ({"source_path": r.source_path, "reason": r.reason} for r in sorted(rejections, key=lambda r: r.source_path)),
        )
        return {table: frames[table] for table in schema.TABLES if table in frames}
