"""A build on 300 hostile and random files (`benchmarks/reliability.py`, fixed seed) neither
crashes nor loses a file: each one is an article or a rejection with a reason."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from benchmarks.reliability import BuildRun, Entry, build_run, crash_of, traceback_frames, unaccounted_entries, write_hostile_corpus

FILES = 300
SEED = 16
# Huge single-line files cost the build seconds a MiB; 2 MiB is huge enough for a line.
HUGE_MIB = 2
# Far above the minute this takes: only a build that hangs (on a FIFO, say) reaches it.
TIMEOUT_S = 900


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> tuple[list[Entry], BuildRun, Path]:
    scratch = tmp_path_factory.mktemp("reliability")
    entries = write_hostile_corpus(scratch / "input", FILES, SEED, HUGE_MIB)
    out = scratch / "out" / "processed"
    return entries, build_run(scratch / "input", out, TIMEOUT_S), out


def test_hostile_files_do_not_crash_the_build(hostile_build):
    _, run, _ = hostile_build
    assert crash_of(run) is None, "\n".join(traceback_frames(run.stderr))


def test_every_hostile_file_is_an_article_or_a_rejection(hostile_build):
    entries, run, out = hostile_build
    lost = unaccounted_entries(entries, out)
    crashed = " (the build crashed, so it wrote no tables)" if crash_of(run) else ""
    assert not lost, f"{len(lost)} files{crashed} in neither articles nor rejected, by shape: {dict(Counter(entry.shape for entry in lost))}"
