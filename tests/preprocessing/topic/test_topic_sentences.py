import pytest

from dashboard.preprocessing.topic.definition import topic_in_folder
from dashboard.preprocessing.topic.topic_sentences import topic_matcher
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def matcher():
    return topic_matcher(topic_in_folder(ROOT / "data" / "topics", "tscf"))


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The Trilateral Security Cooperation Framework was signed in Tokyo.", "name"),
        ("Officials said the TSCF takes effect at once.", "name"),
        ("The pact was signed on Sunday.", "generic_reference"),
        ("This new pact will not last.", "generic_reference"),
        ("The so-called trilateral framework is a sham.", "generic_reference"),
        # Members named together outrank a generic reference.
        ("The US, Japan and South Korea signed the pact.", "together"),
        ("Trilateral security cooperation has deepened.", "reference"),
        ("Critics call it an Asian NATO.", "detractor_name"),
        ("They call it a mini NATO.", "detractor_name"),
        ("The tripartite military bloc is doomed.", "detractor_name"),
        ("The Freedom Edge exercise ended on Friday.", "part"),
        ("Real-time sharing of missile warning data began in December.", "part"),
        ("The US, Japan and South Korea held talks.", "together"),
        ("US-Japan-ROK drills began.", "together"),
        ("Washington, Tokyo and Seoul agreed.", "together"),
        # Not about the topic.
        ("Let us talk about it.", None),
        ("The US and Japan held talks.", None),
        ("North Korea fired a missile toward Japan, the US said.", None),
        ("The weather was fine.", None),
    ],
)
def test_reference_kind(matcher, sentence, kind):
    assert matcher.reference_kind(sentence) == kind


@pytest.mark.parametrize(
    ("headline", "kind"),
    [
        ("Seoul defends pact as purely defensive", "generic_reference"),
        ("KCNA slams US-Japan-ROK military framework", "together"),
        ("Trilateral cooperation at risk", "reference"),
        ("Stocks rally in Tokyo", None),
    ],
)
def test_headlines_may_drop_the_article(matcher, headline, kind):
    assert matcher.headline_kind(headline) == kind


def test_a_sentence_that_points_back_is_about_the_topic(matcher):
    sentences = ["The pact was signed.", "It covers drills and data.", "This is new.", "Rain fell.", "It was cold."]
    assert matcher.reference_kinds(sentences) == ["generic_reference", "back_reference", "back_reference", None, None]


def test_members_named_across_an_article(matcher):
    assert matcher.members_named(["Seoul and Tokyo met.", "Washington said nothing."]) == 3
    assert matcher.members_named(["Tokyo hosted the talks."]) == 1
