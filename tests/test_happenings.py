"""Happenings: event records of many sentences and articles fused into one real-world
happening each (``link.happenings``), and the keys ``extract --json`` gives them.

Sentences are invented for the tests; the known events are made here, not read from a
situation pack, so the tests do not move when the chronology grows.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from watchfloor.cli import app
from watchfloor.link.happenings import Report, group, happening_keys, independent_sources
from watchfloor.nlp.chronology import KnownEvent
from watchfloor.records import EventRef, Mention


def report(
    quote: str,
    kind: str,
    actors: list[str],
    day: str | None,
    *,
    article: str = "a.txt",
    line: int = 3,
    place: str | None = None,
    context: str = "",
    outlet: str | None = None,
    published: str | None = "2024-05-10",
    date_text: str | None = None,
) -> Report:
    start = context.find(quote) if context else 0
    event = EventRef(
        mention=Mention(line=line, start=start, end=start + len(quote), text=quote, label="EVENT"),
        type=kind,
        actors=actors,
        place=place,
        date=day,
        date_text=date_text,
    )
    return Report(article=article, event=event, context=context, outlet=outlet, published=published)


def together(happenings, a: Report, b: Report) -> bool:
    keys = happening_keys(happenings)

    def key(r: Report):
        return keys[(r.article, r.event.mention.line, r.event.mention.start)]

    return key(a) == key(b)


FLOOD = KnownEvent(
    key="dam-burst",
    when="2024-04-02",
    what="the dam burst above the valley",
    evidence=(r"dam (?:burst|broke|collapse\w*)|burst of the dam", r"valley|river"),
)


def test_two_outlets_reporting_one_announcement_are_one_happening_with_two_sources() -> None:
    a = report(
        "the Ruritanian ministry announced on Tuesday",
        "statement",
        ["Ministry of Defence of Ruritania"],
        "2024-05-07",
        article="wire.txt",
        outlet="Wire",
    )
    b = report(
        "Ruritania announced on Tuesday",
        "statement",
        ["Ruritania"],
        "2024-05-07",
        article="daily.txt",
        outlet="Daily",
    )
    found = group([a, b])
    assert len(found) == 1
    assert found[0].sources == 2
    assert together(found, a, b)


def test_the_same_outlet_twice_is_one_source() -> None:
    a = report("Ruritania said", "statement", ["Ruritania"], "2024-05-07", article="x", outlet="W")
    b = report("Ruritania said", "statement", ["Ruritania"], "2024-05-07", article="y", outlet="W")
    assert independent_sources([a, b]) == 1
    c = report("Ruritania said", "statement", ["Ruritania"], "2024-05-07", article="z")
    assert independent_sources([a, b, c]) == 2  # no publisher named: the article is its own


def test_different_speakers_or_days_stay_apart() -> None:
    a = report("Ruritania said", "statement", ["Ruritania"], "2024-05-07", article="x")
    b = report("Freedonia said", "statement", ["Freedonia"], "2024-05-07", article="y")
    c = report("Ruritania said", "statement", ["Ruritania"], "2024-05-09", article="z")
    found = group([a, b, c])
    assert len(found) == 3


def test_two_records_of_one_sentence_are_two_happenings() -> None:
    # a strike launched hours after another: same type, same day, one sentence
    context = "Artillery shelled the port on Monday, hours after drones hit the depot."
    a = report("Artillery shelled the port on Monday", "strike", [], "2024-05-06", context=context)
    b = report("drones hit the depot", "strike", ["Ruritania"], "2024-05-06", context=context)
    assert len(group([a, b])) == 2


def test_an_agreement_signed_during_a_visit_keeps_its_own_key() -> None:
    visit = report(
        "the minister flew to the capital", "meeting", ["Ivan Petrov"], "2024-05-04", line=4
    )
    signed = report(
        "Petrov signed a treaty", "agreement", ["Ivan Petrov"], "2024-05-04", article="b", line=4
    )
    found = group([visit, signed])
    assert not together(found, visit, signed)


def test_a_month_dated_mention_joins_the_only_happening_that_fits() -> None:
    day = report(
        "troops moved to Borovia", "deployment", ["Ruritania"], "2024-04-12", place="Borovia"
    )
    month = report(
        "the April move of troops",
        "deployment",
        ["Ruritania"],
        "2024-04",
        article="b",
        place="Borovia",
    )
    assert together(group([day, month]), day, month)


def test_a_month_dated_mention_stays_alone_when_two_happenings_fit() -> None:
    first = report("troops moved", "deployment", ["Ruritania"], "2024-04-02", place="Borovia")
    second = report(
        "troops moved again", "deployment", ["Ruritania"], "2024-04-20", article="b", line=5
    )
    month = report("an April move", "deployment", ["Ruritania"], "2024-04", article="c")
    found = group([first, second, month])
    assert len(found) == 3


def test_no_actor_and_no_place_below_country_level_is_no_evidence() -> None:
    a = report("troops moved", "deployment", [], "2024-05-06", place="Poland")
    b = report("soldiers arrived", "deployment", [], "2024-05-06", article="b", place="Poland")
    assert len(group([a, b])) == 2


def test_a_place_contradiction_keeps_them_apart() -> None:
    a = report("troops moved", "deployment", ["Ruritania"], "2024-05-06", place="Borovia")
    b = report("troops moved", "deployment", ["Ruritania"], "2024-05-06", article="b", place="Oz")
    assert len(group([a, b])) == 2


def test_an_explicit_reference_joins_reports_of_different_wording_and_dates() -> None:
    one = "When the dam burst above the valley in April, thousands fled."
    two = "Rebuilding after the burst of the dam in the river valley has not begun."
    a = report("the dam burst above the valley in April", "other", [], "2024-04", context=one)
    b = report(
        "Rebuilding after the burst of the dam",
        "other",
        ["Ruritania"],
        None,
        article="b",
        context=two,
    )
    found = group([a, b], known=[FLOOD])
    assert together(found, a, b)
    assert found[0].known == "dam-burst"


def test_a_known_event_is_not_taken_when_the_dates_disagree() -> None:
    one = "The dam burst above the valley in 2019."
    two = "The dam burst above the valley this spring."
    a = report("The dam burst above the valley in 2019", "other", [], "2019", context=one)
    b = report(
        "The dam burst above the valley this spring",
        "other",
        [],
        "2024-04",
        context=two,
        article="b",
    )
    assert not together(group([a, b], known=[FLOOD]), a, b)


def test_statements_are_not_tied_to_known_events() -> None:
    # saying something about the flood is not the flood
    one = "The governor spoke of the dam burst in the valley."
    a = report(
        "The governor spoke of the dam burst", "statement", ["Governor"], "2024-04-05", context=one
    )
    b = report("the dam burst in the valley", "other", [], "2024-04-02", context=one, line=4)
    assert not together(group([a, b], known=[FLOOD]), a, b)


def test_disagreements_are_kept_visible() -> None:
    a = report(
        "troops crossed at dawn with 300 tanks",
        "deployment",
        ["Ruritania"],
        "2024-05-06",
        place="Borovia",
        published="2024-05-06",
    )
    b = report(
        "troops crossed with 350 tanks",
        "deployment",
        ["Ruritania"],
        "2024-05-06",
        article="b",
        place="Borovia",
        published="2024-05-07",
    )
    month = report(
        "the May crossing",
        "deployment",
        ["Ruritania"],
        "2024-05",
        article="c",
        place="Borovia",
        published="2024-05-20",
    )
    (found,) = group([b, month, a])
    assert [r.article for r in found.reports] == ["a.txt", "b", "c"]  # oldest report first
    assert found.first.article == "a.txt" and found.latest.article == "c"
    assert found.date == "2024-05-06"
    assert any(d.startswith("numbers: 300") for d in found.disagreements)


@pytest.mark.parametrize("kind", ["statement", "deployment"])
def test_keys_are_stable_and_independent_of_input_order(kind: str) -> None:
    a = report("x", kind, ["Ruritania"], "2024-05-06", place="Borovia")
    b = report("y", kind, ["Ruritania"], "2024-05-06", article="b", place="Borovia")
    assert happening_keys(group([a, b])) == happening_keys(group([b, a]))


def test_extract_json_gives_one_key_to_one_happening_across_files(tmp_path) -> None:
    one = tmp_path / "one.txt"
    two = tmp_path / "two.txt"
    one.write_text(
        "Ministry speaks\n\nBy Daily Courier, 7 May 2024\n\n"
        "Belarus announced on Tuesday that it was moving troops to its western border.\n",
        encoding="utf-8",
    )
    two.write_text(
        "Troops move west\n\nBy Evening Wire, 8 May 2024\n\n"
        "The Belarus Security Council announced on Tuesday that troops would move west.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["extract", str(one), str(two), "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    said = [e["happening"] for row in rows for e in row["events"] if e["type"] == "statement"]
    assert len(said) == 2 and said[0] == said[1] and said[0]


def test_a_shared_country_joins_only_two_reports_of_the_same_subject() -> None:
    one = "Poland announced on Friday that it would close the border crossings."
    two = "The Polish government of Poland announced Friday the border crossings would close."
    three = "Poland announced on Friday a new grain subsidy for farmers."
    a = report(
        "Poland announced on Friday",
        "statement",
        ["Poland"],
        "2024-05-03",
        context=one,
        date_text="Friday",
    )
    b = report(
        "The Polish government of Poland announced Friday",
        "statement",
        ["Government of Poland"],
        "2024-05-03",
        article="b",
        context=two,
        date_text="Friday",
    )
    c = report(
        "Poland announced on Friday",
        "statement",
        ["Poland"],
        "2024-05-03",
        article="c",
        context=three,
        date_text="Friday",
    )
    assert together(group([a, b]), a, b)
    # a third statement of Poland's that day: a shared country no longer tells which
    assert len(group([a, b, c])) == 3
    d = report(
        "Poland announced on Friday",
        "statement",
        ["Poland"],
        "2024-05-03",
        article="d",
        context="Poland announced on Friday new farming rules.",
        date_text="Friday",
    )
    assert not together(group([a, d]), a, d)  # two subjects


def test_a_company_suffix_is_not_a_surname() -> None:
    firms = ["Acme Corp", "Bolt Corp", "Crane Corp", "Delta Corp", "Ember Corp"]
    found = group([report(f"{f} said", "statement", [f], "2024-05-03", article=f) for f in firms])
    assert len(found) == len(firms)
    people = [
        report("Ivan Petrov said", "statement", ["Ivan Petrov"], "2024-05-03", article="x"),
        report("Ivan Petrow said", "statement", ["I. Petrov"], "2024-05-03", article="y"),
    ]
    assert len(group(people)) == 1


def test_a_recycled_report_counts_with_its_origin() -> None:
    a = report("Ruritania said", "statement", ["Ruritania"], "2024-05-07", article=1, outlet="W")
    b = report("Ruritania said", "statement", ["Ruritania"], "2024-05-07", article=2, outlet="D")
    (found,) = group([a, b])
    assert found.sources == 2
    (found,) = group([a, b], recycles={2: {1: "derived"}})  # article 2 recycles article 1
    assert found.sources == 1
