import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.preprocessing.frames.definition import KINDS, FramesFileError, frames_from_file, frames_from_rows
from tests.conftest import ROOT

GENERIC = [
    {"frame": "political", "kind": "name", "text": "Political"},
    {"frame": "political", "kind": "description", "text": "Politics."},
    {"frame": "political", "kind": "family", "text": "political"},
]


def _frame(frame_id: str, family: str = "political", cues: tuple[str, ...] = ("a cue",)) -> list[dict[str, str]]:
    return [
        {"frame": frame_id, "kind": "name", "text": frame_id.title()},
        {"frame": frame_id, "kind": "description", "text": f"About {frame_id}."},
        {"frame": frame_id, "kind": "family", "text": family},
        *({"frame": frame_id, "kind": "cue", "text": cue} for cue in cues),
    ]


def test_the_shipped_frames_load():
    frames = frames_from_file(ROOT / "data" / "frames.csv")
    ids = [frame.frame_id for frame in frames]
    assert {"nk_threat_deterrence", "china_bloc_confrontation", "russia_nk_alignment", "alliance_durability_politics",
            "historical_grievance", "institutionalisation_routine", "escalation_stability_risk"} < set(ids)
    generic = {frame.frame_id for frame in frames if frame.generic}
    assert generic == {"security_defence", "political", "economic", "legality", "public_opinion"}
    assert all(frame.family in generic and frame.name and frame.description for frame in frames)
    assert all(frame.cues for frame in frames) and all(frame.examples for frame in frames)


def test_rows_become_frames_in_file_order():
    rows = [*_frame("sado_mine", cues=("Sado  mine", "Sado mine", "forced labour")), *GENERIC, {"frame": "", "kind": "", "text": ""}]
    sado, political = frames_from_rows(rows, "frames.csv")
    assert sado.frame_id == "sado_mine" and sado.family == "political" and not sado.generic
    assert sado.cues == ("Sado mine", "forced labour")  # white space folded, repeats kept once
    assert political.generic


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([*GENERIC, {"frame": "political", "kind": "slogan", "text": "x"}], r"frames.csv, line 5: unknown kind 'slogan'"),
        ([*GENERIC, {"frame": "political", "kind": "cue", "text": "  "}], r"line 5: the cue row of political has no text"),
        ([*GENERIC, {"frame": "political", "kind": "name", "text": "Again"}], r"line 5: a second name row for political"),
        ([*GENERIC, *_frame("x")[1:]], r"line 5: frame x has no name row"),
        ([*GENERIC, *(r for r in _frame("x") if r["kind"] != "description")], r"frame x has no description row"),
        ([*GENERIC, *_frame("x", family="economic")], r"frame x has family 'economic', which is no generic frame of this file \(generic frames: political\)"),
        ([*GENERIC, *_frame("Bad Id")], r"line 5: frame id 'Bad Id'"),
        ([], r"no frames"),
    ],
)
def test_a_bad_frames_file_says_what_to_fix(rows, message):
    with pytest.raises(FramesFileError, match=message):
        frames_from_rows(rows, "frames.csv")


def test_a_missing_file_or_header_is_a_clear_error(tmp_path):
    with pytest.raises(FramesFileError, match="no such frames file"):
        frames_from_file(tmp_path / "absent.csv")
    (tmp_path / "f.csv").write_text("id,type,value\n", encoding="utf-8")
    with pytest.raises(FramesFileError, match="header lacks frame, kind, text"):
        frames_from_file(tmp_path / "f.csv")


CELLS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.one_of(CELLS, st.sampled_from(["political", "x"])), st.one_of(CELLS, st.sampled_from(KINDS)), CELLS), max_size=8))
def test_any_content_gives_frames_or_a_clear_error(tmp_path_factory, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["frame", "kind", "text"])
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("frames") / "frames.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    try:
        frames = frames_from_file(path)
    except FramesFileError as error:
        assert str(error).startswith(str(path))
    else:
        assert frames and all(frame.name and frame.description for frame in frames)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_give_frames_or_a_clear_error(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("frames") / "frames.csv"
    path.write_bytes(b"frame,kind,text\n" + content)
    try:
        frames_from_file(path)
    except FramesFileError as error:
        assert str(error).startswith(str(path))
