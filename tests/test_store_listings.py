"""Long listings read a page at a time, on SQLite and PostgreSQL alike: the web app's
claims, timeline and search pages rely on pages that join up without gaps or repeats."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select, text

from tests.conftest import make_article
from tests.test_provenance import ORIGINAL, RELAYED, UNRELATED
from watchfloor import query
from watchfloor.ingest import annotate_store, link_store
from watchfloor.nlp.gazetteer import Gazetteer
from watchfloor.store import MARK_END, MARK_START, Store, schema

TROOPS = [
    "About 30,000 Russian troops are in Belarus, NATO's Secretary General said on Thursday.",
    "A Minsk analyst put the number at closer to 10,000 soldiers on 3 February 2022.",
    "Railway workers counted 40 trains near Gomel on 1 February 2022.",
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.open()


@pytest.fixture
def filled(store: Store, gazetteer: Gazetteer) -> Store:
    store.add(
        [
            make_article(TROOPS, doc="troops.txt", outlet="Wire A", published="2022-02-10"),
            make_article(UNRELATED, doc="trains.txt", outlet="Wire B", published="2022-12-10"),
            make_article(
                ORIGINAL, doc="original.txt", outlet="Polesie Wire", published="2022-12-08"
            ),
        ]
    )
    annotate_store(store, gazetteer=gazetteer)
    return store


def _pages(
    read: Callable[..., list[dict[str, Any]]], total: int, size: int
) -> list[dict[str, Any]]:
    return [row for offset in range(0, total, size) for row in read(limit=size, offset=offset)]


def test_claims_and_timeline_pages_join_up(filled: Store) -> None:
    claims = filled.list_claims()
    assert filled.count_claims() == len(claims) >= 3
    assert _pages(filled.list_claims, len(claims), 2) == claims
    about = filled.list_claims(about="troops")
    assert filled.count_claims(about="troops") == len(about) >= 1
    assert filled.list_claims(offset=len(claims)) == []

    events = filled.timeline()
    assert filled.count_timeline() == len(events) >= 2
    assert _pages(filled.timeline, len(events), 1) == events
    december = filled.timeline(since="2022-12")
    assert filled.count_timeline(since="2022-12") == len(december) < len(events)


def test_snippets_for_a_page_of_matches(filled: Store) -> None:
    bare = filled.search("trains", limit=10, snippets=False)
    assert {h.doc for h in bare} == {"troops.txt", "trains.txt"}
    assert all(h.snippet == "" for h in bare)
    with_snippets = filled.search("trains", limit=10)
    assert [h.id for h in with_snippets] == [h.id for h in bare]  # the same order
    wanted = bare[0].id
    snippets = filled.snippets("trains", [wanted, 999_999])
    assert list(snippets) == [wanted]  # an id that does not match has none
    assert f"{MARK_START}trains{MARK_END}" in snippets[wanted].casefold()
    assert snippets[wanted] == with_snippets[0].snippet
    found = query.find_articles(filled, q="trains", limit=1)
    assert found.total == 2 and len(found.hits) == 1
    assert MARK_START in found.hits[0].snippet


def test_kept_findings_follow_new_claims_relations_and_places(
    filled: Store, gazetteer: Gazetteer
) -> None:
    cache = query.KeptFindings(filled)
    before = cache.series(about="troops")
    assert before == query.estimates(filled, about="troops")
    stamp = filled.findings_stamp()
    filled.add([make_article(RELAYED, doc="relayed.txt", outlet="Wire D")])
    annotate_store(filled, gazetteer=gazetteer)
    link_store(filled)
    assert filled.findings_stamp() != stamp
    assert len(filled.list_relations()) == 1
    after = cache.series()
    assert after == query.estimates(filled)
    places = cache.places()
    assert places and places == query.places(filled) and cache.places(limit=1) == places[:1]
    filled.add([make_article(["Troops massed near Gomel."], doc="gomel.txt")])
    annotate_store(filled, gazetteer=gazetteer)
    gomel = next(p for p in cache.places() if "gomel.txt" in p.docs)
    earlier = next(p for p in places if p.canonical == gomel.canonical)
    assert gomel.mentions == earlier.mentions + 1


def test_a_store_made_before_the_claims_sort_key_gets_it_filled(filled: Store) -> None:
    expected = filled.list_claims()
    with filled.engine.begin() as conn:  # undo migration 0007, as an older store is
        conn.execute(text("DROP INDEX ix_claims_order"))
        conn.execute(text("ALTER TABLE claims DROP COLUMN dated"))
        done = schema.schema_migrations
        conn.execute(done.delete().where(done.c.name == "0007_claims_sort_key"))
    assert filled.migrate() == ["0007_claims_sort_key"]
    c, a = schema.claims, schema.articles
    published = select(a.c.published).where(a.c.id == c.c.article_id).scalar_subquery()
    with filled.engine.connect() as conn:
        dates = conn.execute(select(c.c.dated, func.coalesce(c.c.as_of, published))).all()
    assert dates and all(dated == wanted for dated, wanted in dates)
    assert filled.list_claims() == expected


def test_concurrent_readers_wait_for_one_grouping(
    filled: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    grouped = []
    real = query.estimates

    def slow(store: Store, **options: Any) -> Any:
        grouped.append(options)
        time.sleep(0.2)  # long enough for every reader to arrive while it runs
        return real(store, **options)

    monkeypatch.setattr(query, "estimates", slow)
    cache = query.KeptFindings(filled)
    with ThreadPoolExecutor(max_workers=8) as pool:
        seen = list(pool.map(lambda _: cache.series(about="troops"), range(8)))
    assert len(grouped) == 1
    assert seen[0] and all(s == seen[0] for s in seen)
