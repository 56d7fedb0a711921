"""Find amounts of money and normalise them to '<ISO 4217> <amount>' (en/fr/es number formats).

A range such as 'USD 1–2 million' yields one mention per amount ('USD 1' → USD 1000000, '2 million' → USD 2000000);
a multiplier written once after the range applies to both ends.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from pipeline.types import Span

LABEL = "MONEY"
CENT = Decimal("0.01")

# Currency written before the amount: codes, symbols, and local forms.
PREFIX_CURRENCIES: dict[str, str] = {
    "usd": "USD", "us$": "USD", "us $": "USD", "$": "USD", "u.s.$": "USD", "eur": "EUR", "€": "EUR", "chf": "CHF",
    "gbp": "GBP", "£": "GBP", "mxn": "MXN", "mx$": "MXN", "xof": "XOF", "xaf": "XAF", "fcfa": "XOF", "cfa": "XOF",
    "zar": "ZAR", "r": "ZAR", "nad": "NAD", "n$": "NAD", "jpy": "JPY", "¥": "JPY", "cad": "CAD", "aud": "AUD",
    "sek": "SEK", "nok": "NOK", "dkk": "DKK", "inr": "INR", "kes": "KES", "etb": "ETB", "ngn": "NGN", "ghs": "GHS",
    "mad": "MAD", "tnd": "TND", "egp": "EGP", "htg": "HTG", "dop": "DOP", "gnf": "GNF", "all": "ALL", "mdl": "MDL",
    "php": "PHP", "idr": "IDR", "bdt": "BDT", "pkr": "PKR", "lkr": "LKR", "npr": "NPR", "cny": "CNY", "brl": "BRL",
    "cop": "COP", "gtq": "GTQ", "hnl": "HNL", "uah": "UAH", "try": "TRY", "jmd": "JMD",
}
# Currency written after the amount.
SUFFIX_CURRENCIES: dict[str, str] = {
    "usd": "USD", "us dollars": "USD", "u.s. dollars": "USD", "dollars": "USD", "dollar": "USD",
    "dollars américains": "USD", "dollars des états-unis": "USD", "dólares": "USD", "dolares": "USD",
    "dólares estadounidenses": "USD", "dólares de los estados unidos": "USD", "eur": "EUR", "euros": "EUR",
    "euro": "EUR", "€": "EUR", "chf": "CHF", "francs suisses": "CHF", "swiss francs": "CHF", "gbp": "GBP",
    "pounds sterling": "GBP", "mxn": "MXN", "pesos mexicanos": "MXN", "xof": "XOF", "fcfa": "XOF", "f cfa": "XOF",
    "francs cfa": "XOF", "cfa francs": "XOF", "cfa": "XOF", "xaf": "XAF", "zar": "ZAR", "rand": "ZAR", "nad": "NAD",
    "namibian dollars": "NAD", "gnf": "GNF", "francs guinéens": "GNF", "htg": "HTG", "gourdes": "HTG", "dop": "DOP",
    "pesos dominicanos": "DOP", "dirhams": "MAD", "mad": "MAD",
}
PESOS = "pesos"
"""Bare 'pesos' is Mexican pesos only in Spanish documents (see find)."""

MULTIPLIERS: dict[str, int] = {
    "thousand": 10**3, "k": 10**3, "mille": 10**3, "mil": 10**3,
    "million": 10**6, "millions": 10**6, "m": 10**6, "mn": 10**6, "mio": 10**6, "millón": 10**6, "millon": 10**6,
    "millones": 10**6, "billion": 10**9, "billions": 10**9, "bn": 10**9, "b": 10**9, "milliard": 10**9,
    "milliards": 10**9, "mil millones": 10**9, "trillion": 10**12,
}


def _alternation(keys: list[str]) -> str:
    """Regex alternation of keys, longest first."""
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(keys, key=len, reverse=True))


_NUMBER = r"\d{1,3}(?:(?:[,.]|[ \u00a0\u202f](?=\d{3}(?!\d)))\d{3})+(?:[.,]\d{1,2}(?!\d))?|\d+(?:[.,]\d+)?"
_MULT = rf"(?:\s?(?P<{{g}}>{_alternation([k for k in MULTIPLIERS if k != 'b'])}|b(?=n?\b))(?![\w]))"
_RANGE = r"(?:\s*[-–—]\s*|\s+(?:to|à|a|y|and|et)\s+)"
_PREFIX_KEYS = [k for k in PREFIX_CURRENCIES if k != "r"]

PREFIX_RE = re.compile(
    rf"(?<![\w$€£¥])(?P<cur>{_alternation(_PREFIX_KEYS)}|R(?=\s?\d))\s?"
    rf"(?P<a1>{_NUMBER}){_MULT.format(g='m1')}?"
    rf"(?:(?P<rsep>{_RANGE})(?:(?P=cur)\s?)?(?P<a2>{_NUMBER}){_MULT.format(g='m2')}?)?"
    r"(?![\d%])(?!\s?(?:%|per\s?cent|pour\s?cent|por\s?ciento))",
    re.IGNORECASE,
)
SUFFIX_RE = re.compile(
    rf"(?<![\w.,])(?P<a1>{_NUMBER}){_MULT.format(g='m1')}?"
    rf"(?:(?P<rsep>{_RANGE})(?P<a2>{_NUMBER}){_MULT.format(g='m2')}?)?"
    rf"\s?(?:(?:de|d['’])\s?)?(?P<cur>{_alternation(list(SUFFIX_CURRENCIES) + [PESOS])})(?![\w])",
    re.IGNORECASE,
)
# 'R' as a currency (rand) only with a multiplier or a thousands-grouped amount: 'R5 million', 'R500 000'.
RAND_AMOUNT_RE = re.compile(r"^\d{1,3}(?:[ ,\u00a0\u202f]\d{3})+|^\d+(?:[.,]\d+)?\s?(?:million|billion|bn|m)\b", re.IGNORECASE)
MEXICAN_RE = re.compile(r"mexicanos", re.IGNORECASE)
DECIMAL_COMMA_LANGUAGES = ("fr", "es", "pt", "it", "de")


def parse_amount(raw: str, *, language: str = "en") -> Decimal | None:
    """Parse a written number ('822,771', '1,2', '324 551,00', '1.500.000') as a Decimal, or None."""
    s = re.sub(r"[\s\u00a0\u202f]", "", raw)
    if not s:
        return None
    has_c, has_d = "," in s, "." in s
    if has_c and has_d:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        s = s.replace("." if dec == "," else ",", "").replace(dec, ".")
    elif has_c or has_d:
        sep = "," if has_c else "."
        groups = s.split(sep)
        thousands = all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
        if thousands and (len(groups) > 2 or sep == "," and language not in DECIMAL_COMMA_LANGUAGES
                          or sep == "." and language in DECIMAL_COMMA_LANGUAGES):
            s = s.replace(sep, "")
        elif len(groups) == 2:
            s = s.replace(sep, ".")
        else:
            return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def format_amount(value: Decimal) -> str:
    """Plain number without thousands separators; cents only when they are not zero."""
    q = value.quantize(CENT)
    if q == q.to_integral_value():
        return str(int(q))
    return f"{q:.2f}"


def _value(raw: str, mult: str | None, *, language: str) -> Decimal | None:
    """Amount times its multiplier."""
    base = parse_amount(raw, language=language)
    if base is None:
        return None
    factor = MULTIPLIERS.get(re.sub(r"\s+", " ", mult.lower())) if mult else 1
    return base * (factor or 1)


def _emit(m: re.Match[str], currency: str, language: str, *, prefix: bool) -> list[Span]:
    """One span per amount of a (possibly ranged) match."""
    m1, m2 = m.group("m1"), m.group("m2")
    a2 = m.group("a2")
    shared = m1 or m2  # 'USD 1–2 million': the multiplier applies to both ends
    out: list[Span] = []
    v1 = _value(m.group("a1"), m1 or (m2 if a2 else None), language=language)
    if a2 is None:
        if v1 is not None:
            out.append(Span(LABEL, m.start(), m.end(), f"{currency} {format_amount(v1)}"))
        return out
    v2 = _value(a2, m2 or shared, language=language)
    end1 = m.end("m1") if m1 else m.end("a1")
    start2 = m.start("a2")
    first_start = m.start() if prefix else m.start("a1")
    if v1 is not None:
        out.append(Span(LABEL, first_start, end1, f"{currency} {format_amount(v1)}"))
    if v2 is not None:
        out.append(Span(LABEL, start2, m.end(), f"{currency} {format_amount(v2)}"))
    return out


def find(text: str, *, language: str = "en") -> list[Span]:
    """Find amounts of money in a whole document text, sorted by start."""
    out: list[Span] = []
    taken: list[tuple[int, int]] = []
    for m in PREFIX_RE.finditer(text):
        cur = m.group("cur")
        if cur == "R":
            if not RAND_AMOUNT_RE.match(text, m.start("a1")):
                continue
            code = "ZAR"
        elif cur == "r":
            continue
        else:
            code = PREFIX_CURRENCIES[re.sub(r"\s+", " ", cur.lower())]
        spans = _emit(m, code, language, prefix=True)
        out.extend(spans)
        if spans:
            taken.append((m.start(), m.end()))
    for m in SUFFIX_RE.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        cur = re.sub(r"\s+", " ", m.group("cur").lower())
        if cur == PESOS:
            near = text[m.end(): m.end() + 20]
            if not (language == "es" or MEXICAN_RE.search(near)):
                continue
            code = "MXN"
        else:
            code = SUFFIX_CURRENCIES[cur]
        out.extend(_emit(m, code, language, prefix=False))
    return sorted(out, key=lambda s: (s.start, s.end))
