"""ORG tagging: gazetteer names and acronyms, damaged forms, document-defined acronyms, org-like long forms."""
from __future__ import annotations


import pytest

from tests.nlp.nexus_tag_fixtures import tagged


def orgs(text: str) -> list[tuple[str, str]]:
    return tagged(text, "ORG")


def test_gazetteer_name_and_acronym() -> None:
    assert orgs("The International Organization for Migration (IOM) and UNHCR.") == [
        ("International Organization for Migration", "IOM"), ("IOM", "IOM"), ("UNHCR", "UNHCR")]


@pytest.mark.parametrize("text, surface", [
    ("the Internation- al Organization for Migration", "Internation- al Organization for Migration"),
    ("the International Organization for\nMigration", "International Organization for\nMigration"),
    ("UNHCR's staff", "UNHCR"),
    ("UNHCR’s staff", "UNHCR"),
    ("the I0OM mission", "I0OM"),
    ("the EU-IOM Joint", "IOM"),
    ("l'OIM au Niger", "OIM"),
    ("UN-Women and partners", "UN-Women"),
])
def test_damaged_and_inflected_forms_resolve(text: str, surface: str) -> None:
    assert surface in [s for s, _ in orgs(text)]


def test_acronym_is_case_sensitive() -> None:
    assert orgs("the iom staff") == []


def test_ambiguous_acronym_needs_its_name_in_the_document() -> None:
    assert orgs("HRC levels were measured.") == []
    text = "The Human Rights Council met; the HRC decided."
    assert ("HRC", "HRC") in orgs(text)


def test_document_defined_acronym_is_learned_and_propagated() -> None:
    text = "The Global Migration Group (GMG) met in May. Later, the GMG issued a statement."
    assert orgs(text) == [("Global Migration Group", "GMG"), ("GMG", "GMG"), ("GMG", "GMG")]


def test_short_form_before_long_form() -> None:
    text = "(GMG) Global Migration Group members. The GMG agreed."
    assert ("GMG", "GMG") in orgs(text)


def test_acronym_collision_resolved_by_document_definition() -> None:
    text = "The Danish Refugee Council (DRC) and IOM. DRC field teams."
    assert [cid for s, cid in orgs(text) if s == "DRC"] == ["DRC-NGO", "DRC-NGO"]


def test_org_like_long_form_gets_a_slug() -> None:
    text = "funded by the Local Authorities Network for Migration and Development project"
    assert orgs(text) == [("Local Authorities Network for Migration and Development",
                           "local-authorities-network-for-migration-and-development")]


def test_org_like_long_form_with_definition_gets_the_acronym() -> None:
    text = "the Cooperation and Development Institute (CDI), Albania"
    assert orgs(text) == [("Cooperation and Development Institute", "CDI"), ("CDI", "CDI")]


@pytest.mark.parametrize("text", [
    "The Project Steering Committee met twice.",
    "the Technical Working Group",
    "the Global Compact for Safe, Orderly and Regular Migration",
    "the Annual Report of the Board",
    "Ministry of Interior",
])
def test_generic_groups_frameworks_and_bodies_are_not_orgs(text: str) -> None:
    assert orgs(text) == []


def test_un_organs_are_orgs_not_gov_bodies() -> None:
    text = "The General Assembly and the Human Rights Council."
    assert [cid for _, cid in orgs(text)] == ["UNGA", "HRC"]
    assert tagged(text, "GOV_BODY") == []


def test_acronym_called_a_programme() -> None:
    text = "within the MPRR programme. MPRR Country Offices."
    assert orgs(text) == [("MPRR", "MPRR"), ("MPRR", "MPRR")]


def test_all_capitals_gazetteer_name_matches_exact_case_only() -> None:
    assert orgs("REACH assessed the sites.") == [("REACH", "REACH")]
    assert orgs("Reach out to partners.") == []


@pytest.mark.parametrize("text, surface", [
    ("the Climate Change and Migration Data Program launched in 2024",
     "Climate Change and Migration Data Program"),
    ("The East Africa, Horn and Southern Africa Regional Data Hub evolved.",
     "East Africa, Horn and Southern Africa Regional Data Hub"),
    ("and the Climate Change and Migration Data Program for North, East, West and Central\n\nAfrica.",
     "Climate Change and Migration Data Program"),
])
def test_name_edges_connectors_place_lists(text: str, surface: str) -> None:
    assert [s for s, _ in orgs(text)] == [surface]


