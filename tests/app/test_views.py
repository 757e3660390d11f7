import datetime as dt

import pandas as pd
import pytest

from dashboard.app import views
from dashboard.app.corpus import empty_tables
from dashboard.app.filters import Filters, selection
from dashboard.app.tables import corpus_of


def resolved(mentions: pd.DataFrame) -> pd.DataFrame:
    return mentions[mentions["actor_id"] != ""]


def test_summary_of_the_seeds(seeds, seed_tables):
    summary = views.summary(seeds)
    assert (summary.articles, summary.outlets) == (5, 5)
    assert summary.actors == resolved(seed_tables["mentions"])["actor_id"].nunique()
    assert (summary.first_published, summary.last_published) == ("2024-07-29", "2024-08-18")


def test_summary_of_nothing():
    summary = views.summary(selection(corpus_of(empty_tables()), Filters()))
    assert (summary.articles, summary.outlets, summary.actors, summary.first_published) == (0, 0, 0, "")


def test_coverage_by_week_counts_dated_articles(seeds, seed_tables):
    coverage = views.coverage_by_week(seeds)
    assert coverage["articles"].sum() == seed_tables["articles"]["published"].notna().sum() == 3
    assert set(coverage.columns) == {"week", "outlet", "articles", "of_articles", "share", "articles_of"}
    assert (coverage["week"].dt.day_of_week == 0).all()
    # Each outlet's weeks share out its dated articles.
    assert coverage.groupby("outlet")["share"].sum().to_numpy() == pytest.approx(1.0)
    assert coverage.groupby("outlet")["week"].nunique().nunique() == 1


def test_coverage_by_week_shares_by_hand(kept):
    empty = empty_tables()
    articles = pd.concat([empty["articles"], pd.DataFrame({
        "article_id": [f"a{n}" for n in range(6)], "outlet": ["A", "A", "A", "A", "B", "B"],
        "published": pd.to_datetime(["2024-07-29", "2024-07-31", "2024-08-04", "2024-08-05", "2024-08-05", None]),
    })], ignore_index=True)
    tables = {**empty, "articles": articles}
    coverage = views.coverage_by_week(kept(tables=tables)).set_index(["outlet", "week"])
    # A: three of its four articles in the week of 29 July (Monday to Sunday 4 August), one in the next.
    assert coverage.loc[("A", pd.Timestamp("2024-07-29")), ["articles", "of_articles", "share"]].tolist() == [3, 4, 0.75]
    assert coverage.loc[("A", pd.Timestamp("2024-08-05")), "articles_of"] == "1 of 4 articles"
    # B's undated article is in no week and not in its base.
    assert coverage.loc[("B", pd.Timestamp("2024-08-05")), ["articles", "of_articles", "share"]].tolist() == [1, 1, 1.0]
    # Every outlet has every week from the first to the last: B's week without articles is a 0.
    assert coverage.loc[("B", pd.Timestamp("2024-07-29")), ["articles", "share"]].tolist() == [0, 0.0]
    assert len(coverage) == 2 * 2


def test_coverage_by_week_fills_the_weeks_between(kept):
    empty = empty_tables()
    articles = pd.concat([empty["articles"], pd.DataFrame({
        "article_id": ["a0", "a1"], "outlet": ["A", "A"], "published": pd.to_datetime(["2024-07-29", "2024-08-21"]),
    })], ignore_index=True)
    coverage = views.coverage_by_week(kept(tables={**empty, "articles": articles}))
    assert coverage["week"].dt.strftime("%m-%d").tolist() == ["07-29", "08-05", "08-12", "08-19"]
    assert coverage["articles"].tolist() == [1, 0, 0, 1] and coverage["share"].tolist() == [0.5, 0, 0, 0.5]


def test_attention_shares_by_hand():
    counts = pd.DataFrame({"outlet": ["A", "A", "B", "C"], "articles": [12, 0, 3, 2]})
    shares = views.attention_shares(counts, pd.Series({"A": 40, "B": 3, "C": 0}))
    assert shares["of_articles"].tolist() == [40, 40, 3, 0]
    assert shares["share"].tolist() == pytest.approx([0.3, 0.0, 1.0, 0.0])
    assert shares["articles_of"].tolist() == ["12 of 40 articles", "0 of 40 articles", "3 of 3 articles", "2 of 0 articles"]
    assert views.attention_shares(counts.iloc[:1], pd.Series({"A": 1}))["articles_of"].tolist() == ["12 of 1 article"]


@pytest.mark.parametrize("by", ["outlet", "outlet_kind"])
def test_actor_attention_adds_up(seeds, seed_tables, by):
    counts = views.actor_attention(seeds, by, top=1000)
    assert counts["mentions"].sum() == len(resolved(seed_tables["mentions"]))
    assert counts["actor"].notna().all()


