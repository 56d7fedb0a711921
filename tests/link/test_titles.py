"""A theme word inside the name of an instrument, publication or body is no theme mention for links."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.link import link, titles
from pipeline.link.titles import inside, name_spans
from tests.link.helpers import TinyDoc, pairs, sdg, theme


@pytest.mark.parametrize(("text", "name"), [
    ("Reaffirming the New York Declaration for Refugees and Migrants, adopted in 2016",
     "New York Declaration for Refugees and Migrants"),
    ("in line with the Global Compact for Safe, Orderly and Regular Migration and target 10.7",
     "Global Compact for Safe, Orderly and Regular Migration"),
    ("the Commissariat for Refugees and Migration of Serbia supported returnees",
     "Commissariat for Refugees and Migration of Serbia"),
    ("the Special Rapporteur on the human rights of migrants, and others", "Special Rapporteur on the human rights of migrants"),
    ("conformément au Pacte mondial pour des migrations sûres, ordonnées et régulières",
     "Pacte mondial pour des migrations sûres"),
    ("its resolutions entitled “Preventing and combating trafficking in persons”, and",
     "Preventing and combating trafficking in persons"),
])
def test_names_are_found_with_their_complements(text: str, name: str) -> None:
    found = [text[a:b] for a, b in name_spans(text)]
    assert name in found


@pytest.mark.parametrize(("text", "words"), [
    ("Namibia has a Migration Policy in place, which was endorsed by Cabinet.", "Migration Policy"),
    ("The Government passed a Trafficking in Persons Act in 2018.", "Trafficking in Persons"),
    ("Refugees in Kenya face barriers to labour markets.", "Refugees"),
])
def test_national_policies_laws_and_plain_sentences_are_not_masked(text: str, words: str) -> None:
    start = text.index(words)
    assert not inside((start, start + len(words)), name_spans(text))


def test_a_theme_inside_a_declaration_title_makes_no_link() -> None:
    d = TinyDoc()
    d.add("Recalling the New York Declaration for Refugees and Migrants and target 10.7 of the Goals,",
          tags=[theme("Refugees", "refugees_asylum"), sdg("target 10.7", "10.7")])
    assert link(d.sentences, d.mentions) == ()


def test_a_theme_inside_an_org_mention_makes_no_link() -> None:
    d = TinyDoc()
    d.add("The Commission for Refugees reported on target 10.7 in 2021.",
          tags=[("GOV_BODY", "Commission for Refugees", "XXX:commission-for-refugees"),
                theme("Refugees", "refugees_asylum"), sdg("target 10.7", "10.7")])
    d.add("Refugees were registered by the Commission under target 10.7 in 2021.",
          tags=[theme("Refugees", "refugees_asylum"), sdg("target 10.7", "10.7")])
    links = link(d.sentences, d.mentions)
    assert pairs(links) == {("refugees_asylum", "SDG:10.7", "explicit")} and links[0].sentence_id == "s1"


NAME_WORDS = st.sampled_from([
    "Declaration", "Compact", "Commissariat", "Convention", "Report", "New", "York", "Global", "for", "of", "the",
    "and", "on", "Refugees", "Migrants", "migrants", "human", "rights", "Safe", ",", ".", ";", " (", ") ", "“", "”",
    "entitled", "Ministry", "la", "Pacte", "mondial", "pour", "des", "migrations", "Le", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(NAME_WORDS, max_size=60).map(" ".join), st.integers(min_value=0, max_value=3))
def test_name_spans_read_around_heads_equal_a_scan_of_every_word(text: str, pad: int) -> None:
    text = ("word " * (pad * 60)) + text + (" Word" * (pad * 60))  # beyond the window on either side
    assert name_spans(text) == titles._all_names(text)
