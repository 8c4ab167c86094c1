"""The report's view-model: what the HTML and Markdown renderers both show.

Built from ``watchfloor.query`` only, so the report says what the CLI, the API
and the web app say. Every finding is a ``query.Finding``: the renderers turn the
line it came from into an in-page link (:func:`anchor`, HTML) or a citation
(:func:`citation`, Markdown).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from watchfloor import __version__, query
from watchfloor.records import LineRole
from watchfloor.report.svg import ChartMark, period
from watchfloor.store import Store


def anchor(found: query.Finding) -> str:
    """The in-page id of the line a finding comes from."""
    return f"a{found.article_id}-l{found.line}"


def aside_text(aside: query.SentenceAside) -> str:
    """What was extracted from a line in another language, in words, for beside the line
    as written: "Russian as written, no translation: names Viktor Khrenin, Gomel;
    figures ~30,000 troops"."""
    names = ", ".join(aside.names) or "none"
    figures = ", ".join(aside.figures) or "none"
    return (
        f"{query.language_name(aside.language)} as written, no translation: "
        f"names {names}; figures {figures}"
    )


def citation(found: query.Finding) -> str:
    """Where a finding comes from, in words: "outlet, date, article N line L"."""
    return (
        f"{found.outlet or 'unknown outlet'}, {found.published or 'undated'}, "
        f"article {found.article_id} line {found.line}"
    )


@dataclass(slots=True, kw_only=True)
class SeriesView:
    label: str
    sources: int  # independent sources
    estimates: list[query.EstimateRow]
    marks: list[ChartMark]
    undrawn: int  # claims with no date to place them


@dataclass(slots=True, kw_only=True)
class PlaceArticle:
    """One article's mentions of a place."""

    article_id: int
    outlet: str | None
    published: str | None
    mentions: list[query.PlaceMentionRow]


@dataclass(slots=True, kw_only=True)
class PlaceView:
    place: query.PlaceSummary
    articles: list[PlaceArticle]


@dataclass(slots=True, kw_only=True)
class LineView:
    number: int
    text: str
    heading: bool
    cited: bool
    aside: query.SentenceAside | None = None  # a line not in English: what was found in it


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
    coverage: str = ""  # what the stages did with it: "analysed in Russian", "not analysed: ..."


@dataclass(slots=True, kw_only=True)
class Sitrep:
    title: str
    generated: str
    version: str
    overview: query.Overview
    articles: list[query.ArticleRow]
    series: list[SeriesView]
    timeline: list[query.EventRow]
    happenings: list[query.HappeningRow]  # the timeline's events fused, each with its reports
    places: list[PlaceView]
    claims: list[query.ClaimRow]
    sources: list[query.SourceRow]
    relations: list[query.RelationRow]
    entities: list[query.EntityRow]
    statements: list[query.StatementRow]
    texts: list[ArticleView]
    region: str | None = None  # what the timeline, map and claims are limited to
    # which reports were analysed in which language, and which were not and why
    coverage: query.Coverage | None = None
    # per (article id, line) quoted from an article not in English: what was found there
    asides: dict[tuple[int, int], query.SentenceAside] = field(default_factory=dict)
    said_of: dict[int, str] = field(default_factory=dict)  # article id -> ``said``

    def said(self, article_id: int) -> str:
        """What the stages did with an article: "analysed in Russian", "not analysed: ..."."""
        if len(self.said_of) != len(self.texts):  # built on first use: one pass, not one per row
            self.said_of.update((t.id, t.coverage) for t in self.texts)
        return self.said_of.get(article_id, "")

    def aside(self, found: query.Finding) -> query.SentenceAside | None:
        """What was extracted from the line a finding quotes, when not in English."""
        return self.asides.get((found.article_id, found.line))


