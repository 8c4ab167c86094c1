"""The web app's view-models: each page's HTML and its JSON twin render one of these.

Pydantic models, so the OpenAPI document (``/openapi.json``) describes every
JSON response. Field names follow the read-side rows of ``watchfloor.query``.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class Problem(BaseModel):
    """Every JSON error: ``{"ok": false, "error": "..."}``."""

    ok: bool = False
    error: str


class OutletCount(BaseModel):
    outlet: str | None
    articles: int


class Overview(BaseModel):
    articles: int
    undated: int
    first_published: str | None
    last_published: str | None
    outlets: list[OutletCount]
    body_words: int


class ArticleRow(BaseModel):
    id: int
    doc: str
    outlet: str | None
    published: str | None
    title: str | None
    body_words: int
    authors: list[str] = Field(default_factory=list)
    url: str | None
    origin: str
    kind: str
    version_of: int | None


class PlaceRow(BaseModel):
    canonical: str
    country: str | None
    feature: str
    lat: float | None
    lon: float | None
    geonames_id: int | None
    mentions: int
    spellings: list[str]
    docs: list[str]


class Dashboard(BaseModel):
    overview: Overview
    totals: dict[str, int]
    latest: list[ArticleRow]
    top_places: list[PlaceRow]


class FacetValue(BaseModel):
    value: str
    count: int


class SearchResult(BaseModel):
    id: int
    doc: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str
    highlights: list[tuple[int, int]] = Field(
        default_factory=list, description="[start, end) character spans of the matches"
    )


class SearchFilters(BaseModel):
    q: str = ""
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    entity: str | None = None


class SearchPage(BaseModel):
    filters: SearchFilters
    total: int
    hits: list[SearchResult]
    facets: dict[str, list[FacetValue]] = Field(
        description="per facet (outlet, place, entity): its 25 commonest values in the matches"
    )


class Mark(BaseModel):
    """One extraction on a line: ``text[start:end]`` of the line it is on."""

    kind: str = Field(description="entity | place | time | claim | event")
    label: str
    start: int
    end: int
    text: str
    title: str = Field(description="what was found, in words")


class LineView(BaseModel):
    number: int
    text: str
    role: str
    duplicate_of: int | None
    marks: list[Mark] = Field(default_factory=list)


class ArticlePage(BaseModel):
    id: int
    doc: str
    title: str | None
    outlet: str | None
    authors: list[str]
    published: str | None
    published_evidence: str | None
    url: str | None
    origin: str
    version_of: int | None
    language: str | None
    annotated: bool
    skipped: str | None
    counts: dict[str, int]
    lines: list[LineView]


class EventRow(BaseModel):
    date: str | None
    type: str
    actors: list[str]
    place: str | None
    quote: str
    date_text: str | None
    line: int
    article_id: int
    doc: str
    outlet: str | None
    published: str | None


class Paging(BaseModel):
    total: int = Field(description="rows matching the filters, on every page")
    offset: int = Field(description="rows skipped before this page")
    limit: int = Field(description="rows per page at most")


class TimelinePage(BaseModel):
    since: str | None
    until: str | None
    paging: Paging
    events: list[EventRow]


class MapPage(BaseModel):
    places: list[PlaceRow]
    unplaced: int = Field(description="places mentioned that have no coordinates")


class ClaimRow(BaseModel):
    value: float | None
    value_low: float | None
    value_high: float | None
    unit: str
    subject: str
    hedged: bool
    source: str | None
    source_type: str
    via: str | None
    as_of: str | None
    quote: str
    line: int
    article_id: int
    doc: str
    outlet: str | None
    published: str | None
    figure: str = Field(description='the number as a reader writes it: "~30,000", "40-50"')


class EstimateRow(BaseModel):
    claim: ClaimRow
    independent: bool
    echo_of: int | None
    backers: int


class SeriesView(BaseModel):
    label: str
    sources: int
    claims_total: int = Field(description="claims in the series; the latest are shown")
    estimates: list[EstimateRow]


class ClaimsPage(BaseModel):
    about: str | None
    source: str | None
    series_total: int = Field(description="estimate series matching; the most sourced shown")
    series: list[SeriesView]
    paging: Paging = Field(description="of the claims")
    claims: list[ClaimRow]


class Citation(BaseModel):
    cited: str
    kind: str
    times: int


class DerivedFrom(BaseModel):
    kind: str
    outlet: str | None
    a: str
    b: str


class SourceRow(BaseModel):
    outlet: str | None
    articles: int
    cites: list[Citation]
    derives_from: list[DerivedFrom]


class RelationRow(BaseModel):
    kind: str
    evidence: str
    score: float | None
    a_id: int
    a: str
    a_outlet: str | None
    a_published: str | None
    b_id: int
    b: str
    b_outlet: str | None
    b_published: str | None


class SourcesPage(BaseModel):
    sources: list[SourceRow]
    relations: list[RelationRow]


class EntityRow(BaseModel):
    id: int
    canonical: str
    type: str
    names: list[str]
    mentions: int
    articles: int


class EntitiesPage(BaseModel):
    type: str | None
    name: str | None
    paging: Paging
    entities: list[EntityRow]


class IngestJob(BaseModel):
    """An upload or URL being ingested in the background; poll ``/api/ingest/{job}``."""

    job: str
    status: str = Field(description="queued | running | done | failed")
    stage: str = Field(description="waiting | ingest | annotate | link | finished")
    inputs: list[str]
    inputs_done: int = 0
    inputs_total: int = 0
    run: int | None = None
    stored: int = 0
    versions: int = 0
    duplicates: int = 0
    errors: list[str] = Field(default_factory=list)
    annotated: int | None = None
    relations: int | None = None
    error: str | None = None
