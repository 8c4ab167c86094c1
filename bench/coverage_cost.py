"""What the coverage summary costs, against the counts the dashboard already makes.

Every web page shows the coverage line (``query.coverage(store, found=False)``: one
GROUP BY over the articles joined with their annotations), and the dashboard, the
``/coverage`` page and the report show the full summary (``found=True``: also one
grouped count per table of findings joined with the annotations). The store: a
synthetic one of ``--articles`` one-line reports (generated here, never committed),
60% annotated as English, 20% as Russian (each with an entity mention, a place and a
claim), 15% German, skipped for want of a language pack, and 5% not annotated.

The baselines, measured in the same run on the same store: ``corpus_overview`` (the
dashboard's count of articles, period and outlets: a full scan of the articles) for the
line, ``count_findings`` (the dashboard's totals) for the full summary, and a page of
100 claims (``query.claims``) for the asides of 100 Russian quotes beside it
(``query.finding_asides``). Each is timed ``--runs`` times; medians and their ratios are
printed.

    .venv/bin/python bench/coverage_cost.py [--articles 20000] [--runs 20] [--db FILE]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conftest import make_article

from watchfloor import query
from watchfloor.records import Annotation, ClaimRef, EntityRef, Mention, PlaceRef
from watchfloor.store import Store

QUERY_PAGE = 100  # rows of a web page of claims (watchfloor.web.views.CLAIMS_PAGE)
LINE = "Minister Khrenin said about 30,000 troops were in Gomel, report {n}."


def _annotation(n: int, language: str) -> Annotation:
    text = LINE.format(n=n)

    def at(part: str, label: str) -> Mention:
        start = text.index(part)
        return Mention(line=3, start=start, end=start + len(part), text=part, label=label)

    return Annotation(
        language=language,
        skipped=None,
        entities=[
            EntityRef(canonical="Khrenin", type="PERSON", mentions=[at("Khrenin", "PERSON")])
        ],
        places=[
            PlaceRef(
                mention=at("Gomel", "GPE"), canonical="Gomel", country="BY", feature="city",
                lat=52.4, lon=31.0,
            )
        ],
        times=[], events=[],
        claims=[
            ClaimRef(
                mention=at("about 30,000 troops", "CLAIM"), value=30000, value_low=None,
                value_high=None, unit="troops", subject="troops in Gomel", hedged=True,
                source="Khrenin", source_type="official", via=None, as_of=None,
            )
        ],
        citations=[], statements=[],
    )  # fmt: skip


def _skipped(language: str) -> Annotation:
    return Annotation(
        language=language, skipped=f"language {language!r}: no language pack", entities=[],
        places=[], times=[], events=[], claims=[], citations=[], statements=[],
    )  # fmt: skip


def build(store: Store, articles: int) -> None:
    batch = 1000
    for first in range(0, articles, batch):
        numbers = range(first, min(first + batch, articles))
        added = store.add(
            [make_article([LINE.format(n=n)], doc=f"r{n}.txt", title=None) for n in numbers]
        )
        items = []
        for n, a in zip(numbers, added, strict=True):
            share = n % 20
            if share < 12:
                items.append((a.article_id, _annotation(n, "en")))
            elif share < 16:
                items.append((a.article_id, _annotation(n, "ru")))
            elif share < 19:
                items.append((a.article_id, _skipped("de")))
        store.add_annotations(items)


def median_ms(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--db", type=Path, default=None, help="store file (default: temporary)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "coverage.db"
        with Store.open(str(path)) as store:
            if store.count_articles() < args.articles:
                started = time.perf_counter()
                build(store, args.articles)
                print(f"built {args.articles:,} articles in {time.perf_counter() - started:.1f} s")
            print(query.coverage_line(query.coverage(store, found=False)))
            line = median_ms(lambda: query.coverage(store, found=False), args.runs)
            overview = median_ms(store.corpus_overview, args.runs)
            full = median_ms(lambda: query.coverage(store), args.runs)
            totals = median_ms(store.count_findings, args.runs)
            # a claims page of Russian claims: the names and figures beside each quote
            claims = query.claims(store, limit=5 * QUERY_PAGE)
            states = store.annotation_states(c.article_id for c in claims)
            russian = [c for c in claims if states[c.article_id][0] == "ru"][:QUERY_PAGE]
            asides = median_ms(lambda: query.finding_asides(store, russian), args.runs)
            page = median_ms(lambda: query.claims(store, limit=QUERY_PAGE), args.runs)
    print(f"{'measure':<40} {'median ms':>10} {'ratio':>7}")
    print(f"{'baseline: corpus_overview':<40} {overview:>10.2f} {1:>7.2f}")
    print(f"{'coverage line (found=False)':<40} {line:>10.2f} {line / overview:>7.2f}")
    print(f"{'baseline: count_findings':<40} {totals:>10.2f} {1:>7.2f}")
    print(f"{'coverage summary (found=True)':<40} {full:>10.2f} {full / totals:>7.2f}")
    print(f"{f'baseline: claims page ({QUERY_PAGE} rows)':<40} {page:>10.2f} {1:>7.2f}")
    label = f"asides of {len(russian)} Russian quotes"
    print(f"{label:<40} {asides:>10.2f} {asides / page:>7.2f}")


if __name__ == "__main__":
    main()
