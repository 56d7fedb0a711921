"""Every mention and link row carries its page box: cropping the page there shows the mention's text."""
from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pdfplumber
import pytest

from pipeline.config import load_settings
from pipeline.run.batch import run
from tests.document.test_provenance import WORD_RE, _cropped_text, _normal
from tests.paths import SAMPLES

SEED = 11
REAL_SAMPLE = 400
MIN_SHARE = 0.97
BOX = ["x0", "y0", "x1", "y1"]


def _share_found(mentions: pd.DataFrame, sources: dict[str, Path]) -> tuple[float, list]:
    found, misses = 0, []
    by_doc = mentions.groupby("doc_id")
    for doc_id, rows in by_doc:
        with pdfplumber.open(sources[doc_id]) as pdf:
            for row in rows.itertuples():
                box = (row.x0, row.y0, row.x1, row.y1)
                text = _normal(_cropped_text(pdf.pages[int(row.page) - 1], box))
                if all(_normal(w) in text for w in WORD_RE.findall(row.text)):
                    found += 1
                else:
                    misses.append((row.text, row.page, box))
    return found / max(1, len(mentions)), misses


def _pdf_sources(run_dir: Path) -> dict[str, Path]:
    docs = pd.read_csv(run_dir / "documents.csv", keep_default_na=False)
    return {r.doc_id: Path(r.path) for r in docs.itertuples() if str(r.path).endswith(".pdf")}


def test_every_sample_pdf_mention_is_found_in_its_box(tmp_path: Path) -> None:
    out = tmp_path / "samples"
    run([SAMPLES], out_dir=out, settings=load_settings(overrides={"executor": "serial", "db": "none"}))
    sources = _pdf_sources(out)
    mentions = pd.read_csv(out / "mentions.csv", keep_default_na=False)
    pdf_mentions = mentions[mentions["doc_id"].isin(sources)]
    assert len(pdf_mentions) > 50 and (pdf_mentions[BOX] != "").all().all(), "every PDF mention has a box"
    others = mentions[~mentions["doc_id"].isin(sources)]
    assert (others[BOX] == "").all().all(), "formats without page geometry have no box"
    share, misses = _share_found(pdf_mentions.astype({c: float for c in BOX}), sources)
    assert share >= MIN_SHARE, misses[:10]
    links = pd.read_csv(out / "links.csv", keep_default_na=False)
    pdf_links = links[links["doc_id"].isin(sources)]
    assert len(pdf_links) and (pdf_links[BOX] != "").all().all(), "every PDF link has its evidence box"


@pytest.mark.slow
def test_real_mentions_are_found_in_their_boxes(real_run: tuple[Path, object]) -> None:
    out, _ = real_run
    sources = _pdf_sources(out)
    mentions = pd.read_csv(out / "mentions.csv", keep_default_na=False)
    boxed = mentions[(mentions["x0"] != "") & mentions["doc_id"].isin(sources)]
    assert len(boxed) >= 0.99 * len(mentions[mentions["doc_id"].isin(sources)])
    sample = boxed.sample(n=min(REAL_SAMPLE, len(boxed)), random_state=random.Random(SEED).randrange(2**31))
    share, misses = _share_found(sample.astype({c: float for c in BOX}), sources)
    assert share >= MIN_SHARE, misses[:10]
