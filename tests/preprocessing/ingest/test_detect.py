import pytest

from dashboard.preprocessing.ingest import detect


@pytest.mark.parametrize(
    ("head", "suffix", "expected"),
    [
        ('{"id": 1, "content": {"rendered": "x"}}', ".txt", detect.JSON),
        ('[{"title": "a"}]', ".json", detect.JSON),
        ('{\n  "title": "pretty"\n}', ".json", detect.JSON),
        ('{"text": "a"}\n{"text": "b"}\n', ".txt", detect.JSON_LINES),
        ('{"text": "a"}\n', ".jsonl", detect.JSON_LINES),
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", ".txt", detect.HTML),
        ("  <article><p>text</p></article>", ".dat", detect.HTML),
        ('<?xml version="1.0"?><rss version="2.0"><channel>', ".xml", detect.FEED),
        ("title,date,text\nA,2024-01-01,Body\n", ".txt", detect.CSV),
        ("Title;Body\nA;B\n", ".csv", detect.CSV),
        ("headline\tbody\nA\tB\n", ".tsv", detect.CSV),
        ("id,url,media_name\n1,http://x,Y\n", ".csv", detect.CSV_WITHOUT_TEXT),
        ("South Korea, Japan and the U.S. signed, on Sunday, a deal.\nMore text.", ".csv", detect.CSV_WITHOUT_TEXT),
        ("South Korea, Japan and the U.S. signed, on Sunday, a deal.\nMore text.", ".txt", detect.TEXT),
        ("Loading\nSearch\n▼ Title", "", detect.TEXT),
        ("<3 this article", ".txt", detect.TEXT),
    ],
)
def test_format_of(head, suffix, expected):
    assert detect.format_of(head, suffix) == expected


def test_a_header_line_with_a_stray_carriage_return_is_not_csv():
    # Found by hypothesis: the csv module refuses a bare "\r" inside an unquoted field.
    assert detect.format_of("title,te\rxt\nA,B", ".txt") == detect.TEXT
