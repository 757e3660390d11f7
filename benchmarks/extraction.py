"""Article-body extraction from HTML pages, scored on the article extraction benchmark.

    .venv/bin/python benchmarks/extraction.py                 # all 181 pages
    .venv/bin/python benchmarks/extraction.py --limit 3       # the first three pages
    .venv/bin/python benchmarks/extraction.py --pages ID ID   # only these pages
    .venv/bin/python benchmarks/extraction.py --show ID       # our text against the truth, as a diff
    .venv/bin/python benchmarks/extraction.py --half even     # pages whose id has an even last hex digit

Reads the benchmark from `../shared/extraction-benchmark/` beside the repository (181 real
pages and their true article bodies; not part of the repository). Scores two extractors in
the same run: (a) our HTML path, exactly what the build does to an HTML page
(`clean_article_from_raw` on an HTML_PAGE raw article, `.text`; a rejection is an empty
text), (b) trafilatura alone with the options our extraction starts from and (c) for
reference trafilatura alone favouring precision (our second pass). Pages are compared
with (b).

The metric is the benchmark's own: `\\w+` tokens, 4-token shingles with multiplicity, per
page tp/fp/fn normalised to sum to 1, page precision and recall, corpus precision and
recall as means over pages, F1 of the two means, and accuracy (token sequence equal).
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from benchmarks.machine import machine_description  # noqa: E402
from dashboard.preprocessing.articles import clean_article_from_raw  # noqa: E402
from dashboard.preprocessing.extraction import TRAFILATURA_OPTIONS, precise_text_from_html_page  # noqa: E402
from dashboard.preprocessing.ingest.decode import text_from_bytes  # noqa: E402
from dashboard.preprocessing.records import HTML_PAGE, RawArticle, Rejection  # noqa: E402
from dashboard.preprocessing.sources import SourceRegistry, source_registry_from_csv  # noqa: E402

BENCHMARK = ROOT.parent / "shared" / "extraction-benchmark"
SHINGLE_SIZE = 4
# A page where we score this much below trafilatura alone is listed.
WORSE_MARGIN = 0.02
TOKEN = re.compile(r"\w+")

# --- the metric --------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The word n-grams of a text, with how often each occurs."""
    words = tokens(text)
    return Counter(tuple(words[index : index + size]) for index in range(len(words) - size + 1))


@dataclass(frozen=True)
class PageCounts:
    """Shingle tp, fp and fn of one page, divided by their sum (all zero for two empty texts)."""

    tp: float
    fp: float
    fn: float


def page_counts(truth: str, predicted: str) -> PageCounts:
    true_shingles, predicted_shingles = shingles(truth), shingles(predicted)
    tp = sum((true_shingles & predicted_shingles).values())
    fp = sum((predicted_shingles - true_shingles).values())
    fn = sum((true_shingles - predicted_shingles).values())
    total = tp + fp + fn
    if total == 0:
        return PageCounts(0.0, 0.0, 0.0)
    return PageCounts(tp / total, fp / total, fn / total)


def page_precision(counts: PageCounts) -> float:
    if counts.fp == 0 and counts.fn == 0:
        return 1.0
    if counts.tp == 0 and counts.fp == 0:
        return 0.0
    return counts.tp / (counts.tp + counts.fp)


def page_recall(counts: PageCounts) -> float:
    if counts.fp == 0 and counts.fn == 0:
        return 1.0
    if counts.tp == 0 and counts.fn == 0:
        return 0.0
    return counts.tp / (counts.tp + counts.fn)


def page_f1(counts: PageCounts) -> float:
    precision, recall = page_precision(counts), page_recall(counts)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def is_exact(truth: str, predicted: str) -> bool:
    return tokens(truth) == tokens(predicted)


@dataclass(frozen=True)
class CorpusScores:
    f1: float
    precision: float
    recall: float
    accuracy: float


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def corpus_scores(pairs: Iterable[tuple[str, str]]) -> CorpusScores:
    """Scores over (truth, predicted) pairs: precision over pages with tp+fp > 0, recall over
    pages with tp+fn > 0, F1 of the two means, accuracy over all pages."""
    precisions, recalls, exact = [], [], []
    for truth, predicted in pairs:
        counts = page_counts(truth, predicted)
        if counts.tp + counts.fp > 0:
            precisions.append(page_precision(counts))
        if counts.tp + counts.fn > 0:
            recalls.append(page_recall(counts))
        exact.append(1.0 if is_exact(truth, predicted) else 0.0)
    precision, recall = _mean(precisions), _mean(recalls)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return CorpusScores(f1, precision, recall, _mean(exact))


# --- the extractors ------------------------------------------------------------------------


def page_html(page_id: str, benchmark: Path = BENCHMARK) -> str:
    """The page decoded as the build decodes an HTML file."""
    return text_from_bytes(gzip.decompress((benchmark / "html" / f"{page_id}.html.gz").read_bytes()))


