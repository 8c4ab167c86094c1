"""Event modality: asserted, planned, forecast, conditional, denied, cancelled, hypothetical.

Every sentence is written for these tests, after the failures issue 13 saw on real
reports: a warning that soldiers "will join" an attack became an attack; a cancelled
meeting was shown as held; an officer urging troops not to attack became an attack.
"""

from __future__ import annotations

import pytest

from tests.eventkit import run_events
from watchfloor.jsonform import event_json
from watchfloor.nlp.events import event_modality
from watchfloor.records import EVENT_MODALITIES, Article, EventRef

PUBLISHED = "2023-02-15"  # a Wednesday

CASES: dict[str, list[str]] = {
    "asserted": ["On Monday, Russian troops crossed into Belarus near Gomel."],
    "planned": ["The two armies will hold joint exercises near Brest in March."],
    "due_to": ["The main stage, named Northern Resolve, is due to take place from March 10 to 20."],
    "plans_to": ["Minsk plans to deploy two more battalions to the border on March 3."],
    "warned": [
        "On Tuesday, the border guard service warned that Belarusian soldiers will join "
        "an attack on Kyiv by March 10."
    ],
    "could": ["A fresh offensive could be launched from the north in April."],
    "conditional": ["If Minsk sends its troops, Kyiv will strike the bridges on the same day."],
    "denied": ["On Monday, the Kremlin denied that its troops had entered Belarus on Sunday."],
    "not_attack": ["On Friday, a colonel urged his men not to attack the village."],
    "no_plans": ["Lukashenko said on Tuesday that Belarus has no plans to attack Ukraine."],
    "cancelled": ["The summit planned for Thursday was called off by the host on Monday."],
    "postponed": ["On Monday, the defence ministry postponed the exercises until autumn."],
    "would": ["On Sunday, the minister said that Russian forces would stay in Belarus."],
    "hypothetical": ["An attack from the north would have cut the supply lines in February."],
}


@pytest.fixture(scope="module")
def events() -> dict[str, tuple[Article, list[EventRef]]]:
    return run_events(CASES, published=PUBLISHED)


def _of_type(events: dict, name: str, kind: str) -> list[EventRef]:
    found = [e for e in events[name][1] if e.type == kind]
    assert found, [event_json(e) for e in events[name][1]]
    return found


def test_every_event_has_a_known_modality(events: dict) -> None:
    for _, found in events.values():
        for e in found:
            assert e.modality in EVENT_MODALITIES
            assert event_json(e)["modality"] == e.modality


def test_a_happening_done_is_asserted(events: dict) -> None:
    assert [e.modality for e in _of_type(events, "asserted", "deployment")] == ["asserted"]


@pytest.mark.parametrize(
    ("name", "kind"), [("planned", "other"), ("plans_to", "deployment"), ("due_to", "other")]
)
def test_an_intention_or_schedule_is_planned(events: dict, name: str, kind: str) -> None:
    found = [e for e in events[name][1] if e.type in (kind, "exercise")]
    assert found and all(e.modality == "planned" for e in found), [
        event_json(e) for e in events[name][1]
    ]


def test_a_warned_attack_is_a_forecast_and_the_warning_is_asserted(events: dict) -> None:
    found = events["warned"][1]
    assert {e.modality for e in found if e.type == "statement"} == {"asserted"}
    strikes = [e for e in found if e.type == "strike"]
    assert strikes and all(e.modality == "forecast" for e in strikes), [
        event_json(e) for e in found
    ]


def test_could_is_a_forecast(events: dict) -> None:
    found = events["could"][1]
    assert found and all(e.modality == "forecast" for e in found), [event_json(e) for e in found]


def test_a_consequence_of_a_condition_is_conditional(events: dict) -> None:
    found = events["conditional"][1]
    assert found and all(e.modality == "conditional" for e in found), [event_json(e) for e in found]


def test_the_denial_is_asserted(events: dict) -> None:
    assert {e.modality for e in _of_type(events, "denied", "denial")} == {"asserted"}


@pytest.mark.parametrize("name", ["not_attack", "no_plans"])
def test_an_attack_said_not_to_happen_is_never_asserted(events: dict, name: str) -> None:
    for e in events[name][1]:
        if e.type == "strike":
            assert e.modality == "denied", event_json(e)
    assert all(e.modality == "asserted" for e in events[name][1] if e.type == "statement")


