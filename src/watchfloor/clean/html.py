"""Clean stage for web pages: trafilatura finds the main text and metadata.

The stored text of an HTML article is the headline, a blank line, then
trafilatura's extracted text; line numbers point into that stored text, not
into the markup, since the markup is not what a reader quotes.
"""

from __future__ import annotations

import logging
import re
import unicodedata

import lxml.html
import trafilatura
from htmldate import find_date
from htmldate.settings import CLEANING_LIST as HTMLDATE_DROPS

from watchfloor.clean.dates import iso_date
from watchfloor.clean.text import dateline_date
from watchfloor.records import Article, DocKind, Hints, Line, LineRole

log = logging.getLogger(__name__)

_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|\band\b|&)\s*")


def split_authors(raw: str | None) -> list[str]:
    """'Jane Doe; John Roe' / 'Jane Doe and John Roe' -> ['Jane Doe', 'John Roe']."""
    if not raw:
        return []
    return [name for name in (p.strip() for p in _AUTHOR_SPLIT.split(raw)) if name]


def extract_main_text(html: str, *, url: str | None = None) -> trafilatura.settings.Document | None:
    """trafilatura's main text and metadata of a page, or None when it finds no text.

    Comments are left out: they are furniture for a situation picture, not
    reporting. Fallback extractors stay on, as in trafilatura's own defaults.
    """
    tree = trafilatura.load_html(html)
    if tree is None:
        return None
    if tree.tag in HTMLDATE_DROPS:
        # A page that is all one such element (an embed, an <svg> before <html>)
        # parses with it as the root, and htmldate, reading the date for
        # trafilatura, drops those elements from their parent: the root has none.
        page, body = lxml.html.Element("html"), lxml.html.Element("body")
        page.append(body)
        body.append(tree)
        tree = page
    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=True
    )
    if doc is None or isinstance(doc, dict):
        return None
    return doc


# How far into the extracted text a repeated headline or a dateline is looked for.
HEAD_LINES = 6


# A line this long above the headline is a lead or teaser paragraph, not a crumb.
LEAD_MIN_WORDS = 15


def _headline_index(extracted: list[str], title: str | None) -> int | None:
    """Where the headline recurs among the first extracted lines, below crumbs only."""
    if not title:
        return None
    key = " ".join(title.lower().split())
    for index, raw in enumerate(extracted[:HEAD_LINES]):
        if " ".join(raw.lower().split()) == key:
            above = extracted[:index]
            if any(len(line.split()) >= LEAD_MIN_WORDS for line in above):
                return None
            return index
    return None


def clean_html(html: str, *, doc: str, origin: str, hints: Hints | None = None) -> Article:
    """A web page as an Article: headline, byline, date and main-text lines."""
    hints = hints or Hints()
    extracted = extract_main_text(html, url=hints.url)
    # NFC, as trafilatura.extract() gives it (bare_extraction does not), so
    # that quotes match what a reader copies from the page.
    text = unicodedata.normalize("NFC", extracted.text or "") if extracted else ""
    title = hints.title or (extracted.title if extracted else None) or None
    if title:
        title = unicodedata.normalize("NFC", title)
    lines: list[Line] = []
    if title:
        lines.append(Line(number=1, text=title, role=LineRole.TITLE))
        lines.append(Line(number=2, text="", role=LineRole.BLANK))
    extracted_lines = text.split("\n")
    head_end = _headline_index(extracted_lines, title)
    seen: dict[str, int] = {}
    for index, raw in enumerate(extracted_lines):
        number = len(lines) + 1
        stripped = raw.strip()
        if not stripped:
            lines.append(Line(number=number, text=raw, role=LineRole.BLANK))
            continue
        if head_end is not None and index <= head_end:
            # trafilatura often keeps the crumbs and the <h1> above the story.
            role = LineRole.TITLE if index == head_end else LineRole.FURNITURE
            lines.append(Line(number=number, text=raw, role=role))
            continue
        if index <= HEAD_LINES and len(stripped.split()) <= 12 and dateline_date(stripped):
            lines.append(Line(number=number, text=raw, role=LineRole.BYLINE))
            continue
        key = " ".join(stripped.lower().split())
        lines.append(Line(number=number, text=raw, role=LineRole.BODY, duplicate_of=seen.get(key)))
        seen.setdefault(key, number)

    published = iso_date(hints.published)
    evidence = hints.published if published else None
    if not published and extracted and extracted.date:
        published, evidence = iso_date(extracted.date), "page metadata"
    if not published:
        # trafilatura consults htmldate already, but only in its fast mode;
        # the extensive search also reads dates from the page text.
        try:
            found = find_date(html, extensive_search=True, original_date=True, url=hints.url)
        except Exception as exc:  # htmldate raises on some malformed trees
            log.debug("htmldate failed on %s: %s", origin, exc)
            found = None
        if found:
            published, evidence = iso_date(found), "page date (htmldate)"
    return Article(
        doc=doc,
        origin=origin,
        kind=DocKind.HTML,
        title=title,
        outlet=hints.outlet or (extracted.sitename if extracted else None) or None,
        authors=hints.authors or split_authors(extracted.author if extracted else None),
        published=published,
        published_evidence=evidence,
        url=hints.url or (extracted.url if extracted else None),
        lines=lines,
    )
