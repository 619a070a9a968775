"""Shared fixtures: the default normalizer (built once per test session) and paths."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

import normalize
from normalize.normalizer import default_normalizer

# Compiled indexes of the many small lexicons the tests build go to a throwaway folder
# (subprocesses inherit it), not to the user's cache.
os.environ.setdefault("NORMALIZE_CACHE_DIR", tempfile.mkdtemp(prefix="normalize-test-cache-"))

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def normalizer() -> normalize.Normalizer:
    return default_normalizer()
