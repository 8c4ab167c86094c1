"""Events: dated happenings with type, actors, place, date, line and quote.

Texts are written for these tests. The articles run through the real pipeline
(spaCy mentions, entities, the gazetteer, times), once per module.
"""

from __future__ import annotations

import pytest

from tests.eventkit import run_events
from watchfloor.jsonform import event_json
from watchfloor.nlp.events import event_date, sentences
from watchfloor.records import EVENT_TYPES, Article, EventRef, LineRole

PUBLISHED = "2022-03-02"  # a Wednesday

# One article per case: (name, body lines). Run through the pipeline together.
CASES: dict[str, list[str]] = {
    "deployment": ["On Monday, Russia deployed twenty fighter jets to Belarus."],
    "denial": ["On Tuesday, the Kremlin denied that its troops had crossed the border."],
    "statement": ["Alexander Lukashenko said on Sunday that the joint drills would end soon."],
    "nothing": [
        "Belarus is a landlocked country with large forests and marshes.",
        "Officials warned Minsk of severe sanctions.",
    ],
    "past_weekday": ["Belarus and Russia will hold more drills, Lukashenko said on Monday."],
    "future": ["The two armies will begin joint exercises next month near Brest."],
    "future_passive": ["A new offensive could be launched from the north early next year."],
    "soon": ["Russian units in Belarus will soon conduct tactical exercises."],
    "soon_opinion": ["One analyst believes Belarus will soon enter the war."],
    "two_dates": [
        "The report covers the time from early January, when Russian soldiers were sent "
        "to the north, until the start of the invasion on February 24."
    ],
    "reported": [
        "The Security Council announced on Tuesday that troops will be arriving "
        "in the country over the next two days."
    ],
    "continuation": [
        "On Saturday, Sergei Shoigu flew to Minsk. He and his counterpart Viktor Khrenin "
        "signed a new security agreement."
    ],
    "state": ["Estimates of the troops currently at the border vary widely."],
    "twice_dated": [
        "MINSK, March 1 (Wire) - Russia and Belarus began joint exercises on Tuesday near Brest."
    ],
    "duplicate": [
        "On Monday, Russia deployed twenty fighter jets to Belarus.",
        "On Monday, Russia deployed twenty fighter jets to Belarus.",
    ],
}


@pytest.fixture(scope="module")
def events() -> dict[str, tuple[Article, list[EventRef]]]:
    return run_events(CASES, published=PUBLISHED)


def _only(events: dict[str, tuple[Article, list[EventRef]]], name: str) -> EventRef:
    found = events[name][1]
    assert len(found) == 1, [event_json(e) for e in found]
    return found[0]


def test_deployment_with_its_date_actor_and_place(events: dict) -> None:
    event = _only(events, "deployment")
    assert event.type == "deployment"
    assert event.date == "2022-02-28"  # the Monday before publication
    assert event.date_text == "Monday"
    assert event.actors == ["Russia"]
    assert event.place == "Belarus"
    assert "deployed twenty fighter jets" in event.mention.text


def test_denial(events: dict) -> None:
    event = _only(events, "denial")
    assert event.type == "denial"
    assert event.date == "2022-03-01"
    assert "denied" in event.mention.text


def test_statement_names_its_speaker(events: dict) -> None:
    event = _only(events, "statement")
    assert event.type == "statement"
    assert event.actors == ["Alexander Lukashenko"]
    assert event.date == "2022-02-27"


@pytest.mark.parametrize("name", ["nothing", "state", "soon_opinion"])
def test_no_event_without_a_dated_or_scheduled_happening(events: dict, name: str) -> None:
    # a description, an undated warning, a state "currently", a belief about the future
    assert events[name][1] == []


def test_a_thing_said_is_never_dated_after_publication(events: dict) -> None:
    # "will" elsewhere in the sentence does not make "said on Monday" a coming Monday
    event = _only(events, "past_weekday")
    assert event.date is not None and event.date <= PUBLISHED
    assert event.date == "2022-02-28"


def test_a_date_after_publication_when_the_text_says_so(events: dict) -> None:
    event = _only(events, "future")
    assert event.type == "exercise"
    assert event.date == "2022-04"


def test_a_passive_after_a_modal_looks_ahead(events: dict) -> None:
    event = _only(events, "future_passive")
    assert event.date == "2023"  # "could be launched" is not a thing done


def test_a_scheduled_happening_without_a_date(events: dict) -> None:
    event = _only(events, "soon")
    assert event.type == "exercise"
    assert event.date is None  # "soon" is no date; none is invented


def test_each_dated_happening_is_an_event(events: dict) -> None:
    found = events["two_dates"][1]
    assert [e.date for e in found] == ["2022-01", "2022-02-24"]
    # "until" would make a deadline, but the date here is the invasion's
    assert "invasion on February 24" in found[1].mention.text


def test_what_a_dated_announcement_says_is_under_way(events: dict) -> None:
    found = events["reported"][1]
    assert [e.type for e in found] == ["statement", "deployment"]
    assert {e.date for e in found} == {"2022-03-01"}


def test_a_pronoun_sentence_keeps_the_date_before_it(events: dict) -> None:
    found = events["continuation"][1]
    assert [e.type for e in found] == ["meeting", "agreement"]
    assert [e.date for e in found] == ["2022-02-26", "2022-02-26"]
    assert found[0].actors == ["Sergei Shoigu"]
    assert found[0].place == "Minsk"
    assert "Viktor Khrenin" in found[1].actors


def test_repeated_lines_carry_no_second_event(events: dict) -> None:
    assert len(events["duplicate"][1]) == 1


def test_quotes_are_exact_stretches_of_their_lines(events: dict) -> None:
    for article, found in events.values():
        lines = {ln.number: ln for ln in article.lines}
        for e in found:
            line = lines[e.mention.line]
            assert line.role is LineRole.BODY and line.duplicate_of is None
            assert line.text[e.mention.start : e.mention.end] == e.mention.text
            assert e.mention.text.strip() == e.mention.text and e.mention.text
            assert e.type in EVENT_TYPES


def test_event_json_has_the_schema_keys(events: dict) -> None:
    row = event_json(_only(events, "deployment"))
    assert set(row) == {
        "line",
        "quote",
        "type",
        "actors",
        "place",
        "date",
        "date_text",
        "modality",
        "date_evidence",
    }
    assert row["line"] == 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-02-22", "2022-02-22"),
        ("2022-12", "2022-12"),
        ("2020", "2020"),
        ("2022-W49", "2022-12"),  # a week is the month of its Thursday
        ("2022-03/2022-05", "2022-03/2022-05"),  # a range stays a range
        ("2022-02-10/2022-02-20", "2022-02-10/2022-02-20"),
        ("P3D", None),  # a duration is no date
        (None, None),
    ],
)
def test_event_date(value: str | None, expected: str | None) -> None:
    assert event_date(value) == expected


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Gen. Viktor Khrenin spoke. The U.S. President replied.", 2),
        ("He left on Monday. She stayed.", 2),
        ("Troops moved at 5 a.m. on Monday.", 1),
    ],
)
def test_sentences(text: str, count: int) -> None:
    assert len(sentences(text)) == count


def test_a_happening_dated_twice_is_one_event(
    events: dict[str, tuple[Article, list[EventRef]]],
) -> None:
    _, found = events["twice_dated"]
    keys = [(e.mention.start, e.mention.end, e.type, e.date) for e in found]
    assert len(keys) == len(set(keys))
    assert any(e.date == "2022-03-01" and e.type == "exercise" for e in found)
