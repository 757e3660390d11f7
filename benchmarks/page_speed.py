"""How long each dashboard page script takes, run by Streamlit's AppTest.

    .venv/bin/python benchmarks/page_speed.py [--repeat 20] [--input seeds] 2>/dev/null

(AppTest outside a server logs a warning on stderr at every run.)

Builds the input into a temporary folder, then for each page times (1) the first run of
a session (tables loaded from disk, caches cold), (2) a rerun with the same filters (what
every click costs: caches warm) and (3) a rerun after a filter change (an outlet chosen:
filtering and stance recomputed). Times are whole script runs (entry script, sidebar and
page), median over `--repeat` runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.app import corpus
from dashboard.preprocessing.build import BuildOptions, build
from dashboard.preprocessing.reference import reference_data_from_files

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["overview", "actors", "sources_and_stance", "articles", "data", "add_articles"]


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def page_times(page: str, repeat: int, outlet: str) -> tuple[float, float, float]:
    first, warm, filtered = [], [], []
    for _ in range(repeat):
        app = AppTest.from_file(str(ROOT / "dashboard" / "app" / "main.py"), default_timeout=120)
        app.switch_page(f"page_layouts/{page}.py")
        st.cache_data.clear()
        first.append(timed(app.run))
        warm.append(timed(app.run))
        app.multiselect(key="outlet").set_value([outlet])
        filtered.append(timed(app.run))
        if app.exception:
            raise SystemExit(f"{page}: {app.exception[0].value}")
    return statistics.median(first), statistics.median(warm), statistics.median(filtered)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--input", type=Path, action="append", help="folder of articles (default: seeds/)")
    arguments = parser.parse_args()
    os.chdir(ROOT)
    reference = reference_data_from_files(ROOT / "data/sources.csv", ROOT / "data/actors.csv", ROOT / "data/not_actors.csv")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "processed"
        report = build(arguments.input or [ROOT / "seeds"], folder, reference, BuildOptions(workers=1))
        os.environ[corpus.TABLES_ENV] = str(folder)
        os.environ[corpus.UPLOADS_ENV] = "session"
        outlet = report.frames["articles"]["outlet"].value_counts().index[0]
        print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
        print(f"{report.manifest['articles']} articles; median of {arguments.repeat} runs; filter: outlet = {outlet}")
        print(f"{'page':<20} {'first run ms':>13} {'rerun ms':>9} {'filter change ms':>17}")
        for page in PAGES:
            first, warm, filtered = page_times(page, arguments.repeat, outlet)
            print(f"{page:<20} {first:>13.0f} {warm:>9.0f} {filtered:>17.0f}")


if __name__ == "__main__":
    main()
