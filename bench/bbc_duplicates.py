"""Duplicate and near-duplicate detection on the BBC News corpus (2,223 stories, 2004-05).

Data: ``bbc-news-2225/{topic}/NNN.txt`` (headline, blank line, paragraphs). Its
README counts 77 exact-duplicate pairs (whole file, whitespace-normalised): the
positive gold for ``identical text``. Every story goes through watchfloor's text
cleaner (``watchfloor.ingest.cleaned``) and :func:`watchfloor.link.report_text`,
then into one :class:`watchfloor.link.RecycledIndex`, as ingest would do.

1. Exact duplicates: are the 77 pairs found, and what else is reported among the
   original stories? Pairs whose bodies are identical under a different headline
   (the BBC re-titled a story) are counted apart: they *are* copies of one text.
2. Synthetic near-duplicates (seeded): for ``--variants`` stories outside the
   duplicate groups, one edited copy each, at one of three strengths
   (light: drop 1 sentence, 1 boilerplate line, swap 2 paragraphs; medium: drop
   15 % of sentences, 2 boilerplate lines, shuffle paragraphs; heavy: drop 35 %,
   3 lines, shuffle). A relation of a variant is right when the other side is its
   original. Recall per strength, precision over all relations of variants.
3. The Jaccard distributions the confirming threshold rests on: variants against
   their originals, and the most similar pairs of *distinct* original stories
   (candidates from an LSH at 0.2, exact Jaccard).

``--uncited`` also calls pairs ``derived`` on two shared quotations + rare names
without any citation (off by default), to show what that rule would add.

    .venv/bin/python bench/bbc_duplicates.py [--data DIR] [--variants 600] [--seed 2005]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

BOILERPLATE = [
    "Share this story: Facebook | Twitter | Email",
    "Sign up for our daily newsletter to get the top stories in your inbox.",
    "Copyright 2005 Newsroll Europe. All rights reserved.",
    "Follow us on Twitter for the latest updates.",
    "Read more: our full coverage of this story",
    "Advertisement",
    "This article was updated at 14:05 GMT with new comments.",
    "Have your say: send us your views using the form below.",
]
LEVELS = {  # name: (share of sentences dropped, min dropped, boilerplate lines, full shuffle)
    "light": (0.0, 1, 1, False),
    "medium": (0.15, 1, 2, True),
    "heavy": (0.35, 2, 3, True),
}
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def load(data: Path) -> dict[str, str]:
    folder = data / "bbc-news-2225"
    return {
        f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(folder.glob("*/*.txt"))
    }


def variant(text: str, level: str, rng: random.Random) -> str:
    """An edited copy: sentences dropped, boilerplate lines added, paragraphs moved."""
    share, least, extra, shuffle = LEVELS[level]
    headline, _, rest = text.partition("\n")
    paragraphs = [p.strip() for p in rest.split("\n\n") if p.strip()]
    sentences = [(i, s) for i, p in enumerate(paragraphs) for s in _SENTENCE.split(p)]
    drop = set(
        rng.sample(
            range(len(sentences)),
            min(len(sentences) - 1, max(least, round(share * len(sentences)))),
        )
    )
    kept: dict[int, list[str]] = defaultdict(list)
    for n, (i, s) in enumerate(sentences):
        if n not in drop:
            kept[i].append(s)
    out = [" ".join(kept[i]) for i in range(len(paragraphs)) if kept[i]]
    if shuffle:
        rng.shuffle(out)
    elif len(out) >= 2:
        i, j = rng.sample(range(len(out)), 2)
        out[i], out[j] = out[j], out[i]
    for line in rng.sample(BOILERPLATE, extra):
        out.insert(rng.choice([0, len(out)]), line)
    return headline + "\n\n" + "\n\n".join(out) + "\n"


def percentiles(values: list[float]) -> str:
    if not values:
        return "-"
    v = sorted(values)
    pick = [v[0], v[len(v) // 20], v[len(v) // 2], v[-1]]
    return "min {:.2f}  p5 {:.2f}  median {:.2f}  max {:.2f}".format(*pick)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--variants", type=int, default=600)
    parser.add_argument("--seed", type=int, default=2005)
    parser.add_argument(
        "--uncited",
        action="store_true",
        help="also call pairs derived on shared quotations + rare names without a citation",
    )
    args = parser.parse_args(argv)

    from datasketch import MinHashLSH

    from watchfloor.ingest import cleaned
    from watchfloor.link import RecycledIndex, RecycledOptions, ReportText, report_text
    from watchfloor.link.recycled import words
    from watchfloor.records import DocKind, RawDoc, SourceError

    texts = load(args.data)
    if not texts:
        print(
            f"BBC corpus not found in {args.data / 'bbc-news-2225'}: pass --data DIR",
            file=sys.stderr,
        )
        return 2

    # gold: whole file equal after whitespace normalisation (the README's definition)
    by_text: dict[str, list[str]] = defaultdict(list)
    for name, text in texts.items():
        by_text[" ".join(text.split())].append(name)
    gold = {
        frozenset((g[i], g[j]))
        for g in by_text.values()
        for i in range(len(g))
        for j in range(i + 1, len(g))
    }
    in_groups = {n for pair in gold for n in pair}

    def pair(a: str, b: str) -> str:
        """Two stories with their headlines, for judging a pair by eye."""
        return f"{a} '{texts[a].partition(chr(10))[0]}' / {b} '{texts[b].partition(chr(10))[0]}'"

    def body(text: str) -> str:
        return " ".join(text.partition("\n")[2].split())

    rng = random.Random(args.seed)
    pool = [n for n in texts if n not in in_groups and len(_SENTENCE.split(body(texts[n]))) >= 4]
    chosen = rng.sample(pool, min(args.variants, len(pool)))
    names = list(LEVELS)
    variants = {
        f"variant-{names[i % 3]}:{n}": (n, names[i % 3], variant(texts[n], names[i % 3], rng))
        for i, n in enumerate(chosen)
    }

    def report(name: str, text: str) -> ReportText | None:
        article = cleaned(RawDoc(origin=name, name=name, kind=DocKind.TEXT, text=text))
        return None if isinstance(article, SourceError) else report_text(article)

    started = time.perf_counter()
    reports = {n: report(n, t) for n, t in texts.items()}
    reports.update({n: report(n, v[2]) for n, v in variants.items()})
    clean_s = time.perf_counter() - started
    failed = [n for n, r in reports.items() if r is None]

    index = RecycledIndex(RecycledOptions(derived_without_citation=args.uncited))
    relations = []
    started = time.perf_counter()
    for name, rep in reports.items():
        if rep is not None:
            relations.extend(index.add(name, rep))
    index_s = time.perf_counter() - started
    n_added = sum(r is not None for r in reports.values())

    print(
        f"BBC News: {len(texts)} stories + {len(variants)} variants; cleaning {clean_s:.1f} s, "
        f"index {index_s:.1f} s ({1000 * index_s / max(1, n_added):.2f} ms/article); "
        f"{len(failed)} not cleaned {failed[:3]}"
    )
    opts = index.options
    print(
        f"options: {opts.shingle_words}-word shingles, {opts.num_perm} permutations, LSH at "
        f"{opts.lsh_threshold}, confirmed at Jaccard >= {opts.near_duplicate_jaccard}"
    )

    # The reference for "same text" among the originals, independent of the index's
    # LSH: candidates from an LSH at 0.2 (far below the index's), exact Jaccard.
    k = opts.shingle_words

    def shingles(rep: ReportText) -> set[str]:
        w = words(rep.body)
        return {" ".join(w[i : i + k]) for i in range(max(1, len(w) - k + 1))}

    def jac(x: set[str], y: set[str]) -> float:
        return len(x & y) / len(x | y) if x | y else 0.0

    from datasketch import MinHash

    lsh = MinHashLSH(threshold=0.2, num_perm=128)
    sets = {
        n: shingles(r) for n, r in reports.items() if r is not None and not n.startswith("variant")
    }
    close: dict[frozenset[str], float] = {}
    for n, s in sets.items():
        m = MinHash(num_perm=128)
        m.update_batch([x.encode() for x in s])
        for other in lsh.query(m):
            close[frozenset((n, other))] = jac(s, sets[other])
        lsh.insert(n, m)
    same = {p for p, j in close.items() if j >= opts.near_duplicate_jaccard}
    group: dict[str, set[str]] = defaultdict(set)
    for p in same | gold:
        a, b = tuple(p)
        group[a].add(b)
        group[b].add(a)

    # 1. exact duplicates among the originals
    originals = [
        r for r in relations if not r.a.startswith("variant") and not r.b.startswith("variant")
    ]
    pairs = {frozenset((r.a, r.b)) for r in originals}
    found = {frozenset((r.a, r.b)) for r in originals if r.evidence == "identical text"}
    print("\n1. original stories")
    print(f"  gold exact pairs found as 'identical text': {len(gold & found)} / {len(gold)}")
    if gold - pairs:
        print(f"  missed: {sorted(tuple(sorted(p)) for p in gold - pairs)[:10]}")
    others = [r for r in originals if frozenset((r.a, r.b)) not in gold]
    retitled = [r for r in others if body(texts[r.a]) == body(texts[r.b])]
    print(
        f"  other pairs reported: {len(others)}, of which identical body under another headline: "
        f"{len(retitled)} (e.g. {retitled[0].a} '{texts[retitled[0].a].partition(chr(10))[0]}' = "
        f"{retitled[0].b} '{texts[retitled[0].b].partition(chr(10))[0]}')"
    )
    rest = [r for r in others if r not in retitled]
    near_rest = [r for r in rest if r.kind == "near_duplicate"]
    in_ref = sum(frozenset((r.a, r.b)) in same for r in near_rest)
    print(
        f"  near_duplicate pairs with different bodies: {len(near_rest)}; in the reference "
        f"(exact Jaccard >= {opts.near_duplicate_jaccard}, LSH@0.2): {in_ref}; reference pairs "
        f"not found: {len(same - pairs)}"
    )
    near_j = [close.get(frozenset((r.a, r.b)), 0.0) for r in near_rest]
    bands = [(0.9, 1.01), (0.7, 0.9), (0.5, 0.7)]
    print(
        "  their exact Jaccard: "
        + ", ".join(
            f"[{lo}, {min(hi, 1.0)}{']' if hi > 1 else ')'} {sum(lo <= j < hi for j in near_j)}"
            for lo, hi in bands
        )
    )
    print("  lowest, to judge by eye (headlines):")
    for r in sorted(near_rest, key=lambda r: r.score)[:6]:
        print(f"    {r.score:.2f} {pair(r.a, r.b)}")
    derived = [r for r in rest if r.kind == "derived"]
    print(f"  derived pairs: {len(derived)}")
    for r in derived[:10]:
        print(f"    {r.a} ~ {r.b} {r.evidence[:100]}")
    print("  most similar pairs *below* the threshold (what it rightly leaves apart):")
    below = sorted(
        ((j, tuple(sorted(p))) for p, j in close.items() if j < opts.near_duplicate_jaccard),
        reverse=True,
    )
    for j, (a, b) in below[:4]:
        print(f"    {j:.3f} {pair(a, b)}")

    # 2. synthetic near-duplicates
    print(f"\n2. synthetic near-duplicates (seed {args.seed})")
    var_rel = [r for r in relations if r.a.startswith("variant") or r.b.startswith("variant")]

    def origin(name: str) -> str:
        return variants[name][0] if name.startswith("variant") else name

    def right(a: str, b: str) -> bool:
        # an edited copy of X is a copy of X, of X's copies and of their edited copies
        x, y = origin(a), origin(b)
        return x == y or y in group[x]

    hits = {
        r.a if r.a.startswith("variant") else r.b
        for r in var_rel
        if r.kind == "near_duplicate" and right(r.a, r.b)
    }
    for level in LEVELS:
        names_l = [v for v, (_, lv, _) in variants.items() if lv == level]
        got = sum(v in hits for v in names_l)
        print(f"  {level:<7} recall {got}/{len(names_l)} = {got / max(1, len(names_l)):.3f}")
    near_v = [r for r in var_rel if r.kind == "near_duplicate"]
    good = sum(right(r.a, r.b) for r in near_v)
    print(
        f"  near_duplicate precision {good}/{len(near_v)} = {good / max(1, len(near_v)):.3f}; "
        f"derived relations of variants: {sum(r.kind == 'derived' for r in var_rel)}"
    )
    for r in near_v:
        if not right(r.a, r.b):
            print(f"    wrong: {r.a} ~ {r.b} {r.evidence}")

    # 3. Jaccard distributions behind the threshold
    print("\n3. exact Jaccard of shingle sets")
    for level in LEVELS:
        js = [
            jac(shingles(reports[v]), shingles(reports[o]))  # type: ignore[arg-type]
            for v, (o, lv, _) in variants.items()
            if lv == level and reports[v] and reports[o]
        ]
        print(f"  variant vs original, {level:<7} {percentiles(js)}")
    distinct = [j for p, j in close.items() if p not in same and p not in gold]
    print(f"  distinct originals (LSH@0.2 candidates below threshold): {percentiles(distinct)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
