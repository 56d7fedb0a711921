"""Generate long, report-like documents for scaling checks: PDFs of 100, 400 and 2,000 pages, a 50 MB HTML page and
a large text file.

usage: python scripts/make_large_inputs.py --out DIR [--pages 100,400,2000] [--html-mb 50] [--text-chars N]

The content repeats varied report-like passages (headings, paragraphs naming countries, ministries, IOM/UNDP,
SDG targets such as "target 10.7" and "SDG 8", sums of money, dates, bullet lists, and a table every few pages), so
every stage of the pipeline has work to do on every page. The text file is as large as the ``max_chars`` limit
allows (pipeline.config.DEFAULT_MAX_CHARS, 20 million characters): a larger file would only be truncated there.
Everything is deterministic (a seeded random generator).
"""
from __future__ import annotations

import argparse
import html
import logging
import random
import time
from collections.abc import Iterator
from pathlib import Path

from pipeline.config import DEFAULT_MAX_CHARS

log = logging.getLogger("make_large_inputs")

DEFAULT_PAGES = (100, 400, 2000)
DEFAULT_HTML_MB = 50
SEED = 20240611
PARAGRAPHS_PER_PAGE = 4
TABLE_EVERY_PAGES = 3

COUNTRIES = ("Kenya", "Ethiopia", "Niger", "Senegal", "Guinea", "Haiti", "Mexico", "Guatemala", "Honduras", "Namibia",
             "South Africa", "Morocco", "Tunisia", "Bangladesh", "Nepal", "the Philippines", "Côte d'Ivoire", "Mali")
MINISTRIES = ("Ministry of Labour and Social Protection", "Ministry of Foreign Affairs", "Ministry of the Interior",
              "Ministry of Health", "National Statistics Office", "Ministry of Gender, Children and Social Welfare",
              "Department of Home Affairs", "Directorate of Immigration Services")
ORGS = ("IOM", "UNDP", "UNHCR", "ILO", "UNICEF", "UN Women", "the European Union", "the World Bank", "UNODC")
TARGETS = ("target 10.7", "target 10.c", "target 8.8", "target 17.18", "target 5.2", "target 16.2", "SDG target 8.7",
           "target 16.9", "target 3.8", "target 1.3")
GOALS = ("SDG 8", "SDG 10", "SDG 5", "SDG 16", "SDG 17", "Goal 3", "SDG 1", "SDG 13")
THEMES = ("labour migration", "remittances", "return and reintegration", "counter-trafficking", "diaspora engagement",
          "migration data", "border management", "climate mobility", "migrant health", "social protection")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
VERBS = ("strengthened", "supported", "assessed", "reviewed", "piloted", "expanded", "documented", "coordinated")
OUTCOMES = ("the capacity of national authorities", "the collection of disaggregated data", "referral mechanisms",
            "access to decent work", "the protection of migrant workers", "community-based reintegration",
            "the lowering of recruitment costs", "cross-border cooperation")
HEADINGS = ("Background", "Context and rationale", "Findings on relevance", "Findings on effectiveness",
            "Efficiency", "Sustainability", "Coherence", "Lessons learned", "Recommendations", "Methodology",
            "Cross-cutting issues", "Results framework")


def _money(rng: random.Random) -> str:
    amount = rng.choice(("USD {:,}".format(rng.randrange(10_000, 9_000_000, 500)), f"EUR {rng.randint(1, 40)} million",
                         f"US${rng.randint(2, 900)},000", f"{rng.randint(1, 25)}.{rng.randint(0, 9)} million dollars"))
    return amount


def _date(rng: random.Random) -> str:
    return rng.choice((f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2015, 2024)}",
                       f"{rng.choice(MONTHS)} {rng.randint(2015, 2024)}", f"{rng.randint(2016, 2023)}–{rng.randint(2024, 2030)}"))


