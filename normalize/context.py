"""The document as context: which of several same-named places, and whose surname.

Running text names places that share a name (there are 77 villages called Andriivka;
Donetsk is a Ukrainian city and a Russian town) and people who share a surname (Dmytro
and Ivan Kuleba). What else the document mentions decides:

- a place's raion or oblast named in the text, or another place of the same raion or
  oblast (codes from the official codifier: ``UA14`` is Donetsk oblast, ``UA1402`` one of its
  raions), or another mentioned place within `NEARBY_KM` (coordinates);
- a person named in full once (*Volodymyr Zelensky*, *V. Zelensky*) is the person a later
  surname alone refers to; a surname the text gives to someone else (*Ivan Kuleba*) is not
  linked alone when it is ambiguous.

Prominence (population, admin level, the war list, curation) decides when the document
does not. A changed choice says why in the match's rules (``context:raion``) and keeps
the prominence winner as `runner_up`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from math import asin, cos, radians, sin, sqrt

import regex

from .gazetteer import is_gazetteer_id
from .model import Entity, Match, Mention
from .resolver import Resolver
from .text import TOKEN_RE, fold, key, read_table

NEARBY_KM = 50.0
"""Another mentioned place this close makes a same-named place the likely one."""
RAION_NAMED, SAME_RAION, OBLAST_NAMED, SAME_OBLAST, NEARBY = 4.0, 3.0, 2.0, 1.0, 1.0
"""How strongly each kind of evidence speaks for a place."""
HELD_MINIMUM = OBLAST_NAMED
"""A place running text does not link on its own (a village outside the war list) is linked
when its oblast or raion is named, or another place of its raion is mentioned."""
FULL_NAME_RULES = frozenset({"given-name", "given-name~", "initial"})


@dataclass
class Evidence:
    """What a document's unambiguous place mentions say about where it is."""

    raions: set[str] = field(default_factory=set)
    oblasts: set[str] = field(default_factory=set)
    near_raions: set[str] = field(default_factory=set)
    near_oblasts: set[str] = field(default_factory=set)
    points: set[tuple[float, float]] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)
    _scores: dict[str, tuple[float, str]] = field(default_factory=dict)

    def add(self, entity: Entity) -> None:
        if entity.id in self.seen:
            return
        self.seen.add(entity.id)
        codes = region_codes(entity)
        if codes is not None:
            oblast, raion, level = codes
            if level == "oblast":
                self.oblasts.add(oblast)
            elif level == "raion":
                self.raions.add(raion)
                self.oblasts.add(oblast)
            else:
                self.near_raions.add(raion)
                self.near_oblasts.add(oblast)
        point = coordinates(entity)
        if point is not None and (codes is None or codes[2] == "settlement"):
            self.points.add(point)

    def score(self, entity: Entity) -> tuple[float, str]:
        """How strongly the document speaks for `entity`, and why (computed once per entity)."""
        known = self._scores.get(entity.id)
        if known is None:
            known = self._scores[entity.id] = self._score(entity)
        return known

    def _score(self, entity: Entity) -> tuple[float, str]:
        best, why = 0.0, ""
        codes = region_codes(entity)
        if codes is not None:
            oblast, raion, _level = codes
            for found, weight, reason in (
                (raion in self.raions, RAION_NAMED, "raion"),
                (raion in self.near_raions, SAME_RAION, "raion"),
                (oblast in self.oblasts, OBLAST_NAMED, "oblast"),
                (oblast in self.near_oblasts, SAME_OBLAST, "oblast"),
            ):
                if found:
                    best, why = weight, reason
                    break
        point = coordinates(entity)
        if point is not None and any(distance_km(point, other) <= NEARBY_KM for other in self.points):
            best, why = best + NEARBY, why or "nearby"
        return best, why


def region_codes(entity: Entity) -> tuple[str, str, str] | None:
    """(oblast code, raion code, level) from the codifier code: UA14020010030085322 is in
    oblast UA14 and raion UA1402; level is oblast, raion or settlement."""
    code = entity.attributes.get("katotth")
    if not isinstance(code, str) or len(code) < 10 or not code.startswith("UA"):
        return None
    oblast, raion = code[:4], code[:6]
    if code[4:6] == "00":
        return oblast, raion, "oblast"
    if code[6:9] == "000":
        return oblast, raion, "raion"
    return oblast, raion, "settlement"


