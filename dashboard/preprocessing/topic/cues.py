"""Loaded vocabulary: words whose use tells the writer's side more than their sentiment
does ("puppet", "so-called", "bloc confrontation"; "ironclad", "landmark"), read from
`data/stance_cues.csv`, plus the topic's detractors' names for it and scare quotes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dashboard.preprocessing import patterns
from dashboard.preprocessing.reference_files import reference_rows_from_csv
from dashboard.preprocessing.topic.definition import CRITICAL, SUPPORTIVE, Topic
from dashboard.preprocessing.topic.terms import TermSearch

CUES_COLUMNS = ("cue", "stance")
# critical cues, supportive cues, scare quotes
N_CUE_FEATURES = 3


class CuesFileError(ValueError):
    """The cue list cannot be used; the message names the file, the line and the fix."""


def cues_from_file(path: Path) -> dict[str, tuple[str, ...]]:
    """stance -> cues, for the critical and supportive sides."""
    cues: dict[str, list[str]] = {CRITICAL: [], SUPPORTIVE: []}
    for line, row in enumerate(reference_rows_from_csv(path, CUES_COLUMNS, CuesFileError), start=2):
        stance = (row["stance"] or "").strip().lower()
        cue = " ".join((row["cue"] or "").split())
        if stance not in cues:
            raise CuesFileError(f"{path}, line {line}: stance {stance!r}; write critical or supportive.")
        if cue:
            cues[stance].append(cue)
    return {stance: tuple(values) for stance, values in cues.items()}


# Every scare quote opens with one of these (patterns.SCARE_QUOTE): a sentence without
# any has none, and most sentences have none.
_OPENING_QUOTES = ("“", '"', "‘")


@dataclass(frozen=True)
class CueMatcher:
    terms: TermSearch  # the critical cues, then the supportive ones

    def counts(self, sentence: str) -> tuple[int, int, int]:
        """Critical cues, supportive cues and scare quotes in `sentence`."""
        candidates = self.terms.candidates(sentence)
        quoted = any(mark in sentence for mark in _OPENING_QUOTES)
        return (
            self.terms.count(0, sentence, candidates),
            self.terms.count(1, sentence, candidates),
            len(patterns.SCARE_QUOTE.findall(sentence)) if quoted else 0,
        )

    def features(self, sentences: list[str]) -> np.ndarray:
        """log(1 + count) of each kind of cue, one row per sentence."""
        counts = np.array([self.counts(s) for s in sentences], dtype=np.float32).reshape(-1, N_CUE_FEATURES)
        return np.log1p(counts)


def cue_matcher(cues: dict[str, tuple[str, ...]], topic: Topic) -> CueMatcher:
    """The cues of the file, with the topic's detractor names among the critical ones."""
    critical = (*cues.get(CRITICAL, ()), *topic.terms["detractor_name"])
    return CueMatcher(TermSearch([critical, cues.get(SUPPORTIVE, ())], [False, False]))
