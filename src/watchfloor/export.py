"""Articles as JSON: the ``../shared/gold/SCHEMA.md`` form and plain row objects.

Field names come from the records (``Article``); this module only decides
which of them a JSON object carries and turns line lists into ranges.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from watchfloor.records import Article, LineRole, line_ranges


def extraction(article: Article) -> dict[str, Any]:
    """One article in gold form: metadata, body line ranges, repeated lines.

    Only what watchfloor extracts so far is included; keys for entities,
    places, claims and events are added as those stages land, rather than
    printed empty as if nothing had been found.
    """
    body = article.body_lines
    blank = {line.number for line in article.lines if line.role is LineRole.BLANK}
    return {
        "doc": article.doc,
        "outlet": article.outlet,
        "title": article.title,
        "authors": article.authors,
        "published": article.published,
        "published_evidence": article.published_evidence,
        "url": article.url,
        "body_lines": line_ranges([line.number for line in body], bridge=blank),
        "duplicate_lines": [line.number for line in body if line.duplicate_of is not None],
    }


def article_json(article: Article, *, article_id: int | None = None) -> dict[str, Any]:
    """The whole article: every metadata field, and its lines with their roles."""
    data: dict[str, Any] = {"id": article_id} if article_id is not None else {}
    for f in dataclasses.fields(article):
        value = getattr(article, f.name)
        if f.name == "lines":
            value = [
                {
                    "number": ln.number,
                    "role": ln.role.value,
                    "text": ln.text,
                    "duplicate_of": ln.duplicate_of,
                }
                for ln in value
            ]
        elif hasattr(value, "value"):
            value = value.value
        data[f.name] = value
    data["body_words"] = article.body_words
    return data
