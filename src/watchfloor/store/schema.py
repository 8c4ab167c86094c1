"""The store's tables, derived from the record types in ``watchfloor.records``.

A record's fields become columns here, JSON keys in ``watchfloor.jsonform`` and
API fields later; only the store-only columns (ids, hashes, timestamps) are
written out by hand.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Sequence
from enum import Enum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Update,
    func,
    select,
)
from sqlalchemy.types import TypeEngine

from watchfloor import records

metadata = MetaData()


def _column_type(annotation: Any) -> tuple[TypeEngine[Any], bool]:
    """SQL type of a dataclass field annotation, and whether it may be NULL."""
    nullable = False
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(annotation))
        annotation = args[0]
        origin = typing.get_origin(annotation)
    if origin is list or annotation is list:
        return JSON(), nullable
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return String(16), nullable
    if annotation is int:
        return Integer(), nullable
    if annotation is float:
        return Float(), nullable
    if annotation is bool:
        return Boolean(), nullable
    if annotation is str:
        return Text(), nullable
    raise TypeError(f"no column type for {annotation!r}")


def record_columns(
    record: type, *, exclude: frozenset[str] = frozenset(), key: frozenset[str] = frozenset()
) -> list[Column[Any]]:
    """Columns for a record's fields, in declaration order; ``key`` fields join the primary key.

    A ``mention`` field (where an extraction points: line, span, words) is
    spread into the Mention's own columns, so rows can be found by line.
    """
    hints = typing.get_type_hints(record, vars(records))
    columns: list[Column[Any]] = []
    for f in dataclasses.fields(record):
        if f.name in exclude:
            continue
        if hints[f.name] is records.Mention:
            columns.extend(record_columns(records.Mention))
            continue
        sql_type, nullable = _column_type(hints[f.name])
        columns.append(Column(f.name, sql_type, nullable=nullable, primary_key=f.name in key))
    return columns


schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("applied", String(40), nullable=False),
)

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    *record_columns(records.IngestRun, exclude=frozenset({"id"})),
)

ingest_errors = Table(
    "ingest_errors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("ingest_runs.id"), nullable=False, index=True),
    *record_columns(records.SourceError),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("content_hash", String(64), nullable=False),
    # Where the report lives (URL, else absolute path): a new text at the same
    # location is a new version of that report, not an unrelated article.
    Column("location", Text, nullable=False),
    *record_columns(records.Article, exclude=frozenset({"lines"})),
    Column("body_words", Integer, nullable=False),
    Column("ingested", String(40), nullable=False),
    Column("run_id", Integer, ForeignKey("ingest_runs.id"), nullable=True),
    Column("version_of", Integer, ForeignKey("articles.id"), nullable=True),
    UniqueConstraint("content_hash", name="uq_articles_content_hash"),
    Index("ix_articles_location", "location"),
    Index("ix_articles_published", "published"),
)

lines = Table(
    "lines",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id"), primary_key=True),
    *record_columns(records.Line, key=frozenset({"number"})),
)

# Every place an article was found, so a duplicate input is remembered
# (which run, which file) without storing the article twice.
sightings = Table(
    "sightings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    Column("run_id", Integer, ForeignKey("ingest_runs.id"), nullable=True),
    Column("origin", Text, nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("seen", String(40), nullable=False),
)


# ---- annotations: what the language stages found (``watchfloor.nlp.annotate``) ----

annotated = Table(
    "annotations",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id"), primary_key=True),
    *record_columns(
        records.Annotation,
        exclude=frozenset(
            {"entities", "places", "times", "events", "claims", "citations", "statements"}
        ),
    ),
    Column("annotated", String(40), nullable=False),
)

# People and organisations across the corpus: one row per real-world entity,
# rebuilt whenever articles are annotated (resolution looks at all of them).
entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("canonical", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("names", JSON, nullable=False),
    Column("mentions", Integer, nullable=False),
    Column("articles", Integer, nullable=False),
)

# One article's reference to an entity under the name it uses there.
entity_refs = Table(
    "entity_refs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    *record_columns(records.EntityRef, exclude=frozenset({"mentions"})),
    # not a foreign key: the entities table is rebuilt as a whole
    Column("entity_id", Integer, nullable=True, index=True),
)

entity_mentions = Table(
    "entity_mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ref_id", Integer, ForeignKey("entity_refs.id"), nullable=False, index=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    *record_columns(records.Mention),
)

places = Table(
    "places",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    *record_columns(records.PlaceRef),
    Index("ix_places_canonical", "canonical"),
)

times = Table(
    "times",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    *record_columns(records.TimeRef),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    *record_columns(records.EventRef),
    Index("ix_events_date", "date"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    *record_columns(records.ClaimRef),
    # The time the number describes, else its article's publication: the claims
    # listing's order, kept in the row (by ``date_claims``) so that an index serves it
    # rather than a sort of every claim joined with its article.
    Column("dated", String(40), nullable=True),
)
# Expression index matching Store.list_claims' ORDER BY; SQLite and PostgreSQL both
# take this statement (created by migration 0007).
CLAIMS_ORDER_INDEX = (
    "CREATE INDEX IF NOT EXISTS ix_claims_order"
    " ON claims ((dated IS NULL), dated, article_id, line, start)"
)


def date_claims(article_ids: Sequence[int] | None = None) -> Update:
    """Set ``claims.dated`` for the claims of ``article_ids`` (all without)."""
    published = select(articles.c.published).where(articles.c.id == claims.c.article_id)
    update = claims.update().values(
        dated=func.coalesce(claims.c.as_of, published.scalar_subquery())
    )
    if article_ids is not None:
        update = update.where(claims.c.article_id.in_(article_ids))
    return update


citations = Table(
    "citations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    *record_columns(records.CitationRef),
)

statements = Table(
    "statements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    *record_columns(records.StatementRef),
    Index("ix_statements_speaker", "speaker"),
)

ANNOTATION_TABLES = (
    annotated,
    entity_refs,
    entity_mentions,
    places,
    times,
    events,
    claims,
    citations,
    statements,
)


# ---- provenance: which articles recycle which (``watchfloor.ingest.link_store``) ---

# Article ``a_id`` derives from ``b_id`` (or is a near-duplicate of it).
relations = Table(
    "relations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("a_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    Column("b_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    *record_columns(records.Relation, exclude=frozenset({"a", "b"})),
    UniqueConstraint("a_id", "b_id", "kind", name="uq_relations_pair"),
)

# Articles already compared with the rest, so each is added to the index once.
linked = Table(
    "linked",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id"), primary_key=True),
    Column("linked", String(40), nullable=False),
)

# Serialised state of long-lived indexes (the near-duplicate LSH), by name.
index_state = Table(
    "index_state",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("data", LargeBinary, nullable=False),
    Column("updated", String(40), nullable=False),
)
