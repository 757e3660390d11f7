"""What every research-database layout reads the same way: lines, date lines, the raw article of a document."""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.preprocessing import patterns
from dashboard.preprocessing.metadata import copyright_holder_in
from dashboard.preprocessing.records import PLAIN_TEXT, RawArticle


def lines_of(text: str) -> list[str]:
    """The non-empty lines of a text, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def date_of_line(line: str) -> str:
    """The calendar date a date line states ("July 29, 2024 Monday 10:30 PM EST" and
    "Updated July 29, 2024" give "July 29, 2024", "29 July 2024" is itself); "" for any
    other line, so a line that only mentions a date is not one."""
    match = patterns.EXPORT_DATE_LINE.match(line)
    return match.group("date") if match else ""


def raw_article_of_export(
    source_path: str, *, title: str, body: Sequence[str], date: str, author: str, outlet: str, copyright_line: str,
    section: str, layout: str, accession: str = "",
) -> RawArticle:
    """The raw article of one export document, either database's: its paragraphs as the
    body, its date line's date (never guessed), and as the outlet the publication the
    document names, else its copyright's holder."""
    return RawArticle(
        source_path=source_path,
        body="\n\n".join(body),
        body_kind=PLAIN_TEXT,
        title=title,
        published=date,
        date_source="export" if date else "",
        author=author,
        outlet=outlet or copyright_holder_in(copyright_line) or "",
        section=section,
        accession=accession,
        export_layout=layout,
    )
