import pandas as pd
import pytest

from dashboard.app import views
from dashboard.app.corpus import empty_tables
from dashboard.app.filters import Filters, filtered_tables


def resolved(mentions: pd.DataFrame) -> pd.DataFrame:
    return mentions[mentions["actor_id"] != ""]


def test_summary_of_the_seeds(seed_tables):
    summary = views.summary(seed_tables)
    assert (summary.articles, summary.outlets) == (5, 5)
    assert summary.actors == resolved(seed_tables["mentions"])["actor_id"].nunique()
    assert (summary.first_published, summary.last_published) == ("2024-07-29", "2024-08-18")


def test_summary_of_nothing():
    summary = views.summary(empty_tables())
    assert (summary.articles, summary.outlets, summary.actors, summary.first_published) == (0, 0, 0, "")


def test_coverage_over_time_counts_dated_articles(seed_tables):
    coverage = views.coverage_over_time(seed_tables["articles"])
    assert coverage["articles"].sum() == seed_tables["articles"]["published"].notna().sum() == 3
    assert set(coverage.columns) == {"date", "outlet", "articles"}


@pytest.mark.parametrize("by", ["outlet", "outlet_kind"])
def test_mentions_by_actor_adds_up(seed_tables, by):
    counts = views.mentions_by_actor(seed_tables, by, top=1000)
    assert counts["mentions"].sum() == len(resolved(seed_tables["mentions"]))
    assert counts["actor"].notna().all()


def test_mentions_by_actor_keeps_the_top(seed_tables):
    counts = views.mentions_by_actor(seed_tables, "outlet", top=3)
    assert counts["actor_id"].nunique() == 3
    assert "japan" in set(counts["actor_id"])


def test_mentions_by_actor_type(seed_tables):
    by_type = views.mentions_by_actor_type(seed_tables)
    assert by_type["mentions"].sum() == len(resolved(seed_tables["mentions"]))
    assert by_type.iloc[0]["type"] == "country"


def test_cooccurrence_is_symmetric_and_counts_articles(seed_tables):
    pairs = views.actor_cooccurrence(seed_tables)
    forward = {(a, b): n for a, b, n in pairs.itertuples(index=False)}
    assert all(forward[b, a] == n for (a, b), n in forward.items())
    assert pairs["articles"].max() <= len(seed_tables["articles"])
    assert forward["Japan", "South Korea"] == 5


def test_left_out_names_actors_most_outlets_mention(seed_tables):
    left_out = views.left_out_by_outlet(seed_tables)
    assert len(left_out) > 0
    assert (left_out["outlets_mentioning"] >= 3).all()
    mentions = resolved(seed_tables["mentions"]).merge(seed_tables["articles"][["article_id", "outlet"]])
    names = views.actor_names(seed_tables)
    for outlet, actor in zip(left_out["outlet"], left_out["actor"]):
        mentioned_there = {names[a] for a in mentions[mentions["outlet"] == outlet]["actor_id"]}
        assert actor not in mentioned_there


def test_left_out_needs_two_outlets(seed_tables):
    one = filtered_tables(seed_tables, Filters(outlets=("NK News",)))
    assert views.left_out_by_outlet(one).empty


def test_quoted_speakers(seed_tables):
    speakers = views.quoted_speakers(seed_tables)
    assert speakers["quotes"].sum() == len(seed_tables["quotes"])
    assert "Minoru Kihara" in set(speakers["speaker"])


def test_actor_views(seed_tables):
    sentences = views.actor_sentences(seed_tables, "minoru_kihara")
    assert all(text[start:end] == surface for text, start, end, surface in zip(sentences["text"], sentences["start"], sentences["end"], sentences["surface"]))
    by_outlet = views.actor_stance_by_outlet(seed_tables, "minoru_kihara")
    assert set(by_outlet["target_id"]) == {"minoru_kihara"} and set(by_outlet["target_kind"]) == {"actor"}
    assert len(views.actor_quotes(seed_tables, "minoru_kihara")) > 0


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


def test_article_parts_are_of_that_article(seed_tables):
    article_id = seed_tables["articles"]["article_id"].iloc[0]
    parts = views.article_parts(seed_tables, article_id)
    assert set(parts) == {"sentences", "mentions", "sentence_stance", "topic_stance"}
    for frame in parts.values():
        assert len(frame) > 0 and set(frame["article_id"]) == {article_id}


def test_mention_counts_most_mentioned_first(seed_tables):
    counts = views.mention_counts(seed_tables)
    assert counts.sum() == len(resolved(seed_tables["mentions"]))
    assert list(counts) == sorted(counts, reverse=True)
    assert "" not in counts.index
