"""A cheap guess of a text's language, and the common words of each language.

The guess counts the text's words that are among each language's most frequent words
(``data/function_words.tsv``, generated from wordfreq, and ``function_words_curated.tsv``
for the languages wordfreq lacks); it needs no model and reads only the start of a text.
It chooses which inflection rules apply when the caller gives no language.

The common words (``data/common_words/<lang>.txt``, the 10,000 most frequent words of 27
languages) are loaded on first use. They keep ordinary words from being linked by the
loose tiers: a common word is never matched fuzzily, and a gazetteer village or town is
linked in running text only when its name is not a common word of any language.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources

import regex

from .text import read_table

SAMPLE_CHARS = 4000
"""How much of a text the guess reads."""
MIN_HITS = 2
"""The fewest function words a guess needs."""
CLOSE = 0.75
"""Languages scoring at least this share of the best one are kept in the guess too."""
WORDFREQ_CODES = {"sh": ("hr", "sr", "bs"), "nb": ("no", "nb")}
"""wordfreq codes that stand for several of the project's languages."""
_WORD_RE = regex.compile(r"[\p{L}\p{M}]+")


def _codes(code: str) -> tuple[str, ...]:
    return WORDFREQ_CODES.get(code, (code,))


@lru_cache(maxsize=1)
def function_words() -> dict[str, frozenset[str]]:
    """Language → its most frequent words (the project's ISO 639-1 codes)."""
    table: dict[str, set[str]] = {}
    for name in ("function_words.tsv", "function_words_curated.tsv"):
        for code, words in read_table(name, 2):
            for lang in _codes(code):
                table.setdefault(lang, set()).update(words.split())
    return {lang: frozenset(words) for lang, words in table.items()}


def guess_languages(text: str) -> tuple[str, ...]:
    """The languages `text` is most likely written in, best first; () when unsure.

    Close runners-up are kept (Croatian, Serbian and Bosnian share one list; Czech and
    Slovak are near), so the caller can apply the rules of each.
    """
    words = [w.lower() for w in _WORD_RE.findall(text, 0, SAMPLE_CHARS)]
    if not words:
        return ()
    scores = {lang: sum(w in vocabulary for w in words) for lang, vocabulary in function_words().items()}
    best = max(scores.values())
    if best < MIN_HITS:
        return _by_letters(text[:SAMPLE_CHARS].lower())
    return tuple(sorted((lang for lang, s in scores.items() if s >= best * CLOSE), key=lambda lang: -scores[lang]))


@lru_cache(maxsize=1)
def script_letters() -> dict[str, frozenset[str]]:
    """Language → letters only it writes (data/script_letters.tsv)."""
    return {lang: frozenset(letters) for lang, letters in read_table("script_letters.tsv", 2) if letters}


def _by_letters(lowered: str) -> tuple[str, ...]:
    """The one language whose own letters a short text uses (ў: Belarusian), or ()."""
    present = set(lowered)
    found = tuple(lang for lang, letters in script_letters().items() if present & letters)
    return found if len(found) == 1 else ()


@cache
def common_words(code: str) -> frozenset[str]:
    """The common words of one wordfreq language (empty for one without a list)."""
    return frozenset(_word_list(code).split("\n")) - {""}


@cache
def _word_list(code: str) -> str:
    """A list file's words between line feeds ("\nword\n" finds one), comments dropped."""
    item = resources.files("normalize.data").joinpath("common_words").joinpath(f"{code}.txt")
    if not item.is_file():
        return "\n"
    text = item.read_text(encoding="utf-8")
    while text.startswith("#"):  # the generator's header lines
        text = text.partition("\n")[2]
    return "\n" + text if text.endswith("\n") else "\n" + text + "\n"


@lru_cache(maxsize=1)
def _all_words() -> str:
    """Every list's words in one string: a membership test scans it (about 0.9 ms) instead
    of building a set of 220,000 words (100 ms and 30 MB) that few documents need."""
    return "".join(_word_list(code) for code in list_codes())


_SCANS_BEFORE_SET = 100
"""A scan costs about 0.9 ms, the set 100 ms: past about a hundred questions the set is cheaper."""
_scans = 0


def _in_any_list(lowered: str) -> bool:
    """Whether a lower-cased word is in any list: scanned in one string for a process's first
    hundred questions, then from a set built once (a long run asks thousands)."""
    global _scans
    if _scans < _SCANS_BEFORE_SET:
        _scans += 1
        return f"\n{lowered}\n" in _all_words()
    return lowered in _all_word_set()


@lru_cache(maxsize=1)
def _all_word_set() -> frozenset[str]:
    return frozenset(_all_words().split("\n")) - {""}


@lru_cache(maxsize=1)
def list_codes() -> tuple[str, ...]:
    folder = resources.files("normalize.data").joinpath("common_words")
    return tuple(sorted(item.name[:-4] for item in folder.iterdir() if item.name.endswith(".txt")))


def _list_code(lang: str) -> str:
    for code, langs in WORDFREQ_CODES.items():
        if lang in langs:
            return code
    return lang


@lru_cache(maxsize=65536)
def is_common_word(word: str, langs: tuple[str, ...] | None = None) -> bool:
    """Whether `word` (any case) is a common word of one of `langs` (None: of any language)."""
    lowered = word.lower()
    if not lowered or "\n" in lowered:
        return False
    if langs is None:
        return _in_any_list(lowered)
    return any(lowered in common_words(code) for code in {_list_code(lang) for lang in langs})
