import pytest

from dashboard.preprocessing.ingest import formats


@pytest.mark.parametrize(
    ("head", "suffix", "expected"),
    [
        ('{"id": 1, "content": {"rendered": "x"}}', ".txt", "json"),
        ('[{"title": "a"}]', ".json", "json"),
        ('{\n  "title": "pretty"\n}', ".json", "json"),
        ('{"text": "a"}\n{"text": "b"}\n', ".txt", "jsonl"),
        ('{"text": "a"}\n', ".jsonl", "jsonl"),
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", ".txt", "html"),
        ("  <article><p>text</p></article>", ".dat", "html"),
        ('<?xml version="1.0"?><rss version="2.0"><channel>', ".xml", "feed"),
        ("title,date,text\nA,2024-01-01,Body\n", ".txt", "csv"),
        ("Title;Body\nA;B\n", ".csv", "csv"),
        ("headline\tbody\nA\tB\n", ".tsv", "csv"),
        ("id,url,media_name\n1,http://x,Y\n", ".csv", "csv-without-text"),
        ("South Korea, Japan and the U.S. signed, on Sunday, a deal.\nMore text.", ".csv", "csv-without-text"),
        ("South Korea, Japan and the U.S. signed, on Sunday, a deal.\nMore text.", ".txt", "text"),
        ("Loading\nSearch\n▼ Title", "", "text"),
        ("<3 this article", ".txt", "text"),
        # Korean, Japanese and Chinese headlines open with bracketed labels: text, not JSON.
        ("[Editorial] The pact needs more than photographs\nBody text.", ".txt", "text"),
        ("[Reporter's notebook] Inside the summit\nBody.", ".txt", "text"),
        ("[Aug] Camp David summit marks a year\nBody.", ".json", "text"),
        ("[1] A numbered note that is not JSON", ".txt", "text"),
        ("[1, 2, 3] and then words", ".txt", "text"),
        # Cut off: closes into an article record, so JSON; closes into nothing article-like: text.
        ('{"id": 7, "title": {"rendered": "Cut', ".json", "json"),
        ('[{"headline": "A", "body": "cut here', ".txt", "json"),
        ('{"colour": "blue", "size', ".json", "text"),
        ('{"anything": 1}', ".txt", "json"),
        ("[" * 5000, ".json", "json"),
        ('{"text": "a"}\n', ".txt", "json"),
        ("[Editorial] one\n", ".jsonl", "text"),
    ],
)
def test_format_of(head, suffix, expected):
    assert formats.format_of(head, suffix).name == expected


def test_a_header_line_with_a_stray_carriage_return_is_not_csv():
    # Found by hypothesis: the csv module refuses a bare "\r" inside an unquoted field.
    assert formats.format_of("title,te\rxt\nA,B", ".txt").name == "text"


def test_every_format_is_declared_once_with_what_the_readme_and_upload_page_need():
    names = [entry.name for entry in formats.FORMATS]
    assert len(set(names)) == len(names) and names[-1] == "text"
    for entry in formats.FORMATS:
        assert (entry.reader is None) == (entry.refusal is not None), entry.name
        assert entry.detected_by and entry.what_is_taken
    assert set(formats.UPLOAD_SUFFIXES) >= {".txt", ".json", ".jsonl", ".csv", ".html"}


def test_readme_format_table_is_generated_from_the_registry():
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert formats.readme_with_formats(readme) == readme, "run `python -m dashboard formats --update README.md`"
