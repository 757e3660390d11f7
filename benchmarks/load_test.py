"""Load test: concurrent browser sessions walking every page of the dashboard.

    .venv/bin/python benchmarks/load_test.py                 # 20 sessions
    .venv/bin/python benchmarks/load_test.py --sessions 5

It builds the seeds' tables, serves them with `streamlit run` on 127.0.0.1 only, and drives
N Playwright sessions (one browser context each, all at once) in Debian's Chromium through
every page by the navigation. It reports the median, p95 and max time for a page to draw,
per page and overall, and fails (exit 1) when a page shows an exception or the browser asks
for anything that is not on localhost (fonts, analytics, map tiles ...), naming the hosts.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import machine_description  # noqa: E402
from dashboard.app.serving import is_outside, served_app  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Only elements of the current run count: Streamlit keeps the last page's ones, marked stale, while it reruns.
_FRESH = "[data-testid='stElementContainer'][data-stale='false']"
CHART = f"{_FRESH} .vega-embed canvas, {_FRESH} .vega-embed svg"
# Navigation title -> what shows that the page has drawn (as in tests/app/test_browser.py).
PAGES = {
    "Overview": CHART,
    "Actors": CHART,
    "Sources and stance": CHART,
    "Articles": "text=Actor mentions in",
    "Data": "[data-testid='stDownloadButton']",
    "Add articles": "[data-testid='stFileUploader']",
}
PAGE_TIMEOUT_MS = 180_000


@dataclass
class Session:
    times: dict[str, float] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    error: str = ""


def seed_tables(out: Path) -> Path:
    subprocess.run([sys.executable, "-m", "dashboard", "build", "--input", str(ROOT / "seeds"), "--out", str(out), "--quiet"],
                   cwd=ROOT, check=True)
    return out


async def walked_session(browser, url: str) -> Session:
    """One visitor: open the app, then every page by its navigation link, timing each."""
    session = Session()
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.on("request", lambda request: session.requests.append(request.url))
    try:
        for title, ready in PAGES.items():
            started = time.perf_counter()
            if title == "Overview":
                await page.goto(url)
            else:
                await page.get_by_role("link", name=title, exact=True).click()
            await page.locator(f"h1:has-text('{title}')").first.wait_for()
            await page.locator(ready).first.wait_for()
            session.times[title] = time.perf_counter() - started
            session.exceptions += [f"{title}: {text[:300]}" for text in await page.locator("[data-testid='stException']").all_inner_texts()]
    except Exception as error:  # one stuck session is a finding, not the end of the run
        session.error = f"{type(error).__name__}: {str(error).splitlines()[0]}"
    finally:
        await context.close()
    return session


async def sessions_run(url: str, n_sessions: int) -> list[Session]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            return list(await asyncio.gather(*(walked_session(browser, url) for _ in range(n_sessions))))
        finally:
            await browser.close()


def outside_requests(urls: list[str]) -> dict[str, list[str]]:
    """The requests that leave localhost, by host."""
    outside: dict[str, list[str]] = {}
    for url in urls:
        if is_outside(url):
            outside.setdefault(urlparse(url).hostname or url, []).append(url)
    return outside


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the value at or below which `share` of the values lie."""
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered) + 0.5) - 1)] if ordered else float("nan")


def time_line(name: str, values: list[float]) -> str:
    if not values:
        return f"  {name:<20}{'-':>8}"
    return f"  {name:<20}{statistics.median(values):>8.2f}{percentile(values, 0.95):>8.2f}{max(values):>8.2f}{len(values):>6}"



def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions (default: %(default)s)")
    arguments = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"error: Debian's Chromium is not at {CHROMIUM}", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="coverage-lens-load-") as scratch, served_app(seed_tables(Path(scratch) / "processed")) as url:
        started = time.perf_counter()
        sessions = asyncio.run(sessions_run(url, arguments.sessions))
        seconds = time.perf_counter() - started

    print(f"machine: {machine_description()}")
    print(f"{arguments.sessions} concurrent sessions x {len(PAGES)} pages on the seeds' tables, {seconds:.1f} s in all")
    print(f"  {'page time, s':<20}{'median':>8}{'p95':>8}{'max':>8}{'n':>6}")
    for title in PAGES:
        print(time_line(title, [session.times[title] for session in sessions if title in session.times]))
    print(time_line("every page", [value for session in sessions for value in session.times.values()]))
    errors = [session.error for session in sessions if session.error]
    exceptions = [text for session in sessions for text in session.exceptions]
    outside = outside_requests([url for session in sessions for url in session.requests])
    requests = sum(len(session.requests) for session in sessions)
    print(f"sessions that did not finish: {len(errors)}" + "".join(f"\n  {error}" for error in errors))
    print(f"exceptions shown: {len(exceptions)}" + "".join(f"\n  {text}" for text in exceptions[:10]))
    print(f"requests: {requests:,}; outside hosts requested: {len(outside)}"
          + "".join(f"\n  {host}: {len(urls)} requests, e.g. {urls[0][:150]}" for host, urls in sorted(outside.items())))
    return 1 if errors or exceptions or outside else 0


if __name__ == "__main__":
    sys.exit(main())