def paragraph(rng: random.Random) -> str:
    """One report-like paragraph of three to five sentences."""
    c1, c2 = rng.sample(COUNTRIES, 2)
    sentences = [
        f"In {c1}, {rng.choice(ORGS)} and the {rng.choice(MINISTRIES)} {rng.choice(VERBS)} {rng.choice(OUTCOMES)} "
        f"under {rng.choice(TARGETS)} and {rng.choice(GOALS)}.",
        f"The project, funded with {_money(rng)} between {_date(rng)} and {_date(rng)}, focused on "
        f"{rng.choice(THEMES)} and {rng.choice(THEMES)} in {c2}.",
        f"According to the evaluation team (e.g. interviews with {rng.randint(12, 240)} stakeholders), progress "
        f"towards {rng.choice(TARGETS)} was uneven, notably for women and youth.",
        f"{rng.choice(ORGS)} reported that {rng.randint(2, 95)} per cent of beneficiaries in {c1} found work within "
        f"six months; see also SDG indicator 10.7.{rng.randint(1, 4)}.",
        f"On {_date(rng)} the steering committee agreed to align the workplan with the Global Compact for Safe, "
        f"Orderly and Regular Migration and {rng.choice(GOALS)}.",
        f"Codes such as 10.7, 8.8 and 17.{rng.randint(1, 19)} were reported in the annual report of {_date(rng)}.",
    ]
    rng.shuffle(sentences)
    return " ".join(sentences[:rng.randint(3, 5)])


def bullets(rng: random.Random) -> list[str]:
    """Three to five bullet items."""
    return [f"{rng.choice(VERBS).capitalize()} {rng.choice(OUTCOMES)} in {rng.choice(COUNTRIES)} "
            f"({rng.choice(TARGETS)}); budget {_money(rng)}." for _ in range(rng.randint(3, 5))]


def table_rows(rng: random.Random) -> list[list[str]]:
    """A header row and four to six rows of an indicator table."""
    rows = [["Indicator", "Country", "Baseline", "Target", "SDG"]]
    for _ in range(rng.randint(4, 6)):
        rows.append([f"Number of migrants assisted ({rng.choice(THEMES)})", rng.choice(COUNTRIES),
                     str(rng.randint(0, 500)), str(rng.randint(500, 5000)), rng.choice(TARGETS)])
    return rows


def sections(rng: random.Random, pages: int) -> Iterator[tuple[str, str, object]]:
    """(kind, heading-or-empty, content) items for about ``pages`` pages: headings, paragraphs, bullets, tables."""
    for page in range(1, pages + 1):
        yield "heading", f"{page}. {rng.choice(HEADINGS)}", None
        for i in range(PARAGRAPHS_PER_PAGE - 1):
            yield "paragraph", "", paragraph(rng)
            if i == 0 and page % 2:
                yield "bullets", "", bullets(rng)
        if page % TABLE_EVERY_PAGES == 0:
            yield "table", "", table_rows(rng)
        else:
            yield "paragraph", "", paragraph(rng)
        yield "pagebreak", "", None


