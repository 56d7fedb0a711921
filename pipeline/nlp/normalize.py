"""A case-, accent- and damage-tolerant matching view of a text, with exact offsets back into it.

Gazetteer matching does not run on the spaCy tokens of the original text: PDF extraction breaks names across
lines ("Republic of\\nMoldova"), hyphenates them ("Moldo- va", "Internation-\\nal"), doubles spaces and mixes
curly and straight apostrophes. The view folds every word (lower case, accents stripped, quotes unified), drops
whitespace entirely and rejoins line-break hyphenation, while every view token keeps the char offsets of the
original text it came from. Names of a gazetteer are folded with the same function, so both sides agree.
"""
from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

# One view token: a run of letters/digits (soft hyphens allowed inside), or one punctuation character.
VIEW_TOKEN_RE = re.compile(r"[^\W_]+(?:\xad[^\W_]*)*|[^\w\s]")
VIEW_SPLIT_RE = re.compile(f"({VIEW_TOKEN_RE.pattern})")
# VIEW_SPLIT_RE for texts without soft hyphens and underscores (about 1.5x faster).
FAST_VIEW_SPLIT_RE = re.compile(r"(\w+|[^\w\s])")
NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")
# A word broken at a line end by a hyphen: "Moldo- va", "Internation-\nal", "De- velopment".
HYPHEN_BREAK_RE = re.compile(
    r"[-\u2010\u2011\u00ad](?<=[^\W\d_][-\u2010\u2011\u00ad])(?:[ \t]+|[ \t]*\r?\n[ \t]*)(?=[a-zß-öø-ÿ])")
HYPHEN_CHARS = "-\u2010\u2011\u00ad"
SOFT_HYPHEN = "\xad"
SLUG_WORD_RE = re.compile(r"[a-z0-9]+")
NON_WORD_RE = re.compile(r"[\W_]+")

_QUOTE_MAP = {
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u02bc": "'", "\u00b4": "'", "\u0060": "'",
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u00a0": " ", "\u202f": " ", "\u2007": " ",
}


def _build_fold_table() -> dict[int, str]:
    """Map each Latin-1 / Latin Extended-A/B char to one lower-case ASCII char where one exists (length-preserving)."""
    table: dict[int, str] = {ord(k): v for k, v in _QUOTE_MAP.items()}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[:1].lower()
        if base.isascii() and base.isalpha():
            table[code] = base
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code).lower()
    table[ord("ß")] = "s"
    table[ord("æ")] = "a"
    table[ord("Æ")] = "a"
    table[ord("œ")] = "o"
    table[ord("Œ")] = "o"
    return table


FOLD_TABLE = _build_fold_table()


def _fold_char(match: re.Match[str]) -> str:
    return match.group().translate(FOLD_TABLE)


def fold(text: str) -> str:
    """Lower-case, strip accents and unify quotes/dashes, keeping the length of the text unchanged."""
    lowered = text.lower()
    if len(lowered) == len(text):
        if "`" in lowered:
            lowered = lowered.replace("`", "'")
        if lowered.isascii():
            return lowered
        return NON_ASCII_RE.sub(_fold_char, lowered)
    return "".join(ch.translate(FOLD_TABLE).lower()[:1] or ch for ch in text)


class _LastDocument:
    """The last long text folded and its fold (several components fold the same document text)."""

    text: str | None = None
    folded: str = ""


def fold_document(text: str) -> str:
    """fold(text), remembered for the last text folded (by identity: the components share one text object)."""
    if text is not _LastDocument.text:
        _LastDocument.folded = fold(text)
        _LastDocument.text = text
    return _LastDocument.folded


@lru_cache(maxsize=65536)
def fold_words(text: str) -> tuple[str, ...]:
    """The folded view tokens of a short string such as a gazetteer name (line-break hyphens rejoined)."""
    joined = HYPHEN_BREAK_RE.sub("", text)
    return tuple(t.replace(SOFT_HYPHEN, "") for t in VIEW_TOKEN_RE.findall(fold(joined)))


