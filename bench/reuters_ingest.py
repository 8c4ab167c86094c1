"""Ingest throughput and memory on Reuters-21578 (21,578 newswire stories of 1987).

Each configuration runs in its own subprocess, so its peak RSS is its own:

``lines``       baseline: gunzip + latin-1 decode + split lines, nothing else;
``parse``       baseline: the same plus parsing the SGML into ``RawDoc`` records;
``clean``       parse + ``watchfloor.ingest.cleaned`` (the text cleaner), no store;
``sqlite``      parse + cleaned + ``Store.add`` in batches of 200 into a fresh SQLite
                file in a temporary folder;
``postgresql``  the same into PostgreSQL, in a schema created for the run and dropped
                after it (skipped with a message when the server is unreachable).

Every configuration reports articles/s, the ratio of its time to each baseline's,
peak RSS (``ru_maxrss``) and the resident set (VmRSS) after 25/50/75/100 % of the
articles, which shows whether memory stays flat as the corpus grows.

Parsing. The files are SGML after ``lewis.dtd`` (not shipped), not XML: they hold
character references to control characters (``&#2;``, ``&#3;``, ``&#5;``...) that
XML 1.0 forbids, so an XML iterparse (lxml/ElementTree) rejects them, and lxml's
HTML parser would guess at the unknown tags. The structure is flat and regular
(``<REUTERS ...>`` ... ``</REUTERS>`` with ``<DATE>``, ``<TITLE>``, ``<DATELINE>``,
``<BODY>`` inside, never nested), so a regex over a streaming buffer is exact and
keeps memory bounded by one chunk plus one story: each gzip file is read in 256 KiB
chunks, decoded as latin-1 (every byte is a character, so a chunk boundary never
splits one), and each complete ``<REUTERS>`` element is cut off the front of the
buffer as soon as its closing tag has arrived.

What a story becomes: ``text`` is the DATELINE (``"SALVADOR, Feb 26 -"``, the first
words of the story on the wire) followed by the BODY; ``TYPE="UNPROC"`` stories
(tables with no TITLE/BODY markup) give their whole TEXT; ``TYPE="BRIEF"`` stories
(headline-only flashes, whose body is the placeholder "Blah blah blah.") give the
headline. Entities are decoded and the wire's control characters (STX/ETX/SOH...,
``&#1;``-``&#31;`` except tab and newline, ``&#127;``) are dropped: they are
transmission codes, not text. ``hints`` carry the TITLE, the DATE as an ISO
datetime and outlet "Reuters".

    .venv/bin/python bench/reuters_ingest.py [--limit N] [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from watchfloor.records import RawDoc

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"
BATCH = 200
CHUNK = 256 * 1024

_STORY = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_NEWID = re.compile(r'NEWID="(\d+)"')
_DATE = re.compile(r"<DATE>\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})(?:\s+(\d\d):(\d\d):(\d\d)(?![\d:]))?")
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_DATELINE = re.compile(r"<DATELINE>(.*?)</DATELINE>", re.S)
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
_TEXT = re.compile(r"<TEXT\b([^>]*)>(.*?)</TEXT>", re.S)
_TAG = re.compile(r"<[^>]+>")
# control characters as the wire sent them (STX, ETX, SOH, ...), but not tab/newline
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1
    )
}


def corpus_files(data: Path) -> list[Path]:
    return sorted((data / "reuters-21578").glob("reut2-*.sgm.gz"))


def iter_chunks(path: Path) -> Iterator[str]:
    """A gzip'd latin-1 file as decoded chunks of at most CHUNK characters."""
    with gzip.open(path, "rt", encoding="latin-1", newline="") as f:
        while chunk := f.read(CHUNK):
            yield chunk


def iter_stories(paths: list[Path]) -> Iterator[tuple[str, str, str]]:
    """(file name, REUTERS attributes, REUTERS content) for each story, streaming."""
    for path in paths:
        buffer = ""
        for chunk in iter_chunks(path):
            buffer += chunk
            end = 0
            for m in _STORY.finditer(buffer):
                yield path.name, m.group(1), m.group(2)
                end = m.end()
            buffer = buffer[end:]


