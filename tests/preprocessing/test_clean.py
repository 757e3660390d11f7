import pytest

from dashboard.preprocessing import clean, patterns


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("Kim &amp; Austin &#8217;s", "Kim & Austin ’s"),
        ("double &amp;amp; escaped", "double & escaped"),
        ("signed a </span>Memorandum<\\/span> of</a> Cooperation", "signed a Memorandum<\\/span> of Cooperation"),
        ("one</p>two", "one\n\ntwo"),
        ("a <a href=\"/next\" class='x'>linked</a> word", "a linked word"),
        ("old <FONT FACE=serif>capitals</FONT>", "old capitals"),
        # a title in angle brackets, as Korean and Chinese texts write them, is not a tag
        ("the troupe staged <The Harbour Ghost> again", "the troupe staged <The Harbour Ghost> again"),
        ("tickets for <Winter Song: A Musical> sold out", "tickets for <Winter Song: A Musical> sold out"),
        ("if a < b and c > d", "if a < b and c > d"),
        ("cafe\u0301", "café"),
        ("no\u00a0break\u200bspace", "no breakspace"),
        ("  lots   of \t spaces  \n  here ", "lots of spaces\nhere"),
        ("bell\x07 char", "bell char"),
    ],
)
def test_normalized_text(raw, expected):
    assert clean.normalized_text(raw) == expected


@pytest.mark.parametrize(
    ("fragment", "expected_paragraphs"),
    [
        ("<p>One.</p><p>Two.</p>", ["One.", "Two."]),
        ("Defense </span>ministers</span></a> met.</span></p>\n Leaders spoke.</p>", ["Defense ministers met.", "Leaders spoke."]),
        ("<div>A<br>B</div><script>alert(1)</script>", ["A", "B"]),
        ("plain text, no tags", ["plain text, no tags"]),
    ],
)
def test_text_from_html_fragment(fragment, expected_paragraphs):
    assert clean.paragraphs_from_text(clean.normalized_text(clean.text_from_html_fragment(fragment))) == expected_paragraphs


@pytest.mark.parametrize(
    ("text", "tags", "cleaned"),
    [
        ("and beyond [a3a17192].", ["a3a17192"], "and beyond."),
        ("clear [e6cda50b]. Again [a3a17192]. Once more [e6cda50b].", ["e6cda50b", "a3a17192"], "clear. Again. Once more."),
        ("two at once [a3a17192, e6cda50b].", ["a3a17192", "e6cda50b"], "two at once."),
        ("a footnote [1] and [added] stay", [], "a footnote [1] and [added] stay"),
        ("no digits [abcdef] stays", [], "no digits [abcdef] stays"),
    ],
)
def test_citation_tags(text, tags, cleaned):
    assert clean.citation_tags(text) == tags
    assert clean.text_without_citation_tags(text) == cleaned


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("▼ ROK, Japan, US Sign Deal", "ROK, Japan, US Sign Deal"),
        ("- July 29, 2024", "July 29, 2024"),
        ("• bullet", "bullet"),
        ("-5 degrees is cold", "-5 degrees is cold"),
        ("> quoted reply", "quoted reply"),
    ],
)
def test_text_without_leading_marker(line, expected):
    assert clean.text_without_leading_marker(line) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "Loading", "Search", "Comment (0)", "Trackback(0)", "Category:Other", "Tags: Japan, Korea",
        "Share", "Share on Facebook", "Facebook | Twitter | Email", "Advertisement", "Read more",
        "© 2024 The Korea Herald. All rights reserved.", "Copyright 2024 Example Media",
        "Sign up for our daily newsletter", "v0.24 🌳",
        "Disclaimer: The story curated or synthesized by the AI agents may not always be accurate or complete.",
        "This article was generated with the help of AI and reviewed by an editor.",
        "Leave a reply", "3 comments",
    ],
)
def test_boilerplate_paragraphs_are_recognised(paragraph):
    assert clean.is_boilerplate(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Search and rescue exercises (SAREX) will resume.",
        "Share prices rose in Seoul after the announcement.",
        "The agreement reflects efforts to form a coalition.",
        "Disclaimer: the views expressed are the author's own.",
        "Copyright law was not discussed at the summit, officials said, though trade was.",
        "Loading of the missiles took several hours, the ministry said.",
    ],
)
def test_article_paragraphs_are_not_boilerplate(paragraph):
    assert not clean.is_boilerplate(paragraph)


