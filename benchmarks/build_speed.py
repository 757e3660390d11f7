"""Speed and memory of `build` on a synthetic corpus in every supported format.

    .venv/bin/python benchmarks/build_speed.py                    # 1,000 and 10,000 articles
    .venv/bin/python benchmarks/build_speed.py --sizes 1000 100000
    .venv/bin/python benchmarks/build_speed.py --html 500         # HTML pages vs trafilatura alone
    .venv/bin/python benchmarks/build_speed.py --stance fast      # the fast models, for very large corpora

For each size it writes a corpus of page dumps, WordPress JSON files, JSON Lines and CSV
exports (about 600 words an article; 2% are reposts of another article), runs the build
in a fresh process and reports articles/s, the peak memory of all its processes
together (sampled from /proc every 0.25 s), and the size of the output tables. Then it
adds `--added` files and rebuilds with the map cache the first build left: how many
times faster an incremental rebuild is. The HTML run times the whole build of
N pages against trafilatura's own extraction (same options) of the same pages, in the
same run: both the ingest-clean-split part and the whole build. Figures go into the README with the machine they were measured on.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import machine_description  # noqa: E402
from dashboard.allocator import use_system_allocator_for_arrow  # noqa: E402

# As `python -m dashboard build` does: the builds this times run in children of this script.
use_system_allocator_for_arrow()

from dashboard.preprocessing.sentiment.modes import DEFAULT_STANCE_MODE, STANCE_MODES  # noqa: E402

WORDS_PER_ARTICLE = 600
RECORDS_PER_FILE = 1000
REPOST_SHARE = 0.02

_ACTORS = ["South Korea", "Japan", "the United States", "North Korea", "China", "Russia", "Seoul", "Tokyo", "Washington",
           "Pyongyang", "Beijing", "the Pentagon", "Defense Minister Shin Won-sik", "Minoru Kihara", "Lloyd Austin", "NATO"]
_VERBS = ["said", "warned", "agreed", "argued", "announced", "criticized", "welcomed", "questioned", "signed", "rejected"]
_NOUNS = ["framework", "exercise", "alliance", "treaty", "summit", "missile test", "deterrence", "cooperation", "election",
          "statement", "strategy", "agreement", "drill", "partnership", "sanction", "meeting", "memorandum", "dialogue"]
_FILLER = ["the", "new", "regional", "trilateral", "security", "defense", "on", "Sunday", "in", "a", "that", "would", "could",
           "further", "and", "its", "after", "before", "amid", "growing", "concerns", "over", "officials", "experts", "year"]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_ACTORS), rng.choice(_VERBS)] + [rng.choice(_FILLER) for _ in range(rng.randint(6, 16))]
    words += [rng.choice(_NOUNS), f"No. {rng.randint(1, 9)}" if rng.random() < 0.1 else rng.choice(_FILLER), rng.choice(_NOUNS)]
    if rng.random() < 0.2:
        return f"“{' '.join(words[2:])},” {words[0]} {words[1]}."
    return " ".join(words) + "."


def _paragraphs(rng: random.Random) -> list[str]:
    paragraphs, words = [], 0
    while words < WORDS_PER_ARTICLE:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    return paragraphs


def _title(rng: random.Random) -> str:
    return f"{rng.choice(_ACTORS)} {rng.choice(_VERBS)} {rng.choice(_NOUNS)} {rng.randint(1, 10**6)}"


def _date(rng: random.Random) -> str:
    return f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def write_corpus(folder: Path, n_articles: int, seed: int = 1) -> None:
    """n articles: a quarter each as page dumps, WordPress JSON, JSON Lines and CSV."""
    import csv

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    bodies: list[list[str]] = []

    def body() -> list[str]:
        if bodies and rng.random() < REPOST_SHARE:
            return [*rng.choice(bodies), "Reposted with permission."]
        paragraphs = _paragraphs(rng)
        if len(bodies) < 500:
            bodies.append(paragraphs)
        return paragraphs

    per_format = n_articles // 4
    for index in range(n_articles - 3 * per_format):
        paragraphs = body()
        lines = ["Loading", "Search", f"▼ {_title(rng)}", "- Category:World", *paragraphs, f"- July {rng.randint(1, 28)}, 2024", "- Comment (0)"]
        (folder / f"page_{index:06d}.txt").write_text("\n".join(lines), encoding="utf-8")
    for index in range(per_format):
        post = {
            "id": index, "date": _date(rng) + "T08:00:00", "link": f"https://koreapro.org/2024/{index}/",
            "title": {"rendered": _title(rng)}, "content": {"rendered": "".join(f"<p>{p}</p>\n" for p in body())},
        }
        (folder / f"post_{index:06d}.json").write_text(json.dumps(post), encoding="utf-8")
    for start in range(0, per_format, RECORDS_PER_FILE):
        with (folder / f"feed_{start:06d}.jsonl").open("w", encoding="utf-8") as handle:
            for index in range(start, min(start + RECORDS_PER_FILE, per_format)):
                record = {"headline": _title(rng), "published": _date(rng), "source": "Reuters",
                          "url": f"https://www.reuters.com/{index}", "text": "\n\n".join(body())}
                handle.write(json.dumps(record) + "\n")
    for start in range(0, per_format, RECORDS_PER_FILE):
        with (folder / f"export_{start:06d}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["title", "date", "outlet", "url", "author", "body"])
            for index in range(start, min(start + RECORDS_PER_FILE, per_format)):
                writer.writerow([_title(rng), _date(rng), "Yonhap", f"https://en.yna.co.kr/{index}", "Staff", "\n\n".join(body())])


def write_added_articles(folder: Path, n_files: int, seed: int = 3) -> None:
    """`n_files` new page dumps, one article each, as a user adds files to a corpus."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(n_files):
        lines = [_title(rng), *_paragraphs(rng), f"- July {rng.randint(1, 28)}, 2024"]
        (folder / f"added_{index:03d}.txt").write_text("\n".join(lines), encoding="utf-8")


