"""Shared fixtures: one pipeline run over the shared real corpus, reused by every end-to-end test."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.batch import RunSummary, run
from pipeline.config import load_settings

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
REAL = SHARED / "corpora" / "real"
AWKWARD = SHARED / "corpora" / "awkward"
SAMPLES = ROOT / "corpora" / "sample"


def need(path: Path) -> Path:
    """Skip the test when a shared folder is not beside the project."""
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared beside the project)")
    return path


@pytest.fixture(scope="session")
def real_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunSummary]:
    """The whole pipeline over ../shared/corpora/real, in process (no OCR of image-only pages, for speed)."""
    need(REAL)
    out = tmp_path_factory.mktemp("real_run")
    settings = load_settings(overrides={"executor": "serial", "db": str(out / "nexus.duckdb")})
    return out, run([REAL], out_dir=out, settings=settings)
