"""The five seed articles annotate exactly as their hand-checked expected files say.

Every named place, person, unit, organisation and weapon is linked to the right entity,
and nothing else is linked: a missing row and an extra row both fail.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import normalize

from .conftest import SEEDS

ARTICLES = sorted(SEEDS.glob("*.txt"))


def expected_rows(article: Path) -> set[tuple[int, int, str, str]]:
    path = article.with_suffix(".expected.tsv")
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (int(row["start"]), int(row["end"]), row["text"], row["id"])
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        }


def test_there_are_five_articles() -> None:
    assert len(ARTICLES) == 5


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_seed_article_annotates_as_expected(article: Path, normalizer: normalize.Normalizer) -> None:
    text = article.open(encoding="utf-8", newline="").read()
    got = {(m.start, m.end, m.text, m.match.entity.id) for m in normalizer.annotate(text)}
    expected = expected_rows(article)
    missing = sorted(expected - got)
    extra = sorted(got - expected)
    assert not missing and not extra, f"missing: {missing}\nextra: {extra}"


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_expected_offsets_slice_the_text(article: Path) -> None:
    text = article.open(encoding="utf-8", newline="").read()
    for start, end, surface, _id in expected_rows(article):
        assert text[start:end] == surface


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_expected_ids_exist(article: Path, normalizer: normalize.Normalizer) -> None:
    for _start, _end, _surface, entity_id in expected_rows(article):
        assert normalizer.entity(entity_id) is not None, entity_id
