"""Names of instruments, publications and bodies inside a unit: a theme word in them is not a theme mention.

"New York Declaration for Refugees and Migrants", "Global Compact for Safe, Orderly and Regular Migration",
"Commissariat for Refugees", "Special Rapporteur on the human rights of migrants", "le Pacte mondial pour des
migrations sûres" and a resolution "entitled “… trafficking in persons …”" name a thing; they do not say that the
passage is about refugees, migration or trafficking. A name is found by its head noun (Declaration, Compact,
Convention, Commissariat, Ministry, Report ...) with its capitalised words or its complement; the spans of
ORG and GOV_BODY mentions are names too. National laws, policies, plans and strategies are not masked: a
country's "Migration Policy" or "Trafficking in Persons Act" is what it does about the theme.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from operator import itemgetter

Span = tuple[int, int]

INSTRUMENT_HEADS = (
    "Declaration", "Compact", "Convention", "Covenant", "Protocol", "Charter", "Agenda", "Report", "Handbook",
    "Yearbook", "Atlas", "Outlook", "Bulletin", "Guide", "Guidelines", "Toolkit", "Manual", "Framework", "Commissariat", "Commission", "Commissioner", "Committee",
    "Council", "Ministry", "Department", "Agency", "Office", "Directorate", "Secretariat", "Bureau", "Institute",
    "Authority", "Organization", "Organisation", "Network", "Forum", "Group", "Rapporteur", "Representative",
    "Fund", "Unit", "Division", "Centre", "Center", "Observatory", "Portal", "Alliance", "Coalition", "Board",
    "Taskforce", "Force", "Conference", "Summit", "Dialogue", "Process",
    "Déclaration", "Pacte", "Convention", "Protocole", "Charte", "Rapport", "Commissariat", "Haut-Commissariat",
    "Ministère", "Direction", "Agence", "Organisation", "Comité", "Conseil", "Observatoire", "Réseau", "Fonds",
    "Declaración", "Pacto", "Convención", "Protocolo", "Carta", "Informe", "Comisión", "Comisionado", "Ministerio",
    "Secretaría", "Dirección", "Instituto", "Agencia", "Organización", "Comité", "Consejo", "Oficina", "Red",
    "Fondo", "Observatorio", "Relator", "Relatora", "Rapporteuse",
)
"""Head nouns of names of instruments, publications and bodies (en, fr, es)."""
CONNECTORS = frozenset(
    "of for on and the in to against with from de des du la le les l d pour sur et aux au à en del los las y "
    "para sobre contra a e".split())
"""Lower-case words a capitalised name may hold ("Declaration for Refugees and Migrants")."""
COMPLEMENT_OPENERS = frozenset(
    "of on for against to de des du pour sur aux au à contre del para sobre contra".split())
"""A head followed by one of these takes its complement up to the next clause mark ("Rapporteur on the
human rights of migrants", "Pacte mondial pour des migrations sûres")."""
COMPLEMENT_MAX_WORDS = 14
ADJECTIVES_MAX = 2
"""Lower-case words a head may take before its complement ("Pacte mondial pour ...")."""
COMPLEMENT_REACH = ADJECTIVES_MAX + COMPLEMENT_MAX_WORDS + 3
"""Words after a run's last capitalised word that its complement may read (adjectives, opener, words, the mark)."""
NAME_WINDOW = 200
"""Chars read either side of a head noun for its name (a longer run of capitalised words: the whole text is read)."""
_START = itemgetter(1)
WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*|\d+|[,()“”\"«»;:.!?]")
CLAUSE_MARKS = frozenset(",;:.!?()“”\"«»")
QUOTED_TITLE_RE = re.compile(
    r"(?=[etidETID])\b(?:entitled|titled|intitul[ée]e?s?|titulad[oa]s?|denominad[oa]s?)\s*,?\s*[“\"«]([^”\"»]{3,600})[”\"»]",
    re.IGNORECASE)
"""A quoted title after "entitled" (a resolution's, a report's)."""
TITLE_QUOTES = ("“", '"', "«")
"""The opening marks of QUOTED_TITLE_RE."""
HEAD_SET = frozenset(INSTRUMENT_HEADS)
ARTICLES = frozenset("the la le les l el los las".split())
HEAD_RE = re.compile(r"(?=[" + "".join(sorted({h[0] for h in HEAD_SET})) + r"])(?<![^\W\d_])(?:"
                     + "|".join(sorted(map(re.escape, HEAD_SET), key=len, reverse=True)) + r")(?![^\W\d_])")
"""Any head noun, for a quick look before the word-by-word scan (the lookahead on the heads' first letters lets
the regex engine skip every other position at once: 4× faster on report text)."""


def _is_capitalised(word: str) -> bool:
    """Whether a word opens with a capital letter."""
    return word[:1].isupper()


def name_spans(text: str) -> list[Span]:
    """Spans of names of instruments, publications and bodies in a text (see the module docstring).

    A name is a run of capitalised words (with connectors and commas) holding a head noun, so only the text around
    each head noun is read: the same spans as :func:`_all_names`, which reads every word of the text.
    """
    heads = [m.start() for m in HEAD_RE.finditer(text)]
    if not heads:
        return _quoted_titles(text)
    spans: list[Span] = []
    for at in heads:
        found = _name_near(text, at)
        if found is None:
            return _all_names(text)  # a run of capitalised words longer than the window
        if found and found not in spans:
            spans.append(found)
    spans.extend(_quoted_titles(text))
    return sorted(spans)


def _name_near(text: str, at: int) -> Span | tuple[()] | None:
    """The name whose run of capitalised words holds the word at ``at`` (a HEAD_RE match), () when that is no head
    noun, None when the run or its complement may go on past NAME_WINDOW chars either side."""
    low = text.rfind(" ", 0, max(0, at - NAME_WINDOW)) + 1  # at a space: the window's words are the text's
    high = text.find(" ", at + NAME_WINDOW)
    high = len(text) if high < 0 else high
    words = [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text, low, high)]
    h = bisect.bisect_left(words, at, key=_START)
    if h >= len(words) or words[h][1] != at or words[h][0] not in HEAD_SET:
        return ()
    open_left, open_right = low > 0, high < len(text)
    first = h
    while True:  # back over connectors (and a comma just before) to the capitalised word the run goes on from
        k = first - 1
        if k >= 0 and words[k][0] == ",":
            k -= 1
        while k >= 0 and not _is_capitalised(words[k][0]) and words[k][0].lower() in CONNECTORS:
            k -= 1
        if k < 0:
            if open_left:
                return None
            break
        if not _is_capitalised(words[k][0]):
            break
        first = k
    last = h
    n = len(words)
    while True:  # on over connectors (and a comma just before a capitalised word) to the next capitalised word
        k = last + 1
        while k < n and not _is_capitalised(words[k][0]) and words[k][0].lower() in CONNECTORS:
            k += 1
        if k + 1 >= n and open_right:
            return None
        if k < n and words[k][0] == "," and k + 1 < n and _is_capitalised(words[k + 1][0]):
            k += 1
        if k >= n or not _is_capitalised(words[k][0]):
            break
        last = k
    if open_right and last + COMPLEMENT_REACH >= n:
        return None
    return _run_name(words, words[first:last + 1], last)


