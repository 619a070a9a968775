"""Read and validate lexicon files: the only code that reads ``lexicons/``.

A lexicon file is a YAML list of entity records (format: ``docs/lexicon-format.md``). The
loader checks every record and reports problems as ``file:line: what is wrong`` so that a
contributor who adds an entity learns at once what to fix. It never guesses: a file with
any error is rejected whole, with every error listed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    import yaml

from .model import ENTITY_TYPES, Entity
from .text import fold

RECORD_KEYS = ("id", "type", "name", "names", "aliases", "former", "attributes")
NAME_FIELDS = ("names", "aliases", "former")
ATTRIBUTE_KEYS = (
    "wikidata",
    "country",
    "parent",
    "lat",
    "lon",
    "population",
    "katotth",
    "subtype",
    "prominence",
)
CYRILLIC_LANGS = ("uk", "ru", "be", "bg")

_ID_RE = regex.compile(r"^[a-z]+/[a-z0-9][a-z0-9-]*$")
_LANG_RE = regex.compile(r"^(?:[a-z]{2,3}(?:_[a-z0-9]+)?)$")
_QID_RE = regex.compile(r"^Q[1-9][0-9]*$")
_KATOTTH_RE = regex.compile(r"^UA[0-9]{17}$")
_COUNTRY_RE = regex.compile(r"^[A-Z]{2}$")
_CYRILLIC_RE = regex.compile(r"\p{Cyrillic}")
_NON_CYRILLIC_LETTER_RE = regex.compile(r"[^\P{L}\p{Cyrillic}]")


class LexiconError(ValueError):
    """A lexicon file is malformed. `errors` lists every problem as ``file:line: message``."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        shown = "\n".join(errors[:20])
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"{len(errors)} lexicon error(s):\n{shown}{more}")


@dataclass(frozen=True)
class _Located:
    """A parsed YAML value with the 1-based line it started on."""

    value: object
    line: int


def default_lexicon_paths() -> list[Path]:
    """The lexicon files bundled with the package, in a stable order.

    Installed wheels carry them as the ``normalize.lexicons`` package; in a source checkout
    they are read from the ``lexicons/`` folder beside the package.
    """
    try:
        root = resources.files("normalize.lexicons")
        found = sorted(Path(str(item)) for item in root.iterdir() if item.name.endswith(".yaml"))
        if found:
            return found
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        pass
    source = Path(__file__).resolve().parent.parent / "lexicons"
    return sorted(source.glob("*.yaml"))




@functools.cache
def _yaml() -> tuple[yaml.constructor.SafeConstructor, type[yaml.SafeLoader]]:
    """PyYAML's scalar constructor and libyaml's parser when PyYAML has it (30 times
    faster), else the pure-Python one. Imported on first use: a process that finds the
    compiled index in its cache never reads YAML, and importing PyYAML costs 20 ms."""
    import yaml

    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.constructor.SafeConstructor(), loader
UNREADABLE = object()
"""Stands for a value that could not be read; its error is already reported."""


def _to_located(node: yaml.Node, path: str, errors: list[str], visiting: frozenset[int] = frozenset()) -> _Located:
    """Turn a composed YAML node into plain values, keeping line numbers of mappings."""
    import yaml

    line = node.start_mark.line + 1
    if id(node) in visiting:
        errors.append(f"{path}:{line}: a value that contains itself (self-referencing anchor)")
        return _Located(UNREADABLE, line)
    visiting = visiting | {id(node)}
    if isinstance(node, yaml.MappingNode):
        result: dict[str, _Located] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                errors.append(f"{path}:{key_node.start_mark.line + 1}: keys must be plain words")
                continue
            if key in result:
                errors.append(f"{path}:{key_node.start_mark.line + 1}: duplicate key {key!r}")
                continue
            result[key] = _to_located(value_node, path, errors, visiting)
        return _Located(result, line)
    if isinstance(node, yaml.SequenceNode):
        items = [_to_located(item, path, errors, visiting) for item in node.value]
        if any(item.value is UNREADABLE for item in items):
            return _Located(UNREADABLE, line)
        return _Located(items, line)
    try:
        value = _yaml()[0].construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        errors.append(f"{path}:{line}: cannot read the value {node.value!r}: {problem}")
        value = UNREADABLE
    return _Located(value, line)


