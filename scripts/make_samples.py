#!/usr/bin/env python3
"""Write the project's sample corpus (PDF, DOCX, HTML, TXT, Markdown) and its reading-order truth texts.

usage: python scripts/make_samples.py [--out corpora/sample]

Every sample is written from content structures defined in this file, and the truth text of a sample
(``<name>.truth``) is generated from the same structures, so it is exact: the body text in reading
order with headings, call-outs, footnotes and table cells (cells joined by " | ", one row a line), and
without running headers, footers or page numbers. Blocks of the truth text are separated by a blank line.
Output is deterministic: rerunning the script gives byte-identical files.
"""
from __future__ import annotations
import argparse
import logging
import sys
from pathlib import Path

SCRIPTS_DIR = Path(__file__).resolve().parent
if str(SCRIPTS_DIR) not in sys.path:  # loaded by file path (the tests do so), not run as a script
    sys.path.insert(0, str(SCRIPTS_DIR))

from samples.common import DEFAULT_OUT, LOG  # noqa: E402
from samples.egm import write_egm_pdf  # noqa: E402
from samples.html_brief import write_gcm_html  # noqa: E402
from samples.layout_suite import write_layout_suite  # noqa: E402
from samples.notes import write_notes  # noqa: E402
from samples.progress import write_progress_pdf  # noqa: E402
from samples.vnr_docx import write_vnr_docx  # noqa: E402

# ---------------------------------------------------------------------------------------------


def write_all(out_dir: Path) -> list[Path]:
    """Write every sample and its truth text into a folder; returns the sample paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [
        write_egm_pdf(out_dir),
        write_progress_pdf(out_dir),
        write_vnr_docx(out_dir),
        write_gcm_html(out_dir),
        *write_notes(out_dir),
        *write_layout_suite(out_dir),
    ]
    for path in written:
        LOG.info("wrote %s (%d bytes)", path, path.stat().st_size)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: corpora/sample)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    write_all(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

