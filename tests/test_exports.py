"""Exports: every kind in every format it has, read back with the format's own reader."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from watchfloor.cli import app
from watchfloor.exports import (
    GEO_KINDS,
    ExportError,
    ExportFormat,
    ExportKind,
    export,
    rows,
)
from watchfloor.ingest import annotate_store
from watchfloor.nlp.gazetteer import Gazetteer
from watchfloor.store import Store

from .conftest import make_article

REPORT = [
    "NATO said about 30,000 Russian troops were in Belarus, officials in Kyiv said.",
    "On one day last week 300 soldiers were moved by rail to Brest from Vitebsk.",
    "Alexander Lukashenko met Sergei Shoigu in Minsk on Sunday.",
]
PAIRS = [
    (kind, fmt)
    for kind in ExportKind
    for fmt in ExportFormat
    if fmt is not ExportFormat.geojson or kind in GEO_KINDS
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("exports") / "x.db"
    with Store.open(path) as store:
        store.add(
            [
                make_article(REPORT, doc="brest.txt", published="2022-02-20"),
                make_article(
                    ["Trains carrying armour arrived in Homyel on 2 February, locals said."],
                    doc="homyel.txt",
                    outlet="Homel Monitor",
                    published="2022-02-08",
                ),
            ]
        )
        annotate_store(store, gazetteer=Gazetteer.open())
    return path


@pytest.fixture
def store(db: Path) -> Store:
    return Store.open(db)


def test_the_store_has_every_kind(store: Store) -> None:
    for kind in ExportKind:
        assert rows(store, kind), kind


@pytest.mark.parametrize(("kind", "fmt"), PAIRS, ids=[f"{k.value}-{f.value}" for k, f in PAIRS])
def test_each_kind_and_format_round_trips(
    store: Store, tmp_path: Path, kind: ExportKind, fmt: ExportFormat
) -> None:
    expected = rows(store, kind)
    out = tmp_path / f"{kind.value}.{fmt.value}"
    count = export(store, kind, fmt, out)
    if fmt is ExportFormat.csv:
        with out.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            assert reader.fieldnames == list(expected[0])
            read = list(reader)
        assert len(read) == len(expected) == count
        first = expected[0]
        for key, value in first.items():
            if isinstance(value, str):
                assert read[0][key] == value
    elif fmt is ExportFormat.jsonl:
        read = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert read == json.loads(json.dumps(expected, default=str)) and count == len(read)
    elif fmt is ExportFormat.parquet:
        pq = pytest.importorskip("pyarrow.parquet")
        table = pq.read_table(out)
        assert table.num_rows == len(expected) == count
        assert table.column_names == list(expected[0])
        assert table.to_pylist()[0] == expected[0]
    else:
        collection = json.loads(out.read_text(encoding="utf-8"))
        assert collection["type"] == "FeatureCollection"
        assert collection["features"] and len(collection["features"]) == count
        for feature in collection["features"]:
            assert feature["type"] == "Feature"
            assert feature["geometry"]["type"] == "Point"
            lon, lat = feature["geometry"]["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            assert isinstance(feature["properties"], dict)
        # the Belarus region: longitude 23-33 east, latitude 51-56 north, in that order
        brest = [
            f
            for f in collection["features"]
            if f["properties"].get("name", f["properties"].get("place")) == "Brest"
        ]
        assert brest
        lon, lat = brest[0]["geometry"]["coordinates"]
        assert 23 < lon < 24 and 52 < lat < 53


def test_csv_cells_hold_lists_as_text(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "entities.csv"
    export(store, ExportKind.entities, ExportFormat.csv, out)
    with out.open(encoding="utf-8", newline="") as f:
        names = [row["names"] for row in csv.DictReader(f)]
    assert any("Lukashenko" in n for n in names)
    assert not any(n.startswith("[") for n in names)


@pytest.mark.parametrize("kind", [k for k in ExportKind if k not in GEO_KINDS])
def test_geojson_only_for_places_and_events(store: Store, tmp_path: Path, kind: ExportKind) -> None:
    with pytest.raises(ExportError, match="places and events only"):
        export(store, kind, ExportFormat.geojson, tmp_path / "x.geojson")
    assert not (tmp_path / "x.geojson").exists()


def test_parquet_without_pyarrow_says_what_to_install(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pyarrow(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("pyarrow"):
            raise ImportError("No module named 'pyarrow'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with pytest.raises(ExportError, match=r"pip install 'watchfloor\[parquet\]'"):
        export(store, ExportKind.claims, ExportFormat.parquet, tmp_path / "c.parquet")
    assert list(tmp_path.iterdir()) == []  # no half-written file left behind


def test_export_command(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "places.geojson"
    result = runner.invoke(
        app, ["export", "places", "--format", "geojson", "-o", str(out), "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    bad = runner.invoke(app, ["export", "trains", "-o", str(out), "--db", str(db)])
    assert bad.exit_code == 2 and "articles, claims, events, entities, places" in bad.output
    wrong = runner.invoke(
        app, ["export", "claims", "-f", "geojson", "-o", str(out), "--db", str(db)]
    )
    assert wrong.exit_code != 0
