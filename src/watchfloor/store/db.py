"""The store: the only code that touches the database.

One narrow interface over SQLAlchemy Core, so SQLite (the default: one file,
WAL) and PostgreSQL run the same code; the few dialect differences (full-text
search, upserts) are kept in this module.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, Table, bindparam, create_engine, event, func, or_, select, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from watchfloor.errors import NotFound, StoreError
from watchfloor.records import (
    Annotation,
    Article,
    CitationRef,
    ClaimRef,
    DocKind,
    EntityRef,
    EventRef,
    IngestRun,
    Line,
    LineRole,
    Mention,
    Outcome,
    PlaceRef,
    Relation,
    SourceError,
    StatementRef,
    TimeRef,
)
from watchfloor.store import schema
from watchfloor.store.migrations import apply_migrations

DEFAULT_DB = "watchfloor.db"
# The index_state row that says the entities are older than the entity references
# (see ``Store._mark_entities_stale``).
STALE_ENTITIES = "entities-stale"

# Snippet highlight markers: control characters that cannot occur in stored
# text (clean drops them), so renderers can escape the snippet first and only
# then turn the markers into <mark> or terminal styles.
MARK_START = "\x02"
MARK_END = "\x03"

# PostgreSQL advisory lock that serialises the write transactions of ``add`` and of
# migrations across processes (any int64; the same in every watchfloor).
_WRITE_LOCK = 0x77_66_6C_6F_6F_72  # "wfloor"
# A snippet is made from the first this many characters of a body: making one costs
# time that grows faster than the text (FTS5's snippet scores every window of every
# match: 10 s for one 5 MB article), and a Reuters story fits whole.
SNIPPET_WINDOW = 16_384
# PostgreSQL indexes this much of a title and a body for full-text search: a tsvector
# holds at most 1 MB of lexemes, and 200,000 characters stay under it even if every
# one takes four UTF-8 bytes. Beyond it a long article is stored whole but not
# searchable (SQLite's FTS5 has no such limit and indexes everything).
PG_INDEXED_TITLE = 2_000
PG_INDEXED_BODY = 200_000
# The largest article id each database's INTEGER column holds: a larger one asked
# for is simply not there (PostgreSQL would refuse to compare it).
MAX_ID = {"postgresql": 2**31 - 1}
MAX_ID_DEFAULT = 2**63 - 1


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def database_url(db: str | os.PathLike[str]) -> str:
    """A path is a SQLite file; anything with '://' is a SQLAlchemy URL."""
    db = str(db)
    if "://" not in db:
        return f"sqlite:///{Path(db).expanduser()}"
    if db.startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the driver we pin; SQLAlchemy's default is psycopg2.
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    return db


@dataclass(slots=True, kw_only=True)
class StoredArticle:
    """An article as the store holds it: the record plus its identity."""

    id: int
    article: Article
    content_hash: str
    ingested: str
    version_of: int | None


@dataclass(slots=True, kw_only=True)
class SearchHit:
    id: int
    doc: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str  # body excerpt with MARK_START/MARK_END around matches


@dataclass(slots=True, kw_only=True)
class StoredLine:
    """A line as a page shows it: its text cut at ``max_chars`` and how much was cut."""

    line: Line
    cut: int  # characters of the line not in ``line.text``


class StatementTimeout(StoreError):
    """A read took longer than the store's ``statement_timeout`` and was stopped."""


@dataclass(slots=True, kw_only=True)
class ResolvedEntity:
    """One real-world entity as ``replace_entities`` stores it, with the references it joins."""

    canonical: str
    type: str
    names: list[str]
    mentions: int
    articles: int
    ref_ids: list[int]


@dataclass(slots=True, kw_only=True)
class Added:
    """What the store did with one article handed to :meth:`Store.add`."""

    outcome: Outcome
    article_id: int


def fts_query(query: str) -> str:
    """A user's words as an FTS5 query: every word must occur; "quoted phrases" stay phrases.

    Users type words, not FTS5 syntax; passing their text through would make
    a stray quote or hyphen ("MiG-31K") a syntax error.
    """
    parts = []
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', query):
        tokens = re.findall(r"\w+", phrase or word)
        if tokens:
            parts.append('"' + " ".join(tokens) + '"')
    return " ".join(parts)


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    return value


def storable(article: Article) -> Article:
    """``article`` without NUL characters, which PostgreSQL's text cannot hold (SQLite
    could, but then the same report would differ between the two): a NUL in a URL, an
    outlet or a line of an untrusted input never costs the report or its batch."""
    changed = {
        name: cleared
        for name in _ARTICLE_TEXT_FIELDS
        if (cleared := _without_nul(value := getattr(article, name))) != value
    }
    if any("\x00" in line.text for line in article.lines):
        changed["lines"] = [
            dataclasses.replace(line, text=line.text.replace("\x00", "")) for line in article.lines
        ]
    return dataclasses.replace(article, **changed) if changed else article


_ARTICLE_TEXT_FIELDS = tuple(f.name for f in dataclasses.fields(Article) if f.name != "lines")


