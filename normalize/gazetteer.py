"""The generated gazetteer (lexicons/gazetteer/*.tsv), held compactly: every settlement of
Ukraine from the official codifier, and the places of the Russian and Belarusian regions
on Ukraine's border from GeoNames.

30,000 settlements indexed like the curated lexicons would cost seconds to load and
hundreds of megabytes. Here every row stays one line of text (split into its columns when
it is first read), the look-up tables map a folded form or a key to row numbers only, and
an `Entity` is built the first time a row is matched. The tables are cached with `marshal`
(plain types only, loaded in milliseconds) beside the pickled curated index.

Settlements are met exactly by their official and former names: never by
key, fuzzily or by a convention's spelling. With tens of thousands of village names,
looser matching links inflected forms of famous names (Lithuanian *Charkove* is a village
Kharkove by key; Serbian *Захарове* a village Sakharove).
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from math import log10
from pathlib import Path
from typing import overload

from .cache import load_plain, store_plain
from .model import Entity
from .text import TOKEN_RE, fold
from .windows import Windows

FORMAT = 12
KEEP = 3
"""How many cached gazetteer tables to keep."""
COLUMNS = (
    "id", "subtype", "name", "uk", "ru", "aliases", "former",
    "oblast", "raion", "katotth", "lat", "lon", "population", "war",
)  # fmt: skip
_COLUMN = {name: position for position, name in enumerate(COLUMNS)}
_MET_COLUMNS = (("name", "en", "name"), ("uk", "uk", "name"), ("ru", "ru", "name"), ("former", "xx", "former"))
"""The forms a settlement is met by, with their language and kind: its official names (KMU,
Ukrainian, Russian) and former names. GeoNames' other alternates (Polish *Police*, *As*)
stay data for villages and towns: they met English words. A city is met by them too
(`CITY_ALIAS_COLUMNS`: Czernowitz, Ismail, Uschgorod), unless they are common words."""
CITY_ALIAS_COLUMNS = (("aliases", "xx", "alias"),)
MIN_CITY_ALIAS_LEN = 5


def met_columns(row: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """The columns a row is met by: its names, and for a city its GeoNames alternates too."""
    return _MET_COLUMNS + CITY_ALIAS_COLUMNS if row[_COLUMN["subtype"]] == "city" else _MET_COLUMNS
MIN_FORM_LEN = 3
ADMIN_PROMINENCE = {"oblast": 3.0, "raion": 1.5, "city": 1.0, "town": 0.5, "village": 0.0}
WAR_PROMINENCE = 1.0

Row = tuple[str, ...]


class Lines(Sequence[str]):
    """The gazetteer's lines as one UTF-8 byte string and the byte offset each starts at.

    Loading 30,000 strings from the cache costs 9 ms, and one 4.5 MB string as much (its
    UTF-8 is decoded); bytes load as one copy, and only the lines a run meets are decoded.
    """

    def __init__(self, data: bytes, starts: array[int]) -> None:
        self.data = data
        self.starts = starts

    @classmethod
    def of(cls, lines: list[str]) -> Lines:
        """The lines (none may hold a line break) as one byte string."""
        encoded = [line.encode("utf-8") for line in lines]
        starts = array("I")
        position = 0
        for line in encoded:
            starts.append(position)
            position += len(line) + 1
        return cls(b"\n".join(encoded), starts)

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, number: int) -> str: ...
    @overload
    def __getitem__(self, number: slice) -> Sequence[str]: ...
    def __getitem__(self, number: int | slice) -> str | Sequence[str]:
        if isinstance(number, slice):
            return [self[n] for n in range(*number.indices(len(self)))]
        start = self.starts[number]
        end = self.data.find(b"\n", start)
        return self.data[start : end if end >= 0 else len(self.data)].decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return iter(self.data.decode("utf-8").split("\n")) if self.starts else iter(())

    def plain(self) -> tuple[bytes, bytes]:
        """What marshal stores."""
        return self.data, self.starts.tobytes()

    @classmethod
    def from_plain(cls, stored: tuple[bytes, bytes]) -> Lines:
        starts = array("I")
        starts.frombytes(stored[1])
        return cls(stored[0], starts)


Table = dict[str, int | tuple[int, ...]]


GAZETTEER_FILES = ("ua.tsv", "border.tsv")
"""Ukraine (from the codifier) and the Russian and Belarusian border regions (GeoNames)."""
SPELLINGS_FILE = "spellings.tsv"
"""Convention spellings of the cities, towns and war-list villages (scripts/build_gazetteer_spellings.py)."""
COUNTRY_OF_PREFIX = {"place/ua-": "UA", "place/ru-": "RU", "place/by-": "BY"}


def is_gazetteer_id(entity_id: str) -> bool:
    """Whether an id names a generated gazetteer place (not a curated one)."""
    return entity_id.startswith(tuple(COUNTRY_OF_PREFIX))


def gazetteer_paths() -> list[Path]:
    """The bundled gazetteer files: in the installed package, else in the source tree."""
    try:
        folder = Path(str(resources.files("normalize.lexicons").joinpath("gazetteer")))
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        folder = Path()
    if not (folder / GAZETTEER_FILES[0]).is_file():
        folder = Path(__file__).resolve().parent.parent / "lexicons" / "gazetteer"
    return [folder / name for name in GAZETTEER_FILES if (folder / name).is_file()]


def _add(table: dict[str, list[int]], form: str, row: int) -> None:
    found = table.setdefault(form, [])
    if not found or found[-1] != row:
        found.append(row)


def _compact(table: dict[str, list[int]]) -> Table:
    return {form: rows[0] if len(rows) == 1 else tuple(rows) for form, rows in table.items()}


ADMIN_WORDS = {"raion": {"uk": "район", "ru": "район"}, "oblast": {"uk": "область", "ru": "область"}}
"""The codifier names raions and oblasts by a bare adjective (Харківський); alone that is an
ordinary word, so they are met with the word for the unit (Харківський район)."""


def joined(form: str) -> str:
    """A name of several words folded and written as one (Kryvyi Rih → kryvyirih), as
    scrapers and machine translation sometimes join them."""
    return "".join(TOKEN_RE.findall(fold(form)))


def _joinable(row: tuple[str, ...], column: str) -> bool:
    """Whether a row's multi-word names are met joined too: a city's, a town's or a war-list
    village's own names (not raions' and oblasts' "X район")."""
    subtype = row[_COLUMN["subtype"]]
    return column in ("name", "uk", "ru") and (subtype in ("city", "town") or bool(row[_COLUMN["war"]]))


