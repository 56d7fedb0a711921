"""Randomly truncated and bit-flipped copies of real PDFs go through the whole pipeline without stopping the batch."""
from __future__ import annotations

import logging
import random
import time
from pathlib import Path

import pandas as pd

from pipeline.run.batch import run
from pipeline.config import load_settings
from tests.e2e.conftest import REAL, SAMPLES, need

log = logging.getLogger(__name__)

FUZZ_CASES = 120
SEED = 20261123
MAX_FLIPS = 40
SOURCES = ("un_sdg10_why_it_matters.pdf", "iom_arco_evaluation_brief_2022.pdf")


def _mutants(sources: list[Path], out: Path, *, n: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        data = bytearray(sources[i % len(sources)].read_bytes())
        mode = rng.choice(("truncate", "flip", "both"))
        if mode in ("truncate", "both"):
            data = data[: rng.randrange(0, len(data))]
        if mode in ("flip", "both") and data:
            for _ in range(rng.randint(1, MAX_FLIPS)):
                pos = rng.randrange(len(data))
                data[pos] ^= 1 << rng.randrange(8)
        path = out / f"mutant_{i:04d}_{mode}.pdf"
        path.write_bytes(bytes(data))
        paths.append(path)
    return paths


def test_mutated_pdfs_never_stop_the_batch(tmp_path: Path) -> None:
    sources = [need(REAL / n) for n in SOURCES] + sorted(SAMPLES.glob("*.pdf"))
    inputs = tmp_path / "in"
    inputs.mkdir()
    mutants = _mutants(sources, inputs, n=FUZZ_CASES, seed=SEED)
    started = time.perf_counter()
    settings = load_settings(overrides={"executor": "process", "workers": 2, "timeout_s": 60, "ocr": False,
                                        "db": str(tmp_path / "f.duckdb")})
    summary = run([inputs], out_dir=tmp_path / "out", settings=settings)
    seconds = time.perf_counter() - started
    log.warning("fuzz: %d cases in %.1f s (%d ok, %d failed)", FUZZ_CASES, seconds, summary.ok, summary.failed)
    docs = pd.read_csv(tmp_path / "out" / "documents.csv", dtype=str, keep_default_na=False)
    assert len(docs) == len(mutants) == summary.documents
    assert set(docs["status"]) <= {"ok", "failed"}
    failed = docs[docs.status == "failed"]
    assert (failed["error"].str.len() > 0).all()
    assert not failed["error"].str.contains("\n").any()
    assert summary.ok > 0  # pdfium recovers many damaged copies
    mentions = pd.read_csv(tmp_path / "out" / "mentions.csv", dtype=str, keep_default_na=False)
    texts = {d: (tmp_path / "out" / "text" / f"{d}.txt").read_text(encoding="utf-8")
             for d in docs.loc[docs.status == "ok", "doc_id"]}
    for m in mentions.itertuples():
        assert texts[m.doc_id][int(m.char_start):int(m.char_end)] == m.text
