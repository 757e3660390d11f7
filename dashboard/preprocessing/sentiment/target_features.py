"""Features of one target in one sentence, for the target-dependent sentiment model.

Two kinds: sparse string features (the words around the target by side and distance,
the words of the sentence, the target's grammatical neighbours, whether it stands inside
a quotation or speaks one) and a few numbers from the VADER lexicon (positive and
negative weight near the target, on each side and in the whole sentence, with negation).
The target's own words are left out on purpose: the model should judge how a sentence
treats an actor, not what it learnt about particular names in U.S. news.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain, compress, repeat

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from dashboard.preprocessing import patterns

NEAR = 4
WINDOW = 6
FAR = 12
_NEGATIONS = frozenset(["not", "no", "never", "n't", "nor", "without", "hardly", "barely", "cannot"])
# The speech verbs right after a target make it the speaker, not the topic.
_SPEECH_AFTER = frozenset(["said", "says", "told", "added", "argued", "warned", "stated", "noted", "explained", "insisted", "claimed", "wrote"])


@cache
def vader_lexicon() -> dict[str, float]:
    """VADER's word valences (shipped inside the vaderSentiment package; nothing is downloaded)."""
    return dict(SentimentIntensityAnalyzer().lexicon)


@dataclass(frozen=True)
class TargetFeatures:
    words: list[str]
    numbers: list[float]


# The words around the target by side and distance: "L1_" to "L4_", then "Lfar_".
_LEFT_PREFIXES = tuple(f"L{distance if distance <= NEAR else 'far'}_" for distance in range(1, FAR + 1))
_RIGHT_PREFIXES = tuple(f"R{distance if distance <= NEAR else 'far'}_" for distance in range(1, FAR + 1))
# Every prefix a word feature can have, for `PrefixedVocabulary`.
PREFIXES = (*dict.fromkeys(_LEFT_PREFIXES + _RIGHT_PREFIXES), "W_", "S_", "LB_", "RB_", "LB2_", "RB2_", "in_quote_", "speaks_")

NUMBER_NAMES = (
    "left_positive", "left_negative", "right_positive", "right_negative",
    "sentence_positive", "sentence_negative", "near_negations", "in_quote", "speaks",
)

# Each word feature is a prefix and a token: (prefixes, tokens) pairs, zipped (the
# prefixes may outnumber the tokens, or repeat without end).
FeatureGroups = list[tuple[Iterable[str], Sequence[str]]]


def _valences(tokens: list[str], lexicon: dict[str, float]) -> tuple[float, float]:
    positive = negative = 0.0
    # Few tokens are in the lexicon: they are picked out in C, and only they are looped over.
    for index in compress(range(len(tokens)), map(lexicon.__contains__, tokens)):
        value = lexicon[tokens[index]]
        if not _NEGATIONS.isdisjoint(tokens[max(0, index - 3) : index]):
            value = -0.74 * value
        if value > 0:
            positive += value
        else:
            negative -= value
    return positive, negative


def _inside_quote(before: str) -> bool:
    curly = before.count("“") - before.count("”")
    return curly > 0 or (curly == 0 and before.count('"') % 2 == 1)


def target_feature_groups(sentence: str, start: int, end: int) -> tuple[FeatureGroups, list[float]]:
    """The features of the target at `sentence[start:end]` (`end` exclusive): its word
    features as prefix and token groups, and its numbers."""
    lexicon = vader_lexicon()
    left = patterns.TARGET_TOKEN.findall(sentence[:start].lower())
    right = patterns.TARGET_TOKEN.findall(sentence[end:].lower())
    in_quote = _inside_quote(sentence[:start])
    speaks = bool(right[:3] and any(token in _SPEECH_AFTER for token in right[:3])) or (left[-1:] == ["said"])
    near = left[-WINDOW:] + right[:WINDOW]
    groups: FeatureGroups = [
        (_LEFT_PREFIXES, left[-FAR:][::-1]),
        (_RIGHT_PREFIXES, right[:FAR]),
        (repeat("W_"), near),
        (repeat("S_"), left + right),
        (
            ("LB_", "RB_", "LB2_", "RB2_", "in_quote_", "speaks_"),
            (
                left[-1] if left else "<s>", right[0] if right else "</s>", "_".join(left[-2:]) or "<s>", "_".join(right[:2]) or "</s>",
                str(in_quote), str(speaks),
            ),
        ),
    ]
    left_positive, left_negative = _valences(left[-WINDOW:], lexicon)
    right_positive, right_negative = _valences(right[:WINDOW], lexicon)
    sentence_positive, sentence_negative = _valences(left + right, lexicon)
    negations = sum(token in _NEGATIONS for token in near)
    numbers = [
        left_positive, left_negative, right_positive, right_negative,
        sentence_positive, sentence_negative, float(negations), float(in_quote), float(speaks),
    ]
    return groups, numbers


def target_features(sentence: str, start: int, end: int) -> TargetFeatures:
    """Features of the target at `sentence[start:end]` (`end` exclusive), its word features
    as strings (what the model was fitted on)."""
    groups, numbers = target_feature_groups(sentence, start, end)
    return TargetFeatures([prefix + token for prefixes, tokens in groups for prefix, token in zip(prefixes, tokens, strict=False)], numbers)


class PrefixedVocabulary:
    """A fitted vocabulary of word features looked up by prefix, then token: the token's
    hash is computed once for all its prefixes, and no feature string is built. Finds
    exactly the columns of `prefix + token` in the vocabulary, -1 for a feature outside it."""

    def __init__(self, vocabulary: dict[str, int]) -> None:
        self._by_prefix: dict[str, dict[str, int]] = {prefix: {} for prefix in PREFIXES}
        # The prefixes by their text up to the first "_": a word is tried against those
        # that share its own, not against all thirty (which costs a worker's start).
        by_head: dict[str, list[str]] = {}
        for prefix in PREFIXES:
            by_head.setdefault(prefix[: prefix.index("_") + 1], []).append(prefix)
        for word, column in vocabulary.items():
            for prefix in by_head.get(word[: word.find("_") + 1], ()):
                if word.startswith(prefix):
                    self._by_prefix[prefix][word[len(prefix):]] = column

    def columns(self, groups: FeatureGroups) -> list[int]:
        # Each group looked up in C: the prefixes' dictionaries, each asked for its token (map
        # stops at the shorter of the two, as zip does).
        of_prefix = self._by_prefix.__getitem__
        return list(chain.from_iterable(map(dict.get, map(of_prefix, prefixes), tokens, repeat(-1)) for prefixes, tokens in groups))
