"""Case endings as data: from an inflected word to the citation forms it may come from.

Names in news are declined: Polish *w Mariupolu*, *pod Kupiańskiem*, *Putina*; Finnish
*Mariupolissa*; Hungarian *Kijevben*; Ukrainian *Харкова*. Each language's endings are a
reviewed table in ``data/inflection/<lang>.tsv`` (see data/README.md): an ending, what
replaces it in the citation form (often nothing; Ukrainian *Харкова* → *Харків* puts
back the vowel the inflection changed), the shortest stem the rule leaves, the entity
types it applies to, and an example that the tests check.

This module only proposes candidates; the annotator looks them up in the lexicons (never
fuzzily) and scores a hit below a direct match.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from itertools import combinations, product

from .model import ENTITY_TYPES
from .text import read_table

_FOLDER = "inflection"
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'", "´": "'"})
"""Apostrophes that Turkish and others write before a case ending, read as one."""


@dataclass(frozen=True)
class InflectionRule:
    """One ending of one language.

    Attributes:
        lang: the language (ISO 639-1).
        ending: what the inflected word ends with, lower-case (``iem``, ``'de``).
        base: what replaces the ending in the citation form (often empty).
        min_stem: the fewest letters that must stay before the ending.
        types: the entity types the rule may reach; None for every type.
        example: ``inflected → citation``, checked by the tests.
        line: the rule's line in its file, for error messages.
    """

    lang: str
    ending: str
    base: str
    min_stem: int
    types: frozenset[str] | None
    example: str
    line: int

    @property
    def label(self) -> str:
        """How a match names the rule: ``pl:-iem`` or ``uk:-ова>ів``."""
        if not self.ending:  # data/letters.tsv: the language's letters written as Russian's
            return f"{self.lang}:letters"
        return f"{self.lang}:-{self.ending}" + (f">{self.base}" if self.base else "")

    def apply(self, word: str, min_stem: int | None = None) -> str | None:
        """The citation form `word` would have if this rule made it, or None.

        `min_stem` overrides the rule's own (a word inside a longer name needs fewer letters:
        the whole name must still be met).
        """
        lowered = word.lower().translate(APOSTROPHES)
        if len(lowered) != len(word) or not lowered.endswith(self.ending):
            return None
        stem = word[: len(word) - len(self.ending)]
        least = self.min_stem if min_stem is None else min_stem
        if not stem[-1:].isalpha() or sum(ch.isalpha() for ch in stem.split()[-1]) < least:
            return None  # the ending is part of the last word, which keeps min_stem letters
        if self.base and stem[-1:].isupper() and word.isupper():
            return stem + self.base.upper()
        return stem + self.base


class RuleError(ValueError):
    """A malformed inflection table; the message names the file and line."""


def parse_rules(lang: str, text: str, source: str) -> list[InflectionRule]:
    """The rules of one table. Columns: ending, base, min_stem, types, example."""
    rules: list[InflectionRule] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#") or line.startswith("ending\t"):
            continue
        cells = line.split("\t")
        if len(cells) < 5:
            raise RuleError(f"{source}:{number}: expected 5 tab-separated columns, found {len(cells)}")
        ending, base, min_stem, types, example = (cell.strip() for cell in cells[:5])
        if not ending or ending != ending.lower().translate(APOSTROPHES):
            raise RuleError(f"{source}:{number}: the ending must be non-empty and lower-case: {ending!r}")
        if not min_stem.isdigit() or int(min_stem) < 2:
            raise RuleError(f"{source}:{number}: min_stem must be a number of at least 2: {min_stem!r}")
        kinds = None if types == "*" else frozenset(t.strip() for t in types.split(","))
        if kinds is not None and not kinds <= set(ENTITY_TYPES):
            raise RuleError(f"{source}:{number}: unknown type(s) {sorted(kinds - set(ENTITY_TYPES))}")
        if "→" not in example:
            raise RuleError(f"{source}:{number}: the example must read 'inflected → citation': {example!r}")
        rules.append(InflectionRule(lang, ending, base, int(min_stem), kinds, example, number))
    return rules


@lru_cache(maxsize=1)
def all_rules() -> tuple[InflectionRule, ...]:
    """Every rule of every bundled table."""
    folder = resources.files("normalize.data").joinpath(_FOLDER)
    rules: list[InflectionRule] = []
    for item in sorted(folder.iterdir(), key=lambda item: item.name):
        if item.name.endswith(".tsv"):
            lang = item.name[: -len(".tsv")]
            rules += parse_rules(lang, item.read_text(encoding="utf-8"), f"normalize/data/{_FOLDER}/{item.name}")
    return tuple(rules)


def has_rules(langs: Collection[str]) -> bool:
    """Whether any of `langs` has a table of endings or letters read as another language's."""
    return not languages().isdisjoint(langs) or not letter_tables().keys().isdisjoint(langs)


@lru_cache(maxsize=1)
def languages() -> frozenset[str]:
    """The languages that have an inflection table."""
    return frozenset(rule.lang for rule in all_rules())


@lru_cache(maxsize=1)
def _by_ending() -> tuple[dict[str, tuple[InflectionRule, ...]], tuple[int, ...]]:
    table: dict[str, list[InflectionRule]] = {}
    for rule in all_rules():
        table.setdefault(rule.ending, []).append(rule)
    lengths = tuple(sorted({len(ending) for ending in table}, reverse=True))
    return {ending: tuple(rules) for ending, rules in table.items()}, lengths


