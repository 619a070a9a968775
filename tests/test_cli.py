"""The command line, run as a subprocess, keeps the contract of docs/cli.md.

Most tests use a small lexicon written here (`--no-bundled --lexicon FILE`) so that they
do not depend on the bundled lexicons; a few check the bundled ones on entities that are
sure to exist.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import normalize
from normalize.batch import Job, annotate_input

ROOT = Path(__file__).resolve().parent.parent

LEXICON = """\
- id: place/bakhmut
  type: place
  name: Bakhmut
  names: {uk: Бахмут, ru: Бахмут}
  aliases:
    nl: [Bachmoet]
    de: [Bachmut]
  former:
    en: [Artemivsk]
- id: place/kyiv
  type: place
  name: Kyiv
  names: {uk: Київ, ru: Киев}
  aliases:
    de: [Kiew]
- id: person/yevgeny-prigozhin
  type: person
  name: Yevgeny Prigozhin
  names: {ru: Евгений Пригожин}
- id: equipment/storm-shadow
  type: equipment
  name: Storm Shadow
  names: {uk: Шторм Шедоу}
- id: org/isw
  type: org
  name: Institute for the Study of War
  names: {uk: Інститут вивчення війни}
  aliases:
    en: [ISW]
"""


def documented_fields(command: str) -> set[str]:
    """The JSON Lines fields that docs/cli.md lists for `normalize COMMAND`: the contract."""
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    section = text.split(f"## `normalize {command}", 1)[1].split("\n## ", 1)[0]
    fields: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            fields.update(re.findall(r"`([a-z_]+)`", line.split("|")[1]))
    return fields


# Fields are only ever added: these must always be there.
RESOLVE_MINIMUM = {"query", "id", "name", "type", "score", "method", "form", "rules"}
MENTION_MINIMUM = {"start", "end", "text", "id", "name", "type", "score", "method", "form", "rules"}
RESOLVE_KEYS = documented_fields("resolve")
MENTION_KEYS = documented_fields("annotate") - {"file"}


def unresolved(record: dict[str, object]) -> bool:
    """Whether a resolve record says "no entity": null fields, no rules."""
    return record["rules"] == [] and all(record[k] is None for k in RESOLVE_KEYS - {"query", "rules"})


def check_field_types(record: dict[str, object]) -> None:
    """The documented types of the match fields (resolve and annotate share them)."""
    resolved = record["id"] is not None
    for name in ("id", "name", "form"):
        assert isinstance(record[name], str) if resolved else record[name] is None, (name, record)
    assert record["type"] in ({"place", "person", "org", "unit", "equipment", "event"} if resolved else {None})
    assert record["method"] in ({"exact", "alias", "transliteration", "fuzzy"} if resolved else {None})
    score = record["score"]
    assert (isinstance(score, float) and 0.0 < score <= 1.0) if resolved else score is None
    rules = record["rules"]
    assert isinstance(rules, list) and all(isinstance(rule, str) for rule in rules)
    if "convention" in record:
        assert record["convention"] is None or isinstance(record["convention"], str)


def test_documented_fields_keep_the_original_contract() -> None:
    assert RESOLVE_MINIMUM <= RESOLVE_KEYS
    assert MENTION_MINIMUM <= MENTION_KEYS
    assert "file" in documented_fields("annotate")
    assert RESOLVE_KEYS - {"query"} == MENTION_KEYS - {"start", "end", "text"}  # "as for resolve"


# An article with a BOM, CRLF line ends, a character outside the BMP and Cyrillic text, so
# that offsets are only right when they count code points of the text exactly as stored.
ARTICLE = (
    "\ufeffHeavy shelling in Bachmoet. 🚀 Two Storm Shadows hit.\r\n"
    "\r\n"
    "Бої за Бахмут тривають, повідомляє ISW.\r\n"
    "In Kiew, officials said Prigozhin lied."
)
ARTICLE_MENTIONS = [
    ("Bachmoet", "place/bakhmut"),
    ("Storm Shadows", "equipment/storm-shadow"),
    ("Бахмут", "place/bakhmut"),
    ("ISW", "org/isw"),
    ("Kiew", "place/kyiv"),
    ("Prigozhin", "person/yevgeny-prigozhin"),
]
ARTICLE_REPLACED = (
    "\ufeffHeavy shelling in Bakhmut. 🚀 Two Storm Shadow hit.\r\n"
    "\r\n"
    "Бої за Bakhmut тривають, повідомляє Institute for the Study of War.\r\n"
    "In Kyiv, officials said Yevgeny Prigozhin lied."
)


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    """`python -m normalize ARGS` from the project root; never a traceback on stderr."""
    proc = subprocess.run(
        [sys.executable, "-m", "normalize", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert b"Traceback" not in proc.stderr, proc.stderr.decode("utf-8", "replace")
    return proc


def jsonl(proc: subprocess.CompletedProcess[bytes]) -> list[dict[str, object]]:
    text = proc.stdout.decode("utf-8")
    assert text == "" or text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def stderr_lines(proc: subprocess.CompletedProcess[bytes]) -> list[str]:
    return proc.stderr.decode("utf-8").splitlines()


@pytest.fixture(scope="module")
def lexicon(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lexicon") / "test.yaml"
    path.write_text(LEXICON, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def own(lexicon: Path) -> list[str]:
    """Options that load only the test lexicon."""
    return ["--no-bundled", "--lexicon", str(lexicon)]


@pytest.fixture(scope="module")
def article(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("article") / "article.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    return path


def read_text(path: Path) -> str:
    """A file's text exactly as stored, as docs/cli.md counts offsets."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def splice(text: str, records: list[dict[str, object]]) -> str:
    """`text` with each record's span replaced by its name (the contract of --format text)."""
    pieces, cursor = [], 0
    for record in records:
        start, end = record["start"], record["end"]
        assert isinstance(start, int) and isinstance(end, int)
        pieces += [text[cursor:start], str(record["name"])]
        cursor = end
    return "".join([*pieces, text[cursor:]])


