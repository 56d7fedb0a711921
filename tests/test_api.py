"""``import pipeline`` is cheap, and every public name it lists resolves to the function or class it promises."""
from __future__ import annotations

import subprocess
import sys
import types

import pipeline


def test_every_public_name_is_a_function_or_class() -> None:
    for name in pipeline.__all__:
        value = getattr(pipeline, name)
        assert not isinstance(value, types.ModuleType), f"pipeline.{name} is the module {value.__name__}"
        assert callable(value) or name == "__version__", name


def test_subpackage_names_are_not_hidden_public_functions() -> None:
    """``run`` and ``classify`` name subpackages, so they are not listed as functions of ``pipeline``."""
    assert {"run", "classify"}.isdisjoint(pipeline.__all__)
    from pipeline.classify import classify
    from pipeline.run.batch import run

    assert callable(run) and callable(classify)


def test_import_pipeline_loads_no_heavy_dependency() -> None:
    code = "import sys, pipeline; print(sorted(m for m in ('spacy', 'pandas', 'duckdb', 'pdfplumber') if m in sys.modules))"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == "[]"
