"""Metadata found in the text itself: dates, datelines, headlines and outlet statements.

Nothing here guesses: a value is returned only when the text states it, otherwise the
caller gets None and the column stays empty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil import parser as date_parser

from dashboard.preprocessing import patterns
from dashboard.preprocessing.clean import paragraph_key

# Two defaults that differ in every field: a component the string leaves out comes back
# different from the two parses, which is how a date without a year is told apart.
_DEFAULT_A = dt.datetime(2001, 1, 1)
_DEFAULT_B = dt.datetime(2002, 2, 2)
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100
# A headline is short; a longer first paragraph is text.
HEADLINE_MAX_CHARACTERS = 250
HEADLINE_MAX_WORDS = 35
# The on-page headline stands in the first few paragraphs and shares this share of its
# distinct words (Jaccard) with the title.
TITLE_ECHO_PARAGRAPHS = 3
TITLE_ECHO_SIMILARITY = 0.7
# Outlet statements stand in the first or last few paragraphs of a page dump.
HEADER_FOOTER_PARAGRAPHS = 4


def date_from_string(value: str) -> dt.date | None:
    """A calendar date with day, month and year, or None: "July 29", "2024" or "Monday" alone are not dates.

    Numeric dates are read month first (07/08/2024 is July 8), as dateutil does.
    """
    value = value.strip()
    if not value:
        return None
    iso = patterns.ISO_DATE_PREFIX.match(value)
    try:
        if iso:
            parsed = dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        elif patterns.FULL_DATE.fullmatch(value):
            # Day, month and year are all there: one parse is enough.
            parsed = date_parser.parse(value).date()
        else:
            first = date_parser.parse(value, default=_DEFAULT_A)
            second = date_parser.parse(value, default=_DEFAULT_B)
            if first.date() != second.date():
                return None
            parsed = first.date()
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed if EARLIEST_YEAR <= parsed.year <= LATEST_YEAR else None


@dataclass(frozen=True)
class DatedParagraphs:
    published: dt.date | None
    paragraphs: list[str]


def published_from_date_paragraphs(paragraphs: list[str]) -> DatedParagraphs:
    """Take out paragraphs that are only a date ("- July 29, 2024", "Updated: ...").

    The published date is the first unlabelled or "published/posted" one; an "updated"
    date is used only when there is no other.
    """
    published: dt.date | None = None
    updated: dt.date | None = None
    kept: list[str] = []
    for paragraph in paragraphs:
        match = patterns.DATE_PARAGRAPH.match(paragraph)
        if match is None:
            kept.append(paragraph)
            continue
        date = date_from_string(match.group("date"))
        if date is None:
            kept.append(paragraph)
            continue
        label = (match.group("label") or "").lower()
        if "updated" in label:
            updated = updated or date
        else:
            published = published or date
    return DatedParagraphs(published or updated, kept)


@dataclass(frozen=True)
class Dateline:
    published: dt.date | None
    agency: str | None


def dateline_of(first_paragraph: str) -> Dateline | None:
    """The wire dateline opening an article, if any: "SEOUL, July 29, 2024 (Yonhap) -- ..."."""
    match = patterns.DATELINE.match(first_paragraph)
    if match is None or not (match.group("date") or match.group("agency")):
        return None
    published = date_from_string(match.group("date")) if match.group("year") else None
    return Dateline(published, (match.group("agency") or "").strip() or None)


def is_headline(paragraph: str) -> bool:
    return (
        len(paragraph) <= HEADLINE_MAX_CHARACTERS
        and 2 <= len(paragraph.split()) <= HEADLINE_MAX_WORDS
        and not patterns.ENDS_LIKE_SENTENCE.search(paragraph)
    )


def _title_words(text: str) -> set[str]:
    return set(patterns.WORD.findall(text.casefold()))


def is_near_title(paragraph: str, title: str) -> bool:
    """The on-page headline as a paragraph, a word or so off the page's title (a site
    name appended, one word changed): short, and sharing most of its words with the title."""
    words, title_words = _title_words(paragraph), _title_words(title)
    if not words or len(paragraph.split()) > HEADLINE_MAX_WORDS:
        return False
    return len(words & title_words) / len(words | title_words) >= TITLE_ECHO_SIMILARITY


@dataclass(frozen=True)
class TitledParagraphs:
    title: str
    paragraphs: list[str]


def title_from_paragraphs(paragraphs: list[str], known_title: str = "") -> TitledParagraphs:
    """The headline and the body without it.

    A title given by the file wins, and a paragraph repeating it goes. Otherwise the first
    paragraph is the title when it reads like a headline and text follows it.
    """
    if known_title:
        key = paragraph_key(known_title)
        kept = [p for p in paragraphs if paragraph_key(p) != key]
        lead = next((i for i, p in enumerate(kept[:TITLE_ECHO_PARAGRAPHS]) if is_near_title(p, known_title)), None)
        if lead is not None and len(kept) > 1:
            kept = kept[:lead] + kept[lead + 1 :]
        return TitledParagraphs(known_title, kept)
    if len(paragraphs) >= 2 and is_headline(paragraphs[0]):
        return TitledParagraphs(paragraphs[0], paragraphs[1:])
    return TitledParagraphs("", paragraphs)


@dataclass(frozen=True)
class OutletStatement:
    outlet: str | None
    republisher: str | None
    paragraphs: list[str]


def outlet_statement_from_paragraphs(paragraphs: list[str]) -> OutletStatement:
    """Outlet lines of a page dump: "JapanTimes || Shining BD", "Published daily by the Lowy Institute".

    They are taken out of the text, and so is a lone signature line that repeats the
    republisher's or outlet's name ("Shining BD" at the end).
    """
    outlet: str | None = None
    republisher: str | None = None
    edge = HEADER_FOOTER_PARAGRAPHS
    statement_indexes: set[int] = set()
    candidates = [i for i in range(len(paragraphs)) if i < edge or i >= len(paragraphs) - edge]
    for index in candidates:
        paragraph = paragraphs[index]
        pair = patterns.OUTLET_AND_REPUBLISHER.match(paragraph)
        statement = patterns.OUTLET_STATEMENT.match(paragraph)
        if pair and outlet is None:
            outlet, republisher = pair.group("outlet").strip(), pair.group("republisher").strip()
            statement_indexes.add(index)
        elif statement and outlet is None:
            outlet = statement.group("outlet").strip()
            statement_indexes.add(index)
    if outlet is None:
        return OutletStatement(None, None, paragraphs)
    signatures = {paragraph_key(name) for name in (outlet, republisher) if name}
    kept = [
        paragraph
        for index, paragraph in enumerate(paragraphs)
        if index not in statement_indexes and not (index in candidates and paragraph_key(paragraph) in signatures)
    ]
    return OutletStatement(outlet, republisher, kept)
