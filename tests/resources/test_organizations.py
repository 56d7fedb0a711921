"""Schema, uniqueness and spot checks of organizations.json and gov_bodies.json."""
from __future__ import annotations

import json
from collections import defaultdict
from importlib import resources

import pytest

from pipeline.ids import is_slug, slugify
from pipeline.resources.gazetteers import (
    ORG_TYPES,
    GovBody,
    Organization,
    country_by_iso3,
    load_countries,
    load_gov_bodies,
    load_organizations,
    organization_by_id,
)

MIN_ORGANIZATIONS = 350
MIN_GOV_BODIES = 150
ORG_KEYS = {"id", "names", "acronyms", "type", "ambiguous_acronyms"}
GOV_KEYS = {"id", "country", "names", "ambiguous_names"}


def _raw(name: str) -> list[dict]:
    return json.loads(resources.files("pipeline.resources").joinpath(name).read_text("utf-8"))


def test_raw_files_keep_the_agreed_keys() -> None:
    for row in _raw("organizations.json"):
        assert {"id", "names", "acronyms", "type"} <= set(row) <= ORG_KEYS, row["id"]
    for row in _raw("gov_bodies.json"):
        assert {"id", "country", "names"} <= set(row) <= GOV_KEYS, row["id"]


def test_organizations_schema_and_counts() -> None:
    orgs = load_organizations()
    assert len(orgs) >= MIN_ORGANIZATIONS
    assert all(isinstance(o, Organization) and o.type in ORG_TYPES for o in orgs)
    assert len({o.id for o in orgs}) == len(orgs)
    for kind in ("un", "igo", "regional", "ngo", "academic", "donor", "private", "forum", "network", "initiative",
                 "financial", "framework"):
        assert any(o.type == kind for o in orgs), kind


def test_organization_ids_are_acronyms_or_slugs() -> None:
    for org in load_organizations():
        as_acronym = org.id in {a.replace(" ", "-") for a in org.acronyms}
        assert as_acronym or is_slug(org.id), org.id


def test_organization_names_and_acronyms_map_to_one_id() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    ambiguous = {a for o in load_organizations() for a in o.ambiguous_acronyms}
    for org in load_organizations():
        for name in org.names:
            owners[name.casefold()].add(org.id)
        for acronym in org.acronyms:
            owners[acronym].add(org.id)
    clashes = {k: v for k, v in owners.items() if len(v) > 1 and k not in ambiguous}
    assert clashes == {}


def test_acronyms_that_are_country_names_are_flagged() -> None:
    country_names = {n.casefold() for c in load_countries() for n in c.names}
    for org in load_organizations():
        for acronym in org.acronyms:
            if acronym.casefold() in country_names:
                assert acronym in org.ambiguous_acronyms, (org.id, acronym)
        assert not [n for n in org.names if n.casefold() in country_names], org.id


@pytest.mark.parametrize(
    ("org_id", "kind", "surface"),
    [
        ("IOM", "un", "Organisation internationale pour les migrations"), ("IOM", "un", "OIM"),
        ("UNHCR", "un", "ACNUR"), ("UNDP", "un", "PNUD"), ("UN-Women", "un", "UN Women"),
        ("UNDESA", "un", "UN DESA"), ("ECLAC", "un", "CEPAL"), ("UNNM", "network", "UN Network on Migration"),
        ("GMG", "network", "Global Migration Group"), ("IASC", "forum", "IASC"), ("world-bank", "financial", "World Bank"),
        ("IMF", "financial", "FMI"), ("OECD", "igo", "OCDE"), ("EU", "regional", "European Union"),
        ("EUTF", "donor", "EU Trust Fund for Africa"), ("Frontex", "regional", "Frontex"), ("ECOWAS", "regional", "CEDEAO"),
        ("AU", "regional", "African Union"), ("LAS", "regional", "League of Arab States"),
        ("colombo-process", "forum", "Colombo Process"), ("abu-dhabi-dialogue", "forum", "Abu Dhabi Dialogue"),
        ("rabat-process", "forum", "Rabat Process"), ("khartoum-process", "forum", "Khartoum Process"),
        ("budapest-process", "forum", "Budapest Process"), ("RCM", "forum", "Puebla Process"),
        ("GFMD", "forum", "GFMD"), ("KNOMAD", "network", "KNOMAD"), ("migration-data-portal", "initiative",
        "Migration Data Portal"), ("MICIC", "initiative", "MICIC"), ("GCM", "framework", "Global Compact for Migration"),
        ("ICRC", "ngo", "CICR"), ("MSF", "ngo", "Doctors Without Borders"), ("DRC", "ngo", "Danish Refugee Council"),
        ("MMC", "ngo", "Mixed Migration Centre"), ("GIZ", "donor", "GIZ"), ("ICAT", "un", "ICAT"),
        ("OSRSG-VAC", "un", "SRSG-VAC"), ("CTED", "un", "Counter-Terrorism Committee Executive Directorate"),
        ("MPI", "academic", "Migration Policy Institute"),
        ("CeSPI", "academic", "CeSPI"), ("western-union", "private", "Western Union"), ("GSMA", "private", "GSMA"),
    ],
)
def test_spot_organizations(org_id: str, kind: str, surface: str) -> None:
    org = organization_by_id()[org_id]
    assert org.type == kind
    assert surface in org.names or surface in org.acronyms


