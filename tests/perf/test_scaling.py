"""Tagging and segmenting cost linear in a document's length: a text four times as long takes at most about
four times as long (per character, at most SLACK times the shorter text's cost).

The texts are synthetic report pages built in memory (no PDF): headings, paragraphs naming countries, ministries
and organisations, SDG cues ("target 10.7", "SDG 8") and bare codes ("(10.7)") the SDG finder must check against
the cues found before them, abbreviations and initials that hold a sentence open. Each size is timed twice and the
faster run kept (the machine may be shared).
"""
from __future__ import annotations

import random
import time
from collections.abc import Callable

import pytest

from pipeline.config import Settings
from pipeline.document.assemble import assemble
from pipeline.document.segment import segment
from pipeline.extract.base import Extracted
from pipeline.tag import load_tagger, tag_text
from pipeline.types import RawBlock, RawPage

SMALL_PAGES = 40
LARGE_PAGES = 4 * SMALL_PAGES
SLACK = 2.0
"""Largest accepted ratio of the long text's time per character to the short one's."""
MIN_SECONDS = 0.02
"""Below this the short text's time is mostly noise; the test is skipped rather than judged."""
RUNS = 2

COUNTRIES = ("Kenya", "Niger", "Senegal", "Haiti", "Mexico", "Namibia", "South Africa", "Nepal", "Mali")
BODIES = ("the Ministry of Labour and Social Protection", "the Ministry of Foreign Affairs",
          "the National Statistics Office", "IOM", "UNDP", "UNHCR", "the International Labour Organization")
TARGETS = ("10.7", "8.8", "17.18", "5.2", "16.2", "8.7", "10.c", "3.8")
INDICATORS = ("10.7.1", "10.7.2", "8.8.1", "8.8.2", "17.18.1", "5.2.1", "16.2.2", "8.7.1", "10.c.1", "3.8.1")


def _paragraph(rng: random.Random) -> str:
    c1, c2 = rng.sample(COUNTRIES, 2)
    t1, t2 = rng.sample(TARGETS, 2)
    return " ".join((
        f"In {c1}, {rng.choice(BODIES)} and {rng.choice(BODIES)} supported referral mechanisms under target {t1} "
        f"and SDG {rng.randint(1, 17)}.",
        f"Progress on migration governance ({t2}) was reported for {c2}, e.g. by Mr. J. Smith and Dr. K. Jones "
        f"of {rng.choice(BODIES)}.",
        f"The project received USD {rng.randint(1, 900)},000 on {rng.randint(1, 28)} March {rng.randint(2016, 2024)}, "
        f"in line with targets {t1} and {t2} of the 2030 Agenda.",
        f"Indicators {', '.join(rng.sample(INDICATORS, 6))} and targets {', '.join(rng.sample(TARGETS, 5))} were "
        "monitored.",
    ))


def _pages(count: int) -> list[list[RawBlock]]:
    """``count`` report pages of blocks; every tenth page holds a long list of names (one block, no sentence end)."""
    rng = random.Random(count)
    pages = []
    for number in range(1, count + 1):
        blocks = [RawBlock(kind="heading", text=f"{number}. Findings on effectiveness")]
        blocks += [RawBlock(kind="text", text=_paragraph(rng)) for _ in range(5)]
        if number % 10 == 0:
            blocks.append(RawBlock(kind="text", text="Mr. J. Smith and Dr. K. Jones, " * (number * 2)))
        pages.append(blocks)
    return pages


def _document(count: int):  # noqa: ANN202 - a pipeline.types.Document
    pages = tuple(RawPage(number=i, width=0.0, height=0.0, blocks=tuple(blocks))
                  for i, blocks in enumerate(_pages(count), start=1))
    return assemble(Extracted(pages=pages, title="", notes=()), doc_id="perf", source="perf.txt", path="perf.txt")


def _best_seconds(work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(RUNS):
        t0 = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - t0)
    return best


def _assert_linear(work: Callable[[object], object], small: object, large: object, small_chars: int,
                   large_chars: int, what: str) -> None:
    t_small = _best_seconds(lambda: work(small))
    if t_small < MIN_SECONDS:
        pytest.skip(f"{what}: {t_small:.4f} s for the short text is too short to judge")
    t_large = _best_seconds(lambda: work(large))
    ratio = (t_large / large_chars) / (t_small / small_chars)
    assert ratio <= SLACK, (f"{what} is superlinear: {t_small:.2f} s for {small_chars} chars, {t_large:.2f} s for "
                            f"{large_chars} chars ({ratio:.1f}x the time per char)")


@pytest.fixture(scope="module")
def documents():  # noqa: ANN201
    return _document(SMALL_PAGES), _document(LARGE_PAGES)


def test_tagging_time_is_linear_in_length(documents) -> None:  # noqa: ANN001
    nlp = load_tagger(Settings(db=None))
    small, large = documents
    tag_text("warm up: target 10.7 of SDG 10 in Kenya.", nlp=nlp)
    _assert_linear(lambda doc: tag_text(doc.text, nlp=nlp), small, large, len(small.text), len(large.text),
                   "tagging")


def test_segmenting_time_is_linear_in_length(documents) -> None:  # noqa: ANN001
    small, large = documents
    _assert_linear(segment, small, large, len(small.text), len(large.text), "segmenting")


def test_huge_html_page_is_read_from_its_markup(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """A page over MAIN_CONTENT_MAX_BYTES skips trafilatura (2.5 s a MB) for the lxml walker, and says so."""
    from pipeline.extract import html as html_extract

    page = tmp_path / "page.html"
    page.write_text("<html><body><nav>Menu</nav><h1>Report</h1>"
                    + "".join(f"<p>Paragraph {i} on target 10.7 in Kenya.</p>" for i in range(50))
                    + "</body></html>", encoding="utf-8")
    monkeypatch.setattr(html_extract, "MAIN_CONTENT_MAX_BYTES", 100)
    monkeypatch.setattr(html_extract, "_trafilatura_blocks", lambda root: pytest.fail("trafilatura was called"))
    extracted = html_extract.extract_html(page)
    texts = [b.text for b in extracted.pages[0].blocks]
    assert texts[0] == "Report" and texts[1] == "Paragraph 0 on target 10.7 in Kenya." and "Menu" not in texts
    assert any("without boilerplate" in note for note in extracted.notes)
