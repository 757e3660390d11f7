"""Reference data users edit, read at the edge: the outlet registry, the actor dictionary,
the topic (`data/topics/<topic>.csv`) and the loaded-vocabulary cues."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dashboard.preprocessing.actors.dictionary import ActorDictionary, actor_dictionary_from_csv
from dashboard.preprocessing.sources import SourceRegistry, source_registry_from_csv
from dashboard.preprocessing.topic.cues import cues_from_file
from dashboard.preprocessing.topic.definition import Topic, topic_in_folder

DEFAULT_TOPIC = "tscf"


@dataclass(frozen=True)
class ReferenceData:
    sources: SourceRegistry
    actors: ActorDictionary
    topic: Topic
    cues: dict[str, tuple[str, ...]]


def reference_data_from_files(
    sources: Path, actors: Path, not_actors: Path | None, *, topic: str = DEFAULT_TOPIC,
    topics: Path | None = None, cues: Path | None = None,
) -> ReferenceData:
    """Read and check every reference file; a problem raises SourcesFileError,
    ActorsFileError, TopicFileError or CuesFileError. The topics folder and the cue list
    default to `topics/` and `stance_cues.csv` beside the actor dictionary."""
    return ReferenceData(
        source_registry_from_csv(sources),
        actor_dictionary_from_csv(actors, not_actors),
        topic_in_folder(topics or actors.parent / "topics", topic),
        cues_from_file(cues or actors.parent / "stance_cues.csv"),
    )
