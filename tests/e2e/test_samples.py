"""The sample corpus: present, up to date with scripts/make_samples.py, deterministic, and laid out as promised."""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pdfplumber
import pytest
from rapidfuzz.distance import Levenshtein
from tests.paths import ROOT

REPO = ROOT
SAMPLES = REPO / "corpora" / "sample"
SCRIPT = REPO / "scripts" / "make_samples.py"
EGM = "egm_migration_sdg_meeting_report.pdf"
PROGRESS = "progress_report_labour_mobility.pdf"
SAMPLE_NAMES = (
    EGM, PROGRESS, "vnr_excerpt_remittances.docx", "gcm_review_brief.html", "notes.md", "nota_remesas_es.txt",
)
EGM_HEADER = "Expert Group Meeting on Migration and the 2030 Agenda — Summary report"
PAGE_NUMBER_RE = re.compile(r"^Page \d+ of \d+$")
WORD_RE = re.compile(r"\w+")
RUNNING_TOP = 60.0  # pt from the top: running headers sit above this line
RUNNING_BOTTOM = 50.0  # pt from the bottom: footers sit below this line


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_samples", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def _similarity(a: str, b: str) -> float:
    """Word-sequence similarity (1.0 = same words in the same order)."""
    vocab: dict[str, int] = {}
    ai = [vocab.setdefault(w, len(vocab)) for w in WORD_RE.findall(a.lower())]
    bi = [vocab.setdefault(w, len(vocab)) for w in WORD_RE.findall(b.lower())]
    return Levenshtein.normalized_similarity(ai, bi)


def _truth(name: str) -> str:
    return (SAMPLES / name).with_suffix(".truth").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two fresh runs of the script into temporary folders."""
    module = _script()
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    module.write_all(first)
    module.write_all(second)
    return first, second


def test_every_sample_has_a_truth_text_and_the_readme_lists_it() -> None:
    readme = (SAMPLES.parent / "README.md").read_text(encoding="utf-8")
    for name in SAMPLE_NAMES:
        assert (SAMPLES / name).is_file(), name
        assert _truth(name).strip(), name
        assert f"`{name}`" in readme, name


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_script_is_deterministic_and_matches_committed_files(fresh: tuple[Path, Path], name: str) -> None:
    first, second = fresh
    assert (first / name).read_bytes() == (second / name).read_bytes()
    truth = Path(name).with_suffix(".truth").name
    assert (first / truth).read_text(encoding="utf-8") == _truth(name)
    if name.endswith(".pdf"):  # the PDF bytes depend on the reportlab version; the words must not
        with pdfplumber.open(first / name) as new, pdfplumber.open(SAMPLES / name) as old:
            assert [p.extract_text() for p in new.pages] == [p.extract_text() for p in old.pages]
    else:
        assert (first / name).read_bytes() == (SAMPLES / name).read_bytes()


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_truth_texts_hold_no_running_furniture(name: str) -> None:
    truth = _truth(name)
    assert EGM_HEADER not in truth
    assert not any(PAGE_NUMBER_RE.match(line) for line in truth.splitlines())
    assert "\n\n\n" not in truth and truth.endswith("\n") and not truth.endswith("\n\n")


def _body(page: pdfplumber.page.Page) -> pdfplumber.page.Page:
    return page.crop((0, RUNNING_TOP, page.width, page.height - RUNNING_BOTTOM))


def _stream_text(page: pdfplumber.page.Page) -> str:
    """The page's characters in content-stream (drawing) order, a line break wherever the baseline changes."""
    out: list[str] = []
    last_top = None
    for char in page.chars:
        if last_top is not None and abs(char["top"] - last_top) > 1.0:
            out.append("\n")
        out.append(char["text"])
        last_top = char["top"]
    return "".join(out)


ANNEX_HEADING = "Programme of work"


