"""End to end in a real browser: Playwright driving Debian's Chromium against the app
served by `streamlit run`. Skipped, with the reason, where that Chromium is not installed
(`.ci/run` installs it)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from dashboard.app import corpus
from dashboard.app.serving import is_outside, served_app
from dashboard.preprocessing.build import BuildOptions, build
from tests.conftest import SEEDS, TEST_DATA

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
CHART = ".vega-embed canvas, .vega-embed svg"
# Page path -> what shows that the page has drawn.
PAGES = {
    "": CHART,
    "actors": CHART,
    "sources_and_stance": CHART,
    # The frame heatmap.
    "frames": CHART,
    # A digest line's words, not the status widget: the page is drawn once the lines are.
    "digest": "text=Freedom Edge",
    "articles": "text=Actor mentions in",
    "data": "[data-testid='stDownloadButton']",
    "add_articles": "[data-testid='stFileUploader']",
}
TIMEOUT_MS = 60_000

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium; .ci/run does this)",
)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, reference):
    folder = tmp_path_factory.mktemp("browser") / "processed"
    build([SEEDS], folder, reference, BuildOptions(workers=1))
    labels = tmp_path_factory.mktemp("labels") / "labels.csv"
    with served_app(folder, {corpus.LABELS_ENV: str(labels)}) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def metric_values(page) -> list[str]:
    return [value.inner_text().strip() for value in page.locator("[data-testid='stMetricValue']").all()]


def choose_outlet(page, outlet: str) -> None:
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.locator("[data-testid='stMultiSelect']").filter(has_text="Outlet").first.locator("input").click()
    page.get_by_role("option", name=outlet, exact=True).click()
    page.keyboard.press("Escape")


def overview_through_the_navigation(page) -> None:
    """Open the Overview through the sidebar and wait for its chart. A click that lands while
    the app is still rerunning after an upload can be dropped, so a second click follows
    when the chart does not come."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    for attempt in range(2):
        page.get_by_role("link", name="Overview").click()
        try:
            page.locator(CHART).first.wait_for(timeout=TIMEOUT_MS if attempt == 0 else 3 * TIMEOUT_MS)
            return
        except PlaywrightTimeoutError:
            if attempt == 1:
                raise


def outside_hosts(urls: list[str]) -> set[str]:
    """Hosts other than this machine among requested URLs."""
    return {urlsplit(url).hostname or url for url in urls if is_outside(url)}


def test_every_page_filter_share_download_upload(app_url, browser, tmp_path):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)

    for path, ready in PAGES.items():
        page.goto(f"{app_url}/{path}")
        page.locator(ready).first.wait_for()
    page.goto(app_url)
    page.locator(CHART).first.wait_for()
    page.wait_for_function("document.querySelectorAll('[data-testid=stMetricValue]').length >= 2")
    assert metric_values(page)[:2] == ["5", "5"]

    # A filter goes into the URL and changes the numbers.
    choose_outlet(page, "NK News")
    page.wait_for_url("**outlet=NK*")
    page.wait_for_function("document.querySelector('[data-testid=stMetricValue]')?.innerText.trim() === '1'")
    shared = page.url
    assert "outlet=NK+News" in shared or "outlet=NK%20News" in shared

    # The copied link, opened in a new tab, restores the same view.
    second = context.new_page()
    second.set_default_timeout(TIMEOUT_MS)
    second.goto(shared)
    second.locator(CHART).first.wait_for()
    second.wait_for_function("document.querySelector('[data-testid=stMetricValue]')?.innerText.trim() === '1'")
    assert "NK News" in second.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first.inner_text()
    second.close()

    # The filtered articles table downloads as a CSV holding just that outlet.
    page.get_by_role("link", name="Data").click()
    page.locator("[data-testid='stDownloadButton']").first.wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="articles.csv").click()
    downloaded = download_info.value.path().read_bytes()
    assert downloaded.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(downloaded.decode("utf-8-sig"))))
    assert [row["outlet"] for row in rows] == ["NK News"]
    # A row-level table's download stands alone: each mention carries its article's outlet, date and title.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="mentions.csv").click()
    mentions = list(csv.DictReader(io.StringIO(download_info.value.path().read_bytes().decode("utf-8-sig"))))
    assert mentions and {row["outlet"] for row in mentions} == {"NK News"}
    assert all(row["title"] == rows[0]["title"] and row["published"] == rows[0]["published"] for row in mentions)

    # An uploaded article joins the charts of this session.
    page.goto(app_url + "/add_articles")
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(str(TEST_DATA / "mixed" / "yonhap_cp1252.txt"))
    page.get_by_role("button", name="Add to the corpus").click()
    # The rebuild runs the MiniLM models over the corpus: give it longer on a busy machine.
    page.get_by_text("Added 1 file(s)").wait_for(timeout=3 * TIMEOUT_MS)
    page.get_by_role("link", name="Overview").click()
    page.locator(CHART).first.wait_for()
    page.wait_for_function("document.querySelector('[data-testid=stMetricValue]')?.innerText.trim() === '6'")
    assert metric_values(page)[:2] == ["6", "6"]

    # Research-database exports: a Nexis DOCX, RTF and PDF of the same three articles (and a
    # document cut off) join as three articles; the other two files hold only duplicates.
    page.get_by_role("link", name="Add articles").click()
    exports = [str(TEST_DATA / "exports" / name) for name in ("nexis.docx", "nexis.rtf", "nexis.pdf")]
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(exports)
    page.get_by_role("button", name="Add to the corpus").click()
    # The uploader sends the files side by side: whichever arrives first is the one added.
    page.get_by_text(re.compile(r"Added 1 file\(s\): nexis\.(docx|rtf|pdf)\.")).wait_for(timeout=5 * TIMEOUT_MS)
    overview_through_the_navigation(page)
    page.wait_for_function("document.querySelector('[data-testid=stMetricValue]')?.innerText.trim() === '9'", timeout=3 * TIMEOUT_MS)

    # A hostile upload, JSON nested 100,000 deep, is refused and the app carries on.
    deep = tmp_path / "deep.json"
    deep.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    # Through the navigation, not a new URL: uploads belong to this browser session.
    page.get_by_role("link", name="Add articles").click()
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(str(deep))
    page.get_by_role("button", name="Add to the corpus").click()
    page.get_by_text("could not be used").wait_for(timeout=3 * TIMEOUT_MS)
    overview_through_the_navigation(page)
    page.wait_for_function("document.querySelector('[data-testid=stMetricValue]')?.innerText.trim() === '9'", timeout=3 * TIMEOUT_MS)
    assert not page.locator("[data-testid='stException']").count()
    context.close()
    assert not outside_hosts(requested), f"requests left the machine: {sorted(outside_hosts(requested))}"


def test_labelling_five_articles_changes_the_agreement_line(app_url, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(app_url)
    page.locator(CHART).first.wait_for()
    page.get_by_text("Not checked yet: 0 of the articles").wait_for()
    page.get_by_role("link", name="Check the numbers").first.click()
    page.get_by_label("Your name, as coder").fill("Browser coder")
    page.get_by_label("Your name, as coder").press("Enter")
    for number in range(5):
        page.get_by_text(f"{number} of 5 labelled").wait_for()
        page.get_by_text("0 neutral", exact=True).click()
        page.get_by_role("button", name="Save and next").click()
    page.get_by_text("5 of 5 labelled").wait_for()
    page.get_by_role("link", name="Overview").click()
    page.locator(CHART).first.wait_for()
    page.get_by_text("Not checked yet: 5 of the articles").wait_for()
    context.close()
