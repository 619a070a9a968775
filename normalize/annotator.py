"""Running text → mentions: words, multi-word windows, plurals, glued words, full names.

The scan visits only words that could start a name (capitalised, a digit, or a script
without case), tries the longest window of words first, and caches every span it has
resolved, so repeated words cost one dictionary look-up. Offsets are code-point offsets
into the caller's string.

Precision guards: lower-case words never start a mention; fuzzy matching is not tried on
the first word of a sentence (where ordinary words are capitalised too); capital-letter
acronyms only match capitals; a surname preceded by someone else's given name is not
linked to the lexicon's person of that surname ("Yuri Budanov" is not Kyrylo Budanov).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace

import regex
from rapidfuzz.distance import Levenshtein

from . import inflection
from .context import DocumentNames, apply_context
from .gazetteer import is_gazetteer_id
from .language import guess_languages, is_common_word
from .model import Match, Mention
from .names import initial_fits
from .regions import RegionIndex, RegionTable, entity_of_handle, find_region_phrases, region_table, regions_of
from .resolver import Resolver
from .text import TOKEN_RE, WORD_CHARS, fold, is_capitalised, key, read_table, read_words
from .units import UnitIndex, find_units
from .windows import END, reach_of, step

GLUE_WORDS = read_words("glue_words.txt")
OTHER_GIVEN_NAMES = read_words("other_given_names.txt")
_GLUE_LENGTHS = tuple(sorted({len(word) for word in GLUE_WORDS}, reverse=True))
PLURAL_RULES = tuple(
    (suffix, frozenset(types.split(",")), int(min_stem))
    for suffix, types, min_stem in read_table("plural_suffixes.tsv", 3)
)
_CANDIDATE_RE = regex.compile(rf"(?V1)(?<![{WORD_CHARS}])[\p{{Lu}}\p{{Lt}}\p{{Lo}}\p{{N}}][{WORD_CHARS}]*")
"""A word that can start a name: capitalised, a digit, or in a script without case."""
_PREVIOUS_TOKEN_RE = regex.compile(rf"(?r)[{WORD_CHARS}]+")
_SPACES = " \t\u00a0\u202f"
_INITIALS_RE = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}.])((?:[YJ][aeiou]|[ZKCS]h|Ts|\p{Lu}))\.(?:[ \u00a0]?\p{Lu}[a-z]?\.)?[ \u00a0]{0,2}$"
)
"""One or two initials right before a surname: V. Putin, V.V. Putin, Yu. Budanov (a
transliterated digraph, not a title: Mr. and Dr. are no initials)."""
_NEXT_WORD_RE = regex.compile(rf"(?:[ \t\u00a0\u202f]{{1,3}}|[-‐‑'’ʼ./])([\p{{L}}\p{{M}}\p{{N}}][{WORD_CHARS}]*)")
"""The gap after a word of a name and the next word (`TOKEN_RE`), in one match."""
_SAFE_CUT_RE = regex.compile(rf"\n|[^{WORD_CHARS} \t\u00a0\u202f\-‐‑'’ʼ./]|[ \t\u00a0\u202f]{{4}}")
_SENTENCE_END = frozenset('.!?:;"“”«»„\n\r()[]–—•')
_APOSTROPHE_END = regex.compile(r"['’ʼ]$")  # a possessive ('s) is not a plural
GAZETTEER_TEXT_EXCLUDED = frozenset({"village", "town"})
GAZETTEER_SHORT_NAME = 4
GAZETTEER_VILLAGE_NAME = 6
BORDER_TOWN_POPULATION = 5000
"""The shortest village or town name running text links."""
HELD = "held"
"""Marks a span only the document's context can link (a village); never seen by callers."""
_CACHE_LIMIT = 500_000
_MISSING = object()
CHUNK_CHARS = 1 << 20


