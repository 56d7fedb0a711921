"""Refit the calibration of inferred links on the judged candidates and write resources/link_calibration.json.

usage: python scripts/calibrate_links.py [--judged PATH] [--dry-run]
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.link.calibrate import featurise, fit, load_judged, write_calibration  # noqa: E402

DEFAULT_JUDGED = ROOT / "tests" / "link" / "fixtures" / "inferred_judged.json"
log = logging.getLogger("calibrate_links")


def main(argv: list[str] | None = None) -> int:
    """Fit and (unless --dry-run) write the calibration; print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judged", type=Path, default=DEFAULT_JUDGED)
    parser.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    calibration, figures = fit(featurise(load_judged(args.judged)))
    log.info("%s", json.dumps({"intercept": calibration.intercept, "coefficients": calibration.coefficients,
                               **figures}, indent=1))
    if not args.dry_run:
        write_calibration(calibration, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
