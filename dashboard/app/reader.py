"""The article reader: article text as Markdown that shows every character as written.

Streamlit renders Markdown, so text from articles goes through `markdown_text` first:
every ASCII punctuation mark is backslash-escaped, which CommonMark turns back into the
literal character. A `<script>` tag, a `[link](javascript:...)` or Streamlit's own
`:red[...]` colour syntax in an article is therefore shown, never run or rendered.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pandas as pd

from dashboard.preprocessing.sentiment.stance import sentence_label

_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
_WHITE_SPACE = re.compile(r"\s+")

# Sentence tint by its stance toward the actors it names; blue and orange stay apart
# for readers with red-green colour blindness.
SENTENCE_TINTS = {"positive": "blue-background", "negative": "orange-background"}
MENTION_STYLE = "violet"


def markdown_text(text: str) -> str:
    """Text that Markdown shows literally: punctuation escaped, runs of white space as one space."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _WHITE_SPACE.sub(" ", text))


def sentence_markdown(text: str, spans: list[tuple[int, int]], tint: str | None) -> str:
    parts: list[str] = []
    cursor = 0
    for start, end in sorted(spans):
        if start < cursor or end > len(text) or start >= end or not text[start:end].strip():
            continue  # overlapping or out-of-range offsets: that stretch is shown plain
        parts.append(markdown_text(text[cursor:start]))
        parts.append(f"**:{MENTION_STYLE}[{markdown_text(text[start:end].strip())}]**")
        cursor = end
    parts.append(markdown_text(text[cursor:]))
    body = "".join(parts).strip()
    return f":{tint}[{body}]" if tint else body


def mention_spans(mentions: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    """(start, end) of every mention, by sentence_id."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for sentence_id, start, end in zip(mentions["sentence_id"], mentions["start"], mentions["end"], strict=True):
        spans[sentence_id].append((int(start), int(end)))
    return spans


def article_markdown(sentences: pd.DataFrame, mentions: pd.DataFrame, sentence_stance: pd.DataFrame) -> str:
    """One article's sentences as Markdown paragraphs: actor mentions in bold colour,
    sentences tinted blue (positive toward the actors they name) or orange (negative)."""
    spans = mention_spans(mentions)
    scores = sentence_stance.groupby("sentence_id")["score"].mean().to_dict() if len(sentence_stance) else {}
    paragraphs: dict[int, list[str]] = defaultdict(list)
    for row in sentences.sort_values("position").itertuples(index=False):
        score = scores.get(row.sentence_id)
        tint = SENTENCE_TINTS.get(sentence_label(score)) if score is not None else None
        paragraphs[int(row.paragraph)].append(sentence_markdown(row.text, spans.get(row.sentence_id, []), tint))
    return "\n\n".join(" ".join(parts) for _, parts in sorted(paragraphs.items()))
