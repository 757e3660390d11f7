"""One raw article to one clean article: extraction, cleaning, metadata, sentences.

`clean_article_from_raw` is pure (no I/O): the first stage of the build's map.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from dashboard.preprocessing import clean, html_metadata, metadata, patterns
from dashboard.preprocessing.authors import author_names
from dashboard.preprocessing.extraction import main_text_from_html_page
from dashboard.preprocessing.genre import article_genre
from dashboard.preprocessing.records import HTML_FRAGMENT, HTML_PAGE, PLAIN_TEXT, RawArticle, Rejection
from dashboard.preprocessing.sentences import Sentence, sentences_from_paragraphs
from dashboard.preprocessing.sources import Outlet, SourceRegistry, domain_of_url
from dashboard.preprocessing.syndication import Fingerprint, fingerprint_of

# Fewer words than this after cleaning is a fragment, not an article.
MIN_ARTICLE_WORDS = 20
# "She told NK News" must name the same outlet at least this often to count.
MIN_SPOKE_TO_MENTIONS = 2
UNKNOWN_OUTLET = "unknown"


@dataclass(frozen=True)
class CleanArticle:
    """An article ready for the tables.

    `content_id` hashes its normalised words; `content_outlet_id` hashes them with the
    outlet, for the same text carried by a second outlet. Duplicates are found by these
    two even when an export's accession number becomes the id. Both are made here, in the
    worker, so the words need not travel back to the main process.
    """

    source_path: str
    outlet: str
    republisher: str
    outlet_country: str
    outlet_kind: str
    title: str
    published: str
    date_source: str
    url: str
    author: str
    genre: str
    word_count: int
    citations: str
    text: str
    sentences: tuple[Sentence, ...]
    content_id: str
    content_outlet_id: str
    fingerprint: Fingerprint
    # A research database's accession number: the article's id instead of `content_id`.
    accession: str = ""


def plain_text_article(raw: RawArticle) -> RawArticle | Rejection:
    """The raw article with a plain-text body: an HTML page's main content and metadata
    (`extraction`), an HTML fragment's text; plain text as it is."""
    if raw.body_kind == HTML_PAGE:
        content = main_text_from_html_page(raw.body)
        if content is None:
            return Rejection(raw.source_path, "HTML page without recognisable article text")
        page = html_metadata.page_metadata(raw.body, content.url)
        declared = html_metadata.site_name_cleaned(content.sitename)
        # trafilatura falls back to the domain when the page declares no name.
        site_name = page.site_name if page.site_name and (not declared or html_metadata.is_host_name(declared)) else declared
        return replace(
            raw,
            body=content.text,
            body_kind=PLAIN_TEXT,
            title=html_metadata.better_title(content.title, page.title_tag, (site_name, content.sitename)),
            published=content.published,
            date_source="html-meta" if content.published else "",
            url=content.url,
            author=content.author,
            outlet=site_name,
            section=page.section,
        )
    if raw.body_kind == HTML_FRAGMENT:
        return replace(raw, body=clean.text_from_html_fragment(raw.body), body_kind=PLAIN_TEXT)
    return raw


def _spoken_to_outlet(text: str, registry: SourceRegistry) -> Outlet | None:
    outlets = registry.outlets_spoken_to(text)
    if len(outlets) >= MIN_SPOKE_TO_MENTIONS and len(set(outlets)) == 1:
        return outlets[0]
    return None


@dataclass(frozen=True)
class OutletFields:
    outlet: str
    republisher: str
    country: str
    kind: str


def outlet_fields(
    registry: SourceRegistry,
    *,
    stated: str | None,
    stated_republisher: str | None,
    agency: str | None,
    named: str,
    url: str,
    text: str,
) -> OutletFields:
    """Who published the article, and who reposted it.

    The original publisher is the one the text states ("JapanTimes || Shining BD",
    "Published by ...") or the dateline's agency; the site carrying it (a named source field,
    the URL's outlet) is then the republisher. Without those: the named or URL outlet, the
    outlet that people in the text speak to, the URL's domain, else "unknown".
    """

    def canonical(name: str) -> str:
        outlet = registry.outlet_named(name)
        return outlet.name if outlet else name

    carrier_outlet = registry.outlet_named(named) if named else None
    carrier = carrier_outlet.name if carrier_outlet else (named or "")
    if not carrier and url:
        url_outlet = registry.outlet_for_url(url)
        carrier = url_outlet.name if url_outlet else ""
    original = stated or agency
    if original:
        outlet = canonical(original)
        republisher = canonical(stated_republisher) if stated_republisher else (carrier if carrier and carrier != outlet else "")
    elif carrier:
        outlet, republisher = carrier, ""
    else:
        spoken_to = _spoken_to_outlet(text, registry)
        domain = domain_of_url(url)
        if spoken_to:
            outlet, republisher = spoken_to.name, domain
        else:
            outlet, republisher = domain or UNKNOWN_OUTLET, ""
    known = registry.outlet_named(outlet)
    return OutletFields(outlet, republisher, known.country if known else "", known.kind if known else "")