@dataclass(frozen=True)
class AnnotatorConfig:
    """Tunables of running-text matching.

    Attributes:
        plural: score factor for a plural weapon name (Smerchs).
        glued: score factor for a name with a glued-on function word (Prighozinnon).
        min_glued_stem: shortest name a glued word may be split into.
        given_name_edits: edits allowed between a written given name and the person's
            own given name when extending a surname mention (Vlodymyr Zelensky).
        window_paths: read a window of words only as far as some form goes on like it
            (`normalize.windows`); False reads every window up to the longest form. The
            links are the same (the tests check), only slower.
    """

    plural: float = 0.97
    glued: float = 0.85
    min_glued_stem: int = 5
    given_name_edits: int = 1
    window_paths: bool = True


DEFAULT_ANNOTATOR_CONFIG = AnnotatorConfig()


class Annotator:
    """Finds and links the names in running text."""

    def __init__(
        self,
        resolver: Resolver,
        config: AnnotatorConfig = DEFAULT_ANNOTATOR_CONFIG,
        regions: Callable[[], RegionTable] | None = None,
    ) -> None:
        """`regions` makes the table of region stems (from a cache); by default it is
        built from the resolver's lexicon and gazetteer when a text first needs it."""
        self.resolver = resolver
        curated, gazetteer = resolver.index.entities, resolver.gazetteer
        self.regions = RegionIndex(
            regions or (lambda: region_table(regions_of(curated, gazetteer))),
            lambda handle: entity_of_handle(curated, gazetteer, handle),
        )
        self.units = UnitIndex(resolver.index.entities)
        self.index = resolver.index
        self._windows = [resolver.index.window, *([gazetteer.window] if gazetteer is not None else [])]
        self.config = config
        self._widest: dict[tuple[str, tuple[str, ...] | None], tuple[int, frozenset[str] | None]] = {}
        self._langs: tuple[str, ...] | None = None
        self._single: dict[tuple[str, bool], Match | None] = {}
        self._lone: dict[tuple[str, bool], Match | None] = {}
        self._cache: dict[
            tuple[str, bool, bool, str | None, frozenset[str] | None, tuple[str, ...] | None], Match | None
        ] = {}

    def annotate(
        self, text: str, *, types: Collection[str] | None = None, lang: str | None = None
    ) -> list[Mention]:
        """Every linked mention in `text`, in order, without overlaps.

        Only words that can start a name are visited (one regex finds them); the words
        after one are read only as far as a lexicon form starting with it could reach.
        Long texts are scanned in pieces of about `CHUNK_CHARS` characters cut where no
        name can span the cut, so memory stays bounded by the piece, not the text.
        """
        mentions: list[Mention] = []
        held: list[Mention] = []
        people = DocumentNames()
        wanted = frozenset(types) if types is not None else None
        self._langs = (lang,) if lang else (guess_languages(text) or None)
        self._single = {}  # this text's one-word spans: lang, types and languages are fixed
        self._lone = {}  # this text's words that start longer forms, met alone
        single_word = self._single.get
        for chunk_start, chunk_end in _chunks(text):
            resume = chunk_start
            for candidate in _CANDIDATE_RE.finditer(text, chunk_start, chunk_end):
                start, end = candidate.span()
                if start < resume:
                    continue
                word = candidate.group()
                before = start - 1  # is it the first word of its sentence or line?
                while before >= 0 and text[before] in " \t\u00a0":
                    before -= 1
                initial = before < 0 or text[before] in _SENTENCE_END
                single = single_word((word, initial), _MISSING)
                if single is None:
                    continue  # a word met before in this text that names nothing
                if single is _MISSING:
                    found = self._match_at(text, start, end, chunk_end, lang, wanted, word, initial)
                    if found is None:
                        continue
                    stop, match = found
                else:
                    stop, match = end, single  # type: ignore[assignment]
                if match.entity.type != "person" and self._after_a_given_name(text, start, floor=chunk_start):
                    continue  # Richard Wagner, Stacey Abrams: a surname, not the group or the tank
                if match.rules[-1:] == (HELD,):
                    held.append(Mention(start, stop, text[start:stop], replace(match, rules=match.rules[:-1])))
                    continue
                if "surname" in match.rules:
                    extended = self._with_given_name(text, start, match, mentions, chunk_start)
                    if extended is None:
                        people.others.add(key(match.form))
                        continue
                    start, match = extended
                mentions.append(Mention(start, stop, text[start:stop], match))
                resume = stop
        if wanted is None or "place" in wanted:
            mentions = _with_regions(mentions, list(find_region_phrases(text, self.regions, langs=self._langs)))
        if wanted is None or "unit" in wanted:
            mentions = _with_regions(mentions, list(find_units(text, self.units)))
        return apply_context(mentions, held, people, self.resolver, text)

    def _match_at(
        self,
        text: str,
        start: int,
        end: int,
        limit: int,
        lang: str | None,
        types: frozenset[str] | None,
        word: str,
        initial: bool,
    ) -> tuple[int, Match] | None:
        """The longest window of words starting at `start` (the `word` up to `end`, first
        of its sentence when `initial`) that names an entity, not met alone before in this
        text (`_single`).

        Returns where the window ends and its match.
        """
        reach = self._widest.get((word, self._langs))
        if reach is None:
            reach = self._reach(word)
            if len(self._widest) >= _CACHE_LIMIT:
                self._widest.clear()
            self._widest[(word, self._langs)] = reach
        widest, paths = reach
        ends = [end]
        complete = [True]  # per window of len(ends) words: whether a form of its path ends there
        path = ""
        while len(ends) < widest:
            following = _NEXT_WORD_RE.match(text, ends[-1], limit)
            if following is None:
                break
            if paths is not None:
                extended = step(path, following.group(1), paths)
                if extended is None:
                    if text[ends[-1]] not in _SPACES:  # Harkov'a: joined, it may meet a one-word form
                        ends.append(following.end())
                        complete.append(True)
                    break  # no form goes on like this window
                path = extended
            ends.append(following.end())
            complete.append(paths is None or path + END in paths)
        for count in range(len(ends), 1, -1):
            if not complete[count - 1]:
                continue
            span = text[start : ends[count - 1]]
            match = self._span_match(span, single=False, initial=initial, lang=lang, types=types)
            if match is not None:
                return ends[count - 1], match
        if widest == 1:
            match = self._span_match(word, single=True, initial=initial, lang=lang, types=types)
            self._single[(word, initial)] = match
        elif (word, initial) in self._lone:  # the word alone, met before in this text
            match = self._lone[(word, initial)]
        else:
            match = self._span_match(word, single=True, initial=initial, lang=lang, types=types)
            self._lone[(word, initial)] = match
        return (end, match) if match is not None else None

    def _reach(self, word: str) -> tuple[int, frozenset[str] | None]:
        """How many words a name starting with `word` may have, and the paths of its forms:
        by its fold and key, and by the citation forms it may be a case form of (Polish
        "Floty Czarnomorskiej": Flota ...; Russian "Новой Каховки": Нова ...)."""
        windows = self._windows
        widest, paths = reach_of(windows, (fold(word), key(word)))
        if not self.config.window_paths:
            paths = None
        if self._langs is None:
            return widest, paths
        citations = inflection.candidates(word, self._langs, inflection.IN_NAME_MIN_STEM)
        firsts = [first for citation, _rule in citations for first in (fold(citation), key(citation))]
        if not firsts:
            return widest, paths
        inflected_width, inflected_paths = reach_of(windows, firsts)
        width = widest if widest > 1 else inflected_width
        if paths is None or inflected_paths is None:
            return width, None
        return width, paths | inflected_paths

    def _span_match(
        self, span: str, *, single: bool, initial: bool, lang: str | None, types: frozenset[str] | None
    ) -> Match | None:
        cache_key = (span, single, initial, lang, types, self._langs)
        cached = self._cache.get(cache_key, _MISSING)
        if cached is not _MISSING:
            return cached  # type: ignore[return-value]
        match = self._resolve_span(span, single=single, initial=initial, lang=lang, types=types)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[cache_key] = match
        return match

    def _lookup(self, span: str, types: Collection[str] | None, villages: bool = False) -> list[Match]:
        """Non-fuzzy matches of a span, without the gazetteer's villages and towns.

        Ukrainian village and town names are ordinary words in many languages (Добре,
        Правда, Side, Port); until the context of a document can vouch for them (issue 5),
        running text links the gazetteer's cities (but not those named like a short word:
        Bar, Chop), raions and oblasts only. `resolve` and `candidates` find every settlement.
        """
        found = self.resolver.lookup(span, fuzzy=False, inflect=False, types=types)
        return self._not_gazetteer_words(found, villages)

    def _not_gazetteer_words(self, found: list[Match], villages: bool) -> list[Match]:
        return [m for m in found if not _gazetteer_word(m, villages, self.index.country_stems)]

    def _inflected(self, span: str, types: Collection[str] | None, villages: bool) -> list[Match]:
        """Matches of the citation forms of a case form, in the text's language(s) when
        given or guessed, else in every language (at a lower score)."""
        found = self.resolver.inflected(span, self._langs)
        if self._langs is None:  # every table tried: a village's name is too easily a case form
            found = [m for m in found if not _minor_place(m)]
        elif any(is_gazetteer_id(m.entity.id) for m in found) and is_common_word(span, self._langs):
            found = [m for m in found if not is_gazetteer_id(m.entity.id)]  # Czech Výchovy, Polish Połowy
        stems = self.index.country_stems
        wanted = (
            m for m in found if (types is None or m.entity.type in types) and not _gazetteer_word(m, villages, stems)
        )
        return self.resolver.rank(wanted)

    def _resolve_span(
        self, span: str, *, single: bool, initial: bool, lang: str | None, types: frozenset[str] | None
    ) -> Match | None:
        """Direct match, then plural, then glued function word, then case endings, then
        fuzzy (single words). A span that starts a sentence (`initial`), where ordinary words
        are capitalised too, is not matched fuzzily nor to a gazetteer village or town."""
        resolver = self.resolver
        villages = not initial
        met = resolver.lookup(span, fuzzy=False, inflect=False, types=types)
        direct = self._not_gazetteer_words(met, villages)
        if direct and all(_minor_place(m) for m in direct):
            # Russian "Львове" is Lviv's locative before it is a village of Kherson oblast
            inflected = [m for m in self._inflected(span, types, villages) if not _minor_place(m)]
            if inflected and (single or _covers_window(inflected[0], span)):
                return prefer_language(inflected, lang)
        if direct and initial and single and self._foreign_word(span, direct[0]):
            return None  # Italian "Nato a Roma": born, not NATO; Finnish "Otan": I take
        if direct and (single or _covers_window(direct[0], span)):
            return prefer_language(direct, lang)
        lowered = span.casefold()
        for suffix, plural_types, min_stem in PLURAL_RULES:
            stem = span[: len(span) - len(suffix)]
            allowed = plural_types if types is None else plural_types & types
            if lowered.endswith(suffix) and len(stem) >= min_stem and not _APOSTROPHE_END.search(stem):
                found = self._lookup(stem, allowed)
                if found:
                    return _with_rule(found[0], f"plural:{suffix}", self.config.plural)
        if single:
            for length in _GLUE_LENGTHS:
                stem, tail = span[:-length], lowered[-length:]
                if tail in GLUE_WORDS and len(stem) >= self.config.min_glued_stem:
                    found = self._lookup(stem, types)
                    if found:
                        return _with_rule(found[0], f"glued:{tail}", self.config.glued)
        inflected = self._inflected(span, types, villages)
        if inflected and (single or _covers_window(inflected[0], span)):
            return prefer_language(inflected, lang)
        if single and not initial:
            found = resolver.rank(m for m in resolver.fuzzy(span) if types is None or m.entity.type in types)
            if found:
                return found[0]
            found = [m for m in met if _village(m)]
            if found:
                return replace(found[0], rules=(*found[0].rules, HELD))
        return None

    def _foreign_word(self, span: str, match: Match) -> bool:
        """Whether a sentence's first word, met by another language's alias or spelling, is
        a common word of the text's own language (then it is that word, capitalised)."""
        langs = self._langs
        if not langs or match.method not in ("alias", "transliteration") or match.form_lang in langs:
            return False
        return is_common_word(span, langs)

    def _after_a_given_name(self, text: str, start: int, floor: int) -> bool:
        """Whether a given name or initials stand right before `start` (one to three spaces)."""
        if start <= floor or text[start - 1] not in _SPACES:
            return False  # "(Kyiv", "\nKyiv": no word right before
        if text[max(floor, start - 3) : start].find(".") >= 0 and _initials_before(text, start, floor):
            return True
        previous = _previous_word(text, start, floor)
        if previous is None or not is_capitalised(previous.group()):
            return False
        word = previous.group()
        return fold(word) in OTHER_GIVEN_NAMES or key(word) in self.index.known_given

    def _with_given_name(
        self,
        text: str,
        start: int,
        match: Match,
        mentions: list[Mention],
        floor: int,
    ) -> tuple[int, Match] | None:
        """Extend a surname mention over the person's given name written before it.

        Returns the mention's new start and match; the surname-only match when no given
        name precedes; None when another person's given name precedes (someone else).
        """
        initials = _initials_before(text, start, floor)
        if initials is not None and (not mentions or mentions[-1].end <= initials.start()):
            own = self.index.given_names.get(self.index.position[match.entity.id], frozenset())
            if initial_fits(initials.group(1), own):
                return initials.start(), replace(match, rules=(*match.rules, "initial"))
            return None  # V. Budanov with no V among Kyrylo Budanov's names: someone else
        previous = _previous_word(text, start, floor)
        if previous is None or (mentions and mentions[-1].end > previous.start()):
            return start, match
        word = previous.group()
        if not is_capitalised(word):
            return start, match
        own = self.index.given_names.get(self.index.position[match.entity.id], frozenset())
        folded, skeleton = fold(word), key(word)
        if folded in own or skeleton in own:
            score = round(min(1.0, match.score / self.resolver.scoring.surname), 4)
            return previous.start(), replace(match, score=score, rules=(*match.rules, "given-name"))
        edits = self.config.given_name_edits
        if len(skeleton) >= 5 and any(
            Levenshtein.distance(skeleton, name, score_cutoff=edits) <= edits for name in own if name.isascii()
        ):
            return previous.start(), replace(match, rules=(*match.rules, "given-name~"))
        if folded in self.index.known_given or skeleton in self.index.known_given:
            return None
        return start, match


