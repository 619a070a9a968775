"""The lexicon loader rejects malformed files with `file:line: message` for every problem.

Each test writes a small lexicon into a temporary directory and checks that
`load_entities` raises `LexiconError` whose `errors` name the right file and the line of
the offending key (or, for whole-record problems, of the record).
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from normalize.lexicon import LexiconError, load_entities
from normalize.model import Entity

# A valid record to put before the record under test, so that line numbers are not 1.
VALID = """\
- id: place/bakhmut
  type: place
  name: Bakhmut
  names:
    uk: Бахмут
    ru: Бахмут
  aliases:
    nl: [Bachmoet]
  former:
    en: [Artemivsk]
  attributes:
    wikidata: Q163812
    country: UA
    lat: 48.59419
    lon: 37.99886
    population: 70000
"""
VALID_LINES = VALID.count("\n")  # the record under test starts on line VALID_LINES + 1

_ERROR_RE = re.compile(r"^(?P<file>.+?):(?P<line>[0-9]+): (?P<message>.+)$")


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def errors_of(*paths: Path) -> list[str]:
    """The errors `load_entities` reports for these files (it must raise)."""
    with pytest.raises(LexiconError) as info:
        load_entities(paths)
    assert info.value.errors, "LexiconError without errors"
    for error in info.value.errors:
        assert _ERROR_RE.match(error), f"not 'file:line: message': {error!r}"
    return info.value.errors


def located(errors: list[str]) -> list[tuple[str, int, str]]:
    """(file, line, message) of each error."""
    result = []
    for error in errors:
        found = _ERROR_RE.match(error)
        assert found is not None
        result.append((found["file"], int(found["line"]), found["message"]))
    return result


def only_error(path: Path) -> tuple[int, str]:
    """The line and message of the single error reported for `path`."""
    errors = located(errors_of(path))
    assert len(errors) == 1, f"expected one error, got {errors}"
    file, line, message = errors[0]
    assert file == str(path)
    return line, message


def test_valid_file_loads_every_field(tmp_path: Path) -> None:
    path = write(tmp_path, "ok.yaml", VALID)
    [entity] = load_entities([path])
    assert isinstance(entity, Entity)
    assert (entity.id, entity.type, entity.name) == ("place/bakhmut", "place", "Bakhmut")
    assert entity.names == {"uk": ("Бахмут",), "ru": ("Бахмут",)}
    assert entity.aliases == {"nl": ("Bachmoet",)}
    assert entity.former == {"en": ("Artemivsk",)}
    assert entity.attributes["wikidata"] == "Q163812"
    assert entity.attributes["lat"] == pytest.approx(48.59419)
    assert entity.attributes["population"] == 70000


def test_lexicon_error_is_a_value_error_listing_every_problem(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad.yaml",
        VALID
        + """\
- id: place/x
  type: place
  name: X
  names: {en: X}
- id: place/y
  type: place
  name: Y
  names: {uk: Ігрек}
  colour: red
""",
    )
    with pytest.raises(ValueError) as info:
        load_entities([path])
    assert isinstance(info.value, LexiconError)
    assert len(info.value.errors) == 2
    assert "2 lexicon error(s)" in str(info.value)
    for error in info.value.errors:
        assert error in str(info.value)


# (name, record text appended after VALID, line offset of the offending key within the
# record (0 = the record's first line), word expected in the message)
SINGLE_ERRORS = [
    (
        "unknown record key",
        """\
- id: place/x
  type: place
  name: X
  names: {uk: Ікс}
  colour: red
""",
        4,
        "unknown key",
    ),
    (
        "unknown attribute",
        """\
- id: place/x
  type: place
  name: X
  names: {uk: Ікс}
  attributes:
    country: UA
    flavour: sweet
""",
        6,
        "unknown attribute",
    ),
    (
        "bad id format",
        """\
- id: Place/X_1
  type: place
  name: X
  names: {uk: Ікс}
""",
        0,
        "id",
    ),
    (
        "id without slug",
        """\
- type: place
  id: place
  name: X
  names: {uk: Ікс}
""",
        1,
        "id",
    ),
    (
        "id prefix differs from type",
        """\
- type: place
  name: X
  id: person/x
  names: {uk: Ікс}
""",
        2,
        "id",
    ),
    (
        "non-Cyrillic uk name",
        """\