def _text(fragment: str) -> str:
    """SGML fragment -> text: tags removed, entities decoded, control characters dropped."""
    return _CONTROL.sub("", html.unescape(_TAG.sub("", fragment)))


def iso_datetime(content: str) -> str | None:
    m = _DATE.search(content)
    if not m:
        return None
    day, mon, year, hh, mm, ss = m.groups()
    month = _MONTHS.get(mon.upper())
    if month is None:
        return None
    date = f"{year}-{month:02d}-{int(day):02d}"
    return f"{date}T{hh}:{mm}:{ss}" if hh else date  # one DATE has a garbled time


def story_doc(file: str, attrs: str, content: str) -> RawDoc:
    """One <REUTERS> element as the RawDoc a source would yield."""
    from watchfloor.records import DocKind, Hints, RawDoc

    newid_m = _NEWID.search(attrs)
    newid = newid_m.group(1) if newid_m else "?"
    title_m = _TITLE.search(content)
    title = " ".join(_text(title_m.group(1)).split()) if title_m else None
    body_m = _BODY.search(content)
    if body_m:
        dateline_m = _DATELINE.search(content)
        dateline = " ".join(_text(dateline_m.group(1)).split()) if dateline_m else ""
        body = _text(body_m.group(1))
        text = f"{dateline} {body.lstrip()}" if dateline else body
    else:
        text_m = _TEXT.search(content)
        if text_m and 'TYPE="UNPROC"' in text_m.group(1):
            text = _text(text_m.group(2))
        else:  # BRIEF: a headline-only flash
            text = title or ""
    return RawDoc(
        origin=f"{file}#NEWID={newid}",
        name=f"reut-{newid}",
        kind=DocKind.TEXT,
        text=text.strip("\n") + "\n",
        hints=Hints(title=title, published=iso_datetime(content), outlet="Reuters"),
    )


def count_stories(paths: list[Path]) -> int:
    """How many stories the files hold (one file in memory at a time, ~1.3 MB)."""
    total = 0
    for path in paths:
        with gzip.open(path, "rb") as f:
            total += f.read().count(b"<REUTERS ")
    return total


def _proc_status_mib(key: str) -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def vm_rss_mib() -> float:
    """The resident set now."""
    return _proc_status_mib("VmRSS")


def peak_rss_mib() -> tuple[float, float]:
    """(ru_maxrss, VmHWM) in MiB.

    Linux carries ru_maxrss across fork+exec, so a worker's ru_maxrss is at least
    its parent's RSS at spawn time; VmHWM is the high-water mark of this process
    image alone. The driver keeps itself small (no SQLAlchemy, no watchfloor) so
    the two agree unless the worker itself is small.
    """
    return (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # KiB on Linux
        _proc_status_mib("VmHWM"),
    )


@dataclass
class Checkpoints:
    """VmRSS and elapsed seconds after 25/50/75/100 % of ``total`` articles.

    The elapsed times give the rate per quarter: a store that slows down as it
    grows shows a falling rate even when the total looks fine.
    """

    total: int
    marks: dict[str, float] = field(default_factory=dict)
    elapsed: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)

    def __post_init__(self) -> None:
        self._at = {max(1, round(self.total * q / 4)): q * 25 for q in (1, 2, 3, 4)}

    def start(self) -> None:
        self.started = time.perf_counter()

    def tick(self, done: int) -> None:
        percent = self._at.get(done)
        if percent is not None and str(percent) not in self.marks:
            self.elapsed[str(percent)] = time.perf_counter() - self.started
            self.marks[str(percent)] = round(vm_rss_mib(), 1)

    def quarter_rates(self) -> list[float]:
        """Articles/s within each quarter of the run."""
        rates, before = [], 0.0
        for q in (25, 50, 75, 100):
            t = self.elapsed.get(str(q))
            if t is None:
                break
            rates.append(round((self.total / 4) / (t - before), 1) if t > before else 0.0)
            before = t
        return rates


