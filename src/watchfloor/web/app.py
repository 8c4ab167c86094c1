"""The web app: HTML pages for an analyst, each with a JSON twin, over one store.

URL scheme: every HTML page at ``/PATH`` has its JSON twin at ``/api/PATH``
with the same query parameters (the dashboard ``/`` at ``/api/dashboard``).
Both are registered at once from one view function (``pages`` in
:func:`create_app`), which returns a view-model from ``watchfloor.web.views``;
the JSON models are in the OpenAPI document at ``/openapi.json`` and listed,
without any CDN assets, at ``/docs``.

Read-only unless an operator token is set: then ``POST /api/ingest`` with
``Authorization: Bearer TOKEN`` ingests an uploaded file or a URL in a
background thread, its progress at ``/api/ingest/{job}``.

Article text is untrusted: templates autoescape, marked-up text is escaped
piece by piece (``watchfloor.web.marks``), and every response carries a
Content-Security-Policy that allows no script at all.
"""

from __future__ import annotations

import inspect
import re
import secrets
import shutil
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import partial
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode, urlsplit

from fastapi import Depends, FastAPI, File, Form, Header, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from watchfloor import __version__, query
from watchfloor.errors import NotFound, WatchfloorError
from watchfloor.records import EVENT_TYPES
from watchfloor.store import Store
from watchfloor.store import deadline as store_deadline
from watchfloor.theatres import Theatre
from watchfloor.web import views
from watchfloor.web.jobs import IngestJobs
from watchfloor.web.map import load_borders, places_svg
from watchfloor.web.marks import highlight
from watchfloor.web.models import (
    ArticlePage,
    ClaimsPage,
    CoveragePage,
    Dashboard,
    EntitiesPage,
    IngestJob,
    MapPage,
    Mark,
    Problem,
    SearchFilters,
    SearchPage,
    SourcesPage,
    StatementsPage,
    TimelinePage,
)

# No script anywhere: the pages are plain HTML and CSS, so the policy can be strict.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
MAX_UPLOAD = 50 * 1024 * 1024
# A request's deadline: every statement it runs stops with a 503 past it, so a request
# nobody waits for any more cannot keep a core busy for long.
REQUEST_DEADLINE = 30.0
ISO_PREFIX = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# How long every page's coverage line is kept before it is counted again: a page may be
# this many seconds behind an ingest; /coverage and the dashboard count afresh.
COVERAGE_TTL = 5.0
ARTICLE_ID = PathParam(ge=1, le=2**63 - 1, description="Article id")

Since = Annotated[
    str | None, Query(pattern=ISO_PREFIX, description="First date: YYYY, YYYY-MM or YYYY-MM-DD")
]
Until = Annotated[str | None, Query(pattern=ISO_PREFIX, description="Last date, as since")]
Text = Annotated[str | None, Query(max_length=200)]
Offset = Annotated[int, Query(ge=0, le=2**31, description="Rows to skip: the page's start")]
PageSize = Annotated[int, Query(ge=1, le=1000, description="Rows per page")]
EntityType = Annotated[Literal["PERSON", "ORG"] | None, Query(description="PERSON or ORG")]
PROBLEMS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "Bad parameters"},
    404: {"model": Problem, "description": "Not found"},
}

# The parameters of the search and the paged listings.


def search_filters(
    q: Annotated[str, Query(max_length=500, description='Words; "quoted phrase"')] = "",
    outlet: Text = None,
    since: Since = None,
    until: Until = None,
    place: Text = None,
    entity: Text = None,
) -> SearchFilters:
    return SearchFilters(q=q, outlet=outlet, since=since, until=until, place=place, entity=entity)


