"""Loaded vocabulary: words whose use tells the writer's side more than their sentiment
does ("puppet", "so-called", "bloc confrontation"; "ironclad", "landmark"), read from
`data/stance_cues.csv`, plus the topic's detractors' names for it and scare quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dashboard.preprocessing import patterns
from dashboard.preprocessing.reference_files import reference_rows_from_csv
from dashboard.preprocessing.topic.definition import CRITICAL, SUPPORTIVE, Topic
from dashboard.preprocessing.topic.topic_sentences import terms_pattern

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


@dataclass(frozen=True)
class CueMatcher:
    critical: re.Pattern[str] | None
    supportive: re.Pattern[str] | None

    def counts(self, sentence: str) -> tuple[int, int, int]:
        """Critical cues, supportive cues and scare quotes in `sentence`."""
        return (
            len(self.critical.findall(sentence)) if self.critical else 0,
            len(self.supportive.findall(sentence)) if self.supportive else 0,
            len(patterns.SCARE_QUOTE.findall(sentence)),
        )

    def features(self, sentences: list[str]) -> np.ndarray:
        """log(1 + count) of each kind of cue, one row per sentence."""
        counts = np.array([self.counts(s) for s in sentences], dtype=np.float32).reshape(-1, N_CUE_FEATURES)
        return np.log1p(counts)


def cue_matcher(cues: dict[str, tuple[str, ...]], topic: Topic) -> CueMatcher:
    """The cues of the file, with the topic's detractor names among the critical ones."""
    return CueMatcher(
        terms_pattern((*cues.get(CRITICAL, ()), *topic.terms["detractor_name"])),
        terms_pattern(cues.get(SUPPORTIVE, ())),
    )
