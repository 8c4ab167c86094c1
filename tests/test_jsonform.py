"""JSON forms (``watchfloor.jsonform``) and the one way a claim's number is written."""

from __future__ import annotations

import dataclasses
import json

import pytest

from tests.conftest import make_article
from watchfloor import query
from watchfloor.figures import figure
from watchfloor.jsonform import article_json, events_geojson, places_geojson, row_json
from watchfloor.web.models import ClaimsPage


@pytest.mark.parametrize(
    ("value", "low", "high", "hedged", "unit", "written"),
    [
        (30000.0, 30000.0, None, True, None, "~30,000"),
        (310.0, None, None, False, None, "310"),
        (0.8, None, None, False, None, "0.8"),
        (None, 40.0, 50.0, False, None, "40-50"),
        (None, 2000.0, None, True, None, "~2,000+"),
        (None, None, 500.0, True, None, "up to 500"),
        (None, None, None, False, None, "?"),
        (30000.0, 30000.0, None, True, "troops", "~30,000 troops"),
    ],
)
def test_figure(
    value: float | None,
    low: float | None,
    high: float | None,
    hedged: bool,
    unit: str | None,
    written: str,
) -> None:
    assert figure(value, low, high, hedged=hedged, unit=unit) == written


def _claim(**changes: object) -> query.ClaimRow:
    row = {
        "article_id": 7,
        "doc": "report.txt",
        "title": "A report",
        "outlet": "Polesie Wire",
        "published": "2022-02-23",
        "line": 3,
        "value": 30000.0,
        "value_low": 30000.0,
        "value_high": None,
        "unit": "troops",
        "subject": "Russian troops in Belarus",
        "hedged": True,
        "source": "NATO",
        "source_type": "official",
        "via": None,
        "as_of": None,
        "quote": "more than 30,000 troops",
    }
    row.update(changes)
    return query.claim_row(row)


def test_a_row_is_its_fields_in_order_with_nested_rows_as_objects() -> None:
    claim = _claim()
    assert claim.figure == "~30,000"
    data = row_json(claim)
    assert list(data) == [f.name for f in dataclasses.fields(query.ClaimRow)]
    assert data["quote"] == "more than 30,000 troops" and data["figure"] == "~30,000"
    series = query.SeriesRow(
        label="Russian troops in Belarus",
        sources=1,
        estimates=[query.EstimateRow(claim=claim, independent=True, echo_of=None, backers=1)],
    )
    nested = row_json(series)
    assert nested["estimates"][0]["claim"] == data
    assert json.loads(json.dumps(nested)) == nested  # plain JSON all the way down


def test_the_web_models_are_the_query_rows() -> None:
    """The API's claim rows are ``query.ClaimRow`` itself: its fields, none re-listed."""
    schema = ClaimsPage.model_json_schema()["$defs"]["ClaimRow"]
    assert list(schema["properties"]) == [f.name for f in dataclasses.fields(query.ClaimRow)]
    page = ClaimsPage(
        about=None,
        source=None,
        series_total=0,
        series=[],
        paging={"total": 1, "offset": 0, "limit": 100},
        claims=[_claim()],
    )
    assert page.model_dump(mode="json")["claims"] == [row_json(_claim())]


def test_an_article_has_its_lines_and_roles_as_values() -> None:
    article = make_article(["Troops moved.", "Troops moved."])
    data = article_json(article, article_id=4)
    assert data["id"] == 4 and data["kind"] == "text" and data["body_words"] == 2
    assert [line["role"] for line in data["lines"]] == ["title", "blank", "body", "body"]
    assert data["lines"][3]["duplicate_of"] == 3
    json.dumps(data)


def test_geojson_is_lon_lat_and_leaves_out_what_has_no_coordinates() -> None:
    minsk = query.PlaceSummary(
        canonical="Minsk",
        country="BY",
        feature="city",
        lat=53.9,
        lon=27.566667,
        geonames_id=625144,
        mentions=2,
        spellings=["Minsk"],
        docs=["report.txt"],
    )
    nowhere = dataclasses.replace(minsk, canonical="Nowhere", lat=None, lon=None)
    places = places_geojson([minsk, nowhere])
    [feature] = places["features"]
    assert feature["geometry"]["coordinates"] == [27.56667, 53.9]
    assert feature["properties"]["name"] == "Minsk"
    event = query.MappedEventRow(
        article_id=7,
        doc="report.txt",
        title="A report",
        outlet=None,
        published=None,
        line=3,
        date="2022-02-10",
        type="exercise",
        actors=["Russia"],
        place="Minsk",
        quote="exercises began near Minsk",
        date_text="Thursday",
        modality="asserted",
        date_evidence=None,
        lat=53.9,
        lon=27.566667,
    )
    events = events_geojson([event, dataclasses.replace(event, lat=None)])
    [feature] = events["features"]
    assert feature["geometry"]["coordinates"] == [27.56667, 53.9]
    assert "lat" not in feature["properties"] and feature["properties"]["place"] == "Minsk"
