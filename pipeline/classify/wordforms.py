"""Language-aware word features for the supervised word part: stop words and light stemming per language.

The knowledge part and the term queries read passages with :func:`~pipeline.classify.text.analyze` (English
plural rules for every language); the supervised word part can instead read each passage with its own
language's rules (:func:`analyze_in`): a fuller French and Spanish stop list, and light stemmers written for the
project that strip inflection (plural, feminine, adverb endings) so that "économiques", "économique" and
"économiquement" count as one word. Stemming works on folded tokens (accents removed, lower case).

Tried for issue 15 (``Variant(word_forms=True)``), it is not in the shipped model: French +0.15 points and
English -0.4 on the grouped nested CV of dev.csv (seed 42).
"""
from __future__ import annotations

from functools import lru_cache

from pipeline.classify.text import STOP_WORDS, TOKEN_RE, analyze, fold, stem

FRENCH_STOP_WORDS = frozenset(
    "a ai au aux avec ce ces cet cette c ca d dans de des du elle elles en entre est et etre eux il ils je l la le "
    "les leur leurs lui m ma mais me meme mes moi mon n ne ni nos notre nous on ont ou par pas plus pour qu que qui "
    "s sa se ses si son sont sur ta te tes toi ton tous tout toute toutes tu un une vos votre vous y afin ainsi "
    "aussi autre autres avoir bien car celle celles celui ceux chaque comme dont donc ete fait faire lors meme "
    "notamment peut peuvent sans selon sous tant tels telle telles tel tres deja encore egalement alors apres avant "
    "depuis pendant vers cela ceci ici la-bas quel quelle quels quelles sera seront serait etait etaient avait "
    "avaient doit doivent".split()
)
SPANISH_STOP_WORDS = frozenset(
    "a al algo algunos ante antes como con contra cual cuando de del desde donde durante e el ella ellas ellos en "
    "entre era eran es esa esas ese eso esos esta estan estas este esto estos fue fueron ha han hasta hay la las "
    "le les lo los mas me mi mis mucho muy ni no nos nosotros o os otra otras otro otros para pero por porque que "
    "quien se sea ser si sido sin sobre son su sus tambien tanto te tiene tienen todo todos tu un una uno unos y ya "
    "asi cada dicho dicha donde mediante segun tal tales vez cuyo cuya cuyos cuyas debe deben puede pueden".split()
)
LANGUAGE_STOP_WORDS: dict[str, frozenset[str]] = {
    "en": STOP_WORDS, "fr": STOP_WORDS | FRENCH_STOP_WORDS, "es": STOP_WORDS | SPANISH_STOP_WORDS,
}
MIN_STEM_LENGTH = 4
"""A stem is never shortened below this many letters."""
STEM_CACHE_SIZE = 1 << 17
FRENCH_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("issements", "is"), ("issement", "is"), ("ements", ""), ("ement", ""), ("ations", "ation"),
    ("aux", "al"), ("eaux", "eau"), ("euses", "eux"), ("euse", "eux"), ("ives", "if"), ("ive", "if"),
    ("elles", "el"), ("elle", "el"), ("iennes", "ien"), ("ienne", "ien"), ("ees", ""), ("ee", ""),
    ("es", ""), ("s", ""), ("x", ""), ("e", ""),
)
"""French inflection endings (of folded words) and what replaces them; the first that fits is used."""
SPANISH_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("amente", ""), ("mente", ""), ("ciones", "cion"), ("siones", "sion"), ("dades", "dad"), ("ces", "z"),
    ("ales", "al"), ("iles", "il"), ("ores", "or"), ("ones", "on"), ("es", ""), ("as", ""), ("os", ""), ("s", ""),
    ("a", ""), ("o", ""), ("e", ""),
)
"""Spanish inflection endings (of folded words) and what replaces them; the first that fits is used."""
_SUFFIXES: dict[str, tuple[tuple[str, str], ...]] = {"fr": FRENCH_SUFFIXES, "es": SPANISH_SUFFIXES}


@lru_cache(maxsize=STEM_CACHE_SIZE)
def light_stem(token: str, language: str) -> str:
    """The light stem of a folded token in ``language`` (English: the classifier's plural rules)."""
    suffixes = _SUFFIXES.get(language)
    if suffixes is None:
        return stem(token)
    for suffix, replacement in suffixes:
        if token.endswith(suffix) and len(token) - len(suffix) + len(replacement) >= MIN_STEM_LENGTH:
            return token[: len(token) - len(suffix)] + replacement
    return token


def words_in(text: str, language: str) -> list[str]:
    """Content words of a text read in ``language``: folded, stop words and digits dropped, light-stemmed."""
    stop = LANGUAGE_STOP_WORDS.get(language, STOP_WORDS)
    return [light_stem(t, language) for t in TOKEN_RE.findall(fold(text))
            if t not in stop and len(t) > 1 and not t.isdigit()]


def analyze_in(text: str, language: str) -> list[str]:
    """Word features of a text read in ``language``: light-stemmed content-word unigrams and bigrams (English:
    exactly :func:`~pipeline.classify.text.analyze`)."""
    if language not in _SUFFIXES:
        return analyze(text)
    words = words_in(text, language)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def analyze_tagged(doc: tuple[str, str]) -> list[str]:
    """:func:`analyze_in` of a (language, text) pair, the document form of a language-aware vectoriser."""
    language, text = doc
    return analyze_in(text, language)
