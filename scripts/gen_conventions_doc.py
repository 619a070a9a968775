#!/usr/bin/env python3
"""Write docs/conventions.md from the transliteration tables, and measure them.

The document lists every convention (id, language, kind, name), one example row per
source alphabet (Бахмут / Харків / Зеленський for Ukrainian, Шаманов / Пригожин for
Russian), the published references each table follows, and how often each convention
reproduces the surname a language's Wikidata label gives to Ukrainian and Russian
politicians (``shared/eval/names_by_language_dev.tsv``).

Usage::

    python scripts/gen_conventions_doc.py            # (re)write docs/conventions.md
    python scripts/gen_conventions_doc.py --check    # exit 1 if the file is not current
    python scripts/gen_conventions_doc.py --misses de-uk   # rows a convention gets wrong

When the evaluation file is absent (a checkout without ``shared/``) the measured section is
carried over from the existing document, so ``--check`` still judges the generated parts.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from normalize.translit import Convention, Entity, conventions, transliterate  # noqa: E402

DOC = ROOT / "docs" / "conventions.md"
EVAL_TSV = ROOT.parent / "shared" / "eval" / "names_by_language_dev.tsv"
EXAMPLES: dict[str, tuple[tuple[str, Entity], ...]] = {
    "uk": (("Бахмут", "place"), ("Харків", "place"), ("Зеленський", "person")),
    "ru": (("Шаманов", "person"), ("Пригожин", "person")),
}
SOURCE_ROWS = {"uk": "ua_rada", "ru": "ru_duma"}
MEASURED_HEADING = "## Measured against Wikidata labels"


# --------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Pair:
    """One person: the Cyrillic surname and the surname of language L's label."""

    wikidata_id: str
    cyrillic: str
    latin: str
    english: str


@dataclass(frozen=True)
class Rate:
    """Exact-match counts of one convention: over all labels, and over the labels that
    are not copies of the English label."""

    hits: int
    total: int
    native_hits: int
    native_total: int


def _fold(text: str) -> str:
    """Lowercase ASCII skeleton, used only to decide which Cyrillic token is the surname."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if c.isascii() and c.isalpha())


def _rough_latin(cyrillic: str) -> str:
    return _fold(transliterate(cyrillic, "iso9-ru" if "ы" in cyrillic else "iso9-uk"))


def cyrillic_surname(label: str, latin_surname: str) -> str:
    """The surname in a Cyrillic label.

    Labels with a comma are "Surname, Given Patronymic"; three-token Ukrainian labels are
    "Surname Given Patronymic" and Russian ones "Given Patronymic Surname".  For two-token
    labels the order varies, so the token whose rough (diacritic-free ISO 9) spelling is
    closest to the Latin surname is taken: this only chooses *which* word is compared,
    the comparison itself stays exact.
    """
    if "," in label:
        return label.split(",", 1)[0].strip()
    tokens = label.split()
    if len(tokens) == 3 and any(t.endswith(("вич", "вна", "ович", "івна", "ич")) for t in tokens):
        patronymic_last = tokens[2].endswith(("вич", "вна", "ич", "чна"))
        return tokens[0] if patronymic_last else tokens[2]
    if len(tokens) < 2:
        return label.strip()
    target = _fold(latin_surname)
    return max(
        (tokens[0], tokens[-1]),
        key=lambda t: difflib.SequenceMatcher(None, _rough_latin(t), target).ratio(),
    )


def read_pairs(path: Path, source: str, language: str) -> list[Pair]:
    """All persons of ``source`` whose ``language`` label is present, as surname pairs."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    header = lines[0].split("\t")
    col = {name: i for i, name in enumerate(header)}
    if language not in col:
        return []
    cyr_col = col["uk"] if source == "uk" else col["ru"]
    pairs = []
    for line in lines[1:]:
        cells = line.split("\t")
        cells += [""] * (len(header) - len(cells))
        if cells[0] != SOURCE_ROWS[source] or not cells[col[language]] or not cells[cyr_col]:
            continue
        latin = cells[col[language]].split()[-1]
        english = cells[col["en"]].split()[-1] if cells[col["en"]] else ""
        pairs.append(Pair(cells[1], cyrillic_surname(cells[cyr_col], latin), latin, english))
    return pairs


def measure(path: Path = EVAL_TSV) -> dict[str, Rate]:
    """Exact surname match rate of every language convention on the evaluation file."""
    rates = {}
    for conv in conventions():
        if conv.language == "mul":
            continue
        pairs = read_pairs(path, conv.source, conv.language)
        hits = [transliterate(p.cyrillic, conv.id) == p.latin for p in pairs]
        native = [h for h, p in zip(hits, pairs, strict=True) if conv.language == "en" or p.latin != p.english]
        rates[conv.id] = Rate(sum(hits), len(hits), sum(native), len(native))
    return rates


