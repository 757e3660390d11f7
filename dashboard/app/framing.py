"""What the Frames page shows: how each outlet tells the story, from the build's
`article_frames` and `sentence_frames`, as plain frames computed from what the filters
keep. No Streamlit here.

An article carries a frame when at least one of its sentences does. Outlets, weeks and
stance sides are compared by the share of their articles that carry each frame
(`views.attention_shares`, the one function every share comes from), so that an outlet
that publishes more does not look more framed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.app.tables import Selection
from dashboard.app.views import articles_per_outlet, attention_shares, published_text, week_of

TITLE = "title"
STANCE_SIDES = ("critical", "neutral", "supportive")
EVIDENCE_SHOWN = 200


def frame_names(tables: Selection) -> dict[str, str]:
    """frame id -> display name, in the order of `data/frames.csv`."""
    frames = tables.corpus.tables["frames"]
    return dict(zip(frames["frame"], frames["name"], strict=True))


def _article_frame_rows(tables: Selection) -> pd.DataFrame:
    """The kept `article_frames` rows with each article's outlet, week and stance (made
    once per selection: every view of the page starts from them)."""
    return tables.once("article frames with their articles", lambda: _article_frame_rows_made(tables))


def _article_frame_rows_made(tables: Selection) -> pd.DataFrame:
    articles = tables.corpus.tables["articles"]
    rows = tables.article_rows("article_frames")
    every = tables.corpus.tables["article_frames"]
    kept = every.loc[tables.kept_rows("article_frames"), ["frame", "share"]].reset_index(drop=True)
    # Each article's week once, not once per (article, frame) row: 600,000 rows at 100,000 articles.
    weeks = week_of(articles["published"]).to_numpy()
    return kept.assign(
        outlet=articles["outlet"].iloc[rows].to_numpy(),
        topic_label=articles["topic_label"].iloc[rows].to_numpy(),
        week=weeks[rows],
    )


def _named(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    order = {frame_id: position for position, frame_id in enumerate(names)}
    named = frame.assign(name=frame["frame"].map(names).fillna(frame["frame"]), order=frame["frame"].map(order).fillna(len(order)))
    return named.sort_values(["order", *(c for c in ("outlet", "week", "topic_label") if c in named)], kind="stable").drop(columns="order")


def frame_share_by_outlet(tables: Selection) -> pd.DataFrame:
    """For each outlet and frame: the outlet's articles that carry the frame, of how many,
    the share, and the mean share of those articles' sentences that carry it."""
    return tables.once("frame shares by outlet", lambda: _frame_share_by_outlet_made(tables))


def _frame_share_by_outlet_made(tables: Selection) -> pd.DataFrame:
    rows = _article_frame_rows(tables)
    if rows.empty:
        return pd.DataFrame(columns=["outlet", "frame", "name", "articles", "of_articles", "share", "articles_of", "sentence_share"])
    # `article_frames` has one row per (article, frame): its rows count articles.
    counts = rows.groupby(["outlet", "frame"]).agg(articles=("share", "size"), sentence_share=("share", "mean")).reset_index()
    return _named(attention_shares(counts, articles_per_outlet(tables), "outlet"), frame_names(tables))


def frames_over_time(tables: Selection) -> pd.DataFrame:
    """For each week (from Monday) with dated articles and each frame: the share of that
    week's dated articles that carry the frame. Undated articles have no week."""
    return tables.once("frames over time", lambda: _frames_over_time_made(tables))


def _frames_over_time_made(tables: Selection) -> pd.DataFrame:
    rows = _article_frame_rows(tables).dropna(subset=["week"])
    if rows.empty:
        return pd.DataFrame(columns=["week", "frame", "name", "articles", "of_articles", "share", "articles_of"])
    dated = tables["articles"]["published"].dropna()
    bases = week_of(dated).value_counts()
    # Every week with dated articles, for every frame: a week none of them carries it is a 0.
    # unique() first: a set of the column walks its hundreds of thousands of rows in Python.
    grid = pd.MultiIndex.from_product([sorted(bases.index), sorted(rows["frame"].unique())], names=["week", "frame"])
    counts = rows.groupby(["week", "frame"]).size().reindex(grid, fill_value=0).reset_index(name="articles")
    return _named(attention_shares(counts, bases, "week"), frame_names(tables))