def _initials_before(text: str, start: int, floor: int) -> regex.Match[str] | None:
    """One or two initials written right before `start` (V. Putin, V.V. Putin), if any."""
    return _INITIALS_RE.search(text, max(floor, start - 12), start)


def _previous_word(text: str, start: int, floor: int) -> regex.Match[str] | None:
    """The word right before `start`, separated from it by one to three spaces only."""
    gap_start = start
    while gap_start > floor and start - gap_start < 3 and text[gap_start - 1] in _SPACES:
        gap_start -= 1
    if gap_start == start:
        return None
    previous = _PREVIOUS_TOKEN_RE.search(text, floor, gap_start)
    return previous if previous is not None and previous.end() == gap_start else None


def prefer_language(matches: list[Match], lang: str | None) -> Match:
    """The best of ranked `matches`; among equally scored ones, one whose form is in `lang`."""
    if lang is not None:
        for match in matches:
            if match.score < matches[0].score:
                break
            if match.form_lang == lang:
                return match if match is matches[0] else replace(match, runner_up=matches[0].entity.id)
    return matches[0]


def _gazetteer_word(match: Match, villages: bool = False, stems: frozenset[str] = frozenset()) -> bool:
    """A generated gazetteer place that running text does not link on its own: one named
    like a short word (Bar, Chop, Mena), or a village or town whose name is a common word
    of some language (Dobre, Pravda, Side, Port: data/common_words) or is short."""
    if not is_gazetteer_id(match.entity.id):
        return False
    name = fold(match.form)
    if len(name) <= GAZETTEER_SHORT_NAME:
        return True
    if match.entity.attributes.get("subtype") not in GAZETTEER_TEXT_EXCLUDED:
        return False
    if not villages or not (match.entity.attributes.get("war") or _border_town(match)):
        return True
    return _ordinary_name(match.form, stems)


