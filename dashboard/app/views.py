"""What the pages show, as plain frames computed from what the filters keep (a `Selection`).

The views over the large tables (mentions, scores, sentences) count with the rows'
article and actor numbers (`bincount`, masks) rather than joining on ids, so that a page
of a 100,000-article corpus stays quick.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.app.filters import rows_containing
from dashboard.app.links import choice_from_link
from dashboard.app.tables import Selection
from dashboard.preprocessing.source_stance import ACTOR, TOPIC

Tables = Mapping[str, pd.DataFrame]


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


def topic_stance_summary(tables: Selection) -> TopicStanceSummary:
    labels = tables["articles"]["topic_label"]
    return TopicStanceSummary(
        len(labels), int((labels != "").sum()), int((labels == "critical").sum()), int((labels == "neutral").sum()),
        int((labels == "supportive").sum()),
    )


def _actor_mentions(tables: Selection) -> tuple[np.ndarray, np.ndarray]:
    """The article row and actor row of each kept mention matched to an actor (a short
    form that fits nobody names no actor)."""
    actors = tables.corpus.actor_rows["mentions"]
    rows = actors < tables.corpus.no_actor
    if tables.articles is not None:
        rows &= tables.kept_rows("mentions")
    return tables.corpus.article_rows["mentions"][rows], actors[rows]


def _actor_ids(tables: Selection) -> pd.Series:
    return tables.corpus.tables["actors"]["actor_id"]


def mention_counts(tables: Selection) -> pd.Series:
    """Mentions per actor_id, most mentioned first; actors not mentioned are left out."""
    ids = _actor_ids(tables)
    counts = pd.Series(tables.rows_per_actor("mentions")[: len(ids)], index=pd.Index(ids, name="actor_id"), name="count")
    return counts[counts > 0].sort_values(ascending=False, kind="stable")


def summary(tables: Selection) -> Summary:
    articles = tables["articles"]
    published = articles["published"].dropna()
    return Summary(
        len(articles),
        articles["outlet"].nunique(),
        len(mention_counts(tables)),
        published.min().date().isoformat() if len(published) else "",
        published.max().date().isoformat() if len(published) else "",
    )


def actor_names(tables: Tables) -> dict[str, str]:
    return dict(zip(tables["actors"]["actor_id"], tables["actors"]["name"], strict=True))


def _leaders(tables: Selection, top: int) -> np.ndarray:
    """The actor rows of the `top` most mentioned actors, in the order of `actors`."""
    leaders = mention_counts(tables).nlargest(top).index
    return np.sort(pd.Index(_actor_ids(tables)).get_indexer(leaders))


def _mentions_by_actor_and(tables: Selection, column: str) -> tuple[np.ndarray, list[str]]:
    """Mentions per (actor row, value of an article column), and those values."""
    codes, values = tables.corpus.values[column]

    def counted() -> np.ndarray:
        articles, actors = _actor_mentions(tables)
        counts = np.bincount(actors * len(values) + codes[articles], minlength=tables.corpus.no_actor * len(values))
        counts.flags.writeable = False
        return counts.reshape(tables.corpus.no_actor, len(values))

    return tables.once(f"mentions by actor and {column}", counted), values


def mentions_by_actor_type(tables: Selection) -> pd.DataFrame:
    counts = mention_counts(tables)
    types = counts.index.map(dict(zip(_actor_ids(tables), tables.corpus.tables["actors"]["type"], strict=True)))
    by_type = counts.groupby(types).sum().rename_axis("type").reset_index(name="mentions")
    return by_type.sort_values("mentions", ascending=False, kind="stable")


def _articles_naming_both(tables: Selection, actors_chosen: np.ndarray) -> np.ndarray:
    """For each pair of the actors chosen (actor rows), how many kept articles name both."""
    slot = np.full(tables.corpus.no_actor, -1)
    slot[actors_chosen] = np.arange(len(actors_chosen))
    articles, actors = _actor_mentions(tables)
    chosen = slot[actors] >= 0
    pairs = articles[chosen] * len(actors_chosen) + slot[actors[chosen]]
    named = np.bincount(pairs, minlength=len(tables.corpus.tables["articles"]) * len(actors_chosen)) > 0
    named = named.reshape(-1, len(actors_chosen)).astype(np.float32)
    both = (named.T @ named).round().astype(int)
    both.flags.writeable = False
    return both


def actor_cooccurrence(tables: Selection, top: int = 15) -> pd.DataFrame:
    """Articles in which each pair of the `top` most mentioned actors both appear."""
    leaders = _leaders(tables, top)
    if not len(leaders):
        return pd.DataFrame(columns=["actor", "other", "articles"])
    both = tables.once(f"articles naming both of the {top} most mentioned", lambda: _articles_naming_both(tables, leaders))
    first, second = np.nonzero(np.triu(both, k=1))
    names = _actor_ids(tables).to_numpy()[leaders]
    names = np.array([actor_names(tables)[actor] for actor in names], dtype=object)
    forward = pd.DataFrame({"actor": names[first], "other": names[second], "articles": both[first, second]})
    backward = pd.DataFrame({"actor": names[second], "other": names[first], "articles": both[first, second]})
    return pd.concat([forward, backward], ignore_index=True)


def _source_stance_of(tables: Selection, kind: str) -> pd.DataFrame:
    stance = tables["source_stance"]
    return stance[stance["target_kind"] == kind]


def actor_stance_by_outlet(tables: Selection, actor_id: str) -> pd.DataFrame:
    """How each outlet treats one actor: `source_stance` rows of that actor."""
    return tables.source_stance_rows(ACTOR, actor_id)


def topic_stance_by_outlet(tables: Selection) -> pd.DataFrame:
    """How each outlet stands on the topic: `source_stance` rows of the topic."""
    return tables.source_stance_rows(TOPIC)


def dates_as_text(dates: pd.Series) -> pd.Series:
    """ISO dates; a missing date is blank, never "None" or "NaT" (dates already written
    out, as in `article_list`, stay as they are)."""
    if not pd.api.types.is_datetime64_any_dtype(dates):
        return dates.fillna("").astype(object)
    return dates.dt.strftime("%Y-%m-%d").fillna("").astype(object)


def _with_dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(published=dates_as_text(frame["published"]))


TOPIC_EVIDENCE_COLUMNS = ["score", "label", "voice", "reference_kind", "text", "title", "published", "article_label", "sentence_id"]
EVIDENCE_SHOWN = 500


@dataclass(frozen=True)
class TopicEvidence:
    rows: pd.DataFrame  # the weightiest, at most `shown`
    total: int  # headlines and sentences weighed in all


def topic_evidence(tables: Selection, outlet: str, shown: int = EVIDENCE_SHOWN) -> TopicEvidence:
    """The headlines and sentences behind an outlet's stance on the topic, those that weigh
    most in their article's score first, with each article's own label."""
    codes, outlets = tables.corpus.values["outlet"]
    of_outlet = tables.kept_rows("articles") & (codes == (outlets.index(outlet) if outlet in outlets else -1))
    weighed = np.flatnonzero(of_outlet[tables.corpus.article_rows["topic_stance"]])
    pull = tables.corpus.topic_pull[weighed]
    # Only the weightiest are shown: find them without sorting all the outlet's sentences.
    if len(weighed) > shown:
        weighed_first = np.argpartition(-np.nan_to_num(pull, nan=-np.inf), shown)[:shown]
        pull, weighed_first = pull[weighed_first], weighed[weighed_first]
    else:
        weighed_first = weighed
    chosen = weighed_first[np.lexsort((weighed_first, -pull))]
    articles = tables.corpus.tables["articles"].iloc[tables.corpus.article_rows["topic_stance"][chosen]]
    rows = _topic_stance_rows(tables, chosen).assign(
        title=articles["title"].to_numpy(), published=articles["published"].to_numpy(), article_label=articles["topic_label"].to_numpy(),
    )
    return TopicEvidence(_with_dates_as_text(rows[TOPIC_EVIDENCE_COLUMNS]), len(weighed))


def _topic_stance_rows(tables: Selection, rows: np.ndarray) -> pd.DataFrame:
    """Those rows of `topic_stance`, with their text: the sentence's, or the headline's."""
    corpus = tables.corpus
    stance = corpus.tables["topic_stance"].iloc[rows].reset_index(drop=True)
    articles = corpus.article_rows["topic_stance"][rows]
    sentences = corpus.tables["sentences"].iloc[np.flatnonzero(np.isin(corpus.article_rows["sentences"], articles))]
    text = stance["sentence_id"].map(dict(zip(sentences["sentence_id"], sentences["text"], strict=True)))
    headlines = corpus.tables["articles"]["title"].iloc[articles].to_numpy()
    return stance.assign(text=text.where(text.notna(), pd.Series(headlines, dtype=object)).astype(object))


def stance_heatmap(tables: Selection, top: int = 15) -> pd.DataFrame:
    """source_stance for the `top` most mentioned actors, with actor names."""
    table = _source_stance_of(tables, ACTOR)
    table = table[table["target_id"].isin(mention_counts(tables).nlargest(top).index)].copy()
    table["actor"] = table["target_id"].map(actor_names(tables))
    return table


def quoted_speakers(tables: Selection) -> pd.DataFrame:
    """Who each outlet quotes: quotes per outlet and speaker (actor name, else as written)."""
    quotes = tables["quotes"]
    codes, outlets = tables.corpus.values["outlet"]
    # Counted by the columns as they are first: there are far fewer speakers than quotes.
    by = pd.DataFrame({"outlet": codes[tables.article_rows("quotes")], "actor": quotes["speaker_actor_id"].array, "text": quotes["speaker_text"].array})
    counted = by.groupby(["outlet", "actor", "text"]).size().reset_index(name="quotes")
    names = actor_names(tables)
    counted = counted.assign(
        outlet=np.array(outlets, dtype=object)[counted["outlet"].to_numpy()],
        speaker=[names.get(actor, "") or text or "(unattributed)" for actor, text in zip(counted["actor"].tolist(), counted["text"].tolist(), strict=True)],
    )
    speakers = counted.groupby(["outlet", "speaker"])["quotes"].sum().reset_index()
    return speakers.sort_values(["outlet", "quotes"], ascending=[True, False])


def left_out_by_outlet(tables: Selection, min_share: float = 0.5) -> pd.DataFrame:
    """For each outlet, the actors that most outlets (at least `min_share`) mention and it does not."""
    outlets = sorted(tables["articles"]["outlet"].unique())
    if len(outlets) < 2:
        return pd.DataFrame(columns=["outlet", "actor", "outlets_mentioning"])
    counts, values = _mentions_by_actor_and(tables, "outlet")
    mentioning = counts[:, [values.index(outlet) for outlet in outlets]] > 0
    names = actor_names(tables)
    rows = []
    for row in np.argsort(_actor_ids(tables).to_numpy(), kind="stable"):
        if mentioning[row].any() and mentioning[row].sum() / len(outlets) >= min_share:
            actor_id = _actor_ids(tables).iloc[row]
            rows += [
                {"outlet": outlet, "actor": names.get(actor_id, actor_id), "outlets_mentioning": int(mentioning[row].sum())}
                for outlet, there in zip(outlets, mentioning[row], strict=True) if not there
            ]
    return pd.DataFrame(rows, columns=["outlet", "actor", "outlets_mentioning"]).sort_values(
        ["outlet", "outlets_mentioning"], ascending=[True, False], kind="stable",
    )


def _mentions_of(tables: Selection, actor_id: str) -> np.ndarray:
    """The rows of the corpus's mentions of one actor that the filters keep."""
    row = pd.Index(_actor_ids(tables)).get_indexer([actor_id])[0]
    return tables.kept_among("mentions", np.flatnonzero(tables.corpus.actor_rows["mentions"] == row))


