"""Which sentences of an article are about the topic, and how each refers to it.

A sentence is about the topic when it names it, uses one of the generic references its
coverage uses ("trilateral security cooperation"; "the pact", also as "this new pact"),
names one of its parts, uses a
detractor's name for it, names every one of its members together, or opens by pointing
back ("It ...", "This ...") right after a sentence that is about it. The patterns are
compiled once per topic from its file. Generic references (those that open with "the") and pointing
back count only in an article that refers to the topic in another way somewhere, or names
two of its members (headline included), so that "the deal" in a story about wages is not
taken for the topic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.preprocessing import patterns
from dashboard.preprocessing.topic.definition import TERM_KINDS, Topic

TOGETHER = "together"
# A reference that opens with "the" ("the pact", "the deal") could mean many things.
GENERIC_REFERENCE = "generic_reference"
BACK_REFERENCE = "back_reference"
# The strongest way a sentence refers to the topic decides its kind, in this order.
REFERENCE_KINDS = (*TERM_KINDS, TOGETHER, GENERIC_REFERENCE, BACK_REFERENCE)
# Ways of referring that could mean something else ("the deal", "It ..."): they count only
# in an article that also refers to the topic in one of the other ways.
GENERIC_KINDS = (GENERIC_REFERENCE, BACK_REFERENCE)


def _term_regex(term: str, headline: bool = False) -> str:
    words = [re.escape(word) for word in term.split()]
    if len(words) > 1 and words[0].lower() == "the":
        # Headlines drop articles: "Seoul defends pact".
        optional = "?" if headline else ""
        head = rf"(?:{patterns.TOPIC_REFERENCE_DETERMINERS}\s+){optional}(?:{patterns.TOPIC_REFERENCE_MODIFIERS}\s+){{0,2}}"
        words = words[1:]
    else:
        head = ""
    # Hyphens and spaces are written every way ("mini-NATO", "mini NATO", "three‐way").
    body = r"\s+".join(words).replace(r"\-", r"[-‐‑–\s]?")
    # Only letters and digits bound a term, so that "US" is found in "US-Japan-ROK".
    return rf"(?<!\w){head}{body}(?!\w)"


def terms_pattern(terms: Sequence[str], headline: bool = False) -> re.Pattern[str] | None:
    """One pattern for all the terms: acronyms with their case, the rest without."""
    acronyms = [_term_regex(t, headline) for t in terms if patterns.ACRONYM_TERM.match(t)]
    words = [_term_regex(t, headline) for t in terms if not patterns.ACRONYM_TERM.match(t)]
    alternatives = [f"(?:{'|'.join(acronyms)})"] if acronyms else []
    if words:
        alternatives.append(f"(?i:{'|'.join(words)})")
    return re.compile("|".join(alternatives)) if alternatives else None


@dataclass(frozen=True)
class TopicMatcher:
    topic: Topic
    term_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    headline_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    member_patterns: tuple[re.Pattern[str], ...]

    def _kind(self, text: str, term_patterns: tuple[tuple[str, re.Pattern[str]], ...]) -> str | None:
        for kind, pattern in term_patterns:
            if kind != GENERIC_REFERENCE and pattern.search(text):
                return kind
        if self.member_patterns and all(pattern.search(text) for pattern in self.member_patterns):
            return TOGETHER
        for kind, pattern in term_patterns:
            if kind == GENERIC_REFERENCE and pattern.search(text):
                return kind
        return None

    def reference_kind(self, sentence: str) -> str | None:
        """How `sentence` itself refers to the topic (not by pointing back), or None."""
        return self._kind(sentence, self.term_patterns)

    def members_named(self, texts: Sequence[str]) -> int:
        """How many of the topic's members the texts name, together."""
        return sum(any(pattern.search(text) for text in texts) for pattern in self.member_patterns)

    def headline_kind(self, headline: str) -> str | None:
        """As `reference_kind`, with the generic references' articles optional."""
        return self._kind(headline, self.headline_patterns)

    def reference_kinds(self, sentences: Sequence[str]) -> list[str | None]:
        """The reference kind of each sentence of one article, in order; None when the
        sentence is not about the topic."""
        kinds: list[str | None] = []
        for sentence in sentences:
            kind = self.reference_kind(sentence)
            if kind is None and kinds and kinds[-1] is not None and patterns.BACK_REFERENCE.match(sentence):
                kind = BACK_REFERENCE
            kinds.append(kind)
        return kinds


def _kind_patterns(topic: Topic, headline: bool) -> tuple[tuple[str, re.Pattern[str]], ...]:
    terms = {kind: list(topic.terms[kind]) for kind in TERM_KINDS}
    generic = [term for term in terms["reference"] if term.split()[0].lower() == "the"]
    terms["reference"] = [term for term in terms["reference"] if term not in generic]
    terms[GENERIC_REFERENCE] = generic
    return tuple(
        (kind, pattern) for kind in (*TERM_KINDS, GENERIC_REFERENCE) if (pattern := terms_pattern(terms[kind], headline)) is not None
    )


def topic_matcher(topic: Topic) -> TopicMatcher:
    member_patterns = tuple(pattern for group in topic.members if (pattern := terms_pattern(group)) is not None)
    return TopicMatcher(topic, _kind_patterns(topic, False), _kind_patterns(topic, True), member_patterns)
