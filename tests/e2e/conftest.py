"""Shared fixtures: one pipeline run over the shared real corpus, reused by every end-to-end test."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.run.batch import RunSummary, run
from pipeline.config import load_settings
from tests.paths import AWKWARD, REAL, ROOT, SAMPLES, SHARED, need

__all__ = ["AWKWARD", "REAL", "ROOT", "SAMPLES", "SHARED", "need"]


@pytest.fixture(scope="session")
def real_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunSummary]:
    """The whole pipeline over ../shared/corpora/real, in process (no OCR of image-only pages, for speed)."""
    need(REAL)
    out = tmp_path_factory.mktemp("real_run")
    settings = load_settings(overrides={"executor": "serial", "db": str(out / "nexus.duckdb")})
    return out, run([REAL], out_dir=out, settings=settings)
