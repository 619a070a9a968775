"""The lookup tables built from entities: folded forms, invariant keys, fuzzy blocks.

Built once per `Normalizer` from the loaded lexicons. Every entry remembers which lexicon
form produced it (and in which language), so that matches can say what they matched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from math import log10
from typing import NamedTuple

from .lexicon import entity_forms
from .model import Entity
from .names import KNOWN_GIVEN_KEYS, given_name_keys
from .text import TOKEN_RE, fold, key

ACRONYM_MAX_LEN = 4
"""Lexicon forms written in capitals up to this length only match text in capitals."""

MIN_KEY_LEN = 3
"""Keys shorter than this are too lossy to index (``Ko`` would meet half the gazetteer)."""


class Entry(NamedTuple):
    """One lexicon form of one entity, as stored under a lookup key."""

    entity: int
    form: str
    lang: str
    kind: str  # name | alias | former
    case_sensitive: bool
    surname: bool = False  # a person's surname alone, cut from a full-name form


KIND_RANK = {"name": 0, "alias": 1, "former": 1}


def _is_acronym(form: str) -> bool:
    letters = form.replace("-", "").replace(" ", "")
    return form.isupper() and len(letters) <= ACRONYM_MAX_LEN


def prominence(entity: Entity) -> float:
    """How well-known an entity is, for breaking ties: explicit, else from population."""
    explicit = entity.attributes.get("prominence")
    if isinstance(explicit, (int, float)):
        return float(explicit)
    population = entity.attributes.get("population")
    if isinstance(population, int) and population > 0:
        return log10(population)
    return 0.0


@dataclass
class Index:
    """Lookup tables over a list of entities.

    Attributes:
        entities: the entities, addressed by position in the entries.
        exact: folded form → entries (names, aliases, former names, person surnames).
        keys: invariant key → entries (everything but capital-letter acronyms).
        blocks: first key symbol → keys starting with it, for blocked fuzzy search.
        window: folded first word or key of the first word → most words in a form.
        given_names: entity position → keys of the person's given names and of their
            equivalents in other languages (Volodymyr: Vladimir, Wladimir, ...), and folds.
        known_given: every given-name key known, from the data and from persons.
        prominence: entity id → tie-breaking prominence.
        position: entity id → position in `entities`.
    """

    entities: list[Entity]
    exact: dict[str, list[Entry]] = field(default_factory=dict)
    keys: dict[str, list[Entry]] = field(default_factory=dict)
    blocks: dict[str, list[str]] = field(default_factory=dict)
    window: dict[str, int] = field(default_factory=dict)
    given_names: dict[int, frozenset[str]] = field(default_factory=dict)
    known_given: frozenset[str] = frozenset()
    prominence: dict[str, float] = field(default_factory=dict)
    position: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> Index:
        """Index every form of every entity; persons also by surname alone."""
        index = cls(entities=list(entities))
        exact: defaultdict[str, list[Entry]] = defaultdict(list)
        keys: defaultdict[str, list[Entry]] = defaultdict(list)
        given: defaultdict[int, set[str]] = defaultdict(set)
        for position, entity in enumerate(index.entities):
            for form, lang, kind in entity_forms(entity):
                entry = Entry(position, form, lang, kind, _is_acronym(form))
                index._add(exact, keys, fold(form), key(form), entry)
                words = TOKEN_RE.findall(form)
                if entity.type == "person" and len(words) >= 2:
                    surname = str(entity.attributes.get("surname") or words[-1])
                    first = str(entity.attributes.get("given") or words[0])
                    index._add(exact, keys, fold(surname), key(surname), entry._replace(form=surname, surname=True))
                    given[position].update(given_name_keys(first))
                    given[position].add(fold(first))
        for table in (exact, keys):
            for entries in table.values():
                entries.sort(key=lambda e: (e.surname, KIND_RANK[e.kind], e.entity))
        index.exact = dict(exact)
        index.keys = dict(keys)
        blocks: defaultdict[str, list[str]] = defaultdict(list)
        for k in sorted(index.keys):
            blocks[k[0]].append(k)
        index.blocks = dict(blocks)
        index.given_names = {p: frozenset(names) for p, names in given.items()}
        index.known_given = KNOWN_GIVEN_KEYS.union(*index.given_names.values())
        index.prominence = {e.id: prominence(e) for e in index.entities}
        index.position = {e.id: p for p, e in enumerate(index.entities)}
        return index

    def prominence_of(self, entity_id: str) -> float:
        """The tie-breaking prominence of an entity by id (0 when unknown)."""
        return self.prominence.get(entity_id, 0.0)

    def _add(
        self,
        exact: defaultdict[str, list[Entry]],
        keys: defaultdict[str, list[Entry]],
        folded: str,
        skeleton: str,
        entry: Entry,
    ) -> None:
        if not folded:
            return
        if entry not in exact[folded]:
            exact[folded].append(entry)
        words = folded.split()
        self.window[words[0]] = max(self.window.get(words[0], 1), len(TOKEN_RE.findall(entry.form)))
        if entry.case_sensitive or len(skeleton) < MIN_KEY_LEN:
            return
        if entry not in keys[skeleton]:
            keys[skeleton].append(entry)
        first_key = key(words[0])
        self.window[first_key] = max(self.window.get(first_key, 1), len(words))
