"""Load, validate and compile transliteration tables; run them on text.

A *convention* is one YAML file in ``tables/`` (``<target>-<source>.yaml``) that says how
one language's press, one official system or one scholarly standard writes Cyrillic of one
source alphabet (``uk`` or ``ru``) in Latin letters.  The tables are data a linguist can
review; this module holds the only code that interprets them:

* ``map``: one lowercase source letter -> output; total over the source alphabet.
* ``rules``: contextual exceptions ``{match, out, when}``; ``match`` is one or more
  lowercase source letters, ``when`` one context name or a list of them (any may hold).
  At every position the longest matching rule whose context holds wins; among rules of the
  same length the first listed wins; ``map`` is the fallback.
* ``ending_rules``: nominative endings for languages that decline foreign names
  (Lithuanian ``-as``, Latvian ``-s``).  Applied once per word, first match wins.

Contexts are judged on the *source* text around the matched span, never on output, so a
rule's effect does not depend on which other rules fired before it.  ``initial``/``final``:
the span starts/ends the word; ``after_vowel``/``after_consonant``/``after_soft``: the
letter before it is a vowel / a consonant / ь, ъ or the apostrophe; ``before_vowel``/
``before_consonant``: the letter after it; ``between_vowels``: both; ``any``: always.  Case is the engine's
job: tables are lowercase, and each output piece takes the case of the source piece it came
from (``Київ`` -> ``Kyiv``, ``КИЇВ`` -> ``KYIV``).

Characters that are not letters of the table's source alphabet pass through unchanged, so
Latin text, digits, punctuation and Cyrillic letters of other alphabets are never lost.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Literal

Entity = Literal["person", "place"]
"""The kind of name being written; only ``ending_rules`` may depend on it."""

UK_LETTERS = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
RU_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
APOSTROPHE = "ʼ"
"""Ukrainian apostrophe (U+02BC).  ``'`` (U+0027) and ``’`` (U+2019) are read as it when
they stand between two Cyrillic letters; anywhere else they are ordinary punctuation."""
APOSTROPHE_ALIASES = frozenset("'\u2019\u02bc")

ALPHABETS: dict[str, frozenset[str]] = {
    "uk": frozenset(UK_LETTERS + APOSTROPHE),
    "ru": frozenset(RU_LETTERS),
}
VOWELS = frozenset("аеёєиіїоуыэюя")
CONSONANTS = frozenset("бвгґджзйклмнпрстфхцчшщ")
SOFT_SIGNS = frozenset("ьъ" + APOSTROPHE)
CONTEXTS = frozenset(
    {
        "any",
        "initial",
        "final",
        "after_vowel",
        "after_consonant",
        "after_soft",
        "before_vowel",
        "before_consonant",
        "between_vowels",
    }
)
ENDING_CLASSES = frozenset({"consonant", "vowel"})
KINDS = frozenset({"official", "press", "scholarly"})
TOP_KEYS_REQUIRED = ("convention", "language", "source", "name", "kind", "references", "map")
TOP_KEYS_OPTIONAL = ("rules", "ending_rules", "notes", "uppercase")
_CYRILLIC = re.compile(r"[\u0400-\u04ff\u0500-\u052f]")
_LANGUAGE = re.compile(r"^(?:[a-z]{2}|mul)$")


class UnknownConventionError(ValueError):
    """Raised for a convention id that has no table."""


class TableError(ValueError):
    """A table file breaks the format; the message names the file and the key."""


@dataclass(frozen=True)
class Convention:
    """What a convention is, as its table header says; no behaviour."""

    id: str
    language: str
    source: str
    name: str
    kind: str
    references: tuple[str, ...]
    notes: str = ""


@dataclass(frozen=True)
class Rule:
    """One contextual rewrite: source ``match`` -> ``out`` where any of ``when`` holds."""

    match: str
    out: str
    when: frozenset[str]


@dataclass(frozen=True)
class EndingRule:
    """A word-final adjustment: a source suffix (or a letter class) and what to do.

    ``out`` (if not None) replaces the rendering of the matched suffix; ``append`` is added
    after the word.  ``entity`` limits the rule to person or place names.
    """

    match: str
    out: str | None
    append: str
    entity: str | None


@dataclass(frozen=True)
class Table:
    """A validated, compiled convention ready to run."""

    convention: Convention
    alphabet: frozenset[str]
    by_first: Mapping[str, tuple[Rule, ...]]
    endings: tuple[EndingRule, ...]
    uppercase: Mapping[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- loading


@functools.lru_cache(maxsize=1)
def table_ids() -> tuple[str, ...]:
    """Ids of all conventions shipped, sorted."""
    folder = resources.files("normalize.translit") / "tables"
    names = (p.name for p in folder.iterdir() if p.name.endswith(".yaml"))
    return tuple(sorted(n[: -len(".yaml")] for n in names))


@functools.cache
def load_table(convention_id: str) -> Table:
    """Read, validate and compile one table; cached, so each file is parsed once."""
    if convention_id not in table_ids():
        known = ", ".join(table_ids())
        raise UnknownConventionError(f"unknown convention {convention_id!r}; known: {known}")
    filename = f"{convention_id}.yaml"
    path = resources.files("normalize.translit") / "tables" / filename
    text = path.read_text(encoding="utf-8")
    import yaml  # here, not at the top: a process with a cached index never reads a table

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, eight times faster
    return compile_table(yaml.load(text, Loader=loader), filename)


def compile_table(raw: object, filename: str) -> Table:
    """Validate the parsed YAML of ``filename`` and compile it into a :class:`Table`."""
    data = _require_mapping(raw, filename, "<top>")
    _check_keys(data, filename)
    conv = _read_header(data, filename)
    alphabet = ALPHABETS[conv.source]
    letter_map = _read_map(data["map"], alphabet, filename)
    rules = _read_rules(data.get("rules") or [], alphabet, filename)
    endings = _read_endings(data.get("ending_rules") or [], alphabet, filename)
    upper = _read_uppercase(data.get("uppercase") or {}, filename)
    return Table(conv, alphabet, _index_rules(rules, letter_map), endings, upper)


def _require_mapping(value: object, filename: str, key: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise TableError(f"{filename}: {key}: expected a mapping, got {type(value).__name__}")
    return {str(k): v for k, v in value.items()}


def _require_str(value: object, filename: str, key: str, *, empty_ok: bool = False) -> str:
    if not isinstance(value, str) or (not value and not empty_ok):
        raise TableError(f"{filename}: {key}: expected a non-empty string, got {value!r}")
    return value


def _check_keys(data: Mapping[str, object], filename: str) -> None:
    missing = [k for k in TOP_KEYS_REQUIRED if k not in data]
    if missing:
        raise TableError(f"{filename}: missing key(s): {', '.join(missing)}")
    unknown = sorted(set(data) - set(TOP_KEYS_REQUIRED) - set(TOP_KEYS_OPTIONAL))
    if unknown:
        raise TableError(f"{filename}: unknown key(s): {', '.join(unknown)}")


def _read_header(data: Mapping[str, object], filename: str) -> Convention:
    conv_id = _require_str(data["convention"], filename, "convention")
    if f"{conv_id}.yaml" != filename:
        raise TableError(f"{filename}: convention: {conv_id!r} must equal the file stem")
    source = _require_str(data["source"], filename, "source")
    if source not in ALPHABETS:
        raise TableError(f"{filename}: source: {source!r} is not one of {sorted(ALPHABETS)}")
    if not conv_id.endswith(f"-{source}"):
        raise TableError(f"{filename}: source: {source!r} does not match the file name")
    language = _require_str(data["language"], filename, "language")
    if not _LANGUAGE.match(language):
        raise TableError(f"{filename}: language: {language!r} is not an ISO 639-1 code")
    kind = _require_str(data["kind"], filename, "kind")
    if kind not in KINDS:
        raise TableError(f"{filename}: kind: {kind!r} is not one of {sorted(KINDS)}")
    refs = data["references"]
    if not isinstance(refs, list) or not refs:
        raise TableError(f"{filename}: references: expected a non-empty list")
    references = tuple(_require_str(r, filename, "references") for r in refs)
    name = _require_str(data["name"], filename, "name")
    notes = _require_str(data.get("notes", ""), filename, "notes", empty_ok=True).strip()
    return Convention(conv_id, language, source, name, kind, references, notes)


def _check_output(out: str, filename: str, key: str) -> None:
    if _CYRILLIC.search(out):
        raise TableError(f"{filename}: {key}: output {out!r} contains Cyrillic")
    if out != out.lower():
        raise TableError(f"{filename}: {key}: output {out!r} must be lowercase")


def _read_map(raw: object, alphabet: frozenset[str], filename: str) -> dict[str, str]:
    entries = _require_mapping(raw, filename, "map")
    result: dict[str, str] = {}
    for letter, out in entries.items():
        key = f"map: {letter}"
        if letter not in alphabet:
            raise TableError(f"{filename}: {key}: not a lowercase letter of the source alphabet")
        out_s = _require_str("" if out is None else out, filename, key, empty_ok=True)
        _check_output(out_s, filename, key)
        result[letter] = out_s
    missing = sorted(alphabet - set(result))
    if missing:
        raise TableError(f"{filename}: map: missing letter(s): {' '.join(missing)}")
    return result


def _read_when(raw: object, filename: str, key: str) -> frozenset[str]:
    names = [raw] if isinstance(raw, str) else raw
    if not isinstance(names, list) or not names:
        raise TableError(f"{filename}: {key}: when: expected a context name or a list")
    for name in names:
        if name not in CONTEXTS:
            raise TableError(
                f"{filename}: {key}: when: unknown context {name!r}; known: {sorted(CONTEXTS)}"
            )
    return frozenset(str(n) for n in names)


def _read_match(raw: object, alphabet: frozenset[str], filename: str, key: str) -> str:
    match = _require_str(raw, filename, f"{key}: match")
    bad = sorted(set(match) - alphabet)
    if bad:
        raise TableError(f"{filename}: {key}: match {match!r}: not source letters: {bad}")
    return match


def _read_rules(raw: object, alphabet: frozenset[str], filename: str) -> list[Rule]:
    if not isinstance(raw, list):
        raise TableError(f"{filename}: rules: expected a list")
    rules = []
    for i, item in enumerate(raw):
        key = f"rules[{i}]"
        entry = _require_mapping(item, filename, key)
        unknown = sorted(set(entry) - {"match", "out", "when"})
        if unknown:
            raise TableError(f"{filename}: {key}: unknown key(s): {', '.join(unknown)}")
        match = _read_match(entry.get("match"), alphabet, filename, key)
        out = _require_str(_none_to_empty(entry.get("out")), filename, f"{key}: out", empty_ok=True)
        _check_output(out, filename, f"{key}: out")
        rules.append(Rule(match, out, _read_when(entry.get("when", "any"), filename, key)))
    return rules


def _none_to_empty(value: object) -> object:
    return "" if value is None else value


def _read_endings(raw: object, alphabet: frozenset[str], filename: str) -> tuple[EndingRule, ...]:
    if not isinstance(raw, list):
        raise TableError(f"{filename}: ending_rules: expected a list")
    endings = []
    for i, item in enumerate(raw):
        key = f"ending_rules[{i}]"
        entry = _require_mapping(item, filename, key)
        unknown = sorted(set(entry) - {"match", "out", "append", "entity"})
        if unknown:
            raise TableError(f"{filename}: {key}: unknown key(s): {', '.join(unknown)}")
        match_raw = entry.get("match")
        match = (
            str(match_raw)
            if match_raw in ENDING_CLASSES
            else _read_match(match_raw, alphabet, filename, key)
        )
        out = entry.get("out")
        if out is not None:
            out = _require_str(out, filename, f"{key}: out", empty_ok=True)
            _check_output(out, filename, f"{key}: out")
        append = _require_str(entry.get("append", ""), filename, f"{key}: append", empty_ok=True)
        _check_output(append, filename, f"{key}: append")
        entity = entry.get("entity")
        if entity not in (None, "person", "place"):
            raise TableError(f"{filename}: {key}: entity: {entity!r} is not person or place")
        endings.append(EndingRule(match, out, append, None if entity is None else str(entity)))
    return tuple(endings)


def _read_uppercase(raw: object, filename: str) -> dict[str, str]:
    entries = _require_mapping(raw, filename, "uppercase")
    return {k: _require_str(v, filename, f"uppercase: {k}") for k, v in entries.items()}


def _index_rules(rules: Sequence[Rule], letter_map: Mapping[str, str]) -> dict[str, tuple[Rule, ...]]:
    """Group rules by first letter, longest match first, table order kept among equals;
    each letter's ``map`` entry comes last as the context-free fallback."""
    grouped: dict[str, list[Rule]] = {letter: [] for letter in letter_map}
    for rule in rules:
        grouped[rule.match[0]].append(rule)
    indexed = {}
    for letter, group in grouped.items():
        ordered = sorted(group, key=lambda r: -len(r.match))  # stable: keeps table order
        ordered.append(Rule(letter, letter_map[letter], frozenset({"any"})))
        indexed[letter] = tuple(ordered)
    return indexed


