"""Per-passage language detection for the classifier: English, French or Spanish.

The detector is `lingua-language-detector` (Apache-2.0) restricted to the classifier's three languages, built
once per process on first use, in its low-accuracy mode (trigram models only: it loads in 0.06 s instead of
1.2 s and tells all but one of the 1509 dev.csv passages and translations apart, the same as the full mode).
A passage with too few letters to tell is given :data:`DEFAULT_LANGUAGE`.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from pipeline.classify.text import LANGUAGES, TOKEN_RE

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "en"
"""Language of a passage too short to tell (and of every passage when no detector is installed)."""
MIN_DETECT_LETTERS = 12
"""A passage needs at least this many letters before its language is detected."""
DETECT_SAMPLE_CHARS = 2_000
"""Only the first this-many characters of a long passage are read."""
AUTO_LANGUAGE = "auto"
"""The ``language=`` value that asks for per-passage detection."""
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _detector() -> Any | None:
    """The lingua detector over en/fr/es (None, with a warning, when the package is missing)."""
    try:
        from lingua import LanguageDetectorBuilder
    except ImportError:  # pragma: no cover - lingua is a declared dependency
        log.warning("lingua-language-detector is not installed; every passage is taken as %r", DEFAULT_LANGUAGE)
        return None
    with _LOCK:
        return LanguageDetectorBuilder.from_iso_codes_639_1(*_iso_codes()).with_low_accuracy_mode().build()


def _iso_codes() -> list[Any]:
    from lingua import IsoCode639_1

    return [getattr(IsoCode639_1, code.upper()) for code in LANGUAGES]


def _letters(text: str) -> int:
    return sum(len(t) for t in TOKEN_RE.findall(text[:DETECT_SAMPLE_CHARS]) if not t.isdigit())


def detect_language(text: str, *, default: str = DEFAULT_LANGUAGE) -> str:
    """The language (``en``, ``fr`` or ``es``) of one passage; ``default`` when it is too short to tell."""
    return detect_languages([text], default=default)[0]


def detect_languages(texts: Sequence[str], *, default: str = DEFAULT_LANGUAGE) -> list[str]:
    """The language of each passage (see :func:`detect_language`)."""
    detector = _detector()
    out: list[str] = []
    for text in texts:
        if detector is None or _letters(text) < MIN_DETECT_LETTERS:
            out.append(default)
            continue
        found = detector.detect_language_of(text[:DETECT_SAMPLE_CHARS])
        code = found.iso_code_639_1.name.lower() if found is not None else default
        out.append(code if code in LANGUAGES else default)
    return out