def _ordinary_name(form: str, stems: frozenset[str] = frozenset()) -> bool:
    """A village or town name running text cannot trust: short, made of common words, or
    (with the countries' `stems`) shaped like a country's adjective."""
    return len(fold(form)) < GAZETTEER_VILLAGE_NAME or _is_common_name(form) or _country_like(form, stems)


def _border_town(match: Match) -> bool:
    """A town of the Russian or Belarusian border regions (Shebekino, Grayvoron, Sudzha's
    neighbours): in the news like the war list's places, which the list cannot name."""
    attributes = match.entity.attributes
    population = attributes.get("population")
    return (
        match.entity.id.startswith(("place/ru-", "place/by-"))
        and attributes.get("subtype") == "town"
        and isinstance(population, int)
        and population >= BORDER_TOWN_POPULATION  # Kirovsky (3,000) is an adjective first
    )


def _country_like(form: str, stems: frozenset[str]) -> bool:
    """A village or town named like a country's adjective (Ukrainsk, Polish ukraińskie)."""
    skeleton = key(form)
    return any(skeleton.startswith(stem) for stem in stems)


def _with_regions(mentions: list[Mention], regions: list[Mention]) -> list[Mention]:
    """`mentions` (sorted, not overlapping) with the phrases found apart (regions, numbered
    units) in: a phrase replaces the mentions it overlaps (Kurskin alueella is the oblast,
    not the city), unless one mention covers it already ("Donetsk Oblast" met as a form)."""
    if not regions:
        return mentions
    starts = [m.start for m in mentions]
    dropped: set[int] = set()
    accepted: list[Mention] = []
    for region in regions:
        if accepted and accepted[-1].end > region.start:
            continue  # phrases overlapping each other: the first one stands
        before = bisect_right(starts, region.start) - 1
        if before >= 0 and mentions[before].end >= region.end:
            continue
        first = before if before >= 0 and mentions[before].end > region.start else before + 1
        last = bisect_left(starts, region.end)
        dropped.update(range(first, last))
        accepted.append(region)
    if not accepted:
        return mentions
    kept = [m for i, m in enumerate(mentions) if i not in dropped]
    return sorted(kept + accepted, key=lambda m: m.start)


