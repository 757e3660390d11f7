"""The build: input folders in, the `articles`, `sentences` and `rejected` tables out.

Reading happens here in the main process (it is I/O and streams); cleaning, the costly
part, runs in batches on every core once a corpus is large enough to repay the start-up
of worker processes. Results come back in input order, so a build is deterministic.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from itertools import islice
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from dashboard import __version__, schema
from dashboard.preprocessing.articles import CleanArticle, clean_article_from_raw
from dashboard.preprocessing.ingest.files import InputFile, input_files, raw_articles_from_file
from dashboard.preprocessing.records import RawArticle, Rejection
from dashboard.preprocessing.actors.article_actors import article_actors
from dashboard.preprocessing.actors.dictionary import ActorDictionary
from dashboard.preprocessing.actors.matching import ActorMatcher
from dashboard.preprocessing.reference import ReferenceData
from dashboard.preprocessing.sources import SourceRegistry
from dashboard.preprocessing.store import write_tables_atomically
from dashboard.preprocessing.sentiment.article_sentiment import article_sentiment
from dashboard.preprocessing.sentiment.modes import DEFAULT_STANCE_MODE, TargetModel, target_model_for
from dashboard.preprocessing.sentiment.stance import sentence_label
from dashboard.preprocessing.source_stance import source_stance
from dashboard.preprocessing.topic.cues import cue_matcher
from dashboard.preprocessing.topic.stance_model import shipped_topic_stance_model
from dashboard.preprocessing.topic.topic_stance import HEADLINE, TopicStanceEngine, article_topic_stance_of, shipped_topic_stance_engine
from dashboard.preprocessing.syndication import SyndicationCandidate, syndicated_of
from dashboard.preprocessing.tables import frame_from_rows, typed_frame
from dashboard.validation.calibration import MIN_CALIBRATION_LABELS, articles_calibrated, calibration_for, calibration_summary
from dashboard.validation.labels import labels_from_file
from dashboard.validation.report import agreement_report, agreement_summary

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


@dataclass(frozen=True)
class Stages:
    """What processing one article needs; each worker process builds its own once."""

    registry: SourceRegistry
    matcher: ActorMatcher
    model: TargetModel
    topic: TopicStanceEngine


_worker_stages: Stages | None = None


def stages_of(reference: ReferenceData, stance_mode: str = DEFAULT_STANCE_MODE, threads: int = 0) -> Stages:
    """The stages; `threads` bounds each model's threads (0: every core; 1 in each worker)."""
    topic = shipped_topic_stance_engine(reference.topic, cue_matcher(reference.cues, reference.topic), shipped_topic_stance_model(), threads)
    return Stages(reference.sources, ActorMatcher(reference.actors), target_model_for(stance_mode, threads), topic)


def _start_worker(reference: ReferenceData, stance_mode: str) -> None:
    global _worker_stages
    _worker_stages = stages_of(reference, stance_mode, threads=1)


def processed_article(raw: RawArticle, stages: Stages) -> CleanArticle | Rejection:
    """One article through every per-article stage: cleaning, actors, sentiment, stance
    toward the actors and toward the topic."""
    article = clean_article_from_raw(raw, stages.registry)
    if isinstance(article, Rejection):
        return article
    texts = [sentence.text for sentence in article.sentences]
    quotes = [sentence.is_quote for sentence in article.sentences]
    actors = article_actors(texts, quotes, stages.matcher)
    return replace(
        article, actors=actors, sentiment=article_sentiment(texts, actors.mentions, stages.model),
        topic_stance=article_topic_stance_of(article.title, texts, quotes, stages.topic),
    )


def processed_article_or_rejection(raw: RawArticle, stages: Stages) -> CleanArticle | Rejection:
    """Process one article; an unexpected error costs that article, never the build."""
    try:
        return processed_article(raw, stages)
    except Exception as error:  # noqa: BLE001 - any bug in one article must not lose the corpus
        return Rejection(
            raw.source_path, f"could not be processed ({type(error).__name__}); the details are in debug.log beside the tables",
            detail=traceback.format_exc(),
        )


def _processed_batch(batch: list[RawArticle]) -> list[CleanArticle | Rejection]:
    assert _worker_stages is not None
    return [processed_article_or_rejection(raw, _worker_stages) for raw in batch]


