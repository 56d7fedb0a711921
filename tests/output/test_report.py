"""The self-contained HTML report: its plots, its evidence table, and report text shown as text."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from pipeline.output.report import build_report, write_report
from tests.output.test_query_documents import _two_documents

PNG_RE = re.compile(r"src='data:image/png;base64,([A-Za-z0-9+/=]+)'")


def test_the_report_embeds_three_plots_and_every_link(tmp_path: Path) -> None:
    tables = _two_documents()
    path = write_report(tables, tmp_path / "report.html", heading="Sample")
    text = path.read_text(encoding="utf-8")
    images = PNG_RE.findall(text)
    assert len(images) == 3 and all(len(i) > 1000 for i in images)
    assert text.count("<tr>") == 1 + len(tables["links"]) and "2 documents, 4 links (2 explicit)" in text
    assert "http" not in text.replace("http-equiv", "")  # nothing fetched: one self-contained file


def test_report_text_is_escaped() -> None:
    tables = _two_documents()
    tables["links"] = tables["links"].assign(evidence="<script>alert('x')</script> & more")
    tables["documents"] = tables["documents"].assign(title="<b>Bold</b> title")
    text = build_report(tables)
    assert "<script>" not in text and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more" in text
    assert "&lt;b&gt;Bold&lt;/b&gt; title" in text


def test_a_run_without_links_still_reports() -> None:
    tables = _two_documents()
    tables["links"] = tables["links"].iloc[0:0]
    text = build_report(tables)
    assert "no links" in text and "0 links" in text


def test_nexus_report_command(tmp_path: Path) -> None:
    from pipeline.cli import main

    run = tmp_path / "run"
    run.mkdir()
    for name, df in _two_documents().items():
        pd.DataFrame(df).to_csv(run / f"{name}.csv", index=False)
    assert main(["report", str(run), "--out", str(tmp_path / "r.html")]) == 0
    assert "nexus report: run" in (tmp_path / "r.html").read_text(encoding="utf-8")
