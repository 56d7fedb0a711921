"""Train the passage-level SDG classifier and write ``pipeline/classify/trained/model.joblib`` (package data).

Usage::

    python scripts/train_classifier.py [--benchmark ../shared/data/sdg-benchmark/dev.csv] [--no-benchmark]

The model is trained from the project's SDG framework texts, the curated term queries and (unless
``--no-benchmark``) the labelled benchmark rows. Training is deterministic (fixed seeds). The
cross-validated benchmark accuracy (5-fold, stratified, no row in both train and test) and the
accuracy of a model trained without the benchmark rows are written next to the model as metrics.json.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pipeline.classify as classify  # noqa: E402

LOGGER = logging.getLogger("train_classifier")
DEFAULT_BENCHMARK = REPO.parent / "shared" / "data" / "sdg-benchmark" / "dev.csv"


def main(argv: list[str] | None = None) -> int:
    """Train, cross-validate and save the SDG classifier; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmark", type=Path, default=DEFAULT_BENCHMARK, help="labelled CSV (id,text,sdg,label)")
    parser.add_argument("--no-benchmark", action="store_true", help="train from framework texts and terms only")
    parser.add_argument("--out", type=Path, default=classify.MODEL_FILE)
    parser.add_argument("--skip-cv", action="store_true", help="do not cross-validate (faster)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    started = time.perf_counter()
    metrics: dict[str, object] = {}
    if args.no_benchmark:
        model = classify.train_knowledge_model()
    else:
        rows = classify.read_benchmark(args.benchmark)
        LOGGER.info("training on %d benchmark rows + framework texts", len(rows))
        if not args.skip_cv:
            cv = classify.cross_validate(rows)
            metrics["cv_accuracy"] = round(cv.accuracy, 4)
            metrics["cv_per_sdg"] = {str(k): round(v, 4) for k, v in cv.per_sdg.items()}
            metrics["cv_thresholds"] = list(cv.thresholds)
            LOGGER.info("cross-validated accuracy %.4f", cv.accuracy)
            no_dev_acc, _ = classify.evaluate(classify.train_knowledge_model(), rows)
            metrics["no_benchmark_accuracy"] = round(no_dev_acc, 4)
            LOGGER.info("accuracy of the model trained without benchmark rows %.4f", no_dev_acc)
        model = classify.train_model(rows)
    path = classify.save_model(model, path=args.out)
    metrics.update(model.info)
    metrics["train_seconds"] = round(time.perf_counter() - started, 1)
    if args.out == classify.MODEL_FILE:
        classify.METRICS_FILE.write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    LOGGER.info("wrote %s (%.1f kB)", path, path.stat().st_size / 1024)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
