"""Find amounts of money and normalise them to '<ISO 4217> <amount>' (en/fr/es number formats).

Currency tokens (ISO codes in capitals, symbols, currency words) are found first; the amount is then read after a
prefix token ('USD 1.5 million', '€ 324,551.00') or before a suffix word ('1 200 000 euros', '3 millions de dollars').
A range such as 'USD 1–2 million' yields one mention per amount ('USD 1' → USD 1000000, '2 million' → USD 2000000);
a multiplier written once after the range applies to both ends.
"""
from __future__ import annotations

import re
from functools import lru_cache
from decimal import Decimal, InvalidOperation

from pipeline.types import Span

LABEL = "MONEY"
CENT = Decimal("0.01")
MAX_DECIMALS = 3
"""A decimal part longer than this is not a money amount (or carries a glued footnote number)."""
SUFFIX_WINDOW = 60
"""Chars before a currency word searched for its amount."""
PESOS_WINDOW = 20
"""Chars after 'pesos' searched for 'mexicanos'."""

# Currency codes, matched in capitals only. Codes that are also words or common acronyms are left out:
# ALL (all), COP (Conference of the Parties), CAD (OECD-DAC in French), TRY, MAD, PHP.
ISO_CODES: tuple[str, ...] = (
    "USD", "EUR", "CHF", "GBP", "MXN", "XOF", "XAF", "ZAR", "NAD", "JPY", "AUD", "SEK", "NOK", "DKK", "INR", "KES",
    "ETB", "NGN", "GHS", "TND", "EGP", "HTG", "DOP", "GNF", "MDL", "IDR", "BDT", "PKR", "LKR", "NPR", "CNY", "BRL",
    "GTQ", "HNL", "UAH", "JMD",
)
SYMBOLS: dict[str, str] = {
    "us$": "USD", "us $": "USD", "u.s.$": "USD", "n$": "NAD", "mx$": "MXN", "cad$": "CAD", "ca$": "CAD",
    "can$": "CAD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY",
}
WORDS: dict[str, str] = {
    "us dollars": "USD", "u.s. dollars": "USD", "united states dollars": "USD", "united states dollar": "USD",
    "dollars": "USD", "dollar": "USD", "dollars américains": "USD",
    "dollars des états-unis": "USD", "dólares": "USD", "dolares": "USD", "dólares estadounidenses": "USD",
    "dólares de los estados unidos": "USD", "euros": "EUR", "euro": "EUR", "francs suisses": "CHF",
    "swiss francs": "CHF", "pounds sterling": "GBP", "pesos mexicanos": "MXN", "francs cfa": "XOF",
    "cfa francs": "XOF", "fcfa": "XOF", "f cfa": "XOF", "cfa": "XOF", "rand": "ZAR", "namibian dollars": "NAD",
    "francs guinéens": "GNF", "gourdes": "HTG", "pesos dominicanos": "DOP", "dirhams": "MAD", "pesos": "MXN",
}
PESOS = "pesos"
"""Bare 'pesos' is read as Mexican pesos only in Spanish documents or next to 'mexicanos'."""
RAND = "R"

MULTIPLIERS: dict[str, int] = {
    "thousand": 10**3, "thousands": 10**3, "k": 10**3, "mille": 10**3, "mil": 10**3,
    "million": 10**6, "millions": 10**6, "m": 10**6, "mn": 10**6, "mio": 10**6, "millón": 10**6, "millon": 10**6,
    "millones": 10**6, "billion": 10**9, "billions": 10**9, "bn": 10**9, "b": 10**9, "milliard": 10**9,
    "milliards": 10**9, "mil millones": 10**9, "trillion": 10**12,
}
ENGLISH_MIL = 10**6
"""'N$62 Mil' in an English text is millions; 'mil' is a thousand in Spanish."""
DECIMAL_COMMA_LANGUAGES = ("fr", "es", "pt", "it", "de")


def _alternation(keys: list[str] | tuple[str, ...]) -> str:
    """Regex alternation of keys, longest first, any whitespace inside."""
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(keys, key=len, reverse=True))


def _number(g: str) -> str:
    """Regex of a written amount whose thousands separator (one kind throughout) is captured as group g."""
    return (
        r"\d{1,3},\s\d{1,2}(?=\s?(?:million|billion|bn|milliards?)\b)|"  # 'US$84, 9 million': a broken decimal comma
        rf"\d{{1,3}}(?P<{g}>[,.]|[ \u00a0\u202f](?=\d{{3}}(?!\d)))\d{{3}}(?:(?P={g})\d{{3}})*\d*(?:[.,]\d{{1,2}}(?!\d))?"
        r"|\d+(?:[.,]\d+)?"
    )


_MULT_WORDS = _alternation([k for k in MULTIPLIERS if k not in ("b", "m", "k")])
_MULT = rf"(?:[ \t]*\r?\n?[ \t]*(?P<{{g}}>{_MULT_WORDS}|[mbk]n?(?![^\W\d_])|mn)(?![^\W\d_]))"
_RANGE = r"(?:\s*[-–—]\s*|\s+(?:to|à|a|y|and|et)\s+)"

