"""Web app latency under load, and report generation time, on Reuters-21578.

The store: the Reuters stories (``reuters_ingest``'s SGML reader) cleaned by
``watchfloor.ingest.cleaned`` and stored in batches of 200, annotated with
``annotate_store(store, gazetteer=Gazetteer.open(), n_process=2)`` and linked with
``link_store``. Building it takes minutes (about 5-6 for the full corpus on 2 cores),
so it goes into ``--db`` (default under /tmp, named after ``--limit``) and is reused
when a ``DB.done`` marker says it is complete for the same ``--limit``; an
interrupted build resumes (storing is idempotent by hash, annotating and linking
take only the articles not done yet).

The server: ``uvicorn`` on 127.0.0.1 and a free port, ``create_app(DB)``, in its own
process. The load: another process, ``--clients`` (default 50) concurrent
``httpx.AsyncClient`` requests on loopback, ``--requests`` per endpoint (default
500; an endpoint still running after ``--max-seconds`` stops launching requests and
says how many it completed). For each endpoint: p50/p95/p99 latency, the same
endpoint's single-client latency (``--solo`` sequential requests: the service time
without queueing), and the error count.

The baseline, measured in the same run: the rows each endpoint returns, fetched
with the ``sqlite3`` module from the same file, with SQL written out by hand
(FTS5 MATCH with bm25 and snippet for search, plus the facet counts over the best
1,000 matches; the article, its lines and its annotation rows; claims joined with
articles in the store's order; dated events in date order). Timed the same way:
the same request sequence from ``--clients`` threads, one connection each, then
``--solo`` sequential queries. Each endpoint's p50/p95 is printed as a ratio to
its baseline's.

The report: ``watchfloor report`` (HTML, and ``--format md``) run as a command on
the same store, against reading with ``sqlite3`` every row the report shows
(articles with all their lines, claims, events, statements, place mentions,
relations, entities, citations).

With ``--big-mb MB`` one synthetic article of that size (generated from ``--seed``,
never committed; stored unannotated, idempotently: its hash is the same each time) is
added to the store before measuring, and the pages part also times a search whose best
hit is that article, the store's own ``search`` (the CLI's, snippets included) and that
article's page, each ``--page-runs`` times with their p95.

    .venv/bin/python bench/web_latency.py [--limit N] [--db FILE] [--json FILE]
        [--big-mb 5 --parts pages --page-runs 20]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import platform
import random
import resource
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reuters_ingest import DEFAULT_DATA, corpus_files, iter_stories, story_doc
from watchfloor.web.views import CLAIMS_PAGE, TIMELINE_PAGE

BATCH = 200
SEARCHES = ("oil", "wheat exports", "bank rates")
DEFAULT_ABOUT = "tonnes"  # Reuters claim subjects are mostly units: "mln tonnes"
SEARCH_CEILING = 1000  # watchfloor.query.SEARCH_CEILING: matches read before facets
TARGET_P95_MS = 100.0


# ---- the store -----------------------------------------------------------------------

BIG_WORD = "convoy"  # frequent in the synthetic article, rare in Reuters: it ranks first
BIG_VOCABULARY = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "said",
    "oil",
    "wheat",
    "exports",
    "bank",
    "rates",
    "tonnes",
    "prices",
    "market",
    "trade",
    "government",
    "minister",
    "officials",
    "year",
    "week",
    "company",
    "shares",
    "convoy",
    "border",
]


def add_big_article(db: Path, mb: float, seed: int) -> int:
    """Store one synthetic article of ``mb`` megabytes (lines of 80 words) in ``db``;
    returns its id (the stored one when it is there already)."""
    from watchfloor.records import Article, DocKind, Line, LineRole
    from watchfloor.store import Store

    rng = random.Random(seed)
    lines = [Line(number=1, text="A very long synthetic report", role=LineRole.TITLE)]
    size = 0
    while size < mb * 1_000_000:
        words = [rng.choice(BIG_VOCABULARY) for _ in range(79)]
        text = " ".join([*words, f"n{len(lines)}"]) + "."  # every line distinct
        lines.append(Line(number=len(lines) + 1, text=text, role=LineRole.BODY))
        size += len(text) + 1
    article = Article(
        doc=f"synthetic-{mb:g}mb.txt",
        origin=f"bench/web_latency.py --big-mb {mb:g}",
        kind=DocKind.TEXT,
        title="A very long synthetic report",
        outlet="Synthetic",
        authors=[],
        published="1987-10-20",
        published_evidence=None,
        url=None,
        lines=lines,
    )
    with Store.open(str(db)) as store:
        (added,) = store.add([article])
    return added.article_id


def default_db(limit: int | None) -> Path:
    return Path("/tmp") / f"watchfloor-web-latency-{limit or 'all'}.db"


def marker(db: Path) -> Path:
    return db.with_name(db.name + ".done")


def store_complete(db: Path, limit: int | None) -> bool:
    done = marker(db)
    if not (db.exists() and done.exists()):
        return False
    info = json.loads(done.read_text())
    if info.get("limit") != limit:
        raise SystemExit(
            f"{db} was built with --limit {info.get('limit')}, not {limit}: "
            "pass another --db or remove it"
        )
    return True


def build_store(db: Path, data: Path, limit: int | None) -> dict[str, Any]:
    """Ingest, annotate and link the Reuters stories into ``db`` (resuming a partial one)."""
    from watchfloor.ingest import annotate_store, cleaned, link_store
    from watchfloor.nlp.gazetteer import Gazetteer
    from watchfloor.records import Article, SourceError
    from watchfloor.store import Store

    store = Store.open(str(db))
    timings: dict[str, Any] = {}
    started = time.perf_counter()
    run = store.begin_run(["reuters-21578"])
    batch: list[Article] = []
    errors: list[SourceError] = []
    counts = {"stories": 0, "stored": 0, "version": 0, "duplicate": 0, "failed": 0}

    def flush() -> None:
        for added in store.add(batch, run=run):
            counts[added.outcome.value] += 1
        store.record_errors(run, errors)
        batch.clear()
        errors.clear()

    for story in iter_stories(corpus_files(data)):
        result = cleaned(story_doc(*story))
        if isinstance(result, SourceError):
            counts["failed"] += 1
            errors.append(result)
        else:
            batch.append(result)
        counts["stories"] += 1
        if len(batch) >= BATCH:
            flush()
        if limit and counts["stories"] >= limit:
            break
    flush()
    run.stored, run.versions = counts["stored"], counts["version"]
    run.duplicates, run.failed = counts["duplicate"], counts["failed"]
    store.finish_run(run)
    timings["ingest_s"] = round(time.perf_counter() - started, 1)
    print(f"  ingested: {counts} in {timings['ingest_s']} s", file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    annotated = annotate_store(store, gazetteer=Gazetteer.open(), n_process=2)
    timings["annotate_s"] = round(time.perf_counter() - t0, 1)
    print(
        f"  annotated {annotated.articles} articles in {timings['annotate_s']} s",
        file=sys.stderr,
        flush=True,
    )
    t0 = time.perf_counter()
    linked = link_store(store)
    timings["link_s"] = round(time.perf_counter() - t0, 1)
    print(
        f"  linked {linked.articles} articles ({linked.relations} relations) "
        f"in {timings['link_s']} s",
        file=sys.stderr,
        flush=True,
    )
    store.close()
    info = {"limit": limit, "counts": counts, **timings}
    marker(db).write_text(json.dumps(info) + "\n")
    return info


# ---- percentiles ---------------------------------------------------------------------


def pct(values: Sequence[float], p: float) -> float | None:
    """The p-th percentile (linear between the closest ranks), None without values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(latencies: Sequence[float]) -> dict[str, Any]:
    """Count and p50/p95/p99 in milliseconds."""
    ms = [x * 1000 for x in latencies]
    return {
        "n": len(ms),
        "p50_ms": _round(pct(ms, 50)),
        "p95_ms": _round(pct(ms, 95)),
        "p99_ms": _round(pct(ms, 99)),
        "max_ms": _round(max(ms) if ms else None),
    }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


