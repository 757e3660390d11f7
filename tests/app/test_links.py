import pytest

from dashboard.app.links import LinkChoice, choice_from_link

IDS = ["minoru_kihara", "lloyd_austin", "kim_a", "kim_b"]
LABELS = {"minoru_kihara": "Minoru Kihara", "lloyd_austin": "Lloyd Austin", "kim_a": "Kim", "kim_b": "Kim"}


@pytest.mark.parametrize(
    ("value", "chosen", "notice"),
    [
        (None, None, ""),
        ("", None, ""),
        ("lloyd_austin", "lloyd_austin", ""),
        # Links made before ids: the display name still works when it names one actor.
        ("Lloyd Austin", "lloyd_austin", ""),
        ("  lloyd austin ", "lloyd_austin", ""),
        ("Kim", None, "names 2 actors called 'Kim'"),
        ("xyz", None, "No actor 'xyz' in the articles shown"),
    ],
)
def test_choice_from_link(value, chosen, notice):
    choice = choice_from_link(value, IDS, LABELS, "actor")
    assert choice.chosen == chosen
    assert notice in choice.notice and (bool(choice.notice) == bool(notice))


def test_a_link_choice_without_a_value_is_silent():
    assert choice_from_link(None, IDS, LABELS, "actor") == LinkChoice(None, "")
