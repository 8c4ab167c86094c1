"""Schema migrations: small functions applied in order and recorded in a table.

Each migration runs in the transaction that records it, so a store is never
left half-migrated. Add new ones at the end; never edit an applied one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, inspect, select, text

from watchfloor.store import schema

Migration = Callable[[Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(name: str) -> Callable[[Migration], Migration]:
    def register(fn: Migration) -> Migration:
        MIGRATIONS.append((name, fn))
        return fn

    return register


@migration("0001_core_tables")
def _core_tables(conn: Connection) -> None:
    tables = [
        schema.ingest_runs,
        schema.ingest_errors,
        schema.articles,
        schema.lines,
        schema.sightings,
    ]
    schema.metadata.create_all(conn, tables=tables)


@migration("0002_full_text_search")
def _full_text(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        # Porter stemming so "deploy" finds "deployed"; diacritics folded so
        # "Machulishchy" matches whatever accents a source used.
        conn.execute(
            text(
                "CREATE VIRTUAL TABLE articles_fts USING fts5("
                "title, body, tokenize='porter unicode61 remove_diacritics 2')"
            )
        )
    else:
        conn.execute(
            text(
                "CREATE TABLE article_search ("
                " article_id INTEGER PRIMARY KEY REFERENCES articles(id),"
                " title TEXT, body TEXT NOT NULL, document TSVECTOR NOT NULL)"
            )
        )
        conn.execute(
            text("CREATE INDEX ix_article_search_document ON article_search USING GIN (document)")
        )


@migration("0003_annotations")
def _annotations(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.entities, *schema.ANNOTATION_TABLES])


@migration("0004_claims_and_citations")
def _claims(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.claims, schema.citations])


@migration("0005_relations")
def _relations(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.relations, schema.linked, schema.index_state])


@migration("0006_statements")
def _statements(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.statements])


@migration("0007_claims_sort_key")
def _claims_sort_key(conn: Connection) -> None:
    # stores made before this migration lack the column; newer ones got it from 0004
    if "dated" not in {c["name"] for c in inspect(conn).get_columns("claims")}:
        conn.execute(text("ALTER TABLE claims ADD COLUMN dated VARCHAR(40)"))
        conn.execute(schema.date_claims())
    conn.execute(text(schema.CLAIMS_ORDER_INDEX))


@migration("0008_run_process")
def _run_process(conn: Connection) -> None:
    # which process ran an ingest, so that a later run can tell a killed one (issue 11)
    columns = {c["name"] for c in inspect(conn).get_columns("ingest_runs")}
    if "host" not in columns:
        conn.execute(text("ALTER TABLE ingest_runs ADD COLUMN host TEXT"))
    if "pid" not in columns:
        conn.execute(text("ALTER TABLE ingest_runs ADD COLUMN pid INTEGER"))


@migration("0009_entities_stale_mark")
def _entities_stale_mark(conn: Connection) -> None:
    # Stores made before the mark existed may hold references a killed run never
    # resolved (an empty entities table): have the next run resolve them once.
    # The name is Store's STALE_ENTITIES, written out: a migration never changes.
    conn.execute(
        text(
            "INSERT INTO index_state (name, data, updated)"
            " SELECT 'entities-stale', :data, :updated WHERE EXISTS (SELECT 1 FROM annotations)"
        ),
        {"data": b"migrated", "updated": datetime.now(UTC).isoformat(timespec="seconds")},
    )


def apply_migrations(conn: Connection) -> list[str]:
    """Apply every migration not yet recorded; returns the names applied."""
    schema.metadata.create_all(conn, tables=[schema.schema_migrations])
    done = set(conn.execute(select(schema.schema_migrations.c.name)).scalars())
    applied = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        fn(conn)
        conn.execute(
            schema.schema_migrations.insert().values(
                name=name, applied=datetime.now(UTC).isoformat(timespec="seconds")
            )
        )
        applied.append(name)
    return applied


@migration("0011_event_modality")
def _event_modality(conn: Connection) -> None:
    # issue 13: an event's status (asserted, planned...) and where its date came from;
    # rows made before have neither (NULL reads as asserted on the timeline)
    columns = {c["name"] for c in inspect(conn).get_columns("events")}
    if "modality" not in columns:
        conn.execute(text("ALTER TABLE events ADD COLUMN modality TEXT"))
    if "date_evidence" not in columns:
        conn.execute(text("ALTER TABLE events ADD COLUMN date_evidence TEXT"))


@migration("0012_article_forwards_and_replies")
def _article_forwards_and_replies(conn: Connection) -> None:
    # issue 14: a forwarded Telegram post is its original channel's report, and a
    # reply names the post it answers; stores made before have neither (NULL)
    columns = {c["name"] for c in inspect(conn).get_columns("articles")}
    for column in ("forwarded_from", "reply_to"):
        if column not in columns:
            conn.execute(text(f"ALTER TABLE articles ADD COLUMN {column} TEXT"))
