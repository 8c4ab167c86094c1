"""Provenance: which stored articles recycle which, kept up to date as articles arrive.

Place in the flow: after ``annotate`` (citations and quotations are evidence).
Each article not yet compared is added to the recycled-reporting index
(``link.recycled.RecycledIndex``: MinHash LSH for near-duplicates, shared
quotations, citations and rare names for derived articles), which returns its
relations with the articles indexed before it; the relations, the articles
marked as compared and the index itself are stored together, so the work per
new article does not grow with the store and a killed run loses only what it
had not saved.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from watchfloor.link.recycled import RecycledIndex, report_text
from watchfloor.records import Relation
from watchfloor.store import Store

log = logging.getLogger(__name__)

INDEX_NAME = "recycled"
# Articles added to the index between saves of its state: saving pickles the
# whole index, so saving after every batch would cost quadratic bytes.
SAVE_EVERY = 2_000


@dataclass(slots=True, kw_only=True)
class LinkProgress:
    done: int
    total: int


@dataclass(slots=True, kw_only=True)
class LinkResult:
    articles: int  # compared in this run
    relations: int  # new relations found
    seconds: float


def link_store(
    store: Store,
    *,
    redo: bool = False,
    on_progress: Callable[[LinkProgress], None] | None = None,
) -> LinkResult:
    """Compare the store's new articles with all before them; store what recycles what."""
    started = time.perf_counter()
    index = _load_index(store, redo=redo)
    ids = store.unlinked_ids()
    pending_ids: list[int] = []
    pending: list[tuple[int, int, Relation]] = []
    found = 0

    def save() -> None:
        store.add_links(pending_ids, pending, index=(INDEX_NAME, index.to_bytes()))
        pending_ids.clear()
        pending.clear()

    for done, article_id in enumerate(ids, 1):
        stored = store.get_article(article_id)
        annotation = store.annotation(article_id)
        report = report_text(
            stored.article, annotation.citations if annotation is not None else None
        )
        # relations name reports by their doc: the article id is the unique one
        report = replace(report, doc=str(article_id))
        for relation in index.add(str(article_id), report):
            pending.append((int(relation.a), int(relation.b), relation))
            found += 1
        pending_ids.append(article_id)
        if len(pending_ids) >= SAVE_EVERY:
            save()
        if on_progress and (done % 50 == 0 or done == len(ids)):
            on_progress(LinkProgress(done=done, total=len(ids)))
    if pending_ids:
        save()
    return LinkResult(
        articles=len(ids), relations=found, seconds=round(time.perf_counter() - started, 2)
    )


def _load_index(store: Store, *, redo: bool) -> RecycledIndex:
    if redo:
        store.clear_links()
        return RecycledIndex()
    data = store.index_state(INDEX_NAME)
    if data is None:
        return RecycledIndex()
    try:
        return RecycledIndex.from_bytes(data)
    except (ValueError, EOFError, AttributeError, ImportError) as exc:
        # written by another version of watchfloor: compare everything afresh
        log.warning("recycled-reporting index unreadable (%s): rebuilding it", exc)
        store.clear_links()
        return RecycledIndex()
