"""Dating an undated article from its content (``nlp.dating`` over the theatre's chronology).

Every text here is invented for the test; the events they mention are real
and dated in the chronology (Shoigu in Minsk on Saturday 3 December 2022,
Putin in Minsk on Monday 19 December 2022, the joint regional grouping that
arrived in October 2022).
"""

from __future__ import annotations

from datetime import date

import pytest

from watchfloor.ingest import cleaned
from watchfloor.nlp.chronology import chronology, events_in
from watchfloor.nlp.dating import infer_published
from watchfloor.records import Article, DocKind, Line, LineRole, RawDoc

SHOIGU = "The Russian defence minister, Sergei Shoigu, flew to Minsk on Saturday for talks."
QUIET = "Officials in Minsk said on Monday that the border crossings stayed open."
PUTIN = "Vladimir Putin arrived in Minsk on Monday for talks with his Belarusian host."


def article(*body: str, published: str | None = None) -> Article:
    lines = [Line(number=1, text="A made-up headline about Belarus", role=LineRole.TITLE)]
    lines += [Line(number=i, text=t, role=LineRole.BODY) for i, t in enumerate(body, 2)]
    return Article(
        doc="t.txt",
        origin="t.txt",
        kind=DocKind.TEXT,
        title=lines[0].text,
        outlet=None,
        authors=[],
        published=published,
        published_evidence=None,
        url=None,
        lines=lines,
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Saturday = 3 Dec 2022, so written 3-9 Dec; the latest weekday it names
        # in that window is Monday 5 Dec
        ((SHOIGU, QUIET), "2022-12-05"),
        # only the Saturday itself is named: the day of the visit
        ((SHOIGU,), "2022-12-03"),
        # two months after the October arrivals, nothing finer: the month
        (
            ("Russian troops of the regional grouping arrived in Belarus two months ago.",),
            "2022-12",
        ),
        # two anchors that cannot both hold (3-9 Dec and 19-25 Dec): no date
        ((SHOIGU, PUTIN), None),
        # no chronology event, no absolute date: a weekday alone dates nothing
        (("The drills ended on Wednesday, the ministry said.", QUIET), None),
        # an event without a time expression only bounds the date from below
        (("Shoigu's visit to Minsk was not announced in advance.",), None),
        # a hypothetical visit dates nothing
        (("Shoigu could fly to Minsk on Saturday, a source said.",), None),
    ],
)
def test_infer_published(body: tuple[str, ...], expected: str | None) -> None:
    found = infer_published(article(*body))
    assert (found[0] if found else None) == expected
    if found:
        assert found[1].startswith("inferred: ")


def test_never_before_the_latest_past_date_the_text_states() -> None:
    # The visit allows 3-9 Dec and Sunday is named (4 Dec), but a figure dated
    # 6 December is reported as past: the article cannot be from the 4th.
    body = (
        SHOIGU,
        "Protesters gathered outside the embassy on Sunday.",
        "The ministry published its troop figures on 6 December 2022.",
    )
    found = infer_published(article(*body))
    assert found is not None
    value, evidence = found
    assert value == "2022-12"  # 6-9 Dec is left, and no weekday in it is named
    assert "2022-12-06" in evidence


def test_latest_past_date_moves_the_day_within_the_window() -> None:
    body = (SHOIGU, QUIET, "Figures released on 4 December 2022 showed more trains.")
    found = infer_published(article(*body))
    assert found is not None and found[0] == "2022-12-05"
    assert date.fromisoformat(found[0]) >= date(2022, 12, 4)


def test_clean_dates_an_undated_article_and_keeps_a_dateline() -> None:
    text = "\n".join(
        [
            "Belarus watches its border",
            "",
            SHOIGU + " He signed a protocol with his counterpart and met the president.",
            "",
            QUIET + " Traffic at the main crossing was normal, drivers said.",
        ]
    )
    undated = cleaned(RawDoc(origin="u.txt", name="u.txt", kind=DocKind.TEXT, text=text))
    assert isinstance(undated, Article)
    assert undated.published == "2022-12-05"
    assert (undated.published_evidence or "").startswith("inferred: ")

    head, rest = text.split("\n", 1)
    dated_text = f"{head}\n\nBy Polesie Wire February 23, 2022\n{rest}"
    dated = cleaned(RawDoc(origin="d.txt", name="d.txt", kind=DocKind.TEXT, text=dated_text))
    assert isinstance(dated, Article)
    assert dated.published == "2022-02-23"
    assert not (dated.published_evidence or "").startswith("inferred")


def test_chronology_is_well_formed() -> None:
    events = chronology()
    assert len(events) >= 40
    assert len({e.key for e in events}) == len(events)
    for event in events:
        assert event.start <= event.end, event.key
        assert event.evidence and event.what


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        ("Russia invaded Ukraine in February.", "invasion"),
        ("Drones hit the Engels air base again.", "engels-second-strike"),
        ("Prigozhin died when his jet crashed.", "prigozhin-death"),
    ],
)
def test_events_in(sentence: str, key: str) -> None:
    assert key in {e.key for e, _ in events_in(sentence, chronology())}


def test_invasion_as_a_possibility_is_not_the_invasion() -> None:
    # before 24 February 2022 "invasion" is everywhere, as a threat
    assert not events_in(
        "Washington warned of a possible Russian invasion of Ukraine.", chronology()
    )
