"""Dates that mean the event, places of events, and events worth a timeline (issue 13).

Every sentence is written for these tests, after the failures seen on real reports:
an exercise with the year in its name dated by that year, "the first since 2019"
dated 2019, a background treaty's year taken by a current event, "from March 1"
written in February moved back a year, "February 26-27" cut to the month, a move
reported without a date missing, events put at a country's centroid by default, a
ship's service history and habits on the timeline.
"""

from __future__ import annotations

import pytest

from tests.eventkit import run_events
from watchfloor.jsonform import event_json
from watchfloor.nlp.events import event_date
from watchfloor.records import Article, EventRef

PUBLISHED = "2023-02-15"  # a Wednesday

CASES: dict[str, list[str]] = {
    "name_year": ["Russia and Belarus held the Union Shield-2023 exercise near Brest on Monday."],
    "name_year_only": ["Belarus hosted the Zapad 2021 drills with Russian units."],
    "first_since": [
        "On Tuesday, the Chinese foreign minister met Lukashenko in Minsk, "
        "the first such meeting since 2019."
    ],
    "treaty": ["On Monday, Kyiv accused Minsk of breaking the 1994 Budapest Memorandum."],
    "range": ["Lukashenko visited Moscow on January 26-27."],
    "from_march": ["Belarus will close its border crossings with Poland from March 1."],
    "past_month": ["Russian jets arrived at the Machulishchy airfield in April."],
    "future_month": ["Belarus will hold large drills near Grodno in January."],
    "future_in_said": [
        "Russian troops have started arriving in Belarus for drills that will end in "
        "March, officials in both countries said on Tuesday.",
    ],
    "weekday_ahead": ["The talks will resume in Minsk on Friday."],
    "weekday_done": ["Russian troops arrived in Minsk on Friday."],
    "no_time": ["Russian forces advanced from Belarus toward Kyiv."],
    "no_time_background": ["Lukashenko said the troops had moved toward the border."],
    "habit": ["Belarus regularly holds snap inspections of its army in spring."],
    "service": ["The frigate served in the Black Sea Fleet from 1990 until 2014."],
    "born": ["Khrenin was born in 1959 in a village near Minsk."],
    "no_place": [
        "Ukraine says Belarus is a threat.",
        "On Monday, Lukashenko announced new measures.",
        "Ukraine and Belarus share a long border, Ukraine said.",
    ],
}


@pytest.fixture(scope="module")
def events() -> dict[str, tuple[Article, list[EventRef]]]:
    return run_events(CASES, published=PUBLISHED)


def _rows(events: dict, name: str) -> list[dict]:
    return [event_json(e) for e in events[name][1]]


def test_a_year_in_a_name_is_not_the_date(events: dict) -> None:
    rows = _rows(events, "name_year")
    assert [r["date"] for r in rows if r["type"] == "exercise"] == ["2023-02-13"], rows


def test_a_name_s_year_alone_gives_no_date(events: dict) -> None:
    assert all(r["date"] != "2021" for r in _rows(events, "name_year_only"))


def test_the_first_since_a_year_is_not_that_year(events: dict) -> None:
    rows = _rows(events, "first_since")
    assert rows and all(r["date"] == "2023-02-14" for r in rows), rows


def test_a_background_treaty_year_dates_nothing(events: dict) -> None:
    rows = _rows(events, "treaty")
    assert rows and all(r["date"] == "2023-02-13" for r in rows), rows


def test_a_range_stays_a_range(events: dict) -> None:
    rows = _rows(events, "range")
    assert [r["date"] for r in rows] == ["2023-01-26/2023-01-27"], rows


def test_a_start_written_before_it_is_the_coming_one(events: dict) -> None:
    rows = _rows(events, "from_march")
    assert [r["date"] for r in rows] == ["2023-03-01"], rows


def test_a_month_after_the_report_is_last_year_s_for_a_thing_done(events: dict) -> None:
    rows = _rows(events, "past_month")
    assert [r["date"] for r in rows] == ["2022-04"], rows


def test_a_month_before_the_report_is_next_year_s_for_a_thing_ahead(events: dict) -> None:
    rows = _rows(events, "future_month")
    assert [(r["date"], r["modality"]) for r in rows] == [("2024-01", "planned")], rows


def test_a_month_ahead_in_its_own_clause_is_never_last_year_s(events: dict) -> None:
    # "said" is past, but the month belongs to "will end": the coming March or no date;
    # and "said on Tuesday" is the Tuesday before the report, whatever "will" says
    rows = _rows(events, "future_in_said")
    assert rows and all(r["date"] != "2022-03" for r in rows), rows
    assert "2023-02-14" in [r["date"] for r in rows], rows


@pytest.mark.parametrize(
    ("name", "expected"), [("weekday_ahead", "2023-02-17"), ("weekday_done", "2023-02-10")]
)
def test_a_bare_weekday_goes_forward_or_back_by_tense(
    events: dict, name: str, expected: str
) -> None:
    rows = _rows(events, name)
    assert [r["date"] for r in rows] == [expected], rows


def test_a_move_told_without_a_date_takes_the_report_s_date_and_says_so(events: dict) -> None:
    rows = _rows(events, "no_time")
    assert len(rows) == 1, rows
    assert rows[0]["type"] == "deployment"
    assert rows[0]["date"] == PUBLISHED
    assert rows[0]["date_text"] is None
    assert "report" in rows[0]["date_evidence"]
    # a move goes where it is going, not where it starts
    assert rows[0]["place"] == "Kyiv"


def test_a_past_perfect_keeps_its_date_open(events: dict) -> None:
    assert not [r for r in _rows(events, "no_time_background") if r["type"] == "deployment"]


@pytest.mark.parametrize("name", ["habit", "service", "born"])
def test_habits_and_life_stories_are_not_events(events: dict, name: str) -> None:
    assert _rows(events, name) == []


def test_no_country_centroid_by_default(events: dict) -> None:
    rows = _rows(events, "no_place")
    assert rows and all(r["place"] is None for r in rows), rows


def test_text_dates_carry_no_evidence(events: dict) -> None:
    assert all(r["date_evidence"] is None for r in _rows(events, "range"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-02-26/2022-02-27", "2022-02-26/2022-02-27"),
        ("2022-03/2022-05", "2022-03/2022-05"),
        ("2022-02-26/2022-02-26", "2022-02-26"),
        ("P3D/2022-02-26", "2022-02-26"),
    ],
)
def test_event_date_keeps_ranges(value: str, expected: str) -> None:
    assert event_date(value) == expected


def test_a_leap_day_is_never_moved_to_a_year_without_one() -> None:
    found = run_events(
        {"leap": ["Russian troops arrived in Gomel on February 29."]}, published="2024-02-10"
    )["leap"][1]
    for e in found:
        assert e.date is None or e.date in ("2024-02-29", "2024-02")


def test_a_plan_dated_by_its_announcement_says_so() -> None:
    found = run_events(
        {"plan": ["On Tuesday, the Security Council announced that troops will move to Brest."]},
        published=PUBLISHED,
    )["plan"][1]
    rows = [event_json(e) for e in found]
    moves = [r for r in rows if r["type"] == "deployment"]
    assert [(r["modality"], r["date"]) for r in moves] == [("planned", "2023-02-14")], rows
    assert "statement" in moves[0]["date_evidence"]
    assert [r["date_evidence"] for r in rows if r["type"] == "statement"] == [None]
