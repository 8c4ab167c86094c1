"""Claims and citations on the dev gold, by score.py's rules.

Builds each article's inputs the way ``nlp.annotate`` does (clean, spaCy
mentions, entities, times against the publication date), runs
``nlp.claims.find_claims`` / ``find_citations`` and scores them with the gold's
own ``score.py`` (its ``score`` function, imported from ``--gold``): claims
P/R/F1 (same line, same value or a value inside the gold range), the source and
``as_of`` accuracy of the matched claims, and citations P/R/F1 (distinct cited
names, loosely matched).

The cleaner cannot read a publication date from two of the three gold articles,
so their relative dates stay unresolved and ``as_of`` falls back to nothing.
``--published gold`` resolves times against the gold's publication date
instead, which measures the claim layer apart from that gap; ``--published
article`` (the default) is what a user gets.

    .venv/bin/python bench/claims_gold.py [--published article|gold] [--show]
        [--gold ../shared/gold] [--corpus ../shared/corpus] [--pred FILE]
    .venv/bin/python bench/claims_gold.py --show examples/belarus-2022/*.txt  # unseen text

``--show`` prints every predicted claim and citation (and, for gold articles,
the gold ones missed), which is what to read when a rule is changed.
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


def load_score(gold: Path) -> Any:
    spec = importlib.util.spec_from_file_location("gold_score", gold / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no score.py in {gold}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(
    files: Sequence[str], *, published: dict[str, str | None] | None = None
) -> list[tuple[Any, list[Any], list[Any]]]:
    """(article, claims, citations) for every article in ``files``.

    ``published`` overrides an article's publication date by its ``doc`` name.
    """
    from watchfloor.ingest import annotate, read_articles
    from watchfloor.nlp.annotate import place_patterns
    from watchfloor.nlp.claims import find_citations, find_claims
    from watchfloor.nlp.gazetteer import Gazetteer
    from watchfloor.nlp.pipeline import annotate_articles
    from watchfloor.records import Article
    from watchfloor.sources import SourceOptions

    articles = [
        a for a in read_articles(list(files), options=SourceOptions()) if isinstance(a, Article)
    ]
    if published:
        for a in articles:
            if a.doc in published:
                a.published = published[a.doc]
    annotations = annotate(articles, gazetteer=Gazetteer.open())
    spacy_found = annotate_articles(articles, extra_place_patterns=place_patterns())
    out = []
    for article, annotation, found in zip(articles, annotations, spacy_found, strict=True):
        claims = find_claims(
            article, mentions=found.mentions, entities=annotation.entities, times=annotation.times
        )
        citations = find_citations(article, mentions=found.mentions, entities=annotation.entities)
        out.append((article, claims, citations))
    return out


def _show(results: list[tuple[Any, list[Any], list[Any]]], gold_docs: dict[str, Any]) -> None:
    from watchfloor.jsonform import citation_json, claim_json

    for article, claims, citations in results:
        print(f"== {article.doc} (published {article.published}, outlet {article.outlet})")
        gold = gold_docs.get(article.doc, {})
        for c in claims:
            r = claim_json(c)
            value = r["value"] if r["value"] is not None else f"{r['value_low']}..{r['value_high']}"
            print(
                f"  + {r['line']:>3} {value!s:>9} {r['unit']:<10} {'~' if r['hedged'] else ' '} "
                f"{r['as_of']!s:<10} {r['source']!s} [{r['source_type']}]"
                f"{' via ' + r['via'] if r['via'] else ''} | {r['subject']} | {r['quote']!r}"
            )
        for g in gold.get("claims", []):
            hit = any(
                c.mention.line == g["line"] and load_score(DEFAULT_GOLD).value_eq(g, claim_json(c))
                for c in claims
            )
            if not hit:
                print(f"  !G{g['line']:>3} {g['value']} {g['source']} | {g['quote']!r}")
        for x in citations:
            r = citation_json(x)
            print(f"  @ {r['line']:>3} {r['kind']:<14} {r['cited']}")
        for g in gold.get("citations", []):
            print(f"   G{g['line']:>3} {g['kind']:<14} {g['cited']}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("files", nargs="*", help="articles (default: the gold articles of --corpus)")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--published", choices=("article", "gold"), default="article")
    ap.add_argument("--show", action="store_true", help="print predicted claims and citations")
    ap.add_argument("--pred", type=Path, help="also write predictions as JSON lines here")
    ap.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    args = ap.parse_args(argv)

    from watchfloor.jsonform import citation_json, claim_json

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

    preds = {
        a.doc: {
            "doc": a.doc,
            "claims": [claim_json(c) for c in claims],
            "citations": [citation_json(x) for x in citations],
        }
        for a, claims, citations in results
    }
    if args.pred:
        args.pred.write_text(
            "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds.values()),
            encoding="utf-8",
        )
    if args.show:
        _show(results, gold_docs)

    scored = {doc: g for doc, g in gold_docs.items() if doc in preds}
    if not scored:
        return 0
    result = load_score(args.gold).score(scored, preds)
    keys = ("claims", "claim_source", "claim_as_of", "citations")
    row = {k: result[k] for k in keys}
    if args.json:
        print(json.dumps(row))
    else:
        c, x = row["claims"], row["citations"]
        s, t = row["claim_source"], row["claim_as_of"]
        print(
            f"articles {len(scored)}  published={args.published}\n"
            f"  claims     P={c['p']} R={c['r']} F1={c['f1']} "
            f"(tp={c['tp']} fp={c['fp']} fn={c['fn']})\n"
            f"  source     acc={s['acc']} (n={s['n']})   as_of acc={t['acc']} (n={t['n']})\n"
            f"  citations  P={x['p']} R={x['r']} F1={x['f1']} "
            f"(tp={x['tp']} fp={x['fp']} fn={x['fn']})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
