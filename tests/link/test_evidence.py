"""Glossaries, contents, references, citations, furniture and fragments never give evidence; table rows may."""
import pytest

from pipeline.link import link
from pipeline.link.evidence import is_citation, is_contents_line, is_glossary_entry, refusals
from pipeline.link.units import build_units
from tests.link.helpers import TinyDoc, sdg, theme


@pytest.mark.parametrize("text", [
    "TIP | Trafficking in Persons", "IOM | International Organization for Migration",
    "OIM Organisation internationale pour les migrations", "ACNUR – Alto Comisionado de las Naciones Unidas para los "
    "Refugiados", "GCM: Global Compact for Migration"])
def test_acronym_and_long_form_is_a_glossary_entry(text: str) -> None:
    assert is_glossary_entry(text)


@pytest.mark.parametrize("text", [
    "IOM Niger supported 300 returnees in 2021.", "II. Cédula de Identidad Ciudadana o su equivalente;",
    "TIRANA | The legislative framework related to migration has changed in recent years."])
def test_sentences_and_numbered_clauses_are_no_glossary_entries(text: str) -> None:
    assert not is_glossary_entry(text)


def test_contents_lines_and_citations() -> None:
    assert is_contents_line("4.5 Goal 5: Achieve gender equality ............ 45")
    assert is_contents_line("Lessons learned and best practices 33")
    assert not is_contents_line("Key message: SDG 8")
    assert not is_contents_line("Remittances grew by 8 per cent in 2021.")
    assert is_citation("27 https://pmg.org.za/page/SAPSCrimeStats.", footnote=True)
    assert is_citation("3 IOM (2019), Glossary on Migration, available at the IOM bookstore.", footnote=True)
    assert not is_citation("14 These data only partially reflect progress on trafficking.", footnote=True)


def test_units_under_a_glossary_heading_or_in_a_glossary_table_are_refused() -> None:
    d = TinyDoc()
    d.add("List of acronyms", kind="heading", section="List of acronyms")
    d.add("TIP Trafficking in Persons and the SDG 16.2 targets", section="List of acronyms")
    d.add("Findings", kind="heading", section="Findings")
    for row in ("GCM | Global Compact for Migration", "TIP | Trafficking in Persons", "SDG | Sustainable Development Goal"):
        d.add(row, kind="table", block="g", section="Findings")
    units = build_units(d.sentences)
    refused = refusals(units)
    assert refused[1] == "glossary"
    assert {refused[i] for i in range(3, 6)} == {"glossary"}


def test_fragments_are_refused_and_whole_sentences_and_rows_are_not() -> None:
    d = TinyDoc()
    d.add("For instance, remittances accounted for 58% of the total", block="a")
    d.add("and the project also", block="b", page=3)
    d.add("Remittances to Senegal rose in 2021 with the support of IOM.", block="c", page=4)
    d.add("Recognizing the contribution of migrants to sustainable development,", block="d", page=6)
    d.add("Relevance | The project addressed remittance costs in all three countries", kind="table", block="t", page=8)
    d.add("Intervention Pillars | Migration Data | Capacity building", kind="table", block="u", page=10)
    refused = refusals(build_units(d.sentences))
    assert refused.get(0) == "fragment" and refused.get(1) == "fragment" and refused.get(5) == "fragment"
    assert 2 not in refused and 3 not in refused and 4 not in refused


def test_a_glossary_row_gives_no_link() -> None:
    d = TinyDoc()
    for row in ("TIP | Trafficking in Persons (SDG 16.2)", "IOM | International Organization for Migration",
                "GCM | Global Compact for Migration"):
        d.add(row, kind="table", block="g", tags=[theme("Trafficking in Persons", "trafficking_smuggling"),
                                                  sdg("SDG 16.2", "16.2")] if row.startswith("TIP") else [])
    assert link(d.sentences, d.mentions) == ()
