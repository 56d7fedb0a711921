"""Train the passage-level SDG classifier and write ``pipeline/classify/trained/model.joblib`` (package data).

Usage::

    .venv/bin/python scripts/train_classifier.py [--benchmark ../shared/data/sdg-benchmark/dev.csv]
        [--no-translations] [--no-benchmark] [--seeds 42 7] [--skip-cv] [--metrics-from EVAL.json]
    .venv/bin/python scripts/train_classifier.py --resave [--out MODEL.joblib]

The model is trained from the project's SDG framework texts, the curated term queries and (unless
``--no-benchmark``) the labelled dev.csv rows with their French and Spanish translations
(``tests/fixtures/sdg_translations``, unless ``--no-translations``). Training is deterministic (fixed seeds).
metrics.json next to the model gets the grouped nested CV figures per seed and language (computed here, or
read from a ``scripts/eval_classifier.py --json`` file with ``--metrics-from``), the accuracy of the model
trained without dev.csv, and the model's own info.

``--resave`` trains nothing: it reads the artefact at ``--out`` (an older format is converted on load, see
``pipeline.classify.model.read_model``), writes it back in the current format with the same weights, and updates
the format recorded in metrics.json.
"""
from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pipeline.classify as classify  # noqa: E402

LOGGER = logging.getLogger("train_classifier")
DEFAULT_BENCHMARK = REPO.parent / "shared" / "data" / "sdg-benchmark" / "dev.csv"
TRANSLATIONS = REPO / "tests" / "fixtures" / "sdg_translations"
DEFAULT_SEEDS = (42, 7)
DIGITS = 4


def read_rows(benchmark: Path, *, translations: bool) -> list[classify.BenchmarkRow]:
    """dev.csv rows, and their French and Spanish translations when asked."""
    rows = classify.read_benchmark(benchmark)
    if translations:
        for language in ("fr", "es"):
            rows += classify.read_benchmark(TRANSLATIONS / f"dev_{language}.csv", language=language)
    return rows


def cv_metrics(rows: list[classify.BenchmarkRow], seeds: list[int]) -> dict[str, dict[str, object]]:
    """Per seed and language: CV per-SDG average and per-SDG accuracy."""
    out: dict[str, dict[str, object]] = {}
    for seed in seeds:
        result = classify.cross_validate(rows, seed=seed)
        out[str(seed)] = {lang: {"accuracy": round(acc, DIGITS), "per_sdg": {str(k): round(v, DIGITS) for k, v in per.items()}}
                          for lang, (acc, per) in result.by_language.items()}
        LOGGER.info("seed %d: %s", seed, {k: v["accuracy"] for k, v in out[str(seed)].items()})  # type: ignore[index]
    return out


def resave(path: Path) -> int:
    """Rewrite the artefact at ``path`` in the current format without retraining; returns the exit code."""
    model = classify.read_model(path)
    if model is None:
        LOGGER.error("%s: no usable artefact to rewrite", path)
        return 1
    classify.save_model(model, path=path)
    if path == classify.MODEL_FILE and classify.METRICS_FILE.is_file():
        metrics = json.loads(classify.METRICS_FILE.read_text(encoding="utf-8"))
        metrics.update({k: model.info[k] for k in ("format", "converted_from_format") if k in model.info})
        classify.METRICS_FILE.write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    LOGGER.info("rewrote %s in format %s (%.1f kB)", path, model.info["format"], path.stat().st_size / 1024)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Train, cross-validate and save the SDG classifier; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmark", type=Path, default=DEFAULT_BENCHMARK, help="labelled CSV (id,text,sdg,label)")
    parser.add_argument("--no-benchmark", action="store_true", help="train from framework texts and terms only")
    parser.add_argument("--no-translations", action="store_true", help="train on the English rows only")
    parser.add_argument("--seeds", type=int, nargs="+", default=list(DEFAULT_SEEDS))
    parser.add_argument("--out", type=Path, default=classify.MODEL_FILE)
    parser.add_argument("--skip-cv", action="store_true", help="do not cross-validate (faster)")
    parser.add_argument("--metrics-from", type=Path, help="CV figures from scripts/eval_classifier.py --json")
    parser.add_argument("--resave", action="store_true",
                        help="rewrite the artefact at --out in the current format, without training")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.resave:
        return resave(args.out)

    started = time.perf_counter()
    metrics: dict[str, object] = {}
    if args.no_benchmark:
        model = classify.train_knowledge_model()
    else:
        rows = read_rows(args.benchmark, translations=not args.no_translations)
        LOGGER.info("training on %d labelled rows + framework texts", len(rows))
        if args.metrics_from:
            figures = json.loads(args.metrics_from.read_text(encoding="utf-8"))
            metrics["cv"] = figures["languages"]
            for key in ("target_recall_top3", "target_links", "speed"):
                if key in figures:
                    metrics[key] = figures[key]
        elif not args.skip_cv:
            metrics["cv"] = cv_metrics(rows, args.seeds)
        if "cv" in metrics:
            cv = metrics["cv"]
            metrics["cv_accuracy"] = round(statistics.mean(s["en"]["accuracy"] for s in cv.values()), DIGITS)  # type: ignore[union-attr,index]
            metrics["cv_per_sdg"] = next(iter(cv.values()))["en"]["per_sdg"]  # type: ignore[union-attr,index]
        knowledge_model = classify.train_knowledge_model()
        metrics["no_dev_accuracy"] = {
            lang: round(classify.evaluate(knowledge_model, [r for r in rows if r.language == lang])[0], DIGITS)
            for lang in sorted({r.language for r in rows})}
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
