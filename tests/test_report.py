"""The HTML report: self-contained, complete, and never executes article text."""

from __future__ import annotations

import re

from watchfloor.report.html import render_report
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
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<img" not in page and 'href="javascript:' not in page
    assert "&lt;b&gt;Title&lt;/b&gt;" in page
