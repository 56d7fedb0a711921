"""Tiny fixture gazetteers for the tagging tests (scispacy style: small knowledge bases, not the real files).

The rows are written as in pipeline/resources and typed by the same parsers, so the taggers get the records
(pipeline.resources.gazetteers) they get in production.
"""
from __future__ import annotations

from pipeline.nlp.build import Gazetteers, create_pipeline
from pipeline.resources.gazetteers import parse_countries, parse_gov_bodies, parse_non_countries, parse_organizations
from pipeline.types import Span

COUNTRIES = [
    {"iso3": "MDA", "iso2": "MD", "name": {"en": "Moldova", "fr": "Moldavie", "es": "Moldavia"},
     "aliases": ["Republic of Moldova"], "demonyms": ["Moldovan"], "status": "member"},
    {"iso3": "CIV", "iso2": "CI", "name": {"en": "Côte d'Ivoire", "fr": "Côte d'Ivoire", "es": "Côte d'Ivoire"},
     "aliases": ["Ivory Coast"], "demonyms": ["Ivorian"], "status": "member"},
    {"iso3": "GIN", "iso2": "GN", "name": {"en": "Guinea", "fr": "Guinée", "es": "Guinea"}, "aliases": [],
     "demonyms": ["Guinean"], "status": "member", "ambiguous": True, "ambiguous_aliases": ["Guinea", "Guinée"]},
    {"iso3": "PNG", "iso2": "PG", "name": {"en": "Papua New Guinea", "fr": "Papouasie-Nouvelle-Guinée",
                                          "es": "Papúa Nueva Guinea"}, "aliases": [], "status": "member"},
    {"iso3": "GNQ", "iso2": "GQ", "name": {"en": "Equatorial Guinea", "fr": "Guinée équatoriale",
                                          "es": "Guinea Ecuatorial"}, "aliases": [], "status": "member"},
    {"iso3": "GNB", "iso2": "GW", "name": {"en": "Guinea-Bissau", "fr": "Guinée-Bissau", "es": "Guinea-Bisáu"},
     "aliases": [], "status": "member"},
    {"iso3": "NER", "iso2": "NE", "name": {"en": "Niger", "fr": "Niger", "es": "Níger"}, "aliases": [],
     "status": "member", "ambiguous": True, "ambiguous_aliases": ["Niger"]},
    {"iso3": "NGA", "iso2": "NG", "name": {"en": "Nigeria", "fr": "Nigéria", "es": "Nigeria"}, "aliases": [],
     "status": "member"},
    {"iso3": "HTI", "iso2": "HT", "name": {"en": "Haiti", "fr": "Haïti", "es": "Haití"}, "aliases": [],
     "status": "member"},
    {"iso3": "REU", "iso2": "RE", "name": {"en": "Réunion", "fr": "La Réunion", "es": "Reunión"},
     "aliases": ["Reunion", "La Reunion", "Réunion Island"], "status": "territory", "ambiguous": True,
     "ambiguous_aliases": ["Reunion", "Reunión", "Réunion"]},
    {"iso3": "RUS", "iso2": "RU", "name": {"en": "Russian Federation", "fr": "Fédération de Russie",
                                          "es": "Federación de Rusia"}, "aliases": ["Russia"], "status": "member"},
    {"iso3": "MEX", "iso2": "MX", "name": {"en": "Mexico", "fr": "Mexique", "es": "México"}, "aliases": [],
     "demonyms": ["Mexican"], "status": "member"},
    {"iso3": "JEY", "iso2": "JE", "name": {"en": "Jersey", "fr": "Jersey", "es": "Jersey"}, "aliases": [],
     "status": "territory", "ambiguous": True, "ambiguous_aliases": ["Jersey"]},
    {"iso3": "GEO", "iso2": "GE", "name": {"en": "Georgia", "fr": "Géorgie", "es": "Georgia"}, "aliases": [],
     "status": "member", "ambiguous": True, "ambiguous_aliases": ["Georgia"]},
    {"iso3": "JOR", "iso2": "JO", "name": {"en": "Jordan", "fr": "Jordanie", "es": "Jordania"}, "aliases": [],
     "status": "member", "ambiguous": True, "ambiguous_aliases": ["Jordan"]},
    {"iso3": "TCD", "iso2": "TD", "name": {"en": "Chad", "fr": "Tchad", "es": "Chad"}, "aliases": [],
     "status": "member", "ambiguous": True, "ambiguous_aliases": ["Chad"]},
    {"iso3": "TUR", "iso2": "TR", "name": {"en": "Türkiye", "fr": "Turquie", "es": "Turquía"},
     "aliases": ["Turkey"], "status": "member", "ambiguous": True, "ambiguous_aliases": ["Turkey"]},
    {"iso3": "USA", "iso2": "US", "name": {"en": "United States", "fr": "États-Unis", "es": "Estados Unidos"},
     "aliases": ["United States of America", "US", "USA"], "status": "member", "ambiguous_aliases": ["US"]},
    {"iso3": "GBR", "iso2": "GB", "name": {"en": "United Kingdom", "fr": "Royaume-Uni", "es": "Reino Unido"},
     "aliases": ["UK"], "status": "member"},
    {"iso3": "COD", "iso2": "CD", "name": {"en": "Democratic Republic of the Congo",
                                          "fr": "République démocratique du Congo",
                                          "es": "República Democrática del Congo"},
     "aliases": ["DRC", "DR Congo"], "status": "member"},
    {"iso3": "ITA", "iso2": "IT", "name": {"en": "Italy", "fr": "Italie", "es": "Italia"}, "aliases": [],
     "demonyms": ["Italian"], "status": "member"},
    {"iso3": "ALB", "iso2": "AL", "name": {"en": "Albania", "fr": "Albanie", "es": "Albania"}, "aliases": [],
     "demonyms": ["Albanian"], "status": "member"},
    {"iso3": "JAM", "iso2": "JM", "name": {"en": "Jamaica", "fr": "Jamaïque", "es": "Jamaica"}, "aliases": [],
     "demonyms": ["Jamaican"], "status": "member"},
    {"iso3": "MAR", "iso2": "MA", "name": {"en": "Morocco", "fr": "Maroc", "es": "Marruecos"}, "aliases": [],
     "demonyms": ["Moroccan"], "status": "member"},
    {"iso3": "SRB", "iso2": "RS", "name": {"en": "Serbia", "fr": "Serbie", "es": "Serbia"}, "aliases": [],
     "demonyms": ["Serbian"], "status": "member"},
    {"iso3": "DNK", "iso2": "DK", "name": {"en": "Denmark", "fr": "Danemark", "es": "Dinamarca"}, "aliases": [],
     "demonyms": ["Danish"], "status": "member"},
]
NON_COUNTRIES = ["Horn of Africa", "Sahel", "Middle East", "New Mexico", "New Jersey", "New South Wales",
                 "Gulf of Guinea", "Lake Chad", "Niger Delta"]
