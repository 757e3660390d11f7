import pytest

from dashboard.preprocessing import html_metadata

HEAD = "<html><head><title>{title}</title>{meta}</head><body>{body}</body></html>"


def page(title="", meta="", body="<p>Text.</p>"):
    return HEAD.format(title=title, meta=meta, body=body)


@pytest.mark.parametrize(
    ("html", "site_name"),
    [
        (page("A headline | Harbour Daily", '<meta property="og:site_name" content="Harbour Daily">'), "Harbour Daily"),
        (page("A headline", '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "publisher": {"name": "Harbour Daily"}}]}</script>'), "Harbour Daily"),
        # The title suffix counts when the page shows the name again: logo, copyright line or domain.
        (page("A headline | Harbour Daily", body='<a class="logo" href="/"><img alt="Harbour Daily" src="/l.png"></a><p>x</p>'), "Harbour Daily"),
        (page("A headline - Harbour Daily", body="<p>x</p><footer><p>© 2024 Harbour Daily. All rights reserved.</p></footer>"), "Harbour Daily"),
        (page("A headline | Harbour Daily"), ""),
        (page("A headline", body="<footer>Copyright 2019-2024 Harbour Daily</footer>"), "Harbour Daily"),
        ("not html at all", ""),
    ],
)
def test_site_name_of_a_page(html, site_name):
    assert html_metadata.page_metadata(html).site_name == site_name


def test_the_domain_witnesses_a_title_suffix():
    assert html_metadata.page_metadata(page("A headline | Harbour Daily"), "https://www.harbourdaily.example/x").site_name == "Harbour Daily"


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [("Copyright 2014", ""), ("- Designed by Example Digital", ""), ("9To5Harbour", "9To5Harbour"), ("https://www.harbour.example", "harbour.example"),
     ("Harbour Daily | the paper of the coast", "Harbour Daily"), ("  Harbour   Daily ", "Harbour Daily"), ("", "")],
)
def test_site_name_cleaned(name, cleaned):
    assert html_metadata.site_name_cleaned(name) == cleaned


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Allies sign a pact | Harbour Daily", "Allies sign a pact"),
        ("Harbour Daily: Allies sign a pact", "Allies sign a pact"),
        ("Opinion | Allies sign a pact", "Opinion | Allies sign a pact"),
        ("[Editorial] Allies sign a pact - Harbour Daily", "[Editorial] Allies sign a pact"),
        ("Allies sign a pact", "Allies sign a pact"),
        ("Harbour Daily | the coast's paper: Allies sign a pact", "Allies sign a pact"),
    ],
)
def test_title_without_site_name(title, expected):
    assert html_metadata.title_without_site_name(title, ("Harbour Daily", "Harbour Daily | the coast's paper")) == expected


def test_a_logo_heading_taken_for_the_headline_gives_way_to_the_title_tag():
    assert html_metadata.better_title("하버 데일리", "동맹이 협정에 서명 - Harbour Daily", ()) == "동맹이 협정에 서명"
    assert html_metadata.better_title("Allies sign", "Allies sign a pact | Harbour Daily", ("Harbour Daily",)) == "Allies sign"
    # The site's name taken for the headline.
    assert html_metadata.better_title("Harbour Daily", "Allies sign a pact | Harbour Daily", ("Harbour Daily",)) == "Allies sign a pact"


def test_section_from_meta_or_json_ld():
    assert html_metadata.page_metadata(page("T", '<meta property="article:section" content="Opinion">')).section == "Opinion"
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "articleSection": ["Editorials", "Asia"]}</script>'
    assert html_metadata.page_metadata(page("T", ld)).section == "Editorials"
