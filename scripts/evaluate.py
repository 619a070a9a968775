"""Precision and recall of `normalize` on the project's labelled development set.

The sets (all in ``tests/data/``, described in its README):

- ``attested``: spellings printed in real news pages (``attested_dev.tsv``), not inflected,
  resolved against the bundled lexicons; gold ids from ``attested_entities.tsv``;
- ``inflected``: the case forms, clitics and derivatives of the same file, reported apart
  (issue 5, not a target yet: no floor, not in the overall figure);
- ``variants_extra``: press spellings the shared files lack (``variants_extra.tsv``);
- ``near_misses``: other real names that look like lexicon entries (``near_misses.tsv``); a row
  is a false positive when it links to its ``must_not_be`` id (any entity for ``*``);
- ``politicians``: Wikidata's labels of Ukrainian and Russian MPs (``names_by_language_dev.tsv``)
  in the languages of the transliteration conventions, resolved against a temporary lexicon of
  those MPs that holds only their Cyrillic names; the other MPs are the distractors.

precision = correct / (correct + wrong), recall = correct / positives, where *wrong* counts
links to another entity and, in pooled figures, near-miss false positives. ``bundled`` pools
attested, variants_extra and near_misses (the bundled lexicons); ``overall`` adds politicians.

Usage::

    python scripts/evaluate.py                      # summary table
    python scripts/evaluate.py --json               # figures as JSON
    python scripts/evaluate.py --write docs/evaluation.md
    python scripts/evaluate.py --record-floors      # tests/data/devset_floors.json

``tests/test_devset.py`` imports this module and fails when a figure drops below its floor.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex
import yaml
from rapidfuzz.distance import Levenshtein

import normalize
from normalize.names import KNOWN_GIVEN_KEYS
from normalize.text import fold, key

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
FLOORS = DATA / "devset_floors.json"

CONVENTION_LANGS = (
    "en", "de", "pl", "nl", "fr", "cs", "hu", "lv", "lt", "es",
    "sv", "it", "fi", "et", "tr", "ro", "hr", "sk", "sl", "pt",
)  # fmt: skip
"""Languages whose Wikidata labels of the MPs are resolved: those of the transliteration conventions."""

SETS = ("attested", "inflected", "variants_extra", "near_misses", "politicians")
POOLS = {
    "bundled": ("attested", "variants_extra", "near_misses"),
    "overall": ("attested", "variants_extra", "near_misses", "politicians"),
}
NO_FLOOR = ("inflected",)
SET_TITLES = {
    "attested": "attested (news pages, not inflected)",
    "inflected": "inflected (issue 5, not a target yet)",
    "variants_extra": "variants_extra (press spellings)",
    "near_misses": "near_misses (other real names)",
    "politicians": "politicians (Wikidata labels, Cyrillic-only lexicon)",
}

PATRONYMIC = regex.compile(r"(?:ович|евич|євич|ьевич|ич|івна|ївна|овна|евна|ична|інічна|оглы|огли|кызы)$", regex.I)


@dataclass(frozen=True)
class Case:
    """One query of one set. `gold` is empty for near misses, which carry `must_not_be`."""

    set: str
    query: str
    lang: str
    gold: frozenset[str] = frozenset()
    must_not_be: str = ""
    note: str = ""
    same_as_en: bool = False  # a politician's label identical to their English one


@dataclass(frozen=True)
class Outcome:
    """What the resolver did with a case: verdict is correct, wrong, missed (positives) or ok, fp."""

    case: Case
    got: str | None
    verdict: str
    method: str = ""
    explanation: str = ""


@dataclass
class Figures:
    """Counts and rates of a set, a language within a set, or a pool of sets."""

    n: int = 0
    positives: int = 0
    correct: int = 0
    wrong: int = 0
    missed: int = 0
    near_misses: int = 0
    false_positives: int = 0
    methods: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.n += 1
        if outcome.case.gold:
            self.positives += 1
        else:
            self.near_misses += 1
        if outcome.verdict == "correct":
            self.correct += 1
            self.methods[outcome.method] += 1
        elif outcome.verdict == "wrong":
            self.wrong += 1
        elif outcome.verdict == "missed":
            self.missed += 1
        elif outcome.verdict == "fp":
            self.false_positives += 1

    @property
    def precision(self) -> float | None:
        """None for a set of near misses alone: it has nothing to be precise about."""
        linked = self.correct + self.wrong + self.false_positives
        return self.correct / linked if linked and self.positives else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.positives if self.positives else None

    @property
    def specificity(self) -> float | None:
        """Share of near misses not linked to what they must not be."""
        return 1 - self.false_positives / self.near_misses if self.near_misses else None

    def rates(self) -> dict[str, float]:
        found = {"precision": self.precision, "recall": self.recall, "specificity": self.specificity}
        return {name: value for name, value in found.items() if value is not None}

    def as_dict(self) -> dict[str, object]:
        return {
            "n": self.n,
            "positives": self.positives,
            "correct": self.correct,
            "wrong": self.wrong,
            "missed": self.missed,
            "near_misses": self.near_misses,
            "false_positives": self.false_positives,
            **{name: round(value, 4) for name, value in self.rates().items()},
        }


def figures_of(outcomes: Iterable[Outcome]) -> Figures:
    figures = Figures()
    for outcome in outcomes:
        figures.add(outcome)
    return figures


# --- reading the data ---------------------------------------------------------------------


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file with '#' comment lines and one header line."""
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        cells += [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


def attested_cases() -> list[Case]:
    """The attested rows, in set ``attested`` or ``inflected``, with gold ids from the entity map."""
    gold: dict[str, frozenset[str]] = {}
    for row in read_tsv(DATA / "attested_entities.tsv"):
        also = [i for i in row["also"].split("|") if i]
        gold[row["entity"]] = frozenset([row["id"], *also])
    cases = []
    for row in read_tsv(DATA / "attested_dev.tsv"):
        name = "inflected" if row["inflected"] == "1" else "attested"
        cases.append(Case(name, row["surface"], row["lang"], gold[row["entity"]], note=row["entity"]))
    return cases


def extra_cases() -> list[Case]:
    return [
        Case("variants_extra", row["query"], row["lang"], frozenset([row["id"]]), note=row["note"])
        for row in read_tsv(DATA / "variants_extra.tsv")
    ]


def near_miss_cases() -> list[Case]:
    return [
        Case("near_misses", row["query"], row["lang"], must_not_be=row["must_not_be"], note=row["note"])
        for row in read_tsv(DATA / "near_misses.tsv")
    ]


# --- the politicians set --------------------------------------------------------------------


def _is_patronymic(word: str) -> bool:
    return bool(PATRONYMIC.search(word))


def given_surname(label: str, lang: str, hint: str = "") -> tuple[str, str] | None:
    """(given name, surname) of a Wikidata uk/ru label of a person, or None when unclear.

    Labels come as ``Surname, Given Patronymic``, ``Surname Given Patronymic`` (most uk
    labels), ``Given Patronymic Surname`` or ``Given Surname``. `hint` is the surname taken
    from the other language's label, used when a two-word label could be either order.
    """
    label = label.strip()
    if "," in label:
        surname, rest = label.split(",", 1)
        words = rest.split()
        return (words[0], surname.strip()) if words and surname.strip() else None
    words = label.split()
    if len(words) == 3:
        last, middle = _is_patronymic(words[2]), _is_patronymic(words[1])
        if last and not middle:
            return words[1], words[0]
        if middle and not last:
            return words[0], words[2]
        if middle and last:
            return (words[1], words[0]) if lang == "uk" else (words[0], words[2])
        return None
    if len(words) == 2:
        if hint:
            first, second = (key(w) for w in words)
            if _closer(key(hint), second, first):
                return words[0], words[1]
            if _closer(key(hint), first, second):
                return words[1], words[0]
        if key(words[0]) in KNOWN_GIVEN_KEYS:
            return words[0], words[1]
        if key(words[1]) in KNOWN_GIVEN_KEYS:
            return words[1], words[0]
        return words[0], words[1]
    return None


def _closer(target: str, this: str, other: str) -> bool:
    return bool(Levenshtein.distance(target, this) < Levenshtein.distance(target, other))


@dataclass(frozen=True)
class Politician:
    """One MP of the temporary lexicon: id, Cyrillic names by language, and the label row."""

    id: str
    names: dict[str, str]
    row: dict[str, str]

    @property
    def name(self) -> str:
        return self.names.get("ru") or self.names["uk"]

    def record(self) -> dict[str, object]:
        """The lexicon record (docs/lexicon-format.md): Cyrillic names only."""
        return {"id": self.id, "type": "person", "name": self.name, "names": self.names}


@dataclass
class Politicians:
    """The temporary lexicon of MPs and the cases resolved against it."""

    people: list[Politician]
    cases: list[Case]
    skipped: list[str]


def politicians() -> Politicians:
    """The MPs' Cyrillic-only lexicon entries and one case per Latin label of theirs.

    Each MP gets the uk and ru labels reordered as "Given Surname" (patronymics dropped).
    Every label in `CONVENTION_LANGS` is a case whose gold is that MP, or a namesake MP
    whose Cyrillic name is the same.
    """
    people: list[Politician] = []
    skipped: list[str] = []
    for row in read_tsv(DATA / "names_by_language_dev.tsv"):
        ru = given_surname(row["ru"], "ru") if row["ru"] else None
        uk = given_surname(row["uk"], "uk", hint=ru[1] if ru else "") if row["uk"] else None
        names = {lang: f"{parts[0]} {parts[1]}" for lang, parts in (("uk", uk), ("ru", ru)) if parts}
        if names:
            people.append(Politician(f"person/{row['wikidata_id'].lower()}", names, row))
        else:
            skipped.append(row["wikidata_id"])
    same_name: defaultdict[str, set[str]] = defaultdict(set)
    for person in people:
        for form in person.names.values():
            same_name[fold(form)].add(person.id)
    cases = []
    for person in people:
        gold = {person.id}.union(*(same_name[fold(form)] for form in person.names.values()))
        for lang in CONVENTION_LANGS:
            label = person.row.get(lang, "").strip()
            if label:
                copied = lang != "en" and label == person.row.get("en", "").strip()
                cases.append(Case("politicians", label, lang, frozenset(gold), note=person.name, same_as_en=copied))
    return Politicians(people, cases, skipped)


def politicians_normalizer(people: Sequence[Politician]) -> normalize.Normalizer:
    """A Normalizer over a temporary lexicon of the MPs alone (bundled lexicons off)."""
    records = [person.record() for person in people]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "politicians.yaml"
        path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return normalize.Normalizer([path], bundled=False)


# --- running ---------------------------------------------------------------------------------


def judge(normalizer: normalize.Normalizer, case: Case) -> Outcome:
    match = normalizer.resolve(case.query, lang=case.lang)
    got = match.entity.id if match else None
    method = ""
    if match:
        method = match.method + ("+" + "+".join(match.rules) if match.rules else "")
    explanation = match.explanation if match else ""
    if case.gold:
        verdict = "missed" if got is None else "correct" if got in case.gold else "wrong"
    else:
        forbidden = got is not None and case.must_not_be in ("*", got)
        verdict = "fp" if forbidden else "ok"
    return Outcome(case, got, verdict, method, explanation)


@dataclass
class Report:
    """Outcomes of every set, and the figures computed from them."""

    outcomes: dict[str, list[Outcome]]
    skipped_politicians: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, Figures]:
        found = {name: figures_of(self.outcomes[name]) for name in SETS}
        for pool, members in POOLS.items():
            found[pool] = figures_of(o for name in members for o in self.outcomes[name])
        return found

    def by_language(self, name: str) -> dict[str, Figures]:
        groups: defaultdict[str, list[Outcome]] = defaultdict(list)
        for outcome in self.outcomes[name]:
            groups[outcome.case.lang].append(outcome)
        ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
        return {lang: figures_of(found) for lang, found in ordered}

    def floors(self) -> dict[str, dict[str, float]]:
        """Every rate of every set and pool, rounded down to 3 decimals (no floor for inflected)."""
        return {
            name: {rate: math.floor(value * 1000) / 1000 for rate, value in figures.rates().items()}
            for name, figures in self.figures().items()
            if name not in NO_FLOOR
        }


