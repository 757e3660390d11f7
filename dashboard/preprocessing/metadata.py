"""Metadata found in the text itself: dates, datelines, headlines and outlet statements.

Nothing here guesses: a value is returned only when the text states it, otherwise the
caller gets None and the column stays empty.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil import parser as date_parser

from dashboard.preprocessing import patterns
from dashboard.preprocessing.authors import author_names
from dashboard.preprocessing.clean import is_navigation, paragraph_key

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
# Bylines stand among the first paragraphs, after menus, the site name and the headline.
BYLINE_PARAGRAPHS = 10
BYLINE_MAX_CHARACTERS = 200
BYLINE_MAX_AUTHOR_WORDS = 12
# Copyright lines stand in the footer, after comment forms and link lists.
COPYRIGHT_PARAGRAPHS = 12
# Chrome before a headline is short and no sentence ("Asia Mirror News", "Search").
CHROME_MAX_WORDS = 8


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


_MONTH_NUMBERS = {name: number for number, name in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def date_from_url(url: str) -> dt.date | None:
    """The date a URL's path holds ("/2019/nov/18/", "/2024/07/29/"), or None."""
    match = patterns.URL_DATE.search(url)
    if match is None:
        return None
    month = match.group("month").lower()
    try:
        return dt.date(int(match.group("year")), _MONTH_NUMBERS.get(month) or int(month), int(match.group("day")))
    except ValueError:
        return None


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


def _is_chrome(paragraph: str, site_keys: set[str]) -> bool:
    """A line of the page's frame, not of the article: the site's name, a menu, one word."""
    return paragraph_key(paragraph) in site_keys or is_navigation(paragraph) or len(paragraph.split()) == 1


def _is_short_chrome(paragraph: str, site_keys: set[str]) -> bool:
    return _is_chrome(paragraph, site_keys) or (
        len(paragraph.split()) <= CHROME_MAX_WORDS and not patterns.ENDS_LIKE_SENTENCE.search(paragraph)
    )


def title_from_paragraphs(
    paragraphs: list[str], known_title: str = "", byline_position: int | None = None, site_names: tuple[str, ...] = (),
) -> TitledParagraphs:
    """The headline and the body without it.

    A title given by the file wins, and a paragraph repeating it goes. Otherwise, when a
    byline stood at `byline_position`, the headline is the nearest headline-like line above
    it, and the short lines above the headline (menus, the site's name) go. Without a
    byline it is the first headline-like line after any site name, menu or one-word line.
    A menu line or the site's name is never the title.
    """
    if known_title:
        key = paragraph_key(known_title)
        kept = [p for p in paragraphs if paragraph_key(p) != key]
        lead = next((i for i, p in enumerate(kept[:TITLE_ECHO_PARAGRAPHS]) if is_near_title(p, known_title)), None)
        if lead is not None and len(kept) > 1:
            kept = kept[:lead] + kept[lead + 1 :]
        return TitledParagraphs(known_title, kept)
    site_keys = {paragraph_key(name) for name in site_names if name}
    if byline_position:
        for index in range(min(byline_position, len(paragraphs)) - 1, -1, -1):
            candidate = paragraphs[index]
            if is_headline(candidate) and not _is_chrome(candidate, site_keys):
                before = [p for p in paragraphs[:index] if not _is_short_chrome(p, site_keys)]
                return TitledParagraphs(candidate, before + paragraphs[index + 1 :])
    start = 0
    while start < min(len(paragraphs) - 1, HEADER_FOOTER_PARAGRAPHS) and _is_chrome(paragraphs[start], site_keys):
        start += 1
    if len(paragraphs) - start >= 2 and is_headline(paragraphs[start]):
        return TitledParagraphs(paragraphs[start], paragraphs[start + 1 :])
    return TitledParagraphs("", paragraphs[start:] if start else paragraphs)


@dataclass(frozen=True)
class Byline:
    """What a byline line states; `author` is as written (names are cleaned by the caller)."""

    author: str
    published: dt.date | None
    section: str


def _byline_author(field: str) -> tuple[str, dt.date | None] | None:
    """The author (and a date written with it) of one field, or None when it names no one."""
    match = patterns.BYLINE_AUTHOR.match(field)
    if match is None:
        return None
    value = match.group("author") or match.group("labelled") or match.group("korean") or ""
    published = None
    date_match = patterns.FULL_DATE.search(value)
    if date_match:
        published = date_from_string(date_match.group())
        value = value[: date_match.start()]
    value = value.strip(" ,;:")
    words = value.split()
    if not words or len(words) > BYLINE_MAX_AUTHOR_WORDS or patterns.ENDS_LIKE_SENTENCE.search(value):
        return None
    if patterns.CALENDAR_WORD.fullmatch(words[0].strip(",")) or not author_names(value):
        return None
    return value, published


