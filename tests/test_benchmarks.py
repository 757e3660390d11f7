"""The benchmark scripts still run (on tiny inputs); their figures are not checked here."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

EXTRACTION_BENCHMARK = ROOT.parent / "shared" / "extraction-benchmark"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.parametrize(
    ("script", "arguments", "expected"),
    [
        ("build_speed.py", ["--sizes", "40", "--html", "4", "--stage-articles", "10"], ["40 articles", "ratio", "per-article stage cost"]),
        ("actor_matching.py", ["--words", "3000"], ["M words/s", "whole actor stage"]),
        ("map_instructions.py", ["--native-only", "--articles", "3"], ["3 fresh 600-word articles", "ms an article"]),
        ("page_speed.py", ["--repeat", "1"], ["first run ms", "sources_and_stance", "add_articles"]),
        ("page_speed.py", ["--articles", "300", "--repeat", "1"], ["synthetic build", "300 articles", "check_numbers", "the framework"]),
        ("reliability.py", ["--files", "40", "--seed", "2", "--huge-mib", "1"], ["40 files", "crashes               0", "unaccounted files     0", "build time"]),
        pytest.param(
            "load_test.py", ["--sessions", "2"], ["2 concurrent sessions", "Sources and stance", "outside hosts requested: 0"],
            marks=pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Debian's Chromium is not installed at {CHROMIUM}"),
        ),
        pytest.param(
            "extraction.py", ["--limit", "3"], ["3 pages", "trafilatura alone", "worst pages"],
            marks=pytest.mark.skipif(
                not (EXTRACTION_BENCHMARK / "ground-truth.json").exists(),
                reason=f"the article extraction benchmark is not at {EXTRACTION_BENCHMARK}",
            ),
        ),
    ],
)
def test_benchmark_script_runs(script, arguments, expected):
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *arguments], capture_output=True, text=True, cwd=ROOT)
    # The gating scripts say why they failed on stdout.
    assert result.returncode == 0, result.stderr or result.stdout[-3000:]
    for phrase in expected:
        assert phrase in result.stdout
