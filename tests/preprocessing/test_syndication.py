from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.preprocessing.articles import folded_words
from dashboard.preprocessing.syndication import SyndicationCandidate, fingerprint_of, syndicated_of

WIRE = (
    "Defence ministers from South Korea, Japan and the United States signed a memorandum in Tokyo on Sunday that "
    "institutionalises their trilateral security cooperation, including policy consultations, information sharing, "
    "exercises and defence exchanges, officials said after the first such meeting held in Japan. The ministers "
    "also condemned North Korea's missile launches and its growing military ties with Russia, and agreed to meet "
    "again next year in South Korea, according to a joint statement released after the talks."
)
OTHER = (
    "China's foreign ministry accused Washington of building exclusive blocs in the region and said the new "
    "arrangement would only heighten tension on the peninsula, urging all parties to respect the security "
    "concerns of neighbouring countries and to refrain from provocative moves at sea, a spokesperson said in "
    "Beijing on Monday at a regular press briefing attended by foreign and local reporters."
)


def _candidate(article_id, text, published=""):
    return SyndicationCandidate(article_id, published, fingerprint_of(folded_words(text)))


def test_fingerprint_is_stable_and_case_blind():
    assert fingerprint_of(folded_words(WIRE)) == fingerprint_of(folded_words(WIRE.upper()))
    assert len(fingerprint_of(folded_words(WIRE))) >= 8


def test_repost_with_extra_lines_is_a_copy_of_the_earlier_article():
    repost = "Reposted from a wire service. " + WIRE + " Follow us for more news every day."
    copies = syndicated_of([_candidate("repost", repost, "2024-07-29"), _candidate("wire", WIRE, "2024-07-28")])
    assert copies == {"repost": "wire"}


def test_undated_copy_points_to_the_dated_original():
    copies = syndicated_of([_candidate("undated", WIRE), _candidate("dated", WIRE + " Extra line.", "2024-07-28")])
    assert copies == {"undated": "dated"}


def test_different_stories_are_not_copies():
    assert syndicated_of([_candidate("a", WIRE, "2024-07-28"), _candidate("b", OTHER, "2024-07-29")]) == {}


def test_short_texts_are_never_called_copies():
    assert syndicated_of([_candidate("a", "Seoul and Tokyo met."), _candidate("b", "Seoul and Tokyo met.")]) == {}


def test_copies_of_copies_join_one_group():
    first = _candidate("first", WIRE, "2024-07-28")
    second = _candidate("second", WIRE + " " + OTHER[:120], "2024-07-29")
    third = _candidate("third", WIRE, "2024-07-30")
    assert syndicated_of([third, second, first]) == {"second": "first", "third": "first"}


def test_stock_phrases_do_not_hide_a_copy(monkeypatch):
    # The closing sentence is in six articles, over the (lowered) stock-phrase threshold:
    # its samples are ignored, and the copy is still found through the rest of its text.
    import dashboard.preprocessing.syndication as syndication

    monkeypatch.setattr(syndication, "MAX_POSTINGS", 3)
    stock = " The ministry said in a statement that it would continue to monitor the situation closely with its allies and partners."
    unrelated = [OTHER, " ".join(reversed(OTHER.split())), " ".join(sorted(WIRE.split())), " ".join(reversed(WIRE.split()))]
    others = [_candidate(f"other{i}", text + stock, "2024-07-29") for i, text in enumerate(unrelated)]
    assert syndication.stock_phrase_samples([_candidate("x", WIRE + stock), *others, _candidate("y", WIRE + stock)])
    copies = syndicated_of([_candidate("wire", WIRE + stock, "2024-07-28"), *others, _candidate("copy", WIRE + stock, "2024-07-30")])
    assert copies == {"copy": "wire"}


def test_a_story_reposted_by_many_outlets_is_still_found():
    copies = syndicated_of([_candidate("wire", WIRE, "2024-07-28")] + [_candidate(f"r{i}", WIRE + f" Reposted by outlet {i}.", "2024-07-29") for i in range(300)])
    assert len(copies) == 300 and set(copies.values()) == {"wire"}


def _pairs_by_brute_force(articles):
    """Every pair of articles compared: the index's candidates, found the slow way."""
    from dashboard.preprocessing import syndication

    stock = syndication.stock_phrase_samples(articles)
    anchors = [
        set([v for v in a.fingerprint if v not in stock][: syndication.ANCHORS]) if len(a.fingerprint) >= syndication.MIN_SAMPLE else set()
        for a in articles
    ]
    long_enough = [len(a.fingerprint) >= syndication.MIN_SAMPLE for a in articles]
    return {
        (i, j)
        for i in range(len(articles)) for j in range(i + 1, len(articles))
        if long_enough[i] and long_enough[j] and max(
            len(anchors[j].intersection(articles[i].fingerprint)), len(anchors[i].intersection(articles[j].fingerprint))
        ) >= syndication.MIN_ANCHOR_HITS
    }


@given(
    paragraphs=st.lists(st.lists(st.sampled_from([f"w{i}" for i in range(80)]), min_size=5, max_size=40), min_size=1, max_size=8),
    articles_made=st.lists(st.lists(st.integers(0, 7), max_size=8), max_size=16),
    max_postings=st.sampled_from([2, 4, 1000]),
)
@settings(max_examples=200, deadline=None)
def test_the_index_finds_the_pairs_that_comparing_every_pair_finds(paragraphs, articles_made, max_postings):
    from dashboard.preprocessing import syndication

    # Articles made of paragraphs from one pool share more or less of their text, so that
    # pairs share anywhere from none to all of their anchors.
    words = [[word for index in chosen for word in paragraphs[index % len(paragraphs)]] for chosen in articles_made]
    articles = [SyndicationCandidate(f"a{i}", "", fingerprint_of(w)) for i, w in enumerate(words)]
    original = syndication.MAX_POSTINGS
    syndication.MAX_POSTINGS = max_postings
    try:
        found = {tuple(pair) for pair in syndication._candidate_pairs(articles).tolist()}
        assert found == _pairs_by_brute_force(articles)
    finally:
        syndication.MAX_POSTINGS = original


def test_samples_that_share_an_anchors_bucket_but_not_its_value_are_no_hits():
    from array import array

    from dashboard.preprocessing import syndication

    # The second article's samples sit one above the first's anchors (the same bucket of
    # the anchors' table); the third holds the first's anchors themselves.
    first = [1000 + 512 * i for i in range(12)]
    articles = [
        SyndicationCandidate("a0", "", array("I", first)),
        SyndicationCandidate("a1", "", array("I", [value + 1 for value in first])),
        SyndicationCandidate("a2", "", array("I", first[:4] + [900_000 + i for i in range(8)])),
    ]
    assert all(value >> syndication._BUCKET_SHIFT == (value + 1) >> syndication._BUCKET_SHIFT for value in first)
    assert syndication._candidate_pairs(articles).tolist() == [[0, 2]]
