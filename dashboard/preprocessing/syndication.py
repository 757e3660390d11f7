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
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

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
# Samples (32-bit) whose bits above this many are the same share a bucket of the anchors'
# table: 2**24 buckets, 16 MB, a few per cent of them taken at 100,000 articles.
_BUCKET_SHIFT = 8

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
    return set(_stock_values(_all_samples(articles)[0]).tolist())


def _all_samples(articles: Sequence[SyndicationCandidate]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every article's samples end to end, the index of the article each one is of, and
    each article's number of samples."""
    sizes = np.fromiter((len(a.fingerprint) for a in articles), dtype=np.int64, count=len(articles))
    # The arrays' bytes joined in one pass: numpy's conversion of each array costs more.
    values = np.frombuffer(b"".join(_as_uint32(a.fingerprint) for a in articles), dtype=np.uint32)
    return values, np.repeat(np.arange(len(articles)), sizes), sizes


def _as_uint32(fingerprint: Fingerprint) -> Fingerprint | bytes:
    # "I" is 4 bytes on every platform we know of; converted where it is not.
    return fingerprint if fingerprint.itemsize == 4 else np.asarray(fingerprint, dtype=np.uint32).tobytes()


def _stock_values(values: np.ndarray) -> np.ndarray:
    distinct, counts = np.unique(values, return_counts=True)
    return distinct[counts > MAX_POSTINGS]


def containment(first: Fingerprint, second: Fingerprint) -> float:
    """Share of the smaller fingerprint found in the other one."""
    smaller, larger = sorted((first, second), key=len)
    return len(set(smaller).intersection(larger)) / len(smaller) if smaller else 0.0


def _candidate_pairs(articles: Sequence[SyndicationCandidate]) -> np.ndarray:
    """Pairs (i, j), i < j, of articles that share at least MIN_ANCHOR_HITS anchors.

    Only each article's ANCHORS smallest samples that are not stock phrases are indexed (a
    bottom-k sketch), then every sample of every article is looked up: an article that
    holds most of another one's text holds most of its anchors too. The index has ANCHORS
    entries an article, not hundreds, and the lookups are array operations.
    """
    values, owners, sizes = _all_samples(articles)
    long_enough = (sizes >= MIN_SAMPLE)[owners]
    if not long_enough.any():
        return np.zeros((0, 2), dtype=np.int64)
    anchor_like = long_enough & ~np.isin(values, _stock_values(values))
    # Rank of each anchor-like sample among its article's (fingerprints are sorted).
    seen = np.cumsum(anchor_like)
    seen_before_article = np.concatenate([[0], seen])[np.cumsum(sizes) - sizes]
    is_anchor = anchor_like & (seen - seen_before_article[owners] <= ANCHORS)
    order = np.argsort(values[is_anchor], kind="stable")
    anchor_values, anchor_owners = values[is_anchor][order], owners[is_anchor][order]
    looked_up, looking = values[long_enough], owners[long_enough]
    # Most samples are no article's anchor. A table of the anchors' high bits rules them out
    # first: the binary searches miss the cache at every step, and over the 15 million
    # samples of 100,000 articles they took 3 s.
    has_anchor = np.zeros(1 << (32 - _BUCKET_SHIFT), dtype=bool)
    has_anchor[anchor_values >> _BUCKET_SHIFT] = True
    maybe = has_anchor[looked_up >> _BUCKET_SHIFT]
    looked_up, looking = looked_up[maybe], looking[maybe]
    low = np.searchsorted(anchor_values, looked_up, side="left")
    found = np.searchsorted(anchor_values, looked_up, side="right") - low
    # Every (article, anchor owner) hit, one row per shared anchor.
    hit_article = np.repeat(looking, found)
    offsets = np.arange(int(found.sum())) - np.repeat(np.cumsum(found) - found, found)
    hit_owner = anchor_owners[np.repeat(low, found) + offsets]
    keys, counts = np.unique(hit_article * len(articles) + hit_owner, return_counts=True)
    keys = keys[counts >= MIN_ANCHOR_HITS]
    first_of, second_of = keys // len(articles), keys % len(articles)
    pairs = np.unique(np.stack([np.minimum(first_of, second_of), np.maximum(first_of, second_of)], axis=1)[first_of != second_of], axis=0)
    return pairs.reshape(-1, 2)


def _copied_pairs(articles: Sequence[SyndicationCandidate]) -> list[tuple[int, int]]:
    """Candidate pairs whose fingerprints are copies of each other."""
    return [
        (int(first), int(second)) for first, second in _candidate_pairs(articles)
        if containment(articles[first].fingerprint, articles[second].fingerprint) >= MIN_CONTAINMENT
    ]


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

    for index, other in _copied_pairs(articles):
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