# --------------------------------------------------------------------------- running


def transliterate_text(text: str, table: Table, entity: Entity = "person") -> str:
    """Transliterate every source-alphabet word in ``text``; keep everything else."""
    source = _normalise_apostrophes(text)
    pieces: list[str] = []
    i = 0
    n = len(source)
    while i < n:
        if source[i].lower() in table.alphabet and source[i] != APOSTROPHE:
            end = _word_end(source, i, table.alphabet)
            pieces.append(_word(source, i, end, table, entity))
            i = end
        else:
            pieces.append(text[i])
            i += 1
    return "".join(pieces)


def _normalise_apostrophes(text: str) -> str:
    """Turn any apostrophe that stands between two Cyrillic letters into U+02BC."""
    if not APOSTROPHE_ALIASES.intersection(text):
        return text
    chars = list(text)
    for i in range(1, len(chars) - 1):
        if (
            chars[i] in APOSTROPHE_ALIASES
            and _CYRILLIC.match(chars[i - 1])
            and _CYRILLIC.match(chars[i + 1])
        ):
            chars[i] = APOSTROPHE
    return "".join(chars)


def _word_end(source: str, start: int, alphabet: frozenset[str]) -> int:
    """End of the run of source-alphabet letters (and inner apostrophes) from ``start``."""
    end = start
    while end < len(source) and source[end].lower() in alphabet:
        end += 1
    while end > start + 1 and source[end - 1] == APOSTROPHE:
        end -= 1
    return end


