import numpy as np
import pytest

from dashboard import target_sentiment, target_sentiment_probabilities
from dashboard.preprocessing.sentiment.evaluation import evaluation_of, newsmtsc_targets
from dashboard.preprocessing.sentiment.target_model import CLASSES, shipped_model
from tests.conftest import ROOT

NEWSMTSC = ROOT.parent / "shared" / "newsmtsc"
MIN_MACRO_F1 = 0.60


def _span(sentence, target):
    start = sentence.index(target)
    return sentence, start, start + len(target)


@pytest.mark.parametrize(
    ("sentence", "target", "expected"),
    [
        ("Critics slammed Pyongyang for its reckless and dangerous missile provocations.", "Pyongyang", "negative"),
        ("Seoul praised the framework as a historic achievement that will strengthen peace.", "the framework", "positive"),
        ("The ministers met in Tokyo on Sunday.", "Tokyo", "neutral"),
    ],
)
def test_target_sentiment_on_clear_sentences(sentence, target, expected):
    assert target_sentiment(*_span(sentence, target)) == expected


def test_one_sentence_two_targets_two_verdicts():
    sentence = "Seoul won praise for its restraint, while Pyongyang was condemned for its reckless provocations."
    assert target_sentiment(*_span(sentence, "Seoul")) == "positive"
    assert target_sentiment(*_span(sentence, "Pyongyang")) == "negative"


def test_batch_probabilities():
    targets = [_span("The ministers met in Tokyo on Sunday.", "Tokyo"), _span("Critics slammed Pyongyang.", "Pyongyang")]
    probabilities = target_sentiment_probabilities(targets)
    assert probabilities.shape == (2, 3)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert [CLASSES[i] for i in probabilities.argmax(axis=1)] == [target_sentiment(*t) for t in targets]
    assert target_sentiment_probabilities([]).shape == (0, 3)


# Pinned on the model as it was before inference was vectorised (one target at a time).
@pytest.mark.parametrize(
    ("sentence", "target", "probabilities"),
    [
        ("Critics slammed Pyongyang for its reckless and dangerous missile provocations.", "Pyongyang",
         (0.976079843281, 0.020890039534, 0.003030117186)),
        ("Seoul won praise for its restraint, while Pyongyang was condemned for its reckless provocations.", "Seoul",
         (0.066250723232, 0.056020665743, 0.877728611024)),
        ("Seoul won praise for its restraint, while Pyongyang was condemned for its reckless provocations.", "Pyongyang",
         (0.742532064476, 0.145000536794, 0.112467398729)),
        ("“Tokyo will not back down,” said Kihara.", "Kihara", (0.150507507142, 0.806233952124, 0.043258540734)),
        ("Japan", "Japan", (0.005236258797, 0.88905352368, 0.105710217523)),
        ("Seoul's ministers met Tokyo's.", "Seoul", (0.107237068438, 0.42548175781, 0.467281173752)),
    ],
)
def test_probabilities_are_pinned(sentence, target, probabilities):
    assert shipped_model().probabilities(*_span(sentence, target)) == pytest.approx(probabilities, abs=1e-9)
    assert shipped_model().probabilities_of_targets([_span(sentence, target)])[0] == pytest.approx(probabilities, abs=1e-9)


def test_a_batch_scores_each_target_as_it_scores_it_alone():
    sentence = "Seoul won praise for its restraint, while Pyongyang was condemned for its reckless provocations."
    targets = [_span(sentence, "Seoul"), _span(sentence, "Pyongyang"), _span("Japan", "Japan"), ("zzqx", 0, 4)]
    batch = shipped_model().probabilities_of_targets(targets)
    for row, target in zip(batch, targets, strict=True):
        assert row == pytest.approx(shipped_model().probabilities_of_targets([target])[0], abs=1e-12)
    assert not np.allclose(batch[0], batch[1])


def test_shipped_model_is_small_and_whole():
    model = shipped_model()
    assert model.word_weights.shape == (3, len(model.vocabulary)) == (3, len(model.idf))
    assert model.number_weights.shape[0] == 3


@pytest.mark.skipif(not NEWSMTSC.is_dir(), reason="../shared/newsmtsc (the NewsMTSC devtest files) is not beside this clone")
@pytest.mark.parametrize("name", ["devtest_rw.jsonl", "devtest_mt.jsonl"])
def test_macro_f1_on_newsmtsc_devtest(name):
    targets = newsmtsc_targets(NEWSMTSC / name)
    predicted = [CLASSES[i] for i in target_sentiment_probabilities([(s, a, b) for s, a, b, _ in targets]).argmax(axis=1)]
    assert evaluation_of([label for *_, label in targets], predicted).macro_f1 >= MIN_MACRO_F1


@pytest.mark.skipif(not NEWSMTSC.is_dir(), reason="../shared/newsmtsc (NewsMTSC train.jsonl) is not beside this clone")
def test_refitting_reproduces_the_shipped_model(tmp_path):
    import subprocess
    import sys

    from dashboard.preprocessing.sentiment.target_model import target_sentiment_model_from_file

    out = tmp_path / "refit.npz"
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.preprocessing.sentiment.fit_target_model", "--newsmtsc", str(NEWSMTSC), "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "chosen C=" in result.stdout
    refit, shipped = target_sentiment_model_from_file(out), shipped_model()
    targets = [(s, a, b) for s, a, b, _ in newsmtsc_targets(NEWSMTSC / "train.jsonl")[:500]]
    agreement = np.mean([refit.probabilities(*t).argmax() == shipped.probabilities(*t).argmax() for t in targets])
    assert agreement >= 0.99