def slugify(text: str) -> str:
    """A stable id slug: folded ASCII words joined by '-', a leading article dropped, hyphen breaks rejoined."""
    words = SLUG_WORD_RE.findall(fold(HYPHEN_BREAK_RE.sub("", text)).replace("'", " "))
    while words and words[0] in ("the", "la", "le", "les", "el", "los", "las", "l"):
        words = words[1:]
    return "-".join(words)


def is_acronym_name(name: str) -> bool:
    """Whether a gazetteer name is an all-capitals acronym ("ONE", "DGEC-M/R", "INM RD", "TÜİK")."""
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def same_acronym(surface: str, acronym: str) -> bool:
    """Whether a text surface is exactly the acronym, case included (spacing and punctuation aside)."""
    return NON_WORD_RE.sub("", surface) == NON_WORD_RE.sub("", acronym)


def clean_surface(text: str) -> str:
    """The surface of a span with hyphen breaks rejoined and whitespace collapsed (for display and slugs)."""
    return " ".join(HYPHEN_BREAK_RE.sub("", text).split())


class Occupancy:
    """Which positions (chars or tokens) are taken, for linear-time overlap checks of many spans."""

    __slots__ = ("_taken",)

    def __init__(self, size: int) -> None:
        self._taken = bytearray(size)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any position in [start, end) is taken."""
        return 1 in self._taken[start:end]

    def take(self, start: int, end: int) -> None:
        """Mark [start, end) as taken."""
        self._taken[start:end] = b"\x01" * (end - start)


@dataclass(frozen=True, slots=True)
class MatchView:
    """Folded view tokens of a text with the original [start, end) offsets of each token."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def token_at_or_after(self, char: int) -> int:
        """Index of the first view token that starts at or after a char offset."""
        return bisect.bisect_left(self.starts, char)

    def token_before(self, char: int) -> int:
        """Index of the last view token that ends at or before a char offset (-1 if none)."""
        return bisect.bisect_right(self.ends, char) - 1


_END = ""  # key of a PhraseIndex trie node marking the end of a phrase (no view word is empty)


class PhraseIndex:
    """Phrases of folded words found at every view token with plain dict lookups (no spaCy Doc is needed).

    A trie of dicts walked from every token that starts a phrase, as spaCy's ``PhraseMatcher(attr="ORTH")`` walks
    its own: it yields exactly what such a matcher over the view words would, every occurrence of every phrase,
    overlapping ones included, ordered by start and, at one start, shortest first.
    """

    __slots__ = ("_root", "_size")

    def __init__(self, phrases: Iterable[tuple[str, ...]] = ()) -> None:
        self._root: dict[str, dict] = {}
        self._size = 0
        for phrase in phrases:
            self.add(phrase)

    def add(self, phrase: tuple[str, ...]) -> None:
        """Index one phrase (a tuple of folded view words; empty phrases are ignored)."""
        if not phrase:
            return
        node = self._root
        for word in phrase:
            node = node.setdefault(word, {})
        if _END not in node:
            node[_END] = {}
            self._size += 1

    def __len__(self) -> int:
        return self._size

    def matches(self, words: Sequence[str]) -> list[tuple[int, int]]:
        """Token ranges [start, end) of every phrase occurring in words."""
        root, n = self._root, len(words)
        out: list[tuple[int, int]] = []
        # only positions whose word starts some phrase (found by a C-level scan) are walked
        for i in itertools.compress(range(n), map(root.__contains__, words)):
            node = root[words[i]]
            j = i + 1
            while True:
                if _END in node:
                    out.append((i, j))
                if j >= n:
                    break
                node = node.get(words[j])
                if node is None:
                    break
                j += 1
        return out


