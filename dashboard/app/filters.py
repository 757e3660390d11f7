"""The dashboard's global filters, as plain data and one plain function that applies them.

Every page shows `selection(corpus, filters)`; the sidebar only turns widgets into a
`Filters`. No Streamlit here, so the filtering is tested on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.app.tables import Corpus, Selection
from dashboard.preprocessing.genre import GENRES

STANCE_LABELS = ("critical", "neutral", "supportive")


@dataclass(frozen=True)
class Filters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    outlets: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    actor_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    stance_labels: tuple[str, ...] = ()
    topic_labels: tuple[str, ...] = ()
    include_copies: bool = True
    search: str = ""


def rows_containing(frame: pd.DataFrame, columns: tuple[str, ...], needle: str) -> pd.Series:
    """True where any of `columns` contains `needle` (case-insensitive, taken literally)."""
    hit = pd.Series(False, index=frame.index)
    for column in columns:
        hit |= frame[column].str.contains(needle, case=False, regex=False).fillna(False)
    return hit


def _articles_matching(corpus: Corpus, filters: Filters) -> np.ndarray:
    articles = corpus.tables["articles"]
    keep = pd.Series(True, index=articles.index)
    published = articles["published"]
    if filters.date_from is not None:
        keep &= published.notna() & (published >= pd.Timestamp(filters.date_from))
    if filters.date_to is not None:
        keep &= published.notna() & (published <= pd.Timestamp(filters.date_to))
    for column, chosen in (("outlet", filters.outlets), ("outlet_country", filters.countries), ("outlet_kind", filters.kinds), ("genre", filters.genres)):
        if chosen:
            keep &= articles[column].isin(chosen)
    if filters.topic_labels:
        keep &= articles["topic_label"].isin(filters.topic_labels)
    if not filters.include_copies:
        keep &= articles["syndicated_of"] == ""
    if filters.search.strip():
        keep &= rows_containing(articles[["title"]].assign(text=corpus.texts), ("title", "text"), filters.search.strip())
    return keep.fillna(False).to_numpy(dtype=bool)


def _with_any_of(corpus: Corpus, table: str, rows: np.ndarray) -> np.ndarray:
    """Which articles have at least one of these rows of `table`."""
    found = np.zeros(len(corpus.tables["articles"]), dtype=bool)
    found[corpus.article_rows[table][rows]] = True
    return found


def selection(corpus: Corpus, filters: Filters) -> Selection:
    """Every table restricted to what the filters select; `source_stance` is recomputed
    from the articles and sentences that remain (the topic's rows with the build's band),
    so its intervals stay honest."""
    if filters == Filters():
        return Selection(corpus, None)
    articles = _articles_matching(corpus, filters)
    actors = corpus.tables["actors"]
    kept_actors = np.ones(len(actors), dtype=bool)
    if filters.actor_types:
        kept_actors &= actors["type"].isin(filters.actor_types).to_numpy(dtype=bool)
    if filters.actors:
        kept_actors &= actors["actor_id"].isin(filters.actors).to_numpy(dtype=bool)
    if filters.stance_labels:
        stance = Selection(corpus, articles, kept_actors, filters.stance_labels)
        articles = articles & _with_any_of(corpus, "stance", stance.kept_rows("stance"))
    if filters.actors:
        chosen = np.flatnonzero(actors["actor_id"].isin(filters.actors).to_numpy(dtype=bool))
        articles = articles & _with_any_of(corpus, "mentions", np.isin(corpus.actor_rows["mentions"], chosen))
    return Selection(corpus, articles, kept_actors, filters.stance_labels)


def options_of(corpus: Corpus) -> dict[str, list[str]]:
    """The choices each filter offers, from the unfiltered tables, by query parameter name."""
    actors = corpus.tables["actors"]
    mentioned = np.bincount(corpus.actor_rows["mentions"], minlength=len(actors) + 2)[: len(actors)] > 0
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    return {
        "outlet": corpus.values["outlet"][1],
        "country": [value for value in corpus.values["outlet_country"][1] if value],
        "kind": [value for value in corpus.values["outlet_kind"][1] if value],
        "genre": [genre for genre in GENRES if genre in set(corpus.values["genre"][1])],
        "actor_type": sorted(actors["type"].unique()),
        "actor": sorted(actors["actor_id"][mentioned], key=lambda actor: names[actor].lower()),
        "stance": list(STANCE_LABELS),
        "topic": list(STANCE_LABELS),
    }
