"""What passes between the stages: a raw article as read from a file, or a rejection."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar, dataclass_transform

_Record = TypeVar("_Record")

# How the body of a raw article is written.
PLAIN_TEXT = "text"
HTML_PAGE = "html-page"
HTML_FRAGMENT = "html-fragment"


@dataclass_transform(frozen_default=True)
def record(cls: type[_Record]) -> type[_Record]:
    """A dataclass for the records the stages make by the hundred an article (sentences,
    matches, mentions, stances, quotes, frames): frozen for the type checker, which rejects
    any assignment to a field (`make lint`), plain at run time, hashed by its fields as a
    frozen one is. A frozen dataclass's `__init__` sets each field through
    `object.__setattr__`, four times the cost of a plain one: about 300 records an article
    made the map 5% slower."""
    return dataclass(unsafe_hash=True)(cls)


@dataclass(frozen=True)
class RawArticle:
    """One article as found in a file, before cleaning. Empty strings mean "not given"."""

    source_path: str
    body: str
    body_kind: str = PLAIN_TEXT
    title: str = ""
    published: str = ""
    date_source: str = ""
    url: str = ""
    author: str = ""
    outlet: str = ""
    # The page's or the export's section or document type ("Opinion", "Editorial"), for the genre.
    section: str = ""
    # A research database's own number for the document (Factiva's accession number): the
    # article's id when given, so that it is the same in every build and in the database.
    accession: str = ""
    # The export layout the article came from ("nexis", "factiva"); empty for other files.
    export_layout: str = ""


@dataclass(frozen=True)
class Rejection:
    """A file or record that was not used, and why, in words a person can act on."""

    source_path: str
    reason: str
    # For an unforeseen error: the traceback, written to debug.log, never shown as the reason.
    detail: str = ""
    # For a document of a research-database export that could not be used: its layout.
    export_layout: str = ""
