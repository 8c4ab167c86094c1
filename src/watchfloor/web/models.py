"""The web app's view-models: each page's HTML and its JSON twin render one of these.

Pydantic models, so the OpenAPI document (``/openapi.json``) describes every JSON
response. The rows in them are ``watchfloor.query``'s dataclasses, which pydantic
wraps as they are: a row's fields are declared there, once.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field

from watchfloor.query import (
    ArticleRow,
    ClaimRow,
    Coverage,
    EntityRow,
    EstimateRow,
    EventRow,
    FacetValue,
    HappeningRow,
    Overview,
    PlaceSummary,
    RelationRow,
    SearchHit,
    SentenceAside,
    SourceRow,
    StatementRow,
)


class Problem(BaseModel):
    """Every JSON error: ``{"ok": false, "error": "..."}``."""

    ok: bool = False
    error: str


class CoveragePage(BaseModel):
    """Which reports were analysed in which language, which were not and why."""

    summary: str = Field(description="the coverage in one line, as every page shows it")
    coverage: Coverage
    translation: bool = Field(
        default=False, description="always false: no translation model runs offline"
    )


# Quotes from non-English articles, keyed "ARTICLE_ID:LINE", with what was extracted
# from their line: the page shows the quote as written and these beside it.
ASIDES_DESCRIPTION = (
    "for each quote from an article not in English, keyed 'article_id:line': the canonical "
    "names and the figures extracted from its line (no translation is offered)"
)


class Dashboard(BaseModel):
    overview: Overview
    totals: dict[str, int]
    latest: list[ArticleRow]
    top_places: list[PlaceSummary]
    coverage: Coverage | None = Field(
        default=None, description="which reports were analysed in which language"
    )


@dataclass(slots=True, kw_only=True)
class SearchResult(SearchHit):
    """A search hit whose snippet has its match markers taken out: ``highlights`` are
    the [start, end) character spans of the matches in it."""

    highlights: list[tuple[int, int]]


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


class Paging(BaseModel):
    total: int = Field(description="rows matching the filters, on every page")
    offset: int = Field(description="rows skipped before this page")
    limit: int = Field(description="rows per page at most")


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
    cut: int = Field(default=0, description="characters of a long line not shown")


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
    coverage: str = Field(
        default="",
        description="what the stages did: 'analysed in Russian', 'not analysed: <reason>'",
    )
    counts: dict[str, int]
    paging: Paging = Field(description="of the lines: a long article comes a page at a time")
    lines: list[LineView]
    asides: dict[int, SentenceAside] = Field(
        default_factory=dict,
        description="per line number of an article not in English: the canonical names and "
        "figures extracted from it, shown beside the line as written (no translation)",
    )


class TimelinePage(BaseModel):
    since: str | None
    until: str | None
    modality: str | None = Field(
        default=None, description="the statuses asked for; None: asserted events only"
    )
    type: str | None = Field(default=None, description="the event types asked for; None: all")
    actor: str | None = Field(default=None, description="the actor asked for")
    place: str | None = Field(default=None, description="the place or region asked for")
    near: str | None = Field(default=None, description="LAT,LON of the radius asked for")
    within_km: float | None = Field(default=None, description="the radius asked for, in km")
    paging: Paging
    events: list[EventRow]
    happenings: list[HappeningRow] = Field(
        default=[],
        description="the happenings this page's events report, each with all its reports",
    )
    asides: dict[str, SentenceAside] = Field(default_factory=dict, description=ASIDES_DESCRIPTION)


class MapPage(BaseModel):
    places: list[PlaceSummary]
    unplaced: int = Field(description="places mentioned that have no coordinates")


class SeriesView(BaseModel):
    label: str = Field(description="what the series measures: 'Russian troops in Belarus'")
    key: str = Field(default="", description="the series' key, as extract --json's 'series'")
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
    asides: dict[str, SentenceAside] = Field(default_factory=dict, description=ASIDES_DESCRIPTION)


class SourcesPage(BaseModel):
    sources: list[SourceRow]
    relations: list[RelationRow]


class StatementsPage(BaseModel):
    by: str | None
    paging: Paging
    statements: list[StatementRow]
    asides: dict[str, SentenceAside] = Field(default_factory=dict, description=ASIDES_DESCRIPTION)


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
    not_analysed: list[str] = Field(
        default_factory=list,
        description="this job's reports the language stages did not read: 'doc: reason'",
    )
    coverage: str | None = Field(
        default=None, description="the store's coverage line once the job is done"
    )
    relations: int | None = None
    error: str | None = None
