"""What the pages show, as plain frames computed from the (filtered) tables."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import pandas as pd

from dashboard.app.filters import rows_containing
from dashboard.preprocessing.source_stance import ACTOR, TOPIC

Tables = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class Summary:
    articles: int
    outlets: int
    actors: int
    first_published: str
    last_published: str


@dataclass(frozen=True)
class TopicStanceSummary:
    articles: int
    with_stance: int
    critical: int
    neutral: int
    supportive: int


def topic_stance_summary(tables: Tables) -> TopicStanceSummary:
    labels = tables["articles"]["topic_label"]
    return TopicStanceSummary(
        len(labels), int((labels != "").sum()), int((labels == "critical").sum()), int((labels == "neutral").sum()),
        int((labels == "supportive").sum()),
    )


def resolved_mentions(tables: Tables) -> pd.DataFrame:
    """Mentions matched to an actor (a short form that fits nobody has an empty actor_id)."""
    return tables["mentions"][tables["mentions"]["actor_id"] != ""]


def mention_counts(tables: Tables) -> pd.Series:
    """Mentions per actor_id, most mentioned first."""
    return resolved_mentions(tables)["actor_id"].value_counts()


def summary(tables: Tables) -> Summary:
    articles = tables["articles"]
    published = articles["published"].dropna()
    return Summary(
        len(articles),
        articles["outlet"].nunique(),
        resolved_mentions(tables)["actor_id"].nunique(),
        published.min().date().isoformat() if len(published) else "",
        published.max().date().isoformat() if len(published) else "",
    )


def coverage_over_time(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles per day and outlet (dated articles only)."""
    dated = articles.dropna(subset=["published"])
    counts = dated.groupby(["published", "outlet"]).size().reset_index(name="articles")
    return counts.rename(columns={"published": "date"})


def actor_names(tables: Tables) -> dict[str, str]:
    return dict(zip(tables["actors"]["actor_id"], tables["actors"]["name"]))


def mentions_by_actor(tables: Tables, by: str = "outlet", top: int = 20) -> pd.DataFrame:
    """Mentions per actor split by an article column (outlet or outlet_kind), the `top`
    most mentioned actors; unresolved mentions are left out."""
    joined = resolved_mentions(tables).merge(tables["articles"][["article_id", by]], on="article_id")
    counts = joined.groupby(["actor_id", by]).size().reset_index(name="mentions")
    counts = counts[counts["actor_id"].isin(mention_counts(tables).nlargest(top).index)]
    counts["actor"] = counts["actor_id"].map(actor_names(tables))
    return counts


def mentions_by_actor_type(tables: Tables) -> pd.DataFrame:
    joined = resolved_mentions(tables).merge(tables["actors"][["actor_id", "type"]], on="actor_id")
    return joined.groupby("type").size().reset_index(name="mentions").sort_values("mentions", ascending=False)


def actor_cooccurrence(tables: Tables, top: int = 15) -> pd.DataFrame:
    """Articles in which each pair of the `top` most mentioned actors both appear."""
    mentions = resolved_mentions(tables)
    leaders = mention_counts(tables).nlargest(top).index
    names = actor_names(tables)
    pairs: dict[tuple[str, str], int] = {}
    for _, group in mentions[mentions["actor_id"].isin(leaders)].groupby("article_id"):
        for first, second in combinations(sorted(set(group["actor_id"])), 2):
            pairs[first, second] = pairs.get((first, second), 0) + 1
    rows = [{"actor": names[a], "other": names[b], "articles": n} for (a, b), n in pairs.items()]
    rows += [{"actor": names[b], "other": names[a], "articles": n} for (a, b), n in pairs.items()]
    return pd.DataFrame(rows, columns=["actor", "other", "articles"])


def _source_stance_of(tables: Tables, kind: str) -> pd.DataFrame:
    stance = tables["source_stance"]
    return stance[stance["target_kind"] == kind]


def actor_stance_by_outlet(tables: Tables, actor_id: str) -> pd.DataFrame:
    """How each outlet treats one actor: `source_stance` rows of that actor."""
    stance = _source_stance_of(tables, ACTOR)
    return stance[stance["target_id"] == actor_id].reset_index(drop=True)


def topic_stance_by_outlet(tables: Tables) -> pd.DataFrame:
    """How each outlet stands on the topic: `source_stance` rows of the topic."""
    return _source_stance_of(tables, TOPIC).reset_index(drop=True)


def _with_dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    # A missing date shows as blank, never as "None" or "NaT".
    return frame.assign(published=[published_text(value, "") for value in frame["published"]])


TOPIC_EVIDENCE_COLUMNS = ["score", "label", "voice", "reference_kind", "text", "title", "published", "article_label", "sentence_id"]


def topic_evidence(tables: Tables, outlet: str) -> pd.DataFrame:
    """The headlines and sentences behind an outlet's stance on the topic, those that weigh
    most in their article's score first, with each article's own label."""
    articles = tables["articles"][tables["articles"]["outlet"] == outlet][["article_id", "title", "published", "topic_label"]]
    joined = tables["topic_stance"].merge(articles.rename(columns={"topic_label": "article_label"}), on="article_id")
    pull = (joined["weight"] * joined["score"].abs()).sort_values(ascending=False, kind="stable")
    return _with_dates_as_text(joined.loc[pull.index, TOPIC_EVIDENCE_COLUMNS].reset_index(drop=True))


