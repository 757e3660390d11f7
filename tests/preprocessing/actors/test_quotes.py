import pytest

from dashboard.preprocessing.actors.quotes import quotes_in_sentences
from dashboard.preprocessing.sentences import sentences_from_paragraphs


def _quotes(matcher, sentences):
    mentions = matcher.mentions_in_sentences(sentences)
    is_quote = [s.is_quote for s in sentences_from_paragraphs(sentences)]
    return [(q.sentence, q.speaker_actor_id, q.speaker_text, q.quote) for q in quotes_in_sentences(sentences, is_quote, mentions, matcher.actor_types)]


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        (["“The pact is a milestone for us all,” the Pentagon said."], [(0, "us_dod", "the Pentagon", "The pact is a milestone for us all")]),
        (["“The pact is a milestone for us all,” said Lloyd Austin, smiling."], [(0, "lloyd_austin", "Lloyd Austin", "The pact is a milestone for us all")]),
        (["Lloyd Austin said: “The pact is a milestone for us all.”"], [(0, "lloyd_austin", "Lloyd Austin", "The pact is a milestone for us all.")]),
        (["“We will respond in kind to this,” a senior Japanese defense official said."],
         [(0, "japan", "a senior Japanese defense official", "We will respond in kind to this")]),
        (["“It is a starting point for us,” a former U.S.-Japan alliance manager said."],
         [(0, "", "a former U.S.-Japan alliance manager", "It is a starting point for us")]),
        (["Lloyd Austin told reporters the pact would last.", "“This will not change anything at all,” he said."],
         [(1, "lloyd_austin", "Lloyd Austin", "This will not change anything at all")]),
        (["Minoru Kihara said more was needed.", "“This involves regular meetings between officials.”"],
         [(1, "minoru_kihara", "Minoru Kihara", "This involves regular meetings between officials.")]),
        (["The ministers were “very pleased” with it."], []),
    ],
)
def test_speakers(matcher, sentences, expected):
    assert _quotes(matcher, sentences) == expected


def test_a_quote_without_attribution_after_unrelated_text_has_no_speaker(matcher):
    assert _quotes(matcher, ["The weather was fine.", "“Nobody could have predicted this outcome.”"]) == [
        (1, "", "", "Nobody could have predicted this outcome.")
    ]
