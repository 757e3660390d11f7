"""What the map costs an article, in instructions: a figure that does not move with the
machine's speed, for comparing two versions of the code.

    .venv/bin/python benchmarks/map_instructions.py                  # fast mode, 40 articles
    .venv/bin/python benchmarks/map_instructions.py --articles 80 --stance accurate
    .venv/bin/python benchmarks/map_instructions.py --native-only    # seconds only, no valgrind

Wall-clock cannot compare versions on a shared machine: the same code measured twice in
one process differed by up to 14% here, and the machine's speed moved threefold between
days. Instructions do not move. The map's five stages (clean, actors, actor stance, topic
stance, frames) run in a fresh process under `valgrind --tool=callgrind` twice, after the
same warm-up (imports, models, a few articles): once over `--articles` articles that no
stage has seen, once over none. The difference, divided by the articles, is what one
article costs, without the start-up. Each run takes minutes: valgrind runs Python about
fifty times slower.

The same articles are then timed natively (best of three), which gives this machine's
speed today in instructions per second: the figure that turns instructions into
articles per second, and that says whether a slow benchmark day was the code or the host.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from build_speed import _paragraphs, _title  # noqa: E402

from benchmarks.machine import machine_description  # noqa: E402
from dashboard.preprocessing.sentiment.modes import FAST, STANCE_MODES  # noqa: E402

WARM_UP_ARTICLES = 10
WARM_UP_SEED = 11
# Not the warm-up's: a stage that keeps what it saw (the topic model's kept texts, the term
# search's recent candidates) must not find these articles there.
MEASURED_SEED = 12
VALGRIND = "valgrind"


def articles_of(n: int, seed: int) -> list:
    from dashboard.preprocessing.records import RawArticle

    rng = random.Random(seed)
    return [RawArticle(f"a{seed}_{i}", "\n".join([_title(rng), *_paragraphs(rng)])) for i in range(n)]


def mapped(raws: list, stages) -> None:
    """The five stages of the map over `raws`, as `processed_article` runs them."""
    from dashboard.preprocessing.build.article_map import processed_article

    for raw in raws:
        processed_article(raw, stages)


def run_map(n_articles: int, stance_mode: str) -> float:
    """The child process: warm up, then map `n_articles` fresh articles (none for the
    baseline); the seconds those took."""
    from dashboard import paths
    from dashboard.preprocessing.build.article_map import stages_of
    from dashboard.preprocessing.reference import reference_data_from_files

    stages = stages_of(reference_data_from_files(ROOT / paths.SOURCES, ROOT / paths.ACTORS, ROOT / paths.NOT_ACTORS), stance_mode, threads=1)
    mapped(articles_of(WARM_UP_ARTICLES, WARM_UP_SEED), stages)
    measured = articles_of(n_articles, MEASURED_SEED)
    started = time.perf_counter()
    mapped(measured, stages)
    return time.perf_counter() - started


def native_seconds_per_article(n_articles: int, stance_mode: str, repeats: int = 3) -> float:
    """Best of `repeats` fresh processes, each timing the measured articles after the warm-up."""
    command = [sys.executable, str(Path(__file__).resolve()), "--run-map", str(n_articles), "--stance", stance_mode]
    best = min(float(subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout) for _ in range(repeats))
    return best / n_articles


def instructions_of_run(n_articles: int, stance_mode: str, valgrind: str, scratch: Path) -> int:
    """Instructions callgrind counts for one child process mapping `n_articles`."""
    out = scratch / f"callgrind.{n_articles}.out"
    subprocess.run(
        [valgrind, "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, str(Path(__file__).resolve()),
         "--run-map", str(n_articles), "--stance", stance_mode],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    return instructions_in(out.read_text(errors="replace"))


_TOTALS = re.compile(r"^(?:summary|totals):\s*(\d+)", re.MULTILINE)


def instructions_in(callgrind_output: str) -> int:
    """The total instruction count of a callgrind output file."""
    found = _TOTALS.search(callgrind_output)
    if found is None:
        raise ValueError("no summary or totals line: not a callgrind output file")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=40, help="fresh articles measured (default 40)")
    parser.add_argument("--stance", choices=STANCE_MODES, default=FAST, help="as `build --stance` (default fast)")
    parser.add_argument("--native-only", action="store_true", help="time the map natively only, without valgrind")
    parser.add_argument("--run-map", type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.run_map is not None:
        print(run_map(arguments.run_map, arguments.stance))
        return

    print(f"machine: {machine_description()}")
    print(f"map of {arguments.articles} fresh 600-word articles, {arguments.stance} mode, one core")
    seconds = native_seconds_per_article(arguments.articles, arguments.stance)
    print(f"native: {1000 * seconds:.2f} ms an article (best of 3 processes)")
    valgrind = shutil.which(VALGRIND)
    if arguments.native_only or valgrind is None:
        if valgrind is None:
            print("valgrind is not installed: no instruction count (Debian: apt-get install valgrind)")
        return
    with tempfile.TemporaryDirectory(prefix="coverage-lens-instructions-") as scratch:
        baseline = instructions_of_run(0, arguments.stance, valgrind, Path(scratch))
        with_articles = instructions_of_run(arguments.articles, arguments.stance, valgrind, Path(scratch))
    per_article = (with_articles - baseline) / arguments.articles
    print(f"instructions: {per_article / 1e6:.1f} M an article (callgrind: {with_articles:,} with the articles, {baseline:,} without)")
    print(f"this machine today: {per_article / seconds / 1e9:.2f} G instructions/s on one core, running the map")


if __name__ == "__main__":
    main()
