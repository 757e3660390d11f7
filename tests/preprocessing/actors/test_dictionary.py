import pytest

from dashboard.preprocessing.actors import dictionary as d
from dashboard.preprocessing.actors.dictionary import ActorsFileError, actor_dictionary_from_rows


def _row(actor_id, name, type_="country", country="", aliases="X1", role=""):
    return {"actor_id": actor_id, "name": name, "type": type_, "country": country, "role": role, "aliases": aliases}


@pytest.mark.parametrize(
    ("alias", "kind", "text"),
    [
        ("capital:Seoul", d.CAPITAL, "Seoul"),
        ("demonym:Japanese", d.DEMONYM, "Japanese"),
        ("official:Republic of Korea", d.OFFICIAL_NAME, "Republic of Korea"),
        ("U.S.", d.ACRONYM, "U.S."),
        ("ROK", d.ACRONYM, "ROK"),
        ("DoD", d.NAME, "DoD"),
        ("acronym:DoD", d.ACRONYM, "DoD"),
        ("Shin Wonsik", d.NAME, "Shin Wonsik"),
        ("Unesco", d.NAME, "Unesco"),
    ],
)
def test_kind_and_text_of_alias(alias, kind, text):
    assert d.kind_and_text_of_alias(alias) == (kind, text)


@pytest.mark.parametrize(
    ("name", "variants"),
    [
        ("Shin Won-sik", ["Shin Won-sik", "Shin Won Sik", "Shin Wonsik", "Shin Won-Sik", "Won-sik Shin", "Wonsik Shin", "Won-Sik Shin"]),
        ("Minoru Kihara", ["Minoru Kihara", "Kihara Minoru"]),
        ("Kim Jong Un", ["Kim Jong Un"]),
    ],
)
def test_person_name_variants(name, variants):
    assert d.person_name_variants(name) == variants


@pytest.mark.parametrize(
    ("name", "short"),
    [("Minoru Kihara", ["Minoru", "Kihara"]), ("Xi Jinping", ["Xi", "Jinping"]), ("Lloyd J. Austin III", ["Lloyd", "III"]), ("NATO", [])],
)
def test_person_short_forms(name, short):
    assert d.person_short_forms(name) == short


def test_spelling_variants():
    assert d.spelling_variants("the framework") == ["the framework", "The framework"]
    assert d.spelling_variants("People's Republic") == ["People's Republic", "People’s Republic"]


def test_shipped_dictionary_has_every_type_and_short_forms(dictionary):
    assert {actor.type for actor in dictionary.actors} == set(d.ACTOR_TYPES)
    assert set(dictionary.short_forms["Kim"]) == {"kim_jong_un", "kim_yo_jong"}
    assert dictionary.short_forms["Kihara"] == ("minoru_kihara",)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([_row("japan", "Japan"), _row("japan", "Nippon", aliases="X2")], "line 3: actor_id 'japan' is already used on line 2"),
        ([_row("japan", "Japan", aliases="capital:Tokyo"), _row("tokyo_gov", "Tokyo Metropolitan Government", "organization", aliases="Tokyo")],
         "line 3: the alias 'Tokyo' of 'tokyo_gov' is already a name of 'japan' (line 2)"),
        ([_row("nato", "NATO", "organization", aliases="")], "line 2: 'nato' has no aliases"),
        ([_row("ngo", "Some NGO", "charity")], "line 2: type 'charity' of 'ngo' is not one of country, person"),
        ([_row("japan", "Japan"), _row("kihara", "Minoru Kihara", "person", country="nippon", aliases="Kihara Minoru")],
         "line 3: country 'nippon' of 'kihara' is not the actor_id of a country in this file. Use one of: japan"),
        ([_row("South Korea", "South Korea")], "line 2: actor_id 'South Korea' must be lower-case"),
        ([_row("x", "")], "line 2: 'x' has no name"),
    ],
)
def test_broken_dictionary_is_refused_with_line_and_fix(rows, message):
    with pytest.raises(ActorsFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        actor_dictionary_from_rows(rows, origin="actors.csv")


def test_a_generated_variant_never_steals_a_written_alias():
    rows = [_row("a", "Kim Min-jae", "person", aliases="Kim Minjae"), _row("b", "Min-jae Kim", "person", aliases="MJK")]
    forms = {form.text: form.actor_id for form in actor_dictionary_from_rows(rows).forms}
    assert forms["Min-jae Kim"] == "b" and forms["Kim Min-jae"] == "a"
