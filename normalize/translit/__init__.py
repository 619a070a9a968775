"""Transliteration conventions: Cyrillic text as each language's press, official system or
scholarly standard writes it in Latin letters.

This package knows nothing of entities.  It answers one question: *how does convention C
spell this Ukrainian or Russian word?*  Бахмут is ``Bakhmut`` in ``en_kmu-uk``, ``Bachmut``
in ``de-uk``, ``Bachmoet`` in ``nl-uk``, ``Bakhmout`` in ``fr-uk``, ``Bajmut`` in
``es-uk``, ``Bachmutas`` in ``lt-uk``.

Every convention is a reviewed YAML table in ``tables/`` (``<target>-<source>.yaml``);
:mod:`normalize.translit.engine` validates and compiles it once.  The official schemes that
``translitua`` also implements (KMU 2010, BGN/PCGN, ISO 9, the German and French tables)
are written here as tables too; ``translitua`` is used only as a *test oracle*, never at
run time, so every convention stays reviewable data.

Public API::

    transliterate("Зеленський", "de-uk")   -> "Selenskyj"
    conventions()                          -> [Convention(id="cs-ru", ...), ...]
    convention("de-uk")                    -> Convention(...)
    UnknownConventionError                 (a ValueError)
"""

from __future__ import annotations

from .engine import Convention, Entity, TableError, UnknownConventionError, load_table, table_ids
from .engine import transliterate_text as _transliterate_text

__all__ = [
    "Convention",
    "Entity",
    "TableError",
    "UnknownConventionError",
    "convention",
    "conventions",
    "transliterate",
]


def transliterate(text: str, convention: str, entity: Entity = "person") -> str:
    """Write the Cyrillic words of ``text`` as ``convention`` does.

    Characters outside the convention's source alphabet (Latin, digits, punctuation,
    letters of the other Cyrillic alphabet) pass through unchanged; the result is
    deterministic.  ``entity`` matters only to conventions whose nominative endings differ
    for persons and places (Latvian: ``Šamanovs`` but ``Bahmuta``).

    Raises :class:`UnknownConventionError` for an unknown id.
    """
    return _transliterate_text(text, load_table(convention), entity)


def conventions() -> list[Convention]:
    """All shipped conventions, sorted by id."""
    return [load_table(cid).convention for cid in table_ids()]


def convention(convention_id: str) -> Convention:
    """The convention with this id; :class:`UnknownConventionError` if there is none."""
    return load_table(convention_id).convention
