import pytest

from dashboard.preprocessing import genre


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("[Editorial] A pact needs voters", genre.EDITORIAL),
        ("【社説】日米韓の枠組み", genre.EDITORIAL),
        ("[사설] 한미일 안보협력", genre.EDITORIAL),
        ("Opinion | The pact is a trap", genre.OPINION),
        ("Column: Why Seoul signed", genre.OPINION),
        ("[Reporter's notebook] Inside the summit", genre.OPINION),
        ("[칼럼] 동맹의 비용", genre.OPINION),
        ("Analysis: What the drills change", genre.ANALYSIS),
        ("[Interview] The ambassador on deterrence", genre.INTERVIEW),
        ("Joint Statement: Trilateral ministers meet", genre.STATEMENT),
        ("[Aug] Camp David summit, a year on", ""),
        ("Seoul: allies sign a framework", ""),
        ("Allies sign a framework", ""),
    ],
)
def test_genre_of_title(title, expected):
    assert genre.genre_of_title(title) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://paper.example/opinion/2024/07/29/pact", genre.OPINION),
        ("https://paper.example/2024/07/29/editorials/pact", genre.EDITORIAL),
        ("https://paper.example/op-ed/pact", genre.OPINION),
        ("https://ministry.example/press-releases/2024/statement-7", genre.STATEMENT),
        ("https://paper.example/news/world/pact.html", genre.NEWS),
        ("https://paper.example/news/opinion/pact.html", genre.OPINION),
        # The last part is the article's own name, not a folder.
        ("https://paper.example/2024/analysis", ""),
        # On a fact-check site /statements/ holds the claims it checks.
        ("https://factcheck.example/statements/2019/nov/18/claim/", ""),
        ("https://paper.example/a/b", ""),
        ("", ""),
    ],
)
def test_genre_of_url(url, expected):
    assert genre.genre_of_url(url) == expected


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        ({"title": "[Editorial] X", "url": "https://p.example/news/x"}, genre.EDITORIAL),
        ({"section": "Opinion"}, genre.OPINION),
        ({"section": "World"}, genre.NEWS),
        ({"author": "The Editorial Board"}, genre.EDITORIAL),
        ({"author": "Editorial", "section": "Opinion"}, genre.EDITORIAL),
        ({"author": "Analysis by Jon Park"}, genre.ANALYSIS),
        ({"outlet_kind": "government"}, genre.STATEMENT),
        ({"has_wire_dateline": True}, genre.NEWS),
        ({"section": "News", "url": "https://p.example/opinion/x"}, genre.OPINION),
        ({}, ""),
    ],
)
def test_article_genre_takes_the_strongest_evidence(evidence, expected):
    arguments = {"title": "", "section": "", "url": "", "author": "", "outlet_kind": "", "has_wire_dateline": False, **evidence}
    assert genre.article_genre(**arguments) == expected
