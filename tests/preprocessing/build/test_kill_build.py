"""A build killed with SIGKILL at any point, the write phase included, leaves the previous
tables intact and readable; the next build that succeeds leaves nothing behind."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard import schema
from dashboard.preprocessing.build import BuildOptions, build
from dashboard.preprocessing.store import read_manifest, read_table
from tests.conftest import ROOT, SEEDS

# Copies of the seeds: 50 articles, about 20 s of building with one worker on the reference machine.
COPIES_PER_SEED = 10
# Staging and retired folders a build makes beside its output (see dashboard/preprocessing/store.py).
DEBRIS = ("building", "previous")
POLL_S = 0.002
_VARIANTS = {
    "said": ["said", "stated", "noted", "added"],
    "Sunday": ["Sunday", "Monday", "Tuesday", "Friday"],
    "new": ["new", "fresh", "latest"],
    "security": ["security", "defence", "defense"],
    "cooperation": ["cooperation", "collaboration", "coordination"],
    "officials": ["officials", "diplomats", "aides"],
}
_VARIED = re.compile(r"\b(" + "|".join(_VARIANTS) + r")\b")


def write_larger_corpus(folder: Path, seed: int = 9) -> None:
    """COPIES_PER_SEED copies of each seed, words swapped so that few are exact duplicates."""
    rng = random.Random(seed)
    folder.mkdir()
    for path in sorted(SEEDS.iterdir()):
        text = path.read_text(encoding="utf-8")
        for copy in range(COPIES_PER_SEED):
            varied = _VARIED.sub(lambda match: rng.choice(_VARIANTS[match.group(1)]), text)
            (folder / f"copy_{copy:03d}_{path.name}").write_text(varied, encoding="utf-8")


def row_counts(out: Path) -> dict[str, int]:
    """Rows of every table, each read as the app reads it (a broken file raises)."""
    return {name: len(read_table(out, table)) for name, table in schema.TABLES.items()}


def debris_beside(out: Path) -> list[str]:
    return sorted(path.name for path in out.parent.iterdir() if path.name.startswith(f".{out.name}.") and any(f".{kind}-" in path.name for kind in DEBRIS))


def started_build(corpus: Path, out: Path) -> subprocess.Popen:
    """The CLI in its own process group, so that SIGKILL reaches any worker it starts too."""
    command = [sys.executable, "-m", "dashboard", "build", "--input", str(corpus), "--out", str(out), "--quiet", "--workers", "1"]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def new_staging(process: subprocess.Popen, out: Path, known: set[str]) -> Path | None:
    """Wait until a new staging folder is beside `out`; None when the build ended first."""
    while process.poll() is None:
        fresh = {name for name in debris_beside(out) if ".building-" in name} - known
        if fresh:
            return out.parent / fresh.pop()
        time.sleep(POLL_S)
    return None


def first_table_written(process: subprocess.Popen, staging: Path) -> bool:
    """Wait until the staging folder holds a file; False when the build ended first."""
    while process.poll() is None:
        try:
            if any(staging.iterdir()):
                return True
        except FileNotFoundError:
            return False
        time.sleep(POLL_S)
    return False


def killed(process: subprocess.Popen) -> bool:
    """SIGKILL the build's whole process group; False when it had already ended."""
    if process.poll() is not None:
        return False
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    return True


@pytest.fixture(scope="module")
def previous(tmp_path_factory, reference) -> tuple[Path, Path, dict[str, int], dict]:
    scratch = tmp_path_factory.mktemp("kill")
    out = scratch / "processed"
    build([SEEDS], out, reference, BuildOptions(workers=1))
    corpus = scratch / "larger"
    write_larger_corpus(corpus)
    return out, corpus, row_counts(out), read_manifest(out)


@pytest.fixture(scope="module")
def kills(previous) -> list[str]:
    """Kill a build of the larger corpus: twice in its write phase (as its staging folder
    appears, and once the first table file is in it), then three times at random points."""
    out, corpus, _, _ = previous
    rng = random.Random(16)
    points = []
    for wait_for_a_table in (False, True):
        process = started_build(corpus, out)
        started = time.monotonic()
        staging = new_staging(process, out, set(debris_beside(out)))
        assert staging is not None, process.stderr.read().decode(errors="replace")[-2000:]
        to_staging = time.monotonic() - started
        if wait_for_a_table:
            assert first_table_written(process, staging), "the build ended before a table file was seen in its staging folder"
        assert killed(process), "the build ended before it could be killed in its write phase"
        points.append("staging folder, a table written" if wait_for_a_table else "staging folder made")
    for _ in range(3):
        delay = rng.uniform(0.05, 0.8) * to_staging
        process = started_build(corpus, out)
        time.sleep(delay)
        assert killed(process), f"the build ended within {delay:.1f} s, before its kill"
        points.append(f"{delay:.1f} s")
    return points


def test_killed_builds_leave_the_previous_tables(previous, kills):
    out, _, counts, manifest = previous
    assert len(kills) == 5
    assert row_counts(out) == counts
    assert read_manifest(out) == manifest


def test_next_build_leaves_no_debris(previous, kills):
    out, corpus, counts, _ = previous
    process = started_build(corpus, out)
    assert process.wait() == 0, process.stderr.read().decode(errors="replace")[-2000:]
    assert row_counts(out)["articles"] > counts["articles"]
    assert debris_beside(out) == []