@contextmanager
def pg_schema(url: str) -> Iterator[str]:
    """A URL for a fresh schema on the server, dropped afterwards."""
    import sqlalchemy

    name = f"wf_bench_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with admin.begin() as conn:
            conn.execute(sqlalchemy.text(f"CREATE SCHEMA {name}"))
        try:
            yield f"{url}?options=-csearch_path%3D{name}"
        finally:
            with admin.begin() as conn:
                conn.execute(sqlalchemy.text(f"DROP SCHEMA {name} CASCADE"))
    finally:
        admin.dispose()


def pg_reachable(url: str) -> str | None:
    """None when the server answers, else the reason it does not.

    Asked in a subprocess, so the driver never loads SQLAlchemy (see peak_rss_mib).
    """
    probe = (
        "import sys, sqlalchemy\n"
        "e = sqlalchemy.create_engine(sys.argv[1], connect_args={'connect_timeout': 5})\n"
        "try:\n"
        "    with e.connect() as c: c.execute(sqlalchemy.text('SELECT 1'))\n"
        "except Exception as x:\n"
        "    sys.exit(' '.join(str(getattr(x, 'orig', None) or x).split()))\n"
    )
    driver_url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    proc = subprocess.run(
        [sys.executable, "-c", probe, driver_url], capture_output=True, text=True, check=False
    )
    if proc.returncode == 0:
        return None
    return (proc.stderr.strip().splitlines() or ["?"])[-1]


# ---- the configurations, each run in its own process --------------------------------


def run_lines(paths: list[Path], limit: int | None, total: int) -> dict[str, Any]:
    """Baseline: gunzip + decode + split lines; 'articles' are counted by their opening tag."""
    marks = Checkpoints(total)
    articles = lines = 0
    start = time.perf_counter()
    marks.start()
    for path in paths:
        with gzip.open(path, "rt", encoding="latin-1", newline="") as f:
            for line in f:
                lines += 1
                if line.startswith("<REUTERS "):
                    articles += 1
                    marks.tick(articles)
                    if limit and articles >= limit:
                        break
        if limit and articles >= limit:
            break
    seconds = time.perf_counter() - start
    return {
        "articles": articles,
        "seconds": seconds,
        "rss": marks.marks,
        "quarter_rates": marks.quarter_rates(),
        "lines": lines,
    }


def run_parse(paths: list[Path], limit: int | None, total: int) -> dict[str, Any]:
    """Baseline: read + decode + parse the SGML into RawDocs."""
    marks = Checkpoints(total)
    articles = chars = 0
    start = time.perf_counter()
    marks.start()
    for story in iter_stories(paths):
        raw = story_doc(*story)
        chars += len(raw.text or "")
        articles += 1
        marks.tick(articles)
        if limit and articles >= limit:
            break
    seconds = time.perf_counter() - start
    return {
        "articles": articles,
        "seconds": seconds,
        "rss": marks.marks,
        "quarter_rates": marks.quarter_rates(),
        "chars": chars,
    }


