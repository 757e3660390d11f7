"""Property-based tests of the readers: arbitrary JSON, CSV and HTML structures (and cuts
of them) give articles or rejections with reasons, never an exception, and what a
well-formed record states is what is read."""

import csv
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.preprocessing.articles import CleanArticle, clean_article_from_raw
from dashboard.preprocessing.ingest.detect import DATE_FIELDS, TEXT_FIELDS, TITLE_FIELDS
from dashboard.preprocessing.ingest.files import InputFile, raw_articles_from_file
from dashboard.preprocessing.ingest.json_text import MAX_JSON_DEPTH
from dashboard.preprocessing.records import RawArticle, Rejection

PROPERTIES = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

field_names = st.sampled_from([*TEXT_FIELDS[:4], *TITLE_FIELDS[:2], *DATE_FIELDS[:3], "url", "author", "id", "_embedded", "articles", "Rendered"])
json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(field_names | st.text(max_size=8), children, max_size=5),
    max_leaves=30,
)
words = st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=30).filter(str.strip)


def results_of(tmp_path_factory, name: str, data: bytes) -> list:
    path = tmp_path_factory.mktemp("properties") / name
    path.write_bytes(data)
    results = list(raw_articles_from_file(InputFile(path, name)))
    for item in results:
        assert isinstance(item, (RawArticle, Rejection))
        if isinstance(item, Rejection):
            assert item.reason.strip()
    return results


@PROPERTIES
@given(value=json_values, cut=st.floats(0, 1), suffix=st.sampled_from([".json", ".txt", ".jsonl"]))
def test_any_json_structure_or_cut_of_it_is_read_or_refused(tmp_path_factory, value, cut, suffix):
    text = json.dumps(value, ensure_ascii=False)
    for data in (text, text[: int(len(text) * cut)]):
        if data.strip():
            results_of(tmp_path_factory, f"value{suffix}", data.encode())


@PROPERTIES
@given(body=words, title=words, extra=st.dictionaries(st.text(max_size=6), json_values, max_size=3))
def test_a_json_record_with_text_is_read_with_its_fields(tmp_path_factory, body, title, extra):
    record = {**{key: value for key, value in extra.items() if key.strip().lower() not in ("text", "title", "articles")}, "title": title, "text": body}
    [article] = results_of(tmp_path_factory, "record.json", json.dumps(record).encode())
    assert isinstance(article, RawArticle) and (article.body, article.title) == (body.strip(), title.strip())


@PROPERTIES
@given(depth=st.integers(1, 3 * MAX_JSON_DEPTH), opener=st.sampled_from(['[', '{"a": ']))
def test_nesting_is_refused_exactly_past_the_limit(tmp_path_factory, depth, opener):
    closer = "]" if opener == "[" else "}"
    data = (opener * depth + "1" + closer * depth).encode()
    results = results_of(tmp_path_factory, "deep.json", data)
    too_deep = [item for item in results if isinstance(item, Rejection) and "nested deeper" in item.reason]
    assert bool(too_deep) == (depth > MAX_JSON_DEPTH)


@PROPERTIES
@given(
    rows=st.lists(st.tuples(st.text(max_size=30), st.text(max_size=60), st.text(max_size=12)), max_size=8),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    cut=st.floats(0, 1),
)
def test_any_csv_content_or_cut_of_it_is_read_or_refused(tmp_path_factory, rows, delimiter, cut):
    handle = io.StringIO()
    writer = csv.writer(handle, delimiter=delimiter)
    writer.writerow(["title", "text", "date"])
    writer.writerows(rows)
    text = handle.getvalue()
    for data in (text, text[: max(int(len(text) * cut), 1)]):
        results_of(tmp_path_factory, "export.csv", data.encode())


@PROPERTIES
@given(rows=st.lists(st.tuples(words, words), min_size=1, max_size=8), delimiter=st.sampled_from([",", ";", "\t"]))
def test_every_csv_row_becomes_its_article(tmp_path_factory, rows, delimiter):
    handle = io.StringIO()
    writer = csv.writer(handle, delimiter=delimiter)
    writer.writerow(["title", "text"])
    writer.writerows(rows)
    results = results_of(tmp_path_factory, "export.csv", handle.getvalue().encode())
    assert [(r.title, r.body) for r in results] == [(title.strip(), body.strip()) for title, body in rows]


TAGS = ["p", "div", "span", "a", "h1", "h2", "li", "ul", "article", "main", "nav", "footer", "header", "table", "td", "blockquote", "figure"]
html_nodes = st.recursive(
    st.text(alphabet="Seoul Tokyo allies signed the pact on Sunday and said .,<>&'\"", max_size=60),
    lambda children: st.builds(lambda tag, inner: f"<{tag}>{''.join(inner)}</{tag}>", st.sampled_from(TAGS), st.lists(children, max_size=4)),
    max_leaves=25,
)


@PROPERTIES
@given(body=st.lists(html_nodes, max_size=6), script=st.booleans(), cut=st.floats(0, 1))
def test_any_html_tree_or_cut_of_it_is_extracted_or_refused_and_scripts_never_leak(tmp_path_factory, reference, body, script, cut):
    hidden = "<script>var HIDDENMARKER = 1;</script><style>.HIDDENMARKER{}</style>" if script else ""
    page = f"<!doctype html><html><head><title>T</title>{hidden}</head><body>{hidden}{''.join(body)}</body></html>"
    for data in (page, page[: max(int(len(page) * cut), 16)]):
        for item in results_of(tmp_path_factory, "page.html", data.encode()):
            if isinstance(item, RawArticle):
                article = clean_article_from_raw(item, reference.sources)
                assert isinstance(article, (CleanArticle, Rejection))
                if isinstance(article, CleanArticle):
                    assert "HIDDENMARKER" not in article.text and article.word_count >= 20
