"""The ``normalize`` command: resolve names, annotate files, list spellings, check lexicons.

The only module that prints or exits. Every failure the user can cause (a missing file, a
directory, binary data, invalid UTF-8, a broken lexicon) ends with one line on stderr and
a documented exit code, never a traceback:

    0  success
    2  bad command line (usage)
    3  an input could not be read (missing, unreadable, a directory, binary, not UTF-8,
       or a name argument that is not UTF-8); the other inputs are still processed
    4  a lexicon file is invalid, missing or unreadable
    130 interrupted
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from . import __version__
from .lexicon import LexiconError, default_lexicon_paths, load_entities
from .model import ENTITY_TYPES, Match, Mention
from .normalizer import Normalizer

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_LEXICON = 4
EXIT_INTERRUPTED = 130


class InputError(Exception):
    """An input file or stream cannot be used; the message is shown to the user."""


def decode_input(data: bytes, label: str) -> str:
    """Decode bytes as UTF-8 text, refusing binary data with a clear message."""
    if b"\x00" in data:
        raise InputError(f"{label}: binary input (contains NUL bytes), expected UTF-8 text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: not valid UTF-8 (byte offset {exc.start})") from None


def read_input(name: str) -> str:
    """The text of a file, or of standard input for ``-``."""
    if name == "-":
        return decode_input(sys.stdin.buffer.read(), "<stdin>")
    path = Path(name)
    try:
        if path.is_dir():
            raise InputError(f"{name}: is a directory")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    return decode_input(data, name)


def _match_fields(match: Match | None) -> dict[str, object]:
    if match is None:
        return {
            "id": None,
            "name": None,
            "type": None,
            "score": None,
            "method": None,
            "form": None,
            "rules": [],
            "convention": None,
        }
    return {
        "id": match.entity.id,
        "name": match.entity.name,
        "type": match.entity.type,
        "score": match.score,
        "method": match.method,
        "form": match.form,
        "rules": list(match.rules),
        "convention": match.convention,
    }


def resolve_record(query: str, match: Match | None) -> dict[str, object]:
    """The JSON Lines object for one resolved name (documented in docs/cli.md)."""
    return {"query": query, **_match_fields(match)}


def mention_record(mention: Mention, file: str | None) -> dict[str, object]:
    """The JSON Lines object for one mention (documented in docs/cli.md)."""
    record: dict[str, object] = {"start": mention.start, "end": mention.end, "text": mention.text}
    record.update(_match_fields(mention.match))
    if file is not None:
        record["file"] = file
    return record


_LINE_BREAK_ESCAPES = {0x2028: "\\u2028", 0x2029: "\\u2029", 0x85: "\\u0085"}


def json_line(record: dict[str, object]) -> str:
    """One JSON object on one line; line separators inside strings are escaped so
    that readers splitting on any Unicode line break still see one object per line."""
    return json.dumps(record, ensure_ascii=False).translate(_LINE_BREAK_ESCAPES) + "\n"


def _json_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False).translate(_LINE_BREAK_ESCAPES)


class MentionLines:
    """`json_line(mention_record(...))`, faster: the match's fields are encoded once per
    distinct `Match` object (a document repeats its names; the resolver's memo returns
    the same object), and only the offsets and the text are encoded per mention."""

    def __init__(self) -> None:
        self._tails: dict[int, tuple[Match | None, str]] = {}

    def line(self, mention: Mention, file: str | None) -> str:
        match = mention.match
        cached = self._tails.get(id(match))
        if cached is None or cached[0] is not match:
            body = json_line(_match_fields(match))  # '{"id": ..., "convention": ...}\n'
            cached = (match, body[1:-2])
            if len(self._tails) > 100_000:
                self._tails.clear()
            self._tails[id(match)] = cached
        text = _json_string(mention.text)
        where = "" if file is None else ', "file": ' + _json_string(file)
        return f'{{"start": {mention.start}, "end": {mention.end}, "text": {text}, {cached[1]}{where}}}\n'


class Output:
    """UTF-8 output to a binary stream, whatever the locale, written in blocks of about
    64 KB (the stream may be unbuffered: PYTHONUNBUFFERED, a pipe) and on `flush`."""

    BLOCK = 1 << 16

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.pending: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.pending.append(text)
        self.size += len(text)
        if self.size >= self.BLOCK:
            self.flush()

    def flush(self) -> None:
        """Write what is pending and flush the stream."""
        if self.pending:
            self.stream.write("".join(self.pending).encode("utf-8", "replace"))
            self.pending, self.size = [], 0
        self.stream.flush()

    def json(self, record: dict[str, object]) -> None:
        """One JSON object on one line (see `json_line`)."""
        self.write(json_line(record))

    def table(self, header: Sequence[str], rows: list[list[str]]) -> None:
        widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
        for row in [list(header), *rows]:
            self.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() + "\n")


def _score(match: Match | None) -> str:
    return "" if match is None else f"{match.score:.3f}"


def _names(args: argparse.Namespace) -> list[str]:
    """Names from the command line, else one per line (split at \\n only) from stdin.

    A name argument that is not UTF-8 is reported on stderr and left out; the others are
    still processed, and `args.status` records the input error for the exit code.
    """
    if args.names:
        names = []
        for name in args.names:
            try:
                name.encode("utf-8")
            except UnicodeEncodeError:
                _error(f"argument {name.encode('utf-8', 'surrogateescape')!r} is not valid UTF-8")
                args.status = EXIT_INPUT
                continue
            names.append(name)
        return names
    data = decode_input(sys.stdin.buffer.read(), "<stdin>")
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.strip() for line in lines]


def cmd_resolve(args: argparse.Namespace, normalizer: Normalizer, out: Output) -> int:
    types = args.types.split(",") if args.types else None
    results = [(name, normalizer.resolve(name, lang=args.lang, types=types)) for name in _names(args)]
    if args.format == "jsonl":
        for name, match in results:
            out.json(resolve_record(name, match))
    else:
        unresolved = ["-", "-", "", "", ""]
        rows = [
            [name, m.entity.id, m.entity.name, m.entity.type, _score(m), m.method] if m else [name, *unresolved]
            for name, m in results
        ]
        out.table(["query", "id", "name", "type", "score", "method"], rows)
    return int(args.status)


def cmd_variants(args: argparse.Namespace, normalizer: Normalizer, out: Output) -> int:
    langs = [lang.strip() for lang in args.lang.split(",") if lang.strip()] if args.lang else None
    for name in _names(args):
        entity = normalizer.variants_entity(name)
        spellings = normalizer.variants(name, langs=langs)
        if args.format == "jsonl":
            out.json({"query": name, "id": entity.id if entity else None, "variants": spellings})
            continue
        label = f"{name} ({entity.id})" if entity else name
        rows = [[lang, ", ".join(forms)] for lang, forms in spellings.items()]
        out.write(f"{label}\n")
        if rows:
            out.table(["lang", "spellings"], rows)
        else:
            out.write("  (no spellings: not in the lexicons and not Cyrillic)\n")
    return int(args.status)


def cmd_annotate(args: argparse.Namespace, normalizer: Normalizer, out: Output) -> int:
    files = args.files or ["-"]
    several = len(files) > 1
    types = args.types.split(",") if args.types else None
    status = EXIT_OK
    table_rows: list[list[str]] = []
    for name in files:
        try:
            text = read_input(name)
        except InputError as exc:
            _error(str(exc))
            status = EXIT_INPUT
            continue
        label = "<stdin>" if name == "-" else name
        if args.format == "text":
            out.write(normalizer.replace(text, lang=args.lang, types=types))
            continue
        mentions = normalizer.annotate(text, lang=args.lang, types=types)
        if args.format == "jsonl":
            lines, file = MentionLines(), label if several else None
            for mention in mentions:
                out.write(lines.line(mention, file))
        else:
            prefix = [label] if several else []
            table_rows += [
                [*prefix, str(m.start), str(m.end), m.text, m.match.entity.id, _score(m.match), m.match.method]
                for m in mentions
            ]
    if args.format == "table":
        out.table([*(["file"] if several else []), "start", "end", "text", "id", "score", "method"], table_rows)
    return status


def cmd_lexicon_check(args: argparse.Namespace, out: Output) -> int:
    bundled = [] if args.no_bundled else default_lexicon_paths()
    paths = [*bundled, *map(Path, args.lexicon), *map(Path, args.files)]
    try:
        entities = load_entities(paths)
    except LexiconError as exc:
        for line in exc.errors:
            sys.stderr.write(line + "\n")
        _error(f"{len(exc.errors)} problem(s) in the lexicons")
        return EXIT_LEXICON
    by_type: dict[str, int] = {}
    for entity in entities:
        by_type[entity.type] = by_type.get(entity.type, 0) + 1
    summary = ", ".join(f"{count} {kind}" for kind, count in sorted(by_type.items()))
    out.write(f"ok: {len(entities)} entities in {len(paths)} file(s) ({summary})\n")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="normalize",
        description="Link spelling variants of named entities (places, people, units, weapons) to canonical entities.",
        epilog="Exit codes: 0 ok, 2 usage, 3 unreadable input, 4 invalid lexicon. See docs/cli.md.",
    )
    parser.add_argument("--version", action="version", version=f"normalize {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lexicon", action="append", default=[], metavar="FILE", help="extra lexicon file (repeatable)"
    )
    common.add_argument("--no-bundled", action="store_true", help="do not load the bundled lexicons")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    resolve = commands.add_parser(
        "resolve", parents=[common], help="resolve names (arguments, or one per line on stdin)"
    )
    resolve.add_argument("names", nargs="*", metavar="NAME")
    resolve.add_argument("--format", choices=["table", "jsonl"], default="table")
    resolve.add_argument("--lang", help="language hint (ISO 639-1)")
    resolve.add_argument("--types", help="comma-separated entity types to consider")

    annotate = commands.add_parser("annotate", parents=[common], help="link the names in text files (or stdin)")
    annotate.add_argument("files", nargs="*", metavar="FILE", help="files to read; '-' or none for stdin")
    annotate.add_argument("--format", choices=["jsonl", "text", "table"], default="jsonl")
    annotate.add_argument("--lang", help="language hint (ISO 639-1)")
    annotate.add_argument("--types", help="comma-separated entity types to link")

    variants = commands.add_parser(
        "variants", parents=[common], help="spellings of names by language (arguments, or one per line on stdin)"
    )
    variants.add_argument("names", nargs="*", metavar="NAME", help="an entity id, a known name or a Cyrillic name")
    variants.add_argument("--lang", help="comma-separated language codes to show (default: all)")
    variants.add_argument("--format", choices=["table", "jsonl"], default="table")

    lexicon = commands.add_parser("lexicon", help="lexicon tools")
    lexicon_commands = lexicon.add_subparsers(dest="lexicon_command", required=True, metavar="ACTION")
    check = lexicon_commands.add_parser("check", parents=[common], help="validate lexicon files")
    check.add_argument("files", nargs="*", metavar="FILE", help="more lexicon files to check")
    return parser


def _error(message: str) -> None:
    sys.stderr.write(f"normalize: {message}\n")


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.status = EXIT_OK
    types = getattr(args, "types", None)
    if types:
        wanted = [kind.strip() for kind in types.split(",") if kind.strip()]
        unknown = sorted(set(wanted) - set(ENTITY_TYPES))
        if unknown:
            parser.error(f"unknown entity type(s) {', '.join(unknown)}; known: {', '.join(ENTITY_TYPES)}")
        args.types = ",".join(wanted)
    out = Output(sys.stdout.buffer)
    if args.command == "lexicon":
        try:
            return cmd_lexicon_check(args, out)
        finally:
            out.flush()
    try:
        normalizer = Normalizer(args.lexicon, bundled=not args.no_bundled)
    except LexiconError as exc:
        for line in exc.errors:
            sys.stderr.write(line + "\n")
        _error("invalid lexicon; run 'normalize lexicon check' for details")
        return EXIT_LEXICON
    except OSError as exc:
        _error(f"cannot read lexicon: {exc}")
        return EXIT_LEXICON
    try:
        if args.command == "resolve":
            return cmd_resolve(args, normalizer, out)
        if args.command == "variants":
            return cmd_variants(args, normalizer, out)
        return cmd_annotate(args, normalizer, out)
    except InputError as exc:
        _error(str(exc))
        return EXIT_INPUT
    finally:
        out.flush()


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: run, flush, exit with the documented code."""
    try:
        code = run(argv)
        sys.stdout.flush()
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        code = EXIT_OK
        _silence_stdout()
    sys.exit(code)


def _silence_stdout() -> None:
    """After the reader closed the pipe, stop Python from complaining at exit."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
