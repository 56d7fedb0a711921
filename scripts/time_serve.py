"""Time ``nexus serve``: process start → first 200 on ``/``, and a filtered query's time over a few repetitions.

    .venv/bin/python scripts/time_serve.py --db /tmp/archive.duckdb [--query "sdg=8.7&country=MMR"] [--repeat 5]

Each start is a fresh server process on a free port; the filtered query is timed on a running server (the first
request of it counted in the repetitions). Prints the medians.
"""
from __future__ import annotations

import argparse
import logging
import statistics
import time
from pathlib import Path

from pipeline.serve.launch import free_port, start_server, status, stop_server

log = logging.getLogger("time_serve")

DEFAULT_QUERY = "sdg=8.7&country=MMR"
DEFAULT_REPEAT = 5
ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    """Measure and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the nexus database to serve")
    parser.add_argument("--query", default=DEFAULT_QUERY, help=f"filtered query string (default {DEFAULT_QUERY})")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help="repetitions of each measure")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    starts, queries = [], []
    for k in range(args.repeat):
        port = free_port()
        proc, seconds = start_server(args.db, port=port, cwd=ROOT)
        starts.append(seconds)
        try:
            for _ in range(args.repeat if k == 0 else 0):
                began = time.perf_counter()
                code, size = status(f"http://127.0.0.1:{port}/?{args.query}")
                queries.append(time.perf_counter() - began)
                if code != 200:
                    raise SystemExit(f"/?{args.query} answered {code}")
            log.info("start %d: first page after %.3f s", k + 1, seconds)
        finally:
            stop_server(proc)
    print(f"database            {args.db}")
    print(f"time to first page  median {statistics.median(starts):.3f} s  (runs: "
          + ", ".join(f"{s:.3f}" for s in starts) + ")")
    print(f"filtered query      median {statistics.median(queries) * 1000:.1f} ms  /?{args.query}  (runs: "
          + ", ".join(f"{q * 1000:.1f}" for q in queries) + f"; {size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
