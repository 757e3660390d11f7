"""The map cache: a rebuild reuses every part whose inputs did not change, recomputes
exactly the stages whose inputs did, and gives the same tables as a build without it."""

import shutil
import sqlite3

import pandas as pd
import pytest

from dashboard.preprocessing.build import BuildOptions, article_map, build, build_tables
from dashboard.preprocessing.build.map_cache import CACHE_FILE, DEFAULT_CACHE_FOLDER, MapCache, cache_seeded
from dashboard.preprocessing.reference import reference_data_from_files
from tests.conftest import ROOT, SEEDS, TEST_DATA

MIXED = TEST_DATA / "mixed"
STAGES = {"cleaned", "actors", "sentiment", "topic_stance", "frames"}


def _assert_same_tables(first: dict[str, pd.DataFrame], second: dict[str, pd.DataFrame]) -> None:
    assert first.keys() == second.keys()
    for name in first:
        pd.testing.assert_frame_equal(first[name], second[name], obj=name)


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder / "seeds")
    shutil.copytree(MIXED, folder / "mixed")
    return folder


@pytest.fixture()
def reference_folder(tmp_path):
    """A copy of the reference files, to edit."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("sources.csv", "actors.csv", "not_actors.csv", "common_surnames.csv", "stance_cues.csv", "frames.csv"):
        shutil.copy(ROOT / "data" / name, folder / name)
    shutil.copytree(ROOT / "data" / "topics", folder / "topics")
    return folder


def _reference(folder):
    return reference_data_from_files(folder / "sources.csv", folder / "actors.csv", folder / "not_actors.csv")


def test_a_rebuild_reuses_every_part_and_gives_the_same_tables(tmp_path, corpus, reference):
    out = tmp_path / "processed"
    first = build([corpus], out, reference, BuildOptions(workers=1))
    n_articles = first.manifest["articles"]
    assert first.manifest["map_cache"]["reused"] == {}
    assert first.manifest["map_cache"]["computed"]["topic_stance"] == n_articles
    second = build([corpus], out, reference, BuildOptions(workers=1))
    assert second.manifest["map_cache"]["computed"] == {}
    assert second.manifest["map_cache"]["reused"]["cleaned"] >= n_articles
    assert (out / DEFAULT_CACHE_FOLDER / CACHE_FILE).is_file(), "the swap carries the cache over"
    _assert_same_tables(first.frames, second.frames)
    _assert_same_tables(second.frames, build_tables([corpus], reference, BuildOptions(workers=1, use_cache=False)))


def test_adding_files_processes_only_the_new_ones(tmp_path, corpus, reference):
    out = tmp_path / "processed"
    build([corpus / "seeds"], out, reference, BuildOptions(workers=1))
    report = build([corpus / "seeds", corpus / "mixed"], out, reference, BuildOptions(workers=1))
    new_articles = len(build_tables([corpus / "mixed"], reference, BuildOptions(workers=1, use_cache=False))["articles"])
    assert report.manifest["map_cache"]["computed"]["topic_stance"] == new_articles
    assert report.manifest["map_cache"]["reused"]["topic_stance"] == len(list(SEEDS.glob("0*.txt")))


def test_editing_the_actor_dictionary_reruns_only_the_stages_that_read_it(tmp_path, corpus, reference_folder):
    out = tmp_path / "processed"
    build([corpus], out, _reference(reference_folder), BuildOptions(workers=1))
    with (reference_folder / "actors.csv").open("a", encoding="utf-8") as handle:
        handle.write("thaad,THAAD,organization,,,Terminal High Altitude Area Defense\n")
    edited = _reference(reference_folder)
    report = build([corpus], out, edited, BuildOptions(workers=1))
    assert set(report.manifest["map_cache"]["computed"]) == {"actors", "sentiment"}
    assert set(report.manifest["map_cache"]["reused"]) == {"cleaned", "topic_stance", "frames"}
    assert "thaad" in set(report.frames["mentions"]["actor_id"])
    _assert_same_tables(report.frames, build_tables([corpus], edited, BuildOptions(workers=1, use_cache=False)))


def test_editing_the_frames_reruns_only_the_frames_stage(tmp_path, corpus, reference_folder):
    out = tmp_path / "processed"
    build([corpus / "seeds"], out, _reference(reference_folder), BuildOptions(workers=1, stance_mode="fast"))
    with (reference_folder / "frames.csv").open("a", encoding="utf-8") as handle:
        handle.write("institutionalisation_routine,cue,defense ministers\n")
    edited = _reference(reference_folder)
    report = build([corpus / "seeds"], out, edited, BuildOptions(workers=1, stance_mode="fast"))
    assert set(report.manifest["map_cache"]["computed"]) == {"frames"}
    assert "defense ministers" in set(report.frames["sentence_frames"]["cue"].str.split("|").explode())
    _assert_same_tables(report.frames, build_tables([corpus / "seeds"], edited, BuildOptions(workers=1, stance_mode="fast", use_cache=False)))


def test_editing_the_outlet_registry_reruns_everything(tmp_path, corpus, reference_folder):
    out = tmp_path / "processed"
    build([corpus / "seeds"], out, _reference(reference_folder), BuildOptions(workers=1))
    with (reference_folder / "sources.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    report = build([corpus / "seeds"], out, _reference(reference_folder), BuildOptions(workers=1))
    assert set(report.manifest["map_cache"]["computed"]) == STAGES


def test_another_stance_mode_reuses_cleaning_and_actors(tmp_path, corpus, reference):
    out = tmp_path / "processed"
    build([corpus / "seeds"], out, reference, BuildOptions(workers=1))
    report = build([corpus / "seeds"], out, reference, BuildOptions(workers=1, stance_mode="fast"))
    assert set(report.manifest["map_cache"]["computed"]) == {"sentiment", "topic_stance", "frames"}


def test_parts_no_longer_used_are_pruned(tmp_path, corpus, reference):
    out = tmp_path / "processed"
    build([corpus], out, reference, BuildOptions(workers=1))
    database = out / DEFAULT_CACHE_FOLDER / CACHE_FILE
    with sqlite3.connect(database) as connection:
        before = connection.execute("SELECT count(*) FROM stage_parts").fetchone()[0]
    build([corpus / "seeds"], out, reference, BuildOptions(workers=1))
    with sqlite3.connect(database) as connection:
        after = connection.execute("SELECT count(*) FROM stage_parts").fetchone()[0]
    assert after == len(STAGES) * len(list(SEEDS.glob("0*.txt"))) < before


def test_an_unforeseen_error_is_not_cached(tmp_path, corpus, reference, monkeypatch):
    out = tmp_path / "processed"
    processed = article_map.processed_article

    def broken(raw, stages, known):
        if raw.source_path.endswith("kyodo_bom.txt"):
            raise ZeroDivisionError("boom")
        return processed(raw, stages, known)

    monkeypatch.setattr(article_map, "processed_article", broken)
    first = build([corpus / "mixed"], out, reference, BuildOptions(workers=1))
    assert "kyodo_bom.txt" not in set(first.frames["articles"]["source_path"])
    monkeypatch.setattr(article_map, "processed_article", processed)
    second = build([corpus / "mixed"], out, reference, BuildOptions(workers=1))
    assert "kyodo_bom.txt" in set(second.frames["articles"]["source_path"])
    assert second.manifest["map_cache"]["computed"]["cleaned"] == 1


def test_a_damaged_cache_is_set_aside_and_rebuilt(tmp_path, corpus, reference):
    out = tmp_path / "processed"
    build([corpus / "seeds"], out, reference, BuildOptions(workers=1))
    database = out / DEFAULT_CACHE_FOLDER / CACHE_FILE
    database.write_bytes(b"not a database at all" * 100)
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    report = build([corpus / "seeds"], out, reference, BuildOptions(workers=1))
    assert set(report.manifest["map_cache"]["computed"]) == STAGES
    assert database.with_suffix(".damaged").is_file()


def test_a_cache_that_cannot_be_opened_warns_and_builds_without_it(tmp_path, corpus, reference):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be")
    warnings: list[str] = []
    tables = build_tables([corpus / "seeds"], reference, BuildOptions(workers=1, cache=blocker / "cache", warn=warnings.append))
    assert len(tables["articles"]) == len(list(SEEDS.glob("0*.txt")))
    assert any("map cache" in warning for warning in warnings)


def test_without_the_cache_nothing_is_kept(tmp_path, corpus, reference):
    out = tmp_path / "processed"
    report = build([corpus / "seeds"], out, reference, BuildOptions(workers=1, use_cache=False))
    assert report.manifest["map_cache"] is None
    assert not (out / DEFAULT_CACHE_FOLDER).exists()


def test_parallel_workers_fill_and_read_the_same_cache(tmp_path, corpus, reference):
    cache = tmp_path / "cache"
    serial = build_tables([corpus], reference, BuildOptions(workers=1, use_cache=False))
    parallel = build_tables([corpus], reference, BuildOptions(workers=2, cache=cache))
    again = build_tables([corpus], reference, BuildOptions(workers=2, cache=cache))
    _assert_same_tables(serial, parallel)
    _assert_same_tables(serial, again)


def test_a_new_output_folder_can_start_from_another_ones_cache(tmp_path, corpus, reference):
    shared, session = tmp_path / "shared", tmp_path / "session"
    build([corpus / "seeds"], shared, reference, BuildOptions(workers=1))
    assert cache_seeded(session, shared)
    assert not cache_seeded(session, shared), "an existing cache is never overwritten"
    report = build([corpus / "seeds"], session, reference, BuildOptions(workers=1))
    assert report.manifest["map_cache"]["computed"] == {}
    assert not cache_seeded(tmp_path / "other", tmp_path / "nothing-built-here")


def test_turning_sentence_tone_off_reruns_only_the_sentiment_stage(tmp_path, corpus, reference):
    out = tmp_path / "processed"
    build([corpus / "seeds"], out, reference, BuildOptions(workers=1, stance_mode="fast", sentence_tone=True))
    report = build([corpus / "seeds"], out, reference, BuildOptions(workers=1, stance_mode="fast"))
    assert set(report.manifest["map_cache"]["computed"]) == {"sentiment"}


def test_a_cache_of_the_earlier_layout_is_dropped_for_the_new_table(tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    with sqlite3.connect(folder / CACHE_FILE) as connection:
        connection.execute("CREATE TABLE parts (key BLOB PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID")
        connection.execute("INSERT INTO parts VALUES (x'01', x'02')")
    MapCache(folder).close(prune=False)
    with sqlite3.connect(folder / CACHE_FILE) as connection:
        names = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "parts" not in names and "stage_parts" in names
