"""A small nexus database for the web app's tests: a real two-page PDF (reportlab) and rows indexed with index_run.

The rows are written by hand so that every filter has something to select and something to leave out: two runs,
three documents (a PDF, one whose title and evidence hold a ``<script>``, a text file), links with countries,
actors, boxes and mentions, enough links of one theme to fill two pages of the browser, and a few rows of each
structured table (the ``<script>`` document's hold it in their text).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from pipeline.output.db import index_run
from pipeline.output.store import STRUCTURE_TABLES, TABLES, frame

PAGE_W, PAGE_H = 612.0, 792.0
FONT_SIZE = 12.0
LINE_X = 72.0
LINE_TOP = 100.0
"""The evidence line of page 1: its left edge and top in points from the page's top-left corner."""
PDF_ID, XSS_ID, TXT_ID = "d1pdf000000000a1", "d2xss000000000b2", "d3txt000000000c3"
SCRIPT = "<script>alert(1)</script>"
EVIDENCE_1 = "Remittances sent home to Morocco support target 10.c on transfer costs."
FILLER = 55
"""Links of theme migration_data on page 2: with the others, more than one page of 50."""


@dataclass(frozen=True)
class ServeDb:
    """The test database and what the tests need to know about it."""

    db: Path
    pdf: Path
    box: tuple[float, float, float, float]
    """The box of the first link (EVIDENCE_1 on page 1), in points from the top-left."""
    total_links: int


