import datetime as dt

import pytest

from dashboard.preprocessing import metadata


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-07-29T08:00:32", dt.date(2024, 7, 29)),
        ("2024-08-18 02:09:53.946000", dt.date(2024, 8, 18)),
        ("July 29, 2024", dt.date(2024, 7, 29)),
        ("29 July 2024", dt.date(2024, 7, 29)),
        ("Jul. 29, 2024", dt.date(2024, 7, 29)),
        ("Mon, 29 Jul 2024 08:00:00 GMT", dt.date(2024, 7, 29)),
        ("07/08/2024", dt.date(2024, 7, 8)),
        ("July 29", None),
        ("2024", None),
        ("Monday", None),
        ("yesterday", None),
        ("", None),
        ("1066-10-14", None),
        ("2024-02-30", None),
    ],
)
def test_date_from_string(value, expected):
    assert metadata.date_from_string(value) == expected


@pytest.mark.parametrize(
    ("paragraphs", "published", "kept"),
    [
        (["Body text.", "July 29, 2024"], dt.date(2024, 7, 29), ["Body text."]),
        (["2024-08-18 02:09:53.946000", "Body."], dt.date(2024, 8, 18), ["Body."]),
        (["Published: 28 July 2024", "Body."], dt.date(2024, 7, 28), ["Body."]),
        (["Updated on Jul 30, 2024 10:30 KST", "Posted on July 29, 2024", "Body."], dt.date(2024, 7, 29), ["Body."]),
        (["Updated: July 30, 2024", "Body."], dt.date(2024, 7, 30), ["Body."]),
        (["The pact was signed on July 28, 2024 in Tokyo."], None, ["The pact was signed on July 28, 2024 in Tokyo."]),
        (["In November", "Body."], None, ["In November", "Body."]),
    ],
)
def test_published_from_date_paragraphs(paragraphs, published, kept):
    result = metadata.published_from_date_paragraphs(paragraphs)
    assert (result.published, result.paragraphs) == (published, kept)


@pytest.mark.parametrize(
    ("paragraph", "published", "agency"),
    [
        ("SEOUL, July 30, 2024 (Yonhap) -- South Korea's minister said", dt.date(2024, 7, 30), "Yonhap"),
        ("TOKYO (Reuters) - Japan said", None, "Reuters"),
        ("WASHINGTON, July 29 (AP) — The Pentagon said", None, "AP"),
        ("CAMP DAVID, Md., Aug. 18, 2023 — The leaders met", dt.date(2023, 8, 18), None),
        ("Pyongyang, July 30 (KCNA) -- The spokesman said", None, "KCNA"),
    ],
)
def test_dateline_of(paragraph, published, agency):
    dateline = metadata.dateline_of(paragraph)
    assert dateline is not None
    assert (dateline.published, dateline.agency) == (published, agency)


@pytest.mark.parametrize(
    "paragraph",
    ["NATO - the alliance grew.", "South Korea, Japan and the U.S. signed an agreement.", "TSCF — a framework"],
)
def test_no_dateline(paragraph):
    assert metadata.dateline_of(paragraph) is None


@pytest.mark.parametrize(
    ("paragraphs", "known", "title", "rest"),
    [
        (["Allies sign pact", "Body text here."], "", "Allies sign pact", ["Body text here."]),
        (["Japan, South Korea and United States: Let’s hope for a robust, lasting pact", "Body."], "",
         "Japan, South Korea and United States: Let’s hope for a robust, lasting pact", ["Body."]),
        (["The ministers met on Sunday.", "More."], "", "", ["The ministers met on Sunday.", "More."]),
        (["Only a headline"], "", "", ["Only a headline"]),
        (["Allies sign pact", "Body."], "Allies Sign Pact", "Allies Sign Pact", ["Body."]),
        (["Body first.", "More."], "Known title", "Known title", ["Body first.", "More."]),
    ],
)
def test_title_from_paragraphs(paragraphs, known, title, rest):
    result = metadata.title_from_paragraphs(paragraphs, known)
    assert (result.title, result.paragraphs) == (title, rest)


@pytest.mark.parametrize(
    ("paragraphs", "outlet", "republisher", "kept"),
    [
        (["Title", "JapanTimes || Shining BD", "Body.", "Shining BD"], "JapanTimes", "Shining BD", ["Title", "Body."]),
        (["Published daily by the Lowy Institute", "Title", "Body."], "Lowy Institute", None, ["Title", "Body."]),
        (["Title", "Body.", "This article first appeared on Nikkei Asia."], "Nikkei Asia", None, ["Title", "Body."]),
        (["Title", "Source: Yonhap", "Body."], "Yonhap", None, ["Title", "Body."]),
        (["Title", "Body mentions Shining BD."], None, None, ["Title", "Body mentions Shining BD."]),
    ],
)
def test_outlet_statement_from_paragraphs(paragraphs, outlet, republisher, kept):
    result = metadata.outlet_statement_from_paragraphs(paragraphs)
    assert (result.outlet, result.republisher, result.paragraphs) == (outlet, republisher, kept)


@pytest.mark.parametrize(
    ("line", "author", "published", "section"),
    [
        ("By Mina Okafor", "Mina Okafor", None, ""),
        ("Posted by newsdesk | July 29, 2024 | World", "newsdesk", "2024-07-29", "World"),
        ("By Mina Okafor, July 29, 2024", "Mina Okafor", "2024-07-29", ""),
        ("World | July 29, 2024 | 3 min read", "", "2024-07-29", "World"),
        ("Posted by admin · 30 July 2024 · Opinion · 12 Comments", "admin", "2024-07-30", "Opinion"),
        ("Author: Jon Park", "Jon Park", None, ""),
        ("김민수 기자", "김민수", None, ""),
    ],
)
def test_byline_of(line, author, published, section):
    byline = metadata.byline_of(line)
    assert byline is not None
    assert (byline.author, str(byline.published) if byline.published else None, byline.section) == (author, published, section)


