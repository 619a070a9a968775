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
import atexit
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from . import __version__
from .batch import (
    Job,
    Outcome,
    Progress,
    annotate_input,
    copy_output,
    input_size,
    run_parallel,
    table_rows,
)
from .lexicon import LexiconError, default_lexicon_paths, load_entities
from .model import ENTITY_TYPES, Match
from .normalizer import Normalizer
from .records import json_line, resolve_record
from .stream import InputError, decode_input

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_LEXICON = 4
EXIT_INTERRUPTED = 130


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
    """Annotate the inputs in order, each in pieces (bounded memory), in `--jobs` processes."""
    names = args.files or ["-"]
    several = len(names) > 1
    types = tuple(args.types.split(",")) if args.types else None
    job = Job("jsonl" if args.format == "table" else args.format, args.lang, types, several)
    status = EXIT_OK
    table_rows_: list[list[str]] = []
    lines: list[str] = []
    write = lines.append if args.format == "table" else out.write
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    progress = Progress(len(names), sum(map(input_size, names)), sys.stderr if show else None)

    def finished(outcome: Outcome) -> None:
        nonlocal status
        if outcome.output is not None:
            copy_output(outcome.output, write)
        if outcome.error is not None:
            _error(outcome.error)
            status = EXIT_INPUT
        progress.advance(outcome.size if outcome.output is not None else 0, files=1)

    parallel = [name for name in names if name != "-"] if args.jobs > 1 and len(names) > 1 else []
    if parallel and len(parallel) == len(names):
        for outcome in run_parallel(normalizer, names, job, args.jobs):
            finished(outcome)
    else:
        for name in names:
            try:
                annotate_input(normalizer, name, job, write, progress.advance)
            except InputError as exc:
                _error(str(exc))
                status = EXIT_INPUT
            progress.advance(files=1)
    progress.finish()
    if args.format == "table":
        table_rows_ = table_rows("".join(lines), several)
        out.table([*(["file"] if several else []), "start", "end", "text", "id", "score", "method"], table_rows_)
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
    annotate.add_argument(
        "--jobs", "-j", type=_positive, default=1, metavar="N", help="annotate N files at once (worker processes)"
    )
    annotate.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress line on stderr (default: when stderr is a terminal)",
    )

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


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


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
    """Console entry point: run, flush, exit with the documented code.

    As the process's own entry (no `argv` given) it ends with `os._exit` once the output is
    flushed: tearing down the loaded index and gazetteer object by object would cost every
    run tens of milliseconds for nothing. Called with `argv`, it raises SystemExit as usual.
    """
    try:
        code = run(argv)
        sys.stdout.flush()
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        code = EXIT_OK
        _silence_stdout()
    if argv is None:
        atexit._run_exitfuncs()  # what the program registered still runs; only the teardown is skipped
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (BrokenPipeError, OSError):
            _silence_stdout()
        os._exit(code)
    sys.exit(code)


def _silence_stdout() -> None:
    """After the reader closed the pipe, stop Python from complaining at exit."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