def actor_sentence_count(tables: Selection, actor_id: str) -> int:
    """How many sentences mention an actor: its rows of `sentence_stance`, one per (sentence, actor)."""
    return int(tables.rows_per_actor("sentence_stance")[pd.Index(_actor_ids(tables)).get_indexer([actor_id])[0]])


def actor_sentences(tables: Selection, actor_id: str, shown: int) -> pd.DataFrame:
    """The first `shown` sentences that mention an actor, one row per mention (its
    offsets), with the sentence's text and the article's outlet and title."""
    rows = _mentions_of(tables, actor_id)
    ids = tables.corpus.tables["mentions"]["sentence_id"]
    # The first `shown` sentences are most often among the first few mentions: look there first.
    for head in (rows[: shown * 8], rows):
        first = ids.iloc[head].drop_duplicates().head(shown)
        if len(first) == shown:
            break
    rows = head[ids.iloc[head].isin(first).to_numpy(dtype=bool)]
    sentences = tables.corpus.tables["sentences"]
    nearby = sentences.iloc[np.flatnonzero(np.isin(tables.corpus.article_rows["sentences"], tables.corpus.article_rows["mentions"][rows]))]
    joined = tables.corpus.tables["mentions"].iloc[rows].merge(nearby[["sentence_id", "text"]], on="sentence_id")
    return joined.merge(tables.corpus.tables["articles"][["article_id", "outlet", "title"]], on="article_id")


