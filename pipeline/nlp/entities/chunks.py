"""Proper names around a head word ("Planning Institute of Jamaica"), cut out of the matching view.

The government-body and organisation taggers find a head word ("Ministry", "Institute", "Network") and read the
name around it on the view (pipeline.nlp.view): capitalised words joined by connectors, bounded by line breaks,
coordinations that start another name, trailing place lists and acronym-list entries.
"""
from __future__ import annotations

import re

from pipeline.nlp.view import MatchView
from pipeline.vocab import ARTICLES

NON_WORD_RE = re.compile(r"[\W_]+")

CONNECTORS = frozenset({"of", "for", "and", "the", "on", "against", "&", "de", "du", "des", "la", "le", "l", "'",
                        "d", "et", "y", "del", "los", "las", "e", "di", "per", "della", "delle", "pour", "para"})
AND_WORDS = frozenset({"and", "et", "y", "e", "&"})
COMPLEMENT_WORDS = frozenset({"of", "de", "du", "des", "del"})
OPENERS = CONNECTORS - {"the", "la", "le", "los", "las", "l", "'"}
"""Connectors that may follow a head word directly ("Ministry of", "Agency and Fund"; not "Municipality the")."""
PERSON_WORDS = frozenset({"people", "persons", "person", "children", "child", "women", "youth", "girls", "boys",
                          "individuals", "families", "adults", "personnes", "enfants", "personas", "ninos"})
WITH_WORDS = frozenset({"with", "avec", "con"})
"""After a person word, "with" continues a complement ("Department of Women, Youth and Persons with Disabilities")."""
HEAD_ADJECTIVES = frozenset({"national", "nationale", "nacional", "general", "generale", "federal", "federale",
                             "regional", "regionale", "superieur", "superieure", "superior", "central", "centrale",
                             "municipal", "municipale", "departemental", "departementale", "provincial"})
"""Lower-case adjectives that may follow a French or Spanish head word ("Institut national de la statistique")."""
ADJECTIVE_ENDINGS = ("ere", "eres", "ique", "iques", "ale", "ales", "aux", "eure", "eures", "ieur", "ieure", "ieures",
                     "ior", "iores", "ores", "onal", "onale", "onales", "ien", "ienne", "iennes", "aise", "aises",
                     "era", "eras", "ero", "eros", "ble", "bles", "ive", "ives", "ifs", "ica", "icas", "ico", "icos")
"""Endings of the French and Spanish adjectives that follow a capitalised word of a name in lower case
("Ministère des Affaires étrangères", "Secretaría de Relaciones exteriores")."""
STRESSED_VOWELS = frozenset("áéíóúàèù")
"""A final stressed vowel marks a verb form ("publicó", "adoptará"), not an adjective."""
LEFT_STOP = frozenset({"the", "a", "an", "in", "on", "at", "by", "for", "with", "from", "and", "both", "each",
                       "this", "that", "these", "those", "our", "its", "their", "his", "her", "le", "la", "les",
                       "el", "los", "las", "du", "de", "des", "del", "under", "through", "via", "per", "to", "as",
                       "of", "all", "other", "une", "un", "una", "dear", "mr", "ms", "mrs", "dr", "if", "when",
                       "while", "since", "after", "before", "during", "between", "among", "also", "but", "or",
                       "whereas", "noting", "recalling", "welcoming", "acknowledging", "recognizing"})
LOWER_STOP = frozenset({"pour", "par", "avec", "sur", "dans", "qui", "que", "a", "est", "sont", "ont", "en", "au",
                        "aux", "para", "por", "con", "que", "se", "es", "son", "ha", "han", "al", "sobre", "entre",
                        "ne", "pas", "il", "elle", "ils", "lo", "su", "sus", "ce", "cette", "ces", "dont", "ainsi",
                        "comme", "como", "mediante", "segun", "selon", "lors", "afin", "sera", "seront", "sera",
                        "compris"})
