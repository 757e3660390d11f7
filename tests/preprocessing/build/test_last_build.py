"""The incremental reduce: a rebuild reads only the files that changed since the last
build and gives exactly the tables a build of every file gives."""

import io
import json
import shutil
from dataclasses import replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard import schema
from dashboard.preprocessing.build import BuildOptions, build, build_tables, corpus_reduce, last_build
from dashboard.preprocessing.build.corpus_reduce import JOINING_ORDER
from dashboard.preprocessing.build.last_build import LAST_BUILD_FILE, last_build_from, write_last_build
from dashboard.preprocessing.build.map_cache import DEFAULT_CACHE_FOLDER, cache_seeded
from dashboard.preprocessing.reference import reference_data_from_files
from dashboard.preprocessing.store import PreviousCsv, PreviousCsvChanged, read_table
from dashboard.spreadsheet import SpreadsheetCsvWriter
from tests.conftest import ROOT, SEEDS, TEST_DATA

FAST = BuildOptions(workers=1, stance_mode="fast")


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder / "seeds")
    shutil.copytree(TEST_DATA / "mixed", folder / "mixed")
    return folder


def _assert_as_a_full_build(report, inputs, reference, options=FAST):
    full = build_tables(inputs, reference, BuildOptions(workers=1, stance_mode=options.stance_mode, use_cache=False))
    assert report.frames.keys() == full.keys()
    for name in full:
        pd.testing.assert_frame_equal(report.frames[name], full[name], obj=name)


def _files_in(folder):
    return sum(1 for path in folder.rglob("*") if path.is_file())


def _jsonl(path, records):
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")


def _wire_story(source, headline="Ministers meet on the trilateral framework"):
    text = (
        "The defense ministers of Japan, South Korea and the United States met in Tokyo on Sunday to review the trilateral "
        "security cooperation framework.\n\nOfficials said the three countries would hold their next meeting in Seoul, "
        "and that the exercises agreed last year would continue."
    )
    return {"headline": headline, "published": "2024-07-29", "source": source, "url": f"https://{source.lower()}.example/1", "text": text}


def test_a_rebuild_after_adding_a_file_reads_only_that_file(tmp_path, corpus, reference):
    out = tmp_path / "processed"
    first = build([corpus], out, reference, FAST)
    assert first.manifest["unread_files"] == 0
    first_seed = sorted(SEEDS.glob("0*.txt"))[0]
    (corpus / "added.txt").write_text(first_seed.read_text(encoding="utf-8") + "\n\nA paragraph the copy adds.", encoding="utf-8")
    second = build([corpus], out, reference, FAST)
    assert second.manifest["unread_files"] == _files_in(corpus) - 1
    assert second.manifest["map_cache"]["computed"]["cleaned"] == 1
    assert len(second.frames["articles"]) == len(first.frames["articles"]) + 1
    _assert_as_a_full_build(second, [corpus], reference)


def test_a_rebuild_copies_the_csv_rows_it_keeps_and_writes_the_files_a_full_build_writes(tmp_path, corpus, reference, monkeypatch):
    # Checkpoints and runs short enough for the seeds' few hundred rows a table.
    monkeypatch.setattr("dashboard.spreadsheet.CHECKPOINT_ROWS", 8)
    monkeypatch.setattr(corpus_reduce, "REUSED_RUN_ROWS", 16)
    out = tmp_path / "processed"
    build([corpus], out, reference, FAST)
    seeds = sorted((corpus / "seeds").glob("0*.txt"))
    # One file added between the others and one edited: new rows in the middle of the old.
    (corpus / "seeds" / "02b_added.txt").write_text(seeds[0].read_text(encoding="utf-8") + "\n\nA paragraph the copy adds.", encoding="utf-8")
    seeds[3].write_text(seeds[3].read_text(encoding="utf-8").replace("Japan", "Japan's government", 1), encoding="utf-8")
    copied = []
    real_copy = SpreadsheetCsvWriter.write_copied
    monkeypatch.setattr(SpreadsheetCsvWriter, "write_copied", lambda writer, *args: copied.append(args[3] - args[2]) or real_copy(writer, *args))
    build([corpus], out, reference, FAST)
    assert sum(copied) > 0
    full = tmp_path / "full"
    build([corpus], full, reference, BuildOptions(workers=1, stance_mode="fast", use_cache=False))
    _assert_the_same_files(out, full)


