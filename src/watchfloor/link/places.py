"""Places across articles: one row per place with every mention of it.

Place in the flow: read side. ``nlp.places`` resolves each article's mentions to
places; the store keeps them; here they are summed up per place for
``watchfloor places``, the map and the report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from watchfloor.records import PlaceRef


@dataclass(slots=True, kw_only=True)
class PlaceSummary:
    """One place with every mention of it: a row of ``watchfloor places``."""

    canonical: str
    country: str | None
    feature: str
    lat: float | None
    lon: float | None
    geonames_id: int | None
    mentions: int
    spellings: list[str]
    docs: list[str]


def summarise_places(places: Iterable[tuple[str, PlaceRef]]) -> list[PlaceSummary]:
    """Places across articles (``(doc, place)`` pairs), most mentioned first."""
    by_place: dict[tuple[Any, ...], PlaceSummary] = {}
    # first-seen order kept in dicts: a place named in thousands of articles made
    # list membership tests quadratic
    spellings: dict[tuple[Any, ...], dict[str, None]] = {}
    docs: dict[tuple[Any, ...], dict[str, None]] = {}
    for doc, p in places:
        key = (p.geonames_id, p.canonical, p.country, p.feature)
        s = by_place.get(key)
        if s is None:
            s = by_place[key] = PlaceSummary(
                canonical=p.canonical,
                country=p.country,
                feature=p.feature,
                lat=p.lat,
                lon=p.lon,
                geonames_id=p.geonames_id,
                mentions=0,
                spellings=[],
                docs=[],
            )
            spellings[key], docs[key] = {}, {}
        s.mentions += 1
        spellings[key][p.mention.text] = None
        docs[key][doc] = None
    for key, s in by_place.items():
        s.spellings, s.docs = list(spellings[key]), list(docs[key])
    return sorted(by_place.values(), key=lambda s: (-s.mentions, s.canonical))
