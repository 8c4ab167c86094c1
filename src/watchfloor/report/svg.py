"""Inline SVG for the report: estimate charts and the map of places.

Drawn by hand as strings: the report must open offline with no script, so no
charting or mapping library that renders in the browser will do, and the
marks are few. Every piece of text that comes from an article goes through
``escape``; the functions return ``Markup`` so the template inserts them as is.

Country borders come from world-atlas (Natural Earth 1:110m as TopoJSON), which
is third-party data fetched by ``make atlas``, never shipped: ``find_world_atlas``
looks for it and ``load_borders`` decodes it. TopoJSON stores shared borders
once as "arcs" of delta-encoded integer positions; a polygon ring lists arc
indices (``~i`` for arc ``i`` reversed).
"""

from __future__ import annotations

import calendar
import itertools
import json
import math
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

ATLAS_ENV = "WATCHFLOOR_WORLD_ATLAS"
ATLAS_FILE = "countries-110m.json"

Ring = list[tuple[float, float]]  # (lon, lat) pairs


# ---- country borders --------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Country:
    """One country of the atlas: ISO 3166-1 numeric id, name, and its rings (lon, lat)."""

    id: str
    name: str
    rings: list[Ring]
    bbox: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # west, south, east, north


def find_world_atlas() -> Path | None:
    """The world-atlas file: ``$WATCHFLOOR_WORLD_ATLAS``, else where ``make atlas`` puts it."""
    named = os.environ.get(ATLAS_ENV)
    candidates = [Path(named)] if named else []
    candidates.append(Path(sys.prefix) / "share" / "watchfloor" / ATLAS_FILE)
    return next((p for p in candidates if p.is_file()), None)


