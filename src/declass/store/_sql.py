"""Search shared by the SQL backends: the query tree compiled to parameterised SQL.

Each backend supplies a `Dialect` (its placeholder and how full-text matches are written);
everything else — filters, facets, the "date unknown" count, paging, hits and snippets —
is written once here, so both stores give the same answers.

Values from the query only ever travel as parameters; the SQL text is built from fixed
fragments chosen by the tree's shape.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from declass.errors import QueryError
from declass.search import SORTS, And, Filter, Node, Not, Or, ParsedQuery, is_pure_text, snippet
from declass.store._rows import FACET_COLUMNS, facet_lists, facet_sql, unpack
from declass.store.base import SearchHit, SearchResult

#: filters the facet summary table can answer without touching the documents
CUBE_FILTERS = frozenset({"collection", "type", "classification", "has", "year"})
MAX_LIMIT = 1000
#: filters that compare one column for equality
SIMPLE_COLUMNS = {
    "collection": "collection",
    "type": "doc_type",
    "format": "format",
    "classification": "classification",
}


class Dialect(ABC):
    """How one backend writes placeholders and full-text conditions."""

    ph = "?"

    @abstractmethod
    def text_condition(self, node: Node, exact: bool) -> tuple[str, list[Any]]:
        """A condition on `d` true when the document matches a pure-text subtree."""

    @abstractmethod
    def people_condition(self, column: str, value: str) -> tuple[str, list[Any]]:
        """A condition true when the words of `value` occur in `d.sender` / `d.recipient`."""

    @abstractmethod
    def ranked_source(self, main: list[Node], negated: list[Node], exact: bool) -> RankedSource | None:
        """FROM/WHERE/rank for a ranked full-text match, or None when it cannot be expressed."""

    def like_lower(self, column: str) -> str:
        return f"lower({column}) = {self.ph}"


@dataclass(slots=True)
class RankedSource:
    """A full-text match that ranks: `from_sql` joins `d`, `rank_sql` sorts best first.

    Parameters of `from_sql` come before those of `where_sql`, as in the SQL text.
    """

    from_sql: str
    from_params: list[Any]
    where_sql: str
    where_params: list[Any]
    rank_sql: str
    score_sql: str


@dataclass(slots=True)
class Plan:
    from_sql: str
    where: list[str]
    params: list[Any]
    ranked: RankedSource | None

    def where_sql(self) -> str:
        return " AND ".join(self.where) if self.where else "1=1"


class Compiler:
    """Turns a query tree into SQL conditions for one dialect."""

    def __init__(self, dialect: Dialect, *, exact: bool) -> None:
        self.d = dialect
        self.exact = exact

    def condition(self, node: Node) -> tuple[str, list[Any]]:
        if is_pure_text(node):
            return self.d.text_condition(node, self.exact)
        if isinstance(node, Filter):
            return self.filter(node)
        if isinstance(node, Not):
            sql, params = self.condition(node.item)
            return f"NOT ({sql})", params
        if isinstance(node, (And, Or)):
            parts, params = [], []
            for item in node.items:
                sql, p = self.condition(item)
                parts.append(f"({sql})")
                params.extend(p)
            return (" AND " if isinstance(node, And) else " OR ").join(parts), params
        raise QueryError(f"cannot search for {node!r}")  # pragma: no cover

    def filter(self, f: Filter, *, cube: bool = False) -> tuple[str, list[Any]]:
        ph = self.d.ph
        name, value = f.name, f.value
        if name in SIMPLE_COLUMNS:
            return f"d.{SIMPLE_COLUMNS[name]} = {ph}", [value]
        if name == "volume":
            return f"d.volume = {ph}", [str(value).lower()]
        if name == "id":
            return f"d.id = {ph}", [value]
        if name == "has":
            column = "has_redactions" if value == "redactions" else "has_revisions"
            return f"d.{column} = {ph}", [True]
        if name in ("from", "to"):
            return self.d.people_condition("sender" if name == "from" else "recipient", str(value))
        if name == "entity":
            text = str(value)
            return (
                "d.docno IN (SELECT m.docno FROM mentions m JOIN entities e ON e.eno = m.eno "
                f"WHERE e.key = {ph} OR e.name_lower = {ph} OR m.variant_lower = {ph})",
                [text, text.lower(), text.lower()],
            )
        if name == "year":
            if value == "unknown":
                return ("d.year = 0" if cube else "d.year IS NULL"), []
            low, high = value  # type: ignore[misc]
            parts, params = [], []
            if low:
                parts.append(f"d.year >= {ph}")
                params.append(int(low[:4]))
            if high:
                parts.append(f"d.year <= {ph}")
                params.append(int(high[:4]))
            if cube and not low:
                parts.append("d.year > 0")
            return " AND ".join(parts), params
        if name == "date":
            if value == "unknown":
                return "d.date_start IS NULL", []
            low, high = value  # type: ignore[misc]
            parts, params = [], []
            if low:
                parts.append(f"d.date_start >= {ph}")
                params.append(self.date_param(low))
            if high:
                parts.append(f"d.date_start <= {ph}")
                params.append(self.date_param(high))
            return " AND ".join(parts), params
        raise QueryError(f"unknown field {name}:")  # pragma: no cover

    def date_param(self, iso: str) -> Any:
        return iso

    def plan(self, root: Node | None) -> Plan:
        items: list[Node] = [] if root is None else list(root.items) if isinstance(root, And) else [root]
        main = [n for n in items if is_pure_text(n) and not isinstance(n, Not)]
        negated = [n.item for n in items if isinstance(n, Not) and is_pure_text(n.item)]
        ranked = self.d.ranked_source(main, negated, self.exact) if main else None
        rest = [n for n in items if n not in main] if ranked else items
        if ranked:
            rest = [n for n in rest if not (isinstance(n, Not) and is_pure_text(n.item))]
        where, params = [], []
        if ranked:
            params.extend(ranked.from_params)
            where.append(ranked.where_sql)
            params.extend(ranked.where_params)
        for node in rest:
            sql, p = self.condition(node)
            where.append(f"({sql})")
            params.extend(p)
        from_sql = ranked.from_sql if ranked else "docs d"
        return Plan(from_sql, where, params, ranked)

    def cube_plan(self, root: Node | None) -> tuple[str, list[Any]] | None:
        """WHERE over the facet summary table, when every filter is one it can answer."""
        items: list[Node] = [] if root is None else list(root.items) if isinstance(root, And) else [root]
        where, params = [], []
        for node in items:
            if isinstance(node, Filter) and node.name == "date" and node.value == "unknown":
                where.append("(d.decade = 0)")  # undated: the cube's placeholder decade
                continue
            if not isinstance(node, Filter) or node.name not in CUBE_FILTERS:
                return None
            sql, p = self.filter(node, cube=True)
            where.append(f"({sql})")
            params.extend(p)
        return (" AND ".join(where) or "1=1"), params


def undated_variant(root: Node | None) -> Node | None:
    """The query with its top-level date filters turned into "date unknown", or None."""
    items: list[Node] = [] if root is None else list(root.items) if isinstance(root, And) else [root]
    if not any(isinstance(n, Filter) and n.name in ("year", "date") for n in items):
        return None
    changed = [Filter("date", "unknown") if isinstance(n, Filter) and n.name in ("year", "date") else n for n in items]
    return changed[0] if len(changed) == 1 else And(tuple(changed))


def check_paging(limit: int, offset: int, sort: str) -> None:
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    if not 0 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 0 and {MAX_LIMIT}, not {limit}")
    if offset < 0:
        raise QueryError(f"offset must not be negative ({offset})")


GROUP_SQL = ", ".join(f"d.{c}" for c in FACET_COLUMNS)
CUBE_COLUMNS = ", ".join(f"c.{c}" for c in FACET_COLUMNS)
HIT_COLUMNS = "d.docno, d.id, d.title, d.collection, d.doc_type, d.classification, v.doc"


def run_search(
    cur: Any,
    dialect: Dialect,
    parsed: ParsedQuery,
    *,
    limit: int,
    offset: int,
    sort: str,
    exact: bool,
    compiler_cls: type[Compiler] = Compiler,
) -> SearchResult:
    """Count, facet and page a parsed query with DB-API cursor `cur` (read-only use)."""
    check_paging(limit, offset, sort)
    compiler = compiler_cls(dialect, exact=exact)
    plan = compiler.plan(parsed.root)
    cube = compiler.cube_plan(parsed.root) if not parsed.has_text else None
    if cube is not None:
        where, params = cube
        cur.execute(facet_sql(f"SELECT {GROUP_SQL}, d.n FROM facet_cube d WHERE {where}", "sum(m.n)"), params)
    else:
        # group the matches by their facet combination (one integer), then spread the few
        # combinations over the facets: far cheaper than grouping every match seven times
        source = (
            f"SELECT {CUBE_COLUMNS}, g.n FROM (SELECT d.fkey AS fkey, count(*) AS n FROM {plan.from_sql} "
            f"WHERE {plan.where_sql()} GROUP BY d.fkey) g JOIN facet_cube c ON c.fkey = g.fkey"
        )
        cur.execute(facet_sql(source, "sum(m.n)"), plan.params)
    total, facets = facet_lists(cur.fetchall())
    undated_excluded = 0
    variant = undated_variant(parsed.root)
    if variant is not None:
        alt_cube = compiler.cube_plan(variant) if not parsed.has_text else None
        if alt_cube is not None:
            cur.execute(f"SELECT coalesce(sum(d.n), 0) FROM facet_cube d WHERE {alt_cube[0]}", alt_cube[1])
        else:
            alt = compiler.plan(variant)
            cur.execute(f"SELECT count(*) FROM {alt.from_sql} WHERE {alt.where_sql()}", alt.params)
        undated_excluded = int(cur.fetchone()[0])
    hits: list[SearchHit] = []
    if limit and total > offset:
        hits = _page(cur, dialect, parsed, plan, limit=limit, offset=offset, sort=sort)
    return SearchResult(
        query=parsed.source,
        total=total,
        hits=hits,
        facets=facets,
        limit=limit,
        offset=offset,
        sort=sort,
        undated_excluded=undated_excluded,
    )


def _page(
    cur: Any, dialect: Dialect, parsed: ParsedQuery, plan: Plan, *, limit: int, offset: int, sort: str
) -> list[SearchHit]:
    ph = dialect.ph
    ranked = plan.ranked
    params = list(plan.params)
    score_sql = "0.0"
    if sort == "relevance" and ranked is not None:
        order = f"{ranked.rank_sql}, d.docno"
        score_sql = ranked.score_sql
    elif sort == "-date":
        order = date_order(dialect, descending=True)
    else:  # "date", and "relevance" with nothing to rank by
        order = date_order(dialect, descending=False)
    sql = (
        f"SELECT d.docno, {score_sql} FROM {plan.from_sql} WHERE {plan.where_sql()} "
        f"ORDER BY {order} LIMIT {ph} OFFSET {ph}"
    )
    cur.execute(sql, [*params, limit, offset])
    page = [(int(r[0]), float(r[1] or 0.0)) for r in cur.fetchall()]
    if not page:
        return []
    marks = ", ".join(ph for _ in page)
    cur.execute(
        f"SELECT {HIT_COLUMNS} FROM docs d JOIN versions v ON v.vid = d.vid WHERE d.docno IN ({marks})",
        [docno for docno, _ in page],
    )
    rows = {int(r[0]): r for r in cur.fetchall()}
    hits = []
    for docno, score in page:
        row = rows.get(docno)
        if row is None:
            continue
        data = json.loads(unpack(row[6]))  # only the text and date are needed: no full Document
        hits.append(
            SearchHit(
                id=row[1],
                title=row[2],
                date=((data.get("metadata") or {}).get("date") or {}).get("start"),
                collection=row[3],
                doc_type=row[4],
                classification=row[5],
                snippet=snippet(data.get("text") or "", parsed.highlight),
                score=round(score, 6),
            )
        )
    return hits


def date_order(dialect: Dialect, *, descending: bool) -> str:
    """Date order with undated documents last either way (indexed on both backends)."""
    if getattr(dialect, "name", "") == "postgres":
        return "d.date_start DESC NULLS LAST, d.docno DESC" if descending else "d.date_start ASC NULLS LAST, d.docno"
    if descending:
        return "coalesce(d.date_start, '') DESC, d.docno DESC"
    return "coalesce(d.date_start, '9999-99-99') ASC, d.docno"


def stats_from_facets(total: int, facets: dict[str, list[tuple[str, int]]]) -> dict[str, Any]:
    """The `declass stats` summary from whole-corpus facets."""
    as_dict = {name: dict(values) for name, values in facets.items()}
    return {
        "documents": total,
        "by_collection": as_dict.get("collection", {}),
        "by_decade": as_dict.get("decade", {}),
        "by_year": as_dict.get("year", {}),
        "by_type": as_dict.get("doc_type", {}),
        "by_classification": as_dict.get("classification", {}),
        "with_redactions": as_dict.get("has_redactions", {}).get("yes", 0),
        "with_revisions": as_dict.get("has_revisions", {}).get("yes", 0),
        "date_unknown": as_dict.get("decade", {}).get("unknown", 0),
    }
