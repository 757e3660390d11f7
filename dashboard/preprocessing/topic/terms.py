"""Terms as regular expressions ("Freedom Edge", "mini-NATO", "the pact"), and which of
them a text can hold.

`terms_pattern` makes one alternation of many terms: any spacing and hyphenation,
acronyms with their case, the rest without. Searching such alternations in every sentence
of a large corpus is slow (tens of microseconds each), and most sentences hold none of the
terms. A `TermSearch` therefore first finds, in one Aho-Corasick pass over the case-folded
text, the terms whose anchors (the pieces of their words between hyphens, which every
match of theirs contains) the text all holds, and runs the alternation of those terms only. That
finds and counts exactly what the alternation of every term does: an alternation matches
where one of its alternatives does, and at each position it takes the first alternative,
in order, that matches there; a term that matches nowhere in the text changes neither.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from functools import lru_cache
from typing import Any

import ahocorasick

from dashboard.preprocessing import patterns

# Letters that re's IGNORECASE takes for one another although lower() keeps them apart
# ("ſ" and "s", "ı" and "i", "ς" and "σ"), each mapped to one of its class; from CPython's
# re/_casefix.py. A test checks the folding against re itself over every cased character.
_EQUIVALENT_LETTERS = (
    "\u0131\u017f\u03bc\u03b9\u1fbe\u1fd3\u1fe3\u03d0\u03f5\u03d1\u03f0\u03d6\u03f1\u03c3\u03d5"
    "\u1c80\u1c81\u1c82\u1c83\u1c84\u1c85\u1c86\u1c87\ua64b\u1e9b\ufb06"
)
_CASE_EQUIVALENTS = str.maketrans(
    _EQUIVALENT_LETTERS,
    "is\xb5\u0345\u0345\u0390\u03b0\u03b2\u03b5\u03b8\u03ba\u03c0\u03c1\u03c2\u03c6"
    "\u0432\u0434\u043e\u0441\u0442\u0442\u044a\u0463\u1c88\u1e61\ufb05",
)
# Searching for them first is cheaper than translating every text that is not ASCII.
_EQUIVALENT_LETTER = re.compile(f"[{_EQUIVALENT_LETTERS}]")
# Alternations of candidate terms: few distinct ones recur across a corpus.
PATTERN_CACHE_SIZE = 2**12
MIN_ANCHOR_LENGTH = 3


def folded(text: str) -> str:
    """`text` with case folded as re's IGNORECASE folds it, one character for each."""
    if text.isascii():
        return text.lower()
    # lower() makes two characters of "İ"; re lowers it to "i".
    lowered = text.replace("\u0130", "i").lower()
    return lowered.translate(_CASE_EQUIVALENTS) if _EQUIVALENT_LETTER.search(lowered) else lowered


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


@lru_cache(maxsize=PATTERN_CACHE_SIZE)
def terms_pattern(terms: tuple[str, ...], headline: bool = False) -> re.Pattern[str] | None:
    """One pattern for all the terms: acronyms with their case, the rest without."""
    acronyms = [_term_regex(t, headline) for t in terms if patterns.ACRONYM_TERM.match(t)]
    words = [_term_regex(t, headline) for t in terms if not patterns.ACRONYM_TERM.match(t)]
    alternatives = [f"(?:{'|'.join(acronyms)})"] if acronyms else []
    if words:
        alternatives.append(f"(?i:{'|'.join(words)})")
    return re.compile("|".join(alternatives)) if alternatives else None


def term_anchors(term: str) -> frozenset[str]:
    """Pieces of text that every match of `term` holds, folded: the pieces of its words
    between hyphens (re.escape keeps each one literal; hyphens and spaces vary), without
    a leading "the" (the determiner varies). Pieces of one or two characters ("of", "a")
    are in most sentences and tell little: they count only when a term has no other."""
    words = term.split()
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    pieces = {folded(piece) for word in words for piece in word.split("-") if piece}
    telling = {piece for piece in pieces if len(piece) >= MIN_ANCHOR_LENGTH}
    return frozenset(telling or pieces)


def _remembered(cache: dict, key: Hashable, make: Callable[[Any], Any]) -> Any:
    """`make(key)`, kept in `cache`; a full cache is emptied (bounded, and cheaper than LRU)."""
    value = cache.get(key)
    if value is None:
        if len(cache) >= PATTERN_CACHE_SIZE:
            cache.clear()
        value = cache[key] = make(key)
    return value


