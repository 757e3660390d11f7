"""Tests on a file's first characters (`head`) and its extension: which format it is in.

Each function answers for one format; `formats.FORMATS` asks them in order. The content
decides, the extension only breaks ties.
"""

from __future__ import annotations

import csv
import json
import re
from typing import Any

from dashboard.preprocessing.ingest.json_text import JsonTooDeep, json_value_of

# Column or field names that hold an article's body, compared lower-cased.
TEXT_FIELDS = ("text", "body", "content", "article", "full_text", "fulltext", "article_text", "maintext", "story", "content_text")
TITLE_FIELDS = ("title", "headline", "heading")
DATE_FIELDS = (
    "published", "date", "publish_date", "published_at", "publication_date", "date_published",
    "pubdate", "pub_date", "datetime", "created_at", "timestamp", "time",
)
OUTLET_FIELDS = ("outlet", "source", "publication", "publisher", "media_name", "media", "site_name", "sitename", "site", "newspaper")
URL_FIELDS = ("url", "link", "permalink", "canonical_url", "href", "guid")
AUTHOR_FIELDS = ("author", "authors", "byline", "creator", "writer")
SECTION_FIELDS = ("genre", "section", "document_type", "article_type", "category", "categories", "type")
# Containers that hold a list of records in API responses ({"articles": [...]}).
RECORD_LIST_FIELDS = ("articles", "items", "posts", "results", "data", "records", "hits", "documents")
ARTICLE_FIELDS = frozenset(TEXT_FIELDS + TITLE_FIELDS + DATE_FIELDS + OUTLET_FIELDS + URL_FIELDS + AUTHOR_FIELDS + SECTION_FIELDS + RECORD_LIST_FIELDS)

_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|article|main|div|p|section|meta|title|h1)\b", re.IGNORECASE)
_FEED = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_DELIMITERS = ",;\t|"
_JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def csv_dialect_of(head: str) -> type[csv.Dialect] | None:
    """The CSV dialect when the first line is a header with an article-text column."""
    first_line = head.split("\n", 1)[0]
    delimiters = [d for d in _DELIMITERS if d in first_line]
    if not delimiters:
        return None
    try:
        dialect = csv.Sniffer().sniff(head[:20000], delimiters="".join(delimiters))
    except csv.Error:
        delimiter = max(delimiters, key=first_line.count)
        dialect = type("Header", (csv.excel,), {"delimiter": delimiter})
    try:
        header = next(csv.reader([first_line], dialect), [])
    except csv.Error:
        return None
    if any(name.strip().lower() in TEXT_FIELDS for name in header):
        return dialect
    return None


def _is_json_object_line(line: str) -> bool:
    try:
        return isinstance(json.loads(line, strict=False), dict)
    except (ValueError, RecursionError):
        return False


def _has_article_fields(value: Any) -> bool:
    if isinstance(value, list):
        return any(_has_article_fields(item) for item in value[:5] if isinstance(item, dict))
    return isinstance(value, dict) and any(str(key).strip().lower() in ARTICLE_FIELDS for key in value)


def is_json_lines(head: str, suffix: str) -> bool:
    """Two JSON-object lines, or one under a .jsonl/.ndjson name."""
    lines = [line for line in head.lstrip().split("\n", 3)[:3] if line.strip()]
    if not lines or not lines[0].lstrip().startswith("{"):
        return False
    if suffix.lower() in _JSON_LINES_SUFFIXES:
        return _is_json_object_line(lines[0])
    return len(lines) >= 2 and all(_is_json_object_line(line) for line in lines[:2])


def is_json(head: str, suffix: str) -> bool:
    """JSON when it parses, or when closing what a cut left open gives an article record.

    "[Editorial] …" and "[Aug] Camp David …" open with a bracket but are text. A head
    nested past the depth limit counts as JSON, so that its reader refuses it with that
    reason instead of reading brackets as an article.
    """
    if not head.lstrip().startswith(("{", "[")):
        return False
    try:
        value, repaired = json_value_of(head)
    except JsonTooDeep:
        return True
    except ValueError:
        return False
    return isinstance(value, (dict, list)) and (not repaired or _has_article_fields(value))


def is_feed(head: str, suffix: str) -> bool:
    stripped = head.lstrip()
    return stripped.startswith("<") and _FEED.search(stripped[:4000]) is not None


def is_html(head: str, suffix: str) -> bool:
    """Markup first, or an .html name and an HTML tag near the start."""
    stripped = head.lstrip()
    start = _HTML_START.search(stripped[:4000]) is not None
    return start and (stripped.startswith("<") or suffix.lower() in _HTML_SUFFIXES)


def is_csv(head: str, suffix: str) -> bool:
    return csv_dialect_of(head.lstrip()) is not None


def is_csv_without_text(head: str, suffix: str) -> bool:
    """A .csv/.tsv name whose header names no text column: refused with the columns it has."""
    return suffix.lower() in (".csv", ".tsv")


def is_text(head: str, suffix: str) -> bool:
    """Anything textual not claimed by a format before it is a page dump."""
    return True
