"""`Normalizer`: the lexicon, index, resolver and annotator behind one small API.

Build one from the bundled lexicons, from your own lexicon files, or both; the
module-level functions of `normalize` share one default instance built on first use.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TypeVar

from . import cache
from .annotator import Annotator, prefer_language
from .gazetteer import SPELLINGS_FILE, Gazetteer, gazetteer_paths
from .gazetteer import load as load_gazetteer
from .index import Index
from .lexicon import default_lexicon_paths, load_entities
from .model import Entity, Match, Mention
from .regions import RegionTable, region_table, regions_of
from .resolver import Resolver, sorted_folded_forms
from .spellings import Variants, cyrillic_variants, entity_variants

T = TypeVar("T")


class Normalizer:
    """Resolves names and annotates text against a set of lexicons.

    Args:
        lexicons: extra lexicon files (YAML, see docs/lexicon-format.md) to load.
        bundled: whether to load the lexicons shipped with the package as well.

    Raises:
        LexiconError: a lexicon file is malformed (every problem is listed).
    """

    def __init__(self, lexicons: str | Path | Iterable[str | Path] = (), *, bundled: bool = True) -> None:
        extra = [lexicons] if isinstance(lexicons, (str, Path)) else lexicons  # one path, not its letters
        paths = [*(default_lexicon_paths() if bundled else []), *map(Path, extra)]
        with _collector_paused():
            self.index, index_key = _compiled_index(paths)
            self.entities: tuple[Entity, ...] = tuple(self.index.entities)
            self.gazetteer = _bundled_gazetteer(self.entities) if bundled else None
        tables_key = index_key and f"{index_key[:32]}{self.gazetteer.fingerprint[:32] if self.gazetteer else ''}"
        self.resolver = Resolver(
            self.index,
            gazetteer=self.gazetteer,
            sorted_forms=partial(self._derived, "forms", tables_key, list, self._sorted_forms),
        )
        regions = partial(self._derived, "regions", tables_key, dict, self._region_table)
        self.annotator = Annotator(self.resolver, regions=regions)

    def _sorted_forms(self) -> list[str]:
        return sorted_folded_forms(self.index, self.gazetteer)

    def _region_table(self) -> RegionTable:
        return region_table(regions_of(self.entities, self.gazetteer))

    @staticmethod
    def _derived(name: str, tables_key: str | None, kind: type[T], build: Callable[[], T]) -> T:
        """A table derived from this lexicon and gazetteer (plain types): from the cache
        under both their fingerprints, else built and cached. A fresh process that needs
        it then loads it in milliseconds instead of building it (40-90 ms)."""
        folder = cache.cache_dir() if tables_key else None
        cached = cache.load_plain(folder, name, tables_key or "")
        if isinstance(cached, kind):
            return cached
        table = build()
        if tables_key:
            cache.store_plain(folder, name, tables_key, table)
        return table

    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this id (curated or from the gazetteer), or None."""
        position = self.index.position.get(entity_id)
        if position is not None:
            return self.entities[position]
        if self.gazetteer is not None and entity_id in self.gazetteer.ids:
            return self.gazetteer.entity(self.gazetteer.ids[entity_id])
        return None

    def resolve(
        self,
        name: str,
        *,
        lang: str | None = None,
        types: Collection[str] | None = None,
    ) -> Match | None:
        """The best entity for a name, or None when nothing matches well enough.

        `lang` (an ISO 639-1 code) prefers lexicon forms of that language when two
        entities match equally well; `types` restricts the entity types considered.
        """
        langs = (lang,) if lang else None
        matches = self.resolver.lookup(name.strip(), types=types, langs=langs)
        return prefer_language(matches, lang) if matches else None

    def candidates(self, name: str, *, limit: int = 5, types: Collection[str] | None = None) -> list[Match]:
        """Up to `limit` entities a name may refer to, best first, from every tier."""
        return self.resolver.candidates(name.strip(), limit=limit, types=types)

    def variants(self, name_or_id: str, *, langs: Collection[str] | None = None) -> Variants:
        """Spellings of an entity or name by language code, most usual first.

        `name_or_id` is an entity id, a name that resolves without fuzzy matching, or a
        Cyrillic name in no lexicon (then the conventions alone write it, as a personal
        name). `langs` keeps only those languages, in that order. Unknown Latin names
        give an empty mapping.
        """
        entity = self.variants_entity(name_or_id)
        if entity is not None:
            return entity_variants(entity, langs)
        return cyrillic_variants(name_or_id.strip(), langs)

    def variants_entity(self, name_or_id: str) -> Entity | None:
        """The entity `variants` describes: by id, else by a non-fuzzy resolution."""
        entity = self.entity(name_or_id)
        if entity is not None:
            return entity
        matches = self.resolver.lookup(name_or_id.strip(), fuzzy=False, inflect=False)
        return matches[0].entity if matches else None

    def annotate(
        self,
        text: str,
        *,
        lang: str | None = None,
        types: Collection[str] | None = None,
    ) -> list[Mention]:
        """Every linked mention of an entity in `text`, in order, with exact offsets.

        `lang` (ISO 639-1), as for `resolve`, prefers forms of that language when two
        entities match a span equally well.
        """
        with _collector_paused():
            return self.annotator.annotate(text, types=types, lang=lang)

    def replace(
        self,
        text: str,
        *,
        lang: str | None = None,
        types: Collection[str] | None = None,
        min_score: float = 0.0,
    ) -> str:
        """`text` with every mention written as its entity's canonical name.

        Everything that is not a mention is kept exactly; a text without mentions comes
        back unchanged.
        """
        pieces: list[str] = []
        cursor = 0
        for mention in self.annotate(text, lang=lang, types=types):
            if mention.match.score < min_score:
                continue
            pieces.append(text[cursor : mention.start])
            pieces.append(mention.match.entity.name)
            cursor = mention.end
        pieces.append(text[cursor:])
        return "".join(pieces)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the index loads or a text is annotated.

    Both make hundreds of thousands of objects and no reference cycles, so the collector
    finds nothing, yet its full collections walk every object of the loaded index again
    and again: a third of the load time, a sixth of annotating a text full of new names.
    Objects without cycles are still freed at once; the collector resumes afterwards (it
    stays off if the caller had turned it off)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _bundled_gazetteer(curated: tuple[Entity, ...]) -> Gazetteer | None:
    """The gazetteer of Ukraine, minus the places the curated lexicons already have."""
    paths = gazetteer_paths()
    if not paths:
        return None
    skip = frozenset(str(e.attributes["katotth"]) for e in curated if "katotth" in e.attributes)
    return load_gazetteer(paths, skip, cache.cache_dir(), paths[0].parent / SPELLINGS_FILE)


def _compiled_index(paths: list[Path]) -> tuple[Index, str | None]:
    """The index of these lexicon files: from the disk cache, else built (and cached); and
    the fingerprint it is cached under (None when the files cannot be read)."""
    try:
        key = cache.fingerprint(paths)
    except OSError:
        key = None  # an unreadable lexicon: let the loader report it properly
    if key is not None:
        cached = cache.load(key)
        if cached is not None:
            return cached, key
    index = Index.build(load_entities(paths))
    if key is not None:
        cache.store(key, index)
    return index, key


_default: Normalizer | None = None
_default_lock = threading.Lock()


def default_normalizer() -> Normalizer:
    """The shared Normalizer over the bundled lexicons, built on first use."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Normalizer()
    return _default
