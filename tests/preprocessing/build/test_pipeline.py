import io
import os
import shutil

import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard import schema
from dashboard.preprocessing import store
from dashboard.preprocessing.build import BuildOptions, NothingToBuild, build, build_tables, corpus_reduce
from dashboard.preprocessing.store import read_manifest, read_table
from dashboard.spreadsheet import write_spreadsheet_csv
from tests.conftest import SEEDS, TEST_DATA

MIXED = TEST_DATA / "mixed"
GOOD = {
    "editorial_bracket.txt", "exports.csv#1", "exports.csv#2", "feed.jsonl#1", "feed.jsonl#2", "kyodo_bom.txt", "page.html",
    "wordpress_list.json#1", "wordpress_list.json#2", "yonhap_cp1252.txt",
}
BAD = {
    "blank.txt": "white space",
    "chrome_only.txt": "too little text",
    "empty.txt": "empty file",
    "photo.dat": "binary",
    "report.pdf": "PDF",
    "truncated.json": "truncated JSON",
}


@pytest.fixture(scope="module")
def mixed_tables(reference):
    warnings = []
    tables = build_tables([MIXED], reference, BuildOptions(workers=1, warn=warnings.append))
    return tables, warnings


def test_mixed_folder_gives_the_good_articles_and_a_reason_for_each_bad_file(mixed_tables):
    tables, warnings = mixed_tables
    assert set(tables["articles"]["source_path"]) == GOOD
    rejected = dict(zip(tables["rejected"]["source_path"], tables["rejected"]["reason"], strict=True))
    assert set(rejected) == set(BAD)
    for path, phrase in BAD.items():
        assert phrase in rejected[path]
    assert len(warnings) == len(BAD)
    assert all(line.startswith("warning: skipped ") and "\n" not in line for line in warnings)


