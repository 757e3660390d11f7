import pytest

from dashboard.preprocessing.sentiment.evaluation import evaluation_of
from dashboard.preprocessing.sentiment.sentence_sentiment import SENTENCE_CACHE_SIZE, label_of_score, sentence_sentiment


def test_evaluation_of_known_confusion():
    truth = ["negative", "negative", "neutral", "positive"]
    predicted = ["negative", "neutral", "neutral", "negative"]
    evaluation = evaluation_of(truth, predicted)
    scores = {s.label: s for s in evaluation.classes}
    assert evaluation.accuracy == 0.5
    assert scores["negative"].precision == 0.5 and scores["negative"].recall == 0.5
    assert scores["neutral"].f1 == pytest.approx(2 / 3)
    assert scores["positive"].f1 == 0.0
    assert evaluation.macro_f1 == pytest.approx((0.5 + 2 / 3 + 0.0) / 3)


def test_evaluation_needs_matching_lengths():
    with pytest.raises(ValueError):
        evaluation_of(["negative"], [])


@pytest.mark.parametrize(("score", "label"), [(0.06, "positive"), (0.05, "neutral"), (-0.05, "neutral"), (-0.2, "negative")])
def test_label_of_score(score, label):
    assert label_of_score(score) == label


def test_sentence_sentiment_works_offline():
    good = sentence_sentiment("This is a wonderful and very successful agreement.")
    bad = sentence_sentiment("This is a terrible, dangerous and reckless provocation.")
    assert good.polarity > 0 > bad.polarity
    assert good.vader_compound > 0 > bad.vader_compound
    assert 0 <= good.subjectivity <= 1


@pytest.mark.parametrize("text", ["A wonderful, successful pact.", "A terrible provocation.", "The ministers met on Sunday.", ""])
def test_sentence_sentiment_equals_textblob(text):
    from textblob import TextBlob

    polarity, subjectivity = TextBlob(text).sentiment
    result = sentence_sentiment(text)
    assert (result.polarity, result.subjectivity) == (pytest.approx(polarity), pytest.approx(subjectivity))


def test_a_repeated_sentence_is_scored_once_and_alike():
    text = "Only this test scores this sentence: the ministers hailed their ironclad pact."
    first = sentence_sentiment(text)
    hits = sentence_sentiment.cache_info().hits
    assert sentence_sentiment(text) is first
    assert sentence_sentiment.cache_info().hits == hits + 1
    assert sentence_sentiment.__wrapped__(text) == first
    assert sentence_sentiment.cache_info().maxsize == SENTENCE_CACHE_SIZE


@pytest.mark.parametrize("module", ["dashboard.cli", "dashboard.app.data", "dashboard.preprocessing.build"])
def test_the_app_and_the_cli_start_without_importing_textblob(module):
    """TextBlob's import brings NLTK, SciPy and scikit-learn (2 s of every start); only a
    build that scores sentence tone needs it."""
    import subprocess
    import sys

    heavy = ("textblob", "nltk", "scipy", "sklearn")
    loaded = subprocess.run(
        [sys.executable, "-c", f"import sys, {module}; print(' '.join(m for m in {heavy!r} if m in sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    assert loaded == []