def test_related_links_heading_cuts_the_tail():
    paragraphs = ["First.", "Second.", "Third.", "You may also be interested in", "Other story", "Another story"]
    assert clean.paragraphs_before_related_links(paragraphs) == ["First.", "Second.", "Third."]


def test_related_heading_early_in_the_text_drops_only_itself():
    paragraphs = ["First.", "Related:", "Second.", "Third.", "Fourth.", "Fifth."]
    assert clean.paragraphs_before_related_links(paragraphs) == ["First.", "Second.", "Third.", "Fourth.", "Fifth."]


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (["A b.", "C d.", "A b.", "C d."], ["A b.", "C d."]),
        (["Caption (Getty)", "Caption (Getty)", "Text."], ["Caption (Getty)", "Text."]),
        (["Same words", "same  WORDS!"], ["Same words"]),
        (["***", "—", "Text."], ["Text."]),
        (["국방부 발표.", "국방부 발표.", "다른 문단."], ["국방부 발표.", "다른 문단."]),
        # The body twice after some chrome, with ornaments between its paragraphs.
        (["Headline", "One.", "•", "Two.", "Three.", "Share", "One.", "Two.", "•", "Three."], ["Headline", "One.", "Two.", "Three.", "Share"]),
        # Recipe steps and list items recurring in the body stay, even a short run of them.
        (
            ["Breakfast", "Eat within an hour of waking", "Oats", "Lunch", "Eat every three hours", "Salad", "Dinner",
             "Eat every three hours", "Soup", "Day two", "Breakfast", "Eat within an hour of waking", "Eggs"],
            ["Breakfast", "Eat within an hour of waking", "Oats", "Lunch", "Eat every three hours", "Salad", "Dinner",
             "Eat every three hours", "Soup", "Day two", "Breakfast", "Eat within an hour of waking", "Eggs"],
        ),
        (["Q: What do you cook?", "Soup.", "Q: What do you cook?", "Stew.", "Q: What do you cook?", "Rice."],
         ["Q: What do you cook?", "Soup.", "Q: What do you cook?", "Stew.", "Q: What do you cook?", "Rice."]),
        # A pull quote: a long sentence of the body printed a second time.
        (
            ["Intro.", "The ministers agreed that the three navies would train together every year from now on, officials said.",
             "Middle.", "The ministers agreed that the three navies would train together every year from now on, officials said.",
             "End."],
            ["Intro.", "The ministers agreed that the three navies would train together every year from now on, officials said.",
             "Middle.", "End."],
        ),
        # A photo caption repeated further down.
        (["Leaders at the port (Jane Roe/Example Wire)", "Text.", "More.", "Leaders at the port (Jane Roe/Example Wire)"],
         ["Leaders at the port (Jane Roe/Example Wire)", "Text.", "More."]),
    ],
)
def test_paragraphs_without_repeats(paragraphs, expected):
    assert clean.paragraphs_without_repeats(paragraphs) == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Home | World | Asia | Business | Sports", True),
        ("Home > News > Asia", True),
        ("Home » Politics » Defence", True),
        ("News · Opinion · Video · Podcasts", True),
        ("Posted by newsdesk | July 29, 2024 | World", False),
        ("Opinion | The pact is a trap", False),
        ("Seoul, Tokyo and Washington signed it.", False),
        ("The allies | a long and winding road to a framework | signed", False),
    ],
)
def test_is_navigation(paragraph, expected):
    assert clean.is_navigation(paragraph) is expected


@pytest.mark.parametrize(
    "paragraph",
    ["Share this:", "Like this:", "Like Loading...", "Your email address will not be published. Required fields are marked *",
     "Comment *", "Name *", "Website", "Save my name, email, and website in this browser for the next time I comment.", "Post Comment"],
)
def test_share_and_comment_widgets_are_boilerplate(paragraph):
    assert clean.is_boilerplate(paragraph)