def test_acronym_list_entries_are_not_glued_together() -> None:
    text = "DIMA Data and Information Management and Analysis Team DIP Division of International Protection"
    assert "Division of International Protection" in [s for s, _ in orgs(text)]
    assert not any(s.startswith(("DIMA", "Team")) for s, _ in orgs(text))


@pytest.mark.parametrize("text, short, long", [
    ("an inter-agency Migrant Response Plan (MRP) for the routes, a key initiative. The MRP grew.", "MRP",
     "Migrant Response Plan"),
    ("workshops through the Missing Migrants Project (MMP) in Kenya. MMP data.", "MMP", "Missing Migrants Project"),
])
def test_defined_name_with_any_programme_head_is_an_org(text: str, short: str, long: str) -> None:
    assert orgs(text) == [(long, short), (short, short), (short, short)]


@pytest.mark.parametrize("text", [
    "the Sendai Framework for Disaster Risk Reduction (SFDRR) and the SFDRR targets",
    "the Regional Economic Communities (RECs) met",
    "the New York Declaration for Refugees and Migrants (NYD)",
    "the Ministry of Health (MOH) of Jamaica",
])
def test_defined_frameworks_classes_and_bodies_are_not_orgs(text: str) -> None:
    assert orgs(text) == []


def test_inline_definition_inside_a_gazetteer_name() -> None:
    text = "informing the Intergovernmental Authority on Development (IGAD) Regional Consultative Process on Migration"
    assert ("Intergovernmental Authority on Development (IGAD) Regional Consultative Process on Migration",
            "IGAD-RCP") in orgs(text)


def test_possessive_name_with_its_acronym() -> None:
    text = "it works with the African Union’s Statistics Division (STATAFRIC) and the AU. STATAFRIC trains."
    got = orgs(text)
    assert ("African Union’s Statistics Division", "STATAFRIC") in got
    assert [s for s, cid in got if cid == "STATAFRIC"].count("STATAFRIC") == 2
    assert ("AU", "AU") in got


def test_capitalised_name_before_lower_case_programme_word() -> None:
    assert orgs("such as the EU Data Action project, started in 2024") == [("EU Data Action", "eu-data-action")]
    assert orgs("all Niamey IOM project staff") == [("IOM", "IOM")]
    assert orgs("the Local Authorities Network for Migration and Development project") == [
        ("Local Authorities Network for Migration and Development",
         "local-authorities-network-for-migration-and-development")]


@pytest.mark.parametrize("text, title", [
    ("Le projet « Vers une dimension environnementale de l’aide à la réintégration » a été mis en œuvre.",
     "Vers une dimension environnementale de l’aide à la réintégration"),
    ("the project “Safe Migration in the Sahel Corridor” ended", "Safe Migration in the Sahel Corridor"),
])
def test_quoted_project_title_is_an_org(text: str, title: str) -> None:
    got = orgs(text)
    assert [s for s, _ in got] == [title]
    assert got[0][1].startswith(("projet-vers-une-dimension", "project-safe-migration"))


def test_french_form_of_a_joint_initiative() -> None:
    text = "les synergies avec l’initiative conjointe OIM-FFUE ont aidé"
    assert orgs(text) == [("initiative conjointe OIM-FFUE", "eu-iom-joint-initiative")]


def test_long_gazetteer_name_matches_in_lower_case() -> None:
    assert orgs("in the context of the high-level political forum on sustainable development") == [
        ("high-level political forum on sustainable development", "HLPF")]
    assert orgs("the african union") == []  # short names keep needing a capital


@pytest.mark.parametrize("text", [
    "The National Development Plan (NDP) is the blueprint. The NDP guides budgets.",
    "adopted the Integrated Resource Plan (IRP), whose targets the IRP revises",
])
def test_a_plan_is_not_an_organisation(text: str) -> None:
    assert orgs(text) == []


@pytest.mark.parametrize("text", [
    "initiatives such as the regional Migrant Response Plan (MRP) in the Horn of Africa",
    "the Migrant Response Plan (MRP) was launched. The MRP programme will seek funds.",
    "pilot projects like the Migrant Response Plan (MRP), which grew",
])
def test_a_plan_the_text_calls_an_initiative_is_an_organisation(text: str) -> None:
    assert ("MRP", "MRP") in orgs(text) or ("Migrant Response Plan", "MRP") in orgs(text)


