"""Hand-labelled actors of the five seeds: precision and recall of (article, actor) pairs."""

import csv

import pytest

from tests.conftest import TEST_DATA

LABELS = list(csv.DictReader((TEST_DATA / "seed_actor_labels.csv").open(encoding="utf-8")))
MIN_PRECISION = 0.95
MIN_RECALL = 0.95


@pytest.fixture(scope="module")
def found_pairs(seed_tables):
    articles = seed_tables["articles"].set_index("article_id")["source_path"].str[:3]
    mentions = seed_tables["mentions"]
    resolved = mentions[mentions["actor_id"] != ""]
    return {(articles[row.article_id], row.actor_id) for row in resolved.itertuples()}


def test_label_evidence_is_in_the_article(seed_articles):
    for label in LABELS:
        text = seed_articles[label["seed"]]["text"]
        assert label["evidence"] in text, label


def test_precision_and_recall_of_article_actor_pairs(found_pairs):
    labelled = {(label["seed"], label["actor_id"]) for label in LABELS}
    true_positives = labelled & found_pairs
    precision = len(true_positives) / len(found_pairs)
    recall = len(true_positives) / len(labelled)
    assert recall >= MIN_RECALL, f"recall {recall:.3f}; missed {sorted(labelled - found_pairs)}"
    assert precision >= MIN_PRECISION, f"precision {precision:.3f}; wrong {sorted(found_pairs - labelled)}"


def test_no_mention_is_left_unresolved_on_the_seeds(seed_tables):
    assert (seed_tables["mentions"]["actor_id"] != "").all()


def test_mention_offsets_point_at_the_surface(seed_tables):
    sentences = seed_tables["sentences"].set_index("sentence_id")["text"]
    for row in seed_tables["mentions"].itertuples():
        assert sentences[row.sentence_id][row.start : row.end] == row.surface


def test_every_quote_of_the_seeds_with_its_speaker(seed_tables):
    quotes = seed_tables["quotes"]
    by_start = {row.quote[:30]: (row.speaker_actor_id, row.speaker_text) for row in quotes.itertuples()}
    assert by_start["The TSCF institutionalizes tri"] == ("us_dod", "the U.S. Department of Defense")
    assert by_start["is a starting point."] == ("rok_mnd", "a spokesperson for the ROK defense ministry")
    assert by_start["I cannot predict what might ha"] == ("rok_mnd", "the spokesperson")
    assert by_start["This involves regularizing the"] == ("ban_kil_joo", "Ban of Korea University")
    assert by_start["Domestic politics seem to be t"] == ("sebastian_maslow", "Sebastian Maslow")
    assert by_start["that does not come along often"] == ("", "a former U.S.-Japan alliance manager")
    assert by_start["We are still working on the sp"] == ("minoru_kihara", "Kihara")
    assert by_start["There are of course important "] == ("", "The former alliance manager")
    assert by_start["stronger bilateral cooperation"] == ("lloyd_austin", "Austin")
