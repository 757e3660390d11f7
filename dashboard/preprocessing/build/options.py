"""How a build runs: one options object, made once (by the CLI or the app) and passed down."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.preprocessing.sentiment.modes import DEFAULT_STANCE_MODE, STANCE_MODES

LOCAL = "local"
DASK = "dask"
ENGINES = (LOCAL, DASK)


class EngineUnavailable(RuntimeError):
    """The engine asked for cannot run here (Dask not installed, its scheduler unreachable)."""


def no_warnings(message: str) -> None:
    """Warnings go nowhere unless the caller says where."""


@dataclass(frozen=True)
class BuildOptions:
    """Everything about a build but its inputs, output and reference data.

    `cache` is the folder of the map cache; None puts it inside the output folder (where it
    survives the swap of a rebuild), and `use_cache=False` turns it off.
    """

    stance_mode: str = DEFAULT_STANCE_MODE
    sentence_tone: bool | None = None  # TextBlob and VADER on every sentence; None: in every mode but fast
    workers: int | None = None  # None: every core, once the corpus is large enough to repay it
    progress: bool = False
    warn: Callable[[str], None] = field(default=no_warnings, compare=False)
    follow_links: bool = False
    labels: Path | None = None
    calibrate: bool = False
    cache: Path | None = None
    use_cache: bool = True
    engine: str = LOCAL
    scheduler: str | None = None  # a dask.distributed scheduler's address; None: a LocalCluster

    def __post_init__(self) -> None:
        # Checked here, not where a worker first loads the models: there it would reject
        # every article, one "could not be processed" at a time.
        if self.stance_mode not in STANCE_MODES:
            raise ValueError(f"unknown stance mode {self.stance_mode!r}; use one of {', '.join(STANCE_MODES)}")
        if self.engine not in ENGINES:
            raise ValueError(f"unknown engine {self.engine!r}; use one of {', '.join(ENGINES)}")
        if self.workers is not None and self.workers < 1:
            raise ValueError("workers must be at least 1")
