"""Tests of the migration-theme finder and the lexicon in resources/themes.json."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.clean import BREAK_HYPHEN_RE
from pipeline.nlp.finders.themes import FOLDED_BREAK_HYPHEN_RE, THEMES_JSON, find, find_generic, lexicon_terms
from pipeline.nlp.fold import fold
from pipeline.vocab import THEME_IDS

CONTRACT_THEMES = {
    "labour_migration", "remittances", "diaspora", "refugees_asylum", "internal_migration", "irregular_migration",
    "trafficking_smuggling", "return_reintegration", "integration_inclusion", "migration_governance",
    "migration_data", "circular_migration", "gender_migration", "environmental_migration",
}


def themes(text: str, language: str = "en") -> set[str]:
    """Theme ids found in text."""
    return {s.canonical_id for s in find(text, language=language)}


def test_lexicon_covers_exactly_the_contract_themes_in_three_languages() -> None:
    assert set(THEME_IDS) == CONTRACT_THEMES
    assert tuple(lexicon_terms()) == THEME_IDS
    data = json.loads(Path(THEMES_JSON).read_text(encoding="utf-8"))
    for theme in CONTRACT_THEMES:
        for lang in ("en", "fr", "es"):
            assert data[theme][lang], (theme, lang)


CASES = [
    ("labour_migration", "en", "Protecting migrant workers and fair recruitment."),
    ("labour_migration", "fr", "Les travailleuses migrantes et les travailleurs migrants."),
    ("labour_migration", "es", "Los trabajadores migratorios temporales."),
    ("remittances", "en", "The cost of sending remittances fell."),
    ("remittances", "fr", "Les transferts de fonds des migrants."),
    ("remittances", "es", "Las remesas crecieron."),
    ("diaspora", "en", "Engaging nationals abroad and the diaspora."),
    ("diaspora", "fr", "Engagement de la diaspora guinéenne."),
    ("diaspora", "es", "Los mexicanos en el exterior."),
    ("refugees_asylum", "en", "Refugees and asylum seekers need international protection."),
    ("refugees_asylum", "fr", "Les réfugiés et demandeurs d’asile."),
    ("refugees_asylum", "es", "La condición de refugiado y el asilo."),
    ("internal_migration", "en", "Internally displaced persons (IDPs) and rural-urban migration."),
    ("internal_migration", "fr", "Les personnes déplacées internes."),
    ("internal_migration", "es", "El desplazamiento interno."),
    ("irregular_migration", "en", "Undocumented migrants in an irregular status."),
    ("irregular_migration", "fr", "La migration irrégulière vers l’Europe."),
    ("irregular_migration", "es", "Migrantes en situación migratoria irregular."),
    ("trafficking_smuggling", "en", "Trafficking in persons and smuggling of migrants."),
    ("trafficking_smuggling", "fr", "La traite des personnes."),
    ("trafficking_smuggling", "es", "La trata de personas."),
    ("return_reintegration", "en", "Assisted voluntary return and reintegration of returnees."),
    ("return_reintegration", "fr", "La réintégration des migrants de retour."),
    ("return_reintegration", "es", "Los migrantes retornados y el retorno asistido."),
    ("integration_inclusion", "en", "Xenophobia and the integration of migrants."),
    ("integration_inclusion", "fr", "La xénophobie envers les migrants."),
    ("integration_inclusion", "es", "La integración de los migrantes."),
    ("migration_governance", "en", "Mainstreaming migration and a national migration policy."),
    ("migration_governance", "fr", "La politique migratoire nationale."),
    ("migration_governance", "es", "La política migratoria del Estado."),
    ("migration_data", "en", "Migration statistics disaggregated by migratory status."),
    ("migration_data", "fr", "Les statistiques migratoires."),
    ("migration_data", "es", "Las estadísticas migratorias."),
    ("circular_migration", "en", "Circular migration and temporary migration schemes."),
    ("circular_migration", "fr", "La migration circulaire."),
    ("circular_migration", "es", "La migración circular."),
    ("gender_migration", "en", "Women migrant workers and gender-responsive migration."),
    ("gender_migration", "fr", "Les femmes migrantes."),
    ("gender_migration", "es", "Las mujeres migrantes."),
    ("environmental_migration", "en", "Disaster displacement and climate migration."),
    ("environmental_migration", "fr", "Les migrations climatiques."),
    ("environmental_migration", "es", "La migración climática."),
]


@pytest.mark.parametrize(("theme", "language", "text"), CASES)
def test_theme_per_language(theme: str, language: str, text: str) -> None:
    assert theme in themes(text, language)


def test_hyphen_and_line_break_damage() -> None:
    text = "Support to the rein- tegration of returnees and the reinte-\ngration of migrants."
    found = find(text)
    assert {s.canonical_id for s in found} == {"return_reintegration"}
    assert all(text[s.start:s.end].startswith("rein") for s in found)


def test_span_slices_to_surface() -> None:
    text = "Namibia has a Migration Policy\nin place."
    (s,) = find(text)
    assert text[s.start:s.end] == "Migration Policy" and s.canonical_id == "migration_governance"


@pytest.mark.parametrize(
    "text",
    [
        "We completed the data migration to a new server.",
        "Bird migration peaks in spring.",
        "Migratory locusts damaged crops.",
        "Former offenders were re-integrated into society.",
        "Poverty, climate change, war and other problems persist.",
        "The migration of the database took a week.",
        "Migration and migrants are discussed here.",
        "Social cohesion in schools improved.",
        "Drug trafficking rose.",
    ],
)
def test_negatives(text: str) -> None:
    assert themes(text) == set()


def test_context_terms_need_a_migration_word() -> None:
    assert themes("Social cohesion between migrants and host communities.") == {"integration_inclusion"}
    assert themes("Social cohesion in rural districts.") == set()


def test_generic_migration_words() -> None:
    text = "Migration and migrants; la migración; flux migratoires; data migration; migratory birds."
    found = find_generic(text)
    assert [text[s.start:s.end] for s in found] == ["Migration", "migrants", "migración", "migratoires"]
    assert {(s.label, s.canonical_id) for s in found} == {("MIGRATION", "migration")}


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_property_never_raises_and_offsets_valid(text: str) -> None:
    for s in find(text) + find_generic(text):
        assert 0 <= s.start < s.end <= len(text)


def test_migration_status_needs_a_data_word() -> None:
    assert "migration_data" not in themes("All migrants, regardless of their migration status, have rights.")
    assert "migration_data" in themes("Census data disaggregated by migratory status are scarce.")
    assert "migration_data" in themes("Collect statistics on income by migration status for all migrants.")


def test_host_communities_alone_are_not_integration() -> None:
    assert "integration_inclusion" not in themes("Protection needs of migrants and host communities were met.")
    assert "integration_inclusion" in themes("Social cohesion between migrants and host communities improved.")


@pytest.mark.parametrize("language, text", [
    ("en", "We studied the effects of climate change on migration in the Sahel."),
    ("fr", "Réduire les effets négatifs du changement climatique sur la migration en Afrique de l’Ouest."),
    ("es", "El desplazamiento provocado por el cambio climático aumenta."),
])
def test_climate_and_migration_in_one_clause(language: str, text: str) -> None:
    assert "environmental_migration" in themes(text, language)


@pytest.mark.parametrize("text", [
    "Topics: migration, climate change, gender.",
    "Migration rose. Climate change is a global threat.",
    "Climate change affects crops; the data migration to the cloud finished.",
])
def test_climate_and_migration_in_different_clauses(text: str) -> None:
    assert "environmental_migration" not in themes(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcXYZ-\u2010\u2011 \t\n\r.,", max_size=40))
def test_folded_break_pattern_is_the_clean_pattern_on_folded_text(text: str) -> None:
    """The themes' fast pattern finds exactly the breaks pipeline.clean.BREAK_HYPHEN_RE finds in a folded text."""
    folded = fold(text)
    assert [m.span() for m in FOLDED_BREAK_HYPHEN_RE.finditer(folded)] == \
        [m.span() for m in BREAK_HYPHEN_RE.finditer(folded)]


