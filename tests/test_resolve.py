"""Example tests of the resolver with real variants and near misses."""

from __future__ import annotations

from pathlib import Path

import pytest

import normalize
from normalize.translit import transliterate

BARE_LEXICON = """\
- id: place/bakhmut
  type: place
  name: Bakhmut
  names: {uk: Бахмут, ru: Бахмут}
- id: person/yevgeny-prigozhin
  type: person
  name: Yevgeny Prigozhin
  names: {ru: Евгений Пригожин}
- id: person/volodymyr-zelensky
  type: person
  name: Volodymyr Zelenskyy
  names: {uk: Володимир Зеленський, ru: Владимир Зеленский}
- id: place/zaporizhzhia
  type: place
  name: Zaporizhzhia
  names: {uk: Запоріжжя, ru: Запорожье}
- id: person/vladimir-putin
  type: person
  name: Vladimir Putin
  names: {ru: Владимир Путин}
- id: person/valery-gerasimov
  type: person
  name: Valery Gerasimov
  names: {ru: Валерий Герасимов}
"""


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> normalize.Normalizer:
    """A lexicon with Cyrillic names and the English name only: no aliases to lean on."""
    path: Path = tmp_path_factory.mktemp("lexicon") / "bare.yaml"
    path.write_text(BARE_LEXICON, encoding="utf-8")
    return normalize.Normalizer([path], bundled=False)


@pytest.mark.parametrize("spelling", ["Bachmut", "Bachmoet", "Bakhmout", "Bahmut", "Бахмут", "BAKHMUT", "bakhmut"])
def test_spellings_meet_on_the_key_without_aliases(bare: normalize.Normalizer, spelling: str) -> None:
    match = bare.resolve(spelling)
    assert match is not None and match.entity.id == "place/bakhmut"
    assert match.method in {"exact", "transliteration"}


@pytest.mark.parametrize(
    ("spelling", "convention"),
    [("Bajmut", "es-uk"), ("Bachmoet", "nl-uk"), ("Bakhmout", "fr-uk"), ("Bachmutas", "lt-uk"), ("Bachmut", "de-uk")],
)
def test_convention_spellings_say_which_convention(bare: normalize.Normalizer, spelling: str, convention: str) -> None:
    match = bare.resolve(spelling)
    assert match is not None and match.entity.id == "place/bakhmut"
    assert match.method == "transliteration"
    assert match.convention is not None and match.source == "Бахмут"
    assert transliterate("Бахмут", match.convention, "place") == spelling
    assert transliterate("Бахмут", convention, "place") == spelling
    assert "rendering of 'Бахмут'" in match.explanation


@pytest.mark.parametrize("spelling", ["Bakhmöt", "Bakhmit", "Bachmot"])
def test_one_edit_spellings_resolve_fuzzily(bare: normalize.Normalizer, spelling: str) -> None:
    match = bare.resolve(spelling)
    assert match is not None and match.entity.id == "place/bakhmut"
    assert match.method == "fuzzy" and match.distance == 1
    assert match.score < 0.85


@pytest.mark.parametrize("spelling", ["Prigozhin", "Prigoschin", "Prigożyn", "Prighozin", "Пригожин", "Prigozjin"])
def test_surname_spellings_resolve(bare: normalize.Normalizer, spelling: str) -> None:
    match = bare.resolve(spelling)
    assert match is not None and match.entity.id == "person/yevgeny-prigozhin"
    assert "surname" in match.rules


@pytest.mark.parametrize("spelling", ["Saporischschja", "Zaporizhia", "Zaporiżżia", "Запорожье"])
def test_zaporizhzhia(bare: normalize.Normalizer, spelling: str) -> None:
    match = bare.resolve(spelling)
    assert match is not None and match.entity.id == "place/zaporizhzhia"


@pytest.mark.parametrize(
    ("name", "wrong"),
    [
        ("Putilov", "person/vladimir-putin"),
        ("Gerasimenko", "person/valery-gerasimov"),
        ("Bakhchysarai", "place/bakhmut"),
        ("Bakhmach", "place/bakhmut"),
        ("Ukrainian", "place/ukraine"),
    ],
)
def test_near_misses_do_not_link(bare: normalize.Normalizer, name: str, wrong: str) -> None:
    match = bare.resolve(name)
    assert match is None or match.entity.id != wrong


