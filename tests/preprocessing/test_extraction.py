import pytest

from dashboard.preprocessing import extraction

ORDINARY = "\n".join(
    [
        "Sign up for our newsletter today and never miss a story",
        "The council met on Monday to vote on the harbour plan.",
        "What the plan says",
        "It widens the quay and adds two berths for ferries.",
        "READ MORE: ANOTHER STORY ABOUT SOMETHING ELSE",
        "Work starts in spring, the mayor said.",
        "More stories you might like from our network",
    ]
)
PRECISE = "\n".join(
    [
        "The council met on Monday to vote on the harbour plan.",
        "It widens the quay and adds two berths for ferries.",
        "Work starts in spring, the mayor said.",
    ]
)


def test_inner_paragraphs_come_back_and_edges_stay_trimmed():
    merged = extraction.precise_text_with_inner_paragraphs(PRECISE, ORDINARY)
    assert merged.split("\n") == ORDINARY.split("\n")[1:-1]


def test_a_teaser_link_inside_the_article_stays_out():
    link_keys = {"readmoreanotherstoryaboutsomethingelse"}
    merged = extraction.precise_text_with_inner_paragraphs(PRECISE, ORDINARY, link_keys)
    assert "READ MORE: ANOTHER STORY ABOUT SOMETHING ELSE" not in merged
    assert "What the plan says" in merged


def test_the_fuller_version_of_a_paragraph_is_kept():
    ordinary = "First line of the story here.\nThe mayor, Jane Roe, said the quay will open in May next year.\nLast line."
    precise = "First line of the story here.\nThe mayor said the quay will open in May next year.\nLast line."
    assert extraction.precise_text_with_inner_paragraphs(precise, ordinary) == ordinary


def test_a_run_on_block_the_precise_text_splits_is_not_put_back():
    ordinary = "Harbour plan passes Monday 12 May The council met to vote on the harbour plan. It widens the quay."
    precise = "The council met to vote on the harbour plan.\nIt widens the quay."
    assert extraction.precise_text_with_inner_paragraphs(precise, ordinary) == precise


@pytest.mark.parametrize(
    ("precise_words", "expected"),
    [(30, "ordinary"), (49, "ordinary"), (50, "precise"), (100, "precise")],
)
def test_the_ordinary_text_is_used_when_the_precise_one_lost_most_of_it(precise_words, expected):
    ordinary = " ".join(["word"] * 100)
    precise = " ".join(["word"] * precise_words)
    chosen = extraction.main_text_of_page(ordinary, precise)
    assert chosen == (precise if expected == "precise" else ordinary)


def test_link_keys_leave_out_addresses_and_links_within_the_page():
    html = (
        "<html><body><a href='/other'>Another story</a><a href='#part-2'>Part two</a>"
        "<a href='https://example.org/x'>https://example.org/x</a></body></html>"
    )
    assert extraction.link_keys_of_page(html) == {"anotherstory"}


def test_a_page_without_article_text_gives_none():
    assert extraction.main_text_from_html_page("<html><body></body></html>") is None


def test_link_paragraphs_around_the_article_go():
    text = "Top story one\nTop story two\nThe council met on Monday.\nInside link line\nIt voted yes.\nMore story three"
    link_keys = {"topstoryone", "topstorytwo", "insidelinkline", "morestorythree"}
    assert extraction.text_without_link_edges(text, link_keys).split("\n") == [
        "The council met on Monday.", "Inside link line", "It voted yes.",
    ]


SPLIT_BODY_PARAGRAPHS = [
    "The harbour board voted on Tuesday evening to widen the northern quay, ending a debate that has run for three years in the town.",
    "Supporters said the wider quay would let two ferries berth at once and shorten the queues of cars that form every summer weekend.",
    "Opponents, mostly fishermen, warned that the building work would close their moorings for a whole season and cost them their catch.",
    "The board chair said a compensation fund would cover lost income and that work would be staged so that half the moorings stay open.",
    "Construction is due to begin in the spring once the county council signs off on the final drawings and the contract is tendered.",
    "A public meeting on the timetable is planned for next month in the town hall, where residents will be able to question the engineers.",
]


def _split_body_page(first_class: str, second_class: str) -> str:
    def block(css_class: str, paragraphs: list[str]) -> str:
        return f"<div class='{css_class}'>" + "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs) + "</div>"

    return (
        "<html><head><title>Quay vote</title></head><body><article><div class='chunks'>"
        f"<div class='row'>{block(first_class, SPLIT_BODY_PARAGRAPHS[:3])}</div>"
        "<div class='ad-slot'><p>Advertisement</p></div>"
        f"<div class='row'>{block(second_class, SPLIT_BODY_PARAGRAPHS[3:])}</div>"
        "</div></article></body></html>"
    )


@pytest.mark.parametrize(
    ("first_class", "second_class", "extracted", "joined"),
    [
        ("body article__body", "body article__body", SPLIT_BODY_PARAGRAPHS[:3], True),  # only the first piece came out
        ("body article__body", "body article__body", SPLIT_BODY_PARAGRAPHS, False),  # every piece came out already
        ("body article__body", "sidebar-box", SPLIT_BODY_PARAGRAPHS[:3], False),  # the other block is not a piece of the body
        ("body article__body", "body article__body", SPLIT_BODY_PARAGRAPHS[3:], False),  # the text is not the first piece
    ],
)
def test_a_body_split_into_same_class_blocks_is_joined_only_when_its_later_pieces_were_missed(first_class, second_class, extracted, joined):
    html = _split_body_page(first_class, second_class)
    result = extraction.html_with_body_chunks_joined(html, "\n".join(extracted))
    assert (result is not None) == joined
    if result is not None:
        assert result.count("article__body") == 2 and result.index(SPLIT_BODY_PARAGRAPHS[5]) < result.index("Advertisement")


def test_the_main_text_of_a_split_body_holds_every_piece():
    content = extraction.main_text_from_html_page(_split_body_page("body article__body", "body article__body"))
    assert content is not None
    assert all(paragraph in content.text for paragraph in SPLIT_BODY_PARAGRAPHS)
    assert "Advertisement" not in content.text


@pytest.mark.parametrize(
    ("address", "site"),
    [
        ("https://www.example.com/news/story", "example"),
        ("https://news.example.co.uk/a", "example"),
        ("http://example.de/", "example"),
        ("https://shop.to/x1", "shop"),
        ("/news/another-story", ""),
        ("another-story.html", ""),
    ],
)
def test_site_of_address(address, site):
    assert extraction.site_of_address(address) == site


def test_only_links_within_the_site_are_teaser_keys():
    links = [("ourotherstory", "/news/other"), ("sisterstory", "https://example.de/x"), ("bluekettle", "https://shop.to/kettle")]
    assert extraction.site_link_keys(links, "example") == {"ourotherstory", "sisterstory"}


def test_a_line_linking_to_another_site_inside_the_article_comes_back():
    ordinary = "The best kettles this winter, tested.\nBlue Steel Kettle\nIt boils a litre in two minutes.\nRead our other review\nIt costs less than most."
    precise = "The best kettles this winter, tested.\nIt boils a litre in two minutes.\nIt costs less than most."
    link_keys = {"bluesteelkettle", "readourotherreview"}
    chosen = extraction.main_text_of_page(ordinary, precise, link_keys, inner_link_keys={"readourotherreview"})
    assert chosen.split("\n") == [
        "The best kettles this winter, tested.", "Blue Steel Kettle", "It boils a litre in two minutes.", "It costs less than most.",
    ]