def _batches(items: Iterable[RawArticle]) -> Iterator[list[RawArticle]]:
    iterator = iter(items)
    while batch := list(islice(iterator, BATCH_SIZE)):
        yield batch


def processed_articles(
    raw_articles: Iterable[RawArticle], reference: ReferenceData, workers: int, stance_mode: str = DEFAULT_STANCE_MODE,
) -> Iterator[CleanArticle | Rejection]:
    """Process articles in input order, on `workers` processes; at most two batches per worker
    are in flight, so memory does not grow with the corpus."""
    if workers <= 1:
        stages = stages_of(reference, stance_mode)
        for raw in raw_articles:
            yield processed_article_or_rejection(raw, stages)
        return
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(reference, stance_mode)) as pool:
        pending = deque()
        for batch in _batches(raw_articles):
            pending.append(pool.submit(_processed_batch, batch))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


# Article columns that come straight from the cleaned article.
_ARTICLE_FIELDS = (
    "source_path", "outlet", "republisher", "outlet_country", "outlet_kind", "title", "published", "date_source",
    "url", "author", "genre", "word_count", "citations", "text",
)


# Tables filled article by article, in chunks.
_CHUNKED_TABLES = (
    schema.ARTICLES, schema.SENTENCES, schema.MENTIONS, schema.QUOTES, schema.TOPIC_STANCE, schema.SENTENCE_STANCE, schema.STANCE,
)
# The candidates table keeps the most frequent names only.
MAX_CANDIDATES = 5000


def _mean(values) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