def _word(source: str, start: int, end: int, table: Table, entity: Entity) -> str:
    """One word: the ending rule (if any) decides where the ordinary run stops."""
    lower = source[start:end].lower()
    all_caps = end - start > 1 and source[start:end].isupper()
    ending = _find_ending(lower, table.endings, entity)
    stop = end
    tail = ""
    if ending is not None:
        if ending.out is not None:
            stop = end - len(ending.match)
            tail = ending.out
        tail += ending.append
    body = _run(source, start, stop, end, table, all_caps)
    if tail and stop < end:
        tail = _apply_case(tail, source[stop:end], all_caps, table.uppercase)
    elif tail and all_caps:
        tail = _upper(tail, table.uppercase)
    return body + tail


def _find_ending(word: str, endings: Sequence[EndingRule], entity: Entity) -> EndingRule | None:
    if not endings:
        return None
    last = word[-1]
    for rule in endings:
        if rule.entity is not None and rule.entity != entity:
            continue
        if rule.match == "consonant" and last in CONSONANTS:
            return rule
        if rule.match == "vowel" and last in VOWELS:
            return rule
        if rule.match not in ENDING_CLASSES and len(word) > len(rule.match) and word.endswith(
            rule.match
        ):
            return rule
    return None


def _run(source: str, start: int, stop: int, end: int, table: Table, all_caps: bool) -> str:
    """Greedy longest-match rewriting of ``source[start:stop]``.

    ``end`` is the true end of the word, so ``final`` and ``before_*`` contexts see the
    letters an ending rule took over.
    """
    out: list[str] = []
    i = start
    while i < stop:
        letter = source[i].lower()
        rule = _pick(source, i, start, stop, end, table.by_first[letter])
        j = i + len(rule.match)
        out.append(_apply_case(rule.out, source[i:j], all_caps, table.uppercase))
        i = j
    return "".join(out)