- id: place/x
  type: place
  name: X
  names:
    ru: Икс
    uk: Iks
""",
        5,
        "Cyrillic",
    ),
    (
        "name with stray spaces",
        """\
- id: place/x
  type: place
  name: " X"
  names: {uk: Ікс}
""",
        2,
        "name",
    ),
    (
        "alias with stray spaces",
        """\
- id: place/x
  type: place
  name: X
  names: {uk: Ікс}
  aliases:
    de: ["Iks "]
""",
        5,
        "spaces",
    ),
    (
        "empty alias",
        """\
- id: place/x
  type: place
  name: X
  names: {uk: Ікс}
  aliases:
    de:
      - Iks
      - ""
""",
        7,
        "empty",
    ),
    (
        "bad language code",
        """\
- id: place/x
  type: place
  name: X
  names: {uk: Ікс}
  aliases:
    German: [Iks]
""",
        5,
        "language code",
    ),
    (
        "unknown type",
        """\
- id: planet/x
  name: X
  type: planet
  names: {uk: Ікс}
""",
        2,
        "type",
    ),
    (
        "bad wikidata id",
        """\
- id: place/x
  type: place
  name: X
  names: {uk: Ікс}
  attributes:
    country: UA
    wikidata: 163812
""",
        6,
        "Q-id",
    ),
    (
        "wikidata id with leading zero",
        """\
- id: place/x
  type: place
  name: X
  names: {uk: Ікс}
  attributes:
    wikidata: Q0163812
""",
        5,
        "Q-id",
    ),
    (
        "latitude out of range",
        """\
- id: place/x
  type: place
  name: X
  names: {uk: Ікс}
  attributes:
    lon: 37.9
    lat: 200
""",
        6,
        "latitude",
    ),
    (
        "latitude as text",
        """\
- id: place/x
  type: place
  name: X
  names: {uk: Ікс}
  attributes:
    lat: "48.5"
""",
        5,
        "latitude",
    ),
    (
        "latitude as boolean",
        """\
- id: place/x
  type: place
  name: X
  names: {uk: Ікс}
  attributes:
    lat: true
""",
        5,
        "latitude",
    ),
    (
        "negative population",
        """\
- id: place/x
  type: place
  name: X
  names: {uk: Ікс}
  attributes:
    population: -5
""",
        5,
        "population",
    ),
    (
        "bad katotth code",
        """\
- id: place/x
  type: place
  name: X
  names: {uk: Ікс}
  attributes:
    katotth: UA1402
""",
        5,
        "katotth",
    ),
    (
        "duplicate YAML key in a record",
        """\
- id: place/x
  type: place
  name: X
  names: {uk: Ікс}
  name: Y
""",
        4,
        "duplicate key",
    ),
    (
        "duplicate YAML key in names",
        """\
- id: place/x
  type: place
  name: X
  names:
    uk: Ікс
    uk: Ігрек
""",
        5,
        "duplicate key",
    ),
]


@pytest.mark.parametrize(
    ("record", "offset", "word"),
    [pytest.param(record, offset, word, id=name) for name, record, offset, word in SINGLE_ERRORS],
)
def test_error_names_the_line_of_the_offending_key(tmp_path: Path, record: str, offset: int, word: str) -> None:
    path = write(tmp_path, "lex.yaml", VALID + record)
    line, message = only_error(path)
    assert line == VALID_LINES + 1 + offset, message
    assert word.lower() in message.lower()


# Problems of a whole record: reported at the record's line or at the line of the key
# concerned (either points the contributor to the right place).
RECORD_ERRORS = [
    (
        "empty name",
        """\
- id: place/x
  type: place
  name: ""
  names: {uk: Ікс}
""",
        {0, 2},
        "name",
    ),
    (
        "name of punctuation only",
        """\
- id: place/x
  type: place
  name: "--"
  names: {uk: Ікс}
""",
        {0, 2},
        "name",
    ),
    (
        "missing name",
        """\
- id: place/x
  type: place
  names: {uk: Ікс}
""",
        {0},
        "name",
    ),
    (
        "missing id",
        """\
- type: place
  name: X
  names: {uk: Ікс}
""",
        {0},
        "id",
    ),
    (
        "no uk or ru name",
        """\
- id: place/x
  type: place
  name: X
  names:
    en: X
    be: Ікс
""",
        {0, 3},
        "Cyrillic",
    ),
    (
        "no names at all",
        """\
