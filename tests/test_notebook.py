"""notebooks/explore_run.ipynb runs with what the project installs, on a sample run, and draws its three plots."""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

from pipeline.config import load_settings
from pipeline.run.batch import run
from tests.paths import ROOT, SAMPLES

NOTEBOOK = ROOT / "notebooks" / "explore_run.ipynb"
PLOTS = 3
CELL_TIMEOUT = 120


def test_the_notebook_runs_on_a_sample_run_and_draws_its_plots(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    out = tmp_path / "run"
    settings = load_settings(overrides={"executor": "serial", "db": str(tmp_path / "nexus.duckdb")})
    summary = run([SAMPLES / "egm_migration_sdg_meeting_report.pdf", SAMPLES / "progress_report_labour_mobility.pdf"],
                  out_dir=out, settings=settings)
    assert summary.ok == 2
    monkeypatch.setenv("NEXUS_RUN", str(out))
    monkeypatch.setenv("NEXUS_DB", str(tmp_path / "nexus.duckdb"))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == PLOTS
    assert any("10.7" in str(o.get("data", {}).get("text/plain", "")) for o in outputs)  # the tagger cell
