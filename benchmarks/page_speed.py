"""How long each dashboard page script takes, run by Streamlit's AppTest.

    .venv/bin/python benchmarks/page_speed.py [--repeat 20] [--input seeds] 2>/dev/null
    .venv/bin/python benchmarks/page_speed.py --articles 100000 --repeat 3 2>/dev/null

(AppTest outside a server logs a warning on stderr at every run.)

Builds the input into a temporary folder (or, with `--articles N`, writes a synthetic
build of N articles with `synthetic_tables.py`: a real build that large takes hours),
then for each page times (1) the first run of a session with every cache cleared (the
tables read from disk: a cold start), (2) a rerun with the same filters (what every
click costs), (3) a rerun after a filter change (the largest outlet chosen: the tables
filtered and source_stance recomputed) and (4) after a change to a filter that keeps
most articles (every outlet, syndicated copies left out). Times are whole script runs
(entry script, sidebar and page), median over `--repeat` runs. Below them: how much of a cold
start is reading the tables (ours) and how long AppTest's first run of a one-line page
takes (the framework's floor).

The Digest page keeps its sentence embeddings on disk for the next server (here in a
folder of the run's own). Its first run is timed as a restarted server's: the folder holds
what an earlier server left after showing the unfiltered digest, and no more (what a
filter change embedded is removed before each repeat, so that a filter change always
embeds its sentences anew); a last line times its first run with the folder empty, as on a
machine that never ran the app.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from benchmarks.machine import machine_description  # noqa: E402
from dashboard import schema  # noqa: E402
from dashboard.app import corpus  # noqa: E402
from dashboard.app.data import CACHE_ENV  # noqa: E402
from dashboard.app.filters import Filters, options_of, selection  # noqa: E402
from dashboard.app.tables import corpus_from_folder  # noqa: E402
from dashboard.preprocessing.build import BuildOptions, build  # noqa: E402
from dashboard.preprocessing.reference import reference_data_from_files  # noqa: E402
from dashboard.preprocessing.store import read_manifest, read_table  # noqa: E402

PAGES = ["overview", "actors", "sources_and_stance", "frames", "digest", "articles", "data", "check_numbers", "add_articles"]
ONE_LINE_PAGE = "import streamlit as st\nst.title('Coverage Lens')\n"


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def cold_app(script: Path, page: str | None = None) -> AppTest:
    """A new session, every cache cleared and what they held freed."""
    app = AppTest.from_file(str(script), default_timeout=600)
    if page:
        app.switch_page(f"page_layouts/{page}.py")
    st.cache_data.clear()
    st.cache_resource.clear()
    gc.collect()
    return app


def resident_gibibytes() -> float:
    """The memory this process holds now (Linux), 0 where that is not known."""
    try:
        status = Path("/proc/self/status").read_text(encoding="utf-8")
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 2**20 for line in status.splitlines() if line.startswith("VmRSS:")), 0.0)


def files_in(folder: Path) -> set[Path]:
    return set(folder.rglob("*")) if folder.exists() else set()


def keep_only(folder: Path, kept: set[Path]) -> None:
    """Remove what `folder` holds beyond `kept` (what later runs wrote)."""
    for path in files_in(folder) - kept:
        if path.is_file():
            path.unlink()


def page_times(page: str, repeat: int, outlet: str, store: Path, stored: set[Path]) -> tuple[float, float, float, float, float]:
    first, warm, filtered, broad, held = [], [], [], [], []
    for _ in range(repeat):
        keep_only(store, stored)
        app = cold_app(ROOT / "dashboard" / "app" / "main.py", page)
        first.append(timed(app.run))
        held.append(resident_gibibytes())
        warm.append(timed(app.run))
        app.multiselect(key="outlet").set_value([outlet])
        filtered.append(timed(app.run))
        app.multiselect(key="outlet").set_value([])
        app.checkbox(key="copies").set_value(False)
        broad.append(timed(app.run))
        if app.exception:
            raise SystemExit(f"{page}: {app.exception[0].value}")
        del app
    return statistics.median(first), statistics.median(warm), statistics.median(filtered), statistics.median(broad), max(held)


def digest_first_run_unstored(store: Path, repeat: int) -> float:
    """The Digest page's first run with no embedding on disk."""
    times = []
    for _ in range(repeat):
        keep_only(store, set())
        times.append(timed(cold_app(ROOT / "dashboard" / "app" / "main.py", "digest").run))
    return statistics.median(times)