ORGANIZATIONS = [
    {"id": "IOM", "names": ["International Organization for Migration", "Organisation internationale pour les "
                            "migrations"], "acronyms": ["IOM", "OIM"], "type": "un"},
    {"id": "UNHCR", "names": ["United Nations High Commissioner for Refugees"], "acronyms": ["UNHCR"],
     "type": "un"},
    {"id": "UNGA", "names": ["General Assembly", "United Nations General Assembly"], "acronyms": ["UNGA"],
     "type": "un"},
    {"id": "HRC", "names": ["Human Rights Council"], "acronyms": ["HRC"], "type": "un",
     "ambiguous_acronyms": ["HRC"]},
    {"id": "KNOMAD", "names": ["Global Knowledge Partnership on Migration and Development"],
     "acronyms": ["KNOMAD"], "type": "network"},
    {"id": "DRC-NGO", "names": ["Danish Refugee Council"], "acronyms": ["DRC"], "type": "ngo",
     "ambiguous_acronyms": ["DRC"]},
    {"id": "UN-Women", "names": ["United Nations Entity for Gender Equality and the Empowerment of Women"],
     "acronyms": ["UN-Women"], "type": "un"},
    {"id": "GCM", "names": ["Global Compact for Safe, Orderly and Regular Migration"], "acronyms": ["GCM"],
     "type": "framework"},
    {"id": "IGAD", "names": ["Intergovernmental Authority on Development"], "acronyms": ["IGAD"], "type": "regional"},
    {"id": "IGAD-RCP", "names": ["IGAD Regional Consultative Process on Migration"], "acronyms": [],
     "type": "forum"},
    {"id": "AU", "names": ["African Union"], "acronyms": ["AU"], "type": "regional"},
    {"id": "agenda-2063", "names": ["African Union Agenda 2063"], "acronyms": [], "type": "framework"},
    {"id": "EU", "names": ["European Union"], "acronyms": ["EU", "UE"], "type": "regional"},
    {"id": "HLPF", "names": ["High-level Political Forum on Sustainable Development"], "acronyms": ["HLPF"],
     "type": "un"},
    {"id": "REACH", "names": ["REACH"], "acronyms": [], "type": "ngo"},
    {"id": "eu-iom-joint-initiative", "names": ["EU-IOM Joint Initiative", "Initiative conjointe UE-OIM",
                                                "Initiative conjointe OIM-FFUE"], "acronyms": [],
     "type": "initiative"},
]
GOV_BODIES = [
    {"id": "JAM:planning-institute-of-jamaica", "country": "JAM", "names": ["Planning Institute of Jamaica",
                                                                         "PIOJ"]},
    {"id": "DOM:oficina-nacional-de-estadistica", "country": "DOM", "names": ["Oficina Nacional de Estadística",
                                                                           "ONE"]},
    {"id": "MEX:direccion-de-estudios", "country": "MEX", "names": ["Dirección de Estudios", "DIE"]},
]
FIXTURES = Gazetteers(countries=parse_countries(COUNTRIES, source="fixture countries"),
                      non_countries=parse_non_countries(NON_COUNTRIES, source="fixture non-countries"),
                      organizations=parse_organizations(ORGANIZATIONS, source="fixture organizations"),
                      gov_bodies=parse_gov_bodies(GOV_BODIES, source="fixture gov bodies"))

_NLP = None


def fixture_nlp():
    """A pipeline built on the fixture gazetteers, without the finder components (built once per session)."""
    global _NLP
    if _NLP is None:
        _NLP = create_pipeline(gazetteers=FIXTURES, finders=False)
    return _NLP


def tagged(text: str, label: str) -> list[tuple[str, str]]:
    """(surface, canonical id) of the spans of one label that tag_text finds with the fixture pipeline."""
    from pipeline.tag import tag_text

    spans: list[Span] = tag_text(text, nlp=fixture_nlp())
    return [(text[s.start:s.end], s.canonical_id) for s in spans if s.label == label]
