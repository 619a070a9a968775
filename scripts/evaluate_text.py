"""Precision, recall and F1 of `annotate` on the multilingual dev set, per language.

The set is ``tests/data/multilingual/<lang>.tsv``: sentences written for the tests in the
style of news reports, each with every name it contains, in order, as ``surface=id``
(``-`` = must not be linked). Each sentence is annotated twice: with its language as the
hint (``lang=``) and without one (the annotator then guesses, or tries every language).

Scoring, per expected name: a mention overlapping it that links its entity is a true
positive; one that links another entity is a wrong link (a false positive and a miss);
none is a miss. Every other mention is a false positive (hard negatives are such names).

    python scripts/evaluate_text.py                      # the table
    python scripts/evaluate_text.py --write docs/evaluation-multilingual.md
    python scripts/evaluate_text.py --record-floors      # tests/data/multilingual_floors.json
    python scripts/evaluate_text.py --errors pl          # every miss and false link of one language
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import normalize

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "tests" / "data" / "multilingual"
FLOORS = ROOT / "tests" / "data" / "multilingual_floors.json"
TARGETS = {"precision": 0.95, "recall": 0.93, "language_recall": 0.85}
MODES = ("hinted", "unhinted")


@dataclass(frozen=True)
class Expected:
    start: int
    end: int
    surface: str
    entity_id: str  # "-": must not be linked


@dataclass(frozen=True)
class Sentence:
    lang: str
    line: int
    text: str
    expected: tuple[Expected, ...]
    note: str


class SetError(ValueError):
    """A malformed dev-set line; the message names the file and line."""


def parse_file(path: Path) -> list[Sentence]:
    lang = path.stem
    sentences = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#") or line.startswith("text\t"):
            continue
        cells = line.split("\t")
        if len(cells) != 3:
            raise SetError(f"{path.name}:{number}: expected 3 tab-separated columns, found {len(cells)}")
        text, mentions, note = cells
        expected: list[Expected] = []
        cursor = 0
        for item in filter(None, (part.strip() for part in mentions.split(" | "))):
            surface, sep, entity_id = item.rpartition("=")
            if not sep or not surface or not entity_id:
                raise SetError(f"{path.name}:{number}: not surface=id: {item!r}")
            start = text.find(surface, cursor)
            if start < 0:
                raise SetError(f"{path.name}:{number}: {surface!r} is not in the text (after offset {cursor})")
            expected.append(Expected(start, start + len(surface), surface, entity_id))
            cursor = start + len(surface)
        sentences.append(Sentence(lang, number, text, tuple(expected), note))
    return sentences


def load_set(folder: Path = FOLDER) -> list[Sentence]:
    return [s for path in sorted(folder.glob("*.tsv")) for s in parse_file(path)]


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    wrong: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.tp, self.fp, self.fn, self.wrong = (
            self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.wrong + other.wrong
        )  # fmt: skip
        self.errors += other.errors

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def judge(sentence: Sentence, mentions: Sequence[normalize.Mention]) -> Tally:
    tally = Tally()
    used: set[int] = set()
    where = f"{sentence.lang}:{sentence.line}"
    for item in sentence.expected:
        if item.entity_id == "-":
            continue
        overlapping = [i for i, m in enumerate(mentions) if i not in used and m.start < item.end and item.start < m.end]
        right = [i for i in overlapping if mentions[i].match.entity.id == item.entity_id]
        if right:
            used.add(right[0])
            tally.tp += 1
        elif overlapping:
            used.add(overlapping[0])
            m = mentions[overlapping[0]]
            tally.wrong += 1
            tally.fp += 1
            tally.fn += 1
            tally.errors.append(
                f"{where} WRONG {item.surface!r}: {m.text!r} → {m.match.entity.id} (want {item.entity_id})"
            )
        else:
            tally.fn += 1
            tally.errors.append(f"{where} MISS  {item.surface!r} → {item.entity_id}")
    for i, m in enumerate(mentions):
        if i not in used:
            tally.fp += 1
            tally.errors.append(
                f"{where} FALSE {m.text!r} → {m.match.entity.id} ({'/'.join(m.match.rules) or m.match.method})"
            )
    return tally


def evaluate(
    sentences: Iterable[Sentence], normalizer: normalize.Normalizer | None = None
) -> dict[str, dict[str, Tally]]:
    """mode → language (and "all") → tally."""
    n = normalizer or normalize.Normalizer()
    result: dict[str, dict[str, Tally]] = {mode: {} for mode in MODES}
    for sentence in sentences:
        for mode in MODES:
            mentions = n.annotate(sentence.text, lang=sentence.lang if mode == "hinted" else None)
            tally = judge(sentence, mentions)
            result[mode].setdefault(sentence.lang, Tally()).add(tally)
            result[mode].setdefault("all", Tally()).add(tally)
    return result


def floors_of(result: dict[str, dict[str, Tally]]) -> dict[str, dict[str, dict[str, float]]]:
    def down(value: float) -> float:
        return math.floor(value * 1000) / 1000

    return {
        mode: {lang: {"precision": down(t.precision), "recall": down(t.recall)} for lang, t in sorted(tallies.items())}
        for mode, tallies in result.items()
    }


def report(result: dict[str, dict[str, Tally]], sentences: Sequence[Sentence]) -> str:
    counts: dict[str, tuple[int, int, int]] = {}
    for s in sentences:
        sent, pos, neg = counts.get(s.lang, (0, 0, 0))
        positives = sum(e.entity_id != "-" for e in s.expected)
        counts[s.lang] = (sent + 1, pos + positives, neg + len(s.expected) - positives)
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Multilingual evaluation",
        "",
        f"Generated by `python scripts/evaluate_text.py --write docs/evaluation-multilingual.md` on {today};"
        " do not edit by hand.",
        "",
        "The set: `tests/data/multilingual/<lang>.tsv`, news-style sentences written for the tests in"
        f" {len(counts)} languages ({len(sentences)} sentences), every name in them labelled with its"
        " entity or with `-` (must not be linked: demonyms, lone first names, ordinary words, other"
        " people of the same surname, names inside longer names). A mention overlapping a labelled"
        " name and linking its entity is a true positive; linking another entity is a wrong link"
        " (counted as a false positive and a miss); any other mention is a false positive.",
        "",
        "*hinted*: `annotate(text, lang=<the sentence's language>)`. *unhinted*: `annotate(text)`:"
        " the annotator guesses the language from its function words, or tries every language's"
        " case endings at a lower score.",
        "",
        f"Targets (issue 5): precision >= {TARGETS['precision']}, recall >= {TARGETS['recall']} overall,"
        f" no language below {TARGETS['language_recall']} recall.",
        "",
    ]
    for mode in MODES:
        tallies = result[mode]
        overall = tallies["all"]
        lines += [
            f"## {mode}",
            "",
            f"Overall: precision **{overall.precision:.3f}**, recall **{overall.recall:.3f}**,"
            f" F1 {overall.f1:.3f} ({overall.tp} right, {overall.wrong} wrong, {overall.fn - overall.wrong}"
            f" missed, {overall.fp - overall.wrong} false links).",
            "",
            "| language | sentences | names | negatives | right | wrong | missed | false links"
            " | precision | recall | F1 |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for lang in sorted(k for k in tallies if k != "all"):
            t = tallies[lang]
            sent, pos, neg = counts[lang]
            flag = " **<**" if t.recall < TARGETS["language_recall"] else ""
            lines.append(
                f"| {lang} | {sent} | {pos} | {neg} | {t.tp} | {t.wrong} | {t.fn - t.wrong} | {t.fp - t.wrong} |"
                f" {t.precision:.3f} | {t.recall:.3f}{flag} | {t.f1:.3f} |"
            )
        lines.append("")
    lines += ["## Every error (hinted)", "", "```", *result["hinted"]["all"].errors, "```", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="write the markdown report here")
    parser.add_argument("--record-floors", action="store_true", help=f"write {FLOORS.relative_to(ROOT)}")
    parser.add_argument("--errors", metavar="LANG", help="print every error of one language (or 'all')")
    parser.add_argument("--mode", choices=MODES, default="hinted")
    args = parser.parse_args()
    sentences = load_set()
    result = evaluate(sentences)
    if args.errors:
        for line in result[args.mode].get(args.errors, Tally()).errors:
            print(line)
        return 0
    for mode in MODES:
        t = result[mode]["all"]
        langs = {k: v for k, v in result[mode].items() if k != "all"}
        low = sorted((v.recall, k) for k, v in langs.items())[:3]
        print(
            f"{mode:9} P {t.precision:.3f} R {t.recall:.3f} F1 {t.f1:.3f}  lowest recall:"
            + ", ".join(f" {k} {r:.3f}" for r, k in low)
        )
    if args.write:
        args.write.write_text(report(result, sentences), encoding="utf-8")
    if args.record_floors:
        FLOORS.write_text(json.dumps(floors_of(result), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
