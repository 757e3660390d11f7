"""The global filters in the sidebar. Each widget is bound to a URL query parameter (its
key), so a copied link opens the same view; `filters_from_sidebar` turns them into the
plain `Filters` that every page applies."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.app.filters import Filters

# The query parameter of each filter; the README lists them for people who write links.
QUERY_PARAMETERS = {
    "from": "published on or after (YYYY-MM-DD)",
    "to": "published on or before (YYYY-MM-DD)",
    "outlet": "outlet name; repeat for several",
    "country": "outlet country; repeat for several",
    "kind": "outlet kind; repeat for several",
    "genre": "news, editorial, opinion/column, analysis, interview or statement; repeat for several",
    "actor_type": "actor type; repeat for several",
    "actor": "actor name; repeat for several",
    "stance": "stance toward an actor: critical, neutral or supportive; repeat for several",
    "topic": "the article's stance on the topic: critical, neutral or supportive; repeat for several",
    "copies": "false to leave out syndicated copies",
    "q": "words that the title or text must contain",
}


def filters_from_sidebar(options: dict[str, list[str]], actor_names: dict[str, str], published: pd.Series) -> Filters:
    sidebar = st.sidebar
    sidebar.header("Filters")
    dated = published.dropna()
    date_from = date_to = None
    if len(dated):
        first, last = dated.min().date(), dated.max().date()
        left, right = sidebar.columns(2)
        date_from = left.date_input("From", value=None, min_value=first, max_value=last, key="from", bind="query-params", format="YYYY-MM-DD")
        date_to = right.date_input("To", value=None, min_value=first, max_value=last, key="to", bind="query-params", format="YYYY-MM-DD")

    def choices(label: str, key: str, help: str, format_func=str) -> tuple[str, ...]:
        return tuple(sidebar.multiselect(label, options[key], key=key, bind="query-params", format_func=format_func, placeholder="All", help=help))

    return Filters(
        date_from=date_from,
        date_to=date_to,
        outlets=choices("Outlet", "outlet", "Original publisher of the article."),
        countries=choices("Outlet country", "country", "From data/sources.csv."),
        kinds=choices("Outlet kind", "kind", "news, wire, think tank, government, ..."),
        genres=choices("Genre", "genre", "News, editorial, opinion/column, analysis, interview or statement, as the article labels itself."),
        actor_types=choices("Actor type", "actor_type", "Counts and stance only for actors of these types."),
        actors=choices("Actors", "actor", "Articles that mention any of these actors.", lambda actor_id: actor_names.get(actor_id, actor_id)),
        topic_labels=choices("Stance on the topic", "topic", "Articles whose own stance on the topic is this."),
        stance_labels=choices("Stance toward actors", "stance", "Articles with this stance toward at least one (selected) actor."),
        include_copies=sidebar.checkbox("Include syndicated copies", value=True, key="copies", bind="query-params",
                                        help="Reposts of an article already in the corpus."),
        search=sidebar.text_input("Search text", key="q", bind="query-params", placeholder="words in title or text"),
    )
