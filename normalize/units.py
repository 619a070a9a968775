"""Numbered military units in any language: ``47. Brygady Zmechanizowanej``, ``3. jurišne
brigade``, ``1. kaartin panssariarmeijan``, ``3-ї окремої штурмової бригади``.

A unit named by its ordinal number and words for its kind (brigade, army, division ...) and
specialisations (assault, mechanized, tank, guards ...) is the lexicon's unit with that
number and kind whose English name has those specialisations (47th Mechanized Brigade).
The words are data (``data/unit_words.tsv``, by stems so that declined forms and compounds
such as Hungarian *Rohamdandár* count); the lexicon's English names are read with the same
stems, so a unit added to the lexicon is found this way at once. Nothing is linked unless
exactly one unit fits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from .model import Entity, Match, Mention
from .text import TOKEN_RE, read_table

SCORE = 0.9
MAX_WORDS = 6
"""How many words after the number a unit's name may take."""
_NUMBER_RE = regex.compile(
    r"(?<![\p{L}\p{N}.,:])(\d{1,3})(?P<mark>\.(?:ª|º|er|o|a)?|-?[\p{L}]{1,7}\.?|ª|º|:[ae])?(?=[ \u00a0])", regex.UNICODE
)
"""An ordinal number: 3., 3rd, 3-тя, 3e, 3ª, 1.er, Swedish 3:e; bare (Romanian Brigada 10) only
after a word for the unit's kind."""
_PREVIOUS_WORD_RE = regex.compile(r"(?r)(?<![\p{L}\p{M}])[\p{L}\p{M}]+[ \u00a0]$")
_ENGLISH_RE = regex.compile(r"^(\d{1,3})(?:st|nd|rd|th) (.+)$")
_WORDS_RE = regex.compile(r"[ \u00a0]+|[ \u00a0]*-[ \u00a0]*")
OPTIONAL_SPECS = frozenset({"separate"})
"""Specialisations a text may add that lexicon names leave out."""


@dataclass(frozen=True)
class UnitWord:
    stem: str
    meaning: str  # "kind:brigade" or "spec:assault"


@lru_cache(maxsize=1)
def unit_words() -> tuple[UnitWord, ...]:
    words = []
    for lang, stems, meaning in read_table("unit_words.tsv", 3):
        if lang == "lang":
            continue
        if not meaning.startswith(("kind:", "spec:")):
            raise ValueError(f"unit_words.tsv: bad meaning {meaning!r} in row {lang} {stems}")
        words += [UnitWord(stem.lower(), meaning) for stem in stems.split("|") if stem]
    return tuple(words)


@lru_cache(maxsize=1)
def _kind_re() -> re.Pattern[str]:
    """Any word for a unit's kind: most numbers in a text (dates, counts) have none near."""
    stems = sorted({w.stem for w in unit_words() if w.meaning.startswith("kind:")}, key=len, reverse=True)
    return re.compile("|".join(re.escape(stem) for stem in stems))


@lru_cache(maxsize=4096)
def meanings(phrase: str) -> list[tuple[int, int, str]]:
    """(start, end, meaning) of every stem in the lower-cased `phrase` that starts a word or
    follows another stem in a compound (Hungarian *Roham|dandár*), without those lying
    inside a longer one (Turkish *ordu* inside *kolordu*)."""
    lowered = phrase.lower()
    found = []
    for word in unit_words():
        start = lowered.find(word.stem)
        while start >= 0:
            found.append((start, start + len(word.stem), word.meaning))
            start = lowered.find(word.stem, start + 1)
    found = [
        (s, e, m)
        for s, e, m in found
        if not any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2, _m in found)
    ]
    ends = {e for _s, e, _m in found}
    return [
        (s, e, m)
        for s, e, m in found
        if s == 0 or not lowered[s - 1].isalpha() or any(s - d >= 0 and s - d in ends for d in (0, 1))
    ]


