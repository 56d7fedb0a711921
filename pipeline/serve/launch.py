"""Run ``nexus serve`` as a child process (for timing scripts and end-to-end tests): a free port, start, wait for
the first answer, stop."""
from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO

START_TIMEOUT = 60.0
"""Seconds a started server has to answer 200 on ``/``."""
POLL_SECONDS = 0.02
STOP_TIMEOUT = 10.0
LOCALHOST = "127.0.0.1"
STDERR_TAIL = 2000
"""Characters of a failed server's stderr quoted in the error."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on now."""
    with socket.socket() as s:
        s.bind((LOCALHOST, 0))
        return s.getsockname()[1]


def status(url: str, *, timeout: float = 30.0) -> tuple[int, int]:
    """The status and body size of a GET (an HTTP error's status, body size 0)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as res:
            return res.status, len(res.read())
    except urllib.error.HTTPError as exc:
        return exc.code, 0


def start_server(db: Path, *, port: int, cwd: Path | None = None,
                 timeout: float = START_TIMEOUT) -> tuple[subprocess.Popen, float]:
    """Start ``python -m pipeline serve --db DB --port PORT`` and wait for its first 200 on ``/``; return the
    process and the seconds from start to that answer (RuntimeError, with the tail of the server's stderr, when
    it exits or does not answer). The server's stderr goes to a temporary file, so it never fills a pipe."""
    began = time.perf_counter()
    log = tempfile.TemporaryFile(mode="w+b", prefix="nexus_serve_", suffix=".log")
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--db", str(db), "--port", str(port)],
                            cwd=cwd, stdout=subprocess.DEVNULL, stderr=log)
    proc.stderr_log = log  # closed by stop_server
    url = f"http://{LOCALHOST}:{port}/"
    while time.perf_counter() - began < timeout:
        if proc.poll() is not None:
            tail = _tail(log)
            log.close()
            raise RuntimeError(f"nexus serve exited with {proc.returncode}: {tail}")
        try:
            if status(url, timeout=2)[0] == 200:
                return proc, time.perf_counter() - began
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(POLL_SECONDS)
    tail = _tail(log)
    stop_server(proc)
    raise RuntimeError(f"nexus serve gave no 200 on {url} within {timeout:.0f} s; its stderr: {tail}")


def _tail(log: IO[bytes]) -> str:
    """The last STDERR_TAIL characters written to a server's stderr file."""
    log.flush()
    log.seek(0)
    return log.read().decode("utf-8", errors="replace")[-STDERR_TAIL:].strip() or "(nothing on stderr)"


def stop_server(proc: subprocess.Popen) -> None:
    """Stop a server process (terminate, then kill when it does not end)."""
    proc.terminate()
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log = getattr(proc, "stderr_log", None)
    if log is not None:
        log.close()
