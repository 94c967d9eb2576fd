"""Search shared by the SQL backends: the query tree compiled to parameterised SQL.

Each backend supplies a `Dialect` (its placeholder and how full-text matches are written);
the filters are written once here, and the search itself (counts, facets, pages, snippets)
once in `_search.py`, so both stores give the same answers.

Values from the query only ever travel as parameters; the SQL text is built from fixed
fragments chosen by the tree's shape.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from declass.errors import QueryError
from declass.search import SORTS, And, Filter, Node, Not, Or, is_pure_text

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
    #: True when the engine returns matches in document order and can stop early (the probe)
    probe_in_order = False

    def rewrite(self, cur: Any, root: Node | None) -> Node | None:
        """The query tree in the form this engine runs best; the same documents must match."""
        return root

    @abstractmethod
    def text_condition(self, node: Node, exact: bool) -> tuple[str, list[Any]]:
        """A condition on `d` true when the document matches a pure-text subtree."""

    @abstractmethod
    def people_condition(self, column: str, value: str) -> tuple[str, list[Any]]:
        """A condition true when the words of `value` occur in `d.sender` / `d.recipient`."""

    @abstractmethod
    def ranked_source(self, main: list[Node], negated: list[Node], exact: bool) -> RankedSource | None:
        """FROM/WHERE/rank for a ranked full-text match, or None when it cannot be expressed."""

    def row_text_condition(self, node: Node, exact: bool) -> tuple[str, list[Any]]:
        """Like `text_condition`, written to test one document at a time (a walk in date order)."""
        return self.text_condition(node, exact)

    def people_source(self, column: str, value: str) -> RankedSource:
        """A `from:`/`to:` filter as the source that drives a search with no words."""
        sql, params = self.people_condition(column, value)
        return RankedSource("docs d", [], sql, params, "d.docno", "0.0", scores=False)

    def walk_condition(self, where: str) -> str:
        """`where` written so that the planner walks the date index rather than a filter's index."""
        return where

    def walk_range(self, low: str | None, high: str | None, *, descending: bool) -> tuple[str, list[Any]]:
        """Extra conditions (" AND ...") bounding a date-ordered walk to [low, high] on its index."""
        return "", []

    def title_source(self, main: list[Node]) -> RankedSource | None:
        """FROM/WHERE/rank of documents whose title holds the words of `main`, best title first."""
        return None

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
    #: False when the source only selects (a sender filter): relevance then falls back to date order
    scores: bool = True
    #: what to count the words alone over (no join when the index can answer), and the
    #: column that numbers its rows (document numbers), for slices of the corpus
    count_from_sql: str = ""
    slice_column: str = "d.docno"

    def __post_init__(self) -> None:
        self.count_from_sql = self.count_from_sql or self.from_sql


@dataclass(slots=True)
class Plan:
    """FROM and WHERE of a query; `filter_where`/`filter_params` are its conditions other than the ranked words."""

    from_sql: str
    where: list[str]
    params: list[Any]
    ranked: RankedSource | None
    filter_where: list[str] = field(default_factory=list)
    filter_params: list[Any] = field(default_factory=list)

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
        else:  # no words: a sender or recipient filter can drive the search (it is a full-text match too)
            people = next((n for n in items if isinstance(n, Filter) and n.name in ("from", "to")), None)
            if people is not None:
                ranked = self.d.people_source("sender" if people.name == "from" else "recipient", str(people.value))
                rest = [n for n in items if n is not people]
        where, params = [], []
        if ranked:
            params.extend(ranked.from_params)
            where.append(ranked.where_sql)
            params.extend(ranked.where_params)
        filter_where, filter_params = [], []
        for node in rest:
            sql, p = self.condition(node)
            filter_where.append(f"({sql})")
            filter_params.extend(p)
        from_sql = ranked.from_sql if ranked else "docs d"
        return Plan(from_sql, where + filter_where, params + filter_params, ranked, filter_where, filter_params)

    @staticmethod
    def text_parts(root: Node | None) -> tuple[list[Node], list[Node]]:
        """The top-level words of a query: those required, and those excluded."""
        items: list[Node] = [] if root is None else list(root.items) if isinstance(root, And) else [root]
        main = [n for n in items if is_pure_text(n) and not isinstance(n, Not)]
        negated = [n.item for n in items if isinstance(n, Not) and is_pure_text(n.item)]
        return main, negated

    def row_plan(self, root: Node | None, *, text_only: bool = False) -> Plan:
        """Conditions on `docs d` alone that test one document at a time (no full-text join).

        `text_only` keeps only the top-level words (required and excluded).
        """
        items: list[Node] = [] if root is None else list(root.items) if isinstance(root, And) else [root]
        where, params = [], []
        for node in items:
            words = is_pure_text(node.item) if isinstance(node, Not) else is_pure_text(node)
            if text_only and not words:
                continue
            if words:
                inner = node.item if isinstance(node, Not) else node
                sql, p = self.d.row_text_condition(inner, self.exact)
                if isinstance(node, Not):
                    sql = f"NOT ({sql})"
            else:
                sql, p = self.condition(node)
            where.append(f"({sql})")
            params.extend(p)
        return Plan("docs d", where, params, None)

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
