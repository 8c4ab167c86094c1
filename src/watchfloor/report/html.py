"""The situation report as one self-contained HTML file: no scripts, nothing fetched.

Rendering only: the data comes from ``watchfloor.report.view`` (over
``watchfloor.query``). Reports are untrusted input, so the template escapes
everything (Jinja2 autoescape) and the SVG builders escape their text; the
Content-Security-Policy makes sure nothing runs or loads even if one did not.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pycountry
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from watchfloor.query import Region, coverage_parts
from watchfloor.report import svg
from watchfloor.report.view import Sitrep, anchor, aside_text, build, citation
from watchfloor.store import Store

# No script, no fetch: styles only inline, images only as data: URLs.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("watchfloor.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = lambda v: "" if v is None else f"{v:,}"
    env.globals.update(
        anchor=anchor, citation=citation, aside_text=aside_text, coverage_parts=coverage_parts
    )
    return env


def render_report(
    store: Store,
    *,
    title: str = "Situation report",
    atlas: Path | None = None,
    region: Region | None = None,
) -> str:
    """The whole report page for the store's corpus.

    ``atlas`` is a world-atlas TopoJSON file for the map's borders; by default
    ``svg.find_world_atlas`` looks for one, and the map is drawn without borders
    (and says so) when there is none.
    """
    report = build(store, title=title, region=region)
    atlas = atlas or svg.find_world_atlas()
    borders = svg.load_borders(atlas) if atlas else None
    map_svg, frame = _map(report, borders)
    charts = [
        svg.estimate_chart(s.marks, label=s.label) if s.marks else None for s in report.series
    ]
    css = files("watchfloor.report").joinpath("report.css").read_text(encoding="utf-8")
    template = _environment().get_template("sitrep.html.j2")
    return template.render(
        r=report,
        csp=Markup(CSP),  # our constant: no quotes or markup in it
        css=Markup(css),  # our own file, not article text
        charts=charts,
        map_svg=map_svg,
        outside=frame.outside,
        borders=borders is not None,
    )


def _map(report: Sitrep, borders: list[svg.Country] | None) -> tuple[Markup, svg.Frame]:
    places = []
    countries: set[str] = set()
    for i, found in enumerate(report.places):
        p = found.place
        if p.country:
            countries.add(p.country)
        if p.lat is None or p.lon is None:
            continue
        places.append(
            svg.MapPlace(
                name=p.canonical,
                lat=p.lat,
                lon=p.lon,
                mentions=p.mentions,
                feature=p.feature,
                href=f"#place-{i}",
                title=f"{p.canonical} ({p.feature}, {p.country or '?'}): "
                f"{p.mentions} mention(s) in {len(found.articles)} article(s)",
            )
        )
    shaded = frozenset(
        c.numeric for code in countries if (c := pycountry.countries.get(alpha_2=code))
    )
    return svg.place_map(places, borders=borders, shaded=shaded)
