import datetime as dt
import threading

import pytest

from dashboard.validation import labels
from dashboard.validation.labels import Label, LabelError, label_appended, labels_from_file

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def test_labels_are_appended_one_row_at_a_time_and_the_newest_counts(tmp_path):
    path = tmp_path / "labels.csv"
    label_appended(path, Label("a1", "Mina", -2, "random", ("cold war",), "calls it a bloc"), NOW)
    label_appended(path, Label("a2", "Mina", 0, "random"), NOW)
    label_appended(path, Label("a1", "Mina", -1, "random"), NOW)
    label_appended(path, Label("a1", "Jon", 1, "active"), NOW)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(labels.COLUMNS) and len(lines) == 5
    read = labels_from_file(path)
    assert read.skipped == 0
    assert sorted(zip(read.labels["article_id"], read.labels["coder"], read.labels["stance"], strict=True)) == [
        ("a1", "Jon", 1), ("a1", "Mina", -1), ("a2", "Mina", 0),
    ]


def test_a_torn_or_edited_row_is_skipped_and_counted_not_fatal(tmp_path):
    path = tmp_path / "labels.csv"
    label_appended(path, Label("a1", "Mina", 2, "random"), NOW)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("a2,Mina,7,,,2026-12-01,random\na3,Mina,1,,,2026-12-01,rand")
    read = labels_from_file(path)
    assert list(read.labels["article_id"]) == ["a1"] and read.skipped == 2


def test_no_file_is_no_labels(tmp_path):
    read = labels_from_file(tmp_path / "none.csv")
    assert read.labels.empty and list(read.labels.columns) == labels.COLUMNS


@pytest.mark.parametrize(
    ("label", "message"),
    [
        (Label("a1", "", 0, "random"), "coder"),
        (Label("", "Mina", 0, "random"), "article"),
        (Label("a1", "Mina", 3, "random"), "-2 to 2"),
        (Label("a1", "Mina", 0, "guessed"), "random, active"),
    ],
)
def test_a_bad_label_is_refused_with_what_to_fix(tmp_path, label, message):
    with pytest.raises(LabelError, match=message):
        label_appended(tmp_path / "labels.csv", label, NOW)
    assert not (tmp_path / "labels.csv").exists()


def test_two_writers_at_once_lose_nothing(tmp_path):
    path = tmp_path / "labels.csv"

    def write(coder):
        for number in range(50):
            label_appended(path, Label(f"a{number}", coder, number % 5 - 2, "random"), NOW)

    threads = [threading.Thread(target=write, args=(coder,)) for coder in ("Mina", "Jon")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    read = labels_from_file(path)
    assert len(read.labels) == 100 and read.skipped == 0
    assert path.read_text(encoding="utf-8").count("article_id,coder") == 1
