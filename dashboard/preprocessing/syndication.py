"""Syndication: which articles are near-copies of an earlier one (a wire story reposted).

Each article gets a fingerprint: a deterministic sample of its word 6-grams (those whose
first word's hash falls in one bucket of SAMPLE_BUCKETS). Two articles are copies when most of the
smaller one's sample appears in the other's. An inverted index over the samples finds the
candidate pairs, so the cost grows with the corpus, not with its square.
"""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass


SHINGLE_WORDS = 6
SAMPLE_BUCKETS = 4
# Share of the smaller article's sample found in the other one that makes it a copy.
MIN_CONTAINMENT = 0.8
# An article with a smaller sample is too short to call a copy.
MIN_SAMPLE = 8
# A shingle found in more articles than this is a stock phrase, not evidence of copying.
MAX_POSTINGS = 200


def fingerprint_of(words: list[str]) -> frozenset[int]:
    """The sampled shingle hashes of a text's (case-folded) words.

    A shingle is sampled when its first word's hash falls in bucket 0, so only about one
    shingle in SAMPLE_BUCKETS is hashed at all; crc32 keeps this stable across processes
    and runs, unlike Python's salted `hash`.
    """
    word_hashes: dict[str, int] = {}
    sample: set[int] = set()
    for start in range(len(words) - SHINGLE_WORDS + 1):
        word = words[start]
        value = word_hashes.get(word)
        if value is None:
            value = word_hashes[word] = zlib.crc32(word.encode())
        if value % SAMPLE_BUCKETS == 0:
            sample.add(zlib.crc32(" ".join(words[start : start + SHINGLE_WORDS]).encode()))
    return frozenset(sample)


@dataclass(frozen=True)
class SyndicationCandidate:
    article_id: str
    published: str
    fingerprint: frozenset[int]


def syndicated_of(articles: Sequence[SyndicationCandidate]) -> dict[str, str]:
    """For each article that copies an earlier one, the id of the original it copies.

    Copies are grouped (a copy of a copy joins the group); in each group the original is the
    earliest published one, undated articles last, ties broken by input order.
    """
    postings: defaultdict[int, list[int]] = defaultdict(list)
    for index, article in enumerate(articles):
        if len(article.fingerprint) >= MIN_SAMPLE:
            for value in article.fingerprint:
                postings[value].append(index)
    shared: Counter[tuple[int, int]] = Counter()
    for indexes in postings.values():
        if 1 < len(indexes) <= MAX_POSTINGS:
            for position, first in enumerate(indexes):
                for second in indexes[position + 1 :]:
                    shared[first, second] += 1

    parent = list(range(len(articles)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for (first, second), count in shared.items():
        smaller = min(len(articles[first].fingerprint), len(articles[second].fingerprint))
        if count >= MIN_CONTAINMENT * smaller:
            parent[root(first)] = root(second)

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
