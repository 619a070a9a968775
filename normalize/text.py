"""Unicode text primitives: folding, the transliteration-invariant key, and tokens.

Knows nothing of entities, so it can be reused on its own. The rules themselves are data
(``normalize/data/fold_letters.tsv`` and ``key_rules.tsv``); this module interprets them.

- `fold` makes the *exact* comparison form: case, diacritics and punctuation removed,
  scripts kept (``"Bakhmöt"`` → ``"bakhmot"``, ``"Київ"`` → ``"киів"``).
- `key` makes the lossy *skeleton* under which spellings from different conventions meet
  (``Bachmoet``, ``Bakhmout``, ``Bahmut``, ``Бахмут`` → ``"bahmut"``).
- `tokens` finds the words of running text with their exact code-point offsets.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from operator import methodcaller

import regex
from unidecode import unidecode

_DATA = "normalize.data"


def read_table(name: str, columns: int) -> list[list[str]]:
    """Read a tab-separated data file of this package, skipping comments and blank lines.

    Rows shorter than `columns` are padded with empty strings, so optional trailing
    columns (comments) may be left out.
    """
    text = resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")
    rows: list[list[str]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        cells += [""] * (columns - len(cells))
        rows.append(cells[:columns])
    return rows


def read_words(name: str) -> frozenset[str]:
    """Read a one-word-per-line data file of this package into a set."""
    return frozenset(row[0].strip() for row in read_table(name, 1) if row[0].strip())


_FOLD_LETTERS = {ord(letter): repl for letter, repl in read_table("fold_letters.tsv", 2)}
_APOSTROPHES = "'’ʼ`ʹ′‘"
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
"""Soft hyphen, zero-width space/joiners, word joiner, BOM: invisible inside a word
(scraped text carries them: Bakh\u00admut), so they neither split nor change a name."""
_DROP = dict.fromkeys(map(ord, _APOSTROPHES + INVISIBLE), None)
_PUNCT_RE = regex.compile(r"[^\p{L}\p{N}]+")
_ASCII_FOLD = {c: (None if chr(c) in _APOSTROPHES else " ") for c in range(128) if not chr(c).isalnum()}
"""ASCII apostrophes vanish, every other ASCII non-alphanumeric becomes a space."""
_MARK_RE = regex.compile(r"\p{M}+")


def _strip_marks(text: str) -> str:
    """Remove combining marks after compatibility decomposition (ö → o, й → и)."""
    return _MARK_RE.sub("", unicodedata.normalize("NFKD", text))


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """The exact comparison form: lowercase, no diacritics, punctuation as single spaces.

    Idempotent: ``fold(fold(x)) == fold(x)``. Apostrophes vanish (``Kam'ianske`` →
    ``kamianske``); every other run of non-letters and non-digits becomes one space.
    """
    text = text.casefold()
    if text.isascii():  # the same as below, in C: apostrophes go, other non-alphanumerics split
        return " ".join(text.translate(_ASCII_FOLD).split())
    text = _strip_marks(text.translate(_FOLD_LETTERS)).casefold().translate(_FOLD_LETTERS)
    return _PUNCT_RE.sub(" ", text.translate(_DROP)).strip()  # after NFKD: U+0374 becomes ʹ


def letters(text: str) -> str:
    """The letters and digits of `text`, lowercase, diacritics kept (NFC): a comparison
    that ignores case, spacing and punctuation but not accents (Sumõ is not Sumo)."""
    return "".join(TOKEN_RE.findall(unicodedata.normalize("NFC", text).casefold()))


def _compile_key_rules() -> tuple[regex.Pattern[str], dict[str, str], dict[int, str]]:
    """Split the key rules into letter groups (one regex pass) and single letters (a
    `str.translate` table). Groups are replaced by upper-case placeholders first, so the
    single-letter pass cannot rewrite their output (``cz`` → ``c`` must not become ``s``);
    the result is the same as one longest-match-first pass over all rules."""
    rules = {pattern: repl for pattern, repl, _why in read_table("key_rules.tsv", 3)}
    groups = {pattern: repl.upper() for pattern, repl in rules.items() if len(pattern) > 1}
    letters = {ord(pattern): repl for pattern, repl in rules.items() if len(pattern) == 1}
    ordered = sorted(groups, key=len, reverse=True)
    return regex.compile("|".join(regex.escape(p) for p in ordered)), groups, letters


_KEY_GROUPS_RE, _KEY_GROUPS, _KEY_LETTERS = _compile_key_rules()
_VOWEL_RUN_RE = regex.compile(r"[aeiouj]{2,}|j")
"""The vowel runs `_reduce_vowel_run` changes: a single vowel other than j stays as it is."""
_DOUBLE_RE = regex.compile(r"([a-z])\1+")  # letters only: Kh-22 keeps both digits
_FIRST_GROUP = methodcaller("group", 1)
_NON_KEY_RE = regex.compile(r"[^a-z0-9]+")
_NON_KEY_ASCII = {c: None for c in range(128) if not ("0" <= chr(c) <= "9" or "a" <= chr(c) <= "z")}
"""`_NON_KEY_RE` as a `str.translate` table, for ASCII text (one C pass, no regex)."""
def is_latin_or_cyrillic(text: str) -> bool:
    """Whether every letter of `text` is Latin or Cyrillic (digits, marks, punctuation and
    spaces allowed): the scripts the key was made for."""
    return bool(_LATIN_OR_CYRILLIC_RE.match(text))


_SURROGATES_RE = regex.compile(r"[\ud800-\udfff]")
_LATIN_OR_CYRILLIC_RE = regex.compile(r"^[\p{Latin}\p{Cyrillic}\p{N}\p{M}\p{P}\p{Z}\p{S}]*$")


@lru_cache(maxsize=4096)
def _reduce_vowel_run(run: str, before_consonant: bool) -> str:
    """Drop the glides of a vowel run: ``ia`` → ``a``, ``ji`` → ``i``, ``jj`` → ``i``.

    ``j`` is a glide wherever it stands next to a vowel; ``i`` is a glide before another
    vowel (Kiev, Zaporizhzhia). A run of glides alone is the vowel ``i`` (Zelenskyj,
    Zelenskyy, Zelenskyi all end in ``i``). A glide closing a run before a consonant is
    written ``i``, so Майдан, Majdan, Maydan and Maidan meet, while Spanish Bajmut
    (j for х) stays apart from Bamut.
    """
    closing = "i" if before_consonant and run[-1] == "j" and len(run) > 1 else ""
    vowels = run.replace("j", "")
    if not vowels:
        return "i"
    kept = [v for pos, v in enumerate(vowels) if not (v == "i" and pos + 1 < len(vowels))]
    reduced = "".join(kept) if kept else "i"
    return reduced if reduced.endswith("i") else reduced + closing


@lru_cache(maxsize=200_000)
def key(text: str) -> str:
    """The transliteration-invariant skeleton of a name: lossy, spaces removed.

    Cyrillic and Latin spellings of one name from different conventions meet here
    (``Bachmoet``, ``Bakhmout``, ``Bahmut``, ``Бахмут`` → ``bahmut``;
    ``Selenskyj``, ``Zelenskyy``, ``Зеленський`` → ``selenski``). Other scripts are
    romanised with unidecode first. Digits are kept (``Su-34`` → ``su34``).
    """
    lowered = text.casefold()
    if not lowered.isascii():
        lowered = unicodedata.normalize("NFC", lowered)
        if not _LATIN_OR_CYRILLIC_RE.match(lowered):
            lowered = unidecode(_SURROGATES_RE.sub("", lowered)).casefold()
    mapped = _KEY_GROUPS_RE.sub(_group_placeholder, lowered).translate(_KEY_LETTERS)
    if not mapped.isascii():
        mapped = _strip_marks(mapped).translate(_FOLD_LETTERS)
    mapped = mapped.lower()
    mapped = mapped.translate(_NON_KEY_ASCII) if mapped.isascii() else _NON_KEY_RE.sub("", mapped)
    mapped = _VOWEL_RUN_RE.sub(_reduced_run, mapped)
    return _DOUBLE_RE.sub(_FIRST_GROUP, mapped)


def _group_placeholder(found: regex.Match[str]) -> str:
    return _KEY_GROUPS[found.group()]


def _reduced_run(found: regex.Match[str]) -> str:
    return _reduce_vowel_run(found.group(), found.end() < len(found.string))


WORD_CHARS = r"\p{L}\p{M}\p{N}\u00ad\u200b\u200c\u200d\u2060\ufeff"
"""What a word is made of: letters, marks, digits and the invisible characters above."""
TOKEN_RE = regex.compile(rf"[\p{{L}}\p{{M}}\p{{N}}][{WORD_CHARS}]*")


def tokens(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` code-point offsets of the words of `text`.

    A word is a run of letters, combining marks and digits; hyphens, apostrophes and
    spaces separate words (the annotator joins words back into multi-word names).
    """
    for match in TOKEN_RE.finditer(text):
        yield match.start(), match.end()


def is_capitalised(word: str) -> bool:
    """True when `word` starts with an upper-case letter or a digit, or its script has no case."""
    first = word[0]
    if first.isupper() or first.isdigit():
        return True
    return first.isalpha() and first.lower() == first.upper()