@pytest.mark.parametrize(
    "line",
    [
        "By Sunday, the three governments had agreed on a schedule.",
        "By contrast, the allies kept quiet",
        "By 2030 the drills will be yearly",
        "July 29, 2024",
        "World | Asia",
        "Three allies seal a security framework in Tokyo",
    ],
)
def test_lines_that_are_not_bylines(line):
    assert metadata.byline_of(line) is None


def test_byline_gives_the_title_above_it_and_the_chrome_above_that_goes():
    paragraphs = ["Asia Mirror News", "Three allies seal a framework", "Posted by newsdesk | July 29, 2024 | World", "Body text here."]
    bylined = metadata.byline_from_paragraphs(paragraphs)
    assert (bylined.author, str(bylined.published), bylined.position) == ("newsdesk", "2024-07-29", 2)
    titled = metadata.title_from_paragraphs(bylined.paragraphs, "", bylined.position, ())
    assert titled == metadata.TitledParagraphs("Three allies seal a framework", ["Body text here."])


@pytest.mark.parametrize(
    ("paragraphs", "site_names", "title"),
    [
        (["Home | World | Asia | Sports", "Allies sign a pact", "Body."], (), "Allies sign a pact"),
        (["Asia Mirror News", "Allies sign a pact", "Body."], ("Asia Mirror News",), "Allies sign a pact"),
        (["World", "Allies sign a pact", "Body."], (), "Allies sign a pact"),
        (["[Editorial] Allies sign a pact", "Body."], (), "[Editorial] Allies sign a pact"),
        (["Home | World | Asia | Sports", "Body sentence that ends with a stop."], (), ""),
    ],
)
def test_a_menu_line_or_the_site_name_is_never_the_title(paragraphs, site_names, title):
    assert metadata.title_from_paragraphs(paragraphs, "", None, site_names).title == title


@pytest.mark.parametrize(
    ("paragraphs", "holder"),
    [
        (["Body.", "© 2024 Asia Mirror News. All rights reserved."], "Asia Mirror News"),
        (["Body.", "Copyright © 2019-2024 The Policy Review"], "The Policy Review"),
        (["Body.", "Copyright (c) Harbour Daily Inc. All Rights Reserved"], "Harbour Daily"),
        (["Body.", "© 2024. All rights reserved."], None),
        (["Body.", "Copyright 2014"], None),
        (["Body without a footer."], None),
    ],
)
def test_copyright_holder_of(paragraphs, holder):
    assert metadata.copyright_holder_of(paragraphs) == holder


@pytest.mark.parametrize(
    ("url", "date"),
    [
        ("https://factcheck.example/statements/2019/nov/18/claim/", "2019-11-18"),
        ("https://paper.example/2024/07/29/allies-sign/", "2024-07-29"),
        ("https://paper.example/news/2024-07-29-allies", "2024-07-29"),
        ("https://paper.example/2024/13/40/x", None),
        ("https://paper.example/article/20240729", None),
        ("", None),
    ],
)
def test_date_from_url(url, date):
    found = metadata.date_from_url(url)
    assert (str(found) if found else None) == date


@pytest.mark.parametrize(
    ("paragraphs", "title", "expected"),
    [
        # The on-page headline one word off the page title goes.
        (["Harbour plan wins council vote", "The council voted on Monday.", "Work starts soon."],
         "Harbour plan wins the council vote", ["The council voted on Monday.", "Work starts soon."]),
        (["Harbour plan wins council vote | Example Times", "The council voted on Monday."],
         "Harbour plan wins council vote", ["The council voted on Monday."]),
        # A first paragraph that only shares a few words with the title stays.
        (["The harbour plan was voted on Monday by the council.", "Work starts soon."],
         "Harbour plan wins council vote", ["The harbour plan was voted on Monday by the council.", "Work starts soon."]),
    ],
)
def test_a_leading_paragraph_near_the_title_goes(paragraphs, title, expected):
    assert metadata.title_from_paragraphs(paragraphs, title).paragraphs == expected


@pytest.mark.parametrize(
    ("line", "date"),
    [("13:48 JST, July 29, 2024", "2024-07-29"), ("9:05 a.m. KST, 29 July 2024", "2024-07-29"), ("July 29, 2024, 10:30 KST", "2024-07-29")],
)
def test_a_date_line_may_open_with_the_time(line, date):
    assert str(metadata.published_from_date_paragraphs([line, "Body."]).published) == date


def test_an_about_the_author_box_gives_the_author_and_goes():
    paragraphs = ["About the Author", "Jane Roe", "Jane Roe covers defence in Northeast Asia.", "The ministers met.", "They agreed."]
    box = metadata.author_box_from_paragraphs(paragraphs)
    assert (box.author, box.paragraphs) == ("Jane Roe", ["The ministers met.", "They agreed."])


def test_an_author_heading_without_a_name_after_it_is_left():
    paragraphs = ["The ministers met.", "Author", "The sentence after it is not a name at all."]
    assert metadata.author_box_from_paragraphs(paragraphs) == metadata.AuthorBox("", paragraphs)


def test_a_copyright_notice_at_the_end_of_the_last_paragraph_names_the_holder():
    assert metadata.copyright_holder_of(["Body.", "The ministry said. © Example Risk Group. All rights reserved. |"]) == "Example Risk Group"
