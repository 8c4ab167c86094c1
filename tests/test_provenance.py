"""Recycled reporting kept in the store: relations found as articles arrive, never twice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import make_article, pg_schema_url
from watchfloor.ingest import annotate_store, link_store
from watchfloor.nlp.gazetteer import Gazetteer
from watchfloor.store import Store

ORIGINAL = [
    "A conscript who fled the Belarusian army spoke to the Polesie Wire in Vilnius this week.",
    '"Nobody in my unit wanted to go to war, and the officers knew it better than anyone '
    'else did," the former soldier said.',
    "He said his battalion had been sent to the border with Ukraine in the autumn and kept "
    "there for weeks without any explanation from its commanders.",
    '"We were told we would be home by the new year, but nobody believed it any more," he '
    "added, asking that his name be withheld.",
]
RELAYED = [
    "Belarusian soldiers have little appetite for a war against Ukraine, according to a "
    "deserter interviewed by the Polesie Wire.",
    '"Nobody in my unit wanted to go to war, and the officers knew it better than anyone '
    'else did," the man told the outlet.',
    '"We were told we would be home by the new year, but nobody believed it any more," he '
    "said, according to the report.",
]
UNRELATED = [
    "Railway workers in Homel counted three more trains carrying armoured vehicles on "
    "Tuesday, the fourth such convoy this month.",
    "The trains arrived at the station at night and were unloaded before dawn, local "
    "residents said, and the vehicles drove north towards the training ground.",
]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        with Store.open(tmp_path / "t.db") as s:
            yield s
    else:
        with pg_schema_url() as url, Store.open(url) as s:
            yield s


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.open()


def _add(store: Store, gazetteer: Gazetteer, *articles: tuple[str, str, list[str], str]) -> None:
    store.add(
        [
            make_article(body, doc=doc, outlet=outlet, published=published)
            for doc, outlet, body, published in articles
        ]
    )
    annotate_store(store, gazetteer=gazetteer)


def test_a_relaying_article_is_found_derived_and_only_once(
    store: Store, gazetteer: Gazetteer
) -> None:
    _add(
        store,
        gazetteer,
        ("original.txt", "Polesie Wire", ORIGINAL, "2022-12-08"),
        ("trains.txt", "Homel Region Monitor", UNRELATED, "2022-12-10"),
        ("relayed.txt", "Newsroll Europe", RELAYED, "2022-12-22"),
    )
    result = link_store(store)
    assert result.articles == 3
    [relation] = store.list_relations()
    assert (relation["a"], relation["b"], relation["kind"]) == (
        "relayed.txt",
        "original.txt",
        "derived",
    )
    assert "Polesie Wire" in relation["evidence"]
    again = link_store(store)
    assert again.articles == 0 and len(store.list_relations()) == 1


def test_the_index_survives_between_runs(store: Store, gazetteer: Gazetteer) -> None:
    _add(store, gazetteer, ("trains.txt", "Homel Region Monitor", UNRELATED, "2022-12-10"))
    link_store(store)
    assert store.index_state("recycled") is not None
    # a later run, with only the stored index to go on, finds the copy of the old report
    edited = [*UNRELATED, "Subscribe to our newsletter for more news from the region."]
    _add(store, gazetteer, ("copy.txt", "Aggregator", edited, "2022-12-11"))
    result = link_store(store)
    assert result.articles == 1
    [relation] = store.list_relations()
    assert (relation["a"], relation["b"], relation["kind"]) == (
        "copy.txt",
        "trains.txt",
        "near_duplicate",
    )
    # compared afresh on request: the same answer
    link_store(store, redo=True)
    assert [(r["a"], r["b"]) for r in store.list_relations()] == [("copy.txt", "trains.txt")]


def test_relations_and_sources_commands(tmp_path: Path) -> None:
    import json

    from tests.test_cli import jsonl, wf

    feed = tmp_path / "reports.jsonl"
    rows = [
        ("original", "Polesie Wire", ORIGINAL, "2022-12-08"),
        ("trains", "Homel Region Monitor", UNRELATED, "2022-12-10"),
        ("relayed", "Newsroll Europe", RELAYED, "2022-12-22"),
    ]
    feed.write_text(
        "\n".join(
            json.dumps(
                {
                    "title": f"Report {name}",
                    "outlet": outlet,
                    "published": published,
                    "url": f"https://example.org/{name}",
                    "text": "\n\n".join(body),
                }
            )
            for name, outlet, body, published in rows
        ),
        encoding="utf-8",
    )
    db = str(tmp_path / "w.db")
    code, out, err = wf("ingest", str(feed), "--db", db, "--quiet", "--json")
    assert code == 0, err
    assert jsonl(out)[0]["relations"] == 1
    code, out, _ = wf("relations", "--db", db, "--json")
    assert jsonl(out) == [
        {
            "a": "https://example.org/relayed",
            "b": "https://example.org/original",
            "kind": "derived",
            "evidence": jsonl(out)[0]["evidence"],
        }
    ]
    code, out, _ = wf("sources", "--db", db, "--json")
    by_outlet = {row["outlet"]: row for row in jsonl(out)}
    relaying = by_outlet["Newsroll Europe"]
    assert [d["outlet"] for d in relaying["derives_from"]] == ["Polesie Wire"]
    assert by_outlet["Polesie Wire"]["derives_from"] == []
