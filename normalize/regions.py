"""Oblast and raion phrases: a place's name, or its adjective, next to a word for "oblast" or
"raion" in the text's language (``Donetsk Oblast``, ``obwodzie charkowskim``, ``Doněcké
oblasti``, ``Kurskin alueella``, ``Харківській області``, ``région de Kharkiv``).

The words are data (``data/region_words.tsv``: the word's forms, the level it names, and
whether the name stands before or after it). The name is compared with the stems of every
oblast and raion: the transliteration keys of their own names (the adjective's ending cut:
*Донецька* → ``donets``) and of the same-named city's forms in every language (*Charków*,
*Harkova*), so that a declined adjective (*charkowskim*) or a declined city name
(*Kurskin*) meets its region by a key prefix. Only a word next to a region word is read
this way, and the whole phrase becomes one mention of the region.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from .gazetteer import Gazetteer
from .lexicon import entity_forms
from .model import Entity, Match, Mention
from .text import TOKEN_RE, WORD_CHARS, key, read_table

LEVELS = ("oblast", "raion")
MIN_STEM = 4
"""The shortest stem a name may meet."""
MAX_TAIL = 7
"""At most this many key symbols may follow the stem (case and adjective endings)."""
SCORE = 0.9
_ADJECTIVE_END = regex.compile(r"(?:tsk|sk|ck|zk)?(?:ii|ij|yj|yi|iy|yy|aja|aya|oje|ie|a|e|o|i|y)$")
_UNKNOWN = object()
_GAP = r"[ \u00a0]{1,3}|[ \u00a0]?-[ \u00a0]?"
_GAP_RE = regex.compile(_GAP)
_GAP_END_RE = regex.compile(rf"(?:{_GAP})$")
_WORD_END_RE = regex.compile(rf"[{WORD_CHARS}]+$")


@dataclass(frozen=True)
class RegionWord:
    """One form of a word for oblast or raion."""

    lang: str
    word: str
    level: str
    before: bool
    connectors: tuple[str, ...]


@lru_cache(maxsize=1)
def region_words() -> dict[str, tuple[RegionWord, ...]]:
    """Lower-cased word → its readings (a word may be in several languages)."""
    table: dict[str, list[RegionWord]] = {}
    for lang, words, level, position, connectors in read_table("region_words.tsv", 5):
        if lang == "lang":
            continue
        if level not in LEVELS or position not in ("before", "after"):
            raise ValueError(f"region_words.tsv: bad level or position in row {lang} {words}")
        links = tuple(c for c in connectors.split("|") if c)
        for word in words.split("|"):
            reading = RegionWord(lang, word.lower(), level, position == "before", links)
            table.setdefault(word.lower(), []).append(reading)
    return {word: tuple(readings) for word, readings in table.items()}


def trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation of `words`, factored by common prefixes (a trie): the regex
    engine then tries a handful of branches per position, not hundreds."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}

    def pattern(node: dict) -> str:  # type: ignore[type-arg]
        branches = [regex.escape(letter) + pattern(child) for letter, child in sorted(node.items()) if letter]
        optional = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if optional:
            return body + "?" if len(branches) == 1 and len(branches[0]) == 1 else "(?:" + body + ")?"
        return body

    return pattern(trie)


@lru_cache(maxsize=64)
def _word_re(langs: tuple[str, ...] | None = None) -> re.Pattern[str]:
    """The region words (of `langs` and English, or of every language), lower-case, as whole
    words (searched in the lower-cased text). The standard library's engine runs this
    literal trie four times faster than `regex`; fewer languages, a smaller trie."""
    words = [
        word
        for word, readings in region_words().items()
        if langs is None or any(r.lang in langs or r.lang == "en" for r in readings)
    ]
    return re.compile(rf"(?<!\w)(?:{trie_pattern(words)})(?!\w)")


@lru_cache(maxsize=1)
def _word_re_any_case() -> regex.Pattern[str]:
    alternation = "|".join(regex.escape(word) for word in sorted(region_words(), key=len, reverse=True))
    return regex.compile(rf"(?<![{WORD_CHARS}])(?:{alternation})(?![{WORD_CHARS}])", regex.IGNORECASE)


def stems_of(forms: Iterable[str]) -> set[str]:
    """The keys a region's name may start with: each form's first word, keyed, and the same
    with an adjective ending cut (Донецька → donets, Bakhmutskyi → bakhmut)."""
    stems = set()
    for form in forms:
        words = TOKEN_RE.findall(form)
        if not words:
            continue
        first = key(words[0])
        stems.add(first)
        cut = _ADJECTIVE_END.sub("", first)
        if cut != first:
            stems.add(cut)
    return {stem for stem in stems if len(stem) >= MIN_STEM}


RegionTable = dict[tuple[str, str], list[tuple[str, int]]]
"""(level, first `MIN_STEM` symbols of a stem) → (stem, region handle) pairs; plain types,
so that the table can be cached with marshal."""


def region_table(regions: Iterable[tuple[int, Entity, Iterable[str]]]) -> RegionTable:
    """The stems of each region of a known level, from (handle, region, forms) triples."""
    table: RegionTable = {}
    for handle, entity, forms in regions:
        level = str(entity.attributes.get("subtype", ""))
        if level not in LEVELS:
            continue
        for stem in sorted(stems_of(forms)):
            table.setdefault((level, stem[:MIN_STEM]), []).append((stem, handle))
    return table


class RegionIndex:
    """Stems → regions of each level, the table loaded (or built) on first use.

    Args:
        table: makes the `RegionTable` (from a cache, or by `region_table`).
        entity: the region of a handle.
    """

    def __init__(self, table: Callable[[], RegionTable], entity: Callable[[int], Entity]) -> None:
        self._table = table
        self._entity = entity
        self._by_prefix: RegionTable | None = None
        self._found: dict[tuple[str, str], tuple[Entity, str] | None] = {}

    def find(self, name: str, level: str) -> tuple[Entity, str] | None:
        """The region of `level` whose stem the key of `name` starts with (the longest)."""
        known = self._found.get((name, level), _UNKNOWN)
        if known is not _UNKNOWN:
            return known  # type: ignore[return-value]
        found = self._find(name, level)
        if len(self._found) > 100_000:
            self._found.clear()
        self._found[(name, level)] = found
        return found

    def _find(self, name: str, level: str) -> tuple[Entity, str] | None:
        if self._by_prefix is None:
            self._by_prefix = self._table()
        skeleton = key(name)
        best: tuple[str, Entity] | None = None
        for stem, handle in self._by_prefix.get((level, skeleton[:MIN_STEM]), ()):
            if skeleton.startswith(stem) and len(skeleton) - len(stem) <= MAX_TAIL:
                entity = self._entity(handle)
                if best is None or len(stem) > len(best[0]):
                    best = (stem, entity)
                elif len(stem) == len(best[0]) and best[1].id != entity.id:
                    best = (stem, best[1]) if best[1].id < entity.id else (stem, entity)
        return (best[1], best[0]) if best else None


FEW_WORDS = 80
"""Up to this many region words (a known language and English) are searched one by one with
`str.find` in their three casings: several times faster than one regex over the text."""


def find_region_phrases(
    text: str, index: RegionIndex, start: int = 0, end: int | None = None, langs: tuple[str, ...] | None = None
) -> Iterator[Mention]:
    """Every region phrase in `text[start:end]`, in order; with `langs`, the words of those
    languages and of English only."""
    stop = len(text) if end is None else end
    words = region_words()
    wanted = _words_of(langs)
    if len(wanted) <= FEW_WORDS:
        hits = _found_words(text, wanted, start, stop)
        lowered = None
    else:
        lowered = text.lower()
        if len(lowered) == len(text):  # almost always: the fast search runs on the lower-cased text
            hits = [(hit.start(), hit.end()) for hit in _word_re(langs).finditer(lowered, start, stop)]
        else:
            hits = [(hit.start(), hit.end()) for hit in _word_re_any_case().finditer(text, start, stop)]
    for hit_start, hit_end in hits:
        hit = _Hit(hit_start, hit_end, text[hit_start:hit_end])
        # The lower-cased text's own letters: a word lowered alone may differ (Greek final ς).
        exact = lowered is not None and len(lowered) == len(text)
        word = lowered[hit_start:hit_end] if exact and lowered is not None else hit.group().lower()
        for reading in words.get(word, ()):
            if langs is not None and reading.lang not in langs and reading.lang != "en":
                continue
            phrase = _phrase(text, hit, reading, index, start, stop)
            if phrase is not None:
                yield phrase
                break


@lru_cache(maxsize=64)
def _words_of(langs: tuple[str, ...] | None) -> tuple[str, ...]:
    return tuple(
        word
        for word, readings in region_words().items()
        if langs is None or any(r.lang in langs or r.lang == "en" for r in readings)
    )


def _found_words(text: str, words: tuple[str, ...], start: int, stop: int) -> list[tuple[int, int]]:
    """Where `words` (lower-case) stand in `text` as whole words, written in lower case,
    capitalised or in capitals, in order."""
    hits = set()
    for word in words:
        for variant in {word, word.capitalize(), word.upper()}:
            position = text.find(variant, start, stop)
            while position >= 0:
                after = position + len(variant)
                if (position == 0 or not text[position - 1].isalnum()) and (
                    after >= len(text) or not text[after].isalnum()
                ):
                    hits.add((position, after))
                position = text.find(variant, after, stop)
    return sorted(hits)


@dataclass(frozen=True)
class _Hit:
    begin: int
    finish: int
    text: str

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish

    def group(self) -> str:
        return self.text


def _phrase(text: str, hit: _Hit, reading: RegionWord, index: RegionIndex, floor: int, stop: int) -> Mention | None:
    if reading.before:
        position = hit.end()
        gap = _GAP_RE.match(text[position : position + 4])
        if gap is None:
            return None
        position += gap.end()
        for connector in reading.connectors:
            following = text[position : position + len(connector) + 1]
            if following.lower().startswith(connector) and (
                connector.endswith("'") or following[len(connector) :].startswith(" ")
            ):
                position += len(connector) + (0 if connector.endswith("'") else 1)
                break
        name = TOKEN_RE.match(text, position, stop)
        if name is None:
            return None
        span = (hit.start(), name.end())
    else:
        before = text[max(floor, hit.start() - 4) : hit.start()]
        gap = _GAP_END_RE.search(before)
        if gap is None:
            return None
        name_end = hit.start() - (len(before) - gap.start())
        name = _WORD_END_RE.search(text[max(floor, name_end - 40) : name_end])
        if name is None:
            return None
        name_start = name_end - len(name.group())
        span = (name_start, hit.end())
        name = TOKEN_RE.match(text, name_start, name_end)
        if name is None:
            return None
    found = index.find(name.group(), reading.level)
    if found is None:
        return None
    return Mention(span[0], span[1], text[span[0] : span[1]], _region_match(found[0], reading))


@lru_cache(maxsize=4096)
def _region_match(entity: Entity, reading: RegionWord) -> Match:
    """One Match object per region and word: the CLI encodes each distinct match once."""
    rules = (f"region:{reading.lang}:{reading.word}",)
    return Match(entity=entity, score=SCORE, method="transliteration", form=entity.name, form_lang="en", rules=rules)


def region_forms(entity: Entity) -> list[str]:
    return [form for form, _lang, _kind in entity_forms(entity)]


def regions_of(curated: Sequence[Entity], gazetteer: Gazetteer | None) -> list[tuple[int, Entity, list[str]]]:
    """Every oblast and raion with the forms its stems come from: its own, and those of its
    centre, the city inside it named alike (first three key symbols shared: Kharkiv Oblast
    takes Charków, Harkova, Charkiw; Sumskyi Raion takes Sumy). Each comes with its
    `handle`."""
    places = [(position, e) for position, e in enumerate(curated) if e.type == "place"]
    if gazetteer is not None:
        for number, line in enumerate(gazetteer.lines):
            subtype = line.split("\t", 2)[1]
            if subtype in ("oblast", "raion", "city"):
                places.append((gazetteer_handle(number), gazetteer.entity(number)))
    regions = [(h, e) for h, e in places if e.attributes.get("subtype") in LEVELS]
    cities: dict[str, list[Entity]] = {}
    for _handle, entity in places:
        code = str(entity.attributes.get("katotth", ""))
        if entity.attributes.get("subtype") == "city" and code:
            cities.setdefault(code[:4], []).append(entity)
    result = []
    for handle, region in regions:
        forms = region_forms(region)
        code = str(region.attributes.get("katotth", ""))
        prefix = code[:4] if region.attributes.get("subtype") == "oblast" else code[:6]
        opening = key(region.name)[:3]
        for city in cities.get(code[:4], ()) if code else ():
            city_code = str(city.attributes.get("katotth", ""))
            if city_code.startswith(prefix) and key(city.name)[:3] == opening:
                forms += region_forms(city)
        result.append((handle, region, forms))
    return result


def gazetteer_handle(number: int) -> int:
    """The handle of gazetteer row `number`; a curated entity's handle is its position."""
    return -number - 1


def entity_of_handle(curated: Sequence[Entity], gazetteer: Gazetteer | None, handle: int) -> Entity:
    """The entity a handle of `regions_of` stands for."""
    if handle >= 0:
        return curated[handle]
    assert gazetteer is not None
    return gazetteer.entity(-handle - 1)
