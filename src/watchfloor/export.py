"""Articles as JSON: the ``../shared/gold/SCHEMA.md`` form and plain row objects.

Field names come from the records (``Article``); this module only decides
which of them a JSON object carries and turns line lists into ranges.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from watchfloor.nlp.claims import citation_json, claim_json
from watchfloor.nlp.entities import entity_json
from watchfloor.nlp.events import event_json
from watchfloor.nlp.places import place_json
from watchfloor.nlp.statements import statement_json
from watchfloor.nlp.times import time_json
from watchfloor.records import Annotation, Article, LineRole, line_ranges


def extraction(article: Article, annotation: Annotation | None = None) -> dict[str, Any]:
    """One article in gold form: metadata, body line ranges, repeated lines, and
    with its ``annotation`` the entities, places, events, times, claims,
    citations and statements found in it.

    An article the language stages skipped (not in
    English) carries ``language`` and ``skipped`` instead of empty lists.
    """
    body = article.body_lines
    blank = {line.number for line in article.lines if line.role is LineRole.BLANK}
    data: dict[str, Any] = {
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
    if annotation is not None:
        data["language"] = annotation.language
        if annotation.skipped:
            data["skipped"] = annotation.skipped
        else:
            data["entities"] = [entity_json(e) for e in annotation.entities]
            data["places"] = [place_json(p) for p in annotation.places]
            data["events"] = [event_json(e) for e in annotation.events]
            data["times"] = [time_json(t) for t in annotation.times]
            data["claims"] = [claim_json(c) for c in annotation.claims]
            data["citations"] = [citation_json(c) for c in annotation.citations]
            data["statements"] = [statement_json(s) for s in annotation.statements]
    return data


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
