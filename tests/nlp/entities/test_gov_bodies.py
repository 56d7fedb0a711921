"""GOV_BODY tagging: patterns, curated list, slug normalisation and country attribution."""
from __future__ import annotations


import pytest

from tests.nlp.nexus_tag_fixtures import tagged


def bodies(text: str) -> list[tuple[str, str]]:
    return tagged(text, "GOV_BODY")


def test_curated_body_with_its_id() -> None:
    assert bodies("the Planning Institute of Jamaica reported") == [
        ("Planning Institute of Jamaica", "JAM:planning-institute-of-jamaica")]


def test_demonym_gives_the_country_and_is_dropped_from_the_slug() -> None:
    text = "funded by the Italian Ministry of Foreign Affairs and International Cooperation."
    assert bodies(text) == [("Italian Ministry of Foreign Affairs and International Cooperation",
                             "ITA:ministry-of-foreign-affairs-and-international-cooperation")]


def test_ministry_name_with_comma_list() -> None:
    assert [cid for _, cid in bodies("In Serbia, the Ministry of Labour, Employment and Social Policy met.")] == [
        "SRB:ministry-of-labour-employment-and-social-policy"]


def test_municipality_forms_share_one_slug() -> None:
    text = "In Italy: Bologna Municipality, and later the Municipality of Bologna."
    assert {cid for _, cid in bodies(text)} == {"ITA:municipality-of-bologna"}


def test_list_of_municipalities_is_split() -> None:
    text = "Beneficiaries: Bologna Municipality, Milan Municipality and Tirana Municipality Evaluation purpose"
    assert [s for s, _ in bodies(text)] == ["Bologna Municipality", "Milan Municipality", "Tirana Municipality"]


def test_country_from_the_section_context() -> None:
    text = "Serbia\n\nThe Commissariat for Refugees and Migration coordinates the response."
    assert bodies(text) == [("Commissariat for Refugees and Migration", "SRB:commissariat-for-refugees-and-migration")]


def test_country_from_name_beats_context() -> None:
    text = "In Serbia, the Moroccan Ministry of Interior and the Ministère de l'Intérieur du Maroc."
    assert {cid for _, cid in bodies(text)} == {"MAR:ministry-of-interior", "MAR:ministere-de-l-interieur-du-maroc"}


def test_dominant_country_when_no_local_context() -> None:
    text = "Jamaica is small. Jamaica grows. " + "x " * 1200 + "The National Planning Commission met."
    assert bodies(text) == [("National Planning Commission", "JAM:national-planning-commission")]


def test_no_country_gives_a_plain_slug() -> None:
    assert bodies("The Department of Home Affairs issued visas.") == [
        ("Department of Home Affairs", "department-of-home-affairs")]


@pytest.mark.parametrize("text, surface", [
    ("la Secretaría de Gobernación publicó", "Secretaría de Gobernación"),
    ("el Instituto Nacional de Migración dispuso", "Instituto Nacional de Migración"),
    ("le ministère de la santé publique a signé", "ministère de la santé publique"),
    ("le ministère de la Santé a signé", "ministère de la Santé"),
    ("the Office of the Prime Minister said", "Office of the Prime Minister"),
    ("the National Assembly adopted", "National Assembly"),
    ("the Parliament of Jamaica", "Parliament of Jamaica"),
    ("the Ministry of Foreign Affairs and International Cooper- ation",
     "Ministry of Foreign Affairs and International Cooper- ation"),
])
def test_patterns(text: str, surface: str) -> None:
    assert [s for s, _ in bodies(text)] == [surface]


@pytest.mark.parametrize("text", [
    "The General Assembly adopted the resolution.",
    "the Human Rights Council decided",
    "the Danish Refugee Council",
    "the United Nations Office for Project Services",
    "Governments and Member States",
    "the IOM Regional Office",
])
def test_not_government_bodies(text: str) -> None:
    assert bodies(text) == []


def test_country_inside_a_ministry_name_is_also_a_country() -> None:
    text = "the Ministry of Health of Jamaica"
    assert tagged(text, "COUNTRY") == [("Jamaica", "JAM")]
    assert bodies(text) == [("Ministry of Health of Jamaica", "JAM:ministry-of-health-of-jamaica")]


@pytest.mark.parametrize("text", [
    "One gap in documentation remains. One regional officer agreed.",
    "No One Cares If You Live or Die.",
    "ONE published new figures.",  # exact case, but neither the country nor the full name is in the document
])
def test_acronym_only_bodies_need_exact_case_and_their_country(text: str) -> None:
    assert bodies(text) == []


def test_acronym_only_body_kept_with_its_country_or_full_name() -> None:
    assert bodies("In Mexico, DIE staff met.") == [("DIE", "MEX:direccion-de-estudios")]
    text = "The Oficina Nacional de Estadística (ONE) publishes; ONE said so."
    assert {cid for _, cid in bodies(text)} == {"DOM:oficina-nacional-de-estadistica"}
    assert len(bodies(text)) == 3
    assert bodies("In Mexico, Die Zeit reported.") == []


