"""The corpus as the app holds it: the columns it reads, numbers for every row's article
and actor, tables shared rather than copied, and whole tables for downloads."""

import pandas as pd
import pytest

from dashboard import schema
from dashboard.app import views
from dashboard.app.filters import Filters, selection
from dashboard.app.tables import COLUMNS_LEFT_ON_DISK, TablesRebuilt, columns_read, corpus_from_folder, rows_of
from dashboard.preprocessing.build import BuildOptions, build
from dashboard.preprocessing.store import read_manifest, read_table
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def folder(tmp_path_factory, reference):
    out = tmp_path_factory.mktemp("tables") / "processed"
    build([SEEDS], out, reference, BuildOptions(workers=1))
    return out


@pytest.fixture(scope="module")
def loaded(folder):
    return corpus_from_folder(folder, "tscf", 0.1, read_manifest(folder)["built_at"])


def test_the_columns_left_on_disk_are_the_schemas():
    for name, columns in COLUMNS_LEFT_ON_DISK.items():
        assert set(columns) < set(schema.TABLES[name].column_names), name


def test_only_the_columns_the_pages_read_are_loaded(loaded):
    for name, table in schema.TABLES.items():
        expected = [column for column in columns_read(table).column_names if not (name == "articles" and column == "text")]
        assert list(loaded.tables[name].columns) == expected, name
        assert not set(loaded.tables[name].columns) & set(COLUMNS_LEFT_ON_DISK.get(name, ())), name
    assert len(loaded.texts) == len(loaded.tables["articles"]) and loaded.texts.str.len().min() > 0


def test_rows_are_numbered_by_their_article_and_actor(loaded):
    articles, actors = loaded.tables["articles"]["article_id"], loaded.tables["actors"]["actor_id"]
    for name in ("sentences", "mentions", "quotes", "topic_stance", "sentence_stance", "stance"):
        rows = loaded.article_rows[name]
        assert (articles.to_numpy()[rows] == loaded.tables[name]["article_id"].to_numpy()).all(), name
    mentions = loaded.tables["mentions"]["actor_id"].to_numpy()
    rows = loaded.actor_rows["mentions"]
    resolved = mentions != ""
    assert (actors.to_numpy()[rows[resolved]] == mentions[resolved]).all()
    assert (rows[~resolved] == loaded.no_actor).all()


def test_rows_are_found_by_id_in_any_order():
    ids = pd.Series(["a", "b", "c"], dtype="string")
    keys = pd.Series(["c", "c", "a", "x", "c", "b", "b"], dtype="string")
    assert rows_of(ids, keys).tolist() == [2, 2, 0, -1, 2, 1, 1]
    assert rows_of(ids, keys.iloc[:0]).tolist() == []
    assert rows_of(ids.astype(object), keys.astype(object)).tolist() == [2, 2, 0, -1, 2, 1, 1]


def test_the_numbers_cannot_be_changed(loaded):
    with pytest.raises(ValueError):
        loaded.article_rows["mentions"][0] = 1
    with pytest.raises(TypeError):
        loaded.tables["articles"] = loaded.tables["actors"]


def test_no_filter_shares_the_tables_themselves(loaded):
    everything = selection(loaded, Filters())
    for name in schema.TABLES:
        assert everything[name] is loaded.tables[name], name


def test_a_filter_keeps_rows_without_touching_the_corpus(loaded):
    before = {name: frame.copy() for name, frame in loaded.tables.items()}
    nk_news = selection(loaded, Filters(outlets=("NK News",)))
    assert set(nk_news["articles"]["outlet"]) == {"NK News"}
    assert nk_news.number_of_rows("mentions") == len(nk_news["mentions"]) < len(loaded.tables["mentions"])
    for name, frame in loaded.tables.items():
        pd.testing.assert_frame_equal(frame, before[name])


def test_whole_tables_have_every_column_and_the_rows_kept(folder, loaded):
    nk_news = selection(loaded, Filters(outlets=("NK News",)))
    for name, table in schema.TABLES.items():
        whole = nk_news.whole_table(name)
        assert list(whole.columns) == table.column_names, name
        assert len(whole) == len(nk_news[name]), name
    everything = read_table(folder, schema.MENTIONS)
    kept = nk_news.whole_table("mentions")
    pd.testing.assert_frame_equal(kept, everything[everything["article_id"].isin(nk_news["articles"]["article_id"])])
    articles = nk_news.whole_table("articles")
    assert (articles["text"].to_numpy() == loaded.texts[nk_news.kept_rows("articles")].to_numpy()).all()


@pytest.mark.parametrize("filters", [Filters(), Filters(outlets=("NK News", "Korea Pro"))])
def test_downloaded_row_tables_carry_their_articles_outlet_date_and_title(folder, loaded, filters):
    kept = selection(loaded, filters)
    articles = read_table(folder, schema.ARTICLES).set_index("article_id")
    for name in ("sentences", "mentions", "quotes", "sentence_stance", "topic_stance", "stance"):
        table = schema.TABLES[name]
        download = kept.standalone_table(name)
        assert list(download.columns) == schema.download_column_names(table)
        assert list(download.columns[1:4]) == ["outlet", "published", "title"] and download.columns[0] == "article_id"
        assert len(download) == kept.number_of_rows(name) > 0, name
        expected = articles.loc[download["article_id"], ["outlet", "published", "title"]].reset_index(drop=True)
        pd.testing.assert_frame_equal(download[["outlet", "published", "title"]], expected, obj=name)
        # The table's own columns are as they are on disk.
        pd.testing.assert_frame_equal(download[table.column_names], kept.whole_table(name).reset_index(drop=True), obj=name)


def test_tables_whose_rows_are_not_an_articles_download_as_they_are(loaded):
    everything = selection(loaded, Filters())
    for name in ("articles", "actors", "candidates", "source_stance", "rejected"):
        assert list(everything.standalone_table(name).columns) == schema.TABLES[name].column_names, name


def test_a_whole_table_of_a_replaced_build_is_refused(folder):
    # The rows kept were counted in the build read then; another build's would not match.
    stale = corpus_from_folder(folder, "tscf", 0.1, "an earlier build")
    with pytest.raises(TablesRebuilt):
        selection(stale, Filters()).whole_table("mentions")
    assert selection(stale, Filters()).whole_table("actors") is stale.tables["actors"]


def test_the_topic_stance_text_left_on_disk_is_found_again(folder, loaded):
    stored = read_table(folder, schema.TOPIC_STANCE)
    everything = selection(loaded, Filters())
    article_id = stored["article_id"].iloc[0]
    parts = views.article_parts(everything, article_id)["topic_stance"]
    assert list(parts["text"]) == list(stored[stored["article_id"] == article_id]["text"])
    texts = dict(zip(stored["sentence_id"], stored["text"], strict=True))
    evidence = views.topic_evidence(everything, "NK News").rows
    assert len(evidence) and all(texts[sentence] == text for sentence, text in zip(evidence["sentence_id"], evidence["text"], strict=True))