def _pick(
    source: str, i: int, start: int, limit: int, end: int, candidates: Sequence[Rule]
) -> Rule:
    """The first (longest) candidate that matches at ``i`` and whose context holds."""
    for rule in candidates:
        j = i + len(rule.match)
        if j > limit or source[i:j].lower() != rule.match:
            continue
        prev = source[i - 1].lower() if i > start else ""
        nxt = source[j].lower() if j < end else ""
        if any(_holds(ctx, prev, nxt) for ctx in rule.when):
            return rule
    return candidates[-1]  # the map entry: always matches one letter


def _holds(context: str, prev: str, nxt: str) -> bool:
    """Whether ``context`` holds for a span with these neighbour letters ('' = none)."""
    if context == "any":
        return True
    if context == "initial":
        return prev == ""
    if context == "final":
        return nxt == ""
    if context == "after_vowel":
        return prev in VOWELS
    if context == "after_consonant":
        return prev in CONSONANTS
    if context == "after_soft":
        return prev in SOFT_SIGNS
    if context == "before_vowel":
        return nxt in VOWELS
    if context == "before_consonant":
        return nxt in CONSONANTS
    if context == "between_vowels":
        return prev in VOWELS and nxt in VOWELS
    raise AssertionError(context)  # validated on load


def _apply_case(out: str, src: str, all_caps: bool, uppercase: Mapping[str, str]) -> str:
    """Give ``out`` the case of the source piece ``src`` it was made from."""
    if not out or not src[0].isupper():
        return out
    if all_caps or (len(src) > 1 and src.isupper()):
        return _upper(out, uppercase)
    return _upper(out[0], uppercase) + out[1:]


def _upper(out: str, uppercase: Mapping[str, str]) -> str:
    return "".join(uppercase.get(c, c.upper()) for c in out)
