"""Print the SDG classifier's benchmark figures: CV accuracy (overall and per SDG), no-benchmark accuracy, speed.

Usage::

    python scripts/eval_classifier.py [--benchmark ../shared/data/sdg-benchmark/dev.csv] [--folds 5] [--seed 42]

Scoring is the SDG Classification Benchmark's: a row is right when (sdg in predicted set) == label;
accuracy per SDG, averaged over SDGs. The headline figure is cross-validated (stratified k-fold, each
row scored by a model that never saw it); the second figure comes from a model trained on the
framework texts and term queries only, scored on every row; the speed is that of the saved artefact.
"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pipeline.classify as classify  # noqa: E402

DEFAULT_BENCHMARK = REPO.parent / "shared" / "data" / "sdg-benchmark" / "dev.csv"
PUBLISHED = {"AFD SDG Prospector": 0.88, "GPT-4o": 0.87, "text2sdg": 0.83, "Aurora": 0.79, "OSDG": 0.70}


def main(argv: list[str] | None = None) -> int:
    """Compute and print the figures; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmark", type=Path, default=DEFAULT_BENCHMARK)
    parser.add_argument("--folds", type=int, default=classify.CV_FOLDS)
    parser.add_argument("--seed", type=int, default=classify.CV_SEED)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    rows = classify.read_benchmark(args.benchmark)

    cv = classify.cross_validate(rows, folds=args.folds, seed=args.seed)
    no_dev, no_dev_per = classify.evaluate(classify.train_knowledge_model(), rows)

    texts = [r.text for r in rows]
    classify.load_model()
    started = time.perf_counter()
    classify.classify(texts)
    batch_rate = len(texts) / (time.perf_counter() - started)
    started = time.perf_counter()
    for text in texts[:100]:
        classify.classify_text(text)
    single_ms = (time.perf_counter() - started) / min(100, len(texts)) * 1000

    print(f"rows: {len(rows)}  folds: {args.folds}  seed: {args.seed}")
    print(f"CV average accuracy over SDGs: {cv.accuracy:.4f}  (thresholds per fold: {cv.thresholds})")
    print(f"framework-only model (no benchmark rows in training): {no_dev:.4f}")
    print("SDG  CV     no-bench")
    for sdg in sorted(cv.per_sdg):
        print(f"{sdg:>3}  {cv.per_sdg[sdg]:.3f}  {no_dev_per[sdg]:.3f}")
    print(f"speed: {batch_rate:.0f} passages/s in one batch; {single_ms:.1f} ms per single-passage call")
    print("published: " + ", ".join(f"{name} {acc:.0%}" for name, acc in PUBLISHED.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