def timeline_params(
    since: Since = None,
    until: Until = None,
    modality: Annotated[
        str | None,
        Query(
            max_length=120,
            pattern=r"^[A-Za-z, ]*$",
            description="Event statuses: 'all' or a comma-separated list of asserted, planned, "
            "forecast, conditional, denied, cancelled, hypothetical (default: asserted)",
        ),
    ] = None,
    type: Annotated[
        str | None,
        Query(
            max_length=200,
            pattern=r"^[A-Za-z, ]*$",
            description="Event types: a comma-separated list of "
            + ", ".join(EVENT_TYPES)
            + " (default: every type)",
        ),
    ] = None,
    actor: Annotated[
        str | None,
        Query(max_length=200, description="An actor, under any spelling the entities know"),
    ] = None,
    place: Annotated[
        str | None,
        Query(
            max_length=200,
            description="A place, a country (its towns too) or an ISO country code, or a "
            "comma-separated list of them: events at or within it",
        ),
    ] = None,
    near: Annotated[
        str | None,
        Query(max_length=60, description="LAT,LON in decimal degrees: with within_km"),
    ] = None,
    within_km: Annotated[
        # text, so that the form's empty field means "not asked" rather than an error
        str | None,
        Query(max_length=20, description="Radius around near, in km (more than 0)"),
    ] = None,
    offset: Offset = 0,
    limit: PageSize = views.TIMELINE_PAGE,
) -> dict[str, Any]:
    # an empty form field means "not asked"
    type, actor, place, near = (
        v.strip() or None if v else None for v in (type, actor, place, near)
    )
    try:
        query.event_modalities(modality)
        query.event_types(type)
        point = query.parse_near(near) if near else None
        radius = _positive_km(within_km)
        if (point is None) != (radius is None):
            raise ValueError("give near=LAT,LON and within_km together")
    except ValueError as e:
        raise StarletteHTTPException(422, str(e)) from e
    return {
        "since": since,
        "until": until,
        "modality": modality,
        "type": type,
        "actor": actor,
        "place": place,
        "near": point,
        "within_km": radius,
        "offset": offset,
        "limit": limit,
    }


def _positive_km(text: str | None) -> float | None:
    """A radius in km from a query parameter: None when empty; ValueError unless a
    number more than 0 (and at most the Earth's circumference)."""
    if text is None or not text.strip():
        return None
    try:
        km = float(text)
    except ValueError:
        raise ValueError(f"within_km is not a number: {text!r}") from None
    if not 0 < km <= 40075:
        raise ValueError(f"within_km must be more than 0 and at most 40075, not {text!r}")
    return km


def claims_params(
    about: Text = None,
    source: Text = None,
    offset: Offset = 0,
    limit: PageSize = views.CLAIMS_PAGE,
) -> dict[str, Any]:
    return {"about": about, "source": source, "offset": offset, "limit": limit}


def article_params(
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=1000, description="Lines per page")] = views.ARTICLE_LINES,
) -> dict[str, Any]:
    return {"offset": offset, "limit": limit}


def entities_params(
    type: EntityType = None,
    name: Text = None,
    offset: Offset = 0,
    limit: PageSize = views.ENTITIES_PAGE,
) -> dict[str, Any]:
    return {"type": type, "name": name, "offset": offset, "limit": limit}


def statements_params(
    by: Text = None,
    offset: Offset = 0,
    limit: PageSize = views.STATEMENTS_PAGE,
) -> dict[str, Any]:
    return {"by": by, "offset": offset, "limit": limit}


NAV = [
    ("/", "Dashboard"),
    ("/search", "Search"),
    ("/timeline", "Timeline"),
    ("/map", "Map"),
    ("/claims", "Claims"),
    ("/sources", "Sources"),
    ("/entities", "Entities"),
    ("/statements", "Statements"),
    ("/coverage", "Coverage"),
    ("/docs", "API"),
]


def _bearer_ok(header: str | None, token: str) -> bool:
    scheme, _, given = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        return False
    return secrets.compare_digest(given.strip().encode(), token.encode())


def _safe_name(filename: str | None) -> str:
    """An uploaded file's name as a plain file name in our temporary folder."""
    name = Path((filename or "").replace("\\", "/")).name
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")[:100]
    return name or "upload.txt"


def _at_offset(request: Request, offset: int) -> str:
    """This page's address with its filters kept, starting at row ``offset``."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
    if offset > 0:
        params.append(("offset", str(offset)))
    return request.url.path + ("?" + urlencode(params) if params else "")


def _search_links(request: Request, found: SearchPage) -> dict[str, Any]:
    """``with_param(name, value)``: this search with one facet set (or cleared)."""
    chosen = {k: v for k, v in found.filters.model_dump().items() if v}

    def with_param(name: str, value: str | None) -> str:
        params = {k: v for k, v in chosen.items() if k != name}
        if value:
            params[name] = value
        return "/search?" + urlencode(params) if params else "/search"

    return {"with_param": with_param}


def _snippet_html(hit: Any) -> Markup:
    marks = [
        Mark(kind="match", label="MATCH", start=s, end=e, text="", title="matches the search")
        for s, e in hit.highlights
    ]
    return highlight(hit.snippet, marks)


def line_href(article_id: int, line: int) -> str:
    """The address of an article's line: on the page of lines that holds it."""
    start = (line - 1) // views.ARTICLE_LINES * views.ARTICLE_LINES
    return f"/articles/{article_id}" + (f"?offset={start}" if start > 0 else "") + f"#L{line}"