# --- resolve ----------------------------------------------------------------------------


def test_resolve_jsonl_one_object_per_name_in_order(own: list[str]) -> None:
    names = ["Bachmoet", "Zzyzx Qwrt", "Kiew", "Storm Shadow", "Artemivsk", "Бахмут"]
    proc = run("resolve", *own, "--format", "jsonl", *names)
    assert proc.returncode == 0
    records = jsonl(proc)
    assert [r["query"] for r in records] == names
    for record in records:
        assert set(record) == RESOLVE_KEYS
        check_field_types(record)
    assert [r["id"] for r in records] == [
        "place/bakhmut",
        None,
        "place/kyiv",
        "equipment/storm-shadow",
        "place/bakhmut",
        "place/bakhmut",
    ]
    assert unresolved(records[1])
    first = records[0]
    assert first["name"] == "Bakhmut"
    assert first["type"] == "place"
    assert first["method"] == "alias"
    assert first["form"] == "Bachmoet"
    assert first["rules"] == []
    assert isinstance(first["score"], float) and 0 < first["score"] <= 1
    assert records[4]["method"] == "alias"  # a former name
    assert records[5]["method"] == "exact"


def test_resolve_reads_names_from_stdin_keeping_lines_aligned(own: list[str]) -> None:
    stdin = "Bachmoet\r\n\r\nKiew\n   \nZzyzx Qwrt\nПригожин".encode()  # no final newline
    proc = run("resolve", *own, "--format", "jsonl", stdin=stdin)
    assert proc.returncode == 0
    records = jsonl(proc)
    assert [r["query"] for r in records] == ["Bachmoet", "", "Kiew", "", "Zzyzx Qwrt", "Пригожин"]
    assert [r["id"] for r in records] == [
        "place/bakhmut",
        None,
        "place/kyiv",
        None,
        None,
        "person/yevgeny-prigozhin",
    ]
    assert records[5]["rules"] == ["surname"]
    for record in (records[1], records[3], records[4]):
        assert set(record) == RESOLVE_KEYS
        assert unresolved(record)


def test_resolve_empty_stdin_writes_nothing(own: list[str]) -> None:
    proc = run("resolve", *own, "--format", "jsonl", stdin=b"")
    assert proc.returncode == 0
    assert proc.stdout == b""


def test_resolve_stdin_lines_are_split_at_line_feeds_only(own: list[str]) -> None:
    stdin = "Kiew\u2028Kyiv\nBachmoet\x0cX\nA\x85B\n".encode()
    proc = run("resolve", *own, "--format", "jsonl", stdin=stdin)
    assert proc.returncode == 0
    assert len(jsonl(proc)) == 3


