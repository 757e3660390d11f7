"""The input formats, declared once.

Each entry says how a file is recognised, which reader turns it into raw articles, how
large it may be, which file names the upload page accepts and what the README and the
CLI help say about it. Detection asks the entries in order; the first that claims a file
reads it. Adding a format means adding one entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from dashboard.preprocessing.ingest import detect, factiva, nexis, readers
from dashboard.preprocessing.records import RawArticle, Rejection
from dashboard.readme_blocks import readme_with_block

MEBIBYTE = 2**20
# A page or a single JSON document larger than these is not an article but a mistake (a
# database dump, a video renamed .txt); record files are streamed, so they may be large.
MAX_DOCUMENT_BYTES = 20 * MEBIBYTE
MAX_JSON_BYTES = 200 * MEBIBYTE
MAX_RECORD_FILE_BYTES = 4 * 2**30
# A DOCX, PDF or RTF file, and the text of a research-database export (Nexis: up to 100
# documents a file, Factiva up to 100 or 500), are read whole.
MAX_CONTAINER_BYTES = 100 * MEBIBYTE
MAX_EXPORT_BYTES = 100 * MEBIBYTE

Reader = Callable[[Any, str], Iterator[RawArticle | Rejection]]


@dataclass(frozen=True)
class InputFormat:
    """One format. `reader` takes the decoded text (or, when `streamed`, an open text
    handle) and the file's path; a format with a `refusal` is recognised only to be
    refused with that reason (its head is passed, so the message can quote it)."""

    name: str
    title: str
    detects: Callable[[str, str], bool]
    detected_by: str
    what_is_taken: str
    reader: Reader | None = None
    streamed: bool = False
    max_bytes: int = MAX_DOCUMENT_BYTES
    upload_suffixes: tuple[str, ...] = ()
    refusal: Callable[[str], str] | None = None


def _feed_refusal(head: str) -> str:
    return "an RSS/Atom feed, not an article page; save each article as a page, or export the feed to CSV"


def _csv_without_text_refusal(head: str) -> str:
    header = head.lstrip().split("\n", 1)[0][:200]
    return f"CSV without an article-text column (needs one of {', '.join(detect.TEXT_FIELDS)}; header is: {header})"


def _nexis(head: str, suffix: str) -> bool:
    return nexis.is_nexis_text(head)


def _factiva_fields(head: str, suffix: str) -> bool:
    return factiva.is_factiva_fields_text(head)


def _factiva_article(head: str, suffix: str) -> bool:
    return factiva.is_factiva_article_text(head)


# Research-database exports come first: their text would otherwise pass for one page (or
# one HTML page), and their field patterns are distinctive enough not to claim anything else.
FORMATS: tuple[InputFormat, ...] = (
    InputFormat(
        name=nexis.LAYOUT, title="Nexis Uni / LexisNexis export (DOCX, RTF, PDF or text)", detects=_nexis,
        detected_by=(
            "inside any container: `End of Document` and `Body` lines, or (cut off in its first document) a `Body` line "
            "under two of `Length:`, `Byline:`, `Section:`, `Load-Date:`"
        ),
        what_is_taken=(
            "one article per document (`path#n`; the cover page and results list are skipped): the title (first line), the "
            "publication as the outlet, the date line (`July 29, 2024 Monday`, with a time or `Updated`), `Byline:` as the "
            "author, `Section:` for the genre, the text after `Body` up to `Classification`/`Graphic`/`Notes`/`Load-Date:`. "
            "`Length:`, `Dateline:`, `Highlight:`, the copyright line and the index fields are dropped. A last document with "
            "no `End of Document` is rejected as cut off"
        ),
        reader=nexis.articles_from_nexis, max_bytes=MAX_EXPORT_BYTES, upload_suffixes=(".docx", ".rtf", ".pdf"),
    ),
    InputFormat(
        name=factiva.FIELDS_LAYOUT, title="Factiva export, field codes (RTF, HTML or text)", detects=_factiva_fields,
        detected_by="four of the field codes `HD`, `PD`, `SN`, `LP`, `TD`, `AN`, `WC` at line starts",
        what_is_taken=(
            "one article per document, closed by `AN` (`path#n`): `HD` title, `BY` author, `PD` date, `SN` source name "
            "as the outlet, `SE` section for the genre, `LP` and `TD` joined as the body, the `AN` accession number as the "
            "article id; `WC`, `ET`, `SC`, `LA`, `CY` and the index codes (`CO`, `IN`, `NS`, `RE`, `IPD`, `PUB`, …) are "
            "dropped. A last document with no `AN` is rejected as cut off"
        ),
        reader=factiva.articles_from_factiva_fields, max_bytes=MAX_EXPORT_BYTES,
    ),
    InputFormat(
        name=factiva.ARTICLE_LAYOUT, title="Factiva export, full article (RTF, HTML or text)", detects=_factiva_article,
        detected_by="a `1,234 words` line and an accession-number line (`Document JATIME0020240729ek7t0005d`)",
        what_is_taken=(
            "one article per document, closed by its `Document …` line (`path#n`): the headline above the byline "
            "(`By …`) and word count, the date, the source name as the outlet, the text after the copyright line (or the "
            "language line), the accession number as the article id; the time, source code, language and copyright are "
            "dropped. Text after the last `Document …` line is rejected as a document cut off"
        ),
        reader=factiva.articles_from_factiva_article, max_bytes=MAX_EXPORT_BYTES,
    ),
    InputFormat(
        name="jsonl", title="JSON Lines", detects=detect.is_json_lines,
        detected_by="two JSON-object lines, or one under a `.jsonl`/`.ndjson` name",
        what_is_taken="the record fields below, one article per line (`path#n`); a broken line is rejected on its own",
        reader=readers.articles_from_json_lines, streamed=True, max_bytes=MAX_RECORD_FILE_BYTES, upload_suffixes=(".jsonl", ".ndjson"),
    ),
    InputFormat(
        name="json", title="JSON (WordPress REST or generic)", detects=detect.is_json,
        detected_by=(
            "starts with `{` or `[` and parses, or, cut off, closes into a record with article fields "
            "(so `[Editorial] …` is text); nested deeper than 100 levels is refused"
        ),
        what_is_taken=(
            "one article object, a list of them, or a list under `articles`/`items`/`posts`/`results`/`data`/`records`/`hits`/`documents`; "
            "WordPress `title.rendered`, `date`, `link`, `content.rendered` (HTML) and the embedded author; the record fields below. "
            "A file cut off before the JSON closes is closed and read for whatever it holds"
        ),
        reader=readers.articles_from_json, max_bytes=MAX_JSON_BYTES, upload_suffixes=(".json",),
    ),
    InputFormat(
        name="feed", title="RSS/Atom feed", detects=detect.is_feed,
        detected_by="starts with markup holding `<rss>`, `<feed>` or `<rdf:RDF>`",
        what_is_taken="refused: a feed holds teasers, not articles; save each article as a page, or export the feed to CSV",
        refusal=_feed_refusal,
    ),
    InputFormat(
        name="html", title="HTML page", detects=detect.is_html,
        detected_by="starts with markup (`<!doctype html>`, `<html>`, `<body>`, `<article>`, …), or an `.html` name and such a tag",
        what_is_taken=(
            "main content extracted by [trafilatura](https://trafilatura.readthedocs.io/); title, date, author, site name "
            "(`og:site_name`, the title suffix, the copyright line) and canonical URL from the page's markup"
        ),
        reader=readers.articles_from_html, upload_suffixes=(".html", ".htm"),
    ),
    InputFormat(
        name="csv", title="CSV, TSV or semicolon-separated", detects=detect.is_csv,
        detected_by="a header line with a text column",
        what_is_taken="the record fields below, one article per row (`path#n`); a broken row stops the file there, the rows before it are kept",
        reader=readers.articles_from_csv, streamed=True, max_bytes=MAX_RECORD_FILE_BYTES, upload_suffixes=(".csv", ".tsv"),
    ),
    InputFormat(
        name="csv-without-text", title="CSV without a text column", detects=detect.is_csv_without_text,
        detected_by="a `.csv`/`.tsv` name whose header names no text column",
        what_is_taken="refused, with the header it has, so that the column can be renamed",
        refusal=_csv_without_text_refusal,
    ),
    InputFormat(
        name="text", title="plain-text page dump", detects=detect.is_text,
        detected_by="anything textual not claimed above",
        what_is_taken=(
            "title (a headline-like first line, never a menu line; prefixes such as `[Editorial]` kept), date and author "
            "(a dateline, a byline, `Posted by X | July 29, 2024 | World`, a line that is only a date), outlet (statements such as "
            "`JapanTimes || Shining BD` or `Published daily by the Lowy Institute`, the copyright line), the body"
        ),
        reader=readers.articles_from_text, upload_suffixes=(".txt",),
    ),
)

UPLOAD_SUFFIXES: tuple[str, ...] = tuple(dict.fromkeys(suffix for entry in FORMATS for suffix in entry.upload_suffixes))


RECORD_FIELDS = (
    ("text (required)", detect.TEXT_FIELDS),
    ("title", detect.TITLE_FIELDS),
    ("date", detect.DATE_FIELDS),
    ("outlet", detect.OUTLET_FIELDS),
    ("url", detect.URL_FIELDS),
    ("author", detect.AUTHOR_FIELDS),
    ("genre (section or document type)", detect.SECTION_FIELDS),
)


def format_of(head: str, suffix: str) -> InputFormat:
    """The first format that claims a file, from its first characters and its extension."""
    return next(entry for entry in FORMATS if entry.detects(head, suffix))


def format_named(name: str) -> InputFormat:
    return next(entry for entry in FORMATS if entry.name == name)


def _size(limit: int) -> str:
    return f"{limit // 2**30} GiB" if limit >= 2**30 else f"{limit // MEBIBYTE} MiB"


def formats_markdown() -> str:
    """The README's format table, from the entries."""
    lines = [
        "| format | detected by | what is taken | size limit | upload as |",
        "|---|---|---|---|---|",
    ]
    for entry in FORMATS:
        limit = "" if entry.refusal else _size(entry.max_bytes)
        suffixes = ", ".join(f"`{suffix}`" for suffix in entry.upload_suffixes)
        cells = (entry.title, entry.detected_by, entry.what_is_taken, limit, suffixes)
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    lines += [
        "",
        "Field names in JSON and CSV records are matched case-insensitively; the first non-empty one wins:",
        "",
        "| field | accepted names |",
        "|---|---|",
    ]
    lines += [f"| {field} | {', '.join(names)} |" for field, names in RECORD_FIELDS]
    return "\n".join(lines) + "\n"


def format_titles() -> str:
    """The readable formats in a phrase, for help texts."""
    return ", ".join(entry.title.split(" (")[0] for entry in FORMATS if not entry.refusal)


FORMATS_START = "<!-- input-formats:start -->\n"
FORMATS_END = "<!-- input-formats:end -->"


def readme_with_formats(readme: str) -> str:
    """The README with its format block regenerated; the rest is left untouched."""
    return readme_with_block(readme, FORMATS_START, FORMATS_END, formats_markdown())