def _assert_the_same_files(out, full):
    """The same CSV bytes and Parquet tables, and CSV checkpoints that say where rows start
    (not the full build's own: copied rows bring the previous file's)."""
    for table in schema.TABLES.values():
        assert (out / f"{table.name}.csv").read_bytes() == (full / f"{table.name}.csv").read_bytes(), table.name
        pd.testing.assert_frame_equal(read_table(out, table), read_table(full, table), obj=table.name)
    noted = sorted(path.name for path in out.glob(".*.csv-rows.npz"))
    assert noted == sorted(path.name for path in full.glob(".*.csv-rows.npz")) and noted
    for name in noted:
        csv = out / name.removeprefix(".").removesuffix("-rows.npz")
        data, rows = csv.read_bytes(), pd.read_csv(csv, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        with np.load(out / name) as checkpoints:
            assert checkpoints["rows"][-1] == len(rows) and checkpoints["offsets"][-1] == len(data), name
            for row, offset in zip(checkpoints["rows"][:-1].tolist(), checkpoints["offsets"][:-1].tolist(), strict=True):
                found = pd.read_csv(io.BytesIO(data[offset:]), header=None, nrows=1, dtype=str, keep_default_na=False)
                assert found.iloc[0].tolist() == rows.iloc[row].tolist(), (name, row)


def test_a_csv_that_changes_while_a_rebuild_copies_it_means_every_file_is_read_again(tmp_path, corpus, reference, monkeypatch):
    monkeypatch.setattr("dashboard.spreadsheet.CHECKPOINT_ROWS", 8)
    monkeypatch.setattr(corpus_reduce, "REUSED_RUN_ROWS", 16)
    out = tmp_path / "processed"
    build([corpus], out, reference, FAST)
    (corpus / "added.txt").write_text(sorted(SEEDS.glob("0*.txt"))[0].read_text(encoding="utf-8") + "\n\nA paragraph.", encoding="utf-8")

    def changed(previous, start, stop):
        raise PreviousCsvChanged(f"{previous.path} changed since its build")
        yield b""

    monkeypatch.setattr(PreviousCsv, "pieces_of", changed)
    warnings = []
    report = build([corpus], out, reference, replace(FAST, warn=warnings.append))
    assert report.manifest["unread_files"] == 0
    assert any("changed since its build" in warning for warning in warnings)
    full = tmp_path / "full"
    build([corpus], full, reference, BuildOptions(workers=1, stance_mode="fast", use_cache=False))
    _assert_the_same_files(out, full)


def test_an_unchanged_corpus_is_not_read_again_and_gives_the_same_tables(tmp_path, corpus, reference):
    out = tmp_path / "processed"
    first = build([corpus], out, reference, FAST)
    second = build([corpus], out, reference, FAST)
    assert second.manifest["unread_files"] == _files_in(corpus)
    assert second.manifest["map_cache"]["computed"] == {}
    for name in first.frames:
        pd.testing.assert_frame_equal(first.frames[name], second.frames[name], obj=name)
    assert second.manifest["rejected"] == first.manifest["rejected"] > 0, "the mixed corpus's rejections are kept too"


def test_edited_and_removed_files_are_read_again_or_dropped(tmp_path, corpus, reference):
    out = tmp_path / "processed"
    build([corpus], out, reference, FAST)
    edited, removed = sorted((corpus / "seeds").glob("0*.txt"))[1:3]
    edited.write_text(edited.read_text(encoding="utf-8").replace("Japan", "Japan's government", 1), encoding="utf-8")
    removed.unlink()
    second = build([corpus], out, reference, FAST)
    assert second.manifest["unread_files"] == _files_in(corpus) - 1
    assert not second.frames["articles"]["source_path"].str.endswith(removed.name).any()
    _assert_as_a_full_build(second, [corpus], reference)


def _wire_corpus_built(tmp_path, reference):
    """A corpus of one Reuters wire story in b.jsonl, built; its folder and output."""
    corpus, out = tmp_path / "corpus", tmp_path / "processed"
    corpus.mkdir()
    _jsonl(corpus / "b.jsonl", [_wire_story("Reuters")])
    build([corpus], out, reference, FAST)
    return corpus, out


def test_a_file_added_before_a_repost_changes_its_id_and_every_file_is_read(tmp_path, reference):
    corpus, out = _wire_corpus_built(tmp_path, reference)
    # The same text from another outlet, read first from now on: the Reuters copy becomes
    # the repost, with an id that also hashes its outlet.
    _jsonl(corpus / "a.jsonl", [_wire_story("Yonhap")])
    warnings: list[str] = []
    second = build([corpus], out, reference, BuildOptions(workers=1, stance_mode="fast", warn=warnings.append))
    assert any("no rows as article" in warning and "every file is read again" in warning for warning in warnings)
    assert second.manifest["unread_files"] == 0
    assert len(second.frames["articles"]) == 2
    _assert_as_a_full_build(second, [corpus], reference)


def test_a_same_outlet_duplicate_added_before_an_article_takes_its_place(tmp_path, reference):
    corpus, out = _wire_corpus_built(tmp_path, reference)
    _jsonl(corpus / "a.jsonl", [_wire_story("Reuters")])
    second = build([corpus], out, reference, FAST)
    assert second.manifest["unread_files"] == 1
    assert second.frames["articles"]["source_path"].str.startswith("a.jsonl").all()
    assert second.frames["rejected"]["reason"].str.startswith("duplicate").any()
    _assert_as_a_full_build(second, [corpus], reference)


def test_other_settings_or_reference_data_read_every_file(tmp_path, corpus, reference):
    out = tmp_path / "processed"
    build([corpus], out, reference, FAST)
    assert build([corpus], out, reference, BuildOptions(workers=1, stance_mode="fast", sentence_tone=True)).manifest["unread_files"] == 0
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("raw", "processed", "training"))
    with (data / "actors.csv").open("a", encoding="utf-8") as handle:
        handle.write("kim_test,Kim Testperson,person,south_korea,,Testperson\n")
    edited = reference_data_from_files(data / "sources.csv", data / "actors.csv", data / "not_actors.csv")
    assert build([corpus], out, edited, FAST).manifest["unread_files"] == 0


