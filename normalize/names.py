"""What the library knows about personal names, independent of any entity.

Given names have equivalents across Ukrainian, Russian and the languages that write them
(Volodymyr = Vladimir = Wolodymyr); the groups are data in
``normalize/data/given_names.tsv``. Everything here compares invariant keys, so spelling
variants the key already joins need not be listed.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

import regex

from .text import fold, key, read_table, read_words


def _load_groups() -> dict[str, frozenset[str]]:
    """Map each given-name key to the keys of every form in its groups."""
    members: defaultdict[str, set[str]] = defaultdict(set)
    for _label, forms in read_table("given_names.tsv", 2):
        group = {key(form) for form in forms.split("|") if form.strip()}
        for member in group:
            members[member] |= group
    return {name: frozenset(group) for name, group in members.items()}


_GROUPS = _load_groups()
KNOWN_GIVEN_KEYS: frozenset[str] = frozenset(_GROUPS)
"""Keys of every given name in the equivalence data."""


@lru_cache(maxsize=65_536)
def given_name_keys(name: str) -> frozenset[str]:
    """The keys a given name may be written as: its own key and its group's."""
    own = key(name)
    return _GROUPS.get(own, frozenset()) | {own}


def is_initial(word: str) -> bool:
    """True for a one-letter word (the ``V`` of ``V. Putin``)."""
    return len(word) == 1 and word.isalpha()


def initial_fits(initial: str, given_keys: frozenset[str]) -> bool:
    """True when a one-letter initial can abbreviate one of the given names (by key)."""
    first = key(initial) or fold(initial)
    return bool(first) and any(name.startswith(first) for name in given_keys)


_FEMININE_SURNAME_ENDINGS = ("ова", "ева", "єва", "ёва", "іна", "ина", "ына", "ська", "цька", "ская", "цкая", "ая")
_MALE_GIVEN_IN_A = read_words("male_given_in_a.txt")
_FEMININE_RULES: dict[str, list[tuple[regex.Pattern[str], str]]] = {}
for _lang, _pattern, _replacement in read_table("feminine_surnames.tsv", 3):
    _FEMININE_RULES.setdefault(_lang, []).append((regex.compile(_pattern), _replacement))


def is_woman(cyrillic_name: str) -> bool:
    """Whether a Cyrillic "Given Surname" names a woman: a feminine surname ending
    (-ова, -іна, -ська, ...) or a given name in -а/-я that is not a man's (Микола, Ілля)."""
    words = cyrillic_name.casefold().split()
    if len(words) < 2:
        return False
    given, surname = words[0], words[-1]
    if surname.endswith(_FEMININE_SURNAME_ENDINGS):
        return True
    return given.endswith(("а", "я")) and given not in _MALE_GIVEN_IN_A


def feminine_surname(written: str, lang: str) -> str | None:
    """A woman's surname as `lang` marks it (Tymošenko → Tymošenková, Zelenska → Zelenská
    in Czech), or None when the language does not mark it. `written` is the convention's
    spelling; the rules are data (``feminine_surnames.tsv``), the first that matches wins."""
    for pattern, replacement in _FEMININE_RULES.get(lang, ()):
        lowered = written.casefold()
        if pattern.search(lowered):
            result = pattern.sub(replacement, lowered, count=1)
            return result.upper() if written.isupper() else written[:1] + result[1:]
    return None
