import pytest

from dashboard.preprocessing.ingest import files
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
    monkeypatch.setattr(files, "MAX_DOCUMENT_BYTES", 100)
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
