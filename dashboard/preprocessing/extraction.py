"""Main content of an HTML page: the article's text and the metadata its markup gives.

trafilatura finds the main content; what it leaves in (site chrome, teasers) is cleaned
later, paragraph by paragraph, in `clean`.
"""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura

# What every trafilatura pass over a page is given: the article without its comments.
TRAFILATURA_OPTIONS = {"include_comments": False}
# trafilatura's metadata pass, without its slow full-text date search: a date comes
# from the page's markup (meta tags, JSON-LD, <time>) or not at all.
DATE_FROM_MARKUP = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True)
class PageContent:
    """An HTML page's main text (paragraphs one per line) and its metadata; empty strings mean "not found"."""

    text: str
    title: str
    published: str
    url: str
    author: str
    sitename: str


def main_text_from_html_page(html: str) -> PageContent | None:
    """The page's main content and metadata, or None when no article text is found."""
    document = trafilatura.bare_extraction(html, with_metadata=True, date_extraction_params=DATE_FROM_MARKUP, **TRAFILATURA_OPTIONS)
    if document is None or not (document.text or "").strip():
        return None
    return PageContent(
        text=document.text or "",
        title=document.title or "",
        published=document.date or "",
        url=document.url or "",
        author=document.author or "",
        sitename=document.sitename or "",
    )
