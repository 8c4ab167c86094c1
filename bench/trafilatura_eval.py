"""Main-content extraction on trafilatura's own evaluation corpus (990 web pages).

Scores watchfloor's HTML stage against plain trafilatura, in one process, on
``../shared/data/trafilatura-eval`` exactly as trafilatura's
``tests/eval_common.py`` does:

* every text is whitespace-normalised (``re.sub(r"\\s+", " ", t).strip()``), the
  extractor output and the segments alike;
* per page, TP = "with" segments found (as substrings) in the output, FN = the
  rest of "with", FP = "without" segments found, TN = the rest of "without"; a
  crash or an empty/None output finds nothing (all "with" are FN, all
  "without" TN);
* the counts are summed over the corpus (micro-average): P = TP/(TP+FP),
  R = TP/(TP+FN), accuracy = (TP+TN)/all, F = 2PR/(P+R);
* time is the extraction call only (not scoring), as in upstream ``evaluate.py``;
  upstream's "Diff." column is time relative to ``trafilatura.baseline``, which
  is run here too so that ratio can be compared.

Systems:

``raw HTML``            the decoded page (upstream "everything"): checks the scorer
                        against the published 0.667.
``baseline``            ``trafilatura.baseline`` (upstream's timing reference, 1x).
``trafilatura``         ``extract(bytes, fast=False, include_comments=False,
                        include_tables=True, include_formatting=False)``: upstream's
                        "standard" setting, the published 0.924 row.
``trafilatura defaults`` ``extract(bytes)``: the library's defaults, which keep comments.
``watchfloor``          ``clean_html`` on the page decoded as watchfloor decodes it;
                        scored on its TITLE + BODY lines (what is stored as the article)
                        and on its body alone (``Article.body``: what search and NLP read).

Metadata: 727 pages of ``evaldata.json`` carry a gold date and 845 a gold title;
watchfloor's ``Article.published`` / ``Article.title`` and trafilatura's
``extract_metadata(bytes)`` are compared with them (dates: the same day; titles:
equal after whitespace normalisation, and whether the gold title occurs inside the
predicted one, which shows site names left in the title).

    .venv/bin/python bench/trafilatura_eval.py [--limit N] [--data DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import logging
import platform
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

# Published scores (trafilatura docs "Results (2026-08-04)", 990 documents): P, R, Acc, F.
PUBLISHED: list[tuple[str, float, float, float, float]] = [
    ("trafilatura 2.2.0 (standard)", 0.906, 0.943, 0.923, 0.924),
    ("trafilatura 2.2.0 (fast)", 0.907, 0.930, 0.917, 0.918),
    ("news-please 1.6.16", 0.932, 0.758, 0.852, 0.836),
    ("readability-lxml 0.8.4.1", 0.898, 0.764, 0.839, 0.826),
    ("baseline (text markup)", 0.767, 0.869, 0.803, 0.815),
    ("newspaper4k 0.9.6", 0.878, 0.736, 0.817, 0.801),
    ("raw HTML", 0.528, 0.906, 0.549, 0.667),
]

Counts = tuple[int, int, int, int]


def norm(text: str) -> str:
    """Whitespace-normalise, as upstream ``eval_common.norm``."""
    return re.sub(r"\s+", " ", text).strip()


def count_item(item: dict[str, Any], result: str | None) -> Counts:
    """(tp, fp, fn, tn) of one page, as upstream ``eval_common.count_item``."""
    if isinstance(result, str) and result:
        resn = norm(result)
        tp = sum(1 for w in item["with"] if norm(w) in resn)
        fp = sum(1 for w in item["without"] if norm(w) in resn)
    else:
        tp = fp = 0
    return tp, fp, len(item["with"]) - tp, len(item["without"]) - fp


@dataclass
class Tally:
    """A system's confusion counts, time and failures over the corpus."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    seconds: float = 0.0
    pages: int = 0
    errors: int = 0
    empty: int = 0
    first_error: str | None = None

    def add(self, counts: Counts) -> None:
        tp, fp, fn, tn = counts
        self.tp += tp
        self.fp += fp
        self.fn += fn
        self.tn += tn

    def scores(self) -> tuple[float, float, float, float]:
        """precision, recall, accuracy, F1 (0.0 on an empty denominator)."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        total = self.tp + self.fp + self.fn + self.tn
        acc = (self.tp + self.tn) / total if total else 0.0
        f = 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0
        return p, r, acc, f

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.seconds / self.pages if self.pages else 0.0


@dataclass
class FieldTally:
    """A metadata field against the gold value: exact match (dates: same day)."""

    gold: int = 0  # pages with a gold value
    predicted: int = 0  # of those, pages where the system gave a value
    correct: int = 0  # exact (whitespace-normalised; dates: same day)
    contained: int = 0  # the gold value occurs inside the predicted one
    misses: list[tuple[str, str, str | None]] = field(default_factory=list)

    def add(self, url: str, gold: str, predicted: str | None, *, date: bool = False) -> None:
        self.gold += 1
        if not predicted:
            self.misses.append((url, gold, predicted))
            return
        self.predicted += 1
        got = predicted[:10] if date else norm(predicted)
        want = gold if date else norm(gold)
        if got == want:
            self.correct += 1
        else:
            self.misses.append((url, gold, predicted))
        if want in got:
            self.contained += 1


def load_corpus(folder: Path, limit: int | None) -> list[tuple[str, dict[str, Any], bytes]]:
    """(url, annotations, page bytes), in evaldata.json's order."""
    evaldata: dict[str, dict[str, Any]] = json.loads(
        (folder / "evaldata.json").read_text(encoding="utf-8")
    )
    items = list(evaldata.items())[:limit] if limit else list(evaldata.items())
    corpus = []
    for url, item in items:
        path = folder / "html" / f"{item['file']}.gz"
        corpus.append((url, item, gzip.decompress(path.read_bytes())))
    return corpus


