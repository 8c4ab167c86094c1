"""Read-side functions shared by the CLI, the report and (later) the web app.

Each returns plain data (dicts and records) built from the store, so every
shell renders the same view of the corpus.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

from watchfloor.link.estimates import EstimateSeries, estimate_series, series_about
from watchfloor.link.places import PlaceSummary, summarise_places
from watchfloor.store import SearchHit, Store, StoredArticle


def articles(store: Store, *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    return store.list_articles(limit=limit, offset=offset)


def article(store: Store, article_id: int) -> StoredArticle:
    return store.get_article(article_id)


def search(store: Store, query: str, *, limit: int = 20) -> list[SearchHit]:
    return store.search(query, limit=limit)


def overview(store: Store) -> dict[str, Any]:
    """The corpus at a glance: how many reports, which period, which outlets."""
    return store.corpus_overview()


def latest(store: Store, *, limit: int) -> list[dict[str, Any]]:
    """The most recently published articles, undated ones last."""
    return store.list_articles(limit=limit, newest_first=True)


def entities(
    store: Store,
    *,
    type: str | None = None,
    name: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """People and organisations across the corpus, most mentioned first."""
    return store.list_entities(type=type, name=name, limit=limit, offset=offset)


def count_entities(store: Store, *, type: str | None = None, name: str | None = None) -> int:
    return store.count_entities(type=type, name=name)


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
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Numbers the articles state, with who asserts them, oldest first."""
    return store.list_claims(about=about, source=source, limit=limit, offset=offset)


def count_claims(store: Store, *, about: str | None = None, source: str | None = None) -> int:
    return store.count_claims(about=about, source=source)


def estimates(
    store: Store, *, about: str | None = None, source: str | None = None
) -> list[EstimateSeries]:
    """Claims about the same thing grouped into series, recycled values marked."""
    return estimate_series(
        store.list_claims(source=source), relations=store.list_relations(), about=about
    )


class KeptFindings:
    """:func:`estimates` and :func:`places` for a long-lived reader such as the web app.

    Both read every row of their kind (tens of thousands of claims or place mentions
    on a large corpus: a second or more), so they are kept and recomputed only when
    the store's claims, relations or places change (``Store.findings_stamp``).
    """

    KEEP = 32  # results kept (one per source asked about); the oldest computed goes first

    def __init__(self, store: Store) -> None:
        self.store = store
        self._kept: dict[tuple[Any, ...], tuple[tuple[int, ...], Any]] = {}
        # the web app calls from many threads: one computes while the others wait for
        # its result rather than each computing the same thing
        self._lock = threading.Lock()

    def series(
        self, *, about: str | None = None, source: str | None = None
    ) -> list[EstimateSeries]:
        found = self._get(("series", source), lambda: estimates(self.store, source=source))
        return series_about(found, about)

    def places(self, *, limit: int | None = None) -> list[PlaceSummary]:
        found: list[PlaceSummary] = self._get(("places",), lambda: places(self.store))
        return found[:limit] if limit is not None else found

    def _get(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        stamp = self.store.findings_stamp()
        with self._lock:
            kept = self._kept.get(key)
            if kept is None or kept[0] != stamp:
                kept = (stamp, compute())
                self._kept.pop(key, None)
                self._kept[key] = kept
                while len(self._kept) > self.KEEP:
                    del self._kept[next(iter(self._kept))]
        return kept[1]


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
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Dated events in date order, each with its source article, line and quote."""
    return store.timeline(since=since, until=until, limit=limit, offset=offset)


def count_timeline(store: Store, *, since: str | None = None, until: str | None = None) -> int:
    return store.count_timeline(since=since, until=until)


def place_evidence(store: Store) -> list[dict[str, Any]]:
    """Places as :func:`places` gives them, each with its mentions: article, line, spelling."""
    by_place: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in store.list_place_mentions():
        key = (row["geonames_id"], row["canonical"], row["country"], row["feature"])
        by_place.setdefault(key, []).append(row)
    return [
        {
            "place": p,
            "mentions": by_place.get((p.geonames_id, p.canonical, p.country, p.feature), []),
        }
        for p in places(store)
    ]


def events(store: Store, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Every event, dated or not (undated last), with its place's coordinates when known."""
    return store.list_events(limit=limit)


def totals(store: Store) -> dict[str, int]:
    """How many claims, events, place mentions, entities, statements and relations."""
    return store.count_findings()


SEARCH_CEILING = 1000  # matches read before facets filter them: the best this many


def find_articles(
    store: Store,
    *,
    q: str = "",
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    place: str | None = None,
    entity: str | None = None,
    limit: int = 50,
) -> dict[str, Any]:
    """Articles matching words (best first; all articles by date without words), narrowed
    by facets: outlet, publication period (ISO prefixes, as ``timeline``), a place
    and a person or organisation mentioned. Returns the ``hits`` (``SearchHit``,
    snippet empty without words), their ``total``, and for each facet the values
    among the matches with counts, most first."""
    worded = bool(q.split())
    if worded:
        hits = store.search(q, limit=SEARCH_CEILING, snippets=False)
    else:
        hits = [
            SearchHit(
                id=r["id"],
                doc=r["doc"],
                title=r["title"],
                outlet=r["outlet"],
                published=r["published"],
                snippet="",
            )
            for r in store.list_articles()
        ]
    tags: dict[int, dict[str, set[str]]] = {}
    # only the matches' tags: reading every article's would cost a search as much as
    # the whole corpus has places and names
    for article_id, kind, name in store.article_tags([hit.id for hit in hits] if worded else None):
        tags.setdefault(article_id, {"place": set(), "entity": set()})[kind].add(name)
    none: dict[str, set[str]] = {"place": set(), "entity": set()}

    def keep(hit: SearchHit) -> bool:
        mine = tags.get(hit.id, none)
        published = hit.published or ""
        return (
            (not outlet or (hit.outlet or "") == outlet)
            and (not since or (bool(published) and published >= since))
            and (not until or (bool(published) and published <= until + "\uffff"))
            and (not place or place in mine["place"])
            and (not entity or entity in mine["entity"])
        )

    matched = [hit for hit in hits if keep(hit)]
    facets: dict[str, Counter[str]] = {"outlet": Counter(), "place": Counter(), "entity": Counter()}
    for hit in matched:
        facets["outlet"][hit.outlet or ""] += 1
        mine = tags.get(hit.id, none)
        facets["place"].update(mine["place"])
        facets["entity"].update(mine["entity"])
    shown = matched[:limit]
    if worded:  # snippets for the page shown only: they cost more than the search
        snippets = store.snippets(q, [hit.id for hit in shown])
        shown = [dataclasses.replace(hit, snippet=snippets.get(hit.id, "")) for hit in shown]
    return {
        "hits": shown,
        "total": len(matched),
        "facets": {
            name: [
                {"value": value, "count": n}
                for value, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            ]
            for name, counts in facets.items()
        },
    }