def anchored_finditer(pattern: re.Pattern[str], anchor: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, with pattern tried only where a cheap anchor regex matches.

    Exact when pattern never matches the empty string and anchor matches at every position where a match of
    pattern can start (a necessary condition such as the literal first words of the pattern). An anchor that begins
    with a literal or a character class is scanned for in C by the re engine, whereas a pattern that begins with a
    lookbehind is otherwise tried at every character of the text.
    """
    search, match = anchor.search, pattern.match
    pos = 0
    while True:
        hit = search(text, pos)
        if hit is None:
            return
        start = hit.start()
        found = match(text, start)
        if found is None or found.end() == start:
            pos = start + 1
            continue
        yield found
        pos = found.end()


def build_view(text: str) -> MatchView:
    """Tokenise and fold a text into a MatchView, rejoining words hyphenated across a line or a space."""
    folded = fold_document(text)
    if SOFT_HYPHEN in folded:
        parts = VIEW_SPLIT_RE.split(folded)  # gap, word, gap, word, ..., gap: offsets come from running lengths
    else:  # the same tokens: without soft hyphens a word is \w+ once '_' (a gap char) is made a space
        parts = FAST_VIEW_SPLIT_RE.split(folded.replace("_", " ") if "_" in folded else folded)
    bounds = list(itertools.accumulate(map(len, parts)))
    words = parts[1::2]
    starts = bounds[0:-1:2]
    ends = bounds[1::2]
    if SOFT_HYPHEN in text:
        words = [w.replace(SOFT_HYPHEN, "") for w in words]
    breaks = [m.start() for m in HYPHEN_BREAK_RE.finditer(text)]
    if breaks:
        words, starts, ends = _join_breaks(words, starts, ends, breaks)
    return MatchView(tuple(words), tuple(starts), tuple(ends))


def _join_breaks(words: list[str], starts: list[int], ends: list[int],
                 breaks: list[int]) -> tuple[list[str], list[int], list[int]]:
    """Merge 'word', '-', 'word' token triples at each line-break hyphen position into one token."""
    out_w: list[str] = []
    out_s: list[int] = []
    out_e: list[int] = []
    cursor = 0
    for pos in breaks:
        hyphen = bisect.bisect_left(starts, pos)
        if hyphen < 1 or hyphen + 1 >= len(words) or hyphen - 1 < cursor or starts[hyphen] != pos:
            continue
        left, right = hyphen - 1, hyphen + 1
        out_w.extend(words[cursor:left])
        out_s.extend(starts[cursor:left])
        out_e.extend(ends[cursor:left])
        out_w.append(words[left] + words[right])
        out_s.append(starts[left])
        out_e.append(ends[right])
        cursor = right + 1
    out_w.extend(words[cursor:])
    out_s.extend(starts[cursor:])
    out_e.extend(ends[cursor:])
    return out_w, out_s, out_e


# ----------------------------------------------------------------------------- name chunks around a head word
CONNECTORS = frozenset({"of", "for", "and", "the", "on", "against", "&", "de", "du", "des", "la", "le", "l", "'",
                        "d", "et", "y", "del", "los", "las", "e", "di", "per", "della", "delle", "pour", "para"})
AND_WORDS = frozenset({"and", "et", "y", "e", "&"})
LEFT_STOP = frozenset({"the", "a", "an", "in", "on", "at", "by", "for", "with", "from", "and", "both", "each",
                       "this", "that", "these", "those", "our", "its", "their", "his", "her", "le", "la", "les",
                       "el", "los", "las", "du", "de", "des", "del", "under", "through", "via", "per", "to", "as",
                       "of", "all", "other", "une", "un", "una", "dear", "mr", "ms", "mrs", "dr", "if", "when",
                       "while", "since", "after", "before", "during", "between", "among", "also", "but", "or",
                       "whereas", "noting", "recalling", "welcoming", "acknowledging", "recognizing"})
LOWER_STOP = frozenset({"pour", "par", "avec", "sur", "dans", "qui", "que", "a", "est", "sont", "ont", "en", "au",
                        "aux", "para", "por", "con", "que", "se", "es", "son", "ha", "han", "al", "sobre", "entre",
                        "ne", "pas", "il", "elle", "ils", "lo", "su", "sus", "ce", "cette", "ces", "dont", "ainsi",
                        "comme", "como", "mediante", "segun", "selon", "lors", "afin", "sera", "seront", "sera"})
ARTICLES = frozenset({"the", "la", "le", "les", "el", "los", "las", "l"})
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
RIGHT_PLACE_CONNECTORS = frozenset({"for", "in", "of", "pour", "en", "de", "para"})
MAX_LINE_CROSS_WORDS = 6


def is_capitalised(text: str, view: MatchView, i: int) -> bool:
    """Whether view token i starts with an upper-case letter in the original text."""
    return text[view.starts[i]].isupper()


def name_chunk(text: str, view: MatchView, head: int, *, lowercase_ok: bool = False,
               direct_right: bool = False, cut_heads: frozenset[str] = frozenset(),
               possessive: bool = False) -> tuple[int, int]:
    """Token range [start, end) of the proper name around a head word ("Planning Institute of Jamaica").

    Leftwards: up to four capitalised content words on the same line (see left_edge). Rightwards: capitalised words joined by connectors
    (of, for, and, de, y...), a comma only when an 'and' follows, across at most one line break; a continuation
    after 'and'/',' that starts another name (a word of cut_heads or the head again, an article, an acronym) is cut
    off. Unless direct_right (French/Spanish "Institut National de..."), a word right after the head must be a
    connector ("Ministry of", not "Tirana Municipality Evaluation"). lowercase_ok admits lower-case words (French
    and Spanish names capitalise only the first word).
    """
    n = len(view.words)
    start = left_edge(text, view, head, cut_heads=cut_heads, possessive=possessive)
    last = head
    j = head + 1
    capital_seen = False
    if not direct_right and j < n and view.words[j] not in CONNECTORS:
        j = n
    while j < n and j - start < MAX_CHUNK_TOKENS:
        gap = text[view.ends[j - 1]:view.starts[j]]
        if gap.count("\n") > 1 or ("\n" in gap and (j - start > MAX_LINE_CROSS_WORDS)):
            break
        word = view.words[j]
        if word in CONNECTORS or word == ",":
            j += 1
            continue
        if word == "-" and not gap and j + 1 < n and view.starts[j + 1] == view.ends[j]:
            j += 1
            continue
        if word[0].isalnum() and is_capitalised(text, view, j):
            if j > head + 1 and _labels_following(text[view.starts[j]:view.ends[j]], view, j + 1):
                break  # "... Forced Displacement KEQ Key Evaluation Question": the next acronym-list entry
            capital_seen = True
            last = j
            j += 1
            continue
        if lowercase_ok and not capital_seen and word.isalpha() and word not in LOWER_STOP:
            last = j  # "ministère de la santé publique"; after a capitalised word a lower-case one ends the name
            j += 1
            continue
        break
    end = last + 1
    stops = cut_heads | {view.words[head]}
    for k in range(end - 1, head, -1):
        if view.words[k] in AND_WORDS or view.words[k] == ",":
            rest = view.words[k + 1:end]
            if (any(w in stops for w in rest) or (rest and rest[0] in ARTICLES)
                    or (view.words[k] == "," and not any(w in AND_WORDS for w in rest))
                    or any(_is_acronym(text[view.starts[i]:view.ends[i]]) for i in range(k + 1, end))):
                end = k
    end = _trim_place_list(view, head, end)
    while end > head + 1 and (view.words[end - 1] in CONNECTORS or not view.words[end - 1][0].isalnum()):
        end -= 1
    return start, end


def left_edge(text: str, view: MatchView, head: int, *, cut_heads: frozenset[str] = frozenset(),
              possessive: bool = False) -> int:
    """First token of a name left of its head: capitalised words on the head's line, at most MAX_LEFT_TOKENS content
    words ("and"/"of" do not count), across "A and B" and, once an "and" is crossed, across "A, B and C" lists of
    capitalised words ("East Africa, Horn and Southern Africa Regional Data Hub"); with possessive, across "X's"."""
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
        joins = word in AND_WORDS or (word == "," and coordinated)
        if (joins and k > 0 and start < head and is_capitalised(text, view, k - 1)
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
