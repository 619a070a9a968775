"""Spellings by language: `variants` for lexicon entities and for unknown Cyrillic names."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import normalize

from .conftest import ROOT

BAKHMUT = {
    "en": "Bakhmut",
    "de": "Bachmut",
    "nl": "Bachmoet",
    "fr": "Bakhmout",
    "es": "Bajmut",
    "pl": "Bachmut",
    "cs": "Bachmut",
    "ro": "Bahmut",
    "hu": "Bahmut",
    "tr": "Bahmut",
    "fi": "Bahmut",
    "lt": "Bachmutas",
}


@pytest.mark.parametrize(("lang", "spelling"), sorted(BAKHMUT.items()))
def test_bakhmut_first_spelling_per_language(normalizer: normalize.Normalizer, lang: str, spelling: str) -> None:
    assert normalizer.variants("Бахмут")[lang][0] == spelling


@pytest.mark.parametrize("query", ["Бахмут", "Bakhmut", "Bachmoet", "place/bakhmut"])
def test_variants_of_one_entity_whatever_the_query(normalizer: normalize.Normalizer, query: str) -> None:
    assert normalizer.variants(query) == normalizer.variants("place/bakhmut")


SHAMANOV = [("de", "Schamanow"), ("nl", "Sjamanov"), ("pl", "Szamanow"), ("tr", "Şamanov"), ("cs", "Šamanov")]


@pytest.mark.parametrize(("lang", "spelling"), SHAMANOV)
def test_unknown_cyrillic_name_follows_person_conventions(lang: str, spelling: str) -> None:
    assert normalize.variants("Шаманов", langs=[lang]) == {lang: [spelling]}


def test_langs_filter_keeps_order() -> None:
    assert list(normalize.variants("Бахмут", langs=["nl", "de", "xx"])) == ["nl", "de"]


def test_unknown_latin_name_has_no_variants() -> None:
    assert normalize.variants("Xyzzy") == {}


def test_every_generated_variant_resolves_back(normalizer: normalize.Normalizer) -> None:
    for entity_id in ("place/bakhmut", "place/kharkiv", "place/zaporizhzhia", "person/yevgeny-prigozhin"):
        for lang, spellings in normalizer.variants(entity_id).items():
            for spelling in spellings:
                match = normalizer.resolve(spelling)
                assert match is not None and match.entity.id == entity_id, (lang, spelling)


def test_transliterate_is_public() -> None:
    assert normalize.transliterate("Зеленський", "de-uk") == "Selenskyj"
    with pytest.raises(normalize.UnknownConventionError):
        normalize.transliterate("Зеленський", "xx-uk")
    assert {c.id for c in normalize.conventions()} >= {"de-uk", "nl-uk", "en_kmu-uk", "iso9-ru"}


def test_cli_variants_jsonl() -> None:
    names = ["Бахмут", "Шаманов", "Xyzzy"]
    result = subprocess.run(
        [sys.executable, "-m", "normalize", "variants", *names, "--lang", "de,nl", "--format", "jsonl"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records == [
        {"query": "Бахмут", "id": "place/bakhmut", "variants": {"de": ["Bachmut"], "nl": ["Bachmoet"]}},
        {"query": "Шаманов", "id": None, "variants": {"de": ["Schamanow"], "nl": ["Sjamanov"]}},
        {"query": "Xyzzy", "id": None, "variants": {}},
    ]


WOMEN = """\
- id: person/olena-zelenska
  type: person
  name: Olena Zelenska
  names: {uk: Олена Зеленська, ru: Елена Зеленская}
- id: person/iryna-vereshchuk
  type: person
  name: Iryna Vereshchuk
  names: {uk: Ірина Верещук}
- id: person/yulia-tymoshenko
  type: person
  name: Yulia Tymoshenko
  names: {uk: Юлія Тимошенко}
- id: person/mykola-azarov
  type: person
  name: Mykola Azarov
  names: {uk: Микола Азаров}
"""


@pytest.mark.parametrize(
    ("entity_id", "lang", "spelling"),
    [
        ("person/olena-zelenska", "cs", "Olena Zelenská"),
        ("person/iryna-vereshchuk", "cs", "Iryna Vereščuková"),
        ("person/yulia-tymoshenko", "sk", "Julija Tymošenková"),
        ("person/iryna-vereshchuk", "lv", "Irina Vereščuka"),
        ("person/iryna-vereshchuk", "lt", "Iryna Vereščuk"),
    ],
)
def test_womens_surnames(tmp_path: Path, entity_id: str, lang: str, spelling: str) -> None:
    path = tmp_path / "women.yaml"
    path.write_text(WOMEN, encoding="utf-8")
    normalizer = normalize.Normalizer([path], bundled=False)
    assert normalizer.variants(entity_id, langs=[lang])[lang][0] == spelling
    match = normalizer.resolve(spelling)
    assert match is not None and match.entity.id == entity_id


def test_mykola_is_a_man(tmp_path: Path) -> None:
    path = tmp_path / "women.yaml"
    path.write_text(WOMEN, encoding="utf-8")
    normalizer = normalize.Normalizer([path], bundled=False)
    assert normalizer.variants("person/mykola-azarov", langs=["cs"])["cs"][0] == "Mykola Azarov"
