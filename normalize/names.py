"""What the library knows about personal names, independent of any entity.

Given names have equivalents across Ukrainian, Russian and the languages that write them
(Volodymyr = Vladimir = Wolodymyr); the groups are data in
``normalize/data/given_names.tsv``. Everything here compares invariant keys, so spelling
variants the key already joins need not be listed.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from .text import fold, key, read_table


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
