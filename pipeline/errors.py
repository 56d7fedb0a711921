"""The one error hierarchy of nexus. Only the CLI turns these into exit codes and one-line messages."""
from __future__ import annotations


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


def one_line(message: str) -> str:
    """Collapse a message to one line for tables and terminals."""
    return " ".join(str(message).split())


class ResourceError(PipelineError):
    """A data file of pipeline/resources is missing or malformed."""
