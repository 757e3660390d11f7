"""The two target sentiment models the build can use for stance toward actors: `accurate`
(MiniLM fine-tuned on NewsMTSC, int8 ONNX; the default) and `fast` (the linear TF-IDF
model, for very large corpora)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

ACCURATE = "accurate"
FAST = "fast"
STANCE_MODES = (ACCURATE, FAST)
DEFAULT_STANCE_MODE = ACCURATE


class TargetModel(Protocol):
    def probabilities_of_targets(self, targets: Sequence[tuple[str, int, int]]) -> np.ndarray:
        """(n, 3) probabilities of negative, neutral, positive for (sentence, start, end) targets."""
        ...


def target_model_for(mode: str, threads: int = 0) -> TargetModel:
    """The model of `mode`; `threads` bounds the accurate model's threads (0: every core)."""
    if mode == FAST:
        from dashboard.preprocessing.sentiment.target_model import shipped_model

        return shipped_model()
    if mode == ACCURATE:
        from dashboard.preprocessing.sentiment.accurate_target_model import AccurateTargetModel

        return AccurateTargetModel(threads=threads)
    raise ValueError(f"unknown stance mode {mode!r}; use one of {', '.join(STANCE_MODES)}")
