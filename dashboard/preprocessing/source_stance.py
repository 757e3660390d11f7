"""How each outlet stands on the topic and treats each actor, with intervals that show how
much its articles agree.

Sentences of one article are not independent (one writer, one angle), so the interval
resamples an outlet's articles whole: 1,000 bootstrap resamples, the 2.5th and 97.5th
percentiles of the resampled mean. One article tells nothing of the spread: its interval
is the whole scale. From NORMAL_FROM_ARTICLES articles on, the interval is the normal
one of the same resampling (mean ± 1.96 standard errors of the ratio, articles as the
unit), which the resampled percentiles tend to as articles grow: there the two differ
by less than two bootstrap runs with different seeds differ from each other (0.002 on
average at 100-200 articles in a synthetic build of 100,000), while 1,000 resamples of
thousands of articles would cost seconds whenever the dashboard's filters change.

The work is in two steps, so that the dashboard does the costly one once per build:
`article_scores` (each article's summed score per outlet and target) and
`source_stance_of` (the rows, from whichever of those scores the filters keep).
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import schema
from dashboard.preprocessing.sentiment.stance import STANCE_BAND, stance_label

BOOTSTRAP_RESAMPLES = 1000
# Fewer articles than this give no interval: it is the whole scale, -1 to 1.
MIN_ARTICLES_FOR_INTERVAL = 2
NORMAL_FROM_ARTICLES = 100
Z_95 = 1.959963984540054
TOPIC = "topic"
ACTOR = "actor"
# What the per-outlet figures read of `sentence_stance`.
SENTENCE_SCORE_COLUMNS = ["article_id", "actor_id", "score"]
SCORE_COLUMNS = ["outlet", "target_kind", "target_id", "article_id", "sum", "count", "sentences", "group"]


def bootstrap_interval(sums: np.ndarray, counts: np.ndarray, seed: int) -> tuple[float, float]:
    """95% percentile interval of sum(sums) / sum(counts) over resamples of the articles."""
    n = len(sums)
    if n < MIN_ARTICLES_FOR_INTERVAL:
        return -1.0, 1.0
    picks = np.random.default_rng(seed).integers(0, n, size=(BOOTSTRAP_RESAMPLES, n))
    means = sums[picks].sum(axis=1) / counts[picks].sum(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return max(-1.0, float(low)), min(1.0, float(high))


def _seed(*parts: str) -> int:
    # Seeded by the group, so that the same articles give the same interval under any filter.
    return zlib.crc32("\x1f".join(parts).encode("utf-8"))


def article_scores(articles: pd.DataFrame, sentence_scores: pd.DataFrame, topic_id: str) -> pd.DataFrame:
    """One row per (outlet, target, article): the article's summed score toward the target
    (`sum`) over `count` scores, and its sentences about it; grouped by outlet and target
    (numbered in `group`), the topic's groups first.

    For the topic, each article counts once with its `topic_score`; for an actor, the
    article's sentence scores toward it (`sentence_scores`: article_id, actor_id, score).
    """
    # The four columns before the mask: the whole table would copy every article's text.
    scored = articles[["outlet", "article_id", "topic_score", "topic_sentences"]][articles["topic_score"].notna()]
    topic = pd.DataFrame({
        "outlet": scored["outlet"], "target_kind": TOPIC, "target_id": topic_id, "article_id": scored["article_id"],
        "sum": scored["topic_score"].astype(float), "count": 1.0, "sentences": scored["topic_sentences"].fillna(0).astype(float),
    }).sort_values("outlet", kind="stable")
    topic_groups = pd.factorize(topic["outlet"])[0]
    actors, actor_groups = _actor_scores(articles, sentence_scores)
    scores = pd.concat([topic, actors], ignore_index=True)[SCORE_COLUMNS[:-1]]
    return scores.assign(group=np.concatenate([topic_groups, actor_groups + (topic_groups.max() + 1 if len(topic_groups) else 0)]))


def _actor_scores(articles: pd.DataFrame, sentence_scores: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The actor rows of `article_scores`, sorted by outlet, actor and article, and each
    row's group (from 0). The sentence rows are read as Arrow arrays and grouped on
    integer codes: as Python strings, the ids of the sentences of 100,000 articles took
    half a gigabyte, and a merge and a group-by over them held several copies."""
    if not len(sentence_scores) or not len(articles):
        return pd.DataFrame(columns=SCORE_COLUMNS[:-1]), np.zeros(0, dtype=np.int64)
    columns = pa.Table.from_pandas(sentence_scores[["article_id", "actor_id", "score"]], preserve_index=False)
    sentence_articles = columns["article_id"].cast(pa.string())
    position = pc.fill_null(pc.index_in(sentence_articles, value_set=pa.array(articles["article_id"], pa.string())), -1).to_numpy()
    outlet_codes, outlets = pd.factorize(articles["outlet"], sort=True)
    article_codes, article_ids = pd.factorize(articles["article_id"], sort=True)
    actor_codes, actor_ids = _sorted_codes(columns["actor_id"].cast(pa.string()))
    score = columns["score"].cast(pa.float64())
    kept = pc.is_valid(score).to_numpy(zero_copy_only=False) & (position >= 0) & (actor_codes >= 0)
    kept[kept] = outlet_codes[position[kept]] >= 0
    values = pc.fill_null(score, np.nan).to_numpy()[kept]
    if not len(values):
        return pd.DataFrame(columns=SCORE_COLUMNS[:-1]), np.zeros(0, dtype=np.int64)
    n_actors, n_articles = len(actor_ids), len(article_ids)
    position = position[kept]
    key = (outlet_codes[position].astype(np.int64) * n_actors + actor_codes[kept]) * n_articles + article_codes[position]
    grouped = pd.Series(values).groupby(key, sort=True).agg(["sum", "count"])
    keys = grouped.index.to_numpy()
    outlet_and_actor = keys // n_articles
    actors = pd.DataFrame({
        "outlet": outlets.take(outlet_and_actor // n_actors), "target_kind": ACTOR,
        "target_id": pd.array(actor_ids.take(outlet_and_actor % n_actors).to_pylist(), dtype="string"),
        "article_id": article_ids.take(keys % n_articles), "sum": grouped["sum"].to_numpy(), "count": grouped["count"].to_numpy(),
        "sentences": grouped["count"].to_numpy(float),
    })
    return actors, pd.factorize(outlet_and_actor)[0]


def _sorted_codes(values: pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """Each value's rank among the distinct values sorted (-1 for a null), and those values."""
    encoded = pc.dictionary_encode(values).combine_chunks()
    order = pc.array_sort_indices(encoded.dictionary).to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    indices = pc.fill_null(encoded.indices, -1).to_numpy()
    return np.where(indices >= 0, rank[np.maximum(indices, 0)], -1), encoded.dictionary.take(pa.array(order))


def source_stance_of(scores: pd.DataFrame, topic_band: float, kept: np.ndarray | None = None) -> pd.DataFrame:
    """One row per group of `article_scores`, from the rows `kept` (a mask; all when None)."""
    rows = np.arange(len(scores)) if kept is None else np.flatnonzero(kept)
    if not len(rows):
        return pd.DataFrame(columns=schema.SOURCE_STANCE.column_names)
    group = scores["group"].to_numpy()[rows]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    sizes = np.diff(np.r_[starts, len(group)])
    sums, counts = scores["sum"].to_numpy(float)[rows], scores["count"].to_numpy(float)[rows]
    total, weight = np.add.reduceat(sums, starts), np.add.reduceat(counts, starts)
    mean = total / weight
    spread = np.add.reduceat((sums - np.repeat(mean, sizes) * counts) ** 2, starts)
    error = Z_95 * np.sqrt(spread) / weight
    low, high = np.maximum(-1.0, mean - error), np.minimum(1.0, mean + error)
    first = scores.iloc[rows[starts]]
    outlets, kinds, targets = first["outlet"].tolist(), first["target_kind"].tolist(), first["target_id"].tolist()
    for i in np.flatnonzero(sizes < NORMAL_FROM_ARTICLES):
        articles = slice(starts[i], starts[i] + sizes[i])
        low[i], high[i] = bootstrap_interval(sums[articles], counts[articles], _seed(outlets[i], kinds[i], targets[i]))
    bands = np.where(np.array(kinds) == TOPIC, topic_band, STANCE_BAND)
    return pd.DataFrame({
        "outlet": outlets, "target_kind": kinds, "target_id": targets, "n_articles": sizes,
        "n_sentences": np.add.reduceat(scores["sentences"].to_numpy(float)[rows], starts).astype(int), "mean_score": mean,
        "interval_low": low, "interval_high": high, "label": [stance_label(m, band) for m, band in zip(mean, bands, strict=True)],
    }, columns=schema.SOURCE_STANCE.column_names)


def source_stance(articles: pd.DataFrame, sentence_scores: pd.DataFrame, topic_id: str, topic_band: float) -> pd.DataFrame:
    """One row per (outlet, topic) and (outlet, actor).

    For the topic, the mean is over the outlet's articles' `topic_score`; for an actor, over
    the sentences about it (`sentence_scores`: article_id, actor_id, score).
    """
    return source_stance_of(article_scores(articles, sentence_scores, topic_id), topic_band)
