"""Choose the sentence frame thresholds on the tuning set and write `settings.json`.

    python -m dashboard.preprocessing.frames.tune_frames

A grid over the cue veto, the similarity thresholds (event and generic frames) and how
many frames similarity alone may give, scored by macro-F1 on
`data/training/frames_tuning.csv` with `data/frames.csv`; never on the development set.
The grid also sets how far a frame must stand above the sentence's mean cosine. The weight of a cue only sets the score, not which frames are given: it is fixed.
"""

from __future__ import annotations

import argparse
import itertools
from dataclasses import replace
from pathlib import Path

import numpy as np

from dashboard.preprocessing.frames.definition import frames_from_file
from dashboard.preprocessing.frames.evaluation import evaluation_of_engine, labelled_sentences_from_csv
from dashboard.preprocessing.frames.sentence_frames import SETTINGS_PATH, FrameSettings, frame_engine, settings_json

TUNING_SET = Path("data/training/frames_tuning.csv")
FRAMES_FILE = Path("data/frames.csv")
CUE_WEIGHT = 0.6
VETOES = (-1.0, 0.1, 0.15, 0.2, 0.25)
THRESHOLDS = tuple(round(0.35 + 0.025 * step, 3) for step in range(11))
GENERIC_THRESHOLDS = (*(round(0.3 + 0.05 * step, 2) for step in range(7)), 1.0)  # 1.0: generic frames by cue only
MAX_SIMILAR = (1, 2)
MARGINS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tuning-set", type=Path, default=TUNING_SET)
    parser.add_argument("--frames", type=Path, default=FRAMES_FILE)
    parser.add_argument("--out", type=Path, default=SETTINGS_PATH)
    arguments = parser.parse_args()
    from dashboard.preprocessing.encoder.sentence_encoder import shipped_encoder

    frames = frames_from_file(arguments.frames)
    sentences = labelled_sentences_from_csv(arguments.tuning_set, frames)
    # Every text embedded once, in the batches the evaluation makes (int8 activations are
    # quantised per batch, so a vector depends a little on its batch); each setting then
    # reads the same vectors.
    encoder = shipped_encoder()
    vectors: dict[str, np.ndarray] = {}
    for batch in ([t for f in frames for t in (f.description, *f.examples)], [s.text for s in sentences]):
        vectors.update(zip(batch, encoder.embeddings(batch), strict=True))
    start = FrameSettings(CUE_WEIGHT, VETOES[0], THRESHOLDS[0], GENERIC_THRESHOLDS[0], MAX_SIMILAR[0], MARGINS[0])
    engine = frame_engine(frames, start, lambda batch: np.stack([vectors[text] for text in batch]))
    best: tuple[tuple[float, float, float], FrameSettings] | None = None
    for veto, threshold, generic, most, margin in itertools.product(VETOES, THRESHOLDS, GENERIC_THRESHOLDS, MAX_SIMILAR, MARGINS):
        settings = FrameSettings(CUE_WEIGHT, veto, threshold, generic, most, margin)
        macro_f1 = evaluation_of_engine(sentences, replace(engine, settings=settings)).macro_f1
        # Ties go to the stricter setting: fewer frames given on similarity alone.
        rank = (round(macro_f1, 6), threshold + generic + margin, -most)
        if best is None or rank > best[0]:
            best = (rank, settings)
    assert best is not None
    settings = best[1]
    fast = evaluation_of_engine(sentences, frame_engine(frames, settings))
    figures = {
        "tuning_set": str(arguments.tuning_set), "sentences": len(sentences),
        "macro_f1": round(best[0][0], 4), "cue_only_macro_f1": round(fast.macro_f1, 4),
    }
    arguments.out.write_text(settings_json(settings, figures), encoding="utf-8")
    print(f"wrote {arguments.out}: {settings} (tuning macro-F1 {figures['macro_f1']}, cue only {figures['cue_only_macro_f1']})")


if __name__ == "__main__":
    main()
