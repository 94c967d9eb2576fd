"""Stores: where a corpus lives. `open_store()` picks the backend from a path or URL.

    >>> from declass.store import open_store
    >>> with open_store(None) as store:          # $DECLASS_DB, else ./declass.db  # doctest: +SKIP
    ...     print(store.count())

A path (or `sqlite:///path`) opens an SQLite file, created on first use; a
`postgresql://` (or `postgres://`) URL opens a PostgreSQL database, whose tables are
created on first use.
"""

from __future__ import annotations

import os

from declass.store.base import EntitySummary, PutReport, SearchHit, SearchResult, Store, Version

DEFAULT_DB = "declass.db"

__all__ = ["DEFAULT_DB", "EntitySummary", "PutReport", "SearchHit", "SearchResult", "Store", "Version", "open_store"]


def resolve_url(url: str | None) -> str:
    """The store location to use: `url`, else $DECLASS_DB, else ./declass.db."""
    return url or os.environ.get("DECLASS_DB") or DEFAULT_DB


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://"))


def open_store(url: str | None = None) -> Store:
    """Open (creating if needed) the store at `url`; StoreError when it cannot be opened."""
    target = resolve_url(url)
    if is_postgres(target):
        from declass.store.postgres import PostgresStore

        return PostgresStore(target.replace("postgresql+psycopg://", "postgresql://", 1))
    from declass.store.sqlite import SQLiteStore

    if target.startswith("sqlite:///"):
        target = target[len("sqlite:///") :]
    return SQLiteStore(target)