def _glued(word: str) -> bool:
    """A word with a capital inside (BrigadeDassault): two names glued together."""
    return any(letter.isupper() for letter in word[1:]) and not word.isupper()


@dataclass(frozen=True)
class Unit:
    entity: Entity
    number: int
    kind: str
    specs: frozenset[str]


def describe(entity: Entity) -> Unit | None:
    """The number, kind and specialisations of a unit from its English name."""
    found = _ENGLISH_RE.match(entity.name)
    if entity.type != "unit" or found is None:
        return None
    found_meanings = {m for _s, _e, m in meanings(found.group(2))}
    kinds = {m[5:] for m in found_meanings if m.startswith("kind:")}
    if len(kinds) != 1:
        return None
    specs = frozenset(m[5:] for m in found_meanings if m.startswith("spec:"))
    return Unit(entity, int(found.group(1)), kinds.pop(), specs)


class UnitIndex:
    """The lexicon's numbered units by (number, kind)."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.by_number: dict[tuple[int, str], list[Unit]] = {}
        for entity in entities:
            unit = describe(entity)
            if unit is not None:
                self.by_number.setdefault((unit.number, unit.kind), []).append(unit)

    def find(self, number: int, kind: str, specs: frozenset[str]) -> Unit | None:
        """The one unit of that number and kind with all of `specs`, or None."""
        wanted = specs - OPTIONAL_SPECS
        fitting = [u for u in self.by_number.get((number, kind), ()) if wanted <= u.specs]
        if len(fitting) > 1 and wanted:
            best = max(len(wanted & u.specs) - len(u.specs - wanted) for u in fitting)
            fitting = [u for u in fitting if len(wanted & u.specs) - len(u.specs - wanted) == best]
        return fitting[0] if len(fitting) == 1 else None


def find_units(text: str, index: UnitIndex) -> Iterator[Mention]:
    """Every numbered unit named in `text`, in order."""
    numbers = {value for value, _kind in index.by_number}
    if not numbers:
        return
    for number in _NUMBER_RE.finditer(text):
        value = int(number.group(1))
        if value not in numbers:
            continue
        head = _PREVIOUS_WORD_RE.search(text, max(0, number.start() - 30), number.start())
        if head is not None and not _kind_re().search(head.group().lower()):
            head = None  # only a word for the unit's kind may stand before its number
        if number.group("mark") is None and head is None:
            continue  # a bare number is a count, unless a unit's kind precedes it
        words: list[regex.Match[str]] = []
        position = number.end()
        while len(words) < MAX_WORDS:
            gap = _WORDS_RE.match(text, position)
            token = TOKEN_RE.match(text, gap.end()) if gap else None
            if token is None or not token.group().isalpha() or _glued(token.group()):
                break  # a number, a glued "Division106th" or "BrigadeDassault" ends the name
            words.append(token)
            position = token.end()
        if not words:
            continue
        phrase_start = head.start() if head is not None else words[0].start()
        phrase = text[phrase_start : words[-1].end()]
        if not _kind_re().search(phrase.lower()):
            continue
        found = sorted(meanings(phrase))
        kind_starts = sorted({s for s, _e, m in found if m.startswith("kind:")})
        if len(kind_starts) > 1:  # "... Asalt Montan și Armatei": the next unit begins
            found = [item for item in found if item[0] < kind_starts[1]]
        kinds = {m[5:] for _s, _e, m in found if m.startswith("kind:")}
        if len(kinds) != 1:
            continue
        specs = frozenset(m[5:] for _s, _e, m in found if m.startswith("spec:"))
        unit = index.find(value, kinds.pop(), specs)
        if unit is None:
            continue
        last = max(e for _s, e, _m in found) + phrase_start
        end = next((w.end() for w in words if w.end() >= last), number.end())
        start = head.start() if head is not None else number.start()
        name = unit.entity.name
        rules = ("unit-number",)
        match = Match(entity=unit.entity, score=SCORE, method="alias", form=name, form_lang="en", rules=rules)
        yield Mention(start, end, text[start:end], match)
