"""A link's scope: countries from the sentence, table row, chapter heading or document subject; actors."""
from pipeline.link import link
from pipeline.link.scope import document_subject
from pipeline.types import Mention
from tests.link.helpers import TinyDoc, country, sdg, theme


def _countries(doc_id: str, counts: dict[str, int]) -> list[Mention]:
    out = []
    for iso3, n in counts.items():
        out += [Mention(doc_id=doc_id, mention_id=f"{iso3}{i}", label="COUNTRY", text=iso3, canonical_id=iso3, page=1,
                        char_start=0, char_end=3, sentence_id="x") for i in range(n)]
    return out


def test_document_subject_from_title_dominance_or_a_few_programme_countries() -> None:
    assert document_subject([], kind="vnr", title_countries=["NAM"]) == ("NAM",)
    assert document_subject(_countries("d", {"NAM": 40, "ZAF": 2}), kind="vnr") == ("NAM",)
    assert document_subject(_countries("d", {"SDN": 27, "SOM": 24, "DJI": 22, "ETH": 17, "KEN": 3}),
                            kind="evaluation") == ("SDN", "SOM", "DJI", "ETH")
    assert document_subject(_countries("d", {"SYR": 21, "PAK": 15, "JOR": 13, "LBN": 11, "TUR": 10, "IRQ": 10,
                                             "EGY": 10, "KEN": 10}), kind="evaluation") == ()
    assert document_subject(_countries("d", {"ZAF": 5}), kind="other") == ()  # too few mentions to tell
    assert document_subject(_countries("d", {"MAR": 30}), kind="resolution") == ()  # sponsors, not subjects


def test_countries_come_from_the_sentence_else_the_chapter_else_the_document() -> None:
    d = TinyDoc()
    d.add("3.1 Mali", kind="heading", section="3.1 Mali", tags=[country("Mali", "MLI")])
    d.add("Returnees in Mali received reintegration support under target 10.7.", section="3.1 Mali",
          tags=[country("Mali", "MLI"), theme("Returnees", "return_reintegration"), sdg("target 10.7", "10.7")])
    d.add("Returnees also received cash grants under target 10.7.", section="3.1 Mali",
          tags=[theme("Returnees", "return_reintegration"), sdg("target 10.7", "10.7")])
    d.add("4. Conclusions", kind="heading", section="4. Conclusions")
    d.add("Returnees were satisfied with support under target 10.7.", section="4. Conclusions",
          tags=[theme("Returnees", "return_reintegration"), sdg("target 10.7", "10.7")])
    links = {l.sentence_id: l for l in link(d.sentences, d.mentions, kind="evaluation")}
    assert (links["s1"].countries, links["s1"].country_sources) == (("MLI",), ("sentence",))
    assert (links["s2"].countries, links["s2"].country_sources) == (("MLI",), ("section",))
    assert links["s4"].countries == ()  # the Mali chapter ended; the document names too few countries


def test_a_single_country_report_puts_its_country_in_every_link_and_actors_are_the_sentence_bodies() -> None:
    d = TinyDoc()
    d.add("Republic of Namibia", kind="heading", section="Republic of Namibia", tags=[country("Namibia", "NAM")])
    d.add("Remittances from South Africa are covered by target 10.c, says IOM.", section="Republic of Namibia",
          tags=[country("South Africa", "ZAF"), theme("Remittances", "remittances"), sdg("target 10.c", "10.c"),
                ("ORG", "IOM", "IOM")])
    (only,) = link(d.sentences, d.mentions, kind="vnr", title="Republic of Namibia")
    assert dict(zip(only.countries, only.country_sources)) == {"ZAF": "sentence", "NAM": "document"}
    assert only.actors == ("IOM",) and only.section == "Republic of Namibia"


def test_a_country_naming_an_instrument_in_a_title_is_not_the_subject() -> None:
    from pipeline.link import _names_an_instrument

    title = "follow-up to and implementation of the antigua and barbuda agenda for small island developing states"
    assert _names_an_instrument(title, "antigua and barbuda")
    assert _names_an_instrument("programme d'action de la guinée", "guinée")
    assert not _names_an_instrument("situation of human rights in myanmar", "myanmar")
    assert not _names_an_instrument("the haiti agenda and assistance to haiti", "haiti")
