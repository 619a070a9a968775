"""A disk cache of compiled indexes, so a fresh process is ready in milliseconds.

Building an index reads and validates the lexicons and writes every Cyrillic name in
every transliteration convention: about a second for the bundled lexicons, far more for a
gazetteer. The result depends only on the lexicon files, the rule data and the convention
tables, so it is pickled under a fingerprint of all of them and reused until one changes.

Where: ``$NORMALIZE_CACHE_DIR``, else ``$XDG_CACHE_HOME/normalize``, else
``~/.cache/normalize``. ``NORMALIZE_CACHE=0`` turns the cache off. A cache that cannot be
read or written is ignored: the index is then built in memory, as without a cache. At most
`KEEP` indexes are kept. The files are pickles: like any cache of Python objects, the folder
must be writable only by its user.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:
    from importlib.abc import Traversable

from .index import Index

FORMAT = 3
"""Bumped whenever the pickled classes change shape."""

KEEP = 8
"""How many compiled indexes to keep; older ones are deleted when a new one is stored."""


def _version(module_name: str) -> str:
    """A library's version, as the size and time of its module file: without
    importlib.metadata (40 ms at start-up) and without importing it (PyYAML is needed only
    to build an index, not to load one)."""
    module = sys.modules.get(module_name)
    spec = module.__spec__ if module is not None else importlib.util.find_spec(module_name)
    origin = spec.origin if spec is not None else None
    if not origin:
        return "absent"
    stat = os.stat(origin)
    return f"{stat.st_size}-{stat.st_mtime_ns}"


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    if os.environ.get("NORMALIZE_CACHE", "1") == "0":
        return None
    explicit = os.environ.get("NORMALIZE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "normalize"


def _package_files() -> Iterable[Traversable]:
    """The code and data an index depends on: this package's modules, rules and tables."""
    root = resources.files("normalize")
    for folder in (root, root / "data", root / "translit", root / "translit" / "tables"):
        yield from sorted((item for item in folder.iterdir() if item.is_file()), key=lambda item: item.name)


def fingerprint(lexicon_paths: Iterable[Path]) -> str:
    """A digest of everything the compiled index depends on: this package's code and data,
    the libraries whose output goes into keys (regex's Unicode tables, unidecode), the
    Python version (unicodedata) and the lexicon files."""
    versions = [sys.version, *(_version(name) for name in ("regex", "rapidfuzz", "yaml", "unidecode"))]
    digest = hashlib.sha256(f"normalize-index-{FORMAT}-{'-'.join(versions)}".encode())
    for item in _package_files():
        if item.name.endswith((".py", ".tsv", ".txt", ".yaml")):
            digest.update(item.name.encode() + b"\0" + item.read_bytes())
    for path in lexicon_paths:
        digest.update(str(path.resolve()).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def load(key: str) -> Index | None:
    """The cached index for this fingerprint, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with (folder / f"index-{key}.pickle").open("rb") as handle:
            index = pickle.load(handle)
    except Exception:  # a damaged file can fail in any way; rebuilding is always safe
        return None
    return index if isinstance(index, Index) else None


def store(key: str, index: Index) -> None:
    """Save an index under its fingerprint, atomically; failures are ignored."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        _write(folder, "index", f"index-{key}.pickle", pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL), KEEP)
    except OSError:
        return


def _write(folder: Path, name: str, filename: str, data: bytes, keep: int) -> None:
    """Write `folder/filename` atomically (a temporary file renamed), then keep only the
    `keep` newest files of that `name` (``name-*`` with the same suffix)."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, folder / filename)
    _evict(folder, f"{name}-*{Path(filename).suffix}", keep)


def _evict(folder: Path, pattern: str, keep: int) -> None:
    """Delete all but the `keep` most recently written files matching `pattern`."""
    stored = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in stored[keep:]:
        old.unlink(missing_ok=True)


def load_plain(folder: Path | None, name: str, key: str) -> Any:
    """Plain data (built-in types only) stored by `store_plain` under `name` and `key`, or
    None when there is none or it cannot be read. Marshal, not pickle: three times faster
    for plain tables, and it cannot run code."""
    if folder is None:
        return None
    try:
        return marshal.loads((folder / f"{name}-{key}.marshal").read_bytes())
    except Exception:  # missing or damaged: the caller rebuilds
        return None


def store_plain(folder: Path | None, name: str, key: str, data: Any, keep: int = 3) -> None:
    """Save plain data under `name` and `key`, atomically, keeping the `keep` newest of
    that name; failures are ignored (the data is rebuilt next time)."""
    if folder is None:
        return
    try:
        _write(folder, name, f"{name}-{key}.marshal", marshal.dumps(data), keep)
    except (OSError, ValueError):
        return
