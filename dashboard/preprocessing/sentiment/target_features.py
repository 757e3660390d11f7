"""Features of one target in one sentence, for the target-dependent sentiment model.

Two kinds: sparse string features (the words around the target by side and distance,
the words of the sentence, the target's grammatical neighbours, whether it stands inside
a quotation or speaks one) and a few numbers from the VADER lexicon (positive and
negative weight near the target, on each side and in the whole sentence, with negation).
The target's own words are left out on purpose: the model should judge how a sentence
treats an actor, not what it learnt about particular names in U.S. news.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

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

NUMBER_NAMES = (
    "left_positive", "left_negative", "right_positive", "right_negative",
    "sentence_positive", "sentence_negative", "near_negations", "in_quote", "speaks",
)


def _valences(tokens: list[str], lexicon: dict[str, float]) -> tuple[float, float]:
    positive = negative = 0.0
    for index, token in enumerate(tokens):
        value = lexicon.get(token)
        if value is None:
            continue
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


def target_features(sentence: str, start: int, end: int) -> TargetFeatures:
    """Features of the target at `sentence[start:end]` (`end` exclusive)."""
    lexicon = vader_lexicon()
    left = patterns.TARGET_TOKEN.findall(sentence[:start].lower())
    right = patterns.TARGET_TOKEN.findall(sentence[end:].lower())
    words = [prefix + token for prefix, token in zip(_LEFT_PREFIXES, reversed(left[-FAR:]), strict=False)]
    words += [prefix + token for prefix, token in zip(_RIGHT_PREFIXES, right[:FAR], strict=False)]
    words += ["W_" + token for token in left[-WINDOW:] + right[:WINDOW]]
    words += ["S_" + token for token in left + right]
    words += [
        f"LB_{left[-1] if left else '<s>'}",
        f"RB_{right[0] if right else '</s>'}",
        f"LB2_{'_'.join(left[-2:]) or '<s>'}",
        f"RB2_{'_'.join(right[:2]) or '</s>'}",
    ]
    in_quote = _inside_quote(sentence[:start])
    speaks = bool(right[:3] and any(token in _SPEECH_AFTER for token in right[:3])) or (left[-1:] == ["said"])
    words += [f"in_quote_{in_quote}", f"speaks_{speaks}"]
    left_positive, left_negative = _valences(left[-WINDOW:], lexicon)
    right_positive, right_negative = _valences(right[:WINDOW], lexicon)
    sentence_positive, sentence_negative = _valences(left + right, lexicon)
    negations = sum(token in _NEGATIONS for token in left[-WINDOW:] + right[:WINDOW])
    numbers = [
        left_positive, left_negative, right_positive, right_negative,
        sentence_positive, sentence_negative, float(negations), float(in_quote), float(speaks),
    ]
    return TargetFeatures(words, numbers)
