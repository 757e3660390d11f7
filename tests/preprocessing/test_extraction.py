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
