"""Where the tests find the project's samples and the shared corpora (one place instead of per-file path math)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
"""The project's root (the checkout)."""
SAMPLES = ROOT / "corpora" / "sample"
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
"""``../shared`` beside the project (CI has it too)."""
REAL = SHARED / "corpora" / "real"
AWKWARD = SHARED / "corpora" / "awkward"
EVALUATIONS = SHARED / "corpora" / "evaluations"
ARCHIVE = SHARED / "corpora" / "archive"


def need(path: Path) -> Path:
    """Skip the test when a shared folder is not beside the project."""
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared beside the project)")
    return path
