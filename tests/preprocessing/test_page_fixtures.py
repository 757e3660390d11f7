"""Page dumps and HTML pages in the shapes real sites produce (written for the project, in
tests/data/pages/) come out with the right metadata and none of the page's chrome."""

import pytest

from dashboard.preprocessing.articles import clean_article_from_raw
from dashboard.preprocessing.records import HTML_PAGE, PLAIN_TEXT, RawArticle
from tests.conftest import TEST_DATA

PAGES = TEST_DATA / "pages"
CHROME = ("Share this", "Like this", "Loading", "Related Posts", "Leave a", "Comment", "Email", "email address", "Home |", "Home »",
          "All rights reserved", "©", "Facebook", "WhatsApp", "Privacy", "Related commentary", "Post comment", "4 min read", "Menu")


@pytest.mark.parametrize(
    ("name", "kind", "title", "published", "author", "outlet", "genre", "first_words"),
    [
        ("wordpress_dump.txt", PLAIN_TEXT, "Three allies seal a security framework in Tokyo", "2024-07-29", "Mina Okafor",
         "Asia Mirror News", "news", "TOKYO — Defence chiefs"),
        # The copyright line names an alias listed in data/sources.csv: the registry's name is used.
        ("wordpress_dump_registered.txt", PLAIN_TEXT, "Seoul asks what the new framework will cost", "2024-07-30", "admin",
         "Lowy Institute", "opinion/column", "Seoul's government has signed"),
        ("think_tank.html", HTML_PAGE, "Why the trilateral framework will outlast its signatories", "2024-08-02", "Daniel Reyes",
         "Pacific Policy Forum", "opinion/column", "When the defence ministers"),
    ],
)
def test_page_metadata_is_true_and_the_chrome_is_gone(reference, name, kind, title, published, author, outlet, genre, first_words):
    raw = RawArticle(name, (PAGES / name).read_text(encoding="utf-8"), kind)
    article = clean_article_from_raw(raw, reference.sources)
    assert (article.title, article.published, article.author, article.outlet, article.genre) == (title, published, author, outlet, genre)
    assert article.text.startswith(first_words)
    for chrome in CHROME:
        assert chrome not in article.text, chrome
    assert article.title not in article.text


@pytest.mark.parametrize(
    "head",
    [
        "<title>Allies sign a pact &lt;script&gt;alert(1)&lt;/script&gt;</title>",
        "<title>Allies sign a pact <script>alert(1)</script></title>",
    ],
)
def test_script_text_never_reaches_the_title_or_the_text(reference, head):
    body = "".join(f"<p>The ministers met in Tokyo on day {n} and agreed on drills and shared warning data.</p>" for n in range(6))
    page = f"<html><head>{head}</head><body><h1>Allies sign a pact<script>alert(2)</script></h1><article>{body}<script>alert(3)</script></article></body></html>"
    article = clean_article_from_raw(RawArticle("page.html", page, HTML_PAGE), reference.sources)
    assert "alert" not in article.title and "alert" not in article.text
    assert article.title.startswith("Allies sign a pact")