# ---- the endpoints and their bare SQLite equivalents -----------------------------------


@dataclass
class Endpoint:
    name: str
    paths: list[str]  # one per request, in order
    params: list[Any]  # the baseline's parameter for each request, same order
    baseline: Callable[[sqlite3.Connection, Any], int]  # rows fetched


def fts_match(words: str) -> str:
    """Every word must occur: what watchfloor.store.db.fts_query makes of plain words."""
    return " ".join(f'"{w}"' for w in words.split())


def sql_search(conn: sqlite3.Connection, words: str) -> int:
    """The page's hits (best 50, with snippets) and its facet counts over the best 1,000."""
    match = fts_match(words)
    hits = conn.execute(
        "SELECT a.id, a.doc, a.title, a.outlet, a.published,"
        " snippet(articles_fts, 1, char(2), char(3), '…', 20)"
        " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
        " WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 5.0, 1.0), a.id LIMIT 50",
        (match,),
    ).fetchall()
    facets = conn.execute(
        "WITH m AS (SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH ?"
        "  ORDER BY bm25(articles_fts, 5.0, 1.0), rowid LIMIT ?)"
        " SELECT 'outlet', coalesce(outlet, ''), count(*) FROM articles"
        "  WHERE id IN (SELECT id FROM m) GROUP BY 2"
        " UNION ALL"
        " SELECT 'place', canonical, count(DISTINCT article_id) FROM places"
        "  WHERE article_id IN (SELECT id FROM m) GROUP BY canonical"
        " UNION ALL"
        " SELECT 'entity', name, count(DISTINCT article_id) FROM"
        "  (SELECT r.article_id, coalesce(e.canonical, r.canonical) AS name"
        "   FROM entity_refs r LEFT JOIN entities e ON e.id = r.entity_id"
        "   WHERE r.article_id IN (SELECT id FROM m)) GROUP BY name",
        (match, SEARCH_CEILING),
    ).fetchall()
    return len(hits) + len(facets)