def _matched_forms(row: tuple[str, ...], column: str) -> list[str]:
    forms = _forms(row, column)
    words = ADMIN_WORDS.get(row[_COLUMN["subtype"]], {})
    if column in words:
        return [f"{form} {words[column]}" for form in forms]
    return forms


def _forms(row: tuple[str, ...], column: str) -> list[str]:
    cell = row[_COLUMN[column]]
    return [form for form in cell.split("|") if form] if cell else []


@dataclass
class Gazetteer:
    """Rows of the gazetteer and the tables that find them.

    Attributes:
        lines: one tab-separated line per entity, its columns in `COLUMNS` order (one
            string per row, not fourteen, loads from the cache three times faster).
        exact: folded form → row number(s).
        window: folded first word or key of the first word → most words in a form, and
            the paths of the words that follow (`normalize.windows`).
        spelled: folded convention spelling → ``row:convention=spelling`` items joined by
            ``;`` (one string per spelling: cheap to cache, parsed when met).
        fingerprint: what `load` cached it under (empty when built in memory): tables
            derived from it and from the lexicons are cached under it too.
    """

    lines: Lines
    exact: Table
    window: Windows
    spelled: dict[str, str] = field(default_factory=dict)
    fingerprint: str = ""
    _rows: dict[int, Row] = field(default_factory=dict)
    _ids: dict[str, int] = field(default_factory=dict)
    _entities: dict[int, Entity] = field(default_factory=dict)
    _built_ids: dict[str, int] = field(default_factory=dict)
    _prominence: dict[int, float] = field(default_factory=dict)
    _forms: dict[int, list[tuple[str, str, str, str]]] = field(default_factory=dict)

    @classmethod
    def build(
        cls, paths: list[Path], skip: frozenset[str] = frozenset(), spellings: Path | None = None
    ) -> Gazetteer:
        """Read the files and index their forms; rows whose katotth code is in `skip`
        (already curated) are left out. `spellings` adds the convention spellings."""
        kept: list[str] = []
        rows: list[Row] = []
        for path in paths:
            with path.open(encoding="utf-8") as handle:
                next(handle)
                for line in handle:
                    row = tuple(line.rstrip("\n").split("\t"))
                    code = row[_COLUMN["katotth"]] if len(row) == len(COLUMNS) else None
                    if code is not None and (not code or code not in skip):
                        kept.append(line.rstrip("\n"))
                        rows.append(row)
        lines = Lines.of(kept)
        exact: dict[str, list[int]] = {}
        window = Windows()
        for number, row in enumerate(rows):
            for column, _lang, kind in met_columns(row):
                for form in _matched_forms(row, column):
                    if len(fold(form)) < (MIN_CITY_ALIAS_LEN if kind == "alias" else MIN_FORM_LEN):
                        continue
                    _add(exact, fold(form), number)
                    words = TOKEN_RE.findall(form)
                    if len(words) > 1:
                        window.add(words)
                        if _joinable(row, column):
                            _add(exact, joined(form), number)  # Kryvyirih, Velykanovosilka
        spelled: dict[str, str] = {}
        if spellings is not None and spellings.is_file():
            number_of = {line[: line.find("\t")]: number for number, line in enumerate(lines)}
            for line in spellings.read_text(encoding="utf-8").splitlines():
                if line.startswith("#") or "\t" not in line:
                    continue
                entity_id, items = line.split("\t", 1)
                found = number_of.get(entity_id)
                if found is None:
                    continue
                number = found
                for item in items.split("|"):
                    written = item.partition("=")[2]
                    folded = fold(written)
                    if len(folded) < MIN_FORM_LEN:
                        continue
                    spelled[folded] = f"{spelled[folded]};{number}:{item}" if folded in spelled else f"{number}:{item}"
                    window.add(TOKEN_RE.findall(written))
        return cls(lines, _compact(exact), window, spelled)

    def __len__(self) -> int:
        return len(self.lines)

    def row(self, number: int) -> Row:
        """The columns of row `number`, in `COLUMNS` order."""
        found = self._rows.get(number)
        if found is None:
            found = self._rows[number] = tuple(self.lines[number].split("\t"))
        return found

    @property
    def ids(self) -> dict[str, int]:
        """Entity id → row number, built on first use (most runs never need it)."""
        if not self._ids:
            self._ids = {line[: line.find("\t")]: number for number, line in enumerate(self.lines)}
        return self._ids

    def find(self, folded: str) -> tuple[int, ...]:
        """Row numbers of the places with a form that folds to `folded`."""
        found = self.exact.get(folded)
        if found is None:
            return ()
        return (found,) if isinstance(found, int) else found

    def spelled_as(self, folded: str) -> list[tuple[int, str, str]]:
        """(row number, convention id, spelling) of the convention spellings folding to `folded`."""
        found = self.spelled.get(folded)
        if not found:
            return []
        result = []
        for item in found.split(";"):
            number, _, rest = item.partition(":")
            convention, _, written = rest.partition("=")
            result.append((int(number), convention, written))
        return result

    def form_met(self, number: int, folded: str) -> tuple[str, str, str]:
        """The form of row `number` that folds to `folded`, its language and kind."""
        forms = self._forms.get(number)
        if forms is None:
            forms = self._forms[number] = [
                (fold(form), form, lang, kind)
                for column, lang, kind in met_columns(self.row(number))
                for form in _matched_forms(self.row(number), column)
            ]
        for form_folded, form, lang, kind in forms:
            if form_folded == folded or joined(form) == folded:
                return form, lang, kind
        return self.row(number)[_COLUMN["name"]], "en", "name"

    def entity(self, number: int) -> Entity:
        """The entity of row `number`, built on first use."""
        built = self._entities.get(number)
        if built is None:
            built = self._entities[number] = _entity(self.row(number))
            self._built_ids[built.id] = number
        return built

    def number_of(self, entity_id: str) -> int | None:
        """The row of an entity id: from the entities built so far, else from every row."""
        found = self._built_ids.get(entity_id)
        return found if found is not None else self.ids.get(entity_id)

    def prominence(self, number: int) -> float:
        """Population (log10), admin level and presence in the war list, for tie-breaks."""
        known = self._prominence.get(number)
        if known is None:
            known = self._prominence[number] = self._compute_prominence(number)
        return known

    def _compute_prominence(self, number: int) -> float:
        row = self.row(number)
        population = row[_COLUMN["population"]]
        score = log10(int(population)) if population.isdigit() and int(population) > 0 else 0.0
        score += ADMIN_PROMINENCE.get(row[_COLUMN["subtype"]], 0.0)
        return score + (WAR_PROMINENCE if row[_COLUMN["war"]] else 0.0)

    def tables(self) -> tuple[tuple[bytes, bytes], Table, dict[str, int], dict[str, frozenset[str]], dict[str, str]]:
        """What is cached: plain types only."""
        return self.lines.plain(), self.exact, self.window.width, self.window.paths, self.spelled