def test_resolve_table(own: list[str]) -> None:
    proc = run("resolve", *own, "Bachmoet", "Zzyzx", "Prigozhin")
    assert proc.returncode == 0
    lines = proc.stdout.decode("utf-8").splitlines()
    assert len(lines) == 4
    assert lines[0].split() == ["query", "id", "name", "type", "score", "method"]
    assert lines[1].split()[:2] == ["Bachmoet", "place/bakhmut"]
    assert lines[2].split()[0] == "Zzyzx"
    assert "person/yevgeny-prigozhin" in lines[3]
    # aligned columns: every column starts at the same offset on every line
    column = lines[0].index("id")
    assert all(line[column - 2 : column] == "  " for line in lines)


def test_resolve_types_filter(own: list[str]) -> None:
    proc = run("resolve", *own, "--format", "jsonl", "--types", "person,org", "Bachmoet", "ISW")
    assert proc.returncode == 0
    assert [r["id"] for r in jsonl(proc)] == [None, "org/isw"]


def test_resolve_with_bundled_lexicons() -> None:
    names = ["Bachmoet", "Бахмут", "Prigozhin", "Storm Shadow", "ISW", "Zelensky"]
    proc = run("resolve", "--format", "jsonl", *names)
    assert proc.returncode == 0
    assert [r["id"] for r in jsonl(proc)] == [
        "place/bakhmut",
        "place/bakhmut",
        "person/yevgeny-prigozhin",
        "equipment/storm-shadow",
        "org/isw",
        "person/volodymyr-zelensky",
    ]


def test_resolve_non_utf8_argument_keeps_output_utf8(own: list[str]) -> None:
    name = os.fsdecode(b"Ba\xffkhmut")  # what Python makes of a non-UTF-8 argv entry
    proc = run("resolve", *own, "--format", "jsonl", name)
    assert proc.returncode in (0, 3)
    proc.stdout.decode("utf-8")  # valid UTF-8 (or nothing)
    assert all(line.startswith("normalize:") for line in stderr_lines(proc))


# --- annotate ---------------------------------------------------------------------------


def test_annotate_jsonl_offsets_slice_the_stored_text(own: list[str], article: Path) -> None:
    proc = run("annotate", *own, str(article))
    assert proc.returncode == 0
    assert proc.stderr == b""
    records = jsonl(proc)
    text = read_text(article)
    assert [(r["text"], r["id"]) for r in records] == ARTICLE_MENTIONS
    for record in records:
        assert set(record) == MENTION_KEYS  # no "file" for a single input
        check_field_types(record)
        start, end = record["start"], record["end"]
        assert isinstance(start, int) and isinstance(end, int)
        assert text[start:end] == record["text"]
    assert records[0]["start"] == text.index("Bachmoet")  # the BOM counts as one code point
    assert records[-1]["start"] == text.index("Prigozhin")  # each \r counts as one
    plural = records[1]
    assert plural["rules"] == ["plural:s"]
    assert plural["name"] == "Storm Shadow"
    assert plural["type"] == "equipment"
    assert plural["form"] == "Storm Shadow"
    assert records[-1]["rules"] == ["surname"]


@pytest.mark.parametrize("args", [[], ["-"]], ids=["no-file", "dash"])
def test_annotate_reads_stdin(own: list[str], args: list[str]) -> None:
    proc = run("annotate", *own, *args, stdin=ARTICLE.encode("utf-8"))
    assert proc.returncode == 0
    records = jsonl(proc)
    assert [(r["text"], r["id"]) for r in records] == ARTICLE_MENTIONS
    assert all(set(r) == MENTION_KEYS for r in records)
    assert all(ARTICLE[r["start"] : r["end"]] == r["text"] for r in records)  # type: ignore[misc]


