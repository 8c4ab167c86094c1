"""Temporal expressions: what is found, its span, and its value against the publication date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watchfloor.jsonform import time_json
from watchfloor.nlp.times import (
    Anchor,
    find_times,
    find_times_in_text,
    parse_anchor,
)
from watchfloor.records import Line, LineRole, TimeRef

WED = date(2022, 2, 23)  # a Wednesday: the bne IntelliNews article
FEB9 = date(2022, 2, 9)  # a Wednesday: the openDemocracy article
DEC7 = date(2022, 12, 7)  # a Wednesday: the Reuters-based article
JAN10 = date(2023, 1, 10)


def only(text: str, anchor: date | Anchor | None) -> TimeRef:
    found = find_times_in_text(text, anchor=anchor)
    assert len(found) == 1, [(t.mention.text, t.value) for t in found]
    return found[0]


def as_rows(found: list[TimeRef]) -> list[tuple[str, str | None, str, str]]:
    return [(t.mention.text, t.value, t.resolution, t.type) for t in found]


# (sentence, anchor) -> (span, value, resolution, type): one expression per sentence
SINGLE = [
    # the phrases
    ("Yesterday, 22 February, Maxar said so.", WED, "Yesterday, 22 February", "2022-02-22 day"),
    ("On Sunday, the minister announced it.", WED, "Sunday", "2022-02-20 day"),
    ("Officials were worried last week.", WED, "last week", "2022-W07 week"),
    ("Troops have been stationed there since October.", DEC7, "October", "2022-10 month"),
    ("Set to run from 10 to 20 February.", FEB9, "from 10 to 20 February", "2022-02-10/2022-02-20"),
    ("An offensive is possible early next year.", DEC7, "early next year", "2023 year"),
    ("The minister spoke at a meeting on 17 January.", FEB9, "17 January", "2022-01-17 day"),
    # explicit dates
    ("It happened on 23 February 2022.", None, "23 February 2022", "2022-02-23 day"),
    ("It happened on February 23, 2022.", None, "February 23, 2022", "2022-02-23 day"),
    ("It happened on Feb. 23, 2022.", None, "Feb. 23, 2022", "2022-02-23 day"),
    ("It happened on 23rd of February 2022.", None, "23rd of February 2022", "2022-02-23 day"),
    ("It happened on 23.02.2022.", None, "23.02.2022", "2022-02-23 day"),
    ("It happened on 2022-02-23.", None, "2022-02-23", "2022-02-23 day"),
    ("It happened on 13/02/2022.", None, "13/02/2022", "2022-02-13 day"),
    ("It happened on 2/3/2022.", None, "2/3/2022", "- day"),
    ("Sunday, Feb. 20, 2022, was cold.", WED, "Sunday, Feb. 20, 2022", "2022-02-20 day"),
    ("It happened in February 2022.", None, "February 2022", "2022-02 month"),
    ("Elections were held in 2020.", None, "2020", "2020 year"),
    ("The 2011 Vienna Document limits them.", WED, "2011", "2011 year"),
    # month and day without a year
    ("He was arrested on 20 December.", JAN10, "20 December", "2022-12-20 day"),
    ("The drills will begin on 10 March.", DEC7, "10 March", "2023-03-10 day"),
    ("The vote is on 27 February.", FEB9, "27 February", "2022-02-27 day"),
    ("The invasion began on February 24.", DEC7, "February 24", "2022-02-24 day"),
    # leap years: 29 February steps to a leap year in the text's direction
    ("He was born on 29 February.", date(2023, 3, 10), "29 February", "2020-02-29 day"),
    ("It was signed on 29 February.", date(2024, 3, 1), "29 February", "2024-02-29 day"),
    ("It will be held on 29 February.", date(2022, 12, 1), "29 February", "2024-02-29 day"),
    # weekdays
    ("The minister will visit on Sunday.", WED, "Sunday", "2022-02-27 day"),
    ("Belarus announced on Wednesday that troops were coming.", WED, "Wednesday", "2022-02-23 day"),
    ("Talks resume next Monday.", WED, "next Monday", "2022-02-28 day"),
    ("They met last Wednesday.", WED, "last Wednesday", "2022-02-16 day"),
    ("Sunday's vote was rigged.", WED, "Sunday", "2022-02-20 day"),
    ("They gathered Wednesday night.", WED, "Wednesday night", "2022-02-23 day"),
    # relative days
    ("Biden warned about it yesterday.", WED, "yesterday", "2022-02-22 day"),
    ("The council meets today.", WED, "today", "2022-02-23 day"),
    ("The council meets tomorrow.", WED, "tomorrow", "2022-02-24 day"),
    ("Forces have now entered Donetsk.", WED, "now", "2022-02-23 day"),
    ("Three days ago the border closed.", WED, "Three days ago", "2022-02-20 day"),
    ("The border closed over the weekend.", WED, "the weekend", "2022-02-19/2022-02-20"),
    # weeks, months, years
    ("The drills happen this week.", WED, "this week", "2022-W08 week"),
    ("The drills happen next week.", WED, "next week", "2022-W09 week"),
    ("It was signed last month.", WED, "last month", "2022-01 month"),
    ("This month, the think tank declared it.", DEC7, "This month", "2022-12 month"),
    ("It was signed earlier this month.", WED, "earlier this month", "2022-02 month"),
    ("Russia launched its operation in February saying so.", DEC7, "February", "2022-02 month"),
    ("Earlier in February the troops came.", WED, "Earlier in February", "2022-02 month"),
    ("It calls the invasion last February.", DEC7, "last February", "2022-02 month"),
    ("It calls the invasion last February.", date(2023, 3, 1), "last February", "2022-02 month"),
    ("The report covered the time from early April.", DEC7, "early April", "2022-04 month"),
    ("By the end of the year, it will be.", DEC7, "the end of the year", "2022-12 month"),
    ("Talks were held last year.", DEC7, "last year", "2021 year"),
    ("Talks are held this year.", DEC7, "this year", "2022 year"),
    ("Talks are held next year.", DEC7, "next year", "2023 year"),
    ("Talks were held in July last year.", DEC7, "July last year", "2021-07 month"),
    ("It quelled an uprising two years ago.", DEC7, "two years ago", "2020 year"),
    ("It was built in mid-2021.", WED, "mid-2021", "2021 year"),
    ("A hearing is set for the week of March 6.", WED, "the week of March 6", "2022-W09 week"),
    # year boundaries
    ("The talks were held in December.", JAN10, "December", "2022-12 month"),
    ("Officials were worried last week.", date(2022, 1, 3), "last week", "2021-W52 week"),
    ("The drills happen this week.", date(2021, 1, 1), "this week", "2020-W53 week"),
    ("It was signed last month.", date(2022, 1, 15), "last month", "2021-12 month"),
    ("Biden warned about it yesterday.", date(2022, 1, 1), "yesterday", "2021-12-31 day"),
    ("They met at Christmas.", JAN10, "Christmas", "2022-12-25 day"),
    # ranges
    ("It runs February 10-20.", FEB9, "February 10-20", "2022-02-10/2022-02-20"),
    (
        "Held between 3 and 5 March 2022.",
        FEB9,
        "between 3 and 5 March 2022",
        "2022-03-03/2022-03-05",
    ),
    ("It ran from January to March 2022.", FEB9, "from January to March 2022", "2022-01/2022-03"),
    ("He ruled between 2014 and 2016.", FEB9, "between 2014 and 2016", "2014/2016"),
    ("He ruled in 2014-2016.", FEB9, "2014-2016", "2014/2016"),
    (
        "From 28 December to 3 January 2023.",
        JAN10,
        "From 28 December to 3 January 2023",
        "2022-12-28/2023-01-03",
    ),
    # seasons (meteorological, northern: month ranges)
    ("The drills happen this spring.", FEB9, "this spring", "2022-03/2022-05"),
    ("The drills happened last autumn.", FEB9, "last autumn", "2021-09/2021-11"),
    ("The drills happened last winter.", DEC7, "last winter", "2021-12/2022-02"),
    ("Drills happened in the summer of 2021.", DEC7, "the summer of 2021", "2021-06/2021-08"),
    # quarters and halves
    (
        "Profit rose in the third quarter of 2021.",
        DEC7,
        "the third quarter of 2021",
        "2021-07/2021-09",
    ),
    ("Third-quarter profit rose.", date(1989, 11, 2), "Third-quarter", "1989-07/1989-09"),
    # durations
    ("The war would last only three days.", FEB9, "three days", "P3D day DURATION"),
    ("He has held power for 15 years.", FEB9, "15 years", "P15Y year DURATION"),
    ("Prices rose over the past two years.", FEB9, "the past two years", "P2Y year DURATION"),
    ("The talks took 18 months.", FEB9, "18 months", "P18M month DURATION"),
    ("Rhetoric increased in the past few weeks.", FEB9, "the past few weeks", "PXW week DURATION"),
    ("The meeting lasted five hours.", FEB9, "five hours", "PT5H hour DURATION"),
    ("Troops arrive over the next two days.", DEC7, "the next two days", "P2D day DURATION"),
    ("It became a three-day exercise.", FEB9, "three-day", "P3D day DURATION"),
    # sets
    ("Every year, the two countries hold drills.", FEB9, "Every year", "P1Y year SET"),
    ("Patrols go out every week.", FEB9, "every week", "P1W week SET"),
    ("Patrols go out daily.", FEB9, "daily", "P1D day SET"),
    ("Patrols go out every Sunday.", FEB9, "every Sunday", "XXXX-WXX-7 day SET"),
    ("Patrols go out twice a year.", FEB9, "twice a year", "P1Y year SET"),
]


@pytest.mark.parametrize(("text", "anchor", "span", "expected"), SINGLE)
def test_one_expression(text: str, anchor: date | None, span: str, expected: str) -> None:
    """``expected`` is "value resolution [TYPE]": '-' for no value, a range's
    resolution is ``range`` and the type DATE unless written."""
    value, *rest = expected.split()
    resolution = rest[0] if rest else "range"
    type_ = rest[1] if len(rest) > 1 else "DATE"
    t = only(text, anchor)
    got = (t.mention.text, t.value, t.resolution, t.type)
    assert got == (span, None if value == "-" else value, resolution, type_)
    assert text[t.mention.start : t.mention.end] == span


# text that names no time at all, though a date parser would find one
NOTHING = [
    "While we can say for sure that the strongman has forfeited control.",
    "We may march on the capital.",
    "They march to the border at dawn.",
    "It may rain.",
    "The Sun reported it first.",
    "Will Smith said so.",
    "The Sunday Times reported it first.",
    "April Ryan asked a question.",
    "June Smith said it was true.",
    "More than 2000 troops crossed the border.",
    "About 1500 troops arrived.",
    "A 44-year-old man was detained.",
    "The 1990s were different.",
    "After the fall of Kabul the troops left.",
    "They met at Mar-a-Lago.",
    "Document No. 2019 was signed.",
    "It starts at 1900 GMT.",
    "The Daily Mail ran the story.",
    "He won the second half of the match.",
    "A quarter of the population fled.",
    "Good Friday agreements are fragile.",
    "The Kyiv Independent says so.",
    "On one side, the army; on the other, the police.",
]


@pytest.mark.parametrize("text", NOTHING)
def test_no_false_positives(text: str) -> None:
    assert find_times_in_text(text, anchor=WED) == []


def test_fifteen_years_in_is_a_duration_not_a_date() -> None:
    found = find_times_in_text("Fifteen years in, the war goes on; 15 years in power.", anchor=WED)
    assert as_rows(found) == [
        ("Fifteen years", "P15Y", "year", "DURATION"),
        ("15 years", "P15Y", "year", "DURATION"),
    ]


def test_one_day_last_week_is_last_week() -> None:
    text = "According to one group, on one day last week 310 soldiers were transported."
    assert as_rows(find_times_in_text(text, anchor=date(2022, 12, 15))) == [
        ("last week", "2022-W49", "week", "DATE")
    ]


# without a publication date: absolute expressions resolve, relative ones keep their mention
NO_ANCHOR = [
    ("They met on Sunday.", "Sunday", None, "day"),
    ("They met last week.", "last week", None, "week"),
    ("They met in February.", "February", None, "month"),
    ("They met on February 23.", "February 23", None, "day"),
    ("They met yesterday.", "yesterday", None, "day"),
    ("They met two years ago.", "two years ago", None, "year"),
    ("They met next year.", "next year", None, "year"),
    ("They met on 23 February 2022.", "23 February 2022", "2022-02-23", "day"),
    ("They met in 2020.", "2020", "2020", "year"),
    ("They met in the summer of 2021.", "the summer of 2021", "2021-06/2021-08", "range"),
]


@pytest.mark.parametrize(("text", "span", "value", "resolution"), NO_ANCHOR)
def test_without_anchor(text: str, span: str, value: str | None, resolution: str) -> None:
    t = only(text, None)
    assert (t.mention.text, t.value, t.resolution) == (span, value, resolution)


@pytest.mark.parametrize(
    ("text", "span", "value", "resolution"),
    [
        ("They met last week.", "last week", "2022-12", "month"),
        ("They met on Sunday.", "Sunday", "2022-12", "month"),
        ("They met yesterday.", "yesterday", "2022-12", "month"),
        ("They met last month.", "last month", "2022-11", "month"),
        ("A November report said so.", "November", "2022-11", "month"),
        ("It began last February.", "last February", "2022-02", "month"),
        ("It may begin early next year.", "early next year", "2023", "year"),
    ],
)
def test_month_only_publication_date(text: str, span: str, value: str, resolution: str) -> None:
    """A publication date known to the month: finer relative expressions get its month."""
    t = only(text, Anchor(date(2022, 12, 1), "month"))
    assert (t.mention.text, t.value, t.resolution) == (span, value, resolution)


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2022-02-23", Anchor(date(2022, 2, 23))),
        ("2022-02-23T10:00:00Z", Anchor(date(2022, 2, 23))),
        ("2022-12", Anchor(date(2022, 12, 1), "month")),
        ("2022", Anchor(date(2022, 1, 1), "year")),
        ("2022-02-30", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_parse_anchor(published: str | None, expected: Anchor | None) -> None:
    assert parse_anchor(published) == expected


def test_reference_time_carries_from_sentence_to_sentence() -> None:
    text = (
        "He announced exercises on 17 January. On the same day, trains began to arrive. "
        "It was made official only a day later. The day before the interview, nothing."
    )
    assert as_rows(find_times_in_text(text, anchor=FEB9)) == [
        ("17 January", "2022-01-17", "day", "DATE"),
        ("the same day", "2022-01-17", "day", "DATE"),
        ("a day later", "2022-01-18", "day", "DATE"),
        ("The day before", None, "day", "DATE"),  # counted from an undated event
    ]


def test_following_and_previous_count_from_the_reference_time() -> None:
    text = (
        "It began on 17 January. The following week it grew; the previous month was calm; "
        "the following weekend it ended."
    )
    assert as_rows(find_times_in_text(text, anchor=FEB9)) == [
        ("17 January", "2022-01-17", "day", "DATE"),
        ("The following week", "2022-W04", "week", "DATE"),
        ("the previous month", "2021-12", "month", "DATE"),
        ("the following weekend", None, "range", "DATE"),
    ]


def test_a_year_ago_in_a_quarterly_report_is_that_quarter() -> None:
    text = "Third-quarter profit rose to $5 million from $3 million a year ago."
    assert as_rows(find_times_in_text(text, anchor=date(1989, 11, 2))) == [
        ("Third-quarter", "1989-07/1989-09", "range", "DATE"),
        ("a year ago", "1988-07/1988-09", "range", "DATE"),
    ]


def _line(n: int, text: str, role: LineRole = LineRole.BODY, dup: int | None = None) -> Line:
    return Line(number=n, text=text, role=role, duplicate_of=dup)


def test_find_times_reads_body_lines_only() -> None:
    lines = [
        _line(1, "Russia moves its troops on 1 March 2022", LineRole.TITLE),
        _line(2, "By bne IntelliNews February 23, 2022", LineRole.BYLINE),
        _line(3, "On Sunday, the minister announced that forces would stay."),
        _line(4, "", LineRole.BLANK),
        _line(5, "Yesterday, 22 February, Maxar released imagery."),
        _line(6, "On Sunday, the minister announced that forces would stay.", dup=3),
    ]
    found = find_times(lines, published="2022-02-23")
    assert [(t.mention.line, t.mention.text, t.value) for t in found] == [
        (3, "Sunday", "2022-02-20"),
        (5, "Yesterday, 22 February", "2022-02-22"),
    ]
    assert len(find_times(lines, published="2022-02-23", include_duplicates=True)) == 3
    for t in found:
        line = lines[t.mention.line - 1].text
        assert line[t.mention.start : t.mention.end] == t.mention.text
        assert t.mention.label == t.type


def test_time_json_is_the_gold_form() -> None:
    (t,) = find_times([_line(7, "Yesterday, 22 February, it came.")], published="2022-02-23")
    assert time_json(t) == {
        "line": 7,
        "text": "Yesterday, 22 February",
        "value": "2022-02-22",
        "resolution": "day",
        "type": "DATE",
    }


def test_relative_expressions_keep_their_mention_without_a_date() -> None:
    found = find_times([_line(1, "On Sunday and last week.")], published=None)
    assert [(t.mention.text, t.value) for t in found] == [("Sunday", None), ("last week", None)]


# --- properties ---------------------------------------------------------------------

RESOLUTIONS = {"day", "week", "month", "year", "range", "hour", "minute", "second"}
TYPES = {"DATE", "DURATION", "SET"}
# the whole calendar: expressions near year 1 or 9999 lose their value, never raise
anchors = st.one_of(st.none(), st.dates())


def _check(text: str, found: list[TimeRef]) -> None:
    for t in found:
        m = t.mention
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert t.resolution in RESOLUTIONS
        assert t.type in TYPES
        assert t.value is None or isinstance(t.value, str)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), anchors)
def test_any_text_never_raises(text: str, anchor: date | None) -> None:
    _check(text, find_times_in_text(text, anchor=anchor))


_WORDS = (
    "on in since from to between and until - – , . the last next this early late mid "
    "Sunday Monday Friday yesterday today tomorrow week weekend month year quarter "
    "January February March May August December Feb. Sept. 1 2 10 20 29 30 31 2020 2022 "
    "1999 two three 15 a few days weeks years ago later earlier before after every daily "
    "spring fall winter third first half end of beginning we may will said was following "
    "previous same day"
)
WORDS = _WORDS.split()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=25), anchors)
def test_grammar_soup_never_raises(words: list[str], anchor: date | None) -> None:
    text = " ".join(words)
    _check(text, find_times_in_text(text, anchor=anchor))


_PAST_WORDS = (
    "on in since the last Sunday Monday Friday yesterday today week month year ago two "
    "three days weeks , . said was they met"
)
PAST_WORDS = _PAST_WORDS.split()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(PAST_WORDS), max_size=20),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
)
def test_nothing_lands_after_the_publication_unless_the_text_says_so(
    words: list[str], anchor: date
) -> None:
    """Without next/tomorrow/will/coming..., no day, week, month or year is in the future."""
    text = " ".join(words)
    for t in find_times_in_text(text, anchor=anchor):
        if t.type != "DATE" or t.value is None:
            continue
        start = t.value.split("/")[0]
        if "-W" in start:
            year, week = start.split("-W")
            first = date.fromisocalendar(int(year), int(week), 1)
        else:
            parts = [int(p) for p in start.split("-")]
            first = date(parts[0], *(parts[1:] or [1]), *([1] if len(parts) < 3 else []))
        assert first <= anchor, (text, t)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
def test_weekdays_land_in_the_week_before_the_publication(anchor: date) -> None:
    for name in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        t = only(f"They met on {name}.", anchor)
        assert t.value is not None
        day = date.fromisoformat(t.value)
        assert anchor - timedelta(days=6) <= day <= anchor
        assert day.strftime("%A") == name


def test_a_timetable_in_the_present_tense_is_ahead() -> None:
    wednesday = date(2022, 2, 9)

    def thursday(text: str) -> str | None:
        [found] = [
            t for t in find_times_in_text(text, anchor=wednesday) if "Thursday" in t.mention.text
        ]
        return found.value

    assert thursday("Ten days of joint manoeuvres open on Thursday.") == "2022-02-10"
    assert thursday("The ministry said on Thursday that drills would end.") == "2022-02-03"
