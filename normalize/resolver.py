"""One name → ranked matches: exact → transliteration key → person parts → blocked fuzzy.

Precision first: a later, looser tier is consulted only when the stricter tiers found
nothing, fuzzy search runs over one small block of keys (those sharing the first key
symbol and a similar length), and the allowed edit distance grows with the key's length so
short names get no tolerance at all (Putilov is not Putin).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace

import regex
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extract
from unidecode import unidecode

from . import inflection
from .gazetteer import Gazetteer, is_gazetteer_id
from .index import FUZZY_TYPES, Entry, Index, long_enough, vowel_skeleton
from .inflection import InflectionRule
from .language import is_common_word
from .model import Match
from .names import KNOWN_GIVEN_KEYS, given_name_keys, initial_fits, is_initial
from .text import TOKEN_RE, fold, is_capitalised, key, letters


@dataclass(frozen=True)
class Scoring:
    """The resolver's tunables, in one place.

    Attributes:
        exact: score of a match on a canonical or native name.
        alias: score of a match on an alias or former name.
        convention: score of a match on a spelling a transliteration convention wrote.
        gazetteer: score of a generated gazetteer place met by its name: below a curated
            alias, so the curated Azov brigade beats the village of Azov.
        transliteration: score of a match on the invariant key.
        fuzzy_ceiling: score of a fuzzy match at distance 0 (never reached), falling
            linearly with the share of edited symbols.
        surname: factor for a person named by surname alone.
        fuzzy_distance: (minimum key length, allowed edits) steps, longest first.
        vowel_fuzzy_min: shortest key whose vowels alone may differ (Kharkov, Kharkiv).
        vowel_two_from: shortest key in which two vowels may differ (one below it).
        close_call: two entities within this score are a close call (runner_up is set).
        inflected: factor for a name met through a case ending of its language
            (Mariupolu → Mariupol).
        unhinted: further factor when the language was not given or guessed, and every
            language's endings were tried.
    """

    exact: float = 1.0
    alias: float = 0.97
    convention: float = 0.95
    gazetteer: float = 0.96
    transliteration: float = 0.9
    fuzzy_ceiling: float = 0.85
    surname: float = 0.92
    fuzzy_distance: tuple[tuple[int, int], ...] = ((9, 1),)
    vowel_fuzzy_min: int = 6
    vowel_two_from: int = 9
    close_call: float = 0.03
    inflected: float = 0.9
    unhinted: float = 0.95

    def vowel_edits(self, key_length: int) -> int:
        """How many vowels may differ: one, or two from `vowel_two_from` key symbols."""
        return 2 if key_length >= self.vowel_two_from else 1

    @property
    def max_edits(self) -> int:
        """The largest edit allowance of any key length."""
        return max((edits for _minimum, edits in self.fuzzy_distance), default=0)

    def allowed_edits(self, key_length: int) -> int:
        """How many key edits a name of this key length may have and still match."""
        for minimum, edits in self.fuzzy_distance:
            if key_length >= minimum:
                return edits
        return 0


DEFAULT_SCORING = Scoring()


_UNKEYABLE_QUERY = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
"""Scripts whose unidecode romanisation is a reading, not a spelling (维也纳 → wei ye na)."""
_SEPARATOR_RE = regex.compile(r"[^\p{L}\p{M}\p{N}]")


def _spelled_alike(name: str, form: str) -> bool:
    """Whether two spellings differ by at most two letters once both are in Latin letters.

    The key merges whole classes of letters, which suits transliterated Slavic names; the
    borrowed names of organisations and weapons ask more: *Stormshadow* and *Storm Shadow*,
    *Вагнер* and *Wagner* are alike, *Caged* and *Shahed* (key ``sahed``) are not.
    """
    return Levenshtein.distance(_latin_letters(name), _latin_letters(form), score_cutoff=2) <= 2


def _latin_letters(text: str) -> str:
    return fold(unidecode(text)).replace(" ", "")


def sorted_folded_forms(index: Index, gazetteer: Gazetteer | None) -> list[str]:
    """Every folded curated and gazetteer form and convention spelling, sorted: a binary
    search tells whether some form starts with a stem."""
    tables: list[Iterable[str]] = [index.exact]
    if gazetteer is not None:
        tables += [gazetteer.exact, gazetteer.spelled]
    return sorted({form for table in tables for form in table})


def _title_case_acronym(name: str) -> bool:
    """An acronym the way Italian, Spanish and Portuguese press write it (Sbu, Hur, Aiea):
    three letters or more, a capital and then small letters, and no common word of any
    language (Nato is Italian for born, Otan Finnish for I take)."""
    return len(name) >= 3 and name[0].isupper() and name[1:].islower() and name.isalpha() and not is_common_word(name)


PREFIX = 3
"""How many folded symbols of a name its case forms keep for sure (the stem's start)."""

GAZETTEER_CAP = 25
"""At most this many same-named gazetteer places are considered for one name."""

CURATED_PROMINENCE = 10.0
"""Added to a curated entity's prominence: the lexicon's hand-picked Andriivka is the one
in the news, not one of the gazetteer's 76 others."""


class Resolver:
    """Resolves single names against an `Index` and, when given, the gazetteer."""

    def __init__(
        self,
        index: Index,
        scoring: Scoring = DEFAULT_SCORING,
        gazetteer: Gazetteer | None = None,
        sorted_forms: Callable[[], list[str]] | None = None,
    ) -> None:
        """`sorted_forms` makes the sorted folded forms (`sorted_folded_forms`), from a
        cache; by default they are sorted here when first needed."""
        self.index = index
        self.scoring = scoring
        self.gazetteer = gazetteer
        self._make_sorted_forms = sorted_forms or (lambda: sorted_folded_forms(index, gazetteer))
        self._sorted_forms: list[str] | None = None

    def prominence(self, entity_id: str) -> float:
        """Tie-breaking prominence: curated entities first, then population, admin level, war."""
        if entity_id in self.index.position:
            return CURATED_PROMINENCE + self.index.prominence_of(entity_id)
        number = self.gazetteer.number_of(entity_id) if self.gazetteer is not None else None
        return self.gazetteer.prominence(number) if self.gazetteer is not None and number is not None else 0.0

    def same_named_places(self, form: str) -> list[Match]:
        """Every place, curated or from the gazetteer, with a form folding like `form`: all
        77 Andriivkas, for the document's context to choose from."""
        found = [m for m in self.exact(form) if m.entity.type == "place" and not is_gazetteer_id(m.entity.id)]
        return found + self._gazetteer_matches(fold(form), self.scoring.gazetteer, cap=None, every_kind=True)

    def _gazetteer_matches(
        self,
        form: str,
        score: float,
        cap: int | None = GAZETTEER_CAP,
        written: str | None = None,
        every_kind: bool = False,
    ) -> list[Match]:
        """Gazetteer places whose folded forms equal `form` (already folded): the
        `cap` most prominent of them (there are 77 villages called Andriivka); then the
        places a convention spells so (Croatian *Orihiv*), when no place has that name
        (`every_kind`: in any case) and the query as `written` has the spelling's letters
        (Estonian *Harkõv* is met as written, not by *Harkov*)."""
        gazetteer = self.gazetteer
        if gazetteer is None:
            return []
        found = self._gazetteer_names(form, score, cap)
        spelled = gazetteer.spelled_as(form)
        if spelled and (every_kind or not found):
            convention_score = round(score * self.scoring.convention, 4)
            for number, convention_id, spelling in spelled[: cap or len(spelled)]:
                if written is not None and not spelling.isascii() and letters(written) != letters(spelling):
                    continue
                if self._named_like_a_person_or_country(spelling):
                    continue
                convention = self.index.convention(convention_id)
                entity = gazetteer.entity(number)
                source = next(iter(entity.names.get(convention.source, ())), None)
                found.append(
                    Match(
                        entity=entity,
                        score=convention_score,
                        method="transliteration",
                        form=spelling,
                        form_lang=convention.language,
                        convention=convention_id,
                        source=source,
                    )
                )
        return found

    def _named_like_a_person_or_country(self, spelling: str) -> bool:
        """A convention spelling of a place that is a given name (Wladimir: the city
        Volodymyr; Maria: the town Mariia), starts like a country's name (Croatian
        Ukrajinska: the adjective, not the village Ukrainska) or is a common word: such
        spellings name no place. (The places' official names are met even so.)"""
        skeleton = key(spelling)
        if skeleton in self.index.known_given or any(skeleton.startswith(s) for s in self.index.country_stems):
            return True
        return is_common_word(spelling)  # German "Rosa" (the village Roza), Polish "Pole"

    def _gazetteer_names(self, form: str, score: float, cap: int | None) -> list[Match]:
        gazetteer = self.gazetteer
        assert gazetteer is not None
        numbers = gazetteer.find(form)
        if cap is not None and len(numbers) > cap:
            numbers = tuple(sorted(numbers, key=gazetteer.prominence, reverse=True)[:cap])
        found = []
        for number in numbers:
            written, lang, kind = gazetteer.form_met(number, form)
            if key(written) in KNOWN_GIVEN_KEYS:
                continue  # the town Volodymyr is not met by the given name alone
            if kind == "alias" and self._named_like_a_person_or_country(written):
                continue  # a city's GeoNames alternate that is a common word or a given name
            how = "exact" if kind == "name" else "alias"
            found.append(Match(entity=gazetteer.entity(number), score=score, method=how, form=written, form_lang=lang))
        return found

    def _entry_match(self, entry: Entry, method: str, score: float, distance: int = 0) -> Match:
        rules: tuple[str, ...] = ()
        if entry.surname:
            score *= self.scoring.surname
            rules = ("surname",)
        return Match(
            entity=self.index.entities[entry.entity],
            score=round(score, 4),
            method=method,
            form=entry.form,
            form_lang=entry.lang,
            distance=distance,
            rules=rules,
            convention=entry.convention or None,
            source=entry.source or None,
        )

    def exact(self, name: str) -> list[Match]:
        """Matches whose folded lexicon form equals the folded `name`."""
        found = []
        for entry in self.index.exact.get(fold(name), ()):
            if entry.case_sensitive and not name.isupper() and not _title_case_acronym(name):
                continue
            if entry.kind == "generated" and not entry.form.isascii() and letters(name) != letters(entry.form):
                continue  # Estonian "Sumõ" is met as written, not by "Sumo"
            if entry.kind == "name":  # a canonical or native name, or its surname
                found.append(self._entry_match(entry, "exact", self.scoring.exact))
            elif entry.kind == "generated":
                found.append(self._entry_match(entry, "transliteration", self.scoring.convention))
            else:
                found.append(self._entry_match(entry, "alias", self.scoring.alias))
        return found + self._gazetteer_matches(fold(name), self.scoring.gazetteer, written=name)

    def transliteration(self, name: str) -> list[Match]:
        """Matches whose invariant key equals the key of `name`.

        Keys shorter than `index.MIN_KEY_LEN` are too lossy to trust, and Chinese and Japanese
        names are not keyed (unidecode gives a reading: 维也纳 → wei ye na).
        """
        skeleton = key(name)
        if not long_enough(skeleton) or _UNKEYABLE_QUERY.search(name):
            return []
        found = [
            self._entry_match(entry, "transliteration", self.scoring.transliteration)
            for entry in self.index.keys.get(skeleton, ())
            if self.index.entities[entry.entity].type in FUZZY_TYPES or _spelled_alike(name, entry.form)
        ]
        return found  # gazetteer places are met exactly only: their keys met inflected famous names

    def fuzzy(self, name: str) -> list[Match]:
        """Matches a few key edits away, searched in one block only.

        Two kinds of near spelling count: one that differs only in vowels (one vowel from
        6 key symbols, two from 9: Kharkov, Bakhmöt) and one edit of any kind from 9 key
        symbols. The allowance follows the longer key. Only places and persons are fuzzy
        targets, never by surname alone, and letters added at the end are a derivation
        (Ukraine → Ukrainian), not a typo. A common word of any language (data/common_words)
        is no typo either: it is never matched fuzzily.
        """
        skeleton = key(name)
        if _UNKEYABLE_QUERY.search(name):
            return []
        candidates: dict[str, int] = {}
        if len(skeleton) >= self.scoring.vowel_fuzzy_min:
            vowel_edits = self.scoring.vowel_edits(len(skeleton))
            for candidate in self.index.vowel_blocks.get(vowel_skeleton(skeleton), ()):
                distance = int(Levenshtein.distance(skeleton, candidate))
                if distance <= vowel_edits:
                    candidates[candidate] = distance
        edits = self.scoring.allowed_edits(len(skeleton) + self.scoring.max_edits)
        block = self.index.blocks.get(skeleton[:1]) if edits else None
        if block:
            hits = extract(skeleton, block, scorer=Levenshtein.distance, score_cutoff=edits, limit=None)
            for candidate, distance, _position in hits:
                if distance <= self.scoring.allowed_edits(max(len(skeleton), len(candidate))):
                    candidates.setdefault(candidate, int(distance))
        found = []
        if candidates and is_common_word(name):
            return []  # German "Herzen" is no misspelt Kherson
        for candidate, distance in candidates.items():
            if distance == 0 or skeleton.startswith(candidate) or candidate.startswith(skeleton):
                continue
            share = distance / max(len(skeleton), len(candidate))
            score = self.scoring.fuzzy_ceiling * (1.0 - share)
            for entry in self.index.keys[candidate]:
                entity = self.index.entities[entry.entity]
                if entry.surname or entity.type not in FUZZY_TYPES or entity.attributes.get("subtype") == "country":
                    continue  # countries: their near spellings are demonyms (Slovak Bielorusi), not typos
                if entry.kind == "former":
                    continue  # French "Staline" is no misspelt Stalino (Donetsk's old name)
                found.append(self._entry_match(entry, "fuzzy", score, distance))
        return found

    def person_parts(self, name: str) -> list[Match]:
        """A person's full name written with other given-name forms, initials or patronymics.

        ``Vladimir Putin``, ``V. Putin``, ``Wladimir Wladimirowitsch Putin`` and the
        surname-first ``Путин Владимир Владимирович`` all name the lexicon's
        ``Volodymyr``/``Vladimir`` Putin: the surname must match a person's surname (exactly
        or by key; surnames are no fuzzy targets) and the given name must be one of that
        person's given names, an equivalent of one (names data), or its initial. Every word
        must be capitalised.
        """
        words = TOKEN_RE.findall(name) if _SEPARATOR_RE.search(name) else ()
        if not 2 <= len(words) <= 4 or not all(is_capitalised(word) for word in words):
            return []  # "Kyrylo and Budanov" is two names, not one
        found: list[Match] = []
        for surname, given in ((words[-1], words[0]), (words[0], words[1])):
            if is_initial(surname):
                continue
            if not self._known_surname(surname):
                continue  # no person of the lexicon has it: nothing to look up
            for tier in (self.exact, self.transliteration):
                people = [m for m in tier(surname) if m.rules == ("surname",)]
                for match in people:
                    own = self.index.given_names.get(self.index.position[match.entity.id], frozenset())
                    if is_initial(given):
                        if initial_fits(given, own):
                            found.append(replace(match, rules=("surname", "initial")))
                    elif own & given_name_keys(given) or fold(given) in own:
                        score = min(1.0, match.score / self.scoring.surname)
                        found.append(replace(match, score=round(score, 4), rules=("surname", "given-name")))
                if people:
                    break
            if found:
                break
        return found

    def _known_surname(self, word: str) -> bool:
        """Whether a person of the lexicon has this surname, folded or keyed."""
        index = self.index
        return any(e.surname for e in index.exact.get(fold(word), ())) or any(
            e.surname for e in index.keys.get(key(word), ())
        )

    def inflected(self, name: str, langs: Collection[str] | None) -> list[Match]:
        """Matches of the citation forms `name` may be a case form of (Mariupolu → Mariupol).

        The endings of `langs` are tried (None: of every language, at a lower score, and
        then the citation form must be met exactly), longest first; each citation form is
        met exactly, by key or as a person's name, never fuzzily, and only by entities of
        the types the rule names.
        """
        if langs is not None and not inflection.has_rules(langs):
            return []  # English has no table, nor letters read as another language's
        factor = self.scoring.inflected * (1.0 if langs is not None else self.scoring.unhinted)
        # Without a language every table is tried: the citation form must then be met as
        # written (English "Ukrainian" is no Finnish genitive of a key-alike "Ukrainia").
        tiers = (self.exact, self.transliteration, self.person_parts) if langs is not None else (self.exact,)
        folded_name = fold(name)
        one_to_one = len(folded_name) == len(name)  # without a language only the end changes
        keep: Callable[[str], bool] | None = None
        if langs is None and one_to_one:  # a citation form keeps the stem: some form must start so
            keep = lambda stem: self._starts_a_form(folded_name[: len(stem)])  # noqa: E731
        elif langs is None and not self._starts_a_form(folded_name[:PREFIX]):
            return []
        by_citation: dict[str, list[tuple[InflectionRule, ...]]] = {}
        for citation, rules in inflection.span_candidates(name, langs, keep):
            by_citation.setdefault(citation, []).append(rules)  # many tables strip the same "-a"
        found: list[Match] = []
        for citation, readings in by_citation.items():
            if langs is None:
                # Without a language only exact forms count: test the fold first, built from the
                # name's own fold (letter for letter) and the ending's, with no regex per candidate.
                base = readings[0][-1].base
                if one_to_one and (not base or base.isalpha()):
                    guess = folded_name[: len(citation) - len(base)] + (fold(base) if base else "")
                else:
                    guess = fold(citation)
                if not self._known_fold(guess):
                    continue
            several = " " in citation.strip()
            for tier in tiers:
                met = tier(citation)
                if not met:
                    continue
                for rules in readings:
                    allowed = [] if several else [rule.types for rule in rules if rule.types is not None]
                    matches = [m for m in met if all(m.entity.type in kinds for kinds in allowed)]
                    if matches:
                        labels = tuple(f"inflected:{rule.label}" for rule in rules)
                        found += [
                            replace(m, score=round(m.score * factor, 4), rules=(*m.rules, *labels)) for m in matches
                        ]
                        break
                break
        return found

    def _starts_a_form(self, stem: str) -> bool:
        """Whether some curated or gazetteer form (or convention spelling), folded, starts
        with `stem` (already folded): a binary search in every folded form, sorted once."""
        forms = self._sorted_forms
        if forms is None:
            forms = self._sorted_forms = self._make_sorted_forms()
        found = bisect_left(forms, stem)
        return found < len(forms) and forms[found].startswith(stem)

    def _known_fold(self, folded: str) -> bool:
        """Whether any curated or gazetteer form (or convention spelling) folds to `folded`."""
        if folded in self.index.exact:
            return True
        gazetteer = self.gazetteer
        return gazetteer is not None and (folded in gazetteer.exact or folded in gazetteer.spelled)

    def lookup(
        self,
        name: str,
        *,
        types: Collection[str] | None = None,
        fuzzy: bool = True,
        inflect: bool = True,
        langs: Collection[str] | None = None,
    ) -> list[Match]:
        """All matches of the first tier that has any, best first, one per entity.

        The tiers: exact, transliteration key, person parts, case endings (when `inflect`;
        of `langs`, or of every language when None), fuzzy (when `fuzzy`).
        """
        tiers: list[Callable[[str], list[Match]]] = [self.exact, self.transliteration, self.person_parts]
        if inflect:
            tiers.append(lambda n: self.inflected(n, langs))
        if fuzzy:
            tiers.append(self.fuzzy)
        for tier in tiers:
            matches = [m for m in tier(name) if types is None or m.entity.type in types]
            if matches:
                return self.rank(matches)
        return []

    def candidates(self, name: str, *, limit: int = 5, types: Collection[str] | None = None) -> list[Match]:
        """Matches from every tier, best first, one per entity, at most `limit`."""
        matches = [
            m
            for tier in (self.exact, self.transliteration, self.person_parts, self.fuzzy)
            for m in tier(name)
            if types is None or m.entity.type in types
        ]
        return self.rank(matches)[:limit]

    def rank(self, matches: Iterable[Match]) -> list[Match]:
        """Best match per entity, ordered by score, then prominence, then id.

        The winner carries the runner-up's id when the two are a close call.
        """
        best: dict[str, Match] = {}
        for match in matches:
            current = best.get(match.entity.id)
            if current is None or match.score > current.score:
                best[match.entity.id] = match
        prominence = self.prominence
        ordered = sorted(
            best.values(),
            key=lambda m: (-m.score, -prominence(m.entity.id), m.entity.id),
        )
        if len(ordered) >= 2 and ordered[0].score - ordered[1].score <= self.scoring.close_call:
            ordered[0] = replace(ordered[0], runner_up=ordered[1].entity.id)
        return ordered