def evaluate(bundled: normalize.Normalizer | None = None) -> Report:
    """Run every set; `bundled` is a Normalizer over the bundled lexicons (built when None)."""
    bundled = bundled or normalize.Normalizer()
    outcomes: dict[str, list[Outcome]] = {name: [] for name in SETS}
    for case in [*attested_cases(), *extra_cases(), *near_miss_cases()]:
        outcomes[case.set].append(judge(bundled, case))
    mps = politicians()
    own = politicians_normalizer(mps.people)
    outcomes["politicians"] = [judge(own, case) for case in mps.cases]
    return Report(outcomes, mps.skipped)


# --- the markdown report ---------------------------------------------------------------------


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _row(label: str, f: Figures) -> str:
    cells = [label, f.n, f.positives, f.correct, f.wrong, f.missed, f.near_misses, f.false_positives]
    rates = [_rate(f.precision), _rate(f.recall), _rate(f.specificity)]
    return "| " + " | ".join(str(c) for c in [*cells, *rates]) + " |"


HEADER = (
    "| {0} | n | positives | correct | wrong | missed | near misses | false pos. | precision | recall | specificity |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


POSITIVE_HEADER = (
    "| lang | n | correct | wrong | missed | precision | recall |\n|---|---:|---:|---:|---:|---:|---:|"
)


def _positive_row(label: str, f: Figures) -> str:
    cells = [label, f.n, f.correct, f.wrong, f.missed, _rate(f.precision), _rate(f.recall)]
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(report: Report, date: str | None = None) -> str:
    figures = report.figures()
    date = date or datetime.date.today().isoformat()
    out = [
        "# Evaluation on the development set",
        "",
        f"Generated by `python scripts/evaluate.py --write docs/evaluation.md` on {date}. The data and",
        "their provenance are in `tests/data/` (see its README); `tests/test_devset.py` fails when a",
        "figure drops below its floor in `tests/data/devset_floors.json` (`--record-floors` rewrites it).",
        "",
        "Each query is resolved alone with `Normalizer.resolve(query, lang=...)`. *correct*: linked to the",
        "gold entity; *wrong*: linked to another entity; *missed*: not linked. A near miss is a *false",
        "positive* when it links to the entity it must not be (to any entity when its `must_not_be` is `*`).",
        "precision = correct / (correct + wrong + false positives); recall = correct / positives;",
        "specificity = share of near misses not falsely linked. `bundled` pools the sets resolved",
        "against the bundled lexicons; `overall` adds the politicians; neither includes `inflected`.",
        "",
        "## Totals",
        "",
        HEADER.format("pool"),
        _row("**overall**", figures["overall"]),
        _row("**bundled**", figures["bundled"]),
        "",
        "## Per set",
        "",
        HEADER.format("set"),
        *(_row(SET_TITLES[name], figures[name]) for name in SETS),
        "",
        "How the correct links were made (method, then extra rules):",
        "",
        "| set | " + " | ".join(("exact", "alias", "transliteration", "fuzzy", "with rules")) + " |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in SETS:
        if name == "near_misses":
            continue
        methods = figures[name].methods
        base: Counter[str] = Counter()
        for method, count in methods.items():
            base[method.split("+")[0]] += count
        ruled = sum(count for method, count in methods.items() if "+" in method)
        out.append(
            f"| {name} | {base['exact']} | {base['alias']} | {base['transliteration']} | {base['fuzzy']} | {ruled} |"
        )
    out += ["", "## Per language", ""]
    for name in SETS:
        out += [f"### {SET_TITLES[name]}", ""]
        languages = report.by_language(name)
        if name == "near_misses":
            out += ["| lang | n | false pos. | specificity |", "|---|---:|---:|---:|"]
            for lang, f in languages.items():
                out.append(f"| {lang} | {f.n} | {f.false_positives} | {_rate(f.specificity)} |")
        elif name == "politicians":
            out += [
                "Many labels in other languages are copies of the English one; the last two columns count",
                "them and give the recall on the labels of the language's own spelling.",
                "",
                "| lang | n | correct | wrong | missed | precision | recall | same as en | recall, own spellings |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
            ]
            for lang, f in languages.items():
                own = figures_of(
                    o for o in report.outcomes[name] if o.case.lang == lang and not o.case.same_as_en
                )
                copied = f.n - own.n
                out.append(_positive_row(lang, f) + f" {copied} | {_rate(own.recall)} |")
        else:
            out += [POSITIVE_HEADER]
            out += [_positive_row(lang, f) for lang, f in languages.items()]
        out.append("")
    if report.skipped_politicians:
        out += [
            f"Politicians left out (no usable uk/ru label): {', '.join(report.skipped_politicians)}.",
            "",
        ]
    out += [
        "## Every miss and wrong link",
        "",
        "What to fix. *got* is the entity linked (empty for a miss); *how* is the resolver's explanation.",
        "",
    ]
    for name in SETS:
        bad = [o for o in report.outcomes[name] if o.verdict in ("wrong", "missed", "fp")]
        out += [f"### {SET_TITLES[name]}: {len(bad)}", ""]
        if not bad:
            out += ["None.", ""]
            continue
        out += ["| verdict | lang | query | expected | got | how |", "|---|---|---|---|---|---|"]
        for o in sorted(bad, key=lambda o: (o.verdict, o.case.lang, o.case.query)):
            expected = " or ".join(sorted(o.case.gold)) if o.case.gold else f"not {o.case.must_not_be}"
            if name == "politicians":
                expected = f"{expected} ({o.case.note})"
            cells = [o.verdict, o.case.lang, o.case.query, expected, o.got or "", o.explanation]
            out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        out.append("")
    return "\n".join(out)


def summary(report: Report) -> str:
    lines = [f"{'set':<16}{'n':>6}{'correct':>9}{'wrong':>7}{'missed':>8}{'fp':>5}  precision  recall  specificity"]
    for name, f in report.figures().items():
        lines.append(
            f"{name:<16}{f.n:>6}{f.correct:>9}{f.wrong:>7}{f.missed:>8}{f.false_positives:>5}"
            f"  {_rate(f.precision):>9}  {_rate(f.recall):>6}  {_rate(f.specificity):>11}"
        )
    return "\n".join(lines)


SWEEP = [
    ("no fuzzy", {"fuzzy_distance": (), "vowel_fuzzy_min": 99}),
    ("vowels only, from 6", {"fuzzy_distance": (), "vowel_fuzzy_min": 6}),
    ("vowels from 6, 1 edit from 9 (default)", {}),
    ("vowels from 5, 1 edit from 9", {"vowel_fuzzy_min": 5}),
    ("vowels from 6, 1 edit from 7", {"fuzzy_distance": ((7, 1),)}),
    ("vowels from 6, 1 edit from 6", {"fuzzy_distance": ((6, 1),)}),
    ("vowels from 6, 1 edit from 9, 2 from 12", {"fuzzy_distance": ((12, 2), (9, 1))}),
    ("1 edit from 6, 2 from 12 (first guess)", {"fuzzy_distance": ((12, 2), (6, 1)), "vowel_fuzzy_min": 99}),
    ("vowels: one from 6 and 9 (no second vowel)", {"vowel_two_from": 99}),
]


def sweep() -> str:
    """Precision and recall of the bundled pool under other fuzzy settings: the data the
    defaults in `normalize.resolver.Scoring` were chosen on."""
    from dataclasses import replace as with_fields

    from normalize.annotator import Annotator
    from normalize.resolver import DEFAULT_SCORING, Resolver

    bundled = normalize.Normalizer()
    cases = [c for c in (*attested_cases(), *extra_cases(), *near_miss_cases()) if c.set in POOLS["bundled"]]
    lines = [
        "| setting | precision | recall | near-miss specificity | false links |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, changes in SWEEP:
        bundled.resolver = Resolver(bundled.index, with_fields(DEFAULT_SCORING, **changes))  # type: ignore[arg-type]
        bundled.annotator = Annotator(bundled.resolver)
        figures = figures_of(judge(bundled, case) for case in cases)
        rates = figures.rates()
        false_links = figures.wrong + figures.false_positives
        lines.append(
            f"| {label} | {_rate(rates.get('precision'))} | {_rate(rates.get('recall'))} "
            f"| {_rate(rates.get('specificity'))} | {false_links} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--write", metavar="PATH", help="write the markdown report to PATH")
    parser.add_argument("--record-floors", action="store_true", help=f"write the floors to {FLOORS.relative_to(ROOT)}")
    parser.add_argument("--sweep", action="store_true", help="print precision/recall under other fuzzy settings")
    args = parser.parse_args(argv)
    if args.sweep:
        print(sweep())
        return 0
    report = evaluate()
    if args.json:
        figures = {name: f.as_dict() for name, f in report.figures().items()}
        per_language = {name: {lang: f.as_dict() for lang, f in report.by_language(name).items()} for name in SETS}
        print(json.dumps({"figures": figures, "per_language": per_language}, indent=2, ensure_ascii=False))
    else:
        print(summary(report))
    if args.write:
        calibration = (
            "\n\n## Calibration of the fuzzy tier\n\n"
            "The bundled pool (attested, variants_extra, near misses) under other settings of "
            "`normalize.resolver.Scoring`; the defaults keep precision and near-miss specificity "
            "at their best while recall is within a point of the loosest setting "
            "(`python scripts/evaluate.py --sweep`).\n\n" + sweep()
        )
        Path(args.write).write_text(render_markdown(report) + calibration + "\n", encoding="utf-8")
    if args.record_floors:
        FLOORS.write_text(json.dumps(report.floors(), indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
