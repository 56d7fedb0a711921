"""The items of a definitions article say what a word means, not what the document does: they give no evidence."""
import pytest

from pipeline.link import link
from pipeline.link.definitions import definition_blocks
from tests.link.helpers import TinyDoc, pairs, sdg, theme

ARTICLES = {
    "es": ("Artículo 3. Para efectos de la presente Ley se entenderá por:",
           ["I. Autoridad migratoria, al servidor público que ejerce la potestad legal en materia migratoria;",
            "III. Asilado: a todo extranjero que sea reconocido como tal en los términos de la Ley sobre Refugiados;",
            "Fracción reformada DOF 30-10-2014",
            "IV. Apátrida: toda persona que no sea considerada como nacional por ningún Estado."]),
    "en": ("In this Act, unless the context indicates otherwise—",
           ["“asylum seeker” means a person who has applied for recognition as a refugee;",
            "(b) “refugee” means a person recognised as a refugee under section 3;"]),
    "fr": ("Au sens de la présente loi, on entend par :",
           ["1° « réfugié » désigne toute personne reconnue comme telle;",
            "2° Apatride : toute personne qu'aucun État ne considère comme son ressortissant;"]),
}


@pytest.mark.parametrize("language", sorted(ARTICLES))
def test_the_items_after_a_definitions_lead_in_are_found_and_the_list_ends_with_the_first_other_block(
        language: str) -> None:
    lead, items = ARTICLES[language]
    d = TinyDoc()
    d.add("The Ministry shall coordinate migration policy.")
    d.add(lead, block="lead")
    for i, item in enumerate(items):
        d.add(item, block=f"item{i}", kind="list")
    d.add("Artículo 4. La Secretaría aplicará esta Ley a los refugiados.", block="after")
    found = definition_blocks(d.sentences)
    notes = {f"item{i}" for i, item in enumerate(items) if item.startswith("Fracción")}
    assert found == {f"item{i}" for i in range(len(items))} - notes


def test_items_without_a_lead_in_and_plain_numbered_paragraphs_are_no_definitions() -> None:
    d = TinyDoc()
    d.add("IV. Apátrida: toda persona que no sea considerada como nacional por ningún Estado.", block="a")
    d.add("The Assembly decided as follows:", block="b")
    d.add("15. Reaffirms that refugees shall be protected, as set out in target 10.7;", block="c")
    assert definition_blocks(d.sentences) == frozenset()


def test_a_definition_gives_no_link_but_an_article_that_acts_does() -> None:
    d = TinyDoc()
    d.add("Artículo 3. Para efectos de la presente Ley se entenderá por:", block="lead")
    d.add("IV. Refugiado: toda persona que, conforme a la meta 10.7, reciba protección.", block="item",
          tags=[theme("Refugiado", "refugees_asylum"), sdg("10.7", "10.7")])
    d.add("Artículo 4. La Secretaría protegerá a los refugiados conforme a la meta 10.7.", block="after",
          tags=[theme("refugiados", "refugees_asylum"), sdg("10.7", "10.7")])
    rows = link(d.sentences, d.mentions)
    assert pairs(rows) == {("refugees_asylum", "SDG:10.7", "explicit")}
    assert {r.sentence_id for r in rows} == {"s2"}


@pytest.mark.parametrize(("lead", "item"), [
    ("The guiding principles set out in this Policy are the following:",
     "(a) Human rights: the Government shall protect the rights of all migrants, in line with target 10.7;"),
    ("The measures provided for in this Protocol include:",
     "(a) Prevention: States Parties shall take measures to prevent trafficking in persons;"),
    ("Para los fines de esta resolución, la Asamblea General decide lo siguiente:",
     "a) Establecer un grupo de trabajo, a fin de reducir los costos de las remesas;"),
    ("Artículo 18. Para efectos de la presente Ley, son atribuciones de la Secretaría:",
     "I. Formular y dirigir la política migratoria del país, a través de la Secretaría;"),
    ("Aux fins de la présente résolution, l'Assemblée générale :",
     "a) Encourage les États Membres, la société civile et le secteur privé;"),
    ("For the purposes of this Act, the Agency shall have the following functions:",
     "(a) Protection of migrants: to protect all migrants;"),
])
def test_a_lead_in_that_only_scopes_opens_no_definitions(lead: str, item: str) -> None:
    d = TinyDoc()
    d.add(lead, block="lead")
    d.add(item, block="item", kind="list")
    assert definition_blocks(d.sentences) == frozenset()
