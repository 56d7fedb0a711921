"""Passage text as the classifier sees it: the languages it knows, folding, light stemming, TF-IDF features."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.errors import ConfigError, invalid_value
from pipeline.resources import resource_path
from pipeline.vocab import LANGUAGES

STOP_WORDS_FILE = "english_stop_words.txt"
"""scikit-learn's English stop words, as data (see the file's header)."""

_STOP_EXTRA = frozenset(
    "de la le les des du un une et en au aux pour par sur dans est sont que qui ou ne pas plus "
    "el los las del y o con por para una uno se su sus al lo como más que es son entre "
    "also per cent percent including include includes well use used may within would could".split()
)
ENGLISH_STOP_WORDS = frozenset(
    line.strip() for line in resource_path(STOP_WORDS_FILE).read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#"))
STOP_WORDS = ENGLISH_STOP_WORDS | _STOP_EXTRA
_NO_STEM = frozenset({"aids", "species", "series", "news", "sars", "gas", "this", "its", "has", "was", "is", "us",
                      "lens", "physics", "economics", "statistics", "ethics", "politics", "mathematics"})
TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)
"""A word token: a run of letters and digits."""
TOKEN_CACHE_SIZE = 4096
STEM_CACHE_SIZE = 1 << 16
_APOSTROPHE_RE = re.compile(r"['’]s\b")
MIN_STEM_IES = 5
"""Shortest word whose -ies ending is folded to -y ("cities" → "city", not "ties" → "ty")."""
MIN_STEM_S = 4
"""Shortest word whose plural -s is dropped."""


def check_language(language: str) -> str:
    """Return ``language`` if the classifier supports it, else raise a ConfigError naming the valid ones."""
    if language not in LANGUAGES:
        raise ConfigError(invalid_value("classifier language", language, LANGUAGES))
    return language


class _FoldTable(dict[int, str]):
    """``str.translate`` table filled on first use: a character → its NFKD letters without combining marks,
    case-folded (one dict lookup per character instead of a normalisation and a generator step)."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, strip accents and possessive 's, so that term queries match across spellings."""
    text = _APOSTROPHE_RE.sub("", text)
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


@lru_cache(maxsize=STEM_CACHE_SIZE)
def stem(token: str) -> str:
    """Fold a plural to its singular with two light rules (-ies → -y, -s → '')."""
    if token in _NO_STEM:
        return token
    if len(token) >= MIN_STEM_IES and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) >= MIN_STEM_S and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    """Folded, stemmed word tokens of a text (letters and digits only)."""
    return list(_tokens(text))


@lru_cache(maxsize=TOKEN_CACHE_SIZE)
def _tokens(text: str) -> tuple[str, ...]:
    """Cached :func:`tokens` (a passage is tokenised for its TF-IDF vector and again for its term hits)."""
    return tuple(stem(t) for t in TOKEN_RE.findall(fold(text)))


def analyze(text: str) -> list[str]:
    """TF-IDF features of a text: content-word unigrams and bigrams."""
    words = [t for t in tokens(text) if t not in STOP_WORDS and len(t) > 1 and not t.isdigit()]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]
