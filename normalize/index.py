"""The lookup tables built from entities: folded forms, invariant keys, fuzzy blocks.

Built once per `Normalizer` from the loaded lexicons. Every entry remembers which lexicon
form produced it (and in which language), so that matches can say what they matched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from math import log10
from typing import NamedTuple

import regex

from . import translit
from .lexicon import entity_forms
from .model import Entity
from .names import KNOWN_GIVEN_KEYS, feminine_surname, given_name_keys, is_woman
from .text import TOKEN_RE, fold, is_latin_or_cyrillic, key, letters
from .translit import Convention
from .windows import Windows

ACRONYM_MAX_LEN = 4
"""Lexicon forms written in capitals up to this length only match text in capitals."""

MIN_KEY_LEN = 5
"""Keys shorter than this are too lossy to trust: *Rosa* and Россия, *Kew* and Киев share
one of four symbols or fewer. Shorter names match exactly or not at all."""

def long_enough(skeleton: str) -> bool:
    """Whether a key is specific enough to trust: `MIN_KEY_LEN` symbols, or three with a
    digit among them (designations: Su-34 and Su34 meet on ``su34``)."""
    return len(skeleton) >= MIN_KEY_LEN or (len(skeleton) >= 3 and any(c.isdigit() for c in skeleton))


KEYED_KINDS = ("name", "former")
KEYED_ALIAS_LANGS = ("en", "uk", "ru", "be", "bg", "xx")
"""Forms whose keys are indexed: the canonical, native and former names, and the aliases of
English and the Cyrillic languages (Wagner, so that Вагнер and Vagner meet it). Aliases of
other languages are exonyms and press forms (Finnish Venäjä, Polish Rosja); the key, made
for transliterations of Ukrainian and Russian names, would make them meet common words
(*Vienna*, *Rosa*), so they match exactly."""

FUZZY_TYPES = ("place", "person")
"""Entity types whose names may be met fuzzily. Organisations, units, weapons and events
have English or borrowed names (Javelin, Guardian, Kinzhal) that near-spellings of common
words reach; they match exactly or by key."""

CONVENTION_TYPES = ("place", "person")
"""Entity types whose Cyrillic names the conventions spell out. Other names are Cyrillic
borrowings of Latin ones (Рейтер, Джавелін): spelling them back out (Reiter) is noise."""

_LATIN_FORM = regex.compile(r"^[\p{Latin}\p{N}\p{M}\p{P}\p{Z}\p{S}]*$")

_VOWELS = str.maketrans("eiou", "aaaa")


def vowel_skeleton(skeleton: str) -> str:
    """A key with every vowel written ``a``: spellings that differ only in vowels meet here
    (Kharkov/Kharkiv, Bakhmöt/Bakhmut), the commonest difference between transliterations."""
    return skeleton.translate(_VOWELS)


class Entry(NamedTuple):
    """One lexicon form of one entity, as stored under a lookup key."""

    entity: int
    form: str
    lang: str
    kind: str  # name | alias | former | generated
    case_sensitive: bool
    surname: bool = False  # a person's surname alone, cut from a full-name form
    convention: str = ""  # for generated forms: the convention that wrote them
    source: str = ""  # for generated forms: the Cyrillic name they were written from


KIND_RANK = {"name": 0, "alias": 1, "former": 1, "generated": 2}

def home_source(entity: Entity) -> str:
    """The alphabet of the entity's own language: Russian for Russian and Belarusian
    entities, else Ukrainian. Its names are written first and credited first."""
    return "ru" if entity.attributes.get("country") in ("RU", "BY") else "uk"


@cache
def convention_order(home: str) -> list[Convention]:
    """Conventions by priority: English ones first (KMU, press, BGN), the home alphabet's
    before the other's, then by id; a spelling several share is credited to the first."""
    first = {"en_kmu": 0, "en_press": 1, "en_bgn": 2}
    return sorted(
        translit.conventions(), key=lambda c: (first.get(c.id.split("-")[0], 9), c.source != home, c.id)
    )