ARTICLE_TABLES = (
    "entity_refs",
    "entity_mentions",
    "places",
    "times",
    "events",
    "claims",
    "citations",
    "statements",
)


def sql_article(conn: sqlite3.Connection, article_id: int) -> int:
    """The article row, its lines in order, and its annotation rows (the page's marks)."""
    rows = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchall()
    rows += conn.execute(
        "SELECT * FROM lines WHERE article_id = ? ORDER BY number", (article_id,)
    ).fetchall()
    rows += conn.execute("SELECT * FROM annotations WHERE article_id = ?", (article_id,)).fetchall()
    for table in ARTICLE_TABLES:
        rows += conn.execute(
            f"SELECT * FROM {table} WHERE article_id = ? ORDER BY id", (article_id,)
        ).fetchall()
    return len(rows)


CLAIMS_SQL = (
    "SELECT c.value, c.value_low, c.value_high, c.unit, c.subject, c.hedged, c.source,"
    " c.source_type, c.via, c.as_of, c.text, c.line, a.id, a.doc, a.outlet, a.published"
    " FROM claims c JOIN articles a ON a.id = c.article_id {where}"
    # the stored sort key and its index, as Store.list_claims (migration 0007)
    " ORDER BY c.dated IS NULL, c.dated, c.article_id, c.line, c.start"
)


def sql_claims(conn: sqlite3.Connection, about: str | None) -> int:
    """The first page of claims joined with their articles, oldest first as
    Store.list_claims orders them, and how many there are in all."""
    where = ""
    params: tuple[str, ...] = ()
    if about:
        where, params = "WHERE lower(c.subject) LIKE '%' || ? || '%'", (about.lower(),)
    rows = conn.execute(CLAIMS_SQL.format(where=where) + f" LIMIT {CLAIMS_PAGE}", params)
    found = len(rows.fetchall())
    conn.execute(f"SELECT count(*) FROM claims c {where}", params).fetchone()
    return found + 1


TIMELINE_SQL = (
    "SELECT ev.date, ev.type, ev.actors, ev.place, ev.text, ev.date_text, ev.line,"
    " a.id, a.doc, a.outlet, a.published"
    " FROM events ev JOIN articles a ON a.id = ev.article_id WHERE ev.date IS NOT NULL"
    " ORDER BY ev.date, a.published, a.id, ev.line"
)


def sql_timeline(conn: sqlite3.Connection, _: Any) -> int:
    """The first page of dated events with their articles, in date order, and the count."""
    found = len(conn.execute(TIMELINE_SQL + f" LIMIT {TIMELINE_PAGE}").fetchall())
    conn.execute("SELECT count(*) FROM events WHERE date IS NOT NULL").fetchone()
    return found + 1


REPORT_SQL = (
    # the article list and every article's lines (the report's texts)
    "SELECT id, doc, outlet, published, title, body_words, authors, url, origin, kind,"
    " version_of FROM articles ORDER BY published IS NULL, published, id",
    "SELECT * FROM lines ORDER BY article_id, number",
    CLAIMS_SQL.format(where=""),
    TIMELINE_SQL,
    "SELECT st.speaker, st.cue, st.text, st.direct, st.line, a.id, a.doc, a.outlet, a.published"
    " FROM statements st JOIN articles a ON a.id = st.article_id"
    " ORDER BY a.published IS NULL, a.published, a.id, st.line, st.start",
    "SELECT p.canonical, p.country, p.feature, p.geonames_id, p.lat, p.lon, p.text, p.line,"
    " a.id, a.doc, a.outlet, a.published FROM places p JOIN articles a ON a.id = p.article_id"
    " ORDER BY a.published IS NULL, a.published, a.id, p.line, p.start",
    "SELECT r.kind, r.evidence, r.score, a.id, a.doc, a.url, a.outlet, a.published,"
    " b.id, b.doc, b.url, b.outlet, b.published FROM relations r"
    " JOIN articles a ON a.id = r.a_id JOIN articles b ON b.id = r.b_id"
    " ORDER BY r.a_id, r.b_id, r.kind",
    "SELECT * FROM entities ORDER BY mentions DESC, canonical",
    "SELECT outlet, count(*) FROM articles GROUP BY outlet",
    "SELECT a.outlet, c.cited, c.kind, count(*) FROM citations c"
    " JOIN articles a ON a.id = c.article_id GROUP BY a.outlet, c.cited, c.kind"
    " ORDER BY count(*) DESC, c.cited",
)


