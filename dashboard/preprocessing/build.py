"""The build: input folders in, the `articles`, `sentences` and `rejected` tables out.

Reading happens here in the main process (it is I/O and streams); cleaning, the costly
part, runs in batches on every core once a corpus is large enough to repay the start-up
of worker processes. Results come back in input order, so a build is deterministic.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from dashboard import __version__, schema
from dashboard.preprocessing.articles import CleanArticle, clean_article_from_raw
from dashboard.preprocessing.ingest.files import InputFile, input_files, raw_articles_from_file
from dashboard.preprocessing.records import RawArticle, Rejection
from dashboard.preprocessing.sources import SourceRegistry, source_registry_from_csv
from dashboard.preprocessing.store import write_tables_atomically
from dashboard.preprocessing.syndication import SyndicationCandidate, syndicated_of
from dashboard.preprocessing.tables import frame_from_rows, typed_frame

BATCH_SIZE = 64
# Articles gathered as Python objects before they are packed into typed frames.
CHUNK_ARTICLES = 2000
# Below this much input, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 2 * 2**20
# A progress bar is shown for corpora of more files than this.
PROGRESS_MIN_FILES = 50


class NothingToBuild(RuntimeError):
    """No article at all could be read; the previous tables are kept."""


@dataclass(frozen=True)
class BuildReport:
    frames: dict[str, pd.DataFrame]
    seconds: float
    manifest: dict[str, object]


_worker_registry: SourceRegistry | None = None


def _set_worker_registry(registry: SourceRegistry) -> None:
    global _worker_registry
    _worker_registry = registry


def clean_article_or_rejection(raw: RawArticle, registry: SourceRegistry) -> CleanArticle | Rejection:
    """Clean one article; an unexpected error costs that article, never the build."""
    try:
        return clean_article_from_raw(raw, registry)
    except Exception as error:  # noqa: BLE001 - any bug in one article must not lose the corpus
        return Rejection(raw.source_path, f"could not be cleaned (internal error {type(error).__name__}: {error}); please report it")


def _clean_batch(batch: list[RawArticle]) -> list[CleanArticle | Rejection]:
    assert _worker_registry is not None
    return [clean_article_or_rejection(raw, _worker_registry) for raw in batch]


def _batches(items: Iterable[RawArticle]) -> Iterator[list[RawArticle]]:
    iterator = iter(items)
    while batch := list(islice(iterator, BATCH_SIZE)):
        yield batch


def cleaned_articles(raw_articles: Iterable[RawArticle], registry: SourceRegistry, workers: int) -> Iterator[CleanArticle | Rejection]:
    """Clean articles in input order, on `workers` processes; at most two batches per worker
    are in flight, so memory does not grow with the corpus."""
    if workers <= 1:
        for raw in raw_articles:
            yield clean_article_or_rejection(raw, registry)
        return
    with ProcessPoolExecutor(workers, initializer=_set_worker_registry, initargs=(registry,)) as pool:
        pending = deque()
        for batch in _batches(raw_articles):
            pending.append(pool.submit(_clean_batch, batch))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


_ARTICLE_FIELDS = [name for name in schema.ARTICLES.column_names if name not in ("article_id", "n_sentences", "syndicated_of")]


class CorpusTables:
    """The tables, filled article by article as results arrive.

    Rows are gathered as plain column lists and turned into typed (Arrow-backed) frames
    every CHUNK_ARTICLES articles, so the Python objects of only one chunk are alive at a
    time and memory stays close to the size of the tables themselves. Ids are given here:
    the same text from the same outlet twice is kept once; the same text from a second
    outlet (a repost) gets an id that also hashes its outlet, and syndication links it to
    the first.
    """

    def __init__(self) -> None:
        self.candidates: list[SyndicationCandidate] = []
        self._first_seen: dict[str, tuple[str, str]] = {}
        self._article_chunks: list[pd.DataFrame] = []
        self._sentence_chunks: list[pd.DataFrame] = []
        self._new_chunk()

    def _new_chunk(self) -> None:
        self._articles: dict[str, list[object]] = {name: [] for name in schema.ARTICLES.column_names}
        self._sentences: dict[str, list[object]] = {name: [] for name in schema.SENTENCES.column_names}

    def _flush(self) -> None:
        if self._articles["article_id"]:
            self._article_chunks.append(typed_frame(schema.ARTICLES, pd.DataFrame(self._articles)))
            self._sentence_chunks.append(typed_frame(schema.SENTENCES, pd.DataFrame(self._sentences)))
        self._new_chunk()

    def add(self, article: CleanArticle) -> Rejection | None:
        """Add an article; a duplicate is not added and comes back as a rejection."""
        article_id = article.content_id
        if article_id in self._first_seen and self._first_seen[article_id][1] != article.outlet:
            article_id = article.content_outlet_id
        if article_id in self._first_seen:
            first_path = self._first_seen[article_id][0]
            return Rejection(article.source_path, f"duplicate: the same text as {first_path} (article {article_id}), kept once")
        self._first_seen[article_id] = (article.source_path, article.outlet)
        self._articles["article_id"].append(article_id)
        for name in _ARTICLE_FIELDS:
            self._articles[name].append(getattr(article, name))
        self._articles["n_sentences"].append(len(article.sentences))
        self._articles["syndicated_of"].append("")
        self.candidates.append(SyndicationCandidate(article_id, article.published, article.fingerprint))
        for position, sentence in enumerate(article.sentences):
            self._sentences["article_id"].append(article_id)
            self._sentences["sentence_id"].append(f"{article_id}:{position}")
            self._sentences["position"].append(position)
            self._sentences["paragraph"].append(sentence.paragraph)
            self._sentences["text"].append(sentence.text)
            self._sentences["is_quote"].append(sentence.is_quote)
        if len(self._articles["article_id"]) >= CHUNK_ARTICLES:
            self._flush()
        return None

    def __len__(self) -> int:
        return len(self.candidates)

    def frames(self, rejections: list[Rejection]) -> dict[str, pd.DataFrame]:
        """The three tables, with syndication found across the whole corpus."""
        self._flush()
        articles = pd.concat(self._article_chunks, ignore_index=True)
        sentences = pd.concat(self._sentence_chunks, ignore_index=True)
        self._article_chunks, self._sentence_chunks = [], []
        copies = syndicated_of(self.candidates)
        articles["syndicated_of"] = articles["article_id"].map(lambda article_id: copies.get(article_id, "")).astype("string")
        rejected = frame_from_rows(
            schema.REJECTED,
            ({"source_path": r.source_path, "reason": r.reason} for r in sorted(rejections, key=lambda r: r.source_path)),
        )
        return {"articles": articles, "sentences": sentences, "rejected": rejected}


def default_workers(files: list[InputFile]) -> int:
    total = sum(file.path.stat().st_size for file in files if file.path.exists())
    return (os.cpu_count() or 1) if total >= PARALLEL_MIN_BYTES else 1


def build_tables(
    inputs: list[Path],
    registry: SourceRegistry,
    *,
    workers: int | None = None,
    progress: bool = False,
    warn: Callable[[str], None] = lambda message: None,
) -> dict[str, pd.DataFrame]:
    """Read, clean and tabulate every article under `inputs`; nothing is written.

    Raises FileNotFoundError for a missing input and NothingToBuild when no article is usable.
    """
    files = input_files(inputs)
    if not files:
        raise NothingToBuild(f"no files found in {', '.join(map(str, inputs))}")
    rejections: list[Rejection] = []

    def reject(rejection: Rejection) -> None:
        rejections.append(rejection)
        warn(f"warning: skipped {rejection.source_path}: {rejection.reason}")

    bar = tqdm(total=len(files), unit="file", disable=not progress or len(files) <= PROGRESS_MIN_FILES, leave=False)

    def raw_articles() -> Iterator[RawArticle]:
        for file in files:
            for item in raw_articles_from_file(file):
                if isinstance(item, Rejection):
                    reject(item)
                else:
                    yield item
            bar.update()

    tables = CorpusTables()
    with bar:
        for result in cleaned_articles(raw_articles(), registry, workers or default_workers(files)):
            rejection = result if isinstance(result, Rejection) else tables.add(result)
            if rejection is not None:
                reject(rejection)
    if not len(tables):
        raise NothingToBuild(f"none of the {len(files)} input files held a usable article")
    return tables.frames(rejections)


def manifest_of(frames: dict[str, pd.DataFrame], inputs: list[Path], seconds: float) -> dict[str, object]:
    articles = frames["articles"]
    published = articles["published"].dropna()
    return {
        "coverage_lens_version": __version__,
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "inputs": [str(path) for path in inputs],
        "seconds": round(seconds, 3),
        "articles": len(articles),
        "outlets": int(articles["outlet"].nunique()),
        "sentences": len(frames["sentences"]),
        "rejected": len(frames["rejected"]),
        "first_published": published.min().date().isoformat() if len(published) else None,
        "last_published": published.max().date().isoformat() if len(published) else None,
    }


def build(
    inputs: list[Path],
    out: Path,
    sources: Path,
    *,
    workers: int | None = None,
    progress: bool = False,
    warn: Callable[[str], None] = lambda message: None,
) -> BuildReport:
    """Build the tables and swap them into `out`; on any failure `out` is left as it was."""
    started = time.perf_counter()
    registry = source_registry_from_csv(sources)
    frames = build_tables(inputs, registry, workers=workers, progress=progress, warn=warn)
    seconds = time.perf_counter() - started
    manifest = manifest_of(frames, inputs, seconds)
    write_tables_atomically(out, frames, manifest)
    return BuildReport(frames, time.perf_counter() - started, manifest)