def page_decoder() -> tuple[str, Callable[[bytes], str]]:
    """How watchfloor turns page bytes into text, as its file source does for .html.

    That is ``decode_bytes(html_bytes(data), declared=declared_in_markup(data))``; it raises
    InputError on input it takes for binary, which scores as a crash. Before
    ``watchfloor.sources.encoding`` existed, trafilatura's own decoder stood in.
    """
    try:
        from watchfloor.sources.encoding import declared_in_markup, decode_bytes, html_bytes
    except ImportError:
        from trafilatura.utils import decode_file

        return "trafilatura.utils.decode_file (watchfloor.sources.encoding absent)", decode_file

    def decode(data: bytes) -> str:
        return decode_bytes(html_bytes(data), declared=declared_in_markup(data), origin="bench")

    return "watchfloor.sources.encoding.decode_bytes + html_bytes + declared_in_markup", decode


def run_benchmark(
    corpus: list[tuple[str, dict[str, Any], bytes]],
    *,
    progress: bool = True,
    misses: Path | None = None,
) -> dict[str, Any]:
    import trafilatura
    from trafilatura import baseline, extract
    from trafilatura.utils import decode_file

    from watchfloor.clean.html import clean_html
    from watchfloor.records import LineRole

    decoder_name, decode = page_decoder()

    def wf_article(data: bytes) -> Any:
        return clean_html(decode(data), doc="page.html", origin="bench")

    runners: dict[str, Callable[[bytes], Any]] = {
        "raw HTML": decode_file,
        "baseline": lambda data: baseline(data)[1],
        "trafilatura": lambda data: extract(
            data,
            fast=False,
            include_comments=False,
            include_tables=True,
            include_formatting=False,
        ),
        "trafilatura defaults": extract,
        "watchfloor": wf_article,
    }
    # Pay imports and one-time set-up before timing, as upstream's warm_up does.
    for fn in runners.values():
        with contextlib.suppress(Exception):
            fn(b"<html><body><p>warm-up text for the extractors</p></body></html>")

    tallies: dict[str, Tally] = {
        name: Tally()
        for name in [*runners, "watchfloor title+body", "watchfloor body only"]
        if name != "watchfloor"
    }
    fields = {
        f"{what} {system}": FieldTally()
        for what in ("date", "title")
        for system in ("watchfloor", "trafilatura metadata")
    }
    meta_seconds = 0.0
    meta_pages = 0
    miss_rows: list[dict[str, Any]] = []

    for i, (url, item, data) in enumerate(corpus, 1):
        if progress and i % 100 == 0:
            print(f"  {i}/{len(corpus)} pages", file=sys.stderr, flush=True)
        outputs: dict[str, str | None] = {}
        wf_published: str | None = None
        wf_title: str | None = None
        for name, fn in runners.items():
            start = time.perf_counter()
            error: Exception | None = None
            try:
                result = fn(data)
            except Exception as exc:  # a crash scores as a full miss, as upstream
                result, error = None, exc
            elapsed = time.perf_counter() - start
            if name == "watchfloor":
                if result is None:
                    texts: dict[str, str | None] = {
                        "watchfloor title+body": None,
                        "watchfloor body only": None,
                    }
                else:
                    keep = (LineRole.TITLE, LineRole.BODY)
                    texts = {
                        "watchfloor title+body": "\n".join(
                            line.text for line in result.lines if line.role in keep
                        ),
                        "watchfloor body only": result.body,
                    }
                    wf_published, wf_title = result.published, result.title
            else:
                texts = {name: result}
            for key, text in texts.items():
                tally = tallies[key]
                tally.pages += 1
                tally.seconds += elapsed
                if error is not None:
                    tally.errors += 1
                    tally.first_error = tally.first_error or f"{item['file']}: {error!r}"
                elif not text:
                    tally.empty += 1
                tally.add(count_item(item, text))
                outputs[key] = text
        gold_date = item.get("date") or ""
        gold_date = gold_date if len(gold_date) == 10 else ""  # one is malformed: '2022-11-1'
        gold_title = item.get("title") or ""
        if gold_date or gold_title:
            start = time.perf_counter()
            try:
                meta = trafilatura.extract_metadata(data)
                meta_date, meta_title = meta.date, meta.title
            except Exception:
                meta_date = meta_title = None
            meta_seconds += time.perf_counter() - start
            meta_pages += 1
            if gold_date:
                fields["date watchfloor"].add(url, gold_date, wf_published, date=True)
                fields["date trafilatura metadata"].add(url, gold_date, meta_date, date=True)
            if gold_title:
                fields["title watchfloor"].add(url, gold_title, wf_title)
                fields["title trafilatura metadata"].add(url, gold_title, meta_title)
        if misses is not None:
            miss_rows.append(_diff_row(url, item, outputs))

    if misses is not None:
        with misses.open("w", encoding="utf-8") as out:
            for row in miss_rows:
                if row["differs"]:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")

    return {
        "tallies": tallies,
        "fields": fields,
        "meta_ms": 1000 * meta_seconds / meta_pages if meta_pages else 0.0,
        "decoder": decoder_name,
    }


