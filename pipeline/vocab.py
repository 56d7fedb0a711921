"""The shared vocabulary of nexus, defined once: languages, migration labels and theme ids, the SDG id prefix.

Every stage imports these names from here (tagging, linking, classification, outputs), so a new language or
theme is added in one place; the data files of pipeline/resources are checked against them when loaded.
"""
from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("en", "fr", "es")
"""The languages nexus tags and classifies (reports in other languages are read as English)."""
DEFAULT_LANGUAGE = "en"

THEME_LABEL = "MIGRATION_THEME"
"""The mention label of a migration theme (canonical id: one of THEME_IDS)."""
GENERIC_LABEL = "MIGRATION"
"""The label of a bare migration word ("migrants", "migración"): a link source, never written as a mention."""
GENERIC_ID = "migration"
"""The canonical id of GENERIC_LABEL mentions and the link source of migration in general."""
THEME_IDS: tuple[str, ...] = (
    "labour_migration", "remittances", "diaspora", "refugees_asylum", "internal_migration", "irregular_migration",
    "trafficking_smuggling", "return_reintegration", "integration_inclusion", "migration_governance",
    "migration_data", "circular_migration", "gender_migration", "environmental_migration",
)
"""The migration theme ids of the output contract, in the order of resources/themes.json."""

SDG_PREFIX = "SDG:"
"""Canonical ids of SDG goals, targets and indicators are this prefix and the dotted code ("SDG:10.7")."""

ARTICLES = frozenset({"the", "la", "le", "les", "el", "los", "las", "l"})
"""Folded definite articles (en, fr, es) that a name may open with and a slug leaves out."""
