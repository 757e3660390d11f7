"""Reference data users edit, read at the edge: the outlet registry, the actor dictionary,
the topic (`data/topics/<topic>.csv`), the loaded-vocabulary cues and the frames."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.preprocessing.actors.dictionary import COMMON_SURNAMES_FILE, ActorDictionary, actor_dictionary_from_csv
from dashboard.preprocessing.frames.definition import Frame, frames_from_file
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
    frames: tuple[Frame, ...]
    # What each part was read from, as a digest of the files' bytes ("sources", "actors",
    # "topic", "cues", "frames"): what the map cache keys each stage by. Empty: nothing to key by.
    digests: Mapping[str, str] = field(default_factory=dict)
    frames_file: Path | None = None  # recorded in build.json


def digest_of_files(*paths: Path | None) -> str:
    """A digest of the named files' bytes (a missing or unnamed file counts as absent)."""
    digest = hashlib.sha256()
    for path in paths:
        content = path.read_bytes() if path is not None and path.is_file() else b""
        digest.update(len(content).to_bytes(8, "big") + content)
    return digest.hexdigest()


def reference_data_from_files(
    sources: Path, actors: Path, not_actors: Path | None, *, topic: str = DEFAULT_TOPIC,
    topics: Path | None = None, cues: Path | None = None, frames: Path | None = None,
) -> ReferenceData:
    """Read and check every reference file; a problem raises SourcesFileError,
    ActorsFileError, TopicFileError, CuesFileError or FramesFileError. The topics folder,
    the cue list and the frames default to `topics/`, `stance_cues.csv` and `frames.csv`
    beside the actor dictionary."""
    topics = topics or actors.parent / "topics"
    cues = cues or actors.parent / "stance_cues.csv"
    frames = frames or actors.parent / "frames.csv"
    return ReferenceData(
        source_registry_from_csv(sources),
        actor_dictionary_from_csv(actors, not_actors),
        topic_in_folder(topics, topic),
        cues_from_file(cues),
        frames_from_file(frames),
        {
            "sources": digest_of_files(sources),
            "actors": digest_of_files(actors, not_actors, actors.parent / COMMON_SURNAMES_FILE),
            "topic": digest_of_files(topics / f"{topic}.csv"),
            "cues": digest_of_files(cues),
            "frames": digest_of_files(frames),
        },
        frames,
    )