def actor_quotes(tables: Selection, actor_id: str) -> pd.DataFrame:
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
    dates = dates_as_text(articles["published"]).replace("", "undated")
    titles = articles["title"].astype(object).replace("", "(untitled)")
    labels = dates.str.cat([articles["outlet"].astype(object), titles], sep=" · ")
    return dict(zip(articles["article_id"].tolist(), labels.tolist(), strict=True))


ARTICLES_PICKED = 1000


def articles_to_pick(ids: list[str], labels: Mapping[str, str], linked: str | None, limit: int = ARTICLES_PICKED) -> list[str]:
    """The article picker's choices: the first `limit` of `ids`, and the one a link names
    when it is further down (a picker of 100,000 choices is sent whole at every rerun)."""
    picked = ids[:limit]
    named = choice_from_link(linked, ids, labels, "article").chosen if len(ids) > limit else None
    return picked if named is None or named in picked else [*picked, named]


def _article_row(tables: Selection, article_id: str) -> int:
    return int(np.flatnonzero((tables.corpus.tables["articles"]["article_id"] == article_id).to_numpy(dtype=bool))[0])


def article_parts(tables: Selection, article_id: str) -> dict[str, pd.DataFrame]:
    """One article's sentences, mentions and sentence stance, as the reader needs them."""
    row = _article_row(tables, article_id)

    def rows_of(name: str) -> np.ndarray:
        return tables.kept_among(name, np.flatnonzero(tables.corpus.article_rows[name] == row))

    parts = {name: tables.corpus.tables[name].iloc[rows_of(name)] for name in ("sentences", "mentions", "sentence_stance")}
    return {**parts, "topic_stance": _topic_stance_rows(tables, rows_of("topic_stance"))}