def sql_report(conn: sqlite3.Connection) -> int:
    return sum(len(conn.execute(sql).fetchall()) for sql in REPORT_SQL)


def endpoints(db: Path, requests: int, about: str, seed: int) -> list[Endpoint]:
    with sqlite3.connect(db) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY id")]
    rng = random.Random(seed)
    picks = [rng.choice(ids) for _ in range(requests)]
    found: list[Endpoint] = []
    for words in SEARCHES:
        q = words.replace(" ", "+")
        found.append(
            Endpoint(
                f"search {words!r}",
                [f"/api/search?q={q}"] * requests,
                [words] * requests,
                sql_search,
            )
        )
    found += [
        Endpoint("article JSON", [f"/api/articles/{i}" for i in picks], picks, sql_article),
        Endpoint("article HTML", [f"/articles/{i}" for i in picks], picks, sql_article),
        Endpoint("claims", ["/api/claims"] * requests, [None] * requests, sql_claims),
        Endpoint(
            f"claims about={about}",
            [f"/api/claims?about={about}"] * requests,
            [about] * requests,
            sql_claims,
        ),
        Endpoint("timeline", ["/api/timeline"] * requests, [None] * requests, sql_timeline),
    ]
    return found


# ---- the baseline: bare sqlite3, the same request sequence, the same concurrency -------


def baseline_run(
    db: Path, ep: Endpoint, *, clients: int, solo: int, interval: float, max_seconds: float
) -> dict[str, Any]:
    """The endpoint's SQL as the load sends its requests: ``solo`` in sequence, then
    from ``clients`` threads (one connection each) paced at ``interval`` seconds per
    thread, then unpaced."""
    conns = [sqlite3.connect(db, check_same_thread=False) for _ in range(clients)]
    for param in ep.params[:3]:  # warm-up, as the load does
        ep.baseline(conns[0], param)
    solo_lat = []
    deadline = time.perf_counter() + max_seconds
    for param in ep.params[:solo]:
        if time.perf_counter() > deadline:
            break
        t0 = time.perf_counter()
        ep.baseline(conns[0], param)
        solo_lat.append(time.perf_counter() - t0)
    result = {"solo": summary(solo_lat)}
    for mode, pace in (("paced", interval), ("flood", 0.0)):
        result[mode] = _threads(ep, conns, interval=pace, max_seconds=max_seconds)
    for conn in conns:
        conn.close()
    return result


