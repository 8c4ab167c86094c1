"""The HTML report: self-contained, complete, and never executes article text."""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterator
from datetime import date

import pytest
from typer.testing import CliRunner

from watchfloor import query
from watchfloor.cli import app
from watchfloor.ingest import annotate_store, link_store
from watchfloor.nlp.gazetteer import Gazetteer
from watchfloor.report import svg
from watchfloor.report.html import render_report
from watchfloor.report.markdown import md, render_markdown
from watchfloor.store import Store

from .conftest import make_article

HOSTILE = [
    "<script>alert('x')</script> troops moved.",
    '<img src=x onerror="alert(1)"> and a <a href="javascript:alert(2)">link</a>.',
]


def test_report_lists_every_article_and_period(tmp_path) -> None:
    with Store.open(tmp_path / "r.db") as store:
        store.add(
            [
                make_article(["Early report."], doc="a.txt", published="2022-02-10"),
                make_article(["Late report."], doc="b.txt", published="2022-12-19", outlet="FP"),
            ]
        )
        page = render_report(store)
    assert "2022-02-10 to 2022-12-19" in page
    assert page.count("<article ") == 2
    assert "Early report." in page and "Late report." in page


def test_report_is_self_contained(tmp_path) -> None:
    with Store.open(tmp_path / "r.db") as store:
        store.add([make_article(["Some text."])])
        page = render_report(store)
    # No external fetches: no scripts, stylesheets, images or fonts from elsewhere.
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<script" not in page
    assert "Content-Security-Policy" in page


def test_article_markup_is_shown_as_text(tmp_path) -> None:
    with Store.open(tmp_path / "r.db") as store:
        store.add([make_article(HOSTILE, title="<b>Title</b>")])
        page = render_report(store)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "<img" not in page and 'href="javascript:' not in page
    assert "&lt;b&gt;Title&lt;/b&gt;" in page


# ---- the full report over an annotated store --------------------------------------

SECTIONS = (
    "overview", "estimates", "timeline", "places", "claims",
    "sources", "entities", "statements", "corpus", "articles",
)  # fmt: skip
ARTICLE_URL = "https://polesie.example/2022/02/09/troops"


@pytest.fixture(scope="module")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    db = tmp_path_factory.mktemp("report") / "r.db"
    with Store.open(db) as store:
        store.add(
            [
                make_article(
                    [
                        "NATO Secretary General Jens Stoltenberg said about 30,000 Russian "
                        "troops were in Belarus.",
                        "Alexander Lukashenko met Vladimir Putin in Minsk on Sunday.",
                        '"We will not attack Ukraine," Lukashenko told reporters in Minsk.',
                    ],
                    doc="polesie.txt",
                    published="2022-02-09",
                    url=ARTICLE_URL,
                ),
                make_article(
                    [
                        "A Minsk analyst said about 10,000 Russian troops were in Belarus "
                        "last week.",
                        "Trains carrying tanks arrived in Homel on Monday.",
                        *HOSTILE,
                        'See <a href="javascript:alert(3)">here</a> and [x](javascript:alert(4)).',
                    ],
                    doc="wire.txt",
                    title="<script>alert('t')</script>",
                    outlet="East <b>Wire</b>",
                    published="2022-02-15",
                    url="javascript:alert(5)",
                ),
            ]
        )
        annotate_store(store, gazetteer=Gazetteer.open())
        link_store(store)
        yield store


@pytest.fixture(scope="module")
def page(annotated: Store) -> str:
    return render_report(annotated)


def test_every_section_is_there(page: str) -> None:
    for section in SECTIONS:
        assert f"<section id={section}>" in page, section
    assert "<svg" in page and 'class="chart"' in page and 'class="map"' in page


def test_the_timeline_shows_happenings_opening_to_their_reports(
    annotated: Store, page: str
) -> None:
    timeline = page.split("<section id=timeline>")[1].split("</section>")[0]
    found = query.happenings(annotated)
    assert found and "happenings" in page
    assert timeline.count("<details") == len(found)
    for h in found:
        for e in h.reports:
            assert f'href="#a{e.article_id}-l{e.line}"' in timeline


def test_a_claims_link_lands_on_its_line(annotated: Store, page: str) -> None:
    claim = next(c for c in query.claims(annotated) if c.value == 30000)
    anchor = f"a{claim.article_id}-l{claim.line}"
    assert f'href="#{anchor}"' in page
    line = query.article(annotated, claim.article_id).article.lines[claim.line - 1]
    target = re.search(rf'<p id="{anchor}" class=cited><span class=ln>\d+</span>(.*?)</p>', page)
    assert target is not None
    assert html_lib.unescape(target.group(1)) == line.text
    assert "30,000 Russian troops" in target.group(1)


def test_every_in_page_link_has_a_target(page: str) -> None:
    ids = set(re.findall(r'id="?([\w-]+)', page))
    missing = {h for h in re.findall(r'href="#([^"]+)"', page) if h not in ids}
    assert not missing


