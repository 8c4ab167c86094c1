"""The HTML stage: main text, metadata, and nothing from the page's furniture."""

from __future__ import annotations

import pytest

from watchfloor.clean.dates import iso_date
from watchfloor.clean.html import clean_html, split_authors
from watchfloor.records import Hints, LineRole

PARA = (
    "Satellite images released on Tuesday showed new field hospitals beside the "
    "garrisons in southern Belarus, some 40 km from the border with Ukraine. "
)

PAGE = f"""<!doctype html><html><head>
<title>Field hospitals appear near the border | Polesie Wire</title>
<meta property="og:title" content="Field hospitals appear near the border">
<meta property="og:site_name" content="Polesie Wire">
<meta name="author" content="Jane Doe and John Roe">
<meta property="article:published_time" content="2022-02-22T09:30:00+00:00">
</head><body>
<nav><a href="/">Home</a> <a href="/europe">Europe</a> <a href="/subscribe">Subscribe</a></nav>
<div class="cookie">We use cookies. Accept all cookies?</div>
<article><h1>Field hospitals appear near the border</h1>
<p>{PARA * 3}</p>
<p>{PARA * 2} Officials in Minsk said the drills would end on schedule.</p>
<p>{PARA * 2} Officials in Minsk said the drills would end on schedule.</p>
</article>
<aside><h3>Related</h3><ul><li><a href="/x">Ten things to know about trains</a></li></ul></aside>
<footer>Copyright 2022 Polesie Wire. All rights reserved.</footer>
</body></html>"""


def test_page_metadata_and_main_text() -> None:
    art = clean_html(PAGE, doc="page.html", origin="examples/page.html")
    assert art.title == "Field hospitals appear near the border"
    assert art.outlet == "Polesie Wire"
    assert art.authors == ["Jane Doe", "John Roe"]
    assert art.published == "2022-02-22"
    body = art.body
    assert "field hospitals beside the garrisons" in body
    for furniture in ("cookies", "Subscribe", "Copyright", "Ten things to know"):
        assert furniture not in body
    assert art.lines[0].role is LineRole.TITLE


def test_repeated_paragraph_counts_once() -> None:
    art = clean_html(PAGE, doc="page.html", origin="page.html")
    assert art.body.count("drills would end on schedule") == 1


def test_hints_from_a_feed_win_over_page_metadata() -> None:
    hints = Hints(
        title="Feed title", outlet="Feed Outlet", published="Wed, 23 Feb 2022 10:00:00 GMT"
    )
    art = clean_html(PAGE, doc="p.html", origin="p.html", hints=hints)
    assert (art.title, art.outlet, art.published) == ("Feed title", "Feed Outlet", "2022-02-23")


@pytest.mark.parametrize("page", ["", "<html><body></body></html>", "<html><head><title></title>"])
def test_pages_without_text_give_an_article_with_no_body(page: str) -> None:
    # Ingest reports such a page as "no article text found" instead of storing it.
    assert clean_html(page, doc="bad.html", origin="bad.html").body_lines == []


def test_malformed_markup_still_yields_its_text() -> None:
    page = "<html><body><div><p>" + PARA * 4 + "<p><b>" + PARA * 3 + "</div></span>"
    art = clean_html(page, doc="bad.html", origin="bad.html")
    assert "field hospitals beside the garrisons" in art.body


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2022-02-23T10:00:00Z", "2022-02-23"),
        ("2022-02", "2022-02"),
        ("Wed, 23 Feb 2022 10:00:00 GMT", "2022-02-23"),
        ("23 February 2022", "2022-02-23"),
        ("2022-02-30", None),
        ("not a date", None),
        (None, None),
    ],
)
def test_iso_date(raw: str | None, expected: str | None) -> None:
    assert iso_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jane Doe", ["Jane Doe"]),
        ("Jane Doe; John Roe", ["Jane Doe", "John Roe"]),
        ("Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("", []),
        (None, []),
    ],
)
def test_split_authors(raw: str | None, expected: list[str]) -> None:
    assert split_authors(raw) == expected


def test_crumbs_headline_and_date_above_the_story_are_not_body() -> None:
    from .conftest import EXAMPLES

    path = EXAMPLES / "belarus-2022" / "html" / "baltic-ledger-2022-10-17-nine-thousand.html"
    art = clean_html(path.read_text(encoding="utf-8"), doc=path.name, origin=str(path))
    first_body = art.body_lines[0]
    assert "Region / Belarus" not in art.body
    assert "Monday, October 17, 2022" not in art.body
    assert first_body.text.startswith("Belarus expects")
    roles = {ln.text.strip(): ln.role for ln in art.lines[: first_body.number]}
    assert roles["Region / Belarus"] is LineRole.FURNITURE
    assert roles["Monday, October 17, 2022"] is LineRole.BYLINE
