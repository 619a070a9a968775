"""Multi-word windows: the paths of forms decide how far the annotator reads, and cutting
windows by them never changes what a text links to."""

from __future__ import annotations

import pytest

import normalize
from normalize.annotator import Annotator, AnnotatorConfig
from normalize.text import key
from normalize.windows import ANY, Windows, reach_of, step

from .scripts import load_script


def table(*forms: str, person: bool = False) -> Windows:
    found = Windows()
    for form in forms:
        found.add(form.split(), open_middle=person)
    return found


def test_width_and_paths_of_forms() -> None:
    found = table("Russian Armed Forces", "Russian Navy")
    assert found.width["russian"] == 3
    assert found.paths["russian"] == frozenset({"ar", "ar fo", "ar fo$", "na$", "na"})
    assert found.width[key("Russian")] == 3  # the key of the first word too


def test_step_follows_a_path_through_case_and_plural_endings() -> None:
    paths = table("Floty Czarnomorskiej Wywiadu", "Leopard 2").reach(["floty", "leopard"])[1]
    assert paths is not None
    assert step("", "Czarnomorska", paths) == "ca"  # the ending changed, the start did not
    assert step("ca", "Wywiadem", paths) == "ca vi"
    assert step("", "2s", paths) == "2"  # a one-symbol word with a plural ending
    assert step("", "soldiers", paths) is None


def test_a_persons_name_may_have_any_middle_word() -> None:
    found = table("Volodymyr Zelensky", person=True)
    assert found.paths["volodymyr"] == frozenset({ANY})
    assert found.reach(["volodymyr"]) == (2, None)


def test_reach_of_several_tables_takes_the_widest_window_and_every_path() -> None:
    width, paths = reach_of([table("Nova Kakhovka"), table("Nova Odesa District")], ["nova"])
    assert width == 3
    assert paths is not None and {"ka$", "od di$"} <= paths
    assert reach_of([table("Nova Kakhovka"), table("Nova Poshta", person=True)], ["nova"]) == (2, None)


@pytest.fixture(scope="module")
def unpruned(normalizer: normalize.Normalizer) -> Annotator:
    """An annotator of the same resolver that reads every window in full (no paths)."""
    return Annotator(normalizer.resolver, AnnotatorConfig(window_paths=False))


def test_paths_never_cut_a_window_that_would_link(normalizer: normalize.Normalizer, unpruned: Annotator) -> None:
    """Every sentence of the multilingual dev set, hinted and unhinted, and the seed
    articles: the same mentions with and without the paths."""
    evaluate = load_script("evaluate_text.py")
    texts = [(s.text, s.lang) for s in evaluate.load_set()]
    checked = 0
    for text, lang in texts:
        for hint in (lang, None):
            with_paths = normalizer.annotate(text, lang=hint)
            without = unpruned.annotate(text, lang=hint)
            assert with_paths == without, (text, hint)
            checked += 1
    assert checked > 1000