@pytest.mark.parametrize("name", ["cancelled", "postponed"])
def test_a_called_off_happening_is_cancelled(events: dict, name: str) -> None:
    found = [e for e in events[name][1] if e.type in ("meeting", "exercise")]
    assert found and all(e.modality == "cancelled" for e in found), [
        event_json(e) for e in events[name][1]
    ]


def test_would_under_a_verb_of_saying_is_a_plan(events: dict) -> None:
    found = events["would"][1]
    assert {e.modality for e in found if e.type == "statement"} == {"asserted"}
    assert all(e.modality == "planned" for e in found if e.type == "deployment")


def test_would_have_is_hypothetical(events: dict) -> None:
    found = events["hypothetical"][1]
    assert found and all(e.modality == "hypothetical" for e in found), [
        event_json(e) for e in found
    ]


BAD_INPUT: dict[str, list[str]] = {
    "two_in_one": [
        "On Monday, Russian jets struck Zhytomyr and Belarusian troops crossed the border."
    ],
    "denial_of_denial": ["On Tuesday, Minsk denied that it had ever denied entry to observers."],
    "quoted_forecast": [
        "\u201cBelarus will attack from the north by March,\u201d the officer told reporters "
        "on Friday."
    ],
    "only_dates": ["February 24, 2022.", "March 3.", "Monday."],
    "far_future": ["Belarus and Russia will hold their next joint drills in 2031."],
}


@pytest.fixture(scope="module")
def bad_input() -> dict[str, tuple[Article, list[EventRef]]]:
    return run_events(BAD_INPUT, published=PUBLISHED)


def test_bad_input_gets_a_modality_and_a_date_or_none(bad_input: dict) -> None:
    for _, found in bad_input.values():
        for e in found:
            assert e.modality in EVENT_MODALITIES
            assert e.date is None or e.date_text is not None or e.date_evidence is not None


def test_a_denial_of_a_denial_is_an_asserted_denial(bad_input: dict) -> None:
    rows = [event_json(e) for e in bad_input["denial_of_denial"][1]]
    assert [(r["type"], r["modality"], r["date"]) for r in rows] == [
        ("denial", "asserted", "2023-02-14")
    ]


def test_a_quoted_forecast_is_no_fact(bad_input: dict) -> None:
    found = bad_input["quoted_forecast"][1]
    assert {e.modality for e in found if e.type == "statement"} == {"asserted"}
    strikes = [e for e in found if e.type == "strike"]
    assert strikes and all(e.modality != "asserted" for e in strikes)


def test_a_list_of_dates_tells_no_happening(bad_input: dict) -> None:
    assert bad_input["only_dates"][1] == []


def test_a_date_far_ahead_is_kept_for_a_plan(bad_input: dict) -> None:
    rows = [event_json(e) for e in bad_input["far_future"][1]]
    assert [(r["date"], r["modality"]) for r in rows] == [("2031", "planned")]


def test_two_happenings_in_one_sentence_get_a_date_each_or_none(bad_input: dict) -> None:
    rows = [event_json(e) for e in bad_input["two_in_one"][1]]
    assert sorted((r["type"], r["date"], r["modality"]) for r in rows) == [
        ("deployment", "2023-02-13", "asserted"),
        ("strike", "2023-02-13", "asserted"),
    ], rows


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("The battalion couldn't reach the bridge before dawn.", "reach", "denied"),
        ("The brigade crossed the river without firing a shot.", "firing", "denied"),
        ("Nobody attacked the convoy that night.", "attacked", "denied"),
        ("The spokesman declined to say if troops crossed the border.", "crossed", "asserted"),
        ("Minsk gets more aid if it joins the exercises.", "gets", "asserted"),
        ("Minsk gets more aid if it joins the exercises.", "joins", "conditional"),
        ("When the radio could not reach them, the crew turned back.", "turned", "asserted"),
        ("The ministry said reservists would report to their units.", "report", "planned"),
        ("A referendum comes next year after deputies voted for it.", "voted", "asserted"),
    ],
)
def test_event_modality_of_a_word(sentence: str, word: str, expected: str) -> None:
    start = sentence.index(word)
    assert event_modality(sentence, start, start + len(word)) == expected
