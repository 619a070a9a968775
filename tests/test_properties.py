"""Properties that hold for any input: folding, keys, annotation offsets, replacement.

Hypothesis generates the inputs; the lexicon-wide checks walk every form of every
bundled entity. Tests that need a controlled lexicon write a small one to a temporary
file and use `Normalizer([file], bundled=False)`.
"""

from __future__ import annotations

import itertools
import re
import tempfile
import warnings
from collections.abc import Iterable
from pathlib import Path

import pytest
import regex
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import normalize
from normalize.annotator import _CANDIDATE_RE, CHUNK_CHARS
from normalize.lexicon import entity_forms
from normalize.model import ENTITY_TYPES, Entity, Mention
from normalize.records import MentionLines, json_line, mention_record
from normalize.text import TOKEN_RE, fold, is_capitalised, key

SETTINGS = settings(max_examples=300, deadline=None)
FEW = settings(max_examples=25, deadline=None)

_KEY_RE = re.compile(r"[a-z0-9]*")

# Every code point, surrogates and control characters included.
ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
CONTROL_AND_SPACE = st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"])
PUNCTUATION = [
    " ",
    "  ",
    ". ",
    ", ",
    "; ",
    "-",
    "–",
    "—",
    "'",
    "’",
    "'s ",
    "s ",
    "non ",
    "(",
    ")",
    "«",
    "»",
    '"',
    "\n",
    "\r\n",
    "\t",
    "\u00a0",
    "\ufeff",
    "...",
    "!",
    "?",
]
LOWER_LETTERS = "abcdefghijklmnopqrstuvwxyzабвгґдеєжзиіїйклмнопрстуфхцчшщьюяёыэъ"


def bundled_forms(entities: Iterable[Entity]) -> list[str]:
    return sorted({form for entity in entities for form, _lang, _kind in entity_forms(entity)})


def own_folded_forms(entity: Entity) -> set[str]:
    """The folded names, aliases and former names of an entity."""
    return {fold(form) for form, _lang, _kind in entity_forms(entity)}


def check_mentions(text: str, mentions: list[Mention]) -> None:
    """Offsets slice the text; mentions are non-empty, sorted and do not overlap."""
    previous_end = 0
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text), mention
        assert text[mention.start : mention.end] == mention.text, mention
        assert mention.start >= previous_end, f"overlap or disorder at {mention}"
        assert 0.0 < mention.match.score <= 1.0
        assert mention.match.entity.type in ENTITY_TYPES
        previous_end = mention.end


def splice(text: str, mentions: list[Mention]) -> str:
    pieces, cursor = [], 0
    for mention in mentions:
        pieces += [text[cursor : mention.start], mention.match.entity.name]
        cursor = mention.end
    return "".join([*pieces, text[cursor:]])


@pytest.fixture(scope="module")
def forms(normalizer: normalize.Normalizer) -> list[str]:
    return bundled_forms(normalizer.entities)


# --- fold and key -----------------------------------------------------------------------


@SETTINGS
@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert folded == folded.strip()
    assert "  " not in folded


