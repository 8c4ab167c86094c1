"""Every JSON form of watchfloor's records, in one place.

- :func:`extraction`: one article and what the language stages found in it, in the gold
  files' form (``../shared/gold/SCHEMA.md``: what ``extract --json`` prints), from the
  ``*_json`` functions below, one per record type.
- :func:`article_json`: a stored article whole (``show --json``).
- :func:`row_json`: a read-side row of ``watchfloor.query`` (the listings' ``--json``,
  JSON Lines exports), derived from the row's dataclass fields.
- :func:`places_geojson`, :func:`events_geojson`: GeoJSON FeatureCollections, with
  coordinates in [lon, lat] order as RFC 7946 asks, so QGIS opens them as they are.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import TYPE_CHECKING, Any

from watchfloor.link.estimates import series_keys
from watchfloor.records import (
    Annotation,
    Article,
    CitationRef,
    ClaimRef,
    EntityRef,
    EventRef,
    LineRole,
    PlaceRef,
    StatementRef,
    TimeRef,
    line_ranges,
)

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable, Mapping

    from watchfloor.query import MappedEventRow, PlaceSummary

COORDINATE_DIGITS = 5  # GeoJSON: about a metre, more than any gazetteer's precision


# ---- the gold form: ``extract --json`` -----------------------------------------------


def extraction(
    article: Article,
    annotation: Annotation | None = None,
    *,
    happenings: Mapping[tuple[Hashable, int, int], str] | None = None,
) -> dict[str, Any]:
    """One article in gold form: metadata, body line ranges, repeated lines, and
    with its ``annotation`` the entities, places, events, times, claims,
    citations and statements found in it. ``happenings`` gives each event its
    ``happening`` key, by (doc, line, start of the quote), computed over the whole run
    (``link.happenings``); without it events carry none.

    An article the language stages skipped (not in
    English) carries ``language`` and ``skipped`` instead of empty lists.
    """
    body = article.body_lines
    blank = {line.number for line in article.lines if line.role is LineRole.BLANK}
    data: dict[str, Any] = {
        "doc": article.doc,
        "outlet": article.outlet,
        "title": article.title,
        "authors": article.authors,
        "published": article.published,
        "published_evidence": article.published_evidence,
        "url": article.url,
        "body_lines": line_ranges([line.number for line in body], bridge=blank),
        "duplicate_lines": [line.number for line in body if line.duplicate_of is not None],
    }
    if annotation is not None:
        data["language"] = annotation.language
        if annotation.skipped:
            data["skipped"] = annotation.skipped
        else:
            data["entities"] = [entity_json(e) for e in annotation.entities]
            data["places"] = [place_json(p) for p in annotation.places]
            data["events"] = [event_json(e) for e in annotation.events]
            if happenings is not None:
                for e, row in zip(annotation.events, data["events"], strict=True):
                    row["happening"] = happenings.get(
                        (article.doc, e.mention.line, e.mention.start)
                    )
            data["times"] = [time_json(t) for t in annotation.times]
            claims = [claim_json(c) for c in annotation.claims]
            # the estimate series each figure is in: a key of the claim alone, so equal
            # quantities in other files of the run have the same one (SCHEMA.md)
            for c, key in zip(claims, series_keys(claims), strict=True):
                c["series"] = key
            data["claims"] = claims
            data["citations"] = [citation_json(c) for c in annotation.citations]
            data["statements"] = [statement_json(s) for s in annotation.statements]
    return data


def entity_json(ref: EntityRef) -> dict[str, Any]:
    """One entity as ``extract --json`` lists it: canonical name, type, the spellings used."""
    spellings = list(dict.fromkeys(m.text for m in ref.mentions))
    return {"canonical": ref.canonical, "type": ref.type, "mentions": spellings}


def place_json(place: PlaceRef) -> dict[str, Any]:
    """A place in the gold files' form (``../shared/gold/SCHEMA.md``)."""
    return {
        "mention": place.mention.text,
        "line": place.mention.line,
        "canonical": place.canonical,
        "country": place.country,
        "feature": place.feature,
        "lat": None if place.lat is None else round(place.lat, 4),
        "lon": None if place.lon is None else round(place.lon, 4),
        "geonames_id": place.geonames_id,
    }