def _diff_row(url: str, item: dict[str, Any], outputs: dict[str, str | None]) -> dict[str, Any]:
    """Which segments trafilatura and watchfloor score differently on one page."""
    found: dict[str, dict[str, list[str]]] = {}
    for key in ("trafilatura", "watchfloor title+body", "watchfloor body only"):
        text = norm(outputs.get(key) or "")
        found[key] = {
            side: [s for s in item[side] if text and norm(s) in text]
            for side in ("with", "without")
        }
    ref = found["trafilatura"]
    wf = found["watchfloor title+body"]
    differs = any(
        set(ref[side]) != set(found[key][side])
        for key in ("watchfloor title+body", "watchfloor body only")
        for side in ("with", "without")
    )
    return {
        "url": url,
        "file": item["file"],
        "differs": differs,
        "with_lost": [s for s in ref["with"] if s not in wf["with"]],
        "with_gained": [s for s in wf["with"] if s not in ref["with"]],
        "without_added": [s for s in wf["without"] if s not in ref["without"]],
        "without_dropped": [s for s in ref["without"] if s not in wf["without"]],
        "body_only": found["watchfloor body only"],
        "trafilatura_chars": len(outputs.get("trafilatura") or ""),
        "watchfloor_chars": len(outputs.get("watchfloor title+body") or ""),
    }


