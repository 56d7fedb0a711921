"""The vocabulary of organisation names: head words, generic and blocking words, the content words of a name."""
from __future__ import annotations

import re

from pipeline.nlp.entities.chunks import CONNECTORS
from pipeline.nlp.fold import fold
from pipeline.nlp.search import WORD_END, literal_words

LABEL = "ORG"
MIN_CONTENT_WORDS = 2
"""A name found around a head word needs this many content words besides the head."""
HEAD_ALTERNATIVES = (
    r"(?:Organi[sz]ation|Organizaci[óo]n|Agency|Institute|Instituto|Institut|Network|Forum|Group|"
    r"Alliance|Foundation|Fondation|Fundaci[óo]n|Fondazione|Association|Asociaci[óo]n|Associazione|Centre|"
    r"Center|Centro|Council|Programme|Program|Programa|Initiative|Fund|Fonds|Fondo|Bank|Banque|Banco|Union|"
    r"Commission|Committee|Comit[ée]|Federation|F[ée]d[ée]ration|Society|Soci[ée]t[ée]|University|"
    r"Universit[ée]|Universidad|Partnership|Coalition|Consortium|Platform|Plateforme|Movement|Trust|"
    r"Observatory|Observatoire|Academy|R[ée]seau|Secretariat|Facility|Hub|Division)")
HEAD_RE = re.compile(HEAD_ALTERNATIVES + WORD_END)
HEAD_WORDS = frozenset(fold(word) for word in literal_words(HEAD_ALTERNATIVES))
"""The fold of every word HEAD_RE matches (pipeline.nlp.search.token_matches finds its matches from the view)."""
ROMANCE_HEADS = frozenset({"organizacion", "instituto", "institut", "fondation", "fundacion", "fondazione",
                           "asociacion", "associazione", "centro", "programa", "fonds", "fondo", "banque", "banco",
                           "comite", "federation", "societe", "universite", "universidad", "reseau", "plateforme",
                           "observatoire"})
# Head words (besides HEAD_RE's) of names the document defines an acronym for.
DEFINED_HEADS = frozenset({"project", "projet", "proyecto", "plan", "process", "processus", "proceso", "mechanism",
                           "mecanisme", "mecanismo", "campaign", "campagne", "campana", "portal", "portail",
                           "laboratory", "lab", "team"})
PLAN_HEADS = frozenset({"plan", "plans"})
"""A plan is an organisation-like initiative only where the text calls it one (INITIATIVE_RE in its sentence)."""
INITIATIVE_WORDS = (r"(?:initiatives?|programmes?|programs?|projects?|projets?|proyectos?|programas?|platforms?|"
                    r"partnerships?)")
INITIATIVE_PATTERNS = (
    r"{name}(?:\s*\([^()]{{1,15}}\))?\s+" + INITIATIVE_WORDS + r"\b",
    r"\b" + INITIATIVE_WORDS + r"\s+(?:such as|like|including)\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}{name}",
    r"{name}\W+(?:[\w’'()-]+\W+){{0,12}}?as an?\s+(?:[\w-]+\s+){{0,2}}" + INITIATIVE_WORDS + r"\b",
    r"{name}(?:\s*\([^()]{{1,15}}\))?(?:\s+[\w’'-]+){{0,6}},?\s+(?:is|was|serves as|remains)?\s*an?\s+"
    r"(?:[\w-]+\s+){{0,3}}" + INITIATIVE_WORDS + r"\b",
)
"""How a text calls a plan (its name or acronym, ``{name}``) an initiative: "the MRP programme", "initiatives such
as the regional Migrant Response Plan", "the Migrant Response Plan ... as a key initiative"."""
UN_PREFIX = "United Nations "
UN_SHORT_PREFIX = "UN "
"""Gazetteer names "United Nations X" are also written "UN X" ("UN Children's Fund" is UNICEF, not UN)."""
# Frameworks, treaties, agendas, declarations and the like are not organisations even when they are defined.
DEFINITION_BLOCK_WORDS = frozenset(
    "framework frameworks convention conventions treaty treaties agenda declaration compact protocol conference "
    "summit report resolution agreement act law strategy policy goal goals target targets indicator indicators "
    "guidelines principles index survey census assessment evaluation review standards standard".split())
GENERIC_WORDS = frozenset(
    "project steering technical working advisory management coordination coordinating regional country local "
    "joint task reference expert experts evaluation implementation support programme program executive core sub "
    "thematic new main central overall inter agency agencies sectoral multi stakeholder stakeholders partner "
    "partners donor donors government governments monitoring oversight consultative sector level high senior "
    "staff team unit field head headquarters member members states state all various relevant key this that "
    "national international global world organization organisation organizations organisations group groups "
    "committee committees council councils network networks forum fund funds initiative initiatives bank banks "
    "union office offices centre center institute institutes platform hub facility secretariat partnership "
    "partnerships association associations foundation commission board i ii iii iv first second third annual "
    "special ad hoc permanent standing general public private civil society societies community communities "
    "interagency inter-agency operational strategic policy final mid term review".split())
BLOCK_WORDS = frozenset(
    "conference summit convention declaration agenda compact protocol report plan strategy framework dialogue "
    "meeting meetings session resolution agreement act law policy day week year decade guidelines principles "
    "handbook manual toolkit matrix table figure annex chapter section box survey index study assessment "
    "evaluation questionnaire template".split())
LAW_NOT_DOCUMENT = {"law": (frozenset({"enforcement"}), frozenset({"international", "humanitarian", "refugee",
                                                                  "environmental", "trade"}))}
"""A block word that, with one of these words after or before it, names a field, not a document: "Law
Enforcement Authorities", "International Law Institute" (not "Law on Foreigners")."""


def blocked_name(words: tuple[str, ...]) -> bool:
    """Whether a name's folded words hold a word that makes it a document, a meeting or a plan (BLOCK_WORDS)."""
    for i, word in enumerate(words):
        if word not in BLOCK_WORDS:
            continue
        field = LAW_NOT_DOCUMENT.get(word)
        if field is not None and ((i + 1 < len(words) and words[i + 1] in field[0])
                                  or (i and words[i - 1] in field[1])):
            continue
        return True
    return False


CUT_HEADS = frozenset({"ministry", "ministere", "ministerio", "municipality", "department", "government",
                       "organization", "organisation", "agency", "office"})


BODY_HEADS = frozenset({"commission", "committee", "centre", "center", "network", "bank", "fund", "institute",
                        "agency", "secretariat", "council", "division", "facility", "foundation", "academy",
                        "observatory", "university", "federation", "organization", "organisation"})
"""Head words of a body named after a known organisation (not its forums, partnerships or programmes)."""


def content_words(words: tuple[str, ...]) -> list[str]:
    """The folded words of a name that are neither connectors nor punctuation."""
    return [w for w in words if w not in CONNECTORS and w[0].isalnum()]
