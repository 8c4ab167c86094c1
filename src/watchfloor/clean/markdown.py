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

import re

from watchfloor.clean.frontmatter import front_matter, read_front_matter
from watchfloor.clean.text import Stated, article_from_lines, split_lines
from watchfloor.records import Article, DocKind, Hints, LineRole

__all__ = ["clean_markdown", "plain_markdown", "read_front_matter"]

_HEADING = re.compile(r"^\s{0,3}(?P<marks>#{1,6})\s+(?P<text>.*?)(?:\s+#+)?\s*$")
_IMAGE_ONLY = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")
# A line that is nothing but a link (or a list item of one) is navigation or a
# teaser: a story's sentences carry their links inside prose.
_LINK_ONLY = re.compile(r"^\s*(?:[-*+]\s+)?\[[^\]]+\]\([^)]*\)\s*$")

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


def clean_markdown(text: str, *, doc: str, origin: str, hints: Hints | None = None) -> Article:
    """A Markdown document as an Article, its front matter and headings respected.

    Stated metadata is taken in this order: ``hints`` (from the container
    that carried the file), front matter, then the first ``# Heading`` for
    the title; the dateline, bylines and the body are read as in plain text.
    """
    lines = split_lines(text)
    stated = Stated.from_hints(hints)
    preset: dict[int, LineRole] = {}

    end = stated.take(front_matter(lines))
    for i in range(end):
        preset[i] = LineRole.FURNITURE

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