def misses(convention_id: str, path: Path = EVAL_TSV) -> Iterator[str]:
    """Rows the convention gets wrong, for tuning the tables by hand."""
    conv = next(c for c in conventions() if c.id == convention_id)
    for p in read_pairs(path, conv.source, conv.language):
        got = transliterate(p.cyrillic, conv.id)
        if got != p.latin:
            copy = " (copy of en)" if p.latin == p.english else ""
            yield f"{p.wikidata_id}\t{p.cyrillic}\t{p.latin}\tgot {got}{copy}"


# --------------------------------------------------------------------------- rendering


def _pct(hits: int, total: int) -> str:
    return f"{100 * hits / total:.0f}% ({hits}/{total})" if total else "–"


def _conventions_table(convs: Sequence[Convention]) -> list[str]:
    lines = []
    for source, words in EXAMPLES.items():
        title = "Ukrainian" if source == "uk" else "Russian"
        lines += [f"## {title} source (`{source}`)", ""]
        lines.append("| id | lang | kind | name | " + " | ".join(w for w, _ in words) + " |")
        lines.append("|---" * (4 + len(words)) + "|")
        for c in convs:
            if c.source != source:
                continue
            examples = " | ".join(transliterate(w, c.id, entity) for w, entity in words)
            lines.append(f"| `{c.id}` | {c.language} | {c.kind} | {c.name} | {examples} |")
        lines.append("")
    return lines


def _references(convs: Sequence[Convention]) -> list[str]:
    lines = ["## References and notes", ""]
    for c in convs:
        lines.append(f"### `{c.id}` — {c.name}")
        lines.append("")
        lines += [f"- {ref}" for ref in c.references]
        if c.notes:
            lines += ["", c.notes]
        lines.append("")
    return lines


def _measured(rates: dict[str, Rate]) -> list[str]:
    lines = [
        MEASURED_HEADING,
        "",
        "Exact surname matches on `shared/eval/names_by_language_dev.tsv` (Wikidata labels of",
        "members of the 8th Verkhovna Rada and the 7th State Duma): the convention applied to",
        "the Ukrainian (Rada) or Russian (Duma) label's surname, compared with the surname",
        "(last word) of the language's label. Many non-English labels are copies of the",
        "English one; *native* counts only labels that differ from the English label. Labels",
        "are a mix of conventions, so these rates are a floor for tuning, not an accuracy.",
        "",
        "| convention | all labels | native labels |",
        "|---|---|---|",
    ]
    for cid, r in sorted(rates.items()):
        lines.append(f"| `{cid}` | {_pct(r.hits, r.total)} | {_pct(r.native_hits, r.native_total)} |")
    lines.append("")
    return lines


def _carried_over_measurement() -> list[str]:
    if not DOC.exists():
        return [MEASURED_HEADING, "", "(evaluation data not available)", ""]
    text = DOC.read_text(encoding="utf-8")
    start = text.find(MEASURED_HEADING)
    if start < 0:
        return [MEASURED_HEADING, "", "(evaluation data not available)", ""]
    end = text.find("\n## ", start + len(MEASURED_HEADING))
    section = text[start:] if end < 0 else text[start : end + 1]
    return [*section.rstrip("\n").split("\n"), ""]


def render() -> str:
    """The full text of docs/conventions.md."""
    convs = conventions()
    lines = [
        "# Transliteration conventions",
        "",
        "<!-- Generated by scripts/gen_conventions_doc.py from normalize/translit/tables/;",
        "     do not edit by hand. CI runs the script with --check. -->",
        "",
        "Each convention is one reviewed YAML table in `normalize/translit/tables/`",
        "(`<target>-<source>.yaml`): a letter map, contextual rules and, for Lithuanian and",
        "Latvian, nominative ending rules. `normalize.translit.transliterate(text, id)` applies",
        "it. Kinds: *official* (a state or BGN/PCGN system), *press* (how the language's",
        "newspapers and reference works write the names), *scholarly* (ISO 9).",
        "In the examples Бахмут and Харків are written as places (`entity=\"place\"`, which",
        "only Latvian distinguishes), the other names as persons.",
        "",
    ]
    lines += _conventions_table(convs)
    lines += _measured(measure()) if EVAL_TSV.exists() else _carried_over_measurement()
    lines += _references(convs)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the doc is stale")
    parser.add_argument("--misses", metavar="ID", help="print rows the convention misses")
    args = parser.parse_args(argv)
    if args.misses:
        for line in misses(args.misses):
            print(line)
        return 0
    text = render()
    if args.check:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            print(f"{DOC.relative_to(ROOT)} is out of date: run {Path(__file__).name}")
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