def stance_heatmap(tables: Tables, top: int = 15) -> pd.DataFrame:
    """source_stance for the `top` most mentioned actors, with actor names."""
    table = _source_stance_of(tables, ACTOR)
    table = table[table["target_id"].isin(mention_counts(tables).nlargest(top).index)].copy()
    table["actor"] = table["target_id"].map(actor_names(tables))
    return table


def quoted_speakers(tables: Tables) -> pd.DataFrame:
    """Who each outlet quotes: quotes per outlet and speaker (actor name, else as written)."""
    quotes = tables["quotes"].merge(tables["articles"][["article_id", "outlet"]], on="article_id")
    names = actor_names(tables)
    quotes["speaker"] = [names.get(a, "") or t or "(unattributed)" for a, t in zip(quotes["speaker_actor_id"], quotes["speaker_text"])]
    return quotes.groupby(["outlet", "speaker"]).size().reset_index(name="quotes").sort_values(["outlet", "quotes"], ascending=[True, False])


def left_out_by_outlet(tables: Tables, min_share: float = 0.5) -> pd.DataFrame:
    """For each outlet, the actors that most outlets (at least `min_share`) mention and it does not."""
    mentions = resolved_mentions(tables).merge(tables["articles"][["article_id", "outlet"]], on="article_id")
    outlets = sorted(tables["articles"]["outlet"].unique())
    if len(outlets) < 2:
        return pd.DataFrame(columns=["outlet", "actor", "outlets_mentioning"])
    by_actor = mentions.groupby("actor_id")["outlet"].agg(set)
    names = actor_names(tables)
    rows = []
    for actor_id, mentioning in by_actor.items():
        if len(mentioning) / len(outlets) >= min_share:
            for outlet in outlets:
                if outlet not in mentioning:
                    rows.append({"outlet": outlet, "actor": names.get(actor_id, actor_id), "outlets_mentioning": len(mentioning)})
    return pd.DataFrame(rows, columns=["outlet", "actor", "outlets_mentioning"]).sort_values(["outlet", "outlets_mentioning"], ascending=[True, False])


def actor_sentences(tables: Tables, actor_id: str) -> pd.DataFrame:
    """Every sentence that mentions an actor, with the mention's offsets and the outlet."""
    mentions = tables["mentions"][tables["mentions"]["actor_id"] == actor_id]
    joined = mentions.merge(tables["sentences"][["sentence_id", "text"]], on="sentence_id")
    return joined.merge(tables["articles"][["article_id", "outlet", "title"]], on="article_id")


def actor_quotes(tables: Tables, actor_id: str) -> pd.DataFrame:
    """The passages an actor is quoted saying, with the outlet and article."""
    quotes = tables["quotes"][tables["quotes"]["speaker_actor_id"] == actor_id]
    joined = quotes.merge(tables["articles"][["article_id", "outlet", "title", "published"]], on="article_id")
    return joined[["outlet", "published", "quote", "speaker_text", "title"]].sort_values(["published", "outlet"]).reset_index(drop=True)


ARTICLE_LIST_COLUMNS = [
    "published", "outlet", "title", "genre", "outlet_kind", "word_count", "topic_label", "topic_score", "topic_confidence", "topic_sentences",
    "syndicated_of", "article_id",
]


def article_list(articles: pd.DataFrame, search: str = "") -> pd.DataFrame:
    """The articles table as listed on the Articles page, newest first, narrowed by a
    search in title, outlet and author."""
    listed = articles[rows_containing(articles, ("title", "outlet", "author"), search.strip())] if search.strip() else articles
    ordered = listed.sort_values("published", ascending=False, na_position="last")[ARTICLE_LIST_COLUMNS].reset_index(drop=True)
    return _with_dates_as_text(ordered)


def published_text(value, missing: str = "undated") -> str:
    """An ISO date, or `missing` for no date (NaT, None or an empty string)."""
    if isinstance(value, str):
        return value or missing
    return missing if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def topic_stance_line(article: pd.Series, topic_title: str) -> str:
    """One line on an article's stance on the topic, for the reader."""
    if not article["topic_label"]:
        return f"No sentence of this article is about {topic_title}."
    return (
        f"Stance on {topic_title}: {article['topic_label']} ({article['topic_score']:+.2f}, confidence "
        f"{article['topic_confidence']:.2f}, from {article['topic_sentences']} sentences about it)."
    )


def article_labels(articles: pd.DataFrame) -> dict[str, str]:
    """`date · outlet · title` for each article_id, as the article picker lists them."""
    return {
        article_id: " · ".join((published_text(published), outlet, title or "(untitled)"))
        for article_id, published, outlet, title in zip(articles["article_id"], articles["published"], articles["outlet"], articles["title"])
    }


def article_parts(tables: Tables, article_id: str) -> dict[str, pd.DataFrame]:
    """One article's sentences, mentions and sentence stance, as the reader needs them."""
    return {name: tables[name][tables[name]["article_id"] == article_id] for name in ("sentences", "mentions", "sentence_stance", "topic_stance")}
