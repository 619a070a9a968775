"""Every settlement of the codifier resolves, in Cyrillic and in national romanisation,
to a settlement of that name (issue 4: at least 99%)."""

from __future__ import annotations

import random

import normalize
from normalize.gazetteer import gazetteer_paths
from normalize.text import fold

SETTLEMENTS = ("city", "town", "village")


def settlement_rows(normalizer: normalize.Normalizer) -> list[tuple[str, ...]]:
    gazetteer = normalizer.gazetteer
    assert gazetteer is not None and gazetteer_paths()
    rows = map(gazetteer.row, range(len(gazetteer)))
    return [row for row in rows if row[1] in SETTLEMENTS and row[0].startswith("place/ua-")]


def names_of(entity: normalize.Entity) -> set[str]:
    forms = {entity.name, *(f for forms in entity.names.values() for f in forms)}
    return {fold(form) for form in forms}


def test_every_settlement_resolves_to_one_of_that_name(normalizer: normalize.Normalizer) -> None:
    rows = settlement_rows(normalizer)
    assert len(rows) > 29_000
    failures = []
    for row in rows:
        entity_id, _subtype, kmu, uk = row[:4]
        for query in (uk, kmu):
            match = normalizer.resolve(query)
            if match is None or fold(query) not in names_of(match.entity):
                failures.append((entity_id, query, match.entity.id if match else None))
    rate = 1 - len(failures) / (2 * len(rows))
    assert rate >= 0.99, f"{rate:.4f}: {failures[:20]}"


def test_same_named_settlements_are_all_candidates(normalizer: normalize.Normalizer) -> None:
    rows = settlement_rows(normalizer)
    by_name: dict[str, list[str]] = {}
    for row in rows:
        by_name.setdefault(fold(row[3]), []).append(row[0])
    shared = sorted(name for name, ids in by_name.items() if 2 <= len(ids) <= 5)
    for name in random.Random(4).sample(shared, 40):
        found = {m.entity.id for m in normalizer.candidates(name, limit=10)}
        assert set(by_name[name]) <= found, name


def test_curated_place_wins_over_same_named_villages(normalizer: normalize.Normalizer) -> None:
    match = normalizer.resolve("Andriivka")
    assert match is not None and match.entity.id == "place/andriivka-bakhmut-raion"
    others = [m for m in normalizer.candidates("Andriivka", limit=10) if m.entity.id.startswith("place/ua-")]
    assert len(others) >= 5 and all("parent" in m.entity.attributes for m in others)


def test_settlement_entities_say_where_they_are(normalizer: normalize.Normalizer) -> None:
    match = normalizer.resolve("Robotyne") or normalizer.resolve("Kropyvnytskyi")
    kropyvnytskyi = normalizer.resolve("Kropyvnytskyi")
    assert match is not None and kropyvnytskyi is not None
    attributes = kropyvnytskyi.entity.attributes
    assert attributes["subtype"] == "city" and str(attributes["katotth"]).startswith("UA35")
    assert isinstance(attributes["population"], int) and attributes["population"] > 100_000
    former = normalizer.resolve("Kirovohrad")
    assert former is not None and former.entity.id == kropyvnytskyi.entity.id and former.method == "alias"


def test_running_text_links_cities_not_villages(normalizer: normalize.Normalizer) -> None:
    mentions = normalizer.annotate("Shelling hit Kropyvnytskyi and the village of Dobre.")
    assert [m.text for m in mentions] == ["Kropyvnytskyi"]


def test_border_regions_of_russia_and_belarus(normalizer: normalize.Normalizer) -> None:
    for name, country in (("Shebekino", "RU"), ("Шебекино", "RU"), ("Klintsy", "RU"), ("Zhlobin", "BY")):
        match = normalizer.resolve(name)
        assert match is not None and match.entity.attributes["country"] == country, name
    shebekino = normalizer.resolve("Shebekino")
    assert shebekino is not None and shebekino.entity.attributes["parent"] == "place/belgorod-oblast"
