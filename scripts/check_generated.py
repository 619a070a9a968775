"""Fail when a generated file in the repository is not what its generator produces now.

Every generator in GENERATORS supports ``--check``: it exits non-zero, naming the file,
when the committed output differs from a fresh run. CI runs this script, so a pull
request that edits data must include the regenerated files.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATORS = [
    "scripts/gen_conventions_doc.py",
    "scripts/build_gazetteer.py",
    "scripts/build_gazetteer_spellings.py",
    "scripts/build_common_words.py",
]


def main() -> int:
    failed = []
    for script in GENERATORS:
        result = subprocess.run([sys.executable, str(ROOT / script), "--check"], cwd=ROOT, check=False)
        if result.returncode != 0:
            failed.append(script)
    if failed:
        print(f"generated files are stale; run: {' && '.join('python ' + s for s in failed)}", file=sys.stderr)
        return 1
    print(f"ok: {len(GENERATORS)} generator(s) up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