def run_pipeline(
    paths: list[Path], limit: int | None, total: int, store_url: str | None
) -> dict[str, Any]:
    """parse -> watchfloor.ingest.cleaned -> (Store.add in batches of 200, if a store)."""
    from watchfloor.ingest import cleaned
    from watchfloor.records import Article, SourceError
    from watchfloor.store import Store

    store = Store.open(store_url) if store_url else None
    run = store.begin_run(["reuters-21578"]) if store else None
    marks = Checkpoints(total)
    outcomes: dict[str, int] = {"failed": 0, "stored": 0, "version": 0, "duplicate": 0}
    reasons: dict[str, int] = {}
    batch: list[Article] = []
    errors: list[SourceError] = []
    body_lines = 0
    body_words = input_words = 0
    clean_seconds = 0.0

    def flush() -> None:
        if store is not None:
            for added in store.add(batch, run=run):
                outcomes[added.outcome.value] += 1
            if run is not None:
                store.record_errors(run, errors)
        batch.clear()
        errors.clear()

    articles = 0
    start = time.perf_counter()
    marks.start()
    for story in iter_stories(paths):
        raw = story_doc(*story)
        input_words += len((raw.text or "").split())
        t0 = time.perf_counter()
        result = cleaned(raw)
        clean_seconds += time.perf_counter() - t0
        if isinstance(result, SourceError):
            outcomes["failed"] += 1
            reasons[result.reason] = reasons.get(result.reason, 0) + 1
            errors.append(result)
        else:
            body_lines += len(result.body_lines)
            body_words += result.body_words
            batch.append(result)
        articles += 1
        if len(batch) >= BATCH or articles == total:
            flush()  # the 100 % mark is taken with the last batch stored
        marks.tick(articles)
        if articles >= total:
            break
    flush()
    seconds = time.perf_counter() - start
    if store is None:
        summary: dict[str, int] = {
            "cleaned": articles - outcomes["failed"],
            "failed": outcomes["failed"],
        }
    else:
        assert run is not None
        run.stored, run.versions = outcomes["stored"], outcomes["version"]
        run.duplicates, run.failed = outcomes["duplicate"], outcomes["failed"]
        store.finish_run(run)
        summary = {**outcomes, "rows in store": store.count_articles()}
        store.close()
    return {
        "articles": articles,
        "seconds": seconds,
        "clean_seconds": clean_seconds,
        "rss": marks.marks,
        "quarter_rates": marks.quarter_rates(),
        "outcomes": summary,
        "reasons": dict(sorted(reasons.items(), key=lambda kv: -kv[1])[:5]),
        "body_lines": body_lines,
        "body_words": body_words,
        "input_words": input_words,
    }


def worker(config: str, args: argparse.Namespace) -> int:
    paths = corpus_files(args.data)
    total = count_stories(paths)
    if args.limit:
        total = min(total, args.limit)
    result: dict[str, Any]
    if config == "lines":
        result = run_lines(paths, args.limit, total)
    elif config == "parse":
        result = run_parse(paths, args.limit, total)
    elif config == "clean":
        result = run_pipeline(paths, args.limit, total, None)
    elif config == "sqlite":
        with tempfile.TemporaryDirectory(prefix="wf-bench-") as tmp:
            db = Path(tmp) / "reuters.db"
            result = run_pipeline(paths, args.limit, total, str(db))
            result["db_mib"] = round(sum(p.stat().st_size for p in Path(tmp).iterdir()) / 2**20, 1)
    elif config == "postgresql":
        with pg_schema(args.pg_url) as url:
            result = run_pipeline(paths, args.limit, total, url)
    else:
        raise SystemExit(f"unknown configuration {config}")
    maxrss, hwm = peak_rss_mib()
    result["peak_rss_mib"] = round(maxrss, 1)
    result["vm_hwm_mib"] = round(hwm, 1)
    result["config"] = config
    print(json.dumps(result))
    return 0


# ---- the driver ------------------------------------------------------------------