- id: place/x
  type: place
  name: X
""",
        {0},
        "Cyrillic",
    ),
    (
        "record that is not a mapping",
        """\
- just a string
""",
        {0},
        "mapping",
    ),
]


@pytest.mark.parametrize(
    ("record", "offsets", "word"),
    [pytest.param(record, offsets, word, id=name) for name, record, offsets, word in RECORD_ERRORS],
)
def test_record_error_names_the_record_or_key_line(tmp_path: Path, record: str, offsets: set[int], word: str) -> None:
    path = write(tmp_path, "lex.yaml", VALID + record)
    line, message = only_error(path)
    assert line in {VALID_LINES + 1 + offset for offset in offsets}, message
    assert word.lower() in message.lower()


def test_unknown_parent_id(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "lex.yaml",
        VALID
        + """\
- id: place/x
  type: place
  name: X
  names: {uk: Ікс}
  attributes:
    parent: place/nowhere
""",
    )
    line, message = only_error(path)
    assert line in {VALID_LINES + 1, VALID_LINES + 6}
    assert "place/nowhere" in message


def test_parent_may_be_defined_later_or_in_another_file(tmp_path: Path) -> None:
    child = write(
        tmp_path,
        "a.yaml",
        """\
        - id: place/x
          type: place
          name: X
          names: {uk: Ікс}
          attributes: {parent: place/bakhmut}
        """,
    )
    parent = write(tmp_path, "b.yaml", VALID)
    assert [e.id for e in load_entities([child, parent])] == ["place/x", "place/bakhmut"]


def test_duplicate_id_in_one_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "lex.yaml",
        VALID
        + """\
- id: place/bakhmut
  type: place
  name: Bakhmut Two
  names: {uk: Бахмут}
""",
    )
    line, message = only_error(path)
    assert line == VALID_LINES + 1
    assert "duplicate id" in message
    assert f"{path}:1" in message  # where the first one is


def test_duplicate_id_across_two_files(tmp_path: Path) -> None:
    first = write(tmp_path, "first.yaml", VALID)
    second = write(
        tmp_path,
        "second.yaml",
        """\
        # a comment line

        - id: place/bakhmut
          type: place
          name: Bakhmut
          names: {ru: Бахмут}
        """,
    )
    [(file, line, message)] = located(errors_of(first, second))
    assert (file, line) == (str(second), 3)
    assert "duplicate id" in message
    assert f"{first}:1" in message


ALIAS_OWNER = """\
- id: place/x
  type: place
  name: X
  names: {uk: Ікс}
  aliases:
    nl: [Bachmoet]
