"""View-models: one function per page, from ``watchfloor.query`` to a Pydantic model.

The HTML page and its JSON twin both call the same function, so they never
disagree. Rendering lives in the templates; nothing here knows about HTML.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from watchfloor import query
from watchfloor.store import MARK_END, MARK_START, Store
from watchfloor.web.marks import marks_by_line
from watchfloor.web.models import (
    ArticlePage,
    ClaimsPage,
    CoveragePage,
    Dashboard,
    EntitiesPage,
    LineView,
    MapPage,
    Paging,
    SearchFilters,
    SearchPage,
    SearchResult,
    SeriesView,
    SourcesPage,
    StatementsPage,
    TimelinePage,
)

LATEST = 10
TOP_PLACES = 10
CLAIMS_PAGE = 100  # claims per page: a large corpus has tens of thousands
TIMELINE_PAGE = 200
ENTITIES_PAGE = 200
STATEMENTS_PAGE = 200
ARTICLE_LINES = 200  # lines per page of an article: a whole story, a part of a book
LINE_CHARS = 4_000  # characters shown of one line: a paragraph, not a 5 MB one-line file
FACET_VALUES = 25  # per facet, most frequent first: a broad search has thousands
SERIES_SHOWN = 20  # estimate series on the claims page, most sourced first
SERIES_LATEST = 20  # claims shown of each series, the latest; all are in the paged list


def dashboard(store: Store, *, kept: query.KeptFindings) -> Dashboard:
    """The corpus at a glance (``kept`` keeps the places between requests)."""
    return Dashboard(
        overview=query.overview(store),
        totals=query.totals(store),
        latest=query.latest(store, limit=LATEST),
        top_places=kept.places(limit=TOP_PLACES),
        coverage=query.coverage(store, found=False),  # the counts per stage are on /coverage
    )


def coverage(store: Store) -> CoveragePage:
    found = query.coverage(store)
    return CoveragePage(summary=query.coverage_line(found), coverage=found)


def _asides(store: Store, rows: list[query.Finding]) -> dict[str, query.SentenceAside]:
    """The asides of the quotes from non-English articles among ``rows``, keyed as the
    templates and the JSON give them: "article_id:line"."""
    return {f"{a}:{line}": aside for (a, line), aside in query.finding_asides(store, rows).items()}


def _snippet(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The snippet without its match markers, and where the matches are in it."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    start = 0
    size = 0
    for ch in marked:
        if ch == MARK_START:
            start = size
        elif ch == MARK_END:
            spans.append((start, size))
        else:
            plain.append(ch)
            size += 1
    return "".join(plain), spans


def search(store: Store, filters: SearchFilters, *, limit: int = 50) -> SearchPage:
    found = query.find_articles(
        store,
        q=filters.q,
        outlet=filters.outlet,
        since=filters.since,
        until=filters.until,
        place=filters.place,
        entity=filters.entity,
        limit=limit,
    )
    hits = []
    for hit in found.hits:
        snippet, spans = _snippet(hit.snippet)
        fields = dataclasses.asdict(hit) | {"snippet": snippet}
        hits.append(SearchResult(**fields, highlights=spans))
    return SearchPage(
        filters=filters,
        total=found.total,
        hits=hits,
        facets={name: values[:FACET_VALUES] for name, values in found.facets.items()},
    )


def article(
    store: Store, article_id: int, *, offset: int = 0, limit: int = ARTICLE_LINES
) -> ArticlePage:
    """A page of an article: ``limit`` lines from ``offset``, each cut at ``LINE_CHARS``,
    with the marks on those lines only, so a page costs the same however long the
    article (a 5 MB one took minutes when it was shown whole)."""
    page = query.article_page(
        store, article_id, offset=offset, limit=limit, line_chars=LINE_CHARS
    )  # NotFound for a missing id
    stored, annotation = page.stored, page.annotation
    art = stored.article
    # names as the corpus entities they were resolved to, for a text not in English
    foreign = annotation is not None and query.needs_aside(annotation.language)
    resolved = query.resolved_names(store, article_id) if foreign else {}
    marks = marks_by_line(annotation, resolved=resolved)
    return ArticlePage(
        id=stored.id,
        doc=art.doc,
        title=art.title,
        outlet=art.outlet,
        authors=art.authors,
        published=art.published,
        published_evidence=art.published_evidence,
        url=art.url,
        origin=art.origin,
        version_of=stored.version_of,
        language=annotation.language if annotation else art.language,
        annotated=annotation is not None,
        skipped=annotation.skipped if annotation else None,
        coverage=query.article_coverage(
            annotation.language if annotation else art.language,
            annotated=annotation is not None,
            skipped=annotation.skipped if annotation else None,
        ),
        asides=query.line_asides(annotation, resolved=resolved),
        counts=page.counts,
        paging=Paging(total=page.total_lines, offset=offset, limit=limit),
        lines=[
            LineView(
                number=shown.line.number,
                text=shown.line.text,
                role=shown.line.role.value,
                duplicate_of=shown.line.duplicate_of,
                marks=marks.get(shown.line.number, []),
                cut=shown.cut,
            )
            for shown in page.lines
        ],
    )


def timeline(
    store: Store,
    *,
    since: str | None,
    until: str | None,
    modality: str | None = None,
    type: str | None = None,
    actor: str | None = None,
    place: str | None = None,
    near: tuple[float, float] | None = None,
    within_km: float | None = None,
    offset: int = 0,
    limit: int = TIMELINE_PAGE,
    kept: query.KeptFindings | None = None,
) -> TimelinePage:
    asked: dict[str, Any] = {
        "since": since,
        "until": until,
        "modality": modality,
        "type": type,
        "actor": actor,
        "place": place,
        "near": near,
        "within_km": within_km,
    }
    rows = query.timeline(store, **asked, limit=limit, offset=offset)
    total = query.count_timeline(store, **asked)
    happenings = (kept or query.KeptFindings(store)).happenings_of(rows, modality=modality)
    reports: list[query.Finding] = [*rows, *(r for h in happenings for r in h.reports)]
    return TimelinePage(
        since=since,
        until=until,
        modality=modality,
        type=type,
        actor=actor,
        place=place,
        near=f"{near[0]:g},{near[1]:g}" if near else None,
        within_km=within_km,
        paging=Paging(total=total, offset=offset, limit=limit),
        events=rows,
        happenings=happenings,
        asides=_asides(store, reports),
    )


def places_map(kept: query.KeptFindings) -> MapPage:
    found = kept.places()
    return MapPage(places=found, unplaced=sum(1 for p in found if p.lat is None or p.lon is None))


def claims(
    store: Store,
    *,
    about: str | None,
    source: str | None,
    offset: int = 0,
    limit: int = CLAIMS_PAGE,
    kept: query.KeptFindings,
) -> ClaimsPage:
    """A page of claims, oldest first, under the most sourced estimate series
    (``kept`` keeps the series between requests)."""
    found = kept.series(about=about, source=source)
    series = [
        SeriesView(
            label=s.label,
            key=s.key,
            sources=s.sources,
            claims_total=len(s.estimates),
            estimates=s.estimates[-SERIES_LATEST:],
        )
        for s in found[:SERIES_SHOWN]
    ]
    rows = query.claims(store, about=about, source=source, limit=limit, offset=offset)
    quoted: list[query.Finding] = [*rows, *(e.claim for s in series for e in s.estimates)]
    return ClaimsPage(
        about=about,
        source=source,
        series_total=len(found),
        series=series,
        paging=Paging(
            total=query.count_claims(store, about=about, source=source), offset=offset, limit=limit
        ),
        claims=rows,
        asides=_asides(store, quoted),
    )


def sources(store: Store) -> SourcesPage:
    return SourcesPage(
        sources=query.sources(store),
        relations=query.relations(store),
    )


def entities(
    store: Store,
    *,
    type: str | None,
    name: str | None,
    offset: int = 0,
    limit: int = ENTITIES_PAGE,
) -> EntitiesPage:
    rows = query.entities(store, type=type, name=name, limit=limit, offset=offset)
    return EntitiesPage(
        type=type,
        name=name,
        paging=Paging(
            total=query.count_entities(store, type=type, name=name), offset=offset, limit=limit
        ),
        entities=rows,
    )


def statements(
    store: Store, *, by: str | None, offset: int = 0, limit: int = STATEMENTS_PAGE
) -> StatementsPage:
    """Who said what, with how many independent reports carry each statement."""
    rows = query.statements(store, by=by)
    shown = rows[offset : offset + limit]
    return StatementsPage(
        by=by,
        paging=Paging(total=len(rows), offset=offset, limit=limit),
        statements=shown,
        asides=_asides(store, list(shown)),
    )
