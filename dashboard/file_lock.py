"""An exclusive lock on an open file, for writers that must not interleave (two builds of
one output folder, two browser tabs appending labels)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

if sys.platform != "win32":
    import fcntl


@contextmanager
def exclusive_lock(handle: IO) -> Iterator[None]:
    """Hold an exclusive lock on `handle` for the block; waits while another holds it."""
    if sys.platform == "win32":  # no fcntl: writers are not locked against each other there
        yield
    else:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