class TermSearch:
    """Lists of terms, each matched as `terms_pattern` matches it, behind one automaton of
    anchors: build it once, use it for many texts.

    The automaton holds one anchor of each term, the one fewest other terms share ("edge"
    rather than "trilateral"), so that a hit leads to few terms; the term's other anchors
    are then looked up in the folded text."""

    def __init__(self, lists: Sequence[Sequence[str]], headline: Sequence[bool]) -> None:
        self.lists = tuple(tuple(terms) for terms in lists)
        self.headline = tuple(headline)
        anchors = {(number, position): term_anchors(term) for number, terms in enumerate(self.lists) for position, term in enumerate(terms)}
        sharing = Counter(anchor for needed in anchors.values() for anchor in needed)
        # A term without anchors (all hyphens, say) is a candidate in every text.
        self._unanchored = tuple(place for place, needed in anchors.items() if not needed)
        # first anchor -> the terms (list, position) it leads to whatever else the text
        # holds, and those (list, position, their other anchors) it leads to when the text
        # holds those too
        entries: dict[str, tuple[list[tuple[int, int]], list[tuple[tuple[int, int], tuple[str, ...]]]]] = {}
        for place, needed in anchors.items():
            if needed:
                first = min(needed, key=lambda anchor: (sharing[anchor], -len(anchor), anchor))
                always, conditional = entries.setdefault(first, ([], []))
                if len(needed) == 1:
                    always.append(place)
                else:
                    conditional.append((place, tuple(needed - {first})))
        # The automaton stores each anchor's number, so that a text's distinct anchors are
        # a set of small ints, however often each occurs.
        self._leads = tuple((tuple(always), tuple(conditional)) for always, conditional in entries.values())
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for number, anchor in enumerate(entries):
            self._automaton.add_word(anchor, number)
        self._empty = not entries
        if not self._empty:
            self._automaton.make_automaton()
        # The candidates of each set of places found: few distinct ones recur across a corpus.
        self._chosen: dict[frozenset[tuple[int, int]], dict[int, tuple[str, ...]]] = {}
        # And of the texts searched last: an article's sentences are searched twice when
        # the topic counts its members.
        self._recent: dict[str, dict[int, tuple[str, ...]]] = {}

    def candidates(self, text: str) -> dict[int, tuple[str, ...]]:
        """For each list that has any, in its order, the terms all of whose anchors `text`
        holds: a superset of those that match in it. Shared between the texts that have
        the same: not to be changed."""
        return _remembered(self._recent, text, self._candidates)

    def _candidates(self, text: str) -> dict[int, tuple[str, ...]]:
        places = set(self._unanchored)
        if not self._empty:
            text = folded(text)
            for number in {number for _, number in self._automaton.iter(text)}:
                always, conditional = self._leads[number]
                places.update(always)
                # A plain loop: a generator and all() cost more than the few lookups.
                for place, others in conditional:
                    for anchor in others:
                        if anchor not in text:
                            break
                    else:
                        places.add(place)
        return _remembered(self._chosen, frozenset(places), lambda _: self._grouped(places))

    def _grouped(self, places: set[tuple[int, int]]) -> dict[int, tuple[str, ...]]:
        """The terms at `places`, by list, each list's in its order."""
        positions: dict[int, list[int]] = {}
        for number, position in sorted(places):
            positions.setdefault(number, []).append(position)
        return {number: tuple(self.lists[number][p] for p in chosen) for number, chosen in positions.items()}

    def pattern(self, number: int, candidates: dict[int, tuple[str, ...]]) -> re.Pattern[str] | None:
        """The alternation of list `number`'s candidates; None when it has none."""
        terms = candidates.get(number)
        return terms_pattern(terms, self.headline[number]) if terms else None

    def found(self, number: int, text: str, candidates: dict[int, tuple[str, ...]]) -> bool:
        """Whether a term of list `number` is in `text` (`candidates` are `text`'s)."""
        pattern = self.pattern(number, candidates)
        return pattern is not None and pattern.search(text) is not None

    def count(self, number: int, text: str, candidates: dict[int, tuple[str, ...]]) -> int:
        """How many times the terms of list `number` are in `text`, without overlap."""
        pattern = self.pattern(number, candidates)
        return len(pattern.findall(text)) if pattern is not None else 0