class Store:
    """A watchfloor database. Open it with :meth:`open`; reads may be concurrent."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        a = schema.articles
        self._insert_article = a.insert().returning(a.c.id)
        if self.dialect == "sqlite":
            self._insert_search = text(
                "INSERT INTO articles_fts(rowid, title, body) VALUES (:id, :title, :body)"
            )
        else:
            self._insert_search = text(
                "INSERT INTO article_search(article_id, title, body, document) VALUES "
                f"(:id, :title, :body, setweight(to_tsvector('english', left(:title, "
                f"{PG_INDEXED_TITLE})), 'A') || to_tsvector('english', left(:body, "
                f"{PG_INDEXED_BODY})))"
            )
        self.max_id = MAX_ID.get(self.dialect, MAX_ID_DEFAULT)

    @classmethod
    def open(
        cls,
        db: str | os.PathLike[str] = DEFAULT_DB,
        *,
        migrate: bool = True,
        statement_timeout: float | None = None,
    ) -> Store:
        """The store at ``db``; with ``statement_timeout`` (seconds) every statement
        running longer is stopped with :class:`StatementTimeout` (a server's deadline:
        an abandoned request must not keep a core busy)."""
        url = database_url(db)
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise StoreError(f"cannot open store {db!r}: not a path or database URL") from exc
        if parsed.get_backend_name() == "sqlite":
            database = parsed.database or ""
            if database and database != ":memory:":
                parent = Path(database).parent
                if not parent.is_dir():
                    raise StoreError(f"cannot open store {db}: folder {parent} does not exist")
            engine = create_engine(url)
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            try:
                engine = create_engine(url, pool_pre_ping=True)
            except (ArgumentError, ImportError) as exc:
                raise StoreError(f"cannot open store {parsed!r}: {exc}") from exc
        if statement_timeout is not None:
            _set_statement_timeout(engine, statement_timeout)
        store = cls(engine)
        if migrate:
            store.migrate()
        return store

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _begin(self) -> Any:
        try:
            return self.engine.begin()
        except OperationalError as exc:
            raise StoreError(f"cannot connect to store: {exc.orig}") from exc

    def _lock_for_writing(self, conn: Any) -> None:
        """Make this transaction the only writer until it ends.

        Two ingests of the same inputs at once must see each other's articles:
        without the lock both find a text missing, both insert it, and the second
        dies on the unique content hash (and two processes migrating a new store
        both create its tables). SQLite takes its write lock now instead of at the
        first write; PostgreSQL takes an advisory lock. Readers are not blocked.
        """
        if self.dialect == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITE_LOCK})

    def migrate(self) -> list[str]:
        """Bring the schema up to date; returns the migrations applied."""
        try:
            with self._begin() as conn:
                self._lock_for_writing(conn)
                return apply_migrations(conn)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot prepare store: {exc}") from exc

    # ---- write path -------------------------------------------------------

    def begin_run(self, inputs: Sequence[str]) -> IngestRun:
        run = IngestRun(
            started=now(), inputs=list(inputs), host=socket.gethostname(), pid=os.getpid()
        )
        with self._begin() as conn:
            values = _record_values(run, schema.ingest_runs)
            insert = schema.ingest_runs.insert().values(**values).returning(schema.ingest_runs.c.id)
            run.id = conn.execute(insert).scalar_one()
        return run

    def finish_run(self, run: IngestRun, *, status: str = "done") -> None:
        run.finished, run.status = now(), status
        with self._begin() as conn:
            conn.execute(
                schema.ingest_runs.update()
                .where(schema.ingest_runs.c.id == run.id)
                .values(**_record_values(run, schema.ingest_runs))
            )

    def close_stale_runs(self, *, alive: Callable[[IngestRun], bool]) -> list[IngestRun]:
        """Mark "interrupted" every run still "running" whose process ``alive`` says is
        gone (killed, or its machine restarted); returns them as marked.

        A killed ingest cannot close its own run; the next one does.
        """
        r = schema.ingest_runs
        stale: list[IngestRun] = []
        with self._begin() as conn:
            rows = conn.execute(select(r).where(r.c.status == "running").order_by(r.c.id))
            for row in rows.mappings().all():
                run = IngestRun(**dict(row))
                if alive(run):
                    continue
                run.status, run.finished = "interrupted", now()
                conn.execute(
                    r.update()
                    .where(r.c.id == run.id, r.c.status == "running")
                    .values(status=run.status, finished=run.finished)
                )
                stale.append(run)
        return stale

    def record_errors(self, run: IngestRun, errors: Iterable[SourceError]) -> None:
        # an origin may carry the NUL that made its input unreadable (a URL): kept without it
        rows = [
            {"run_id": run.id, "origin": _without_nul(e.origin), "reason": _without_nul(e.reason)}
            for e in errors
        ]
        if rows:
            with self._begin() as conn:
                conn.execute(schema.ingest_errors.insert(), rows)

    def add(self, batch: Sequence[Article], *, run: IngestRun | None = None) -> list[Added]:
        """Store a batch of articles in one transaction; idempotent by content hash.

        The same text is stored once however often and wherever it is found
        (each finding is kept as a sighting); a new text at a location already
        stored becomes a new version of it. A process killed mid-batch leaves
        the batch unstored, and the next run stores it exactly once.
        """
        if not batch:
            return []
        a = schema.articles
        batch = [storable(article) for article in batch]
        stamp = now()
        run_id = run.id if run else None
        hashes = [article.content_hash for article in batch]
        locations = [_location(article) for article in batch]
        results: list[Added] = []
        with self._begin() as conn:
            # Another ingest's insert is then seen below, and counted as a duplicate.
            self._lock_for_writing(conn)
            # Look-ups for the whole batch at once: a statement per article
            # costs more than the work it does (see bench/reuters_ingest.py).
            known: dict[str, int] = {
                row.content_hash: row.id
                for row in conn.execute(
                    select(a.c.content_hash, a.c.id).where(a.c.content_hash.in_(set(hashes)))
                )
            }
            latest: dict[str, int] = {
                row.location: row.latest
                for row in conn.execute(
                    select(a.c.location, func.max(a.c.id).label("latest"))
                    .where(a.c.location.in_(set(locations)))
                    .group_by(a.c.location)
                )
            }
            lines: list[dict[str, Any]] = []
            indexed: list[dict[str, Any]] = []
            for article, content_hash, location in zip(batch, hashes, locations, strict=True):
                if content_hash in known:
                    results.append(Added(outcome=Outcome.DUPLICATE, article_id=known[content_hash]))
                    continue
                previous = latest.get(location)
                values = _record_values(article, a)
                values.update(
                    content_hash=content_hash,
                    location=location,
                    body_words=article.body_words,
                    ingested=stamp,
                    run_id=run_id,
                    version_of=previous,
                )
                article_id = conn.execute(self._insert_article, values).scalar_one()
                known[content_hash] = latest[location] = article_id
                lines.extend(
                    {**_record_values(line, schema.lines), "article_id": article_id}
                    for line in article.lines
                )
                indexed.append(
                    {"id": article_id, "title": article.title or "", "body": article.body}
                )
                outcome = Outcome.VERSION if previous is not None else Outcome.STORED
                results.append(Added(outcome=outcome, article_id=article_id))
            if lines:
                conn.execute(schema.lines.insert(), lines)
            if indexed:
                conn.execute(self._insert_search, indexed)
            if results:
                conn.execute(
                    schema.sightings.insert(),
                    [
                        {
                            "article_id": added.article_id,
                            "run_id": run_id,
                            "origin": article.origin,
                            "outcome": added.outcome.value,
                            "seen": stamp,
                        }
                        for article, added in zip(batch, results, strict=True)
                    ],
                )
        return results

    # ---- read path --------------------------------------------------------

    def count_articles(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(schema.articles)).scalar() or 0

    def list_articles(
        self, *, limit: int | None = None, offset: int = 0, newest_first: bool = False
    ) -> list[dict[str, Any]]:
        """Article metadata rows, oldest publication first (undated last), or with
        ``newest_first`` the latest first (undated last, latest stored first)."""
        a = schema.articles
        order: tuple[Any, ...]
        if newest_first:
            order = (func.coalesce(a.c.published, "").desc(), a.c.id.desc())
        else:
            order = (a.c.published.is_(None), a.c.published, a.c.id)
        query = (
            select(
                a.c.id,
                a.c.doc,
                a.c.outlet,
                a.c.published,
                a.c.title,
                a.c.body_words,
                a.c.authors,
                a.c.url,
                a.c.origin,
                a.c.kind,
                a.c.version_of,
            )
            .order_by(*order)
            .offset(offset)
        )
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def corpus_overview(self) -> dict[str, Any]:
        """The corpus at a glance, counted by the database: articles, undated ones,
        first and last publication, body words, and articles per outlet (most first)."""
        a = schema.articles
        published = func.nullif(a.c.published, "")
        outlet = func.coalesce(func.nullif(a.c.outlet, ""), UNKNOWN_OUTLET)
        with self.engine.connect() as conn:
            articles, dated, first, last, words = conn.execute(
                select(
                    func.count(),
                    func.count(published),
                    func.min(published),
                    func.max(published),
                    func.coalesce(func.sum(a.c.body_words), 0),
                )
            ).one()
            outlets = conn.execute(
                select(outlet, func.count()).group_by(outlet).order_by(func.count().desc(), outlet)
            ).all()
        return {
            "articles": articles,
            "undated": articles - dated,
            "first_published": first,
            "last_published": last,
            "outlets": [{"outlet": name, "articles": n} for name, n in outlets],
            "body_words": int(words),
        }

    def iter_articles(self) -> Iterator[StoredArticle]:
        for row in self.list_articles():
            yield self.get_article(row["id"])

    def get_article(self, article_id: int, *, lines: bool = True) -> StoredArticle:
        """One article with every line (none with ``lines=False``: a page of a long
        article reads its lines with :meth:`article_lines`)."""
        a = schema.articles
        if not 0 < article_id <= self.max_id:  # no such row, and PostgreSQL can't compare
            raise NotFound(f"no article with id {article_id}")
        with self.engine.connect() as conn:
            row = conn.execute(select(a).where(a.c.id == article_id)).mappings().first()
            if row is None:
                raise NotFound(f"no article with id {article_id}")
            line_rows = conn.execute(
                select(schema.lines)
                .where(schema.lines.c.article_id == article_id)
                .order_by(schema.lines.c.number)
            ).mappings()
            stored_lines = [
                Line(
                    number=r["number"],
                    text=r["text"],
                    role=LineRole(r["role"]),
                    duplicate_of=r["duplicate_of"],
                )
                for r in (line_rows if lines else ())
            ]
        article = Article(
            doc=row["doc"],
            origin=row["origin"],
            kind=DocKind(row["kind"]),
            title=row["title"],
            outlet=row["outlet"],
            authors=list(row["authors"] or []),
            published=row["published"],
            published_evidence=row["published_evidence"],
            url=row["url"],
            lines=stored_lines,
            language=row["language"],
        )
        return StoredArticle(
            id=row["id"],
            article=article,
            content_hash=row["content_hash"],
            ingested=row["ingested"],
            version_of=row["version_of"],
        )

    def article_lines(
        self, article_id: int, *, offset: int = 0, limit: int, max_chars: int
    ) -> list[StoredLine]:
        """Lines ``offset + 1`` to ``offset + limit`` of an article in order, each cut at
        ``max_chars`` characters: a page of a long article reads at most ``limit``
        times ``max_chars`` characters, however long the article."""
        if not 0 < article_id <= self.max_id:
            return []
        ln = schema.lines
        query = (
            select(
                ln.c.number,
                func.substr(ln.c.text, 1, max_chars).label("text"),
                func.length(ln.c.text).label("length"),
                ln.c.role,
                ln.c.duplicate_of,
            )
            .where(ln.c.article_id == article_id)
            .order_by(ln.c.number)
            .limit(limit)
            .offset(offset or None)
        )
        with self.engine.connect() as conn:
            return [
                StoredLine(
                    line=Line(
                        number=r.number,
                        text=r.text,
                        role=LineRole(r.role),
                        duplicate_of=r.duplicate_of,
                    ),
                    cut=r.length - len(r.text),
                )
                for r in conn.execute(query)
            ]

    def count_lines(self, article_id: int) -> int:
        """How many lines an article has (0 if there is no such article)."""
        if not 0 < article_id <= self.max_id:
            return 0
        return self._count(schema.lines, [schema.lines.c.article_id == article_id])

    def search(self, query: str, *, limit: int = 20, snippets: bool = True) -> list[SearchHit]:
        """Articles matching every word of ``query``, best first, with a snippet (empty
        with ``snippets=False``: making one costs more than finding the article, so a
        caller that shows a page of a long list asks :meth:`snippets` for that page).

        Snippets are made for the ``limit`` best only, each from the first
        ``SNIPPET_WINDOW`` characters of its body: a match further into a long
        article finds it, and its snippet is the article's opening."""
        query = query.replace("\x00", " ")  # PostgreSQL refuses NUL in any text
        if not query.split():
            return []
        rows = self._search(query, limit=limit, only=None)
        if snippets:
            made = self._snippets(query, [r["id"] for r in rows])
            for r in rows:
                r["snippet"] = made.get(r["id"], "")
        return [SearchHit(**r) for r in rows]

    def snippets(self, query: str, article_ids: Iterable[int]) -> dict[int, str]:
        """The snippet :meth:`search` gives each of ``article_ids`` that matches ``query``."""
        query = query.replace("\x00", " ")
        wanted = sorted(i for i in set(article_ids) if 0 < i <= self.max_id)
        if not query.split() or not wanted:
            return {}
        matching = self._search(query, limit=len(wanted), only=wanted)
        return self._snippets(query, [r["id"] for r in matching])

    def _search(self, query: str, *, limit: int, only: list[int] | None) -> list[dict[str, Any]]:
        """The best ``limit`` matches (among ``only``), without snippets."""
        among = " AND a.id IN :only" if only is not None else ""
        if self.dialect == "sqlite":
            match = fts_query(query)
            if not match:
                return []
            sql = text(
                "SELECT a.id, a.doc, a.title, a.outlet, a.published, '' AS snippet"
                " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
                f" WHERE articles_fts MATCH :match{among}"
                " ORDER BY bm25(articles_fts, 5.0, 1.0), a.id LIMIT :limit"
            )
            params: dict[str, Any] = {"match": match}
        else:
            sql = text(
                "SELECT a.id, a.doc, a.title, a.outlet, a.published, '' AS snippet"
                " FROM article_search s JOIN articles a ON a.id = s.article_id,"
                " websearch_to_tsquery('english', :match) q"
                f" WHERE s.document @@ q{among} ORDER BY ts_rank(s.document, q) DESC, a.id"
                " LIMIT :limit"
            )
            params = {"match": query}
        params["limit"] = limit
        if only is not None:
            sql = sql.bindparams(bindparam("only", expanding=True))
            params["only"] = only
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(sql, params).mappings()]

    def _snippets(self, query: str, article_ids: list[int]) -> dict[int, str]:
        """Snippets of ``article_ids`` for ``query``, each from a window of its body's
        first ``SNIPPET_WINDOW`` characters (and as much of its title), so the work per
        article is bounded whatever its length."""
        if not article_ids:
            return {}
        params: dict[str, Any] = {"ids": article_ids, "window": SNIPPET_WINDOW}
        if self.dialect == "sqlite":
            sql = text(
                "SELECT rowid, substr(title, 1, :window), substr(body, 1, :window)"
                " FROM articles_fts WHERE rowid IN :ids"
            ).bindparams(bindparam("ids", expanding=True))
            with self.engine.connect() as conn:
                windows = [tuple(row) for row in conn.execute(sql, params)]
            return _window_snippets(fts_query(query), windows)
        sql = text(
            "SELECT s.article_id, ts_headline('english', left(s.body, :window), q,"
            "  'StartSel=' || :start || ', StopSel=' || :end || ', MaxWords=35, MinWords=15')"
            " FROM article_search s, websearch_to_tsquery('english', :match) q"
            " WHERE s.article_id IN :ids"
        ).bindparams(bindparam("ids", expanding=True))
        params.update(match=query, start=MARK_START, end=MARK_END)
        with self.engine.connect() as conn:
            return {row[0]: row[1] for row in conn.execute(sql, params)}

    def runs(self, *, limit: int = 20) -> list[IngestRun]:
        r = schema.ingest_runs
        with self.engine.connect() as conn:
            rows = conn.execute(select(r).order_by(r.c.id.desc()).limit(limit)).mappings()
            return [IngestRun(**dict(row)) for row in rows]

    def run_errors(self, run_id: int) -> list[SourceError]:
        e = schema.ingest_errors
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(e.c.origin, e.c.reason).where(e.c.run_id == run_id).order_by(e.c.id)
            ).mappings()
            return [SourceError(**dict(row)) for row in rows]

    def sightings(self, article_id: int) -> list[dict[str, Any]]:
        s = schema.sightings
        if not 0 < article_id <= self.max_id:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(s.c.origin, s.c.outcome, s.c.seen, s.c.run_id)
                .where(s.c.article_id == article_id)
                .order_by(s.c.id)
            ).mappings()
            return [dict(row) for row in rows]

    # ---- annotations ------------------------------------------------------

    def article_ids(self, *, unannotated: bool = False) -> list[int]:
        """Ids of stored articles, oldest first; only those not yet annotated if asked."""
        a, n = schema.articles, schema.annotated
        query = select(a.c.id).order_by(a.c.id)
        if unannotated:
            query = query.where(~select(n.c.article_id).where(n.c.article_id == a.c.id).exists())
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def add_annotations(self, items: Sequence[tuple[int, Annotation]]) -> None:
        """Store what the language stages found, replacing earlier results for those articles.

        One transaction for the batch: an article has all of its annotations or none.
        """
        if not items:
            return
        ids = [article_id for article_id, _ in items]
        stamp = now()
        with self._begin() as conn:
            self._delete_annotations(conn, ids)
            conn.execute(
                schema.annotated.insert(),
                [
                    {
                        "article_id": i,
                        "language": a.language,
                        "skipped": a.skipped,
                        "annotated": stamp,
                    }
                    for i, a in items
                ],
            )
            rows: dict[Table, list[dict[str, Any]]] = {t: [] for t, _ in _LOCATED_TABLES}
            mentions: list[dict[str, Any]] = []
            for article_id, annotation in items:
                for table, (field, _) in _LOCATED_TABLES:
                    rows[table] += [_spread(r, article_id) for r in getattr(annotation, field)]
                for ref in annotation.entities:
                    ref_id = conn.execute(
                        schema.entity_refs.insert()
                        .values(article_id=article_id, canonical=ref.canonical, type=ref.type)
                        .returning(schema.entity_refs.c.id)
                    ).scalar_one()
                    mentions += [
                        {**dataclasses.asdict(m), "ref_id": ref_id, "article_id": article_id}
                        for m in ref.mentions
                    ]
            rows[schema.entity_mentions] = mentions
            for table, table_rows in rows.items():
                if table_rows:
                    conn.execute(table.insert(), table_rows)
            if rows[schema.claims]:
                conn.execute(schema.date_claims(ids))

    def _delete_annotations(self, conn: Any, ids: Sequence[int]) -> None:
        # children before parents, for the foreign keys
        for table in reversed(schema.ANNOTATION_TABLES):
            conn.execute(table.delete().where(table.c.article_id.in_(ids)))
        self._mark_entities_stale(conn)

    def _mark_entities_stale(self, conn: Any) -> None:
        # Written in the transaction that changes the entity references, cleared in
        # the one that stores their resolution: a run killed in between leaves the
        # mark, and the next run resolves again. A fresh mark per change, so a
        # resolution that read the references before this change keeps it.
        s = schema.index_state
        insert = (sqlite_insert if self.dialect == "sqlite" else postgresql_insert)(s)
        values = {"name": STALE_ENTITIES, "data": uuid.uuid4().hex.encode(), "updated": now()}
        conn.execute(
            insert.values(**values).on_conflict_do_update(
                index_elements=[s.c.name], set_={"data": values["data"], "updated": now()}
            )
        )

    def annotation(
        self, article_id: int, *, lines: tuple[int, int] | None = None
    ) -> Annotation | None:
        """What the language stages found in one article; None if it was not annotated.
        With ``lines`` (first, last) only what is on those lines: a page's worth of a
        long article, and only the entities mentioned there."""
        if not 0 < article_id <= self.max_id:
            return None
        wanted: dict[str, Any] = {"article_id": article_id}
        if lines is not None:
            wanted.update(first=lines[0], last=lines[1])
        on_lines = lines is not None
        with self.engine.connect() as conn:
            row = conn.execute(_of_article(schema.annotated), wanted).mappings().first()
            if row is None:
                return None

            def rows(table: Table) -> list[dict[str, Any]]:
                query = _of_article(table, on_lines=on_lines)
                return [dict(r) for r in conn.execute(query, wanted).mappings()]

            by_ref: dict[int, list[Mention]] = {}
            for m in rows(schema.entity_mentions):
                by_ref.setdefault(m["ref_id"], []).append(_mention(m, label=m["label"]))
            refs = _of_article(schema.entity_refs)
            if on_lines:  # the entities mentioned on these lines only
                refs = refs.where(schema.entity_refs.c.id.in_(sorted(by_ref)))
            entities = [
                EntityRef(
                    canonical=r["canonical"], type=r["type"], mentions=by_ref.get(r["id"], [])
                )
                for r in conn.execute(refs, wanted).mappings()
            ]
            located: dict[str, Any] = {
                field: [_gather(record_type, r) for r in rows(table)]
                for table, (field, record_type) in _LOCATED_TABLES
            }
        return Annotation(
            language=row["language"], skipped=row["skipped"], entities=entities, **located
        )

    def language_coverage(self, *, found: bool = True) -> dict[str, Any]:
        """Articles by language and by what the language stages did with them, counted
        by the database: ``states`` rows of (language, annotated, skipped reason,
        articles), the language being the annotation's (else the one ``clean``
        recorded, else None); with ``found``, per language of the articles read,
        how many rows each kind of finding has (``found``: (language, kind, rows))."""
        a, n = schema.articles, schema.annotated
        language = func.coalesce(n.c.language, a.c.language)
        annotated = n.c.article_id.is_not(None)
        with self.engine.connect() as conn:
            states = conn.execute(
                select(language, annotated, n.c.skipped, func.count())
                .select_from(a.outerjoin(n, n.c.article_id == a.c.id))
                .group_by(language, annotated, n.c.skipped)
            ).all()
            kinds: list[tuple[str, str, int]] = []
            tables = {
                "entity_mentions": schema.entity_mentions,
                "places": schema.places,
                "times": schema.times,
                "events": schema.events,
                "claims": schema.claims,
                "statements": schema.statements,
            }
            for kind, table in tables.items() if found else ():
                rows = conn.execute(
                    select(n.c.language, func.count())
                    .select_from(table.join(n, n.c.article_id == table.c.article_id))
                    .group_by(n.c.language)
                ).all()
                kinds += [(lang, kind, count) for lang, count in rows]
        return {
            "states": [(lang, bool(done), skipped, count) for lang, done, skipped, count in states],
            "found": kinds,
        }

    def annotation_states(self, article_ids: Iterable[int]) -> dict[int, tuple[str, str | None]]:
        """The language the stages recorded for each of these articles and why they did
        not read it (None: they did), for the annotated ones."""
        n = schema.annotated
        wanted = sorted(set(article_ids))
        if not wanted:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(n.c.article_id, n.c.language, n.c.skipped).where(n.c.article_id.in_(wanted))
            ).all()
        return {article_id: (language, skipped) for article_id, language, skipped in rows}

    def resolved_names(self, article_id: int) -> dict[str, str]:
        """An article's entity references (by the name it uses) -> the canonical name of
        the corpus entity each was resolved to (those resolved only)."""
        r, e = schema.entity_refs, schema.entities
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(r.c.canonical, e.c.canonical)
                .select_from(r.join(e, e.c.id == r.c.entity_id))
                .where(r.c.article_id == article_id)
            ).all()
        return {name: canonical for name, canonical in rows}

    def on_lines(self, wanted: dict[int, set[int]]) -> dict[str, list[dict[str, Any]]]:
        """What was found on some lines of some articles (``wanted``: article id -> line
        numbers), a query per kind for all of them: ``names`` (entity mentions with the
        article's name for the entity and, when resolved, the corpus entity's canonical
        name), ``places`` and ``claims``, each row with its ``article_id``, ``line`` and
        ``start``, in text order. For a listing's quotes: an annotation read per article
        cost fifty times the listing."""
        ids = sorted(wanted)
        lines = sorted({n for numbers in wanted.values() for n in numbers})
        if not ids:
            return {"names": [], "places": [], "claims": []}
        m, r, e, p, c = (
            schema.entity_mentions,
            schema.entity_refs,
            schema.entities,
            schema.places,
            schema.claims,
        )
        queries = {
            "names": select(
                m.c.article_id, m.c.line, m.c.start, r.c.canonical, e.c.canonical.label("entity")
            )
            .select_from(m.join(r, r.c.id == m.c.ref_id).outerjoin(e, e.c.id == r.c.entity_id))
            .where(m.c.article_id.in_(ids), m.c.line.in_(lines)),
            "places": select(p.c.article_id, p.c.line, p.c.start, p.c.canonical).where(
                p.c.article_id.in_(ids), p.c.line.in_(lines)
            ),
            "claims": select(
                c.c.article_id,
                c.c.line,
                c.c.start,
                c.c.value,
                c.c.value_low,
                c.c.value_high,
                c.c.hedged,
                c.c.unit,
            ).where(c.c.article_id.in_(ids), c.c.line.in_(lines)),
        }
        found: dict[str, list[dict[str, Any]]] = {}
        with self.engine.connect() as conn:
            for kind, query in queries.items():
                rows = conn.execute(query).mappings()
                found[kind] = sorted(
                    (dict(row) for row in rows if row["line"] in wanted[row["article_id"]]),
                    key=lambda row: (row["article_id"], row["line"], row["start"]),
                )
        return found

    def count_annotations(self, article_id: int) -> dict[str, int]:
        """How many entity mentions, places, times, claims and events an article has."""
        tables = {
            "entities": schema.entity_mentions,
            "places": schema.places,
            "times": schema.times,
            "claims": schema.claims,
            "events": schema.events,
        }
        if not 0 < article_id <= self.max_id:
            return dict.fromkeys(tables, 0)
        return {
            name: self._count(table, [table.c.article_id == article_id])
            for name, table in tables.items()
        }

    def entity_refs(self) -> list[tuple[int, list[tuple[int, EntityRef]]]]:
        """Every article's entity references with their ids, by article (for resolution)."""
        r, m = schema.entity_refs, schema.entity_mentions
        out: dict[int, list[tuple[int, EntityRef]]] = {}
        refs: dict[int, EntityRef] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(select(r).order_by(r.c.article_id, r.c.id)).mappings():
                ref = EntityRef(canonical=row["canonical"], type=row["type"], mentions=[])
                refs[row["id"]] = ref
                out.setdefault(row["article_id"], []).append((row["id"], ref))
            for row in conn.execute(select(m).order_by(m.c.id)).mappings():
                refs[row["ref_id"]].mentions.append(_mention(row, label=row["label"]))
        return list(out.items())

    def outlet_names(self) -> set[str]:
        """The outlets the stored articles name (entity resolution treats them as ORGs)."""
        a = schema.articles
        query = select(a.c.outlet).where(a.c.outlet.is_not(None)).distinct()
        with self.engine.connect() as conn:
            return {outlet for (outlet,) in conn.execute(query) if outlet}

    def entities_stale(self) -> str | None:
        """The mark of the latest change to the entity references that no resolution
        has answered yet (see :meth:`replace_entities`); None when the entities are
        up to date with them. Read it before the references to resolve."""
        s = schema.index_state
        with self.engine.connect() as conn:
            data = conn.execute(select(s.c.data).where(s.c.name == STALE_ENTITIES)).scalar()
        return None if data is None else bytes(data).decode()

    def replace_entities(self, resolved: Sequence[ResolvedEntity], *, answers: str | None) -> None:
        """Replace the corpus' entities with a new resolution, in one transaction.

        ``answers`` is :meth:`entities_stale`'s mark, read before the references
        were: it is cleared only if no annotation changed them since, so a change
        this resolution did not see is resolved by the next run.
        """
        e, r, s = schema.entities, schema.entity_refs, schema.index_state
        with self._begin() as conn:
            if answers is not None:
                mark = (s.c.name == STALE_ENTITIES) & (s.c.data == answers.encode())
                conn.execute(s.delete().where(mark))
            conn.execute(r.update().values(entity_id=None))
            conn.execute(e.delete())
            for entity in resolved:
                values = dataclasses.asdict(entity)
                ref_ids = values.pop("ref_ids")
                entity_id = conn.execute(e.insert().values(**values).returning(e.c.id)).scalar_one()
                conn.execute(r.update().where(r.c.id.in_(ref_ids)).values(entity_id=entity_id))

    def list_entities(
        self,
        *,
        type: str | None = None,
        name: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Entities, most mentioned first; ``name`` matches any spelling (case-insensitive);
        ``limit`` and ``offset`` page through them."""
        e = schema.entities
        query = select(e).order_by(e.c.mentions.desc(), e.c.canonical, e.c.id)
        if type:
            query = query.where(e.c.type == type.upper())
        if not name:  # the database pages; spellings are matched here (JSON lists)
            query = query.limit(limit).offset(offset or None)
        with self.engine.connect() as conn:
            rows = [dict(row) for row in conn.execute(query).mappings()]
        if not name:
            return rows
        needle = name.casefold()
        rows = [row for row in rows if any(needle in n.casefold() for n in row["names"])]
        return rows[offset : offset + limit if limit is not None else None]

    def count_entities(self, *, type: str | None = None, name: str | None = None) -> int:
        """How many entities :meth:`list_entities` gives for the same ``type`` and ``name``."""
        if name:
            return len(self.list_entities(type=type, name=name))
        e = schema.entities
        return self._count(e, [e.c.type == type.upper()] if type else [])

    def _count(self, table: Table, conditions: Sequence[Any]) -> int:
        with self.engine.connect() as conn:
            query = select(func.count()).select_from(table).where(*conditions)
            return conn.execute(query).scalar() or 0

    def place_mentions(self) -> list[tuple[str, PlaceRef]]:
        """Every resolved place mention with its article's doc name (for GeoJSON)."""
        p, a = schema.places, schema.articles
        query = select(a.c.doc, p).join(a, a.c.id == p.c.article_id).order_by(p.c.id)
        with self.engine.connect() as conn:
            return [
                (row["doc"], _gather(PlaceRef, dict(row))) for row in conn.execute(query).mappings()
            ]

    def list_claims(
        self,
        *,
        about: str | None = None,
        source: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Claims with their article, oldest first (by the time the number describes,
        else the publication). ``about`` and ``source`` match words of the subject
        and of the source (case-insensitive, every word must occur); ``limit`` and
        ``offset`` page through them."""
        c, a = schema.claims, schema.articles
        query = (
            select(
                c.c.value,
                c.c.value_low,
                c.c.value_high,
                c.c.unit,
                c.c.subject,
                c.c.hedged,
                c.c.source,
                c.c.source_type,
                c.c.via,
                c.c.as_of,
                c.c.text.label("quote"),
                c.c.line,
                *_source_columns(),
            )
            .join(a, a.c.id == c.c.article_id)
            .where(*_claim_filters(about=about, source=source))
            # as ix_claims_order has it: the time the number describes, else the
            # article's publication (``dated``), undated last
            .order_by(c.c.dated.is_(None), c.c.dated, c.c.article_id, c.c.line, c.c.start)
            .limit(limit)
            .offset(offset or None)
        )
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(query).mappings()]

    def count_claims(self, *, about: str | None = None, source: str | None = None) -> int:
        """How many claims :meth:`list_claims` gives for the same ``about`` and ``source``."""
        return self._count(schema.claims, _claim_filters(about=about, source=source))

    def findings_stamp(self) -> tuple[int, ...]:
        """Changes whenever claims, relations or places are added or replaced (count
        and highest id of each): what a reader keeping views derived from them checks."""
        stamp: list[int] = []
        with self.engine.connect() as conn:
            for table in (schema.claims, schema.relations, schema.places):
                # two statements: SQLite answers each from the b-tree's ends and counts,
                # but the two aggregates together make it read every row
                for aggregate in (func.count(), func.max(table.c.id)):
                    stamp.append(conn.execute(select(aggregate).select_from(table)).scalar() or 0)
        return tuple(stamp)

    # ---- provenance -------------------------------------------------------

    def unlinked_ids(self) -> list[int]:
        """Ids of articles not yet compared with the rest, oldest first."""
        a, k = schema.articles, schema.linked
        query = (
            select(a.c.id)
            .where(~select(k.c.article_id).where(k.c.article_id == a.c.id).exists())
            .order_by(a.c.id)
        )
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def add_links(
        self,
        article_ids: Sequence[int],
        relations: Sequence[tuple[int, int, Relation]],
        *,
        index: tuple[str, bytes] | None = None,
    ) -> None:
        """Record articles as compared, their relations ``(a_id, b_id, relation)``, and
        the index state that holds them, in one transaction: a killed run never
        leaves an article in the index but not marked, or the reverse."""
        stamp = now()
        r = schema.relations
        with self._begin() as conn:
            if article_ids:
                conn.execute(
                    schema.linked.insert(),
                    [{"article_id": i, "linked": stamp} for i in article_ids],
                )
            for a_id, b_id, rel in relations:
                exists = conn.execute(
                    select(r.c.id).where(r.c.a_id == a_id, r.c.b_id == b_id, r.c.kind == rel.kind)
                ).first()
                if exists is None:
                    conn.execute(
                        r.insert().values(
                            a_id=a_id,
                            b_id=b_id,
                            kind=rel.kind,
                            evidence=rel.evidence,
                            score=rel.score,
                        )
                    )
            if index is not None:
                name, data = index
                s = schema.index_state
                conn.execute(s.delete().where(s.c.name == name))
                conn.execute(s.insert().values(name=name, data=data, updated=stamp))

    def clear_links(self) -> None:
        """Forget every relation and the index, to compare all articles afresh."""
        s = schema.index_state
        with self._begin() as conn:
            for table in (schema.relations, schema.linked):
                conn.execute(table.delete())
            # the entities' mark is not the links' to forget
            conn.execute(s.delete().where(s.c.name != STALE_ENTITIES))

    def index_state(self, name: str) -> bytes | None:
        s = schema.index_state
        with self.engine.connect() as conn:
            return conn.execute(select(s.c.data).where(s.c.name == name)).scalar()

    def list_relations(self) -> list[dict[str, Any]]:
        """Related pairs with both articles' names, outlets and dates; ``a`` derives from ``b``."""
        r = schema.relations
        a = schema.articles.alias("a")
        b = schema.articles.alias("b")
        query = (
            select(
                r.c.kind,
                r.c.evidence,
                r.c.score,
                a.c.id.label("a_id"),
                a.c.doc.label("a"),
                a.c.url.label("a_url"),
                a.c.outlet.label("a_outlet"),
                a.c.published.label("a_published"),
                b.c.id.label("b_id"),
                b.c.doc.label("b"),
                b.c.url.label("b_url"),
                b.c.outlet.label("b_outlet"),
                b.c.published.label("b_published"),
            )
            .join(a, a.c.id == r.c.a_id)
            .join(b, b.c.id == r.c.b_id)
            .order_by(r.c.a_id, r.c.b_id, r.c.kind)
        )
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(query).mappings()]

    def outlet_citations(self) -> list[dict[str, Any]]:
        """For each outlet: its articles and the outlets and bodies they cite, most first."""
        a, c = schema.articles, schema.citations
        with self.engine.connect() as conn:
            counts = conn.execute(
                select(a.c.outlet, func.count().label("articles")).group_by(a.c.outlet)
            ).all()
            cited = conn.execute(
                select(a.c.outlet, c.c.cited, c.c.kind, func.count().label("times"))
                .join(a, a.c.id == c.c.article_id)
                .group_by(a.c.outlet, c.c.cited, c.c.kind)
                .order_by(func.count().desc(), c.c.cited)
            ).all()
        rows: dict[str | None, dict[str, Any]] = {
            outlet: {"outlet": outlet, "articles": n, "cites": []} for outlet, n in counts
        }
        for outlet, name, kind, times in cited:
            rows[outlet]["cites"].append({"cited": name, "kind": kind, "times": times})
        return sorted(rows.values(), key=lambda r: (-r["articles"], r["outlet"] or ""))

    def list_statements(
        self, *, by: str | None = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Who said what, oldest article first; ``by`` matches words of the speaker."""
        st, a = schema.statements, schema.articles
        query = (
            select(
                st.c.speaker,
                st.c.cue,
                st.c.text.label("content"),
                st.c.direct,
                st.c.line,
                *_source_columns(),
            )
            .join(a, a.c.id == st.c.article_id)
            .order_by(a.c.published.is_(None), a.c.published, a.c.id, st.c.line, st.c.start)
        )
        for word in (by or "").split():
            query = query.where(func.lower(st.c.speaker).contains(word.lower()))
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(query).mappings()]

    def timeline(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        modalities: Sequence[str] | None = ("asserted",),
        types: Sequence[str] | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Dated events in date order, each with its article, line and quote.

        ``since``/``until`` compare ISO prefixes, so "2022-02" takes in the whole month;
        ``modalities`` keeps the events of those statuses (None: every one; rows made
        before events had one count as asserted); ``types`` keeps those event types
        (None: every one); ``limit`` and ``offset`` page.
        """
        ev, a = schema.events, schema.articles
        query = (
            select(
                ev.c.date,
                ev.c.type,
                ev.c.actors,
                ev.c.place,
                ev.c.text.label("quote"),
                ev.c.date_text,
                ev.c.modality,
                ev.c.date_evidence,
                ev.c.line,
                *_source_columns(),
            )
            .join(a, a.c.id == ev.c.article_id)
            .where(*_period_filters(since=since, until=until, modalities=modalities, types=types))
            .order_by(ev.c.date, a.c.published, a.c.id, ev.c.line)
            .limit(limit)
            .offset(offset or None)
        )
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(query).mappings()]

    def count_timeline(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        modalities: Sequence[str] | None = ("asserted",),
        types: Sequence[str] | None = None,
    ) -> int:
        """How many events :meth:`timeline` gives for the same period, statuses and types."""
        return self._count(
            schema.events,
            _period_filters(since=since, until=until, modalities=modalities, types=types),
        )

    def article_tags(self, article_ids: Iterable[int] | None = None) -> list[tuple[int, str, str]]:
        """``(article_id, kind, name)`` for every place ("place") and person or
        organisation ("entity") an article mentions, under the corpus-wide name;
        the web app's search facets filter and count by these. ``article_ids``
        narrows it to those articles (a search's matches), else every article."""
        p, r, e = schema.places, schema.entity_refs, schema.entities
        places = select(p.c.article_id, p.c.canonical).distinct()
        entities = (
            select(r.c.article_id, func.coalesce(e.c.canonical, r.c.canonical))
            .outerjoin(e, e.c.id == r.c.entity_id)
            .distinct()
        )
        if article_ids is not None:
            wanted = sorted(set(article_ids))
            places = places.where(p.c.article_id.in_(wanted))
            entities = entities.where(r.c.article_id.in_(wanted))
        with self.engine.connect() as conn:
            found = [(i, "place", name) for i, name in conn.execute(places)]
            found += [(i, "entity", name) for i, name in conn.execute(entities)]
        return found

    def place_names(self) -> list[str]:
        """Every distinct name the corpus' places were resolved to."""
        p = schema.places
        with self.engine.connect() as conn:
            return [n for (n,) in conn.execute(select(p.c.canonical).distinct()) if n]

    def articles_naming(self, names: Iterable[str]) -> list[int]:
        """Ids of the articles that mention a place, person or organisation under one of
        ``names`` (corpus-wide names, as :meth:`article_tags` gives them): how a search
        in Latin letters finds the reports that write the name in Cyrillic."""
        wanted = sorted(set(names))
        if not wanted:
            return []
        p, r, e = schema.places, schema.entity_refs, schema.entities
        places = select(p.c.article_id).where(p.c.canonical.in_(wanted))
        entities = (
            select(r.c.article_id)
            .outerjoin(e, e.c.id == r.c.entity_id)
            .where(func.coalesce(e.c.canonical, r.c.canonical).in_(wanted))
        )
        with self.engine.connect() as conn:
            found = {i for (i,) in conn.execute(places)} | {i for (i,) in conn.execute(entities)}
        return sorted(found)

    def list_events(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        """Every event (dated or not), oldest first, with its article and, when its
        place is one the article mentions with coordinates, that place's lat/lon."""
        ev, a, p = schema.events, schema.articles, schema.places
        near = (
            select(p.c.lat, p.c.lon)
            .where(p.c.article_id == ev.c.article_id, p.c.canonical == ev.c.place)
            .where(p.c.lat.is_not(None), p.c.lon.is_not(None))
            .order_by(p.c.id)
            .limit(1)
        )
        query = (
            select(
                ev.c.date,
                ev.c.type,
                ev.c.actors,
                ev.c.place,
                near.with_only_columns(p.c.lat).scalar_subquery().label("lat"),
                near.with_only_columns(p.c.lon).scalar_subquery().label("lon"),
                ev.c.text.label("quote"),
                ev.c.date_text,
                ev.c.modality,
                ev.c.date_evidence,
                ev.c.line,
                *_source_columns(),
            )
            .join(a, a.c.id == ev.c.article_id)
            .order_by(ev.c.date.is_(None), ev.c.date, a.c.published, a.c.id, ev.c.line)
        )
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(query).mappings()]

    def count_findings(self) -> dict[str, int]:
        """How many rows each kind of finding has: the dashboard's totals."""
        tables = {
            "claims": schema.claims,
            "events": schema.events,
            "place_mentions": schema.places,
            "entities": schema.entities,
            "statements": schema.statements,
            "relations": schema.relations,
        }
        with self.engine.connect() as conn:
            return {
                name: conn.execute(select(func.count()).select_from(table)).scalar() or 0
                for name, table in tables.items()
            }

    def list_place_mentions(self) -> list[dict[str, Any]]:
        """Every place mention with its article and line, oldest article first: the
        report's evidence for each place."""
        p, a = schema.places, schema.articles
        query = (
            select(
                p.c.canonical,
                p.c.country,
                p.c.feature,
                p.c.geonames_id,
                p.c.text,
                p.c.line,
                *_source_columns(),
            )
            .join(a, a.c.id == p.c.article_id)
            .order_by(a.c.published.is_(None), a.c.published, a.c.id, p.c.line, p.c.start)
        )
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(query).mappings()]

    # --- dating undated reports from the corpus (``link.corpus_dates``) ---

    def undated_article_ids(self) -> list[int]:
        """The articles with no publication date, oldest id first."""
        a = schema.articles
        query = select(a.c.id).where(func.coalesce(a.c.published, "") == "").order_by(a.c.id)
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def dated_events(self) -> list[tuple[int, str, EventRef]]:
        """(article id, doc, event) for every event put on a day by an article whose own
        day is stated (its dateline), not inferred: the evidence that dates other reports."""
        ev, a = schema.events, schema.articles
        query = (
            select(ev, a.c.doc)
            .join(a, a.c.id == ev.c.article_id)
            .where(func.length(ev.c.date) == 10, func.length(a.c.published) >= 10)
            .where(~func.coalesce(a.c.published_evidence, "").like("inferred%"))
            .order_by(ev.c.article_id, ev.c.line, ev.c.start)
        )
        with self.engine.connect() as conn:
            return [
                (row["article_id"], row["doc"], _gather(EventRef, dict(row)))
                for row in conn.execute(query).mappings()
            ]

    def set_published(self, article_id: int, published: str, evidence: str) -> None:
        """Date an article after the fact (its claims' listing order follows).

        Its time expressions were resolved without the date, so its annotations are
        dropped: annotate it again to resolve them against it.
        """
        a = schema.articles
        if not 0 < article_id <= self.max_id:
            raise NotFound(f"no article with id {article_id}")
        with self._begin() as conn:
            found = conn.execute(
                a.update()
                .where(a.c.id == article_id)
                .values(published=published, published_evidence=evidence)
            )
            if found.rowcount == 0:
                raise NotFound(f"no article with id {article_id}")
            # its annotations went with the date it lacked: dropped with the same
            # commit, it is annotated again by the caller or, after a kill, by the
            # next run's annotation of what is not annotated
            self._delete_annotations(conn, [article_id])