def frames_by_stance(tables: Selection) -> pd.DataFrame:
    """For the critical, neutral and supportive articles on the topic: the share of each
    side's articles that carry each frame."""
    return tables.once("frames by stance", lambda: _frames_by_stance_made(tables))


def _frames_by_stance_made(tables: Selection) -> pd.DataFrame:
    rows = _article_frame_rows(tables)
    rows = rows[rows["topic_label"].isin(STANCE_SIDES)]
    if rows.empty:
        return pd.DataFrame(columns=["topic_label", "frame", "name", "articles", "of_articles", "share", "articles_of"])
    counts = rows.groupby(["topic_label", "frame"]).size().reset_index(name="articles")
    bases = tables["articles"]["topic_label"].value_counts()
    return _named(attention_shares(counts, bases, "topic_label"), frame_names(tables))


@dataclass(frozen=True)
class FrameEvidence:
    rows: pd.DataFrame  # strongest first: score, method, cue, text, title, published, article_id, sentence_id
    total: int


EVIDENCE_COLUMNS = ["score", "method", "cue", "text", "title", "published", "article_id", "sentence_id"]


def frame_evidence(tables: Selection, outlet: str, frame: str, shown: int = EVIDENCE_SHOWN) -> FrameEvidence:
    """The sentences (and headlines) of `outlet`'s kept articles that carry `frame`,
    strongest first: what the heatmap's cell is made of."""
    return tables.once(f"frame evidence {outlet!r} {frame!r} {shown}", lambda: _frame_evidence_made(tables, outlet, frame, shown))


def _frame_evidence_made(tables: Selection, outlet: str, frame: str, shown: int) -> FrameEvidence:
    articles = tables.corpus.tables["articles"]
    # Chosen among every row by the outlet's code and the frame, and only those rows taken:
    # restricting millions of sentence_frames rows first cost most of the page's second.
    every = tables.corpus.tables["sentence_frames"]
    rows = tables.corpus.article_rows["sentence_frames"]
    codes, outlets = tables.corpus.values["outlet"]
    outlet_code = outlets.index(outlet) if outlet in outlets else -1
    chosen = tables.kept_rows("sentence_frames") & (codes[rows] == outlet_code) & (every["frame"] == frame).to_numpy(dtype=bool, na_value=False)
    if not chosen.any():
        return FrameEvidence(pd.DataFrame(columns=EVIDENCE_COLUMNS), 0)
    picked = every[chosen].reset_index(drop=True).assign(_row=rows[chosen]).sort_values(["score", "sentence_id"], ascending=[False, True], kind="stable")
    total = len(picked)
    picked = picked.head(shown)
    # Only the sentences of the articles picked: a dict of every sentence would cost seconds at scale.
    sentences = tables.corpus.tables["sentences"]
    of_picked = np.isin(tables.corpus.article_rows["sentences"], picked["_row"].to_numpy())
    texts = dict(zip(sentences["sentence_id"][of_picked], sentences["text"][of_picked], strict=True))
    headline = picked["sentence_id"].str.endswith(f":{TITLE}").to_numpy()
    titles = articles["title"].iloc[picked["_row"]].to_numpy()
    text = np.where(headline, titles, picked["sentence_id"].map(texts).fillna("").to_numpy())
    evidence = picked.assign(
        text=text, title=titles, published=[published_text(value, "") for value in articles["published"].iloc[picked["_row"]]],
    )
    return FrameEvidence(evidence[EVIDENCE_COLUMNS].reset_index(drop=True), total)