def write_html_pages(folder: Path, n_pages: int, bare: bool = False, seed: int = 2) -> None:
    """News pages of about 32 KiB, as sites serve them: scripts, menus, teasers, footer;
    `bare` pages (about 5 KiB) hold the article and little else."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    size = 0 if bare else 1
    menu = "".join(f'<li><a href="/section/{i}">{rng.choice(_NOUNS).title()} {i}</a></li>' for i in range(120 * size))
    script = "var config = {" + ",".join(f'"k{i}": "{rng.random():.12f}"' for i in range(600 * size)) + "};"
    footer = "".join(f'<a href="/about/{i}">{rng.choice(_FILLER).title()} {rng.choice(_NOUNS)}</a> ' for i in range(80 * size))
    for index in range(n_pages):
        title = _title(rng)
        paragraphs = "".join(f"<p>{p}</p>\n" for p in _paragraphs(rng))
        teasers = "".join(
            f'<li><a href="/news/{rng.randint(1, 10**6)}"><h4>{_title(rng)}</h4><p>{_sentence(rng)}</p></a></li>' for _ in range(20 * size)
        )
        page = (
            f"<!doctype html><html><head><title>{title} | The Korea Herald</title>"
            f'<meta property="og:site_name" content="The Korea Herald"><meta name="author" content="Staff">'
            f'<meta property="article:published_time" content="{_date(rng)}T10:00:00+09:00">'
            f'<link rel="canonical" href="https://www.koreaherald.com/view.php?ud={index}">'
            f"<script>{script}</script></head><body>"
            f'<header><nav><ul class="menu">{menu}</ul></nav><form><input name="q" placeholder="Search"></form></header>'
            f'<main><article><h1>{title}</h1><div class="byline">By Staff</div>{paragraphs}'
            f'<div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div></article>'
            f'<aside><h3>Most read</h3><ul>{teasers}</ul></aside></main>'
            f"<footer>{footer}<p>© 2024 The Korea Herald. All rights reserved.</p></footer></body></html>"
        )
        (folder / f"page_{index:06d}.html").write_text(page, encoding="utf-8")


def run_one(folder: Path, workers: int | None, stance_mode: str, out: Path) -> dict[str, float]:
    """Build once in this process (called in a fresh subprocess) into `out` (its map cache
    under it) and report time and memory."""
    from dashboard import paths
    from dashboard.preprocessing.build import BuildOptions, build
    from dashboard.preprocessing.reference import reference_data_from_files

    reference = reference_data_from_files(ROOT / paths.SOURCES, ROOT / paths.ACTORS, ROOT / paths.NOT_ACTORS)
    tree_peak = [0.0]
    building = threading.Event()
    building.set()

    def sample_tree() -> None:
        while building.is_set():
            tree_peak[0] = max(tree_peak[0], _tree_rss_mib(os.getpid()))
            time.sleep(0.25)

    sampler = threading.Thread(target=sample_tree, daemon=True)
    sampler.start()
    started = time.perf_counter()
    report = build([folder], out, reference, BuildOptions(workers=workers, stance_mode=stance_mode))
    seconds = time.perf_counter() - started
    building.clear()
    sampler.join()
    # Before the tables are read back to be measured: the report reads them from disk when asked.
    main_peak, worker_peak = (resource.getrusage(who).ru_maxrss / 1024 for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    table_bytes = sum(int(frame.memory_usage(deep=True).sum()) for frame in report.frames.values())
    return {
        "articles": len(report.frames["articles"]),
        "rejected": len(report.frames["rejected"]),
        "syndicated": int((report.frames["articles"]["syndicated_of"] != "").sum()),
        "with_topic_stance": int(report.frames["articles"]["topic_score"].notna().sum()),
        "seconds": seconds,
        "main_peak_mib": main_peak,
        "worker_peak_mib": worker_peak,
        "tree_peak_mib": tree_peak[0],
        "tables_mib": table_bytes / 2**20,
    }


def trafilatura_alone(folder: Path) -> float:
    """Seconds trafilatura takes to extract every page, with the options the build uses."""
    import trafilatura

    from dashboard.preprocessing.extraction import DATE_FROM_MARKUP, TRAFILATURA_OPTIONS

    pages = [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.html"))]
    started = time.perf_counter()
    for page in pages:
        trafilatura.bare_extraction(page, with_metadata=True, date_extraction_params=DATE_FROM_MARKUP, **TRAFILATURA_OPTIONS)
    return time.perf_counter() - started


def ingest_clean_split(folder: Path) -> float:
    """Seconds to read, extract, clean and split every page into sentences (no actor stage),
    in this process, one core: the part of the build the extraction comparison is about."""
    from dashboard import paths
    from dashboard.preprocessing.articles import clean_article_from_raw
    from dashboard.preprocessing.ingest.files import input_files, raw_articles_from_file
    from dashboard.preprocessing.sources import source_registry_from_csv

    registry = source_registry_from_csv(ROOT / paths.SOURCES)
    started = time.perf_counter()
    for file in input_files([folder]):
        for raw in raw_articles_from_file(file):
            clean_article_from_raw(raw, registry)
    return time.perf_counter() - started


def stage_costs(stance_mode: str, n_articles: int = 300, seed: int = 5) -> dict[str, float]:
    """Milliseconds per article of each per-article stage, one core, on page dumps."""
    from dashboard import paths
    from dashboard.preprocessing.actors.article_actors import article_actors
    from dashboard.preprocessing.articles import clean_article_from_raw
    from dashboard.preprocessing.build.article_map import frames_cue_only, stages_of
    from dashboard.preprocessing.frames.sentence_frames import article_frames_of
    from dashboard.preprocessing.records import RawArticle
    from dashboard.preprocessing.reference import reference_data_from_files
    from dashboard.preprocessing.sentiment.sentence_sentiment import sentence_sentiment
    from dashboard.preprocessing.sentiment.stance import article_stances, sentence_stances
    from dashboard.preprocessing.topic.topic_stance import article_topic_stance_of

    stages = stages_of(reference_data_from_files(ROOT / paths.SOURCES, ROOT / paths.ACTORS, ROOT / paths.NOT_ACTORS), stance_mode, threads=1)
    rng = random.Random(seed)
    raws = [RawArticle(f"a{i}", "\n".join([_title(rng), *_paragraphs(rng)])) for i in range(n_articles)]
    costs = dict.fromkeys(
        (
            "ingest, clean and split", "actors", "sentence sentiment (TextBlob, VADER)", f"actor stance ({stance_mode} target model)", "topic stance",
            "frames (cues only)" if frames_cue_only(stance_mode) else "frames (cues and MiniLM similarity)",
        ),
        0.0,
    )
    for raw in raws:
        started = time.perf_counter()
        article = clean_article_from_raw(raw, stages.registry)
        cleaned = time.perf_counter()
        texts = [s.text for s in article.sentences]
        actors = article_actors(texts, [s.is_quote for s in article.sentences], stages.matcher)
        matched = time.perf_counter()
        if stages.tone:
            [sentence_sentiment(text) for text in texts]
        scored = time.perf_counter()
        article_stances(sentence_stances(texts, actors.mentions, stages.model))
        actor_stance = time.perf_counter()
        article_topic_stance_of(article.title, texts, [s.is_quote for s in article.sentences], stages.topic)
        topic_stance = time.perf_counter()
        article_frames_of(article.title, texts, stages.frame_engine)
        done = time.perf_counter()
        steps = (cleaned - started, matched - cleaned, scored - matched, actor_stance - scored, topic_stance - actor_stance, done - topic_stance)
        for name, seconds in zip(costs, steps, strict=True):
            costs[name] += seconds
    # A build without sentence tone (fast mode) gets no row for it.
    return {name: 1000 * seconds / n_articles for name, seconds in costs.items() if stages.tone or "sentiment" not in name}


def _tree_rss_mib(root_pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc (Linux)."""
    parents: dict[int, int] = {}
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
            parents[int(stat_file.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    total_kib = 0
    for pid in tree:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total_kib += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total_kib / 1024


def _measure(folder: Path, workers: int | None, stance_mode: str, out: Path) -> dict[str, float]:
    """A build in a fresh process, which samples its own process tree's memory while it builds."""
    command = [sys.executable, __file__, "--run-one", str(folder), f"--stance={stance_mode}", f"--out={out}"]
    command += [f"--workers={workers}"] if workers else []
    finished = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if finished.returncode:
        raise RuntimeError(f"the build failed ({finished.returncode}):\n{finished.stderr[-3000:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def _folder_mib(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.iterdir()) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--html", type=int, default=500, help="HTML pages for the extraction comparison (0 to skip)")
    parser.add_argument("--workers", type=int, help="as `build --workers` (default: the build's own choice)")
    parser.add_argument("--stage-articles", type=int, default=300, help="articles for the per-stage cost table")
    parser.add_argument("--stance", choices=STANCE_MODES, default=DEFAULT_STANCE_MODE, help="as `build --stance`")
    parser.add_argument("--added", type=int, default=10, help="files added for the incremental rebuild after each size (0 to skip)")
    parser.add_argument("--run-one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.run_one:
        print(json.dumps(run_one(arguments.run_one, arguments.workers, arguments.stance, arguments.out)))
        return

    print(f"machine: {machine_description()}")
    print(f"actor stance: {arguments.stance} target model")
    costs = stage_costs(arguments.stance, arguments.stage_articles)
    print("per-article stage cost, one core (600-word page dumps): " + "; ".join(f"{name} {ms:.2f} ms" for name, ms in costs.items()))
    with tempfile.TemporaryDirectory(prefix="coverage-lens-bench-") as scratch:
        for size in arguments.sizes:
            folder = Path(scratch) / f"corpus_{size}"
            out = Path(scratch) / f"out_{size}" / "processed"
            write_corpus(folder, size)
            started = time.perf_counter()
            result = _measure(folder, arguments.workers, arguments.stance, out)
            print(
                f"text/JSON/JSONL/CSV  {size:>7,} articles ({_folder_mib(folder):,.0f} MiB raw): "
                f"{result['articles'] / result['seconds']:,.0f} articles/s in {result['seconds']:.1f} s "
                f"(whole process {time.perf_counter() - started:.1f} s); peak RSS of all processes {result['tree_peak_mib']:,.0f} MiB "
                f"(main {result['main_peak_mib']:,.0f} MiB, largest worker {result['worker_peak_mib']:,.0f} MiB); "
                f"tables in memory {result['tables_mib']:,.0f} MiB; {result['syndicated']:,} reposts linked, "
                f"{result['rejected']:,} exact duplicates kept once; {result['with_topic_stance']:,} with a topic stance"
            )
            if arguments.added:
                write_added_articles(folder, arguments.added)
                started = time.perf_counter()
                again = _measure(folder, arguments.workers, arguments.stance, out)
                whole = time.perf_counter() - started
                print(
                    f"  + {arguments.added} files, rebuilt with the map cache: {again['seconds']:.1f} s "
                    f"(whole process {whole:.1f} s), {result['seconds'] / again['seconds']:.0f}x faster than the full build"
                )
            shutil.rmtree(folder)
            shutil.rmtree(out.parent)
        if arguments.html:
            for bare in (False, True):
                folder = Path(scratch) / f"html_{bare}"
                write_html_pages(folder, arguments.html, bare=bare)
                alone = trafilatura_alone(folder)
                cleaned = ingest_clean_split(folder)
                result = _measure(folder, arguments.workers or 1, arguments.stance, Path(scratch) / f"html_out_{bare}" / "processed")
                print(
                    f"HTML pages of {_folder_mib(folder) * 1024 / arguments.html:,.0f} KiB {arguments.html:>5,} pages, one core: "
                    f"trafilatura alone {alone:.2f} s; ingest, clean and split {cleaned:.2f} s (ratio {cleaned / alone:.2f}); "
                    f"whole build with actors and tables {result['seconds']:.2f} s (ratio {result['seconds'] / alone:.2f})"
                )


if __name__ == "__main__":
    main()
