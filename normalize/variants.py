"""Spellings of a name by language: the lexicon's forms plus every convention's rendering.

`entity_variants` lists how each language writes a lexicon entity (curated aliases first,
as the press of that language uses them, then what the conventions write from the
entity's Cyrillic names); `cyrillic_variants` does the same for a Cyrillic name that is in
no lexicon, from the conventions alone.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from . import translit
from .model import Entity
from .text import fold

UKRAINIAN_ONLY = regex.compile(r"[іїєґІЇЄҐ]")
RUSSIAN_ONLY = regex.compile(r"[ыэёъЫЭЁЪ]")
CYRILLIC = regex.compile(r"\p{Cyrillic}")

Variants = dict[str, list[str]]


def _conventions_for(sources: Iterable[str]) -> list[translit.Convention]:
    """Conventions of the given source alphabets, in that order of sources, English first."""
    ordered = []
    english = {"en_kmu": 0, "en_press": 1, "en_bgn": 2}
    for source in sources:
        of_source = [c for c in translit.conventions() if c.source == source]
        ordered += sorted(of_source, key=lambda c: (english.get(c.id.split("-")[0], 9), c.id))
    return ordered


def _add(found: Variants, lang: str, spelling: str, seen: dict[str, set[str]]) -> None:
    folded = fold(spelling)
    if folded and folded not in seen.setdefault(lang, set()):
        seen[lang].add(folded)
        found.setdefault(lang, []).append(spelling)


def _select(found: Variants, langs: Iterable[str] | None) -> Variants:
    if langs is None:
        return found
    return {lang: found[lang] for lang in langs if lang in found}


def source_order(entity: Entity) -> list[str]:
    """Which Cyrillic names to render first: Russian for Russian and Belarusian entities."""
    if entity.attributes.get("country") in ("RU", "BY"):
        return ["ru", "uk"]
    return ["uk", "ru"]


def entity_variants(entity: Entity, langs: Iterable[str] | None = None) -> Variants:
    """How each language writes `entity`, most usual first.

    Per language: the canonical name (English), the native names, the lexicon's aliases
    and former names in that language, then each convention's rendering of the entity's
    Cyrillic names (the home language's names first).
    """
    found: Variants = {}
    seen: dict[str, set[str]] = {}
    _add(found, "en", entity.name, seen)
    for by_lang in (entity.names, entity.aliases):
        for lang, forms in by_lang.items():
            for form in forms:
                _add(found, lang, form, seen)
    kind: translit.Entity = "place" if entity.type == "place" else "person"
    sources = source_order(entity)
    for convention in _conventions_for(sources):
        for name in entity.names.get(convention.source, ()):
            _add(found, convention.language, translit.transliterate(name, convention.id, kind), seen)
    for lang, forms in entity.former.items():
        for form in forms:
            _add(found, lang, form, seen)
    return _select(found, langs)


def cyrillic_variants(name: str, langs: Iterable[str] | None = None) -> Variants:
    """How each language's convention writes a Cyrillic personal name no lexicon knows.

    Ukrainian-only letters (і ї є ґ) select the Ukrainian conventions, Russian-only
    letters (ы э ё ъ) the Russian ones; otherwise both, Russian first.
    """
    if not CYRILLIC.search(name):
        return {}
    if UKRAINIAN_ONLY.search(name):
        sources = ["uk"]
    elif RUSSIAN_ONLY.search(name):
        sources = ["ru"]
    else:
        sources = ["ru", "uk"]
    found: Variants = {}
    seen: dict[str, set[str]] = {}
    for convention in _conventions_for(sources):
        _add(found, convention.language, translit.transliterate(name, convention.id, "person"), seen)
    return _select(found, langs)
