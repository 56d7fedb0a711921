"""scripts/sample_links.py: a fixed-seed draw of links for review, with earlier samples left out."""
from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

from tests.paths import ROOT

FIELDS = ("doc_id", "sentence_id", "source_id", "target_id", "relation", "source", "page", "weight", "reason",
          "evidence")


def _script():
    spec = importlib.util.spec_from_file_location("sample_links", ROOT / "scripts" / "sample_links.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(tmp_path: Path, n: int) -> Path:
    run = tmp_path / "run"
    run.mkdir()
    with (run / "links.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS)
        writer.writeheader()
        for k in range(n):
            writer.writerow({"doc_id": f"d{k % 3}", "sentence_id": f"s{k}", "source_id": "remittances",
                             "target_id": "SDG:10.c", "relation": "explicit" if k % 10 == 0 else "inferred",
                             "source": f"/x/doc{k % 3}.pdf", "page": "1", "weight": "0.9", "reason": "r",
                             "evidence": f"Sentence number {k}."})
    return run


def test_the_draw_is_stable_and_a_second_draw_skips_the_first(tmp_path: Path) -> None:
    script = _script()
    run = _run(tmp_path, 40)
    first, again = tmp_path / "a.tsv", tmp_path / "b.tsv"
    assert script.main([str(run), "--n", "10", "--seed", "7", "--out", str(first)]) == 0
    assert script.main([str(run), "--n", "10", "--seed", "7", "--out", str(again)]) == 0
    assert first.read_text(encoding="utf-8") == again.read_text(encoding="utf-8")
    second = tmp_path / "c.tsv"
    assert script.main([str(run), "--n", "30", "--seed", "8", "--exclude", str(first), "--out", str(second)]) == 0
    read = lambda p: [r["evidence"] for r in csv.DictReader(p.open(encoding="utf-8"), delimiter="\t")]  # noqa: E731
    assert len(read(first)) == 10 and len(read(second)) == 30 and not set(read(first)) & set(read(second))


def test_all_explicit_adds_the_explicit_links_not_drawn(tmp_path: Path) -> None:
    script = _script()
    out = tmp_path / "a.tsv"
    assert script.main([str(_run(tmp_path, 40)), "--n", "5", "--all-explicit", "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8"), delimiter="\t"))
    assert sum(r["relation"] == "explicit" for r in rows) == 4