_deadline: ContextVar[float | None] = ContextVar("watchfloor_store_deadline", default=None)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Within this block (and the threads it starts), a store opened with a
    ``statement_timeout`` refuses to start a statement once ``seconds`` have passed
    and stops a running one then, with :class:`StatementTimeout`: a web request's
    deadline, however many statements it takes."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def _set_statement_timeout(engine: Engine, seconds: float) -> None:
    """Stop every statement of ``engine`` that runs longer than ``seconds`` or past the
    :func:`deadline` it runs under."""

    def start_clock(conn: Any, *_args: Any) -> None:
        ends = time.monotonic() + seconds
        block_ends = _deadline.get()
        if block_ends is not None:
            if time.monotonic() > block_ends:
                raise StatementTimeout("the request's deadline passed before the store answered")
            ends = min(ends, block_ends)
        conn.info["deadline"] = ends

    event.listen(engine, "before_cursor_execute", start_clock)
    if engine.dialect.name == "sqlite":
        # SQLite has no timeout of its own: a progress handler, called every few
        # thousand virtual-machine steps, interrupts the statement past its deadline.
        def deadline_handler(dbapi_connection: Any, record: Any) -> None:
            info = record.info

            def past_deadline() -> int:
                return int(time.monotonic() > info.get("deadline", float("inf")))

            dbapi_connection.set_progress_handler(past_deadline, 10_000)

        event.listen(engine, "connect", deadline_handler)
    else:

        def server_timeout(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute(f"SET statement_timeout = {max(1, round(seconds * 1000))}")
            cursor.close()
            dbapi_connection.commit()  # a SET rolled back with its transaction is undone

        event.listen(engine, "connect", server_timeout)

    def timed_out(context: Any) -> None:
        original = context.original_exception
        stopped = (
            isinstance(original, sqlite3.OperationalError) and str(original) == "interrupted"
        ) or getattr(original, "sqlstate", None) == "57014"  # PostgreSQL: query_canceled
        if stopped:
            raise StatementTimeout(
                f"the store stopped a query after {seconds:g} s (the statement timeout)"
            ) from original

    event.listen(engine, "handle_error", timed_out)


# The tokenizer migration 0002 gave ``articles_fts``: the snippet windows are read with it.
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"
SNIPPET_TOKENS = 20
_snippet_index = threading.local()


def _window_snippets(match: str, windows: Sequence[tuple[int, str, str]]) -> dict[int, str]:
    """FTS5's snippet of each ``(id, title, body)`` window for the FTS5 query ``match``.

    The windows go into a small in-memory FTS5 table (one per thread) built with the
    store's tokenizer, so a snippet is the one the full-text index itself would give
    a text that short: the same stems matched, the same words around them. A window
    in which the query matches nothing (its match lies beyond it) gives its opening.
    """
    conn: sqlite3.Connection | None = getattr(_snippet_index, "conn", None)
    if conn is None:
        conn = sqlite3.connect(":memory:")
        conn.execute(
            "CREATE VIRTUAL TABLE snippet_windows USING fts5("
            f"title, body, tokenize='{FTS_TOKENIZE}')"
        )
        _snippet_index.conn = conn
    with conn:
        conn.execute("DELETE FROM snippet_windows")
        conn.executemany(
            "INSERT INTO snippet_windows(rowid, title, body) VALUES (?, ?, ?)",
            [(i, title or "", body or "") for i, title, body in windows],
        )
        found = dict(
            conn.execute(
                "SELECT rowid, snippet(snippet_windows, 1, ?, ?, '…', ?) FROM snippet_windows"
                " WHERE snippet_windows MATCH ?",
                (MARK_START, MARK_END, SNIPPET_TOKENS, match),
            ).fetchall()
        )
        conn.execute("DELETE FROM snippet_windows")
    return {i: found.get(i) or _opening(body or "") for i, _title, body in windows}


def _opening(body: str) -> str:
    """The first words of a body, as a snippet without a match shows them."""
    words = body.split(maxsplit=SNIPPET_TOKENS)
    if len(words) > SNIPPET_TOKENS:
        return " ".join(words[:SNIPPET_TOKENS]) + "…"
    return " ".join(words)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the web app read while an ingest writes; NORMAL sync is safe
    # under WAL (a crash loses at most the last transaction, never corrupts).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


_SHARED_FIELDS: dict[tuple[type, str], tuple[str, ...]] = {}


def _shared_fields(record_type: type, table: Table) -> tuple[str, ...]:
    """The fields of a record type that are columns of ``table`` (ids are the store's)."""
    key = (record_type, table.name)
    if key not in _SHARED_FIELDS:
        fields = {f.name for f in dataclasses.fields(record_type)}
        _SHARED_FIELDS[key] = tuple(
            c.name for c in table.columns if c.name in fields and c.name != "id"
        )
    return _SHARED_FIELDS[key]


def _record_values(record: object, table: Table) -> dict[str, Any]:
    """A record's fields that are columns of ``table``, enums as their values."""
    values = {}
    for name in _shared_fields(type(record), table):
        value = getattr(record, name)
        values[name] = value.value if isinstance(value, Enum) else value
    return values


def _location(article: Article) -> str:
    if article.url:
        return article.url
    path, sep, fragment = article.origin.partition("#")
    if "://" in path:
        return article.origin
    return os.path.abspath(path) + sep + fragment


# the records that point at a stretch of a line through a ``mention`` field
_Located = TypeVar("_Located", PlaceRef, TimeRef, EventRef, ClaimRef, CitationRef, StatementRef)


UNKNOWN_OUTLET = "(unknown outlet)"


def _claim_filters(*, about: str | None, source: str | None) -> list[Any]:
    """Every word of ``about`` in the subject and of ``source`` in the source."""
    c = schema.claims
    return [
        func.lower(column).contains(word.lower())
        for words, column in ((about, c.c.subject), (source, c.c.source))
        for word in (words or "").split()
    ]


def _period_filters(
    *,
    since: str | None,
    until: str | None,
    modalities: Sequence[str] | None = None,
    types: Sequence[str] | None = None,
) -> list[Any]:
    """Dated events within ``since``..``until``, compared as ISO prefixes, of the
    ``modalities`` given (None: any; a row without one is asserted) and of the
    ``types`` given (None: any)."""
    ev = schema.events
    found: list[Any] = [ev.c.date.is_not(None)]
    if types is not None:
        found.append(ev.c.type.in_(list(types)))
    if modalities is not None:
        wanted = ev.c.modality.in_(list(modalities))
        found.append(or_(wanted, ev.c.modality.is_(None)) if "asserted" in modalities else wanted)
    if since:
        found.append(ev.c.date >= since)
    if until:
        # "2022-02" ends after every date that starts with it
        found.append(ev.c.date <= until + "\uffff")
    return found


def _source_columns() -> tuple[Any, ...]:
    """Where a finding comes from, as every listing of findings shows it (``query.Finding``)."""
    a = schema.articles
    return (a.c.id.label("article_id"), a.c.doc, a.c.title, a.c.outlet, a.c.published)


# Annotation fields whose records point at a line through a ``mention``, and their tables.
_LOCATED_TABLES: tuple[tuple[Table, tuple[str, type]], ...] = (
    (schema.places, ("places", PlaceRef)),
    (schema.times, ("times", TimeRef)),
    (schema.events, ("events", EventRef)),
    (schema.claims, ("claims", ClaimRef)),
    (schema.citations, ("citations", CitationRef)),
    (schema.statements, ("statements", StatementRef)),
)


def _spread(record: _Located, article_id: int) -> dict[str, Any]:
    """A record with a ``mention`` as one row: the mention's columns beside the others."""
    values = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
    mention = values.pop("mention")
    values.update(
        article_id=article_id,
        line=mention.line,
        start=mention.start,
        end=mention.end,
        text=mention.text,
        label=mention.label,
    )
    return values


@functools.cache
def _of_article(table: Table, *, on_lines: bool = False) -> Any:
    """One article's rows of ``table`` in insertion order, for ``article_id`` (and with
    ``on_lines``, on lines ``first`` to ``last``). Built once: an article page reads ten
    tables, and building a statement costs about as much as SQLite takes to run it."""
    query = select(table).where(table.c.article_id == bindparam("article_id"))
    if on_lines:
        query = query.where(table.c.line.between(bindparam("first"), bindparam("last")))
    return query.order_by(*table.primary_key.columns)


def _mention(row: Any, *, label: str) -> Mention:
    return Mention(
        line=row["line"], start=row["start"], end=row["end"], text=row["text"], label=label
    )


def _gather(record_type: type[_Located], row: dict[str, Any]) -> _Located:
    """The inverse of ``_spread``: a row back into its record."""
    values = {k: row[k] for k in _record_fields(record_type)}
    return record_type(mention=_mention(row, label=row["label"]), **values)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _record_fields(record_type: type) -> tuple[str, ...]:
    """The fields of a located record other than its mention (asked once per type:
    ``dataclasses.fields`` per row was most of the cost of reading places back)."""
    found = _FIELDS.get(record_type)
    if found is None:
        fields = dataclasses.fields(record_type)
        found = _FIELDS[record_type] = tuple(f.name for f in fields if f.name != "mention")
    return found