def loading_time(folder: Path, repeat: int) -> float:
    """Reading the tables and making what every page needs of them, outside Streamlit."""
    manifest = read_manifest(folder)
    cold_app(ROOT / "dashboard" / "app" / "main.py")  # the pages' tables freed first

    def load() -> None:
        loaded = corpus_from_folder(folder, corpus.topic_of(manifest), corpus.topic_band_of(manifest), manifest["built_at"])
        options_of(loaded)
        selection(loaded, Filters())

    return statistics.median(timed(load) for _ in range(repeat))


def framework_floor(scratch: Path, repeat: int) -> float:
    script = scratch / "one_line_page.py"
    script.write_text(ONE_LINE_PAGE, encoding="utf-8")
    return statistics.median(timed(cold_app(script).run) for _ in range(repeat))



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--input", type=Path, action="append", help="folder of articles (default: seeds/)")
    parser.add_argument("--articles", type=int, help="a synthetic build of this many articles instead of a real build")
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=PAGES, help="the pages to time (default: all)")
    arguments = parser.parse_args()
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "processed"
        if arguments.articles:
            # In a process of its own, so that the peak memory below is the app's.
            subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synthetic_tables.py"), "--articles", str(arguments.articles), "--out", str(folder)], check=True)
            source = f"synthetic build (benchmarks/synthetic_tables.py) of {arguments.articles:,} articles"
        else:
            reference = reference_data_from_files(ROOT / "data/sources.csv", ROOT / "data/actors.csv", ROOT / "data/not_actors.csv")
            build(arguments.input or [ROOT / "seeds"], folder, reference, BuildOptions(workers=1))
            source = f"build of {', '.join(str(path) for path in arguments.input or ['seeds'])}"
        os.environ[corpus.TABLES_ENV] = str(folder)
        os.environ[corpus.UPLOADS_ENV] = "session"
        store = Path(scratch) / "cache"
        os.environ[CACHE_ENV] = str(store)
        # An earlier server showed the unfiltered digest: what it left on disk stays.
        cold_app(ROOT / "dashboard" / "app" / "main.py", "digest").run()
        stored = files_in(store)
        manifest = read_manifest(folder)
        outlet = read_table(folder, schema.ARTICLES.restricted_to(["outlet"]))["outlet"].value_counts().index[0]
        print(machine_description())
        print(f"{source}: {manifest['articles']:,} articles, {manifest['sentences']:,} sentences, {manifest['mentions']:,} mentions")
        print(f"median of {arguments.repeat} runs; filter: outlet = {outlet}")
        print(f"{'page':<20} {'first run ms':>13} {'rerun ms':>9} {'filter change ms':>17} {'broad filter ms':>16}")
        held = 0.0
        for page in arguments.pages:
            first, warm, filtered, broad, memory = page_times(page, arguments.repeat, outlet, store, stored)
            held = max(held, memory)
            print(f"{page:<20} {first:>13.0f} {warm:>9.0f} {filtered:>17.0f} {broad:>16.0f}", flush=True)
        if "digest" in arguments.pages:
            print(f"digest, first run with no embedding on disk: {digest_first_run_unstored(store, arguments.repeat):.0f} ms")
        print(f"of a first run, reading the tables (ours, outside Streamlit): {loading_time(folder, arguments.repeat):.0f} ms")
        print(f"an AppTest session's first run of a one-line page (the framework): {framework_floor(Path(scratch), arguments.repeat):.0f} ms")
        print(f"memory held after a first run: {held:.1f} GiB; peak, while reading the tables: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.1f} GiB")


if __name__ == "__main__":
    main()
