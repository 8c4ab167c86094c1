"""The annotate stage: articles in, entities/places/times/events out, stored and read back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import make_article, pg_schema_url
from watchfloor.ingest import annotate, annotate_store
from watchfloor.jsonform import extraction
from watchfloor.nlp.gazetteer import Gazetteer
from watchfloor.records import Annotation
from watchfloor.store import Store

BREST_REPORT = [
    "Belarusian leader Alexander Lukashenko said on Sunday that Russian troops would stay.",
    "Lukashenko spoke after meeting Sergei Shoigu in Minsk.",
    "On one day last week 300 soldiers were moved by rail to Brest from Vitebsk.",
]
SPELLING_REPORT = [
    "Aleksandr Lukashenka denied on Monday that Belarus would join the war.",
    "Trains carrying armour arrived in Homyel, near the Ukrainian border, on 2 February.",
]
GERMAN_REPORT = [
    "Der belarussische Machthaber hat am Sonntag erklärt, dass die russischen Truppen "
    "länger im Land bleiben werden als zunächst angekündigt.",
    "Die Manöver sollten ursprünglich am 20. Februar enden, teilte das Ministerium mit.",
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.open()


@pytest.fixture(scope="module")
def annotated(gazetteer: Gazetteer) -> list[Annotation]:
    articles = [
        make_article(BREST_REPORT, doc="brest.txt", published="2022-02-23"),
        make_article(SPELLING_REPORT, doc="homyel.txt", published="2022-02-08"),
        make_article(GERMAN_REPORT, doc="de.txt", title="Truppen bleiben", published="2022-02-21"),
    ]
    return annotate(articles, gazetteer=gazetteer)


def test_people_are_found_under_one_name_per_article(annotated: list[Annotation]) -> None:
    people = {e.canonical: e for e in annotated[0].entities if e.type == "PERSON"}
    assert "Alexander Lukashenko" in people
    spelled = {m.text for m in people["Alexander Lukashenko"].mentions}
    assert spelled == {"Alexander Lukashenko", "Lukashenko"}
    assert "Sergei Shoigu" in people


def test_places_are_resolved_with_the_articles_other_places(annotated: list[Annotation]) -> None:
    by_name = {p.mention.text: p for p in annotated[0].places}
    brest = by_name["Brest"]
    # Brest beside Minsk and Vitebsk is Brest in Belarus, not the French port
    assert brest.country == "BY"
    assert brest.lat is not None and brest.lon is not None
    assert abs(brest.lat - 52.1) < 0.2 and abs(brest.lon - 23.7) < 0.2
    assert by_name["Minsk"].country == "BY"


def test_a_variant_spelling_resolves_to_the_same_place(annotated: list[Annotation]) -> None:
    homyel = next(p for p in annotated[1].places if p.mention.text == "Homyel")
    assert homyel.country == "BY" and homyel.feature == "city"
    assert homyel.lat is not None and abs(homyel.lat - 52.43) < 0.1


def test_times_resolve_against_publication(annotated: list[Annotation]) -> None:
    sunday = next(t for t in annotated[0].times if "Sunday" in t.mention.text)
    assert sunday.value == "2022-02-20"
    # "on 2 February" in an article of 8 February 2022
    assert {t.value for t in annotated[1].times} >= {"2022-02-02"}


def test_mentions_point_at_their_line(annotated: list[Annotation]) -> None:
    lines = {n + 3: text for n, text in enumerate(BREST_REPORT)}
    found = annotated[0]
    spans = [m for e in found.entities for m in e.mentions]
    spans += [p.mention for p in found.places if p.mention.line in lines]
    spans += [t.mention for t in found.times] + [e.mention for e in found.events]
    assert spans
    for m in spans:
        assert lines[m.line][m.start : m.end] == m.text


def test_another_language_is_stored_with_the_reason(annotated: list[Annotation]) -> None:
    german = annotated[2]
    assert german.language == "de"
    assert german.skipped and "de" in german.skipped
    assert german.entities == german.places == german.times == german.events == []


def test_extraction_carries_the_gold_keys(annotated: list[Annotation]) -> None:
    article = make_article(BREST_REPORT, doc="brest.txt", published="2022-02-23")
    data = extraction(article, annotated[0])
    assert {"entities", "places", "times", "events", "claims", "citations"} <= data.keys()
    [soldiers] = [c for c in data["claims"] if c["value"] == 300]
    assert soldiers["line"] == 5 and soldiers["unit"] == "soldiers"
    assert soldiers["quote"] in BREST_REPORT[2]
    lukashenko = next(e for e in data["entities"] if e["canonical"] == "Alexander Lukashenko")
    assert lukashenko == {
        "canonical": "Alexander Lukashenko",
        "type": "PERSON",
        "mentions": ["Alexander Lukashenko", "Lukashenko"],
    }
    brest = next(p for p in data["places"] if p["mention"] == "Brest")
    assert brest["line"] == 5 and brest["country"] == "BY"
    german = extraction(make_article(GERMAN_REPORT), annotated[2])
    assert "entities" not in german and german["language"] == "de"


# ---- the store ------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        with Store.open(tmp_path / "t.db") as s:
            yield s
    else:
        with pg_schema_url() as url, Store.open(url) as s:
            yield s


def _stored(store: Store) -> list[int]:
    articles = [
        make_article(BREST_REPORT, doc="brest.txt", published="2022-02-23"),
        make_article(SPELLING_REPORT, doc="homyel.txt", published="2022-02-08"),
    ]
    return [added.article_id for added in store.add(articles)]


def test_store_keeps_annotations_and_reads_them_back(
    store: Store, gazetteer: Gazetteer, annotated: list[Annotation]
) -> None:
    ids = _stored(store)
    store.add_annotations(list(zip(ids, annotated[:2], strict=True)))
    # every kind of finding makes the round trip, floats and flags included
    first = annotated[0]
    assert first.entities and first.places and first.times and first.events and first.claims
    assert first.statements
    assert store.annotation(ids[0]) == first
    assert store.article_ids(unannotated=True) == []
    # annotating again replaces, never adds a second copy
    store.add_annotations([(ids[0], annotated[0])])
    again = store.annotation(ids[0])
    assert again is not None and len(again.places) == len(annotated[0].places)


def test_annotate_store_resolves_entities_across_articles(
    store: Store, gazetteer: Gazetteer
) -> None:
    _stored(store)
    result = annotate_store(store, gazetteer=gazetteer)
    assert result.articles == 2 and result.skipped == []
    lukashenko = store.list_entities(name="lukash")
    assert len(lukashenko) == 1  # Lukashenko and Lukashenka are one man
    row = lukashenko[0]
    assert row["articles"] == 2
    assert {"Alexander Lukashenko", "Aleksandr Lukashenka"} <= set(row["names"])
    # nothing left to do: a second run annotates nothing and keeps the entities
    again = annotate_store(store, gazetteer=gazetteer)
    assert again.articles == 0 and again.entities == result.entities


def test_a_batch_without_annotations_is_picked_up_later(store: Store, gazetteer: Gazetteer) -> None:
    ids = _stored(store)
    assert store.article_ids(unannotated=True) == ids
    annotate_store(store, gazetteer=gazetteer, batch_size=1)
    assert store.article_ids(unannotated=True) == []


# ---- bad input ------------------------------------------------------------------------

REPEATED = "Russian troops moved 300 tanks from Minsk to Brest on Sunday, officials in Kyiv said. "


def test_a_huge_one_line_report_is_annotated_whole(gazetteer: Gazetteer) -> None:
    # 20,000 words on one line: every stage takes a sentence's share of the line,
    # not the whole line per sentence (quadratic work took minutes at 100,000 words)
    n = 20_000 // len(REPEATED.split())
    [found] = annotate([make_article([REPEATED * n])], gazetteer=gazetteer)
    assert len(found.places) == 3 * n
    assert {p.canonical for p in found.places} == {"Minsk", "Brest", "Kyiv"}
    assert len(found.times) == n and all(t.value == "2022-02-20" for t in found.times)
    assert len(found.events) == n


def test_text_with_nothing_to_find_and_shouting(gazetteer: Gazetteer) -> None:
    quiet, shouting = annotate(
        [
            make_article(["the weather was mild and the roads were quiet all week long."]),
            make_article([(REPEATED * 3).upper()]),
        ],
        gazetteer=gazetteer,
    )
    assert quiet.skipped is None
    assert quiet.entities == quiet.places == quiet.events == []
    assert shouting.skipped is None  # all-caps text is still read, not refused
    assert {t.value for t in shouting.times} == {"2022-02-20"}


def test_weapons_and_month_abbreviations_are_no_places(gazetteer: Gazetteer) -> None:
    [found] = annotate(
        [
            make_article(
                [
                    "MINSK, Jan 18 (Wire) - Iskander missile systems and Su-35 jets "
                    "arrived in Minsk, the ministry said."
                ]
            )
        ],
        gazetteer=gazetteer,
    )
    assert {p.canonical for p in found.places} == {"Minsk"}