class CorpusTables:
    """The tables, filled article by article as results arrive.

    Rows are gathered as plain column lists and turned into typed (Arrow-backed) frames
    every CHUNK_ARTICLES articles, so the Python objects of only one chunk are alive at a
    time and memory stays close to the size of the tables themselves. Ids are given here:
    the same text from the same outlet twice is kept once; the same text from a second
    outlet (a repost) gets an id that also hashes its outlet, and syndication links it to
    the first.
    """

    def __init__(self, topic_id: str, topic_band: float) -> None:
        self.topic_id = topic_id
        self.topic_band = topic_band
        self.syndication: list[SyndicationCandidate] = []
        self._first_seen: dict[str, tuple[str, str]] = {}
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

    def _append(self, table: str, **values: object) -> None:
        columns = self._rows[table]
        for column, value in values.items():
            columns[column].append(value)

    def add(self, article: CleanArticle) -> Rejection | None:
        """Add an article; a duplicate is not added and comes back as a rejection."""
        article_id = article.content_id
        if article_id in self._first_seen and self._first_seen[article_id][1] != article.outlet:
            article_id = article.content_outlet_id
        if article_id in self._first_seen:
            first_path = self._first_seen[article_id][0]
            return Rejection(article.source_path, f"duplicate: the same text as {first_path} (article {article_id}), kept once")
        self._first_seen[article_id] = (article.source_path, article.outlet)
        sentence_id = [f"{article_id}:{position}" for position in range(len(article.sentences))]
        sentiments = article.sentiment.sentences
        topic = article.topic_stance

        def topic_sentence_id(position: int) -> str:
            return f"{article_id}:title" if position == HEADLINE else sentence_id[position]

        self._append(
            "articles", article_id=article_id, n_sentences=len(article.sentences), syndicated_of="",
            polarity=_mean(s.polarity for s in sentiments), subjectivity=_mean(s.subjectivity for s in sentiments),
            vader_compound=_mean(s.vader_compound for s in sentiments),
            topic_score=topic.score, topic_whole_score=topic.whole_score, topic_label=topic.label, topic_confidence=topic.confidence,
            topic_sentences=topic.n_topic_sentences, topic_evidence="|".join(map(topic_sentence_id, topic.evidence)),
            **{name: getattr(article, name) for name in _ARTICLE_FIELDS},
        )
        for stance in topic.sentences:
            critical, neutral, supportive = stance.probabilities
            self._append(
                "topic_stance", article_id=article_id, sentence_id=topic_sentence_id(stance.sentence), topic=self.topic_id,
                reference_kind=stance.reference_kind, voice=stance.voice, weight=stance.weight, p_critical=critical,
                p_neutral=neutral, p_supportive=supportive, score=stance.score, label=stance.label, text=stance.text,
            )
        self.syndication.append(SyndicationCandidate(article_id, article.published, article.fingerprint))
        for position, sentence in enumerate(article.sentences):
            sentiment = sentiments[position]
            self._append(
                "sentences", article_id=article_id, sentence_id=sentence_id[position], position=position,
                paragraph=sentence.paragraph, text=sentence.text, is_quote=sentence.is_quote,
                polarity=sentiment.polarity, subjectivity=sentiment.subjectivity, vader_compound=sentiment.vader_compound,
            )
        for stance in article.sentiment.sentence_stances:
            self._append(
                "sentence_stance", article_id=article_id, sentence_id=sentence_id[stance.sentence], actor_id=stance.actor_id,
                score=stance.score, label=sentence_label(stance.score), hedged=stance.hedged,
            )
        for stance in article.sentiment.stances:
            self._append(
                "stance", article_id=article_id, actor_id=stance.actor_id, n_sentences=stance.n_sentences,
                n_negative=stance.n_negative, n_neutral=stance.n_neutral, n_positive=stance.n_positive,
                score=stance.score, label=stance.label, evidence="|".join(sentence_id[i] for i in stance.evidence),
            )
        for mention in article.actors.mentions:
            self._append(
                "mentions", article_id=article_id, sentence_id=sentence_id[mention.sentence], actor_id=mention.actor_id,
                surface=mention.surface, start=mention.start, end=mention.end, mention_kind=mention.kind,
            )
        for quote in article.actors.quotes:
            self._append(
                "quotes", article_id=article_id, sentence_id=sentence_id[quote.sentence],
                speaker_actor_id=quote.speaker_actor_id, speaker_text=quote.speaker_text, quote=quote.quote,
            )
        self._count_names(article)
        if len(self._rows["articles"]["article_id"]) >= CHUNK_ARTICLES:
            self._flush()
        return None

    def _count_names(self, article: CleanArticle) -> None:
        named_here: set[str] = set()
        for sighting in article.actors.names:
            entry = self._names.setdefault(sighting.name, [sighting.kind_guess, 0, 0, article.sentences[sighting.sentence].text])
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

    def frames(self, rejections: list[Rejection], dictionary: ActorDictionary) -> dict[str, pd.DataFrame]:
        """Every table, with syndication found across the whole corpus."""
        self._flush()
        frames = {name: pd.concat(chunks, ignore_index=True) for name, chunks in self._chunks.items()}
        self._chunks = {}
        copies = syndicated_of(self.syndication)
        articles = frames["articles"]
        articles["syndicated_of"] = articles["article_id"].map(lambda article_id: copies.get(article_id, "")).astype("string")
        frames["actors"] = frame_from_rows(
            schema.ACTORS,
            ({"actor_id": a.actor_id, "name": a.name, "type": a.type, "country": a.country, "role": a.role, "aliases": "|".join(a.aliases)}
             for a in dictionary.actors),
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


def _regular_file_size(path: Path) -> int:
    try:
        status = path.lstat()
    except OSError:
        return 0
    return status.st_size if stat.S_ISREG(status.st_mode) else 0


def default_workers(files: list[InputFile]) -> int:
    total = sum(_regular_file_size(file.path) for file in files)
    return (os.cpu_count() or 1) if total >= PARALLEL_MIN_BYTES else 1


def build_tables(
    inputs: list[Path],
    reference: ReferenceData,
    *,
    stance_mode: str = DEFAULT_STANCE_MODE,
    workers: int | None = None,
    progress: bool = False,
    warn: Callable[[str], None] = lambda message: None,
    follow_links: bool = False,
) -> dict[str, pd.DataFrame]:
    """Read, clean and tabulate every article under `inputs`; nothing is written.

    Raises FileNotFoundError for a missing input and NothingToBuild when no article is usable.
    """
    return tables_from_files(
        input_files(inputs, follow_links), reference, stance_mode=stance_mode, workers=workers, progress=progress, warn=warn,
    ).frames


@dataclass(frozen=True)
class BuiltTables:
    frames: dict[str, pd.DataFrame]
    input_files: int
    # Tracebacks of unforeseen errors, by file: what debug.log holds.
    details: list[Rejection]


def tables_from_files(
    files: list[InputFile],
    reference: ReferenceData,
    *,
    stance_mode: str = DEFAULT_STANCE_MODE,
    workers: int | None = None,
    progress: bool = False,
    warn: Callable[[str], None] = lambda message: None,
) -> BuiltTables:
    """The tables of the given input files; every file ends up in `articles` or `rejected`."""
    if not files:
        raise NothingToBuild("no files found in the inputs")
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

    tables = CorpusTables(reference.topic.topic_id, shipped_topic_stance_model().article.band)
    with bar:
        for result in processed_articles(raw_articles(), reference, workers or default_workers(files), stance_mode):
            rejection = result if isinstance(result, Rejection) else tables.add(result)
            if rejection is not None:
                reject(rejection)
    if not len(tables):
        raise NothingToBuild(f"none of the {len(files)} input files held a usable article")
    return BuiltTables(tables.frames(rejections, reference.actors), len(files), [r for r in rejections if r.detail])


def manifest_of(built: BuiltTables, inputs: list[Path], seconds: float, reference: ReferenceData, stance_mode: str) -> dict[str, object]:
    frames = built.frames
    articles = frames["articles"]
    published = articles["published"].dropna()
    model = shipped_topic_stance_model()
    return {
        "coverage_lens_version": __version__,
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "inputs": [str(path) for path in inputs],
        "topic": reference.topic.topic_id,
        "topic_title": reference.topic.title,
        "topic_stance_variant": model.variant,
        "topic_weights": asdict(model.article),
        "stance_mode": stance_mode,
        "seconds": round(seconds, 3),
        "input_files": built.input_files,
        "articles": len(articles),
        "outlets": int(articles["outlet"].nunique()),
        "sentences": len(frames["sentences"]),
        "mentions": len(frames["mentions"]),
        "quotes": len(frames["quotes"]),
        "articles_with_topic_stance": int(articles["topic_score"].notna().sum()),
        "rejected": len(frames["rejected"]),
        "debug_log": DEBUG_LOG if built.details else None,
        "first_published": published.min().date().isoformat() if len(published) else None,
        "last_published": published.max().date().isoformat() if len(published) else None,
    }


def build(
    inputs: list[Path],
    out: Path,
    reference: ReferenceData,
    *,
    stance_mode: str = DEFAULT_STANCE_MODE,
    workers: int | None = None,
    progress: bool = False,
    warn: Callable[[str], None] = lambda message: None,
    follow_links: bool = False,
    labels: Path | None = None,
    calibrate: bool = False,
) -> BuildReport:
    """Build the tables and swap them into `out`; on any failure `out` is left as it was.

    With a `labels` file, `build.json` also records how the new tables agree with it; with
    `calibrate`, the score-to-label thresholds are fitted on those labels and applied, and
    `build.json` records them with out-of-fold figures only.
    """
    started = time.perf_counter()
    files = input_files(inputs, follow_links)
    built = tables_from_files(files, reference, stance_mode=stance_mode, workers=workers, progress=progress, warn=warn)
    manifest = manifest_of(built, inputs, time.perf_counter() - started, reference, stance_mode)
    frames = built.frames
    if labels is not None and labels.is_file():
        people = labels_from_file(labels).labels
        manifest["agreement"] = agreement_summary(agreement_report(frames["articles"], people))
        if calibrate:
            calibration = calibration_for(frames["articles"], people, shipped_topic_stance_model().article.band)
            manifest["calibration"] = (
                calibration_summary(calibration) if calibration
                else {"used": False, "why": f"fewer than {MIN_CALIBRATION_LABELS} labels of the random sample on scored articles"}
            )
            if calibration:
                frames = {**frames, "articles": articles_calibrated(frames["articles"], calibration.thresholds)}
    elif calibrate:
        manifest["calibration"] = {"used": False, "why": "no labels file"}
    extra = {DEBUG_LOG: debug_log_of(built.details)} if built.details else {}
    write_tables_atomically(out, frames, manifest, extra)
    return BuildReport(frames, time.perf_counter() - started, manifest)


DEBUG_LOG = "debug.log"


def debug_log_of(details: list[Rejection]) -> str:
    """The tracebacks of unforeseen errors, one block per file, for a bug report."""
    return "".join(f"== {rejection.source_path}: {rejection.reason}\n{rejection.detail}\n" for rejection in details)
