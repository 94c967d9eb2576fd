"""`SqlStore`: the parts of a store that are the same SQL on SQLite and PostgreSQL.

A backend subclass opens connections, creates its schema and supplies a few hooks: how a
document's full-text entry is written and removed, and its search `Dialect`. Writing,
versions, raw bytes, entities, facets, stats and errors are implemented here once.
SQL is written with `?` placeholders; `self.q()` turns them into the backend's style.
"""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from declass.errors import StoreError
from declass.model import Document
from declass.search import ParsedQuery, Text, parse, snippet
from declass.store._rows import FACET_COLUMNS, DocRow, Prepared, facet_lists, facet_sql, load_doc, prepare, unpack
from declass.store._schema import CUBE_KEY
from declass.store._search import Bounds, run_search
from declass.store._sql import Compiler, Dialect, date_order, stats_from_facets
from declass.store.base import EntitySummary, PutReport, SearchHit, SearchResult, Store, Version

DOC_COLUMNS = (
    "collection", "format", "doc_type", "title", "date_start", "date_end", "date_precision", "year", "decade",
    "classification", "sender", "recipient", "volume", "has_redactions", "has_revisions", "sha256", "content_sha",
    "fkey",
)  # fmt: skip


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def cube_key(row: DocRow | tuple[Any, ...]) -> tuple[Any, ...]:
    """The facet-cube key of a document: unknown values become "" or 0 (keys cannot be NULL)."""
    if isinstance(row, DocRow):
        values: tuple[Any, ...] = (
            row.collection, row.doc_type, row.classification, row.year, row.decade,
            row.has_redactions, row.has_revisions,
        )  # fmt: skip
    else:
        values = row
    c, t, cl, y, dec, red, rev = values
    return (c or "", t or "", cl or "unknown", y or 0, dec or 0, bool(red), bool(rev))


