"""Which allocator Arrow's buffers come from in a build: the C library's, not mimalloc.

mimalloc, Arrow's default on Linux, took fresh transparent huge pages for the buffers a
rebuild joins and writes, and zeroing them was half of a rebuild's samples (`perf`): on
this project's machine a rebuild of 10,000 articles after 10 added files took 2.6 to 3.8 s
with it, 1.4 to 1.5 s with the C library's allocator, for the same CPU in user space. Arrow
reads the choice from its environment variable once, when its first buffer is made, so it
is set before pyarrow is imported: by `python -m dashboard` (the command line) and by the
benchmarks that time a build. A value the user set is kept. The app keeps mimalloc: a
server holding 100,000 articles' tables held 7.4 GiB with the C library's allocator
against 5.1 with mimalloc, which returns freed memory.
"""

from __future__ import annotations

import os

ARROW_POOL_VARIABLE = "ARROW_DEFAULT_MEMORY_POOL"
BUILD_POOL = "system"


def use_system_allocator_for_arrow() -> None:
    os.environ.setdefault(ARROW_POOL_VARIABLE, BUILD_POOL)
