"""End to end over the 22 real reports: statuses, offsets, evidence and the contract files."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from tests.e2e.conftest import REAL, SHARED
from tests.paths import FIXTURES

MIN_PAGES_WITH_TEXT_SHARE = 0.9


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    return {n: pd.read_csv(out / f"{n}.csv", dtype=str, keep_default_na=False)
            for n in ("documents", "mentions", "links", "blocks", "sentences")}


def test_every_real_pdf_is_ok(real_run) -> None:
    out, summary = real_run
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    assert len(docs) == len(list(REAL.glob("*.pdf"))) == 22
    assert set(docs["status"]) == {"ok"}, docs.loc[docs.status != "ok", ["source", "error"]].to_string()
    assert set(docs["language"]) <= {"en", "fr", "es"}
    names = [Path(s).name for s in docs["source"]]
    langs = dict(zip(names, docs["language"]))
    assert langs["mx_ley_de_migracion_es.pdf"] == "es" and langs["iom_retour_vert_evaluation_brief_2021_fr.pdf"] == "fr"
    kinds = dict(zip(names, docs["kind"]))
    assert kinds["vnr_namibia_2021.pdf"] == "vnr"
    assert kinds["un_ga_ares_79_217_migration_development.pdf"] == "resolution"
    assert kinds["iom_niger_miraa3_final_evaluation_2022.pdf"] == "evaluation"
    assert summary.ok == 22 and summary.pages >= 870


def test_offsets_slice_the_written_text(real_run) -> None:
    out, _ = real_run
    t = _tables(out)
    texts = {d: (out / "text" / f"{d}.txt").read_text(encoding="utf-8") for d in t["documents"]["doc_id"]}
    for name in ("blocks", "sentences", "mentions"):
        df = t[name]
        assert len(df) > 0
        for row in df.itertuples():
            text = texts[row.doc_id]
            assert text[int(row.char_start):int(row.char_end)] == row.text, (name, row)


def test_evidence_is_verbatim_on_its_page(real_run) -> None:
    out, _ = real_run
    t = _tables(out)
    pages: dict[tuple[str, int], str] = {}
    for b in t["blocks"].itertuples():
        key = (b.doc_id, int(b.page))
        pages[key] = pages.get(key, "") + "\n" + b.text
    assert len(t["links"]) > 0
    texts = {d: (out / "text" / f"{d}.txt").read_text(encoding="utf-8") for d in t["documents"]["doc_id"]}
    for l in t["links"].itertuples():  # each piece of the evidence is verbatim text, the first on the link's page
        spans = [tuple(map(int, piece.split("-"))) for piece in str(l.evidence_spans).split(";")]
        pieces = [texts[l.doc_id][a:b] for a, b in spans]
        assert all(piece in l.evidence for piece in pieces), l
        assert pieces[0] in pages[(l.doc_id, int(l.page))], l


# Regression floors on the dev gold: the acceptance thresholds (the run measured above them).
MIN_F1 = {"COUNTRY": 0.97, "SDG_GOAL": 0.97, "SDG_TARGET": 0.97, "SDG_INDICATOR": 0.97, "OUTPUT": 0.95,
          "MONEY": 0.95, "MIGRATION_THEME": 0.95, "ORG": 0.90, "GOV_BODY": 0.85, "LINK": 0.85}


def below_floors(run: Path, gold: Path, floors: dict[str, float]) -> dict[str, float]:
    """The labels whose F1 (by the shared scorer) on a gold folder is under its floor."""
    res = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(run), str(gold), "--json"],
                         capture_output=True, text=True)
    report, _ = json.JSONDecoder().raw_decode(res.stdout)
    scores = report["scores"]
    return {label: scores.get(label, {}).get("f1", 0.0) for label, floor in floors.items()
            if scores.get(label, {}).get("f1", 0.0) < floor}


def test_scores_against_the_dev_gold(real_run) -> None:
    out, _ = real_run
    short = below_floors(out, SHARED / "eval" / "dev-gold", MIN_F1)
    assert not short, f"below the acceptance F1: {short}"


# Floors on the team's own silver gold (tests/fixtures/silver_gold, four more real reports annotated
# independently): set a little under the measured values, to catch regressions on documents the rules were not
# developed on.
SILVER = FIXTURES / "silver_gold"
MIN_SILVER_F1 = {"COUNTRY": 0.95, "SDG_GOAL": 0.95, "SDG_TARGET": 0.9, "SDG_INDICATOR": 0.95, "MONEY": 0.95,
                 "MIGRATION_THEME": 0.9, "ORG": 0.75, "LINK": 0.85}


def test_scores_against_the_silver_gold(real_run) -> None:
    out, _ = real_run
    short = below_floors(out, SILVER, MIN_SILVER_F1)
    assert not short, f"below the silver floors: {short}"