def _plain(located: _Located) -> object:
    value = located.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class _RecordChecker:
    """Validates one record and builds its Entity; appends errors instead of raising."""

    def __init__(self, path: str, errors: list[str]) -> None:
        self.path = path
        self.errors = errors

    def error(self, line: int, message: str) -> None:
        self.errors.append(f"{self.path}:{line}: {message}")

    def names_field(self, field: str, located: _Located | None) -> dict[str, tuple[str, ...]]:
        if located is None:
            return {}
        if not isinstance(located.value, dict):
            self.error(located.line, f"{field} must map language codes to names")
            return {}
        result: dict[str, tuple[str, ...]] = {}
        for lang, item in located.value.items():
            if not _LANG_RE.match(lang):
                self.error(item.line, f"{field}: {lang!r} is not a language code")
                continue
            values = item.value if isinstance(item.value, list) else [item]
            forms: list[str] = []
            for entry in values:
                form = entry.value
                if form is UNREADABLE:
                    continue
                if not isinstance(form, str) or not form.strip():
                    self.error(entry.line, f"{field}.{lang}: empty or non-text name {form!r}")
                    continue
                if form != form.strip() or "  " in form:
                    self.error(entry.line, f"{field}.{lang}: stray spaces in {form!r}")
                    continue
                if not fold(form):
                    self.error(entry.line, f"{field}.{lang}: {form!r} has no letters or digits")
                    continue
                if field == "names" and lang in CYRILLIC_LANGS and _NON_CYRILLIC_LETTER_RE.search(form):
                    self.error(entry.line, f"{field}.{lang}: {form!r} is not Cyrillic")
                    continue
                forms.append(form)
            if forms:
                result[lang] = tuple(dict.fromkeys(forms))
        return result

    def attributes(self, located: _Located | None) -> dict[str, object]:
        if located is None:
            return {}
        if not isinstance(located.value, dict):
            self.error(located.line, "attributes must be a mapping")
            return {}
        attrs: dict[str, object] = {}
        for key, item in located.value.items():
            value = item.value
            if value is UNREADABLE:
                continue
            if key not in ATTRIBUTE_KEYS:
                self.error(item.line, f"unknown attribute {key!r} (known: {', '.join(ATTRIBUTE_KEYS)})")
                continue
            problem = _attribute_problem(key, value)
            if problem:
                self.error(item.line, f"attribute {key}: {problem}")
                continue
            attrs[key] = _plain(item)
        return attrs

    def record(self, located: _Located) -> tuple[Entity, int] | None:
        if not isinstance(located.value, dict):
            self.error(located.line, "each entry must be a mapping with id, type and name")
            return None
        record: dict[str, _Located] = located.value
        ok = True
        for key, item in record.items():
            if key not in RECORD_KEYS:
                self.error(item.line, f"unknown key {key!r} (known: {', '.join(RECORD_KEYS)})")
                ok = False
        for required in ("id", "type", "name"):
            found = record.get(required)
            if found is not None and found.value is UNREADABLE:
                return None
            if found is None or not isinstance(found.value, str) or not found.value.strip():
                self.error(located.line, f"missing or empty {required!r}")
                return None
        entity_id = str(record["id"].value)
        entity_type = str(record["type"].value)
        name = str(record["name"].value)
        if entity_type not in ENTITY_TYPES:
            self.error(record["type"].line, f"type {entity_type!r} is not one of {', '.join(ENTITY_TYPES)}")
            ok = False
        if not _ID_RE.match(entity_id) or entity_id.split("/", 1)[0] != entity_type:
            self.error(record["id"].line, f"id {entity_id!r} must look like '{entity_type}/slug' (a-z, 0-9, -)")
            ok = False
        if name != name.strip() or not fold(name):
            self.error(record["name"].line, f"name {name!r} is empty or has stray spaces")
            ok = False
        fields = {f: self.names_field(f, record.get(f)) for f in NAME_FIELDS}
        if not any(_CYRILLIC_RE.search(form) for lang in ("uk", "ru") for form in fields["names"].get(lang, ())):
            self.error(located.line, f"{entity_id}: needs a Cyrillic 'uk' or 'ru' name under names")
            ok = False
        attributes = self.attributes(record.get("attributes"))
        if not ok:
            return None
        entity = Entity(
            id=entity_id,
            type=entity_type,
            name=name,
            names=fields["names"],
            aliases=fields["aliases"],
            former=fields["former"],
            attributes=attributes,
        )
        return entity, located.line


MAX_POPULATION = 10**10


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _in_range(value: object, low: float, high: float) -> bool:
    try:
        return _is_number(value) and low <= float(value) <= high  # type: ignore[arg-type]
    except OverflowError:
        return False


