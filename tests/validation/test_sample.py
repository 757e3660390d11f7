import pandas as pd
import pytest

from dashboard.validation.sample import next_to_label, outlet_quotas, stratified_sample


@pytest.mark.parametrize(
    ("counts", "size", "quotas"),
    [
        ({"A": 60, "B": 30, "C": 10}, 10, {"A": 6, "B": 3, "C": 1}),
        ({"A": 98, "B": 1, "C": 1}, 10, {"A": 8, "B": 1, "C": 1}),
        ({"A": 5, "B": 5, "C": 5}, 2, {"A": 1, "B": 1, "C": 0}),
        ({"A": 2, "B": 1}, 30, {"A": 2, "B": 1}),
    ],
)
def test_outlet_quotas_follow_each_outlets_share(counts, size, quotas):
    assert outlet_quotas(counts, size) == quotas
    assert sum(quotas.values()) == min(size, sum(counts.values()))


def test_the_sample_is_seeded_stratified_and_the_same_for_every_run():
    articles = pd.DataFrame({"article_id": [f"a{n}" for n in range(40)], "outlet": ["A"] * 30 + ["B"] * 8 + ["C"] * 2})
    first = stratified_sample(articles, 10, seed=7)
    assert first == stratified_sample(articles.sample(frac=1, random_state=1), 10, seed=7)
    assert first != stratified_sample(articles, 10, seed=8)
    outlets = articles.set_index("article_id").loc[first, "outlet"].value_counts().to_dict()
    assert outlets == {"A": 7, "B": 2, "C": 1} and len(set(first)) == 10


def test_a_coder_who_comes_back_continues_where_they_stopped():
    sample = ["a3", "a1", "a7"]
    assert next_to_label(sample, []) == "a3"
    assert next_to_label(sample, ["a3", "a9"]) == "a1"
    assert next_to_label(sample, sample) is None


def test_active_candidates_put_the_least_sure_first_then_the_least_labelled_outlets():
    from dashboard.validation.sample import active_candidates

    articles = pd.DataFrame({
        "article_id": ["sure", "edge", "thin", "done", "edge_b", "none"],
        "outlet": ["A", "A", "B", "A", "B", "C"],
        "topic_score": [0.9, 0.12, 0.8, 0.11, 0.12, None],
        "topic_sentences": [9, 6, 1, 6, 6, 0],
    })
    labels = pd.DataFrame({"article_id": ["done"]})
    order = active_candidates(articles, labels, band=0.1)
    assert order[:2] == ["none", "thin"]  # no stance, one sentence: the tool is least sure
    assert order[2:4] == ["edge_b", "edge"]  # equally near the threshold: outlet B has no label yet, A one
    assert order[-1] == "sure" and "done" not in order
