"""The one owner of the flow: every report goes through the same stages, in this order.

1. expand the inputs (folders walked, URLs kept) so progress can be counted; the
   files a folder walk passes over (unsupported types, the folder's README) are
   kept with the reason, for the summary;
2. read each input into RawDocs (``sources``); a bad input becomes one SourceError;
3. clean each RawDoc into an Article (``clean``; in worker processes with
   ``workers`` > 1); unreadable bytes or no article text is an error too;
4. date an article without a dateline from its content where that settles it
   (``nlp.dating``: relative dates tied to the theatre's well-known events);
5. store the Articles in batches (one transaction each, idempotent by hash, so a
   second ingest of the same inputs at once counts the first's as duplicates) and
   record the run: what was asked, counts, every error with its reason, and how it
   ended (done, failed, interrupted; a run left "running" by a killed process is
   marked interrupted by the next one);
6. annotate the stored articles not annotated yet: spaCy's mentions over one stream
   (``nlp.pipeline``), then each article's language pack (``lang.pack_for``; an
   article without one is stored as skipped, with the reason) and the rule stages
   with that pack and the theatre (``nlp.annotate``), stored batch by batch;
7. resolve people and organisations across the whole corpus (``nlp.entities``);
8. date the articles still undated from the rest of the corpus (``link``);
9. link: compare each new article with all before it and store which recycles
   which (``link.recycled``).

``ingest`` runs 1-5, and 6-9 with ``nlp``; ``update_findings`` runs 6-9 over a
store (``watchfloor annotate``); ``extract`` runs 1-4 and 6 with no store. The
command line and the web app's ingest job only choose options and show progress.
The stages never see the store: they are functions over records, and this module
reads their inputs from the store and writes their outputs to it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from watchfloor.clean import clean
from watchfloor.errors import InputError, WatchfloorError
from watchfloor.lang import pack_for
from watchfloor.link.corpus_dates import CorpusDating
from watchfloor.nlp.dating import infer_published
from watchfloor.records import (
    Annotation,
    Article,
    EntityRef,
    IngestRun,
    Outcome,
    RawDoc,
    Relation,
    SourceError,
)
from watchfloor.sources import Skipped, SourceOptions, read_input, scan_inputs
from watchfloor.sources.encoding import printable_name
from watchfloor.store import Store
from watchfloor.store.db import ResolvedEntity
from watchfloor.theatres import Theatre, default_theatre, load_theatre

if TYPE_CHECKING:  # imported where used: spaCy, the gazetteer and MinHash load only for 6-9
    from watchfloor.link.recycled import RecycledIndex
    from watchfloor.nlp.entities import Cluster
    from watchfloor.nlp.gazetteer import Gazetteer

log = logging.getLogger(__name__)

# Articles stored per transaction by ``ingest``.
DEFAULT_BATCH = 200
# Articles whose annotations are stored per transaction: spaCy's own batches are
# paragraphs, so this only bounds memory and the work a kill loses.
ANNOTATE_BATCH = 50
# Articles annotated together by ``extract`` (one spaCy run each).
EXTRACT_BATCH = 50
# The recycled-reporting index is saved under this name, after every SAVE_EVERY
# articles: saving pickles the whole index, so saving after every batch would
# cost quadratic bytes.
INDEX_NAME = "recycled"
SAVE_EVERY = 2_000
# How often a worker process checks that its parent is still there (seconds).
PARENT_POLL = 0.5


def _die_with_parent() -> None:
    """In every process forked from this one (the cleaning pool's workers, spaCy's):
    exit as soon as the parent is gone.

    A worker blocks on a queue its siblings also hold open, so a parent killed
    with SIGKILL (which runs no clean-up) would leave it waiting for ever.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL)
        os._exit(1)

    threading.Thread(target=watch, name="watchfloor-parent-watch", daemon=True).start()


# multiprocessing forks (Linux); after_in_child runs in every forked child, after
# threading's own reset. (subprocess does not run it: a child it starts execs.)
os.register_at_fork(after_in_child=_die_with_parent)


@dataclass(slots=True, kw_only=True)
class Progress:
    """Where a run is, for progress bars: the stage, items done of total, counts so far."""

    stage: str  # "ingest" (inputs), "gazetteer" (opening it), "annotate", "link" (articles)
    done: int
    total: int | None
    current: str = ""  # the input being read
    run: IngestRun | None = None  # the ingest's counts so far