def article_text(tables: Selection, article_id: str) -> str:
    """An article's cleaned text."""
    return str(tables.corpus.texts.iloc[_article_row(tables, article_id)])


# What a count or a share is of: the "count / share" switch of the pages comparing outlets.
COUNT = "count"
SHARE = "share"
MEASURES = (SHARE, COUNT)


def count_of(n: int, noun: str) -> str:
    """"1 article", "12 articles" (`n` with thousands separators)."""
    return f"{n:,} {noun}{'s' if n != 1 else ''}"


def attention_shares(counts: pd.DataFrame, bases: pd.Series, by: str = "outlet") -> pd.DataFrame:
    """`counts` (a column `by` and a column `articles`) with each row's base, the articles
    of its `by` value (`bases`, indexed by those values), its share of that base, and both
    in words ("12 of 40 articles"). Every share on the pages comes from here."""
    base = counts[by].map(bases).fillna(0).astype(int).to_numpy()
    articles = counts["articles"].to_numpy()
    share = np.divide(articles, base, out=np.zeros(len(counts)), where=base > 0)
    words = [f"{n:,} of {count_of(int(b), 'article')}" for n, b in zip(articles, base, strict=True)]
    return counts.assign(of_articles=base, share=share, articles_of=words)


def week_of(dates: pd.Series) -> pd.Series:
    """The Monday that opens each date's week (Monday to Sunday); NaT where there is no date."""
    return dates.dt.to_period("W-SUN").dt.start_time


