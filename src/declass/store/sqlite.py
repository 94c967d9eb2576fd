"""The SQLite store: one file, WAL journal, FTS5 full text ranked by BM25.

    >>> from declass.store.sqlite import SQLiteStore
    >>> store = SQLiteStore("corpus.db")                   # doctest: +SKIP

The full-text table is contentless (the text lives once, in the stored Document JSON);
when a document gets a new version its old entry is removed with FTS5's "delete" command,
fed from the old version. Writes go through one connection under a lock; each thread
reads through its own connection with `PRAGMA query_only`, so a search cannot write.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from declass.errors import StoreError
from declass.model import Document
from declass.search import And, Node, Not, Or, Text
from declass.store._common import DOC_COLUMNS, SqlStore
from declass.store._rows import Prepared, fts_fields
from declass.store._schema import SCHEMA_VERSION, SQLITE_PRAGMAS, SQLITE_RANK, SQLITE_SCHEMA
from declass.store._sql import Dialect, RankedSource

TEXT_COLUMNS = "{title body names}"
EXACT_COLUMNS = "{title body}"


def fts_phrase(words: tuple[str, ...], prefix: bool = False) -> str:
    """Words as one FTS5 string: quoted (quotes doubled), so no query syntax can leak in."""
    body = " ".join(words).replace('"', '""')
    return f'"{body}"' + (" *" if prefix else "")


def fts_expression(node: Node) -> str | None:
    """A pure-text subtree as an FTS5 expression, or None when FTS5 cannot say it (a lone NOT)."""
    if isinstance(node, Text):
        return fts_phrase(node.words, node.prefix)
    if isinstance(node, Or):
        parts = [None if isinstance(item, Not) else fts_expression(item) for item in node.items]
        if any(p is None for p in parts):
            return None
        return "(" + " OR ".join(parts) + ")"  # type: ignore[arg-type]
    if isinstance(node, And):
        positives = [fts_expression(i) for i in node.items if not isinstance(i, Not)]
        negatives = [fts_expression(i.item) for i in node.items if isinstance(i, Not)]
        if not positives or any(p is None for p in positives + negatives):
            return None
        expr = "(" + " AND ".join(positives) + ")"  # type: ignore[arg-type]
        return expr + "".join(f" NOT ({n})" for n in negatives)
    return None


class SQLiteDialect(Dialect):
    name = "sqlite"
    ph = "?"

    def text_condition(self, node: Node, exact: bool) -> tuple[str, list[Any]]:
        expr = fts_expression(node)
        if expr is not None:
            columns = EXACT_COLUMNS if exact else TEXT_COLUMNS
            return "d.docno IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)", [f"{columns} : ({expr})"]
        if isinstance(node, Not):
            sql, params = self.text_condition(node.item, exact)
            return f"NOT ({sql})", params
        assert isinstance(node, (And, Or))
        parts, params = [], []
        for item in node.items:
            sql, p = self.text_condition(item, exact)
            parts.append(f"({sql})")
            params.extend(p)
        return (" AND " if isinstance(node, And) else " OR ").join(parts), params

    def people_condition(self, column: str, value: str) -> tuple[str, list[Any]]:
        return (
            "d.docno IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)",
            [f"{{{column}}} : {fts_phrase(tuple(value.split()))}"],
        )

    def ranked_source(self, main: list[Node], negated: list[Node], exact: bool) -> RankedSource | None:
        items = tuple(main) + tuple(Not(n) for n in negated)
        expr = fts_expression(items[0] if len(items) == 1 else And(items))
        if expr is None:
            return None
        columns = EXACT_COLUMNS if exact else TEXT_COLUMNS
        return RankedSource(
            from_sql="docs_fts JOIN docs d ON d.docno = docs_fts.rowid",
            from_params=[],
            where_sql="docs_fts MATCH ?",
            where_params=[f"{columns} : ({expr})"],
            rank_sql="docs_fts.rank",
            score_sql="-docs_fts.rank",
        )


class SQLiteStore(SqlStore):
    """A corpus in one SQLite file (created on first use)."""

    placeholder = "?"
    dialect = SQLiteDialect()

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        try:
            if self.path != ":memory:" and Path(self.path).parent and not Path(self.path).parent.exists():
                raise StoreError(f"{self.path}: the folder {Path(self.path).parent} does not exist")
            self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            for pragma in SQLITE_PRAGMAS:
                self._conn.execute(pragma)
            self._create()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open as a declass store: {exc}") from exc

    def _create(self) -> None:
        with self._lock:
            found = self._conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
            if found:
                row = self._conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                if row is None or row[0] != SCHEMA_VERSION:
                    raise StoreError(f"{self.path}: store schema {row and row[0]!r} is not {SCHEMA_VERSION!r}")
                return
            if self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise StoreError(f"{self.path}: this SQLite file is not a declass store")
            script = (
                "BEGIN IMMEDIATE;"
                + SQLITE_SCHEMA
                + f"INSERT INTO docs_fts (docs_fts, rank) VALUES ('rank', '{SQLITE_RANK}');"
                + f"INSERT INTO meta (key, value) VALUES ('schema', '{SCHEMA_VERSION}');"
                + "COMMIT;"
            )
            try:
                self._conn.executescript(script)
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        with self._lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Cursor]:
        with self._lock:
            cur = self._conn.cursor()
            try:
                cur.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: cannot start writing: {exc}") from exc
            try:
                yield cur
            except sqlite3.Error as exc:
                cur.execute("ROLLBACK")
                raise StoreError(f"{self.path}: write failed, nothing from this batch was stored: {exc}") from exc
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Cursor]:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA query_only = 1")
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA cache_size = -65536")
            conn.execute("PRAGMA mmap_size = 268435456")
            self._local.conn = conn
            with self._lock:
                self._readers.append(conn)
        cur = conn.cursor()
        try:
            yield cur
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path}: {exc}") from exc
        finally:
            cur.close()

    def insert_doc(self, cur: Any, p: Prepared, vid: int, version: int) -> int:
        names = ", ".join(DOC_COLUMNS)
        marks = ", ".join("?" for _ in DOC_COLUMNS)
        cur.execute(
            f"INSERT INTO docs (id, version, vid, {names}) VALUES (?, ?, ?, {marks}) RETURNING docno",
            [p.row.id, version, vid, *self.doc_values(p.row)],
        )
        docno = int(cur.fetchone()[0])
        cur.execute(
            "INSERT INTO docs_fts (rowid, title, body, names, sender, recipient) VALUES (?, ?, ?, ?, ?, ?)",
            (docno, *p.fts),
        )
        return docno

    def replace_doc(self, cur: Any, docno: int, p: Prepared, vid: int, version: int, old: Document) -> None:
        cur.execute(
            "INSERT INTO docs_fts (docs_fts, rowid, title, body, names, sender, recipient) "
            "VALUES ('delete', ?, ?, ?, ?, ?, ?)",
            (docno, *fts_fields(old)),
        )
        assignments = ", ".join(f"{name} = ?" for name in DOC_COLUMNS)
        cur.execute(
            f"UPDATE docs SET version = ?, vid = ?, {assignments} WHERE docno = ?",
            [version, vid, *self.doc_values(p.row), docno],
        )
        cur.execute(
            "INSERT INTO docs_fts (rowid, title, body, names, sender, recipient) VALUES (?, ?, ?, ?, ?, ?)",
            (docno, *p.fts),
        )

    def size_bytes(self) -> int:
        """Bytes on disk (database plus write-ahead log)."""
        total = 0
        for suffix in ("", "-wal"):
            path = Path(self.path + suffix)
            if path.exists():
                total += path.stat().st_size
        return total
