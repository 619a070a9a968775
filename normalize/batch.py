"""Annotate many inputs, of any size: in pieces, in parallel, with a progress line.

Used by the ``annotate`` command. Each input is read in pieces (`stream.read_pieces`), so
memory stays bounded by the piece, not the file; with ``jobs > 1`` the files are shared out
among worker processes, each writing its output to a temporary file that the parent copies
to standard output in the order the files were given, so the output is the same, byte for
byte, whatever the number of jobs.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from . import stream as stream_module
from .normalizer import Normalizer
from .records import MentionLines
from .stream import InputError, read_pieces


@dataclass(frozen=True)
class Job:
    """What to do with each input."""

    format: str  # "jsonl", "text" or "table"
    lang: str | None
    types: tuple[str, ...] | None
    name_files: bool  # put a "file" field in each record (several inputs)


@dataclass
class Outcome:
    """One input done: its output (a temporary file, or None when written directly), the
    error that stopped it, and its size."""

    name: str
    output: str | None
    error: str | None
    size: int


def input_label(name: str) -> str:
    return "<stdin>" if name == "-" else name


def open_input(name: str) -> BinaryIO:
    """The binary stream of a file, or of standard input for ``-``.

    Raises:
        InputError: missing, a directory, unreadable.
    """
    if name == "-":
        return sys.stdin.buffer
    path = Path(name)
    try:
        if path.is_dir():
            raise InputError(f"{name}: is a directory")
        return path.open("rb")
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None


def input_size(name: str) -> int:
    try:
        return 0 if name == "-" else os.path.getsize(name)
    except OSError:
        return 0


def annotate_input(
    normalizer: Normalizer,
    name: str,
    job: Job,
    write: Callable[[str], None],
    advance: Callable[[int], None],
    piece_bytes: int | None = None,
) -> None:
    """Annotate one input piece by piece, writing its output as it goes.

    Raises:
        InputError: the input cannot be read (output for the pieces before stays written).
    """
    label = input_label(name)
    stream = open_input(name)
    try:
        lines = MentionLines()
        file = label if job.name_files else None
        for piece in read_pieces(stream, label, piece_bytes or stream_module.PIECE_BYTES):
            if job.format == "text":
                write(normalizer.replace(piece.text, lang=job.lang, types=job.types))
            else:
                for mention in normalizer.annotate(piece.text, lang=job.lang, types=job.types):
                    write(lines.line(mention, file, offset=piece.char_offset))
            advance(piece.size)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


class Progress:
    """A one-line progress report on a terminal: inputs done, megabytes, speed."""

    INTERVAL = 0.2

    def __init__(self, total_files: int, total_bytes: int, stream: TextIO | None) -> None:
        self.stream = stream
        self.total_files, self.total_bytes = total_files, total_bytes
        self.files = self.bytes = 0
        self.started = self.shown = time.monotonic()

    def advance(self, size: int = 0, files: int = 0) -> None:
        self.bytes += size
        self.files += files
        now = time.monotonic()
        last = bool(files) and self.files == self.total_files
        if self.stream is not None and (now - self.shown >= self.INTERVAL or last):
            self.shown = now
            rate = self.bytes / 1e6 / max(now - self.started, 1e-9)
            share = f" ({100 * self.bytes / self.total_bytes:.0f}%)" if self.total_bytes else ""
            self.stream.write(
                f"\rannotate: {self.files}/{self.total_files} inputs, {self.bytes / 1e6:.1f} MB{share},"
                f" {rate:.1f} MB/s "
            )
            self.stream.flush()

    def finish(self) -> None:
        if self.stream is not None:
            self.advance()
            self.stream.write("\n")
            self.stream.flush()


_WORKER: Normalizer | None = None


def _work(task: tuple[str, Job]) -> Outcome:
    """In a worker process: annotate one input into a temporary file."""
    name, job = task
    assert _WORKER is not None
    handle, path = tempfile.mkstemp(prefix="normalize-", suffix=".out")
    size = 0

    def count(n: int) -> None:
        nonlocal size
        size += n

    with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:

        def write(text: str) -> None:
            out.write(text)

        try:
            annotate_input(_WORKER, name, job, write, count)
        except InputError as exc:
            return Outcome(name, path, str(exc), size)
    return Outcome(name, path, None, size)


def run_parallel(normalizer: Normalizer, names: Sequence[str], job: Job, jobs: int) -> Iterator[Outcome]:
    """Annotate `names` in `jobs` worker processes; outcomes in the order of `names`.

    The workers share the parent's normalizer (fork) or build their own (spawn).
    """
    import multiprocessing  # here only: importing it costs every other run 15 ms

    global _WORKER
    _WORKER = normalizer
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    initializer = None if method == "fork" else _init_worker
    with context.Pool(jobs, initializer=initializer) as pool:
        yield from pool.imap(_work, [(name, job) for name in names])


def _init_worker() -> None:  # pragma: no cover - spawn platforms only
    global _WORKER
    _WORKER = Normalizer()


def copy_output(path: str, write: Callable[[str], None], block: int = 1 << 20) -> None:
    """Write a worker's temporary output file, then remove it."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            while chunk := handle.read(block):
                write(chunk)
    finally:
        os.unlink(path)


def table_rows(lines: str, several: bool) -> list[list[str]]:
    """Table rows from JSON Lines records (the table format under --jobs)."""
    rows = []
    for line in lines.splitlines():
        record = json.loads(line)
        prefix = [str(record["file"])] if several else []
        rows.append(
            [
                *prefix,
                str(record["start"]),
                str(record["end"]),
                record["text"],
                record["id"],
                f"{record['score']:.3f}",
                record["method"],
            ]
        )
    return rows
