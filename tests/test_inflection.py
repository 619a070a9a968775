"""The inflection tables (normalize/data/inflection/*.tsv): well-formed, examples that hold,
and case forms that reach their entity through the resolver and the annotator."""

from __future__ import annotations

import pytest

import normalize
from normalize import inflection
from normalize.inflection import RuleError, parse_rules

RULES = inflection.all_rules()


def test_every_table_parses_and_has_rules() -> None:
    assert len(inflection.languages()) >= 1
    assert all(rule.ending for rule in RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: f"{rule.lang}:{rule.line}:{rule.ending}")
def test_rule_example_holds(rule: inflection.InflectionRule) -> None:
    """The example column reads `inflected → citation`, and this rule makes one from the other."""
    inflected, citation = (part.strip() for part in rule.example.split("→", 1))
    assert rule.apply(inflected) == citation, f"{rule.lang}.tsv line {rule.line}: {rule.example}"


@pytest.mark.parametrize(
    "line, message",
    [
        ("u\t\t4\tplace", "5 tab-separated columns"),
        ("U\t\t4\tplace\tMariupolU → Mariupol", "lower-case"),
        ("u\t\tfour\tplace\tMariupolu → Mariupol", "min_stem"),
        ("u\t\t4\tcity\tMariupolu → Mariupol", "unknown type"),
        ("u\t\t4\tplace\tMariupolu", "inflected → citation"),
    ],
)
def test_malformed_rules_are_reported_with_their_line(line: str, message: str) -> None:
    with pytest.raises(RuleError, match=message) as error:
        parse_rules("xx", "# comment\n" + line + "\n", "xx.tsv")
    assert str(error.value).startswith("xx.tsv:2:")


def test_min_stem_and_case() -> None:
    rule = parse_rules("xx", "u\t\t4\tplace\tMariupolu → Mariupol\n", "xx.tsv")[0]
    assert rule.apply("Lvu") is None  # stem too short
    assert rule.apply("MARIUPOLU") == "MARIUPOL"
    assert rule.apply("Mariupol") is None
    assert rule.apply("Kyiv Lvu") is None  # the last word's stem counts, not the span's
    assert rule.apply("Mariupol u") is None  # an ending never takes a whole word
    assert rule.apply("Nova Kakhovku") == "Nova Kakhovk"


