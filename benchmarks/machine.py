"""The machine a benchmark ran on, for the line each script prints before its figures.

The host can change between sessions (an AMD EPYC one day, an Intel Xeon the next), and
figures are only comparable on one host, so every benchmark names the CPU model.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path


def processor_model() -> str:
    """The CPU's model name from /proc/cpuinfo (platform.processor() is empty on Linux)."""
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    model = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "")
    return model or platform.processor() or platform.machine()


def machine_description() -> str:
    """`<CPU model>, <n> cores, Python <version>`."""
    return f"{processor_model()}, {os.cpu_count()} cores, Python {platform.python_version()}"
