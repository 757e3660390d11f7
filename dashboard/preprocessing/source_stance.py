"""How each outlet stands on the topic and treats each actor, with intervals that show how
much its articles agree.

Sentences of one article are not independent (one writer, one angle), so the interval
resamples an outlet's articles whole: 1,000 bootstrap resamples, the 2.5th and 97.5th
percentiles of the resampled mean. One article tells nothing of the spread: its interval
is the whole scale.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from dashboard import schema
from dashboard.preprocessing.sentiment.stance import STANCE_BAND, stance_label

BOOTSTRAP_RESAMPLES = 1000
TOPIC = "topic"
ACTOR = "actor"


def bootstrap_interval(sums: np.ndarray, counts: np.ndarray, seed: int) -> tuple[float, float]:
    """95% percentile interval of sum(sums) / sum(counts) over resamples of the articles."""
    n = len(sums)
    if n < 2:
        return -1.0, 1.0
    picks = np.random.default_rng(seed).integers(0, n, size=(BOOTSTRAP_RESAMPLES, n))
    means = sums[picks].sum(axis=1) / counts[picks].sum(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return max(-1.0, float(low)), min(1.0, float(high))


def _seed(*parts: str) -> int:
    # Seeded by the group, so that the same articles give the same interval under any filter.
    return zlib.crc32("\x1f".join(parts).encode("utf-8"))


def _row(outlet: str, kind: str, target: str, per_article: pd.DataFrame, band: float) -> dict[str, object]:
    sums = per_article["sum"].to_numpy(dtype=float)
    counts = per_article["count"].to_numpy(dtype=float)
    mean = float(sums.sum() / counts.sum())
    low, high = bootstrap_interval(sums, counts, _seed(outlet, kind, target))
    return {
        "outlet": outlet, "target_kind": kind, "target_id": target, "n_articles": len(per_article),
        "n_sentences": int(per_article["sentences"].sum()), "mean_score": mean, "interval_low": low,
        "interval_high": high, "label": stance_label(mean, band),
    }


def source_stance(articles: pd.DataFrame, sentence_scores: pd.DataFrame, topic_id: str, topic_band: float) -> pd.DataFrame:
    """One row per (outlet, topic) and (outlet, actor).

    For the topic, the mean is over the outlet's articles' `topic_score`; for an actor, over
    the sentences about it (`sentence_scores`: article_id, actor_id, score).
    """
    rows = []
    scored = articles[articles["topic_score"].notna()]
    for outlet, group in scored.groupby("outlet", sort=True):
        per_article = pd.DataFrame({
            "sum": group["topic_score"].astype(float), "count": 1.0, "sentences": group["topic_sentences"].astype(float),
        })
        rows.append(_row(outlet, TOPIC, topic_id, per_article, topic_band))
    joined = sentence_scores.dropna(subset=["score"]).merge(articles[["article_id", "outlet"]], on="article_id")
    per_article = (
        joined.groupby(["outlet", "actor_id", "article_id"], sort=True)["score"]
        .agg(sum="sum", count="count").assign(sentences=lambda frame: frame["count"]).reset_index()
    )
    for (outlet, actor_id), group in per_article.groupby(["outlet", "actor_id"], sort=True):
        rows.append(_row(outlet, ACTOR, actor_id, group, STANCE_BAND))
    return pd.DataFrame(rows, columns=schema.SOURCE_STANCE.column_names)