@pytest.mark.parametrize(
    ("text", "language", "theme"),
    [
        ("disasters, including those related to the adverse effects of climate change, which may contribute to "
         "displacement", "en", "environmental_migration"),
        ("preventing sexual and gender-based violence against refugee and returnee women", "en", "gender_migration"),
        ("the voluntary repatriation, local integration and resettlement of refugees", "en", "integration_inclusion"),
        ("adopter une approche transformative du genre dans tous les volets du projet pour les migrants", "fr",
         "gender_migration"),
    ],
)
def test_forced_mobility_words_give_context_terms_their_migration_context(text: str, language: str,
                                                                         theme: str) -> None:
    assert theme in themes(text, language)


def test_context_terms_without_any_mobility_word_are_not_themes() -> None:
    assert not themes("The adverse effects of climate change on crops and the local integration of markets.")
    assert not themes("Programmes preventing gender-based violence in schools.")


def test_se_trata_de_personas_is_a_verb_not_trafficking() -> None:
    assert "trafficking_smuggling" not in themes("Si se trata de personas extranjeras, la visa es necesaria.", "es")
    assert "trafficking_smuggling" in themes("La ley combate la trata de personas.", "es")


@pytest.mark.parametrize("text, expected", [
    ("eliminate all forms of violence against all women and girls, including trafficking and sexual and other types "
     "of exploitation", {"trafficking_smuggling"}),
    ("the trafficking of children and the trafficking in children", {"trafficking_smuggling"}),
    ("combating drug trafficking and organized crime that harm women and children", set()),
    ("illicit trafficking in wildlife, which affects the livelihoods of persons", set()),
    ("Reaffirms that trafficking, terrorism and crime threaten peace and security", set()),
])
def test_bare_trafficking_is_a_theme_only_when_people_are_trafficked(text: str, expected: set[str]) -> None:
    assert themes(text) == expected


@pytest.mark.parametrize("text", [
    "a joint declaration on the dignified return of refugees of the Central African Republic to their country",
    "the return of Central African refugees",
    "le retour volontaire des réfugiés burundais",
    "améliorer le soutien au retour de migrants sénégalais",
    "el retorno de los desplazados internos",
    "to facilitate refugee returns",
    "the voluntary repatriation of refugees",
    "the repatriation of stranded nationals",
])
def test_the_return_of_refugees_and_displaced_persons_is_return_migration(text: str) -> None:
    assert "return_reintegration" in themes(text, "fr" if "retour" in text else "es" if "retorno" in text else "en")


@pytest.mark.parametrize("text", [
    "the repatriation of live illegally traded wildlife to its countries of origin",
    "a return to constitutional order",
    "the return of stolen assets to their countries of origin",
    "the return of investment on the programme",
])
def test_returns_of_things_are_no_return_migration(text: str) -> None:
    assert "return_reintegration" not in themes(text)


def test_irregular_channels_of_people_fleeing_are_irregular_migration() -> None:
    text = "with thousands fleeing the country, often through irregular channels and facing risks of abuse"
    assert "irregular_migration" in themes(text)
    assert "irregular_migration" not in themes("the funds were moved through irregular channels")


def test_data_on_smuggling_routes_is_migration_data() -> None:
    assert "migration_data" in themes("to collect data from Member States on migrant smuggling routes and modi operandi")
    assert "migration_data" not in themes("to dismantle migrant smuggling routes across the desert")
