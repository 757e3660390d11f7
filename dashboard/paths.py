"""Where the project keeps its inputs and outputs, relative to the working folder."""

from __future__ import annotations

from pathlib import Path

SEEDS = Path("seeds")
RAW = Path("data/raw")
PROCESSED = Path("data/processed")
SOURCES = Path("data/sources.csv")
ACTORS = Path("data/actors.csv")
NOT_ACTORS = Path("data/not_actors.csv")
TOPICS = Path("data/topics")
STANCE_CUES = Path("data/stance_cues.csv")
FRAMES = Path("data/frames.csv")
# People's labels of articles (the Check the numbers page writes it).
LABELS = Path("data/labels.csv")


def default_inputs() -> list[Path]:
    """`seeds/` and, when present, `data/raw/` (where uploaded articles are saved)."""
    return [path for path in (SEEDS, RAW) if path.exists()] or [SEEDS]
