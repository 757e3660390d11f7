"""Which frames each sentence carries, with a score in 0..1.

Two signals: the frame's cue phrases (case-insensitive and word-bounded as
`topic/terms.py` matches terms, behind the same Aho-Corasick prefilter), and, unless the
build runs cue-only (`--stance fast`), the cosine similarity of the sentence's embedding
to the frame's description and examples (the shipped MiniLM encoder). A sentence close
enough to a frame, and closer to it than to frames at large, gets it without a cue; a
cue can be vetoed when the sentence reads nothing like its frame (the shipped settings
veto none). A generic frame (its family is itself) is given only when no other fits.
The thresholds are `FrameSettings`, chosen on the tuning set by `tune_frames.py`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from dashboard.preprocessing.frames.definition import Frame
from dashboard.preprocessing.records import record
from dashboard.preprocessing.topic.terms import TermSearch, terms_pattern
from dashboard.preprocessing.topic.topic_stance import HEADLINE

CUE = "cue"
SIMILARITY = "similarity"
CUE_AND_SIMILARITY = "cue+similarity"
SETTINGS_PATH = Path(__file__).resolve().parent / "settings.json"
# MiniLM cosines run from about 0.1 (unrelated news sentences) to 0.7 (close paraphrases):
# the similarity score maps that range onto 0..1.
COSINE_FLOOR = 0.1
COSINE_CEILING = 0.7

Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class FrameSettings:
    """Thresholds, on cosine similarity, and the weight of a cue."""

    cue_weight: float  # score of one cue; n distinct cues score 1 - (1 - w)^n
    cue_veto: float  # a cue counts only when the sentence is at least this close to its frame
    similarity_threshold: float  # an event frame without a cue needs this much
    generic_threshold: float  # a generic frame without a cue needs this much
    max_similar: int  # frames given on similarity alone, at most, the closest first
    margin: float  # and each must stand this far above the sentence's mean cosine to every frame


def settings_from_file(path: Path = SETTINGS_PATH) -> FrameSettings:
    return FrameSettings(**json.loads(path.read_text(encoding="utf-8"))["settings"])


def settings_json(settings: FrameSettings, figures: dict[str, object]) -> str:
    return json.dumps({"settings": asdict(settings), "tuning": figures}, indent=2) + "\n"


@record
class SentenceFrame:
    sentence: int  # position in the article; HEADLINE for the headline
    frame: str
    score: float
    method: str  # CUE, SIMILARITY or CUE_AND_SIMILARITY
    cue: str  # the cue phrases found, `|`-separated; empty without


@dataclass(frozen=True)
class ArticleFrames:
    sentences: tuple[SentenceFrame, ...]


@dataclass(frozen=True)
class FrameEngine:
    """Everything scoring needs, built once per process; without `embed`, cue-only."""

    frames: tuple[Frame, ...]
    search: TermSearch
    settings: FrameSettings
    embed: Embed | None = None
    references: np.ndarray | None = None  # embeddings of every frame's description then examples
    starts: np.ndarray | None = None  # the row of `references` where each frame's begin


def frame_engine(frames: Sequence[Frame], settings: FrameSettings, embed: Embed | None = None) -> FrameEngine:
    search = TermSearch([frame.cues for frame in frames], [False] * len(frames))
    if embed is None:
        return FrameEngine(tuple(frames), search, settings)
    texts = [text for frame in frames for text in (frame.description, *frame.examples)]
    starts = np.cumsum([0, *(1 + len(frame.examples) for frame in frames[:-1])])
    return FrameEngine(tuple(frames), search, settings, embed, embed(texts), starts)


def frame_engine_for(frames: Sequence[Frame], cue_only: bool, threads: int = 0, settings: FrameSettings | None = None) -> FrameEngine:
    """The engine with the shipped settings and, unless cue-only, the shipped encoder."""
    settings = settings or settings_from_file()
    if cue_only:
        return frame_engine(frames, settings)
    from dashboard.preprocessing.encoder.sentence_encoder import sentence_encoder

    return frame_engine(frames, settings, sentence_encoder(threads).embeddings)


def cue_spans(text: str, cues: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, cue) of each cue found, longest first where two overlap, in text order."""
    found: list[tuple[int, int, str]] = []
    for cue in cues:
        pattern = terms_pattern((cue,))
        if pattern is not None:
            found.extend((match.start(), match.end(), cue) for match in pattern.finditer(text))
    kept: list[tuple[int, int, str]] = []
    for start, end, cue in sorted(found, key=lambda span: (span[0] - span[1], span[0])):
        if all(end <= other_start or start >= other_end for other_start, other_end, _ in kept):
            kept.append((start, end, cue))
    return sorted(kept)