@pytest.mark.parametrize("by", ["outlet", "outlet_kind"])
def test_actor_attention_shares_equal_a_hand_count(seeds, seed_tables, by):
    attention = views.actor_attention(seeds, by, top=1000).set_index(["actor_id", by])
    articles = seed_tables["articles"]
    mentions = resolved(seed_tables["mentions"]).merge(articles[["article_id", by]], on="article_id")
    for (actor_id, value), group in mentions.groupby(["actor_id", by]):
        mentioning = group["article_id"].nunique()
        base = int((articles[by] == value).sum())
        row = attention.loc[(actor_id, value)]
        assert (row["articles"], row["of_articles"], row["mentions"]) == (mentioning, base, len(group))
        assert row["share"] == pytest.approx(mentioning / base)
        assert row["articles_of"] == f"{mentioning} of {base} article{'s' if base != 1 else ''}"


def test_actor_attention_keeps_the_top(seeds):
    counts = views.actor_attention(seeds, "outlet", top=3)
    assert counts["actor_id"].nunique() == 3
    assert "japan" in set(counts["actor_id"])


def test_actor_attention_under_a_filter_shares_of_the_kept_articles(kept):
    nk_news = kept(Filters(outlets=("NK News",)))
    attention = views.actor_attention(nk_news, "outlet", top=100)
    assert set(attention["outlet"]) == {"NK News"}
    assert (attention["of_articles"] == len(nk_news["articles"])).all()


def test_mentions_by_actor_type(seeds, seed_tables):
    by_type = views.mentions_by_actor_type(seeds)
    assert by_type["mentions"].sum() == len(resolved(seed_tables["mentions"]))
    assert by_type.iloc[0]["type"] == "country"


def test_cooccurrence_is_symmetric_and_counts_articles(seeds, seed_tables):
    pairs = views.actor_cooccurrence(seeds)
    forward = {(a, b): n for a, b, n in pairs.itertuples(index=False)}
    assert all(forward[b, a] == n for (a, b), n in forward.items())
    assert pairs["articles"].max() <= len(seed_tables["articles"])
    assert forward["Japan", "South Korea"] == 5


def test_left_out_names_actors_most_outlets_mention(seeds, seed_tables):
    left_out = views.left_out_by_outlet(seeds)
    assert len(left_out) > 0
    assert (left_out["outlets_mentioning"] >= 3).all()
    mentions = resolved(seed_tables["mentions"]).merge(seed_tables["articles"][["article_id", "outlet"]])
    names = views.actor_names(seed_tables)
    for outlet, actor in zip(left_out["outlet"], left_out["actor"], strict=True):
        mentioned_there = {names[a] for a in mentions[mentions["outlet"] == outlet]["actor_id"]}
        assert actor not in mentioned_there


def test_left_out_needs_two_outlets(kept):
    one = kept(Filters(outlets=("NK News",)))
    assert views.left_out_by_outlet(one).empty


def test_quoted_speakers(seeds, seed_tables):
    speakers = views.quoted_speakers(seeds)
    assert speakers["quotes"].sum() == len(seed_tables["quotes"])
    assert "Minoru Kihara" in set(speakers["speaker"])


def test_actor_views(seeds):
    sentences = views.actor_sentences(seeds, "minoru_kihara", 50)
    assert all(text[start:end] == surface for text, start, end, surface in zip(sentences["text"], sentences["start"], sentences["end"], sentences["surface"], strict=True))
    by_outlet = views.actor_stance_by_outlet(seeds, "minoru_kihara")
    assert set(by_outlet["target_id"]) == {"minoru_kihara"} and set(by_outlet["target_kind"]) == {"actor"}
    assert len(views.actor_quotes(seeds, "minoru_kihara")) > 0


def test_article_list_search_and_order(seed_tables):
    listed = views.article_list(seed_tables["articles"])
    assert list(listed.columns) == views.ARTICLE_LIST_COLUMNS
    assert listed["published"].iloc[0] == "2024-08-18"
    # A missing date is blank, never "None" or "NaT".
    assert listed["published"].iloc[-1] == ""
    assert set(views.article_list(seed_tables["articles"], "nk news")["outlet"]) == {"NK News"}


def test_article_labels(seed_tables):
    labels = views.article_labels(seed_tables["articles"])
    assert len(labels) == 5
    assert sum(label.startswith("undated · ") for label in labels.values()) == 2


def test_article_parts_are_of_that_article(seeds, seed_tables):
    article_id = seed_tables["articles"]["article_id"].iloc[0]
    parts = views.article_parts(seeds, article_id)
    assert set(parts) == {"sentences", "mentions", "sentence_stance", "topic_stance"}
    for frame in parts.values():
        assert len(frame) > 0 and set(frame["article_id"]) == {article_id}


