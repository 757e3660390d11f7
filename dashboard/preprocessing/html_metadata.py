"""Metadata an HTML page states in its markup: the site's name, the headline, the section.

trafilatura finds most of it; this fills what it misses. A site name is taken from the
page's own declarations (og:site_name, application-name, JSON-LD publisher), else from
the `<title>` suffix when the page says it a second time (logo, copyright line, domain),
else from the copyright line. Nothing is guessed: without a witness the field stays empty.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from dashboard.preprocessing import patterns
from dashboard.preprocessing.clean import paragraph_key
from dashboard.preprocessing.metadata import copyright_holder_in

# A site name is short; a longer "suffix" is part of the headline.
MAX_SITE_NAME_WORDS = 6
_SITE_NAME_META = ("og:site_name", "application-name", "apple-mobile-web-app-title", "twitter:site")
_SEPARATOR_CHARACTERS = " |–—-:»"
_SECTION_META = ("article:section", "section", "category", "parsely-section", "article.section")


@dataclass(frozen=True)
class PageMetadata:
    site_name: str
    title_tag: str
    section: str


def _root(page: str) -> lxml_html.HtmlElement | None:
    try:
        return lxml_html.document_fromstring(page)
    except ValueError:
        # A str with an XML encoding declaration must be given as bytes.
        try:
            return lxml_html.document_fromstring(page.encode("utf-8", "replace"))
        except (etree.ParserError, ValueError):
            return None
    except etree.ParserError:
        return None


def _meta(root: lxml_html.HtmlElement, names: tuple[str, ...]) -> str:
    for element in root.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        if key in names:
            content = " ".join((element.get("content") or "").split())
            if content:
                return content.lstrip("@")
    return ""


def _json_ld_values(root: lxml_html.HtmlElement) -> list[dict]:
    values: list[dict] = []
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            value = json.loads(script.text_content() or "", strict=False)
        except (ValueError, RecursionError):
            continue
        stack = [value]
        while stack and len(values) < 50:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                values.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return values


def _publisher_name(values: list[dict]) -> str:
    for value in values:
        publisher = value.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str) and publisher["name"].strip():
            return publisher["name"].strip()
    return ""


def _json_ld_section(values: list[dict]) -> str:
    for value in values:
        section = value.get("articleSection")
        if isinstance(section, list):
            section = next((item for item in section if isinstance(item, str)), "")
        if isinstance(section, str) and section.strip():
            return section.strip()
    return ""


def _witnesses(root: lxml_html.HtmlElement, url: str) -> set[str]:
    """Keys of names the page shows besides its title: logo alt texts, copyright lines,
    the domain's letters."""
    keys: set[str] = set()
    for image in root.iter("img"):
        alt = image.get("alt") or ""
        marks = " ".join(filter(None, (image.get("class"), image.get("id"), image.get("src"))))
        parent = image.getparent()
        if parent is not None:
            marks += " " + " ".join(filter(None, (parent.get("class"), parent.get("id"), parent.get("href"))))
        if alt and ("logo" in marks.lower() or (parent is not None and parent.get("href") in ("/", "./"))):
            keys.add(paragraph_key(alt))
    for holder in copyright_holders(root):
        keys.add(paragraph_key(holder))
    host = urlsplit(url).hostname or ""
    parts = [part for part in host.split(".") if part not in ("www", "m", "amp")]
    if parts:
        keys.add(paragraph_key(max(parts[:-1] or parts, key=len)))
    return {key for key in keys if key}


def copyright_holders(root: lxml_html.HtmlElement) -> list[str]:
    """Who the page's copyright lines name, footer first."""
    lines = (" ".join(line.split()) for footer in (list(root.iter("footer")) or [root]) for line in footer.text_content().split("\n"))
    return [holder for holder in map(copyright_holder_in, lines) if holder]


def title_parts(title: str) -> list[str]:
    """"Headline | Site" -> ["Headline", "Site"]; a title without separators is one part."""
    return [part.strip() for part in patterns.TITLE_SEPARATOR.split(title) if part.strip()]


