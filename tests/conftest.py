"""Shared fixtures: stores on SQLite and on the PostgreSQL server, articles built from code."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from watchfloor.records import Article, DocKind, Line, LineRole
from watchfloor.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"
PG_URL = os.environ.get("WATCHFLOOR_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def make_article(
    body: list[str],
    *,
    doc: str = "report.txt",
    title: str | None = "A report",
    outlet: str | None = "Polesie Wire",
    published: str | None = "2022-02-23",
    url: str | None = None,
    origin: str | None = None,
) -> Article:
    """An article whose line 1 is the title, line 2 blank, then one body line each."""
    lines = [
        Line(number=1, text=title or "", role=LineRole.TITLE if title else LineRole.BLANK),
        Line(number=2, text="", role=LineRole.BLANK),
    ]
    seen: dict[str, int] = {}
    for text in body:
        n = len(lines) + 1
        lines.append(Line(number=n, text=text, role=LineRole.BODY, duplicate_of=seen.get(text)))
        seen.setdefault(text, n)
    return Article(
        doc=doc,
        origin=origin or doc,
        kind=DocKind.TEXT,
        title=title,
        outlet=outlet,
        authors=[],
        published=published,
        published_evidence=published,
        url=url,
        lines=lines,
    )


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """A URL for a fresh, private schema on the PostgreSQL server, dropped afterwards."""
    sqlalchemy = pytest.importorskip("sqlalchemy")
    pytest.importorskip("psycopg")
    schema_name = f"wf_test_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with admin.begin() as conn:
            conn.execute(sqlalchemy.text(f"CREATE SCHEMA {schema_name}"))
    except sqlalchemy.exc.OperationalError as exc:
        if os.environ.get("CI"):
            raise  # CI has the server: its absence is a failure, not a skip
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {exc.orig}")
    try:
        # Each test gets its own schema, so tests never see each other's rows.
        yield f"{PG_URL}?options=-csearch_path%3D{schema_name}"
    finally:
        with admin.begin() as conn:
            conn.execute(sqlalchemy.text(f"DROP SCHEMA {schema_name} CASCADE"))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The same tests run against a SQLite file and the PostgreSQL server."""
    if request.param == "sqlite":
        s = Store.open(tmp_path / "test.db")
        yield s
        s.close()
    else:
        with pg_schema_url() as url:
            s = Store.open(url)
            yield s
            s.close()