MAX_CHUNK_TOKENS = 16
MAX_LEFT_TOKENS = 4
"""Content words a name may reach left of its head word (connectors such as "and" do not count)."""
MAX_LEFT_LIST_WORDS = 4
"""Extra content words allowed left of the head once a coordination ("A, B and C ...") is crossed."""
# Compass and continent words: a comma list of only these after a name is a list of places, not part of it.
PLACE_WORDS = frozenset({"north", "south", "east", "west", "central", "northern", "southern", "eastern", "western",
                         "horn", "africa", "asia", "europe", "america", "americas", "caribbean", "pacific", "oceania",
                         "middle", "near", "far", "sub", "saharan", "latin", "mena", "sahel", "maghreb", "nord",
                         "sud", "est", "ouest", "centre", "afrique", "asie", "amerique", "norte", "sur", "este",
                         "oeste", "centro"})
REGION_WORDS = PLACE_WORDS | frozenset({"gulf", "great", "lakes", "lake", "basin", "region", "islands", "horn",
                                        "mediterranean", "atlantic", "indian", "ocean", "arab", "states", "island",
                                        "small", "developing", "peninsula", "balkans", "andes", "andean"})
"""Capitalised words of a region a name may end on ("… in the Gulf of Guinea", "… in Asia and the Pacific")."""
PLACE_IN_WORDS = frozenset({"in", "en"})
PLACE_INNER = frozenset({"of", "and", "the", "de", "et", "l", "'", "du", "des", "la"})
MAX_COUNTRY_WORDS = 6
RIGHT_PLACE_CONNECTORS = frozenset({"for", "in", "of", "pour", "en", "de", "para"})
MAX_LINE_CROSS_WORDS = 6
IN_WORDS = frozenset({"in"})
IN_BEFORE = frozenset({"trafficking"})
""""in" continues a name only after these words ("Trafficking in Persons"; not "Office in Geneva")."""


def is_capitalised(text: str, view: MatchView, i: int) -> bool:
    """Whether view token i starts with an upper-case letter in the original text."""
    return text[view.starts[i]].isupper()


def name_chunk(text: str, view: MatchView, head: int, *, lowercase_ok: bool = False,
               direct_right: bool = False, cut_heads: frozenset[str] = frozenset(),
               possessive: bool = False, coordinate_left: bool = True) -> tuple[int, int]:
    """Token range [start, end) of the proper name around a head word ("Planning Institute of Jamaica").

    Leftwards: up to four capitalised content words on the same line (see left_edge). Rightwards: capitalised words joined by connectors
    (of, for, and, de, y...), a comma only when an 'and' follows, across at most one line break; a continuation
    after 'and'/',' that starts another name (a word of cut_heads or the head again, an article, an acronym) is cut
    off. Unless direct_right (French/Spanish "Institut National de..."), a word right after the head must open a
    complement ("Ministry of", not "Tirana Municipality Evaluation" nor "Milan Municipality the Project").
    lowercase_ok admits lower-case words after a connector (French and Spanish names capitalise only the first
    word: "ministère de la santé", never "Secretaría adoptará"). "with" continues a complement after a person word
    ("Persons with Disabilities"). Without coordinate_left, no "and" is crossed leftwards (place names).
    """
    n = len(view.words)
    start = left_edge(text, view, head, cut_heads=cut_heads, possessive=possessive, coordinate=coordinate_left)
    last = head
    j = head + 1
    capital_seen = False
    connector_seen = False
    if j < n and view.words[j] not in OPENERS and (not direct_right or view.words[j] in CONNECTORS):
        j = n
    while j < n and j - start < MAX_CHUNK_TOKENS:
        gap = text[view.ends[j - 1]:view.starts[j]]
        if gap.count("\n") > 1 or ("\n" in gap and (j - start > MAX_LINE_CROSS_WORDS)):
            break
        word = view.words[j]
        if word in CONNECTORS or word == ",":
            connector_seen = connector_seen or word in CONNECTORS
            j += 1
            continue
        if word in WITH_WORDS and view.words[j - 1] in PERSON_WORDS and j + 1 < n and is_capitalised(text, view, j + 1):
            j += 1
            continue
        if word == "-" and not gap and j + 1 < n and view.starts[j + 1] == view.ends[j]:
            if j - 1 == last and view.words[j + 1][0].isalnum():
                last = j + 1  # a compound whose first part is in the name: "Steering Committee on Anti-discrimination"
                j += 2
                continue
            j += 1
            continue
        if word in IN_WORDS and view.words[j - 1] in IN_BEFORE and j + 1 < n and is_capitalised(text, view, j + 1):
            j += 1  # "Group of Experts on Action against Trafficking in Human Beings"
            continue
        if word[0].isalnum() and is_capitalised(text, view, j):
            if j > head + 1 and _labels_following(text[view.starts[j]:view.ends[j]], view, j + 1):
                break  # "... Forced Displacement KEQ Key Evaluation Question": the next acronym-list entry
            capital_seen = True
            last = j
            j += 1
            continue
        if lowercase_ok and not connector_seen and word in HEAD_ADJECTIVES and j == last + 1:
            last = j
            j += 1
            continue
        if lowercase_ok and capital_seen and j == last + 1 and word.endswith(ADJECTIVE_ENDINGS) \
                and word not in LOWER_STOP and text[view.starts[j]].islower() \
                and text[view.ends[j] - 1] not in STRESSED_VOWELS:  # "publicó" is a verb
            last = j  # one lower-case adjective after a capitalised word: "Affaires étrangères"
            j += 1
            continue
        if lowercase_ok and connector_seen and not capital_seen and word.isalpha() and word not in LOWER_STOP:
            last = j  # "ministère de la santé publique"; after a capitalised word a lower-case one ends the name
            j += 1
            continue
        break
    end = last + 1
    stops = cut_heads | {view.words[head]}
    for k in range(end - 1, head, -1):
        if view.words[k] in AND_WORDS or view.words[k] == ",":
            rest = _before_complement(view.words[k + 1:end])
            if (any(w in stops for w in rest) or (rest and rest[0] in ARTICLES)
                    or (view.words[k] == "," and not any(w in AND_WORDS for w in rest))
                    or any(_is_acronym(text[view.starts[i]:view.ends[i]]) for i in range(k + 1, end))):
                end = k
    end = _trim_place_list(view, head, end)
    while end > head + 1 and (view.words[end - 1] in CONNECTORS or not view.words[end - 1][0].isalnum()):
        end -= 1
    return start, end


