"""Benchmark normalize: annotate MB/s, resolve names/s, cold start, peak memory, linearity.

Measures the source tree this file sits in, on one CPU core (the process and its children
are pinned with ``sched_setaffinity``). Every figure is reported as the best of N repeats
(the least disturbed run on a shared machine) and the median (the typical run). The
numbers are compared with the project's floors and targets, but nothing is asserted: this
is a measurement, not a test.

    python benchmarks/bench.py                          # full run, markdown on stdout
    python benchmarks/bench.py --quick                  # small sizes, a smoke run
    python benchmarks/bench.py --write docs/benchmarks.md

Progress goes to stderr. See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # benchmark the checkout, not an installed copy

import regex  # noqa: E402
from unidecode import unidecode  # noqa: E402

from normalize import Normalizer  # noqa: E402
from normalize.gazetteer import COLUMNS as GAZETTEER_COLUMNS  # noqa: E402
from normalize.lexicon import entity_forms  # noqa: E402
from normalize.model import Match  # noqa: E402
from normalize.text import TOKEN_RE, fold, is_capitalised, key  # noqa: E402

SEEDS = ROOT / "seeds"
T = TypeVar("T")
MB = 1_000_000
SEED = 20240501


@dataclass(frozen=True)
class Goal:
    """A floor (must) or target (later) of the project, for one figure."""

    kind: str  # floor | target
    limit: float
    higher_is_better: bool = True

    def describe(self, unit: str) -> str:
        return f"{self.kind} {'>=' if self.higher_is_better else '<='} {_num(self.limit)} {unit}"

    def met_by(self, value: float) -> bool:
        return value >= self.limit if self.higher_is_better else value <= self.limit


FLOOR_ANNOTATE = Goal("floor", 2.0)  # MB/s, library, one core
FLOOR_RESOLVE = Goal("floor", 20_000.0)  # names/s, one core
TARGET_CLI = Goal("target", 5.0)  # MB/s through the CLI
TARGET_COLD_START = Goal("target", 0.5, higher_is_better=False)  # seconds
TARGET_RSS = Goal("target", 300.0, higher_is_better=False)  # MB


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class Settings:
    """Sizes and repeat counts of one run."""

    quick: bool
    repeats: int
    annotate_bytes: int
    linear_sizes: tuple[int, ...]
    linear_repeats: int
    seed_mix_calls: int
    distinct_names: int
    start_repeats: int

    @classmethod
    def make(cls, *, quick: bool, repeats: int | None) -> Settings:
        if quick:
            return cls(
                quick=True,
                repeats=repeats or 2,
                annotate_bytes=MB // 2,
                linear_sizes=(MB // 8, MB // 4, MB // 2, MB),
                linear_repeats=1,
                seed_mix_calls=20_000,
                distinct_names=4_000,
                start_repeats=3,
            )
        return cls(
            quick=False,
            repeats=repeats or 5,
            annotate_bytes=4 * MB,
            linear_sizes=(MB, 2 * MB, 4 * MB, 8 * MB),
            linear_repeats=3,
            seed_mix_calls=200_000,
            distinct_names=20_000,
            start_repeats=5,
        )


# --------------------------------------------------------------------------- timing


@dataclass(frozen=True)
class Timing:
    """Wall-clock seconds of repeated runs."""

    seconds: tuple[float, ...]

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def clear_caches() -> None:
    """Empty every `functools` memo table of per-input results in the package (`fold`, `key`,
    `is_common_word`, ...), as in a new process. Tables loaded once from data files (the
    caches of size 1 or unbounded: inflection rules, word lists) stay loaded, as they are
    after the first input of any process; the CLI figures include loading them."""
    fold.cache_clear()
    key.cache_clear()
    for name, module in list(sys.modules.items()):
        if name != "normalize" and not name.startswith("normalize."):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            parameters = getattr(value, "cache_parameters", None)
            if not callable(clear) or getattr(value, "__module__", None) != name:
                continue
            if callable(parameters) and parameters().get("maxsize") in (1, None):
                continue  # data loaded from a file, not a memo of inputs
            clear()


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set environment variables for the duration of a block."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def fresh_normalizer() -> Normalizer:
    """A Normalizer made as a new process makes it: empty memo tables, the disk index cache."""
    clear_caches()
    return Normalizer()


def built_normalizer() -> Normalizer:
    """A Normalizer built from the lexicons, without the disk index cache."""
    clear_caches()
    with environment(NORMALIZE_CACHE="0"):
        return Normalizer()


@dataclass
class CpuShare:
    """Wall and CPU seconds of every in-process timed run, to show contention."""

    wall: float = 0.0
    cpu: float = 0.0

    def describe(self) -> str:
        share = self.cpu / self.wall if self.wall else 0.0
        return (
            f"{share:.0%} ({self.cpu:.0f} s CPU in {self.wall:.0f} s wall of in-process timed runs;"
            " well below 100% means another process shared the core; the host's other tenants,"
            " through shared caches and memory, do not show here: compare best and median)"
        )


CPU_SHARE = CpuShare()


def clock(run: Callable[[], T]) -> tuple[float, T]:
    """Wall seconds `run()` takes and its result; collects garbage first so it is not billed."""
    gc.collect()
    cpu = time.process_time()
    start = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - start
    CPU_SHARE.wall += seconds
    CPU_SHARE.cpu += time.process_time() - cpu
    return seconds, result


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- corpora


def read_seed_articles() -> list[str]:
    return [p.read_bytes().decode("utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def read_seed_names() -> list[str]:
    """The `text` column of every seeds/*.expected.tsv row (the mentions as written)."""
    names: list[str] = []
    for path in sorted(SEEDS.glob("*.expected.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            cells = line.split("\t")
            if len(cells) >= 3:
                names.append(cells[2])
    return names


@dataclass
class Corpus:
    """A text built from blocks; `take(n)` is the shortest prefix of >= n UTF-8 bytes."""

    name: str
    blocks: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)

    def add(self, block: str) -> None:
        self.blocks.append(block)
        self.sizes.append(len(block.encode("utf-8")))

    @property
    def total(self) -> int:
        return sum(self.sizes)

    def take(self, size: int) -> str:
        used, count = 0, 0
        while used < size and count < len(self.blocks):
            used += self.sizes[count]
            count += 1
        return "".join(self.blocks[:count])


def repeated_corpus(articles: Sequence[str], size: int) -> Corpus:
    """The five seed articles, verbatim, one after another, repeated to `size` bytes."""
    corpus = Corpus("seed articles repeated")
    block = "\n\n".join(articles) + "\n\n"
    while corpus.total < size:
        corpus.add(block)
    return corpus


_SENTENCE_SPLIT = regex.compile(r"(?<=[.!?…”\"])\s+|\n+")


def mutated_corpus(articles: Sequence[str], size: int, fresh: NameFactory, rng: random.Random) -> Corpus:
    """The seed articles, each copy with shuffled sentences and new capitalised words.

    Every copy of every article gets its sentences in a new random order (regrouped into
    paragraphs of 2-5 sentences) and, after about every 12th word (never the first word
    of a sentence), a capitalised word never seen before in the corpus: 85% pseudo-names,
    15% one- or two-edit misspellings of lexicon forms. So the per-span cache and the
    memoised fold/key see a steady stream of new spans, as in a feed of new articles.
    """
    corpus = Corpus("seed articles mutated")
    sentences_of = [[s for s in _SENTENCE_SPLIT.split(a) if s.strip()] for a in articles]
    while corpus.total < size:
        for sentences in sentences_of:
            order = sentences[:]
            rng.shuffle(order)
            mutated = [_insert_words(s, fresh, rng) for s in order]
            paragraphs: list[str] = []
            while mutated:
                take = rng.randint(2, 5)
                paragraphs.append(" ".join(mutated[:take]))
                del mutated[:take]
            corpus.add("\n\n".join(paragraphs) + "\n\n")
    return corpus


def _insert_words(sentence: str, fresh: NameFactory, rng: random.Random) -> str:
    words = sentence.split(" ")
    out = [words[0]]
    for word in words[1:]:
        if rng.random() < 1 / 12:
            out.append(fresh.text_word())
        out.append(word)
    return " ".join(out)


def describe(text: str) -> dict[str, float]:
    """Word statistics of a corpus: how much a per-span cache can help."""
    words = TOKEN_RE.findall(text)
    caps = [w for w in words if is_capitalised(w)]
    return {
        "bytes": len(text.encode("utf-8")),
        "words": len(words),
        "capitalised": len(caps),
        "distinct_capitalised": len(set(caps)),
    }


# --------------------------------------------------------------------------- names

_LATIN_ONSETS = (
    "b", "br", "ch", "d", "dr", "f", "g", "gr", "h", "k", "kh", "kr", "l", "m", "n", "p", "pr",
    "r", "s", "sh", "st", "t", "tr", "v", "z", "zh", "ts", "y",
)  # fmt: skip
_LATIN_VOWELS = ("a", "a", "e", "i", "o", "o", "u", "y", "ia", "iu", "ie")
_LATIN_CODAS = ("", "", "", "", "n", "k", "r", "l", "m", "v", "s")
_LATIN_ENDINGS = (
    "", "", "", "ivka", "ivske", "enko", "chuk", "ovych", "ove", "ino", "sk", "ske", "yi",
    "ov", "in", "ets", "yn", "ska",
)  # fmt: skip
_CYRILLIC_ONSETS = (
    "б", "бр", "в", "г", "гр", "д", "к", "кр", "л", "м", "н", "п", "пр", "р", "с", "ст", "т",
    "х", "ч", "ш", "з", "ж", "ц",
)  # fmt: skip
_CYRILLIC_VOWELS = ("а", "а", "е", "и", "о", "о", "у", "і", "я", "ю", "є")
_CYRILLIC_ENDINGS = ("", "", "івка", "енко", "ове", "ськ", "ин", "ов", "ець")
_LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_CYRILLIC_LETTERS = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"

TRANSLIT_RULES: tuple[tuple[str, str], ...] = (
    ("kh", "ch"), ("kh", "h"), ("kh", "x"), ("zh", "sch"), ("zh", "j"), ("zh", "z"),
    ("ch", "tsch"), ("ch", "tch"), ("ch", "tsj"), ("shch", "sztsch"), ("sh", "sch"),
    ("sh", "ch"), ("ts", "z"), ("ts", "c"), ("ts", "tz"), ("u", "ou"), ("u", "oe"),
    ("y", "j"), ("y", "i"), ("yi", "ij"), ("ya", "ja"), ("ya", "ia"), ("yu", "ju"),
    ("yu", "iu"), ("ye", "je"), ("ie", "je"), ("iy", "ij"), ("v", "w"), ("i", "y"),
    ("e", "ë"), ("o", "ö"), ("k", "c"), ("h", "g"), ("g", "h"), ("j", "y"), ("w", "v"),
)  # fmt: skip
"""Spelling conventions of other languages for Ukrainian/Russian names (kh→ch German...)."""


def _recase(template: str, text: str) -> str:
    """`text` cased like `template`: all caps, capitalised words, or as it is."""
    if template.isupper():
        return text.upper()
    if template[:1].isupper():
        return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))
    return text


class NameFactory:
    """Deterministic generator of name strings that are never handed out twice.

    Kinds: `form` (a lexicon form, as written, in capitals or in lower case), `edit`
    (1-2 random deletions, substitutions, transpositions or insertions of a form),
    `translit` (another convention's spelling of a form: kh→ch, u→ou, v→w, ..., or a
    romanisation of a Cyrillic form) and `unknown` (a pseudo-name in Latin or Cyrillic
    that is in no lexicon).
    """

    def __init__(self, forms: Sequence[str], rng: random.Random, codifier: Sequence[str] = ()) -> None:
        self.rng = rng
        self.forms = list(forms)
        self.codifier = list(codifier)
        self.latin_forms = [f for f in self.forms if f.isascii() and len(f) >= 4]
        self.seen: set[str] = set()
        cased = [variant for f in self.forms for variant in (f, f.upper(), f.lower())]
        self.rng.shuffle(cased)
        self._form_pool = iter(cased)
        settlements = list(self.codifier)
        self.rng.shuffle(settlements)
        self._codifier_pool = iter(settlements)

    def _claim(self, name: str) -> bool:
        name = name.strip()
        if not name or name in self.seen:
            return False
        self.seen.add(name)
        return True

    def _fresh(self, make: Callable[[], str], attempts: int = 50) -> str | None:
        for _ in range(attempts):
            name = make().strip()
            if self._claim(name):
                return name
        return None

    def form(self) -> str | None:
        for name in self._form_pool:
            if self._claim(name):
                return name
        return None

    def codifier_name(self) -> str | None:
        """A settlement name of the codifier, in Cyrillic or national romanisation, as written."""
        for name in self._codifier_pool:
            if self._claim(name):
                return name
        return None

    def _any_form(self) -> str:
        """A curated form or, as often, a codifier settlement name."""
        if self.codifier and self.rng.random() < 0.5:
            return self.rng.choice(self.codifier)
        return self.rng.choice(self.forms)

    def edit(self) -> str | None:
        return self._fresh(lambda: self._edited(self._any_form()))

    def translit(self) -> str | None:
        return self._fresh(lambda: self._transliterated(self._any_form()))

    def unknown(self) -> str | None:
        return self._fresh(self._pseudo_name)

    def text_word(self) -> str:
        """A new capitalised word for running text: a pseudo-name or a misspelt form."""
        if self.rng.random() < 0.15:
            word = self._fresh(lambda: self._edited(self.rng.choice(self.latin_forms)).split(" ")[0])
            if word and word[:1].isupper():
                return word
        word = self._fresh(lambda: self._pseudo_word(latin=True))
        assert word is not None, "pseudo-word space exhausted"
        return word

    def _edited(self, form: str) -> str:
        chars = list(form)
        for _ in range(self.rng.choice((1, 1, 2))):
            if len(chars) < 3:
                break
            position = self.rng.randrange(len(chars))
            alphabet = _CYRILLIC_LETTERS if "CYRILLIC" in unicodedata.name(chars[position], "") else _LATIN_LETTERS
            operation = self.rng.choice(("delete", "substitute", "transpose", "insert"))
            if operation == "delete":
                del chars[position]
            elif operation == "substitute":
                chars[position] = self.rng.choice(alphabet)
            elif operation == "transpose" and position + 1 < len(chars):
                chars[position], chars[position + 1] = chars[position + 1], chars[position]
            else:
                chars.insert(position, self.rng.choice(alphabet))
        return _recase(form, "".join(chars))

    def _transliterated(self, form: str) -> str:
        text = form if form.isascii() else unidecode(form)
        lowered = text.lower()
        applicable = [(a, b) for a, b in TRANSLIT_RULES if a in lowered]
        for old, new in self.rng.sample(applicable, min(len(applicable), self.rng.choice((1, 2)))):
            spots = [i for i in range(len(lowered)) if lowered.startswith(old, i)]
            spot = self.rng.choice(spots) if spots else -1
            if spot >= 0:
                lowered = lowered[:spot] + new + lowered[spot + len(old) :]
        return _recase(text, lowered)

    def _pseudo_word(self, *, latin: bool) -> str:
        rng = self.rng
        if latin:
            syllables = "".join(
                rng.choice(_LATIN_ONSETS) + rng.choice(_LATIN_VOWELS) + rng.choice(_LATIN_CODAS)
                for _ in range(rng.randint(1, 3))
            )
            word = syllables + rng.choice(_LATIN_ENDINGS)
        else:
            syllables = "".join(
                rng.choice(_CYRILLIC_ONSETS) + rng.choice(_CYRILLIC_VOWELS) for _ in range(rng.randint(1, 3))
            )
            word = syllables + rng.choice(_CYRILLIC_ENDINGS)
        return word[:1].upper() + word[1:]

    def _pseudo_name(self) -> str:
        latin = self.rng.random() < 0.85
        count = self.rng.choice((1, 1, 1, 2, 2, 3))
        return " ".join(self._pseudo_word(latin=latin) for _ in range(count))


NAME_MIX: tuple[tuple[str, float], ...] = (
    ("codifier", 0.20),
    ("form", 0.15),
    ("edit", 0.25),
    ("translit", 0.25),
    ("unknown", 0.15),
)


def distinct_names(factory: NameFactory, total: int) -> dict[str, list[str]]:
    """`total` distinct names split by kind according to NAME_MIX (forms may run out)."""
    makers: dict[str, Callable[[], str | None]] = {
        "codifier": factory.codifier_name,
        "form": factory.form,
        "edit": factory.edit,
        "translit": factory.translit,
        "unknown": factory.unknown,
    }
    names: dict[str, list[str]] = {}
    for kind, share in NAME_MIX:
        wanted = round(total * share)
        batch: list[str] = []
        while len(batch) < wanted:
            name = makers[kind]()
            if name is None:
                break
            batch.append(name)
        names[kind] = batch
    return names


# --------------------------------------------------------------------------- child processes


_PEAK_RSS_WRAPPER = """
import atexit, os, runpy
def _report_peak():
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["NORMALIZE_BENCH_PEAK_FILE"], "w") as out:
        out.write(peak)
atexit.register(_report_peak)
runpy.run_module("normalize", run_name="__main__", alter_sys=True)
"""
"""Runs `python -m normalize ...` and writes the process's VmHWM (peak RSS, KiB) at exit."""


@dataclass(frozen=True)
class NormalizeRuns:
    """Timed runs of one `normalize` command line, and its peak RSS."""

    timing: Timing
    peak_rss_mb: float


class Children:
    """Runs commands in the checkout as an installed package would run: bytecode cached.

    Children inherit the one-CPU pinning and this process's private index cache
    (`NORMALIZE_CACHE_DIR`). `PYTHONDONTWRITEBYTECODE` is dropped and bytecode goes to a
    private `PYTHONPYCACHEPREFIX`, so after untimed warm-up runs (`resolve` twice and
    `annotate`, which also store the compiled index, the gazetteer, the sorted forms and the
    region table) nothing is compiled again and nothing is written to the checkout.
    """

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
        self.env = env
        self.peak_file = workdir / "peak-rss"
        self.seconds(self.normalize_argv(["resolve", "Bakhmut"]))  # compile the bytecode once
        self.seconds(self.normalize_argv(["resolve", "Mariupolu"]))  # a case form: the sorted forms cached
        warm_up = workdir / "warm-up.txt"  # an annotate run: its modules, and the region table cached
        warm_up.write_text("Shelling in Kharkiv Oblast and near Bakhmut, the 47th Brigade said.\n", encoding="utf-8")
        self.seconds(self.normalize_argv(["annotate", str(warm_up)]))

    def seconds(self, argv: Sequence[str], extra_env: dict[str, str] | None = None) -> float:
        """Wall time of one run, stdout to /dev/null; raises when the command fails."""
        env = {**self.env, "NORMALIZE_BENCH_PEAK_FILE": str(self.peak_file), **(extra_env or {})}
        with tempfile.TemporaryFile() as errors:
            start = time.perf_counter()
            result = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors, check=False)
            seconds = time.perf_counter() - start
            if result.returncode != 0:
                errors.seek(0)
                message = errors.read().decode("utf-8", "replace").strip()
                raise RuntimeError(f"{' '.join(argv)} exited {result.returncode}: {message}")
        return seconds

    def series(self, argv: Sequence[str], repeats: int) -> Timing:
        return Timing(tuple(self.seconds(argv) for _ in range(repeats)))

    @staticmethod
    def normalize_argv(args: Sequence[str]) -> list[str]:
        return [sys.executable, "-c", _PEAK_RSS_WRAPPER, *args]

    def normalize(self, args: Sequence[str], repeats: int, extra_env: dict[str, str] | None = None) -> NormalizeRuns:
        """Time `python -m normalize ARGS` (run through `_PEAK_RSS_WRAPPER`); largest VmHWM.

        The peak RSS is the process's own VmHWM, not `ru_maxrss` from wait4 or
        RUSAGE_CHILDREN: Linux keeps a process's high-water mark across exec, so a child
        of this (large) benchmark process would report at least this process's RSS at
        the moment of the spawn.
        """
        argv = self.normalize_argv(args)
        seconds, peaks = [], []
        for _ in range(repeats):
            self.peak_file.unlink(missing_ok=True)
            seconds.append(self.seconds(argv, extra_env))
            peaks.append(int(self.peak_file.read_text(encoding="utf-8")) / 1024)
        return NormalizeRuns(Timing(tuple(seconds)), max(peaks))


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Row:
    """One reported figure: best and median of the repeats, against a goal if any."""

    what: str
    best: float
    median: float
    unit: str
    goal: str = ""
    meets: bool | None = None
    note: str = ""


def rate_row(what: str, amount: float, timing: Timing, unit: str, goal: Goal | None = None, note: str = "") -> Row:
    """A throughput row: `amount` per second of the best and of the median run."""
    return figure_row(what, amount / timing.best, amount / timing.median, unit, goal, note)


def figure_row(what: str, best: float, median: float, unit: str, goal: Goal | None = None, note: str = "") -> Row:
    """A row of two values; the goal, if any, is judged on the median."""
    if goal is None:
        return Row(what, best, median, unit, note=note)
    return Row(what, best, median, unit, goal.describe(unit), goal.met_by(median), note)


def _num(value: float) -> str:
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def rows_table(rows: Sequence[Row]) -> list[str]:
    """Markdown table of figures."""
    lines = [
        "| figure | best | median | unit | goal (judged on the median) | |",
        "|---|---:|---:|---|---|---|",
    ]
    for row in rows:
        mark = "" if row.meets is None else ("meets" if row.meets else "**below**")
        goal = "; ".join(part for part in (row.goal, row.note) if part)
        lines.append(f"| {row.what} | {_num(row.best)} | {_num(row.median)} | {row.unit} | {goal} | {mark} |")
    return lines


@dataclass
class Report:
    settings: Settings
    machine: list[tuple[str, str]] = field(default_factory=list)
    summary: list[Row] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)

    def markdown(self) -> str:
        s = self.settings
        out = [
            "# Benchmarks",
            "",
            "Generated by `python benchmarks/bench.py --write docs/benchmarks.md`"
            + (" (**--quick run: small sizes, not for comparison**)" if s.quick else "")
            + "; do not edit by hand. What each figure measures: see the end of this page and",
            "[benchmarks/README.md](../benchmarks/README.md).",
            "",
            f"One CPU core (the benchmark and its child processes are pinned to one CPU). Each figure"
            f" is the **best** of {s.repeats} repeats (the least disturbed run; the machine is"
            " shared) and the **median** (the typical run); the linearity table uses the best of"
            f" {s.linear_repeats}. MB = 10^6 bytes of UTF-8 input. Floors and targets are judged on"
            " the median.",
            "",
            "## Machine",
            "",
            "| | |",
            "|---|---|",
            *(f"| {k} | {v} |" for k, v in self.machine),
            "",
            "## Against the floors and targets",
            "",
            "Floors (the project's issue): annotate >= 2 MB/s and resolve >= 20,000 names/s on one"
            " core. Later targets: annotate >= 5 MB/s through the CLI, cold start <= 0.5 s, peak"
            " RSS <= 300 MB.",
            "",
            *rows_table(self.summary),
            "",
        ]
        for title, lines in self.sections:
            out += [f"## {title}", "", *lines, ""]
        return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- benchmarks


def bench_annotate(report: Report, s: Settings, corpora: dict[str, Corpus]) -> dict[str, str]:
    """Library annotate, cold (fresh Normalizer, empty caches) and warm, on both corpora."""
    texts: dict[str, str] = {}
    rows: list[Row] = []
    stats_lines = [
        "| corpus | MB | words | capitalised | distinct capitalised | mentions found |"
        " first-pass cost per distinct capitalised word |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, corpus in corpora.items():
        text = corpus.take(s.annotate_bytes)
        texts[label] = text
        size = len(text.encode("utf-8"))
        cold: list[float] = []
        mentions = 0
        for repeat in range(s.repeats):
            progress(f"annotate {label} cold {repeat + 1}/{s.repeats}")
            seconds, found = clock(partial(fresh_normalizer().annotate, text))
            cold.append(seconds)
            mentions = len(found)
        warm_normalizer = fresh_normalizer()
        warm_normalizer.annotate(text)
        warm: list[float] = []
        for repeat in range(s.repeats):
            progress(f"annotate {label} warm {repeat + 1}/{s.repeats}")
            warm.append(clock(partial(warm_normalizer.annotate, text))[0])
        cold_timing, warm_timing = Timing(tuple(cold)), Timing(tuple(warm))
        rows.append(rate_row(f"annotate, library, {label}, cold", size / MB, cold_timing, "MB/s", FLOOR_ANNOTATE))
        rows.append(rate_row(f"annotate, library, {label}, warm", size / MB, warm_timing, "MB/s"))
        st = describe(text)
        miss_us = (cold_timing.best - warm_timing.best) / st["distinct_capitalised"] * 1e6
        miss = f"{miss_us:.0f} µs" if miss_us >= 1 else "≈ 0 (cold ≈ warm)"
        stats_lines.append(
            f"| {label} | {size / MB:.2f} | {st['words']:,.0f} | {st['capitalised']:,.0f} |"
            f" {st['distinct_capitalised']:,.0f} | {mentions:,} | {miss} |"
        )
    report.summary += [r for r in rows if r.goal]
    report.sections.append(
        (
            "Annotate through the library",
            [
                "`Normalizer.annotate(text)` on one string. *Cold*: a new `Normalizer` per repeat, made"
                " after emptying the package's process-wide memo tables (`fold`, `key` and every other"
                " `functools` memo of per-input results; rule and word tables loaded from data files stay"
                " loaded), so the first pass pays for every span it resolves (making the"
                " Normalizer is not timed here; see cold start)."
                " *Warm*: the same Normalizer again after one untimed pass, every span cached.",
                "",
                *rows_table(rows),
                "",
                "The two corpora (the last column is (best cold − best warm) / distinct capitalised"
                " words: roughly what resolving a new span the first time costs):",
                "",
                *stats_lines,
                "",
                "*seed articles repeated*: the five `seeds/*.txt` verbatim, over and over; after the"
                " first copy every span is a cache hit, so even *cold* this is mostly the tokenizer"
                " and the cache. *seed articles mutated*: every copy has its sentences shuffled and"
                " a never-seen capitalised word inserted after about every 12th word (85% pseudo-names,"
                " 15% misspelt lexicon forms, never sentence-initial, so the fuzzy tier runs on them):"
                " the cache cannot help those, which is what a stream of new articles with new names"
                " costs. Both are fixed by a seeded random generator.",
            ],
        )
    )
    return texts


def bench_cli(report: Report, s: Settings, texts: dict[str, str], children: Children) -> list[Row]:
    """`python -m normalize annotate FILE --format jsonl > /dev/null`, whole process."""
    rows: list[Row] = []
    memory: list[Row] = []
    commands: dict[str, list[str]] = {}
    sizes: dict[str, int] = {}
    for label, text in texts.items():
        path = children.workdir / f"{label.replace(' ', '-')}.txt"
        path.write_text(text, encoding="utf-8")
        sizes[label] = len(text.encode("utf-8"))
        commands[label] = ["annotate", str(path), "--format", "jsonl"]
    seconds: dict[str, list[float]] = {label: [] for label in texts}
    peaks: dict[str, float] = dict.fromkeys(texts, 0.0)
    for repeat in range(s.repeats):  # the corpora take turns: a slow spell of the host hits both
        for label, args in commands.items():
            progress(f"CLI annotate {label} {repeat + 1}/{s.repeats}")
            runs = children.normalize(args, 1)
            seconds[label] += runs.timing.seconds
            peaks[label] = max(peaks[label], runs.peak_rss_mb)
    for label in texts:
        size = sizes[label]
        timing = Timing(tuple(seconds[label]))
        note = "incl. process start"
        rows.append(rate_row(f"annotate, CLI, {label}", size / MB, timing, "MB/s", TARGET_CLI, note=note))
        memory.append(
            figure_row(
                f"peak RSS, `normalize annotate` of the {size / MB:.1f} MB {label} file",
                peaks[label],
                peaks[label],
                "MB",
                TARGET_RSS,
            )
        )
    report.summary += rows
    report.sections.append(
        (
            "Annotate through the command line",
            [
                "`python -m normalize annotate FILE --format jsonl` with stdout to /dev/null, the same"
                f" {s.annotate_bytes / MB:g} MB texts as above written to files; wall time of the whole"
                " process, so it includes interpreter start, imports, building the Normalizer,"
                " reading and decoding the file and writing the JSON Lines. Bytecode is cached, as for"
                " an installed package (see *How the processes are run* below).",
                "",
                *rows_table(rows),
            ],
        )
    )
    return memory


def resolve_all(normalizer: Normalizer, names: Sequence[str]) -> list[Match | None]:
    resolve = normalizer.resolve
    return [resolve(name) for name in names]


def bench_resolve(report: Report, s: Settings, factory: NameFactory) -> None:
    """Names per second through `Normalizer.resolve`: the seed mix and distinct names."""
    normalizer = fresh_normalizer()
    seed_names = read_seed_names()
    calls = [seed_names[i % len(seed_names)] for i in range(s.seed_mix_calls)]
    seed_times = []
    for repeat in range(s.repeats):
        progress(f"resolve seed mix {repeat + 1}/{s.repeats}")
        seed_times.append(clock(partial(resolve_all, normalizer, calls))[0])
    seed_row = rate_row(
        f"resolve, seed mix ({len(seed_names)} names repeated)",
        len(calls),
        Timing(tuple(seed_times)),
        "names/s",
        FLOOR_RESOLVE,
    )

    by_kind = distinct_names(factory, s.distinct_names)
    mixed = [name for names in by_kind.values() for name in names]
    random.Random(SEED).shuffle(mixed)
    kinds: list[tuple[str, list[str]]] = [("all kinds, shuffled", mixed), *by_kind.items()]
    rows: list[Row] = [seed_row]
    detail = [
        "| names | count | linked | exact / alias / translit / fuzzy |",
        "|---|---:|---:|---|",
    ]
    for label, names in kinds:
        times: list[float] = []
        results: list[Match | None] = []
        for repeat in range(s.repeats):
            progress(f"resolve distinct {label} {repeat + 1}/{s.repeats}")
            clear_caches()  # each name is new to fold/key on every repeat
            seconds, results = clock(partial(resolve_all, normalizer, names))
            times.append(seconds)
        goal = FLOOR_RESOLVE if label == "all kinds, shuffled" else None
        rows.append(rate_row(f"resolve, distinct names, {label}", len(names), Timing(tuple(times)), "names/s", goal))
        methods = Counter(m.method for m in results if m is not None)
        linked = sum(methods.values())
        detail.append(
            f"| {label} | {len(names):,} | {linked / max(1, len(names)):.0%} |"
            f" {methods['exact']} / {methods['alias']} / {methods['transliteration']} / {methods['fuzzy']} |"
        )
    report.summary += [r for r in rows if r.goal]
    report.sections.append(
        (
            "Resolve through the library",
            [
                "`Normalizer.resolve(name)` in a loop. *Seed mix*: every mention in"
                " `seeds/*.expected.tsv` as written, cycled; the memoised `fold`/`key` make this the"
                " warm, repeated-name case. *Distinct names*: every name is a different string and"
                " the package's memo tables are emptied before each repeat, so nothing is"
                " cached: settlement names of the codifier (КАТОТТГ) as written, in Cyrillic or"
                " national romanisation; curated lexicon forms (as written, in capitals, in lower"
                " case); random 1-2 letter edits of forms or settlement names (deletion,"
                " substitution, transposition, insertion); other conventions' spellings of them"
                " (kh→ch, u→ou, v→w, zh→sch, ... or unidecode of a Cyrillic name); and pseudo-names"
                " in no lexicon (Latin and Cyrillic, 1-3 words). Shares:"
                f" {', '.join(f'{k} {v:.0%}' for k, v in NAME_MIX)} (forms run out at the lexicon size).",
                "",
                *rows_table(rows),
                "",
                "What the distinct names resolved to (last repeat):",
                "",
                *detail,
            ],
        )
    )


def bench_cold_start(report: Report, s: Settings, children: Children) -> list[Row]:
    """Process start to answer, in-process Normalizer set-up, and the peak RSS of a resolve."""
    python = sys.executable
    progress(f"cold start x{s.start_repeats}")
    bare = children.series([python, "-c", "pass"], s.start_repeats)
    imported = children.series([python, "-c", "import normalize"], s.start_repeats)
    cached_runs = children.normalize(["resolve", "Bakhmut"], s.start_repeats)
    uncached_runs = children.normalize(["resolve", "Bakhmut"], s.start_repeats, {"NORMALIZE_CACHE": "0"})
    loads = [clock(fresh_normalizer)[0] for _ in range(s.repeats)]
    builds = [clock(built_normalizer)[0] for _ in range(s.repeats)]

    cached, uncached = cached_runs.timing, uncached_runs.timing
    start_rows = [
        figure_row(
            "cold start: `python -m normalize resolve Bakhmut`, index cache warm",
            cached.best,
            cached.median,
            "s",
            TARGET_COLD_START,
        ),
        figure_row(
            "cold start: the same with `NORMALIZE_CACHE=0` (no index cache)",
            uncached.best,
            uncached.median,
            "s",
            TARGET_COLD_START,
        ),
    ]
    rows = [
        figure_row("python interpreter alone (`python -c pass`)", bare.best, bare.median, "s"),
        figure_row("`python -c 'import normalize'`", imported.best, imported.median, "s"),
        *start_rows,
        figure_row("`Normalizer()` in process, index from the disk cache", min(loads), statistics.median(loads), "s"),
        figure_row(
            "`Normalizer()` in process, index built (`NORMALIZE_CACHE=0`)", min(builds), statistics.median(builds), "s"
        ),
    ]
    report.summary += start_rows
    report.sections.append(
        (
            "Cold start",
            [
                f"Wall time of fresh processes (best and median of {s.start_repeats}; bytecode cached),"
                f" and of making a `Normalizer` inside this process (of {s.repeats}). normalize keeps"
                " compiled indexes in a disk cache (`NORMALIZE_CACHE_DIR`; this benchmark uses a"
                " private one, filled by an untimed run): *index cache warm* is every run after the"
                " first; *no index cache* reads and validates the YAML lexicons and builds the index"
                " (every Cyrillic name in every transliteration convention), which is what the first"
                " run after installing or editing a lexicon pays. The resolve figures are the whole"
                " user-visible cost of one command.",
                "",
                *rows_table(rows),
            ],
        )
    )
    rows_memory = [
        figure_row(
            "peak RSS, `normalize resolve Bakhmut`, index cache warm",
            cached_runs.peak_rss_mb,
            cached_runs.peak_rss_mb,
            "MB",
            TARGET_RSS,
        ),
        figure_row(
            "peak RSS, `normalize resolve Bakhmut`, no index cache",
            uncached_runs.peak_rss_mb,
            uncached_runs.peak_rss_mb,
            "MB",
            TARGET_RSS,
        ),
    ]
    return rows_memory


def bench_linearity(report: Report, s: Settings, corpora: dict[str, Corpus]) -> None:
    """Cold annotate time at growing sizes: time per MB should stay flat.

    The sizes are measured in turn within each repeat (1, 2, 4, 8, 1, 2, ...), so a noisy
    stretch of time on the shared machine does not fall on one size only.
    """
    lines = [
        "| corpus | MB | best s | median s | best s per MB | vs smallest |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, corpus in corpora.items():
        texts = [corpus.take(size) for size in s.linear_sizes]
        times: list[list[float]] = [[] for _ in texts]
        for repeat in range(s.linear_repeats):
            progress(f"linearity {label} {repeat + 1}/{s.linear_repeats}")
            for text, seconds in zip(texts, times, strict=True):
                seconds.append(clock(partial(fresh_normalizer().annotate, text))[0])
        first: float | None = None
        for text, seconds in zip(texts, times, strict=True):
            size = len(text.encode("utf-8")) / MB
            per_mb = min(seconds) / size
            first = first or per_mb
            lines.append(
                f"| {label} | {size:.2f} | {min(seconds):.3f} | {statistics.median(seconds):.3f} |"
                f" {per_mb:.3f} | {per_mb / first:.2f} |"
            )
    report.sections.append(
        (
            "Linearity",
            [
                "Cold library annotate (fresh Normalizer, empty memo tables) of growing prefixes of"
                f" the two corpora, {s.linear_repeats} repeats, the sizes taking turns within each"
                " repeat. Linear time shows as a flat *s per MB* (*vs smallest* near 1.00).",
                "",
                *lines,
            ],
        )
    )


def bench_memory(report: Report, child_rows: Sequence[Row]) -> None:
    """Peak resident set sizes: the CLI processes (VmHWM), this process, its children."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rows = [
        *child_rows,
        figure_row("peak RSS, this benchmark process (RUSAGE_SELF)", own, own, "MB"),
        figure_row("ru_maxrss of RUSAGE_CHILDREN (inflated, see below)", children, children, "MB"),
    ]
    report.summary += child_rows
    report.sections.append(
        (
            "Peak memory",
            [
                "The CLI rows are the peak RSS (`VmHWM` of `/proc/self/status`, read at exit) of the"
                " `python -m normalize ...` processes, the largest of the runs. *This"
                " benchmark process* holds every corpus and linearity text (up to"
                f" {max(report.settings.linear_sizes) / MB:g} MB each, as Python strings) and the"
                " annotator caches at once, so it is an upper bound for the library in a long-lived"
                " process. `RUSAGE_CHILDREN` is reported for completeness but overstates the children:"
                " Linux keeps the high-water mark across exec, so every child of this process counts"
                " at least this process's own RSS at the moment of the spawn.",
                "",
                *rows_table(rows),
            ],
        )
    )


# --------------------------------------------------------------------------- machine


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _git(*args: str) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    except OSError:
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def machine_info(cpu: int, normalizer: Normalizer) -> list[tuple[str, str]]:
    commit = _git("rev-parse", "--short", "HEAD") or "no commit"
    if _git("status", "--porcelain", "--", "normalize", "lexicons"):
        commit += " + uncommitted changes in normalize/ or lexicons/"
    forms = sum(1 for e in normalizer.entities for _ in entity_forms(e))
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        ("date", datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("CPU", f"{_cpu_model()}; nproc {os.cpu_count()}; pinned to CPU {cpu}"),
        ("load average at start (1/5/15 min)", load),
        ("Python", f"{platform.python_implementation()} {platform.python_version()} on {platform.platform()}"),
        ("libraries", f"rapidfuzz {_version('rapidfuzz')}, regex {_version('regex')}, PyYAML {_version('PyYAML')}"),
        ("normalize", f"source tree at {commit}"),
        (
            "lexicons",
            f"{len(normalizer.entities)} curated entities, {forms} forms, {len(normalizer.index.exact)} folded"
            f" forms, {len(normalizer.index.keys)} keys; gazetteer"
            f" {len(normalizer.gazetteer) if normalizer.gazetteer else 0:,} places",
        ),
    ]


# --------------------------------------------------------------------------- main


def lexicon_forms(normalizer: Normalizer) -> list[str]:
    return sorted({form for entity in normalizer.entities for form, _lang, _kind in entity_forms(entity)})


def codifier_names(normalizer: Normalizer) -> list[str]:
    """The national romanisation and the Ukrainian name of every settlement of the codifier."""
    gazetteer = normalizer.gazetteer
    if gazetteer is None:
        return []
    names: set[str] = set()
    for number in range(len(gazetteer)):
        row = dict(zip(GAZETTEER_COLUMNS, gazetteer.row(number), strict=True))
        if row["katotth"] and row["subtype"] in ("city", "town", "village", "settlement"):
            names.add(row["name"])
            names.update(row["uk"].split("|")[:1])
    return sorted(name for name in names if name)


def _idle_ticks() -> dict[int, int]:
    """Idle + iowait jiffies per CPU from /proc/stat (empty when unavailable)."""
    ticks: dict[int, int] = {}
    try:
        lines = Path("/proc/stat").read_text(encoding="utf-8").splitlines()
    except OSError:
        return ticks
    for line in lines:
        name, *values = line.split()
        if name.startswith("cpu") and name[3:].isdigit():
            ticks[int(name[3:])] = int(values[3]) + int(values[4])
    return ticks


def pin_to_one_cpu(requested: int | None) -> int:
    """Pin this process (and so its children) to one CPU: the requested one, else the idlest.

    The idlest is the allowed CPU with the most idle time over half a second; on a shared
    machine that is the one least likely to be contended during the run.
    """
    allowed = sorted(os.sched_getaffinity(0))
    cpu = requested
    if cpu is None:
        before = _idle_ticks()
        time.sleep(0.5)
        after = _idle_ticks()
        cpu = max(allowed, key=lambda c: (after.get(c, 0) - before.get(c, 0), -c))
    os.sched_setaffinity(0, {cpu})
    return cpu


def run(s: Settings, cpu: int) -> Report:
    report = Report(s)
    with tempfile.TemporaryDirectory(prefix="normalize-bench-") as tmp:
        workdir = Path(tmp)
        with environment(NORMALIZE_CACHE_DIR=str(workdir / "index-cache")):
            run_in(report, s, cpu, workdir)
    report.sections.append(
        (
            "How the processes are run",
            [
                "Everything runs pinned to one CPU (`os.sched_setaffinity`; child processes inherit"
                " it). The command-line figures run `python -c WRAPPER ARGS`, where the wrapper does"
                ' what `python -m normalize ARGS` does (`runpy.run_module("normalize",'
                ' run_name="__main__")`) and, at exit, records the process\'s peak RSS (VmHWM).'
                " `PYTHONDONTWRITEBYTECODE` is removed for the children and their bytecode goes to a"
                " private `PYTHONPYCACHEPREFIX` compiled by one untimed run first, so start-up is"
                " measured as for an installed package and nothing is written to the checkout. The"
                " benchmark and its children share a private, initially empty `NORMALIZE_CACHE_DIR`"
                " (the compiled-index cache), so the user's cache is neither used nor touched.",
            ],
        )
    )
    report.sections.append(
        (
            "How to run",
            [
                "```sh",
                "python benchmarks/bench.py                           # full run, markdown to stdout",
                "python benchmarks/bench.py --quick                   # smoke run, small sizes",
                "python benchmarks/bench.py --write docs/benchmarks.md  # regenerate this page",
                "python benchmarks/bench.py --cpu 0 --repeats 7       # choose the core and the repeats",
                "```",
            ],
        )
    )
    return report


def run_in(report: Report, s: Settings, cpu: int, workdir: Path) -> None:
    """Every benchmark, with `workdir` for files and a private index cache already set."""
    reference = fresh_normalizer()
    report.machine = machine_info(cpu, reference)
    forms = lexicon_forms(reference)
    settlements = codifier_names(reference)
    del reference

    articles = read_seed_articles()
    biggest = max(s.annotate_bytes, *s.linear_sizes)
    progress(f"building corpora up to {biggest / MB:g} MB")
    text_factory = NameFactory(forms, random.Random(SEED))
    corpora = {
        "seed articles repeated": repeated_corpus(articles, biggest),
        "seed articles mutated": mutated_corpus(articles, biggest, text_factory, random.Random(SEED + 1)),
    }
    children = Children(workdir)
    texts = bench_annotate(report, s, corpora)
    memory = bench_cli(report, s, texts, children)
    bench_resolve(report, s, NameFactory(forms, random.Random(SEED + 2), settlements))
    memory = bench_cold_start(report, s, children) + memory
    bench_linearity(report, s, corpora)
    bench_memory(report, memory)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small sizes and few repeats (a smoke run)")
    parser.add_argument("--write", type=Path, metavar="FILE", help="write the markdown report to FILE")
    parser.add_argument("--repeats", type=int, help="repeats per figure (default 5, quick 2)")
    parser.add_argument("--cpu", type=int, help="CPU to pin to (default: the idlest allowed one)")
    args = parser.parse_args(argv)
    settings = Settings.make(quick=args.quick, repeats=args.repeats)
    cpu = pin_to_one_cpu(args.cpu)
    started = time.perf_counter()
    report = run(settings, cpu)
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    report.machine.append(("load average at the end (1/5/15 min)", load))
    report.machine.append(("CPU share of the timed runs", CPU_SHARE.describe()))
    report.machine.append(("benchmark wall time", f"{time.perf_counter() - started:.0f} s"))
    text = report.markdown()
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(text, encoding="utf-8")
        progress(f"wrote {args.write}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
