"""The cache shared by run folders: an unchanged rerun reads every result, a tagger change re-tags without
re-extracting, changed and failed documents are processed again, damaged entries are ignored."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import pipeline.run.cache as cache_module
from pipeline.config import Settings
from pipeline.run.batch import run
from tests.run.conftest import TEXTS

TIMING_COLUMNS = ("seconds", "cached")


def _settings(tmp_path: Path, **kw: object) -> Settings:
    return Settings(executor="serial", db=None, cache=tmp_path / "cache", ocr=False, **kw)


def _table(out: Path, name: str) -> pd.DataFrame:
    df = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
    return df.drop(columns=[c for c in TIMING_COLUMNS if c in df.columns]).sort_values(list(df.columns[:2]))


def test_an_unchanged_rerun_into_a_new_folder_reads_every_result(tmp_path: Path, inputs: Path) -> None:
    first = run([inputs], out_dir=tmp_path / "a", settings=_settings(tmp_path))
    assert first.cached == {} and first.ok == len(TEXTS)
    second = run([inputs], out_dir=tmp_path / "b", settings=_settings(tmp_path))
    assert second.cached == {"result": len(TEXTS)}
    for name in ("documents", "mentions", "links", "sentences"):
        pd.testing.assert_frame_equal(_table(tmp_path / "a", name).reset_index(drop=True),
                                      _table(tmp_path / "b", name).reset_index(drop=True))
    assert sorted(p.name for p in (tmp_path / "b" / "text").iterdir()) == \
        sorted(p.name for p in (tmp_path / "a" / "text").iterdir())


def test_a_tagger_change_retags_without_extracting(tmp_path: Path, inputs: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    run([inputs], out_dir=tmp_path / "a", settings=_settings(tmp_path))
    real = cache_module._code_digest
    monkeypatch.setattr(cache_module, "_code_digest", lambda stage: real(stage) + ("-v2" if stage == "tag" else ""))
    again = run([inputs], out_dir=tmp_path / "b", settings=_settings(tmp_path))
    assert again.cached == {"extract": len(TEXTS)}  # extracted text read back, tagged and linked again
    docs = pd.read_csv(tmp_path / "b" / "documents.csv", dtype=str, keep_default_na=False)
    assert set(docs["cached"]) == {"extract"}


def test_a_changed_file_is_processed_and_a_failed_one_retried(tmp_path: Path, inputs: Path) -> None:
    run([inputs], out_dir=tmp_path / "a", settings=_settings(tmp_path))
    (inputs / "moldova.txt").write_text(TEXTS["moldova.txt"] + " Tajikistan joined.", encoding="utf-8")
    (inputs / "empty.txt").write_text("", encoding="utf-8")  # fails: no text
    again = run([inputs], out_dir=tmp_path / "b", settings=_settings(tmp_path))
    assert again.cached == {"result": 1} and again.failed == 1
    third = run([inputs], out_dir=tmp_path / "c", settings=_settings(tmp_path))
    assert third.cached == {"result": 2} and third.failed == 1  # the failure is never cached: it is tried again


def test_no_cache_writes_nothing(tmp_path: Path, inputs: Path) -> None:
    summary = run([inputs], out_dir=tmp_path / "a", settings=_settings(tmp_path, use_cache=False))
    assert summary.cache is None and not (tmp_path / "cache").exists()


def test_a_damaged_entry_is_a_miss(tmp_path: Path, inputs: Path) -> None:
    run([inputs], out_dir=tmp_path / "a", settings=_settings(tmp_path))
    for entry in (tmp_path / "cache").rglob("*.pkl"):
        entry.write_bytes(b"not a pickle")
    for record in (tmp_path / "cache").rglob("snapshot.json"):  # and the whole run's (test_snapshot.py)
        record.write_text("{not json", encoding="utf-8")
    again = run([inputs], out_dir=tmp_path / "b", settings=_settings(tmp_path))
    assert again.cached == {} and again.ok == len(TEXTS)


def test_the_default_cache_is_beside_the_database(tmp_path: Path, inputs: Path) -> None:
    summary = run([inputs], out_dir=tmp_path / "a",
                  settings=Settings(executor="serial", db=tmp_path / "db" / "n.duckdb", ocr=False))
    assert summary.cache == tmp_path / "db" / "cache" and any((tmp_path / "db" / "cache").rglob("*.pkl"))


def test_a_cached_rerun_indexes_the_run_without_rewriting_its_documents(tmp_path: Path, inputs: Path) -> None:
    import duckdb

    db = tmp_path / "db" / "n.duckdb"
    settings = Settings(executor="serial", db=db, ocr=False)
    run([inputs], out_dir=tmp_path / "a", settings=settings)
    with duckdb.connect(str(db), read_only=True) as con:
        before = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
    again = run([inputs], out_dir=tmp_path / "b", settings=settings)
    assert again.cached == {"result": len(TEXTS)}
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM mentions").fetchone()[0] == before  # no duplicates
        assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 2
        latest = con.execute("SELECT DISTINCT latest_run FROM documents").fetchall()
        run_b = con.execute("SELECT run_id FROM runs WHERE out_dir LIKE ?", ["%/b"]).fetchone()[0]
    assert latest == [(run_b,)]


def test_bench_archive_reports_a_first_and_a_cached_pass(tmp_path: Path, inputs: Path) -> None:
    from pipeline.run.bench import bench_archive, pass_summary, write_archive_json

    first, cached = bench_archive(inputs, settings=Settings(executor="serial", ocr=False), work_dir=tmp_path / "w")
    assert (first.cache_hit_rate, cached.cache_hit_rate) == (0.0, 1.0)
    assert first.documents == cached.documents == len(TEXTS) and cached.pages == first.pages
    figures = pass_summary(cached)
    assert figures["max_doc_seconds"] == 0.0 and figures["documents_per_s"] > 0
    import json
    assert [p["pass"] for p in json.loads(write_archive_json([first, cached], tmp_path / "b.json").read_text())] == \
        ["first", "cached"]


def test_the_suffix_is_part_of_the_key(tmp_path: Path, inputs: Path) -> None:
    run([inputs], out_dir=tmp_path / "a", settings=_settings(tmp_path))
    (inputs / "moldova.md").write_bytes((inputs / "moldova.txt").read_bytes())  # same bytes, another reader
    (inputs / "moldova.txt").unlink()
    again = run([inputs], out_dir=tmp_path / "b", settings=_settings(tmp_path))
    assert again.cached == {"result": 1}  # jamaica.txt only


def test_an_unusable_cache_is_one_warning_and_no_cache(tmp_path: Path, inputs: Path,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    summary = run([inputs], out_dir=tmp_path / "a", settings=_settings(tmp_path))
    assert summary.ok == len(TEXTS) and summary.cache is None
    assert sum("not usable" in r.getMessage() for r in caplog.records) == 1


def test_a_renamed_file_keeps_its_rows_under_its_new_name_in_the_database(tmp_path: Path, inputs: Path) -> None:
    import duckdb

    db = tmp_path / "db" / "n.duckdb"
    settings = Settings(executor="serial", db=db, ocr=False)
    run([inputs], out_dir=tmp_path / "a", settings=settings)
    (inputs / "moldova.txt").rename(inputs / "moldova_renamed.txt")
    again = run([inputs], out_dir=tmp_path / "b", settings=settings)
    assert again.cached == {"result": len(TEXTS)}
    with duckdb.connect(str(db), read_only=True) as con:
        sources = {r[0] for r in con.execute("SELECT source FROM documents").fetchall()}
        link_sources = {r[0] for r in con.execute("SELECT DISTINCT source FROM links").fetchall()}
    assert any(s.endswith("moldova_renamed.txt") for s in sources) and not any(s.endswith("/moldova.txt") for s in sources)
    assert not any(str(s).endswith("/moldova.txt") for s in link_sources)


def test_a_fully_cached_rerun_never_loads_the_tagger_or_the_classifier(tmp_path: Path, inputs: Path) -> None:
    import subprocess
    import sys

    script = (
        "import sys; from pathlib import Path; from pipeline.config import Settings; from pipeline.run.batch import run\n"
        f"s = Settings(executor='serial', db=None, cache=Path({str(tmp_path / 'cache')!r}), ocr=False)\n"
        f"r = run([Path({str(inputs)!r})], out_dir=Path(sys.argv[1]), settings=s)\n"
        "print(r.cached.get('result', 0), 'spacy' in sys.modules, 'sklearn' in sys.modules)\n"
    )
    first = subprocess.run([sys.executable, "-c", script, str(tmp_path / "a")], capture_output=True, text=True,
                           check=True)
    assert first.stdout.split() == ["0", "True", "False"]  # processing loads the tagger; nothing loads scikit-learn
    again = subprocess.run([sys.executable, "-c", script, str(tmp_path / "b")], capture_output=True, text=True,
                           check=True)
    assert again.stdout.split() == [str(len(TEXTS)), "False", "False"]


def test_a_result_of_other_bytes_than_the_key_is_not_cached(tmp_path: Path, inputs: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    import pipeline.run.process as process

    real = process.process_document

    def changed_under_us(path: Path, **kwargs: object):  # noqa: ANN202 - the file changed after the batch hashed it
        result = real(path, **kwargs)  # type: ignore[arg-type]
        return dataclasses.replace(result, document=dataclasses.replace(result.document, doc_id="0" * 16))

    monkeypatch.setattr(process, "process_document", changed_under_us)
    run([inputs], out_dir=tmp_path / "a", settings=_settings(tmp_path))
    assert not list((tmp_path / "cache").glob("result/*/*.pkl"))


def test_every_module_a_document_runs_through_is_in_some_stage_fingerprint() -> None:
    import ast

    from pipeline.run.cache import PACKAGE, STAGE_CODE

    covered = [name for names in STAGE_CODE.values() for name in names]
    for entry in ("run/process.py", "run/extraction.py"):
        tree = ast.parse((PACKAGE / entry).read_text(encoding="utf-8"))
        modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
                   and n.module.startswith("pipeline.")}
        for module in modules:
            rel = module.removeprefix("pipeline.").replace(".", "/")
            rel = f"{rel}.py" if (PACKAGE / f"{rel}.py").exists() else rel
            assert any(rel == c or rel.startswith(f"{c}/") or c.startswith(f"{rel}/") for c in covered), \
                f"{module} (imported by {entry}) is in no stage's code fingerprint"