def test_a_bracketed_headline_and_a_file_nested_100000_deep_do_not_cost_the_good_files(tmp_path, reference):
    folder = tmp_path / "corpus"
    shutil.copytree(MIXED, folder)
    (folder / "deep.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    tables = build_tables([folder], reference, BuildOptions(workers=1))
    assert set(tables["articles"]["source_path"]) == GOOD
    rejected = dict(zip(tables["rejected"]["source_path"], tables["rejected"]["reason"], strict=True))
    assert "nested deeper than 100 levels" in rejected["deep.json"]
    editorial = tables["articles"].set_index("source_path").loc["editorial_bracket.txt"]
    assert editorial["title"] == "[Editorial] A pact signed in Tokyo still needs the consent of voters at home"
    assert str(editorial["published"].date()) == "2024-07-30"


def test_every_format_yields_its_metadata(mixed_tables):
    articles = mixed_tables[0]["articles"].set_index("source_path")
    page = articles.loc["page.html"]
    assert (page["title"], page["outlet"], page["author"], page["date_source"]) == (
        "Allies launch Freedom Edge drills", "The Korea Herald", "Kim Arin", "html-meta",
    )
    assert page["published"] == pd.Timestamp("2024-06-27")
    assert "All rights reserved" not in page["text"] and "Home" not in page["text"]
    assert articles.loc["wordpress_list.json#1", "title"] == "Pyongyang slams ‘Asian NATO’ after Tokyo meeting"
    assert articles.loc["wordpress_list.json#1", "author"] == "Chad O'Carroll"
    assert articles.loc["exports.csv#1", "outlet"] == "Kyodo News"
    assert articles.loc["exports.csv#2", "published"] == pd.Timestamp("2024-06-03")
    assert articles.loc["feed.jsonl#1", "outlet_kind"] == "state media"
    yonhap = articles.loc["yonhap_cp1252.txt"]
    assert (yonhap["outlet"], yonhap["date_source"], yonhap["outlet_kind"]) == ("Yonhap News Agency", "dateline", "wire")
    assert "café-style “informal”" in yonhap["text"]
    assert articles.loc["kyodo_bom.txt", "title"] == "Tokyo hosts first trilateral defence ministers’ meeting"
    assert articles.loc["kyodo_bom.txt", "date_source"] == "text"


def test_tables_have_exactly_the_schema_columns(mixed_tables):
    for name, frame in mixed_tables[0].items():
        assert frame.columns.tolist() == schema.TABLES[name].column_names


def test_same_text_twice_is_kept_once_and_a_repost_is_syndicated(tmp_path, reference):
    story = (SEEDS / "002_6fc6dd4473e9855f.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(story, encoding="utf-8")
    (tmp_path / "b.txt").write_text(story, encoding="utf-8")
    (tmp_path / "c.txt").write_text("Repost title\nKorea Herald || Daily Repost\n" + story, encoding="utf-8")
    tables = build_tables([tmp_path], reference, BuildOptions(workers=1))
    articles = tables["articles"].set_index("source_path")
    assert set(articles.index) == {"a.txt", "c.txt"}
    assert articles.loc["c.txt", "syndicated_of"] == articles.loc["a.txt", "article_id"]
    assert articles.loc["a.txt", "syndicated_of"] == ""
    [reason] = tables["rejected"]["reason"]
    assert reason.startswith("duplicate: the same text as a.txt")
    for name in ("sentence_frames", "article_frames"):  # the duplicate adds no frame rows
        assert set(tables[name]["article_id"]) <= set(articles["article_id"]), name
    assert not tables["article_frames"].duplicated(["article_id", "frame"]).any()
    assert articles.loc["a.txt", "article_id"] in set(tables["article_frames"]["article_id"])


def test_parallel_build_equals_serial_build(reference):
    serial = build_tables([SEEDS, MIXED], reference, BuildOptions(workers=1))
    parallel = build_tables([SEEDS, MIXED], reference, BuildOptions(workers=2))
    for name in serial:
        pd.testing.assert_frame_equal(serial[name], parallel[name])


def test_nothing_usable_raises(tmp_path, reference):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(NothingToBuild, match="none of the 1 input files"):
        build_tables([tmp_path], reference)


def test_an_empty_folder_raises(tmp_path, reference):
    with pytest.raises(NothingToBuild, match="no files found"):
        build_tables([tmp_path], reference)


def test_build_writes_tables_and_manifest(tmp_path, reference):
    out = tmp_path / "processed"
    report = build([SEEDS], out, reference, BuildOptions(workers=1))
    assert read_manifest(out)["articles"] == 5 == len(report.frames["articles"])
    for table in schema.TABLES.values():
        assert (out / f"{table.name}.csv").exists()
        pd.testing.assert_frame_equal(read_table(out, table), report.frames[table.name])
    csv = pd.read_csv(out / "articles.csv", keep_default_na=False)
    assert csv["published"].tolist()[:3] == ["2024-07-29", "2024-08-18", "2024-07-29"]


def test_the_large_tables_written_as_they_are_made_equal_the_tables_built_in_memory(tmp_path, reference, monkeypatch):
    monkeypatch.setattr(corpus_reduce, "CHUNK_ARTICLES", 3)  # several pieces each
    in_memory = build_tables([SEEDS, MIXED], reference, BuildOptions(workers=1))
    out = tmp_path / "processed"
    report = build([SEEDS, MIXED], out, reference, BuildOptions(workers=1, use_cache=False))
    manifest = read_manifest(out)
    for table in schema.TABLES.values():
        written = read_table(out, table)
        pd.testing.assert_frame_equal(written, in_memory[table.name], check_exact=True)
        assert (out / f"{table.name}.csv").read_bytes() == _spreadsheet_csv(in_memory[table.name]), table.name
    for table in corpus_reduce.STREAMED_TABLES:
        assert pq.ParquetFile(out / f"{table.name}.parquet").metadata.num_row_groups > 1, table.name
        assert len(report.frames[table.name]) == len(in_memory[table.name])
    assert [manifest[name] for name in ("sentences", "mentions", "quotes", "sentence_frames", "rejected")] == [
        len(in_memory[name]) for name in ("sentences", "mentions", "quotes", "sentence_frames", "rejected")
    ]


def _spreadsheet_csv(frame):
    buffer = io.BytesIO()
    write_spreadsheet_csv(frame, buffer)
    return buffer.getvalue()


def test_a_build_interrupted_while_writing_its_large_tables_keeps_the_previous_ones(tmp_path, reference, monkeypatch):
    monkeypatch.setattr(corpus_reduce, "CHUNK_ARTICLES", 2)
    out = tmp_path / "processed"
    build([SEEDS], out, reference, BuildOptions(workers=1, use_cache=False))
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    appended = {"n": 0}
    real_append = store.TableFiles.append

    def interrupted_on_the_second_piece(self, table, frame):
        appended["n"] += 1
        if appended["n"] == len(corpus_reduce.STREAMED_TABLES) + 1:
            raise KeyboardInterrupt
        return real_append(self, table, frame)

    monkeypatch.setattr(store.TableFiles, "append", interrupted_on_the_second_piece)
    with pytest.raises(KeyboardInterrupt):
        build([SEEDS, MIXED], out, reference, BuildOptions(workers=1, use_cache=False))
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    assert sorted(path.name for path in tmp_path.iterdir()) == [".processed.lock", "processed"], "staging folder left behind"


def test_date_sources_and_outlet_kinds_are_from_the_declared_lists(mixed_tables, seed_tables):
    for tables in (mixed_tables[0], seed_tables):
        articles = tables["articles"]
        assert set(articles["date_source"]) <= set(schema.DATE_SOURCES)
        assert set(articles["outlet_kind"]) - {""} <= set(schema.OUTLET_KINDS)
        assert (articles["published"].isna() == (articles["date_source"] == "none")).all()


def test_every_input_file_is_an_article_or_a_rejected_row_and_build_json_counts_them(tmp_path, reference):
    folder = tmp_path / "corpus"
    shutil.copytree(MIXED, folder)
    (folder / "header_only.csv").write_text("title,text\n")
    (folder / "surrogate.json").write_text('{"title": "Odd \\ud800 title", "text": "' + "Allies sign a pact in Tokyo. " * 5 + '"}')
    os.mkfifo(folder / "pipe.txt")
    (folder / "link.txt").symlink_to(folder / "page.html")
    out = tmp_path / "processed"
    report = build([folder], out, reference, BuildOptions(workers=1))
    files = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if not path.name.startswith(".")}
    seen = {path.split("#")[0] for path in report.frames["articles"]["source_path"]} | set(report.frames["rejected"]["source_path"].str.split("#").str[0])
    assert seen == files
    assert report.manifest["input_files"] == len(files)
    rejected = dict(zip(report.frames["rejected"]["source_path"], report.frames["rejected"]["reason"], strict=True))
    assert rejected["header_only.csv"] == "CSV with a header and no data rows"
    assert "named pipe" in rejected["pipe.txt"] and "symbolic link" in rejected["link.txt"]
    assert "surrogate.json" in set(report.frames["articles"]["source_path"])


def test_an_unforeseen_error_keeps_its_traceback_in_debug_log(tmp_path, reference, monkeypatch):
    from dashboard.preprocessing.build import article_map

    def broken(raw, stages, known):
        if raw.source_path == "kyodo_bom.txt":
            raise ZeroDivisionError("boom")
        return processed(raw, stages, known)

    processed = article_map.processed_article
    monkeypatch.setattr(article_map, "processed_article", broken)
    out = tmp_path / "processed"
    report = build([MIXED], out, reference, BuildOptions(workers=1))
    reason = dict(zip(report.frames["rejected"]["source_path"], report.frames["rejected"]["reason"], strict=True))["kyodo_bom.txt"]
    assert "ZeroDivisionError" in reason and "Traceback" not in reason
    assert report.manifest["debug_log"] == "debug.log"
    log = (out / "debug.log").read_text()
    assert "== kyodo_bom.txt" in log and 'raise ZeroDivisionError("boom")' in log


def test_build_json_records_the_agreement_with_a_labels_file(tmp_path, reference):
    report = build([SEEDS], tmp_path / "processed", reference, BuildOptions(workers=1, labels=TEST_DATA / "labels" / "seed_labels.csv"))
    agreement = read_manifest(tmp_path / "processed")["agreement"]
    assert agreement == report.manifest["agreement"]
    assert (agreement["labelled_random"], agreement["labelled_active"], agreement["n_articles"]) == (5, 1, 5)
    assert agreement["accuracy"] == pytest.approx(0.8) and 0 <= agreement["krippendorff_alpha"] <= 1
    assert "agreement" not in build([SEEDS], tmp_path / "other", reference, BuildOptions(workers=1, labels=tmp_path / "none.csv")).manifest


def test_build_calibrate_applies_thresholds_fitted_out_of_fold_and_records_them(tmp_path, reference, monkeypatch):
    from dashboard.validation import calibration

    monkeypatch.setattr(calibration, "MIN_CALIBRATION_LABELS", 3)
    labels = TEST_DATA / "labels" / "seed_labels.csv"
    report = build([SEEDS], tmp_path / "processed", reference, BuildOptions(workers=1, labels=labels, calibrate=True))
    recorded = read_manifest(tmp_path / "processed")["calibration"]
    assert recorded["used"] and recorded["random_labels"] == 5 and set(recorded) >= {"out_of_fold", "uncalibrated", "thresholds"}
    thresholds = calibration.Thresholds(recorded["thresholds"]["low"], recorded["thresholds"]["high"])
    articles = report.frames["articles"]
    assert list(articles["topic_label"]) == [calibration.label_of_score(score, thresholds) for score in articles["topic_score"]]
    # The agreement figures in build.json are those of the tool before calibration, not in-sample ones after it.
    assert report.manifest["agreement"]["accuracy"] == pytest.approx(0.8)
    assert not build([SEEDS], tmp_path / "plain", reference, BuildOptions(workers=1, labels=labels)).manifest.get("calibration")


def test_fast_mode_reads_the_linear_models_and_skips_sentence_tone_unless_asked(reference):
    fast = build_tables([SEEDS], reference, BuildOptions(workers=1, stance_mode="fast", use_cache=False))
    assert fast["sentences"]["polarity"].isna().all() and fast["articles"]["vader_compound"].isna().all()
    assert fast["articles"]["topic_score"].notna().all(), "every seed takes a stance on the framework"
    toned = build_tables([SEEDS], reference, BuildOptions(workers=1, stance_mode="fast", sentence_tone=True, use_cache=False))
    assert toned["sentences"]["polarity"].notna().all()
    pd.testing.assert_frame_equal(fast["stance"], toned["stance"])
