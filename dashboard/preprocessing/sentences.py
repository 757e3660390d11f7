"""Sentences: split each clean paragraph and mark direct quotations.

Splitting is sentencex's rule-based segmenter (it knows "U.S.", "Gen.", "No. 2",
decimals and quotes, and needs no downloaded data, unlike TextBlob's NLTK-based
`.sentences`).
"""

from __future__ import annotations

import sentencex

from dashboard.preprocessing import patterns
from dashboard.preprocessing.records import record

LANGUAGE = "en"
# A quoted passage this long is speech, not a scare-quoted term ("security dilemma").
QUOTE_MIN_WORDS = 4
_OPENING_QUOTES = "“"
_CLOSING_QUOTES = "”"


@record
class Sentence:
    paragraph: int
    text: str
    is_quote: bool


def sentence_texts(paragraph: str) -> list[str]:
    return [text.strip() for text in sentencex.segment(LANGUAGE, paragraph) if text.strip()]


def _open_quotes_after(text: str, open_before: bool) -> bool:
    """Whether a quotation is still open at the end of `text`."""
    curly = text.count(_OPENING_QUOTES) - text.count(_CLOSING_QUOTES)
    if curly:
        return curly > 0
    if text.count('"') % 2:
        return not open_before
    return open_before


def carries_quote(text: str) -> bool:
    return any(len(match.group(1).split()) >= QUOTE_MIN_WORDS for match in patterns.QUOTED_PASSAGE.finditer(text))


def sentences_from_paragraphs(paragraphs: list[str]) -> list[Sentence]:
    """Every sentence of the article in order; a sentence is a quote when it carries a quoted
    passage, opens a quotation that runs on, or stands inside one opened earlier in its paragraph."""
    sentences: list[Sentence] = []
    for index, paragraph in enumerate(paragraphs):
        inside_quote = False
        for text in sentence_texts(paragraph):
            open_after = _open_quotes_after(text, inside_quote)
            sentences.append(Sentence(index, text, inside_quote or open_after or carries_quote(text)))
            inside_quote = open_after
    return sentences
