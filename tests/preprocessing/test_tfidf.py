import numpy as np
import pytest

from dashboard.preprocessing.tfidf import tfidf_logits, tfidf_logits_of_columns

DOCUMENTS = [["pact", "pact", "puppet"], ["pact", "welcome"], ["unknown"], [], ["welcome", "welcome", "welcome", "ironclad"]]


def test_rows_are_what_scikit_learn_fitted_times_the_weights():
    pytest.importorskip("sklearn")
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=lambda words: words, sublinear_tf=True).fit(DOCUMENTS[:2] + DOCUMENTS[4:])
    vocabulary = {word: int(index) for word, index in vectorizer.vocabulary_.items()}
    weights = np.random.default_rng(0).normal(size=(3, len(vocabulary)))
    expected = vectorizer.transform(DOCUMENTS).toarray() @ weights.T
    assert tfidf_logits(DOCUMENTS, vocabulary, vectorizer.idf_, weights) == pytest.approx(expected, abs=1e-12)
    # A text without a known word adds nothing.
    assert not expected[2].any() and not expected[3].any()


def test_no_texts_give_no_rows():
    assert tfidf_logits([], {"pact": 0}, np.ones(1), np.ones((3, 1))).shape == (0, 3)


def test_columns_give_what_their_words_give():
    vocabulary = {"pact": 0, "puppet": 1, "welcome": 2}
    weights = np.random.default_rng(1).normal(size=(3, 3))
    idf = np.array([1.0, 2.0, 1.5])
    columns = [[vocabulary.get(word, -1) for word in words] for words in DOCUMENTS]
    assert tfidf_logits_of_columns(columns, idf, weights) == pytest.approx(tfidf_logits(DOCUMENTS, vocabulary, idf, weights), abs=1e-15)
    assert tfidf_logits_of_columns(columns, idf, weights)[0].any()