def folded_words(text: str) -> list[str]:
    """The words of a text, case-folded: what ids and syndication fingerprints are made of."""
    return patterns.WORD.findall(text.casefold())


def content_hash(*parts: str) -> str:
    """A 16-hex-digit id from the given strings (stable across runs and machines)."""
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _registry_names(paragraphs: list[str], registry: SourceRegistry) -> list[str]:
    """Header lines that are a registered outlet's name: the site's name, not a headline."""
    return [paragraph for paragraph in paragraphs[: metadata.HEADER_FOOTER_PARAGRAPHS] if registry.outlet_named(paragraph)]


def clean_article_from_raw(raw: RawArticle, registry: SourceRegistry) -> CleanArticle | Rejection:
    """Extract, clean, describe and split one article; a rejection says why it cannot be used."""
    extracted = plain_text_article(raw)
    if isinstance(extracted, Rejection):
        return extracted
    text = clean.normalized_text(extracted.body)
    citations = clean.citation_tags(text)
    text = clean.text_without_citation_tags(text)
    all_paragraphs = clean.paragraphs_from_text(text)
    copyright_holder = metadata.copyright_holder_of(all_paragraphs)
    paragraphs = clean.paragraphs_without_navigation(
        clean.paragraphs_before_related_links(clean.paragraphs_without_boilerplate(all_paragraphs))
    )
    if paragraphs:
        paragraphs[-1] = clean.text_without_trailing_copyright(paragraphs[-1])
    boxed = metadata.author_box_from_paragraphs([paragraph for paragraph in paragraphs if paragraph])
    statement = metadata.outlet_statement_from_paragraphs(boxed.paragraphs)
    dated = metadata.published_from_date_paragraphs(statement.paragraphs)
    bylined = metadata.byline_from_paragraphs(dated.paragraphs)
    named_outlet = clean.normalized_text(extracted.outlet) or copyright_holder or ""
    site_names = tuple(
        name for name in (named_outlet, copyright_holder, statement.outlet, statement.republisher, *_registry_names(bylined.paragraphs, registry))
        if name
    )
    titled = metadata.title_from_paragraphs(bylined.paragraphs, clean.normalized_text(extracted.title), bylined.position, site_names)
    paragraphs = clean.paragraphs_without_repeats(titled.paragraphs)
    body = "\n\n".join(paragraphs)
    words = folded_words(body)
    word_count = len(words)
    if word_count < MIN_ARTICLE_WORDS:
        return Rejection(
            raw.source_path,
            f"too little text after cleaning: {word_count} words (an article needs at least {MIN_ARTICLE_WORDS})",
        )
    not_prose = clean.reason_text_is_not_prose(words)
    if not_prose:
        return Rejection(raw.source_path, not_prose)

    dateline = metadata.dateline_of(paragraphs[0])
    field_date = metadata.date_from_string(extracted.published) if extracted.published else None
    url_date = metadata.date_from_url(extracted.url)
    if url_date and (extracted.date_source == "html-meta" or not field_date):
        # A page's markup may carry another date (the claim a fact check examines); the
        # path its site filed it under is the publication date.
        published, date_source = url_date, "url"
    elif field_date:
        published, date_source = field_date, extracted.date_source
    elif dateline and dateline.published:
        published, date_source = dateline.published, "dateline"
    elif bylined.published:
        published, date_source = bylined.published, "byline"
    elif dated.published:
        published, date_source = dated.published, "text"
    else:
        published, date_source = None, "none"

    sentences = tuple(sentences_from_paragraphs(paragraphs))
    content_key = " ".join(words)
    outlet = outlet_fields(
        registry,
        stated=statement.outlet,
        stated_republisher=statement.republisher,
        agency=dateline.agency if dateline else None,
        named=named_outlet,
        url=extracted.url.strip(),
        text=body,
    )
    raw_author = clean.normalized_text(extracted.author) or bylined.author or boxed.author
    genre = article_genre(
        title=titled.title, section=extracted.section or bylined.section, url=extracted.url, author=raw_author,
        outlet_kind=outlet.kind, has_wire_dateline=bool(dateline and dateline.agency),
    )
    return CleanArticle(
        source_path=raw.source_path,
        outlet=outlet.outlet,
        republisher=outlet.republisher,
        outlet_country=outlet.country,
        outlet_kind=outlet.kind,
        title=titled.title,
        published=published.isoformat() if published else "",
        date_source=date_source,
        url=extracted.url.strip(),
        author=author_names(raw_author, (*site_names, outlet.outlet)),
        genre=genre,
        word_count=word_count,
        citations="|".join(citations),
        text=body,
        sentences=sentences,
        content_id=content_hash(content_key),
        content_outlet_id=content_hash(content_key, outlet.outlet),
        fingerprint=fingerprint_of(words),
        accession=raw.accession,
    )