def test_mention_counts_most_mentioned_first(seeds, seed_tables):
    counts = views.mention_counts(seeds)
    assert counts.sum() == len(resolved(seed_tables["mentions"]))
    assert list(counts) == sorted(counts, reverse=True)
    assert "" not in counts.index


def test_actor_sentences_are_the_first_ones_and_counted(seeds, seed_tables):
    mentions = seed_tables["mentions"][seed_tables["mentions"]["actor_id"] == "japan"]
    assert views.actor_sentence_count(seeds, "japan") == mentions["sentence_id"].nunique() > 3
    first = views.actor_sentences(seeds, "japan", 3)
    assert list(first["sentence_id"].drop_duplicates()) == list(mentions["sentence_id"].drop_duplicates()[:3])
    assert len(first) == mentions["sentence_id"].isin(first["sentence_id"]).sum()


def test_topic_evidence_shows_the_weightiest_and_counts_them_all(seeds, seed_tables):
    outlet = "The Japan Times"
    ids = set(seed_tables["articles"][seed_tables["articles"]["outlet"] == outlet]["article_id"])
    weighed = seed_tables["topic_stance"][seed_tables["topic_stance"]["article_id"].isin(ids)]
    evidence = views.topic_evidence(seeds, outlet, shown=5)
    assert evidence.total == len(weighed) > 5 and len(evidence.rows) == 5
    pull = (weighed["weight"] * weighed["score"].abs()).sort_values(ascending=False)
    assert list(evidence.rows["sentence_id"]) == list(weighed.loc[pull.index[:5], "sentence_id"])
    assert list(evidence.rows.columns) == views.TOPIC_EVIDENCE_COLUMNS


def test_article_text_is_the_cleaned_text(seeds, seed_tables):
    article = seed_tables["articles"].iloc[2]
    assert views.article_text(seeds, article["article_id"]) == article["text"]


def test_views_follow_the_filters(kept, seed_tables):
    nk_news = kept(Filters(outlets=("NK News",)))
    ids = set(nk_news["articles"]["article_id"])
    mentions = resolved(seed_tables["mentions"])
    assert views.mention_counts(nk_news).sum() == mentions["article_id"].isin(ids).sum()
    assert views.actor_cooccurrence(nk_news)["articles"].max() == 1


def test_the_picker_offers_the_first_articles_and_the_linked_one():
    ids = [f"a{n}" for n in range(10)]
    labels = {identifier: f"label {identifier}" for identifier in ids}
    assert views.articles_to_pick(ids, labels, None, limit=3) == ["a0", "a1", "a2"]
    assert views.articles_to_pick(ids, labels, "a7", limit=3) == ["a0", "a1", "a2", "a7"]
    assert views.articles_to_pick(ids, labels, "label a8", limit=3) == ["a0", "a1", "a2", "a8"]
    assert views.articles_to_pick(ids, labels, "a1", limit=3) == ["a0", "a1", "a2"]
    assert views.articles_to_pick(ids, labels, "nothing", limit=3) == ["a0", "a1", "a2"]


def test_views_of_articles_that_name_no_actor_kept_are_empty(kept):
    nobody = kept(Filters(actor_types=("no such type",)))
    assert len(nobody["articles"]) > 0 and views.mention_counts(nobody).empty
    for frame in (
        views.actor_attention(nobody), views.mentions_by_actor_type(nobody), views.coverage_by_week(kept(Filters(outlets=('nobody',)))), views.actor_cooccurrence(nobody),
        views.left_out_by_outlet(nobody), views.stance_heatmap(nobody),
    ):
        assert frame.empty
    assert views.summary(nobody).actors == 0


@pytest.mark.parametrize(
    "filters",
    [Filters(outlets=("NK News", "Korea Pro")), Filters(include_copies=False), Filters(actor_types=("person",)), Filters(date_to=dt.date(2024, 7, 29))],
)
def test_the_topics_and_one_actors_stance_by_outlet_are_their_rows_of_the_whole_source_stance(kept, filters):
    whole = kept(filters)["source_stance"]
    topic = whole[whole["target_kind"] == "topic"].reset_index(drop=True)
    assert len(topic)
    pd.testing.assert_frame_equal(views.topic_stance_by_outlet(kept(filters)), topic)
    shown = 0
    for actor_id in kept(filters).corpus.tables["actors"]["actor_id"]:
        alone = views.actor_stance_by_outlet(kept(filters), actor_id)
        whole = kept(filters)["source_stance"]
        expected = whole[(whole["target_kind"] == "actor") & (whole["target_id"] == actor_id)].reset_index(drop=True)
        if expected.empty:
            assert alone.empty and list(alone.columns) == list(expected.columns), actor_id
        else:
            pd.testing.assert_frame_equal(alone, expected, obj=actor_id)
        shown += len(alone)
    assert shown
