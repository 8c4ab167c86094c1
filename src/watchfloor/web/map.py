"""The /map page's SVG: the report's map (``watchfloor.report.svg``) with web links.

Each circle links to the search for the reports that mention its place.
Country borders are drawn when a world-atlas file is installed (``make atlas``,
or ``$WATCHFLOOR_WORLD_ATLAS``); without one the map shows a graticule.
"""

from __future__ import annotations

from urllib.parse import quote

import pycountry
from markupsafe import Markup

from watchfloor.query import PlaceSummary
from watchfloor.report import svg


def load_borders() -> list[svg.Country] | None:
    atlas = svg.find_world_atlas()
    return svg.load_borders(atlas) if atlas else None


def places_svg(
    places: list[PlaceSummary], *, borders: list[svg.Country] | None
) -> tuple[Markup, list[str]]:
    """The map, and the names of the places that fall outside the region it shows."""
    marks = [
        svg.MapPlace(
            name=p.canonical,
            lat=p.lat,
            lon=p.lon,
            mentions=p.mentions,
            feature=p.feature,
            href=f"/search?place={quote(p.canonical)}",
            title=f"{p.canonical} ({p.feature}, {p.country or '?'}): "
            f"{p.mentions} mention(s) in {len(p.docs)} report(s); {p.lat:.3f}, {p.lon:.3f}",
        )
        for p in places
        if p.lat is not None and p.lon is not None
    ]
    if not marks:
        return Markup('<p class="empty">No place with coordinates yet.</p>'), []
    shaded = frozenset(
        c.numeric
        for code in {p.country for p in places if p.country}
        if (c := pycountry.countries.get(alpha_2=code))
    )
    drawn, frame = svg.place_map(marks, borders=borders, shaded=shaded)
    return drawn, frame.outside
