"""Estimate series from real sentences: each series is about one quantity, and a figure
whose quantity cannot be told is in none.

The sentences are written for these tests. Each article runs through the real pipeline
(spaCy mentions, entities, times, claims) once per module; the series keys are those
``extract --json`` gives (``link.estimates.series_keys``).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import make_article
from watchfloor.jsonform import claim_json
from watchfloor.link.estimates import estimate_series, scale, series_key, series_keys
from watchfloor.nlp.claims import find_claims
from watchfloor.nlp.entities import article_entities
from watchfloor.nlp.pipeline import annotate_mentions
from watchfloor.nlp.times import find_times

# One article per case: (name, title, body lines).
CASES: dict[str, tuple[str, list[str]]] = {
    "reward": (
        "Partisans wanted",
        [
            "Belarus offered a $50,000 reward for the railway saboteurs, while about 9,000 "
            "Russian troops stayed in Belarus.",
        ],
    ),
    "aid": (
        "Aid approved",
        [
            "Washington approved $300 million in military aid as 30,000 Russian troops "
            "massed in Belarus."
        ],
    ),
    "budget": (
        "Budget",
        ["The defence budget of 2.5 billion roubles pays for 45,000 Belarusian soldiers."],
    ),
    "list": ("Scenarios", ["1. Russian troops would stay in Belarus after the drills."]),
    "headline": ("30,000 Russian troops in Belarus", ["The drills went on all week in Belarus."]),
    "table": (
        "Estimates",
        [
            "| Source | Russian troops in Belarus | Date |",
            "| Rail watch volunteers | 7,000 | November |",
        ],
    ),
    "btg": ("Units", ["Observers counted 3.5 battalion tactical groups near Brest in Belarus."]),
    "miles": (
        "Mazyr",
        ["Trains unloaded in Mazyr, about 25 miles from the Ukrainian border, officials said."],
    ),
    "km": ("Mazyr", ["Tents went up near Mazyr, 40 km from the Ukrainian border."]),
    "area": ("Range", ["The exercise area covers 300 square kilometres of forest near Brest."]),
    "target": ("Army", ["Minsk says the Belarusian army will grow to 100,000 troops by 2030."]),
    "sent": ("Build-up", ["Moscow has sent about 30,000 combat troops to Belarus, NATO said."]),
    "stationed": ("Build-up", ["About 20,000 Russian soldiers are stationed in Belarus."]),
    "numbered": (
        "Build-up",
        ["The number of Russian troops in Belarus is estimated at 12,000, officials said."],
    ),
    "contingent": ("Build-up", ["The Russian contingent in Belarus numbers about 9,500."]),
    "likely": (
        "Assessment",
        ["Russian forces in Belarus likely number fewer than 10,000 personnel."],
    ),
    "nato": ("Allies", ["NATO has 40,000 troops in Poland and the Baltic states."]),
    "both": (
        "Border",
        [
            "About 30,000 Belarusian and Russian troops are massed on the border with Ukraine, "
            "and 20,000 Russian troops are on the border with Ukraine too."
        ],
    ),
    "north": ("Column", ["The column stood 40 miles north of Kyiv on Monday."]),
    "north_km": ("Column", ["By Friday the column was 64 km north of Kyiv."]),
    "budget_target": ("Budget", ["Russia's defence budget will rise to 10 trillion roubles."]),
    "army": ("Army", ["2. The Belarusian army has 45,000 personnel."]),
    "unknown": ("A figure", ["The figure was 12,000, and nobody said what it counted."]),
}


@pytest.fixture(scope="module")
def found() -> dict[str, list[dict[str, Any]]]:
    articles = [
        make_article(body, doc=f"{name}.txt", title=title, published="2022-02-20")
        for name, (title, body) in CASES.items()
    ]
    out: dict[str, list[dict[str, Any]]] = {}
    everything: list[dict[str, Any]] = []
    for article, mentions in zip(articles, annotate_mentions(articles), strict=True):
        entities = article_entities(mentions, article=article)
        times = find_times(article.lines, published=article.published)
        claims = [
            claim_json(c)
            for c in find_claims(article, mentions=mentions, entities=entities, times=times)
        ]
        out[article.doc.removesuffix(".txt")] = claims
        everything += claims
    # one run over every article, as extract --json keys them
    for c, key in zip(everything, series_keys(everything), strict=True):
        c["series"] = key
    return out


def by_value(found: dict[str, Any], name: str) -> dict[float | None, dict[str, Any]]:
    return {c["value"] or c["value_low"] or c["value_high"]: c for c in found[name]}


def test_money_never_joins_a_troop_series(found: dict[str, Any]) -> None:
    troops = by_value(found, "reward")[9000]["series"]
    assert troops == by_value(found, "aid")[30000]["series"] is not None
    for name, value in (("reward", 50000), ("aid", 300_000_000), ("budget", 2_500_000_000)):
        money = by_value(found, name)[value]
        assert money["unit"] == "other"
        assert money["series"] != troops
    reward = series_key(by_value(found, "reward")[50000]["subject"], "other")
    assert reward is not None and reward.label == "Reward (USD)"
    budget = series_key(by_value(found, "budget")[2_500_000_000]["subject"], "other")
    assert budget is not None and budget.measure == "RUB"
    assert by_value(found, "budget")[45000]["series"] != troops  # Belarusian, not Russian


def test_list_markers_and_headlines_are_no_figures(found: dict[str, Any]) -> None:
    assert found["list"] == []
    assert found["headline"] == []


def test_a_table_cell_without_its_subject_is_in_no_series(found: dict[str, Any]) -> None:
    (cell,) = found["table"]
    assert cell["value"] == 7000
    assert cell["series"] is None


def test_battalion_tactical_groups_are_not_soldiers(found: dict[str, Any]) -> None:
    (c,) = found["btg"]
    assert c["value"] == 3.5
    key = series_key(c["subject"], c["unit"])
    assert key is not None and key.what == "battalion tactical groups"
    assert c["series"] != by_value(found, "stationed")[20000]["series"]


def test_miles_and_km_are_one_distance_series(found: dict[str, Any]) -> None:
    (miles,) = found["miles"]
    (km,) = found["km"]
    assert miles["series"] == km["series"] is not None
    key = series_key(km["subject"], km["unit"])
    assert key is not None and key.label == "Distance from Mazyr to the Ukrainian border (km)"
    assert scale(miles) == pytest.approx(1.609344)
    assert scale(km) == 1.0


def test_square_kilometres_never_join_a_distance(found: dict[str, Any]) -> None:
    (area,) = found["area"]
    key = series_key(area["subject"], area["unit"])
    assert key is not None and key.measure == "km²"
    assert area["series"] not in (found["km"][0]["series"], None)


def test_a_target_is_its_own_quantity(found: dict[str, Any]) -> None:
    (c,) = found["target"]
    key = series_key(c["subject"], c["unit"])
    assert key is not None and key.measure == "target"
    assert c["series"] != by_value(found, "budget")[45000]["series"]


def test_one_quantity_however_it_is_worded(found: dict[str, Any]) -> None:
    sent = by_value(found, "sent")[30000]
    stationed = by_value(found, "stationed")[20000]
    assert sent["series"] == stationed["series"] == by_value(found, "reward")[9000]["series"]
    key = series_key(sent["subject"], sent["unit"])
    assert key is not None and key.label == "Russian troops in Belarus"
    # named before the figure, with no noun after it
    assert by_value(found, "numbered")[12000]["series"] == sent["series"]
    assert by_value(found, "contingent")[9500]["series"] == sent["series"]
    assert by_value(found, "likely")[10000]["series"] == sent["series"]
    # another alliance's forces elsewhere are another quantity
    assert by_value(found, "nato")[40000]["series"] not in (sent["series"], None)


def test_a_figure_whose_subject_cannot_be_told_is_in_no_series(found: dict[str, Any]) -> None:
    assert [c["series"] for c in found["unknown"]] == [None]


def test_store_rows_group_as_extract_keys_them(found: dict[str, Any]) -> None:
    rows = [
        {**c, "article_id": k, "doc": f"{name}.txt", "outlet": "Polesie Wire"}
        for k, name in enumerate(CASES)
        for c in found[name]
    ]
    series = estimate_series(rows)
    for s in series:
        assert len({e.claim["series"] for e in s.estimates}) == 1
        assert s.estimates[0].claim["series"] is not None
    grouped = sum(len(s.estimates) for s in series)
    assert grouped == sum(1 for r in rows if r["series"] is not None)


def test_two_sides_counted_together_are_their_own_quantity(found: dict[str, Any]) -> None:
    both, russian = by_value(found, "both")[30000], by_value(found, "both")[20000]
    key = series_key(both["subject"], both["unit"])
    assert key is not None
    assert key.label == "Belarusian and Russian troops on the border with Ukraine"
    assert both["series"] != russian["series"]
    assert russian["series"] != by_value(found, "stationed")[20000]["series"]  # another place


def test_a_distance_keeps_its_direction_and_its_unit_converts(found: dict[str, Any]) -> None:
    (miles,) = found["north"]
    (km,) = found["north_km"]
    assert miles["series"] == km["series"] is not None
    key = series_key(km["subject"], km["unit"])
    assert key is not None and key.label == "Distance north of Kyiv (km)"


def test_a_money_target_keeps_its_currency(found: dict[str, Any]) -> None:
    (c,) = found["budget_target"]
    key = series_key(c["subject"], c["unit"])
    assert key is not None and key.measure == "RUB target"


def test_a_numbered_list_item_keeps_its_figure_not_its_number(found: dict[str, Any]) -> None:
    (c,) = found["army"]
    assert c["value"] == 45000
    key = series_key(c["subject"], c["unit"])
    assert key is not None and key.label == "Belarusian troops"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("troop tents near Mozyr", "troop tents near Mazyr"),
        ("Russian troops in Kiev", "Russian troops in Kyiv"),
        ("military vehicles near Gomel", "military vehicles near Homyel"),
        ("MiG-31K interceptors at Machulishchi", "MiG-31K interceptors at Machulishchy airfield"),
    ],
)
def test_one_place_under_any_spelling_is_one_scope(one: str, other: str) -> None:
    a, b = series_key(one, "other"), series_key(other, "other")
    assert a is not None and b is not None and a.id == b.id


def test_a_region_and_its_town_stay_apart() -> None:
    town, region = (
        series_key("vehicles near Gomel", "other"),
        series_key("vehicles near Gomel region", "other"),
    )
    assert town is not None and region is not None and town.id != region.id
