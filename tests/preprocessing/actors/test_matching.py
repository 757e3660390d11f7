import pytest

from dashboard.preprocessing.actors.dictionary import ActorsFileError, actor_dictionary_from_rows
from dashboard.preprocessing.actors.matching import ActorMatcher


def _ids(matcher, text):
    return [(m.actor_id, m.surface, m.kind) for m in matcher.mentions_in_sentences([text])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The US and Japan met.", [("usa", "US", "acronym"), ("japan", "Japan", "name")]),
        ("Let us meet in Tokyo.", [("japan", "Tokyo", "capital")]),
        ("U.S.-Japan ties and ROK-Japan ties.", [("usa", "U.S.", "acronym"), ("japan", "Japan", "name"), ("south_korea", "ROK", "acronym"), ("japan", "Japan", "name")]),
        ("Japanese and Chinese officials.", [("japan", "Japanese", "demonym"), ("china", "Chinese", "demonym")]),
        ("Ships in the South China Sea.", []),
        ("Missiles fell into the Sea of Japan.", []),
        ("Peace on the Korean Peninsula and the Korean peninsula.", []),
        ("Ban teaches at Korea University.", [("", "Ban", "surname"), ("korea_university", "Korea University", "name")]),
        ("Tension in the Taiwan Strait.", []),
        ("Washington and Pyongyang traded barbs.", [("usa", "Washington", "capital"), ("north_korea", "Pyongyang", "capital")]),
        ("The Democratic People’s Republic of Korea fired.", [("north_korea", "Democratic People’s Republic of Korea", "official_name")]),
        ("USAF and USA", [("us_air_force", "USAF", "acronym"), ("usa", "USA", "acronym")]),
        ("The framework was signed.", [("tscf", "The framework", "name")]),
        ("Japan’s and Australia's interests", [("japan", "Japan", "name"), ("australia", "Australia", "name")]),
        ("Japanese-style", [("japan", "Japanese", "demonym")]),
        ("Japanesey Chinatown USAID", []),
        ("The Japan Times reported.", []),
    ],
)
def test_matching_rules_and_place_name_traps(matcher, text, expected):
    assert _ids(matcher, text) == expected


def test_a_surname_marked_in_the_dictionary_resolves_alone_and_the_full_name_still_wins(matcher):
    alone = matcher.mentions_in_sentences(["Kihara spoke.", "Defense Secretary Austin listened."])
    assert [(m.actor_id, m.surface, m.kind) for m in alone] == [("minoru_kihara", "Kihara", "surname"), ("lloyd_austin", "Austin", "surname")]
    named = matcher.mentions_in_sentences(["Kihara spoke first.", "Minoru Kihara and Lloyd Austin met.", "Defense Secretary Austin listened."])
    assert [(m.actor_id, m.surface) for m in named] == [
        ("minoru_kihara", "Kihara"), ("minoru_kihara", "Minoru Kihara"), ("lloyd_austin", "Lloyd Austin"), ("lloyd_austin", "Austin"),
    ]


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        # Not marked: a surname alone stays unresolved.
        (["Maslow disagreed."], ""),
        (["Sebastian Maslow spoke.", "Maslow disagreed."], "sebastian_maslow"),
        # Common surnames never stand alone, even when marked.
        (["Shin rejected the claim."], ""),
        (["Shin Won-sik arrived.", "Shin rejected the claim."], "shin_won_sik"),
    ],
)
def test_unmarked_and_common_surnames_need_the_full_name(matcher, sentences, expected):
    surname = sentences[-1].split()[0]
    assert [m.actor_id for m in matcher.mentions_in_sentences(sentences) if m.surface == surname] == [expected]


def test_a_common_surname_marked_as_known_still_needs_the_full_name():
    rows = [
        {"actor_id": "kim_min", "name": "Kim Min", "type": "person", "country": "", "role": "", "aliases": "Min Kim|surname:Kim"},
        {"actor_id": "aiko_tanabe", "name": "Aiko Tanabe", "type": "person", "country": "", "role": "", "aliases": "Tanabe Aiko|surname:Tanabe"},
    ]
    matcher = ActorMatcher(actor_dictionary_from_rows(rows, common_surnames=("Kim",)))
    assert [m.actor_id for m in matcher.mentions_in_sentences(["Kim and Tanabe met."])] == ["", "aiko_tanabe"]


@pytest.mark.parametrize(
    ("aliases", "message"),
    [("surname:Tanabe", "not a person"), ("Ono Corp|surname:Ono", "not a person")],
)
def test_a_surname_mark_on_a_non_person_is_refused(aliases, message):
    rows = [{"actor_id": "ono", "name": "Ono", "type": "organization", "country": "", "role": "", "aliases": aliases}]
    with pytest.raises(ActorsFileError, match=message):
        actor_dictionary_from_rows(rows)


def test_one_surname_marked_for_two_people_is_refused():
    rows = [
        {"actor_id": "a_tanabe", "name": "Aiko Tanabe", "type": "person", "country": "", "role": "", "aliases": "x|surname:Tanabe"},
        {"actor_id": "b_tanabe", "name": "Ben Tanabe", "type": "person", "country": "", "role": "", "aliases": "y|surname:Tanabe"},
    ]
    with pytest.raises(ActorsFileError, match="one person only"):
        actor_dictionary_from_rows(rows)


@pytest.mark.parametrize(
    ("sentences", "kim"),
    [
        (["Kim warned Seoul."], ""),
        (["Kim Jong Un spoke.", "Kim warned Seoul."], "kim_jong_un"),
        (["Kim Yo Jong spoke.", "Kim warned Seoul."], "kim_yo_jong"),
        (["Kim Jong Un and Kim Yo Jong spoke.", "Kim warned Seoul."], ""),
    ],
)
def test_a_short_form_shared_by_several_people_resolves_to_the_one_named(matcher, sentences, kim):
    mentions = matcher.mentions_in_sentences(sentences)
    assert [m.actor_id for m in mentions if m.surface == "Kim"] == [kim]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Shin Wonsik", "Shin Wonsik"), ("Shin Won Sik", "Shin Won Sik"), ("Kihara Minoru", "Kihara Minoru"),
        ("Lloyd J. Austin III", "Lloyd J. Austin III"), ("Kim Jong-un", "Kim Jong-un"),
    ],
)
def test_romanisation_variants_and_name_orders(matcher, text, surface):
    [mention] = matcher.mentions_in_sentences([f"{text} spoke."])
    assert mention.surface == surface and mention.kind == "name" and mention.actor_id


def test_offsets_are_exclusive_ends(matcher):
    sentence = "Officials in Seoul said so."
    [mention] = matcher.mentions_in_sentences([sentence])
    assert sentence[mention.start : mention.end] == "Seoul"


def test_an_empty_dictionary_matches_nothing():
    assert ActorMatcher(actor_dictionary_from_rows([])).mentions_in_sentences(["Japan"]) == []
