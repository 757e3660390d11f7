"""Nexis Uni / LexisNexis exports (DOCX, RTF, PDF or text): documents, their fields, raw articles.

An export is a cover page (job details, the results list), then documents, each closed by
"End of Document". A document is its title, the publication, the date line, the copyright
line, fields ("Section:", "Length:", "Byline:", ...), "Body" and the text, then index
blocks ("Classification", "Subject:", "Load-Date:", ...) that are not the article's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from dashboard.preprocessing import patterns
from dashboard.preprocessing.ingest.export_lines import date_of_line, lines_of, raw_article_of_export
from dashboard.preprocessing.records import RawArticle, Rejection

LAYOUT = "nexis"
# Field labels whose value becomes a column (the rest are dropped).
_KEPT_FIELDS = ("section", "length", "byline", "dateline", "highlight", "load-date")


@dataclass(frozen=True)
class NexisDocument:
    """One document's parts as the export states them; empty when it does not."""

    title: str
    publication: str
    date: str
    copyright: str
    fields: dict[str, str] = field(default_factory=dict)
    body: tuple[str, ...] = ()


@dataclass(frozen=True)
class NexisSplit:
    """The documents of an export (each as its lines) and what follows the last one."""

    documents: list[list[str]]
    rest: list[str]


def is_nexis_text(head: str) -> bool:
    """Nexis's shape: an "End of Document" line, or a "Body" line under "Length:"/"Byline:"
    fields (a file cut off inside its first document)."""
    lines = lines_of(head)
    if patterns.NEXIS_END_OF_DOCUMENT.search(head) and any(patterns.NEXIS_BODY_LABEL.match(line) for line in lines):
        return True
    labels = {match.group("label").lower() for match in map(patterns.NEXIS_HEAD_FIELD.match, lines) if match}
    return any(patterns.NEXIS_BODY_LABEL.match(line) for line in lines) and len(labels & {"length", "byline", "section", "load-date"}) >= 2


def documents_from_nexis_text(text: str) -> NexisSplit:
    """The export cut at each "End of Document"; `rest` is what follows the last one."""
    chunks = patterns.NEXIS_END_OF_DOCUMENT.split(text)
    return NexisSplit([lines_of(chunk) for chunk in chunks[:-1]], lines_of(chunks[-1]))


def words_of_length_field(value: str) -> int | None:
    """The number of words a "Length:" field states ("1,234 words" is 1234)."""
    match = patterns.WORD_COUNT_LINE.match(value.strip())
    return int(match.group("words").replace(",", "")) if match else None


def section_without_page(section: str) -> str:
    """A section without the page reference Nexis adds ("WORLD; Pg. 3" is "WORLD")."""
    return patterns.NEXIS_SECTION_PAGE.sub("", section).strip()


def _head_field(line: str) -> tuple[str, str] | None:
    match = patterns.NEXIS_HEAD_FIELD.match(line)
    return (match.group("label").lower(), match.group("value").strip()) if match else None


def nexis_document_from_lines(lines: list[str], first: bool) -> NexisDocument | None:
    """A document's parts from its lines; None when it has no "Body" line.

    The head is what precedes the first field or copyright line: the title, then the
    publication, then the date line. In the first document it also holds the cover page,
    so the title is the line right above the publication, never more.
    """
    body_at = next((i for i, line in enumerate(lines) if patterns.NEXIS_BODY_LABEL.match(line)), None)
    if body_at is None:
        return None
    head = lines[:body_at]
    fields_at = next(
        (i for i, line in enumerate(head) if _head_field(line) or patterns.EXPORT_COPYRIGHT_LINE.match(line)), len(head)
    )
    top = head[:fields_at]
    date_at = next((i for i, line in enumerate(top) if date_of_line(line)), None)
    date = date_of_line(top[date_at]) if date_at is not None else ""
    named = top[:date_at] if date_at is not None else top
    if first:
        named = [line for line in named if not patterns.NEXIS_COVER_LINE.match(line)][-2:]
    title, publication = (" ".join(named[:-1]), named[-1]) if len(named) >= 2 else ("".join(named), "")
    copyright_line = ""
    fields: dict[str, str] = {}
    last_label = ""
    for line in head[fields_at:]:
        parsed = _head_field(line)
        if parsed:
            last_label = parsed[0]
            fields[last_label] = parsed[1]
        elif patterns.EXPORT_COPYRIGHT_LINE.match(line):
            copyright_line = line
        elif not date and date_of_line(line):
            date = date_of_line(line)
        elif last_label:
            # A field's value wrapped onto the next line.
            fields[last_label] = f"{fields[last_label]} {line}"
    body: list[str] = []
    for line in lines[body_at + 1 :]:
        if patterns.NEXIS_BODY_END.match(line):
            break
        body.append(line)
    if body and patterns.EXPORT_COPYRIGHT_LINE.match(body[-1]):
        copyright_line = copyright_line or body[-1]
        body.pop()
    return NexisDocument(title, publication, date, copyright_line, {k: v for k, v in fields.items() if k in _KEPT_FIELDS}, tuple(body))


def raw_article_from_nexis_document(document: NexisDocument, source_path: str) -> RawArticle:
    """The raw article of one document: the publication is the outlet (the copyright's
    holder when no publication line stands), the byline the author, the section the genre."""
    return raw_article_of_export(
        source_path, title=document.title, body=document.body, date=document.date, author=document.fields.get("byline", ""),
        outlet=document.publication, copyright_line=document.copyright,
        section=section_without_page(document.fields.get("section", "")), layout=LAYOUT,
    )


def _cut_off_reason(number: int, lines: list[str]) -> str:
    if any(patterns.NEXIS_BODY_LABEL.match(line) or _head_field(line) for line in lines):
        return f"export cut off: document {number} has no End of Document"
    return f"text after the last End of Document is not a document ({len(lines)} lines)"


def articles_from_nexis(text: str, source_path: str) -> Iterator[RawArticle | Rejection]:
    """A Nexis export: one raw article per document (`path#n`); a document without a body,
    and a last one cut off before its "End of Document", become rejections."""
    split = documents_from_nexis_text(text)
    number = 0
    for position, lines in enumerate(split.documents):
        number += 1
        document = nexis_document_from_lines(lines, first=position == 0)
        path = f"{source_path}#{number}"
        if document is None:
            yield Rejection(path, f"Nexis document {number} has no Body line", export_layout=LAYOUT)
        else:
            yield raw_article_from_nexis_document(document, path)
    if split.rest:
        number += 1
        yield Rejection(f"{source_path}#{number}", _cut_off_reason(number, split.rest), export_layout=LAYOUT)