def generated_entries(position: int, entity: Entity, known: set[str]) -> list[Entry]:
    """Spellings of the entity's uk/ru names in every convention, minus the ones in `known`.

    `known` holds the folded forms the entity already has: a spelling that folds to one
    of them adds nothing. Among the convention spellings, each is kept once (accents
    count: French Ïaa and Portuguese Iaa are two), under the first convention in priority
    order that writes it.
    """
    kind: translit.Entity = "place" if entity.type == "place" else "person"
    found = []
    seen: set[tuple[str, str]] = set()
    for convention in convention_order(home_source(entity)):
        for source in entity.names.get(convention.source, ()):
            if _is_acronym(source):
                continue  # НОС is an acronym, not a word to spell out (NOSZ would meet "Nos")
            for written in convention_spellings(source, convention, kind):
                folded = fold(written)
                spelled = (folded, letters(written))
                if folded in known or spelled in seen:
                    continue
                seen.add(spelled)
                entry = Entry(position, written, convention.language, "generated", False, False, convention.id, source)
                found.append(entry)
    return found


def convention_spellings(source: str, convention: Convention, kind: translit.Entity) -> list[str]:
    """How `convention` writes a Cyrillic name: its transliteration and, for a woman in a
    language that marks women's surnames, the feminine surname too (Tymošenková)."""
    written = translit.transliterate(source, convention.id, kind)
    spellings = [written]
    words = written.split()
    if kind == "person" and len(words) >= 2 and is_woman(source):
        feminine = feminine_surname(words[-1], convention.language)
        if feminine is not None:
            spellings.insert(0, " ".join([*words[:-1], feminine]))
    return spellings