def run_config(config: str, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", config, "--data", str(args.data)]
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    if config == "postgresql":
        cmd += ["--pg-url", args.pg_url]
    print(f"  running {config} ...", file=sys.stderr, flush=True)
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"configuration {config} failed (exit {proc.returncode})")
    if proc.stderr.strip():
        # warnings from the stages; show the tail, they matter for a benchmark
        sys.stderr.write(proc.stderr[-2000:])
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def pipeline_importable() -> str | None:
    """None when the pipeline imports, else why it does not."""
    probe = (
        "import watchfloor.ingest, watchfloor.clean.text, watchfloor.store; "
        "from watchfloor.ingest import cleaned"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    if proc.returncode == 0:
        return None
    return (proc.stderr.strip().splitlines() or ["?"])[-1]


def print_table(results: list[dict[str, Any]], baselines: dict[str, float]) -> None:
    header = (
        f"{'configuration':<12}{'articles':>9}{'seconds':>9}{'art/s':>9}"
        f"{'x lines':>9}{'x parse':>9}{'maxrss':>8}{'VmHWM':>7}   VmRSS MiB at 25/50/75/100 %"
    )
    print(header)
    print("-" * (len(header) + 8))
    for r in results:
        rate = r["articles"] / r["seconds"] if r["seconds"] else 0.0
        ratios = [
            f"{r['seconds'] / baselines[b]:8.1f}x" if baselines.get(b) else f"{'-':>9}"
            for b in ("lines", "parse")
        ]
        rss = " / ".join(f"{r['rss'].get(str(q), 0):.0f}" for q in (25, 50, 75, 100))
        print(
            f"{r['config']:<12}{r['articles']:>9}{r['seconds']:9.2f}{rate:9.0f}"
            f"{ratios[0]}{ratios[1]}{r['peak_rss_mib']:>8.0f}{r['vm_hwm_mib']:>7.0f}   {rss}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="the shared data folder (default: %(default)s)",
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N stories")
    parser.add_argument(
        "--backend",
        choices=["sqlite", "postgresql", "both"],
        default="both",
        help="which store(s) to ingest into (default: both)",
    )
    parser.add_argument(
        "--pg-url", default=DEFAULT_PG, help="PostgreSQL server (default: %(default)s)"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    paths = corpus_files(args.data)
    if not paths:
        print(
            f"Reuters-21578 not found at {args.data / 'reuters-21578'}: pass --data DIR, the "
            "folder that holds reuters-21578/reut2-*.sgm.gz (../shared/data by default)",
            file=sys.stderr,
        )
        return 2
    if args.worker:
        return worker(args.worker, args)

    configs = ["lines", "parse"]
    why_not = pipeline_importable()
    if why_not:
        print(f"watchfloor's pipeline does not import ({why_not}): baselines only", file=sys.stderr)
    else:
        configs.append("clean")
        if args.backend in ("sqlite", "both"):
            configs.append("sqlite")
        if args.backend in ("postgresql", "both"):
            reason = pg_reachable(args.pg_url)
            if reason:
                print(f"PostgreSQL skipped: {args.pg_url} unreachable ({reason})", file=sys.stderr)
            else:
                configs.append("postgresql")

    started = time.perf_counter()
    results = [run_config(c, args) for c in configs]
    baselines = {r["config"]: r["seconds"] for r in results if r["config"] in ("lines", "parse")}

    print()
    print(
        f"Reuters-21578 ingest: {len(paths)} files in {args.data / 'reuters-21578'}"
        + (f", first {args.limit} stories" if args.limit else "")
    )
    print(
        f"Python {platform.python_version()}, SQLAlchemy {version('sqlalchemy')}, "
        f"{os.cpu_count()} CPUs; batches of {BATCH}; each configuration in its own process"
    )
    print()
    print_table(results, baselines)
    print()
    for r in results:
        if "outcomes" in r:
            extra = f", SQLite file {r['db_mib']} MiB" if "db_mib" in r else ""
            share = 100 * r["clean_seconds"] / r["seconds"] if r["seconds"] else 0.0
            print(
                f"{r['config']}: {r['outcomes']}, {r['body_lines']} body lines, "
                f"body words {r['body_words']} of {r['input_words']} input words "
                f"({100 * r['body_words'] / max(1, r['input_words']):.0f} %), "
                f"cleaning {r['clean_seconds']:.1f} s ({share:.0f} % of the run){extra}"
            )
            if r["reasons"]:
                print(f"  failures by reason: {r['reasons']}")
    print()
    print("articles/s within each quarter of the run (a falling rate = slows as the store grows):")
    for r in results:
        print(f"  {r['config']:<12}" + " / ".join(f"{x:.0f}" for x in r.get("quarter_rates", [])))
    print(f"\nwall time {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "date": datetime.now(UTC).isoformat(timespec="seconds"),
                    "command": " ".join(sys.argv),
                    "limit": args.limit,
                    "results": results,
                },
                indent=2,
            )
            + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
