"""Statements: one statement reported by several articles, and how many of them count."""

from __future__ import annotations

import pytest

from watchfloor import query
from watchfloor.ingest import ingest
from watchfloor.store import Store

REPORTS = {
    "wire-1.txt": (
        "Minsk rules out sending troops\n\nBy Polesie Wire February 10, 2022\n\n"
        "Alexander Lukashenko said on Thursday that Belarus would never send its army "
        "to fight in Ukraine.\n\n"
        "The drills near the southern border continued through the week.\n"
    ),
    "wire-2.txt": (
        "Drills continue for a second week\n\nBy Polesie Wire February 11, 2022\n\n"
        "Tanks were seen moving along the roads near Mazyr on Friday morning.\n\n"
        "Alexander Lukashenko said that Belarus would never send its army to fight in "
        "Ukraine, repeating his words of the day before.\n"
    ),
    "daily.txt": (
        "Belarus stays out, its leader says\n\nBy Dnieper Daily February 12, 2022\n\n"
        "Aleksandr Lukashenka said Belarus would never send its army to fight in Ukraine, "
        "whatever Moscow asked of it.\n\n"
        "Officials in Kyiv said they would keep watching the northern border closely.\n"
    ),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    folder = tmp_path_factory.mktemp("reports")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = Store.open(str(tmp_path_factory.mktemp("store") / "w.db"))
    ingest([str(folder)], store=store, nlp=True)
    return store


def _refusals(rows: list[query.StatementRow]) -> list[query.StatementRow]:
    return [r for r in rows if "never send its army" in r.content]


def test_a_publisher_repeating_a_statement_is_one_source(store: Store) -> None:
    said = _refusals(query.statements(store))
    assert {r.doc for r in said} == set(REPORTS)
    assert len({r.group for r in said}) == 1
    assert all(r.reports == 3 and r.sources == 2 for r in said)
    [repeat] = [r for r in said if r.doc == "wire-2.txt"]
    first = next(r for r in said if r.doc == "wire-1.txt")
    assert repeat.counts_with == first.article_id
    assert repeat.reason.startswith(f"same publisher (Polesie Wire) as article {first.article_id}")
    assert all(not r.reason for r in said if r is not repeat)


def test_statements_by_a_speaker_under_any_spelling(store: Store) -> None:
    docs = {r.doc for r in _refusals(query.statements(store, by="Lukashenko"))}
    assert docs == set(REPORTS)
    docs = {r.doc for r in _refusals(query.statements(store, by="Lukashenka"))}
    assert docs == set(REPORTS)
    assert query.statements(store, by="Stoltenberg") == []


def test_the_web_statements_page_shows_the_count(
    store: Store, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from fastapi.testclient import TestClient

    from watchfloor.web import create_app

    with TestClient(create_app(store.engine.url.render_as_string(hide_password=False))) as client:
        rows = client.get("/api/statements", params={"by": "Lukashenka"}).json()["statements"]
        said = [r for r in rows if "never send its army" in r["content"]]
        assert len(said) == 3 and all(r["sources"] == 2 for r in said)
        assert sum(1 for r in said if r["reason"].startswith("same publisher")) == 1
        html = client.get("/statements", params={"by": "Lukashenko"}).text
        assert "2 of 3 reports" in html and "not counted: same publisher" in html
