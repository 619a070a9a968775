"""The multilingual dev set (tests/data/multilingual): its files are sound, it covers the
languages the project promises, and no language's precision or recall drops below its floor.

The figures come from ``scripts/evaluate_text.py`` (imported here: one implementation); the
floors are ``tests/data/multilingual_floors.json``, written by ``python scripts/evaluate_text.py
--record-floors`` from a run (rounded down). ``python scripts/evaluate_text.py --errors pl``
lists every miss and false link of a language.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import normalize

from .scripts import load_script

evaluate = load_script("evaluate_text.py")
FLOORS: dict[str, dict[str, dict[str, float]]] = json.loads(evaluate.FLOORS.read_text(encoding="utf-8"))
SENTENCES = evaluate.load_set()


@pytest.fixture(scope="module")
def result(normalizer: normalize.Normalizer) -> dict[str, dict[str, object]]:
    return evaluate.evaluate(SENTENCES, normalizer)  # type: ignore[no-any-return]


def test_the_set_covers_fifteen_languages_and_cyrillic() -> None:
    langs = {s.lang for s in SENTENCES}
    assert len(langs) >= 15
    cyrillic = {s.lang for s in SENTENCES if any("\u0400" <= ch <= "\u04ff" for ch in s.text)}
    assert {"uk", "ru", "be", "bg"} <= cyrillic
    for lang in langs:
        mine = [s for s in SENTENCES if s.lang == lang]
        assert len(mine) >= 20, lang
        assert sum(e.entity_id == "-" for s in mine for e in s.expected) >= 5, f"{lang}: too few hard negatives"


def test_every_labelled_id_exists(normalizer: normalize.Normalizer) -> None:
    missing = {
        f"{s.lang}:{s.line} {e.entity_id}"
        for s in SENTENCES
        for e in s.expected
        if e.entity_id != "-" and normalizer.entity(e.entity_id) is None
    }
    assert not missing


def test_malformed_lines_are_reported_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "xx.tsv"
    bad.write_text("# c\ntext\tmentions\tnote\nIn Kyiv.\tKiev=place/kyiv\tnote\n", encoding="utf-8")
    with pytest.raises(evaluate.SetError, match=r"xx.tsv:3: 'Kiev' is not in the text"):
        evaluate.parse_file(bad)


@pytest.mark.parametrize("mode", evaluate.MODES)
def test_no_language_drops_below_its_floor(result: dict[str, dict[str, object]], mode: str) -> None:
    drops = []
    for lang, floor in FLOORS[mode].items():
        tally = result[mode][lang]
        for measure in ("precision", "recall"):
            value = getattr(tally, measure)
            if value < floor[measure]:
                drops.append(f"{mode} {lang} {measure} {value:.3f} < {floor[measure]:.3f}")
    assert not drops, "\n".join(drops)
