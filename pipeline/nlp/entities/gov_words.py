"""The vocabulary of public-body names: head nouns (en/fr/es), qualifiers, and the words that make a name no body.

A public body is named by a head noun ("Ministry", "Ministère", "Secretaría", "Commission") with its complement
("of Women, Youth and Persons with Disabilities"). Inherently governmental heads always make a body; qualified heads
(agency, office, council, committee, institute...) need a national qualifier, a country, or the "Department of"
form. Publications, gazettes, plans and strategies named after a body ("Diario Oficial de la Federación",
"Department of Health Strategic Plan") are not bodies, and the departments of an international organisation ("IOM's
Department of Operations", "UNHCR Division of International Protection") are not bodies of a state.
"""
from __future__ import annotations

import re

from pipeline.nlp.fold import fold
from pipeline.nlp.search import WORD_END, literal_words

LABEL = "GOV_BODY"

INHERENT_HEADS = frozenset({
    "ministry", "ministries", "ministere", "ministeres", "ministerio", "ministerios", "municipality", "municipalite",
    "municipio", "commissariat", "parliament", "parlement", "parlamento", "chancellery", "chancellerie", "cancilleria",
    "prefecture", "governorate", "senate", "senat", "senado", "secretaria", "secretarias", "mairie", "ayuntamiento",
    "alcaldia", "gobernacion"})
QUALIFIED_HEADS = frozenset({
    "department", "departamento", "office", "oficina", "directorate", "direction", "direccion", "commission",
    "comision", "agency", "agence", "agencia", "institute", "instituto", "institut", "council", "conseil", "consejo",
    "board", "bureau", "authority", "autorite", "autoridad", "assembly", "assemblee", "asamblea", "police", "policia",
    "service", "services", "servicio", "embassy", "ambassade", "embajada", "presidency", "presidence", "presidencia",
    "inspectorate", "registry", "secretariat", "secretariado", "camara", "committee", "comite", "cabinet", "gabinete",
    "administration", "administracion", "corps", "cuerpo"})
COUNTRY_IN_WORDS = frozenset({"en"})
"""The French/Spanish word that places a body in its country ("Police Frontalière en Haïti"); English "in" after
a name is where it is, not whose ("Tirana Municipality in Albania")."""
PLACE_HEADS = frozenset({"municipality", "municipalite", "municipio", "mairie", "ayuntamiento", "alcaldia",
                         "prefecture", "governorate"})
"""Heads whose name is a place ("Bologna Municipality", "Municipality of Milan"): no coordination joins them."""
# Heads that a demonym ("Italian", "Moroccan") makes governmental; "Danish Refugee Council" stays an NGO.
DEMONYM_HEADS = INHERENT_HEADS | frozenset({
    "department", "office", "directorate", "agency", "police", "service", "embassy", "presidency", "government",
    "administration", "cabinet"})
LOWERCASE_NAME_HEADS = frozenset({"ministere", "ministeres", "ministerio", "ministerios", "secretaria", "secretarias",
                                  "direction", "direccion", "institut", "instituto", "agence", "agencia", "conseil",
                                  "consejo", "comision", "comite", "oficina", "police", "policia", "corps",
                                  "cuerpo"})
NATIONAL_QUALIFIERS = frozenset({"national", "nationale", "nacional", "federal", "federale", "state", "royal",
                                 "presidential", "provincial", "municipal", "county", "city", "town", "district",
                                 "regional", "metropolitan", "local"})
LOCAL_QUALIFIERS = frozenset({"regional", "metropolitan", "local", "district"})
"""Qualifiers that make a body only with a place or country in the name ("Mbhashe Local Municipality")."""
EXECUTIVE_WORDS = frozenset({"president", "prime", "presidente", "premier", "vice", "minister", "ministre"})
INTERNATIONAL_WORDS = frozenset({"united", "nations", "un", "international", "internationale", "internacional",
                                 "global", "world", "mondial", "mundial", "european", "europeenne", "europea",
                                 "africa", "african", "americas", "intergovernmental", "inter", "iom", "oim",
                                 "unhcr", "undp", "ilo", "who", "unicef", "eu", "oecd", "au", "ecowas", "igad"})
PROJECT_WORDS = frozenset(
    "steering technical working advisory management coordination coordinating project programme program joint task "
    "reference expert experts evaluation implementation support executive core sub thematic sectoral multi "
    "stakeholder stakeholders consultative senior staff team unit field headquarters country".split())
"""Words of a project's or an organisation's own structures: "National Steering Committee", "Country Office"..."""
OFFICE_HEADS = frozenset({"office", "bureau", "oficina"})
ORG_OFFICE_WORDS = frozenset({"regional", "country", "field", "liaison", "sub", "sous", "pays", "area", "suboffice"})
"""An office so qualified is an organisation's ("Senegal Country Office", "Nairobi Regional Office")."""
PLACED_HEADS = frozenset({"council", "conseil", "consejo", "assembly", "assemblee", "asamblea", "police", "policia",
                          "administration", "administracion", "authority", "autorite", "autoridad", "board"})
"""Heads that a town named in the body's name makes governmental ("Windhoek City Council")."""
STATE_DOMAIN_HEADS = frozenset({"directorate", "direction", "direccion", "inspectorate", "service", "services",
                                "servicio", "agency", "agence", "agencia", "authority", "autorite", "autoridad",
                                "registry", "administration", "administracion", "office", "oficina", "department",
                                "departamento"})
