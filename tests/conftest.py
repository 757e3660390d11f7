from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from dashboard.preprocessing.actors.dictionary import ActorDictionary
from dashboard.preprocessing.actors.matching import ActorMatcher
from dashboard.preprocessing.build import BuildOptions, build_tables
from dashboard.preprocessing.build.article_map import Stages, stages_of
from dashboard.preprocessing.reference import ReferenceData, reference_data_from_files
from dashboard.preprocessing.sources import SourceRegistry

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SOURCES = ROOT / "data" / "sources.csv"
ACTORS = ROOT / "data" / "actors.csv"
NOT_ACTORS = ROOT / "data" / "not_actors.csv"
TEST_DATA = Path(__file__).resolve().parent / "data"


def load_benchmark(script: str) -> ModuleType:
    """A script of benchmarks/ as a module, for testing its functions. It is registered in
    sys.modules as `benchmark_<name>` (its dataclasses need a module to belong to), a
    name no package module has."""
    spec = importlib.util.spec_from_file_location(f"benchmark_{script}", ROOT / "benchmarks" / f"{script}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def reference() -> ReferenceData:
    return reference_data_from_files(SOURCES, ACTORS, NOT_ACTORS)


@pytest.fixture(scope="session")
def registry(reference: ReferenceData) -> SourceRegistry:
    return reference.sources


@pytest.fixture(scope="session")
def dictionary(reference: ReferenceData) -> ActorDictionary:
    return reference.actors


@pytest.fixture(scope="session")
def matcher(dictionary: ActorDictionary) -> ActorMatcher:
    return ActorMatcher(dictionary)


@pytest.fixture(scope="session")
def stages(reference: ReferenceData) -> Stages:
    return stages_of(reference)


@pytest.fixture(scope="session")
def seed_tables(reference: ReferenceData) -> dict[str, pd.DataFrame]:
    return build_tables([SEEDS], reference, BuildOptions(workers=1))


@pytest.fixture(scope="session")
def seed_articles(seed_tables: dict[str, pd.DataFrame]) -> dict[str, pd.Series]:
    """The seed articles by the three-digit prefix of their file name."""
    return {row.source_path[:3]: row for _, row in seed_tables["articles"].iterrows()}