def test_un_short_form_of_a_united_nations_name() -> None:
    assert orgs("UN Entity for Gender Equality and the Empowerment of Women") == [
        ("UN Entity for Gender Equality and the Empowerment of Women", "UN-Women")]


def test_a_body_named_after_a_known_organisation_is_one_name() -> None:
    text = ("Welcomes the work of the African Union Centre for Biodiversity Research and the African Union "
            "Intergovernmental Commission on Human Rights, and the African Union Forum on Youth.")
    found = orgs(text)
    assert ("African Union Centre for Biodiversity Research", "african-union-centre-for-biodiversity-research") in found
    assert ("African Union Intergovernmental Commission on Human Rights",
            "african-union-intergovernmental-commission-on-human-rights") in found
    assert ("African Union", "AU") in found  # a forum of a known organisation stays the organisation's mention


def test_a_country_name_is_never_the_head_of_an_organisation() -> None:
    assert orgs("following the aggression by the Russian Federation against Ukraine and against Georgia") == []


@pytest.mark.parametrize("text, surface", [
    ("the work of the Steering Committee on Anti-discrimination, Diversity and Inclusion, set up in 2022",
     "Steering Committee on Anti-discrimination, Diversity and Inclusion"),
    ("reports of the Group of Experts on Action against Trafficking in Human Beings and others",
     "Group of Experts on Action against Trafficking in Human Beings"),
])
def test_hyphenated_and_trafficking_in_complements_stay_in_the_name(text: str, surface: str) -> None:
    assert surface in [s for s, _ in orgs(text)]


def test_in_does_not_join_a_place_to_a_name() -> None:
    assert "Regional Migration Network Office in Geneva" not in [s for s, _ in orgs(
        "the Regional Migration Network Office in Geneva opened")]


@pytest.mark.parametrize("text, surface", [
    ("the Regional Centre for Maritime Security in Central Africa in Pointe Noire, Congo",
     "Regional Centre for Maritime Security in Central Africa"),
    ("the Interregional Coordination Centre for Maritime Security in the Gulf of Guinea and others",
     "Interregional Coordination Centre for Maritime Security in the Gulf of Guinea"),
    ("the Subregional Centre for Human Rights and Democracy in Central Africa, and",
     "Subregional Centre for Human Rights and Democracy in Central Africa"),
])
def test_a_name_keeps_its_region_complement(text: str, surface: str) -> None:
    assert surface in [s for s, _ in orgs(text)]


def test_a_city_or_country_after_in_is_where_a_body_is() -> None:
    found = [s for s, _ in orgs("the Association of Southeast Asian Nations Centre for Climate Change in Brunei "
                                "Darussalam, once established")]
    assert "Association of Southeast Asian Nations Centre for Climate Change" in found


@pytest.mark.parametrize("text, pair", [
    ("the Co-Action against Trafficking in Cultural Heritage (CATCH) initiative to be carried out",
     ("Co-Action against Trafficking in Cultural Heritage", "CATCH")),
    ("aligned with the Digital Economy for Africa (DE4A) initiative, which", ("Digital Economy for Africa", "DE4A")),
    ("the Climate Risk and Early Warning Systems (CREWS) initiative", ("Climate Risk and Early Warning Systems", "CREWS")),
])
def test_a_defined_name_the_text_calls_an_initiative(text: str, pair: tuple[str, str]) -> None:
    assert pair in orgs(text)


def test_a_programme_of_a_known_organisation_ends_before_its_owner() -> None:
    found = orgs("the Global Programme on Preventing and Countering Terrorism of the International Organization for "
                 "Migration, which enables")
    assert ("Global Programme on Preventing and Countering Terrorism",
            "global-programme-on-preventing-and-countering-terrorism") in found
    assert ("International Organization for Migration", "IOM") in found


def test_no_organisation_inside_a_framework_name() -> None:
    assert orgs("the African Union Agenda 2063 and the African Union") == [("African Union", "AU")]


def test_law_enforcement_names_a_field_not_a_law() -> None:
    name = "Global Operational Network of Anti-Corruption Law Enforcement Authorities"
    assert name in [s for s, _ in orgs(f"institutionalizing the {name} (GlobE Network) under the auspices")]
    assert orgs("the new Migration Law Network provisions") == []
