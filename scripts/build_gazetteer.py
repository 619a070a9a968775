"""Build lexicons/gazetteer/ua.tsv from the source files in data/.

Usage::

    python scripts/build_gazetteer.py            # write lexicons/gazetteer/ua.tsv, print figures
    python scripts/build_gazetteer.py --check    # exit 1 if the committed file is not current

Sources (see data/README.md): the KATOTTH codifier (every Ukrainian oblast, raion and
settlement with its official Ukrainian name), GeoNames cities500 (coordinates, population,
alternate names) and the official list of war territories. One row per codifier entity
(oblasts, special cities, raions, settlements); hromadas and city districts are skipped, and
so are codes already carried by a curated record in lexicons/places.yaml.

Only the standard library, PyYAML and the normalize package (with its rapidfuzz dependency)
are used. The output is deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz.distance import Levenshtein

from normalize.text import fold, key
from normalize.translit import transliterate

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CODIFIER = DATA / "katotth_kodifikator-02-07-2025.csv"
GEONAMES = DATA / "geonames_cities500_UA_RU_BY_MD.jsonl"
WAR = DATA / "war_territories_perelik_2025-05-07.csv"
PLACES = ROOT / "lexicons" / "places.yaml"
OUT = ROOT / "lexicons" / "gazetteer" / "ua.tsv"
BORDER_OUT = ROOT / "lexicons" / "gazetteer" / "border.tsv"
BORDER_REGIONS = {  # GeoNames admin1 codes of the Russian and Belarusian regions on Ukraine's border
    ("RU", "10"): "place/bryansk-oblast",
    ("RU", "41"): "place/kursk-oblast",
    ("RU", "09"): "place/belgorod-oblast",
    ("RU", "61"): "place/rostov-oblast",
    ("RU", "86"): "",  # Voronezh
    ("BY", "02"): "",  # Gomel
    ("BY", "01"): "",  # Brest
}
BORDER_CITY, BORDER_TOWN = 10_000, 2_000  # GeoNames has no settlement type: population decides
BELARUSIAN_ONLY = frozenset("ўіЎІ")

COLUMNS = [
    "id", "subtype", "name", "uk", "ru", "aliases", "former", "oblast", "raion",
    "katotth", "lat", "lon", "population", "war",
]  # fmt: skip

SUBTYPES = {"O": "oblast", "K": "special-city", "P": "raion", "M": "city", "X": "town", "C": "village"}
SETTLEMENT = frozenset("MXC")

# GeoNames UA admin1 code -> KATOTTH level-1 codes whose settlements a record may join.
# Derived by comparing admin1_name with the codifier's oblast names (checked in
# tests/test_gazetteer_data.py). "Kyiv City" (12) also holds suburbs that the codifier puts in
# Kyiv Oblast, and the codifier lists no settlements under Kyiv or Sevastopol themselves.
ADMIN1: dict[str, tuple[str, ...]] = {
    "01": ("UA71000000000010357",),  # Cherkasy -> Черкаська
    "02": ("UA74000000000025378",),  # Chernihiv -> Чернігівська
    "03": ("UA73000000000044923",),  # Chernivtsi -> Чернівецька
    "04": ("UA12000000000090473",),  # Dnipropetrovsk -> Дніпропетровська
    "05": ("UA14000000000091971",),  # Donetsk -> Донецька
    "06": ("UA26000000000069363",),  # Ivano-Frankivsk -> Івано-Франківська
    "07": ("UA63000000000041885",),  # Kharkiv -> Харківська
    "08": ("UA65000000000030969",),  # Kherson -> Херсонська
    "09": ("UA68000000000099709",),  # Khmelnytskyy -> Хмельницька
    "10": ("UA35000000000016081",),  # Kirovohrad -> Кіровоградська
    "11": ("UA01000000000013043",),  # Crimea -> Автономна Республіка Крим
    "12": ("UA80000000000093317", "UA32000000000030281"),  # Kyiv City -> Київ (+ Київська)
    "13": ("UA32000000000030281",),  # Kyiv -> Київська
    "14": ("UA44000000000018893",),  # Luhansk -> Луганська
    "15": ("UA46000000000026241",),  # Lviv -> Львівська
    "16": ("UA48000000000039575",),  # Mykolayiv -> Миколаївська
    "17": ("UA51000000000030770",),  # Odessa -> Одеська
    "18": ("UA53000000000028050",),  # Poltava -> Полтавська
    "19": ("UA56000000000066151",),  # Rivne -> Рівненська
    "20": ("UA85000000000065278", "UA01000000000013043"),  # Sevastopol City -> Севастополь (+ Крим)
    "21": ("UA59000000000057109",),  # Sumy -> Сумська
    "22": ("UA61000000000060328",),  # Ternopil -> Тернопільська
    "23": ("UA05000000000010236",),  # Vinnytsya -> Вінницька
    "24": ("UA07000000000024379",),  # Volyn -> Волинська
    "25": ("UA21000000000011690",),  # Transcarpathia -> Закарпатська
    "26": ("UA23000000000064947",),  # Zaporizhzhya -> Запорізька
    "27": ("UA18000000000041385",),  # Zhytomyr -> Житомирська
}

# Renamed cities: (current official name, level-1 code) -> former official names, Ukrainian and
# KMU Latin. Sources: Verkhovna Rada resolutions renaming settlements under the decommunisation
# law No. 317-VIII (2015), adopted 2016 (e.g. No. 984-VIII of 04.02.2016 for Артемівськ ->
# Бахмут, Дзержинськ -> Торецьк), Кіровоград -> Кропивницький (14.07.2016), Дніпропетровськ ->
# Дніпро (19.05.2016); the 2024 derussification renamings (Новомосковськ -> Самар, Червоноград ->
# Шептицький, Южне -> Південне, Красноград -> Берестин); summarised in Wikipedia "List of
# renamed cities in Ukraine". Curated places (Bakhmut, Toretsk, Pokrovsk, Dnipro,
# Sievierodonetsk, Lyman) keep their former names in lexicons/places.yaml and are skipped here.
RENAMED: dict[tuple[str, str], tuple[str, ...]] = {
    ("Кропивницький", "UA35000000000016081"): ("Кіровоград", "Kirovohrad", "Кировоград", "Kirovograd"),
    ("Кам’янське", "UA12000000000090473"): ("Дніпродзержинськ", "Dniprodzerzhynsk", "Днепродзержинск"),
    ("Покров", "UA12000000000090473"): ("Орджонікідзе", "Ordzhonikidze", "Орджоникидзе"),
    ("Самар", "UA12000000000090473"): ("Новомосковськ", "Novomoskovsk", "Новомосковск"),
    ("Мирноград", "UA14000000000091971"): ("Димитров", "Dymytrov", "Димитров", "Dimitrov"),
    ("Чистякове", "UA14000000000091971"): ("Торез", "Torez"),
    ("Хрестівка", "UA14000000000091971"): ("Кіровське", "Kirovske", "Кировское", "Kirovskoye"),
    ("Горішні Плавні", "UA53000000000028050"): ("Комсомольськ", "Komsomolsk", "Комсомольск"),
    ("Чорноморськ", "UA51000000000030770"): ("Іллічівськ", "Illichivsk", "Ильичёвск", "Ilyichevsk"),
    ("Подільськ", "UA51000000000030770"): ("Котовськ", "Kotovsk", "Котовск"),
    ("Південне", "UA51000000000030770"): ("Южне", "Yuzhne", "Южный", "Yuzhnyi"),
    ("Олешки", "UA65000000000030969"): ("Цюрупинськ", "Tsiurupynsk", "Цюрупинск", "Tsyurupinsk"),
    ("Вараш", "UA56000000000066151"): ("Кузнецовськ", "Kuznetsovsk", "Кузнецовск"),
    ("Шептицький", "UA46000000000026241"): ("Червоноград", "Chervonohrad", "Червоноград"),
    ("Берестин", "UA63000000000041885"): ("Красноград", "Krasnohrad", "Красноград"),
    ("Кадіївка", "UA44000000000018893"): ("Стаханов", "Stakhanov", "Стаханов"),
    ("Довжанськ", "UA44000000000018893"): ("Свердловськ", "Sverdlovsk", "Свердловск"),
    ("Сорокине", "UA44000000000018893"): ("Краснодон", "Krasnodon", "Краснодон"),
    ("Хрустальний", "UA44000000000018893"): ("Красний Луч", "Krasnyi Luch", "Красный Луч"),
    ("Голубівка", "UA44000000000018893"): ("Кіровськ", "Kirovsk", "Кировск"),
    ("Звягель", "UA18000000000041385"): ("Новоград-Волинський", "Novohrad-Volynskyi", "Новоград-Волынский"),
    ("Переяслав", "UA32000000000030281"): ("Переяслав-Хмельницький", "Pereiaslav-Khmelnytskyi"),
    ("Володимир", "UA07000000000024379"): ("Володимир-Волинський", "Volodymyr-Volynskyi"),
}

WAR_ORDER = ["occupied", "combat_active", "combat_active_with_state_e_resources", "combat_possible"]
UK_ONLY = frozenset("іїєґІЇЄҐ")
RUSSIAN_LETTERS = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьюя -'")
RUSSIAN_LETTERS_WITH_E = RUSSIAN_LETTERS | {"э"}
"""For Russia's own places (Эртиль); a Ukrainian place's name with э is Belarusian-like, not its Russian name."""
NAIVE_RU = str.maketrans({"і": "и", "ї": "йи", "є": "е", "ґ": "г"})
SOFT_UK = re.compile(r"[сцз]ьк|ць\b")
# й written и; ы after ж ш ч к г х (Belarusian, Rusyn); -ыця; pre-1918 final ъ
NOT_RUSSIAN = re.compile(r"[иы]и\b|[жшчкгх]ы|ыця|ъ\b")
MECHANICAL = re.compile(r"ии|ивка\b|ив\b|и[нтр]\b")
RUSSIAN_MARKERS = re.compile(r"(?:ое|ая|ый|ой|ий|ие|ые)\b|[ое]вка\b|ё")
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
SHARED_LIMIT = 3  # an alternate listed by this many differently named places is dropped
CITY_POPULATION = 10_000  # a record this large that names one city and some villages is the city


@dataclass
class Unit:
    code: str
    cat: str
    uk: str
    oblast: str = ""
    raion: str = ""
    hromada: str = ""


@dataclass
class Place:
    geonameid: int
    name: str
    lat: float
    lon: float
    population: int
    alternates: list[str] = field(default_factory=list)


@dataclass
class Stats:
    counts: Counter[str] = field(default_factory=Counter)


def norm(name: str) -> str:
    return name.strip().translate(APOSTROPHES).casefold()


def kmu(uk: str) -> str:
    return transliterate(uk, "en_kmu-uk", "place")


def is_latin(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(c, "") for c in letters)


def is_cyrillic(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all("CYRILLIC" in unicodedata.name(c, "") for c in letters)


def near(k: str, refs: Iterable[str]) -> bool:
    """True when key ``k`` is within a small edit distance of one of ``refs``."""
    for ref in refs:
        shorter = min(len(k), len(ref))
        limit = 1 if shorter < 6 else 2 if shorter < 12 else 3
        if Levenshtein.distance(k, ref, score_cutoff=limit) <= limit:
            return True
    return False


def read_codifier() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    with CODIFIER.open(encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f, delimiter=";")
        next(rows)
        for row in rows:
            codes = [c.strip() for c in row[:5]]
            cat, uk = row[5].strip(), row[6].strip()
            if cat not in SUBTYPES:
                continue
            code = next(c for c in reversed(codes) if c)
            unit = Unit(code, cat, uk)
            if cat in SETTLEMENT:
                unit.oblast, unit.raion, unit.hromada = codes[0], codes[1], codes[2]
            elif cat == "P":
                unit.oblast = codes[0]
            units[code] = unit
    return units


def read_geonames() -> list[tuple[str, Place]]:
    places = []
    with GEONAMES.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["countrycode"] != "UA":
                continue
            alternates = sorted({a.strip() for a in d["alternatenames"] if a.strip()})
            place = Place(d["geonameid"], d["name"], d["latitude"], d["longitude"], d["population"], alternates)
            places.append((d["admin1code"], place))
    return places


def read_war() -> dict[str, set[str]]:
    sections: dict[str, set[str]] = defaultdict(set)
    with WAR.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            sections[row["katotth"].strip()].add(row["section"])
    return sections


def read_curated() -> dict[str, str]:
    """KATOTTH code -> id of the curated record in lexicons/places.yaml that carries it."""
    records = yaml.safe_load(PLACES.read_text(encoding="utf-8")) or []
    curated = {}
    for rec in records:
        code = (rec.get("attributes") or {}).get("katotth")
        if code:
            curated[str(code)] = rec["id"]
    return curated


def join(units: dict[str, Unit], places: list[tuple[str, Place]], stats: Stats) -> dict[str, Place]:
    """Assign GeoNames records to codifier settlements; return code -> record."""
    by_uk: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_kmu: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)  # fallback: invariant key of the name
    for u in units.values():
        if u.cat in SETTLEMENT:
            by_uk[u.oblast, norm(u.uk)].append(u.code)
            by_kmu[u.oblast, norm(kmu(u.uk))].append(u.code)
            by_key[u.oblast, key(u.uk)].append(u.code)
    claims: dict[str, list[Place]] = defaultdict(list)
    for admin1, place in places:
        oblasts = ADMIN1.get(admin1, ())
        primary: set[str] = set()
        for ob in oblasts:
            primary.update(by_kmu.get((ob, norm(place.name)), ()))
        candidates = set(primary)
        for alt in place.alternates:
            for ob in oblasts:
                candidates.update(by_uk.get((ob, norm(alt)), ()))
        if not candidates:
            # No Ukrainian alternate and a non-KMU primary name (e.g. "Pyatykhatky"): fall back
            # to the settlements whose key equals the primary name's key (same rules below).
            candidates = {c for ob in oblasts for c in by_key.get((ob, key(place.name)), ())}
            if not candidates:
                stats.counts["geonames unmatched"] += 1
                continue
            stats.counts["geonames matched by key of the primary name"] += 1
        chosen: str | None = None
        if len(candidates) == 1:
            chosen = next(iter(candidates))
        else:
            # Prefer the settlement whose romanised name is the record's primary name (a former
            # name of the record may equal some other village's current name).
            narrowed = primary or {c for c in candidates if key(units[c].uk) == key(place.name)} or candidates
            if len(narrowed) == 1:
                chosen = next(iter(narrowed))
            else:
                cities = [c for c in narrowed if units[c].cat == "M"]
                if len(cities) == 1 and place.population >= CITY_POPULATION:
                    chosen = cities[0]
        if chosen is None:
            stats.counts["geonames ambiguous"] += 1
            continue
        claims[chosen].append(place)
    joined: dict[str, Place] = {}
    for code, recs in claims.items():
        if len(recs) > 1:
            stats.counts["settlements claimed by several records (largest kept)"] += 1
        exact = [r for r in recs if norm(r.name) == norm(kmu(units[code].uk))]
        best = sorted(exact or recs, key=lambda r: (-r.population, r.geonameid))[0]
        joined[code] = best
    stats.counts["geonames joined"] = len(joined)
    return joined


def shared_alternates(places: list[tuple[str, Place]]) -> set[str]:
    """Folded alternates listed by SHARED_LIMIT or more places with different primary names."""
    owners: dict[str, set[str]] = defaultdict(set)
    for _, place in places:
        for alt in place.alternates:
            owners[fold(alt)].add(key(place.name))
    return {alt for alt, names in owners.items() if len(names) >= SHARED_LIMIT}


def forms(unit: Unit, place: Place | None, shared: set[str], stats: Stats) -> tuple[str, str, list[str], list[str]]:
    """Return (name, ru, aliases, former) for a unit."""
    base = kmu(unit.uk)
    name = {"O": f"{base} Oblast", "P": f"{base} Raion"}.get(unit.cat, base)
    if unit.code == "UA01000000000013043":
        name = base
    table = RENAMED.get((unit.uk, unit.oblast), ()) if unit.cat == "M" else ()
    former_keys = {key(f) for f in table}
    former: list[str] = list(dict.fromkeys(table))  # the table's former names: Ukrainian, KMU, Russian
    if place is None:
        return name, "", [], former
    refs = {key(unit.uk), key(base)}
    ru = russian_name(unit.uk, place.alternates, refs, former_keys)
    if ru:
        refs.add(key(ru))
    own = {key(unit.uk), key(base)}
    aliases: list[str] = []
    seen = {fold(name), fold(base)}
    # Plain ASCII spellings first, so that folding duplicates keep "Komsomolsk", not "Komsomol's'k".
    for alt in sorted(place.alternates, key=lambda a: (not a.isascii() or "'" in a, a)):
        k = key(alt)
        if former_keys and near(k, former_keys) and not near(k, refs):
            if (is_cyrillic(alt) or is_latin(alt)) and not junk(alt) and fold(alt) not in map(fold, former):
                former.append(alt)
            continue
        if not is_latin(alt):
            continue
        reason = junk(alt)
        if reason:
            pass
        elif fold(alt) in shared and k not in own:
            reason = "shared"
        elif not near(k, refs):
            reason = "far"
        elif fold(alt) in seen:
            reason = "duplicate"
        if reason:
            stats.counts[f"aliases dropped: {reason}"] += 1
            continue
        seen.add(fold(alt))
        aliases.append(alt)
        stats.counts["aliases kept"] += 1
    return name, ru, sorted(aliases), former[:1] + sorted(former[1:])


def junk(alt: str) -> str:
    """Why a Latin alternate is junk whatever the place, or ""."""
    if any(c.isdigit() for c in alt):
        return "digits"
    if alt.upper() == alt and len(alt.replace(" ", "")) <= 4:
        return "code"
    if alt.lower() == alt:
        # GeoNames writes romanisations of CJK, Georgian, Persian... names in lower case
        # ("bafumuto", "la er ran ka", "kyrwwhrad"); real Latin names are capitalised.
        return "lowercase"
    return ""


def russian_name(uk: str, alternates: list[str], refs: set[str], former_keys: set[str]) -> str:
    """The alternate that is clearly the Russian form of ``uk``, or "".

    Clearly Russian: Russian letters only (no і/ї/є/ґ, no Belarusian ў or э, no Serbian or
    Turkic letters; stress marks removed); no Ukrainian soft -ськ/-цьк/-ць; no -ии/-ыи written
    for -ий/-ый, no Belarusian жы/шы/чы or -ыця, no final ъ; keeps a final soft sign; no -ци for
    -ці; differs from ``uk`` and is not a rote і->и transcription of it that Russian spells
    otherwise (-ивка, -ив, -ин, -ии: "Калинивка"); its key is near the current names (a far key
    is a former name). Among several, the one with more Russian marks (-ое, -ая, -ый, -ой,
    -овка, ё ...) wins, then the nearest key, then a form other than the rote transcription,
    then alphabetical order.
    """
    naive = norm(uk).translate(NAIVE_RU)
    best: tuple[int, int, bool, str] | None = None
    for alt in alternates:
        # drop stress marks only (NFD would also split й and ё)
        form = unicodedata.normalize("NFD", alt).replace("\u0301", "").replace("\u0300", "")
        form = unicodedata.normalize("NFC", form)
        low = norm(form)
        if not low or set(low) - RUSSIAN_LETTERS or SOFT_UK.search(low) or low == norm(uk):
            continue
        if low == naive and MECHANICAL.search(low):
            continue  # "Андриивка", "Калинивка": і->и by rote, not the Russian Андреевка, Калиновка
        if NOT_RUSSIAN.search(low) or (norm(uk).endswith("ь") and not low.endswith("ь")):
            continue  # "Кропивницкии"; Bulgarian/Macedonian "Симферопол" without the soft sign
        if norm(uk).endswith("ці") and low.endswith("ци"):
            continue  # Bulgarian/Macedonian "Черновци"; Russian writes Черновцы
        k = key(form)
        if (former_keys and near(k, former_keys)) or not near(k, refs):
            continue
        markers = len(RUSSIAN_MARKERS.findall(low))
        rank = (-markers, min(Levenshtein.distance(k, r) for r in refs), low == naive, form)
        if best is None or rank < best:
            best = rank
    return best[3] if best else ""


def clean(value: str) -> str:
    return " ".join(value.replace("|", " ").split())


def build() -> tuple[str, Stats]:
    stats = Stats()
    units = read_codifier()
    places = read_geonames()
    war = read_war()
    curated = read_curated()
    joined = join(units, places, stats)
    shared = shared_alternates(places)

    def ref(code: str) -> str:
        return curated.get(code) or f"place/ua-{code.lower()}"

    rows = []
    for code, unit in units.items():
        if code in curated:
            stats.counts["skipped: curated"] += 1
            continue
        place = joined.get(code)
        name, ru, aliases, former = forms(unit, place, shared, stats)
        touched = {war_section for c in (code, unit.hromada) if c for war_section in war.get(c, ())}
        if unit.cat in SETTLEMENT:
            stats.counts["settlements"] += 1
            if place is not None:
                stats.counts["settlements with GeoNames"] += 1
        if former:
            stats.counts["rows with former names"] += 1
        stats.counts[f"rows: {SUBTYPES[unit.cat]}"] += 1
        row = {
            "id": ref(code),
            "subtype": SUBTYPES[unit.cat],
            "name": name,
            "uk": unit.uk,
            "ru": ru,
            "aliases": "|".join(clean(a) for a in aliases),
            "former": "|".join(clean(f) for f in former),
            "oblast": ref(unit.oblast) if unit.oblast else "",
            "raion": ref(unit.raion) if unit.raion else "",
            "katotth": code,
            "lat": repr(place.lat) if place else "",
            "lon": repr(place.lon) if place else "",
            "population": str(place.population) if place else "",
            "war": "|".join(s for s in WAR_ORDER if s in touched),
        }
        rows.append([row[c] if c in ("aliases", "former", "war") else clean(row[c]) for c in COLUMNS])
    rows.sort(key=lambda r: r[0])
    stats.counts["rows"] = len(rows)
    stats.counts["geonames UA records"] = len(places)
    text = "\t".join(COLUMNS) + "\n" + "".join("\t".join(r) + "\n" for r in rows)
    return text, stats


def read_curated_names() -> dict[str, set[str]]:
    """Country -> folded names and aliases of the curated places of that country."""
    records = yaml.safe_load(PLACES.read_text(encoding="utf-8")) or []
    names: dict[str, set[str]] = defaultdict(set)
    for rec in records:
        country = str((rec.get("attributes") or {}).get("country", ""))
        forms = [rec["name"]]
        for field_name in ("names", "aliases", "former"):
            for values in (rec.get(field_name) or {}).values():
                forms += values if isinstance(values, list) else [values]
        names[country].update(fold(str(form)) for form in forms)
    return names


def build_border() -> tuple[str, Stats]:
    """Places of the Russian and Belarusian regions on Ukraine's border, from GeoNames."""
    stats = Stats()
    curated = read_curated_names()
    rows = []
    with GEONAMES.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            oblast = BORDER_REGIONS.get((d["countrycode"], d["admin1code"]))
            if oblast is None:
                continue
            country = d["countrycode"]
            alternates = sorted({a.strip() for a in d["alternatenames"] if a.strip()})
            if fold(d["name"]) in curated[country]:
                stats.counts["skipped: curated"] += 1
                continue
            cyrillic = [a for a in alternates if is_cyrillic(a)]
            main_key = key(d["name"])

            def closest(forms: list[str], main_key: str = main_key) -> list[str]:
                """The forms that spell the same name as GeoNames' own (not a neighbour's)."""
                near_ones = [f for f in forms if near(key(f), [main_key])]
                return sorted(
                    near_ones, key=lambda f: (Levenshtein.distance(key(f), main_key), bool(SOFT_UK.search(f)), f)
                )

            russian = closest([a for a in cyrillic if all(ch in RUSSIAN_LETTERS_WITH_E for ch in a.lower())])
            # і is Belarusian too: a Belarusian place's Ukrainian name needs ї, є or ґ
            marks = UK_ONLY if country == "RU" else frozenset("їєґЇЄҐ")
            ukrainian = closest([a for a in cyrillic if set(a) & marks and not set(a) & frozenset("ўЎ")])
            refs = {key(d["name"]), *(key(a) for a in russian)}
            latin = [a for a in alternates if is_latin(a) and not junk(a) and near(key(a), refs)]
            population = int(d["population"] or 0)
            subtype = "city" if population >= BORDER_CITY else "town" if population >= BORDER_TOWN else "village"
            stats.counts[f"rows: {country} {subtype}"] += 1
            row = {
                "id": f"place/{country.lower()}-{d['geonameid']}",
                "subtype": subtype,
                "name": d["name"],
                "uk": ukrainian[0] if ukrainian else "",
                "ru": russian[0] if russian else "",
                "aliases": "|".join(clean(a) for a in latin if fold(a) != fold(d["name"])),
                "former": "",
                "oblast": oblast,
                "raion": "",
                "katotth": "",
                "lat": repr(d["latitude"]),
                "lon": repr(d["longitude"]),
                "population": str(population) if population else "",
                "war": "",
            }
            rows.append([row[c] if c == "aliases" else clean(row[c]) for c in COLUMNS])
    rows.sort(key=lambda r: r[0])
    stats.counts["border rows"] = len(rows)
    return "\t".join(COLUMNS) + "\n" + "".join("\t".join(r) + "\n" for r in rows), stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file is not current")
    args = parser.parse_args(argv)
    outputs = [(OUT, *build()), (BORDER_OUT, *build_border())]
    if args.check:
        stale = [out for out, text, _stats in outputs if not out.exists() or out.read_text(encoding="utf-8") != text]
        for out in stale:
            print(f"{out.relative_to(ROOT)} is stale; run: python scripts/build_gazetteer.py", file=sys.stderr)
        if not stale:
            print(f"ok: {', '.join(str(out.relative_to(ROOT)) for out, _t, _s in outputs)} are current")
        return 1 if stale else 0
    for out, text, stats in outputs:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(text.encode("utf-8"))
        for name, n in sorted(stats.counts.items()):
            print(f"{name}: {n}")
        print(f"wrote {out.relative_to(ROOT)} ({len(text.encode('utf-8')):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