def _nul_parameter(request: Request) -> str | None:
    """The name of a query parameter (or the path) that holds a NUL character: no
    text in the store has one, and PostgreSQL refuses to compare with it."""
    if "\x00" in request.url.path:
        return "path"
    for name, value in request.query_params.multi_items():
        if "\x00" in name or "\x00" in value:
            return name.replace("\x00", "\\0")
    return None


def create_app(
    store_url: str,
    *,
    ingest_token: str | None = None,
    theatre: Theatre | None = None,
    deadline: float = REQUEST_DEADLINE,
) -> FastAPI:
    """The app over the store at ``store_url`` (a SQLite path or a database URL); a
    request's reads of the store stop after ``deadline`` seconds (a 503)."""
    store = Store.open(store_url, statement_timeout=deadline)
    jobs = IngestJobs(store, theatre=theatre)
    kept = query.KeptFindings(store)
    templates = Environment(
        loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    templates.filters["highlight"] = highlight
    templates.filters["snippet"] = _snippet_html
    templates.globals.update(
        nav=NAV,
        version=__version__,
        ingest_enabled=bool(ingest_token),
        line_href=line_href,
        language_name=query.language_name,
    )
    css = files("watchfloor.web").joinpath("static/watchfloor.css").read_bytes()
    borders = load_borders()  # once: decoding the atlas takes a moment

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.shutdown()
        store.close()

    app = FastAPI(
        title="watchfloor",
        version=__version__,
        summary="A situation picture from news reports: articles, claims, events, places.",
        description=(
            "Every HTML page at `/PATH` has a JSON twin at `/api/PATH` with the same "
            "query parameters (the dashboard `/` at `/api/dashboard`). Errors are "
            '`{"ok": false, "error": "..."}`.'
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.jobs = jobs

    @app.middleware("http")
    async def checked_and_bounded(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        refused = _nul_parameter(request)
        if refused is not None:
            response = problem(request, 400, f"invalid parameters: {refused}: contains NUL")
        else:
            with store_deadline(deadline):  # the view's threads inherit it
                response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    def wants_json(request: Request) -> bool:
        path = request.url.path
        return path.startswith("/api/") or path == "/openapi.json"

    def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        path = request.url.path
        twin = "/api/dashboard" if path == "/" else "/api" + path
        if request.url.query:
            twin += "?" + request.url.query
        html = templates.get_template(template).render(
            request_path=path,
            json_href=twin,
            at_offset=partial(_at_offset, request),
            coverage_line=coverage_line(template),
            **context,
        )
        return HTMLResponse(html, status_code=status)

    kept_line: list[tuple[float, str]] = []  # (when computed, the line)
    line_lock = threading.Lock()

    def coverage_line(template: str) -> str | None:
        """Every page's one line saying which reports were analysed in which language;
        an error page goes without (the store may be what failed). Kept COVERAGE_TTL
        seconds: it counts every article (33 ms for 20,000, bench/coverage_cost.py),
        and a page should not pay that each time."""
        if template == "error.html":
            return None
        with line_lock:
            if not kept_line or time.monotonic() - kept_line[0][0] > COVERAGE_TTL:
                line = query.coverage_line(query.coverage(store, found=False))
                kept_line[:] = [(time.monotonic(), line)]
            return kept_line[0][1]

    def problem(request: Request, status: int, error: str) -> Response:
        if wants_json(request):
            return JSONResponse(Problem(error=error).model_dump(), status_code=status)
        return page(
            request,
            "error.html",
            status=status,
            status_code=status,
            error=error,
            title="Not found" if status == 404 else f"Error {status}",
        )

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return problem(request, 404, str(exc))

    @app.exception_handler(WatchfloorError)
    async def library_error(request: Request, exc: WatchfloorError) -> Response:
        return problem(request, 503, str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> Response:
        reasons = []
        for e in exc.errors():
            loc = [str(part) for part in e.get("loc", ()) if part not in ("query", "path")]
            where = ".".join(loc)
            reasons.append(f"{where}: {e.get('msg', 'invalid')}")
        return problem(request, 400, "invalid parameters: " + "; ".join(reasons))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        response = problem(request, exc.status_code, str(exc.detail))
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    def pages(
        path: str,
        template: str,
        *,
        title: str | Callable[[Any], str],
        api: str | None = None,
        context: Callable[[Request, Any], dict[str, Any]] | None = None,
    ) -> Callable[[Callable[..., BaseModel]], Callable[..., BaseModel]]:
        """Register a view function as a JSON page at ``api`` (``/api`` + ``path``; in the
        OpenAPI document with the view's parameters, docstring and return type) and as
        its HTML twin at ``path``, which renders ``template`` with the same view-model
        (``view``), the ``title`` (or ``title(view)``) and ``context(request, view)``."""

        def register(view: Callable[..., BaseModel]) -> Callable[..., BaseModel]:
            signature = inspect.signature(view, eval_str=True)
            # only a page that takes parameters can be asked for wrongly or for nothing
            responses = PROBLEMS if signature.parameters else None
            app.get(api or "/api" + path, responses=responses, tags=["pages"])(view)

            def html(request: Request, **asked: Any) -> HTMLResponse:
                found = view(**asked)
                extra = context(request, found) if context else {}
                heading = title if isinstance(title, str) else title(found)
                return page(request, template, view=found, title=heading, **extra)

            # the twin takes the view's parameters, so FastAPI checks them the same way
            wants = inspect.Parameter(
                "request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request
            )
            html.__signature__ = signature.replace(  # type: ignore[attr-defined]
                parameters=[wants, *signature.parameters.values()], return_annotation=HTMLResponse
            )
            app.get(path, include_in_schema=False, name=f"{view.__name__}_page")(html)
            return view

        return register

    def map_drawing(_request: Request, view: MapPage) -> dict[str, Any]:
        drawn, outside = places_svg(view.places, borders=borders)
        return {"svg": drawn, "outside": outside}

    # ---- the pages, each with its JSON twin ----------------------------------------

    @pages("/", "dashboard.html", api="/api/dashboard", title="Dashboard")
    def dashboard() -> Dashboard:
        """The corpus at a glance: counts, period, outlets, latest articles, top places."""
        return views.dashboard(store, kept=kept)

    @pages("/search", "search.html", title="Search", context=_search_links)
    def search(
        filters: Annotated[SearchFilters, Depends(search_filters)],
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
    ) -> SearchPage:
        """Full-text search (all articles without words), narrowed by facets, with counts."""
        return views.search(store, filters, limit=limit)

    @pages("/articles/{article_id}", "article.html", title=lambda view: view.title or view.doc)
    def article(
        article_id: Annotated[int, ARTICLE_ID],
        asked: Annotated[dict[str, Any], Depends(article_params)],
    ) -> ArticlePage:
        """One article, a page of lines at a time (a long line cut, ``cut`` saying how
        much), and each line's extractions with character spans."""
        return views.article(store, article_id, **asked)

    @pages("/timeline", "timeline.html", title="Timeline")
    def timeline(asked: Annotated[dict[str, Any], Depends(timeline_params)]) -> TimelinePage:
        """Dated events in date order, each with its article, line and quote, a page at
        a time, and the happenings they report (each with all its reports, its number
        of independent sources and where the reports disagree)."""
        return views.timeline(store, kept=kept, **asked)

    @pages("/map", "map.html", title="Map", context=map_drawing)
    def places_map() -> MapPage:
        """Places the articles mention, with coordinates (lat, lon) and mention counts."""
        return views.places_map(kept)

    @pages("/claims", "claims.html", title="Claims and estimates")
    def claims(asked: Annotated[dict[str, Any], Depends(claims_params)]) -> ClaimsPage:
        """Claims (numbers with who asserts them), a page at a time, and the most
        sourced of their estimate series."""
        return views.claims(store, kept=kept, **asked)

    @pages("/coverage", "coverage.html", title="Coverage")
    def coverage() -> CoveragePage:
        """Which reports were analysed, in which language and with which named-entity
        model, what each stage found there, and which reports were not analysed and why
        (grouped by reason). No translation is offered."""
        return views.coverage(store)

    @pages("/sources", "sources.html", title="Sources")
    def sources() -> SourcesPage:
        """Outlets, what they cite, and which articles recycle which."""
        return views.sources(store)

    @pages("/entities", "entities.html", title="People and organisations")
    def entities(asked: Annotated[dict[str, Any], Depends(entities_params)]) -> EntitiesPage:
        """People and organisations, one per real-world entity, most mentioned first, a
        page at a time."""
        return views.entities(store, **asked)

    @pages("/statements", "statements.html", title="Statements")
    def statements(
        asked: Annotated[dict[str, Any], Depends(statements_params)],
    ) -> StatementsPage:
        """Who said what, a page at a time; ``by`` a speaker under any spelling the
        entities know. Each statement says how many independent reports carry it and,
        for a report that does not count, why."""
        return views.statements(store, **asked)

    # ---- ingest ------------------------------------------------------------------

    @app.post(
        "/api/ingest",
        response_model=IngestJob,
        status_code=202,
        responses={
            400: {"model": Problem, "description": "Neither or both of file and url"},
            401: {"model": Problem, "description": "Missing or wrong bearer token"},
            403: {"model": Problem, "description": "Ingest disabled (no operator token set)"},
            413: {"model": Problem, "description": "File too large"},
        },
        tags=["ingest"],
    )
    async def api_ingest(
        response: Response,
        authorization: Annotated[str | None, Header()] = None,
        file: Annotated[UploadFile | None, File(description="A report file")] = None,
        url: Annotated[str | None, Form(description="A page or feed URL", max_length=2000)] = None,
        nlp: Annotated[bool, Form(description="Annotate and link after storing")] = True,
    ) -> IngestJob:
        """Ingest an uploaded file or a URL in the background (operator token required)."""
        if not ingest_token:
            raise StarletteHTTPException(
                403, "ingest is disabled: start the server with --ingest-token"
            )
        if not _bearer_ok(authorization, ingest_token):
            raise StarletteHTTPException(
                401,
                "a valid 'Authorization: Bearer TOKEN' header is required",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if (file is None) == (not url):
            raise StarletteHTTPException(400, "send either a file or a url, not both or neither")
        if url:
            if "\x00" in url:
                raise StarletteHTTPException(400, "url contains a NUL character")
            if urlsplit(url).scheme not in ("http", "https"):
                raise StarletteHTTPException(400, "url must be http:// or https://")
            job = jobs.submit([url], cleanup=None, nlp=nlp)
        else:
            assert file is not None
            folder = jobs.upload_folder()
            target = folder / _safe_name(file.filename)
            size = 0
            with target.open("wb") as out:
                while chunk := await file.read(1 << 20):
                    size += len(chunk)
                    if size > MAX_UPLOAD:
                        out.close()
                        shutil.rmtree(folder, ignore_errors=True)
                        raise StarletteHTTPException(413, "file larger than 50 MB")
                    out.write(chunk)
            job = jobs.submit([str(target)], cleanup=folder, nlp=nlp)
        response.headers["Location"] = f"/api/ingest/{job.job}"
        return job

    @app.get("/api/ingest/{job}", response_model=IngestJob, responses=PROBLEMS, tags=["ingest"])
    def api_ingest_job(job: Annotated[str, PathParam(max_length=64)]) -> IngestJob:
        """Where an ingest job is: stage, inputs done of total, counts and errors."""
        found = jobs.get(job)
        if found is None:
            raise NotFound(f"no ingest job {job!r}")
        return found

    @app.get("/docs", include_in_schema=False)
    def docs_page(request: Request) -> HTMLResponse:
        operations = []
        for path, methods in app.openapi()["paths"].items():
            for method, op in methods.items():
                operations.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": op.get("summary", ""),
                        "description": op.get("description", ""),
                        "params": [p["name"] for p in op.get("parameters", [])],
                        "link": method == "get" and "{" not in path,
                    }
                )
        return page(request, "docs.html", operations=operations, title="API")

    @app.get("/static/watchfloor.css", include_in_schema=False)
    def stylesheet() -> Response:
        return Response(
            css, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"}
        )

    return app
