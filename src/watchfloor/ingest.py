"""Ingest: sources -> clean -> store, batch by batch, with every failure reported.

1. expand the inputs (folders walked, URLs kept) so progress can be counted,
2. read each input into RawDocs; a bad input becomes one SourceError line,
3. clean each RawDoc into an Article; an unreadable one is an error too,
4. store the Articles in batches (one transaction each, idempotent by hash),
5. record the run: what was asked, counts, and every error with its reason.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
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


def read_articles(
    inputs: Sequence[str], *, options: SourceOptions
) -> Iterator[tuple[int, str, Article | SourceError]]:
    """(input index, input, article or error) for everything the inputs hold."""
    for index, item in enumerate(expand_inputs(inputs)):
        for found in read_input(item, options=options):
            yield index, item, (found if isinstance(found, SourceError) else cleaned(found))


def ingest(
    inputs: Sequence[str],
    *,
    store: Store,
    options: SourceOptions | None = None,
    batch_size: int = DEFAULT_BATCH,
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

    status = "interrupted"
    try:
        for index, item in enumerate(items):
            for found in read_input(item, options=options):
                outcome = found if isinstance(found, SourceError) else cleaned(found)
                if isinstance(outcome, SourceError):
                    run.failed += 1
                    result.errors.append(outcome)
                    pending_errors.append(outcome)
                else:
                    batch.append(outcome)
                if len(batch) >= batch_size:
                    flush()
            if on_progress:
                on_progress(
                    Progress(inputs_done=index + 1, inputs_total=len(items), current=item, run=run)
                )
        status = "done"
    finally:
        # On Ctrl-C the articles already cleaned are still worth keeping;
        # a hard kill loses only the open batch, which the next run stores.
        flush()
        store.finish_run(run, status=status)
    return result
