"""One reader per format: decoded content in, raw articles (or rejections) out.

Structured records (JSON, JSON Lines, CSV) are matched on field names case-insensitively;
the names each field accepts are listed below and in the README.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from dashboard.preprocessing import patterns
from dashboard.preprocessing.ingest.detect import (
    AUTHOR_FIELDS,
    DATE_FIELDS,
    OUTLET_FIELDS,
    RECORD_LIST_FIELDS,
    SECTION_FIELDS,
    TEXT_FIELDS,
    TITLE_FIELDS,
    URL_FIELDS,
    csv_dialect_of,
)
from dashboard.preprocessing.ingest.json_text import JsonTooDeep, json_value_of
from dashboard.preprocessing.records import HTML_FRAGMENT, HTML_PAGE, PLAIN_TEXT, RawArticle, Rejection

# A body or field longer than this (in characters) is cut: no article is this long.
MAX_FIELD_CHARACTERS = 20 * 2**20

csv.field_size_limit(MAX_FIELD_CHARACTERS)


def _as_text(value: Any) -> str:
    """A field value as text: WordPress `{"rendered": ...}`, `{"name": ...}` and lists
    unwrapped; a lone surrogate (`"\\ud800"`, half of a character) becomes U+FFFD."""
    if isinstance(value, str):
        return patterns.SURROGATE.sub("\ufffd", value).strip()
    if isinstance(value, dict):
        for key in ("rendered", "name", "value", "text", "title"):
            if key in value:
                return _as_text(value[key])
        return ""
    if isinstance(value, list):
        return "; ".join(text for text in map(_as_text, value) if text)
    return ""


def _first_field(fields: dict[str, Any], names: Iterable[str]) -> str:
    for name in names:
        if name in fields:
            text = _as_text(fields[name])
            if text:
                return text
    return ""


def _wordpress_author(record: dict[str, Any]) -> str:
    embedded = record.get("_embedded")
    if isinstance(embedded, dict):
        name = _as_text(embedded.get("author"))
        if name:
            return name
    yoast = record.get("yoast_head_json")
    return _as_text(yoast.get("author")) if isinstance(yoast, dict) else ""


def body_kind_of(body: str) -> str:
    return HTML_FRAGMENT if "<" in body and patterns.MARKUP_TAG.search(body) else PLAIN_TEXT


def article_from_fields(record: dict[str, Any], source_path: str, date_source: str) -> RawArticle | Rejection:
    """A raw article from one record's fields, or a rejection naming the fields it has."""
    fields = {str(key).strip().lower(): value for key, value in record.items()}
    body = _first_field(fields, TEXT_FIELDS)[:MAX_FIELD_CHARACTERS]
    if not body:
        found = ", ".join(list(fields)[:12]) or "none"
        return Rejection(source_path, f"no article text: none of the fields {', '.join(TEXT_FIELDS)} has text (fields found: {found})")
    published = _first_field(fields, DATE_FIELDS)
    return RawArticle(
        source_path=source_path,
        body=body,
        body_kind=body_kind_of(body),
        title=_first_field(fields, TITLE_FIELDS),
        published=published,
        date_source=date_source if published else "",
        url=_first_field(fields, URL_FIELDS),
        author=_first_field(fields, AUTHOR_FIELDS) or _wordpress_author(record),
        outlet=_first_field(fields, OUTLET_FIELDS),
        section=_first_field(fields, SECTION_FIELDS),
    )


# --- JSON ------------------------------------------------------------------------------


def _records_in(value: Any) -> list[dict[str, Any]] | None:
    """The article records in a JSON value: a list of objects, or one wrapped in a container."""
    if isinstance(value, list):
        return [item for item in value if isinstance(item, dict)]
    if isinstance(value, dict):
        lowered = {str(key).lower(): item for key, item in value.items()}
        if not any(name in lowered for name in TEXT_FIELDS):
            for name in RECORD_LIST_FIELDS:
                if isinstance(lowered.get(name), list):
                    return [item for item in lowered[name] if isinstance(item, dict)]
    return None


def articles_from_json(text: str, source_path: str) -> Iterator[RawArticle | Rejection]:
    """A JSON file: one article object (WordPress REST or generic) or a list of them."""
    try:
        value, repaired = json_value_of(text)
    except JsonTooDeep as error:
        yield Rejection(source_path, f"JSON {error}; no article needs that, so the file is not read")
        return
    except ValueError as error:
        yield Rejection(source_path, f"broken JSON that could not be repaired ({error})")
        return
    records = _records_in(value)
    if records is None:
        if not isinstance(value, dict):
            yield Rejection(source_path, f"JSON holds a {type(value).__name__}, not an article object or a list of them")
            return
        article = article_from_fields(value, source_path, "json")
        if repaired and isinstance(article, Rejection):
            article = Rejection(source_path, f"truncated JSON: the file ends after {len(text):,} characters, before any article text")
        yield article
        return
    if not records:
        yield Rejection(source_path, "JSON list without any article object")
    for number, record in enumerate(records, start=1):
        yield article_from_fields(record, f"{source_path}#{number}", "json")


def articles_from_json_lines(lines: Iterable[str], source_path: str) -> Iterator[RawArticle | Rejection]:
    """JSON Lines: one article object per line; a broken line is rejected on its own."""
    number = 0
    for line in lines:
        if not line.strip():
            continue
        number += 1
        record_path = f"{source_path}#{number}"
        try:
            value, _ = json_value_of(line)
        except JsonTooDeep as error:
            yield Rejection(record_path, f"line {number} is JSON {error}")
            continue
        except ValueError as error:
            yield Rejection(record_path, f"line {number} is not valid JSON ({error})")
            continue
        if not isinstance(value, dict):
            yield Rejection(record_path, f"line {number} holds a {type(value).__name__}, not an article object")
            continue
        yield article_from_fields(value, record_path, "json")


# --- CSV -------------------------------------------------------------------------------


def articles_from_csv(handle: TextIO, source_path: str) -> Iterator[RawArticle | Rejection]:
    """A CSV (or TSV, semicolon-separated) export with one article per row and a header."""
    head = handle.read(64 * 1024)
    dialect = csv_dialect_of(head)
    if dialect is None:
        yield Rejection(source_path, f"CSV header has no article-text column (one of {', '.join(TEXT_FIELDS)})")
        return
    handle.seek(0)
    reader = csv.DictReader(handle, dialect=dialect)
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            fields = {key: value for key, value in row.items() if key is not None}
            yield article_from_fields(fields, f"{source_path}#{number}", "csv")
    except csv.Error as error:
        yield Rejection(f"{source_path}#{number + 1}", f"CSV is broken from record {number + 1} on ({error}); the records before it were read")
        return
    if number == 0:
        yield Rejection(source_path, "CSV with a header and no data rows")


# --- pages -----------------------------------------------------------------------------


def articles_from_html(text: str, source_path: str) -> Iterator[RawArticle]:
    """An HTML page; extraction of its main content happens when it is cleaned."""
    yield RawArticle(source_path=source_path, body=text, body_kind=HTML_PAGE)


def articles_from_text(text: str, source_path: str) -> Iterator[RawArticle]:
    """A plain-text page dump; its metadata is found in the text when it is cleaned."""
    yield RawArticle(source_path=source_path, body=text, body_kind=PLAIN_TEXT)
