"""Language and document kind by explainable rules."""
from pipeline.document.detect import detect_kind, detect_language, guess_title

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
