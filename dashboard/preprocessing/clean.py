"""Cleaning: small pure functions from raw article text to clean paragraphs.

String functions (`str -> str`) normalise characters; paragraph functions
(`list[str] -> list[str]`) drop what is not the article: site chrome, boilerplate,
related-link tails and repeats. `articles.clean_article_from_raw` runs them, around the
metadata steps that read headlines and bylines before repeats go.
"""

from __future__ import annotations

import html
import unicodedata
from collections import Counter
from functools import lru_cache

from lxml import etree
from lxml import html as lxml_html

from dashboard.preprocessing import patterns

# --- characters ------------------------------------------------------------------------


def text_with_unix_line_breaks(text: str) -> str:
    return patterns.LINE_BREAKS.sub("\n", text)


def text_with_entities_decoded(text: str) -> str:
    """`&amp;` -> `&`, `&#8217;` -> `’`; twice, because scraped text is often escaped twice."""
    if "&" not in text:
        return text
    return html.unescape(html.unescape(text))


def text_without_markup(text: str) -> str:
    """Tags left over in text become nothing, scripts and styles with their content; a
    block-closing tag becomes a paragraph break."""
    if "<" not in text:
        return text
    text = patterns.SCRIPT_ELEMENT.sub("", text)
    return patterns.MARKUP_TAG.sub("", patterns.BLOCK_END_TAG.sub("\n\n", text))


def text_with_plain_spaces(text: str) -> str:
    """Invisible characters go, odd spaces become one space, spaces around line breaks go."""
    text = patterns.INVISIBLE_CHARACTERS.sub("", text)
    text = patterns.CONTROL_CHARACTERS.sub("", text)
    text = patterns.UNUSUAL_SPACES.sub(" ", text)
    text = patterns.RUNS_OF_SPACES.sub(" ", text)
    return patterns.SPACE_AROUND_NEWLINE.sub("\n", text)


def normalized_text(text: str) -> str:
    """Line breaks, entities, leftover markup, Unicode form (NFC) and spaces, in that order."""
    text = text_with_unix_line_breaks(text)
    text = text_with_entities_decoded(text)
    text = text_without_markup(text)
    text = unicodedata.normalize("NFC", text)
    return text_with_plain_spaces(text).strip()


def text_from_html_fragment(fragment: str) -> str:
    """Plain text of an HTML fragment (a WordPress `content.rendered`, a CSV body cell).

    Blocks become paragraphs; scripts and styles are dropped.
    """
    if "<" not in fragment:
        return fragment
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return text_without_markup(fragment)
    for element in root.iter("script", "style", "noscript", "template"):
        element.drop_tree()
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "tr", "section"):
        element.tail = "\n\n" + (element.tail or "")
    return root.text_content()


def citation_tags(text: str) -> list[str]:
    """The aggregator citation ids in `text`, each once, in order of first use."""
    seen: dict[str, None] = {}
    for match in patterns.CITATION_TAG.finditer(text):
        for tag in patterns.CITATION_ID.findall(match.group(1)):
            seen.setdefault(tag, None)
    return list(seen)


def text_without_trailing_copyright(text: str) -> str:
    """"… the ministry said. © Example Group. All rights reserved." -> "… the ministry said."."""
    return patterns.TRAILING_COPYRIGHT.sub("", text)


def text_without_citation_tags(text: str) -> str:
    return patterns.CITATION_TAG.sub("", text)


def text_without_leading_marker(text: str) -> str:
    """`▼ Title` -> `Title`, `- July 29, 2024` -> `July 29, 2024`."""
    return patterns.LEADING_MARKER.sub("", text)


# --- paragraphs ------------------------------------------------------------------------


def paragraphs_from_text(text: str) -> list[str]:
    """One paragraph per non-empty line: page dumps and extractors put one block per line."""
    paragraphs = (text_without_leading_marker(line.strip()).strip() for line in text.split("\n"))
    return [paragraph for paragraph in paragraphs if paragraph]


# Boilerplate found by its words: site chrome, photo credits, teasers led by their label,
# calls to subscribe or follow, and date lines of the other main news languages.
_BOILERPLATE = (
    patterns.BOILERPLATE_PARAGRAPH, patterns.CREDIT_LINE, patterns.TEASER_PARAGRAPH, patterns.PROMPT_PARAGRAPH,
    patterns.OTHER_LANGUAGE_DATE_LINE, patterns.WIDGET_PARAGRAPH,
)


def is_boilerplate(paragraph: str) -> bool:
    return any(pattern.match(paragraph) for pattern in _BOILERPLATE)


def is_related_links_heading(paragraph: str) -> bool:
    """A heading after which the rest of the page is links or readers' comments."""
    return any(
        pattern.match(paragraph)
        for pattern in (patterns.RELATED_LINKS_HEADING, patterns.TEASER_BOX_HEADING, patterns.COMMENTS_HEADING, patterns.LINK_LIST_HEADING)
    )


def paragraphs_without_boilerplate(paragraphs: list[str]) -> list[str]:
    return [paragraph for paragraph in paragraphs if not is_boilerplate(paragraph)]


# A teaser in a link list is a headline: short and no sentence.
LINK_LIKE_MAX_WORDS = 20


def is_link_like(paragraph: str) -> bool:
    return len(paragraph.split()) <= LINK_LIKE_MAX_WORDS and not patterns.ENDS_LIKE_SENTENCE.search(paragraph)