def test_the_map_has_a_circle_for_minsk(page: str) -> None:
    assert re.search(r"<circle [^>]*><title>Minsk \(city, BY\)", page)


def test_nothing_is_fetched(page: str) -> None:
    urls = re.findall(r"""(?:src|href)\s*=\s*["']?((?:https?:)?//[^"' >]*)""", page)
    assert urls == [ARTICLE_URL]  # the article's own link, and nothing else
    assert f'href="{ARTICLE_URL}" rel="noopener noreferrer"' in page
    assert not re.search(r"<[^>]*\ssrc\s*=", page)  # no tag loads anything
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert "default-src 'none'" in page and "img-src data:" in page


def test_hostile_text_is_escaped(page: str) -> None:
    assert "<script" not in page
    assert "<img" not in page and "onerror=" not in page.replace("onerror=&#34;", "")
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", page, re.I)
    assert "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;" in page
    assert "East &lt;b&gt;Wire&lt;/b&gt;" in page
    assert "javascript:alert(5)" in page  # shown as text, never a link


def test_without_borders_the_map_says_so(annotated: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(svg, "find_world_atlas", lambda: None)
    page = render_report(annotated)
    assert "Country borders not drawn" in page
    assert 'class="graticule"' in page and 'class="land' not in page


def test_with_borders_the_map_draws_countries(annotated: Store, tmp_path) -> None:
    atlas = tmp_path / "countries.json"
    atlas.write_text(json.dumps(TOPOLOGY))
    page = render_report(annotated, atlas=atlas)
    assert "Country borders not drawn" not in page
    assert re.search(r'<path class="land mentioned" d="M[^"]+Z"[^>]*><title>Belarus</title>', page)


def test_markdown_has_the_claims_table_with_sources(annotated: Store) -> None:
    text = render_markdown(annotated)
    for heading in ("Overview", "Estimate series", "Timeline", "Places", "Claims", "Sources",
                    "People and organisations", "Statements", "Articles"):  # fmt: skip
        assert f"\n## {heading}\n" in text
    assert "| As of | Value | Unit | Subject | Source | Source type | Via | Quote |" in text
    claim = next(c for c in query.claims(annotated) if c.value == 30000)
    assert f"(Polesie Wire, 2022-02-09, article {claim.article_id} line {claim.line})" in text
    assert "<svg" not in text


def test_markdown_escapes_hostile_text(annotated: Store) -> None:
    text = render_markdown(annotated)
    assert "<script" not in text and "<img" not in text and "<a " not in text
    assert "](javascript:" not in text
    assert md("a | b <i>[x](javascript:y) &lt;") == r"a \| b &lt;i&gt;\[x\](javascript:y) &amp;lt;"


def test_cli_writes_html_and_markdown(annotated: Store, tmp_path) -> None:
    db = str(annotated.engine.url.database)
    runner = CliRunner()
    out = tmp_path / "s.md"
    result = runner.invoke(app, ["report", "--db", db, "-o", str(out), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# Situation report")
    result = runner.invoke(app, ["report", "--db", db, "-o", str(out), "--format", "pdf"])
    assert result.exit_code != 0


# ---- SVG pieces ---------------------------------------------------------------------

# Two squares sharing an edge: arc 0 is the shared edge, delta-encoded and quantized;
# the second square walks it backwards (~0).
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [1.0, 1.0], "translate": [20.0, 50.0]},
    "arcs": [
        [[5, 0], [0, 5]],  # (25,50) -> (25,55)
        [[5, 5], [-5, 0], [0, -5], [5, 0]],  # (25,55) -> (20,55) -> (20,50) -> (25,50)
        [[5, 0], [5, 0], [0, 5], [-5, 0]],  # (25,50) -> (30,50) -> (30,55) -> (25,55)
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "112",
                 "properties": {"name": "Belarus"}},
                {"type": "MultiPolygon", "arcs": [[[2, ~0]]], "id": "804",
                 "properties": {"name": "Ukraine"}},
                {"type": None, "id": "000"},
            ],
        }
    },
}  # fmt: skip


def test_topojson_arcs_decode_to_closed_rings() -> None:
    by, ua = svg.decode_countries(TOPOLOGY)
    assert by.name == "Belarus" and by.id == "112"
    assert by.rings == [[(25, 50), (25, 55), (20, 55), (20, 50), (25, 50)]]
    assert ua.rings == [[(25, 50), (30, 50), (30, 55), (25, 55), (25, 50)]]
    assert ua.bbox == (25, 50, 30, 55)


@pytest.mark.parametrize(
    ("iso", "expected"),
    [
        ("2022-02-24", (date(2022, 2, 24), date(2022, 2, 24))),
        ("2022-02", (date(2022, 2, 1), date(2022, 2, 28))),
        ("2022-12", (date(2022, 12, 1), date(2022, 12, 31))),
        ("2022", (date(2022, 1, 1), date(2022, 12, 31))),
        ("2022-W08", (date(2022, 2, 21), date(2022, 2, 27))),
        ("2022-02/2022-03", (date(2022, 2, 1), date(2022, 3, 31))),
        ("early 2022", None),
        (None, None),
    ],
)
def test_period_of_an_iso_date(iso: str | None, expected: object) -> None:
    assert svg.period(iso) == expected