def _pdf(path: Path) -> tuple[float, float, float, float]:
    """A two-page PDF with EVIDENCE_1 on page 1; returns the box of that line (points from the top-left)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    c.setFont("Helvetica", FONT_SIZE)
    c.drawString(LINE_X, PAGE_H - LINE_TOP - FONT_SIZE * 0.8, EVIDENCE_1)
    c.drawString(LINE_X, PAGE_H - 300, "Other text of page one.")
    c.showPage()
    c.setFont("Helvetica", FONT_SIZE)
    c.drawString(LINE_X, PAGE_H - 150, "Labour migration from Morocco to Spain, indicator 10.7.2.")
    c.showPage()
    c.save()
    width = stringWidth(EVIDENCE_1, "Helvetica", FONT_SIZE)
    return (LINE_X, LINE_TOP, round(LINE_X + width, 2), LINE_TOP + FONT_SIZE)


def _link(doc_id: str, n: int, source: str, target: str, *, relation: str = "explicit", page: int = 1,
          evidence: str = "", countries: str = "", actors: str = "", box: tuple | None = None, start: int = 0,
          title: str = "", kind: str = "", year: str = "") -> dict[str, object]:
    """One links row."""
    code = target.removeprefix("SDG:").split(".")
    x0, y0, x1, y1 = box or (None, None, None, None)
    return {"doc_id": doc_id, "source_id": source, "target_id": target, "relation": relation,
            "weight": 1.0 if relation == "explicit" else 0.8, "evidence": evidence, "page": page,
            "sentence_id": f"s{n}", "char_start": start, "char_end": start + len(evidence), "goal": code[0],
            "target": ".".join(code[:2]) if len(code) > 1 else "", "x0": x0, "y0": y0, "x1": x1, "y1": y1,
            "countries": countries, "country_sources": ";".join(f"{c}:sentence" for c in countries.split(";") if c),
            "actors": actors, "section": "1. Remittances" if page == 1 else "2. Labour", "reason": "",
            "title": title, "kind": kind, "year": year,
            "evidence_spans": f"{start}-{start + len(evidence)}"}


def _document(doc_id: str, source: Path, *, title: str, kind: str, year: int | None, pages: int) -> dict:
    """One documents row."""
    return {"doc_id": doc_id, "source": str(source), "path": str(source), "title": title, "kind": kind,
            "year": year, "pages": pages, "language": "en", "chars": 100, "status": "ok", "error": "",
            "symbol": "A/RES/1" if doc_id == PDF_ID else ""}


def _tables(docs: list[dict], links: list[dict], mentions: list[dict],
            structures: dict[str, list[dict]] | None = None) -> dict[str, pd.DataFrame]:
    """The tables of one run (every table of the run folder's contract, empty but for these three and the
    structured tables given)."""
    empty = {name: frame([], columns) for name, columns in TABLES.items()}
    given = {name: frame(rows, STRUCTURE_TABLES[name]) for name, rows in (structures or {}).items()}
    return {**empty, "documents": frame(docs, TABLES["documents"]), "mentions": frame(mentions, TABLES["mentions"]),
            "links": frame(links, TABLES["links"]), **given}


def _row(name: str, doc_id: str, n: int, *, page: int = 1, box: tuple | None = None, **values: object) -> dict:
    """One row of a structured table: every text column empty but for ``values``, its span and box."""
    x0, y0, x1, y1 = box or (None, None, None, None)
    row: dict[str, object] = {c: "" for c in STRUCTURE_TABLES[name]}
    id_column = next(c for c in STRUCTURE_TABLES[name] if c.endswith("_id") and c != "doc_id")
    row.update({"doc_id": doc_id, id_column: f"{name[:3]}{n}", "page": page, "char_start": 10 * n,
                "char_end": 10 * n + 9, "x0": x0, "y0": y0, "x1": x1, "y1": y1, **values})
    return row


def _cells(doc_id: str, table_id: str, grid: list[list[str]], *, page: int = 1, top: float = 400.0) -> list[dict]:
    """The cells of one table: its first row the header, the others under it (header_path = their header)."""
    out = []
    for r, line in enumerate(grid):
        for k, text in enumerate(line):
            box = (72.0 + 150 * k, top + 14 * r, 200.0 + 150 * k, top + 12 + 14 * r)
            out.append(_row("tables", doc_id, 100 * r + k, page=page, box=box, table_id=table_id, row=r, column=k,
                            header_path="" if r == 0 else grid[0][k], text=text))
    return out


STRUCTURE_ROWS = {"tables": 2, "facts": 2, "results": 2, "activities": 4, "recommendations": 3, "agenda": 2}
"""Rows of each structured table in the test database (``tables``: tables, of 6 and 2 cells)."""


def _structures_a(box: tuple) -> dict[str, list[dict]]:
    """The structured rows of the PDF (run A)."""
    return {
        "tables": _cells(PDF_ID, "tab1", [["Country", "Budget"], ["Morocco", "USD 100"], ["Spain", "USD 250"]]),
        "facts": [_row("facts", PDF_ID, 1, key="budget", raw_key="Total budget", value="USD 350",
                       normalised_value="350 USD", box=box)],
        "results": [_row("results", PDF_ID, 1, kind="output", number="1.1", statement="Officials trained on "
                         "labour migration", indicators="Number of officials", baseline="0", target="50",
                         achieved="42", box=box)],
        "activities": [
            _row("activities", PDF_ID, 1, country="MAR", output="Output 1", activity="Trained 42 border officials "
                 "in Rabat", status="done", period="2021-Q1", actors="IOM", box=box),
            _row("activities", PDF_ID, 2, page=2, country="ESP", output="Output 2", activity="A resource centre "
                 "will open in Madrid", status="planned", box=(72.0, 140.0, 380.0, 152.0)),
            _row("activities", PDF_ID, 3, page=2, country="GLOBAL", activity="Regional dialogue is ongoing",
                 status="ongoing"),
        ],
        "recommendations": [
            _row("recommendations", PDF_ID, 1, number="1", recommendation="Strengthen 100% of data systems",
                 addressed_to="IOM", response="accepted", actions="Hire a data officer", responsible="RO Dakar",
                 deadline="2022-06", box=box),
            _row("recommendations", PDF_ID, 2, number="2", recommendation="Extend the remittance pilot",
                 response="partially accepted", actions="Review funding", deadline="2022-12"),
        ],
        "agenda": [_row("agenda", PDF_ID, 1, time="09:00", session="Opening session", moderator="A. Chair",
                        speakers="B. Speaker", institutions="IOM", countries="MAR", box=box)],
    }


def _structures_b() -> dict[str, list[dict]]:
    """The structured rows of the document with a ``<script>`` (run B): each with the script in its text."""
    return {
        "tables": _cells(XSS_ID, "tab2", [["Item"], [SCRIPT]]),
        "facts": [_row("facts", XSS_ID, 1, key="donor", raw_key="Donor", value=SCRIPT, normalised_value=SCRIPT)],
        "results": [_row("results", XSS_ID, 1, kind="outcome", number="2", statement=f"{SCRIPT} outcome")],
        "activities": [_row("activities", XSS_ID, 1, country="NGA", activity=f"{SCRIPT} Shelter support in Lagos",
                            status="ongoing")],
        "recommendations": [_row("recommendations", XSS_ID, 1, number="3", recommendation=f"{SCRIPT} Close "
                                 "the shelter", response="not accepted")],
        "agenda": [_row("agenda", XSS_ID, 1, time="10:00", session=f"{SCRIPT} Panel")],
    }


def build_db(folder: Path) -> ServeDb:
    """Write the PDF, the text file and the database (runs ``runA``: the PDF; ``runB``: the other two)."""
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / "remittances_report.pdf"
    box = _pdf(pdf)
    txt = folder / "notes.txt"
    txt.write_text("Plain notes on trafficking.", encoding="utf-8")
    xss_evidence = f"{SCRIPT} Trafficking in persons across Nigeria, target 16.2."
    labour = "Labour migration from Morocco to Spain, indicator 10.7.2."
    links_a = [
        _link(PDF_ID, 1, "remittances", "SDG:10.c", evidence=EVIDENCE_1, countries="MAR", actors="IOM", box=box),
        _link(PDF_ID, 2, "labour_migration", "SDG:10.7.2", page=2, evidence=labour, countries="MAR;ESP",
              box=(72.0, 140.0, 380.0, 152.0), start=200),
        _link(PDF_ID, 3, "labour_migration", "SDG:8.8", relation="inferred", page=2, evidence=labour,
              countries="ESP", actors="ILO", start=200),
        _link(PDF_ID, 4, "migration", "SDG:10", evidence=EVIDENCE_1, countries="MAR"),
        *(_link(PDF_ID, 100 + i, "migration_data", "SDG:17.18", page=2, evidence=f"Data point number {i}.",
                start=1000 + 30 * i) for i in range(FILLER)),
    ]
    mentions_a = [
        {"doc_id": PDF_ID, "mention_id": "m1", "label": "MIGRATION_THEME", "text": "Remittances",
         "canonical_id": "remittances", "page": 1, "char_start": 0, "char_end": 11, "sentence_id": "s1"},
        {"doc_id": PDF_ID, "mention_id": "m2", "label": "SDG_TARGET", "text": "target 10.c", "canonical_id": "SDG:10.c",
         "page": 1, "char_start": 41, "char_end": 52, "sentence_id": "s1"},
        {"doc_id": PDF_ID, "mention_id": "m3", "label": "COUNTRY", "text": "Morocco", "canonical_id": "MAR",
         "page": 1, "char_start": 25, "char_end": 32, "sentence_id": "s1"},
    ]
    docs_a = [_document(PDF_ID, pdf, title="Remittance corridors report", kind="vnr", year=2021, pages=2)]
    db = folder / "serve.duckdb"
    index_run(db, run_id="runA", out_dir=folder / "run_a",
              tables=_tables(docs_a, links_a, mentions_a, _structures_a(box)))
    links_b = [
        _link(XSS_ID, 5, "trafficking_smuggling", "SDG:16.2", evidence=xss_evidence, countries="NGA",
              actors="UNODC", box=(10.0, 10.0, 50.0, 20.0)),
        _link(TXT_ID, 6, "trafficking_smuggling", "SDG:16.2", evidence="Plain notes on trafficking.",
              countries="NGA"),
    ]
    docs_b = [_document(XSS_ID, folder / "missing.pdf", title=f"{SCRIPT} Evaluation", kind="evaluation", year=2019,
                        pages=1),
              _document(TXT_ID, txt, title="Field notes", kind="other", year=None, pages=1)]
    index_run(db, run_id="runB", out_dir=folder / "run_b", tables=_tables(docs_b, links_b, [], _structures_b()))
    return ServeDb(db=db, pdf=pdf, box=box, total_links=len(links_a) + len(links_b))


@pytest.fixture(scope="session")
def serve_db(tmp_path_factory: pytest.TempPathFactory) -> ServeDb:
    """The test database, built once per session."""
    return build_db(tmp_path_factory.mktemp("serve"))