def _entity(row: tuple[str, ...]) -> Entity:
    value = dict(zip(COLUMNS, row, strict=True))
    country = next(c for prefix, c in COUNTRY_OF_PREFIX.items() if value["id"].startswith(prefix))
    attributes: dict[str, object] = {"country": country, "subtype": value["subtype"]}
    if value["katotth"]:
        attributes["katotth"] = value["katotth"]
    if value["raion"] or value["oblast"]:
        attributes["parent"] = value["raion"] or value["oblast"]
    if value["lat"] and value["lon"]:
        attributes["lat"], attributes["lon"] = float(value["lat"]), float(value["lon"])
    if value["population"].isdigit():
        attributes["population"] = int(value["population"])
    if value["war"]:
        attributes["war"] = tuple(value["war"].split("|"))
    names = {lang: tuple(_forms(row, lang)) for lang in ("uk", "ru") if value[lang]}
    return Entity(
        id=value["id"],
        type="place",
        name=value["name"],
        names=names,
        aliases={"xx": tuple(_forms(row, "aliases"))} if value["aliases"] else {},
        former={"xx": tuple(_forms(row, "former"))} if value["former"] else {},
        attributes=attributes,
    )


def load(
    paths: list[Path], skip: frozenset[str], cache_folder: Path | None, spellings: Path | None = None
) -> Gazetteer:
    """The gazetteer of `paths`, from the marshal cache when its fingerprint matches."""
    digest = hashlib.sha256(f"gazetteer-{FORMAT}".encode())
    sources = [*paths, *([spellings] if spellings is not None and spellings.is_file() else [])]
    for path in sources:  # size and modification time: hashing 5 MB would cost each start 10 ms
        status = path.stat()
        digest.update(f"{path.resolve()}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
    digest.update("\n".join(sorted(skip)).encode())
    digest.update(Path(__file__).read_bytes())
    for name in ("key_rules.tsv", "fold_letters.tsv"):
        digest.update(resources.files("normalize.data").joinpath(name).read_bytes())
    fingerprint = digest.hexdigest()
    cached = load_plain(cache_folder, "gazetteer", fingerprint)
    if cached is not None:
        try:
            lines, exact, width, word_paths, spelled = cached
            windows = Windows(width, word_paths)
            return Gazetteer(Lines.from_plain(lines), exact, windows, spelled, fingerprint=fingerprint)
        except (TypeError, ValueError):  # another shape: rebuild
            pass
    gazetteer = Gazetteer.build(paths, skip, spellings)
    gazetteer.fingerprint = fingerprint
    store_plain(cache_folder, "gazetteer", fingerprint, gazetteer.tables(), keep=KEEP)
    return gazetteer