def test_annotate_several_inputs_name_the_file(own: list[str], article: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Nothing here.\nThen Kiew.\n", encoding="utf-8")
    proc = run("annotate", *own, str(article), "-", str(other), stdin=b"ISW says")
    assert proc.returncode == 0
    records = jsonl(proc)
    assert all(set(r) == MENTION_KEYS | {"file"} for r in records)
    assert [(r["file"], r["text"]) for r in records] == [
        *((str(article), surface) for surface, _id in ARTICLE_MENTIONS),
        ("<stdin>", "ISW"),
        (str(other), "Kiew"),
    ]
    last = records[-1]
    assert read_text(other)[last["start"] : last["end"]] == "Kiew"  # type: ignore[misc]


def test_annotate_text_replaces_mentions_and_keeps_everything_else(own: list[str], article: Path) -> None:
    proc = run("annotate", *own, "--format", "text", str(article))
    assert proc.returncode == 0
    assert proc.stdout == ARTICLE_REPLACED.encode("utf-8")
    records = jsonl(run("annotate", *own, str(article)))
    assert splice(read_text(article), records) == ARTICLE_REPLACED


NO_MENTIONS = {
    "crlf.txt": b"no names here,\r\njust words.\r\n",
    "bom.txt": "\ufeffnothing to see; only lower case.\n".encode(),
    "no-final-newline.txt": "тут немає назв\nі тут".encode(),
    "empty.txt": b"",
    "blank-lines.txt": b"\n\n \t\n",
    "mixed-ends.txt": b"a\rb\nc\r\nd",
}


def test_annotate_text_is_byte_identical_without_mentions(own: list[str], tmp_path: Path) -> None:
    paths = []
    for name, data in NO_MENTIONS.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))
    jsonl_proc = run("annotate", *own, *paths)
    assert jsonl_proc.returncode == 0
    assert jsonl_proc.stdout == b""  # the premise: none of these has a mention
    proc = run("annotate", *own, "--format", "text", *paths)
    assert proc.returncode == 0
    assert proc.stdout == b"".join(NO_MENTIONS.values())
    stdin = NO_MENTIONS["bom.txt"] + NO_MENTIONS["crlf.txt"]
    proc = run("annotate", *own, "--format", "text", stdin=stdin)
    assert proc.stdout == stdin


def test_annotate_table(own: list[str], article: Path) -> None:
    proc = run("annotate", *own, "--format", "table", str(article))
    assert proc.returncode == 0
    lines = proc.stdout.decode("utf-8").splitlines()
    assert lines[0].split() == ["start", "end", "text", "id", "score", "method"]
    assert len(lines) == 1 + len(ARTICLE_MENTIONS)
    for line, (surface, entity_id) in zip(lines[1:], ARTICLE_MENTIONS, strict=True):
        assert surface in line and entity_id in line


def test_annotate_types_filter(own: list[str], article: Path) -> None:
    proc = run("annotate", *own, "--types", "place", str(article))
    assert proc.returncode == 0
    assert [r["text"] for r in jsonl(proc)] == ["Bachmoet", "Бахмут", "Kiew"]


# --- unusable inputs --------------------------------------------------------------------


@pytest.fixture()
def bad_inputs(tmp_path: Path) -> dict[str, str]:
    """Unusable inputs by kind, as paths."""
    (tmp_path / "binary.txt").write_bytes(b"Bachmoet\x00\x01\x02")
    (tmp_path / "latin1.txt").write_bytes("Kiew und Bachmut für".encode("latin-1"))
    (tmp_path / "directory").mkdir()
    return {
        "missing": str(tmp_path / "missing.txt"),
        "directory": str(tmp_path / "directory"),
        "binary": str(tmp_path / "binary.txt"),
        "not-utf8": str(tmp_path / "latin1.txt"),
    }


def check_bad_input_errors(proc: subprocess.CompletedProcess[bytes], labels: list[str]) -> None:
    """Exit 3, exactly one 'normalize: LABEL: ...' line per bad input, in order."""
    assert proc.returncode == 3
    lines = stderr_lines(proc)
    assert len(lines) == len(labels), lines
    for line, label in zip(lines, labels, strict=True):
        assert line.startswith(f"normalize: {label}: "), line
        assert len(line) > len(f"normalize: {label}: ") + 5  # says what is wrong


