"""One document through every stage: statuses, offsets that slice the text, failures recorded in one line."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import Settings
from pipeline.errors import DamagedError, ModelError, PipelineError
from pipeline.nlp.build import build_model
from pipeline.run.process import failed_result, process_document
from pipeline.types import DocResult
from tests.paths import SAMPLES, need

TEXT = """Migration and remittances in Moldova

IOM and the Government of the Republic of Moldova work towards SDG target 10.7 on safe, orderly and regular
migration. Reducing the transaction costs of migrant remittances (target 10.c) remains a priority for families
in Italy and Romania.
"""
MARKDOWN = """# Field notes: labour migration

## Findings

Migrant workers in Italy lack labour rights protection, which SDG 8 addresses.

- IOM will support the Ministry of Labour of Moldova.
"""
SAMPLE_PDF = "egm_migration_sdg_meeting_report.pdf"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings naming a freshly built tagger, so process_document loads its tagger from the settings."""
    model = build_model(tmp_path_factory.mktemp("model") / "nexus_tagger")
    return Settings(model=model, ocr=False)


def _check_offsets(result: DocResult) -> None:
    """Every sentence, mention and link slices the document text at its offsets, on a page of the document."""
    doc = result.document
    pages = {p.number for p in doc.pages}
    assert result.sentences and result.mentions
    for s in result.sentences:
        assert doc.text[s.char_start:s.char_end] == s.text and s.page in pages
    for m in result.mentions:
        assert doc.text[m.char_start:m.char_end] == m.text and m.page in pages
    sentence_ids = {s.sentence_id for s in result.sentences}
    for link in result.links:  # the evidence is its pieces of the text (a sentence across a page break, a row's cells)
        assert link.spans and all(doc.text[a:b] in link.evidence for a, b in link.spans)
        assert (link.char_start, link.char_end) == (min(a for a, _ in link.spans), max(b for _, b in link.spans))
        assert link.sentence_id in sentence_ids


def test_text_file(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "moldova.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = process_document(path, settings=settings)
    doc = result.document
    assert (doc.status, doc.error, doc.source, doc.language) == ("ok", "", "moldova.txt", "en")
    assert doc.title == "Migration and remittances in Moldova"
    _check_offsets(result)
    found = {(m.label, m.canonical_id) for m in result.mentions}
    assert {("COUNTRY", "MDA"), ("COUNTRY", "ITA"), ("ORG", "IOM"), ("SDG_TARGET", "SDG:10.7")} <= found
    assert ("remittances", "SDG:10.c", "explicit") in {(l.source_id, l.target_id, l.relation) for l in result.links}
    assert {"extract", "segment", "tag", "link"} <= set(result.timings)


def test_markdown_file_keeps_sections(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "notes.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    result = process_document(path, source="field/notes.md", settings=settings)
    assert result.document.status == "ok" and result.document.source == "field/notes.md"
    _check_offsets(result)
    finding = next(s for s in result.sentences if "labour rights" in s.text)
    assert finding.section == "Findings"
    assert ("COUNTRY", "ITA") in {(m.label, m.canonical_id) for m in result.mentions}


def test_sample_pdf(settings: Settings) -> None:
    path = need(SAMPLES / SAMPLE_PDF)
    result = process_document(path, settings=settings)
    doc = result.document
    assert doc.status == "ok" and len(doc.pages) == 4
    _check_offsets(result)
    assert {m.page for m in result.mentions} > {1}
    assert result.links


def test_a_given_tagger_wins_and_a_missing_model_is_an_error(tmp_path: Path, settings: Settings) -> None:
    from pipeline.tag import load_tagger

    path = tmp_path / "moldova.txt"
    path.write_text(TEXT, encoding="utf-8")
    elsewhere = Settings(model=tmp_path / "absent_model", ocr=False)
    given = process_document(path, settings=elsewhere, nlp=load_tagger(settings))
    assert given.document.status == "ok"
    assert given.mentions == process_document(path, settings=settings).mentions
    with pytest.raises(ModelError, match="absent_model"):  # a setting naming no model is not a document failure
        process_document(path, settings=elsewhere)


@pytest.mark.parametrize(("name", "content", "status"), [
    ("damaged.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage\n", "failed"),
    ("random.bin", bytes(range(256)) * 4, "skipped"),
])
def test_unprocessable_files_become_results_with_a_one_line_error(tmp_path: Path, settings: Settings, name: str,
                                                                  content: bytes, status: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    doc = process_document(path, settings=settings).document
    assert doc.status == status
    assert doc.error and "\n" not in doc.error
    assert doc.text == "" and doc.doc_id


def test_missing_file_is_a_failed_result(tmp_path: Path, settings: Settings) -> None:
    doc = process_document(tmp_path / "absent.pdf", settings=settings).document
    assert doc.status == "failed" and doc.error.startswith("cannot read file") and "\n" not in doc.error


def test_strict_raises_the_error(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.7\ngarbage\n")
    with pytest.raises(PipelineError):
        process_document(path, settings=Settings(model=settings.model, ocr=False, strict=True))


def test_failed_result_is_one_line_and_keeps_the_error_status(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(b"x")
    doc = failed_result(path, source="x.pdf", error=DamagedError("broken\n  xref table")).document
    assert (doc.status, doc.error, doc.source) == ("failed", "broken xref table", "x.pdf")
    skipped = failed_result(path, source="x.pdf", error="too big", status="skipped").document
    assert (skipped.status, skipped.error) == ("skipped", "too big")
    assert failed_result(tmp_path / "gone", source="gone", error="cannot read").document.doc_id
