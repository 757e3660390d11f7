"""The dashboard served on this machine only, for the end-to-end test and the load test:
`streamlit run` on a free port of 127.0.0.1, reading a given folder of tables."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from dashboard.app import corpus

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Requests of these schemes never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-extension"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(url: str, server: subprocess.Popen) -> None:
    """Return once the server answers its health check; raise with its stderr if it died."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError as not_yet:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                errors = server.stderr.read().decode(errors="replace")[-2000:] if server.stderr else ""
                raise RuntimeError(f"streamlit did not start: {errors}") from not_yet
            time.sleep(0.3)


@contextmanager
def served_app(tables: Path, environment: Mapping[str, str] | None = None) -> Iterator[str]:
    """The app on a free port of 127.0.0.1, reading `tables`, hosted-style (uploads kept
    per session); yields its URL."""
    port = free_port()
    env = {**os.environ, corpus.TABLES_ENV: str(tables), corpus.UPLOADS_ENV: "session", **(environment or {})}
    command = [sys.executable, "-m", "streamlit", "run", "dashboard/app/main.py", "--server.address", "127.0.0.1",
               "--server.port", str(port), "--server.headless", "true", "--server.fileWatcherType", "none",
               "--browser.gatherUsageStats", "false"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def is_outside(url: str) -> bool:
    """Whether a request for `url` leaves this machine."""
    parsed = urlparse(url)
    return parsed.scheme not in LOCAL_SCHEMES and parsed.hostname not in LOCAL_HOSTS
