"""Main content of an HTML page: the article's text and the metadata its markup gives.

trafilatura finds the main content; what it leaves in (site chrome, teasers) is cleaned
later, paragraph by paragraph, in `clean`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict
from urllib.parse import urlsplit

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.settings import Document

from dashboard.preprocessing import clean, patterns


class TrafilaturaOptions(TypedDict):
    """Keyword arguments of trafilatura's extract functions, typed so that they are checked against its signatures."""

    include_comments: bool


# What every trafilatura pass over a page is given: the article without its comments.
TRAFILATURA_OPTIONS: TrafilaturaOptions = {"include_comments": False}
# trafilatura's metadata pass, without its slow full-text date search: a date comes
# from the page's markup (meta tags, JSON-LD, <time>) or not at all.
DATE_FROM_MARKUP = {"extensive_search": False, "original_date": True}
# The precise text must keep at least this share of the ordinary text's words to be used.
MIN_PRECISE_SHARE = 0.5
# A precise paragraph this long found inside an ordinary one means the ordinary one holds it.
MIN_HELD_KEY_CHARACTERS = 20
# Two paragraphs sharing this share of the longer one's distinct words are one paragraph.
SAME_PARAGRAPH_SHARE = 0.8
# An ordinary paragraph is looked for among this many precise ones from where the last one
# matched: the precise text is nearly a subsequence, so its match is close, and a line
# that recurs (a list item) must not match a far later copy.
MATCH_WINDOW = 10
# A host's second-to-last label this short is part of its suffix ("co" in "example.co.uk").
MAX_SECOND_LEVEL_SUFFIX = 3
# A block whose own paragraphs hold this many characters is a stretch of body text.
MIN_CHUNK_PARAGRAPH_CHARACTERS = 150
# A paragraph this long is looked for in the extracted text to tell whether its block was taken.
MIN_CHUNK_TEST_CHARACTERS = 40
# A block is in the extracted text when this share of its paragraphs is.
CHUNK_TAKEN_SHARE = 0.5


@dataclass(frozen=True)
class PageContent:
    """An HTML page's main text (paragraphs one per line) and its metadata; empty strings mean "not found"."""

    text: str
    title: str
    published: str
    url: str
    author: str
    sitename: str


def word_count(text: str) -> int:
    return len(patterns.WORD.findall(text))


def precise_text_from_html_page(html: str) -> str:
    """trafilatura's main text when it favours precision: fewer teasers, link lists and
    newsletter boxes, and a headline, date and body run together in one block split apart."""
    return trafilatura.extract(html, favor_precision=True, **TRAFILATURA_OPTIONS) or ""


def _holds_any(key: str, keys: list[str]) -> bool:
    return any(len(other) >= MIN_HELD_KEY_CHARACTERS and other in key for other in keys)


def _words(line: str) -> set[str]:
    return set(patterns.WORD.findall(line.casefold()))


def _same_paragraph(words: set[str], other: set[str]) -> bool:
    """Two versions of one paragraph: one dropped a few words (an inline link) of the other."""
    return bool(words) and len(words & other) >= SAME_PARAGRAPH_SHARE * max(len(words), len(other))


def site_of_address(address: str) -> str:
    """The name a web address's site goes by, the same across its subdomains and country
    domains ("news.example.co.uk" and "example.de" are "example"); empty for a relative address."""
    labels = (urlsplit(address).hostname or "").removeprefix("www.").split(".")
    if len(labels) < 2:
        return ""
    return labels[-3] if len(labels) > 2 and len(labels[-2]) <= MAX_SECOND_LEVEL_SUFFIX else labels[-2]


def links_of_page(html: str) -> list[tuple[str, str]]:
    """The paragraph key of each link's text to another page, with its address; bare URLs
    (cited addresses) and links within the page (a table of contents naming its subheadings)
    are left out."""
    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    links = []
    for link in root.iter("a"):
        text, address = link.text_content().strip(), link.get("href") or ""
        if text and not patterns.BARE_URL.match(text) and not address.startswith("#"):
            links.append((clean.paragraph_key(text), address))
    return links


def link_keys_of_page(html: str) -> set[str]:
    """The paragraph keys of the texts of links to other pages."""
    return {key for key, _address in links_of_page(html)}


def site_link_keys(links: list[tuple[str, str]], site: str) -> set[str]:
    """The keys of the links that stay on the page's own site (a relative address, or one of
    the site's hosts): teasers for its other articles. A line linking only elsewhere (a shop,
    a source) is the author's."""
    return {key for key, address in links if site_of_address(address) in ("", site)}


def _token_string(text: str) -> str:
    return " ".join(patterns.WORD.findall(text.casefold()))


def _share_of_paragraphs_in(block: lxml_html.HtmlElement, normalised_text: str) -> float:
    paragraphs = [_token_string(paragraph.text_content()) for paragraph in block.iter("p")]
    tested = [paragraph for paragraph in paragraphs if len(paragraph) >= MIN_CHUNK_TEST_CHARACTERS]
    return sum(paragraph in normalised_text for paragraph in tested) / len(tested) if tested else 0.0


def _body_blocks_by_class(root: lxml_html.HtmlElement) -> list[list[lxml_html.HtmlElement]]:
    """Groups of two or more blocks (div, section, article) sharing tag and class, none inside
    another, each holding paragraphs of its own: the pieces of a body, or repeated widgets."""
    groups: dict[tuple[str, str], list[lxml_html.HtmlElement]] = {}
    for block in root.iter("div", "section", "article"):
        own_characters = sum(len(paragraph.text_content()) for paragraph in block.findall("p"))
        if block.get("class") and own_characters >= MIN_CHUNK_PARAGRAPH_CHARACTERS:
            groups.setdefault((block.tag, block.get("class") or ""), []).append(block)
    return [
        blocks
        for blocks in groups.values()
        if len(blocks) > 1 and not any(other in set(block.iterancestors()) for block in blocks for other in blocks)
    ]


