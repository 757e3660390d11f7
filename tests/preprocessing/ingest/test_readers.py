import io
import json

import pytest

from dashboard.preprocessing.ingest import json_text, readers
from dashboard.preprocessing.records import HTML_FRAGMENT, PLAIN_TEXT, RawArticle, Rejection
from tests.conftest import SEEDS


def test_seed_000_truncated_wordpress_json_is_recovered():
    text = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    [article] = list(readers.articles_from_json(text, "000.txt"))
    assert isinstance(article, RawArticle)
    assert article.title == "US, ROK, Japan institutionalize defense cooperation to confront regional threats"
    assert article.published == "2024-07-29T08:00:32"
    assert article.date_source == "json"
    assert article.url == "https://koreapro.org/2024/07/us-rok-japan-institutionalize-defense-cooperation-to-confront-regional-threats/"
    assert article.body_kind == HTML_FRAGMENT
    assert article.body.rstrip().endswith("regardless of leadership changes.</span></p>")


@pytest.mark.parametrize(
    ("cut", "expected"),
    [
        ('{"title": "T", "text": "Body cut mid', {"title": "T", "text": "Body cut mid"}),
        ('{"title": "T", "text": "Body", "tags": ["a", "b', {"title": "T", "text": "Body", "tags": ["a", "b"]}),
        ('{"title": "T", "text": "Body", "n": 12', {"title": "T", "text": "Body", "n": 12}),
        ('{"title": "T", "text": "Body", "author":', {"title": "T", "text": "Body", "author": None}),
        ('{"title": "T", "text": "Body", "auth', {"title": "T", "text": "Body", "auth": None}),
        ('{"title": "T", "text": "caf\\u00', {"title": "T", "text": "caf"}),
        ('{"title": "T", "text": "Body", "flag": tr', {"title": "T", "text": "Body"}),
        ('[{"text": "one"}, {"text": "two', [{"text": "one"}, {"text": "two"}]),
    ],
)
def test_json_value_of_closes_a_cut_file(cut, expected):
    value, repaired = json_text.json_value_of(cut)
    assert repaired and value == expected


def test_json_with_raw_line_breaks_in_strings_is_read():
    assert json_text.json_value_of('{"text": "line one\nline two"}') == ({"text": "line one\nline two"}, False)


def test_json_fields_are_matched_case_insensitively_and_unwrapped():
    record = {
        "Headline": "T", "PUBLISH_DATE": "2024-07-29", "source": {"id": "reuters", "name": "Reuters"},
        "Link": "https://x.org/a", "authors": ["A One", {"name": "B Two"}], "Body": "Plain body.",
    }
    article = readers.article_from_fields(record, "f.json", "json")
    assert article == RawArticle("f.json", "Plain body.", PLAIN_TEXT, "T", "2024-07-29", "json", "https://x.org/a", "A One; B Two", "Reuters")


def test_a_record_without_text_names_the_fields_it_has():
    rejection = readers.article_from_fields({"id": 1, "url": "u"}, "f.json#3", "json")
    assert isinstance(rejection, Rejection)
    assert rejection.source_path == "f.json#3"
    assert "fields found: id, url" in rejection.reason


def test_json_list_gives_numbered_records():
    text = json.dumps([{"text": "a"}, {"title": "no text"}, {"content": "b"}])
    results = list(readers.articles_from_json(text, "list.json"))
    assert [r.source_path for r in results] == ["list.json#1", "list.json#2", "list.json#3"]
    assert [type(r) for r in results] == [RawArticle, Rejection, RawArticle]


def test_json_api_wrapper_is_unwrapped():
    text = json.dumps({"status": "ok", "articles": [{"title": "a", "content": "body"}]})
    [article] = readers.articles_from_json(text, "api.json")
    assert article.source_path == "api.json#1" and article.body == "body"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"title": "T", "con', "truncated JSON"),
        ('"just a string"', "JSON holds a str"),
        ("[]", "JSON list without any article object"),
        ("{]", "broken JSON"),
    ],
)
def test_unusable_json_is_rejected_with_a_reason(text, reason):
    [rejection] = readers.articles_from_json(text, "bad.json")
    assert isinstance(rejection, Rejection) and reason in rejection.reason


def test_json_lines_rejects_a_broken_line_and_keeps_the_rest():
    lines = ['{"text": "one"}', "not json at all", '["a list"]', "", '{"text": "four"}']
    results = list(readers.articles_from_json_lines(lines, "f.jsonl"))
    assert [(r.source_path, type(r).__name__) for r in results] == [
        ("f.jsonl#1", "RawArticle"), ("f.jsonl#2", "Rejection"), ("f.jsonl#3", "Rejection"), ("f.jsonl#4", "RawArticle"),
    ]


def test_csv_rows_become_articles_and_an_empty_body_is_rejected():
    handle = io.StringIO('Title,Date,Outlet,Text\nA,2024-07-29,Reuters,"Body, with comma"\nB,2024-07-30,AP,\n')
    results = list(readers.articles_from_csv(handle, "e.csv"))
    assert results[0] == RawArticle("e.csv#1", "Body, with comma", PLAIN_TEXT, "A", "2024-07-29", "csv", "", "", "Reuters")
    assert isinstance(results[1], Rejection) and results[1].source_path == "e.csv#2"


def test_csv_body_with_html_is_marked_as_fragment():
    handle = io.StringIO('title;body\nA;"<p>One.</p><p>Two.</p>"\n')
    [article] = readers.articles_from_csv(handle, "e.csv")
    assert article.body_kind == HTML_FRAGMENT


@pytest.mark.parametrize(("text", "depth"), [("[]", 1), ('{"a": [{"b": 1}]}', 3), ('{"a": "[[[[{{{"}', 1), ('["\\"[["]', 1), ("no brackets", 0)])
def test_json_nesting_depth_skips_brackets_inside_strings(text, depth):
    assert json_text.json_nesting_depth(text) == depth


def test_json_nesting_depth_stops_counting_past_the_limit():
    assert json_text.json_nesting_depth("[" * 10_000, limit=5) == 6


def test_json_value_of_refuses_deep_nesting_before_parsing():
    with pytest.raises(json_text.JsonTooDeep):
        json_text.json_value_of("[" * 101 + "]" * 101)
    assert json_text.json_value_of("[" * 100 + "]" * 100)[1] is False