def write_pdf(path: Path, pages: int, rng: random.Random) -> int:
    """A PDF of exactly ``pages`` pages (one content page each, page breaks forced); returns its page count."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import ListFlowable, ListItem, PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    body, head = styles["BodyText"], styles["Heading2"]
    cell = styles["BodyText"].clone("cell", fontSize=7, leading=8)
    story: list = [Paragraph("Final Evaluation of the Regional Labour Mobility Programme", styles["Title"]),
                   Paragraph(f"Synthetic report of {pages} pages for scaling checks", body)]
    for kind, heading, content in sections(rng, pages):
        if kind == "heading":
            story.append(Paragraph(html.escape(heading), head))
        elif kind == "paragraph":
            story.append(Paragraph(html.escape(str(content)), body))
        elif kind == "bullets":
            story.append(ListFlowable([ListItem(Paragraph(html.escape(b), body)) for b in content],  # type: ignore[union-attr]
                                      bulletType="bullet"))
        elif kind == "table":
            data = [[Paragraph(html.escape(v), cell) for v in row] for row in content]  # type: ignore[union-attr]
            table = Table(data, colWidths=[6 * cm, 3 * cm, 2 * cm, 2 * cm, 3 * cm])
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey)]))
            story.append(table)
        elif kind == "pagebreak":
            story.append(PageBreak())
    story.pop()  # no blank page at the end

    def footer(canvas, doc) -> None:  # noqa: ANN001 - reportlab's callback signature
        canvas.setFont("Helvetica", 8)
        canvas.drawString(2 * cm, 1.2 * cm, f"Regional Labour Mobility Programme – page {doc.page}")

    doc = SimpleDocTemplate(str(path), pagesize=A4, title="Final Evaluation of the Regional Labour Mobility Programme")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return doc.page


def html_chunks(rng: random.Random) -> Iterator[str]:
    """Endless HTML body content: sections with headings, paragraphs, lists and tables."""
    for kind, heading, content in sections(rng, 10 ** 9):
        if kind == "heading":
            yield f"<h2>{html.escape(heading)}</h2>\n"
        elif kind == "paragraph":
            yield f"<p>{html.escape(str(content))}</p>\n"
        elif kind == "bullets":
            yield "<ul>" + "".join(f"<li>{html.escape(b)}</li>" for b in content) + "</ul>\n"  # type: ignore[union-attr]
        elif kind == "table":
            rows = content  # type: ignore[assignment]
            yield ("<table><tr>" + "".join(f"<th>{html.escape(v)}</th>" for v in rows[0]) + "</tr>"  # type: ignore[index]
                   + "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>"
                             for row in rows[1:]) + "</table>\n")  # type: ignore[index]


def write_html(path: Path, megabytes: float, rng: random.Random) -> int:
    """One HTML page of about ``megabytes`` MB; returns its size in bytes."""
    limit = int(megabytes * 1_000_000)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>Regional Labour Mobility Programme: "
                 "final evaluation</title></head>\n<body>\n<h1>Final Evaluation of the Regional Labour Mobility "
                 "Programme</h1>\n")
        for chunk in html_chunks(rng):
            fh.write(chunk)
            if fh.tell() >= limit:
                break
        fh.write("</body></html>\n")
    return path.stat().st_size


def write_text(path: Path, chars: int, rng: random.Random) -> int:
    """A plain-text report of about ``chars`` characters (headings, paragraphs, bullets, tab-separated tables), one
    page (no form feeds)."""
    written = 0
    with path.open("w", encoding="utf-8") as fh:
        for kind, heading, content in sections(rng, 10 ** 9):
            if kind == "heading":
                piece = f"{heading.upper()}\n\n"
            elif kind == "paragraph":
                piece = f"{content}\n\n"
            elif kind == "bullets":
                piece = "".join(f"- {b}\n" for b in content) + "\n"  # type: ignore[union-attr]
            elif kind == "table":
                piece = "".join("\t".join(row) + "\n" for row in content) + "\n"  # type: ignore[union-attr]
            else:
                piece = ""  # no form feeds: a page each would pass max_pages long before max_chars
            fh.write(piece)
            written += len(piece)
            if written >= chars:
                break
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="folder for the generated files")
    parser.add_argument("--pages", default=",".join(map(str, DEFAULT_PAGES)), help="PDF page counts (comma-separated)")
    parser.add_argument("--html-mb", type=float, default=DEFAULT_HTML_MB, help="size of the HTML page (0: none)")
    parser.add_argument("--text-chars", type=int, default=DEFAULT_MAX_CHARS,
                        help="characters of the text file (default: the max_chars limit; 0: none)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args.out.mkdir(parents=True, exist_ok=True)
    for pages in (int(p) for p in args.pages.split(",") if p.strip()):
        t0 = time.perf_counter()
        path = args.out / f"report_{pages}p.pdf"
        made = write_pdf(path, pages, random.Random(SEED + pages))
        log.info("%s: %d pages, %.1f MB (%.0f s)", path, made, path.stat().st_size / 1e6, time.perf_counter() - t0)
    if args.html_mb > 0:
        path = args.out / f"report_{args.html_mb:g}mb.html"
        size = write_html(path, args.html_mb, random.Random(SEED))
        log.info("%s: %.1f MB", path, size / 1e6)
    if args.text_chars > 0:
        path = args.out / "report_large.txt"
        chars = write_text(path, args.text_chars, random.Random(SEED + 1))
        log.info("%s: %d characters, %.1f MB", path, chars, path.stat().st_size / 1e6)


if __name__ == "__main__":
    main()