def test_egm_layout_defeats_drawing_order_but_not_column_order() -> None:
    truth = _truth(EGM)
    with pdfplumber.open(SAMPLES / EGM) as pdf:
        assert 3 <= len(pdf.pages) <= 4
        n = len(pdf.pages)
        naive, by_column, stream = [], [], []
        for page in pdf.pages:
            top_lines = (page.crop((0, 0, page.width, RUNNING_TOP)).extract_text() or "").splitlines()
            bottom = page.crop((0, page.height - RUNNING_BOTTOM, page.width, page.height)).extract_text() or ""
            assert top_lines == [EGM_HEADER]
            assert bottom.strip() == f"Page {page.page_number} of {n}"
            body = _body(page)
            naive.append(body.extract_text())
            stream.append(_stream_text(body))
            words = body.extract_words(extra_attrs=["size"])
            footnote_top = min((w["top"] for w in words if w["size"] < 9 and w["top"] > page.height * 0.7),
                               default=page.height - RUNNING_BOTTOM)
            title_bottom = max((w["bottom"] for w in words if w["size"] > 12), default=RUNNING_TOP)
            if page.page_number == 1:  # the subtitle is the italic full-width block under the title
                subtitle = [w for w in words if w["top"] > title_bottom and w["size"] > 10.9 and w["size"] < 11.1]
                title_bottom = max((w["bottom"] for w in subtitle), default=title_bottom)
                by_column.append(page.crop((0, RUNNING_TOP, page.width, title_bottom + 1)).extract_text())
            else:
                title_bottom = RUNNING_TOP
            middle = page.width / 2
            if ANNEX_HEADING in naive[-1]:  # the full-width annex (the programme of work) is read across the page
                by_column.append(naive[-1])
                continue
            by_column.append(page.crop((0, title_bottom + 1, middle, footnote_top - 1)).extract_text())
            by_column.append(page.crop((middle, title_bottom + 1, page.width, footnote_top - 1)).extract_text())
            by_column.append(page.crop((0, footnote_top - 1, page.width, page.height - RUNNING_BOTTOM)).extract_text())
    assert _similarity("\n".join(naive), truth) < 0.5  # top-to-bottom lines interleave the columns
    assert _similarity("\n".join(stream), truth) < 0.5  # so does the drawing order
    assert _similarity("\n".join(by_column), truth) > 0.9  # the truth text is the column order


def test_egm_has_a_shaded_callout_box_and_footnotes() -> None:
    with pdfplumber.open(SAMPLES / EGM) as pdf:
        filled = [
            r for p in pdf.pages for r in p.rects if r["fill"] and r["non_stroking_color"] not in (None, (1, 1, 1))
        ]
        assert len(filled) == 1
        box = filled[0]
        assert box["x1"] - box["x0"] < pdf.pages[0].width / 2  # one column wide
        text = "".join(pdf.pages[0].extract_text() + p.extract_text() for p in pdf.pages[1:])
    assert "Key messages" in text
    assert "1 See the progress declaration" in text and "2 Figures provided by" in text


def test_progress_report_tables_and_numbered_outputs() -> None:
    with pdfplumber.open(SAMPLES / PROGRESS) as pdf:
        assert 4 <= len(pdf.pages) <= 6
        tables = [t for p in pdf.pages for t in p.extract_tables()]
        text = "\n".join(p.extract_text() for p in pdf.pages)
    key_values = {row[0]: " ".join(row[1].split()) for row in tables[0]}
    assert key_values["Budget"] == "USD 822,771"
    assert key_values["Period"] == "1 February 2014 – 31 January 2015"
    assert key_values["Countries"] == "Republic of Moldova, Kyrgyz Republic, Tajikistan"
    funding = tables[2]  # after the key-value table and the results framework (Table 1)
    assert len(funding) == 7 and all(len(row) == 4 for row in funding)
    assert funding[-1] == ["Total", "822,771", "611,208", "74.3"]
    for marker in ("Output 1.2:", "Outcome 2:", "3.2 Kyrgyz Republic", "$822,771"):
        assert marker in text


def test_spanish_note_is_cp1252_with_a_form_feed() -> None:
    data = (SAMPLES / "nota_remesas_es.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert data.count(b"\f") == 1 and "México".encode("cp1252") in data
