"""Clean stage for Markdown: front matter and headings, then the plain-text logic.

Place in the flow: ``watchfloor.clean.clean`` hands Markdown documents here.
Markdown states some of what a scrape leaves implicit: YAML front matter
carries the title, date, outlet and authors, and ``#`` lines mark headings.
Those fix the roles of their lines; the rest goes through the same line-
feature logic as plain text (``clean.text``), measured on the text with
inline syntax removed. The stored lines keep their Markdown as written, so
line numbers and quotes still point into the file a reader has.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime

import yaml

from watchfloor.clean.text import Stated, article_from_lines, split_lines
from watchfloor.records import Article, DocKind, Hints, LineRole

log = logging.getLogger(__name__)

_HEADING = re.compile(r"^\s{0,3}(?P<marks>#{1,6})\s+(?P<text>.*?)(?:\s+#+)?\s*$")
_IMAGE_ONLY = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")
# A line that is nothing but a link (or a list item of one) is navigation or a
# teaser: a story's sentences carry their links inside prose.
_LINK_ONLY = re.compile(r"^\s*(?:[-*+]\s+)?\[[^\]]+\]\([^)]*\)\s*$")
_FENCE = re.compile(r"^\s*(?:---|\.\.\.)\s*$")

_INLINE = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: keep the alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links: keep the anchor text
    (re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # emphasis, code
    (re.compile(r"^\s*(?:>\s?)+"), ""),  # block quotes
    (re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+"), ""),  # list markers
    (re.compile(r"^\s{0,3}#{1,6}\s+"), ""),  # heading marks
)


def plain_markdown(line: str) -> str:
    """A Markdown line as a reader sees it: links, emphasis and markers removed.

    Used to measure lines (a sentence ending in a link still ends in a stop)
    and to read the title; never stored, so line text stays as written.
    """
    for pattern, replacement in _INLINE:
        line = pattern.sub(replacement, line)
    return re.sub(r"\s+#+\s*$", "", line)


def read_front_matter(lines: Sequence[str]) -> tuple[int, Mapping[str, object] | None]:
    """(lines the front matter spans, its fields) for a ``---`` ... ``---`` block.

    Returns ``(0, None)`` when the text has no front matter. A block whose YAML
    is malformed, or is not a mapping, still spans its lines (it is metadata,
    not story) but gives no fields: bad metadata must not stop the article.
    """
    if not lines or lines[0].strip() != "---":
        return 0, None
    for end in range(1, len(lines)):
        if _FENCE.match(lines[end]):
            break
    else:
        return 0, None  # a lone "---" is a thematic break, not front matter
    try:
        fields = yaml.safe_load("\n".join(lines[1:end]))
    # YAMLError for bad syntax; ValueError when a value cannot be built
    # ("date: 2022-02-30"); RecursionError for pathologically nested input.
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        log.debug("front matter is not valid YAML, ignoring its fields: %s", exc)
        return end + 1, None
    if not isinstance(fields, dict):
        return end + 1, None
    return end + 1, {str(k).lower(): v for k, v in fields.items()}


def _as_text(value: object) -> str | None:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    return None


def _as_names(value: object) -> list[str]:
    """'Jane Doe', ['Jane Doe', 'John Roe'] or [{'name': 'Jane Doe'}] -> names."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name")
        name = _as_text(item)
        if name:
            names.append(name)
    return names


def _front_matter_line(lines: Sequence[str], end: int, keys: Sequence[str]) -> str | None:
    """The front-matter line stating one of ``keys``: evidence for a date."""
    for line in lines[1:end]:
        key = line.split(":", 1)[0].strip().lower()
        if key in keys:
            return line.strip()
    return None


def clean_markdown(text: str, *, doc: str, origin: str, hints: Hints | None = None) -> Article:
    """A Markdown document as an Article, its front matter and headings respected.

    Stated metadata is taken in this order: ``hints`` (from the container
    that carried the file), front matter, then the first ``# Heading`` for
    the title; the dateline, bylines and the body are read as in plain text.
    """
    lines = split_lines(text)
    stated = Stated.from_hints(hints)
    preset: dict[int, LineRole] = {}

    end, fields = read_front_matter(lines)
    for i in range(end):
        preset[i] = LineRole.FURNITURE
    if fields:
        stated.title = stated.title or _as_text(fields.get("title"))
        if not stated.published:
            for key in ("published", "date"):
                if (value := _as_text(fields.get(key))) is not None:
                    stated.published = value
                    stated.published_evidence = _front_matter_line(lines, end, (key,)) or value
                    break
        stated.outlet = stated.outlet or _as_text(fields.get("outlet") or fields.get("site"))
        if not stated.authors:
            stated.authors = _as_names(fields.get("authors") or fields.get("author"))
        stated.url = stated.url or _as_text(fields.get("url"))

    feature_text = [plain_markdown(line) for line in lines]
    for i in range(end, len(lines)):
        heading = _HEADING.match(lines[i])
        if heading:
            plain = plain_markdown(heading.group("text")).strip()
            top = len(heading.group("marks")) == 1
            if not stated.title and top and plain:
                stated.title = plain  # the first top-level heading is the headline
            same = stated.title is not None and plain.casefold() == stated.title.casefold()
            preset[i] = LineRole.TITLE if same else LineRole.SUBHEAD
        elif _IMAGE_ONLY.match(lines[i]):
            preset[i] = LineRole.CAPTION
        elif _LINK_ONLY.match(lines[i]):
            preset[i] = LineRole.FURNITURE

    return article_from_lines(
        lines,
        doc=doc,
        origin=origin,
        kind=DocKind.MARKDOWN,
        stated=stated,
        preset=preset,
        feature_text=feature_text,
    )
