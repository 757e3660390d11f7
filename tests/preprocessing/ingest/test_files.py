import dataclasses
import os

import pytest

from dashboard.preprocessing.ingest import formats
from dashboard.preprocessing.ingest.files import InputFile, input_files, raw_articles_from_file
from dashboard.preprocessing.records import RawArticle, Rejection


def _results(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return list(raw_articles_from_file(InputFile(path, name)))


def test_input_files_are_relative_sorted_and_skip_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("z")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / ".DS_Store").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("x")
    single = tmp_path / "b" / "z.txt"
    assert [f.source_path for f in input_files([tmp_path, single])] == ["a.txt", "b/z.txt", "z.txt"]


def test_missing_input_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        input_files([tmp_path / "nope"])


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\t\n", "only white space"),
        ("doc.pdf", b"%PDF-1.4 ...", "PDF"),
        ("noise.txt", b"abc\x00def" * 10, "binary"),
        ("feed.xml", b'<?xml version="1.0"?><rss><channel></channel></rss>', "RSS/Atom feed"),
        ("ids.csv", b"id,url\n1,http://x\n", "CSV without an article-text column"),
    ],
)
def test_bad_files_are_rejected_with_a_reason(tmp_path, name, data, reason):
    [rejection] = _results(tmp_path, name, data)
    assert isinstance(rejection, Rejection)
    assert rejection.source_path == name and reason in rejection.reason


def test_oversize_page_is_rejected(tmp_path, monkeypatch):
    small = tuple(dataclasses.replace(entry, max_bytes=100) if entry.name == "text" else entry for entry in formats.FORMATS)
    monkeypatch.setattr(formats, "FORMATS", small)
    [rejection] = _results(tmp_path, "big.txt", b"word " * 50)
    assert "too large" in rejection.reason and "limit" in rejection.reason


def test_unreadable_file_is_rejected(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("text")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(path), "open", refuse)
    [rejection] = list(raw_articles_from_file(InputFile(path, "locked.txt")))
    assert rejection.reason == "cannot be read: Permission denied"


def test_csv_is_streamed_in_its_encoding(tmp_path):
    data = "title,text\nCafé,Le ministre a signé l'accord à Séoul.\n".encode("cp1252")
    [article] = _results(tmp_path, "fr.csv", data)
    assert isinstance(article, RawArticle)
    assert (article.title, article.body) == ("Café", "Le ministre a signé l'accord à Séoul.")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("deep_list.json", b"[" * 100_000 + b"]" * 100_000),
        ("deep_object.json", b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
        ("deep_unclosed.txt", b"[" * 100_000),
        ("deep_in_record.json", b'{"title": "T", "text": "body", "extra": ' + b"[" * 5000 + b"]" * 5000 + b"}"),
    ],
)
def test_json_nested_past_the_limit_is_one_rejection_not_a_crash(tmp_path, name, data):
    [rejection] = _results(tmp_path, name, data)
    assert isinstance(rejection, Rejection) and "nested deeper than 100 levels" in rejection.reason


def test_deep_lines_of_json_lines_are_rejected_one_by_one(tmp_path):
    data = b'{"text": "first"}\n' + b'{"a":' * 3000 + b"1" + b"}" * 3000 + b'\n{"text": "third"}\n'
    results = _results(tmp_path, "mixed.jsonl", data)
    assert [type(r).__name__ for r in results] == ["RawArticle", "Rejection", "RawArticle"]
    assert "nested deeper" in results[1].reason


@pytest.mark.parametrize("opening", ["[Editorial]", "[Column]", "[Reporter's notebook]", "[Aug]", "[Interview]", "[단독]", "【社説】"])
def test_a_page_dump_opening_with_a_bracketed_label_is_text(tmp_path, opening):
    data = f"{opening} Allies sign a pact\nThe three governments signed it on Sunday.\n".encode()
    [article] = _results(tmp_path, "page.txt", data)
    assert isinstance(article, RawArticle) and article.body.startswith(opening)


def test_an_error_no_rule_foresaw_costs_the_file_not_the_build(tmp_path, monkeypatch):
    def broken_reader(text, source_path):
        yield RawArticle(source_path=f"{source_path}#1", body="fine")
        raise KeyError("surprise")

    text_format = dataclasses.replace(formats.format_named("text"), reader=broken_reader)
    monkeypatch.setattr(formats, "FORMATS", (text_format,))
    first, rejection = _results(tmp_path, "odd.txt", b"some words")
    assert isinstance(first, RawArticle)
    assert "(KeyError)" in rejection.reason and "1 article read before it was kept" in rejection.reason
    assert "debug.log" in rejection.reason and 'raise KeyError("surprise")' in rejection.detail


def test_special_files_and_links_are_accounted_for_not_followed(tmp_path):
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    corpus.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("not part of the corpus " * 10)
    (corpus / "good.txt").write_text("Allies sign a pact. " * 10)
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "to_outside.txt").symlink_to(outside / "secret.txt")
    (corpus / "to_inside.txt").symlink_to(corpus / "good.txt")
    (corpus / "dangling.txt").symlink_to(corpus / "missing.txt")
    (corpus / "folder_link").symlink_to(outside, target_is_directory=True)
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)

    def reasons(follow_links):
        found = {}
        for file in input_files([corpus], follow_links):
            [item] = list(raw_articles_from_file(file))
            found[file.source_path] = item.reason if isinstance(item, Rejection) else "read"
        return found

    default = reasons(False)
    assert default["good.txt"] == "read"
    assert "named pipe" in default["pipe.txt"]
    for link in ("to_outside.txt", "to_inside.txt", "dangling.txt", "folder_link", "loop"):
        assert "symbolic link, not followed" in default[link], link
    followed = reasons(True)
    assert followed["to_inside.txt"] == "read"
    assert "outside the input folders" in followed["to_outside.txt"]
    assert "secret.txt" not in " ".join(followed) and "folder_link/secret.txt" not in followed


def test_a_file_name_that_is_not_utf8_becomes_a_printable_source_path(tmp_path):
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as handle:
        handle.write(b"Allies sign a pact. " * 10)
    [file] = input_files([tmp_path])
    assert file.source_path == "caf\ufffd.txt"
    file.source_path.encode("utf-8")
    [article] = list(raw_articles_from_file(file))
    assert isinstance(article, RawArticle)


def test_a_csv_with_only_a_header_is_rejected(tmp_path):
    [rejection] = _results(tmp_path, "empty.csv", b"title,text\n")
    assert isinstance(rejection, Rejection) and rejection.reason == "CSV with a header and no data rows"


def test_json_with_a_lone_surrogate_is_read_with_a_replacement_character(tmp_path):
    [article] = _results(tmp_path, "odd.json", b'{"title": "A\\ud800B", "text": "Allies \\udfff sign"}')
    assert isinstance(article, RawArticle) and (article.title, article.body) == ("A\ufffdB", "Allies \ufffd sign")
