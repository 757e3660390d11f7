"""Factiva exports (RTF, HTML or text): documents, their fields, raw articles.

Two layouts. The field-code layout ("with indexing") labels each field with a code (HD
headline, BY byline, PD date, SN source name, LP lead paragraph, TD text, AN accession
number, ...). The "Article" (full article) layout writes the same fields unlabelled, in a
fixed order: headline, byline, "1,234 words", date, time, source name, source code,
language, copyright, then the text. Both close each document with its accession number,
"Document JATIME0020240729ek7t0005d", which becomes the article's id.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from dashboard.preprocessing import clean, patterns
from dashboard.preprocessing.ingest.export_lines import date_of_line, lines_of, raw_article_of_export
from dashboard.preprocessing.records import RawArticle, Rejection

FIELDS_LAYOUT = "factiva-fields"
ARTICLE_LAYOUT = "factiva"
# In the text (LP, TD), only these codes end it, so that a paragraph opening with "LA" or
# "ET" stays text: they are the index fields that follow the text in every export.
_AFTER_TEXT_CODES = frozenset({"TD", "CT", "RF", "CO", "IN", "NS", "RE", "IPC", "IPD", "PUB", "AN", "ART", "NGC"})
_TEXT_CODES = frozenset({"LP", "TD"})
# How far below the word count line the date, source, language and copyright may stand.
_HEAD_LINES_AFTER_WORD_COUNT = 8


@dataclass(frozen=True)
class FactivaDocument:
    """One document's fields as the export states them; empty when it does not."""

    title: str
    byline: str
    date: str
    source_name: str
    copyright: str
    section: str
    accession: str
    body: tuple[str, ...]


def export_text(text: str) -> str:
    """The text of an export, an HTML export's paragraphs one per line."""
    return clean.text_from_html_fragment(text) if text.lstrip().startswith("<") else text


def is_factiva_fields_text(head: str) -> bool:
    """Four or more of Factiva's main field codes at line starts (HD, PD, SN, LP, TD, AN, WC)."""
    codes = {line[:2] for line in patterns.FACTIVA_FIELD_LINES.findall(export_text(head))}
    return len(codes) >= 4


def is_factiva_article_text(head: str) -> bool:
    """An accession-number line ("Document JATIME00…") and a "1,234 words" line."""
    text = export_text(head)
    return patterns.FACTIVA_ACCESSION_LINES.search(text) is not None and any(
        patterns.WORD_COUNT_LINE.match(line) for line in lines_of(text)
    )


def accession_of(line: str) -> str:
    """The accession number of a "Document …" line; "" for any other line."""
    match = patterns.FACTIVA_ACCESSION_LINE.match(line.strip())
    return match.group("id") if match else ""


def _field_code(line: str, in_text: bool) -> tuple[str, str] | None:
    match = patterns.FACTIVA_FIELD.match(line)
    if match is None or (in_text and match.group("code") not in _AFTER_TEXT_CODES):
        return None
    return match.group("code"), (match.group("value") or "").strip()


def field_documents_from_lines(lines: list[str]) -> tuple[list[dict[str, list[str]]], dict[str, list[str]]]:
    """The field-code documents, each as its codes' lines, and the fields after the last AN
    (a document cut off). Lines before the first code (a cover page) are not a field."""
    documents: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] = {}
    code = ""
    for line in lines:
        parsed = _field_code(line, in_text=code in _TEXT_CODES)
        if parsed:
            code, value = parsed
            current.setdefault(code, [])
            if value:
                current[code].append(value)
            if code == "AN":
                documents.append(current)
                current, code = {}, ""
        elif code:
            current[code].append(line)
    return documents, current


def factiva_document_from_fields(fields: dict[str, list[str]]) -> FactivaDocument:
    def one(code: str) -> str:
        return " ".join(fields.get(code, []))

    return FactivaDocument(
        title=one("HD"), byline=one("BY"), date=one("PD"), source_name=one("SN"), copyright=one("CY"), section=one("SE"),
        accession=accession_of(one("AN")) or one("AN").removeprefix("Document").strip(),
        body=(*fields.get("LP", []), *fields.get("TD", [])),
    )


def _is_head_detail(line: str, after_source: bool) -> bool:
    """A time, language or (below the source name) source code line: dropped."""
    return bool(
        patterns.FACTIVA_CLOCK_LINE.match(line) or patterns.FACTIVA_LANGUAGE.match(line)
        or (after_source and patterns.FACTIVA_SOURCE_CODE.match(line))
    )


