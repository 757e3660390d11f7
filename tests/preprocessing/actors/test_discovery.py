import pytest

from dashboard.preprocessing.actors.article_actors import article_actors
from dashboard.preprocessing.actors.discovery import kind_guess_of


def _names(matcher, sentence):
    return [(s.name, s.kind_guess) for s in article_actors([sentence], [False], matcher).names]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The images were taken by Muhammad Farhad for the agency.", [("Muhammad Farhad", "person")]),
        ("Researchers at the Asia Policy Institute agreed.", [("Asia Policy Institute", "organization")]),
        ("“It matters,” said Park, a lawmaker.", [("Park", "person")]),
        ("Professor Lee Sang-hyun disagreed.", [("Lee Sang-hyun", "person")]),
        ("South Korea and THAAD were discussed.", [("THAAD", "other")]),
        ("Lloyd Austin and Minoru Kihara met in Tokyo.", []),
        ("WHY IT MATTERS", []),
        ("Preceding Sunday’s talks, nothing happened.", []),
        ("Tension in the South China Sea rose.", []),
    ],
)
def test_names_in_sentence(matcher, sentence, expected):
    assert _names(matcher, sentence) == expected


@pytest.mark.parametrize(
    ("name", "kind"),
    [("World War II", "event"), ("Sado Island", "place"), ("Erin Scott", "person"), ("Getty Images Plus", "organization"), ("DMZ", "other")],
)
def test_kind_guess_of(name, kind):
    assert kind_guess_of(name) == kind


def test_the_parts_of_a_run_outside_known_names_are_offered(matcher):
    # "Lloyd Austin" and "Korea University" are known; the rest of each run is looked at.
    sentences = ["Lloyd Austin spoke.", "The U.S. THAAD system and Ban of Korea University were discussed."]
    names = [(s.name, s.kind_guess) for s in article_actors(sentences, [False, False], matcher).names]
    assert names == [("THAAD", "other")]
