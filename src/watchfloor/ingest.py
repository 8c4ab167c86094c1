"""Ingest: sources -> clean -> store, batch by batch, with every failure reported.

1. expand the inputs (folders walked, URLs kept) so progress can be counted,
2. read each input into RawDocs; a bad input becomes one SourceError line,
3. clean each RawDoc into an Article (in worker processes with ``workers`` > 1);
   an unreadable one is an error too,
4. store the Articles in batches (one transaction each, idempotent by hash),
5. record the run: what was asked, counts, and every error with its reason.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from watchfloor.clean import clean
from watchfloor.errors import InputError
from watchfloor.records import Article, IngestRun, Outcome, RawDoc, SourceError
from watchfloor.sources import SourceOptions, expand_inputs, read_input
from watchfloor.store import Store

log = logging.getLogger(__name__)

DEFAULT_BATCH = 200


@dataclass(slots=True, kw_only=True)
class Progress:
    """Where an ingest is, for progress bars: inputs done of total, and counts so far."""

    inputs_done: int
    inputs_total: int
    current: str
    run: IngestRun


@dataclass(slots=True, kw_only=True)
class IngestResult:
    run: IngestRun
    errors: list[SourceError] = field(default_factory=list)


def cleaned(raw: RawDoc) -> Article | SourceError:
    """Clean one document, turning any failure into an error line for the summary."""
    try:
        article = clean(raw)
    except InputError as exc:
        return SourceError(origin=raw.origin, reason=exc.reason)
    except Exception as exc:  # a bug in one stage must not sink the batch
        log.exception("cleaning %s failed", raw.origin)
        return SourceError(origin=raw.origin, reason=f"internal error while cleaning: {exc!r}")
    if not article.body_lines:
        return SourceError(origin=raw.origin, reason="no article text found")
    return article


Found = tuple[int, Article | SourceError]


def _read(
    items: Sequence[str], options: SourceOptions
) -> Iterator[tuple[int, RawDoc | SourceError]]:
    for index, item in enumerate(items):
        for found in read_input(item, options=options):
            yield index, found


def _clean_stream(
    found: Iterable[tuple[int, RawDoc | SourceError]], *, workers: int
) -> Iterator[Found]:
    """Clean in input order; with workers > 1, in a process pool with a bounded window.

    The window (not ``Executor.map``, which submits everything at once) keeps
    memory flat however large the corpus.
    """
    if workers <= 1:
        for index, doc in found:
            yield index, doc if isinstance(doc, SourceError) else cleaned(doc)
        return
    window: deque[tuple[int, Future[Article | SourceError] | SourceError]] = deque()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for index, doc in found:
            window.append(
                (index, doc if isinstance(doc, SourceError) else pool.submit(cleaned, doc))
            )
            if len(window) >= workers * 16:
                yield _settle(window.popleft())
        while window:
            yield _settle(window.popleft())


def _settle(entry: tuple[int, Future[Article | SourceError] | SourceError]) -> Found:
    index, pending = entry
    return index, pending if isinstance(pending, SourceError) else pending.result()


def read_articles(
    inputs: Sequence[str], *, options: SourceOptions, workers: int = 1
) -> Iterator[Article | SourceError]:
    """Every article (or error) the inputs hold, cleaned, in input order."""
    for _index, found in _clean_stream(_read(expand_inputs(inputs), options), workers=workers):
        yield found


def ingest(
    inputs: Sequence[str],
    *,
    store: Store,
    options: SourceOptions | None = None,
    batch_size: int = DEFAULT_BATCH,
    workers: int = 1,
    on_progress: Callable[[Progress], None] | None = None,
) -> IngestResult:
    """Read, clean and store every report the inputs hold; never stops for one bad input."""
    options = options or SourceOptions()
    items = expand_inputs(inputs)
    run = store.begin_run(inputs)
    result = IngestResult(run=run)
    batch: list[Article] = []
    pending_errors: list[SourceError] = []

    def flush() -> None:
        for added in store.add(batch, run=run):
            if added.outcome is Outcome.STORED:
                run.stored += 1
            elif added.outcome is Outcome.VERSION:
                run.versions += 1
            else:
                run.duplicates += 1
        store.record_errors(run, pending_errors)
        batch.clear()
        pending_errors.clear()

    def report(done: int) -> None:
        if on_progress and items:
            current = items[min(done, len(items) - 1)]
            on_progress(
                Progress(inputs_done=done, inputs_total=len(items), current=current, run=run)
            )

    status = "interrupted"
    last_index = -1
    try:
        for index, found in _clean_stream(_read(items, options), workers=workers):
            if index != last_index:
                report(index)  # inputs before this one are finished
                last_index = index
            if isinstance(found, SourceError):
                run.failed += 1
                result.errors.append(found)
                pending_errors.append(found)
            else:
                batch.append(found)
            if len(batch) >= batch_size:
                flush()
        status = "done"
    finally:
        # On Ctrl-C the articles already cleaned are still worth keeping;
        # a hard kill loses only the open batch, which the next run stores.
        flush()
        store.finish_run(run, status=status)
    report(len(items))
    return result