_ATTRIBUTE_CHECKS: dict[str, tuple[Callable[[object], bool], str]] = {
    "wikidata": (lambda v: isinstance(v, str) and bool(_QID_RE.match(v)), "must be a Q-id"),
    "country": (lambda v: isinstance(v, str) and bool(_COUNTRY_RE.match(v)), "must be ISO 3166-1 alpha-2"),
    "parent": (lambda v: isinstance(v, str) and bool(_ID_RE.match(v)), "must be an entity id"),
    "lat": (lambda v: _in_range(v, -90, 90), "must be a latitude"),
    "lon": (lambda v: _in_range(v, -180, 180), "must be a longitude"),
    "population": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_POPULATION,
        f"must be an integer from 0 to {MAX_POPULATION:,}",
    ),
    "katotth": (lambda v: isinstance(v, str) and bool(_KATOTTH_RE.match(v)), "must be UA + 17 digits"),
    "subtype": (lambda v: isinstance(v, str) and bool(v.strip()), "must be a word"),
    "prominence": (lambda v: _in_range(v, -1e9, 1e9), "must be a number"),
}


def _attribute_problem(key: str, value: object) -> str | None:
    """Why an attribute value is invalid, or None when it is fine."""
    check, message = _ATTRIBUTE_CHECKS[key]
    return None if check(value) else message


def _records(path: Path, errors: list[str]) -> Iterator[_Located]:
    """The top-level records of one file, or nothing (with errors) if it cannot be parsed."""
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(f"{label}:1: cannot read: {exc}")
        return
    import yaml

    try:
        node = yaml.compose(text, Loader=_yaml()[1])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        errors.append(f"{label}:{line}: not valid YAML: {getattr(exc, 'problem', exc)}")
        return
    if node is None:
        return
    try:
        located = _to_located(node, label, errors)
    except RecursionError:
        errors.append(f"{label}:1: nesting too deep (a self-referencing anchor?)")
        return
    if not isinstance(located.value, list):
        errors.append(f"{label}:{located.line}: the file must be a YAML list of entity records")
        return
    yield from located.value


def load_entities(paths: Iterable[str | Path]) -> list[Entity]:
    """Load and validate lexicon files; raise `LexiconError` listing every problem.

    Checks across files: ids are unique, ``parent`` ids exist, and no folded alias is
    claimed by two entities of the same type (shared *names* are allowed: there are
    dozens of villages called Andriivka).
    """
    errors: list[str] = []
    entities: list[Entity] = []
    seen: dict[str, str] = {}
    alias_owner: dict[tuple[str, str], tuple[str, str]] = {}
    parents: list[tuple[str, str, str]] = []
    for path in map(Path, paths):
        checker = _RecordChecker(str(path), errors)
        for located in _records(path, errors):
            built = checker.record(located)
            if built is None:
                continue
            entity, line = built
            where = f"{path}:{line}"
            if entity.id in seen:
                errors.append(f"{where}: duplicate id {entity.id!r} (first at {seen[entity.id]})")
                continue
            seen[entity.id] = where
            for forms in (*entity.aliases.values(), *entity.former.values()):
                for form in forms:
                    owner_key = (entity.type, fold(form))
                    owner = alias_owner.get(owner_key)
                    if owner is not None and owner[0] != entity.id:
                        errors.append(
                            f"{where}: alias {form!r} of {entity.id} is already claimed by {owner[0]} ({owner[1]})"
                        )
                    alias_owner.setdefault(owner_key, (entity.id, where))
            parent = entity.attributes.get("parent")
            if isinstance(parent, str):
                parents.append((parent, entity.id, where))
            entities.append(entity)
    for parent, child, where in parents:
        if parent not in seen:
            errors.append(f"{where}: parent {parent!r} of {child} is not a known id")
    if errors:
        raise LexiconError(errors)
    return entities


def entity_forms(entity: Entity) -> Iterator[tuple[str, str, str]]:
    """Every written form of an entity as ``(form, lang, kind)``; kind is name/alias/former."""
    yield entity.name, "en", "name"
    fields: Mapping[str, Mapping[str, tuple[str, ...]]] = {
        "name": entity.names,
        "alias": entity.aliases,
        "former": entity.former,
    }
    for kind, by_lang in fields.items():
        for lang, forms in by_lang.items():
            for form in forms:
                yield form, lang, kind