def load_borders(path: Path) -> list[Country]:
    """Decode the ``countries`` object of a world-atlas TopoJSON file."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    return decode_countries(topology)


def decode_countries(topology: dict[str, Any]) -> list[Country]:
    transform = topology.get("transform")
    arcs = [_decode_arc(arc, transform) for arc in topology["arcs"]]
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:  # null geometries carry no shape
            continue
        rings = [_ring(indices, arcs) for polygon in polygons for indices in polygon]
        points = [pt for ring in rings for pt in ring]
        if not points:
            continue
        lons = [pt[0] for pt in points]
        lats = [pt[1] for pt in points]
        countries.append(
            Country(
                id=str(geometry.get("id", "")),
                name=str(geometry.get("properties", {}).get("name", "")),
                rings=rings,
                bbox=(min(lons), min(lats), max(lons), max(lats)),
            )
        )
    return countries


def _decode_arc(arc: list[list[float]], transform: dict[str, Any] | None) -> Ring:
    if transform is None:
        return [(p[0], p[1]) for p in arc]
    (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
    x = y = 0.0
    out = []
    for p in arc:
        x += p[0]
        y += p[1]
        out.append((x * kx + dx, y * ky + dy))
    return out


def _ring(indices: list[int], arcs: list[Ring]) -> Ring:
    ring: Ring = []
    for i in indices:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        # each arc starts where the previous one ended
        ring.extend(points[1:] if ring else points)
    return ring


# ---- the map ----------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class MapPlace:
    """A place to draw: where, how often the corpus mentions it, and where its evidence is."""

    name: str
    lat: float
    lon: float
    mentions: int
    feature: str
    href: str  # in-page anchor of its evidence
    title: str  # hover text


@dataclass(slots=True, kw_only=True)
class Frame:
    """The part of the world the map shows, in degrees."""

    west: float
    south: float
    east: float
    north: float
    outside: list[str] = field(default_factory=list)  # places left off the map


def frame_for(places: Sequence[MapPlace], *, pad: float = 2.5, min_span: float = 8.0) -> Frame:
    """The region most mentions fall in: weighted 5th-95th percentiles of the towns,
    regions and bases (country centroids and one-off far places would stretch the map
    to the whole world), padded; what falls outside is listed, not drawn."""
    sited = [p for p in places if p.feature != "country"] or list(places)
    if not sited:
        return Frame(west=20.0, south=44.0, east=42.0, north=58.0)
    lons = _weighted_range([(p.lon, p.mentions) for p in sited])
    lats = _weighted_range([(p.lat, p.mentions) for p in sited])
    west, east = lons[0] - pad, lons[1] + pad
    south, north = lats[0] - pad, lats[1] + pad
    mid_lat = (south + north) / 2
    # keep a usable minimum area, and a landscape shape (width in map units >= height)
    if (east - west) < min_span:
        c = (east + west) / 2
        west, east = c - min_span / 2, c + min_span / 2
    if (north - south) < min_span / 2:
        c = (north + south) / 2
        south, north = c - min_span / 4, c + min_span / 4
    aspect = (east - west) * math.cos(math.radians(mid_lat)) / (north - south)
    if aspect < 1.4:
        extra = (1.4 * (north - south) / math.cos(math.radians(mid_lat)) - (east - west)) / 2
        west, east = west - extra, east + extra
    south, north = max(south, -85.0), min(north, 85.0)
    frame = Frame(west=west, south=south, east=east, north=north)
    frame.outside = [p.name for p in places if not _inside(p, frame)]
    return frame


def _weighted_range(values: list[tuple[float, int]], tail: float = 0.05) -> tuple[float, float]:
    ordered = sorted(values)
    total = sum(w for _, w in ordered)
    cut = tail * total
    low = high = None
    seen = 0.0
    for v, w in ordered:
        seen += w
        if low is None and seen > cut:
            low = v
        if seen >= total - cut:
            high = v
            break
    assert low is not None and high is not None
    return low, high


def _inside(p: MapPlace, f: Frame) -> bool:
    return f.west <= p.lon <= f.east and f.south <= p.lat <= f.north


def place_map(
    places: Sequence[MapPlace],
    *,
    borders: Sequence[Country] | None,
    shaded: frozenset[str] = frozenset(),
    width: int = 860,
    labels: int = 14,
) -> tuple[Markup, Frame]:
    """An equirectangular map (scaled at the middle latitude) of the places: one circle
    each, its area by mentions, linking to its evidence; countries in ``shaded``
    (ISO numeric ids) filled darker. Returns the SVG and the frame it shows."""
    frame = frame_for(places)
    kx = math.cos(math.radians((frame.south + frame.north) / 2))
    scale = width / ((frame.east - frame.west) * kx)
    height = round((frame.north - frame.south) * scale)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon - frame.west) * kx * scale, (frame.north - lat) * scale

    out = [
        f'<svg class="map" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'role="img" aria-labelledby="map-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="map-title">Places the reports mention</title>',
        f'<rect class="sea" width="{width}" height="{height}"/>',
    ]
    if borders:
        out.append('<g class="borders">')
        for country in borders:
            w, s, e, n = country.bbox
            if e < frame.west or w > frame.east or n < frame.south or s > frame.north:
                continue
            d = " ".join(
                "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in (xy(*pt) for pt in ring)) + "Z"
                for ring in country.rings
            )
            cls = "land mentioned" if country.id in shaded else "land"
            out.append(
                f'<path class="{cls}" d="{d}" fill-rule="evenodd"><title>{escape(country.name)}'
                "</title></path>"
            )
        out.append("</g>")
    else:
        out.append(_graticule(frame, xy))
    # biggest first, so small places stay clickable on top
    drawn = sorted((p for p in places if _inside(p, frame)), key=lambda p: (-p.mentions, p.name))
    out.append('<g class="places">')
    for p in drawn:
        x, y = xy(p.lon, p.lat)
        r = 3 + 2.2 * math.sqrt(p.mentions)
        cls = "place country" if p.feature == "country" else "place"
        out.append(
            f'<a href="{escape(p.href)}"><circle class="{cls}" cx="{x:.1f}" cy="{y:.1f}" '
            f'r="{r:.1f}"><title>{escape(p.title)}</title></circle></a>'
        )
    out.append('</g><g class="labels">')
    placed: list[tuple[float, float, float, float]] = []
    for p in (p for p in drawn if p.feature != "country"):
        if len(placed) >= labels:
            break
        x, y = xy(p.lon, p.lat)
        r = 3 + 2.2 * math.sqrt(p.mentions)
        # about 6px a character at 11px: skip a label that would overlap one already set
        box = (x + r + 2, y - 8, x + r + 2 + 6.2 * len(p.name), y + 6)
        if any(
            not (box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3]) for b in placed
        ):
            continue
        placed.append(box)
        out.append(f'<text x="{box[0]:.1f}" y="{y + 4:.1f}">{escape(p.name)}</text>')
    out.append("</g></svg>")
    return Markup("".join(out)), frame


def _graticule(frame: Frame, xy: Any) -> str:
    """Lines every 5 degrees, so the map without borders still shows where it is."""
    lines = ['<g class="graticule">']
    for lon in range(math.ceil(frame.west / 5) * 5, math.floor(frame.east) + 1, 5):
        (x1, y1), (x2, y2) = xy(lon, frame.north), xy(lon, frame.south)
        lines.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>')
        lines.append(f'<text x="{x1 + 3:.1f}" y="12">{lon}°E</text>')
    for lat in range(math.ceil(frame.south / 5) * 5, math.floor(frame.north) + 1, 5):
        (x1, y1), (x2, y2) = xy(frame.west, lat), xy(frame.east, lat)
        lines.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>')
        lines.append(f'<text x="3" y="{y1 - 3:.1f}">{lat}°N</text>')
    lines.append("</g>")
    return "".join(lines)


# ---- estimate charts --------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class ChartMark:
    """One claim in a series: when, the value (or range), and whether it is an echo."""

    start: date  # the period the number describes (as_of, else published)
    end: date
    value: float | None  # the point drawn: the value, else the middle of the range
    low: float | None
    high: float | None
    echo: bool
    href: str
    title: str


def period(iso: str | None) -> tuple[date, date] | None:
    """The days an ISO date covers: "2022-02" is all of February; None if unreadable."""
    if not iso:
        return None
    if "/" in iso:
        a, _, b = iso.partition("/")
        first, last = period(a), period(b)
        return (first[0], last[1]) if first and last else first or last
    try:
        if len(iso) == 10:
            d = date.fromisoformat(iso)
            return d, d
        if len(iso) == 7 and iso[4] == "-":
            y, m = int(iso[:4]), int(iso[5:7])
            # the month's own length: the day after "9999-12" is no date
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        if len(iso) == 4:
            return date(int(iso), 1, 1), date(int(iso), 12, 31)
        if len(iso) == 8 and iso[4:6] == "-W":
            monday = date.fromisocalendar(int(iso[:4]), int(iso[6:8]), 1)
            return monday, monday + timedelta(days=6)
    except ValueError:
        return None
    return None


def estimate_chart(
    marks: Sequence[ChartMark], *, label: str, width: int = 680, height: int = 230
) -> Markup:
    """Value (and range) over time: a filled circle per independent claim, a hollow one
    per echo, a vertical bar for a range, a horizontal one for a month or longer."""
    left, right, top, bottom = 64, 16, 12, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    first = _days_from(min(m.start for m in marks), -10)
    last = _days_from(max(m.end for m in marks), 10)
    days = max((last - first).days, 30)

    def x_of(d: date) -> float:
        return left + plot_w * (d - first).days / days

    values = [v for m in marks for v in (m.value, m.low, m.high) if v is not None]
    y_of, ticks = _y_scale(values, top, plot_h)
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>',
        f'<g class="axis"><line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
        f'y2="{top + plot_h}"/><line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}"/>',
    ]
    for value in ticks:
        y = y_of(value)
        out.append(
            f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{_num(value)}</text>'
        )
    for tick, text in _month_ticks(first, last):
        x = x_of(tick)
        out.append(
            f'<line x1="{x:.1f}" y1="{top + plot_h}" x2="{x:.1f}" y2="{top + plot_h + 4}"/>'
            f'<text x="{x:.1f}" y="{top + plot_h + 17}" text-anchor="middle">{text}</text>'
        )
    out.append('</g><g class="marks">')
    seen: dict[tuple[int, int], int] = {}
    for m in marks:
        if m.value is None:
            continue
        x = (x_of(m.start) + x_of(m.end)) / 2
        y = y_of(m.value)
        # claims at the same point side by side, not on top of each other
        spot = (round(x), round(y))
        nudge = 5 * seen.get(spot, 0)
        seen[spot] = seen.get(spot, 0) + 1
        x += nudge
        parts = [f'<a href="{escape(m.href)}"><g class="{"echo" if m.echo else "claim"}">']
        if m.end > m.start:
            parts.append(
                f'<line class="span" x1="{x_of(m.start) + nudge:.1f}" y1="{y:.1f}" '
                f'x2="{x_of(m.end) + nudge:.1f}" y2="{y:.1f}"/>'
            )
        if m.low is not None and m.high is not None and m.low != m.high:
            y1, y2 = y_of(m.low), y_of(m.high)
            parts.append(
                f'<path class="range" d="M{x:.1f},{y1:.1f}V{y2:.1f}'
                f'M{x - 3:.1f},{y1:.1f}h6M{x - 3:.1f},{y2:.1f}h6"/>'
            )
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5"/><title>{escape(m.title)}</title></g></a>'
        )
        out.append("".join(parts))
    out.append("</g></svg>")
    return Markup("".join(out))


def _y_scale(values: list[float], top: float, plot_h: float) -> tuple[Any, list[float]]:
    """A linear scale from 0, or a log scale when the values span three decades or more."""
    positive = [v for v in values if v > 0]
    hi = max(values) if values else 1.0
    if positive and max(positive) / min(positive) >= 1000:
        lo_exp = math.floor(math.log10(min(positive)))
        hi_exp = math.ceil(math.log10(max(positive)))
        if hi_exp == lo_exp:
            hi_exp += 1

        def log_y(v: float) -> float:
            v = max(v, 10.0**lo_exp)
            return top + plot_h * (1 - (math.log10(v) - lo_exp) / (hi_exp - lo_exp))

        return log_y, [10.0**e for e in range(lo_exp, hi_exp + 1)]
    hi = max(hi, 1e-9)
    raw = hi / 4
    mag = 10 ** math.floor(math.log10(raw))
    step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)
    top_value = step * math.ceil(hi * 1.05 / step)

    def lin_y(v: float) -> float:
        return top + plot_h * (1 - v / top_value)

    n = round(top_value / step)
    return lin_y, [step * i for i in range(n + 1)]


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


MAX_TICKS = 8


def _round_numbers() -> Iterator[int]:
    """1, 2, 5, 10, 20, 50, 100, ..."""
    for power in itertools.count():
        for s in (1, 2, 5):
            yield s * 10**power


def _days_from(day: date, days: int) -> date:
    """``day`` moved by ``days``, stopping at the calendar's ends (0001-01-01, 9999-12-31):
    a claim dated 0001-01-02 still gets a chart, its margin cut short."""
    ordinal = min(max(day.toordinal() + days, date.min.toordinal()), date.max.toordinal())
    return date.fromordinal(ordinal)


def _month_ticks(first: date, last: date) -> list[tuple[date, str]]:
    months = []
    d = date(first.year, first.month, 1)
    while d <= last:
        if d >= first:
            months.append(d)
        if (d.year, d.month) == (date.max.year, 12):
            break  # no month after December 9999
        d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    step = max(1, math.ceil(len(months) / MAX_TICKS))
    if 1 < step <= 6:
        step = next(s for s in (2, 3, 6) if s >= step)
        months = [m for m in months if (m.month - 1) % step == 0]
    elif step > 6:  # a year or more apart: Januaries of round years, however long the span
        years = math.ceil(step / 12)
        every = next(n for n in _round_numbers() if n >= years)
        months = [m for m in months if m.month == 1 and m.year % every == 0]
    return [
        (m, f"{_MONTHS[m.month - 1]} {m.year}" if m.month == 1 or i == 0 else _MONTHS[m.month - 1])
        for i, m in enumerate(months)
    ]


def _num(value: float) -> str:
    if value >= 1000 and value == int(value):
        return f"{int(value):,}"
    return f"{value:g}"
