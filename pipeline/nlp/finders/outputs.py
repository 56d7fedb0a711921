"""Find numbered programme outputs and outcomes ('Output 1.2', 'Outcome 2', 'Produit 1.1', 'Resultado 2').

Besides named results, a numbered list introduced by a line ending in "Outcomes:" or "Outputs:" ("the following
Intermediate Outcomes:" then "1. Increased capacities ...", "2. ...") gives one result per item, its span the
item's number and statement.
"""
from __future__ import annotations

import re

from pipeline.nlp.search import anchored_finditer
from pipeline.types import Span

LABEL = "OUTPUT"
OUTPUT_PREFIX = "OUTPUT:"
OUTCOME_PREFIX = "OUTCOME:"

# Capitalised heads only: numbered results of a logframe are written as names ('Output 1.2'), not as prose.
OUTPUT_WORDS = ("Output", "Outputs", "OUTPUT", "OUTPUTS", "Produit", "Produits", "PRODUIT", "Extrant", "Extrants",
                "EXTRANT", "Producto", "Productos", "PRODUCTO")
OUTCOME_WORDS = ("Outcome", "Outcomes", "OUTCOME", "OUTCOMES", "Résultat", "Résultats", "Resultat", "RÉSULTAT",
                 "Resultado", "Resultados", "RESULTADO")
_QUALIFIER_WORDS = (r"Immediate|Intermediate|Specific|Expected|Long-term|Short-term|imm[ée]diat|interm[ée]diaire|"
                    r"sp[ée]cifique|attendu|inmediato|espec[íi]fico|esperado")
_QUALIFIER = rf"(?:(?:{_QUALIFIER_WORDS})\s+)?"
_CODE = r"\d{1,2}(?:\.\d{1,2}){0,2}"
_CODE_END = r"(?![\d%]|[.,]\d|[A-Za-z]|\s?(?:%|per\s?cent|pour\s?cent|por\s?ciento))"
_SEP = r"(?:\s*,\s*(?:and\s+|et\s+|y\s+)?|\s+(?:and|et|y|&)\s+)"

OUTPUT_RE = re.compile(
    rf"(?<![\w-])(?:{_QUALIFIER})(?P<head>{'|'.join(OUTPUT_WORDS + OUTCOME_WORDS)})"
    rf"(?P<gap>\s*(?:n[°o]\.?|No\.?|#|-|–)?\s*)(?P<list>{_CODE}{_CODE_END}(?:{_SEP}{_CODE}{_CODE_END})*)"
)
ITEM_RE = re.compile(_CODE + _CODE_END)
# Where an OUTPUT_RE match can start (its qualifier or its head word): scanned fast, OUTPUT_RE is tried only there.
OUTPUT_ANCHOR_RE = re.compile(f"{_QUALIFIER_WORDS}|{'|'.join(OUTPUT_WORDS + OUTCOME_WORDS)}")


OUTCOME_LIST_HEADS = ("outcomes", "résultats", "resultats", "resultados")
LIST_HEADS = ("outputs", "produits", "extrants", "productos", *OUTCOME_LIST_HEADS)
"""Plural heads that introduce a numbered list of results when they end a line ("... Intermediate Outcomes:")."""
LIST_LEAD_RE = re.compile(rf"(?<![\w-])(?P<head>{'|'.join(LIST_HEADS)})[ \t]*:[ \t]*$", re.IGNORECASE | re.MULTILINE)
LINE_END_COLON_RE = re.compile(r":[ \t]*(?=\n|$)")
LEAD_REACH = 16
"""Chars before a line-final colon searched for the plural head ("Outcomes :")."""
LIST_ITEM_RE = re.compile(r"\n+[ \t]*(?P<num>\d{1,2})[.)][ \t]+(?=[A-ZÀ-Ý])(?P<statement>[^\n]*)")
"""One item of a numbered list: "1. Increased capacities ..." on a line of its own."""
MAX_STATEMENT = 300
"""An item's span covers at most this many characters of its statement."""


def _listed(text: str) -> list[Span]:
    """Results numbered 1, 2, 3 ... in the list under each line that ends in a plural result head and a colon."""
    out: list[Span] = []
    for colon in LINE_END_COLON_RE.finditer(text):  # a line-final colon is rare: the lead is looked for only there
        lead = LIST_LEAD_RE.search(text, max(0, colon.start() - LEAD_REACH), colon.end())
        if lead is None:
            continue
        prefix = OUTCOME_PREFIX if lead.group("head").lower() in OUTCOME_LIST_HEADS else OUTPUT_PREFIX
        at, expected = lead.end(), 1
        while (item := LIST_ITEM_RE.match(text, at)) is not None and int(item.group("num")) == expected:
            end = item.start("statement") + min(len(item.group("statement").rstrip()), MAX_STATEMENT)
            out.append(Span(LABEL, item.start("num"), end, prefix + item.group("num")))
            at, expected = item.end(), expected + 1
    return out


def _prefix(head: str) -> str:
    """OUTPUT: or OUTCOME: for a head word."""
    return OUTCOME_PREFIX if head in OUTCOME_WORDS else OUTPUT_PREFIX


def find(text: str, *, language: str = "en") -> list[Span]:
    """Find numbered programme outputs/outcomes in a whole document text, sorted by start."""
    del language  # heads of en/fr/es are all matched; they do not collide across languages
    out: list[Span] = []
    for m in anchored_finditer(OUTPUT_RE, OUTPUT_ANCHOR_RE, text):
        head = m.group("head")
        items = list(ITEM_RE.finditer(text, m.start("list"), m.end("list")))
        if not head.lower().endswith("s"):
            items = items[:1]  # 'Output 1 and 2 ...': a singular head names one output
        for i, it in enumerate(items):
            start = m.start() if i == 0 else it.start()
            out.append(Span(LABEL, start, it.end(), _prefix(head) + it.group(0)))
    if ":" in text:
        named = {(s.start, s.canonical_id) for s in out}
        out.extend(s for s in _listed(text) if (s.start, s.canonical_id) not in named)
    return sorted(out, key=lambda s: (s.start, s.end))
