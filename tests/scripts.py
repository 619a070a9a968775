"""Import the project's scripts (scripts/*.py, not a package) from the tests, so that a test
and the script it guards share one implementation."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def load_script(filename: str) -> ModuleType:
    """The module of `scripts/<filename>`, loaded once per test session."""
    name = "normalize_script_" + Path(filename).stem
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / filename)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the file executes
    spec.loader.exec_module(module)
    return module
