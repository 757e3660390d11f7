"""Syndication: which articles are near-copies of an earlier one (a wire story reposted).

Each article gets a fingerprint: a deterministic sample of its word 6-grams (those whose
first word's hash falls in one bucket of SAMPLE_BUCKETS). Two articles are copies when
most of the smaller one's sample appears in the other's. Candidate pairs come from an
index of a few samples per article, so time and memory grow with the corpus, not with
its square.
"""

from __future__ import annotations

import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, islice

import numpy as np

SHINGLE_WORDS = 6
SAMPLE_BUCKETS = 4
# Share of the smaller article's sample found in the other one that makes it a copy.
MIN_CONTAINMENT = 0.8
# An article with a smaller sample is too short to call a copy.
MIN_SAMPLE = 8
# A shingle found in more articles than this is a stock phrase, not evidence of copying.
# It is high because a wire story may well be reposted by hundreds of outlets in a corpus.
MAX_POSTINGS = 1000
# Smallest samples of each article that are indexed, and how many of them another article
# must hold to be compared with it in full.
ANCHORS = 6
MIN_ANCHOR_HITS = 3

# Sorted sampled hashes as unsigned 32-bit integers: a few hundred bytes an article, where
# a set of Python ints would take kilobytes.
Fingerprint = array


def fingerprint_of(words: list[str]) -> Fingerprint:
    """The sampled shingle hashes of a text's (case-folded) words.

    A shingle is sampled when its first word's hash falls in bucket 0, so only about one
    shingle in SAMPLE_BUCKETS is hashed at all; crc32 keeps this stable across processes
    and runs, unlike Python's salted `hash`.
    """
    starts = len(words) - SHINGLE_WORDS + 1
    # Each distinct word hashed once; the shingles' first words then picked out in C.
    sampled = {word for word in set(words[:starts]) if zlib.crc32(word.encode()) % SAMPLE_BUCKETS == 0}
    chosen = compress(range(starts), map(sampled.__contains__, words[:starts]))
    sample = {zlib.crc32(" ".join(words[start : start + SHINGLE_WORDS]).encode()) for start in chosen}
    return array("I", sorted(sample))


def stock_phrase_samples(articles: Sequence[SyndicationCandidate]) -> set[int]:
    """Samples found in more than MAX_POSTINGS articles: stock phrases, not evidence of copying."""
    if not articles:
        return set()
    values, counts = np.unique(np.concatenate([np.asarray(a.fingerprint, dtype=np.uint32) for a in articles]), return_counts=True)
    return set(values[counts > MAX_POSTINGS].tolist())


def containment(first: Fingerprint, second: Fingerprint) -> float:
    """Share of the smaller fingerprint found in the other one."""
    smaller, larger = sorted((first, second), key=len)
    return len(set(smaller).intersection(larger)) / len(smaller) if smaller else 0.0


@dataclass(frozen=True)
class SyndicationCandidate:
    article_id: str
    published: str
    fingerprint: Fingerprint


def syndicated_of(articles: Sequence[SyndicationCandidate]) -> dict[str, str]:
    """For each article that copies an earlier one, the id of the original it copies.

    Copies are grouped (a copy of a copy joins the group); in each group the original is the
    earliest published one, undated articles last, ties broken by input order.
    """
    parent = list(range(len(articles)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    # Index only each article's ANCHORS smallest samples that are not stock phrases (a
    # bottom-k sketch), then look up every sample of every article: an article that holds
    # most of another one's text holds most of its anchors too. The index has ANCHORS
    # entries an article, not hundreds.
    stock = stock_phrase_samples(articles)
    anchors: defaultdict[int, list[int]] = defaultdict(list)
    for index, article in enumerate(articles):
        if len(article.fingerprint) >= MIN_SAMPLE:
            for value in islice((v for v in article.fingerprint if v not in stock), ANCHORS):
                anchors[value].append(index)
    for index, article in enumerate(articles):
        if len(article.fingerprint) < MIN_SAMPLE:
            continue
        hits: Counter[int] = Counter()
        for value in article.fingerprint:
            owners = anchors.get(value)
            if owners:
                hits.update(owners)
        for other, count in hits.items():
            if other != index and count >= MIN_ANCHOR_HITS and containment(article.fingerprint, articles[other].fingerprint) >= MIN_CONTAINMENT:
                parent[root(index)] = root(other)

    groups: defaultdict[int, list[int]] = defaultdict(list)
    for index in range(len(articles)):
        groups[root(index)].append(index)
    copies: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        original = min(members, key=lambda i: (not articles[i].published, articles[i].published, i))
        for member in members:
            if member != original:
                copies[articles[member].article_id] = articles[original].article_id
    return copies
