"""Which format a file is in, decided by its content; the extension only breaks ties."""

from __future__ import annotations

import csv
import json
import re

JSON = "json"
JSON_LINES = "jsonl"
HTML = "html"
CSV = "csv"
FEED = "feed"
# A .csv/.tsv file whose header names no text column: refused with the columns it has.
CSV_WITHOUT_TEXT = "csv-without-text"
TEXT = "text"

# Column or field names that hold an article's body, compared lower-cased.
TEXT_FIELDS = ("text", "body", "content", "article", "full_text", "fulltext", "article_text", "maintext", "story", "content_text")
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|article|main|div|p|section|meta|title|h1)\b", re.IGNORECASE)
_FEED = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_DELIMITERS = ",;\t|"


def csv_dialect_of(head: str) -> csv.Dialect | None:
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
    except ValueError:
        return False


def format_of(head: str, suffix: str) -> str:
    """The format of a file from its first characters (`head`) and its extension.

    JSON Lines needs two object lines or a .jsonl/.ndjson name; a header with a text column
    makes CSV; tags make HTML; everything else is a plain-text page dump.
    """
    stripped = head.lstrip()
    suffix = suffix.lower()
    if stripped.startswith(("{", "[")):
        lines = [line for line in stripped.split("\n", 3)[:3] if line.strip()]
        if suffix in (".jsonl", ".ndjson") or (len(lines) >= 2 and all(_is_json_object_line(line) for line in lines[:2])):
            return JSON_LINES
        return JSON
    if stripped.startswith("<"):
        if _FEED.search(stripped[:4000]):
            return FEED
        if _HTML_START.search(stripped[:4000]):
            return HTML
    if suffix in (".html", ".htm", ".xhtml") and _HTML_START.search(stripped[:4000]):
        return HTML
    if csv_dialect_of(stripped):
        return CSV
    if suffix in (".csv", ".tsv"):
        return CSV_WITHOUT_TEXT
    return TEXT
