"""The records the stages make by the hundred: equal and hashed by their fields, as frozen
dataclasses are (mypy holds them frozen: `make lint`), and they survive the map cache's pickles."""

import pickle

import pytest

from dashboard.preprocessing.actors.matching import Mention
from dashboard.preprocessing.records import record
from dashboard.preprocessing.sentences import Sentence


@record
class _Pair:
    left: str
    right: int = 0


def test_a_record_is_equal_and_hashed_by_its_fields():
    assert _Pair("a", 1) == _Pair("a", 1) != _Pair("a", 2)
    assert hash(_Pair("a", 1)) == hash(_Pair("a", 1))
    assert len({_Pair("a"), _Pair("a", 0), _Pair("b")}) == 2


@pytest.mark.parametrize("made", [Mention(3, "japan", "Tokyo", 0, 5, "alias"), Sentence(0, "Seoul agreed.", False)])
def test_a_stage_record_is_hashable_and_pickles_unchanged(made):
    assert hash(made) == hash(pickle.loads(pickle.dumps(made)))
    assert pickle.loads(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL)) == made
