"""Shared fixtures: the default normalizer (built once per test session) and paths."""

from __future__ import annotations

from pathlib import Path

import pytest

import normalize
from normalize.normalizer import default_normalizer

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def normalizer() -> normalize.Normalizer:
    return default_normalizer()
