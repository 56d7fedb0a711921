"""Language, document kind and title by explainable rules."""
from pipeline.document.detect import detect_kind, detect_language, detect_title, guess_title
from pipeline.document.title import title_like, typographic_title
from pipeline.types import Block, Document, Page

EN = "The Government of the Republic reported that the number of migrants has increased and that this is due to labour."
FR = "Le gouvernement de la République a indiqué que le nombre des migrants est en hausse et que cette hausse est due au travail."
ES = "El gobierno de la República informó que el número de los migrantes ha aumentado y que esto se debe a la migración laboral."


def test_language_by_function_words() -> None:
    assert detect_language(EN * 2) == "en"
    assert detect_language(FR * 2) == "fr"
    assert detect_language(ES * 2) == "es"
    assert detect_language("SDG 10.7 — 2030") == "und"


def test_kind_from_title_and_front_matter_not_later_mentions() -> None:
    assert detect_kind("Namibia's second Voluntary National Review\n" + EN * 10) == "vnr"
    assert detect_kind(EN * 10, title="Final Evaluation of the Migrant Protection Project") == "evaluation"
    assert detect_kind("Resolution adopted by the General Assembly on 19 December 2024\n" + EN * 5) == "resolution"
    assert detect_kind("Expert Group Meeting on Migration: summary report\n" + EN * 5) == "meeting_report"
    assert detect_kind("Annual Progress Report 2014\nReporting period: 2014. Output 1: policies.\n" + EN * 5) == "progress_report"
    # a methodology note that only talks about VNRs deep in its body is not one
    assert detect_kind(EN * 40 + " The tool reads the latest VNR. Most VNRs are in English; compare two VNRs.") == "other"


def test_title_prefers_meaningful_metadata() -> None:
    assert guess_title("Some Report Title Here\nbody", fallback="Microsoft Word - draft.docx") == "Some Report Title Here"
    assert guess_title("x", fallback="Migration and Development Report") == "Migration and Development Report"


# -- title from the page's typography ------------------------------------------------------------------------


def _doc(*pages: list[tuple[str, float] | tuple[str, float, str]], furniture: tuple[str, ...] = ()) -> Document:
    """A document whose pages hold blocks given as (text, size[, kind])."""
    built, parts, cursor = [], [], 0
    for number, blocks in enumerate(pages, start=1):
        page_blocks = []
        for i, spec in enumerate(blocks):
            text, size = spec[0], spec[1]
            kind = spec[2] if len(spec) > 2 else "text"
            page_blocks.append(Block("d", f"b{number}-{i}", number, kind, cursor, cursor + len(text), text,
                                     bbox=(0, 10.0 * i, 100, 10.0 * i + 9), size=size))
            parts.append(text)
            cursor += len(text) + 2
        built.append(Page("d", number, 600, 800, page_blocks[0].char_start if page_blocks else cursor, cursor,
                          tuple(page_blocks), furniture=furniture))
    return Document("d", "x.pdf", "x.pdf", "\n\n".join(parts), tuple(built))


def test_title_is_the_largest_first_page_text_with_its_lines() -> None:
    doc = _doc([("ENHANCING THE CAPACITY TO MAINSTREAM", 22.1, "heading"), ("ENVIRONMENT AND CLIMATE CHANGE", 22.1),
                ("FINAL INTERNAL EVALUATION", 16.1), ("June, 2022", 10.1), ("Body text of the report. " * 20, 10.0)])
    assert typographic_title(doc) == "ENHANCING THE CAPACITY TO MAINSTREAM ENVIRONMENT AND CLIMATE CHANGE"


def test_title_beats_a_stale_metadata_title() -> None:
    doc = _doc([("SUPPORTING AN E-RESIDENCE PLATFORM IN CABO VERDE", 28.1), ("Body text here. " * 30, 10.0)])
    assert detect_title(doc, metadata="ENHANCING THE CAPACITY TO MAINSTREAM") == \
        "SUPPORTING AN E-RESIDENCE PLATFORM IN CABO VERDE"


def test_a_body_size_line_does_not_join_the_title() -> None:
    doc = _doc([("Violence against women migrant workers", 12.0), ("The General Assembly,", 10.0),
                ("Recalling all of its previous resolutions on violence against women. " * 10, 10.0)])
    assert typographic_title(doc) == "Violence against women migrant workers"


def test_un_masthead_labels_and_the_resolution_heading() -> None:
    doc = _doc([("United Nations", 14.0, "heading"), ("General Assembly Distr.: General 22 December 2023", 20.0),
                ("Seventy-eighth session Agenda item 71 (b)", 10.0),
                ("Resolution adopted by the General Assembly on 19 December 2023", 14.0),
                ("78/217. Protection of migrants", 12.0), ("The General Assembly,", 10.0)])
    assert typographic_title(doc) == "Protection of migrants"


def test_gazette_instrument_opening_is_the_title() -> None:
    doc = _doc([("PODER EJECUTIVO", 14.0), ("SECRETARIA DE GOBERNACION", 14.0),
                ("LINEAMIENTOS Generales para la expedición de visas que emiten las secretarías.", 9.0),
                ("Al margen un sello con el Escudo Nacional. " * 10, 9.0)])
    assert typographic_title(doc).startswith("LINEAMIENTOS Generales para la expedición de visas")