CURRENCY_TOKEN_RE = re.compile(
    rf"(?P<code>(?<![A-Za-z])(?:{_alternation(ISO_CODES)})(?![A-Za-z]))"
    rf"|(?P<sym>(?i:(?<![\w$])(?:{_alternation([k for k in SYMBOLS if len(k) > 1])}))|[$€£¥])"
    rf"|(?P<rand>(?<![\w$.])R(?=\s?\d))"
    rf"|(?P<word>(?i:(?<![\w])(?:{_alternation(list(WORDS))})(?![\w])))"
)
PREFIX_AMOUNT_RE = re.compile(
    rf"(?:\)[ \u00a0]?|[ \u00a0])?(?P<a1>{_number('s1')}){_MULT.format(g='m1')}?"
    rf"(?:(?P<rsep>{_RANGE})(?:(?:[A-Z]{{3}}|[$€£¥]|US\$|N\$)\s?)?(?P<a2>{_number('s2')}){_MULT.format(g='m2')}?)?"
    r"(?:(?<=\d)(?![\d%])(?!\s?(?:%|per\s?cent|pour\s?cent|por\s?ciento|ml\b|mg\b|kg\b|km\b|l/))|(?<=[^\W\d_]))",
    re.IGNORECASE,
)
SUFFIX_AMOUNT_RE = re.compile(
    rf"(?<![\w.,$€£/-])(?P<a1>{_number('s1')}){_MULT.format(g='m1')}?"
    rf"(?:(?P<rsep>{_RANGE})(?P<a2>{_number('s2')}){_MULT.format(g='m2')}?)?"
    r"\s?(?:(?:de|d['’])\s?)?\Z",
    re.IGNORECASE,
)
# 'R' as a currency (rand) only with a multiplier or a thousands-grouped amount: 'R5 million', 'R500 000'.
RAND_AMOUNT_RE = re.compile(
    r"\s?(?:\d{1,3}(?:[ ,\u00a0\u202f]\d{3})+|\d+(?:[.,]\d+)?\s?(?:million|billion|bn|m)\b)", re.IGNORECASE
)
WORD_NEEDLES = ("euro", "dollar", "dólar", "dolar", "cfa", "rand", "peso", "franc", "gourde", "dirham", "sterling")
"""Lower-case stems of which every entry of WORDS contains one."""
RAND_HINT_RE = re.compile(r"R ?\d")
TOKEN_BACK = 16
"""How far before a literal hit a currency token may start ("namibian dollars", "U.S.$", "United States dollars")."""
MEXICAN_RE = re.compile(r"mexicanos", re.IGNORECASE)
SYMBOL_CHARS = "$€£¥"
# One pass for all ISO codes (a literal alternation the re engine scans for fast); codes overlapping a hit are
# looked for inside it, so every occurrence of every code is found, as by one str.find loop per code.
ISO_CODE_SCAN_RE = re.compile("|".join(map(re.escape, ISO_CODES)))
SYMBOL_SCAN_RE = re.compile(f"[{re.escape(SYMBOL_CHARS)}]")


def parse_amount(raw: str, *, language: str = "en", scaled: bool = False) -> Decimal | None:
    """Parse a written number ('822,771', '1,2', '324 551,00', '1.500.000') as a Decimal, or None.

    A single separator before exactly three digits is a thousands separator ('100,000', '2,300 euros'), because
    amounts carry at most two decimals; with a multiplier ('1,255 million') it is read in the language's convention.
    """
    s = re.sub(r"[\s\u00a0\u202f]", "", raw)
    if not s or not s[0].isdigit():
        return None
    has_c, has_d = "," in s, "." in s
    if has_c and has_d:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        s = s.replace("." if dec == "," else ",", "").replace(dec, ".")
    elif has_c or has_d:
        sep = "," if has_c else "."
        groups = s.split(sep)
        grouped = 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:-1])
        if grouped and len(groups) > 2 and len(groups[-1]) > 3:
            groups[-1] = groups[-1][:3]  # '10,000295': a footnote number glued to the amount
        thousands_sep = "." if language in DECIMAL_COMMA_LANGUAGES else ","
        if grouped and len(groups[-1]) == 3 and (len(groups) > 2 or not scaled or sep == thousands_sep):
            s = "".join(groups)
        elif len(groups) == 2 and len(groups[1]) <= MAX_DECIMALS:
            s = f"{groups[0]}.{groups[1]}"
        elif grouped and len(groups) == 2:
            s = groups[0] + groups[1][:3]  # '€ 71,8231': footnote 1 glued to '71,823'
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
    base = parse_amount(raw, language=language, scaled=bool(mult))
    if base is None or base == 0:
        return None
    if not mult:
        return base
    key = re.sub(r"\s+", " ", mult.lower())
    factor = ENGLISH_MIL if key == "mil" and language == "en" else MULTIPLIERS.get(key, 1)
    return base * factor


