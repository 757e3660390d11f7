import pytest

from dashboard.preprocessing.topic.definition import TopicFileError, topic_from_file, topic_from_rows, topic_in_folder
from tests.conftest import ROOT

STATEMENTS = [{"kind": stance, "text": f"{stance} statement {i}"} for stance in ("critical", "neutral", "supportive") for i in range(3)]


def test_the_shipped_topics_load():
    for path in sorted((ROOT / "data" / "topics").glob("*.csv")):
        topic = topic_from_file(path)
        assert topic.topic_id == path.stem and topic.title and topic.terms["name"]
        assert all(len(topic.statements[s]) >= 3 for s in ("critical", "neutral", "supportive"))


def test_rows_become_a_topic():
    rows = [
        {"kind": "title", "text": "The Pact"}, {"kind": "name", "text": "Grand  Pact"}, {"kind": "name", "text": "Grand Pact"},
        {"kind": "Reference", "text": "the pact"}, {"kind": "together", "text": "Ruritania | Ruritanian"},
        {"kind": "together", "text": "Freedonia"}, {"kind": "", "text": ""}, *STATEMENTS,
    ]
    topic = topic_from_rows("pact", rows, "pact.csv")
    assert topic.title == "The Pact"
    assert topic.terms["name"] == ("Grand Pact",)  # white space folded, repeats kept once
    assert topic.terms["reference"] == ("the pact",)
    assert topic.members == (("Ruritania", "Ruritanian"), ("Freedonia",))


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"kind": "nickname", "text": "x"}, *STATEMENTS], "unknown kind 'nickname'"),
        ([{"kind": "name", "text": " "}, *STATEMENTS], "the name row has no text"),
        (STATEMENTS, "no `name` row"),
        ([{"kind": "name", "text": "Pact"}, *STATEMENTS[:-1]], "2 `supportive` statements"),
    ],
)
def test_a_bad_topic_file_says_what_to_fix(rows, message):
    with pytest.raises(TopicFileError, match=message):
        topic_from_rows("pact", rows, "pact.csv")


def test_an_unknown_topic_names_the_ones_there_are(tmp_path):
    (tmp_path / "alpha.csv").write_text("kind,text\nname,Alpha\n", encoding="utf-8")
    with pytest.raises(TopicFileError, match=r"topics in .*: alpha"):
        topic_in_folder(tmp_path, "beta")


def test_a_file_without_the_header_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("type,value\nname,X\n", encoding="utf-8")
    with pytest.raises(TopicFileError, match="header lacks kind, text"):
        topic_from_file(path)
