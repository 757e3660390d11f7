"""The dashboard's global filters, as plain data and one plain function that applies them.

Every page shows `filtered_tables(tables, filters)`; the sidebar only turns widgets into
a `Filters`. No Streamlit here, so the filtering is tested on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.preprocessing.genre import GENRES
from dashboard.preprocessing.sentiment.stance import STANCE_BAND
from dashboard.preprocessing.source_stance import source_stance

Tables = dict[str, pd.DataFrame]
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


def _articles_matching(articles: pd.DataFrame, filters: Filters) -> pd.DataFrame:
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
        keep &= rows_containing(articles, ("title", "text"), filters.search.strip())
    return articles[keep.fillna(False)]


def filtered_tables(tables: Tables, filters: Filters, topic_id: str = "", topic_band: float = STANCE_BAND) -> Tables:
    """Every table restricted to what the filters select; `source_stance` is recomputed
    from the articles and sentences that remain (the topic's rows with `topic_band`), so
    its intervals stay honest."""
    if filters == Filters():
        return tables
    topic_rows = tables["source_stance"][tables["source_stance"]["target_kind"] == "topic"]
    topic_id = topic_id or (str(topic_rows["target_id"].iloc[0]) if len(topic_rows) else "")
    articles = _articles_matching(tables["articles"], filters)
    actors = tables["actors"]
    if filters.actor_types:
        actors = actors[actors["type"].isin(filters.actor_types)]
    if filters.actors:
        actors = actors[actors["actor_id"].isin(filters.actors)]
    actor_ids = set(actors["actor_id"])
    stance = tables["stance"]
    stance = stance[stance["article_id"].isin(articles["article_id"]) & stance["actor_id"].isin(actor_ids)]
    if filters.stance_labels:
        stance = stance[stance["label"].isin(filters.stance_labels)]
        articles = articles[articles["article_id"].isin(stance["article_id"])]
    if filters.actors:
        mentioned = tables["mentions"][tables["mentions"]["actor_id"].isin(filters.actors)]["article_id"]
        articles = articles[articles["article_id"].isin(mentioned)]
    kept = set(articles["article_id"])

    def of_articles(name: str) -> pd.DataFrame:
        frame = tables[name]
        return frame[frame["article_id"].isin(kept)]

    mentions = of_articles("mentions")
    mentions = mentions[mentions["actor_id"].isin(actor_ids) | (mentions["actor_id"] == "")]
    sentence_stance = of_articles("sentence_stance")
    sentence_stance = sentence_stance[sentence_stance["actor_id"].isin(actor_ids)]
    stance = stance[stance["article_id"].isin(kept)]
    return {
        **tables,
        "articles": articles,
        "sentences": of_articles("sentences"),
        "actors": actors,
        "mentions": mentions,
        "quotes": of_articles("quotes"),
        "topic_stance": of_articles("topic_stance"),
        "sentence_stance": sentence_stance,
        "stance": stance,
        "source_stance": source_stance(articles, sentence_stance, topic_id, topic_band),
    }


def options_of(tables: Tables) -> dict[str, list[str]]:
    """The choices each filter offers, from the unfiltered tables, by query parameter name."""
    articles, actors = tables["articles"], tables["actors"]
    mentioned = set(tables["mentions"]["actor_id"])
    names = dict(zip(actors["actor_id"], actors["name"]))
    return {
        "outlet": sorted(articles["outlet"].unique()),
        "country": sorted(value for value in articles["outlet_country"].unique() if value),
        "kind": sorted(value for value in articles["outlet_kind"].unique() if value),
        "genre": [genre for genre in GENRES if genre in set(articles["genre"])],
        "actor_type": sorted(actors["type"].unique()),
        "actor": sorted((actor for actor in actors["actor_id"] if actor in mentioned), key=lambda actor: names[actor].lower()),
        "stance": list(STANCE_LABELS),
        "topic": list(STANCE_LABELS),
    }