def _spans(m: re.Match[str], currency: str, language: str, *, first_start: int, last_end: int) -> list[Span]:
    """One span per amount of a (possibly ranged) match; first_start/last_end include the currency token."""
    m1, m2, a2 = m.group("m1"), m.group("m2"), m.group("a2")
    if a2 is None:
        v1 = _value(m.group("a1"), m1, language=language)
        return [] if v1 is None else [Span(LABEL, first_start, last_end, f"{currency} {format_amount(v1)}")]
    out: list[Span] = []
    v1 = _value(m.group("a1"), m1 or m2, language=language)
    v2 = _value(a2, m2 or m1, language=language)
    if v1 is not None:
        out.append(Span(LABEL, first_start, m.end("m1") if m1 else m.end("a1"), f"{currency} {format_amount(v1)}"))
    if v2 is not None:
        out.append(Span(LABEL, m.start("a2"), last_end, f"{currency} {format_amount(v2)}"))
    return out


def _prefix(text: str, tok: re.Match[str], currency: str, language: str) -> list[Span]:
    """Amount written after a currency token."""
    m = PREFIX_AMOUNT_RE.match(text, tok.end())
    if not m:
        return []
    end = m.end("m2") if m.group("m2") else m.end("a2") if m.group("a2") else m.end("m1") if m.group("m1") else m.end("a1")
    return _spans(m, currency, language, first_start=tok.start(), last_end=end)


def _suffix(text: str, tok: re.Match[str], currency: str, language: str) -> list[Span]:
    """Amount written before a currency word."""
    lo = max(0, tok.start() - SUFFIX_WINDOW)
    m = SUFFIX_AMOUNT_RE.search(text, lo, tok.start())
    if not m:
        return []
    return _spans(m, currency, language, first_start=m.start("a1"), last_end=tok.end())


def _currency(tok: re.Match[str], text: str, language: str) -> str | None:
    """ISO code of a currency token, or None when it is not one here."""
    if tok.group("code"):
        return tok.group("code")
    if tok.group("sym"):
        return SYMBOLS[re.sub(r"\s+", " ", tok.group("sym").lower())]
    if tok.group("rand"):
        return "ZAR" if RAND_AMOUNT_RE.match(text, tok.end()) else None
    word = re.sub(r"\s+", " ", tok.group("word").lower())
    if word == PESOS and not (language == "es" or MEXICAN_RE.search(text, tok.end(), tok.end() + PESOS_WINDOW)):
        return None
    return WORDS[word]


@lru_cache(maxsize=1)
def _needles() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Literal strings that every currency token contains: (case-sensitive, lower-case)."""
    exact = tuple(ISO_CODES) + tuple(SYMBOL_CHARS)
    lower = WORD_NEEDLES
    return exact, lower


def _hit_positions(text: str) -> set[int]:
    """Every position where a needle of _needles() occurs (lower-case ones in the lower-cased text), or 'R ?digit'."""
    _, lower = _needles()
    hits: set[int] = set()
    for m in ISO_CODE_SCAN_RE.finditer(text):
        hits.add(m.start())
        for j in range(m.start() + 1, m.end()):
            if any(text.startswith(code, j) for code in ISO_CODES):
                hits.add(j)
    hits.update(m.start() for m in SYMBOL_SCAN_RE.finditer(text))
    low = text.lower()
    if len(low) == len(text):
        for needle in lower:
            i = low.find(needle)
            while i >= 0:
                hits.add(i)
                i = low.find(needle, i + 1)
    hits.update(m.start() for m in RAND_HINT_RE.finditer(text))
    return hits


def _tokens(text: str) -> list[re.Match[str]]:
    """Currency tokens, found by fast literal search and confirmed with CURRENCY_TOKEN_RE."""
    tokens: dict[int, re.Match[str]] = {}
    for i in sorted(_hit_positions(text)):
        for j in range(max(0, i - TOKEN_BACK), i + 1):
            m = CURRENCY_TOKEN_RE.match(text, j)
            if m and m.end() > i:
                tokens.setdefault(m.start(), m)
                break
    return [tokens[k] for k in sorted(tokens)]


def find(text: str, *, language: str = "en") -> list[Span]:
    """Find amounts of money in a whole document text, sorted by start."""
    out: list[Span] = []
    last_end = -1
    for tok in _tokens(text):
        if tok.start() < last_end:
            continue  # the token is part of an amount already read ('USD 1–2 million USD')
        currency = _currency(tok, text, language)
        if currency is None:
            continue
        found = _prefix(text, tok, currency, language)
        if not found and not tok.group("rand"):
            found = [s for s in _suffix(text, tok, currency, language) if s.start >= last_end]
        if found:
            out.extend(found)
            last_end = max(s.end for s in found)
    return sorted(out, key=lambda s: (s.start, s.end))