def our_text(page_id: str, html: str, registry: SourceRegistry) -> str:
    article = clean_article_from_raw(RawArticle(f"{page_id}.html", body=html, body_kind=HTML_PAGE), registry)
    return "" if isinstance(article, Rejection) else article.text


def trafilatura_text(html: str) -> str:
    return trafilatura.extract(html, **TRAFILATURA_OPTIONS) or ""


# --- the report ----------------------------------------------------------------------------


def _half_of(page_id: str) -> str:
    return "even" if int(page_id[-1], 16) % 2 == 0 else "odd"


def _row(name: str, scores: CorpusScores) -> str:
    return f"{name:<22} {scores.f1:>6.3f} {scores.precision:>9.3f} {scores.recall:>6.3f} {scores.accuracy:>8.3f}"


def _show(page_id: str, truth: str, ours: str) -> None:
    print(f"--- truth {page_id}\n+++ ours {page_id}")
    for line in difflib.unified_diff(truth.split("\n"), ours.split("\n"), lineterm="", n=1):
        if not line.startswith(("---", "+++")):
            print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--benchmark", type=Path, default=BENCHMARK, help="benchmark folder (default: %(default)s)")
    parser.add_argument("--limit", type=int, help="only the first N pages (in id order)")
    parser.add_argument("--pages", nargs="+", metavar="ID", help="only these pages (an id or its first characters)")
    parser.add_argument("--half", choices=["even", "odd"], help="only pages whose id ends in an even / odd hex digit")
    parser.add_argument("--show", nargs="+", metavar="ID", help="print our text against the truth for these pages (ids or their first characters)")
    parser.add_argument("--worst", type=int, default=10, help="how many of our worst pages to list")
    arguments = parser.parse_args()
    if not (arguments.benchmark / "ground-truth.json").exists():
        raise SystemExit(f"no benchmark at {arguments.benchmark} (ground-truth.json missing)")

    truth = {page_id: entry["articleBody"] for page_id, entry in json.loads((arguments.benchmark / "ground-truth.json").read_text()).items()}
    wanted = arguments.pages or arguments.show
    page_ids = sorted(page_id for page_id in truth if not wanted or page_id.startswith(tuple(wanted)))
    if arguments.half:
        page_ids = [page_id for page_id in page_ids if _half_of(page_id) == arguments.half]
    if arguments.limit:
        page_ids = page_ids[: arguments.limit]
    registry = source_registry_from_csv(ROOT / "data" / "sources.csv")

    extractors: dict[str, Callable[[str, str], str]] = {
        "ours": lambda page_id, html: our_text(page_id, html, registry),
        "trafilatura alone": lambda _page_id, html: trafilatura_text(html),
        "trafilatura precision": lambda _page_id, html: precise_text_from_html_page(html),
    }
    texts: dict[str, dict[str, str]] = {name: {} for name in extractors}
    seconds: dict[str, float] = dict.fromkeys(extractors, 0.0)
    for page_id in page_ids:
        html = page_html(page_id, arguments.benchmark)
        for name, extract in extractors.items():
            started = time.perf_counter()
            texts[name][page_id] = extract(page_id, html)
            seconds[name] += time.perf_counter() - started

    if arguments.show:
        for page_id in page_ids:
            _show(page_id, truth[page_id], texts["ours"][page_id])
            print()

    print(f"{machine_description()}, trafilatura {trafilatura.__version__}")
    print(f"{len(page_ids)} pages")
    print(f"{'extractor':<22} {'F1':>6} {'precision':>9} {'recall':>6} {'accuracy':>8}   seconds")
    for name in extractors:
        scores = corpus_scores((truth[page_id], texts[name][page_id]) for page_id in page_ids)
        print(f"{_row(name, scores)}   {seconds[name]:>7.1f}")

    page_scores = {
        page_id: {name: page_f1(page_counts(truth[page_id], texts[name][page_id])) for name in extractors} for page_id in page_ids
    }
    worse = [page_id for page_id in page_ids if page_scores[page_id]["ours"] < page_scores[page_id]["trafilatura alone"] - WORSE_MARGIN]
    print(f"\npages where ours is more than {WORSE_MARGIN} below trafilatura alone (page F1): {len(worse)}")
    for page_id in sorted(worse, key=lambda page_id: page_scores[page_id]["ours"] - page_scores[page_id]["trafilatura alone"]):
        print(f"  {page_id}  ours {page_scores[page_id]['ours']:.3f}  trafilatura {page_scores[page_id]['trafilatura alone']:.3f}")
    print(f"\nour {arguments.worst} worst pages (page F1)")
    for page_id in sorted(page_ids, key=lambda page_id: page_scores[page_id]["ours"])[: arguments.worst]:
        print(f"  {page_id}  ours {page_scores[page_id]['ours']:.3f}  trafilatura {page_scores[page_id]['trafilatura alone']:.3f}")


if __name__ == "__main__":
    main()