@pytest.mark.parametrize("fmt", ["jsonl", "text"])
def test_bad_files_are_reported_and_good_files_still_processed(
    own: list[str], article: Path, tmp_path: Path, bad_inputs: dict[str, str], fmt: str
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Kiew\n", encoding="utf-8")
    bad = list(bad_inputs.values())
    files = [bad[0], str(article), bad[1], bad[2], str(good), bad[3]]
    proc = run("annotate", *own, "--format", fmt, *files)
    check_bad_input_errors(proc, bad)
    if fmt == "text":
        assert proc.stdout == (ARTICLE_REPLACED + "Kyiv\n").encode("utf-8")
    else:
        got = [(r["file"], r["text"]) for r in jsonl(proc)]
        expected = [(str(article), surface) for surface, _id in ARTICLE_MENTIONS]
        assert got == [*expected, (str(good), "Kiew")]


@pytest.mark.parametrize(
    "stdin",
    [
        pytest.param(b"Kiew\x00Kiew", id="binary"),
        pytest.param(b"Kiew \xe4 Bachmut", id="not-utf8"),
    ],
)
def test_bad_stdin_for_annotate(own: list[str], stdin: bytes) -> None:
    proc = run("annotate", *own, stdin=stdin)
    check_bad_input_errors(proc, ["<stdin>"])
    assert proc.stdout == b""


def test_bad_stdin_does_not_stop_the_other_files(own: list[str], article: Path) -> None:
    proc = run("annotate", *own, "-", str(article), stdin=b"\xff\xfe")
    check_bad_input_errors(proc, ["<stdin>"])
    assert [r["text"] for r in jsonl(proc)] == [surface for surface, _id in ARTICLE_MENTIONS]


def test_bad_stdin_for_resolve(own: list[str]) -> None:
    proc = run("resolve", *own, "--format", "jsonl", stdin=b"Kiew\nBach\x00moet\n\xc3\x28\n")
    check_bad_input_errors(proc, ["<stdin>"])


# --- lexicon check ----------------------------------------------------------------------


def test_lexicon_check_ok(own: list[str]) -> None:
    proc = run("lexicon", "check", *own)
    assert proc.returncode == 0
    out = proc.stdout.decode("utf-8")
    assert out.startswith("ok: 5 entities in 1 file(s)")
    assert out.count("\n") == 1
    assert proc.stderr == b""


def test_lexicon_check_bundled_ok() -> None:
    proc = run("lexicon", "check")
    assert proc.returncode == 0, proc.stderr.decode("utf-8")
    assert proc.stdout.startswith(b"ok: ")


BROKEN = """\
- id: place/a
  type: place
  name: A
  names: {uk: А}
  aliases: {en: [Alpha]}
- id: place/a
  type: place
  name: A again
  names: {uk: Аа}
- id: place/b
  type: place
  name: B
  names: {uk: Б}
  flavour: sweet
- id: place/c
  type: place
  name: ""
  names: {uk: В}
- id: place/d
  type: place
  name: D
  names: {uk: Д}
  aliases: {de: [ALPHA]}
"""
BROKEN_LINES = {6, 14, 17, 19}  # duplicate id, unknown key, empty name, claimed alias

BAD_YAML = """\
- id: place/e
  type: place
  name: [E
  names: {uk: Е}
"""


@pytest.fixture()
def broken(tmp_path: Path) -> tuple[Path, Path]:
    broken, bad_yaml = tmp_path / "broken.yaml", tmp_path / "bad-yaml.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    bad_yaml.write_text(BAD_YAML, encoding="utf-8")
    return broken, bad_yaml


def lexicon_error_lines(proc: subprocess.CompletedProcess[bytes], path: Path) -> set[int]:
    prefix = f"{path}:"
    found = set()
    for line in stderr_lines(proc):
        if line.startswith(prefix):
            number = line[len(prefix) :].split(":", 1)[0]
            assert number.isdigit(), line
            found.add(int(number))
    return found


def test_lexicon_check_broken(broken: tuple[Path, Path]) -> None:
    broken_file, bad_yaml = broken
    proc = run("lexicon", "check", "--no-bundled", str(broken_file), str(bad_yaml))
    assert proc.returncode == 4
    assert proc.stdout == b""
    assert lexicon_error_lines(proc, broken_file) in (BROKEN_LINES, (BROKEN_LINES - {17}) | {15})
    assert lexicon_error_lines(proc, bad_yaml) == {4}
    for line in stderr_lines(proc):
        assert line.startswith((f"{broken_file}:", f"{bad_yaml}:", "normalize:")), line


@pytest.mark.parametrize("command", [["resolve", "Kiew"], ["annotate", "-"]])
def test_commands_refuse_a_broken_lexicon(broken: tuple[Path, Path], command: list[str]) -> None:
    broken_file, _bad_yaml = broken
    proc = run(*command, "--no-bundled", "--lexicon", str(broken_file), stdin=b"Kiew")
    assert proc.returncode == 4
    assert proc.stdout == b""
    assert lexicon_error_lines(proc, broken_file)


def test_lexicon_check_impossible_date_is_a_lexicon_error(tmp_path: Path) -> None:
    path = tmp_path / "dates.yaml"
    path.write_text("- id: event/x\n  type: event\n  name: 2022-02-30\n  names: {uk: Ікс}\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "normalize", "lexicon", "check", "--no-bundled", str(path)],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert b"Traceback" not in proc.stderr
    assert proc.returncode == 4
    assert lexicon_error_lines(proc, path) == {3}


# --- usage ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        pytest.param(["--help"], 0, id="help"),
        pytest.param(["--no-such-option"], 2, id="bad-option"),
        pytest.param(["resolve", "--format", "xml", "Kiew"], 2, id="bad-format"),
        pytest.param([], 2, id="no-command"),
    ],
)
def test_usage(args: list[str], code: int) -> None:
    proc = run(*args)
    assert proc.returncode == code
    if code == 0:
        assert proc.stdout.strip()
    else:
        assert b"usage:" in proc.stderr
        assert proc.stdout == b""


