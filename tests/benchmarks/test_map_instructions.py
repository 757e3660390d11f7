"""The instruction benchmark (benchmarks/map_instructions.py): its reading of callgrind's
output, and that the articles it measures are not the warm-up's."""

import pytest

from tests.conftest import load_benchmark

bench = load_benchmark("map_instructions")


@pytest.mark.parametrize(
    ("output", "instructions"),
    [
        ("# callgrind format\nversion: 1\nevents: Ir\nfl=(1) a.c\nfn=(1) main\n3 12\nsummary: 123456789\ntotals: 123456789\n", 123456789),
        ("events: Ir\ntotals: 42\n", 42),
    ],
)
def test_instructions_are_read_from_the_summary_line(output, instructions):
    assert bench.instructions_in(output) == instructions


def test_a_file_without_totals_is_refused():
    with pytest.raises(ValueError, match="not a callgrind output"):
        bench.instructions_in("events: Ir\n3 12\n")


def test_the_measured_articles_are_none_of_the_warm_up():
    warm_up = {raw.body for raw in bench.articles_of(bench.WARM_UP_ARTICLES, bench.WARM_UP_SEED)}
    measured = bench.articles_of(20, bench.MEASURED_SEED)
    assert len(measured) == 20 and warm_up.isdisjoint(raw.body for raw in measured)
    assert [raw.body for raw in bench.articles_of(20, bench.MEASURED_SEED)] == [raw.body for raw in measured]