def matched_cues(text: str, search: TermSearch) -> dict[int, tuple[str, ...]]:
    """For each frame (by index) with a cue in `text`, its distinct cues in text order."""
    matched = {}
    for number, candidates in search.candidates(text).items():
        cues = tuple(dict.fromkeys(cue for _, _, cue in cue_spans(text, candidates)))
        if cues:
            matched[number] = cues
    return matched


def cue_score(n_cues: int, weight: float) -> float:
    return 1.0 - (1.0 - weight) ** n_cues


def similarity_score(cosine: float) -> float:
    return float(np.clip((cosine - COSINE_FLOOR) / (COSINE_CEILING - COSINE_FLOOR), 0.0, 1.0))


def frame_similarities(embeddings: np.ndarray, engine: FrameEngine) -> np.ndarray:
    """(sentences, frames): each sentence's highest cosine to a frame's description or examples."""
    assert engine.references is not None and engine.starts is not None, "similarity needs the engine's embeddings"
    return np.maximum.reduceat(embeddings @ engine.references.T, engine.starts, axis=1)


def frames_of_sentence(
    position: int, cues: dict[int, tuple[str, ...]], similarities: np.ndarray | None, engine: FrameEngine,
) -> list[SentenceFrame]:
    """The frames of one sentence from its cues and (unless cue-only) its similarities."""
    settings = engine.settings
    if similarities is None and not cues:
        # Cue-only, and no cue: no frame (most sentences).
        return []
    given: list[tuple[int, SentenceFrame]] = []
    similar: list[tuple[float, int]] = []
    # A sentence about the event is close to all its frames: what tells is how far one stands out.
    mean = float(similarities.mean()) if similarities is not None else 0.0
    for number, frame in enumerate(engine.frames):
        found = cues.get(number, ())
        if similarities is None:
            if found:
                given.append((number, SentenceFrame(position, frame.frame_id, cue_score(len(found), settings.cue_weight), CUE, "|".join(found))))
            continue
        cosine = float(similarities[number])
        standing = cosine - mean
        if found and cosine >= settings.cue_veto:
            score = 1.0 - (1.0 - cue_score(len(found), settings.cue_weight)) * (1.0 - similarity_score(cosine))
            given.append((number, SentenceFrame(position, frame.frame_id, score, CUE_AND_SIMILARITY, "|".join(found))))
        elif not found and standing >= settings.margin and cosine >= (settings.generic_threshold if frame.generic else settings.similarity_threshold):
            similar.append((cosine, number))
    for cosine, number in sorted(similar, reverse=True)[:settings.max_similar]:
        given.append((number, SentenceFrame(position, engine.frames[number].frame_id, similarity_score(cosine), SIMILARITY, "")))
    if any(not engine.frames[number].generic for number, _ in given):
        given = [(number, frame) for number, frame in given if not engine.frames[number].generic]
    return [frame for _, frame in sorted(given, key=lambda item: item[0])]


def frames_of_sentences(texts: Sequence[str], positions: Sequence[int], engine: FrameEngine) -> list[SentenceFrame]:
    """The frames of every text, the position of each text given."""
    similarities = frame_similarities(engine.embed(texts), engine) if engine.embed is not None and texts else None
    frames = []
    for row, (text, position) in enumerate(zip(texts, positions, strict=True)):
        cues = matched_cues(text, engine.search)
        frames.extend(frames_of_sentence(position, cues, similarities[row] if similarities is not None else None, engine))
    return frames


def article_frames_of(title: str, sentences: Sequence[str], engine: FrameEngine) -> ArticleFrames:
    """The frames of the headline (when there is one) and of every sentence."""
    texts = [title, *sentences] if title.strip() else list(sentences)
    positions = [HEADLINE, *range(len(sentences))] if title.strip() else list(range(len(sentences)))
    return ArticleFrames(tuple(frames_of_sentences(texts, positions, engine)))


def article_frame_counts(frames: ArticleFrames) -> dict[str, int]:
    """Frame -> how many of the article's sentences (the headline not counted) carry it."""
    counts: dict[str, int] = {}
    for frame in frames.sentences:
        if frame.sentence != HEADLINE:
            counts[frame.frame] = counts.get(frame.frame, 0) + 1
    return counts
