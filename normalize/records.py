"""The JSON Lines records of the command line: a contract other programs parse.

Every field is documented in docs/cli.md; once defined, a field changes only by adding.
"""

from __future__ import annotations

import json
from functools import lru_cache

from .model import Match, Mention


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


@lru_cache(maxsize=65536)
def _json_string(value: str) -> str:
    """A JSON string literal (the same mention text recurs all through a document)."""
    return json.dumps(value, ensure_ascii=False).translate(_LINE_BREAK_ESCAPES)


class MentionLines:
    """`json_line(mention_record(...))`, faster: the match's fields are encoded once per
    distinct `Match` object (a document repeats its names; the resolver's memo returns
    the same object), and only the offsets and the text are encoded per mention."""

    def __init__(self) -> None:
        self._tails: dict[int, tuple[Match | None, str]] = {}

    def line(self, mention: Mention, file: str | None, offset: int = 0) -> str:
        """The record of `mention`, its offsets moved by `offset` (a piece of a longer input)."""
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
        start, end = mention.start + offset, mention.end + offset
        return f'{{"start": {start}, "end": {end}, "text": {text}, {cached[1]}{where}}}\n'
