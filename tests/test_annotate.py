"""Example tests of running text: initials, invisible characters, surnames of other people."""

from __future__ import annotations

import gc

import pytest

import normalize


def linked(normalizer: normalize.Normalizer, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.match.entity.id) for m in normalizer.annotate(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yesterday V. Putin said.", [("V. Putin", "person/vladimir-putin")]),
        ("Then V.V. Putin spoke.", [("V.V. Putin", "person/vladimir-putin")]),
        ("Ye. Prigozhin left.", [("Ye. Prigozhin", "person/yevgeny-prigozhin")]),
        ("Mr. Putin said.", [("Putin", "person/vladimir-putin")]),
        ("Then Yu. Budanov spoke.", []),  # Yu. is not Kyrylo
        ("Then Yuri Budanov spoke.", []),
    ],
)
def test_initials_before_a_surname(
    normalizer: normalize.Normalizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert linked(normalizer, text) == expected


def test_invisible_characters_inside_a_name(normalizer: normalize.Normalizer) -> None:
    text = "Shelling in Bakh\u00admut and Kyi\u200bv."
    assert linked(normalizer, text) == [("Bakh\u00admut", "place/bakhmut"), ("Kyi\u200bv", "place/kyiv")]


@pytest.mark.parametrize(
    "text", ["Richard Wagner composed operas.", "Stacey Abrams spoke.", "J. J. Abrams directed the film."]
)
def test_surnames_of_other_people_are_not_things(normalizer: normalize.Normalizer, text: str) -> None:
    assert linked(normalizer, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Wagner group fought.", [("Wagner group", "org/wagner-group")]),
        ("Two Abrams tanks arrived.", [("Abrams", "equipment/abrams")]),
    ],
)
def test_things_without_a_given_name_still_link(
    normalizer: normalize.Normalizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert linked(normalizer, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Talks in Vienna ended.",
        "Na froncie walczą żołnierze.",
        "Sie fuhren mit dem Konsul zur Kanzel.",
        "Der Reiter ritt davon, 30 Grad im Schatten.",
        "Evelyn and Harmony met Gordon in the Garden.",
        "维也纳 部下 云南",
    ],
)
def test_common_words_do_not_link(normalizer: normalize.Normalizer, text: str) -> None:
    assert linked(normalizer, text) == []


def test_annotate_leaves_the_garbage_collector_as_it_found_it(normalizer: normalize.Normalizer) -> None:
    """The collector is paused during the call (no cycles are made) and restored after."""
    assert gc.isenabled()
    assert normalizer.annotate("Bakhmut and Bachmoet.")
    assert gc.isenabled()
    gc.disable()
    try:
        normalizer.annotate("Bakhmut.")
        assert not gc.isenabled()  # a caller's choice stands
    finally:
        gc.enable()
