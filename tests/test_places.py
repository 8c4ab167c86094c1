"""Places: finding toponyms in lines and resolving them, as tables of cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from watchfloor.jsonform import place_json, places_geojson
from watchfloor.link.places import summarise_places
from watchfloor.nlp.gazetteer import Gazetteer, haversine_km
from watchfloor.nlp.places import (
    LABEL_REGION,
    find_place_mentions,
    resolve_places,
)
from watchfloor.records import Mention, PlaceRef

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.open()


def _places(gazetteer: Gazetteer, *lines: str, **options: object) -> list[PlaceRef]:
    mentions = find_place_mentions(list(lines), gazetteer=gazetteer)
    return resolve_places(mentions, gazetteer=gazetteer, **options)  # type: ignore[arg-type]


def _mention(text: str, line: int = 1, label: str = "GPE") -> Mention:
    return Mention(line=line, start=0, end=len(text), text=text, label=label)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Russia moves its troops in Belarus closer to the Ukrainian border",
            ["Russia", "Belarus"],
        ),
        ("Troops moved closer to the Belarus-Ukraine border.", ["Belarus-Ukraine border"]),
        (
            "forces have been reported moving closer to the Ukraine border from Belarus.",
            ["Ukraine", "Belarus"],
        ),
        (
            "Russia’s ally Belarus is being monitored as Ukraine’s neighbour advances troops",
            ["Russia", "Belarus", "Ukraine"],
        ),
        ("an invasion of Kiev. US officials warned Belarus", ["Kiev", "US", "Belarus"]),
        ("the situation in the Donbas region began to escalate", ["Donbas region"]),
        (
            "killed in the northern Kyiv, Sumy and Chernihiv regions.",
            ["Kyiv", "Sumy", "Chernihiv regions"],
        ),
        (
            "two jets were parked at the airfield in Machulishchy, in southern Minsk.",
            ["Machulishchy", "Minsk"],
        ),
        ("the Belarus Security Council announced on Wednesday", ["Belarus"]),
        ("President Alexander Lukashenko met Vladimir Putin in Sochi.", ["Sochi"]),
        ("He is Reading the news in Nice weather; Most agree.", []),
        ("Norma Costello is a freelance journalist. Costello said so.", []),
        ("Exit mobile version", []),
        ("Gomel region and Homyel Oblast are one place.", ["Gomel region", "Homyel Oblast"]),
    ],
)
def test_find_place_mentions(gazetteer: Gazetteer, line: str, expected: list[str]) -> None:
    found = find_place_mentions([line], gazetteer=gazetteer)
    assert [m.text for m in found] == expected
    for m in found:
        assert line[m.start : m.end] == m.text and m.line == 1


def test_lines_limit_the_search(gazetteer: Gazetteer) -> None:
    lines = ["Teaser: Beijing worries", "Belarus moved troops.", "Read more about Moscow"]
    found = find_place_mentions(lines, gazetteer=gazetteer, lines={2})
    assert [(m.line, m.text) for m in found] == [(2, "Belarus")]


@pytest.mark.parametrize(
    ("lines", "mention", "country", "feature"),
    [
        (["Trains went from Vitebsk and Minsk to Brest."], "Brest", "BY", "city"),
        (
            ["Brest is a port in Brittany, near Quimper and Morlaix in France."],
            "Brest",
            "FR",
            "city",
        ),
        (["The jets landed at Machulishchy airbase."], "Machulishchy airbase", "BY", "airbase"),
        (["Shelling hit the Chernihiv region."], "Chernihiv region", "UA", "region"),
        (["Fighting in the Gomel region went on."], "Gomel region", "BY", "region"),
        (["Officials in Kyiv and Kiev are the same."], "Kiev", "UA", "city"),
        (["Russia recognised Abkhazia and South Ossetia in Georgia."], "Georgia", "GE", "country"),
    ],
)
def test_resolve(
    gazetteer: Gazetteer, lines: list[str], mention: str, country: str, feature: str
) -> None:
    places = {p.mention.text: p for p in _places(gazetteer, *lines)}
    assert (places[mention].country, places[mention].feature) == (country, feature)


def test_brest_alone_is_the_larger_brest(gazetteer: Gazetteer) -> None:
    [brest] = resolve_places([_mention("Brest")], gazetteer=gazetteer, focus_countries=())
    assert brest.country == "BY"  # 340,000 people against Brest, France's 140,000


def test_border(gazetteer: Gazetteer) -> None:
    [border] = resolve_places([_mention("Belarus-Ukraine border")], gazetteer=gazetteer)
    assert (border.canonical, border.feature, border.country) == (
        "Belarus-Ukraine border",
        "border",
        None,
    )
    assert border.lat is not None and border.lon is not None
    assert haversine_km(border.lat, border.lon, 51.6, 27.5) < 100


def test_one_sided_border_takes_the_neighbour_the_article_names(gazetteer: Gazetteer) -> None:
    places = resolve_places(
        [_mention("Belarus"), _mention("the Ukrainian border", line=2)], gazetteer=gazetteer
    )
    border = places[1]
    assert border.feature == "border" and border.canonical == "Ukraine-Belarus border"
    point = gazetteer.border_point("BY", "UA")
    assert point is not None and (border.lat, border.lon) == point
    adjectival = find_place_mentions(
        ["closer to the Ukrainian border"], gazetteer=gazetteer, adjectival_borders=True
    )
    assert [m.text for m in adjectival] == ["Ukrainian border"]


def test_listed_regions_are_regions(gazetteer: Gazetteer) -> None:
    places = _places(gazetteer, "in the northern Kyiv, Sumy and Chernihiv regions.")
    assert [(p.canonical, p.feature) for p in places] == [
        ("Kyiv Oblast", "region"),
        ("Sumy Oblast", "region"),
        ("Chernihiv Oblast", "region"),
    ]
    assert (
        find_place_mentions(["Kyiv, Sumy and Chernihiv regions"], gazetteer=gazetteer)[0].label
        == LABEL_REGION
    )


def test_unresolved_and_adjectives(gazetteer: Gazetteer) -> None:
    nowhere = _mention("Qwertyzxcv Street")
    assert resolve_places([nowhere], gazetteer=gazetteer) == []
    [kept] = resolve_places([nowhere], gazetteer=gazetteer, keep_unresolved=True)
    assert kept.lat is None and kept.feature == "other"
    [french] = resolve_places([_mention("French")], gazetteer=gazetteer, focus_countries=())
    assert (french.country, french.feature) == ("FR", "country")


def test_outputs(gazetteer: Gazetteer) -> None:
    places = _places(gazetteer, "Minsk and Brest are in Belarus; Minsk is the capital.")
    row = place_json(places[0])
    assert row["mention"] == "Minsk" and row["country"] == "BY" and row["geonames_id"] == 625144
    summary = summarise_places([("a.txt", p) for p in places])
    assert (summary[0].canonical, summary[0].mentions) == ("Minsk", 2)
    geo = places_geojson(summary)
    assert geo["type"] == "FeatureCollection"
    assert {f["properties"]["name"] for f in geo["features"]} == {"Minsk", "Brest", "Belarus"}
    json.dumps(geo)


@pytest.mark.gold
def test_gold_places(gazetteer: Gazetteer) -> None:
    """The dev gold: places F1 >= 0.85 and accuracy within 161 km >= 0.95."""
    gold_dir = SHARED / "gold"
    if not gold_dir.is_dir():
        pytest.skip("../shared/gold is absent")
    import importlib.util

    spec = importlib.util.spec_from_file_location("score", gold_dir / "score.py")
    assert spec is not None and spec.loader is not None
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    from watchfloor.ingest import read_articles
    from watchfloor.records import Article, LineRole
    from watchfloor.sources import SourceOptions

    gold = {}
    for f in sorted(gold_dir.glob("*.gold.json")):
        g = json.loads(f.read_text(encoding="utf-8"))
        gold[g["doc"]] = g
    files = [str(SHARED / "corpus" / doc) for doc in gold]
    preds = {}
    for art in read_articles(files, options=SourceOptions()):
        assert isinstance(art, Article)
        keep = {ln.number for ln in art.lines if ln.role in (LineRole.BODY, LineRole.TITLE)}
        mentions = find_place_mentions(
            [ln.text for ln in art.lines], gazetteer=gazetteer, lines=keep
        )
        places = resolve_places(mentions, gazetteer=gazetteer)
        preds[art.doc] = {"doc": art.doc, "places": [place_json(p) for p in places]}
    result = score.score(gold, preds)
    assert result["places"]["f1"] >= 0.85, result["places"]
    assert result["place_acc161"]["acc"] >= 0.95, result["place_acc161"]
