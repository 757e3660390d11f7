"""Cached loaders, and what every page reads: the tables as the sidebar filters them.

The entry script (`main.py`) fills a `PageData` each run and the pages read it with
`page_data()`; the work itself is done by plain functions in `corpus`, `tables`,
`filters` and `views`.

A build's tables are read once and shared, not copied, by every session and rerun
(`st.cache_resource`: `st.cache_data` would hand each caller its own copy, the whole
corpus at every rerun). Nothing may change them: the pages and views copy what they
change.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.app import corpus
from dashboard.app.charts import OutletColours, outlet_colours
from dashboard.app.digest import Digest, EmbeddingCache, EmbeddingStore, GroupedClaims, SentenceOrder, candidates_in, digest_from, grouped_claims, sentence_order
from dashboard.app.filters import Filters, options_of, selection
from dashboard.app.tables import Corpus, Selection, corpus_from_folder, corpus_of
from dashboard.preprocessing.encoder.sentence_encoder import encoder_version, page_encoder
from dashboard.validation.labels import LabelsRead, labels_from_file
from dashboard.validation.report import AgreementReport, agreement_report

_PAGE_DATA = "page_data"


@dataclass(frozen=True)
class PageData:
    tables: Selection  # what the filters keep
    corpus: Mapping[str, pd.DataFrame]  # unfiltered
    filters: Filters
    colours: OutletColours
    topic: str  # the topic's id
    topic_title: str
    manifest: dict
    folder: Path
    problem: str | None  # why there are no tables, when there are none


# Keyed by the build's time stamp, so a rebuild (an upload) is picked up at once. Two
# builds at most: the current one and another (a hosted session's own, or the one a
# rebuild just replaced), since a large corpus takes gigabytes.
@st.cache_resource(show_spinner=False, max_entries=2)
def loaded_corpus(folder: str, built_at: str | None) -> Corpus:
    """The build in `folder`, read once (only the columns the pages read)."""
    # The selections of the builds this one may push out would keep them in memory.
    kept_tables.clear()
    manifest = corpus.manifest_of_folder(Path(folder)) if built_at else {}
    topic, band = corpus.topic_of(manifest), corpus.topic_band_of(manifest)
    if not built_at:
        return corpus_of(corpus.empty_tables(), topic, band)
    return corpus_from_folder(Path(folder), topic, band, built_at)


# Few entries: each holds the masks of its filters, and the tables made from them.
@st.cache_resource(show_spinner=False, max_entries=16)
def kept_tables(folder: str, built_at: str | None, filters: Filters) -> Selection:
    return selection(loaded_corpus(folder, built_at), filters)


@st.cache_data(show_spinner=False, max_entries=8)
def filter_options(folder: str, built_at: str | None) -> dict[str, list[str]]:
    return options_of(loaded_corpus(folder, built_at))


@st.cache_resource(show_spinner=False, max_entries=8)
def colours_of(folder: str, built_at: str | None) -> OutletColours:
    return outlet_colours(loaded_corpus(folder, built_at).values["outlet"][1])


def current_folder() -> Path:
    """This session's own tables after a hosted upload, else the shared ones."""
    return Path(st.session_state.get("session_tables") or corpus.tables_folder())


def page_data_for(folder: Path, manifest: dict, filters: Filters, problem: str | None) -> PageData:
    """What the pages read, from the tables in `folder` whose manifest is `manifest`."""
    stamp = manifest.get("built_at")
    return PageData(
        tables=kept_tables(str(folder), stamp, filters),
        corpus=loaded_corpus(str(folder), stamp).tables,
        filters=filters,
        colours=colours_of(str(folder), stamp),
        topic=corpus.topic_of(manifest),
        topic_title=corpus.topic_title_of(manifest),
        manifest=manifest,
        folder=folder,
        problem=problem,
    )


def keep_page_data(data: PageData) -> None:
    st.session_state[_PAGE_DATA] = data


def page_data() -> PageData:
    return st.session_state[_PAGE_DATA]