def coordinates(entity: Entity) -> tuple[float, float] | None:
    lat, lon = entity.attributes.get("lat"), entity.attributes.get("lon")
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
        return float(lat), float(lon)
    return None


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(radians, (*a, *b))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 12742.0 * asin(min(1.0, sqrt(h)))


@dataclass
class DocumentNames:
    """People the scan met: surname keys named in full (with the entity) and surname keys
    the text gave to someone outside the lexicon."""

    named: dict[str, dict[str, Entity]] = field(default_factory=dict)
    others: set[str] = field(default_factory=set)

    def add_named(self, match: Match) -> None:
        """Record a person named in full (with a given name, initials, or a full form)."""
        if match.entity.type != "person":
            return
        if FULL_NAME_RULES & set(match.rules):
            keys = {key(match.form)}
        elif "surname" not in match.rules and len(TOKEN_RE.findall(match.form)) > 1:
            keys = {key(word) for word in TOKEN_RE.findall(match.form)}
        else:
            return
        for found in keys:
            self.named.setdefault(found, {})[match.entity.id] = match.entity


@lru_cache(maxsize=1)
def settlement_words() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """Words naming a kind of settlement: (word before the name → subtype, word after the
    name → subtype, connectors)."""
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    connectors: set[str] = set()
    for lang, words, subtype, position, links in read_table("settlement_words.tsv", 5):
        if lang == "lang":
            continue
        table = before if position == "before" else after
        for word in words.split("|"):
            table[word.lower()] = subtype
        connectors.update(link for link in links.split("|") if link)
    return before, after, frozenset(connectors)


_WORDS_BEFORE_RE = regex.compile(r"(?r)([\p{L}\p{M}']+)[ \u00a0]+(?:([\p{L}\p{M}']+)[ \u00a0]+)?$")
_WORD_AFTER_RE = regex.compile(r"[ \u00a0]+([\p{L}\p{M}]+)")


def settlement_cue(text: str, mention: Mention) -> str | None:
    """The kind of settlement the words around a mention name, or None ("the village of
    Poltava" → village; "Poltava küla" → village; "місто Бахмут" → city)."""
    before, after, connectors = settlement_words()
    left = _WORDS_BEFORE_RE.search(text, max(0, mention.start - 40), mention.start)
    if left is not None:
        last, previous = left.group(2) or left.group(1), left.group(1) if left.group(2) else None
        if last.lower() in before:
            return before[last.lower()]
        if previous is not None and last.lower() in connectors and previous.lower() in before:
            return before[previous.lower()]
    right = _WORD_AFTER_RE.match(text, mention.end, min(len(text), mention.end + 40))
    if right is not None and right.group(1).lower() in after:
        return after[right.group(1).lower()]
    return None


def apply_context(
    mentions: list[Mention], held: list[Mention], people: DocumentNames, resolver: Resolver, text: str = ""
) -> list[Mention]:
    """The mentions with same-named places and surnames chosen by the document; `held`
    (places running text links only with support) are added when the document supports
    them. Returns the mentions in text order.

    A decision depends on the match and the document only, so it is taken once per
    distinct match (a long document repeats its names thousands of times).
    """
    alternatives: dict[tuple[str, str], list[Match]] = {}

    def same_named(match: Match) -> list[Match]:
        """The places named like the match's form, or like the matched place's own name and
        native names (a Bulgarian alias of one Andriivka still competes with the 76 others)."""
        ident = (fold(match.form), match.entity.id)
        if ident not in alternatives:
            names = {match.form, match.entity.name, *(n for forms in match.entity.names.values() for n in forms)}
            found = [m for name in sorted(names) for m in resolver.same_named_places(name)]
            alternatives[ident] = resolver.rank(found)
        return alternatives[ident]

    distinct = list({id(m.match): m.match for m in mentions}.values())
    evidence = Evidence()
    for match in distinct:
        if match.entity.type == "place" and len(same_named(match)) <= 1:
            evidence.add(match.entity)
        people.add_named(match)
    decided: dict[int, Match | None] = {}
    for match in distinct:
        kind = match.entity.type
        if kind == "person":
            decided[id(match)] = _person_in_context(match, people)
        elif kind == "place":
            decided[id(match)] = _place_in_context(match, same_named(match), evidence)
        else:
            decided[id(match)] = match
    result: list[Mention] = []
    for mention in mentions:
        chosen = decided[id(mention.match)]
        if text and chosen is not None and chosen.entity.type == "place" and len(same_named(mention.match)) > 1:
            cue = settlement_cue(text, mention)
            if cue is not None and chosen.entity.attributes.get("subtype") != cue:
                of_kind = [c for c in same_named(mention.match) if c.entity.attributes.get("subtype") == cue]
                picked = _place_in_context(mention.match, of_kind, evidence, cue=cue) if of_kind else None
                chosen = picked if picked is not None else chosen
        if chosen is mention.match:
            result.append(mention)
        elif chosen is not None:
            result.append(Mention(mention.start, mention.end, mention.text, chosen))
    for mention in held:
        supported = _place_in_context(mention.match, same_named(mention.match), evidence, minimum=HELD_MINIMUM)
        if supported is not None and supported is not mention.match:
            result.append(Mention(mention.start, mention.end, mention.text, supported))
    return sorted(result, key=lambda m: m.start) if held else result