IN_NAME_MIN_STEM = 2
"""The fewest letters a word of a longer name keeps (Czasiw Jarze → Czasiw Jar): the whole
name must still be met, and a rule's types are not asked (Floty → Flota of a fleet)."""
MAX_COMBINATIONS = 96
MAX_READINGS = 6


@lru_cache(maxsize=1)
def letter_tables() -> dict[str, tuple[tuple[str, str], ...]]:
    """Language → (written, Russian) letter groups, longest first (data/letters.tsv)."""
    table: dict[str, list[tuple[str, str]]] = {}
    for lang, written, russian, _example in read_table("letters.tsv", 4):
        if lang != "lang":
            table.setdefault(lang, []).append((written, russian))
    return {lang: tuple(sorted(pairs, key=lambda p: -len(p[0]))) for lang, pairs in table.items()}


def with_russian_letters(word: str, lang: str) -> str:
    """`word` with `lang`'s own letters written as Russian writes them (Брэст → Брест)."""
    pairs = letter_tables().get(lang)
    if not pairs:
        return word
    out, position, lowered = [], 0, word.lower()
    while position < len(word):
        for written, russian in pairs:
            if lowered.startswith(written, position):
                piece = word[position : position + len(written)]
                out.append(
                    russian.upper()
                    if piece.isupper() and len(piece) > 1
                    else (russian[0].upper() + russian[1:] if piece[0].isupper() else russian)
                )
                position += len(written)
                break
        else:
            out.append(word[position])
            position += 1
    return "".join(out)


LETTERS_RULE = InflectionRule("", "", "", 2, None, "", 0)


def span_candidates(
    span: str, langs: Collection[str] | None, keep: Callable[[str], bool] | None = None
) -> Iterator[tuple[str, tuple[InflectionRule, ...]]]:
    """Citation forms of a name of several words, each word read as it stands or through a
    rule (Polish *Floty Czarnomorskiej* → *Flota Czarnomorska*), with the rules used.
    A single word gives its `candidates`; so does a longer name when no language is given
    (then only its last word is read off: every table's combinations would be hundreds).
    `keep`, for a name read off as a whole, drops the stems it refuses (see `candidates`)."""
    if langs is not None:
        for lang in langs:
            if lang in letter_tables():  # Belarusian Брэста → Брэст → Брест
                yield from _with_letters(span, lang)
    words = span.split()
    if len(words) < 2 or langs is None:
        for citation, rule in candidates(span, langs, keep=keep):
            yield citation, (rule,)
        return
    readings: list[list[tuple[str, InflectionRule]]] = []
    for word in words:
        distinct: dict[str, InflectionRule] = {}
        for citation, rule in candidates(word, langs, IN_NAME_MIN_STEM):
            distinct.setdefault(citation, rule)  # inside a name the rule's types are not asked
        readings.append(list(distinct.items())[:MAX_READINGS])
    count = 0
    for changed in range(1, len(words) + 1):  # fewest words read off first
        for positions in combinations(range(len(words)), changed):
            if any(not readings[p] for p in positions):
                continue
            for choice in product(*(readings[p] for p in positions)):
                written = list(words)
                for position, (citation, _rule) in zip(positions, choice, strict=True):
                    written[position] = citation
                yield " ".join(written), tuple(rule for _citation, rule in choice)
                count += 1
                if count >= MAX_COMBINATIONS:
                    return


def _with_letters(span: str, lang: str) -> Iterator[tuple[str, tuple[InflectionRule, ...]]]:
    """The span and its citation forms in `lang`, written with Russian letters."""
    letters = replace(LETTERS_RULE, lang=lang, ending="", example="letters")
    whole = with_russian_letters(span, lang)
    if whole != span:
        yield whole, (letters,)
    for citation, rule in candidates(span, (lang,)):
        russian = with_russian_letters(citation, lang)
        if russian != citation:
            yield russian, (rule, letters)


def candidates(
    word: str,
    langs: Collection[str] | None,
    min_stem: int | None = None,
    keep: Callable[[str], bool] | None = None,
) -> Iterator[tuple[str, InflectionRule]]:
    """Citation forms `word` may be an inflection of, longest ending first.

    `langs` limits the rules to those languages; None tries every language's rules. The
    same as asking each rule's `apply`, done once per ending length (a name meets dozens of
    rules without a language). `keep` (a stem → whether to read it) skips every rule of an
    ending at once: the resolver refuses stems no lexicon form starts with.
    """
    if langs is not None and languages().isdisjoint(langs):
        return  # English has no table: nothing to read off
    table, lengths = _by_ending()
    lowered = word.lower().translate(APOSTROPHES)
    if len(lowered) != len(word):
        return
    seen: set[tuple[str, frozenset[str] | None]] = set()
    upper = word.isupper()
    for length in lengths:
        if length >= len(lowered):
            continue
        rules = table.get(lowered[-length:])
        if not rules:
            continue
        stem = word[: len(word) - length]
        if not stem[-1:].isalpha() or (keep is not None and not keep(stem)):
            continue
        last = stem.split()[-1] if " " in stem else stem
        letters = sum(ch.isalpha() for ch in last)
        for rule in rules:
            if langs is not None and rule.lang not in langs:
                continue
            if letters < (rule.min_stem if min_stem is None else min(min_stem, rule.min_stem)):
                continue
            citation = stem + (rule.base.upper() if rule.base and upper and stem[-1:].isupper() else rule.base)
            if (citation, rule.types) not in seen:
                seen.add((citation, rule.types))
                yield citation, rule