OnProgress = Callable[[Progress], None]


@dataclass(slots=True, kw_only=True)
class AnnotateResult:
    """What stages 6-7 did."""

    articles: int  # annotated in this run
    skipped: list[tuple[str, str]]  # (doc, reason) for articles the stages could not read
    entities: int  # real-world entities in the corpus afterwards
    seconds: float


@dataclass(slots=True, kw_only=True)
class LinkResult:
    """What stage 9 did."""

    articles: int  # compared in this run
    relations: int  # new relations found
    seconds: float


@dataclass(slots=True, kw_only=True)
class FindingsUpdate:
    annotated: AnnotateResult
    dated: list[CorpusDating]  # stage 8: one per undated article, dated or with the reason
    linked: LinkResult


@dataclass(slots=True, kw_only=True)
class IngestResult:
    run: IngestRun
    errors: list[SourceError] = field(default_factory=list)
    # files the folder walks passed over, and items the readers did (a sticker alone)
    skipped: list[Skipped] = field(default_factory=list)
    interrupted: list[IngestRun] = field(default_factory=list)  # killed runs found and closed
    findings: FindingsUpdate | None = None  # with ``nlp``


class RunFailed(WatchfloorError):
    """The run itself broke (the store, a bug), not one of its inputs.

    Its run is closed as "failed" (or, when annotating broke, stays as stored);
    what was stored before the failure stays stored.
    """

    def __init__(self, run: IngestRun, cause: BaseException, *, stage: str = "") -> None:
        # one line: a driver's message can run to the SQL and a link
        first = (str(cause).strip().splitlines() or [""])[0]
        detail = f"{type(cause).__name__}: {first}" if first else type(cause).__name__
        during = f" while {stage}" if stage else ""
        super().__init__(f"ingest run {run.id} failed{during}: {detail}")
        self.run = run


# ---- 1-4: inputs to articles ---------------------------------------------------------


def dated(article: Article, *, theatre: Theatre | None = None) -> Article:
    """4. An undated article dated from its content, where the content settles it."""
    if article.published is not None:
        return article
    # Without a dateline every "on Wednesday" stays unresolved; the content
    # may still settle the date. (Pure Python: no spaCy is loaded here.) The
    # language is not detected yet unless a source stated it: English then.
    lang = pack_for(article.language)
    if lang is None:
        return article
    inferred = infer_published(article, lang=lang, theatre=theatre)
    if inferred is None:
        return article
    return replace(article, published=inferred[0], published_evidence=inferred[1])


def cleaned(raw: RawDoc, *, theatre: Theatre | None = None) -> Article | SourceError:
    """3-4 for one document, turning any failure into an error line for the summary."""
    try:
        article = clean(raw, theatre=theatre)
    except InputError as exc:
        return SourceError(origin=raw.origin, reason=exc.reason)
    except Exception as exc:  # a bug in one stage must not sink the batch
        log.exception("cleaning %s failed", raw.origin)
        return SourceError(origin=raw.origin, reason=f"internal error while cleaning: {exc!r}")
    if not article.body_lines:
        return SourceError(origin=raw.origin, reason="no article text found")
    return dated(article, theatre=theatre)


def _cleaned_in_worker(raw: RawDoc, theatre: Theatre | str) -> Article | SourceError:
    return cleaned(raw, theatre=load_theatre(theatre) if isinstance(theatre, str) else theatre)


def _portable(theatre: Theatre) -> Theatre | str:
    # A theatre read from a folder goes to a worker process as its path: the worker
    # loads it once (load_theatre caches), where a pickled copy per document would
    # defeat every cache the stages keep per theatre.
    if theatre.path is not None:
        return str(theatre.path)
    return "none" if theatre.is_empty else theatre


Found = tuple[int, Article | SourceError]


def _read(
    items: Sequence[str], options: SourceOptions, *, passed_over: list[Skipped] | None = None
) -> Iterator[tuple[int, RawDoc | SourceError]]:
    """2. Every document or error of the inputs; what a reader passed over (a Telegram
    sticker alone) goes to ``passed_over``, for the run's summary."""
    for index, item in enumerate(items):
        for found in read_input(item, options=options):
            if isinstance(found, Skipped):
                if passed_over is not None:
                    passed_over.append(found)
                continue
            yield index, found


