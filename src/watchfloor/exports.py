"""Exports: the store's articles, claims, events, entities and places as files.

Rows come from ``watchfloor.query`` (the same rows the CLI and web app show) and
their JSON form from ``watchfloor.jsonform``; this module only writes them as CSV,
JSON Lines, Parquet (with pyarrow, the ``parquet`` extra) or GeoJSON (places and
events with coordinates).
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

from watchfloor import query
from watchfloor.errors import WatchfloorError
from watchfloor.jsonform import events_geojson, places_geojson, row_json
from watchfloor.store import Store


class ExportKind(StrEnum):
    articles = "articles"
    claims = "claims"
    events = "events"
    entities = "entities"
    places = "places"


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"
    geojson = "geojson"


GEO_KINDS = (ExportKind.places, ExportKind.events)


class ExportError(WatchfloorError):
    """An export cannot be written: a format the kind lacks, pyarrow missing, a bad path."""


ROWS: dict[ExportKind, Callable[[Store], Sequence[object]]] = {
    ExportKind.articles: query.articles,
    ExportKind.claims: query.claims,
    ExportKind.events: query.events,
    ExportKind.entities: query.entities,
    ExportKind.places: query.places,
}


def rows(store: Store, kind: ExportKind) -> list[dict[str, Any]]:
    """The rows an export of ``kind`` holds: ``watchfloor.query``'s rows as JSON objects."""
    return [row_json(row) for row in ROWS[kind](store)]


def geojson(store: Store, kind: ExportKind) -> dict[str, Any]:
    if kind is ExportKind.places:
        return places_geojson(query.places(store))
    if kind is ExportKind.events:
        return events_geojson(query.events(store))
    raise ExportError(
        f"GeoJSON is for places and events only, not {kind.value}: "
        "choose --format csv, jsonl or parquet"
    )


def _flat(value: Any) -> Any:
    """A cell for CSV: lists of names joined by '; ', other structures as JSON."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _columns(found: list[dict[str, Any]]) -> list[str]:
    columns: dict[str, None] = {}
    for row in found:
        columns.update(dict.fromkeys(row))
    return list(columns)


def _write_csv(found: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=_columns(found))
        writer.writeheader()
        for row in found:
            writer.writerow({k: _flat(v) for k, v in row.items()})


def _write_jsonl(found: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in found:
            f.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def _write_parquet(found: list[dict[str, Any]], path: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ExportError(
            "Parquet export needs pyarrow: pip install 'watchfloor[parquet]' "
            "(or choose --format csv or jsonl)"
        ) from exc
    columns = _columns(found)
    table = pa.Table.from_pylist([{c: row.get(c) for c in columns} for row in found])
    pq.write_table(table, path)


def export(store: Store, kind: ExportKind, fmt: ExportFormat, output: Path) -> int:
    """Write ``kind`` in ``fmt`` to ``output``; returns the rows (or features) written.

    The file is written beside ``output`` and renamed into place, so a failed
    export never leaves half a file under the asked-for name.
    """
    if fmt is ExportFormat.geojson:
        collection = geojson(store, kind)
        count = len(collection["features"])

        def write(path: Path) -> None:
            path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")

    else:
        found = rows(store, kind)
        count = len(found)
        writer = {
            ExportFormat.csv: _write_csv,
            ExportFormat.jsonl: _write_jsonl,
            ExportFormat.parquet: _write_parquet,
        }[fmt]

        def write(path: Path) -> None:
            writer(found, path)

    folder = output.resolve().parent
    if not folder.is_dir():
        raise ExportError(f"cannot write {output}: folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", dir=folder)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, output)
    except OSError as exc:
        raise ExportError(f"cannot write {output}: {exc.strerror}") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return count
