"""Independent sources per estimate series on the shipped examples, with the reasons.

Ingests ``examples/belarus-2022`` (the default theatre) and ``examples/karabakh-2020``
(with its own theatre, ``examples/karabakh-2020/theatre``), each into a fresh temporary
SQLite store with the language stages on, then prints, per estimate series, its claims,
the distinct sources named (speaker or body, else the publisher, else the article), and
how many are independent (``link.independence``); every claim that does not count is
listed with the reason. Then the statements reported by more than one article, with
the same counts. A reader checks the table against the articles by hand.

    PYTHONPATH=src .venv/bin/python bench/series_sources.py [--min-claims 2] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any

from watchfloor import query
from watchfloor.ingest import ingest
from watchfloor.store import Store
from watchfloor.theatres import load_theatre

ROOT = Path(__file__).resolve().parents[1]
SITUATIONS = (
    ("belarus-2022", ROOT / "examples" / "belarus-2022", "belarus-2022"),
    (
        "karabakh-2020",
        ROOT / "examples" / "karabakh-2020",
        str(ROOT / "examples/karabakh-2020/theatre"),
    ),
)


def _named(claim: query.ClaimRow) -> str:
    return claim.source or claim.outlet or f"article {claim.article_id}"


def situation(name: str, folder: Path, theatre: str, *, min_claims: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(str(Path(tmp) / "bench.db"))
        try:
            ingest([str(folder)], store=store, theatre=load_theatre(theatre), nlp=True)
            articles = query.latest(store, limit=1000)
            series = query.estimates(store)
            statements = query.statements(store)
        finally:
            store.close()
    out: dict[str, Any] = {
        "situation": name,
        "articles": len(articles),
        "with_publisher": sum(1 for a in articles if a.outlet),
        "series": [],
        "statements": [],
    }
    for s in series:
        if len(s.estimates) < min_claims:
            continue
        out["series"].append(
            {
                "series": s.label,
                "claims": len(s.estimates),
                "distinct_sources": len({_named(e.claim).casefold() for e in s.estimates}),
                "independent": s.sources,
                "not_counted": [
                    {
                        "article": e.claim.article_id,
                        "figure": e.claim.figure,
                        "source": _named(e.claim),
                        # getattr: the same script measures the code before ``reason`` existed
                        "reason": getattr(e, "reason", "") or f"recycled from {e.echo_of}",
                    }
                    for e in s.estimates
                    if not e.independent
                ],
            }
        )
    seen: set[tuple[int, int]] = set()
    for st in statements:
        if getattr(st, "reports", 1) < 2 or (st.group, st.article_id) in seen:
            continue
        seen.add((st.group, st.article_id))
        out["statements"].append(
            {
                "group": st.group,
                "speaker": st.speaker,
                "article": st.article_id,
                "outlet": st.outlet,
                "reports": st.reports,
                "independent": st.sources,
                "reason": st.reason,
                "content": st.content[:80],
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--min-claims", type=int, default=2, help="series with fewer are left out")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    results = []
    for name, folder, theatre in SITUATIONS:
        found = situation(name, folder, theatre, min_claims=args.min_claims)
        results.append(found)
        print(
            f"\n## {name}: {found['articles']} articles, "
            f"{found['with_publisher']} with a publisher\n"
        )
        print("| series | claims | distinct sources | independent |")
        print("|---|---:|---:|---:|")
        for s in found["series"]:
            print(
                f"| {s['series']} | {s['claims']} | {s['distinct_sources']} | {s['independent']} |"
            )
        print()
        for s in found["series"]:
            for n in s["not_counted"]:
                print(
                    f"- {s['series']}: {n['figure']} ({n['source']}, article {n['article']})"
                    f" not counted: {n['reason']}"
                )
        if found["statements"]:
            print("\nStatements reported by more than one article:\n")
            for st in found["statements"]:
                why = f" — not counted: {st['reason']}" if st["reason"] else ""
                print(
                    f"- [{st['group']}] {st['speaker']} (article {st['article']}, "
                    f"{st['outlet'] or 'no publisher'}): {st['reports']} reports, "
                    f"{st['independent']} independent{why}: “{st['content']}”"
                )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
