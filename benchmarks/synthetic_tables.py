"""A build folder of any size, written directly, for measuring the app at scale.

    .venv/bin/python benchmarks/synthetic_tables.py --articles 100000 --out /tmp/tables-100k

A real build of 100,000 articles takes hours on this machine (the stance models; see
*Speed* in the README), so this writes the tables the app reads without reading any
article: every table of `dashboard.schema` as the build types and writes it (Parquet,
no CSV copies) and a `build.json`. `source_stance` is computed by the build's own
function from the synthetic articles and sentence scores.

The shapes follow the seeds' build: about 35 sentences an article in paragraphs of
three, about 60 actor mentions an article (the seeds have 296 in 5 articles) over the
actors of `data/actors.csv` with a few of them in most articles, one `sentence_stance`
row per (sentence, actor), 3.4 quoted passages an article, headline-and-sentence
`topic_stance` rows for the 85% of articles about the topic, the outlets of
`data/sources.csv` with power-law sizes, dates over two years. The words come from the
seeds, so that a search finds something; the text is nonsense.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import __version__, schema
from dashboard.preprocessing.actors.dictionary import actor_dictionary_from_csv, kind_and_text_of_alias
from dashboard.preprocessing.frames.definition import frames_from_file
from dashboard.preprocessing.genre import GENRES
from dashboard.preprocessing.reference import DEFAULT_TOPIC
from dashboard.preprocessing.sentiment.modes import ACCURATE
from dashboard.preprocessing.sentiment.stance import PRIOR_NEUTRAL_SENTENCES, SENTENCE_BAND, STANCE_BAND
from dashboard.preprocessing.source_stance import source_stance
from dashboard.preprocessing.store import MANIFEST, write_parquet_table
from dashboard.preprocessing.tables import typed_frame
from dashboard.preprocessing.topic.definition import topic_in_folder
from dashboard.preprocessing.topic.topic_stance import topic_stance_model_for
from dashboard.spreadsheet import arrow_table_of

ROOT = Path(__file__).resolve().parent.parent
STRING = pa.large_string()


@dataclass(frozen=True)
class Shape:
    outlets: int = 50
    outlet_exponent: float = 1.0  # Zipf: the largest outlet has about a fifth of the articles
    sentences_per_article: float = 35.0
    sentences_per_paragraph: int = 3
    mentions_per_sentence: float = 1.7  # about 60 an article, as in the seeds
    actor_exponent: float = 1.2  # the most named actors (the countries) are in most articles
    unresolved_share: float = 0.03
    quotes_per_article: float = 3.4
    topical_share: float = 0.85
    undated_share: float = 0.03
    syndicated_share: float = 0.05
    days: int = 730


FIRST_DAY = dt.date(2023, 1, 1)
CONNECTORS = ("and", "with", "as", "while", "said", "for", "against", "told", "of", "by")
SURNAMES = ("Kim", "Lee", "Park", "Wang", "Zhang", "Tanaka", "Smith", "Chen")
AUTHORS = tuple(f"{first} {last}" for first in ("Ana", "Jun", "Mina", "Tom", "Sara", "Ken", "Lia", "Omar") for last in SURNAMES)
GENRE_SHARES = dict(zip((*GENRES, ""), (0.6, 0.05, 0.12, 0.08, 0.03, 0.04, 0.08), strict=True))
REFERENCE_KINDS = {"context": 0.53, "reference": 0.11, "generic_reference": 0.10, "name": 0.09, "together": 0.08, "part": 0.075, "back_reference": 0.015}
HEADLINE_KINDS = {"name": 0.4, "together": 0.3, "context": 0.3}
DATE_SOURCES = {"json": 0.3, "html-meta": 0.4, "text": 0.3}
STANCE_NAMES = np.array(["critical", "neutral", "supportive"], dtype=object)
SENTENCE_LABELS = np.array(["negative", "neutral", "positive"], dtype=object)


def vocabulary() -> np.ndarray:
    """The lower-case words of the seeds."""
    words = set()
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        words.update(re.findall(r"\b[a-z]{3,}\b", path.read_text(encoding="utf-8")))
    return np.array(sorted(words), dtype=object)


def phrases(rng: np.random.Generator, words: np.ndarray, count: int, shortest: int, longest: int) -> pa.Array:
    """`count` strings of shortest..longest random words."""
    lengths = rng.integers(shortest, longest + 1, size=count)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    picks = pa.array(words, type=STRING).take(pa.array(rng.integers(0, len(words), size=int(offsets[-1]))))
    return pc.binary_join(pa.LargeListArray.from_arrays(pa.array(offsets, pa.int64()), picks), pa.scalar(" ", STRING))


def concatenated(*parts: object, separator: str = "") -> pa.Array:
    """The parts (arrays or strings) joined row by row."""
    scalars = [pa.scalar(part, STRING) if isinstance(part, str) else part for part in parts]
    return pc.binary_join_element_wise(*scalars, pa.scalar(separator, STRING))


def joined_groups(values: pa.Array, starts: np.ndarray, separator: str) -> pa.Array:
    """`values` joined in consecutive groups; group i is values[starts[i]:starts[i + 1]]."""
    return pc.binary_join(pa.LargeListArray.from_arrays(pa.array(starts, pa.int64()), values), pa.scalar(separator, STRING))


def group_starts(counts: np.ndarray) -> np.ndarray:
    return np.concatenate([[0], np.cumsum(counts)])


def rank_within_groups(groups: np.ndarray) -> np.ndarray:
    """0, 1, 2... within each run of equal values of a sorted `groups`."""
    first = np.r_[0, np.flatnonzero(np.diff(groups)) + 1]
    lengths = np.diff(np.r_[first, len(groups)])
    return np.arange(len(groups)) - np.repeat(first, lengths)


def zipf_shares(count: int, exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, count + 1) ** exponent
    return weights / weights.sum()


def choice_of(rng: np.random.Generator, shares: dict[str, float], size: int) -> np.ndarray:
    names = np.array(list(shares), dtype=object)
    probabilities = np.array(list(shares.values()))
    return names[rng.choice(len(names), size=size, p=probabilities / probabilities.sum())]


def top_three_joined(groups: np.ndarray, pull: np.ndarray, ids: pa.Array, n_groups: int) -> pa.Array:
    """For each group 0..n_groups-1, the ids of its (up to) three rows of largest `pull`, `|`-joined."""
    order = np.lexsort((-pull, groups))
    kept = order[rank_within_groups(groups[order]) < 3]
    return joined_groups(ids.take(pa.array(kept)), group_starts(np.bincount(groups[kept], minlength=n_groups)), "|")


def frame(table: schema.Table, columns: dict[str, object]) -> pd.DataFrame:
    """The table typed as the build types it (Arrow columns become pandas strings without a copy)."""
    return typed_frame(table, pd.DataFrame({
        name: pd.array(values, dtype="string") if isinstance(values, pa.Array) else values for name, values in columns.items()
    }))


def synthetic_tables(n_articles: int, seed: int = 0, shape: Shape = Shape()) -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    """Every table of a synthetic build of `n_articles`, and its manifest."""
    rng = np.random.default_rng(seed)
    words = vocabulary()
    weights = topic_stance_model_for(ACCURATE).article
    topic = topic_in_folder(ROOT / "data" / "topics", DEFAULT_TOPIC)
    dictionary = actor_dictionary_from_csv(ROOT / "data" / "actors.csv", ROOT / "data" / "not_actors.csv")
    actors = dictionary.actors
    sources = pd.read_csv(ROOT / "data" / "sources.csv", keep_default_na=False).head(shape.outlets)

    # Articles and their outlets.
    n = n_articles
    ids = pa.array([f"{value:016x}" for value in rng.choice(2**62, size=n, replace=False)], type=STRING)
    outlet = rng.choice(len(sources), size=n, p=zipf_shares(len(sources), shape.outlet_exponent))
    outlet_bias = rng.normal(0, 0.25, size=len(sources))
    n_sentences = np.maximum(3, rng.lognormal(np.log(shape.sentences_per_article) - 0.125, 0.5, size=n).round().astype(np.int64))

    # Sentences.
    sentence_article = np.repeat(np.arange(n), n_sentences)
    s = len(sentence_article)
    position = np.arange(s) - np.repeat(group_starts(n_sentences)[:-1], n_sentences)
    paragraph = position // shape.sentences_per_paragraph
    sentence_ids = concatenated(ids.take(pa.array(sentence_article)), pc.cast(pa.array(position), STRING), separator=":")

    # Mentions: "<head> <connector> <actor> <connector> <actor> ... <tail>."
    per_sentence = rng.poisson(shape.mentions_per_sentence, size=s)
    mention_sentence = np.repeat(np.arange(s), per_sentence)
    m = len(mention_sentence)
    actor = rng.choice(len(actors), size=m, p=zipf_shares(len(actors), shape.actor_exponent))
    unresolved = rng.random(m) < shape.unresolved_share
    forms = [[(actor_.name, "name"), *(kind_and_text_of_alias(alias)[::-1] for alias in actor_.aliases)] for actor_ in actors]
    form_starts = group_starts(np.array([len(f) for f in forms]))
    form_texts = np.array([text for f in forms for text, _ in f], dtype=object)
    form_kinds = np.array([kind for f in forms for _, kind in f], dtype=object)
    n_forms = np.diff(form_starts)[actor]
    form = np.where(rng.random(m) < 0.7, 0, rng.integers(0, 1 << 30, size=m) % n_forms)
    surface = np.where(unresolved, np.array(SURNAMES, dtype=object)[rng.integers(0, len(SURNAMES), size=m)], form_texts[form_starts[actor] + form])
    mention_kind = np.where(unresolved, "surname", form_kinds[form_starts[actor] + form])
    connector = np.array(CONNECTORS, dtype=object)[rng.integers(0, len(CONNECTORS), size=m)]
    head = pc.utf8_capitalize(phrases(rng, words, s, 3, 10))
    tail = phrases(rng, words, s, 3, 12)
    surface_length = pc.utf8_length(pa.array(surface, type=STRING)).to_numpy()
    connector_length = np.array([len(c) for c in connector])
    segment_length = connector_length + 1 + surface_length
    before_in_sentence = np.cumsum(segment_length + 1) - (segment_length + 1)
    before_in_sentence -= np.repeat(before_in_sentence[group_starts(per_sentence)[:-1][per_sentence > 0]], per_sentence[per_sentence > 0])
    start = pc.utf8_length(head).to_numpy()[mention_sentence] + 1 + before_in_sentence + connector_length + 1
    segments = concatenated(pa.array(connector, type=STRING), pa.array(surface, type=STRING), separator=" ")
    middle = joined_groups(segments, group_starts(per_sentence), " ")
    sentence_text = pc.if_else(
        pa.array(per_sentence > 0),
        concatenated(head, middle, concatenated(tail, "."), separator=" "),
        concatenated(head, concatenated(tail, "."), separator=" "),
    )
    actor_ids = np.array([a.actor_id for a in actors], dtype=object)
    mention_actor = np.where(unresolved, "", actor_ids[actor])

    # Quoted passages: the tail of a sentence, said by a person or organisation, or unattributed.
    quote_article = np.repeat(np.arange(n), rng.poisson(shape.quotes_per_article, size=n))
    quote_sentence = np.unique(group_starts(n_sentences)[quote_article] + rng.integers(0, 1 << 30, size=len(quote_article)) % n_sentences[quote_article])
    is_quote = np.zeros(s, dtype=bool)
    is_quote[quote_sentence] = True
    speakers = np.array([i for i, a in enumerate(actors) if a.type in ("person", "organization")])
    speaker = speakers[rng.integers(0, len(speakers), size=len(quote_sentence))]
    attributed = rng.random(len(quote_sentence)) < 0.7
    actor_names = np.array([a.name for a in actors], dtype=object)

    # Stance toward actors: one score per (sentence, actor) named, the articles' from those.
    actor_bias = rng.normal(0, 0.2, size=len(actors))
    resolved = np.flatnonzero(~unresolved)
    pairs = np.unique(mention_sentence[resolved] * len(actors) + actor[resolved])
    pair_sentence, pair_actor = pairs // len(actors), pairs % len(actors)
    pair_article = sentence_article[pair_sentence]
    hedged = rng.random(len(pairs)) < 0.04
    pair_score = np.clip(rng.normal(actor_bias[pair_actor] + outlet_bias[outlet[pair_article]], 0.3) - 0.5 * hedged, -1, 1)
    pair_label = SENTENCE_LABELS[np.digitize(pair_score, [-SENTENCE_BAND, SENTENCE_BAND], right=True)]
    article_actor, pair_group = np.unique(pair_article * len(actors) + pair_actor, return_inverse=True)
    n_groups = len(article_actor)
    group_sentences = np.bincount(pair_group, minlength=n_groups)
    group_score = np.bincount(pair_group, weights=pair_score, minlength=n_groups) / (group_sentences + PRIOR_NEUTRAL_SENTENCES)
    evidence = top_three_joined(pair_group, np.abs(pair_score), sentence_ids.take(pa.array(pair_sentence)), n_groups)

    # Stance on the topic: the headline and every sentence of an article about it.
    topical = rng.random(n) < shape.topical_share
    topic_articles = np.flatnonzero(topical)
    rows_per_article = 1 + n_sentences[topic_articles]
    row_article = np.repeat(topic_articles, rows_per_article)
    row_position = np.arange(len(row_article)) - np.repeat(group_starts(rows_per_article)[:-1], rows_per_article) - 1
    row_sentence = group_starts(n_sentences)[row_article] + np.maximum(row_position, 0)
    headline = row_position < 0
    kind = np.where(headline, choice_of(rng, HEADLINE_KINDS, len(row_article)), choice_of(rng, REFERENCE_KINDS, len(row_article)))
    voice = np.where(~headline & is_quote[row_sentence], "quoted", "own")
    row_weight = np.where(headline, weights.headline, np.where(voice == "quoted", weights.quoted, 1.0)) * np.where(kind == "context", weights.context, 1.0)
    lean = rng.normal(outlet_bias[outlet] * 2, 0.8, size=n)[row_article]
    logits = np.stack([rng.normal(-lean, 1), rng.normal(0.6, 1, size=len(lean)), rng.normal(lean, 1)], axis=1)
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    row_score = probabilities[:, 2] - probabilities[:, 0]
    titles = pc.utf8_capitalize(phrases(rng, words, n, 6, 12))
    row_ids = pc.if_else(
        pa.array(headline), concatenated(ids.take(pa.array(row_article)), ":title"), sentence_ids.take(pa.array(row_sentence)),
    )
    row_text = pc.if_else(pa.array(headline), titles.take(pa.array(row_article)), sentence_text.take(pa.array(row_sentence)))
    weight_sum = np.bincount(row_article, weights=row_weight, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        from_sentences = np.bincount(row_article, weights=row_weight * row_score, minlength=n) / weight_sum
    whole = np.clip(from_sentences + rng.normal(0, 0.15, size=n), -1, 1)
    topic_score = np.where(topical, weights.whole * whole + (1 - weights.whole) * from_sentences, np.nan)
    topic_label_index = np.digitize(topic_score, [-weights.band, weights.band], right=True)
    article_label = np.where(topical, STANCE_NAMES[np.minimum(topic_label_index, 2)], "")
    with np.errstate(invalid="ignore", divide="ignore"):
        confidence = np.bincount(
            row_article, weights=row_weight * probabilities[np.arange(len(row_article)), topic_label_index[row_article].clip(0, 2)], minlength=n,
        ) / weight_sum
    topic_sentences = np.bincount(row_article, weights=(kind != "context"), minlength=n).astype(np.int64)
    topic_evidence = top_three_joined(row_article, row_weight * np.abs(row_score), row_ids, n)

    # Sentence sentiment, and the articles' means of it.
    polarity = np.clip(rng.normal(0.03, 0.15, size=s), -1, 1)
    subjectivity = rng.uniform(0, 0.6, size=s)
    vader = np.clip(rng.normal(0.05, 0.4, size=s), -1, 1)

    def article_mean(values: np.ndarray) -> np.ndarray:
        return np.bincount(sentence_article, weights=values, minlength=n) / n_sentences

    paragraphs = np.unique(sentence_article * 10_000 + paragraph, return_counts=True)[1]
    paragraph_text = joined_groups(sentence_text, group_starts(paragraphs), " ")
    paragraph_article = np.unique(sentence_article * 10_000 + paragraph) // 10_000
    article_text = joined_groups(paragraph_text, group_starts(np.bincount(paragraph_article, minlength=n)), "\n\n")
    word_count = np.bincount(sentence_article, weights=pc.count_substring(sentence_text, " ").to_numpy() + 1, minlength=n).astype(np.int64)
    day = pd.to_datetime(FIRST_DAY) + pd.to_timedelta(rng.integers(0, shape.days, size=n), unit="D")
    undated = rng.random(n) < shape.undated_share
    published = pd.Series(day.strftime("%Y-%m-%d")).where(~undated, "")
    copies = np.flatnonzero(rng.random(n) < shape.syndicated_share)
    copies = copies[copies > 0]
    syndicated_of = np.full(n, "", dtype=object)
    syndicated_of[copies] = np.asarray(ids.take(pa.array(rng.integers(0, 1 << 30, size=len(copies)) % copies)).to_pylist(), dtype=object)
    author = np.where(rng.random(n) < 0.8, np.array(AUTHORS, dtype=object)[rng.integers(0, len(AUTHORS), size=n)], "")

    articles = frame(schema.ARTICLES, {
        "article_id": ids, "source_path": [f"synthetic/{i:06d}.txt" for i in range(n)],
        "outlet": sources["outlet"].to_numpy()[outlet], "republisher": "", "outlet_country": sources["country"].to_numpy()[outlet],
        "outlet_kind": sources["kind"].to_numpy()[outlet], "title": titles, "published": published,
        "date_source": np.where(undated, "none", choice_of(rng, DATE_SOURCES, n)),
        "url": [f"https://{domain.split('|')[0] or 'example.org'}/{i}" for i, domain in zip(range(n), sources["domains"].to_numpy()[outlet], strict=True)],
        "author": author, "genre": choice_of(rng, GENRE_SHARES, n), "word_count": word_count, "n_sentences": n_sentences,
        "syndicated_of": syndicated_of, "citations": "",
        "polarity": article_mean(polarity), "subjectivity": article_mean(subjectivity), "vader_compound": article_mean(vader),
        "topic_score": topic_score, "topic_whole_score": np.where(topical, whole, np.nan), "topic_label": article_label,
        "topic_confidence": np.where(topical, confidence, np.nan), "topic_sentences": topic_sentences, "topic_evidence": topic_evidence,
        "text": article_text,
    })
    sentence_stance = frame(schema.SENTENCE_STANCE, {
        "article_id": ids.take(pa.array(pair_article)), "sentence_id": sentence_ids.take(pa.array(pair_sentence)),
        "actor_id": actor_ids[pair_actor], "score": pair_score, "label": pair_label, "hedged": hedged,
    })

    # Frames: about two sentences in five carry one, the frequent frames most often.
    declared = frames_from_file(ROOT / "data" / "frames.csv")
    framed = np.flatnonzero(rng.random(s) < 0.4)
    frame_of = rng.choice(len(declared), size=len(framed), p=zipf_shares(len(declared), 1.0))
    frame_ids = np.array([f.frame_id for f in declared], dtype=object)
    by_cue = rng.random(len(framed)) < 0.7
    frame_counts = pd.DataFrame({"article": sentence_article[framed], "frame": frame_of}).value_counts(sort=False).sort_index()
    frame_articles = frame_counts.index.get_level_values("article").to_numpy()

    def label_counts(label: str) -> np.ndarray:
        return np.bincount(pair_group, weights=pair_label == label, minlength=n_groups).astype(np.int64)

    tables = {
        "articles": articles,
        "sentences": frame(schema.SENTENCES, {
            "article_id": ids.take(pa.array(sentence_article)), "sentence_id": sentence_ids, "position": position, "paragraph": paragraph,
            "text": sentence_text, "is_quote": is_quote, "polarity": polarity, "subjectivity": subjectivity, "vader_compound": vader,
        }),
        "actors": frame(schema.ACTORS, {
            "actor_id": actor_ids, "name": actor_names, "type": [a.type for a in actors], "country": [a.country for a in actors],
            "role": [a.role for a in actors], "aliases": ["|".join(a.aliases) for a in actors],
        }),
        "mentions": frame(schema.MENTIONS, {
            "article_id": ids.take(pa.array(sentence_article[mention_sentence])), "sentence_id": sentence_ids.take(pa.array(mention_sentence)),
            "actor_id": mention_actor, "surface": surface, "start": start, "end": start + surface_length, "mention_kind": mention_kind,
        }),
        "quotes": frame(schema.QUOTES, {
            "article_id": ids.take(pa.array(sentence_article[quote_sentence])), "sentence_id": sentence_ids.take(pa.array(quote_sentence)),
            "speaker_actor_id": np.where(attributed, actor_ids[speaker], ""), "speaker_text": np.where(attributed, actor_names[speaker], ""),
            "quote": tail.take(pa.array(quote_sentence)),
        }),
        "candidates": frame(schema.CANDIDATES, {
            "name": [f"Unknown Name {i}" for i in range(20)], "kind_guess": "person", "n_mentions": np.arange(40, 0, -2),
            "n_articles": np.arange(20, 0, -1), "example": "An example sentence.",
        }),
        "topic_stance": frame(schema.TOPIC_STANCE, {
            "article_id": ids.take(pa.array(row_article)), "sentence_id": row_ids, "topic": topic.topic_id, "reference_kind": kind,
            "voice": voice, "weight": row_weight, "p_critical": probabilities[:, 0], "p_neutral": probabilities[:, 1],
            "p_supportive": probabilities[:, 2], "score": row_score, "label": STANCE_NAMES[probabilities.argmax(axis=1)], "text": row_text,
        }),
        "sentence_stance": sentence_stance,
        "stance": frame(schema.STANCE, {
            "article_id": ids.take(pa.array(article_actor // len(actors))), "actor_id": actor_ids[article_actor % len(actors)],
            "n_sentences": group_sentences, "n_negative": label_counts("negative"), "n_neutral": label_counts("neutral"),
            "n_positive": label_counts("positive"), "score": group_score,
            "label": STANCE_NAMES[np.digitize(group_score, [-STANCE_BAND, STANCE_BAND], right=True)], "evidence": evidence,
        }),
        "source_stance": typed_frame(schema.SOURCE_STANCE, source_stance(articles, sentence_stance, topic.topic_id, weights.band)),
        "sentence_frames": frame(schema.SENTENCE_FRAMES, {
            "article_id": ids.take(pa.array(sentence_article[framed])), "sentence_id": sentence_ids.take(pa.array(framed)),
            "frame": frame_ids[frame_of], "score": rng.uniform(0.3, 1, size=len(framed)),
            "method": np.where(by_cue, "cue+similarity", "similarity"), "cue": np.where(by_cue, "a cue", ""),
        }),
        "article_frames": frame(schema.ARTICLE_FRAMES, {
            "article_id": ids.take(pa.array(frame_articles)), "frame": frame_ids[frame_counts.index.get_level_values("frame").to_numpy()],
            "sentences": frame_counts.to_numpy(), "share": frame_counts.to_numpy() / n_sentences[frame_articles],
        }),
        "frames": frame(schema.FRAMES, {
            "frame": frame_ids, "name": [f.name for f in declared], "description": [f.description for f in declared],
            "family": [f.family for f in declared],
        }),
        "rejected": frame(schema.REJECTED, {"source_path": ["synthetic/broken.html"], "reason": ["no article text found in the page"]}),
    }
    dated = articles["published"].dropna()
    manifest = {
        "coverage_lens_version": __version__,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "inputs": [],
        "synthetic": {"seed": seed, **asdict(shape)},
        "topic": topic.topic_id,
        "topic_title": topic.title,
        "topic_stance_variant": topic_stance_model_for(ACCURATE).variant,
        "topic_weights": asdict(weights),
        "stance_mode": "accurate",
        "input_files": n,
        "articles": n,
        "outlets": int(articles["outlet"].nunique()),
        "sentences": s,
        "mentions": m,
        "quotes": len(quote_sentence),
        "articles_with_topic_stance": int(topical.sum()),
        "rejected": 1,
        "debug_log": None,
        "first_published": dated.min().date().isoformat(),
        "last_published": dated.max().date().isoformat(),
    }
    return {name: tables[name] for name in schema.TABLES}, manifest


def write_synthetic_build(out: Path, n_articles: int, seed: int = 0, shape: Shape = Shape()) -> dict[str, object]:
    """Write a synthetic build into `out` (replacing what is there); its manifest."""
    started = time.perf_counter()
    tables, manifest = synthetic_tables(n_articles, seed, shape)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for name, table in tables.items():
        write_parquet_table(out, name, arrow_table_of(table))
    manifest["seconds"] = round(time.perf_counter() - started, 3)
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True, help="folder to write (replaced)")
    arguments = parser.parse_args()
    manifest = write_synthetic_build(arguments.out, arguments.articles, arguments.seed)
    print(
        f"{manifest['articles']:,} articles, {manifest['sentences']:,} sentences, {manifest['mentions']:,} mentions, "
        f"{manifest['quotes']:,} quotes in {manifest['seconds']:.1f} s -> {arguments.out}"
    )


if __name__ == "__main__":
    main()