@SETTINGS
@given(st.text(CONTROL_AND_SPACE) | st.lists(st.text(CONTROL_AND_SPACE) | st.text(max_size=3)).map("".join))
def test_fold_is_idempotent_on_control_and_space_characters(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # unidecode warns about surrogates
@SETTINGS
@given(st.text(ANY_CHAR))
def test_fold_and_key_accept_any_code_point(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert _KEY_RE.fullmatch(key(text))


@SETTINGS
@given(st.text())
def test_key_is_deterministic_and_plain(text: str) -> None:
    skeleton = key(text)
    assert _KEY_RE.fullmatch(skeleton), skeleton
    assert key.__wrapped__(text) == skeleton  # the same without the cache
    assert key(text) == skeleton


@SETTINGS
@given(st.text(CONTROL_AND_SPACE | st.sampled_from("АаБбÖöĳŁłßﬁ"), max_size=20))
def test_key_never_raises_on_control_characters(text: str) -> None:
    assert _KEY_RE.fullmatch(key(text))


def test_fold_and_key_examples() -> None:
    assert fold("Bakhmöt") == "bakhmot"
    assert fold("Kam'ianske") == "kamianske"
    assert fold("  Storm--Shadow ") == "storm shadow"
    assert key("Bachmoet") == key("Bakhmout") == key("Бахмут") == "bahmut"


# --- annotate ---------------------------------------------------------------------------


def mixed_text(forms: list[str]) -> st.SearchStrategy[str]:
    """Lexicon forms mixed with random Unicode and punctuation."""
    piece = st.one_of(
        st.sampled_from(forms),
        st.sampled_from(forms).map(str.upper),
        st.sampled_from(forms).map(lambda f: f + "s"),
        st.text(max_size=4),
        st.sampled_from(PUNCTUATION),
    )
    return st.lists(piece, max_size=14).map("".join)


@SETTINGS
@given(data=st.data())
def test_annotate_offsets_on_mixed_text(
    normalizer: normalize.Normalizer, forms: list[str], data: st.DataObject
) -> None:
    text = data.draw(mixed_text(forms))
    mentions = normalizer.annotate(text)
    check_mentions(text, mentions)
    assert normalizer.replace(text) == splice(text, mentions)


@SETTINGS
@given(st.text())
def test_annotate_offsets_on_any_text(normalizer: normalize.Normalizer, text: str) -> None:
    mentions = normalizer.annotate(text)
    check_mentions(text, mentions)
    replaced = normalizer.replace(text)
    assert replaced == splice(text, mentions)
    if not mentions:
        assert replaced == text


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # unidecode warns about surrogates
@SETTINGS
@given(st.text(ANY_CHAR))
def test_api_never_raises_on_any_str(normalizer: normalize.Normalizer, text: str) -> None:
    check_mentions(text, normalizer.annotate(text))
    normalizer.replace(text, min_score=0.5)
    match = normalizer.resolve(text)
    assert match is None or 0.0 < match.score <= 1.0
    assert len(normalizer.candidates(text, limit=3)) <= 3


@SETTINGS
@given(data=st.data(), types=st.sets(st.sampled_from(ENTITY_TYPES), min_size=1))
def test_types_filter_links_only_those_types_and_keeps_their_mentions(
    normalizer: normalize.Normalizer, forms: list[str], data: st.DataObject, types: set[str]
) -> None:
    """types= chooses among entities of those types (as resolve does), so a span another
    type would have won may now link to an allowed one; mentions of allowed types stay."""
    text = data.draw(mixed_text(forms))
    everything = normalizer.annotate(text)
    filtered = normalizer.annotate(text, types=types)
    assert all(m.match.entity.type in types for m in filtered)
    kept = [(m.start, m.end, m.match.entity.id) for m in everything if m.match.entity.type in types]
    still = {(m.start, m.end, m.match.entity.id) for m in filtered}
    assert [m for m in kept if m in still] == kept  # the runner-up may differ: fewer types compete


LOWER_WORD = st.text(LOWER_LETTERS, min_size=1, max_size=10)
LOWER_TEXT = st.lists(st.one_of(LOWER_WORD, st.sampled_from(PUNCTUATION)), max_size=20).map("".join)


@SETTINGS
@given(LOWER_TEXT)
def test_lower_case_text_has_no_mentions_and_replace_is_identity(normalizer: normalize.Normalizer, text: str) -> None:
    assert normalizer.annotate(text) == []
    assert normalizer.replace(text) == text


@SETTINGS
@given(data=st.data())
def test_replace_is_idempotent_on_canonical_names(normalizer: normalize.Normalizer, data: st.DataObject) -> None:
    names = sorted({entity.name for entity in normalizer.entities})
    separators = [" ", ", ", ". ", " and ", " in ", "\n", " (", ") ", ": "]
    text = data.draw(st.lists(st.sampled_from(names) | st.sampled_from(separators), max_size=10).map("".join))
    once = normalizer.replace(text)
    assert normalizer.replace(once) == once


# --- every form of every bundled entity -------------------------------------------------


def test_every_bundled_form_resolves_to_its_entity(normalizer: normalize.Normalizer) -> None:
    """Each name, native name, alias and former name resolves to its own entity.

    Allowed otherwise only when the winner has the same folded form as one of its own
    forms (same-named villages, an alias shared with a more prominent entity); those are
    reported as a warning, everything else fails with the full list.
    """
    wrong, shared = [], []
    for entity in normalizer.entities:
        for form, lang, kind in entity_forms(entity):
            match = normalizer.resolve(form)
            if match is not None and match.entity.id == entity.id:
                continue
            line = f"{entity.id} {kind}.{lang} {form!r} -> {match.entity.id if match else None}"
            if match is not None and fold(form) in own_folded_forms(match.entity):
                shared.append(line)
            else:
                wrong.append(line)
    if shared:
        warnings.warn("forms resolved to a same-named entity:\n" + "\n".join(shared), stacklevel=1)
    assert not wrong, f"{len(wrong)} forms resolve elsewhere:\n" + "\n".join(wrong)


_GAP_RE = regex.compile(r"[ \u00a0]{1,3}|[-‐‑'’ʼ]")  # the documented word gaps
_INNER_APOSTROPHE_RE = regex.compile(r"[\p{L}\p{N}]['’ʼ`][\p{L}\p{N}]")


def findable_in_text(form: str) -> bool:
    """Whether running text can link this form as one mention, by the documented rules.

    Not findable: forms whose first word is lower-case (lower-case words never start a
    mention: "obwód doniecki", "автомат Калашникова"), and forms whose words are joined by
    anything but spaces, hyphens or apostrophes ("ЧВК «Вагнер»"). Forms whose first word has
    an apostrophe inside are left to `test_inner_apostrophe_forms_are_found_in_text` (a
    known bug).
    """
    spans = [(m.start(), m.end()) for m in TOKEN_RE.finditer(form)]
    if not spans or spans[0][0] != 0 or spans[-1][1] != len(form):
        return False
    if not is_capitalised(form[: spans[0][1]]):
        return False
    if _INNER_APOSTROPHE_RE.search(form.split(" ", 1)[0]):
        return False
    return all(_GAP_RE.fullmatch(form, end, start) for (_s, end), (start, _e) in itertools.pairwise(spans))


def test_every_bundled_form_is_found_in_a_sentence(normalizer: normalize.Normalizer) -> None:
    wrong, shared, skipped = [], [], 0
    for entity in normalizer.entities:
        for form, lang, kind in entity_forms(entity):
            if not findable_in_text(form):
                skipped += 1
                continue
            text = f"Reports from {form} said"
            start = len("Reports from ")
            mentions = normalizer.annotate(text)
            hits = [m for m in mentions if (m.start, m.end) == (start, start + len(form))]
            if hits and hits[0].match.entity.id == entity.id:
                continue
            found = [(m.text, m.match.entity.id) for m in mentions]
            line = f"{entity.id} {kind}.{lang} {form!r} -> {found}"
            if hits and fold(form) in own_folded_forms(hits[0].match.entity):
                shared.append(line)
            else:
                wrong.append(line)
    if shared:
        warnings.warn("forms linked to a same-named entity:\n" + "\n".join(shared), stacklevel=1)
    assert not wrong, f"{len(wrong)} forms not found in 'Reports from ... said':\n" + "\n".join(wrong)
    total = sum(1 for entity in normalizer.entities for _ in entity_forms(entity))
    assert skipped < total / 4  # the exclusions stay exceptions


# --- small lexicons written here --------------------------------------------------------


def write_lexicon(directory: Path, records: list[dict[str, object]]) -> Path:
    path = directory / "lexicon.yaml"
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


UPPER_CYRILLIC = "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЮЯ"
LOWER_CYRILLIC = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
CYRILLIC_WORD = st.builds(str.__add__, st.sampled_from(UPPER_CYRILLIC), st.text(LOWER_CYRILLIC, min_size=1, max_size=8))
CYRILLIC_NAME = st.builds(
    lambda words, separator: separator.join(words),
    st.lists(CYRILLIC_WORD, min_size=1, max_size=3),
    st.sampled_from([" ", "-"]),
)


@FEW
@given(
    st.lists(
        st.tuples(CYRILLIC_NAME, st.sampled_from(["place", "person", "org", "unit", "event"])),
        min_size=1,
        max_size=6,
    )
)
def test_random_lexicon_resolves_each_name_back(entries: list[tuple[str, str]]) -> None:
    records: list[dict[str, object]] = [
        {"id": f"{kind}/e{number}", "type": kind, "name": name, "names": {"uk": name}}
        for number, (name, kind) in enumerate(entries)
    ]
    with tempfile.TemporaryDirectory() as directory:
        normalizer = normalize.Normalizer([write_lexicon(Path(directory), records)], bundled=False)
    for record in records:
        name = str(record["name"])
        match = normalizer.resolve(name)
        assert match is not None, name
        assert match.entity.id == record["id"] or fold(match.entity.name) == fold(name), (name, match)
        assert match.method == "exact"
        text = f"Reports from {name} said"
        start = len("Reports from ")
        spans = [(m.start, m.end, fold(m.match.entity.name)) for m in normalizer.annotate(text)]
        assert spans == [(start, start + len(name), fold(name))], (text, spans)


APOSTROPHE_ALIASES = [
    {
        "id": "org/national-guard-of-ukraine",
        "type": "org",
        "name": "National Guard of Ukraine",
        "names": {"uk": "Національна гвардія України"},
        "aliases": {"en": ["Ukraine's National Guard"]},
    },
    {
        "id": "org/russian-ministry-of-defence",
        "type": "org",
        "name": "Russian Ministry of Defence",
        "names": {"ru": "Министерство обороны России"},
        "aliases": {"en": ["Russia’s Defence Ministry"]},
    },
]


@pytest.fixture()
def apostrophes(tmp_path: Path) -> normalize.Normalizer:
    return normalize.Normalizer([write_lexicon(tmp_path, APOSTROPHE_ALIASES)], bundled=False)


def test_apostrophe_forms_resolve(apostrophes: normalize.Normalizer) -> None:
    for alias, entity_id in [
        ("Ukraine's National Guard", "org/national-guard-of-ukraine"),
        ("Russia’s Defence Ministry", "org/russian-ministry-of-defence"),
    ]:
        match = apostrophes.resolve(alias)
        assert match is not None and match.entity.id == entity_id


@pytest.mark.parametrize("name", ["Ukraine's National Guard", "Russia’s Defence Ministry"])
def test_inner_apostrophe_forms_are_found_in_text(apostrophes: normalize.Normalizer, name: str) -> None:
    text = f"Reports from {name} said"
    assert [m.text for m in apostrophes.annotate(text)] == [name]


def test_dotted_abbreviation_is_found_in_text(tmp_path: Path) -> None:
    records: list[dict[str, object]] = [
        {
            "id": "place/united-states",
            "type": "place",
            "name": "United States",
            "names": {"ru": "США"},
            "aliases": {"en": ["U.S."]},
        }
    ]
    normalizer = normalize.Normalizer([write_lexicon(tmp_path, records)], bundled=False)
    match = normalizer.resolve("U.S.")
    assert match is not None and match.entity.id == "place/united-states"
    mentions = normalizer.annotate("Reports from U.S. officials said")
    assert [m.match.entity.id for m in mentions] == ["place/united-states"]


STORM_SHADOW = [
    {"id": "equipment/storm-shadow", "type": "equipment", "name": "Storm Shadow", "names": {"uk": "Шторм Шедоу"}}
]


def long_text_with_name_at_chunk_edge(line_break: bool) -> tuple[str, int]:
    """A text just over one annotation chunk, "Storm Shadow" straddling the chunk's end.

    Its only spaces before the cut are word gaps; with `line_break` a line break follows
    the name, so the text can be cut there.
    """
    prefix = "word " * ((CHUNK_CHARS - 100) // 5)
    tail = ("\n" if line_break else "\t") * 200 + "end"
    return prefix + "Storm Shadow" + tail, len(prefix)


def test_long_text_cut_at_a_line_break_keeps_names_whole(tmp_path: Path) -> None:
    normalizer = normalize.Normalizer([write_lexicon(tmp_path, STORM_SHADOW)], bundled=False)
    text, start = long_text_with_name_at_chunk_edge(line_break=True)
    assert [(m.start, m.text) for m in normalizer.annotate(text)] == [(start, "Storm Shadow")]


def test_long_text_without_line_breaks_keeps_names_whole(tmp_path: Path) -> None:
    normalizer = normalize.Normalizer([write_lexicon(tmp_path, STORM_SHADOW)], bundled=False)
    text, start = long_text_with_name_at_chunk_edge(line_break=False)
    assert [(m.start, m.text) for m in normalizer.annotate(text)] == [(start, "Storm Shadow")]


RUSSIAN_LOWER = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
RUSSIAN_UPPER = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ"
RUSSIAN_WORD = st.builds(str.__add__, st.sampled_from(RUSSIAN_UPPER), st.text(RUSSIAN_LOWER, min_size=2, max_size=8))
UKRAINIAN_WORD = st.builds(
    str.__add__, st.sampled_from(UPPER_CYRILLIC), st.text(LOWER_CYRILLIC, min_size=2, max_size=8)
)


@FEW
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["uk", "ru"]),
            st.lists(st.one_of(UKRAINIAN_WORD, RUSSIAN_WORD), min_size=1, max_size=2).map(" ".join),
            st.sampled_from(["place", "person"]),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_every_generated_variant_resolves_back(entries: list[tuple[str, str, str]]) -> None:
    """Every spelling `variants` lists for an entity (every convention's rendering of its
    Cyrillic name) resolves to that entity, or to one that lists the same spelling."""
    records: list[dict[str, object]] = []
    for number, (lang, cyrillic, kind) in enumerate(entries):
        if lang == "uk" and any(letter in cyrillic.casefold() for letter in "ёъыэ"):
            lang = "ru"
        records.append({"id": f"{kind}/e{number}", "type": kind, "name": f"Entity{number}", "names": {lang: cyrillic}})
    with tempfile.TemporaryDirectory() as directory:
        normalizer = normalize.Normalizer([write_lexicon(Path(directory), records)], bundled=False)
    for record in records:
        entity_id = str(record["id"])
        for lang, spellings in normalizer.variants(entity_id).items():
            for spelling in spellings:
                match = normalizer.resolve(spelling)
                assert match is not None, (entity_id, lang, spelling)
                if match.entity.id != entity_id:
                    theirs = {fold(s) for forms in normalizer.variants(match.entity.id).values() for s in forms}
                    assert fold(spelling) in theirs, (entity_id, lang, spelling, match)


@SETTINGS
@given(data=st.data(), file=st.none() | st.text(ANY_CHAR, max_size=8))
def test_cli_mention_lines_equal_the_documented_records(
    normalizer: normalize.Normalizer, forms: list[str], data: st.DataObject, file: str | None
) -> None:
    """The CLI's fast JSON Lines encoder writes exactly `json_line(mention_record(...))`."""
    text = data.draw(mixed_text(forms)) + data.draw(st.text(ANY_CHAR, max_size=6)) + "\u2028 Kyiv"
    lines = MentionLines()
    for mention in normalizer.annotate(text) * 2:  # the second pass reuses the cached tails
        assert lines.line(mention, file) == json_line(mention_record(mention, file))


_CANDIDATE_V0 = regex.compile(_CANDIDATE_RE.pattern.removeprefix("(?V1)"))


@SETTINGS
@given(st.text(ANY_CHAR | st.sampled_from("aZé Бб\u0301\u00ad.-'1"), max_size=60))
def test_the_candidate_scan_finds_what_its_version_0_pattern_finds(text: str) -> None:
    """`_CANDIDATE_RE` is compiled with regex's VERSION1 flag only because it scans 40%
    faster; its pattern has no set operations, so it must find the same words."""
    assert [m.span() for m in _CANDIDATE_RE.finditer(text)] == [m.span() for m in _CANDIDATE_V0.finditer(text)]
