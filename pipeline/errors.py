"""The one error hierarchy of nexus, and the one way to word an error about a bad value.

Only the CLI turns these errors into exit codes and one-line messages. Every message about a bad value is
made by :func:`invalid_value`, so each names the thing, the bad value and the valid options the same way.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from difflib import get_close_matches

MAX_LISTED = 20
"""At most this many valid options are spelled out in a message; longer lists are cut with a count."""
CLOSE_MATCHES = 3
"""At most this many "did you mean" suggestions."""
CLOSE_CUTOFF = 0.6
"""Similarity (difflib ratio, 0–1) an option needs to be suggested."""


class PipelineError(Exception):
    """Base of every error nexus raises on purpose; its message is one line a person understands."""

    status: str = "failed"


class ConfigError(PipelineError):
    """A setting has a bad value."""


class InputError(PipelineError):
    """An input path does not exist or cannot be read."""


class ExtractionError(PipelineError):
    """A document could not be turned into text."""


class UnsupportedFormatError(ExtractionError):
    """The file is of a format nexus does not read."""

    status = "skipped"


class EncryptedError(ExtractionError):
    """The document is encrypted and no given password opens it."""


class DamagedError(ExtractionError):
    """The file is damaged beyond what can be recovered."""


class LimitExceededError(ExtractionError):
    """The document exceeds a configured limit (time, memory, pages, characters)."""


class ModelError(PipelineError):
    """The tagging model could not be built or loaded."""


class StoreError(PipelineError):
    """Outputs could not be written or read."""


class ResourceError(PipelineError):
    """A data file of pipeline/resources is missing or malformed."""


def one_line(message: str) -> str:
    """Collapse a message to one line for tables and terminals."""
    return " ".join(str(message).split())


def did_you_mean(value: object, options: Iterable[str], *, n: int = CLOSE_MATCHES) -> list[str]:
    """The options closest to ``value`` (case-insensitive difflib matches), best first."""
    by_fold: dict[str, str] = {}
    for option in options:
        by_fold.setdefault(option.casefold(), option)
    matches = get_close_matches(str(value).casefold(), list(by_fold), n=n, cutoff=CLOSE_CUTOFF)
    return [by_fold[m] for m in matches]


def _either(words: Sequence[str]) -> str:
    """'a', 'a' or 'b', 'a', 'b' or 'c' (each quoted)."""
    quoted = [repr(w) for w in words]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def invalid_value(what: str, value: object, options: Iterable[str], *, described: str | None = None,
                  suggestions: Sequence[str] | None = None) -> str:
    """The message for a bad value: ``<what> <value> is not one of <options>; did you mean <closest>?``.

    ``described`` replaces the list of options when it is too long to be read (e.g. "the 246 ISO3 codes of
    countries.json"); ``suggestions`` replaces the difflib guesses when the caller knows better ones.
    """
    choices = list(dict.fromkeys(options))
    if described is not None:
        listing = described
    elif len(choices) > MAX_LISTED:
        listing = f"{', '.join(choices[:MAX_LISTED])}, … ({len(choices)} in all)"
    else:
        listing = ", ".join(choices) if choices else "(nothing)"
    message = f"{what} {value!r} is not one of {listing}"
    close = list(suggestions) if suggestions is not None else did_you_mean(value, choices)
    if close:
        message += f"; did you mean {_either(close)}?"
    return message
