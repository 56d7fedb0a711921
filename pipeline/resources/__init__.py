"""Data files (gazetteers, SDG framework, themes, GCM objectives) and their typed loaders.

Every file is found one way, through :func:`resource_path` (``importlib.resources``), so an installed package
reads the same data as a checkout. One loader module per family of files, each returning frozen records:
``gazetteers`` (countries, non_countries, organizations, gov_bodies), ``sdg`` (sdg.json, the one reader of the
SDG framework), ``gcm`` (gcm.json); ``schema`` holds the JSON reading and field checks they share.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

RESOURCES_DIR = Path(str(files(__name__)))
"""The folder that holds the data files of this package."""


def resource_path(name: str) -> Path:
    """The path of a data file of pipeline/resources (e.g. ``"sdg.json"``)."""
    return RESOURCES_DIR / name
