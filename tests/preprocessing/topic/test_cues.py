import numpy as np
import pytest

from dashboard.preprocessing.topic.cues import CuesFileError, cue_matcher, cues_from_file
from dashboard.preprocessing.topic.definition import topic_in_folder
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def cues():
    return cue_matcher(cues_from_file(ROOT / "data" / "stance_cues.csv"), topic_in_folder(ROOT / "data" / "topics", "tscf"))


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("The puppet regime and its so-called allies gathered.", (2, 0, 0)),
        ("The Asian NATO drags the region into a new Cold War.", (2, 0, 0)),
        ("Seoul was dragged into bloc politics.", (2, 0, 0)),
        ("The ministers reaffirmed their ironclad commitment to peace and stability.", (0, 3, 0)),
        ('The "defensive" drills began.', (0, 0, 1)),
        ("Puppets and PUPPET and puppetry.", (2, 0, 0)),
        ("The ministers met in Tokyo.", (0, 0, 0)),
        # Pinned on the matcher as it was before the literal prefilter.
        ("The ſo-called puppets.", (2, 0, 0)),
        ("The hegemonİsm of ſtooges.", (2, 0, 0)),
        ("bloc confrontation and bloc politics in a military bloc", (3, 0, 0)),
        ("A new Cold War mentality and a new Cold War.", (2, 0, 0)),
        ("zero-sum zero sum zero‐sum", (3, 0, 0)),
        ("He welcomed and welcomes the welcome.", (0, 3, 0)),
        ("peace and stability, peace  and stability", (0, 2, 0)),
        ("Rules-based order; rules based.", (0, 2, 0)),
        ('The "defensive" drills and “so-called” peace.', (1, 0, 2)),
        ("‘purely defensive’ drills", (0, 0, 1)),
        ('"a b c d" quoted', (0, 0, 0)),
        ('"word"s', (0, 0, 0)),
        ("the lackeys' war games and war-games", (2, 0, 0)),
        ("", (0, 0, 0)),
        ("Asian NATO, mini-NATO and tripartite military bloc", (3, 0, 0)),
        ("hegemonyhegemonic", (0, 0, 0)),
        ("institutionalised institutionalized institutionalise", (0, 3, 0)),
        ("HISTORIC STEP FORWARD", (0, 2, 0)),
    ],
)
def test_cue_counts(cues, sentence, counts):
    assert cues.counts(sentence) == counts


def test_a_cue_of_unknown_stance_is_refused(tmp_path):
    path = tmp_path / "cues.csv"
    path.write_text("cue,stance\npuppet,angry\n", encoding="utf-8")
    with pytest.raises(CuesFileError, match="line 2: stance 'angry'"):
        cues_from_file(path)


def test_cue_features_are_log_counts_one_row_per_sentence(cues):
    features = cues.features(["The puppet regime and its so-called allies gathered.", 'The "defensive" drills.', "Rain."])
    assert features.shape == (3, 3)
    assert np.allclose(features, np.log1p([[2, 0, 0], [0, 0, 1], [0, 0, 0]]))
    assert cues.features([]).shape == (0, 3)