def event_json(event: EventRef) -> dict[str, Any]:
    """One event as ``extract --json`` lists it under ``events`` (see SCHEMA.md)."""
    return {
        "line": event.mention.line,
        "quote": event.mention.text,
        "type": event.type,
        "actors": list(event.actors),
        "place": event.place,
        "date": event.date,
        "date_text": event.date_text,
        "modality": event.modality,
        "date_evidence": event.date_evidence,
    }


def time_json(ref: TimeRef) -> dict[str, str | int | None]:
    """One expression as ``extract --json`` lists it under ``times`` (see SCHEMA.md)."""
    return {
        "line": ref.mention.line,
        "text": ref.mention.text,
        "value": ref.value,
        "resolution": ref.resolution,
        "type": ref.type,
    }


def _number_json(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def claim_json(claim: ClaimRef) -> dict[str, Any]:
    """One claim as ``extract --json`` lists it under ``claims`` (see SCHEMA.md)."""
    return {
        "line": claim.mention.line,
        "quote": claim.mention.text,
        "value": _number_json(claim.value),
        "value_low": _number_json(claim.value_low),
        "value_high": _number_json(claim.value_high),
        "unit": claim.unit,
        "subject": claim.subject,
        "source": claim.source,
        "source_type": claim.source_type,
        "via": claim.via,
        "as_of": claim.as_of,
        "hedged": claim.hedged,
    }


def citation_json(citation: CitationRef) -> dict[str, Any]:
    """One citation as ``extract --json`` lists it under ``citations`` (see SCHEMA.md)."""
    return {"line": citation.mention.line, "cited": citation.cited, "kind": citation.kind}


def statement_json(s: StatementRef) -> dict[str, Any]:
    """One statement as ``extract --json`` lists it under ``statements`` (see SCHEMA.md)."""
    return {
        "line": s.mention.line,
        "speaker": s.speaker,
        "cue": s.cue,
        "content": s.mention.text,
        "direct": s.direct,
    }


# ---- stored articles and read-side rows ------------------------------------------------


def article_json(article: Article, *, article_id: int | None = None) -> dict[str, Any]:
    """The whole article: every metadata field, and its lines with their roles."""
    data: dict[str, Any] = {"id": article_id} if article_id is not None else {}
    data.update(row_json(article))
    data["body_words"] = article.body_words
    return data


def row_json(row: Any) -> dict[str, Any]:
    """A dataclass row as a JSON object: its fields in declaration order, nested rows
    as objects, enums as their values."""
    return {name: _json_value(getattr(row, name)) for name in _field_names(type(row))}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    # asked once per type: ``dataclasses.fields`` per row costs more than the row
    found = _FIELD_NAMES.get(kind)
    if found is None:
        found = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return found


def _json_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return row_json(value)
    return value


# ---- GeoJSON ---------------------------------------------------------------------------


def _point(lat: float, lon: float) -> dict[str, Any]:
    return {
        "type": "Point",
        "coordinates": [round(lon, COORDINATE_DIGITS), round(lat, COORDINATE_DIGITS)],
    }


def places_geojson(summaries: Iterable[PlaceSummary]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the places that have coordinates."""
    features = [
        {
            "type": "Feature",
            "geometry": _point(s.lat, s.lon),
            "properties": {
                "name": s.canonical,
                "country": s.country,
                "feature": s.feature,
                "geonames_id": s.geonames_id,
                "mentions": s.mentions,
                "spellings": s.spellings,
                "docs": s.docs,
            },
        }
        for s in summaries
        if s.lat is not None and s.lon is not None
    ]
    return {"type": "FeatureCollection", "features": features}


def events_geojson(events: Iterable[MappedEventRow]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the events whose place has coordinates."""
    features = []
    for event in events:
        if event.lat is None or event.lon is None:
            continue
        properties = {k: v for k, v in row_json(event).items() if k not in ("lat", "lon")}
        features.append(
            {"type": "Feature", "geometry": _point(event.lat, event.lon), "properties": properties}
        )
    return {"type": "FeatureCollection", "features": features}
