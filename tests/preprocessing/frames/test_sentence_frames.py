from dataclasses import replace

import numpy as np
import pytest

from dashboard.preprocessing.frames.definition import Frame, frames_from_file
from dashboard.preprocessing.frames.sentence_frames import (
    CUE,
    CUE_AND_SIMILARITY,
    HEADLINE,
    SIMILARITY,
    FrameSettings,
    article_frame_counts,
    article_frames_of,
    cue_score,
    frame_engine,
    frame_engine_for,
    matched_cues,
    settings_from_file,
)
from tests.conftest import ROOT

SETTINGS = FrameSettings(cue_weight=0.6, cue_veto=0.2, similarity_threshold=0.5, generic_threshold=0.5, max_similar=1, margin=0.0)
FRAMES = (
    Frame("grievance", "Grievance", "The past.", "political", ("forced labour", "forced labor", "Sado mine", "comfort women", "ICBM"), ()),
    Frame("routine", "Routine", "Routine.", "political", ("institutionalize", "rotate hosting", "Freedom Edge", "mini-NATO"), ()),
    Frame("political", "Political", "Politics.", "political", ("election", "parliament"), ()),
)


@pytest.fixture(scope="module")
def shipped_frames():
    return frames_from_file(ROOT / "data" / "frames.csv")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Victims of FORCED LABOUR gathered outside.", {0: ("forced labour",)}),
        ("Forced labor and the Sado mine were not mentioned.", {0: ("forced labor", "Sado mine")}),
        ("The enforced laboury of it.", {}),  # word-bounded: no cue inside other words
        ("They agreed to institutionalize ties and to rotate  hosting.", {1: ("institutionalize", "rotate hosting")}),
        ("They agreed to institutionalize-ties.", {1: ("institutionalize",)}),  # a hyphen bounds a word
        ("The Freedom  Edge drill and a mini NATO, or a mini‐NATO.", {1: ("Freedom Edge", "mini-NATO")}),  # a hyphen in a cue: any hyphen or space
        ("The Freedom-Edge drill.", {}),  # a space in a cue: white space only
        ("An ICBM launch.", {0: ("ICBM",)}),
        ("An icbm launch.", {}),  # a cue in capitals is matched as written ("US" is not "us")
        ("The election and the parliament.", {2: ("election", "parliament")}),
        ("Nothing of the kind here.", {}),
    ],
)
def test_cues_are_found_case_insensitive_and_word_bounded(text, expected):
    assert matched_cues(text, frame_engine(FRAMES, SETTINGS).search) == expected


def test_a_cue_counts_once_and_the_longer_of_two_overlapping_cues_wins():
    frame = Frame("nk", "NK", "NK.", "nk", ("missile warning", "missile warning data", "warning"), ())
    engine = frame_engine((frame,), SETTINGS)
    assert matched_cues("Missile warning data, and more missile warning data.", engine.search) == {0: ("missile warning data",)}


def test_cue_only_frames_score_by_the_number_of_cues_and_name_them():
    engine = frame_engine(FRAMES, SETTINGS)
    result = article_frames_of("Sado mine row", ["Forced labour at the Sado mine.", "The election is near.", "Nothing."], engine)
    assert [(f.sentence, f.frame, f.method, f.cue) for f in result.sentences] == [
        (HEADLINE, "grievance", CUE, "Sado mine"), (0, "grievance", CUE, "forced labour|Sado mine"), (1, "political", CUE, "election"),
    ]
    assert result.sentences[1].score == pytest.approx(cue_score(2, 0.6)) == pytest.approx(0.84)
    assert article_frame_counts(result) == {"grievance": 1, "political": 1}  # the headline is not counted


def test_a_generic_frame_is_given_only_where_no_event_frame_fits():
    engine = frame_engine(FRAMES, SETTINGS)
    (only,) = article_frames_of("", ["Forced labour came up in parliament."], engine).sentences
    assert only.frame == "grievance"


def _embedding_engine(vectors: dict[str, list[float]], settings: FrameSettings = SETTINGS):
    def embed(texts):
        rows = np.array([vectors[text] for text in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    return frame_engine(FRAMES, settings, embed)


VECTORS = {
    "The past.": [1, 0, 0], "Routine.": [0, 1, 0], "Politics.": [0, 0, 1],
    "Near the past.": [1, 0.1, 0], "Between.": [1, 0.9, 0.2], "Forced labour, said no one.": [0, 0.05, 1], "Nowhere.": [-1, -1, -1],
}


def test_similarity_gives_the_closest_frame_without_a_cue_and_vetoes_a_stray_cue():
    engine = _embedding_engine(VECTORS)
    frames = article_frames_of("", ["Near the past.", "Between.", "Forced labour, said no one.", "Nowhere."], engine).sentences
    assert [(f.sentence, f.frame, f.method) for f in frames] == [(0, "grievance", SIMILARITY), (1, "grievance", SIMILARITY), (2, "political", SIMILARITY)]
    assert all(0 <= f.score <= 1 for f in frames)


def test_a_cue_in_a_sentence_close_to_its_frame_is_cue_and_similarity():
    engine = _embedding_engine({**VECTORS, "Forced labour at the mine.": [1, 0, 0.1]})
    (frame,) = article_frames_of("", ["Forced labour at the mine."], engine).sentences
    assert (frame.frame, frame.method, frame.cue) == ("grievance", CUE_AND_SIMILARITY, "forced labour")
    assert frame.score > cue_score(1, SETTINGS.cue_weight)


def test_similarity_may_give_two_frames_when_the_settings_allow():
    engine = _embedding_engine(VECTORS, replace(SETTINGS, max_similar=2))
    frames = article_frames_of("", ["Between."], engine).sentences
    assert {f.frame for f in frames} == {"grievance", "routine"}


def test_the_shipped_settings_load_and_the_shipped_engine_frames_a_clear_sentence(shipped_frames):
    assert settings_from_file().max_similar >= 1
    text = "North Korea fired another ballistic missile, and the allies vowed to strengthen extended deterrence."
    fast = article_frames_of("", [text], frame_engine_for(shipped_frames, cue_only=True)).sentences
    assert {(f.frame, f.method) for f in fast} == {("nk_threat_deterrence", CUE)}
    accurate = article_frames_of("", [text], frame_engine_for(shipped_frames, cue_only=False, threads=1)).sentences
    assert ("nk_threat_deterrence", CUE_AND_SIMILARITY) in {(f.frame, f.method) for f in accurate}