def _clean_stream(
    found: Iterable[tuple[int, RawDoc | SourceError]], *, workers: int, theatre: Theatre
) -> Iterator[Found]:
    """Clean in input order; with workers > 1, in a process pool with a bounded window.

    The window (not ``Executor.map``, which submits everything at once) keeps
    memory flat however large the corpus.
    """
    if workers <= 1:
        for index, doc in found:
            yield index, doc if isinstance(doc, SourceError) else cleaned(doc, theatre=theatre)
        return
    portable = _portable(theatre)
    window: deque[tuple[int, Future[Article | SourceError] | SourceError]] = deque()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for index, doc in found:
            window.append(
                (
                    index,
                    doc
                    if isinstance(doc, SourceError)
                    else pool.submit(_cleaned_in_worker, doc, portable),
                )
            )
            if len(window) >= workers * 16:
                yield _settle(window.popleft())
        while window:
            yield _settle(window.popleft())


def _settle(entry: tuple[int, Future[Article | SourceError] | SourceError]) -> Found:
    index, pending = entry
    return index, pending if isinstance(pending, SourceError) else pending.result()


def expanded(inputs: Sequence[str]) -> tuple[list[str], list[Skipped]]:
    """1. The files and URLs to read, and the files passed over (each logged, for -v)."""
    items, skipped = scan_inputs(inputs)
    for passed in skipped:
        log.info("skipped %s: %s", passed.path, passed.reason)
    return items, skipped


def read_articles(
    inputs: Sequence[str],
    *,
    options: SourceOptions,
    workers: int = 1,
    theatre: Theatre | None = None,
) -> Iterator[Article | SourceError]:
    """1-4: every article (or error) the inputs hold, cleaned and dated, in input order."""
    items, _skipped = expanded(inputs)
    chosen = theatre if theatre is not None else default_theatre()
    for _index, found in _clean_stream(_read(items, options), workers=workers, theatre=chosen):
        yield found


# ---- 1-5 (and 6-9): ingest -----------------------------------------------------------


def ingest(
    inputs: Sequence[str],
    *,
    store: Store,
    options: SourceOptions | None = None,
    theatre: Theatre | None = None,
    nlp: bool = False,
    gazetteer: Gazetteer | None = None,
    batch_size: int = DEFAULT_BATCH,
    workers: int = 1,
    on_progress: OnProgress | None = None,
) -> IngestResult:
    """Read, clean, date and store every report the inputs hold, never stopping for one
    bad input; with ``nlp``, then bring the store's findings up to date (6-9).

    ``workers`` processes clean, and as many spaCy workers annotate.
    """
    options = options or SourceOptions()
    theatre = theatre if theatre is not None else default_theatre()
    # 1. expand
    items, skipped = expanded(inputs)
    interrupted = store.close_stale_runs(alive=_still_running)
    for stale in interrupted:
        log.warning("ingest run %s was interrupted (its process is gone)", stale.id)
    run = store.begin_run([printable_name(i) for i in inputs])
    result = IngestResult(run=run, skipped=skipped, interrupted=interrupted)
    batch: list[Article] = []
    pending_errors: list[SourceError] = []

    def flush() -> None:
        # 5. store
        for added in store.add(batch, run=run):
            if added.outcome is Outcome.STORED:
                run.stored += 1
            elif added.outcome is Outcome.VERSION:
                run.versions += 1
            else:
                run.duplicates += 1
        batch.clear()  # stored: a second flush after a failure must not count it again
        store.record_errors(run, pending_errors)
        pending_errors.clear()

    def report(done: int) -> None:
        if on_progress and items:
            current = printable_name(items[min(done, len(items) - 1)])
            on_progress(
                Progress(stage="ingest", done=done, total=len(items), current=current, run=run)
            )

    last_index = -1
    try:
        # 2. read, 3. clean, 4. date
        stream = _clean_stream(
            _read(items, options, passed_over=result.skipped), workers=workers, theatre=theatre
        )
        for index, found in stream:
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
        flush()
    except BaseException as exc:
        # Ctrl-C (interrupted) or a broken store or stage (failed): what was cleaned
        # is still worth keeping, and the run is closed with what happened to it.
        status = "failed" if isinstance(exc, Exception) else "interrupted"
        log.debug("ingest run %s %s", run.id, status, exc_info=True)
        _close_run(store, run, status=status, flush=flush)
        if isinstance(exc, Exception):
            raise RunFailed(run, exc) from exc
        raise
    store.finish_run(run, status="done")
    report(len(items))
    if nlp:
        # After the whole ingest, not per batch: whatever a killed run stored and
        # did not annotate is picked up by the next one.
        try:
            result.findings = update_findings(
                store,
                theatre=theatre,
                gazetteer=gazetteer,
                workers=workers,
                on_progress=on_progress,
            )
        except Exception as exc:
            log.debug("annotating after ingest run %s failed", run.id, exc_info=True)
            raise RunFailed(run, exc, stage="annotating") from exc
    return result


