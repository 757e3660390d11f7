"""The extraction benchmark's metric (benchmarks/extraction.py) on tiny hand-made texts."""

import pytest

from tests.conftest import load_benchmark

bench = load_benchmark("extraction")


def test_shingles_are_four_word_grams_with_multiplicity():
    assert bench.shingles("a b c d a b c d") == {
        ("a", "b", "c", "d"): 2, ("b", "c", "d", "a"): 1, ("c", "d", "a", "b"): 1, ("d", "a", "b", "c"): 1,
    }
    assert bench.shingles("only three words") == {}


def test_tokens_are_unicode_words_and_keep_case():
    assert bench.tokens("Seoul's 국방부, dit-il.") == ["Seoul", "s", "국방부", "dit", "il"]


def test_page_counts_on_six_words():
    # Truth "one two three four five six" has 3 shingles; the prediction drops "six" and adds
    # "seven": it shares 2 of them, has 1 of its own and misses 1.
    counts = bench.page_counts("one two three four five six", "one two three four five seven")
    assert (counts.tp, counts.fp, counts.fn) == pytest.approx((0.5, 0.25, 0.25))
    assert bench.page_precision(counts) == pytest.approx(2 / 3)
    assert bench.page_recall(counts) == pytest.approx(2 / 3)


def test_a_repeated_body_is_half_false_positives():
    counts = bench.page_counts("w x y z", "w x y z. w x y z")
    # Predicted shingles: wxyz twice, xyzw, yzwx, zwxy: one true, four surplus.
    assert (counts.tp, counts.fp, counts.fn) == pytest.approx((0.2, 0.8, 0.0))
    assert bench.page_recall(counts) == 1.0


@pytest.mark.parametrize(
    ("truth", "predicted", "precision", "recall"),
    [
        ("one two three", "one two three", 1.0, 1.0),  # no shingles, nothing wrong: 1 by the rule
        ("", "", 1.0, 1.0),
        ("one two three four", "", 0.0, 0.0),  # nothing predicted: tp = fp = 0
        ("", "one two three four", 0.0, 0.0),  # nothing true: tp = fn = 0
        ("one two three four", "five six seven eight", 0.0, 0.0),
    ],
)
def test_page_precision_and_recall_rules(truth, predicted, precision, recall):
    counts = bench.page_counts(truth, predicted)
    assert bench.page_precision(counts) == precision
    assert bench.page_recall(counts) == recall


def test_corpus_scores_are_means_over_pages_and_f1_of_the_means():
    pages = [
        ("one two three four five six", "one two three four five six"),  # P 1, R 1
        ("one two three four five six", "one two three four"),  # P 1, R 1/3
        ("one two three four", ""),  # no tp+fp: left out of precision; R 0
    ]
    scores = bench.corpus_scores(pages)
    assert scores.precision == pytest.approx(1.0)
    assert scores.recall == pytest.approx((1 + 1 / 3 + 0) / 3)
    assert scores.f1 == pytest.approx(2 * scores.precision * scores.recall / (scores.precision + scores.recall))
    assert scores.accuracy == pytest.approx(1 / 3)


def test_accuracy_compares_token_sequences_not_spacing_or_punctuation():
    assert bench.is_exact("Hello, world!\n\nBye.", "Hello world Bye")
    assert not bench.is_exact("Hello world", "hello world")
