import html
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from dashboard.app.reader import article_markdown, markdown_text, sentence_markdown

COMMONMARK = MarkdownIt("commonmark")
TAG = re.compile(r"<[^>]+>")


def rendered_text(markdown: str) -> str:
    """What a reader sees: the rendered HTML without its <p> wrapper, entities decoded."""
    rendered = COMMONMARK.render(markdown).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>"):
        rendered = rendered[3:-4]
    assert not TAG.search(rendered), f"markup in {rendered!r}"
    return html.unescape(rendered)


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script>",
        '<img src=x onerror="alert(1)">',
        "[click me](javascript:alert(1))",
        "![pixel](http://tracker.example/p.gif)",
        "**not bold** and _not italic_ and `not code`",
        "# not a heading",
        "1. not a list",
        "- not a list either",
        "> not a quote",
        "&lt;b&gt; stays an entity name, &amp; too",
        ":red[not red] :material/warning: $x^2$",
        "a | table | row",
        "ends with a backslash \\",
        "=HYPERLINK(\"http://evil\")",
    ],
)
def test_hostile_article_text_renders_as_the_same_characters(hostile):
    assert rendered_text(markdown_text(hostile)) == hostile


def test_streamlit_colour_syntax_is_escaped():
    assert markdown_text(":red[x]") == "\\:red\\[x\\]"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80))
def test_any_text_renders_literally(text):
    assert rendered_text(markdown_text(text)) == " ".join(text.split())


@pytest.mark.parametrize(
    ("text", "spans", "tint", "expected"),
    [
        ("Japan and Seoul agreed.", [(0, 5), (10, 15)], None, "**:violet[Japan]** and **:violet[Seoul]** agreed\\."),
        ("Japan agreed.", [(0, 5)], "blue-background", ":blue-background[**:violet[Japan]** agreed\\.]"),
        ("Japan agreed.", [(0, 5), (2, 8)], None, "**:violet[Japan]** agreed\\."),
        ("Japan agreed.", [(0, 99)], None, "Japan agreed\\."),
        ("<b>Japan</b>", [(3, 8)], None, "\\<b\\>**:violet[Japan]**\\<\\/b\\>"),
    ],
    ids=["two mentions", "tinted", "overlap ignored", "out of range ignored", "markup around a mention"],
)
def test_sentence_markdown(text, spans, tint, expected):
    assert sentence_markdown(text, spans, tint) == expected


def test_article_markdown_tints_by_stance_and_keeps_paragraphs():
    sentences = pd.DataFrame(
        {
            "sentence_id": ["a:0", "a:1", "a:2"],
            "position": [0, 1, 2],
            "paragraph": [0, 0, 1],
            "text": ["Japan welcomed it.", "China objected.", "Talks go on."],
        }
    )
    mentions = pd.DataFrame({"sentence_id": ["a:0", "a:1"], "start": [0, 0], "end": [5, 5]})
    stance = pd.DataFrame({"sentence_id": ["a:0", "a:1"], "score": [0.8, -0.7]})
    assert article_markdown(sentences, mentions, stance) == (
        ":blue-background[**:violet[Japan]** welcomed it\\.] :orange-background[**:violet[China]** objected\\.]\n\nTalks go on\\."
    )
