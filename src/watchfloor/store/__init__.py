"""Store: SQLite by default, PostgreSQL for a team; the only code that touches the database."""

from watchfloor.store.db import (
    DEFAULT_DB,
    MARK_END,
    MARK_START,
    Added,
    SearchHit,
    StatementTimeout,
    Store,
    StoredArticle,
    StoredLine,
    database_url,
    deadline,
)

__all__ = [
    "DEFAULT_DB",
    "MARK_END",
    "MARK_START",
    "Added",
    "SearchHit",
    "StatementTimeout",
    "Store",
    "StoredArticle",
    "StoredLine",
    "database_url",
    "deadline",
]
