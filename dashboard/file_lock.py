"""An exclusive lock on an open file, for writers that must not interleave (two builds of
one output folder, two browser tabs appending labels)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

try:
    import fcntl
except ImportError:  # Windows: writers are not locked against each other there
    fcntl = None


@contextmanager
def exclusive_lock(handle: IO) -> Iterator[None]:
    """Hold an exclusive lock on `handle` for the block; waits while another holds it."""
    if fcntl is not None:
        fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        yield
    finally:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_UN)
