"""Independence: a publisher repeating itself, a relay and a copy are no extra sources."""

from __future__ import annotations

from typing import Any

from watchfloor.link.estimates import estimate_series
from watchfloor.link.independence import Backing, independent_units, judge, recycling


def test_a_daily_update_repeating_its_figure_is_one_source() -> None:
    items = [
        Backing(article_id=i, content=30000, publisher="Eastern Flank Monitor", published=day)
        for i, day in ((4, "2022-02-04"), (5, "2022-02-05"), (6, "2022-02-06"))
    ]
    verdicts = judge(items)
    assert [v.independent for v in verdicts] == [True, False, False]
    assert verdicts[1].counts_with == 4
    assert "same publisher (Eastern Flank Monitor) as article 4" in verdicts[1].reason
    assert independent_units(items, verdicts) == 1


def test_the_oldest_report_counts_whatever_the_order_given() -> None:
    items = [
        Backing(article_id=9, content=1, publisher="The Kyiv Ledger", published="2022-03-01"),
        Backing(article_id=2, content=1, publisher="Kyiv Ledger", published="2022-02-01"),
    ]
    verdicts = judge(items)
    assert verdicts[1].independent and verdicts[0].counts_with == 2


def test_the_speaker_is_the_unit_before_the_publisher() -> None:
    items = [
        Backing(article_id=1, content=30000, publisher="Outlet A", source="Jens Stoltenberg"),
        Backing(article_id=2, content=30000, publisher="Outlet B", source="Jens Stoltenberg"),
        Backing(article_id=3, content=30000, publisher="Outlet A", source="a Minsk analyst"),
    ]
    verdicts = judge(items)
    assert [v.independent for v in verdicts] == [True, False, True]
    assert verdicts[1].reason == "same source (Jens Stoltenberg) as article 1"
    assert independent_units(items, verdicts) == 2


def test_articles_with_no_publisher_and_no_source_count_as_themselves() -> None:
    items = [Backing(article_id=i, content="x") for i in (1, 2)]
    assert all(v.independent for v in judge(items))


def test_an_outlet_relaying_another_counts_with_it() -> None:
    items = [
        Backing(article_id=7, content=10, publisher="Reuters", published="2022-01-01"),
        Backing(article_id=8, content=10, publisher="Polesie Wire", via="Reuters"),
    ]
    verdicts = judge(items)
    assert verdicts[1].counts_with == 7
    assert verdicts[1].reason == "relays Reuters (article 7)"


def test_a_recycled_article_counts_with_the_one_it_recycles() -> None:
    items = [
        Backing(article_id=1, content=5, publisher="First Outlet"),
        Backing(article_id=2, content=5, publisher="Second Outlet"),
        Backing(article_id=3, content=6, publisher="Third Outlet"),
    ]
    relations = [
        {"a_id": 2, "b_id": 1, "kind": "near_duplicate"},
        {"a_id": 3, "b_id": 1, "kind": "derived"},
    ]
    verdicts = judge(items, recycles=recycling(relations))
    assert verdicts[1].reason == "copies article 1"
    # the derived article states another value: its own figure
    assert verdicts[2].independent


def _claim(article_id: int, value: float, *, outlet: str | None, day: str) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "doc": f"a{article_id}.txt",
        "outlet": outlet,
        "published": day,
        "value": value,
        "value_low": None,
        "value_high": None,
        "unit": "troops",
        "subject": "Russian troops in Belarus",
        "source": None,
        "via": None,
    }


def test_a_series_counts_a_think_tank_update_series_once() -> None:
    rows = [
        _claim(1, 30000, outlet="Flank Institute", day="2022-02-10"),
        _claim(2, 30000, outlet="Flank Institute", day="2022-02-11"),
        _claim(3, 30000, outlet="Flank Institute", day="2022-02-12"),
        _claim(4, 30000, outlet=None, day="2022-02-12"),
    ]
    [series] = estimate_series(rows)
    assert series.sources == 2  # the institute once, the unnamed article once
    assert [e.independent for e in series.estimates] == [True, False, False, True]
    assert [e.backers for e in series.estimates] == [2, 2, 2, 2]
    assert series.estimates[1].reason.startswith("same publisher (Flank Institute) as article 1")


def test_one_publisher_under_a_section_name_or_an_alias_is_one_source() -> None:
    items = [
        Backing(article_id=1, content=7, publisher="Flank Monitor", published="2022-02-01"),
        Backing(article_id=2, content=7, publisher="Belarus Desk - Flank Monitor"),
        Backing(article_id=3, content=7, source="ISW"),
        Backing(article_id=4, content=7, source="Institute for the Study of War"),
        # "World" is a section many sites have: no common publisher
        Backing(article_id=5, content=7, publisher="Wire One: World"),
        Backing(article_id=6, content=7, publisher="Wire Two: World"),
    ]
    aliases = {"isw": "institute for the study of war"}
    verdicts = judge(items, aliases=aliases)
    assert [v.independent for v in verdicts] == [True, False, True, False, True, True]
    assert verdicts[1].reason.startswith(
        "same publisher (Belarus Desk - Flank Monitor) as article 1"
    )
    assert independent_units(items, verdicts) == 4