def articles_per_outlet(tables: Selection, column: str = "outlet") -> pd.Series:
    """The kept articles of each value of an article column (outlet, outlet_kind)."""
    codes, values = tables.corpus.values[column]
    kept = codes if tables.articles is None else codes[tables.articles]
    return pd.Series(np.bincount(kept, minlength=len(values)), index=pd.Index(values, name=column))


def actor_attention(tables: Selection, by: str = "outlet", top: int = 20) -> pd.DataFrame:
    """For the `top` most mentioned actors and each value of `by` (outlet or outlet_kind):
    its mentions, the articles that mention the actor, and their share of that value's
    articles (`attention_shares`)."""
    counts, values = _mentions_by_actor_and(tables, by)
    codes, _ = tables.corpus.values[by]
    leaders = _leaders(tables, top)
    n_articles = len(tables.corpus.tables["articles"])

    def articles_counted() -> np.ndarray:
        # Which (leader, article) pairs occur, marked in one boolean row per leader: linear in
        # the mentions, where sorting millions of pairs to count them once took seconds.
        articles, actors = _actor_mentions(tables)
        slot = np.full(tables.corpus.no_actor, -1)
        slot[leaders] = np.arange(len(leaders))
        of_leader = slot[actors] >= 0
        seen = np.zeros(len(leaders) * n_articles, dtype=bool)
        seen[slot[actors[of_leader]] * n_articles + articles[of_leader]] = True
        leader, article = np.divmod(np.flatnonzero(seen), n_articles)
        mentioning = np.bincount(leader * len(values) + codes[article], minlength=len(leaders) * len(values))
        mentioning.flags.writeable = False
        return mentioning.reshape(len(leaders), len(values))

    mentioning = tables.once(f"articles by the {top} leading actors and {by}", articles_counted)
    actor, value = np.nonzero(counts[leaders])
    ids = _actor_ids(tables).to_numpy()[leaders[actor]]
    frame = pd.DataFrame({
        "actor_id": ids, by: np.array(values, dtype=object)[value],
        "mentions": counts[leaders[actor], value], "articles": mentioning[actor, value],
    })
    frame = attention_shares(frame, articles_per_outlet(tables, by), by)
    return frame.assign(actor=frame["actor_id"].map(actor_names(tables)))


def coverage_by_week(tables: Selection) -> pd.DataFrame:
    """Articles per week (from Monday) and outlet, and their share of the outlet's dated
    articles (`attention_shares`), with every week from the first to the last for every
    outlet (a week without its articles is a 0, so a line does not bridge it); undated
    articles have no week and are left out of both."""
    articles = tables["articles"]
    dated = articles.dropna(subset=["published"])
    weeks = week_of(dated["published"])
    counts = dated.assign(week=weeks).groupby(["week", "outlet"]).size()
    if len(counts):
        every_week = pd.date_range(weeks.min(), weeks.max(), freq="W-MON")
        grid = pd.MultiIndex.from_product([every_week, sorted(dated["outlet"].unique())], names=["week", "outlet"])
        counts = counts.reindex(grid, fill_value=0)
    return attention_shares(counts.reset_index(name="articles"), dated.groupby("outlet").size(), "outlet")