@st.cache_data(show_spinner=False, max_entries=32)
def original_text(inputs: tuple[str, ...], source_path: str, built_at: str | None) -> str | None:
    """An article's text as its file holds it (re-reading a large CSV is worth caching)."""
    original = corpus.original_article([Path(path) for path in inputs], source_path)
    return original.body if original else None


def private_session_folder() -> Path | None:
    """On a shared hosted deploy, this browser session's own folder (uploads, labels,
    rebuilt tables), made on first use; None when running locally."""
    if not corpus.uploads_are_session_only():
        return None
    if "session_folder" not in st.session_state:
        st.session_state["session_folder"] = str(corpus.session_folder())
    return Path(st.session_state["session_folder"])


def labels_file() -> Path:
    """This session's labels file: on a shared hosted deploy each session keeps its own."""
    return corpus.labels_path(private_session_folder())


def _stamp_of(path: Path) -> float | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


# Keyed by the labels file's modification time: a saved label shows at once.
@st.cache_data(show_spinner=False, max_entries=8)
def labels_table(path: str, stamp: float | None) -> LabelsRead:
    return labels_from_file(Path(path))


def current_labels(path: Path) -> LabelsRead:
    return labels_table(str(path), _stamp_of(path))


@st.cache_data(show_spinner=False, max_entries=32)
def agreement_of(folder: str, built_at: str | None, filters: Filters, labels: str, stamp: float | None) -> AgreementReport:
    return agreement_report(kept_tables(folder, built_at, filters)["articles"], labels_table(labels, stamp).labels)


def agreement_for(data: PageData) -> AgreementReport:
    """How the articles shown agree with this session's labels."""
    path = labels_file()
    return agreement_of(str(data.folder), data.manifest.get("built_at"), data.filters, str(path), _stamp_of(path))


CACHE_ENV = "COVERAGE_LENS_CACHE"


def embeddings_folder() -> Path:
    """Where the digest's embeddings are kept between servers: `$COVERAGE_LENS_CACHE`, else
    the user's cache folder; one folder per version of the encoder."""
    root = os.environ.get(CACHE_ENV) or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "coverage-lens"
    return Path(root) / f"digest-embeddings-{encoder_version()}"


def _embed_on_page(texts: Sequence[str]) -> np.ndarray:
    # The encoder is loaded only when a text is neither in memory nor on disk.
    return page_encoder().embeddings(texts)


# One for the app: every session and filter reuses the embeddings of the sentences seen.
@st.cache_resource(show_spinner=False)
def sentence_embeddings() -> EmbeddingCache:
    return EmbeddingCache(_embed_on_page, store=EmbeddingStore(embeddings_folder()))


# By corpus, kept as long as it is: ordering millions of sentences takes seconds, masking
# them a tenth of one.
_SENTENCE_ORDERS: weakref.WeakKeyDictionary[Corpus, SentenceOrder] = weakref.WeakKeyDictionary()
_SENTENCE_ORDERS_LOCK = threading.Lock()


def sentence_order_of(whole: Corpus) -> SentenceOrder:
    """The corpus's sentences in the order the digest reads them, for every filter."""
    with _SENTENCE_ORDERS_LOCK:
        if whole not in _SENTENCE_ORDERS:
            tables = whole.tables
            _SENTENCE_ORDERS[whole] = sentence_order(tables["sentences"], tables["articles"], tables["topic_stance"], whole.article_rows["sentences"])
        return _SENTENCE_ORDERS[whole]


def digest_for(tables: Selection, lines_per_section: int) -> Digest:
    """The digest of what the filters keep. The candidates, their similarities and groups are
    made once per selection (shared by its reruns); another number of lines per section
    only chooses the lines again."""

    def grouped() -> GroupedClaims:
        candidates = candidates_in(sentence_order_of(tables.corpus), tables.articles)
        return grouped_claims(candidates, sentence_embeddings().embeddings)

    groups = tables.once("digest groups", grouped)
    return tables.once(f"digest of {lines_per_section}", lambda: digest_from(groups, lines_per_section))
