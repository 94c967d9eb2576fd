"""The PostgreSQL store: a tsvector column with a GIN index, pg_trgm for names and titles.

    >>> from declass.store.postgres import PostgresStore
    >>> store = PostgresStore("postgresql://user@host/declass")   # doctest: +SKIP

Tables are created on first use (same layout as SQLite, see `_schema.py`). Text is
indexed with the `simple` configuration (no stemming, no stop words), as SQLite's FTS5
does, so both stores find the same documents. Searches run on a connection whose
transactions are read-only.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from declass.errors import StoreError
from declass.model import Document
from declass.search import And, Node, Not, Or, Text
from declass.store._common import DOC_COLUMNS, SqlStore
from declass.store._rows import Prepared
from declass.store._schema import POSTGRES_SCHEMA, POSTGRES_SIDE_INDEXES, POSTGRES_TSV, SCHEMA_VERSION
from declass.store._sql import Dialect, RankedSource

#: text beyond this many characters of one document is stored but not indexed (tsvector limit)
MAX_INDEXED_CHARS = 400_000
_TOKEN = re.compile(r"[^\W_]+")


_COMBINING = re.compile("[\u0300-\u036f]")


def fold(text: str) -> str:
    """Text without accents (communiqués -> communiques), as SQLite's FTS5 tokenizer sees it."""
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFD", text))


def tsquery(node: Node) -> tuple[str, list[Any]]:
    """A pure-text subtree as a tsquery expression; words always travel as parameters."""
    if isinstance(node, Text):
        words = fold(" ".join(node.words))
        if not node.prefix:
            return "phraseto_tsquery('simple', %s)", [words]
        tokens = [t.lower() for t in _TOKEN.findall(words)]
        if not tokens:
            return "phraseto_tsquery('simple', %s)", [words]
        lexemes = [f"'{t}'" for t in tokens]  # tokens are letters and digits only
        lexemes[-1] += ":*"
        return "to_tsquery('simple', %s)", [" <-> ".join(lexemes)]
    if isinstance(node, Not):
        sql, params = tsquery(node.item)
        return f"(!! {sql})", params
    assert isinstance(node, (And, Or))
    parts, params = [], []
    for item in node.items:
        sql, p = tsquery(item)
        parts.append(sql)
        params.extend(p)
    return "(" + (" && " if isinstance(node, And) else " || ").join(parts) + ")", params


def _clean(value: Any) -> Any:
    return value.replace("\x00", " ") if isinstance(value, str) else value


class PostgresDialect(Dialect):
    name = "postgres"
    ph = "%s"

    def text_condition(self, node: Node, exact: bool) -> tuple[str, list[Any]]:
        sql, params = tsquery(node)
        if exact:
            return f"(d.tsv @@ {sql} AND ts_filter(d.tsv, '{{a,b}}') @@ {sql})", params + params
        return f"d.tsv @@ {sql}", params

    def people_condition(self, column: str, value: str) -> tuple[str, list[Any]]:
        return f"to_tsvector('simple', coalesce(d.{column}, '')) @@ phraseto_tsquery('simple', %s)", [fold(value)]

    def ranked_source(self, main: list[Node], negated: list[Node], exact: bool) -> RankedSource | None:
        items = tuple(main) + tuple(Not(n) for n in negated)
        sql, params = tsquery(items[0] if len(items) == 1 else And(items))
        where = "d.tsv @@ qq.q"
        if exact:
            where += " AND ts_filter(d.tsv, '{a,b}') @@ qq.q"
        return RankedSource(
            from_sql=f"docs d CROSS JOIN (SELECT {sql} AS q) AS qq",
            from_params=params,
            where_sql=where,
            where_params=[],
            rank_sql="ts_rank(d.tsv, qq.q) DESC",
            score_sql="ts_rank(d.tsv, qq.q)",
        )

    def title_source(self, main: list[Node]) -> RankedSource | None:
        sql, params = tsquery(main[0] if len(main) == 1 else And(tuple(main)))
        title = "to_tsvector('simple', coalesce(d.title, ''))"  # the expression of the docs_title_tsv index
        return RankedSource(
            from_sql=f"docs d CROSS JOIN (SELECT {sql} AS q) AS qq",
            from_params=params,
            where_sql=f"{title} @@ qq.q",
            where_params=[],
            rank_sql=f"ts_rank({title}, qq.q) DESC",
            score_sql=f"ts_rank({title}, qq.q)",
        )