@pytest.mark.parametrize("text, surface", [
    ("the Department of Women, Youth and Persons with Disabilities reported",
     "Department of Women, Youth and Persons with Disabilities"),
    ("the Agency and Fund for Diaspora of Albania", "Agency and Fund for Diaspora of Albania"),
    ("le Ministère des Affaires étrangères a signé", "Ministère des Affaires étrangères"),
    ("the National Committee on Migration met", "National Committee on Migration"),
    ("the Italian Cabinet decided", "Italian Cabinet"),
    ("l'Institut national de la statistique, qui publie", "Institut national de la statistique"),
])
def test_shape_of_names_with_their_complements(text: str, surface: str) -> None:
    assert [s for s, _ in bodies(text)] == [surface]


@pytest.mark.parametrize("text, surfaces", [
    ("In Italy, PAL and Milan Municipality work together.", ["Milan Municipality"]),
    ("Milan Municipality the Project collaborated.", ["Milan Municipality"]),
    ("la Secretaría adoptará las medidas", []),
    ("le ministère des affaires étrangères, y compris pour leur contribution", ["ministère des affaires étrangères"]),
    ("the Department of Health Strategic Plan 2020", ["Department of Health"]),
])
def test_names_are_neither_merged_nor_run_on(text: str, surfaces: list[str]) -> None:
    assert [s for s, _ in bodies(text)] == surfaces


@pytest.mark.parametrize("text", [
    "publicada en el Diario Oficial de la Federación el 25 de mayo",
    "the Official Gazette of the Republic",
    "IOM's Department of Operations and Emergencies",
    "the IOM Department of Migration Management",
    "the National Steering Committee met",
    "the Senegal Country Office of IOM",
    "the University of Bologna's Department of Economics",
])
def test_publications_organisation_units_and_generic_structures_are_not_bodies(text: str) -> None:
    assert bodies(text) == []


def test_a_plural_head_names_one_body_per_repeated_complement() -> None:
    text = "las Secretarías de Gobernación y de Relaciones Exteriores de México"
    assert [cid for _, cid in bodies(text)] == ["MEX:secretaria-de-gobernacion", "MEX:secretaria-de-relaciones-exteriores"]
    assert [cid for _, cid in bodies("las Secretarías de Hacienda y Crédito Público")] == [
        "secretaria-de-hacienda-y-credito-publico"]


def test_curated_acronym_needs_its_country_in_the_sentence_or_the_document() -> None:
    text = "Jamaica is an island. " + "Mexico grows. " * 3 + "The PIOJ met. Jamaica reported."
    assert bodies(text) == []  # Mexico dominates and PIOJ's sentence names no Jamaica
    assert bodies("In Jamaica the PIOJ met.") == [("PIOJ", "JAM:planning-institute-of-jamaica")]


def test_a_head_inside_a_complement_starts_no_body() -> None:
    text = "que emiten las secretarías de Gobernación y de Relaciones Exteriores"
    assert [cid for _, cid in bodies(text)] == ["secretaria-de-gobernacion", "secretaria-de-relaciones-exteriores"]
    assert [s for s, _ in bodies("the Parliament and Cabinet of Jamaica")] == ["Cabinet of Jamaica"]  # not merged


def test_a_french_body_placed_by_en_and_its_country() -> None:
    found = bodies("des représentants de la Police Frontalière en Haïti et des autorités locales")
    assert found == [("Police Frontalière", "HTI:police-frontaliere")]


def test_in_and_a_country_after_a_name_is_where_it_is_not_its_name() -> None:
    found = bodies("the Tirana Municipality in Albania and partners")
    assert [s for s, _ in found] == ["Tirana Municipality"]


@pytest.mark.parametrize("text, surface", [
    ("Data from the Directorate of Foreigners and Border (DEF) of Cabo Verde confirm it.",
     "Directorate of Foreigners and Border"),
    ("several institutions of Cabo Verde (DEF, General Labor Inspectorate, INPS, and municipalities)",
     "General Labor Inspectorate"),
    ("the fees were approved by the Council of Ministers of Cabo Verde", "Council of Ministers of Cabo Verde"),
])
def test_bodies_named_by_the_powers_of_a_state(text: str, surface: str) -> None:
    assert surface in [s for s, _ in bodies(text)]


@pytest.mark.parametrize("text", [
    "the International Labour Office and the ECOWAS Council of Ministers",
    "the OECD Directorate for Employment, Labour and Social Affairs",
])
def test_international_bodies_with_state_words_are_no_state_bodies(text: str) -> None:
    assert bodies(text) == []


def test_a_body_a_state_established_is_that_state_s() -> None:
    assert ("Independent Commission of Enquiry", "HTI:independent-commission-of-enquiry") in bodies(
        "the report of the Independent Commission of Enquiry established by Haiti in 2018, which")
    later = bodies("the Independent Commission of Enquiry established by Haiti in 2018. Calls for the release of the "
                   "report of the Independent Commission of Enquiry in full.")
    assert [canonical for _, canonical in later] == ["HTI:independent-commission-of-enquiry"] * 2
    assert bodies("the Steering Committee set up by Haiti") == []
