"""UN document symbol and year read off the front pages."""
from __future__ import annotations

from pipeline.document.metadata import detect_symbol, detect_year
from pipeline.types import Block, Document, Page


def _doc(pages: list[list[str]], furniture: list[tuple[str, ...]] | None = None,
         kinds: dict[str, str] | None = None) -> Document:
    built, parts, cursor = [], [], 0
    for number, texts in enumerate(pages, start=1):
        blocks = []
        for i, text in enumerate(texts):
            blocks.append(Block("d", f"b{number}{i}", number, (kinds or {}).get(text, "text"), cursor,
                                cursor + len(text), text))
            parts.append(text)
            cursor += len(text) + 2
        extra = furniture[number - 1] if furniture and number <= len(furniture) else ()
        built.append(Page("d", number, 600, 800, blocks[0].char_start if blocks else cursor, cursor, tuple(blocks),
                          furniture=extra))
    return Document("d", "x.pdf", "x.pdf", "\n\n".join(parts), tuple(built))


def test_symbol_from_the_running_header() -> None:
    doc = _doc([["United Nations", "General Assembly"], ["Recalling its resolutions"]],
               furniture=[("A/RES/78/217",), ("A/RES/78/217", "Protection of migrants", "2/14")])
    assert detect_symbol(doc) == "A/RES/78/217"


def test_symbol_from_a_masthead_line_and_committee_symbols() -> None:
    assert detect_symbol(_doc([["Pakistan: draft resolution", "A/C.1/80/L.6", "Distr.: Limited"]])) == "A/C.1/80/L.6"
    assert detect_symbol(_doc([["x"]], furniture=[("A/C.3/80/L.18", "8")])) == "A/C.3/80/L.18"
    assert detect_symbol(_doc([["E/2024/15"]])) == "E/2024/15"
    assert detect_symbol(_doc([["A/HRC/RES/52/1"]])) == "A/HRC/RES/52/1"


def test_symbols_cited_in_running_text_are_not_the_documents_own() -> None:
    doc = _doc([["[on the report of the Third Committee (A/78/481/Add.2, para. 139)]", "CENTRALIZED ES/2019/07"]])
    assert detect_symbol(doc) == ""


def test_year_from_the_distribution_line_first() -> None:
    doc = _doc([["Recalling its resolution 58/208 of 23 December 2003", "General Assembly Distr.: General 22 December 2023"]])
    assert detect_year(doc) == 2023


def test_year_from_a_dated_running_header() -> None:
    doc = _doc([["LINEAMIENTOS Generales para la expedición de visas"]], furniture=[("Viernes 25 de julio de 2025",)])
    assert detect_year(doc) == 2025


def test_year_from_a_cover_date_or_a_lone_year() -> None:
    assert detect_year(_doc([["FINAL INTERNAL EVALUATION", "Juillet, 2021"]])) == 2021
    assert detect_year(_doc([["Final Evaluation Report February 2022"]])) == 2022
    assert detect_year(_doc([["2019", "South Africa Voluntary National Review"]])) == 2019
    assert detect_year(_doc([["Report", "x"]], furniture=[("Namibia SDGs VNR Report 2021 | i",)])) == 2021


def test_plan_target_years_and_missing_dates_give_no_year() -> None:
    assert detect_year(_doc([["TOWARDS AGENDA 2030"]], furniture=[("NAMIBIA’S VISION 2030",)])) is None
    assert detect_year(_doc([["EQUALITY: WHY IT MATTERS"]])) is None


def test_management_response_title_year_line() -> None:
    doc = _doc([["Evaluation title/year: Final Evaluation of the EU-IOM Joint Initiative in the Horn of Africa, 2023"]])
    assert detect_year(doc) == 2023
