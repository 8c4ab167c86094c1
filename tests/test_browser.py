"""The web app in a real headless browser (Chromium through Playwright's sync API).

Skipped when /usr/bin/chromium is absent (CI installs it). Every request that
leaves 127.0.0.1 is aborted and recorded: the pages must need nothing from
elsewhere. Screenshots go to a ``test-artifacts`` folder under pytest's tmp.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no browser at {CHROMIUM}"),
]

PAGES = {
    "/": "Dashboard",
    "/search?q=troops": "Search",
    "/timeline": "Timeline",
    "/map": "Map",
    "/claims": "Claims",
    "/sources": "Sources",
    "/entities": "People and organisations",
    "/docs": "API",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over a store of hand-written reports, served by uvicorn on a free port."""
    uvicorn = pytest.importorskip("uvicorn")
    from watchfloor.ingest import annotate_store, link_store
    from watchfloor.nlp.gazetteer import Gazetteer
    from watchfloor.store import Store
    from watchfloor.web import create_app

    from .conftest import make_article
    from .test_web import ANALYST, BREST, HOSTILE

    db = tmp_path_factory.mktemp("browser") / "b.db"
    with Store.open(db) as store:
        store.add(
            [
                make_article(BREST, doc="brest.txt", published="2022-02-20"),
                make_article(ANALYST, doc="analyst.txt", outlet="Foreign Policy"),
                make_article(HOSTILE, doc="hostile.txt", title="<b>Trains</b> near Gomel"),
            ]
        )
        annotate_store(store, gazetteer=Gazetteer.open())
        link_store(store)
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=0, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("test-artifacts")


@pytest.fixture
def browser_page(server: str) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A page whose every request off 127.0.0.1 is aborted; yields (page, blocked, errors)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    blocked: list[str] = []
    errors: list[str] = []

    def guard(route: Any) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", guard)
        page = context.new_page()
        # CSP violations and script errors show up on the console and as page errors
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
        yield page, blocked, errors
        context.close()
        browser.close()


def _shot(page: Any, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("path", list(PAGES))
def test_main_pages_load_with_the_network_blocked(
    browser_page: tuple[Any, list[str], list[str]], server: str, artifacts: Path, path: str
) -> None:
    page, blocked, errors = browser_page
    response = page.goto(server + path)
    assert response is not None and response.status == 200
    assert PAGES[path] in page.title()
    # the stylesheet applied: the header bar is dark, not the browser's default
    background = page.eval_on_selector("header.top", "e => getComputedStyle(e).backgroundColor")
    assert background != "rgba(0, 0, 0, 0)"
    _shot(page, artifacts, path.strip("/").split("?")[0] or "dashboard")
    assert blocked == [] and errors == []


def test_hostile_article_text_never_runs(
    browser_page: tuple[Any, list[str], list[str]], server: str, artifacts: Path
) -> None:
    page, blocked, errors = browser_page
    page.goto(server + "/search?q=trains+Gomel")
    page.click("ol.hits li a")
    assert "<script>alert(1)</script>" in page.inner_text("main")
    assert page.locator("main img").count() == 0
    assert page.locator("main a[href^='javascript:']").count() == 0
    _shot(page, artifacts, "hostile")
    assert blocked == [] and errors == []


def test_a_search_finds_an_article(
    browser_page: tuple[Any, list[str], list[str]], server: str, artifacts: Path
) -> None:
    page, _blocked, _errors = browser_page
    page.goto(server + "/")
    page.fill("form.quick input[name=q]", "troops")
    page.press("form.quick input[name=q]", "Enter")
    page.wait_for_url("**/search?q=troops")
    hits = page.locator("ol.hits li")
    assert hits.count() >= 2
    assert page.locator("ol.hits mark.match").count() >= 1
    # a facet narrows the results
    page.click("aside.facets a:has-text('Foreign Policy')")
    assert page.locator("ol.hits li").count() == 1
    page.click("ol.hits li a")
    assert page.locator("mark.claim").count() >= 1
    _shot(page, artifacts, "search-article")


def test_clicking_a_claim_opens_its_sentence(
    browser_page: tuple[Any, list[str], list[str]], server: str, artifacts: Path
) -> None:
    page, _blocked, _errors = browser_page
    page.goto(server + "/claims?about=troops+in+Belarus")
    link = page.locator("section.series a.quote").first
    quote = link.inner_text().strip("“”")
    link.click()
    page.wait_for_url("**/articles/*#L*")
    target = page.locator("p.line:target")
    assert target.count() == 1
    assert quote in target.inner_text()
    assert target.locator("mark.claim").count() >= 1
    _shot(page, artifacts, "claim-sentence")


def test_the_map_shows_markers(
    browser_page: tuple[Any, list[str], list[str]], server: str, artifacts: Path
) -> None:
    page, blocked, _errors = browser_page
    page.goto(server + "/map")
    markers = page.locator("svg.map circle.place")
    assert markers.count() >= 3
    box = markers.first.bounding_box()
    assert box is not None and box["width"] > 0
    _shot(page, artifacts, "map")
    page.locator("svg.map a[href='/search?place=Brest'] circle").click()
    page.wait_for_url("**/search?place=Brest")
    assert page.locator("ol.hits li").count() == 1
    assert blocked == []
