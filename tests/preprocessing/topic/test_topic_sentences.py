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


# Pinned on the matcher as it was before the literal prefilter (one regex search per kind
# and sentence): hyphens, spaces, case, letters that only case-fold to ASCII ("İ", "ſ"),
# words inside words, and sentences that point back.
@pytest.mark.parametrize(
    ("sentences", "kinds"),
    [
        (["The TSCF was signed.", "It covers drills.", "Rain fell.", "It was cold."], ["name", "back_reference", None, None]),
        (["TRILATERAL SECURITY COOPERATION has deepened.", "tscf officials met.", "The tscf is new."], ["reference", None, None]),
        (["Trİlateral cooperation grew.", "The ſo-called pact is a sham.", "This is new."], ["reference", "generic_reference", "back_reference"]),
        (["Critics call it a mini‐NATO.", "They call it a mini NATO.", "Others say miniNATO.", "Or mini–NATO."], ["detractor_name"] * 4),
        (["The U.S., Japan and South Korea met.", "The US and Tokyo met in Seoul.", "USA, Japanese and ROK officials met."], ["together"] * 3),
        (["Washington, Tokyo and Seoul agreed.", "Such a step is rare.", "the move was welcomed.", "“It is good,” he said."],
         ["together", "back_reference", "back_reference", "back_reference"]),
        (["US–Japan–South Korea ties grew.", "Americans, Japanese and South Koreans voted."], ["together", "together"]),
        (["The Freedom Edge exercise ended.", "Freedom  Edge\u00a0exercise again.", "freedom edge", "FreedomEdge is one word."],
         ["part", "part", "part", None]),
        (["Real-time sharing of missile warning data began.", "real time missile warning data sharing", "missile-warning data"],
         ["part", "part", None]),
        (["Their new trilateral framework is doomed.", "Such a landmark pact.", "an accord", "the historic proposed pact"], ["generic_reference"] * 4),
        (["The Camp David summit", "camp david", "The spirit of Camp David lives.", "Camp Davids"], ["reference", "reference", "reference", None]),
        (["Pacts are signed.", "The pacts were signed.", "The impact was large.", "compact frameworks"], [None] * 4),
        (["", " ", "...", "It", '"It" was said.'], [None] * 5),
        (["The deal raises pay.", "It runs two years.", "The memorandum of cooperation on trilateral security was signed."],
         ["generic_reference", "back_reference", "name"]),
        (["Asian version of NATO", "ASIAN NATO", "asian-nato", "Tripartite military bloc"], ["detractor_name", "detractor_name", None, "detractor_name"]),
        (["Trİpartite military bloc", "The trilateral ſecretariat", "Freedom Edge"], ["detractor_name", "part", "part"]),
        (["Seoul's Yoon Suk Yeol and Kishida met Biden.", "Shin Won-sik and Kihara met Austin.", "The Pentagon, Tokyo and the ROK"], ["together"] * 3),
    ],
)
def test_reference_kinds_of_an_article(matcher, sentences, kinds):
    assert matcher.reference_kinds(sentences) == kinds


@pytest.mark.parametrize(
    ("headline", "kind"),
    [
        ("New pact draws fire", "generic_reference"), ("Three-way pact", "generic_reference"), ("Framework signed", "generic_reference"),
        ("PACT SIGNED", "generic_reference"), ("Trilateral", "generic_reference"), ("Camp David spirit", "reference"), ("", None),
    ],
)
def test_headline_kinds_pinned(matcher, headline, kind):
    assert matcher.headline_kind(headline) == kind


@pytest.mark.parametrize(
    ("texts", "named"),
    [([""], 0), (["the us and japan"], 1), (["US, Japanese, ROK"], 3), (["U.S.", "Shin Won-sik"], 2), (["Americanism", "Tokyoite", "Seoulful"], 0)],
)
def test_members_named_pinned(matcher, texts, named):
    assert matcher.members_named(texts) == named