def report(results: dict[str, Any], *, pages: int, data: Path) -> dict[str, Any]:
    tallies: dict[str, Tally] = results["tallies"]
    base_s = tallies["baseline"].seconds
    traf_s = tallies["trafilatura"].seconds
    segments_with = tallies["trafilatura"].tp + tallies["trafilatura"].fn
    segments_without = tallies["trafilatura"].fp + tallies["trafilatura"].tn
    print()
    print(
        f"trafilatura-eval: {pages} pages, {segments_with} 'with' and {segments_without} "
        f"'without' segments ({data / 'trafilatura-eval'})"
    )
    print(
        f"trafilatura {version('trafilatura')}, htmldate {version('htmldate')}, "
        f"lxml {version('lxml')}, Python {platform.python_version()}; "
        f"watchfloor pages decoded by {results['decoder']}"
    )
    print()
    header = (
        f"{'system (measured here)':<30}{'P':>7}{'R':>7}{'Acc':>7}{'F1':>7}"
        f"{'ms/page':>9}{'x base':>8}{'x traf':>8}{'err':>5}{'empty':>6}"
    )
    print(header)
    print("-" * len(header))
    summary: dict[str, Any] = {"pages": pages, "systems": {}, "published": {}}
    for name, t in tallies.items():
        p, r, acc, f = t.scores()
        xb = t.seconds / base_s if base_s else 0.0
        xt = t.seconds / traf_s if traf_s else 0.0
        print(
            f"{name:<30}{p:7.3f}{r:7.3f}{acc:7.3f}{f:7.3f}{t.ms_per_page:9.1f}"
            f"{xb:7.1f}x{xt:7.2f}x{t.errors:5d}{t.empty:6d}"
        )
        summary["systems"][name] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "accuracy": round(acc, 4),
            "f1": round(f, 4),
            "tp_fp_fn_tn": [t.tp, t.fp, t.fn, t.tn],
            "ms_per_page": round(t.ms_per_page, 2),
            "x_baseline": round(xb, 2),
            "x_trafilatura": round(xt, 2),
            "errors": t.errors,
            "empty": t.empty,
            "first_error": t.first_error,
        }
    print()
    print(f"{'published (upstream docs, 990 pages)':<30}{'P':>7}{'R':>7}{'Acc':>7}{'F1':>7}")
    for name, p, r, acc, f in PUBLISHED:
        print(f"{name:<30}{p:7.3f}{r:7.3f}{acc:7.3f}{f:7.3f}")
        summary["published"][name] = {"precision": p, "recall": r, "accuracy": acc, "f1": f}
    if pages < 990:
        print(f"(published figures are over all 990 pages; this run scored {pages})")
    print()
    print("metadata against the gold values of the pages that have one:")
    summary["metadata"] = {}
    for name, d in results["fields"].items():
        acc = d.correct / d.gold if d.gold else 0.0
        prec = d.correct / d.predicted if d.predicted else 0.0
        cover = d.predicted / d.gold if d.gold else 0.0
        line = (
            f"  {name:<28} accuracy {acc:.3f} ({d.correct}/{d.gold}), "
            f"precision {prec:.3f}, given {cover:.3f}"
        )
        if name.startswith("title"):
            line += f", gold title inside it {d.contained / d.gold if d.gold else 0.0:.3f}"
        print(line)
        summary["metadata"][name] = {
            "gold": d.gold,
            "predicted": d.predicted,
            "correct": d.correct,
            "contained": d.contained,
            "accuracy": round(acc, 4),
            "precision": round(prec, 4),
        }
    print(
        "  (dates: same day; titles: exact after whitespace normalisation. "
        f"trafilatura metadata {results['meta_ms']:.1f} ms/page, not in the table above)"
    )
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="the shared data folder (default: %(default)s)",
    )
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON")
    parser.add_argument(
        "--misses",
        type=Path,
        default=None,
        help="write, as JSONL, the pages where watchfloor and trafilatura find different segments",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)

    folder = args.data / "trafilatura-eval"
    if not (folder / "evaldata.json").is_file():
        print(
            f"trafilatura-eval not found at {folder}: pass --data DIR, the folder that holds "
            "trafilatura-eval/ (../shared/data by default)",
            file=sys.stderr,
        )
        return 2
    # trafilatura logs a warning per discarded page; upstream silences it the same way.
    logging.basicConfig(level=logging.CRITICAL)

    corpus = load_corpus(folder, args.limit)
    print(f"scoring {len(corpus)} pages ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    results = run_benchmark(corpus, progress=not args.quiet, misses=args.misses)
    summary = report(results, pages=len(corpus), data=args.data)
    wall = time.perf_counter() - started
    print(f"\nwall time {wall:.0f} s")
    if args.json:
        summary.update(
            date=datetime.now(UTC).isoformat(timespec="seconds"),
            command=" ".join(sys.argv),
            trafilatura=version("trafilatura"),
            decoder=results["decoder"],
            wall_seconds=round(wall, 1),
        )
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
