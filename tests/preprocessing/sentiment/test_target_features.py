from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.preprocessing.sentiment.target_features import PREFIXES, PrefixedVocabulary, target_feature_groups, target_features
from dashboard.preprocessing.sentiment.target_model import shipped_model


def test_features_are_the_words_around_the_target_by_side_and_distance():
    features = target_features("Critics slammed Pyongyang for its reckless tests.", 16, 25)
    assert features.words[:2] == ["L1_slammed", "L2_critics"]
    assert features.words[2:7] == ["R1_for", "R2_its", "R3_reckless", "R4_tests", "Rfar_."]
    assert {"W_its", "S_critics", "LB_slammed", "RB_for", "LB2_critics_slammed", "RB2_for_its", "in_quote_False", "speaks_False"} <= set(features.words)
    # The target's own word is never a feature.
    assert not any(word.endswith("pyongyang") for word in features.words)


def test_every_word_feature_has_a_known_prefix():
    sentence = "“Tokyo will not back down,” said Kihara."
    start = sentence.index("Kihara")
    words = target_features(sentence, start, start + len("Kihara")).words
    assert all(any(word.startswith(prefix) for prefix in PREFIXES) for word in words)
    # A target right after "said" speaks; it stands after the closing quotation mark.
    assert {"in_quote_False", "speaks_True", "L1_said", "L2_”"} <= set(words)


def test_an_unknown_feature_has_no_column():
    vocabulary = PrefixedVocabulary({"L1_slammed": 0, "S_critics": 1, "W_slammed": 2})
    groups, _ = target_feature_groups("Critics slammed Pyongyang.", 16, 25)
    columns = vocabulary.columns(groups)
    assert sorted(column for column in columns if column >= 0) == [0, 1, 2]
    assert columns.count(-1) == len(target_features("Critics slammed Pyongyang.", 16, 25).words) - 3


_TEXT = st.text(st.sampled_from(list("ab Σς“”\"'’.,-_İ said not")) | st.characters(), max_size=60)


@settings(deadline=None)
@given(_TEXT, st.data())
def test_the_prefixed_vocabulary_finds_what_the_feature_strings_find(sentence, data):
    """The model looks features up by prefix and token; that must give the columns of the
    strings it was fitted on, for any sentence and span."""
    start = data.draw(st.integers(0, len(sentence)))
    end = data.draw(st.integers(start, len(sentence)))
    model = shipped_model()
    groups, numbers = target_feature_groups(sentence, start, end)
    features = target_features(sentence, start, end)
    assert numbers == features.numbers
    assert model.prefixed_vocabulary.columns(groups) == [model.vocabulary.get(word, -1) for word in features.words]
