"""Reading inputs in pieces: nothing lost or changed, offsets exact, errors placed."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.stream import InputError, read_pieces

TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=400)


@settings(max_examples=200, deadline=None)
@given(text=TEXT, size=st.integers(min_value=8, max_value=64))
def test_pieces_put_together_are_the_text(text: str, size: int) -> None:
    pieces = list(read_pieces(io.BytesIO(text.encode("utf-8")), "x", piece_bytes=size))
    assert "".join(p.text for p in pieces) == text
    chars = bytes_ = 0
    for piece in pieces:
        assert piece.char_offset == chars and piece.byte_offset == bytes_
        assert piece.size == len(piece.text.encode("utf-8")) <= max(size, 4)
        chars += len(piece.text)
        bytes_ += piece.size


def test_pieces_end_at_paragraphs_then_lines_then_spaces() -> None:
    text = ("Kyiv and Kharkiv.\n\n" * 20).encode()
    pieces = list(read_pieces(io.BytesIO(text), "x", piece_bytes=100))
    assert all(p.text.endswith("\n\n") for p in pieces)
    words = list(read_pieces(io.BytesIO(b"word " * 100), "x", piece_bytes=64))
    assert all(p.text.endswith(" ") for p in words[:-1])


@pytest.mark.parametrize(
    "data, message",
    [
        (b"Kyiv " * 50 + b"\xff", "not valid UTF-8 (byte offset 250)"),
        (b"Kyiv " * 50 + b"\x00", "binary input"),
    ],
)
def test_errors_say_where_in_the_whole_input(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        list(read_pieces(io.BytesIO(data), "x", piece_bytes=32))
