"""The synthetic build (benchmarks/synthetic_tables.py) is one the app cannot tell from a
real one: the same files, columns and types, and rows that refer to each other."""

import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard import schema
from dashboard.app import corpus
from dashboard.preprocessing.source_stance import source_stance
from dashboard.preprocessing.store import read_manifest, read_table, write_tables_atomically
from tests.conftest import load_benchmark

synthetic = load_benchmark("synthetic_tables")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic") / "processed"
    synthetic.write_synthetic_build(out, 200, seed=3)
    return out


@pytest.fixture(scope="module")
def tables(folder):
    return {name: read_table(folder, table) for name, table in schema.TABLES.items()}


@pytest.fixture(scope="module")
def real_folder(tmp_path_factory, seed_tables):
    out = tmp_path_factory.mktemp("real") / "processed"
    write_tables_atomically(out, seed_tables, {"built_at": "real"})
    return out


def test_the_app_takes_it_for_a_build(folder):
    assert corpus.built_at(folder) == read_manifest(folder)["built_at"]
    assert read_manifest(folder)["articles"] == 200


@pytest.mark.parametrize("name", list(schema.TABLES))
def test_each_table_has_the_files_columns_and_types_of_a_real_build(folder, real_folder, name):
    assert pq.read_schema(folder / f"{name}.parquet").types == pq.read_schema(real_folder / f"{name}.parquet").types
    frame = read_table(folder, schema.TABLES[name])
    assert list(frame.columns) == schema.TABLES[name].column_names
    assert len(frame) > 0


def test_rows_refer_to_each_other(tables):
    articles = set(tables["articles"]["article_id"])
    sentences = set(tables["sentences"]["sentence_id"])
    actors = set(tables["actors"]["actor_id"])
    for name in ("sentences", "mentions", "quotes", "topic_stance", "sentence_stance", "stance"):
        assert set(tables[name]["article_id"]) <= articles, name
    for name in ("mentions", "quotes", "sentence_stance"):
        assert set(tables[name]["sentence_id"]) <= sentences, name
    headlines = tables["topic_stance"]["sentence_id"].str.endswith(":title")
    assert set(tables["topic_stance"]["sentence_id"][~headlines]) <= sentences
    assert set(tables["mentions"]["actor_id"]) - {""} <= actors
    assert set(tables["sentence_stance"]["actor_id"]) | set(tables["stance"]["actor_id"]) <= actors
    counted = tables["sentences"].groupby("article_id").size()
    assert tables["articles"].set_index("article_id")["n_sentences"].sort_index().eq(counted.sort_index()).all()


def test_mention_offsets_point_at_the_words(tables):
    text = tables["sentences"].set_index("sentence_id")["text"]
    mentions = tables["mentions"]
    assert all(
        text[sentence][start:end] == surface
        for sentence, start, end, surface in zip(mentions["sentence_id"], mentions["start"], mentions["end"], mentions["surface"], strict=True)
    )


def test_stance_tables_agree_with_the_build_rules(folder, tables):
    articles = tables["articles"]
    topical = articles["topic_score"].notna()
    assert (articles["topic_label"] != "").eq(topical).all()
    assert set(articles.loc[topical, "article_id"]) == set(tables["topic_stance"]["article_id"])
    stance = tables["stance"]
    assert (stance["n_negative"] + stance["n_neutral"] + stance["n_positive"] == stance["n_sentences"]).all()
    pairs = tables["sentence_stance"].groupby(["article_id", "actor_id"]).size()
    assert stance.set_index(["article_id", "actor_id"])["n_sentences"].sort_index().eq(pairs.sort_index()).all()
    manifest = read_manifest(folder)
    recomputed = source_stance(articles, tables["sentence_stance"], manifest["topic"], manifest["topic_weights"]["band"])
    pd.testing.assert_frame_equal(recomputed, tables["source_stance"], check_dtype=False)