@pytest.mark.parametrize("damage", ["garbage", "tables replaced", "cache damaged"])
def test_a_record_that_cannot_be_trusted_means_a_build_of_every_file(tmp_path, corpus, reference, damage):
    out = tmp_path / "processed"
    build([corpus], out, reference, FAST)
    cache = out / DEFAULT_CACHE_FOLDER
    if damage == "garbage":
        (cache / LAST_BUILD_FILE).write_bytes(b"\x00not a record" * 50)
    elif damage == "tables replaced":
        build_tables([corpus], reference, FAST)  # writes nothing
        manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
        (out / "build.json").write_text(json.dumps({**manifest, "build_id": "another build"}), encoding="utf-8")
    else:
        (cache / "map-cache.sqlite").write_bytes(b"not a database" * 100)
    report = build([corpus], out, reference, FAST)
    assert report.manifest["unread_files"] == 0
    _assert_as_a_full_build(report, [corpus], reference)


def test_a_file_whose_record_cannot_be_read_is_read_again_and_the_others_are_not(tmp_path, corpus, reference):
    out = tmp_path / "processed"
    build([corpus], out, reference, FAST)
    cache = out / DEFAULT_CACHE_FOLDER
    record = last_build_from(cache)
    damaged = sorted(record.files)[0]
    write_last_build(cache, replace(record, files={**record.files, damaged: b"\x80\x05not a pickle"}))
    report = build([corpus], out, reference, FAST)
    assert report.manifest["unread_files"] == _files_in(corpus) - 1
    _assert_as_a_full_build(report, [corpus], reference)
    kept = last_build_from(cache)
    assert kept.file_record(damaged) is not None, "the file's record is kept again"
    assert {key: kept.files[key] for key in record.files if key != damaged} == {
        key: encoded for key, encoded in record.files.items() if key != damaged
    }, "the unchanged files' records are written back as they were"
    assert build([corpus], out, reference, FAST).manifest["unread_files"] == _files_in(corpus)


