"""The generated gazetteer lexicons/gazetteer/ua.tsv against its sources (data/).

That the file is current (equal to a fresh build) is checked by scripts/check_generated.py,
which runs ``scripts/build_gazetteer.py --check`` (3 s) in CI.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import random
import re
import sys
import unicodedata
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from normalize.text import key
from normalize.translit import transliterate

ROOT = Path(__file__).resolve().parent.parent
TSV = ROOT / "lexicons" / "gazetteer" / "ua.tsv"
CODIFIER = ROOT / "data" / "katotth_kodifikator-02-07-2025.csv"
GEONAMES = ROOT / "data" / "geonames_cities500_UA_RU_BY_MD.jsonl"
COLUMNS = [
    "id", "subtype", "name", "uk", "ru", "aliases", "former", "oblast", "raion",
    "katotth", "lat", "lon", "population", "war",
]  # fmt: skip
BAKHMUT = "UA14020010010059145"


@cache
def rows() -> list[dict[str, str]]:
    data = TSV.read_bytes()
    assert b"\r" not in data
    lines = data.decode("utf-8").split("\n")
    assert lines[-1] == ""
    assert lines[0].split("\t") == COLUMNS
    out = []
    for line in lines[1:-1]:
        cells = line.split("\t")
        assert len(cells) == len(COLUMNS), line
        out.append(dict(zip(COLUMNS, cells, strict=True)))
    return out


@cache
def by_code() -> dict[str, dict[str, str]]:
    return {r["katotth"]: r for r in rows()}


@cache
def codifier() -> list[tuple[list[str], str, str]]:
    """(the five code columns, category, name) per codifier row."""
    with CODIFIER.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter=";")
        next(reader)
        return [([c.strip() for c in r[:5]], r[5].strip(), r[6].strip()) for r in reader]


@cache
def curated() -> dict[str, dict[str, object]]:
    """KATOTTH code -> curated record of lexicons/places.yaml."""
    records = yaml.safe_load((ROOT / "lexicons" / "places.yaml").read_text(encoding="utf-8"))
    return {str(r["attributes"]["katotth"]): r for r in records if (r.get("attributes") or {}).get("katotth")}


def own_code(codes: list[str]) -> str:
    return next(c for c in reversed(codes) if c)


def test_every_settlement_is_a_row_exactly_once_or_curated() -> None:
    counts: dict[str, int] = {}
    for r in rows():
        counts[r["katotth"]] = counts.get(r["katotth"], 0) + 1
    settlements = [own_code(codes) for codes, cat, _ in codifier() if cat in "MXC"]
    assert len(settlements) == 29705
    for code in settlements:
        if code in curated():
            assert code not in counts, code
        else:
            assert counts.get(code) == 1, code
    assert all(n == 1 for n in counts.values())


def test_only_the_wanted_categories_and_no_curated_codes() -> None:
    wanted = {own_code(codes) for codes, cat, _ in codifier() if cat in "OKPMXC"}
    codes = set(by_code())
    assert codes <= wanted
    assert codes | set(curated()) == wanted
    assert not codes & set(curated())
    assert BAKHMUT not in codes  # curated as place/bakhmut


def test_ids_unique_sorted_and_derived_from_the_code() -> None:
    ids = [r["id"] for r in rows()]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    for r in rows():
        assert re.fullmatch(r"UA\d{17}", r["katotth"])
        assert r["id"] == "place/ua-" + r["katotth"].lower()


def test_oblast_and_raion_ids_exist() -> None:
    ids = {r["id"] for r in rows()} | {str(rec["id"]) for rec in curated().values()}
    subtype = {r["id"]: r["subtype"] for r in rows()}
    for r in rows():
        if r["subtype"] == "oblast":
            assert r["oblast"] == "" and r["raion"] == ""
            continue
        assert r["oblast"] in ids, r
        if r["subtype"] in ("city", "town", "village"):
            assert r["raion"] in ids, r
            assert subtype.get(r["raion"], "raion") == "raion"
        else:
            assert r["raion"] == ""


def test_parents_follow_the_codifier() -> None:
    for codes, cat, _ in codifier():
        if cat in "MXC" and own_code(codes) in by_code():
            r = by_code()[own_code(codes)]
            assert r["raion"].endswith(codes[1].lower()) or r["raion"] == curated()[codes[1]]["id"]


def is_cjk(c: str) -> bool:
    name = unicodedata.name(c, "")
    return any(w in name for w in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))


def test_aliases_are_clean_latin() -> None:
    n = 0
    for r in rows():
        for alias in filter(None, r["aliases"].split("|")):
            n += 1
            assert not any(c.isdigit() for c in alias), alias
            assert not any(is_cjk(c) for c in alias), alias
            assert all("LATIN" in unicodedata.name(c) for c in alias if c.isalpha()), alias
            assert alias != alias.lower(), alias  # romanised CJK/Georgian junk is lower case
            assert alias == alias.strip() and alias
    assert n > 5000
    # the SOURCES note: one Andriivka lists "Edmonton"; bafumuto is romanised Japanese
    everything = "|".join(r["aliases"] for r in rows()).split("|")
    assert "Edmonton" not in everything
    assert "bafumuto" not in everything


def test_russian_names_are_russian() -> None:
    for r in rows():
        if r["ru"]:
            assert not set(r["ru"]) & set("іїєґІЇЄҐўЎэЭ"), r["ru"]
            assert r["ru"] != r["uk"]


@pytest.mark.parametrize(
    ("uk", "oblast", "former"),
    [
        ("Кропивницький", "UA35", ["Кіровоград", "Kirovohrad", "Kirovograd", "Кировоград"]),
        ("Мирноград", "UA14", ["Димитров", "Dymytrov"]),
        ("Кам’янське", "UA12", ["Дніпродзержинськ", "Dniprodzerzhynsk"]),
        ("Горішні Плавні", "UA53", ["Комсомольськ", "Komsomolsk"]),
        ("Чорноморськ", "UA51", ["Іллічівськ", "Illichivsk"]),
        ("Шептицький", "UA46", ["Червоноград", "Chervonohrad"]),
    ],
)
def test_known_renamings_are_former_names(uk: str, oblast: str, former: list[str]) -> None:
    [row] = [r for r in rows() if r["uk"] == uk and r["subtype"] == "city" and r["katotth"].startswith(oblast)]
    names = row["former"].split("|")
    for f in former:
        assert f in names
    assert key(row["name"]) not in {key(f) for f in names}
    assert not set(row["aliases"].split("|")) & set(names)


def test_former_names_only_on_renamed_cities() -> None:
    renamed = [r for r in rows() if r["former"]]
    assert 15 <= len(renamed) <= 40
    assert all(r["subtype"] == "city" for r in renamed)
    # Same-named villages of a renamed city keep no former name.
    villages = [r for r in rows() if r["uk"] == "Кам’янське" and r["subtype"] != "city"]
    assert villages and not any(r["former"] for r in villages)


def test_curated_renamed_cities_are_not_duplicated() -> None:
    # Toretsk (Dzerzhynsk), Pokrovsk (Krasnoarmiisk), Dnipro and Bakhmut live in places.yaml.
    ids = {str(rec["id"]): code for code, rec in curated().items()}
    for pid in ("place/toretsk", "place/pokrovsk", "place/dnipro", "place/bakhmut"):
        assert pid in ids
        assert ids[pid] not in by_code()
    toretsk = next(rec for rec in curated().values() if rec["id"] == "place/toretsk")
    assert "Dzerzhynsk" in str(toretsk["former"])
    assert not [r for r in rows() if r["uk"] == "Торецьк" and r["subtype"] == "city"]


def test_kmu_name_equals_transliteration() -> None:
    rng = random.Random(4)
    sample = rng.sample([r for r in rows() if r["subtype"] in ("city", "town", "village")], 300)
    for r in sample:
        assert r["name"] == transliterate(r["uk"], "en_kmu-uk", "place"), r
    for r in rows():
        if r["subtype"] == "oblast":
            assert r["name"] == transliterate(r["uk"], "en_kmu-uk", "place") + " Oblast"
        elif r["subtype"] == "raion":
            assert r["name"] == transliterate(r["uk"], "en_kmu-uk", "place") + " Raion"
    assert by_code()["UA12040210010024143"]["name"] == "Piatykhatky"


def test_uk_is_the_codifier_name() -> None:
    names = {own_code(codes): name.strip() for codes, cat, name in codifier()}
    for r in rows():
        assert r["uk"] == names[r["katotth"]]


def test_war_column_of_bakhmut_hromada() -> None:
    hromada = next(codes[2] for codes, _, _ in codifier() if own_code(codes) == BAKHMUT)
    codes = [own_code(c) for c, cat, _ in codifier() if cat in "MXC" and c[2] == hromada]
    villages = [by_code()[c] for c in codes if c not in curated()]
    assert len(villages) >= 10
    for v in villages:
        assert v["war"], v
        assert set(v["war"].split("|")) <= {
            "occupied", "combat_active", "combat_active_with_state_e_resources", "combat_possible",
        }  # fmt: skip
        assert "occupied" in v["war"]  # the Bakhmut hromada is listed as occupied
    assert any(r["war"] == "" for r in rows())  # western villages are not on the list


def test_geonames_join_fields() -> None:
    joined = [r for r in rows() if r["lat"]]
    assert len(joined) > 3500
    for r in joined:
        assert 44.0 < float(r["lat"]) < 52.5 and 22.0 < float(r["lon"]) < 40.5, r
        assert r["population"].isdigit()
    for r in rows():
        if not r["lat"]:
            assert r["lon"] == r["population"] == r["ru"] == r["aliases"] == ""


def load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_gazetteer"] = module
    spec.loader.exec_module(module)
    return module


def test_admin1_table_matches_geonames_admin1_names() -> None:
    builder = load_builder()
    names = {own_code(codes): name for codes, cat, name in codifier() if cat in "OK"}
    exceptions = {"11": "Crimea", "25": "Transcarpathia"}  # English exonyms, not romanisations
    seen: dict[str, str] = {}
    with GEONAMES.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["countrycode"] == "UA":
                seen[d["admin1code"]] = d["admin1_name"]
    assert set(seen) == set(builder.ADMIN1)
    for code, admin1_name in seen.items():
        if code in exceptions:
            assert admin1_name == exceptions[code]
            continue
        oblast = transliterate(names[builder.ADMIN1[code][0]], "en_kmu-uk", "place")
        assert key(admin1_name.split()[0])[:3] == key(oblast)[:3], (code, admin1_name, oblast)
