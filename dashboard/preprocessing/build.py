"""The build: input folders in, the `articles`, `sentences` and `rejected` tables out.

Reading happens here in the main process (it is I/O and streams); cleaning, the costly
part, runs in batches on every core once a corpus is large enough to repay the start-up
of worker processes. Results come back in input order, so a build is deterministic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
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
from dashboard.preprocessing.tables import frame_from_rows

BATCH_SIZE = 64
# Below this much input, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 2 * 2**20
# A progress bar is shown for corpora of more files than this.
PROGRESS_MIN_FILES = 50


class NothingToBuild(RuntimeError):
    """No article at all could be read; the previous tables are kept."""


@dataclass
class BuildReport:
    frames: dict[str, pd.DataFrame]
    seconds: float
    manifest: dict[str, object] = field(default_factory=dict)


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


def _id_with_outlet(article: CleanArticle) -> str:
    return hashlib.sha256(f"{article.content_key}\n{article.outlet}".encode()).hexdigest()[:16]


def identified_articles(articles: Iterable[CleanArticle]) -> tuple[list[tuple[str, CleanArticle]], list[Rejection]]:
    """Give each article its id; the same text from the same outlet twice is kept once.

    The same text from two outlets is two articles (a repost): the later one's id also
    hashes its outlet, and syndication links it to the first.
    """
    kept: list[tuple[str, CleanArticle]] = []
    duplicates: list[Rejection] = []
    first_by_id: dict[str, CleanArticle] = {}
    for article in articles:
        article_id = article.content_hash
        if article_id in first_by_id and first_by_id[article_id].outlet != article.outlet:
            article_id = _id_with_outlet(article)
        if article_id in first_by_id:
            first = first_by_id[article_id]
            duplicates.append(Rejection(article.source_path, f"duplicate: the same text as {first.source_path} (article {article_id}), kept once"))
            continue
        first_by_id[article_id] = article
        kept.append((article_id, article))
    return kept, duplicates


def article_row(article_id: str, article: CleanArticle, syndicated: str) -> dict[str, object]:
    return {
        "article_id": article_id,
        "source_path": article.source_path,
        "outlet": article.outlet,
        "republisher": article.republisher,
        "outlet_country": article.outlet_country,
        "outlet_kind": article.outlet_kind,
        "title": article.title,
        "published": article.published,
        "date_source": article.date_source,
        "url": article.url,
        "author": article.author,
        "word_count": article.word_count,
        "n_sentences": len(article.sentences),
        "syndicated_of": syndicated,
        "citations": article.citations,
        "text": article.text,
    }


def sentence_rows(article_id: str, article: CleanArticle) -> Iterator[dict[str, object]]:
    for position, sentence in enumerate(article.sentences):
        yield {
            "article_id": article_id,
            "sentence_id": f"{article_id}:{position}",
            "position": position,
            "paragraph": sentence.paragraph,
            "text": sentence.text,
            "is_quote": sentence.is_quote,
        }


def tables_from_identified(identified: list[tuple[str, CleanArticle]], rejections: list[Rejection]) -> dict[str, pd.DataFrame]:
    """The three tables from the identified articles and every rejection met on the way."""
    copies = syndicated_of(
        [SyndicationCandidate(article_id, article.published, article.fingerprint) for article_id, article in identified]
    )
    articles = frame_from_rows(schema.ARTICLES, (article_row(i, a, copies.get(i, "")) for i, a in identified))
    sentences = frame_from_rows(schema.SENTENCES, (row for i, a in identified for row in sentence_rows(i, a)))
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

    clean: list[CleanArticle] = []
    with bar:
        for result in cleaned_articles(raw_articles(), registry, workers or default_workers(files)):
            if isinstance(result, Rejection):
                reject(result)
            else:
                clean.append(result)
    if not clean:
        raise NothingToBuild(f"none of the {len(files)} input files held a usable article")
    identified, duplicates = identified_articles(clean)
    for duplicate in duplicates:
        reject(duplicate)
    return tables_from_identified(identified, rejections)


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
