"""Which sentences of an article are about the topic, and how each refers to it.

A sentence is about the topic when it names it, uses one of the generic references its
coverage uses ("trilateral security cooperation"; "the pact", also as "this new pact"),
names one of its parts, uses a detractor's name for it, names every one of its members
together, or opens by pointing back ("It ...", "This ...") right after a sentence that is
about it. The terms are read once per topic from its file and searched behind one literal
prefilter (`terms.py`). Generic references (those that open with "the") and pointing back
count only in an article that refers to the topic in another way somewhere, or names two
of its members (headline included), so that "the deal" in a story about wages is not
taken for the topic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.preprocessing import patterns
from dashboard.preprocessing.topic.definition import TERM_KINDS, Topic
from dashboard.preprocessing.topic.terms import TermSearch

TOGETHER = "together"
# A reference that opens with "the" ("the pact", "the deal") could mean many things.
GENERIC_REFERENCE = "generic_reference"
BACK_REFERENCE = "back_reference"
# The strongest way a sentence refers to the topic decides its kind, in this order.
REFERENCE_KINDS = (*TERM_KINDS, TOGETHER, GENERIC_REFERENCE, BACK_REFERENCE)
# Ways of referring that could mean something else ("the deal", "It ..."): they count only
# in an article that also refers to the topic in one of the other ways.
GENERIC_KINDS = (GENERIC_REFERENCE, BACK_REFERENCE)


@dataclass(frozen=True)
class TopicMatcher:
    topic: Topic
    kinds: tuple[str, ...]  # the kinds of terms the topic has, in REFERENCE_KINDS order
    # One list of terms for each of `kinds`, then one for each group of members: in
    # sentences, and in headlines (whose generic references may drop their article).
    sentence_terms: TermSearch
    headline_terms: TermSearch

    def _kind(self, text: str, terms: TermSearch) -> str | None:
        candidates = terms.candidates(text)
        if not candidates:
            return None
        # A list without candidates matches nothing: most lists, in most sentences.
        for number, kind in enumerate(self.kinds):
            if kind != GENERIC_REFERENCE and number in candidates and terms.found(number, text, candidates):
                return kind
        members = range(len(self.kinds), len(terms.lists))
        if members and all(number in candidates for number in members) and all(terms.found(number, text, candidates) for number in members):
            return TOGETHER
        for number, kind in enumerate(self.kinds):
            if kind == GENERIC_REFERENCE and number in candidates and terms.found(number, text, candidates):
                return kind
        return None

    def reference_kind(self, sentence: str) -> str | None:
        """How `sentence` itself refers to the topic (not by pointing back), or None."""
        return self._kind(sentence, self.sentence_terms)

    def members_named(self, texts: Sequence[str]) -> int:
        """How many of the topic's members the texts name, together."""
        members = range(len(self.kinds), len(self.sentence_terms.lists))
        named: set[int] = set()
        for text in texts:
            candidates = self.sentence_terms.candidates(text)
            named.update(number for number in members if number not in named and self.sentence_terms.found(number, text, candidates))
        return len(named)

    def headline_kind(self, headline: str) -> str | None:
        """As `reference_kind`, with the generic references' articles optional."""
        return self._kind(headline, self.headline_terms)

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


def _terms_by_kind(topic: Topic) -> dict[str, tuple[str, ...]]:
    """The topic's terms of each kind that it has, generic references apart from the others."""
    terms = {kind: list(topic.terms[kind]) for kind in TERM_KINDS}
    generic = [term for term in terms["reference"] if term.split()[0].lower() == "the"]
    terms["reference"] = [term for term in terms["reference"] if term not in generic]
    terms[GENERIC_REFERENCE] = generic
    return {kind: tuple(terms[kind]) for kind in (*TERM_KINDS, GENERIC_REFERENCE) if terms[kind]}


def topic_matcher(topic: Topic) -> TopicMatcher:
    by_kind = _terms_by_kind(topic)
    lists = [*by_kind.values(), *topic.members]
    members = [False] * len(topic.members)
    return TopicMatcher(
        topic, tuple(by_kind),
        TermSearch(lists, [False] * len(by_kind) + members), TermSearch(lists, [True] * len(by_kind) + members),
    )