def _has(entries: list[Entry], entry: Entry) -> bool:
    """True when `entries` already holds a form of the same entity in the same role that
    meets every query this one would (a convention spelling with other accents does not)."""
    return any(
        e.entity == entry.entity
        and e.surname == entry.surname
        and (e.kind != "generated" or entry.kind != "generated" or letters(e.form) == letters(entry.form))
        and (entry.case_sensitive or not e.case_sensitive)  # NATO (capitals only) does not cover Nato
        for e in entries
    )


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
        blocks: first key symbol → keys starting with it, for blocked fuzzy search; only
            keys of lexicon forms (not convention spellings) of whole names (not surnames).
        vowel_blocks: vowel skeleton → the keys of `blocks` that have it.
        window: first word of a form (its fold and its key) → most words in such a form,
            and the paths of the words that follow (`normalize.windows`).
        given_names: entity position → keys of the person's given names and of their
            equivalents in other languages (Volodymyr: Vladimir, Wladimir, ...), and folds.
        known_given: every given-name key known, from the data and from persons.
        country_stems: keys of the countries' forms without their final vowels (five
            symbols or more): a place spelled like one (Ukrajinska) is the country's
            adjective, not a village.
        prominence: entity id → tie-breaking prominence.
        position: entity id → position in `entities`.
        conventions: convention id → its header (language, source alphabet), so that a
            fresh process names the convention of a gazetteer spelling without parsing
            every transliteration table.
    """

    entities: list[Entity]
    exact: dict[str, list[Entry]] = field(default_factory=dict)
    keys: dict[str, list[Entry]] = field(default_factory=dict)
    blocks: dict[str, list[str]] = field(default_factory=dict)
    vowel_blocks: dict[str, list[str]] = field(default_factory=dict)
    window: Windows = field(default_factory=Windows)
    given_names: dict[int, frozenset[str]] = field(default_factory=dict)
    known_given: frozenset[str] = frozenset()
    country_stems: frozenset[str] = frozenset()
    prominence: dict[str, float] = field(default_factory=dict)
    position: dict[str, int] = field(default_factory=dict)
    conventions: dict[str, Convention] = field(default_factory=dict)

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> Index:
        """Index every form of every entity; persons also by surname alone.

        The Cyrillic names of places and persons are also written in every transliteration
        convention of their alphabet (``Бахмут`` → ``Bachmoet`` by ``nl-uk``), keeping only
        the spellings the entity does not already have.
        """
        index = cls(entities=list(entities))
        exact: defaultdict[str, list[Entry]] = defaultdict(list)
        keys: defaultdict[str, list[Entry]] = defaultdict(list)
        given: defaultdict[int, set[str]] = defaultdict(set)
        for position, entity in enumerate(index.entities):
            entries = [
                Entry(position, form, lang, kind, _is_acronym(form)) for form, lang, kind in entity_forms(entity)
            ]
            if entity.type in CONVENTION_TYPES:
                entries += generated_entries(position, entity, {fold(e.form) for e in entries})
            for entry in entries:
                index._add(exact, keys, fold(entry.form), key(entry.form), entry)
                words = entry.form.split()  # Naval’na and Solov'ev are one word each
                if entity.type == "person" and len(words) >= 2 and len(fold(words[-1])) >= 3:
                    surname, first = words[-1], words[0]
                    index._add(exact, keys, fold(surname), key(surname), entry._replace(form=surname, surname=True))
                    given[position].update(given_name_keys(first))
                    given[position].add(fold(first))
        for table in (exact, keys):
            for found in table.values():
                found.sort(key=lambda e: (e.surname, KIND_RANK[e.kind], e.entity))
        index.exact = dict(exact)
        index.keys = dict(keys)
        blocks: defaultdict[str, list[str]] = defaultdict(list)
        vowel_blocks: defaultdict[str, list[str]] = defaultdict(list)
        for k in sorted(index.keys):
            if any(
                not e.surname and e.kind != "former" and index.entities[e.entity].type in FUZZY_TYPES
                for e in index.keys[k]
            ):
                blocks[k[0]].append(k)
                vowel_blocks[vowel_skeleton(k)].append(k)
        index.blocks = dict(blocks)
        index.vowel_blocks = dict(vowel_blocks)
        index.given_names = {p: frozenset(names) for p, names in given.items()}
        index.known_given = KNOWN_GIVEN_KEYS.union(*index.given_names.values())
        index.country_stems = frozenset(
            stem
            for entity in index.entities
            if entity.attributes.get("subtype") == "country"
            for form, _lang, _kind in entity_forms(entity)
            if len(stem := key(form).rstrip("aeiouy")) >= 5  # Ukrajina → ukrain: Ukrajinska
        )
        index.prominence = {e.id: prominence(e) for e in index.entities}
        index.position = {e.id: p for p, e in enumerate(index.entities)}
        index.conventions = {c.id: c for c in translit.conventions()}
        return index

    def convention(self, convention_id: str) -> Convention:
        """The header of a transliteration convention, from the index when it has it."""
        found = self.conventions.get(convention_id)
        return found if found is not None else translit.convention(convention_id)

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
        if not _has(exact[folded], entry):
            exact[folded].append(entry)
        words = TOKEN_RE.findall(entry.form)
        if not words:
            return
        # the annotator looks windows up by their first token
        self.window.add(words, open_middle=self.entities[entry.entity].type == "person")
        keyed = entry.kind in KEYED_KINDS or (entry.kind == "alias" and entry.lang in KEYED_ALIAS_LANGS)
        if entry.case_sensitive or not keyed or not long_enough(skeleton):
            return  # convention spellings and foreign aliases are met exactly: their keys add noise
        if not is_latin_or_cyrillic(entry.form):
            return  # Greek or Arabic forms would be keyed through unidecode: too lossy
        if self.entities[entry.entity].type not in FUZZY_TYPES and not _LATIN_FORM.match(entry.form):
            return  # Рейтер is Reuters borrowed: its key would meet German "Reiter"
        if not _has(keys[skeleton], entry):
            keys[skeleton].append(entry)