class SqlStore(Store):
    """A store over a DB-API connection; see the module docstring for the hooks."""

    placeholder = "?"
    dialect: Dialect
    compiler_cls: type[Compiler] = Compiler
    #: how much work a search may do before it estimates (see `_search.py`)
    bounds: Bounds = Bounds()

    # -- hooks -------------------------------------------------------------------------

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Any]:
        """A cursor inside one write transaction: committed on success, rolled back on error."""

    @abstractmethod
    def reading(self) -> AbstractContextManager[Any]:
        """A cursor for reads that cannot change anything."""

    @abstractmethod
    def insert_doc(self, cur: Any, p: Prepared, vid: int, version: int) -> int:
        """Insert a new document row (and its full-text entry); return its docno."""

    @abstractmethod
    def replace_doc(self, cur: Any, docno: int, p: Prepared, vid: int, version: int, old: Document) -> None:
        """Point an existing document row at a new version (full-text entry included)."""

    def bool_value(self, value: bool) -> Any:
        return value

    # -- helpers -----------------------------------------------------------------------

    def q(self, sql: str) -> str:
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    def doc_values(self, row: DocRow) -> list[Any]:
        values = [getattr(row, name) for name in DOC_COLUMNS]
        values[13] = self.bool_value(row.has_redactions)
        values[14] = self.bool_value(row.has_revisions)
        return values

    # -- writing -----------------------------------------------------------------------

    def put_many(self, items: Iterable[tuple[Document, bytes]]) -> PutReport:
        prepared: list[Prepared] = []
        seen: set[str] = set()
        for doc, raw in items:
            p = prepare(doc, raw)
            if p.raw_sha in seen:
                p.raw_packed = None
            seen.add(p.raw_sha)
            prepared.append(p)
        return self.put_prepared(prepared)

    def put_prepared(self, items: list[Prepared]) -> PutReport:
        """Write prepared documents in one transaction: all of them or, on any error, none."""
        report = PutReport()
        with self.transaction() as cur:
            for p in items:
                self._put_one(cur, p, report)
        return report

    def _put_one(self, cur: Any, p: Prepared, report: PutReport) -> None:
        q = self.q
        if p.raw_packed is not None:
            cur.execute(
                q("INSERT INTO raw (sha256, size, data) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING"),
                (p.raw_sha, p.raw_size, p.raw_packed),
            )
        row = p.row
        cur.execute(q(f"SELECT docno, version, content_sha, vid, {CUBE_KEY} FROM docs WHERE id = ?"), (row.id,))
        current = cur.fetchone()
        if current is not None and current[2] != row.content_sha:
            # the same content as any earlier version (two copies of one document, say) adds nothing
            cur.execute(q("SELECT 1 FROM versions WHERE id = ? AND content_sha = ?"), (row.id, row.content_sha))
            if cur.fetchone() is not None:
                report.unchanged.append(row.id)
                return
        if current is not None and current[2] == row.content_sha:
            report.unchanged.append(row.id)
            return
        version = 1 if current is None else int(current[1]) + 1
        cur.execute(
            q(
                "INSERT INTO versions (id, version, sha256, content_sha, stored_at, source_path, doc) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING vid"
            ),
            (row.id, version, p.raw_sha, row.content_sha, now(), p.source_path, p.doc_blob),
        )
        vid = int(cur.fetchone()[0])
        if current is not None:
            self._count_facets(cur, cube_key(tuple(current[4:11])), -1)
        row.fkey = self._count_facets(cur, cube_key(row), 1)
        if current is None:
            docno = self.insert_doc(cur, p, vid, version)
            report.added.append(row.id)
        else:
            docno = int(current[0])
            cur.execute(q("SELECT doc, source_path FROM versions WHERE vid = ?"), (current[3],))
            old = load_doc(*cur.fetchone())
            cur.execute(q("DELETE FROM mentions WHERE docno = ?"), (docno,))
            self.replace_doc(cur, docno, p, vid, version, old)
            report.new_versions.append(row.id)
        for m in p.mentions:
            cur.execute(
                q(
                    "INSERT INTO entities (key, name, name_lower, type) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (key) DO NOTHING"
                ),
                (m.entity_id, m.name, m.name.lower(), m.type),
            )
            cur.execute(q("SELECT eno FROM entities WHERE key = ?"), (m.entity_id,))
            eno = cur.fetchone()[0]
            cur.execute(
                q(
                    "INSERT INTO mentions (eno, docno, variant, variant_lower, count) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (eno, docno, variant) DO UPDATE SET count = mentions.count + excluded.count"
                ),
                (eno, docno, m.variant, m.variant.lower(), m.count),
            )

    def _count_facets(self, cur: Any, key: tuple[Any, ...], delta: int) -> int:
        """Add `delta` documents to a facet combination; return the combination's number."""
        values = [*key[:5], self.bool_value(key[5]), self.bool_value(key[6]), delta]
        cur.execute(
            self.q(
                f"INSERT INTO facet_cube ({CUBE_KEY}, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                f"ON CONFLICT ({CUBE_KEY}) DO UPDATE SET n = facet_cube.n + excluded.n RETURNING fkey"
            ),
            values,
        )
        return int(cur.fetchone()[0])

    def record_error(self, path: str, reason: str) -> None:
        with self.transaction() as cur:
            cur.execute(self.q("INSERT INTO errors (path, reason, at) VALUES (?, ?, ?)"), (str(path), reason, now()))

    # -- reading -----------------------------------------------------------------------

    def get(self, doc_id: str, version: int | None = None) -> Document | None:
        with self.reading() as cur:
            if version is None:
                cur.execute(
                    self.q("SELECT v.doc, v.source_path FROM docs d JOIN versions v ON v.vid = d.vid WHERE d.id = ?"),
                    (doc_id,),
                )
            else:
                cur.execute(
                    self.q("SELECT doc, source_path FROM versions WHERE id = ? AND version = ?"), (doc_id, version)
                )
            row = cur.fetchone()
        return None if row is None else load_doc(row[0], row[1])

    def raw(self, doc_id: str) -> bytes | None:
        with self.reading() as cur:
            cur.execute(
                self.q(
                    "SELECT r.data FROM docs d JOIN versions v ON v.vid = d.vid "
                    "JOIN raw r ON r.sha256 = v.sha256 WHERE d.id = ?"
                ),
                (doc_id,),
            )
            row = cur.fetchone()
        return None if row is None else unpack(row[0])

    def history(self, doc_id: str) -> list[Version]:
        with self.reading() as cur:
            cur.execute(
                self.q("SELECT version, sha256, stored_at, source_path FROM versions WHERE id = ? ORDER BY version"),
                (doc_id,),
            )
            rows = cur.fetchall()
        last = rows[-1][0] if rows else None
        return [Version(doc_id, int(v), sha, at, path, v == last) for v, sha, at, path in rows]

    def errors(self) -> list[dict[str, Any]]:
        with self.reading() as cur:
            cur.execute("SELECT path, reason, at FROM errors ORDER BY eno DESC")
            return [{"path": p, "reason": r, "at": a} for p, r, a in cur.fetchall()]

    def ids(self) -> Iterator[str]:
        last = 0
        while True:  # in pages, so a huge corpus is never held in memory
            with self.reading() as cur:
                cur.execute(self.q("SELECT docno, id FROM docs WHERE docno > ? ORDER BY docno LIMIT 5000"), (last,))
                rows = cur.fetchall()
            if not rows:
                return
            for _, doc_id in rows:
                yield doc_id
            last = int(rows[-1][0])

    def count(self) -> int:
        with self.reading() as cur:
            cur.execute("SELECT count(*) FROM docs")
            return int(cur.fetchone()[0])

    # -- search ------------------------------------------------------------------------

    def search(
        self, query: str, *, limit: int = 20, offset: int = 0, sort: str = "relevance", expand: bool = True
    ) -> SearchResult:
        parsed = parse(query, expander="default" if expand else None)
        return self.run_query(parsed, limit=limit, offset=offset, sort=sort, exact=not expand)

    def run_query(
        self, parsed: ParsedQuery, *, limit: int = 20, offset: int = 0, sort: str = "relevance", exact: bool = False
    ) -> SearchResult:
        """Run an already parsed query (with whatever name expansion it was parsed with)."""
        with self.reading() as cur:
            return run_search(
                cur, self.dialect, parsed, limit=limit, offset=offset, sort=sort, exact=exact,
                compiler_cls=self.compiler_cls, bounds=self.bounds,
            )  # fmt: skip

    def stats(self) -> dict[str, Any]:
        group = ", ".join(f"d.{c}" for c in FACET_COLUMNS)
        with self.reading() as cur:
            cur.execute(facet_sql(f"SELECT {group}, d.n FROM facet_cube d", "sum(m.n)"))
            total, facets = facet_lists(cur.fetchall())
            out = stats_from_facets(total, facets)
            for name, sql in (
                ("versions", "SELECT count(*) FROM versions"),
                ("raw_files", "SELECT count(*) FROM raw"),
                ("entities", "SELECT count(*) FROM entities"),
                ("errors", "SELECT count(*) FROM errors"),
            ):
                cur.execute(sql)
                out[name] = int(cur.fetchone()[0])
        return out

    def entities(self, *, limit: int = 100, offset: int = 0, prefix: str | None = None) -> list[EntitySummary]:
        where, params = "", []
        if prefix:
            escaped = prefix.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where = "WHERE e.name_lower LIKE ? ESCAPE '\\'"
            params.append(escaped + "%")
        with self.reading() as cur:
            cur.execute(
                self.q(
                    "SELECT e.eno, e.key, e.name, e.type, count(DISTINCT m.docno), sum(m.count) "
                    f"FROM entities e JOIN mentions m ON m.eno = e.eno {where} "
                    "GROUP BY e.eno, e.key, e.name, e.type ORDER BY 5 DESC, e.name LIMIT ? OFFSET ?"
                ),
                [*params, limit, offset],
            )
            rows = cur.fetchall()
            return [self._summary(cur, *row) for row in rows]

    def _summary(
        self, cur: Any, eno: int, key: str, name: str, etype: str | None, docs: int, mentions: int
    ) -> EntitySummary:
        cur.execute(
            self.q("SELECT variant, sum(count) FROM mentions WHERE eno = ? GROUP BY variant ORDER BY 2 DESC, 1"), (eno,)
        )
        variants = [(v, int(c)) for v, c in cur.fetchall()]
        return EntitySummary(key, name, etype, int(docs), int(mentions), variants)

    def entity(self, entity_id: str) -> EntitySummary | None:
        with self.reading() as cur:
            cur.execute(
                self.q(
                    "SELECT e.eno, e.key, e.name, e.type, count(DISTINCT m.docno), coalesce(sum(m.count), 0) "
                    "FROM entities e JOIN mentions m ON m.eno = e.eno WHERE e.key = ? "
                    "GROUP BY e.eno, e.key, e.name, e.type"
                ),
                (entity_id,),
            )
            row = cur.fetchone()
            return None if row is None else self._summary(cur, *row)

    def entity_documents(self, entity_id: str, *, limit: int = 100) -> list[SearchHit]:
        order = date_order(self.dialect, descending=False)
        with self.reading() as cur:
            cur.execute(
                self.q(
                    "SELECT d.id, d.title, d.collection, d.doc_type, d.classification, v.doc, "
                    "(SELECT min(m.variant) FROM mentions m WHERE m.docno = d.docno AND m.eno = e.eno) "
                    "FROM entities e JOIN docs d ON d.docno IN (SELECT docno FROM mentions WHERE eno = e.eno) "
                    f"JOIN versions v ON v.vid = d.vid WHERE e.key = ? ORDER BY {order} LIMIT ?"
                ),
                (entity_id, limit),
            )
            rows = cur.fetchall()
        hits = []
        for doc_id, title, collection, doc_type, classification, blob, variant in rows:
            doc = load_doc(blob)
            terms = [Text(tuple(str(variant).split()))] if variant else []
            hits.append(
                SearchHit(
                    doc_id,
                    title,
                    doc.metadata.date.start,
                    collection,
                    doc_type,
                    classification,
                    snippet(doc.text, terms),
                    0.0,
                )  # fmt: skip
            )
        return hits


def wrap_store_error(exc: Exception, what: str) -> StoreError:
    return StoreError(f"{what}: {exc}")