@pytest.mark.parametrize("heading", ["Leave a Reply", "Leave a comment", "12 Comments", "Comments (3)", "Join the conversation"])
def test_a_comment_section_heading_cuts_the_tail(heading):
    paragraphs = ["One.", "Two.", "Three.", heading, "Reader: I disagree.", "Another reader: me too."]
    assert clean.paragraphs_before_related_links(paragraphs) == ["One.", "Two.", "Three."]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Read more: Harbour plan wins the council vote",
        "Related: Ten ferries that changed the coast",
        "Also on example.net Mayor opens the new quay",
        "Lesen Sie auch: Der Hafen wird größer",
        "Leia também: Prefeitura anuncia obras no porto",
        "Lee también: El puerto crece",
        "Lire aussi : Le port s'agrandit",
        "Читайте также: Порт расширяется",
        "관련기사: 항구 확장 계획 발표",
        "関連記事：港の拡張計画",
        "相关阅读：港口扩建计划",
        "Photo: Jane Roe/Example Wire",
        "(Jane Roe/Example Wire)",
        "Foto: Example Agência",
        "사진=예시통신",
        "Get the latest updates right in your inbox. Sign up for our newsletters.",
        "Got a tip? Write to the desk at desk@example.org.",
        "Follow the Example Desk on Instagram, Facebook and YouTube.",
        "Like this story? Share it with a friend!",
        "Abonnez-vous à notre lettre d'information",
        "Síguenos en Twitter y Facebook",
        "18 de novembro de 2019",
        "Publicado em 18 de novembro de 2019 às 10h30",
        "18 ноября 2019, 10:30",
        "2019年11月18日 10:30",
        "2019년 11월 18일",
    ],
)
def test_boilerplate_in_other_forms_and_languages_is_recognised(paragraph):
    assert clean.is_boilerplate(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Read the full report before the vote, the mayor urged.",
        "Follow the money, the investigators said.",
        "Photographs of the quay were shown to the council on Monday.",
        "The ferries run between Busan and Fukuoka and/or Shimonoseki.",
        "El 18 de noviembre de 2019 el puerto abrió un nuevo muelle.",
        "Related talks will continue next week in Seoul.",
    ],
)
def test_article_sentences_are_not_taken_for_other_boilerplate(paragraph):
    assert not clean.is_boilerplate(paragraph)


@pytest.mark.parametrize("heading", ["Comments", "Kommentare", "Notícias relacionadas", "Читайте также", "관련기사", "相关新闻"])
def test_teaser_and_comment_headings_cut_the_tail(heading):
    paragraphs = ["First.", "Second.", "Third.", heading, "Other story", "Another story"]
    assert clean.paragraphs_before_related_links(paragraphs) == ["First.", "Second.", "Third."]


@pytest.mark.parametrize("heading", ['"POLITICS" POPULAR ARTICLE', "Access ranking", "Most read", "Top stories", "Editor's picks", "Trending now"])
def test_a_link_list_heading_followed_only_by_teasers_cuts_even_early(heading):
    paragraphs = ["The ministers met on Sunday.", "They agreed on drills.", heading, "Typhoon nears the coast", "Budget adds funds", "Rain in the north"]
    assert clean.paragraphs_before_related_links(paragraphs) == ["The ministers met on Sunday.", "They agreed on drills."]


def test_an_early_heading_followed_by_sentences_drops_only_itself():
    paragraphs = ["One.", "Most read", "The ministers met on Sunday.", "They agreed on drills.", "More text follows here.", "And more."]
    assert clean.paragraphs_before_related_links(paragraphs) == ["One.", "The ministers met on Sunday.", "They agreed on drills.", "More text follows here.", "And more."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the ministry said. © Example Risk Group. All rights reserved. |", "the ministry said."),
        ("the ministry said. Copyright 2024 Harbour Daily. All Rights Reserved.", "the ministry said."),
        ("the ministry said, citing copyright law.", "the ministry said, citing copyright law."),
    ],
)
def test_text_without_trailing_copyright(text, expected):
    assert clean.text_without_trailing_copyright(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Allies sign <script>alert(1)</script>a pact", "Allies sign a pact"),
        ("Title <style>.x{color:red}</style>here", "Title here"),
        ("Title <noscript>Enable JavaScript</noscript>here", "Title here"),
        ("Title <SCRIPT type='text/javascript'>var a = '<p>';</SCRIPT>here", "Title here"),
        ("Unclosed <script>alert(1)", "Unclosed"),
    ],
)
def test_script_style_and_noscript_content_never_reaches_the_text(text, expected):
    assert clean.normalized_text(text) == expected


@pytest.mark.parametrize(
    ("text", "is_prose"),
    [
        (",".join(["1"] * 500), False),
        ("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0MTIzNDU2Nzg5MA " * 40, False),
        ("The ministers met on July 29, 2024 and agreed to hold 3 drills in 2025. " * 10, True),
        ("日米韓の防衛相は東京で会談し、毎年の共同訓練で合意した。" * 20, True),
        ("Results: 1. Kim 50.21 2. Lee 50.88 3. Park 51.02 4. Sato 51.40 " * 10, True),
    ],
)
def test_reason_text_is_not_prose(text, is_prose):
    words = patterns.WORD.findall(text.casefold())
    assert (clean.reason_text_is_not_prose(words) is None) is is_prose