def _run_name(words: list[tuple[str, int, int]], run: list[tuple[str, int, int]], last_cap: int) -> Span | tuple[()]:
    """The name a run of capitalised words ending at ``words[last_cap]`` makes, () when it holds no head noun."""
    heads = [k for k, w in enumerate(run) if w[0] in HEAD_SET]
    if not heads:
        return ()
    first = next((k + 1 for k in range(heads[0] - 1, -1, -1) if run[k][0].lower() in ARTICLES), 0)
    start, end = run[first][1], run[-1][2]  # a name starts after its article ("Recalling the New York …")
    if heads[-1] == len(run) - 1:  # a head that ends the capitalised words takes a lower-case complement
        end = _complement_end(words, last_cap)
    return start, end


def _all_names(text: str) -> list[Span]:
    """:func:`name_spans`, reading every word of the text."""
    words = [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text)]
    spans: list[Span] = []
    i = 0
    n = len(words)
    while i < n:
        word = words[i][0]
        if not _is_capitalised(word) or word in CLAUSE_MARKS:
            i += 1
            continue
        # a run of capitalised words, connectors and commas followed by a capitalised word
        j = i
        last_cap = i
        while j + 1 < n:
            nxt = words[j + 1][0]
            if _is_capitalised(nxt) and nxt not in CLAUSE_MARKS:
                j += 1
                last_cap = j
            elif nxt.lower() in CONNECTORS or (nxt == "," and j + 2 < n and _is_capitalised(words[j + 2][0])):
                j += 1
            else:
                break
        found = _run_name(words, words[i:last_cap + 1], last_cap)
        if found:
            spans.append(found)
        i = last_cap + 1
    spans.extend(_quoted_titles(text))
    return sorted(spans)


def _quoted_titles(text: str) -> list[Span]:
    """The spans of the quoted titles of a text (none without an opening quote mark: a quick look first)."""
    if not any(mark in text for mark in TITLE_QUOTES):
        return []
    return [m.span(1) for m in QUOTED_TITLE_RE.finditer(text)]


def _complement_end(words: list[tuple[str, int, int]], head: int) -> int:
    """Where the lower-case complement of the head at index ``head`` ends (its own end when it has none)."""
    k = head + 1
    adjectives = 0
    while k < len(words) and adjectives < ADJECTIVES_MAX and words[k][0].islower() and \
            words[k][0] not in COMPLEMENT_OPENERS:
        k += 1
        adjectives += 1
    if k >= len(words) or words[k][0].lower() not in COMPLEMENT_OPENERS:
        return words[head][2]
    end = words[head][2]
    for taken, (word, _, stop) in enumerate(words[k:], start=1):
        if word in CLAUSE_MARKS or taken > COMPLEMENT_MAX_WORDS:
            break
        end = stop
    return end


def inside(span: Span, names: Iterable[Span]) -> bool:
    """Whether a span lies within one of the name spans."""
    return any(a <= span[0] and span[1] <= b for a, b in names)
