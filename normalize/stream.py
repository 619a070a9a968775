"""Read text inputs in pieces of bounded size, so that files of any size annotate with
bounded memory.

A piece ends after a blank line (a paragraph or article break) when there is one in the
second half of the block, else after a line break, else after a space, else at a
character boundary: names are never cut, and articles rarely are. A file no larger than
`PIECE_BYTES` is one piece, so it is annotated as one document (context included).
Decoding is strict UTF-8; NUL bytes mean binary data. Both errors say at which byte offset
of the whole input they were found.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

PIECE_BYTES = 4 << 20
"""The size of one piece of input: one document for the annotator's context."""


class InputError(Exception):
    """An input file or stream cannot be used; the message is shown to the user."""


@dataclass(frozen=True)
class Piece:
    """A decoded piece of an input and where it starts in the whole input."""

    text: str
    char_offset: int
    byte_offset: int
    size: int  # bytes


def _cut(block: bytes, final: bool) -> int:
    """Where to end a piece inside `block` (the length of the piece in bytes)."""
    if final:
        return len(block)
    half = len(block) // 2
    for separator in (b"\n\n", b"\n", b" "):
        found = block.rfind(separator, half)
        if found >= 0:
            return found + len(separator)
    cut = len(block)
    while cut > 0 and block[cut - 1] & 0xC0 == 0x80:  # back out of a UTF-8 sequence
        cut -= 1
    if cut > 0 and block[cut - 1] >= 0xC0:
        cut -= 1
    return cut or len(block)


def _decode(data: bytes, label: str, byte_offset: int) -> str:
    if b"\x00" in data:
        raise InputError(f"{label}: binary input (contains NUL bytes), expected UTF-8 text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: not valid UTF-8 (byte offset {byte_offset + exc.start})") from None


def read_pieces(stream: BinaryIO, label: str, piece_bytes: int = PIECE_BYTES) -> Iterator[Piece]:
    """The pieces of a binary stream, decoded, in order.

    Raises:
        InputError: binary data or invalid UTF-8 (pieces before it have been yielded).
    """
    pending = b""
    byte_offset = char_offset = 0
    at_end = False
    while not at_end or pending:
        if not at_end and len(pending) < piece_bytes:
            more = stream.read(piece_bytes)
            at_end = not more
            pending += more
            if not at_end and len(pending) < piece_bytes:
                continue
        cut = _cut(pending[:piece_bytes], final=at_end and len(pending) <= piece_bytes)
        data, pending = pending[:cut], pending[cut:]
        text = _decode(data, label, byte_offset)
        yield Piece(text, char_offset, byte_offset, len(data))
        byte_offset += len(data)
        char_offset += len(text)
        if at_end and not pending:
            break


def decode_input(data: bytes, label: str) -> str:
    """Decode a whole input as UTF-8 text, refusing binary data with a clear message."""
    return _decode(data, label, 0)