@pytest.mark.parametrize(
    "text, lang, surface, entity_id",
    [
        ("Walki trwają w Mariupolu.", "pl", "Mariupolu", "place/mariupol"),
        ("Walki trwają w Mariupolu.", None, "Mariupolu", "place/mariupol"),
        ("Rosjanie atakują pod Kupiańskiem.", "pl", "Kupiańskiem", "place/kupiansk"),
        ("Rozmowa z Putinem trwała godzinę.", "pl", "Putinem", "person/vladimir-putin"),
        ("Situace v Chersonu je vážná.", "cs", "Chersonu", "place/kherson"),
        ("Návštěva Zelenského v Oděse.", "cs", "Zelenského", "person/volodymyr-zelensky"),
        ("Boje u Pokrovsku pokračují.", "cs", "Pokrovsku", "place/pokrovsk"),
        ("Situácia v Bachmute je vážna.", "sk", "Bachmute", "place/bakhmut"),
        ("Rozhovor s Putinom trval hodinu.", "sk", "Putinom", "person/vladimir-putin"),
        ("Obisk Zelenskega v Odesi.", "sl", "Odesi", "place/odesa"),
        ("Vojna v Ukrajini se nadaljuje.", "sl", "Ukrajini", "place/ukraine"),
        ("Borbe u Mariupolju se nastavljaju.", "hr", "Mariupolju", "place/mariupol"),
        ("Posjet Zelenskog Odesi.", "hr", "Zelenskog", "person/volodymyr-zelensky"),
        ("Разговор са Путином трајао је сат.", "sr", "Путином", "person/vladimir-putin"),
        ("Rat u Ukrajini traje.", "bs", "Ukrajini", "place/ukraine"),
        ("Обстріл Харкова тривав усю ніч.", "uk", "Харкова", "place/kharkiv"),
        ("Ракети летіли до Києва.", "uk", "Києва", "place/kyiv"),
        ("Ситуація в Авдіївці складна.", "uk", "Авдіївці", "place/avdiivka"),
        ("Бои продолжаются в Мариуполе.", "ru", "Мариуполе", "place/mariupol"),
        ("Встреча с Путиным прошла.", "ru", "Путиным", "person/vladimir-putin"),
        ("Обстрел Запорожья.", "ru", "Запорожья", "place/zaporizhzhia"),
        ("Выбухі ў Кіеве і Харкаве.", "be", "Харкаве", "place/kharkiv"),
        ("Кримът беше анексиран.", "bg", "Кримът", "place/crimea"),
        ("Mūšiai vyksta Mariupolyje.", "lt", "Mariupolyje", "place/mariupol"),
        ("Sprogimai Kyjive.", "lt", "Kyjive", "place/kyiv"),
        ("Putino pareiškimas.", "lt", "Putino", "person/vladimir-putin"),
        ("Sprādziens skāra Maskavu.", "lv", "Maskavu", "place/moscow"),
        ("Krievijas armija uzbrūk.", "lv", "Krievijas", "place/russia"),
        ("Lahingud Harkivis jätkuvad.", "et", "Harkivis", "place/kharkiv"),
        ("Venemaal on probleeme.", "et", "Venemaal", "place/russia"),
        ("Taistelut jatkuvat Mariupolissa.", "fi", "Mariupolissa", "place/mariupol"),
        ("Putinin puhe oli pitkä.", "fi", "Putinin", "person/vladimir-putin"),
        ("Pommituksia Kiovassa.", "fi", "Kiovassa", "place/kyiv"),
        ("Harcok folynak Mariupolban.", "hu", "Mariupolban", "place/mariupol"),
        ("Tárgyalás Putyinnal.", "hu", "Putyinnal", "person/vladimir-putin"),
        ("A háború Ukrajnában folytatódik.", "hu", "Ukrajnában", "place/ukraine"),
        ("Selenskyjs Rede war kurz.", "de", "Selenskyjs", "person/volodymyr-zelensky"),
        ("Poetins oorlog gaat door.", "nl", "Poetins", "person/vladimir-putin"),
        ("Rysslands armé.", "sv", "Rysslands", "place/russia"),
        ("Ruslands hær angriber.", "da", "Ruslands", "place/russia"),
        ("Russlands hær.", "no", "Russlands", "place/russia"),
        ("Primarul Kievului a vorbit.", "ro", "Kievului", "place/kyiv"),
        ("Atacul asupra Ucrainei.", "ro", "Ucrainei", "place/ukraine"),
        ("Η πολιορκία της Μαριούπολης.", "el", "Μαριούπολης", "place/mariupol"),
        # Names of several words, organisations and weapons (the nouns and adjectives of a name
        # are declined word by word; the whole name is met exactly).
        ("Wagneri võitlejad lahkusid.", "et", "Wagneri", "org/wagner-group"),
        ("Ukraina sai uusi Patrioti süsteeme.", "et", "Patrioti", "equipment/patriot"),
        ("Musta mere laevastiku alus uppus.", "et", "Musta mere laevastiku", "unit/black-sea-fleet"),
        ("Ukraina liittyy Naton jäseneksi.", "fi", "Naton", "org/nato"),
        ("Ukraina valtasi Robotynea takaisin.", "fi", "Robotynea", "place/robotyne"),
        ("Mustanmeren laivaston lippulaiva upposi.", "fi", "Mustanmeren laivaston", "unit/black-sea-fleet"),
        ("A Wagnernek nincs pénze.", "hu", "Wagnernek", "org/wagner-group"),
        ("Tárgyalt Lavrovval a miniszter.", "hu", "Lavrovval", "person/sergei-lavrov"),
        ("Támadás érte a Fekete-tengeri Flottát tegnap.", "hu", "Fekete-tengeri Flottát", "unit/black-sea-fleet"),
        ("Vakar Sergejaus Lavrovo pareiškimas nustebino.", "lt", "Sergejaus Lavrovo", "person/sergei-lavrov"),
        ("Juodosios jūros laivyno flagmanas nuskendo.", "lt", "Juodosios jūros laivyno", "unit/black-sea-fleet"),
        ("Europos Sąjungos lyderiai susitiko.", "lt", "Europos Sąjungos", "org/european-union"),
        ("Palīdzība Navaļnajai turpinās.", "lv", "Navaļnajai", "person/yulia-navalnaya"),
        ("Melnās jūras flotes kuģis nogrima.", "lv", "Melnās jūras flotes", "unit/black-sea-fleet"),
        ("Vāgnera grupas kaujinieki aizgāja.", "lv", "Vāgnera grupas", "org/wagner-group"),
        ("Wypowiedź Marii Zacharowej była ostra.", "pl", "Marii Zacharowej", "person/maria-zakharova"),
        ("Żołnierze Sił Zbrojnych Ukrainy walczą.", "pl", "Sił Zbrojnych Ukrainy", "org/armed-forces-of-ukraine"),
        ("Bojovníci Wagnerovy skupiny odešli.", "cs", "Wagnerovy skupiny", "org/wagner-group"),
        ("Vojáci Ozbrojených sil Ukrajiny bojují.", "cs", "Ozbrojených sil Ukrajiny", "org/armed-forces-of-ukraine"),
        ("Vojaci Národnej gardy Ukrajiny bojujú.", "sk", "Národnej gardy Ukrajiny", "org/national-guard-of-ukraine"),
        ("Borci Wagnerjeve skupine so odšli.", "sl", "Wagnerjeve skupine", "org/wagner-group"),
        ("Vojnici Oružanih snaga Ukrajine bore se.", "hr", "Oružanih snaga Ukrajine", "org/armed-forces-of-ukraine"),
        ("Борци Вагнерове групе су отишли.", "sr", "Вагнерове групе", "org/wagner-group"),
        ("Бої в Часовому Яру тривають.", "uk", "Часовому Яру", "place/chasiv-yar"),
        ("Заява Сергія Лаврова була різкою.", "uk", "Сергія Лаврова", "person/sergei-lavrov"),
        ("Заявление Сергея Лаврова было резким.", "ru", "Сергея Лаврова", "person/sergei-lavrov"),
        ("Корабль Черноморского флота затонул.", "ru", "Черноморского флота", "unit/black-sea-fleet"),
        ("Байцы Узброеных сіл Украіны ваююць.", "be", "Узброеных сіл Украіны", "org/armed-forces-of-ukraine"),
        ("Депутатите от Държавната дума гласуваха.", "bg", "Държавната дума", "org/state-duma"),
        ("Nava Flotei Mării Negre s-a scufundat.", "ro", "Flotei Mării Negre", "unit/black-sea-fleet"),
        ("Luptătorii Grupului Wagner au plecat.", "ro", "Grupului Wagner", "org/wagner-group"),
    ],
)
def test_case_forms_are_annotated(
    normalizer: normalize.Normalizer, text: str, lang: str | None, surface: str, entity_id: str
) -> None:
    found = {(m.text, m.match.entity.id) for m in normalizer.annotate(text, lang=lang)}
    assert (surface, entity_id) in found
    match = next(m.match for m in normalizer.annotate(text, lang=lang) if m.text == surface)
    assert any(rule.startswith("inflected:") for rule in match.rules)
    assert match.score < 1.0


def test_resolve_uses_case_endings_below_direct_matches(normalizer: normalize.Normalizer) -> None:
    direct = normalizer.resolve("Mariupol")
    hinted = normalizer.resolve("Mariupolu", lang="pl")
    unhinted = normalizer.resolve("Mariupolu")
    assert direct is not None and hinted is not None and unhinted is not None
    assert direct.entity.id == hinted.entity.id == unhinted.entity.id == "place/mariupol"
    assert unhinted.score < hinted.score < direct.score