def _close_run(store: Store, run: IngestRun, *, status: str, flush: Callable[[], None]) -> None:
    """Store what a broken run had cleaned and close it; never raises (the run's own
    failure is the one to report, and a run left open is closed by the next one)."""
    try:
        flush()
    except Exception:
        log.debug("storing the last batch of run %s failed", run.id, exc_info=True)
    try:
        store.finish_run(run, status=status)
    except Exception:
        log.debug("closing run %s failed", run.id, exc_info=True)


def _still_running(run: IngestRun) -> bool:
    """Whether the process of a run marked "running" may still be at work.

    A run of another machine cannot be checked and is left alone; one recorded
    without its process (by an older watchfloor) is taken as gone.
    """
    if run.pid is None or run.host is None:
        return False
    if run.host != socket.gethostname() or run.pid == os.getpid():
        return True
    try:
        os.kill(run.pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


# ---- 6-9: findings -------------------------------------------------------------------


def update_findings(
    store: Store,
    *,
    theatre: Theatre | None = None,
    gazetteer: Gazetteer | None = None,
    redo: bool = False,
    workers: int = 1,
    on_progress: OnProgress | None = None,
) -> FindingsUpdate:
    """6-9: annotate what is new (everything with ``redo``), resolve entities, link."""
    theatre = theatre if theatre is not None else default_theatre()
    # 6. annotate, 7. resolve entities
    annotated = annotate_store(
        store,
        gazetteer=gazetteer,
        theatre=theatre,
        redo=redo,
        n_process=workers,
        on_progress=on_progress,
    )
    # 8. date the undated from the corpus; the articles it dates are annotated again,
    #    since their relative dates were read without a publication date (the date
    #    is stored with their annotations dropped: after a kill, 6 redoes them)
    dated = date_from_corpus(store, theatre=theatre)
    redated = [d.article_id for d in dated if d.published is not None]
    if redated:
        annotate_store(store, gazetteer=gazetteer, theatre=theatre, ids=redated, n_process=workers)
    # 9. link
    linked = link_store(store, redo=redo, on_progress=on_progress)
    return FindingsUpdate(annotated=annotated, dated=dated, linked=linked)


def date_from_corpus(store: Store, *, theatre: Theatre | None = None) -> list[CorpusDating]:
    """8: date every undated article from the events its dated articles put on a day
    (and the theatre's chronology); write each date found, with its evidence. One result
    per undated article, dated or not (then with the reason)."""
    from watchfloor.link.corpus_dates import DatedEvent, date_from_reports

    undated = store.undated_article_ids()
    if not undated:
        return []
    dated = [DatedEvent(i, doc, e) for i, doc, e in store.dated_events()]
    results = []
    for article_id in undated:
        article = store.get_article(article_id).article
        lang = pack_for(article.language)
        if lang is None:
            reason = f"no language pack for {article.language!r}"
            results.append(CorpusDating(article_id, article.doc, None, reason))
            continue
        found = date_from_reports(article, dated, lang=lang, theatre=theatre)
        if found.published is not None:
            store.set_published(article_id, found.published, found.evidence)
        results.append(CorpusDating(article_id, article.doc, found.published, found.evidence))
    return results


def annotate_stream(
    articles: Iterable[Article],
    *,
    gazetteer: Gazetteer,
    theatre: Theatre | None = None,
    n_process: int = 1,
) -> Iterator[tuple[Article, Annotation]]:
    """6. Each article with what the language stages found in it, in order, streaming.

    One spaCy run serves the whole stream (see ``pipeline.iter_annotated``), and
    the rule stages of an article run while spaCy's workers go on with the next.
    """
    from watchfloor.nlp.annotate import annotate_article, place_patterns, skipped_annotation
    from watchfloor.nlp.pipeline import UNDETERMINED, iter_annotated

    theatre = theatre if theatre is not None else default_theatre()
    for article, mentions in iter_annotated(
        articles, n_process=n_process, extra_place_patterns=place_patterns(theatre), theatre=theatre
    ):
        if mentions.skipped:
            yield article, skipped_annotation(mentions.language, mentions.skipped)
            continue
        # an undetermined language (too short, tables of figures) is read as English
        language = None if mentions.language == UNDETERMINED else mentions.language
        lang = pack_for(language)
        if lang is None:
            reason = f"language {mentions.language!r}: no language pack"
            yield article, skipped_annotation(mentions.language, reason)
            continue
        yield (
            article,
            annotate_article(article, mentions, gazetteer=gazetteer, lang=lang, theatre=theatre),
        )


def annotate(
    articles: Sequence[Article],
    *,
    gazetteer: Gazetteer,
    theatre: Theatre | None = None,
    n_process: int = 1,
) -> list[Annotation]:
    """6. What the language stages find in every article, in order (no store)."""
    stream = annotate_stream(articles, gazetteer=gazetteer, theatre=theatre, n_process=n_process)
    return [annotation for _, annotation in stream]


def annotate_store(
    store: Store,
    *,
    gazetteer: Gazetteer | None = None,
    theatre: Theatre | None = None,
    redo: bool = False,
    ids: Sequence[int] | None = None,
    batch_size: int = ANNOTATE_BATCH,
    n_process: int = 1,
    on_progress: OnProgress | None = None,
) -> AnnotateResult:
    """6-7: annotate the store's articles not annotated yet (all of them with ``redo``,
    or those of ``ids``).

    Each batch of ``batch_size`` articles is stored in one transaction, so a
    run killed part-way keeps what it finished and the next run does the rest;
    ``n_process`` spaCy workers serve the whole run. Entities are resolved
    across the whole corpus afterwards, since a new article can join names
    seen in old ones, whenever the references changed since the last resolution
    (also by a killed run).
    """
    started = time.perf_counter()
    ids = list(ids) if ids is not None else store.article_ids(unannotated=not redo)
    skipped: list[tuple[str, str]] = []
    batch: list[tuple[int, Annotation]] = []

    def flush() -> None:
        store.add_annotations(batch)
        batch.clear()

    if ids:
        # articles are read from the store as spaCy asks for them: memory stays flat
        stored = (store.get_article(i).article for i in ids)
        stream = annotate_stream(
            stored,
            gazetteer=gazetteer or _open_gazetteer(on_progress),
            theatre=theatre,
            n_process=n_process,
        )
        pairs = zip(ids, stream, strict=True)
        for done, (article_id, (article, annotation)) in enumerate(pairs, 1):
            batch.append((article_id, annotation))
            if annotation.skipped:
                skipped.append((article.doc, annotation.skipped))
            if len(batch) >= batch_size:
                flush()
            if on_progress and (done % batch_size == 0 or done == len(ids)):
                on_progress(Progress(stage="annotate", done=done, total=len(ids)))
        flush()
    # 7. after this run's annotations, and after any a killed run stored and
    #    did not resolve: the store keeps that mark until a resolution answers it
    if redo or store.entities_stale() is not None:
        entities = resolve_store_entities(store, theatre=theatre)
    else:
        entities = store.count_entities()
    return AnnotateResult(
        articles=len(ids),
        skipped=skipped,
        entities=entities,
        seconds=round(time.perf_counter() - started, 2),
    )


def _open_gazetteer(on_progress: OnProgress | None) -> Gazetteer:
    from watchfloor.nlp.gazetteer import Gazetteer

    if on_progress:  # the first use builds its index: about a minute
        on_progress(Progress(stage="gazetteer", done=0, total=None))
    return Gazetteer.open()


def resolve_store_entities(store: Store, *, theatre: Theatre | None = None) -> int:
    """7. Group every stored entity reference into real-world entities; returns how many."""
    from watchfloor.nlp.entities import resolve_entities

    answers = store.entities_stale()  # before the references: see replace_entities
    per_article = store.entity_refs()
    # An outlet one article names as if it were a person is an outlet in all
    # of them (the model reads "Polesie Wire" like "Pavel Wire").
    outlets = {name.casefold() for name in store.outlet_names()}
    refs: list[list[EntityRef]] = [
        [replace(r, type="ORG") if r.canonical.casefold() in outlets else r for _, r in refs]
        for _, refs in per_article
    ]
    ids: list[list[int]] = [[ref_id for ref_id, _ in refs] for _, refs in per_article]
    clusters = resolve_entities(refs, theatre=theatre)
    store.replace_entities([_resolved(c, refs, ids) for c in clusters], answers=answers)
    return len(clusters)


def _resolved(
    cluster: Cluster, refs: list[list[EntityRef]], ids: list[list[int]]
) -> ResolvedEntity:
    ref_ids = [ids[index][_position(refs[index], ref)] for index, ref in cluster.members]
    return ResolvedEntity(
        canonical=cluster.canonical,
        type=cluster.type,
        names=cluster.names,
        mentions=cluster.mention_count,
        articles=cluster.article_count,
        ref_ids=ref_ids,
    )


def _position(refs: list[EntityRef], ref: EntityRef) -> int:
    # by identity: two references of one article can be equal as values
    for i, candidate in enumerate(refs):
        if candidate is ref:
            return i
    raise ValueError("reference not among the article's references")


def link_store(
    store: Store, *, redo: bool = False, on_progress: OnProgress | None = None
) -> LinkResult:
    """9. Compare the store's new articles with all before them; store what recycles what.

    Each article not yet compared is added to the recycled-reporting index
    (``link.recycled.RecycledIndex``: MinHash LSH for near-duplicates, shared
    quotations, citations and rare names for derived articles), which returns
    its relations with the articles indexed before it; the relations, the
    articles marked as compared and the index itself are stored together, so
    the work per new article does not grow with the store and a killed run
    loses only what it had not saved.
    """
    from watchfloor.link.recycled import report_text
    from watchfloor.nlp.limits import too_long

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
        # one too long for the language stages (nlp.limits) is marked compared but not
        # indexed: its shingles would cost minutes and gigabytes, and its text would be
        # pickled again with the index at every save
        if not too_long(stored.article):
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
            on_progress(Progress(stage="link", done=done, total=len(ids)))
    if pending_ids:
        save()
    return LinkResult(
        articles=len(ids), relations=found, seconds=round(time.perf_counter() - started, 2)
    )


def _load_index(store: Store, *, redo: bool) -> RecycledIndex:
    from watchfloor.link.recycled import RecycledIndex

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


# ---- 1-4 and 6: extract --------------------------------------------------------------


def extract(
    inputs: Sequence[str],
    *,
    options: SourceOptions | None = None,
    theatre: Theatre | None = None,
    nlp: bool = True,
    gazetteer: Gazetteer | None = None,
) -> Iterator[tuple[Article, Annotation | None] | SourceError]:
    """1-4 and 6 with no store: each article with its annotation (None without
    ``nlp``), or an error, in input order."""
    theatre = theatre if theatre is not None else default_theatre()
    batch: list[Article] = []

    def flush() -> Iterator[tuple[Article, Annotation | None]]:
        nonlocal gazetteer
        annotations: list[Annotation | None] = [None] * len(batch)
        if nlp and batch:
            gazetteer = gazetteer or _open_gazetteer(None)
            annotations = list(annotate(batch, gazetteer=gazetteer, theatre=theatre))
        yield from zip(batch, annotations, strict=True)
        batch.clear()

    for found in read_articles(inputs, options=options or SourceOptions(), theatre=theatre):
        if isinstance(found, SourceError):
            yield found
            continue
        batch.append(found)
        if len(batch) >= EXTRACT_BATCH:
            yield from flush()
    yield from flush()


def extract_happenings(
    extracted: Iterable[tuple[Article, Annotation | None]], *, theatre: Theatre | None = None
) -> dict[tuple[Hashable, int, int], str]:
    """The happening key of every event of one ``extract`` run, by (doc, line, start of
    the quote): the events of all its articles grouped in one pass (``link.happenings``),
    so a key means the same happening in every file of the run."""
    from watchfloor.link.happenings import Report, group, happening_keys
    from watchfloor.nlp.chronology import chronology

    theatre = theatre if theatre is not None else default_theatre()
    reports: list[Report] = []
    for article, annotation in extracted:
        if annotation is None:
            continue
        text = {line.number: line.text for line in article.lines}
        reports.extend(
            Report(
                article=article.doc,
                event=event,
                context=text.get(event.mention.line, ""),
                outlet=article.outlet,
                published=article.published,
                forwarded_from=article.forwarded_from,
            )
            for event in annotation.events
        )
    return happening_keys(group(reports, known=chronology(theatre)))
