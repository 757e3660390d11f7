from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.preprocessing.build import build_tables
from dashboard.preprocessing.sources import SourceRegistry, source_registry_from_csv

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SOURCES = ROOT / "data" / "sources.csv"
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def registry() -> SourceRegistry:
    return source_registry_from_csv(SOURCES)


@pytest.fixture(scope="session")
def seed_tables(registry: SourceRegistry) -> dict[str, pd.DataFrame]:
    return build_tables([SEEDS], registry, workers=1)


@pytest.fixture(scope="session")
def seed_articles(seed_tables: dict[str, pd.DataFrame]) -> dict[str, pd.Series]:
    """The seed articles by the three-digit prefix of their file name."""
    return {row.source_path[:3]: row for _, row in seed_tables["articles"].iterrows()}