class PostgresStore(SqlStore):
    """A corpus in a PostgreSQL database (tables created on first use)."""

    placeholder = "%s"
    dialect = PostgresDialect()

    def __init__(self, url: str) -> None:
        self.url = url
        self._lock = threading.RLock()
        self._local = threading.local()
        self._readers: list[psycopg.Connection[Any]] = []
        try:
            self._conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"{_safe(url)}: cannot connect: {str(exc).strip()}") from exc
        self._create()

    def _create(self) -> None:
        with self._lock, self._conn.transaction(), self._conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(727270)")  # one creator at a time
            cur.execute("SELECT to_regclass('meta')")
            if cur.fetchone()[0] is not None:
                cur.execute("SELECT value FROM meta WHERE key = 'schema'")
                row = cur.fetchone()
                if row is None or row[0] != SCHEMA_VERSION:
                    raise StoreError(f"{_safe(self.url)}: store schema {row and row[0]!r} is not {SCHEMA_VERSION!r}")
                for statement in POSTGRES_SIDE_INDEXES:  # indexes added after the first layout
                    cur.execute("SELECT to_regclass(%s)", (statement.split(" ON ")[0].split()[-1],))
                    if cur.fetchone()[0] is None:
                        cur.execute(statement)
                return
            trigram = True
            for statement in (s.strip() for s in POSTGRES_SCHEMA.split(";")):
                if not statement:
                    continue
                if "trgm" in statement and not trigram:
                    continue
                if statement.startswith("CREATE EXTENSION"):
                    try:
                        with self._conn.transaction():
                            cur.execute(statement)
                    except psycopg.Error:
                        trigram = False  # not allowed to add extensions: do without trigram indexes
                    continue
                cur.execute(statement)
            cur.execute("INSERT INTO meta (key, value) VALUES ('schema', %s)", (SCHEMA_VERSION,))

    def close(self) -> None:
        with self._lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Cursor[Any]]:
        with self._lock:
            try:
                with self._conn.transaction(), self._conn.cursor() as cur:
                    yield cur
            except psycopg.Error as exc:
                raise StoreError(f"{_safe(self.url)}: write failed: {str(exc).strip()}") from exc

    @contextmanager
    def reading(self) -> Iterator[psycopg.Cursor[Any]]:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = psycopg.connect(self.url, autocommit=True)
            except psycopg.Error as exc:
                raise StoreError(f"{_safe(self.url)}: cannot connect: {str(exc).strip()}") from exc
            conn.execute("SET default_transaction_read_only = on")
            self._local.conn = conn
            with self._lock:
                self._readers.append(conn)
        try:
            with conn.cursor() as cur:
                yield cur
        except psycopg.Error as exc:
            raise StoreError(f"{_safe(self.url)}: {str(exc).strip()}") from exc

    def doc_values(self, row: Any) -> list[Any]:
        return [_clean(v) for v in super().doc_values(row)]

    def _tsv_params(self, p: Prepared) -> list[str]:
        title, body, names = (fold(_clean(v)) for v in p.fts[:3])
        return [title, body[:MAX_INDEXED_CHARS], names]

    def insert_doc(self, cur: Any, p: Prepared, vid: int, version: int) -> int:
        names = ", ".join(DOC_COLUMNS)
        marks = ", ".join("%s" for _ in DOC_COLUMNS)
        cur.execute(
            f"INSERT INTO docs (id, version, vid, {names}, tsv) VALUES (%s, %s, %s, {marks}, {POSTGRES_TSV}) "
            "RETURNING docno",
            [p.row.id, version, vid, *self.doc_values(p.row), *self._tsv_params(p)],
        )
        return int(cur.fetchone()[0])

    def replace_doc(self, cur: Any, docno: int, p: Prepared, vid: int, version: int, old: Document) -> None:
        assignments = ", ".join(f"{name} = %s" for name in DOC_COLUMNS)
        cur.execute(
            f"UPDATE docs SET version = %s, vid = %s, {assignments}, tsv = {POSTGRES_TSV} WHERE docno = %s",
            [version, vid, *self.doc_values(p.row), *self._tsv_params(p), docno],
        )

    def size_bytes(self) -> int:
        """Bytes on disk of this database."""
        with self.reading() as cur:
            cur.execute("SELECT pg_database_size(current_database())")
            return int(cur.fetchone()[0])


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)