def _place_in_context(
    current: Match, choices: list[Match], evidence: Evidence, minimum: float = 0.0, cue: str | None = None
) -> Match | None:
    """The place the document speaks for among `choices` (the same-named places), or
    `current` when it does not speak for another. With `minimum` (a held village), None
    unless the document speaks for one that strongly.

    A major city is not given up for a village or town unless the text names the village's
    raion (Zaporizhzhia near Kherson, or near Orikhiv of the village Zaporizhzhia's raion, is
    the city), or calls it a village (`cue`).
    """
    if cue is not None:  # the text says "village" or "city": the best of that kind, whatever else
        best = max(choices, key=lambda c: evidence.score(c.entity)[0])
        return _relinked(current, best, cue, current.entity.id)
    if len(choices) <= 1 and minimum == 0.0:
        return current
    current_score, _ = evidence.score(current.entity)
    best, best_score, why = current, current_score, ""
    major = _major(current.entity)
    for choice in choices:
        score, reason = evidence.score(choice.entity)
        if major and choice.entity.attributes.get("subtype") in ("village", "town") and score < RAION_NAMED:
            continue
        if score > best_score:
            best, best_score, why = choice, score, reason
    if best_score < minimum:
        return None if minimum else current
    if best is current and minimum == 0.0:
        return current
    if best is current and not why:
        _, why = evidence.score(current.entity)
    runner_up = current.entity.id if best.entity.id != current.entity.id else current.runner_up
    return _relinked(current, best, why, runner_up)


def _relinked(current: Match, best: Match, why: str, runner_up: str | None) -> Match:
    """`current` (its method, rules and score kept, capped by `best`'s) linked to `best`'s
    place, with the context rule that chose it."""
    return replace(
        current,
        entity=best.entity,
        form=best.form,
        form_lang=best.form_lang,
        score=min(current.score, best.score),
        rules=(*current.rules, f"context:{why}"),
        runner_up=runner_up,
    )


MAJOR_POPULATION = 100_000


def _major(entity: Entity) -> bool:
    """A curated city or one of 100,000 people: not given up for a same-named village or
    town on oblast-level evidence."""
    if entity.attributes.get("subtype") != "city":
        return False
    population = entity.attributes.get("population")
    return not is_gazetteer_id(entity.id) or (isinstance(population, int) and population >= MAJOR_POPULATION)


def _person_in_context(match: Match, people: DocumentNames) -> Match | None:
    """A surname alone: the person the document named in full, or nothing when the
    document gave the surname to someone else too."""
    if "surname" not in match.rules or FULL_NAME_RULES & set(match.rules):
        return match
    surname = key(match.form)
    named = people.named.get(surname, {})
    if surname in people.others or len(named) > 1:
        return None  # Ivan Kuleba was named: "Kuleba" alone may be either
    if named and match.entity.id not in named:
        (entity,) = named.values()  # Yulia Tymoshenko was named: "Tymoshenko" is she
        return replace(match, entity=entity, rules=(*match.rules, "context:full-name"), runner_up=match.entity.id)
    return match
