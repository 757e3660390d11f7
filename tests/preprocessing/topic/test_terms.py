import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.preprocessing.topic.cues import cue_matcher, cues_from_file
from dashboard.preprocessing.topic.definition import topic_in_folder
from dashboard.preprocessing.topic.terms import TermSearch, folded, term_anchors, terms_pattern
from dashboard.preprocessing.topic.topic_sentences import topic_matcher
from tests.conftest import ROOT

TOPIC = topic_in_folder(ROOT / "data" / "topics", "tscf")
MATCHER = topic_matcher(TOPIC)
CUES = cue_matcher(cues_from_file(ROOT / "data" / "stance_cues.csv"), TOPIC)
# Every list of terms the build searches, with the way it is searched, and one whose
# first term has no letter at all (a candidate in every text).
SEARCHES = [MATCHER.sentence_terms, MATCHER.headline_terms, CUES.terms, TermSearch([["--", "the pact", "TSCF"]], [False])]
CODE_POINTS = [chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF]


def test_folding_equates_every_pair_of_characters_that_ignorecase_equates():
    # A character matches another under IGNORECASE only if both are cased.
    cased = "".join(c for c in CODE_POINTS if c.lower() != c or c.upper() != c)
    for character in cased:
        for match in re.findall("(?i)" + re.escape(character), cased):
            assert folded(match) == folded(character), (character, match)


def test_folding_keeps_one_character_for_each():
    text = "".join(CODE_POINTS)
    assert len(folded(text)) == len(text)
    assert folded("İstanbul ſo-called ΣΟΦΟΣ") == folded("istanbul so-called σοφος")


@pytest.mark.parametrize(
    ("term", "anchors"),
    [("the pact", {"pact"}), ("Trilateral Security Cooperation Framework", {"trilateral", "security", "cooperation", "framework"}),
     ("mini-NATO", {"mini", "nato"}), ("U.S.", {"u.s."}), ("Asian version of NATO", {"asian", "version", "nato"}), ("the", {"the"}),
     ("of", {"of"}), ("the --", set()), ("--", set())],
)
def test_term_anchors(term, anchors):
    assert term_anchors(term) == anchors


# Pieces of the terms in every case, and what stands between and inside words.
_WORDS = sorted({word for search in SEARCHES for terms in search.lists for term in terms for word in re.split(r"[\s-]+", term) if word})
_PIECES = [*_WORDS, *(w.upper() for w in _WORDS), *(w.title() for w in _WORDS),
           *(w.replace("i", "İ").replace("s", "ſ") for w in _WORDS), " ", "  ", "-", "‐", "–", "\u00a0", ",", ".", '"', "“",
           "”", "İ", "ı", "ſ", "K", "Σ", "the", "this new", "so-called", "a", "s", "x", "1"]


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=14))
def test_the_prefilter_finds_and_counts_what_the_whole_alternation_does(pieces):
    text = "".join(pieces)
    for search in SEARCHES:
        candidates = search.candidates(text)
        for number, (terms, headline) in enumerate(zip(search.lists, search.headline, strict=True)):
            whole = terms_pattern(terms, headline)
            assert search.found(number, text, candidates) == (whole.search(text) is not None)
            assert search.count(number, text, candidates) == len(whole.findall(text))


def test_candidates_keep_the_order_of_their_list():
    search = TermSearch([["the pact", "mini-NATO", "Freedom Edge"]], [False])
    assert search.candidates("Freedom Edge, the mini NATO, the pact") == {0: ("the pact", "mini-NATO", "Freedom Edge")}
    assert search.candidates("Freedom and NATO, on the verge") == {}
    assert search.candidates("Nothing here.") == {}
    assert not search.found(0, "Nothing here.", search.candidates("Nothing here."))