# --- closed pipe ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "text"])
def test_closed_output_pipe_is_quiet(own: list[str], tmp_path: Path, fmt: str) -> None:
    big = tmp_path / "big.txt"
    line = "Heavy shelling in Bachmoet and Kiew, ISW said. Prigozhin.\n"
    big.write_text(line * 5_000, encoding="utf-8")  # the output is far larger than a pipe buffer
    normalize_cmd = shlex.join([sys.executable, "-m", "normalize", "annotate", *own, "--format", fmt, str(big)])
    status, err_file = tmp_path / "status", tmp_path / "err"
    script = (
        f"{normalize_cmd} 2>{shlex.quote(str(err_file))} | head -c 100; "
        f'echo "${{PIPESTATUS[0]}}" > {shlex.quote(str(status))}'
    )
    proc = subprocess.run(["bash", "-c", script], capture_output=True, cwd=ROOT, timeout=120, check=False)
    assert len(proc.stdout) == 100
    err = err_file.read_bytes()
    assert b"Traceback" not in err
    assert b"Error" not in err
    assert err == b""
    assert status.read_text().strip() in ("0", "141")


def test_annotate_jobs_give_the_same_output_in_the_same_order(tmp_path: Path) -> None:
    """--jobs shares the files among processes; the output is byte for byte the same, and a
    bad file is reported without stopping the others."""
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Kyiv \xff\xfe")
    files = [str(seeds[0]), str(bad), *map(str, seeds[1:])]
    one = run("annotate", *files)
    three = run("annotate", "--jobs", "3", *files)
    assert one.returncode == three.returncode == 3
    assert one.stdout == three.stdout and one.stdout
    assert stderr_lines(one) == stderr_lines(three) == [f"normalize: {bad}: not valid UTF-8 (byte offset 5)"]
    for fmt in ("text", "table"):
        assert run("annotate", "--format", fmt, *map(str, seeds)).stdout == run(
            "annotate", "--format", fmt, "-j", "2", *map(str, seeds)
        ).stdout


def test_annotate_progress_line_on_request(tmp_path: Path) -> None:
    seeds = sorted(map(str, (ROOT / "seeds").glob("*.txt")))
    quiet = run("annotate", *seeds)
    shown = run("annotate", "--progress", *seeds)
    assert quiet.stderr == b""  # stderr is no terminal here: no progress unless asked
    assert shown.stdout == quiet.stdout
    assert f"annotate: {len(seeds)}/{len(seeds)} inputs".encode() in shown.stderr


@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_annotate_jobs_must_be_a_positive_number(value: str) -> None:
    proc = run("annotate", "--jobs", value, str(ROOT / "seeds" / "README.md"))
    assert proc.returncode == 2 and b"--jobs" in proc.stderr


def test_a_file_larger_than_a_piece_keeps_exact_offsets(normalizer: normalize.Normalizer) -> None:
    """Long inputs are annotated piece by piece (bounded memory); offsets stay offsets into
    the whole input and the mentions are those of the articles annotated one by one."""
    articles = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    text = "\n\n".join(articles * 3)
    path = ROOT / "tests" / ".piece-test.txt"  # a file: the piece reader reads binary streams
    path.write_bytes(text.encode("utf-8"))
    try:
        lines: list[str] = []
        job = Job("jsonl", None, None, False)
        annotate_input(normalizer, str(path), job, lines.append, lambda _n: None, piece_bytes=3000)
    finally:
        path.unlink()
    records = [json.loads(line) for line in lines]
    assert records and all(text[r["start"] : r["end"]] == r["text"] for r in records)
    whole = {(r.start, r.match.entity.id) for r in normalizer.annotate(text)}
    pieces = {(r["start"], r["id"]) for r in records}
    assert len(pieces & whole) >= 0.9 * len(whole)  # context differs at piece edges only
