"""Quantities: numbers, ranges, vague amounts, hedges and what is counted, from the pack."""

from __future__ import annotations

import copy

import pytest

from watchfloor.lang import LanguagePack, load_language
from watchfloor.nlp.quantities import counted, has_modal, hedge_before, is_year, numbers

# (text, kind, value, low, high) of the first figure found
FIGURES = [
    ("30,000 troops", "single", 30_000, None, None),
    ("2.5 million people", "single", 2_500_000, None, None),
    ("twenty five jets", "single", 25, None, None),
    ("a dozen trains", "single", 12, None, None),
    ("five thousand soldiers", "single", 5_000, None, None),
    ("40-50 km", "range", None, 40, 50),
    ("between 10,000 and 15,000 soldiers", "range", None, 10_000, 15_000),
    ("six or seven battalions", "range", None, 6, 7),
    ("thousands of civilians", "vague", None, 2_000, None),
    ("tens of thousands of people", "vague", None, 20_000, None),
    ("several hundred troops", "vague", None, 300, None),
    ("a few thousand soldiers", "vague", None, 2_000, None),
    ("dozens of jets", "vague", None, 24, None),
    ("eight out of 10 conscripts", "share", 0.8, None, None),
    ("30% of the army", "pct", 0.3, None, None),
    ("12 per cent of them", "pct", 0.12, None, None),
]


@pytest.mark.parametrize(("text", "kind", "value", "low", "high"), FIGURES)
def test_figures(
    text: str, kind: str, value: float | None, low: float | None, high: float | None
) -> None:
    n = next(iter(numbers(text)))
    assert (n.kind, n.value, n.low, n.high) == (kind, value, low, high)
    assert n.hedged == (kind == "vague")


@pytest.mark.parametrize(
    "text",
    [
        "the MiG-31K arrived",  # a designation
        "two and three",  # a list, not a range
        "2021-2022",  # years
        "24/7",
    ],
)
def test_no_figure_or_no_range(text: str) -> None:
    assert all(n.kind != "range" for n in numbers(text))
    assert not any(n.value in (31, 24, 7) for n in numbers(text))


def test_measure_with_a_hyphenated_unit_is_a_figure() -> None:
    assert [n.value for n in numbers("a 40-km convoy")] == [40]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("more than 25,000", "low"),
        ("up to 12", "high"),
        ("about 400", "about"),
        ("no fewer than 30", "low"),
        ("just over 10", "about"),
    ],
)
def test_hedges(text: str, kind: str) -> None:
    at = next(iter(numbers(text))).start
    hedge = hedge_before(text, at)
    assert hedge is not None and hedge.kind == kind and hedge.start == 0


def test_no_hedge_and_modals() -> None:
    assert hedge_before("exactly 400", 8) is None
    assert has_modal("two jets were likely parked")
    assert not has_modal("two jets were parked")
    assert is_year("2022") and not is_year("2500")


@pytest.mark.parametrize(
    ("text", "unit", "phrase"),
    [
        ("30,000 Russian soldiers took part", "soldiers", "Russian soldiers"),
        ("15 trains arrived", "trains", "trains"),
        ("40 km stretch", "km", "km stretch"),
        ("two days", "other", "days"),
        ("seven times more", "other", "times"),
        ("three of the", "other", None),
    ],
)
def test_counted(text: str, unit: str, phrase: str | None) -> None:
    n = next(iter(numbers(text)))
    found, span = counted(text, n.end, len(text))
    assert found == unit
    assert (text[span[0] : span[1]] if span else None) == phrase


def _pack(**changes: object) -> LanguagePack:
    en = load_language("en")
    sections = copy.deepcopy({k: dict(v) for k, v in en.sections.items()})
    sections["quantities"].update(changes)
    return LanguagePack(code="xx", name="test", path=None, sections=sections)


def test_digit_groups_and_decimal_mark_come_from_the_pack() -> None:
    pack = _pack(thousands_separators=["."], decimal_marks=[","])
    assert [n.value for n in numbers("30.000 troops", lang=pack)] == [30_000]
    assert [n.value for n in numbers("2,5 km", lang=pack)] == [2.5]


def test_number_words_and_hedges_come_from_the_pack() -> None:
    pack = _pack(
        ones={"uno": 1, "dos": 2, "tres": 3},
        hedges={"low": ["más de"], "high": [], "about": ["unos"]},
    )
    text = "más de tres"
    n = next(iter(numbers(text, lang=pack)))
    assert n.value == 3
    hedge = hedge_before(text, n.start, lang=pack)
    assert hedge is not None and hedge.kind == "low"
    assert [x.value for x in numbers("three", lang=pack)] == []