def _article_head(lines: list[str], word_count_at: int) -> tuple[dict[str, str], int]:
    """The date, source name and copyright below the word count line, and where the text
    starts: after the copyright line, else after the last head line (time, source code,
    language) before the first line that is none of them."""
    found: dict[str, str] = {}
    text_at = word_count_at + 1
    for position in range(word_count_at + 1, min(len(lines), word_count_at + 1 + _HEAD_LINES_AFTER_WORD_COUNT)):
        line = lines[position]
        if patterns.EXPORT_COPYRIGHT_LINE.match(line):
            found["copyright"] = line
            return found, position + 1
        if "date" not in found and "source" not in found and date_of_line(line):
            found["date"] = date_of_line(line)
        elif _is_head_detail(line, after_source="source" in found):
            pass
        elif "source" not in found:
            found["source"] = line
        else:
            break
        text_at = position + 1
    return found, text_at


def article_document_from_lines(lines: list[str], accession: str) -> FactivaDocument | None:
    """A full-article document from its lines; None without a word count line. The title is
    the line above the byline ("By …"), or above the word count; lines above it (a cover
    page, for the first document) are not the article's."""
    word_count_at = next((i for i, line in enumerate(lines) if patterns.WORD_COUNT_LINE.match(line)), None)
    if word_count_at is None or word_count_at == 0:
        return None
    byline = ""
    title_at = word_count_at - 1
    if patterns.EXPORT_BYLINE_LABEL.match(lines[title_at]) and title_at > 0:
        byline = lines[title_at]
        title_at -= 1
    head, text_at = _article_head(lines, word_count_at)
    return FactivaDocument(
        title=lines[title_at], byline=byline, date=head.get("date", ""), source_name=head.get("source", ""),
        copyright=head.get("copyright", ""), section="", accession=accession, body=tuple(lines[text_at:]),
    )


def raw_article_from_factiva_document(document: FactivaDocument, source_path: str, layout: str) -> RawArticle:
    """The raw article of one document: the source name is the outlet, the lead paragraph and
    the text are the body, the accession number the id."""
    return raw_article_of_export(
        source_path, title=document.title, body=document.body, date=document.date, author=document.byline,
        outlet=document.source_name, copyright_line=document.copyright, section=document.section, layout=layout,
        accession=document.accession,
    )


def articles_from_factiva_fields(text: str, source_path: str) -> Iterator[RawArticle | Rejection]:
    """A field-code export: one raw article per document (`path#n`), the last one, when it
    has no AN line, a rejection (the export was cut off)."""
    documents, rest = field_documents_from_lines(lines_of(export_text(text)))
    for number, fields in enumerate(documents, start=1):
        path = f"{source_path}#{number}"
        if not fields.get("LP") and not fields.get("TD"):
            yield Rejection(path, f"Factiva document {number} has no text (no LP or TD field)", export_layout=FIELDS_LAYOUT)
            continue
        yield raw_article_from_factiva_document(factiva_document_from_fields(fields), path, FIELDS_LAYOUT)
    if rest:
        number = len(documents) + 1
        yield Rejection(
            f"{source_path}#{number}", f"export cut off: document {number} has no AN accession number", export_layout=FIELDS_LAYOUT
        )


def articles_from_factiva_article(text: str, source_path: str) -> Iterator[RawArticle | Rejection]:
    """A full-article export: documents end at their "Document …" line; text after the last
    one is a document cut off."""
    lines = lines_of(export_text(text))
    number = 0
    start = 0
    for position, line in enumerate(lines):
        accession = accession_of(line)
        if not accession:
            continue
        number += 1
        path = f"{source_path}#{number}"
        document = article_document_from_lines(lines[start:position], accession)
        start = position + 1
        if document is None:
            yield Rejection(path, f"Factiva document {number} has no word count line", export_layout=ARTICLE_LAYOUT)
        else:
            yield raw_article_from_factiva_document(document, path, ARTICLE_LAYOUT)
    rest = lines[start:]
    if rest:
        number += 1
        reason = (
            f"export cut off: document {number} has no Document accession line"
            if any(patterns.WORD_COUNT_LINE.match(line) for line in rest)
            else f"text after the last document is not a document ({len(rest)} lines)"
        )
        yield Rejection(f"{source_path}#{number}", reason, export_layout=ARTICLE_LAYOUT)
