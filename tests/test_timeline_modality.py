"""The timeline shows facts by default: plans, forecasts, denials and cancelled
happenings only when asked (issue 13). Sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import make_article
from tests.test_cli import wf
from watchfloor import query
from watchfloor.ingest import annotate_store
from watchfloor.nlp.gazetteer import Gazetteer
from watchfloor.store import Store, schema

REPORT = [
    "On Monday, Russian troops arrived in Belarus by rail.",
    "The two armies will hold joint exercises near Brest on March 10.",
    "The summit planned for Thursday was called off on Tuesday.",
]


@pytest.fixture
def filled(store: Store) -> Store:
    store.add([make_article(REPORT, doc="wire.txt", published="2023-02-15")])
    annotate_store(store, gazetteer=Gazetteer.open())
    return store


def test_the_timeline_shows_facts_unless_asked(filled: Store) -> None:
    facts = query.timeline(filled)
    assert facts and {e.modality for e in facts} == {"asserted"}
    assert query.count_timeline(filled) == len(facts)
    every = query.timeline(filled, modality="all")
    assert {"asserted", "planned", "cancelled"} <= {e.modality for e in every}
    assert query.count_timeline(filled, modality="all") == len(every) > len(facts)
    planned = query.timeline(filled, modality="planned, cancelled")
    assert planned and {e.modality for e in planned} <= {"planned", "cancelled"}


def test_an_unknown_modality_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown modality"):
        query.event_modalities("rumoured")


def test_events_stored_before_modality_existed_count_as_facts(filled: Store) -> None:
    with filled.engine.begin() as conn:  # undo migration 0011, as an older store is
        conn.execute(text("ALTER TABLE events DROP COLUMN modality"))
        conn.execute(text("ALTER TABLE events DROP COLUMN date_evidence"))
        done = schema.schema_migrations
        conn.execute(done.delete().where(done.c.name == "0011_event_modality"))
    assert filled.migrate() == ["0011_event_modality"]
    rows = query.timeline(filled)
    assert rows and all(e.modality is None for e in rows)
    assert query.count_timeline(filled, modality="all") == len(rows)


def test_happenings_follow_the_statuses_asked_for(filled: Store) -> None:
    # the timeline page groups its rows into happenings over the whole store: the
    # grouping must be of the same statuses as the rows, or planned rows show no happening
    assert {h.reports[0].modality for h in query.happenings(filled)} == {"asserted"}
    planned = query.timeline(filled, modality="planned")
    grouped = query.KeptFindings(filled).happenings_of(planned, modality="planned")
    assert grouped and {r.modality for h in grouped for r in h.reports} == {"planned"}


def test_the_cli_marks_what_is_not_a_fact(tmp_path: Path) -> None:
    report = tmp_path / "wire.txt"
    report.write_text(
        "Drills to end\n\nBy Polesie Wire February 23, 2022\n\n"
        "The defence ministry in Minsk says the joint exercise will run from March 10 to 20 "
        "on ranges near Brest.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "w.db")
    assert wf("ingest", str(report), "--db", db, "--quiet")[0] == 0
    code, out, _ = wf("timeline", "--db", db)
    assert code == 0 and "will run" not in out  # facts only by default
    code, out, _ = wf("timeline", "--db", db, "--modality", "all")
    assert code == 0 and "will run" in out and "(planned)" in out
    code, _, err = wf("timeline", "--db", db, "--modality", "rumoured")
    assert code == 2 and "modality" in err
