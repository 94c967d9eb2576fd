"""The SQLite store: one file, WAL journal, FTS5 full text ranked by BM25.

    >>> from declass.store.sqlite import SQLiteStore
    >>> store = SQLiteStore("corpus.db")                   # doctest: +SKIP

The full-text table is contentless (the text lives once, in the stored Document JSON);
when a document gets a new version its old entry is removed with FTS5's "delete" command,
fed from the old version. Writes go through one connection under a lock; each thread
reads through its own connection with `PRAGMA query_only`, so a search cannot write.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from declass.errors import StoreError
from declass.model import Document
from declass.search import And, Node, Not, Or, Text
from declass.store._common import DOC_COLUMNS, SqlStore
from declass.store._rows import Prepared, fts_fields
from declass.store._schema import (
    SCHEMA_VERSION,
    SQLITE_PRAGMAS,
    SQLITE_RANK,
    SQLITE_READ_PRAGMAS,
    SQLITE_SCHEMA,
    SQLITE_SIDE_INDEXES,
)
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


#: a prefix standing for at most this many words is searched as those words (faster: FTS5 merges a
#: prefix's word lists in full for every lookup, but walks plain words lazily)
MAX_PREFIX_WORDS = 16
_COLUMN = re.compile(r"(?<![\w.+])(d\.\w+)")


def _token(word: str) -> str | None:
    """A word as FTS5's unicode61 tokenizer indexes it, or None when it is not one token."""
    folded = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))
    return folded if folded.isalnum() else None


def expand_prefixes(cur: Any, node: Node) -> Node:
    """Replace each one-word prefix (Khrush*) by the indexed words it stands for, when they are few."""
    if isinstance(node, Text):
        token = _token(node.words[0]) if node.prefix and len(node.words) == 1 else None
        if token is None:
            return node
        cur.execute(
            "SELECT term FROM docs_vocab WHERE term >= ? AND term < ? LIMIT ?",
            (token, token + "\U0010ffff", MAX_PREFIX_WORDS + 1),
        )
        terms = [r[0] for r in cur.fetchall()]
        if len(terms) > MAX_PREFIX_WORDS:
            return node
        if not terms:
            return Text((token + "\U0010ffff",))  # matches nothing, as the prefix would
        return Text((terms[0],)) if len(terms) == 1 else Or(tuple(Text((t,)) for t in terms))
    if isinstance(node, (And, Or)):
        return type(node)(tuple(expand_prefixes(cur, item) for item in node.items))
    if isinstance(node, Not):
        return Not(expand_prefixes(cur, node.item))
    return node


