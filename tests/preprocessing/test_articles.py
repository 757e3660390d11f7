import pytest

from dashboard.preprocessing.articles import clean_article_from_raw, outlet_fields
from dashboard.preprocessing.records import HTML_PAGE, RawArticle, Rejection

BODY = "Officials said the agreement would be reviewed every year by the three ministers, who will meet again in Seoul next summer to assess progress. " * 2


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"stated": "JapanTimes", "stated_republisher": "Shining BD", "agency": None, "named": "", "url": ""},
         ("The Japan Times", "Shining BD", "Japan", "news")),
        ({"stated": None, "stated_republisher": None, "agency": "Reuters", "named": "Yahoo", "url": "https://news.yahoo.com/x"},
         ("Reuters", "Yahoo News", "United Kingdom", "wire")),
        ({"stated": None, "stated_republisher": None, "agency": "Yonhap", "named": "Yonhap", "url": ""},
         ("Yonhap News Agency", "", "South Korea", "wire")),
        ({"stated": None, "stated_republisher": None, "agency": None, "named": "", "url": "https://www.koreapro.org/a"},
         ("Korea Pro", "", "South Korea", "news")),
        ({"stated": None, "stated_republisher": None, "agency": None, "named": "Daily Nowhere", "url": ""},
         ("Daily Nowhere", "", "", "")),
        ({"stated": None, "stated_republisher": None, "agency": None, "named": "", "url": "https://blog.example.net/post"},
         ("blog.example.net", "", "", "")),
        ({"stated": None, "stated_republisher": None, "agency": None, "named": "", "url": ""},
         ("unknown", "", "", "")),
    ],
)
def test_outlet_fields(registry, kwargs, expected):
    result = outlet_fields(registry, text=BODY, **kwargs)
    assert (result.outlet, result.republisher, result.country, result.kind) == expected


def test_outlet_spoken_to_needs_two_mentions_of_one_outlet(registry):
    none = {"stated": None, "stated_republisher": None, "agency": None, "named": ""}
    twice = "She told NK News the plan is new. He emphasized to NK News that it matters."
    assert outlet_fields(registry, text=twice, url="", **none).outlet == "NK News"
    assert outlet_fields(registry, text=twice, url="https://repost.example/a", **none).republisher == "repost.example"
    assert outlet_fields(registry, text="She told NK News the plan is new.", url="", **none).outlet == "unknown"
    mixed = "She told NK News the plan is new. He told Reuters it matters. She told NK News again."
    assert outlet_fields(registry, text=mixed, url="", **none).outlet == "unknown"


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        ("<html><body></body></html>", "HTML page without recognisable article text"),
        ("<html><body><nav><a href='/'>Home</a></nav></body></html>", "too little text after cleaning"),
    ],
)
def test_html_page_without_article_text_is_rejected(registry, page, reason):
    result = clean_article_from_raw(RawArticle("x.html", page, HTML_PAGE), registry)
    assert isinstance(result, Rejection) and reason in result.reason


def test_field_date_wins_over_text_date(registry):
    raw = RawArticle("x.json", "Body line one.\n\nJuly 1, 2024\n\n" + BODY, title="T", published="2024-07-29", date_source="json")
    article = clean_article_from_raw(raw, registry)
    assert (article.published, article.date_source) == ("2024-07-29", "json")


def test_undated_article_says_none(registry):
    article = clean_article_from_raw(RawArticle("x.txt", "A headline here\n" + BODY), registry)
    assert (article.published, article.date_source, article.title) == ("", "none", "A headline here")
