"""The document as context: same-named places chosen by what else the text mentions,
surnames read as the person the text named in full, villages linked when the text
vouches for them."""

from __future__ import annotations

import pytest

import normalize
from normalize.context import distance_km, region_codes
from normalize.model import Entity


def links(normalizer: normalize.Normalizer, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.match.entity.id) for m in normalizer.annotate(text)]


def only(normalizer: normalize.Normalizer, text: str, surface: str) -> normalize.Match:
    found = [m.match for m in normalizer.annotate(text) if m.text == surface]
    assert len(found) == 1, (surface, links(normalizer, text))
    return found[0]


def test_region_codes_from_the_codifier() -> None:
    def place(code: str) -> Entity:
        return Entity(id="place/x", type="place", name="X", attributes={"katotth": code})

    assert region_codes(place("UA14000000000091971")) == ("UA14", "UA1400", "oblast")
    assert region_codes(place("UA14120000000070889")) == ("UA14", "UA1412", "raion")
    assert region_codes(place("UA14120010010052562")) == ("UA14", "UA1412", "settlement")
    assert region_codes(Entity(id="place/y", type="place", name="Y")) is None


def test_distance() -> None:
    kyiv, kharkiv = (50.45, 30.52), (49.99, 36.23)
    assert 400 < distance_km(kyiv, kharkiv) < 420
    assert distance_km(kyiv, kyiv) == 0.0


def test_an_oblast_named_in_the_text_chooses_among_same_named_villages(normalizer: normalize.Normalizer) -> None:
    alone = only(normalizer, "Shelling hit Andriivka overnight.", "Andriivka")
    in_sumy = only(normalizer, "Shelling hit Andriivka in Sumy Oblast overnight.", "Andriivka")
    sumy = normalizer.entity(in_sumy.entity.id)
    assert sumy is not None and region_codes(sumy)[0] == "UA59"  # type: ignore[index]
    assert in_sumy.entity.id != alone.entity.id
    assert "context:oblast" in in_sumy.rules and in_sumy.runner_up == alone.entity.id


def test_a_place_of_the_same_raion_chooses_among_same_named_villages(normalizer: normalize.Normalizer) -> None:
    match = only(normalizer, "Shelling hit Andriivka near Kramatorsk.", "Andriivka")
    kramatorsk = normalizer.entity("place/kramatorsk")
    chosen = normalizer.entity(match.entity.id)
    assert kramatorsk is not None and chosen is not None
    assert region_codes(chosen)[:2] == region_codes(kramatorsk)[:2]  # type: ignore[index]
    assert "context:raion" in match.rules


def test_nearby_places_choose_the_russian_donetsk(normalizer: normalize.Normalizer) -> None:
    text = "Drones hit Donetsk and Kamensk-Shakhtinsky in Rostov Oblast."
    match = only(normalizer, text, "Donetsk")
    assert match.entity.id.startswith("place/ru-") and match.runner_up == "place/donetsk"
    assert only(normalizer, "Shelling hit Donetsk and Makiivka.", "Donetsk").entity.id == "place/donetsk"


def test_a_village_is_linked_only_when_the_document_vouches_for_it(normalizer: normalize.Normalizer) -> None:
    """A village outside the war list is an ordinary-looking word on its own; its raion or
    oblast named in the text makes it a place."""
    village = "Sokolohirne"  # a village of Kherson oblast's Henichesk raion, not in the war list
    match = normalizer.resolve(village)
    assert match is not None and match.entity.attributes.get("subtype") == "village"
    assert not match.entity.attributes.get("war")
    assert links(normalizer, f"The convoy passed {village} at night.") == []
    found = links(normalizer, f"The convoy passed {village} in Kherson Oblast at night.")
    assert (village, match.entity.id) in found


def test_a_later_surname_is_the_person_named_in_full(normalizer: normalize.Normalizer) -> None:
    match = only(normalizer, "Yulia Tymoshenko spoke first. Later Tymoshenko said more.", "Tymoshenko")
    assert match.entity.id == "person/yuliia-tymoshenko"


def test_a_surname_given_to_someone_else_is_not_linked_alone(normalizer: normalize.Normalizer) -> None:
    assert links(normalizer, "Ivan Kuleba spoke. Later Kuleba added a word.") == []
    assert ("Kuleba", "person/dmytro-kuleba") in links(normalizer, "Later Kuleba added a word.")
    found = links(normalizer, "Dmytro Kuleba spoke. Later Kuleba added a word.")
    assert found == [("Dmytro Kuleba", "person/dmytro-kuleba"), ("Kuleba", "person/dmytro-kuleba")]


@pytest.mark.parametrize(
    "text",
    [
        "Ukrainian troops and Russians fought near the Ukrainian border.",
        "Putilov said so. Kharkivoblenergo reported outages. Odesskaya Kukhnya opened.",
        "President Volodymyr said nothing.",
    ],
)
def test_demonyms_first_names_and_longer_names_are_not_linked(normalizer: normalize.Normalizer, text: str) -> None:
    assert links(normalizer, text) == []
