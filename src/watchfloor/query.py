"""Read-side functions shared by the CLI, the report and (later) the web app.

Each returns plain data (dicts and records) built from the store, so every
shell renders the same view of the corpus.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from watchfloor.link.estimates import EstimateSeries, estimate_series
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


def estimates(
    store: Store, *, about: str | None = None, source: str | None = None
) -> list[EstimateSeries]:
    """Claims about the same thing grouped into series, recycled values marked."""
    return estimate_series(
        store.list_claims(source=source), relations=store.list_relations(), about=about
    )


def relations(store: Store) -> list[dict[str, Any]]:
    """Related article pairs (``a`` recycles ``b``) with both articles' names and dates."""
    return store.list_relations()


def sources(store: Store) -> list[dict[str, Any]]:
    """Outlets with their article counts, what they cite, and whose reporting they recycle."""
    rows = store.outlet_citations()
    by_outlet = {row["outlet"]: row for row in rows}
    for row in rows:
        row["derives_from"] = []
    for rel in store.list_relations():
        by_outlet[rel["a_outlet"]]["derives_from"].append(
            {"kind": rel["kind"], "outlet": rel["b_outlet"], "a": rel["a"], "b": rel["b"]}
        )
    return rows


def statements(
    store: Store, *, by: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Who said what, with the sentence it is in; ``by`` picks a speaker."""
    return store.list_statements(by=by, limit=limit)


def timeline(
    store: Store, *, since: str | None = None, until: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Dated events in date order, each with its source article, line and quote."""
    return store.timeline(since=since, until=until, limit=limit)