def test_state_donor_agencies_are_gov_bodies_not_organizations() -> None:
    assert not {"USAID", "FCDO", "GAC", "NORAD", "SIDA"} & set(organization_by_id())
    assert {"USA", "GBR", "CAN", "NOR", "SWE"} <= {b.country for b in load_gov_bodies()
                                                   if {"USAID", "FCDO", "GAC", "NORAD", "SIDA"} & set(b.names)}


def test_drc_acronym_is_marked_ambiguous() -> None:
    assert "DRC" in organization_by_id()["DRC"].ambiguous_acronyms
    assert "DRC" in country_by_iso3()["COD"].aliases


def test_gov_bodies_schema() -> None:
    bodies = load_gov_bodies()
    assert len(bodies) >= MIN_GOV_BODIES
    countries = country_by_iso3()
    for body in bodies:
        assert isinstance(body, GovBody)
        assert body.country in countries, body.id
        # the slug of the first name, its hyphens read as word breaks ("Immigratie- en Naturalisatiedienst")
        assert body.id == f"{body.country}:{slugify(body.names[0].replace('-', ' '))}", body.id
        assert set(body.ambiguous_names) <= set(body.names), body.id
    assert len({b.id for b in bodies}) == len(bodies)


def test_gov_body_names_map_to_one_body() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for body in load_gov_bodies():
        for name in body.names:
            owners[name.casefold()].add(body.id)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


@pytest.mark.parametrize(
    ("body_id", "surface"),
    [
        ("JAM:planning-institute-of-jamaica", "PIOJ"), ("MEX:instituto-nacional-de-migracion", "INM"),
        ("MEX:secretaria-de-gobernacion", "SEGOB"), ("MEX:instituto-nacional-de-estadistica-y-geografia", "INEGI"),
        ("ZAF:statistics-south-africa", "Stats SA"), ("NAM:namibia-statistics-agency", "Namibia Statistics Agency"),
        ("SRB:commissariat-for-refugees-and-migration", "Commissariat for Refugees and Migration"),
        ("PHL:philippine-overseas-employment-administration", "POEA"),
        ("PAK:bureau-of-emigration-and-overseas-employment", "Bureau of Emigration and Overseas Employment"),
        ("DEU:federal-office-for-migration-and-refugees", "BAMF"), ("GBR:home-office", "Home Office"),
        ("USA:u-s-citizenship-and-immigration-services", "USCIS"), ("CAN:immigration-refugees-and-citizenship-canada", "IRCC"),
        ("FRA:institut-national-de-la-statistique-et-des-etudes-economiques", "INSEE"),
        # a state's development agency is a public body of that state, not an international organisation
        ("USA:united-states-agency-for-international-development", "USAID"),
        ("GBR:foreign-commonwealth-development-office", "FCDO"), ("CAN:global-affairs-canada", "Global Affairs Canada"),
        ("ITA:italian-agency-for-development-cooperation", "AICS"),
    ],
)
def test_spot_gov_bodies(body_id: str, surface: str) -> None:
    body = {b.id: b for b in load_gov_bodies()}[body_id]
    assert surface in body.names


def test_slugify() -> None:
    assert slugify("Planning Institute of Jamaica") == "planning-institute-of-jamaica"
    assert slugify("Secretaría de Gobernación") == "secretaria-de-gobernacion"
    assert slugify("  Foreign, Commonwealth & Development Office ") == "foreign-commonwealth-development-office"
    assert slugify("The World Bank") == "world-bank"  # a leading article is dropped
    assert slugify("Internation- al Organization") == "international-organization"  # a line-break hyphen is mended
    assert slugify("Conseil œcuménique des Églises") == "conseil-ocumenique-des-eglises"  # the one fold
    assert slugify("l’Office") == "office"
    assert is_slug("danish-refugee-council") and not is_slug("Danish Refugee Council")
