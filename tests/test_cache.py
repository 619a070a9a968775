"""The compiled-index cache: reused when nothing changed, rebuilt when a lexicon changes."""

from __future__ import annotations

import marshal
import subprocess
import sys
from pathlib import Path

import pytest

import normalize
from normalize import cache, translit
from normalize.gazetteer import Lines
from normalize.regions import region_table, regions_of
from normalize.resolver import sorted_folded_forms

ROOT = Path(__file__).resolve().parent.parent

LEXICON = """\
- id: place/bakhmut
  type: place
  name: Bakhmut
  names: {uk: Бахмут}
"""


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NORMALIZE_CACHE_DIR", str(folder))
    monkeypatch.delenv("NORMALIZE_CACHE", raising=False)
    return folder


def test_index_is_stored_and_reused(tmp_path: Path, cache_folder: Path) -> None:
    lexicon = tmp_path / "l.yaml"
    lexicon.write_text(LEXICON, encoding="utf-8")
    first = normalize.Normalizer([lexicon], bundled=False)
    stored = list(cache_folder.glob("index-*.pickle"))
    assert len(stored) == 1
    second = normalize.Normalizer([lexicon], bundled=False)
    assert list(cache_folder.glob("index-*.pickle")) == stored
    assert second.resolve("Bachmoet") == first.resolve("Bachmoet")


def test_changed_lexicon_is_rebuilt(tmp_path: Path, cache_folder: Path) -> None:
    lexicon = tmp_path / "l.yaml"
    lexicon.write_text(LEXICON, encoding="utf-8")
    assert normalize.Normalizer([lexicon], bundled=False).resolve("Soledar") is None
    lexicon.write_text(LEXICON + "- id: place/soledar\n  type: place\n  name: Soledar\n  names: {uk: Соледар}\n")
    match = normalize.Normalizer([lexicon], bundled=False).resolve("Soledar")
    assert match is not None and match.entity.id == "place/soledar"


def test_broken_cache_file_is_ignored(tmp_path: Path, cache_folder: Path) -> None:
    lexicon = tmp_path / "l.yaml"
    lexicon.write_text(LEXICON, encoding="utf-8")
    normalize.Normalizer([lexicon], bundled=False)
    for stored in cache_folder.glob("index-*.pickle"):
        stored.write_bytes(b"not a pickle")
    assert normalize.Normalizer([lexicon], bundled=False).resolve("Bachmut") is not None


def test_cache_can_be_turned_off(tmp_path: Path, cache_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NORMALIZE_CACHE", "0")
    lexicon = tmp_path / "l.yaml"
    lexicon.write_text(LEXICON, encoding="utf-8")
    normalize.Normalizer([lexicon], bundled=False)
    assert not cache_folder.exists()


def test_old_indexes_are_evicted(tmp_path: Path, cache_folder: Path) -> None:
    for number in range(cache.KEEP + 3):
        lexicon = tmp_path / f"l{number}.yaml"
        lexicon.write_text(LEXICON, encoding="utf-8")
        normalize.Normalizer([lexicon], bundled=False)
    assert len(list(cache_folder.glob("index-*.pickle"))) == cache.KEEP


def test_invalid_lexicon_is_still_reported(tmp_path: Path, cache_folder: Path) -> None:
    lexicon = tmp_path / "l.yaml"
    lexicon.write_text(LEXICON.replace("type: place", "type: planet"), encoding="utf-8")
    with pytest.raises(normalize.LexiconError):
        normalize.Normalizer([lexicon], bundled=False)
    assert not list(cache_folder.glob("index-*.pickle"))


def test_region_table_is_cached_as_built(normalizer: normalize.Normalizer) -> None:
    """The region stems a fresh process loads are those the lexicon and gazetteer make."""
    built = region_table(regions_of(normalizer.entities, normalizer.gazetteer))
    assert len(built) > 100
    first = normalizer.annotator.regions
    assert first.find("Kharkivskyi", "oblast") is not None  # the table is loaded or built
    again = normalize.Normalizer()
    loaded = again.annotator.regions._table()
    assert loaded == built
    assert list(cache.cache_dir().glob("regions-*.marshal"))  # type: ignore[union-attr]
    found = again.annotator.regions.find("Charkowskiego", "oblast")
    assert found is not None and found[0].id == "place/kharkiv-oblast"


def test_sorted_forms_are_cached_as_built(normalizer: normalize.Normalizer) -> None:
    built = sorted_folded_forms(normalizer.index, normalizer.gazetteer)
    assert len(built) > 50_000 and built == sorted(built)
    assert normalizer.resolve("Mariupolu") is not None  # a case ending read off without a language
    again = normalize.Normalizer()
    assert again.resolver._make_sorted_forms() == built
    assert list(cache.cache_dir().glob("forms-*.marshal"))  # type: ignore[union-attr]


def test_index_names_every_convention_as_its_table_does(normalizer: normalize.Normalizer) -> None:
    assert normalizer.index.conventions == {c.id: c for c in translit.conventions()}
    assert normalizer.index.convention("de-uk").language == "de"


def test_a_process_with_a_warm_cache_reads_no_yaml(normalizer: normalize.Normalizer) -> None:
    """PyYAML and the transliteration tables are needed to build an index, not to use one."""
    script = (
        "import sys, normalize\n"
        "normalize.annotate('Bachmoet, Charkiw und die Oblast Saporischschja; Бахмут.')\n"
        "from normalize.translit import engine\n"
        "print('yaml' in sys.modules, engine.load_table.cache_info().currsize)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.split() == ["False", "0"], done.stderr


def test_gazetteer_lines_round_trip_through_the_cache() -> None:
    lines = ["place/a\tcity\tBakhmut\tБахмут", "place/b\tvillage\tKlishchiivka\tКліщіївка", "place/c\ttown\tZ\t"]
    stored = Lines.of(lines)
    loaded = Lines.from_plain(marshal.loads(marshal.dumps(stored.plain())))
    assert len(loaded) == 3
    assert [loaded[n] for n in range(3)] == lines
    assert list(loaded) == lines
    assert loaded[-1] == lines[-1] and loaded[1:] == lines[1:]
    assert list(Lines.of([])) == [] and len(Lines.of([])) == 0
