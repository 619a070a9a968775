"""normalize: map spelling variants of named entities in multilingual text to entities.

    >>> import normalize
    >>> normalize.resolve("Bachmoet").entity.name
    'Bakhmut'

The public API is this module: `resolve`, `candidates`, `annotate`, `replace`, `variants`,
the `Normalizer` class they are methods of, the value types `Entity`, `Match`, `Mention`,
and the transliteration conventions (`transliterate`, `conventions`).
"""

from __future__ import annotations

from collections.abc import Collection

from .lexicon import LexiconError
from .model import Entity, Match, Mention
from .normalizer import Normalizer, default_normalizer
from .translit import UnknownConventionError, conventions, transliterate

__all__ = [
    "Entity",
    "LexiconError",
    "Match",
    "Mention",
    "Normalizer",
    "UnknownConventionError",
    "annotate",
    "candidates",
    "conventions",
    "replace",
    "resolve",
    "transliterate",
    "variants",
]

__version__ = "0.1.0"


def resolve(name: str, *, lang: str | None = None, types: Collection[str] | None = None) -> Match | None:
    """The best entity for a name, or None. See `Normalizer.resolve`."""
    return default_normalizer().resolve(name, lang=lang, types=types)


def candidates(name: str, *, limit: int = 5, types: Collection[str] | None = None) -> list[Match]:
    """Ranked possible entities for a name. See `Normalizer.candidates`."""
    return default_normalizer().candidates(name, limit=limit, types=types)


def annotate(text: str, *, lang: str | None = None, types: Collection[str] | None = None) -> list[Mention]:
    """Linked mentions in running text, with code-point offsets. See `Normalizer.annotate`."""
    return default_normalizer().annotate(text, lang=lang, types=types)


def replace(
    text: str,
    *,
    lang: str | None = None,
    types: Collection[str] | None = None,
    min_score: float = 0.0,
) -> str:
    """`text` with each mention written as its canonical name. See `Normalizer.replace`."""
    return default_normalizer().replace(text, lang=lang, types=types, min_score=min_score)


def variants(name_or_id: str, *, langs: Collection[str] | None = None) -> dict[str, list[str]]:
    """Spellings of an entity or a Cyrillic name by language. See `Normalizer.variants`."""
    return default_normalizer().variants(name_or_id, langs=langs)