def _before_complement(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a coordinated part before its own "of" complement: "Ministry | of Education" (a second body),
    "Countering Terrorism | of the United Nations Office ..." (the owner of the whole name, not a second body)."""
    for i, word in enumerate(words):
        if i and word in COMPLEMENT_WORDS:
            return words[:i]
    return words


def left_edge(text: str, view: MatchView, head: int, *, cut_heads: frozenset[str] = frozenset(),
              possessive: bool = False, coordinate: bool = True) -> int:
    """First token of a name left of its head: capitalised words on the head's line, at most MAX_LEFT_TOKENS content
    words ("and"/"of" do not count), across "A and B" and, once an "and" is crossed, across "A, B and C" lists of
    capitalised words ("East Africa, Horn and Southern Africa Regional Data Hub"); with possessive, across "X's".
    A coordination is never crossed to an acronym ("PAL and Milan Municipality"), nor at all without coordinate."""
    start = head
    content = 0
    limit = MAX_LEFT_TOKENS
    coordinated = False
    while start > 0:
        k = start - 1
        if content >= limit and (coordinated or view.words[k] not in AND_WORDS):
            break  # at the limit only a first "and" may still open a coordination
        if "\n" in text[view.ends[k]:view.starts[start]]:
            break
        word = view.words[k]
        if (possessive and word == "s" and k > 1 and view.words[k - 1] == "'" and view.starts[k] == view.ends[k - 1]
                and view.starts[k - 1] == view.ends[k - 2] and is_capitalised(text, view, k - 2)
                and view.words[k - 2] not in LEFT_STOP and content < limit - 1):
            start = k - 2  # a possessive inside a name: "African Union's Statistics Division"
            content += 1
            continue
        joins = coordinate and (word in AND_WORDS or (word == "," and coordinated))
        if (joins and k > 0 and start < head and is_capitalised(text, view, k - 1)
                and not _is_acronym(text[view.starts[k - 1]:view.ends[k - 1]])
                and view.words[k - 1][0].isalnum() and "\n" not in text[view.ends[k - 1]:view.starts[k]]
                and view.words[k - 1] not in LEFT_STOP and view.words[k - 1] not in cut_heads
                and view.words[k - 1] != view.words[head]
                and not (word == "," and _is_acronym(text[view.starts[k - 1]:view.ends[k - 1]]))):
            start = k - 1  # "Food and Agriculture Organization", "Cooperation and Development Institute"
            content += 1
            if not coordinated:
                coordinated = True
                limit += MAX_LEFT_LIST_WORDS
            continue
        if not word[0].isalnum() or not is_capitalised(text, view, k) or word in LEFT_STOP:
            break
        if _labels_following(text[view.starts[k]:view.ends[k]], view, start):
            break  # "DIP Division of International Protection": an acronym-list entry, not part of the name
        start = k
        content += 1
    return start


def _labels_following(surface: str, view: MatchView, first: int) -> bool:
    """Whether an acronym spells the initials of the words from token `first` on (an "ACR Long Form" list entry)."""
    if not _is_acronym(surface):
        return False
    letters = surface.lower()
    initials = [w[0] for w in view.words[first:first + len(letters) + MAX_LEFT_TOKENS]
                if w[0].isalnum() and w not in CONNECTORS]
    return len(initials) >= len(letters) and "".join(initials[:len(letters)]) == letters


def _trim_place_list(view: MatchView, head: int, end: int) -> int:
    """End of a name cut before a trailing list of places ("… Program for North, East, West and Central")."""
    for k in range(head + 1, end - 1):
        if view.words[k] not in RIGHT_PLACE_CONNECTORS:
            continue
        rest = view.words[k + 1:end]
        items = [w for w in rest if w not in CONNECTORS and w[0].isalnum()]
        if "," in rest and items and all(w in PLACE_WORDS for w in items):
            return k
    return end


def _is_acronym(word: str) -> bool:
    """An all-capitals token of two or more letters (a separate organisation in a list)."""
    return len(word) >= 2 and word.isupper() and word.isalpha()


def starts_word(text: str, index: int) -> bool:
    """Whether text[index] starts a word (no letter or digit right before it); regexes stay prefix-scannable."""
    return index == 0 or not text[index - 1].isalnum()


def is_acronym_name(name: str) -> bool:
    """Whether a gazetteer name is an all-capitals acronym ("ONE", "DGEC-M/R", "INM RD", "TÜİK")."""
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def same_acronym(surface: str, acronym: str) -> bool:
    """Whether a text surface is exactly the acronym, case included (spacing and punctuation aside)."""
    return NON_WORD_RE.sub("", surface) == NON_WORD_RE.sub("", acronym)


def place_complement(text: str, view: MatchView, end: int, countries: frozenset[tuple[str, ...]]) -> int:
    """Token end of a name extended over its place complement ("Regional Centre for Maritime Security | in Central
    Africa", "Coordination Centre | in the Gulf of Guinea"): "in", an optional article, then capitalised region words
    joined by of/and/the (a country only after "of": "Gulf of Guinea"), up to a word that is not capitalised. A city
    or country ("Centre for Climate Change in Brunei Darussalam" is where the centre is, "Office in Geneva") or any
    other capitalised word left over keeps the name as it was."""
    n = len(view.words)
    if end >= n or view.words[end] not in PLACE_IN_WORDS or "\n\n" in text[view.ends[end - 1]:view.starts[end]]:
        return end
    j = end + 1
    if j < n and view.words[j] in ARTICLES:
        j += 1
    last = None
    while j < n and "\n\n" not in text[view.ends[j - 1]:view.starts[j]]:
        country = None if last is None or view.words[j - 1] not in COMPLEMENT_WORDS else next(
            (j + k for k in range(MAX_COUNTRY_WORDS, 0, -1)
             if j + k <= n and is_capitalised(text, view, j) and view.words[j:j + k] in countries), None)
        if country is not None:
            j = last = country
            continue
        word = view.words[j]
        if word in REGION_WORDS and is_capitalised(text, view, j):
            j += 1
            last = j
            continue
        if word in PLACE_INNER and last is not None:
            j += 1
            continue
        break
    if last is None or (last < n and view.words[last][0].isalnum() and is_capitalised(text, view, last)
                        and view.words[last] not in CONNECTORS
                        and "\n\n" not in text[view.ends[last - 1]:view.starts[last]]):
        return end
    return last