@pytest.mark.parametrize(
    ("name", "entity_id"),
    [
        ("Bachmoet", "place/bakhmut"),
        ("Artemivsk", "place/bakhmut"),
        ("Sheverodonetsk", "place/sievierodonetsk"),
        ("Severodonetsk", "place/sievierodonetsk"),
        ("Kiew", "place/kyiv"),
        ("Kijów", "place/kyiv"),
        ("Київ", "place/kyiv"),
        ("Prighozin", "person/yevgeny-prigozhin"),
        ("Syrskyj", "person/oleksandr-syrskyi"),
        ("Oleksandr Syrskyj", "person/oleksandr-syrskyi"),
        ("Selenskyj", "person/volodymyr-zelensky"),
        ("Lugansk", "place/luhansk"),
        ("Donbass", "place/donbas"),
        ("Sheverodonetsk", "place/sievierodonetsk"),
        ("Stormshadow", "equipment/storm-shadow"),
        ("Su-34", "equipment/su-34"),
        ("Su34", "equipment/su-34"),
    ],
)
def test_bundled_variants(normalizer: normalize.Normalizer, name: str, entity_id: str) -> None:
    match = normalizer.resolve(name)
    assert match is not None, name
    assert match.entity.id == entity_id


@pytest.mark.parametrize(
    ("name", "wrong"),
    [
        ("Krasnodar", "place/kramatorsk"),
        ("Bakhchysarai", "place/bakhmut"),
        ("Putilov", "person/vladimir-putin"),
        ("Gerasimenko", "person/valery-gerasimov"),
        ("Slavyansk-na-Kubani", "place/sloviansk"),
    ],
)
def test_bundled_near_misses(normalizer: normalize.Normalizer, name: str, wrong: str) -> None:
    match = normalizer.resolve(name)
    assert match is None or match.entity.id != wrong


@pytest.mark.parametrize("word", ["Viktor", "Igor", "Tetiana", "Ukrainian", "Russians", "the", "Molotov", ""])
def test_common_words_and_first_names_do_not_resolve(normalizer: normalize.Normalizer, word: str) -> None:
    assert normalizer.resolve(word) is None


def test_acronyms_need_capitals(normalizer: normalize.Normalizer) -> None:
    match = normalizer.resolve("ISW")
    assert match is not None and match.entity.id == "org/isw"
    assert normalizer.resolve("Nos") is None
    assert normalizer.resolve("isw") is None


def test_types_filter(normalizer: normalize.Normalizer) -> None:
    assert normalizer.resolve("Bakhmut", types={"person"}) is None
    match = normalizer.resolve("Bakhmut", types={"place"})
    assert match is not None and match.entity.type == "place"


def test_candidates_are_ranked_and_unique(normalizer: normalize.Normalizer) -> None:
    found = normalizer.candidates("Donetsk", limit=5)
    assert found and found[0].entity.id == "place/donetsk"
    assert len({m.entity.id for m in found}) == len(found)
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    assert normalizer.candidates("Donetsk", limit=1) == found[:1]


def test_match_explains_itself(bare: normalize.Normalizer) -> None:
    match = bare.resolve("Bakhmöt")
    assert match is not None
    assert "fuzzy" in match.explanation and "distance 1" in match.explanation


def test_module_level_api() -> None:
    match = normalize.resolve("Sheverodonetsk")
    assert match is not None and match.entity.name == "Sievierodonetsk"
    assert normalize.replace("Shelling in Bachmoet today.") == "Shelling in Bakhmut today."
    mentions = normalize.annotate("Shelling in Bachmoet today.")
    assert [(m.start, m.end, m.text) for m in mentions] == [(12, 20, "Bachmoet")]


LANG_LEXICON = """\
- id: place/grad-town
  type: place
  name: Gradtown
  names: {ru: Градтаун}
  aliases: {de: [Grad]}
- id: equipment/bm-21-grad
  type: equipment
  name: BM-21 Grad
  names: {ru: БМ-21 Град}
  aliases: {en: [Grad]}
"""


def test_lang_hint_breaks_ties(tmp_path: Path) -> None:
    path = tmp_path / "lang.yaml"
    path.write_text(LANG_LEXICON, encoding="utf-8")
    normalizer = normalize.Normalizer([path], bundled=False)
    assert {m.entity.id for m in normalizer.candidates("Grad")} == {"place/grad-town", "equipment/bm-21-grad"}
    for lang, expected in (("de", "place/grad-town"), ("en", "equipment/bm-21-grad")):
        match = normalizer.resolve("Grad", lang=lang)
        assert match is not None and match.entity.id == expected
        mentions = normalizer.annotate("Ein Grad dort.", lang=lang)
        assert [m.match.entity.id for m in mentions] == [expected]
