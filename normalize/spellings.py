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
from .index import convention_order, convention_spellings, home_source
from .model import Entity
from .text import fold

UKRAINIAN_ONLY = regex.compile(r"[іїєґІЇЄҐ]")
RUSSIAN_ONLY = regex.compile(r"[ыэёъЫЭЁЪ]")
CYRILLIC = regex.compile(r"\p{Cyrillic}")

Variants = dict[str, list[str]]


def _add(found: Variants, lang: str, spelling: str, seen: dict[str, set[str]]) -> None:
    folded = fold(spelling)
    if folded and folded not in seen.setdefault(lang, set()):
        seen[lang].add(folded)
        found.setdefault(lang, []).append(spelling)


def _select(found: Variants, langs: Iterable[str] | None) -> Variants:
    if langs is None:
        return found
    return {lang: found[lang] for lang in langs if lang in found}


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
    for convention in convention_order(home_source(entity)):
        for name in entity.names.get(convention.source, ()):
            for written in convention_spellings(name, convention, kind):
                _add(found, convention.language, written, seen)
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
        sources = {"uk"}
    elif RUSSIAN_ONLY.search(name):
        sources = {"ru"}
    else:
        sources = {"ru", "uk"}
    found: Variants = {}
    seen: dict[str, set[str]] = {}
    for convention in convention_order("ru"):
        if convention.source not in sources:
            continue
        _add(found, convention.language, translit.transliterate(name, convention.id, "person"), seen)
    return _select(found, langs)