def byline_of(paragraph: str) -> Byline | None:
    """The byline a line is, if it is one: "By Mina Okafor", "Posted by newsdesk | July 29,
    2024 | World", "World | July 29, 2024 | 3 min read".

    Every field must be an author, a date, a section or filler ("3 min read"), and the
    line must name an author or hold a date beside another field.
    """
    if len(paragraph) > BYLINE_MAX_CHARACTERS:
        return None
    fields = [field.strip() for field in patterns.BYLINE_FIELD_SEPARATOR.split(paragraph) if field.strip()]
    author, published, section = "", None, ""
    for field in fields:
        found = None if author else _byline_author(field)
        if found:
            author, written_date = found
            published = published or written_date
            continue
        date_match = patterns.DATE_PARAGRAPH.match(field)
        date = date_from_string(date_match.group("date")) if date_match else None
        if date:
            published = published or date
            continue
        if patterns.BYLINE_FILLER_FIELD.match(field):
            continue
        section_match = patterns.BYLINE_SECTION_FIELD.match(field)
        if section_match and not section and len(fields) > 1 and len(field.split()) <= 4:
            section = section_match.group("section").strip()
            continue
        return None
    if not author and not (published and len(fields) > 1):
        return None
    return Byline(author, published, section)


@dataclass(frozen=True)
class AuthorBox:
    author: str
    paragraphs: list[str]


def author_box_from_paragraphs(paragraphs: list[str]) -> AuthorBox:
    """Take out an "About the author" box (heading, name, bio that begins with the name)
    from the first or last paragraphs; the name is the author."""
    edge = {*range(min(HEADER_FOOTER_PARAGRAPHS, len(paragraphs))), *range(max(len(paragraphs) - 2 * HEADER_FOOTER_PARAGRAPHS, 0), len(paragraphs))}
    for index in sorted(edge):
        if not patterns.AUTHOR_BOX_HEADING.match(paragraphs[index]) or index + 1 >= len(paragraphs):
            continue
        name = paragraphs[index + 1]
        if len(name.split()) > BYLINE_MAX_AUTHOR_WORDS or not author_names(name) or patterns.ENDS_LIKE_SENTENCE.search(name):
            continue
        end = index + 2
        if end < len(paragraphs) and paragraphs[end].startswith(name.split()[0]) and name.split()[-1] in paragraphs[end]:
            end += 1
        return AuthorBox(name, paragraphs[:index] + paragraphs[end:])
    return AuthorBox("", paragraphs)


@dataclass(frozen=True)
class BylinedParagraphs:
    author: str
    published: dt.date | None
    section: str
    # Where the first byline stood, in `paragraphs`; None without one.
    position: int | None
    paragraphs: list[str]


def byline_from_paragraphs(paragraphs: list[str]) -> BylinedParagraphs:
    """Take the byline lines out of the first paragraphs; their authors are joined."""
    found: list[tuple[int, Byline]] = []
    for index, paragraph in enumerate(paragraphs[:BYLINE_PARAGRAPHS]):
        byline = byline_of(paragraph)
        if byline is not None:
            found.append((index, byline))
    if not found:
        return BylinedParagraphs("", None, "", None, paragraphs)
    taken = {index for index, _ in found}
    bylines = [byline for _, byline in found]
    return BylinedParagraphs(
        author="; ".join(byline.author for byline in bylines if byline.author),
        published=next((byline.published for byline in bylines if byline.published), None),
        section=next((byline.section for byline in bylines if byline.section), ""),
        position=found[0][0],
        paragraphs=[paragraph for index, paragraph in enumerate(paragraphs) if index not in taken],
    )


def copyright_holder_in(line: str) -> str | None:
    """Who one copyright line names ("© 2024 Asia Mirror News. All rights reserved.", or
    such a notice run on at the end of a paragraph); None for no line or no name."""
    match = patterns.COPYRIGHT_LINE.match(line) or _trailing_copyright(line)
    if match is None:
        return None
    holder = match.group("holder").strip(" ,.")
    if patterns.LETTER.search(holder) and not patterns.CALENDAR_WORD.fullmatch(holder) and holder.lower() != "all rights reserved":
        return holder
    return None


def _trailing_copyright(line: str) -> re.Match[str] | None:
    # Most lines hold no notice: on ASCII text (where IGNORECASE is lower()), the absence
    # of its literal words tells that without searching every position.
    if line.isascii() and "all rights reserved" not in line.lower():
        return None
    return patterns.TRAILING_COPYRIGHT.search(line)


def copyright_holder_of(paragraphs: list[str]) -> str | None:
    """Who a copyright line names, from the footer (or the header): the site's own name."""
    edge = [*paragraphs[-COPYRIGHT_PARAGRAPHS:][::-1], *paragraphs[:HEADER_FOOTER_PARAGRAPHS]]
    return next((holder for holder in map(copyright_holder_in, edge) if holder), None)


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