STATE_DOMAIN_WORDS = frozenset({
    "foreigners", "foreigner", "aliens", "border", "borders", "immigration", "emigration", "emigrants", "customs",
    "passports", "passport", "nationality", "citizenship", "naturalization", "naturalisation", "labour", "labor",
    "treasury", "taxation", "revenue", "revenues", "identification", "gendarmerie", "prisons", "penitentiary",
    "etrangers", "frontieres", "frontiere", "emigration", "douanes", "extranjeria", "extranjeros", "migraciones",
    "fronteras", "aduanas", "trabajo", "hacienda", "travail", "naturalizacion", "identificacion"})
"""A department, directorate, inspectorate, service, agency or authority "of Foreigners and Border", "of
Immigration", "Labour ...": the powers of a state, so a body of one ("Directorate of Foreigners and Border",
"General Labor Inspectorate", "Dirección de Migraciones"), unless it is international by its words."""
CABINET_HEADS = frozenset({"council", "conseil", "consejo"})
CABINET_WORDS = frozenset({"ministers", "ministres", "ministros"})
"""A council of ministers ("Council of Ministers", "Ministers' Council", "Conseil des ministres") is a government's."""
PLAIN_WORDS = frozenset("main central overall high level new general special ad hoc permanent standing".split())
"""...which stay generic with these words around them."""
PUBLICATION_RE = re.compile(
    r"\b(?:Diario Oficial|Official Gazette|Gazette|Gaceta|Journal Officiel|Bolet[íi]n Oficial|Bulletin Officiel|"
    r"Official Journal|Official Records)\b", re.IGNORECASE)
"""A publication named like a body ("Diario Oficial de la Federación", "Official Gazette of the Republic")."""
DOCUMENT_WORDS = frozenset({"plan", "plans", "strategy", "strategie", "estrategia", "report", "rapport", "informe",
                            "framework", "act", "law", "loi", "ley", "bill", "decree", "decret", "decreto", "budget",
                            "guidelines", "regulations", "reglamento", "survey", "census", "website", "portal"})
"""Words after which a name is a document or a programme, not a body ("Department of Health Strategic Plan")."""
DOCUMENT_MODIFIERS = frozenset({"strategic", "annual", "action", "master", "operational", "performance",
                                "development", "implementation", "sector", "sectoral", "integrated", "medium", "term",
                                "five", "year", "budget", "national", "plan", "work", "business", "revised"})
"""Words that open a document's name before its head ("Strategic Plan", "Annual Performance Report")."""
ACADEMIC_RE = re.compile(r"\b(?:Universit(?:y|é|ies)|Universidad|College|School|Faculty|Facult[ée]|Facultad)\b")
"""An academic unit: a "Department of Economics" next to one of these is a university's, not a state's."""
ACADEMIC_WINDOW = 60
ORG_OWNER_WINDOW = 3
"""View tokens before a body's name read for the organisation that owns it ("IOM's Department of ...")."""
PLURAL_HEADS = {"ministries": "Ministry", "ministeres": "Ministère", "ministerios": "Ministerio",
                "secretarias": "Secretaría"}
"""A plural head names one body per complement ("Secretarías de Gobernación y de Relaciones Exteriores")."""
LOWER_HEAD_FOLLOW_RE = re.compile(r"\s+(?:de|des|du|del|d['’])\s*\S", re.IGNORECASE)
DEPARTMENT_HEADS = frozenset({"department", "departamento"})

HEAD_ALTERNATIVES = (
    r"(?:Ministr(?:y|ies)|Minist[eè]res?|Ministerios?|Municipalit(?:y|é)|Municipio|Commissariat|"
    r"Parliament|Parlement|Parlamento|Chancellery|Chancellerie|Canciller[íi]a|Prefecture|Pr[ée]fecture|"
    r"Governorate|Senate|S[ée]nat|Senado|Secretar[íi]as?|Mairie|Ayuntamiento|Alcald[íi]a|Gobernaci[óo]n|"
    r"Department|Departamento|Office|Oficina|Directorate|Direction|Direcci[óo]n|Commission|Comisi[óo]n|Agency|"
    r"Agence|Agencia|Institute|Instituto|Institut|Council|Conseil|Consejo|Board|Bureau|Authority|Autorit[ée]|"
    r"Autoridad|Assembly|Assembl[ée]e|Asamblea|Police|Polic[íi]a|Services?|Servicio|Embassy|Ambassade|"
    r"Embajada|Presidency|Pr[ée]sidence|Presidencia|Inspectorate|Registry|Secretariat|Secretariado|C[áa]mara|"
    r"Committee|Comit[ée]|Cabinet|Gabinete|Administration|Administraci[óo]n|Corps|Cuerpo|"
    r"minist[eè]res?|ministerios?|secretar[íi]as?|direction|direcci[óo]n)")
HEAD_RE = re.compile(HEAD_ALTERNATIVES + WORD_END)
HEAD_WORDS = frozenset(fold(word) for word in literal_words(HEAD_ALTERNATIVES))
"""The fold of every word HEAD_RE matches (pipeline.nlp.search.token_matches finds its matches from the view)."""