def paragraphs_before_related_links(paragraphs: list[str]) -> list[str]:
    """Cut at a "You may also be interested in" or "Leave a Reply" heading and drop what follows.

    Only a heading in the second half of the article cuts, or one followed by nothing but
    link-like lines (short, no sentence); one earlier is more likely an inline box inside
    the article, so only the heading itself goes.
    """
    for index, paragraph in enumerate(paragraphs):
        if is_related_links_heading(paragraph):
            if index >= len(paragraphs) / 2 or all(map(is_link_like, paragraphs[index + 1 :])):
                return paragraphs[:index]
            return paragraphs[:index] + paragraphs_before_related_links(paragraphs[index + 1 :])
    return paragraphs


PARAGRAPH_KEY_CACHE_SIZE = 2**10
# Every ASCII character but letters and digits, deleted: what NON_ALPHANUMERIC removes
# from ASCII text, several times faster than the regex.
_ASCII_NON_ALPHANUMERIC = dict.fromkeys(code for code in range(128) if not chr(code).isalnum())


# The steps of one article key the same paragraphs (the headline's, the repeats', the
# site name's): a few articles' worth is remembered.
@lru_cache(maxsize=PARAGRAPH_KEY_CACHE_SIZE)
def paragraph_key(paragraph: str) -> str:
    """What two paragraphs share when one repeats the other: letters and digits, case-folded."""
    folded = paragraph.casefold()
    if folded.isascii():
        return folded.translate(_ASCII_NON_ALPHANUMERIC)
    return patterns.NON_ALPHANUMERIC.sub("", folded)


# A paragraph this long that the text holds exactly twice is a pull quote, not a list item.
PULL_QUOTE_MIN_WORDS = 15


def _repeated_run_length(keys: list[str], first: int, later: int) -> int:
    """How many paragraphs from `later` on repeat those from `first` on, one for one."""
    length = 0
    while first + length < later and later + length < len(keys) and keys[first + length] == keys[later + length]:
        length += 1
    return length


def paragraphs_without_repeats(paragraphs: list[str]) -> list[str]:
    """Drop the repeats that are page chrome, keep those that belong to the article.

    Chrome: the body printed twice (a run of repeated paragraphs at least half as long as
    the stretch from its original to it), a paragraph right after its twin (a caption
    under its image, a heading twice), a pull quote (a long paragraph the text holds
    exactly twice) and a repeated photo caption. Short lines that recur among the body's
    lines (list items, recipe steps, interview questions) stay. A paragraph with no letter
    or digit at all (rules, ornaments, lone emoji) goes too.
    """
    keyed = [(paragraph, key) for paragraph in paragraphs if (key := paragraph_key(paragraph))]
    paragraphs = [paragraph for paragraph, _ in keyed]
    keys = [key for _, key in keyed]
    counts = Counter(keys)
    first_index: dict[str, int] = {}
    kept: list[str] = []
    kept_keys: list[str] = []
    index = 0
    while index < len(paragraphs):
        paragraph, key = paragraphs[index], keys[index]
        first = first_index.setdefault(key, index)
        if first < index:
            run = _repeated_run_length(keys, first, index)
            if run >= 2 and 2 * run >= index - first:
                index += run
                continue
            if (
                (kept_keys and kept_keys[-1] == key)
                or (counts[key] == 2 and len(paragraph.split()) >= PULL_QUOTE_MIN_WORDS)
                or patterns.PHOTO_CREDIT.search(paragraph)
            ):
                index += 1
                continue
        kept.append(paragraph)
        kept_keys.append(key)
        index += 1
    return kept


# Every separator holds one of these (patterns.NAVIGATION_SEPARATOR): a paragraph without
# any is one item, looked for in a twentieth of the time the split takes.
_NAVIGATION_MARKS = "|·•»›>/"


def is_navigation(paragraph: str) -> bool:
    """A menu or breadcrumb line: three or more items of one to three words between
    separators ("Home | World | Asia", "Home > News > Asia"), and no date."""
    if not any(map(paragraph.__contains__, _NAVIGATION_MARKS)):
        return False
    items = patterns.NAVIGATION_SEPARATOR.split(paragraph)
    return (
        len(items) >= 3
        and all(1 <= len(item.split()) <= 3 and not patterns.ENDS_LIKE_SENTENCE.search(item) for item in items)
        and not patterns.FULL_DATE.search(paragraph)
    )


def paragraphs_without_navigation(paragraphs: list[str]) -> list[str]:
    return [paragraph for paragraph in paragraphs if not is_navigation(paragraph)]


# Above these shares a "text" is data: numbers (a JSON array saved as .txt; a standings
# table of names and times stays below it) or long runs of letters and digits (base64,
# hashes). CJK runs are not counted: a Chinese or Japanese clause is one long \w run.
MAX_NUMBER_WORD_SHARE = 0.9
MAX_CODE_WORD_SHARE = 0.3
MIN_CODE_WORD_LENGTH = 25  # as patterns.CODE_WORD has it


def reason_text_is_not_prose(words: list[str]) -> str | None:
    """Why the words of a text are data rather than an article, or None."""
    if not words:
        return None
    # Matches counted by map, in C; only a word of 25 characters or more can be code.
    numbers = sum(map(bool, map(patterns.NUMBER_WORD.fullmatch, words)))
    if numbers / len(words) > MAX_NUMBER_WORD_SHARE:
        return f"not article text: {numbers / len(words):.0%} of its {len(words):,} words are numbers"
    codes = sum(1 for word in words if len(word) >= MIN_CODE_WORD_LENGTH and patterns.CODE_WORD.fullmatch(word))
    if codes / len(words) > MAX_CODE_WORD_SHARE:
        return f"not article text: {codes / len(words):.0%} of its words are long runs of letters and digits (encoded data?)"
    return None
