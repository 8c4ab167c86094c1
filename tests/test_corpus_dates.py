"""Dating undated reports from the corpus: the days dated reports give events.

Texts are invented for the tests; the theatre is empty so that only the reports date
anything (the chronology is one optional input of the same mechanism, tested in
test_dating.py).
"""

from __future__ import annotations

from dataclasses import replace

from tests.conftest import make_article
from watchfloor.ingest import date_from_corpus
from watchfloor.link.corpus_dates import (
    DatedEvent,
    date_from_reports,
    known_from_reports,
)
from watchfloor.records import Annotation, EventRef, Mention
from watchfloor.store import Store
from watchfloor.theatres import Theatre

NONE = Theatre.empty()


def event(quote: str, kind: str, actors: list[str], day: str | None, *, line: int = 3) -> EventRef:
    return EventRef(
        mention=Mention(line=line, start=0, end=len(quote), text=quote, label="EVENT"),
        type=kind,
        actors=actors,
        place="Minsk",
        date=day,
        date_text="on Saturday",
    )


VISIT = event("Sergei Shoigu flew to Minsk", "meeting", ["Sergei Shoigu"], "2022-12-03")
PUTIN = event("Vladimir Putin arrived in Minsk", "meeting", ["Vladimir Putin"], "2022-12-19")
# two dated reports put the visit on 3 December 2022
DATED = [DatedEvent(1, "wire.txt", VISIT), DatedEvent(2, "daily.txt", VISIT)]

UNDATED = [
    "The Russian defence minister, Sergei Shoigu, flew to Minsk on Saturday for talks.",
    "Officials in Minsk said on Monday that the border crossings stayed open.",
]


def test_known_events_need_a_day_a_happening_and_an_actor_who_is_not_a_state() -> None:
    known = known_from_reports(
        [
            *DATED,
            DatedEvent(
                3, "c.txt", event("Russia moved troops", "deployment", ["Russia"], "2022-12-01")
            ),
            DatedEvent(
                4, "d.txt", event("Lukashenko said", "statement", ["Lukashenko"], "2022-12-02")
            ),
            DatedEvent(5, "e.txt", event("Shoigu flew", "meeting", ["Sergei Shoigu"], "2022-12")),
        ]
    )
    assert [(k.when, k.source) for k in known] == [
        ("2022-12-03", "articles 1 (wire.txt, line 3), 2 (daily.txt, line 3)")
    ]
    assert known[0].core_spans(UNDATED[0])  # "Shoigu" and "flew"
    assert not known[0].core_spans("Shoigu said nothing about Minsk.")


def test_an_undated_report_is_dated_by_the_reports_that_date_its_event() -> None:
    found = date_from_reports(make_article(UNDATED, published=None), DATED, theatre=NONE)
    # Saturday = 3 Dec, so written 3-9 Dec; the latest weekday named in it is Monday 5 Dec
    assert found.published == "2022-12-05"
    assert found.evidence.startswith("inferred: line 3: 'Saturday' = “Sergei Shoigu flew")
    assert "articles 1 (wire.txt, line 3), 2 (daily.txt, line 3)" in found.evidence


def test_conflicting_evidence_leaves_a_report_undated_with_the_reason() -> None:
    dated = [*DATED, DatedEvent(6, "later.txt", PUTIN)]
    body = [*UNDATED, "Vladimir Putin arrived in Minsk on Monday for talks with his host."]
    found = date_from_reports(make_article(body, published=None), dated, theatre=NONE)
    assert found.published is None
    assert found.evidence.startswith("conflicting evidence: ")
    assert "later.txt" in found.evidence and "wire.txt" in found.evidence


def test_nothing_known_dates_nothing() -> None:
    found = date_from_reports(make_article(UNDATED, published=None), [], theatre=NONE)
    assert found.published is None
    assert found.evidence == "no known event tied to a relative date"


def test_date_from_corpus_writes_the_date_and_its_evidence(store: Store) -> None:
    wire = make_article(
        ["Sergei Shoigu flew to Minsk on Saturday."], doc="wire.txt", published="2022-12-04"
    )
    daily = make_article(
        ["Shoigu flew to Minsk on Saturday."], doc="daily.txt", published="2022-12-06"
    )
    undated = make_article(UNDATED, doc="undated.txt", published=None)
    ids = [added.article_id for added in store.add([wire, daily, undated])]
    empty = Annotation(
        language="en",
        skipped=None,
        entities=[],
        places=[],
        times=[],
        events=[],
        claims=[],
        citations=[],
        statements=[],
    )
    store.add_annotations(
        [
            (ids[0], replace(empty, events=[VISIT])),
            (ids[1], replace(empty, events=[VISIT])),
            (ids[2], empty),
        ]
    )
    results = date_from_corpus(store, theatre=NONE)
    assert [(r.article_id, r.published) for r in results] == [(ids[2], "2022-12-05")]
    stored = store.get_article(ids[2]).article
    assert stored.published == "2022-12-05"
    assert f"{ids[0]} (wire.txt, line 3)" in (stored.published_evidence or "")
    # the dated articles keep their datelines; nothing is left to date
    assert store.get_article(ids[0]).article.published == "2022-12-04"
    assert date_from_corpus(store, theatre=NONE) == []
