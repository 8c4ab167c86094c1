"""The report's view-model: what the HTML and Markdown renderers both show.

Built from ``watchfloor.query`` only, so the report says what the CLI, the API
and the web app say. Every figure carries a ``Ref`` to the line it came from;
the renderers turn it into an in-page link (HTML) or a citation (Markdown).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from watchfloor import __version__, query
from watchfloor.link.estimates import EstimateSeries
from watchfloor.records import LineRole
from watchfloor.report.svg import ChartMark, period
from watchfloor.store import Store


@dataclass(frozen=True, slots=True, kw_only=True)
class Ref:
    """Where a figure comes from: an article's line."""

    article_id: int
    line: int
    outlet: str | None
    published: str | None

    @property
    def anchor(self) -> str:
        return f"a{self.article_id}-l{self.line}"

    @property
    def citation(self) -> str:
        return (
            f"{self.outlet or 'unknown outlet'}, {self.published or 'undated'}, "
            f"article {self.article_id} line {self.line}"
        )


def ref(row: dict[str, Any]) -> Ref:
    """The reference of a query row that has ``article_id``, ``line``, ``outlet``, ``published``."""
    return Ref(
        article_id=row["article_id"],
        line=row["line"],
        outlet=row["outlet"],
        published=row["published"],
    )


def amount(row: dict[str, Any]) -> str:
    """A claim's number as the report writes it: "30,000", "11,000-12,000", "at least 2,000"."""
    value, low, high = row["value"], row["value_low"], row["value_high"]
    if low is not None and high is not None and low != high:
        return f"{_num(low)}–{_num(high)}"
    if value is not None:
        if high is not None and low is None:
            return f"up to {_num(value)}"
        return _num(value)
    if low is not None:
        return f"at least {_num(low)}"
    if high is not None:
        return f"up to {_num(high)}"
    return "?"


def _num(value: float) -> str:
    return f"{int(value):,}" if value == int(value) else f"{value:,g}"


@dataclass(slots=True, kw_only=True)
class SeriesView:
    label: str
    sources: int  # independent sources
    claims: list[dict[str, Any]]  # rows of list_claims, with "ref", "amount", "echo_of"
    marks: list[ChartMark]
    undrawn: int  # claims with no date to place them


@dataclass(slots=True, kw_only=True)
class LineView:
    number: int
    text: str
    heading: bool
    cited: bool


@dataclass(slots=True, kw_only=True)
class ArticleView:
    id: int
    title: str
    doc: str
    outlet: str | None
    published: str | None
    byline: str
    url: str | None  # only http(s) URLs, the only ones the report links to
    origin: str
    lines: list[LineView] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Sitrep:
    title: str
    generated: str
    version: str
    overview: dict[str, Any]
    articles: list[dict[str, Any]]
    series: list[SeriesView]
    timeline: list[dict[str, Any]]
    places: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    relations: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    statements: list[dict[str, Any]]
    texts: list[ArticleView]


def build(store: Store, *, title: str = "Situation report") -> Sitrep:
    """Everything the report shows, each figure with its reference."""
    cited: set[tuple[int, int]] = set()

    def with_ref(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for row in rows:
            row["ref"] = ref(row)
            cited.add((row["article_id"], row["line"]))
        return rows

    claims = with_ref(query.claims(store))
    for row in claims:
        row["amount"] = amount(row)
    timeline = with_ref(query.timeline(store))
    statements = with_ref(query.statements(store))
    places = []
    for found in query.place_evidence(store):
        by_article: dict[int, dict[str, Any]] = {}
        for m in with_ref(found["mentions"]):
            entry = by_article.setdefault(
                m["article_id"],
                {
                    "article_id": m["article_id"],
                    "outlet": m["outlet"],
                    "published": m["published"],
                    "mentions": [],
                },
            )
            entry["mentions"].append(m)
        places.append({"place": found["place"], "articles": list(by_article.values())})
    series = [_series(s) for s in query.estimates(store)]
    texts = [_article(store, row["id"], cited) for row in query.articles(store)]
    return Sitrep(
        title=title,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        version=__version__,
        overview=query.overview(store),
        articles=query.articles(store),
        series=series,
        timeline=timeline,
        places=places,
        claims=claims,
        sources=query.sources(store),
        relations=query.relations(store),
        entities=query.entities(store),
        statements=statements,
        texts=texts,
    )


def _series(series: EstimateSeries) -> SeriesView:
    rows, marks, undrawn = [], [], 0
    for e in series.estimates:
        row = dict(e.claim)
        row["ref"] = ref(row)
        row["amount"] = amount(row)
        row["echo_of"] = e.echo_of
        row["backers"] = e.backers
        rows.append(row)
        when = period(row["as_of"]) or period(row["published"])
        if when is None:
            undrawn += 1
            continue
        low, high, value = row["value_low"], row["value_high"], row["value"]
        if value is None:
            value = (low + high) / 2 if low is not None and high is not None else low or high
        who = row["source"] or row["outlet"] or "unknown source"
        echo = f"; not independent: recycled from article {e.echo_of}" if e.echo_of else ""
        marks.append(
            ChartMark(
                start=when[0],
                end=when[1],
                value=value,
                low=low,
                high=high,
                echo=e.echo_of is not None,
                href="#" + row["ref"].anchor,
                title=f"{row['amount']} ({row['as_of'] or 'published ' + str(row['published'])})"
                f" — {who}; {row['ref'].citation}{echo}",
            )
        )
    return SeriesView(
        label=series.label, sources=series.sources, claims=rows, marks=marks, undrawn=undrawn
    )


def _article(store: Store, article_id: int, cited: set[tuple[int, int]]) -> ArticleView:
    stored = query.article(store, article_id)
    art = stored.article
    url = art.url if art.url and art.url.lower().startswith(("https://", "http://")) else None
    view = ArticleView(
        id=stored.id,
        title=art.title or art.doc,
        doc=art.doc,
        outlet=art.outlet,
        published=art.published,
        byline=", ".join(art.authors),
        url=url,
        origin=art.url or art.origin,
    )
    for line in art.lines:
        is_cited = (stored.id, line.number) in cited
        body = line.role is LineRole.BODY and line.duplicate_of is None
        # a cited line is always shown, whatever its role, so its link lands
        if body or line.role is LineRole.SUBHEAD or is_cited:
            view.lines.append(
                LineView(
                    number=line.number,
                    text=line.text,
                    heading=line.role is LineRole.SUBHEAD,
                    cited=is_cited,
                )
            )
    return view
