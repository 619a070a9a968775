"""The public value types: Entity, Match and Mention.

Frozen dataclasses with no behaviour beyond small derived properties, so that callers can
hash, compare and serialise them freely. Every `Match` records how it was made (`method`,
`form`, `rules`, `distance`) so a user can audit each link.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

ENTITY_TYPES: tuple[str, ...] = ("place", "person", "org", "unit", "equipment", "event")

METHODS: tuple[str, ...] = ("exact", "alias", "transliteration", "fuzzy")
"""How a name met a lexicon form, from most to least certain.

- ``exact``: the folded query equals a canonical or native name of the entity;
- ``alias``: it equals an alias or former name;
- ``transliteration``: it equals a spelling a transliteration convention writes from the
  entity's Cyrillic name (``Match.convention`` says which), or its transliteration-invariant
  key equals the key of a lexicon form;
- ``fuzzy``: its key is within a small, length-dependent edit distance of a form's key.
"""


@dataclass(frozen=True)
class Entity:
    """One real-world thing: a place, person, organisation, unit, weapon system or event.

    Attributes:
        id: stable identifier, ``<type>/<slug>`` (``place/bakhmut``).
        type: one of ``ENTITY_TYPES``.
        name: the canonical English name.
        names: native and official names by language code (``{"uk": ("Бахмут",)}``).
        aliases: other forms by language that no rule derives (exonyms, press forms).
        former: former official names by language (renamings: Artemivsk for Bakhmut).
        attributes: optional facts (``wikidata``, ``country``, ``parent``, ``lat``, ``lon``,
            ``population``, ``katotth``, ``subtype``, ``prominence``).
    """

    id: str
    type: str
    name: str
    names: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    former: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    attributes: Mapping[str, object] = field(default_factory=dict, compare=False)

    def __hash__(self) -> int:
        return hash(self.id)


@dataclass(frozen=True)
class Match:
    """A name linked to an entity, with the evidence.

    Attributes:
        entity: the entity linked to.
        score: confidence in 0..1; exact 1.0, alias slightly less, then transliteration,
            then fuzzy; extra steps (surname only, plural, glued word) lower it further.
        method: one of ``METHODS``: how the name met the lexicon form.
        form: the lexicon form that was met (``"Bakhmut"``, ``"Бахмут"``).
        form_lang: the language code of that form in the lexicon.
        distance: edit distance between the comparison keys (0 unless ``fuzzy``).
        rules: extra steps applied on the way, in order, e.g. ``("surname",)``,
            ``("plural:s",)``, ``("glued:non",)``, ``("given-name",)``.
        runner_up: the id of the next best different entity when the choice was close.
        convention: when the form met was written by a transliteration convention from
            a Cyrillic name, that convention's id (``nl-uk``); else None.
        source: the Cyrillic name the convention wrote the form from (``Бахмут``).
    """

    entity: Entity
    score: float
    method: str
    form: str
    form_lang: str = ""
    distance: int = 0
    rules: tuple[str, ...] = ()
    runner_up: str | None = None
    convention: str | None = None
    source: str | None = None

    @property
    def explanation(self) -> str:
        """A one-line human-readable account of why this match was made."""
        parts = [f"{self.method} match on {self.form!r}"]
        if self.convention:
            parts[0] += f" ({self.convention} rendering of {self.source!r})"
        elif self.form_lang:
            parts[0] += f" ({self.form_lang})"
        if self.method == "fuzzy":
            parts.append(f"key edit distance {self.distance}")
        parts.extend(self.rules)
        return "; ".join(parts)


@dataclass(frozen=True)
class Mention:
    """A span of the caller's text linked to an entity.

    ``start`` and ``end`` are code-point offsets into the caller's string, so
    ``text[start:end] == mention.text`` always holds.
    """

    start: int
    end: int
    text: str
    match: Match
