"""The web app: every page and its JSON twin, search and facets, marked article text that
never runs, the operator-only ingest, and the OpenAPI document fuzzed with schemathesis."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from watchfloor.ingest import annotate_store, link_store
from watchfloor.nlp.gazetteer import Gazetteer
from watchfloor.store import Store
from watchfloor.web import create_app
from watchfloor.web.marks import highlight
from watchfloor.web.models import Mark

from .conftest import make_article

BREST = [
    "Belarusian leader Alexander Lukashenko said on Sunday that Russian troops would stay.",
    "NATO said about 30,000 Russian troops were in Belarus, officials in Kyiv said.",
    "On one day last week 300 soldiers were moved by rail to Brest from Vitebsk.",
]
ANALYST = [
    "Aleksandr Lukashenka denied on Monday that Belarus would join the war.",
    "A Minsk analyst told Foreign Policy that about 10,000 Russian troops remained in Belarus.",
    "Trains carrying armour arrived in Homyel, near the Ukrainian border, on 2 December.",
]
HOSTILE = [
    "Railway workers counted <script>alert(1)</script> trains near Gomel on Tuesday.",
    "A picture <img src=x onerror=alert(1)> was posted with a "
    '<a href="javascript:alert(1)">link</a> to the channel.',
]
PAGES = ["/", "/search", "/timeline", "/map", "/claims", "/sources", "/entities"]
CSP_NEEDS = ["default-src 'none'", "style-src 'self'", "img-src 'self' data:"]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.open()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, gazetteer: Gazetteer) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.db"
    with Store.open(path) as store:
        store.add(
            [
                make_article(BREST, doc="brest.txt", published="2022-02-20"),
                make_article(
                    ANALYST,
                    doc="analyst.txt",
                    title="How many troops?",
                    outlet="Foreign Policy",
                    published="2022-12-08",
                ),
                make_article(
                    HOSTILE,
                    doc="hostile.txt",
                    title="<b>Trains</b> near Gomel",
                    outlet="Newsroll Europe",
                    published="2022-03-01",
                ),
            ]
        )
        annotate_store(store, gazetteer=gazetteer)
        link_store(store)
    return path


@pytest.fixture(scope="module")
def app(db: Path) -> FastAPI:
    return create_app(str(db))


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def _ids(client: TestClient) -> dict[str, int]:
    rows = client.get("/api/search").json()["hits"]
    return {row["doc"]: row["id"] for row in rows}


def _assert_safe_headers(response: Any) -> None:
    csp = response.headers["content-security-policy"]
    for part in CSP_NEEDS:
        assert part in csp
    assert "script-src" not in csp and "unsafe" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("path", PAGES)
def test_every_page_and_its_json_twin(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    _assert_safe_headers(page)
    html = page.text
    assert "<script" not in html
    # nothing is fetched from elsewhere: no absolute URLs in src or href
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    twin = "/api/dashboard" if path == "/" else "/api" + path
    assert f'href="{twin}"' in html
    data = client.get(twin)
    assert data.status_code == 200
    assert data.headers["content-type"] == "application/json"
    assert isinstance(data.json(), dict)


def test_article_page_and_its_twin(client: TestClient) -> None:
    article_id = _ids(client)["brest.txt"]
    page = client.get(f"/articles/{article_id}")
    assert page.status_code == 200
    _assert_safe_headers(page)
    html = page.text
    assert re.search(r'<mark class="claim"[^>]*>about 30,000 Russian troops</mark>', html)
    assert re.search(r'<mark class="place"[^>]*title="place: Brest[^"]*">Brest</mark>', html)
    assert re.search(r'<mark class="entity"[^>]*>NATO</mark>', html)
    assert re.search(r'<mark class="time"[^>]*>last week</mark>', html)
    assert '<mark class="event"' in html
    data = client.get(f"/api/articles/{article_id}").json()
    assert data["doc"] == "brest.txt" and data["annotated"]
    kinds = set()
    for line in data["lines"]:
        for mark in line["marks"]:
            assert line["text"][mark["start"] : mark["end"]] == mark["text"]
            kinds.add(mark["kind"])
    assert kinds == {"entity", "place", "time", "claim", "event"}


def test_search_finds_an_article(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "troops"}).json()
    docs = {hit["doc"] for hit in found["hits"]}
    assert {"brest.txt", "analyst.txt"} <= docs and "hostile.txt" not in docs
    hit = found["hits"][0]
    for start, end in hit["highlights"]:
        assert hit["snippet"][start:end].lower().startswith("troop")
    html = client.get("/search", params={"q": "troops"}).text
    assert '<mark class="match"' in html
    assert f'href="/articles/{_ids(client)["brest.txt"]}"' in html
    assert client.get("/api/search", params={"q": "zeppelin"}).json()["total"] == 0


@pytest.mark.parametrize(
    ("params", "docs"),
    [
        ({"outlet": "Foreign Policy"}, {"analyst.txt"}),
        ({"q": "troops", "outlet": "Polesie Wire"}, {"brest.txt"}),
        ({"place": "Brest"}, {"brest.txt"}),
        ({"entity": "NATO"}, {"brest.txt"}),
        ({"since": "2022-03"}, {"hostile.txt", "analyst.txt"}),
        ({"since": "2022-03", "until": "2022-03"}, {"hostile.txt"}),
        ({"until": "2022-02"}, {"brest.txt"}),
        ({"place": "Nowhere"}, set()),
    ],
)
def test_facets_filter(client: TestClient, params: dict[str, str], docs: set[str]) -> None:
    found = client.get("/api/search", params=params).json()
    assert {hit["doc"] for hit in found["hits"]} == docs
    assert found["total"] == len(docs)
    assert client.get("/search", params=params).status_code == 200


def test_facet_counts_describe_the_matches(client: TestClient) -> None:
    facets = client.get("/api/search", params={"q": "troops"}).json()["facets"]
    assert {"value": "Foreign Policy", "count": 1} in facets["outlet"]
    assert {"value": "Belarus", "count": 2} in facets["place"]
    html = client.get("/search", params={"q": "troops"}).text
    assert 'href="/search?q=troops&amp;outlet=Foreign+Policy"' in html


def test_article_markup_is_shown_as_text(client: TestClient) -> None:
    article_id = _ids(client)["hostile.txt"]
    html = client.get(f"/articles/{article_id}").text
    assert "<script>" not in html and "<img" not in html
    assert 'href="javascript:' not in html and "<b>Trains" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;Trains&lt;/b&gt;" in html
    # every tag left in the page is one of ours
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", html))
    assert tags <= {
        "html", "head", "meta", "title", "link", "body", "header", "a", "nav", "form",
        "input", "main", "h1", "dl", "dt", "dd", "span", "p", "mark", "div", "footer",
    }  # fmt: skip
    for path in ("/search?q=trains", "/timeline", "/claims", "/map", "/"):
        page = client.get(path).text
        assert "<script" not in page and "<img" not in page, path


def test_clicking_a_claim_opens_its_sentence(client: TestClient) -> None:
    html = client.get("/claims", params={"about": "troops in Belarus"}).text
    links = re.findall(r'<a class="quote" href="(/articles/(\d+)#L(\d+))">“([^”]+)”', html)
    assert links
    for _href, article_id, line, quote in links:
        page = client.get(f"/articles/{article_id}").text
        match = re.search(rf'<p id="L{line}" .*?</p>', page)
        assert match is not None
        assert quote in re.sub(r"<[^>]+>", "", match.group(0))
    series = client.get("/api/claims", params={"about": "troops in Belarus"}).json()["series"]
    assert series and {e["claim"]["figure"] for e in series[0]["estimates"]} >= {
        "~30,000",
        "~10,000",
    }


def test_map_and_timeline(client: TestClient) -> None:
    html = client.get("/map").text
    assert html.count('<circle class="place') >= 3
    assert '<a href="/search?place=Brest"><circle' in html
    places = client.get("/api/map").json()["places"]
    brest = next(p for p in places if p["canonical"] == "Brest")
    assert 52 < brest["lat"] < 53 and 23 < brest["lon"] < 24
    events = client.get("/api/timeline", params={"since": "2022-12"}).json()["events"]
    assert events and all(e["date"] >= "2022-12" for e in events)


def test_timeline_shows_happenings_opening_to_their_reports(client: TestClient) -> None:
    page = client.get("/api/timeline").json()
    found = page["happenings"]
    assert found and all(h["reports"] and h["sources"] >= 1 for h in found)
    # every event of the page is a report of one of the page's happenings
    reported = {(r["article_id"], r["line"], r["quote"]) for h in found for r in h["reports"]}
    assert {(e["article_id"], e["line"], e["quote"]) for e in page["events"]} <= reported
    html = client.get("/timeline").text
    assert "<details" in html and "report(s)" in html


@pytest.mark.parametrize(
    ("path", "filters", "rows"),
    [
        ("/api/claims", {}, "claims"),
        ("/api/timeline", {}, "events"),
        ("/api/entities", {}, "entities"),
        ("/api/entities", {"name": "a"}, "entities"),  # spellings matched, then paged
    ],
)
def test_long_listings_come_a_page_at_a_time(
    client: TestClient, path: str, filters: dict[str, str], rows: str
) -> None:
    whole = client.get(path, params=filters).json()
    total = whole["paging"]["total"]
    assert total == len(whole[rows]) >= 3
    paged = []
    for offset in range(0, total, 2):
        page = client.get(path, params={**filters, "offset": offset, "limit": 2}).json()
        assert page["paging"] == {"total": total, "offset": offset, "limit": 2}
        paged += page[rows]
    assert paged == whole[rows]  # the same rows in the same order, none twice
    past = client.get(path, params={**filters, "offset": total + 5}).json()
    assert past[rows] == [] and past["paging"]["total"] == total
    assert client.get(path, params={"limit": 0}).status_code == 400
    assert client.get(path, params={"offset": -1}).status_code == 400


def test_page_links_keep_the_filters(client: TestClient) -> None:
    html = client.get("/claims", params={"about": "troops", "limit": 1}).text
    nxt = re.search(r'<a rel="next" href="([^"]+)"', html)
    assert nxt is not None and "prev" not in html
    assert nxt.group(1) == "/claims?about=troops&amp;limit=1&amp;offset=1"
    second = client.get("/claims", params={"about": "troops", "limit": 1, "offset": 1}).text
    prev = re.search(r'<a rel="prev" href="([^"]+)"', second)
    assert prev is not None and prev.group(1) == "/claims?about=troops&amp;limit=1"
    assert "2–2 of" in second


def test_missing_article_is_a_json_404(client: TestClient) -> None:
    response = client.get("/api/articles/999999")
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error": "no article with id 999999"}
    page = client.get("/articles/999999")
    assert page.status_code == 404 and "no article with id 999999" in page.text
    _assert_safe_headers(page)
    assert client.get("/api/nothing-here").json()["ok"] is False


def test_bad_parameters_are_a_json_400(client: TestClient) -> None:
    response = client.get("/api/timeline", params={"since": "last week"})
    assert response.status_code == 400
    assert response.json()["ok"] is False and "since" in response.json()["error"]
    assert client.get("/api/entities", params={"type": "PLACE"}).status_code == 400
    assert client.get("/api/articles/abc").status_code == 400


def test_openapi_documents_the_json_models(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for model in ("ArticlePage", "SearchPage", "ClaimsPage", "TimelinePage", "IngestJob"):
        assert model in schemas
    assert "/api/articles/{article_id}" in spec["paths"]
    assert "/articles/{article_id}" not in spec["paths"]  # the HTML twins stay out
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/search" in docs.text
    assert "cdn" not in docs.text.lower() and "<script" not in docs.text
    assert client.get("/redoc").status_code == 404


# ---- ingest ------------------------------------------------------------------------


def _wait(client: TestClient, job: str) -> dict[str, Any]:
    for _ in range(200):
        state = client.get(f"/api/ingest/{job}").json()
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.05)
    raise AssertionError(f"job {job} did not finish: {state}")


def test_ingest_is_refused_without_an_operator_token(client: TestClient) -> None:
    response = client.post("/api/ingest", data={"url": "https://example.org/a"})
    assert response.status_code == 403
    assert response.json()["ok"] is False


def test_ingest_needs_the_right_bearer_and_then_works(tmp_path: Path) -> None:
    app = create_app(str(tmp_path / "ingest.db"), ingest_token="op-token-123")
    report = "\n".join(["Troop trains in Homel", "", *ANALYST]).encode()
    files = {"file": ("../../etc/passwd report.txt", report, "text/plain")}
    with TestClient(app) as client:
        assert client.post("/api/ingest", files=files).status_code == 401
        wrong = {"Authorization": "Bearer op-token-12"}
        response = client.post("/api/ingest", files=files, headers=wrong)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        right = {"Authorization": "Bearer op-token-123"}
        assert client.get("/api/claims").json()["series_total"] == 0
        neither = client.post("/api/ingest", headers=right)
        assert neither.status_code == 400
        bad_url = client.post("/api/ingest", headers=right, data={"url": "file:///etc/passwd"})
        assert bad_url.status_code == 400
        accepted = client.post("/api/ingest", files=files, headers=right)
        assert accepted.status_code == 202
        job = accepted.json()["job"]
        assert accepted.headers["location"] == f"/api/ingest/{job}"
        state = _wait(client, job)
        assert state["status"] == "done", state
        assert state["stored"] == 1 and state["inputs_total"] == 1
        assert state["annotated"] == 1 and state["stage"] == "finished"
        assert state["inputs"] == ["passwd_report.txt"]  # no path from the client is used
        hits = client.get("/api/search", params={"q": "analyst"}).json()["hits"]
        assert len(hits) == 1
        # the estimate series kept between requests follow what was ingested
        assert client.get("/api/claims").json()["series_total"] > 0
        assert client.get("/api/ingest/no-such-job").status_code == 404


# ---- marks ---------------------------------------------------------------------------


def _mark(kind: str, start: int, end: int) -> Mark:
    return Mark(kind=kind, label=kind.upper(), start=start, end=end, text="", title=f"t<{kind}>")


@pytest.mark.parametrize(
    ("text", "marks", "expected"),
    [
        ("a <b> c", [_mark("place", 2, 5)], 'a <mark class="place" data-label="PLACE" '
         'title="t&lt;place&gt;">&lt;b&gt;</mark> c'),
        ("abcdef", [_mark("event", 0, 6), _mark("time", 2, 4)],
         '<mark class="event" data-label="EVENT" title="t&lt;event&gt;">ab'
         '<mark class="time" data-label="TIME" title="t&lt;time&gt;">cd</mark>ef</mark>'),
        ("abc", [_mark("place", 2, 9), _mark("time", -1, 2)], "abc"),
    ],
)  # fmt: skip
def test_highlight_escapes_every_piece_and_nests(
    text: str, marks: list[Mark], expected: str
) -> None:
    assert str(highlight(text, marks)) == expected


def test_crossing_marks_stay_well_formed() -> None:
    html = str(highlight("abcdef", [_mark("claim", 0, 4), _mark("place", 2, 6)]))
    assert html.count("<mark") == html.count("</mark>")
    assert re.sub(r"<[^>]+>", "", html) == "abcdef"
    depth = 0
    for tag in re.findall(r"</?mark", html):
        depth += 1 if tag == "<mark" else -1
        assert depth >= 0


# ---- the API fuzzed ----------------------------------------------------------------


def test_no_server_error_on_any_get(app: FastAPI) -> None:
    """Every GET operation of the OpenAPI document, with valid and invalid parameters:
    schemathesis finds no 5xx (25 examples per operation and mode, in-process)."""
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error

    schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(method="GET")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=25,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def call(case: Any) -> None:
                case.call_and_validate(checks=[not_a_server_error])

            try:
                call()
            except Unsatisfiable:
                # no parameter to get wrong (the dashboard): nothing negative to send
                assert mode is GenerationMode.NEGATIVE