def build(
    store: Store, *, title: str = "Situation report", region: query.Region | None = None
) -> Sitrep:
    """Everything the report shows; each finding links to its line (:func:`anchor`).
    ``region`` limits the timeline, the map and the claims (and their estimate series)
    to the places within it (``query.region``); None: everything."""
    claims = query.claims(store)
    timeline = query.timeline(store)
    statements = query.statements(store)
    places = [_place(found) for found in query.place_evidence(store)]
    series = query.estimates(store)
    happenings = None
    if region is not None:
        where = query.place_index(store)
        about = query.in_region(store, region)
        timeline = [e for e in timeline if region.holds(e.place, where)]
        happenings = query.happenings_of(timeline, relations=store.list_relations())
        places = [p for p in places if region.holds_place(p.place)]
        claims = [c for c in claims if about(c)]
        series = _series_within(series, about)
    mentions = [m for p in places for a in p.articles for m in a.mentions]
    cited = {
        (found.article_id, found.line) for found in [*claims, *timeline, *statements, *mentions]
    }
    articles = query.articles(store)
    states = store.annotation_states(row.id for row in articles)
    return Sitrep(
        title=title,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        version=__version__,
        overview=query.overview(store),
        articles=articles,
        series=[_series(s) for s in series],
        timeline=timeline,
        happenings=query.happenings(store) if happenings is None else happenings,
        places=places,
        claims=claims,
        sources=query.sources(store),
        relations=query.relations(store),
        entities=query.entities(store),
        statements=statements,
        texts=[_article(store, row.id, cited, states.get(row.id)) for row in articles],
        region=region.label if region is not None else None,
        coverage=query.coverage(store),
        asides=query.finding_asides(store, [*claims, *timeline, *statements]),
    )


def _series_within(
    found: list[query.SeriesRow], about: Callable[[query.Finding], bool]
) -> list[query.SeriesRow]:
    """The series' claims that ``about`` keeps (series left empty dropped), each series
    counting the independent sources among what it keeps."""
    kept = []
    for s in found:
        estimates = [e for e in s.estimates if about(e.claim)]
        if estimates:
            sources = sum(1 for e in estimates if e.independent)
            kept.append(dataclasses.replace(s, estimates=estimates, sources=sources))
    return kept


def _place(found: query.PlaceEvidence) -> PlaceView:
    by_article: dict[int, PlaceArticle] = {}
    for m in found.mentions:
        entry = by_article.get(m.article_id)
        if entry is None:
            entry = by_article[m.article_id] = PlaceArticle(
                article_id=m.article_id, outlet=m.outlet, published=m.published, mentions=[]
            )
        entry.mentions.append(m)
    return PlaceView(place=found.place, articles=list(by_article.values()))


def _series(series: query.SeriesRow) -> SeriesView:
    marks, undrawn = [], 0
    for e in series.estimates:
        c = e.claim
        when = period(c.as_of) or period(c.published)
        if when is None:
            undrawn += 1
            continue
        # in the series' measure: a distance in miles is drawn in km beside the others
        low, high, value = (
            None if v is None else v * e.scale for v in (c.value_low, c.value_high, c.value)
        )
        if value is None:
            value = (low + high) / 2 if low is not None and high is not None else low or high
        who = c.source or c.outlet or "unknown source"
        why = e.reason or f"recycled from article {e.echo_of}"
        echo = f"; not independent: {why}" if e.echo_of else ""
        marks.append(
            ChartMark(
                start=when[0],
                end=when[1],
                value=value,
                low=low,
                high=high,
                echo=e.echo_of is not None,
                href="#" + anchor(c),
                title=f"{c.figure} ({c.as_of or 'published ' + str(c.published)})"
                f" — {who}; {citation(c)}{echo}",
            )
        )
    return SeriesView(
        label=series.label,
        sources=series.sources,
        estimates=series.estimates,
        marks=marks,
        undrawn=undrawn,
    )


def _article(
    store: Store,
    article_id: int,
    cited: set[tuple[int, int]],
    state: tuple[str, str | None] | None,
) -> ArticleView:
    """An article's text; ``state``: its annotation's language and skip reason (None:
    not annotated)."""
    stored = query.article(store, article_id)
    art = stored.article
    language, skipped = state if state is not None else (art.language, None)
    # the annotation is read for analysed articles not in English only: their lines get asides
    read = state is not None and skipped is None and query.needs_aside(language)
    asides = query.article_asides(store, article_id, store.annotation(article_id)) if read else {}
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
        coverage=query.article_coverage(language, annotated=state is not None, skipped=skipped),
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
                    aside=asides.get(line.number),
                )
            )
    return view
