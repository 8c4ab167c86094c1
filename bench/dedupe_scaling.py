"""Time per added article as the recycled-reporting index grows (Reuters-21578).

Every story is read with ``bench/reuters_ingest.py``'s reader, cleaned with
``watchfloor.ingest.cleaned`` and turned into a :class:`watchfloor.link.ReportText`
*before* the clock starts; only :meth:`RecycledIndex.add` is timed. The mean
time per add is printed for each decile of the run with the index size at its end:
a flat column means the per-article cost does not grow with the store.

Baseline, in the same run: brute force over the first ``--prefix`` stories, each
new story's shingle set compared (exact Jaccard) with every earlier one's, the way
a store without an index would have to. Its time per article grows linearly.
At the end: relations found, the size of the pickled state and the time to
serialise/restore it.

    .venv/bin/python bench/dedupe_scaling.py [--limit N] [--prefix 3000] [--data DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reuters_ingest import DEFAULT_DATA, corpus_files, iter_stories, story_doc


def deciles(times: list[float], parts: int = 10) -> list[tuple[int, float]]:
    """(size of the index at the end of the part, mean ms per add) for each part."""
    out = []
    n = len(times)
    for i in range(parts):
        lo, hi = n * i // parts, n * (i + 1) // parts
        if hi > lo:
            out.append((hi, 1000 * sum(times[lo:hi]) / (hi - lo)))
    return out


def medians(times: list[float], parts: int = 10) -> list[float]:
    """Median ms per add in each part: robust to the garbage collector's pauses."""
    n = len(times)
    return [
        1000 * statistics.median(times[n * i // parts : n * (i + 1) // parts])
        for i in range(parts)
        if n * (i + 1) // parts > n * i // parts
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N stories")
    parser.add_argument("--prefix", type=int, default=3000, help="brute-force baseline size")
    args = parser.parse_args(argv)

    from watchfloor.ingest import cleaned
    from watchfloor.link import RecycledIndex, report_text
    from watchfloor.link.recycled import words
    from watchfloor.records import SourceError

    paths = corpus_files(args.data)
    if not paths:
        print(
            f"Reuters-21578 not found in {args.data / 'reuters-21578'}: pass --data DIR",
            file=sys.stderr,
        )
        return 2

    started = time.perf_counter()
    reports = []
    for story in iter_stories(paths):
        article = cleaned(story_doc(*story))
        if not isinstance(article, SourceError):
            reports.append(report_text(article))
        if args.limit and len(reports) >= args.limit:
            break
    print(
        f"Reuters-21578: {len(reports)} cleaned stories (read + clean "
        f"{time.perf_counter() - started:.0f} s, untimed)"
    )

    index = RecycledIndex()
    times: list[float] = []
    kinds: Counter[str] = Counter()
    examples = []
    near_pairs: set[frozenset[str]] = set()
    clock = time.perf_counter
    for n, report in enumerate(reports):
        t0 = clock()
        found = index.add(f"{n}:{report.doc}", report)
        times.append(clock() - t0)
        for r in found:
            kinds[r.kind + (" (identical)" if r.evidence == "identical text" else "")] += 1
            if r.kind == "near_duplicate":
                near_pairs.add(frozenset((r.a, r.b)))
            if len(examples) < 6 and r.evidence != "identical text":
                examples.append(r)

    k = index.options.shingle_words
    prefix = reports[: args.prefix]
    brute: list[float] = []
    seen: list[set[str]] = []
    brute_pairs: set[frozenset[str]] = set()
    for report in prefix:
        t0 = clock()
        w = words(report.body)
        s = {" ".join(w[i : i + k]) for i in range(max(1, len(w) - k + 1))}
        if len(w) >= index.options.min_words:
            for j, other in enumerate(seen):
                if len(s & other) >= index.options.near_duplicate_jaccard * len(s | other):
                    brute_pairs.add(frozenset((report.doc, prefix[j].doc)))
        seen.append(s if len(w) >= index.options.min_words else set())
        brute.append(clock() - t0)

    print("\nms per added article, by decile (index size at the end of the decile)")
    print(f"{'index: size':>14}{'ms/add':>9}{'median':>9}   {'brute force: size':>18}{'ms/add':>9}")
    rows = deciles(times)
    mid = medians(times)
    base = deciles(brute)
    for i in range(max(len(rows), len(base))):
        left = f"{rows[i][0]:>14}{rows[i][1]:9.3f}{mid[i]:9.3f}" if i < len(rows) else " " * 32
        right = f"{base[i][0]:>18}{base[i][1]:9.3f}" if i < len(base) else ""
        print(f"{left}   {right}")
    pre = deciles(times[: len(prefix)])
    print(
        f"index on the same {len(prefix)}-story prefix: "
        + " / ".join(f"{ms:.3f}" for _, ms in pre)
        + " ms/add"
    )
    total = sum(times)
    print(
        f"\nindex: {len(reports)} adds in {total:.1f} s ({1000 * total / max(1, len(reports)):.2f} "
        f"ms/add); first decile {rows[0][1]:.3f} ms, last {rows[-1][1]:.3f} ms "
        f"(x{rows[-1][1] / rows[0][1]:.2f})"
    )
    print(
        f"brute force: {len(prefix)} adds in {sum(brute):.1f} s; last decile {base[-1][1]:.3f} ms "
        f"= x{base[-1][1] / pre[-1][1]:.0f} the index on the same prefix; "
        f"{len(brute_pairs)} pairs at Jaccard >= {index.options.near_duplicate_jaccard}"
    )
    in_prefix = {r.doc for r in prefix}
    mine = {p for p in near_pairs if p <= in_prefix}
    print(
        f"near_duplicate pairs within the prefix: index {len(mine)}, brute force "
        f"{len(brute_pairs)}, both {len(mine & brute_pairs)} (LSH recall "
        f"{len(mine & brute_pairs) / max(1, len(brute_pairs)):.3f})"
    )
    print(f"relations: {dict(kinds)}")
    for r in examples:
        print(f"  {r.kind} {r.a} ~ {r.b}: {r.evidence[:110]}")

    t0 = clock()
    state = index.to_bytes()
    dump_s = clock() - t0
    t0 = clock()
    restored = RecycledIndex.from_bytes(state)
    load_s = clock() - t0
    assert len(restored) == len(index)
    print(
        f"state: {len(state) / 2**20:.1f} MiB pickled; to_bytes {dump_s:.2f} s, "
        f"from_bytes {load_s:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
