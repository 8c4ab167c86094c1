"""Timeline filters by type, actor, place (within a region or a radius) and the report
limited to a region (issue 13, part 4). Sentences written for these tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.conftest import make_article
from watchfloor import query
from watchfloor.cli import app
from watchfloor.ingest import annotate_store
from watchfloor.nlp.gazetteer import Gazetteer
from watchfloor.store import Store
from watchfloor.web import create_app

FIRST = [
    "On Monday, Russian troops arrived in Gomel by rail.",
    "On Tuesday, Alexander Lukashenko met Vladimir Putin in Minsk.",
    "On Wednesday, Ukrainian forces struck a depot near Kharkiv.",
    "On Thursday, Lukashenko signed a decree on the border in Brest.",
    "About 30,000 Russian soldiers are now stationed in Belarus, officials said.",
    "Some 4,000 reservists gathered in Kharkiv, the regional governor said.",
]
SECOND = [
    "On February 20, Polish officials closed a road crossing near Terespol.",
    "On February 21, Russian missiles hit Kyiv.",
]
MINSK = (53.9, 27.57)
KYIV = (50.45, 30.52)


def fill(store: Store) -> Store:
    store.add(
        [
            make_article(FIRST, doc="first.txt", published="2022-02-25"),
            make_article(
                SECOND, doc="second.txt", outlet="Bug River Daily", published="2022-02-22"
            ),
        ]
    )
    annotate_store(store, gazetteer=Gazetteer.open())
    return store


@pytest.fixture
def filled(store: Store) -> Store:
    return fill(store)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("filters") / "filters.db"
    store = Store.open(path)
    fill(store)
    store.close()
    yield path


def quotes(rows: list[query.EventRow]) -> set[str]:
    return {r.quote.split(",")[0] for r in rows}


def test_type_filter_takes_one_or_a_list_and_counts_agree(filled: Store) -> None:
    strikes = query.timeline(filled, type="strike")
    assert strikes and {r.type for r in strikes} == {"strike"}
    two = query.timeline(filled, type="Strike, meeting")
    assert {r.type for r in two} == {"strike", "meeting"}
    assert query.count_timeline(filled, type="strike, meeting") == len(two)
    assert len(two) < len(query.timeline(filled))


def test_an_unknown_type_names_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown event type 'rumour'.*deployment"):
        query.event_types("rumour")
    assert query.event_types(None) is None and query.event_types(" ") is None


def test_actor_filter_matches_words_of_the_actor_in_any_case(filled: Store) -> None:
    rows = query.timeline(filled, actor="LUKASHENKO")
    assert quotes(rows) == {"On Tuesday", "On Thursday"}
    assert query.count_timeline(filled, actor="lukashenko") == 2
    # Putin is named, but as the one met, not as an actor of any event
    assert query.timeline(filled, actor="Nobody Known") == []


def test_a_country_holds_its_towns_by_name_or_iso_code(filled: Store) -> None:
    belarus = quotes(query.timeline(filled, place="Belarus"))
    # the towns of Belarus, and "in Belarus" itself
    assert belarus == {"On Monday", "On Tuesday", "On Thursday", "About 30"}
    assert quotes(query.timeline(filled, place="by")) == belarus
    ukraine = quotes(query.timeline(filled, place="Ukraine"))
    assert ukraine == {"On Wednesday", "On February 21"}
    both = query.timeline(filled, place="BY, Ukraine")
    assert quotes(both) == belarus | ukraine
    assert query.count_timeline(filled, place="BY, Ukraine") == len(both)


def test_a_town_is_found_under_the_spelling_the_article_used(filled: Store) -> None:
    # the gazetteer's name is "Homyel'", the article wrote "Gomel"
    assert quotes(query.timeline(filled, place="Gomel")) == {"On Monday"}
    assert query.timeline(filled, place="Atlantis") == []


def test_radius_around_a_point(filled: Store) -> None:
    near_kyiv = query.timeline(filled, near=KYIV, within_km=50)
    assert quotes(near_kyiv) == {"On February 21"}
    # Minsk to Brest is about 330 km, to Homyel about 280 km, to Kyiv over 400
    wide = quotes(query.timeline(filled, near=MINSK, within_km=400))
    assert {"On Monday", "On Tuesday", "On Thursday"} <= wide
    assert not wide & {"On Wednesday", "On February 21"}
    # both a place and a circle: the events must be in both
    both = quotes(query.timeline(filled, place="Belarus", near=MINSK, within_km=50))
    assert both == {"On Tuesday"}  # not "in Belarus": a country is no point near Minsk


def test_a_radius_needs_its_centre_and_a_positive_size(filled: Store) -> None:
    with pytest.raises(ValueError, match="both"):
        query.timeline(filled, near=MINSK)
    with pytest.raises(ValueError, match="more than 0"):
        query.timeline(filled, near=MINSK, within_km=0)
    with pytest.raises(ValueError, match="LAT,LON"):
        query.parse_near("53.9 north")
    with pytest.raises(ValueError, match="out of range"):
        query.parse_near("95,27")
    assert query.parse_near(" -33.5, 151 ") == (-33.5, 151.0)


def test_pages_of_a_filtered_timeline_agree_with_its_count(filled: Store) -> None:
    every = query.timeline(filled, place="BY")
    assert len(every) == 4 == query.count_timeline(filled, place="BY")
    pages = [query.timeline(filled, place="BY", limit=2, offset=o) for o in (0, 2)]
    assert [r.quote for page in pages for r in page] == [r.quote for r in every]


def test_happenings_follow_the_filters(filled: Store) -> None:
    found = query.happenings(filled, place="Ukraine", type="strike")
    assert [h.type for h in found] == ["strike"]
    assert found[0].place == "Kharkiv"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout + result.stderr


def test_cli_timeline_filters(db: Path) -> None:
    code, out = run("timeline", "--db", str(db), "--place", "Belarus", "--mentions")
    assert code == 0 and "Minsk" in out and "Kharkiv" not in out
    code, out = run("timeline", "--db", str(db), "--actor", "lukashenko", "--type", "agreement")
    assert code == 0 and "Brest" in out and "Minsk" not in out
    code, out = run("timeline", "--db", str(db), "--near", "50.45,30.52", "--within-km", "50")
    assert code == 0 and "Kyiv" in out and "Minsk" not in out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--type", "rumour"], "unknown event type"),
        (["--near", "50,30"], "together"),
        (["--within-km", "20"], "together"),
        (["--near", "fifty,thirty", "--within-km", "20"], "LAT,LON"),
        (["--near", "50,30", "--within-km", "-5"], "more than 0"),
    ],
)
def test_cli_bad_filter_values_are_usage_errors(db: Path, args: list[str], says: str) -> None:
    code, out = run("timeline", "--db", str(db), *args)
    assert code == 2 and says in out


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db))) as c:
        yield c


def test_api_timeline_filters(client: TestClient) -> None:
    page = client.get("/api/timeline", params={"place": "Ukraine"}).json()
    assert page["paging"]["total"] == len(page["events"]) == 2
    assert {e["place"] for e in page["events"]} == {"Kharkiv", "Kyiv"}
    assert page["place"] == "Ukraine"
    page = client.get("/api/timeline", params={"near": "53.9,27.57", "within_km": "50"}).json()
    assert [e["place"] for e in page["events"]] == ["Minsk"]
    assert page["happenings"] and page["happenings"][0]["place"] == "Minsk"
    page = client.get("/api/timeline", params={"actor": "lukashenko", "type": "meeting"}).json()
    assert [e["type"] for e in page["events"]] == ["meeting"]


def test_the_timeline_form_sends_empty_fields_and_keeps_what_was_asked(
    client: TestClient,
) -> None:
    empty = {"type": "", "actor": "", "place": "", "near": "", "within_km": ""}
    assert client.get("/api/timeline", params=empty).status_code == 200
    html = client.get("/timeline", params={"place": "Belarus", "actor": '"><b>x'}).text
    assert 'value="Belarus"' in html
    assert "<b>x" not in html  # escaped in the form field


@pytest.mark.parametrize(
    "params",
    [
        {"type": "rumour"},
        {"near": "50,30"},
        {"near": "north", "within_km": "5"},
        {"near": "50,30", "within_km": "far"},
        {"near": "50,30", "within_km": "0"},
    ],
)
def test_api_bad_filter_values_are_refused(client: TestClient, params: dict[str, str]) -> None:
    assert client.get("/api/timeline", params=params).status_code == 422


def test_report_limited_to_a_region(db: Path, tmp_path: Path) -> None:
    whole = tmp_path / "whole.md"
    assert run("report", "--db", str(db), "--format", "md", "-o", str(whole))[0] == 0
    assert "Limited to the region" not in whole.read_text(encoding="utf-8")
    assert "Minsk" in whole.read_text(encoding="utf-8")
    part = tmp_path / "ukraine.md"
    code, _ = run(
        "report", "--db", str(db), "--format", "md", "--region", "Ukraine", "-o", str(part)
    )
    text = part.read_text(encoding="utf-8")
    assert code == 0 and "Limited to the region: Ukraine" in text
    timeline = text.split("## Timeline")[1].split("## ")[0]
    assert "Kharkiv" in timeline and "Minsk" not in timeline
    claims = text.split("## Claims")[1].split("## ")[0]
    assert "4,000" in claims and "30,000" not in claims
    places = text.split("## Places")[1].split("## ")[0]
    assert "Kharkiv" in places and "Minsk" not in places


def test_report_region_theatre_is_its_focus_countries(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "theatre.html"
    code, _ = run("report", "--db", str(db), "--region", "theatre", "-o", str(out))
    html = out.read_text(encoding="utf-8")
    assert code == 0 and "focus countries (BY, UA, RU)" in html
    code, said = run("report", "--db", str(db), "--region", " ", "-o", str(out))
    assert code == 2 and "--region" in said