def test_bylines_dates_and_tables_of_contents_are_not_titles() -> None:
    assert not title_like("9th July 2025 Author: Neil Dillon, Data Conscious Ltd")
    assert not title_like("Juillet, 2021")
    assert not title_like("1. Overview of Regional Data Hubs ......................... 2")
    assert not title_like("Indonesia and Philippines: draft resolution")
    assert title_like("Local Authorities Network for Migration and Development")


def test_a_first_page_laid_out_as_a_table_gives_its_first_cell_less_the_banner() -> None:
    cells = (("EVALUATION BRIEF FINAL EVALUATION OF THE PROJECT “LOCAL AUTHORITIES NETWORK”", "March 2022"),
             ("This brief presents a summary", "Project partners: CeSPI"), ("Evaluation type", "purpose"),
             ("Project summary", "information"))
    text = "\n".join(" | ".join(row) for row in cells)
    table = Block("d", "t", 1, "table", 0, len(text), text, bbox=(0, 0, 600, 800), cells=cells)
    doc = Document("d", "x.pdf", "x.pdf", text, (Page("d", 1, 600, 800, 0, len(text), (table,)),))
    assert typographic_title(doc) == "FINAL EVALUATION OF THE PROJECT “LOCAL AUTHORITIES NETWORK”"


def test_a_small_title_table_is_read_in_line_order() -> None:
    text = "EVALUATION OF THE IOM MIGRATION |\nCase Study: East Africa | DATA STRATEGY 2020-2025"
    boxes = ((0, 31, (90.0, 270.0, 510.0, 287.0)), (34, 57, (85.0, 343.0, 516.0, 364.0)),
             (60, 83, (150.0, 304.0, 445.0, 321.0)))
    table = Block("d", "t", 1, "table", 0, len(text), text, bbox=(80, 270, 520, 370),
                  cells=(("EVALUATION OF THE IOM MIGRATION", ""), ("Case Study: East Africa", "DATA STRATEGY 2020-2025")),
                  line_boxes=boxes)
    byline = Block("d", "b", 1, "heading", len(text) + 2, len(text) + 40, "9th July 2025 Author: Neil Dillon",
                   size=16.0)
    doc = Document("d", "x.pdf", "x.pdf", text, (Page("d", 1, 600, 800, 0, len(text) + 40, (table, byline)),))
    assert typographic_title(doc) == "EVALUATION OF THE IOM MIGRATION DATA STRATEGY 2020-2025 Case Study: East Africa"


def test_ocr_pages_use_line_box_heights() -> None:
    small = Block("d", "a", 1, "text", 0, 10, "April 2023 report draft", line_boxes=((0, 10, (0, 0, 50, 12)),))
    big = Block("d", "b", 1, "text", 12, 40, "Nigeria: Strengthening Reintegration",
                line_boxes=((0, 8, (0, 20, 50, 46)), (9, 36, (60, 20, 200, 47))))
    doc = Document("d", "x.pdf", "x.pdf", "x" * 40, (Page("d", 1, 600, 800, 0, 40, (small, big), ocr=True),))
    assert typographic_title(doc) == "Nigeria: Strengthening Reintegration"


def test_without_typography_the_metadata_or_first_line_is_used() -> None:
    doc = Document("d", "x.docx", "x.docx", "Annual report of the programme\nbody", ())
    assert detect_title(doc, metadata="Migration and Development Report") == "Migration and Development Report"
    assert detect_title(doc) == "Annual report of the programme"


def test_kinds_for_laws_and_management_responses() -> None:
    assert detect_kind("LEY DE MIGRACIÓN\nNueva Ley publicada en el Diario Oficial de la Federación. Artículo 1. "
                       + ES * 5, title="Ley de Migración") == "law"
    assert detect_kind("Management Response Matrix\nEvaluation title/year: Final Evaluation of the project, 2023. "
                       "Key actions. Responsible unit.\n" + EN * 5, title="Management Response Matrix") \
        == "management_response"
    assert detect_kind("Final Evaluation Report\n" + EN * 10, title="Final Evaluation of the Project") == "evaluation"


def test_a_main_committee_draft_is_titled_by_its_draft_not_the_committee() -> None:
    doc = _doc([("United Nations", 14.0, "heading"), ("General Assembly Distr.: Limited 30 October 2025", 20.0),
                ("First Committee", 16.0, "heading"), ("Agenda item 99", 10.0),
                ("Indonesia: draft resolution", 10.0), ("Relationship between disarmament and development", 12.0),
                ("The General Assembly,", 10.0), ("Recalling its previous resolutions on the subject. " * 8, 10.0)])
    assert typographic_title(doc) == "Relationship between disarmament and development"


def test_an_evaluation_brief_is_titled_by_the_lines_under_its_banner() -> None:
    doc = _doc([("EVALUATION BRIEF June, 2022", 26.0, "heading"),
                ("FINAL EVALUATION OF THE PROJECT: ENHANCING THE CAPACITY TO", 12.0, "heading"),
                ("MAINSTREAM CLIMATE CHANGE IN WEST AFRICA", 11.0, "heading"),
                ("This evaluation brief presents a summary of the key findings.", 11.0, "callout"),
                ("PROJECT SUMMARY", 16.0, "heading"), ("Body text of the brief. " * 30, 10.0)])
    assert typographic_title(doc) == ("FINAL EVALUATION OF THE PROJECT: ENHANCING THE CAPACITY TO MAINSTREAM CLIMATE "
                                      "CHANGE IN WEST AFRICA")
    assert not title_like("SOMMAIRE EVALUATION Mai, 2022") and not title_like("EVALUATION BRIEF")