@pytest.mark.parametrize("damage", ["truncated", "garbled"])
def test_a_previous_table_that_cannot_be_read_means_every_file_is_read_again(tmp_path, corpus, reference, damage):
    """Truncated, its footer is gone and the table is not read ahead; garbled, it is, and
    fails there: either way the rebuild reads every file, and its tables are whole."""
    out = tmp_path / "processed"
    build([corpus], out, reference, FAST)
    sentences = out / "sentences.parquet"
    data = sentences.read_bytes()
    half = len(data) // 2
    sentences.write_bytes(data[:half] if damage == "truncated" else data[:4] + b"\xff" * (half - 4) + data[half:])
    (corpus / "added.txt").write_text(sorted(SEEDS.glob("0*.txt"))[0].read_text(encoding="utf-8") + "\n\nA paragraph the copy adds.", encoding="utf-8")
    warnings = []
    report = build([corpus], out, reference, replace(FAST, warn=warnings.append))
    assert report.manifest["unread_files"] == 0
    assert any("sentences cannot be read" in warning and "every file is read again" in warning for warning in warnings)
    _assert_as_a_full_build(report, [corpus], reference)


def test_without_a_cache_no_record_is_kept(tmp_path, corpus, reference):
    out = tmp_path / "processed"
    build([corpus], out, reference, BuildOptions(workers=1, stance_mode="fast", use_cache=False))
    assert not (out / DEFAULT_CACHE_FOLDER / LAST_BUILD_FILE).exists()
    assert build([corpus], out, reference, FAST).manifest["unread_files"] == 0


def test_a_session_seeded_from_the_shared_tables_reads_only_its_uploads(tmp_path, corpus, reference):
    shared, session = tmp_path / "shared", tmp_path / "session"
    build([corpus], shared, reference, FAST)
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    _jsonl(uploads / "upload.jsonl", [_wire_story("Yonhap", headline="An upload of the session")])
    assert cache_seeded(session, shared)
    report = build([corpus, uploads], session, reference, FAST)
    assert report.manifest["unread_files"] == _files_in(corpus)
    assert report.manifest["map_cache"]["computed"]["cleaned"] == 1
    _assert_as_a_full_build(report, [corpus, uploads], reference)
    # Once the shared tables are rebuilt, the session's copy of their record no longer holds.
    build([corpus], shared, reference, FAST)
    assert cache_seeded(tmp_path / "second", shared)
    (shared / "build.json").write_text(json.dumps({"build_id": "rebuilt since"}), encoding="utf-8")
    assert build([corpus], tmp_path / "second", reference, FAST).manifest["unread_files"] == 0


def test_the_previous_tables_that_fit_the_budget_are_read_ahead_past_one_that_does_not(tmp_path, monkeypatch):
    large = schema.TOPIC_STANCE.name
    for table in JOINING_ORDER:
        pq.write_table(pa.table({"n": range(100_000 if table.name == large else 100)}), tmp_path / f"{table.name}.parquet", compression="none")
    monkeypatch.setattr(last_build, "READ_AHEAD_BYTES", 50_000)

    def read(table):
        return pa.table({"table": [table.name]})

    tables = last_build._TablesReadAhead(read, tmp_path)
    # What is submitted, not what the reader got to first: the caller takes a table not begun.
    assert set(tables._ahead) == {table.name for table in JOINING_ORDER} - {large}
    assert [tables.table(table)["table"][0].as_py() for table in JOINING_ORDER] == [table.name for table in JOINING_ORDER]
    tables.close()
