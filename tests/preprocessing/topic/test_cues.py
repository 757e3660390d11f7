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
    ],
)
def test_cue_counts(cues, sentence, counts):
    assert cues.counts(sentence) == counts


def test_a_cue_of_unknown_stance_is_refused(tmp_path):
    path = tmp_path / "cues.csv"
    path.write_text("cue,stance\npuppet,angry\n", encoding="utf-8")
    with pytest.raises(CuesFileError, match="line 2: stance 'angry'"):
        cues_from_file(path)
