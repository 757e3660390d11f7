import pytest

from dashboard.preprocessing.sentences import sentence_texts, sentences_from_paragraphs


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("The U.S. and Japan met. Seoul agreed.", ["The U.S. and Japan met.", "Seoul agreed."]),
        ("Gen. Charles Brown spoke. He left.", ["Gen. Charles Brown spoke.", "He left."]),
        ("It ranks No. 2 in Asia. Others follow.", ["It ranks No. 2 in Asia.", "Others follow."]),
        ("Growth was 3.5 percent. Costs rose $1.5 billion.", ["Growth was 3.5 percent.", "Costs rose $1.5 billion."]),
        ("Since the Camp David summit in Aug. 2023, ties grew.", ["Since the Camp David summit in Aug. 2023, ties grew."]),
        ("“We are ready,” he said. “Are you?”", ["“We are ready,” he said.", "“Are you?”"]),
        ("Lloyd J. Austin III spoke at 5 p.m. on Monday.", ["Lloyd J. Austin III spoke at 5 p.m. on Monday."]),
        ("U.S.-Japan ties grew. Mr. Kim left.", ["U.S.-Japan ties grew.", "Mr. Kim left."]),
    ],
)
def test_sentence_texts(paragraph, expected):
    assert sentence_texts(paragraph) == expected


def test_a_closed_quotation_stays_one_sentence():
    text = "“This is the first step. It will not be the last. We will go further,” he said. Then he left."
    assert sentence_texts(text) == ["“This is the first step. It will not be the last. We will go further,” he said.", "Then he left."]


def test_quotes_are_marked():
    sentences = sentences_from_paragraphs(
        [
            "“The TSCF institutionalizes trilateral security cooperation,” the Pentagon said.",
            "It could deepen the “security dilemma” faced by Seoul.",
            # News style: a quotation running on into the next paragraph is not closed here.
            "“This is the first step in a long process. It will not be the last one, we believe.",
            "Officials declined to comment. The ministry said “it will respond in due course” to questions.",
        ]
    )
    assert [(s.paragraph, s.is_quote) for s in sentences] == [
        (0, True),
        (1, False),
        (2, True),
        (2, True),
        (3, False),
        (3, True),
    ]
