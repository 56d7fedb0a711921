"""The child processes of a run (workers, the prefetcher): how they detach and how they are stopped."""
from __future__ import annotations

import os
import signal
import tempfile
from typing import Any


def detach(temp_dir: str) -> None:
    """In a child: lead a process group of its own (stopping the group stops the programs it starts, such as
    Tesseract), ignore Ctrl-C (the parent stops it) and keep temporary files in ``temp_dir``."""
    os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ["TMPDIR"] = temp_dir
    tempfile.tempdir = temp_dir


def kill_group(process: Any, *, join_s: float) -> None:
    """Kill a child (a multiprocessing Process) and its process group at once, then wait up to ``join_s``."""
    pid = process.pid
    if pid is not None:  # (even when the child is gone: the programs it started may still run in its group)
        for stop in (lambda: os.killpg(pid, signal.SIGKILL), process.kill):
            try:
                stop()
            except OSError:  # gone already, or not yet its own group leader
                pass
    process.join(timeout=join_s)