def html_with_body_chunks_joined(html: str, text: str) -> str | None:
    """The page with the later pieces of a body split into blocks of one class (an ad or a
    promotion between them) moved into the first piece, when the extracted text holds the
    first piece and misses a later one; None when the page has no such split body.

    trafilatura takes the first block that looks like the article's body, so a body cut into
    several same-class blocks comes out as its first piece only.
    """
    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    normalised_text = _token_string(text)
    joined = False
    for blocks in _body_blocks_by_class(root):
        shares = [_share_of_paragraphs_in(block, normalised_text) for block in blocks]
        if shares[0] >= CHUNK_TAKEN_SHARE and min(shares[1:]) < CHUNK_TAKEN_SHARE:
            for block in blocks[1:]:
                blocks[0].extend(list(block))
            joined = True
    return lxml_html.tostring(root, encoding="unicode") if joined else None


def precise_text_with_inner_paragraphs(precise_text: str, text: str, link_keys: frozenset[str] | set[str] = frozenset()) -> str:
    """The precise text, with the ordinary text's paragraphs that it dropped between two
    paragraphs it kept put back in their places.

    Favouring precision trims teasers, newsletter boxes and link lists, which sit before or
    after the article; what it drops inside the article (subheadings, a short paragraph, a
    line of links the author cites) is the article's. Not put back: a paragraph that is
    all one of `link_keys`' link texts (a teaser for another article inside this one), and an ordinary
    paragraph that holds a precise one (a headline, date and body run together). Where the
    two texts hold versions of one paragraph, the ordinary, fuller one is kept.
    """
    precise_lines = [line for line in precise_text.split("\n") if clean.paragraph_key(line)]
    precise_keys = [clean.paragraph_key(line) for line in precise_lines]
    precise_words = [_words(line) for line in precise_lines]
    lines = [line for line in text.split("\n") if clean.paragraph_key(line)]

    def match(line: str, start: int) -> int | None:
        key, words = clean.paragraph_key(line), _words(line)
        for index in range(start, min(start + MATCH_WINDOW, len(precise_lines))):
            if precise_keys[index] == key or _same_paragraph(words, precise_words[index]):
                return index
        return None

    matched = [index for index, line in enumerate(lines) if clean.paragraph_key(line) in precise_keys]
    if not matched:
        return precise_text
    merged: list[str] = []
    next_precise = 0
    for line in lines[matched[0] : matched[-1] + 1]:
        found = match(line, next_precise)
        key = clean.paragraph_key(line)
        if found is not None:
            merged.extend(precise_lines[next_precise:found])
            merged.append(line)
            next_precise = found + 1
        elif key not in link_keys and key not in precise_keys and not _holds_any(key, precise_keys):
            merged.append(line)
    merged.extend(precise_lines[next_precise:])
    return "\n".join(merged)


def text_without_link_edges(text: str, link_keys: frozenset[str] | set[str]) -> str:
    """The text without the paragraphs before its first and after its last that are wholly
    the text of a link to another page: teaser lists and related headlines around the article."""
    lines = [line for line in text.split("\n") if clean.paragraph_key(line)]
    is_link = [clean.paragraph_key(line) in link_keys for line in lines]
    if all(is_link):
        return text
    start = is_link.index(False)
    end = len(lines) - is_link[::-1].index(False)
    return "\n".join(lines[start:end])


def main_text_of_page(
    text: str, precise_text: str, link_keys: frozenset[str] | set[str] = frozenset(), inner_link_keys: frozenset[str] | set[str] | None = None
) -> str:
    """The precise text with its inner paragraphs restored, unless it lost most of the
    article: then the ordinary text. Inside the article, only lines linking to `inner_link_keys`
    (by default all of `link_keys`) count as teasers.

    Favouring precision sometimes drops whole stretches of body (a page whose paragraphs
    sit in link-heavy blocks); keeping under `MIN_PRECISE_SHARE` of the words is that case.
    """
    if word_count(precise_text) >= MIN_PRECISE_SHARE * word_count(text):
        inner = link_keys if inner_link_keys is None else inner_link_keys
        return text_without_link_edges(precise_text_with_inner_paragraphs(precise_text, text, inner), link_keys)
    return text_without_link_edges(text, link_keys)


def main_text_from_html_page(html: str) -> PageContent | None:
    """The page's main content and metadata, or None when no article text is found.

    Scripts and styles go first (JSON-LD metadata stays): trafilatura drops them from the
    body but would read one inside a headline into the title.
    """
    html = patterns.CODE_ELEMENT_IN_PAGE.sub("", html)
    document = trafilatura.bare_extraction(html, with_metadata=True, date_extraction_params=DATE_FROM_MARKUP, **TRAFILATURA_OPTIONS)
    # Never the dict its annotation also allows: that is only with the deprecated as_dict=True.
    if not isinstance(document, Document) or not (document.text or "").strip():
        return None
    text, text_html = document.text or "", html
    if (joined_html := html_with_body_chunks_joined(html, text)) is not None:
        text, text_html = trafilatura.extract(joined_html, **TRAFILATURA_OPTIONS) or text, joined_html
    links = links_of_page(html)
    inner_link_keys = site_link_keys(links, site_of_address(document.url or ""))
    return PageContent(
        text=main_text_of_page(text, precise_text_from_html_page(text_html), {key for key, _address in links}, inner_link_keys),
        title=document.title or "",
        published=document.date or "",
        url=document.url or "",
        author=document.author or "",
        sitename=document.sitename or "",
    )