def _minor_place(match: Match) -> bool:
    """A gazetteer village or town (not a city, raion or oblast)."""
    return is_gazetteer_id(match.entity.id) and match.entity.attributes.get("subtype") in GAZETTEER_TEXT_EXCLUDED


def _village(match: Match) -> bool:
    """A gazetteer village or town that the document's context may vouch for: not named
    like a common word, nor shortly."""
    return _minor_place(match) and not _ordinary_name(match.form)


def _is_common_name(form: str) -> bool:
    """Whether a place name is a common word of some language, or (several words) is made of
    common words only (Velyka Novosilka is a name though велика is a word)."""
    return all(is_common_word(word) for word in TOKEN_RE.findall(form))


def _covers_window(match: Match, span: str) -> bool:
    """True when a match of several words is exact, or met a form of as many words.

    The key ignores spaces so that *Stormshadow* meets *Storm Shadow*; the reverse, a
    name followed by an ordinary word (*Bakhmut as*) meeting a one-word form (*Bachmutas*),
    must not link.
    """
    if match.method in ("exact", "alias"):
        return True
    return len(TOKEN_RE.findall(match.form)) >= len(TOKEN_RE.findall(span))


def _with_rule(match: Match, rule: str, factor: float) -> Match:
    return replace(match, score=round(match.score * factor, 4), rules=(*match.rules, rule))


def _chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Cut `text` into pieces of about `size` characters where no name can span the cut.

    A cut goes after the last line break, else after the last character that cannot join
    the words of a name (a comma, a bracket, a run of four spaces), in the second half of
    the piece; a piece with neither (one endless word) is cut where it is.
    """
    pieces = []
    start = 0
    while len(text) - start > size:
        low, high = start + size // 2, start + size
        cut = text.rfind("\n", low, high)
        if cut < 0:
            last = deque(_SAFE_CUT_RE.finditer(text, low, high), maxlen=1)
            if last:
                cut = last[0].start()
            else:  # no safe place: at least never inside a word
                inside = TOKEN_RE.match(text, high - 1)
                cut = inside.end() - 1 if inside else high - 1
        pieces.append((start, cut + 1))
        start = cut + 1
    pieces.append((start, len(text)))
    return pieces
