"""Test-wide configuration: the tests import the project as ``pipeline`` and their helpers as ``tests.*``."""
from __future__ import annotations
