"""Which articles a coder reads: a seeded random sample stratified by outlet, then the
next one not yet labelled."""

from __future__ import annotations

import random
from collections.abc import Iterable

import pandas as pd

DEFAULT_SAMPLE_SIZE = 30
# One sample for every coder, so that two coders read the same articles and their
# agreement can be measured; change it to draw a fresh sample.
DEFAULT_SEED = 2024


def outlet_quotas(counts: dict[str, int], size: int) -> dict[str, int]:
    """How many articles each outlet gives: its share of the sample by largest remainder,
    then at least one per outlet while the size allows (taken from the largest quota),
    never more than it has."""
    size = min(size, sum(counts.values()))
    total = sum(counts.values())
    outlets = sorted(counts)
    if not size:
        return dict.fromkeys(outlets, 0)
    shares = {outlet: counts[outlet] * size / total for outlet in outlets}
    quotas = {outlet: int(shares[outlet]) for outlet in outlets}
    for outlet in sorted(outlets, key=lambda outlet: (-(shares[outlet] - quotas[outlet]), outlet))[: size - sum(quotas.values())]:
        quotas[outlet] += 1
    for outlet in sorted((outlet for outlet in outlets if quotas[outlet] == 0), key=lambda outlet: (-counts[outlet], outlet)):
        donor = max(outlets, key=lambda other: (quotas[other], other))
        if quotas[donor] <= 1:
            break
        quotas[donor] -= 1
        quotas[outlet] = 1
    return quotas


def stratified_sample(articles: pd.DataFrame, size: int = DEFAULT_SAMPLE_SIZE, seed: int = DEFAULT_SEED) -> list[str]:
    """The `article_id`s of a random sample stratified by outlet, in a seeded random order
    (so a coder who stops early has still read across outlets)."""
    generator = random.Random(seed)
    by_outlet: dict[str, list[str]] = {}
    # Columns as lists first: iterating Arrow-backed columns item by item is ten times slower.
    for article_id, outlet in sorted(zip(articles["article_id"].tolist(), articles["outlet"].tolist(), strict=True)):
        by_outlet.setdefault(str(outlet), []).append(str(article_id))
    quotas = outlet_quotas({outlet: len(ids) for outlet, ids in by_outlet.items()}, size)
    chosen = [article_id for outlet, ids in sorted(by_outlet.items()) for article_id in generator.sample(ids, quotas[outlet])]
    generator.shuffle(chosen)
    return chosen


def next_to_label(sample: list[str], labelled: Iterable[str]) -> str | None:
    """The first article of the sample this coder has not labelled, or None when done."""
    done = set(labelled)
    return next((article_id for article_id in sample if article_id not in done), None)


# An article with this few sentences about the topic gives the tool little to go on.
FEW_TOPIC_SENTENCES = 1


def active_candidates(articles: pd.DataFrame, labels: pd.DataFrame, band: float) -> list[str]:
    """Articles not labelled yet, the most informative first: where the tool is least sure
    (its score nearest a threshold of the neutral band ±`band`, or few sentences about
    the topic), then those of the outlets with the fewest labels."""
    labelled = set(labels["article_id"])
    per_outlet = articles[articles["article_id"].isin(labelled)]["outlet"].value_counts().to_dict()
    rows = []
    columns = (articles[column].tolist() for column in ("article_id", "outlet", "topic_score", "topic_sentences"))
    for article_id, outlet, score, sentences in zip(*columns, strict=True):
        if article_id in labelled:
            continue
        certainty = (
            0.0 if pd.isna(score) or (not pd.isna(sentences) and int(sentences) <= FEW_TOPIC_SENTENCES)
            else min(abs(float(score) - band), abs(float(score) + band))
        )
        rows.append((round(certainty, 2), per_outlet.get(outlet, 0), str(article_id)))
    return [article_id for _, _, article_id in sorted(rows)]