def _title_suffix_site_name(title: str, witnesses: set[str]) -> str:
    parts = title_parts(title)
    if len(parts) < 2:
        return ""
    for candidate in (parts[-1], parts[0]):
        if len(candidate.split()) <= MAX_SITE_NAME_WORDS and paragraph_key(candidate) in witnesses:
            return candidate
    return ""


def page_metadata(page: str, url: str = "") -> PageMetadata:
    """The site name, `<title>` text and section an HTML page declares."""
    root = _root(page)
    if root is None:
        return PageMetadata("", "", "")
    title_tag = " ".join((root.findtext(".//title") or "").split())
    values = _json_ld_values(root)
    site_name = _meta(root, _SITE_NAME_META) or _publisher_name(values)
    if not site_name:
        witnesses = _witnesses(root, url)
        site_name = _title_suffix_site_name(title_tag, witnesses) or next(iter(copyright_holders(root)), "")
    section = _meta(root, _SECTION_META) or _json_ld_section(values)
    return PageMetadata(site_name_cleaned(site_name), title_tag, section)


def site_name_cleaned(name: str) -> str:
    """A declared site name made usable: "Copyright 2014" is none, a URL becomes its host,
    "Site | slogan" or a menu of sections becomes its first part."""
    name = " ".join(name.split())
    if not name:
        return ""
    if "://" in name or name.startswith("www."):
        host = urlsplit(name if "://" in name else f"http://{name}").hostname or ""
        return host.removeprefix("www.")
    match = patterns.COPYRIGHT_LINE.match(name)
    if match:
        name = match.group("holder").strip(" ,.")
    name = patterns.LEADING_SEPARATORS.sub("", name)
    if not patterns.LETTER.search(name) or patterns.CALENDAR_WORD.fullmatch(name) or patterns.SITE_CREDIT.match(name):
        return ""
    return title_parts(name)[0] if title_parts(name) else ""


def is_host_name(name: str) -> bool:
    """"example.com", not "Example News"."""
    return " " not in name and "." in name.strip(".")


def title_without_site_name(title: str, site_names: tuple[str, ...]) -> str:
    """"Headline | Site" -> "Headline" (also "Site: Headline"); other prefixes such as
    "Opinion | " or "[Editorial]" stay."""
    for name in sorted((name for name in site_names if name), key=len, reverse=True):
        # A declared name that itself holds a separator ("Site | slogan") is cut whole.
        if len(title) > len(name) and title.startswith(name) and patterns.TITLE_SEPARATOR.match(title, len(name)):
            return title[len(name):].lstrip(_SEPARATOR_CHARACTERS)
        head = title[: -len(name)] if title.endswith(name) else ""
        if head.strip() and head.rstrip(_SEPARATOR_CHARACTERS) != head.rstrip():
            return head.rstrip(_SEPARATOR_CHARACTERS)
    keys = {paragraph_key(name) for name in site_names if name}
    parts = title_parts(title)
    if len(parts) < 2 or not keys:
        return title
    for index in (len(parts) - 1, 0):
        if paragraph_key(parts[index]) in keys:
            rest = parts[:index] + parts[index + 1 :]
            return _joined_title(title, rest)
    return title


def _joined_title(title: str, parts: list[str]) -> str:
    """The title from the parts left, cut out of the original so its separators stay."""
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if start >= 0 and end > start else " ".join(parts)


def better_title(extracted: str, title_tag: str, site_names: tuple[str, ...]) -> str:
    """The headline: the extractor's without the site's name, unless it is the site's
    name or shares no word with the page's `<title>` (a logo heading taken for the
    headline); then the `<title>` without its last part, the site's name."""
    parts = title_parts(title_tag)
    tag_title = _joined_title(title_tag, parts[:-1]) if len(parts) > 1 and len(parts[-1].split()) <= MAX_SITE_NAME_WORDS else title_tag
    if not extracted:
        return title_without_site_name(tag_title, site_names)
    shares_no_word = not set(patterns.WORD.findall(extracted.casefold())) & set(patterns.WORD.findall(title_tag.casefold()))
    is_site_name = paragraph_key(extracted) in {paragraph_key(name) for name in site_names if name}
    if tag_title and (shares_no_word or is_site_name):
        return title_without_site_name(tag_title, site_names)
    return title_without_site_name(extracted, site_names)
