import datetime as dt

import pandas as pd
import pytest

from dashboard.app.filters import Filters, options_of
from dashboard.app.tables import corpus_of


def outlets_of(tables) -> set[str]:
    return set(tables["articles"]["outlet"])


def test_no_filter_keeps_everything(seed_tables, seeds):
    for name in ("articles", "sentences", "mentions", "quotes", "sentence_stance", "stance"):
        assert len(seeds[name]) == len(seed_tables[name]), name
    pd.testing.assert_frame_equal(
        seeds["source_stance"].reset_index(drop=True), seed_tables["source_stance"].reset_index(drop=True), check_dtype=False
    )


@pytest.mark.parametrize(
    ("filters", "outlets"),
    [
        (Filters(outlets=("NK News",)), {"NK News"}),
        (Filters(outlets=("NK News", "Korea Pro")), {"NK News", "Korea Pro"}),
        (Filters(countries=("Japan",)), {"The Japan Times"}),
        (Filters(kinds=("think tank",)), {"Lowy Institute"}),
        # Undated articles are left out as soon as a date bound is set.
        (Filters(date_from=dt.date(2024, 8, 1)), {"unknown"}),
        (Filters(date_to=dt.date(2024, 7, 29)), {"Korea Pro", "NK News"}),
        (Filters(search="maslow"), {"The Japan Times"}),
        (Filters(search="no article says xyzzy"), set()),
    ],
    ids=["one outlet", "two outlets", "country", "kind", "from", "to", "search", "search nothing"],
)
def test_article_filters(kept, filters, outlets):
    assert outlets_of(kept(filters)) == outlets


def test_dependent_tables_follow_the_articles(kept):
    nk_news = kept(Filters(outlets=("NK News",)))
    ids = set(nk_news["articles"]["article_id"])
    for name in ("sentences", "mentions", "quotes", "sentence_stance", "stance"):
        assert set(nk_news[name]["article_id"]) <= ids, name
        assert 0 < len(nk_news[name]) == nk_news.number_of_rows(name), name
    assert set(nk_news["source_stance"]["outlet"]) == {"NK News"}


def test_actor_filter_keeps_articles_that_mention_the_actor(seed_tables, kept):
    mentions = seed_tables["mentions"]
    with_ban_kil_joo = set(mentions[mentions["actor_id"] == "ban_kil_joo"]["article_id"])
    chosen = kept(Filters(actors=("ban_kil_joo",)))
    assert set(chosen["articles"]["article_id"]) == with_ban_kil_joo
    assert set(chosen["stance"]["actor_id"]) == {"ban_kil_joo"}
    # Unresolved mentions stay, as the reader shows them.
    assert set(chosen["mentions"]["actor_id"]) <= {"ban_kil_joo", ""}


def test_actor_type_filter_narrows_actors_not_articles(seed_tables, kept):
    people = kept(Filters(actor_types=("person",)))
    assert len(people["articles"]) == len(seed_tables["articles"])
    assert set(people["actors"]["type"]) == {"person"}
    names = set(people["actors"]["actor_id"])
    assert set(people["stance"]["actor_id"]) <= names and set(people["sentence_stance"]["actor_id"]) <= names
    actor_rows = people["source_stance"][people["source_stance"]["target_kind"] == "actor"]
    assert set(actor_rows["target_id"]) <= names
    # The topic's rows stay: they do not depend on the actor filter.
    assert "topic" in set(people["source_stance"]["target_kind"])


def test_stance_filter(seed_tables, kept):
    chosen = kept(Filters(stance_labels=("critical",)))
    critical = seed_tables["stance"][seed_tables["stance"]["label"] == "critical"]
    assert set(chosen["articles"]["article_id"]) == set(critical["article_id"])
    assert set(chosen["stance"]["label"]) == {"critical"}


def test_syndicated_copies_can_be_left_out(seed_tables, kept):
    tables = dict(seed_tables)
    articles = seed_tables["articles"].copy()
    articles.loc[articles.index[1], "syndicated_of"] = articles.loc[articles.index[0], "article_id"]
    tables["articles"] = articles
    assert len(kept(Filters(include_copies=False), tables)["articles"]) == len(articles) - 1
    assert len(kept(Filters(include_copies=True), tables)["articles"]) == len(articles)


def test_source_stance_is_recomputed_from_what_remains(seed_tables, kept):
    everything = seed_tables["source_stance"].set_index(["outlet", "target_kind", "target_id"])
    only_people = kept(Filters(actor_types=("country",)))["source_stance"]
    only_people = only_people.set_index(["outlet", "target_kind", "target_id"])
    assert set(only_people.index) < set(everything.index)
    for key, row in only_people.iterrows():
        assert row["mean_score"] == pytest.approx(everything.loc[key, "mean_score"])
        assert row["label"] == everything.loc[key, "label"]


def test_options_come_from_the_whole_corpus(seed_tables):
    options = options_of(corpus_of(seed_tables))
    assert options["outlet"] == sorted(seed_tables["articles"]["outlet"].unique())
    assert options["country"] == ["Australia", "Japan", "South Korea"]
    assert "" not in options["kind"]
    assert options["stance"] == ["critical", "neutral", "supportive"]
    assert set(options["actor"]) == set(seed_tables["mentions"]["actor_id"]) - {""}


def test_the_genre_filter_keeps_the_articles_of_those_genres(seed_tables, kept):
    articles = seed_tables["articles"].copy()
    articles["genre"] = ["news", "editorial", "", "opinion/column", "news"][: len(articles)]
    tables = {**seed_tables, "articles": articles}
    chosen = kept(Filters(genres=("news", "editorial")), tables)["articles"]
    assert sorted(chosen["genre"]) == ["editorial", "news", "news"]
    assert options_of(corpus_of(tables))["genre"] == ["news", "editorial", "opinion/column"]