class SQLiteDialect(Dialect):
    name = "sqlite"
    ph = "?"
    probe_in_order = True

    def rewrite(self, cur: Any, root: Node | None) -> Node | None:
        return None if root is None else expand_prefixes(cur, root)

    def walk_condition(self, where: str) -> str:
        # a unary + keeps SQLite from using a column's index (and then sorting by date)
        return _COLUMN.sub(r"+\1", where)

    def walk_range(self, low: str | None, high: str | None, *, descending: bool) -> tuple[str, list[Any]]:
        # the expressions of the docs_date_desc / docs_date_asc indexes (see date_order)
        expr = "coalesce(d.date_start, '')" if descending else "coalesce(d.date_start, '9999-99-99')"
        sql, params = "", []
        if low:
            sql += f" AND {expr} >= ?"
            params.append(low)
        if high:
            sql += f" AND {expr} <= ?"
            params.append(high)
        return sql, params

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
            "d.docno IN (SELECT rowid FROM people_fts WHERE people_fts MATCH ?)",
            [f"{{{column}}} : {fts_phrase(tuple(value.split()))}"],
        )

    def people_source(self, column: str, value: str) -> RankedSource:
        return RankedSource(
            from_sql="people_fts CROSS JOIN docs d ON d.docno = people_fts.rowid",
            from_params=[],
            where_sql="people_fts MATCH ?",
            where_params=[f"{{{column}}} : {fts_phrase(tuple(value.split()))}"],
            rank_sql="d.docno",
            score_sql="0.0",
            scores=False,
            count_from_sql="people_fts",
            slice_column="people_fts.rowid",
        )

    def row_text_condition(self, node: Node, exact: bool) -> tuple[str, list[Any]]:
        expr = fts_expression(node)
        if expr is None:
            return self.text_condition(node, exact)
        columns = EXACT_COLUMNS if exact else TEXT_COLUMNS
        return (
            "EXISTS (SELECT 1 FROM docs_fts WHERE docs_fts MATCH ? AND docs_fts.rowid = d.docno)",
            [f"{columns} : ({expr})"],
        )

    def title_source(self, main: list[Node]) -> RankedSource | None:
        expr = fts_expression(main[0] if len(main) == 1 else And(tuple(main)))
        if expr is None:
            return None
        return RankedSource(
            from_sql="titles_fts CROSS JOIN docs d ON d.docno = titles_fts.rowid",
            from_params=[],
            where_sql="titles_fts MATCH ?",
            where_params=[expr],
            rank_sql="titles_fts.rank",
            score_sql="-titles_fts.rank",
            count_from_sql="titles_fts",
            slice_column="titles_fts.rowid",
        )

    def ranked_source(self, main: list[Node], negated: list[Node], exact: bool) -> RankedSource | None:
        items = tuple(main) + tuple(Not(n) for n in negated)
        expr = fts_expression(items[0] if len(items) == 1 else And(items))
        if expr is None:
            return None
        columns = EXACT_COLUMNS if exact else TEXT_COLUMNS
        return RankedSource(
            from_sql="docs_fts CROSS JOIN docs d ON d.docno = docs_fts.rowid",
            from_params=[],
            where_sql="docs_fts MATCH ?",
            where_params=[f"{columns} : ({expr})"],
            rank_sql="docs_fts.rank",
            score_sql="-docs_fts.rank",
            count_from_sql="docs_fts",
            slice_column="docs_fts.rowid",
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
                self._add_side_indexes()
                return
            if self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise StoreError(f"{self.path}: this SQLite file is not a declass store")
            script = (
                "BEGIN IMMEDIATE;"
                + SQLITE_SCHEMA
                + "".join(statements[0] + ";" for statements in SQLITE_SIDE_INDEXES.values())
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

    def _add_side_indexes(self) -> None:
        """Create and fill the side indexes a store made before them lacks (once, on open)."""
        names = {r[0] for r in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [name for name in SQLITE_SIDE_INDEXES if name not in names]
        if not missing:
            return
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            for name in missing:
                for statement in SQLITE_SIDE_INDEXES[name]:
                    self._conn.execute(statement)
            self._conn.execute("COMMIT")
        except BaseException:
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
            for pragma in SQLITE_READ_PRAGMAS:
                conn.execute(pragma)
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
        self._index(cur, docno, p.fts)
        return docno

    def replace_doc(self, cur: Any, docno: int, p: Prepared, vid: int, version: int, old: Document) -> None:
        title, body, names, sender, recipient = fts_fields(old)
        cur.execute(
            "INSERT INTO docs_fts (docs_fts, rowid, title, body, names, sender, recipient) "
            "VALUES ('delete', ?, ?, ?, ?, ?, ?)",
            (docno, title, body, names, sender, recipient),
        )
        cur.execute("INSERT INTO titles_fts (titles_fts, rowid, title) VALUES ('delete', ?, ?)", (docno, title))
        cur.execute(
            "INSERT INTO people_fts (people_fts, rowid, sender, recipient) VALUES ('delete', ?, ?, ?)",
            (docno, sender, recipient),
        )
        assignments = ", ".join(f"{name} = ?" for name in DOC_COLUMNS)
        cur.execute(
            f"UPDATE docs SET version = ?, vid = ?, {assignments} WHERE docno = ?",
            [version, vid, *self.doc_values(p.row), docno],
        )
        self._index(cur, docno, p.fts)

    @staticmethod
    def _index(cur: Any, docno: int, fts: tuple[str, str, str, str, str]) -> None:
        """Full-text entries of one document: the main index, its title, its sender and recipient."""
        cur.execute(
            "INSERT INTO docs_fts (rowid, title, body, names, sender, recipient) VALUES (?, ?, ?, ?, ?, ?)",
            (docno, *fts),
        )
        cur.execute("INSERT INTO titles_fts (rowid, title) VALUES (?, ?)", (docno, fts[0]))
        cur.execute("INSERT INTO people_fts (rowid, sender, recipient) VALUES (?, ?, ?)", (docno, fts[3], fts[4]))

    def size_bytes(self) -> int:
        """Bytes on disk (database plus write-ahead log)."""
        total = 0
        for suffix in ("", "-wal"):
            path = Path(self.path + suffix)
            if path.exists():
                total += path.stat().st_size
        return total