def test_chart_draws_ranges_and_hollow_echoes() -> None:
    d = date(2022, 2, 9)
    marks = [
        svg.ChartMark(start=d, end=d, value=30000, low=None, high=None, echo=False,
                      href="#a1-l3", title="30,000 <NATO>"),
        svg.ChartMark(start=d, end=date(2022, 2, 28), value=11500, low=11000, high=12000,
                      echo=True, href="#a2-l3", title="11,000-12,000"),
    ]  # fmt: skip
    chart = str(svg.estimate_chart(marks, label="Russian troops in Belarus"))
    assert '<g class="claim">' in chart and '<g class="echo">' in chart
    assert '<path class="range"' in chart and '<line class="span"' in chart
    assert 'href="#a1-l3"' in chart and "30,000 &lt;NATO&gt;" in chart


@pytest.mark.parametrize(
    ("first", "last", "labels"),
    [
        (date(2022, 2, 9), date(2022, 4, 1), ["Mar 2022", "Apr"]),
        (date(2022, 1, 1), date(2022, 12, 31), ["Jan 2022", "Mar", "May", "Jul", "Sep", "Nov"]),
        (date(2019, 5, 1), date(2023, 2, 1), ["Jul 2019", "Jan 2020", "Jul", "Jan 2021", "Jul",
                                              "Jan 2022", "Jul", "Jan 2023"]),
        # a corpus whose numbers describe a century (old archives, projections)
        (date(1921, 3, 1), date(2030, 1, 1), [f"Jan {y}" for y in range(1940, 2040, 20)]),
    ],
)  # fmt: skip
def test_time_axis_ticks_stay_few_for_any_span(first: date, last: date, labels: list[str]) -> None:
    ticks = svg._month_ticks(first, last)
    assert [text for _, text in ticks] == labels
    assert all(first <= tick <= last for tick, _ in ticks)


# ---- dates at the calendar's ends --------------------------------------------------

EDGE_DATES = ("0001-01-02", "9999-12-30")


@pytest.mark.parametrize(
    ("iso", "expected"),
    [
        ("9999-12", (date(9999, 12, 1), date(9999, 12, 31))),
        ("0001-01", (date(1, 1, 1), date(1, 1, 31))),
        ("9999", (date(9999, 1, 1), date(9999, 12, 31))),
    ],
)
def test_period_at_the_calendar_ends(iso: str, expected: object) -> None:
    assert svg.period(iso) == expected


@pytest.mark.parametrize(
    "days", [(date(1, 1, 2),), (date(9999, 12, 30),), (date(1, 1, 2), date(9999, 12, 30))]
)
def test_chart_of_claims_at_the_calendar_ends(days: tuple[date, ...]) -> None:
    """The axis' margin stops at 0001-01-01 and 9999-12-31 instead of overflowing."""
    marks = [
        svg.ChartMark(start=d, end=d, value=1000 * (i + 1), low=None, high=None, echo=False,
                      href=f"#a{i}-l1", title=d.isoformat())
        for i, d in enumerate(days)
    ]  # fmt: skip
    chart = str(svg.estimate_chart(marks, label="troops"))
    assert chart.count("<circle") == len(days)
    xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', chart)]
    assert all(64 <= x <= 680 - 16 for x in xs)  # inside the plot


def test_articles_dated_at_the_calendar_ends_in_every_view(tmp_path) -> None:
    """Stored, annotated, listed, reported (HTML and Markdown) and served."""
    from fastapi.testclient import TestClient

    from watchfloor.web import create_app

    db = tmp_path / "edges.db"
    with Store.open(db) as store:
        store.add(
            [
                make_article(
                    [f"About {n},000 Russian troops were in Belarus, NATO said on Monday."],
                    doc=f"{day}.txt",
                    published=day,
                )
                for n, day in zip((30, 10), EDGE_DATES, strict=True)
            ]
        )
        annotate_store(store, gazetteer=Gazetteer.open())
        link_store(store)
        page = render_report(store)
        markdown = render_markdown(store)
        assert {r.published for r in query.articles(store)} == set(EDGE_DATES)
    for day in EDGE_DATES:
        assert day in page and day in markdown
    assert page.count('<svg class="chart"') >= 1  # the estimate series is drawn
    runner = CliRunner()
    for command in (["report", "-o", str(tmp_path / "r.html")], ["articles"], ["timeline"],
                    ["claims", "--about", "troops in Belarus"]):  # fmt: skip
        result = runner.invoke(app, [*command, "--db", str(db)])
        assert result.exit_code == 0, (command, result.output)
    with TestClient(create_app(str(db))) as client:
        for path in ("/", "/timeline", "/claims", "/map", "/articles/1", "/articles/2"):
            assert client.get(path).status_code == 200, path
