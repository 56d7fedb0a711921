#!/usr/bin/env python3
"""Raw pypdfium2 text of every PDF under a folder, as a process of its own: the yardstick a whole ``nexus run`` is
timed against (``farm-bench --vs 'python scripts/raw_text.py FOLDER' -- nexus run FOLDER ...``).

usage: raw_text.py FOLDER
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.extract.raw import raw_pdfium_text  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Print the pages read and the seconds taken."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    pages, seconds = raw_pdfium_text(sorted(Path(args[0]).rglob("*.pdf")))
    print(f"{pages} pages in {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
