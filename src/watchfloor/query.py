"""Read-side functions shared by the CLI, the report and (later) the web app.

Each returns plain data (dicts and records) built from the store, so every
shell renders the same view of the corpus.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from watchfloor.nlp.places import PlaceSummary, summarise_places
from watchfloor.store import SearchHit, Store, StoredArticle


def articles(store: Store, *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    return store.list_articles(limit=limit, offset=offset)


def article(store: Store, article_id: int) -> StoredArticle:
    return store.get_article(article_id)


def search(store: Store, query: str, *, limit: int = 20) -> list[SearchHit]:
    return store.search(query, limit=limit)


def overview(store: Store) -> dict[str, Any]:
    """The corpus at a glance: how many reports, which period, which outlets."""
    rows = store.list_articles()
    dates = sorted(r["published"] for r in rows if r["published"])
    outlets = Counter(r["outlet"] or "(unknown outlet)" for r in rows)
    return {
        "articles": len(rows),
        "undated": sum(1 for r in rows if not r["published"]),
        "first_published": dates[0] if dates else None,
        "last_published": dates[-1] if dates else None,
        "outlets": [{"outlet": name, "articles": n} for name, n in outlets.most_common()],
        "body_words": sum(r["body_words"] for r in rows),
    }


def entities(
    store: Store, *, type: str | None = None, name: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """People and organisations across the corpus, most mentioned first."""
    return store.list_entities(type=type, name=name, limit=limit)


def places(store: Store, *, limit: int | None = None) -> list[PlaceSummary]:
    """Places the corpus mentions, with coordinates, spellings and articles."""
    found = summarise_places(store.place_mentions())
    return found[:limit] if limit is not None else found


def claims(
    store: Store,
    *,
    about: str | None = None,
    source: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Numbers the articles state, with who asserts them, oldest first."""
    return store.list_claims(about=about, source=source, limit=limit)


def timeline(
    store: Store, *, since: str | None = None, until: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Dated events in date order, each with its source article, line and quote."""
    return store.timeline(since=since, until=until, limit=limit)