def _threads(
    ep: Endpoint, conns: list[sqlite3.Connection], *, interval: float, max_seconds: float
) -> dict[str, Any]:
    latencies: list[float] = []
    rows: list[int] = []
    lock = threading.Lock()
    next_index = 0
    started = time.perf_counter()
    deadline = started + max_seconds

    def client(k: int, conn: sqlite3.Connection) -> None:
        nonlocal next_index
        due = started + k * interval / len(conns)
        while True:
            if interval:
                time.sleep(max(0.0, due - time.perf_counter()))
                due += interval
            with lock:
                i = next_index
                next_index += 1
            if i >= len(ep.params) or time.perf_counter() > deadline:
                return
            t0 = time.perf_counter()
            n = ep.baseline(conn, ep.params[i])
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                rows.append(n)

    threads = [threading.Thread(target=client, args=(k, c)) for k, c in enumerate(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {
        **summary(latencies),
        "asked": len(ep.params),
        "per_s": round(len(latencies) / wall, 1) if wall else None,
        "rows_mean": round(statistics.fmean(rows), 1) if rows else None,
    }


# ---- the server and the load, each in its own process ----------------------------------


def serve(db: str, port: int) -> int:
    import uvicorn

    from watchfloor.web.app import create_app

    uvicorn.run(create_app(db), host="127.0.0.1", port=port, log_level="warning", access_log=False)
    return 0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(db: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    port = free_port()
    with log.open("ab") as err:
        proc = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(db), "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited ({proc.returncode}): see {log}")
        try:
            if httpx.get(base + "/static/watchfloor.css", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    proc.terminate()
    raise SystemExit(f"the server did not answer within 180 s: see {log}")


async def _concurrent(
    get: Callable[[str], Awaitable[tuple[float, int, int]]],
    paths: list[str],
    *,
    clients: int,
    interval: float,
    max_seconds: float,
) -> dict[str, Any]:
    """``paths`` from ``clients`` concurrent loops, each starting a request every
    ``interval`` seconds (0: as soon as its last one is answered). A loop that falls
    behind its schedule sends at once, and latency runs from the send, so a
    saturated server shows in the achieved rate (``per_s``) as well as in latency."""
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    sizes: list[int] = []
    next_index = 0
    started = time.perf_counter()
    deadline = started + max_seconds

    async def one_client(k: int) -> None:
        nonlocal next_index
        due = started + k * interval / clients
        while True:
            if interval:
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                due += interval
            if next_index >= len(paths) or time.perf_counter() > deadline:
                return
            path = paths[next_index]
            next_index += 1
            dt, status, size = await get(path)
            latencies.append(dt)
            statuses[str(status)] = statuses.get(str(status), 0) + 1
            sizes.append(size)

    await asyncio.gather(*(one_client(k) for k in range(clients)))
    wall = time.perf_counter() - started
    return {
        **summary(latencies),
        "asked": len(paths),
        "per_s": round(len(latencies) / wall, 1) if wall else None,
        "wall_s": round(wall, 1),
        "statuses": statuses,
        "errors": sum(n for s, n in statuses.items() if s != "200"),
        "timeouts": statuses.get("-1", 0),
        "kib_mean": round(statistics.fmean(sizes) / 1024, 1) if sizes else None,
    }


async def _load(spec: dict[str, Any]) -> list[dict[str, Any]]:
    import httpx

    clients: int = spec["clients"]
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    timeout = httpx.Timeout(spec["timeout"])
    results = []
    async with httpx.AsyncClient(base_url=spec["base"], limits=limits, timeout=timeout) as client:

        async def get(path: str) -> tuple[float, int, int]:
            t0 = time.perf_counter()
            try:
                r = await client.get(path)
            except httpx.TimeoutException:
                return time.perf_counter() - t0, -1, 0  # censored: at least the timeout
            except httpx.HTTPError:
                return time.perf_counter() - t0, 0, 0
            return time.perf_counter() - t0, r.status_code, len(r.content)

        for ep in spec["endpoints"]:
            paths: list[str] = ep["paths"]
            print(f"  load: {ep['name']} ...", file=sys.stderr, flush=True)
            for path in paths[:3]:  # warm-up: not counted
                await get(path)
            solo: list[float] = []
            deadline = time.perf_counter() + spec["max_seconds"]
            for path in paths[: spec["solo"]]:
                if time.perf_counter() > deadline:
                    break
                solo.append((await get(path))[0])
            result: dict[str, Any] = {"name": ep["name"], "solo": summary(solo)}
            for mode, interval in (("paced", spec["interval"]), ("flood", 0.0)):
                result[mode] = await _concurrent(
                    get,
                    paths,
                    clients=clients,
                    interval=interval,
                    max_seconds=spec["max_seconds"],
                )
            results.append(result)
    return results


def load_worker() -> int:
    spec = json.loads(sys.stdin.read())
    print(json.dumps(asyncio.run(_load(spec))))
    return 0


def run_load(base: str, eps: list[Endpoint], args: argparse.Namespace) -> list[dict[str, Any]]:
    spec = {
        "base": base,
        "clients": args.clients,
        "solo": args.solo,
        "interval": args.clients / args.rate,
        "max_seconds": args.max_seconds,
        "timeout": args.timeout,
        "endpoints": [{"name": ep.name, "paths": ep.paths} for ep in eps],
    }
    proc = subprocess.run(
        [sys.executable, __file__, "--load-worker"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=False,
    )
    sys.stderr.write(proc.stderr[-3000:])
    if proc.returncode != 0:
        raise SystemExit(f"the load process failed (exit {proc.returncode})")
    result: list[dict[str, Any]] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# ---- the report ----------------------------------------------------------------------


def time_report(db: Path, runs: int, out_dir: Path) -> dict[str, Any]:
    """``watchfloor report`` (HTML, Markdown) as commands; sqlite3 reading the same rows."""
    result: dict[str, Any] = {}
    startup = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", "import watchfloor.cli"], check=True, capture_output=True
        )
        startup.append(time.perf_counter() - t0)
    result["import_cli_s"] = round(statistics.median(startup), 2)
    for fmt, suffix in (("html", "html"), ("md", "md")):
        out = out_dir / f"web-latency-report.{suffix}"
        times = []
        for _ in range(runs):
            cmd = [sys.executable, "-m", "watchfloor", "report", "--db", str(db), "-o", str(out)]
            if fmt == "md":
                cmd += ["--format", "md"]
            print(f"  report --format {fmt} ...", file=sys.stderr, flush=True)
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
            times.append(time.perf_counter() - t0)
            if proc.returncode != 0:
                sys.stderr.write(proc.stderr[-3000:])
                raise SystemExit(f"watchfloor report --format {fmt} failed")
        result[fmt] = {
            "seconds": round(statistics.median(times), 2),
            "runs": [round(t, 2) for t in times],
            "mib": round(out.stat().st_size / 2**20, 1),
        }
        out.unlink()
    times = []
    rows = 0
    for _ in range(runs):
        with sqlite3.connect(db) as conn:
            t0 = time.perf_counter()
            rows = sql_report(conn)
            times.append(time.perf_counter() - t0)
        conn.close()
    result["sql"] = {"seconds": round(statistics.median(times), 3), "rows": rows}
    # the largest child so far: the report commands, far above the servers and the load
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return result


# ---- the driver ----------------------------------------------------------------------


def corpus_counts(db: Path) -> dict[str, int]:
    tables = ("articles", "lines", "claims", "events", "places", "entities", "relations")
    with sqlite3.connect(db) as conn:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
        counts["dated events"] = conn.execute(
            "SELECT count(*) FROM events WHERE date IS NOT NULL"
        ).fetchone()[0]
    conn.close()
    return counts


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.1f}x" if a is not None and b else "-"


def ms(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.1f}" if x < 1000 else f"{x:,.0f}"


MODES = {
    "paced": "bounded load: {clients} clients, {rate:.0f} requests/s in all",
    "flood": "unbounded: {clients} clients, each sending again as soon as it is answered",
}


def held(app: dict[str, Any]) -> bool:
    """p95 under the target with every request answered 200."""
    return app["p95_ms"] is not None and app["p95_ms"] < TARGET_P95_MS and not app["errors"]


def print_table(rows: list[dict[str, Any]], mode: str, *, clients: int, rate: float) -> None:
    header = (
        f"{'endpoint':<22}{'n':>5}{'req/s':>7}{'p50':>9}{'p95':>9}{'p99':>9}{'KiB':>7}"
        f"{'err':>5}{'SQL p50':>9}{'SQL p95':>9}{'x p50':>8}{'x p95':>8}"
        f"  p95<{TARGET_P95_MS:.0f}"
    )
    print(MODES[mode].format(clients=clients, rate=rate) + " (latency in ms)")
    print(header)
    print("-" * len(header))
    for r in rows:
        app, sql = r["app"][mode], r["sql"][mode]
        n = f"{app['n']}" + ("" if app["n"] == app["asked"] else "*")
        print(
            f"{r['name']:<22}{n:>5}{app['per_s'] or 0:>7.0f}{ms(app['p50_ms']):>9}"
            f"{ms(app['p95_ms']):>9}{ms(app['p99_ms']):>9}{app['kib_mean'] or 0:>7.0f}"
            f"{app['errors']:>5}{ms(sql['p50_ms']):>9}{ms(sql['p95_ms']):>9}"
            f"{ratio(app['p50_ms'], sql['p50_ms']):>8}{ratio(app['p95_ms'], sql['p95_ms']):>8}"
            f"  {'yes' if held(app) else 'NO'}"
        )
    print()


def print_solo(rows: list[dict[str, Any]]) -> None:
    print("one client at a time: the service time without queueing (ms)")
    header = f"{'endpoint':<22}{'p50':>9}{'p95':>9}{'SQL p50':>9}{'SQL p95':>9}{'x p50':>8}"
    print(header)
    print("-" * len(header))
    for r in rows:
        app, sql = r["app"]["solo"], r["sql"]["solo"]
        print(
            f"{r['name']:<22}{ms(app['p50_ms']):>9}{ms(app['p95_ms']):>9}"
            f"{ms(sql['p50_ms']):>9}{ms(sql['p95_ms']):>9}{ratio(app['p50_ms'], sql['p50_ms']):>8}"
        )
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--limit", type=int, default=None, help="only the first N stories")
    parser.add_argument("--db", type=Path, default=None, help="the store (built if missing)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (50)")
    parser.add_argument("--requests", type=int, default=500, help="requests per endpoint (500)")
    parser.add_argument("--solo", type=int, default=20, help="one-client requests (20)")
    parser.add_argument(
        "--rate",
        type=float,
        default=100.0,
        help="requests per second from all clients together in the bounded load (100)",
    )
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=120.0,
        help="stop launching an endpoint's requests after this long (120)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="a request still unanswered after this long counts as an error (60)",
    )
    parser.add_argument("--about", default=DEFAULT_ABOUT, help="claims?about= word (%(default)s)")
    parser.add_argument("--report-runs", type=int, default=3, help="runs of each report (3)")
    parser.add_argument(
        "--page-runs", type=int, default=5, help="timed runs of each page in-process (5)"
    )
    parser.add_argument("--seed", type=int, default=1987)
    parser.add_argument(
        "--big-mb",
        type=float,
        default=None,
        help="add one synthetic article of this many MB and time its search and page",
    )
    parser.add_argument(
        "--only",
        default="",
        help="measure only the endpoints whose name has one of these comma-separated words",
    )
    parser.add_argument(
        "--parts",
        default="load,pages,report",
        help="what to measure, comma-separated: load, pages, report (all three)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON")
    parser.add_argument("--serve", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--load-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        return serve(args.serve, args.port)
    if args.load_worker:
        return load_worker()
    parts = set(args.parts.split(","))
    if not parts or parts - {"load", "pages", "report"}:
        parser.error(f"--parts {args.parts!r}: give some of load, pages, report")

    if not corpus_files(args.data):
        print(
            f"Reuters-21578 not found at {args.data / 'reuters-21578'}: pass --data DIR, the "
            "folder that holds reuters-21578/reut2-*.sgm.gz (../shared/data by default)",
            file=sys.stderr,
        )
        return 2
    db: Path = args.db or default_db(args.limit)
    started = time.perf_counter()
    if store_complete(db, args.limit):
        print(f"reusing the store {db}", file=sys.stderr)
        build = json.loads(marker(db).read_text())
        build["reused"] = True
    else:
        print(f"building the store {db} (minutes) ...", file=sys.stderr, flush=True)
        build = build_store(db, args.data, args.limit)
        build["reused"] = False
    big_id = add_big_article(db, args.big_mb, args.seed) if args.big_mb else None
    counts = corpus_counts(db)
    eps = endpoints(db, args.requests, args.about, args.seed)
    if args.only:
        words = [w.strip() for w in args.only.split(",") if w.strip()]
        eps = [ep for ep in eps if any(w in ep.name for w in words)]
        if not eps:
            parser.error(f"--only {args.only!r}: no endpoint's name has those words")

    results: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(sys.argv),
        "limit": args.limit,
        "db": str(db),
        "build": build,
        "corpus": counts,
        "clients": args.clients,
        "requests": args.requests,
        "rate": args.rate,
        "target_p95_ms": TARGET_P95_MS,
    }
    print(
        "watchfloor web app on Reuters-21578"
        + (f", first {args.limit} stories" if args.limit else ", all stories")
        + f": {counts}"
    )
    print(
        f"Python {platform.python_version()}, uvicorn {version('uvicorn')}, "
        f"FastAPI {version('fastapi')}, httpx {version('httpx')}, SQLite "
        f"{sqlite3.sqlite_version}; {os.cpu_count()} CPUs shared by server, load and baseline"
    )
    if "load" in parts:
        results["endpoints"] = measure_load(db, eps, args)
        save(args.json, results)
    if "pages" in parts:
        results["big_article"] = {"mb": args.big_mb, "id": big_id}
        results["pages"] = measure_pages(db, runs=args.page_runs, big_id=big_id)
        save(args.json, results)
    if "report" in parts:
        results["report"] = measure_report(db, args.report_runs)
        save(args.json, results)
    print(f"wall time {time.perf_counter() - started:.0f} s")
    return 0


def save(path: Path | None, results: dict[str, Any]) -> None:
    """Write what is measured so far: a later part that fails loses only itself."""
    if path is not None:
        path.write_text(json.dumps(results, indent=2) + "\n")


def measure_load(db: Path, eps: list[Endpoint], args: argparse.Namespace) -> list[dict[str, Any]]:
    loaded = []
    for ep in eps:  # a fresh server for each: a slow endpoint's backlog never spills over
        server, base = start_server(db, db.with_name(db.name + ".server.log"))
        try:
            loaded += run_load(base, [ep], args)
        finally:
            server.terminate()
            server.wait(timeout=30)
    rows: list[dict[str, Any]] = []
    for ep, app in zip(eps, loaded, strict=True):
        print(f"  sqlite3: {ep.name} ...", file=sys.stderr, flush=True)
        sql = baseline_run(
            db,
            ep,
            clients=args.clients,
            solo=args.solo,
            interval=args.clients / args.rate,
            max_seconds=args.max_seconds,
        )
        rows.append({"name": ep.name, "app": app, "sql": sql})
    print(
        f"{args.requests} requests per endpoint (n* = stopped at --max-seconds "
        f"{args.max_seconds:.0f}), {args.solo} one-client requests; baseline: the same "
        "sequence through sqlite3, one connection per client thread"
    )
    print()
    print_solo(rows)
    for mode in MODES:
        print_table(rows, mode, clients=args.clients, rate=args.rate)
    for mode in MODES:
        kept = [r["name"] for r in rows if held(r["app"][mode])]
        print(
            f"p95 < {TARGET_P95_MS:.0f} ms, {mode}: {len(kept)} of {len(rows)} endpoints"
            + (f" ({', '.join(kept)})" if kept else "")
        )
    print(flush=True)
    return rows


def measure_pages(db: Path, *, runs: int, big_id: int | None = None) -> list[dict[str, Any]]:
    """Every page's view-model built and dumped to JSON in this process, without HTTP:
    the first call (which fills the app's kept findings) and the median and p95 of
    ``runs`` more, against reading the articles table's ids with sqlite3 (a floor: one
    indexed scan of the corpus). With ``big_id``, also the pages of the big article."""
    from watchfloor import query
    from watchfloor.store import Store
    from watchfloor.web import views
    from watchfloor.web.models import SearchFilters

    store = Store.open(str(db))
    kept = query.KeptFindings(store)
    some_id = store.list_articles(limit=1)[0]["id"]
    pages: dict[str, Callable[[], Any]] = {
        "dashboard": lambda: views.dashboard(store, kept=kept),
        "search (no words)": lambda: views.search(store, SearchFilters(q="")),
        "search 'oil'": lambda: views.search(store, SearchFilters(q="oil")),
        "article": lambda: views.article(store, some_id),
        "timeline": lambda: views.timeline(store, since=None, until=None),
        "map": lambda: views.places_map(kept),
        "claims": lambda: views.claims(store, about=None, source=None, kept=kept),
        "sources": lambda: views.sources(store),
        "entities": lambda: views.entities(store, type=None, name=None),
    }
    if big_id is not None:
        pages[f"search '{BIG_WORD}' (big)"] = lambda: views.search(store, SearchFilters(q=BIG_WORD))
        pages[f"store.search '{BIG_WORD}'"] = lambda: _Dumped(store.search(BIG_WORD))
        pages["article (big)"] = lambda: views.article(store, big_id)
    with sqlite3.connect(db) as conn:
        t0 = time.perf_counter()
        conn.execute("SELECT id FROM articles").fetchall()
        floor_ms = (time.perf_counter() - t0) * 1000
    conn.close()
    found = []
    print(f"pages in-process (view + JSON; ms; floor: all article ids by sqlite3 {floor_ms:.1f})")
    print(f"{'page':<26}{'first':>9}{'median':>9}{'p95':>9}{'KiB':>8}{'x floor':>9}")
    for name, build in pages.items():
        t0 = time.perf_counter()
        size = len(build().model_dump_json())
        first = (time.perf_counter() - t0) * 1000
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            build().model_dump_json()
            times.append((time.perf_counter() - t0) * 1000)
        median = statistics.median(times)
        p95 = pct(times, 95)
        print(
            f"{name:<26}{first:>9.1f}{median:>9.1f}{ms(p95):>9}{size / 1024:>8.0f}"
            f"{ratio(median, floor_ms):>9}"
        )
        found.append(
            {"page": name, "first_ms": first, "median_ms": median, "p95_ms": p95, "bytes": size}
        )
    print(flush=True)
    store.close()
    return found


class _Dumped:
    """Search hits as the CLI's ``--json`` prints them, for timing like a view-model."""

    def __init__(self, hits: list[Any]) -> None:
        self.hits = hits

    def model_dump_json(self) -> str:
        return json.dumps([dataclasses.asdict(hit) for hit in self.hits])


def measure_report(db: Path, runs: int) -> dict[str, Any]:
    report = time_report(db, runs, db.parent)
    sql_s = report["sql"]["seconds"]
    print(
        f"report ({runs} run(s), median; the command includes "
        f"{report['import_cli_s']:.2f} s of Python start + import; peak RSS of the "
        f"largest report process {report['peak_rss_mib']:,.0f} MiB):"
    )
    for fmt in ("html", "md"):
        r = report[fmt]
        print(
            f"  watchfloor report --format {fmt:<4} {r['seconds']:8.2f} s  {r['mib']:6.1f} MiB"
            f"  {ratio(r['seconds'], sql_s):>8} the bare rows"
        )
    print(f"  sqlite3, the rows it shows         {sql_s:8.3f} s  ({report['sql']['rows']} rows)")
    return report


if __name__ == "__main__":
    sys.exit(main())
