"""Reference data users edit, read at the edge: the outlet registry and the actor dictionary."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dashboard.preprocessing.actors.dictionary import ActorDictionary, actor_dictionary_from_csv
from dashboard.preprocessing.sources import SourceRegistry, source_registry_from_csv


@dataclass(frozen=True)
class ReferenceData:
    sources: SourceRegistry
    actors: ActorDictionary


def reference_data_from_files(sources: Path, actors: Path, not_actors: Path | None) -> ReferenceData:
    """Read and check every reference file; a problem raises SourcesFileError or ActorsFileError."""
    return ReferenceData(source_registry_from_csv(sources), actor_dictionary_from_csv(actors, not_actors))
