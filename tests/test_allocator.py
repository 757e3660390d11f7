"""The command line builds with Arrow's buffers from the C library's allocator (see
dashboard/allocator.py); a choice the user made stays theirs."""

import os
import subprocess
import sys

import pytest

from dashboard.allocator import ARROW_POOL_VARIABLE
from tests.conftest import ROOT

_POOL_AFTER_THE_COMMAND_LINE = """
import runpy, sys
sys.argv = ["dashboard", "--help"]
try:
    runpy.run_module("dashboard", run_name="__main__")
except SystemExit:
    pass
import pyarrow
print(pyarrow.default_memory_pool().backend_name)
"""


def _pool_after_the_command_line(environment):
    result = subprocess.run(
        [sys.executable, "-c", _POOL_AFTER_THE_COMMAND_LINE], capture_output=True, text=True, cwd=ROOT, env=environment, check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def _environment(**changes):
    environment = {name: value for name, value in os.environ.items() if name != ARROW_POOL_VARIABLE}
    return {**environment, "PYTHONPATH": str(ROOT), **changes}


def test_the_command_line_makes_arrow_use_the_c_library_allocator():
    assert _pool_after_the_command_line(_environment()) == "system"


@pytest.mark.parametrize("chosen", ["jemalloc", "mimalloc"])
def test_an_allocator_the_user_chose_is_kept(chosen):
    assert _pool_after_the_command_line(_environment(**{ARROW_POOL_VARIABLE: chosen})) == chosen
