"""The accurate target sentiment model (fine-tuned MiniLM, int8 ONNX), run without torch.

Scores are measured on NewsMTSC (Hamborg & Donnay, EACL 2021; data MIT-licensed,
copyright 2020 Felix Hamborg); the devtest files are read only here, never to choose anything.
"""

import numpy as np
import pytest

from dashboard.preprocessing.sentiment.accurate_target_model import (
    MAX_TOKENS,
    encoded_targets,
    load_tokenizer,
    shipped_accurate_model,
)
from dashboard.preprocessing.sentiment.evaluation import evaluation_of, newsmtsc_targets
from dashboard.preprocessing.sentiment.target_model import CLASSES
from tests.conftest import ROOT

NEWSMTSC = ROOT.parent / "shared" / "newsmtsc"
# Measured once on the devtest files with the shipped model (rw 77.9, mt 75.2), less one point.
MIN_MACRO_F1 = {"devtest_rw.jsonl": 0.769, "devtest_mt.jsonl": 0.742}

SENATOR = "The senator praised the governor but attacked the mayor."


def _span(sentence, target):
    start = sentence.index(target)
    return sentence, start, start + len(target)


TARGETS = [
    _span(SENATOR, "governor"),
    _span(SENATOR, "mayor"),
    _span("The ministers met in Tokyo on Sunday.", "Tokyo"),
    _span("Critics slammed Pyongyang for its reckless and dangerous missile provocations.", "Pyongyang"),
    _span("Seoul praised the framework as a historic achievement that will strengthen peace.", "the framework"),
    _span("Hackers breached the utility's network, officials said on Monday after a week of silence " * 10 + "and the FBI was praised.", "the FBI"),
]


def test_probabilities_have_one_row_per_target_and_sum_to_one():
    probabilities = shipped_accurate_model().probabilities_of_targets(TARGETS)
    assert probabilities.shape == (len(TARGETS), 3)
    assert np.all(probabilities >= 0)
    assert np.allclose(probabilities.sum(axis=1), 1.0)


def test_batched_equals_one_by_one():
    # Dynamic int8 quantisation scales activations per batch, so a target's probabilities move a
    # little with its batch-mates (measured: at most a few hundredths); rows swapped or misplaced
    # by the sort-and-restore would move far more.
    model = shipped_accurate_model()
    batched = model.probabilities_of_targets(TARGETS, batch_size=4)
    single = np.vstack([model.probabilities(*target) for target in TARGETS])
    assert np.allclose(batched, single, atol=0.08)
    assert (batched.argmax(axis=1) == single.argmax(axis=1)).all()


def test_order_of_the_input_is_restored():
    # One batch holding the same targets in another order computes the same numbers.
    model = shipped_accurate_model()
    forward = model.probabilities_of_targets(TARGETS)
    backward = model.probabilities_of_targets(TARGETS[::-1])[::-1]
    assert np.allclose(forward, backward, atol=1e-5)
    assert not np.allclose(forward[0], forward[2], atol=0.1)


def test_the_target_matters():
    governor, mayor = shipped_accurate_model().probabilities_of_targets(TARGETS[:2])
    positive, negative = CLASSES.index("positive"), CLASSES.index("negative")
    assert governor[positive] > mayor[positive]
    assert mayor[negative] > governor[negative]


def test_clear_sentences():
    labels = shipped_accurate_model().labels_of_targets(TARGETS[2:5])
    assert labels == ["neutral", "negative", "positive"]


def test_empty_input():
    assert shipped_accurate_model().probabilities_of_targets([]).shape == (0, 3)


def test_long_sentence_is_cut_around_the_target():
    (row,) = encoded_targets(load_tokenizer(), [TARGETS[-1]])
    assert len(row.input_ids) <= MAX_TOKENS
    tokenizer = load_tokenizer()
    assert [tokenizer.id_to_token(i) for i, m in zip(row.input_ids, row.target_mask, strict=True) if m] == ["the", "fbi"]


@pytest.mark.skipif(not NEWSMTSC.is_dir(), reason="../shared/newsmtsc (the NewsMTSC devtest files) is not beside this clone")
@pytest.mark.parametrize("name", ["devtest_rw.jsonl", "devtest_mt.jsonl"])
def test_macro_f1_on_newsmtsc_devtest(name):
    targets = newsmtsc_targets(NEWSMTSC / name)
    predicted = shipped_accurate_model().labels_of_targets([(s, a, b) for s, a, b, _ in targets])
    assert evaluation_of([label for *_, label in targets], predicted).macro_f1 >= MIN_MACRO_F1[name]