"""


def test_alias_claimed_by_two_entities_of_one_type(tmp_path: Path) -> None:
    path = write(tmp_path, "lex.yaml", VALID + ALIAS_OWNER)
    line, message = only_error(path)
    assert line == VALID_LINES + 1
    assert "Bachmoet" in message and "place/bakhmut" in message


def test_alias_claim_compares_folded_forms(tmp_path: Path) -> None:
    path = write(tmp_path, "lex.yaml", VALID + ALIAS_OWNER.replace("Bachmoet", "BACHMOËT"))
    line, message = only_error(path)
    assert line == VALID_LINES + 1
    assert "place/bakhmut" in message


def test_former_name_counts_as_an_alias_claim(tmp_path: Path) -> None:
    path = write(tmp_path, "lex.yaml", VALID + ALIAS_OWNER.replace("Bachmoet", "Artemivsk"))
    line, message = only_error(path)
    assert line == VALID_LINES + 1
    assert "Artemivsk" in message


def test_alias_claimed_across_files(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", VALID)
    second = write(tmp_path, "b.yaml", ALIAS_OWNER)
    [(file, line, message)] = located(errors_of(first, second))
    assert (file, line) == (str(second), 1)
    assert "already claimed" in message


def test_same_alias_on_entities_of_different_types_is_fine(tmp_path: Path) -> None:
    other_type = ALIAS_OWNER.replace("place/x", "event/x").replace("type: place", "type: event")
    path = write(tmp_path, "lex.yaml", VALID + other_type)
    assert [e.id for e in load_entities([path])] == ["place/bakhmut", "event/x"]


def test_two_entities_may_share_a_name(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "lex.yaml",
        """\
        - id: place/andriivka-donetsk
          type: place
          name: Andriivka
          names: {uk: Андріївка}
        - id: place/andriivka-kharkiv
          type: place
          name: Andriivka
          names: {uk: Андріївка}
        """,
    )
    assert [e.name for e in load_entities([path])] == ["Andriivka", "Andriivka"]


def test_one_entity_may_repeat_an_alias_in_two_languages(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "lex.yaml",
        """\
        - id: place/x
          type: place
          name: X
          names: {uk: Ікс}
          aliases:
            de: [Iks]
            nl: [Iks]
        """,
    )
    assert load_entities([path])[0].aliases == {"de": ("Iks",), "nl": ("Iks",)}


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("- id: place/x\n  name: [unclosed\n  type: place\n", 3, id="unclosed-bracket"),
        pytest.param("- id: place/x\n  type: place\n\t- tab\n", 3, id="tab"),
        pytest.param("- id: place/x\n  type: place\n  name: 'open\n", 4, id="unclosed-quote"),
    ],
)
def test_invalid_yaml(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "lex.yaml"
    path.write_text(text, encoding="utf-8")
    got, message = only_error(path)
    assert got == line
    assert "YAML" in message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("# header\nid: place/x\ntype: place\n", 2, id="mapping"),
        pytest.param("just some text\n", 1, id="scalar"),
    ],
)
def test_top_level_must_be_a_list(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "lex.yaml"
    path.write_text(text, encoding="utf-8")
    got, message = only_error(path)
    assert got == line
    assert "list" in message


def test_unreadable_file_is_a_lexicon_error(tmp_path: Path) -> None:
    path = tmp_path / "lex.yaml"
    path.write_bytes(b"- id: place/x\n  name: \xff\n")
    got, message = only_error(path)
    assert got == 1
    assert "read" in message


def test_all_errors_of_a_file_are_reported_together(tmp_path: Path) -> None:
    text = (
        VALID
        + """\
- id: place/a
  type: place
  name: A
  names: {uk: А}
  colour: red
- id: place/b
  type: place
  name: B
  names: {uk: Bee}
- id: place/c
  type: place
  name: C
  names: {uk: Сі}
  attributes:
    lat: 91
    wikidata: C1
- id: place/bakhmut
  type: place
  name: D
  names: {uk: Д}
"""
    )
    path = write(tmp_path, "lex.yaml", text)
    first = VALID_LINES + 1
    errors = located(errors_of(path))
    lines = sorted(line for _file, line, _message in errors)
    # colour; uk 'Bee' is not Cyrillic (and then no Cyrillic name: one or two errors);
    # lat; wikidata; duplicate id.
    required = {first + 4, first + 8, first + 14, first + 15, first + 16}
    assert required <= set(lines)
    assert set(lines) <= required | {first + 5}  # the record line of place/b
    assert all(file == str(path) for file, _line, _message in errors)


def test_errors_of_several_files_are_reported_together(tmp_path: Path) -> None:
    one = write(tmp_path, "one.yaml", VALID + "- id: place/x\n  type: place\n  name: X\n  names: {uk: X}\n")
    two = write(tmp_path, "two.yaml", "- [broken\n")
    three = write(tmp_path, "three.yaml", "- id: Bad\n  type: place\n  name: B\n  names: {uk: Б}\n")
    files = {file for file, _line, _message in located(errors_of(one, two, three))}
    assert files == {str(one), str(two), str(three)}


def test_unknown_key_does_not_hide_attribute_errors(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "lex.yaml",
        """\
        - id: place/x
          type: place
          name: X
          names: {uk: Ікс}
          colour: red
          attributes:
            lat: 200
        """,
    )
    lines = sorted(line for _file, line, _message in located(errors_of(path)))
    assert lines == [5, 7]


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("2022-02-30", id="impossible-date"),
        pytest.param("!!python/name:os.system x", id="unsafe-tag"),
        pytest.param("!custom x", id="unknown-tag"),
        pytest.param("9" * 400, id="huge-integer"),
        pytest.param("&loop [*loop]", id="recursive-anchor"),
    ],
)
def test_unconstructible_values_are_lexicon_errors(tmp_path: Path, value: str) -> None:
    path = write(
        tmp_path,
        "lex.yaml",
        f"- id: place/x\n  type: place\n  name: X\n  names: {{uk: Ікс}}\n  attributes:\n    population: {value}\n",
    )
    line, _message = only_error(path)
    assert line == 6
