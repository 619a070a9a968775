"""Multi-word windows: how many words the annotator reads after a word, and which may follow.

The annotator tries the longest window of words first, so it must know, for a word of
running text, how long a lexicon form starting with that word can be (*Ukrainian* starts
forms of six words). Most of the time the words that follow rule every such form out at
once: after *Ukrainian* come *forces*, *officials*, *army*; the forms go on with *Armed*,
*Ground*, *Navy*. `Windows` therefore keeps, per first word, the *paths* of its forms:
the start of the key (`PREFIX` symbols) of each following word, so that a window is read
only as far as some form goes on like it, and tried only where a form of that many words
ends. Case endings and plural endings change the end of a word, not its start, so they
keep the path: ``Czarnomorskiej`` and ``Czarnomorska`` both begin ``ca``, and ``2s``
begins like ``2`` (a one-symbol step also matches on the first symbol alone).

A person's given name is followed by anything (`ANY`): a patronymic or middle name may
stand there that no form has (Volodymyr Oleksandrovych Zelensky), so a person's windows
are read in full.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .text import fold, key

PREFIX = 2
"""Symbols of a following word's key that must agree with a form's word."""

ANY = "*"
"""A path meaning any words may follow the first word."""

END = "$"
"""Appended to a path where a form ends."""


def path_of(words: Sequence[str]) -> list[str]:
    """The steps of a form's path: the start of the key of each word after the first."""
    return [key(word)[:PREFIX] for word in words[1:]]


def step(path: str, word: str, paths: frozenset[str]) -> str | None:
    """`path` followed by `word`, when some form goes on like that; else None."""
    skeleton = key(word)
    for start in (skeleton[:PREFIX], skeleton[:1]):
        extended = f"{path} {start}" if path else start
        if extended in paths:
            return extended
    return None


@dataclass
class Windows:
    """First word of a form (its fold and its key) → the form's length and paths.

    Attributes:
        width: first word → most words in a form starting with it (absent: one word).
        paths: first word → every path of its forms and their beginnings (``ar``,
            ``ar fo``), the complete ones also with `END` (``ar fo$``); or `ANY`.
    """

    width: dict[str, int] = field(default_factory=dict)
    paths: dict[str, frozenset[str]] = field(default_factory=dict)

    def add(self, words: Sequence[str], *, open_middle: bool = False) -> None:
        """Note a form of these words (its tokens, as `TOKEN_RE` finds them); with
        `open_middle` (a person's name) any words may follow the first."""
        if len(words) < 2:
            return
        if open_middle:
            new = {ANY}
        else:
            steps = path_of(words)
            new = {" ".join(steps[:count]) for count in range(1, len(steps) + 1)} | {" ".join(steps) + END}
        for first in (fold(words[0]), key(words[0])):
            self.width[first] = max(self.width.get(first, 1), len(words))
            known = self.paths.get(first, frozenset())
            if not new <= known:
                self.paths[first] = known | new

    def reach(self, firsts: Iterable[str]) -> tuple[int, frozenset[str] | None]:
        """The widest window and the paths (None: any words) over these spellings of a
        first word (its fold, its key, the citation forms of a case form)."""
        return reach_of((self,), tuple(firsts))


def reach_of(tables: Sequence[Windows], firsts: Sequence[str]) -> tuple[int, frozenset[str] | None]:
    """`Windows.reach` over several tables at once (the lexicons' and the gazetteer's)."""
    widest = 1
    paths: frozenset[str] = frozenset()
    for table in tables:
        for first in firsts:
            width = table.width.get(first)
            if width is not None:
                widest = max(widest, width)
                paths |= table.paths[first]
    return widest, (None if ANY in paths else paths)
