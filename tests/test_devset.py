"""The labelled development set: its files are sound, and no figure drops below its floor.

The figures come from ``scripts/evaluate.py`` (one implementation, imported here); the floors
are in ``tests/data/devset_floors.json``, written by ``python scripts/evaluate.py
--record-floors`` from a run, rounded down to 3 decimals. When a change raises a figure, record
the floors again; when it lowers one, this test names the set and the rate, and
``python scripts/evaluate.py --write docs/evaluation.md`` lists every miss and wrong link.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

import normalize

from .scripts import load_script

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


evaluate = load_script("evaluate.py")
FLOORS: dict[str, dict[str, float]] = json.loads((DATA / "devset_floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report(normalizer: normalize.Normalizer) -> object:
    return evaluate.evaluate(normalizer)


@pytest.mark.parametrize(
    ("name", "rate"),
    [(name, rate) for name, rates in FLOORS.items() for rate in rates],
)
def test_figure_holds_its_floor(report: object, name: str, rate: str) -> None:
    figures = report.figures()[name]  # type: ignore[attr-defined]
    measured = figures.rates()[rate]
    floor = FLOORS[name][rate]
    assert measured >= floor, (
        f"{name} {rate} fell to {measured:.4f}, below its floor {floor:.3f}; "
        "see `python scripts/evaluate.py --write docs/evaluation.md` for every miss and wrong link"
    )


def test_every_set_but_inflected_has_floors() -> None:
    expected = {*evaluate.SETS, *evaluate.POOLS} - set(evaluate.NO_FLOOR)
    assert set(FLOORS) == expected


def test_shared_files_are_complete_copies() -> None:
    attested = evaluate.read_tsv(DATA / "attested_dev.tsv")
    names = evaluate.read_tsv(DATA / "names_by_language_dev.tsv")
    assert len(attested) == 538
    assert len(names) == 522
    assert {"uk", "ru", *evaluate.CONVENTION_LANGS} <= set(names[0])


def test_attested_entities_map_to_lexicon_ids(normalizer: normalize.Normalizer) -> None:
    mapped = {row["entity"]: row for row in evaluate.read_tsv(DATA / "attested_entities.tsv")}
    used = {row["entity"] for row in evaluate.read_tsv(DATA / "attested_dev.tsv")}
    assert used == set(mapped)
    for row in mapped.values():
        for entity_id in [row["id"], *filter(None, row["also"].split("|"))]:
            assert normalizer.entity(entity_id) is not None, entity_id


@pytest.mark.parametrize("file", ["variants_extra.tsv", "near_misses.tsv"])
def test_hand_written_rows_are_unique_and_name_real_ids(normalizer: normalize.Normalizer, file: str) -> None:
    rows = evaluate.read_tsv(DATA / file)
    column = "id" if "id" in rows[0] else "must_not_be"
    twice = [key for key, count in Counter((r["query"], r["lang"], r[column]) for r in rows).items() if count > 1]
    assert not twice
    for row in rows:
        assert row["query"] == row["query"].strip() and row["lang"], row
        assert row[column] == "*" or normalizer.entity(row[column]) is not None, row


def test_politicians_become_cyrillic_only_lexicon_entries() -> None:
    mps = evaluate.politicians()
    assert len(mps.people) >= 500 and len(mps.cases) >= 1000
    tymoshenko = next(p for p in mps.people if p.id == "person/q48283")
    assert tymoshenko.names == {"uk": "Юлія Тимошенко", "ru": "Юлия Тимошенко"}
    nayyem = next(p for p in mps.people if p.id == "person/q2690181")  # uk label "Найєм Мустафа"
    assert nayyem.names["uk"] == "Мустафа Найєм"
    assert evaluate.given_surname("Гудков, Геннадий Владимирович", "ru") == ("Геннадий", "Гудков")
    assert evaluate.given_surname("Геннадій Володимирович Гудков", "uk") == ("Геннадій", "Гудков")
