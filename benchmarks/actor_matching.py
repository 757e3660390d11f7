"""Actor matching throughput on one core.

    .venv/bin/python benchmarks/actor_matching.py [--words 2000000]

Splits the seed corpus into sentences, repeats them up to the requested number of words
and times (1) matching and resolving mentions with the shipped dictionary
(`ActorMatcher.mentions_in_sentences`, article by article) and (2) the whole actor stage
(mentions, quotes and unknown names, `article_actors`). Prints words per second.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import machine_description  # noqa: E402
from dashboard.preprocessing.actors.article_actors import article_actors  # noqa: E402
from dashboard.preprocessing.actors.matching import ActorMatcher  # noqa: E402
from dashboard.preprocessing.build import BuildOptions, build_tables  # noqa: E402
from dashboard.preprocessing.reference import reference_data_from_files  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=2_000_000)
    arguments = parser.parse_args()

    reference = reference_data_from_files(ROOT / "data/sources.csv", ROOT / "data/actors.csv", ROOT / "data/not_actors.csv")
    sentences = build_tables([ROOT / "seeds"], reference, BuildOptions(workers=1))["sentences"]
    articles = [(group["text"].tolist(), group["is_quote"].tolist()) for _, group in sentences.groupby("article_id", sort=False)]
    words_per_round = int(sentences["text"].str.split().str.len().sum())
    rounds = max(1, arguments.words // words_per_round)
    corpus = articles * rounds
    words = words_per_round * rounds
    matcher = ActorMatcher(reference.actors)

    started = time.perf_counter()
    mentions = sum(len(matcher.mentions_in_sentences(texts)) for texts, _ in corpus)
    matching = time.perf_counter() - started
    started = time.perf_counter()
    for texts, is_quote in corpus:
        article_actors(texts, is_quote, matcher)
    stage = time.perf_counter() - started

    print(f"machine: {machine_description()}; {len(reference.actors.forms):,} surface forms")
    print(f"matching and resolving: {words:,} words, {mentions:,} mentions in {matching:.2f} s = {words / matching / 1e6:.2f} M words/s")
    print(f"whole actor stage (mentions, quotes, unknown names): {words / stage / 1e6:.2f} M words/s")


if __name__ == "__main__":
    main()
