"""Running a search with bounded work: exact when that is cheap, estimated from a sample when not.

Full-text engines pay for every document a query's words match: counting them, grouping
them into facets and scoring them for relevance. For words that match a large share of a
big corpus (`soviet` matches three documents in four) that is seconds, not milliseconds.
So a search first measures how much work its words would take, on a small spread-out
probe of the corpus, and then:

- **little work** (at most `Bounds.exact_work` documents to examine): total, facets and
  relevance (BM25 / ts_rank) over every match, as before — the answer is exact;
- **much work**: total, facets and the "date unknown" count are *estimated* from a sample
  of the corpus (whole slices of the document numbers, spread evenly, grown until the
  sample holds at least `Bounds.min_sample_hits` matches), and the result says so
  (`SearchResult.estimated`, `sample_fraction`);
- relevance is scored for every match only when that is cheap (`rank_work`, `rank_hits`);
  otherwise the order is *bounded* (`SearchResult.relevance_bounded`): documents whose
  title holds the words come first, best title first, then the other matches in the order
  they were stored;
- sorting by date is always exact: when matches are dense the date index is walked and
  each document tested until the page is full, otherwise the matches are sorted.

Small stores (under `Bounds.min_span` documents) are always answered exactly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from declass.search import And, Filter, Node, Not, Or, ParsedQuery, Text, snippet
from declass.store._rows import FACET_COLUMNS, facet_lists, facet_sql, unpack
from declass.store._sql import Compiler, Dialect, Plan, RankedSource, check_paging, date_order, undated_variant
from declass.store.base import SearchHit, SearchResult

GROUP_SQL = ", ".join(f"d.{c}" for c in FACET_COLUMNS)
CUBE_COLUMNS = ", ".join(f"c.{c}" for c in FACET_COLUMNS)
HIT_COLUMNS = "d.docno, d.id, d.title, d.collection, d.doc_type, d.classification, v.doc"


@dataclass(frozen=True, slots=True)
class Bounds:
    """How much work one search may do before it estimates (see the module docstring)."""

    #: documents the words may touch (matches, or for phrases documents holding every word) for exact counts
    exact_work: int = 12_000
    #: documents the words may touch, and matches there may be, for relevance over every match
    rank_work: int = 6_000
    rank_hits: int = 2_000
    #: matches a sample must hold (it starts at `min_slices` and doubles until it does)
    min_sample_hits: int = 200
    #: the corpus is cut into this many slices of document numbers; a sample takes at least
    #: `min_slices` of them and at most half (beyond that, counting everything is no dearer)
    slices: int = 128
    min_slices: int = 4
    #: the probe: matches read in stored order (or slices, where the engine cannot stop early)
    probe_rows: int = 5_000
    probe_slices: int = 8
    #: below this many documents every search is exact
    min_span: int = 20_000
    #: date sort walks the date index when it expects to test at most this many documents
    #: for words (eight times as many when only filters are tested)
    scan_rows: int = 600


@dataclass(slots=True)
class Estimate:
    """Words-only figures for the whole corpus, extrapolated from the probe."""

    span: int
    matches: int
    work: int


def slice_order(count: int) -> list[int]:
    """Slice numbers in bit-reversed order, so that any first k of them are spread evenly."""
    bits = max(1, (count - 1).bit_length())
    order = sorted(range(1 << bits), key=lambda i: int(format(i, f"0{bits}b")[::-1], 2))
    return [i for i in order if i < count]


def slice_ranges(span: int, count: int, chosen: list[int]) -> list[tuple[int, int]]:
    width = -(-span // count)
    return [(1 + i * width, min(span, (i + 1) * width)) for i in chosen if 1 + i * width <= span]


def relax(node: Node) -> Node:
    """The tree with every phrase turned into its words ANDed: what the engine must examine."""
    if isinstance(node, Text):
        if len(node.words) == 1:
            return node
        last = len(node.words) - 1
        return And(tuple(Text((w,), node.prefix and i == last) for i, w in enumerate(node.words)))
    if isinstance(node, (And, Or)):
        return type(node)(tuple(relax(item) for item in node.items))
    if isinstance(node, Not):
        return Not(relax(node.item))
    return node


def _has_phrase(nodes: list[Node]) -> bool:
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, Text) and len(node.words) > 1:
            return True
        if isinstance(node, (And, Or)):
            stack.extend(node.items)
        elif isinstance(node, Not):
            stack.append(node.item)
    return False


def date_range(root: Node | None) -> tuple[str | None, str | None]:
    """First and last day allowed by the query's top-level year:/date: filters (None = open)."""
    items: list[Node] = [] if root is None else list(root.items) if isinstance(root, And) else [root]
    low: str | None = None
    high: str | None = None
    for node in items:
        if isinstance(node, Filter) and node.name in ("year", "date") and isinstance(node.value, tuple):
            first, last = node.value
            low = max(low, first) if low and first else (first or low)
            high = min(high, last) if high and last else (last or high)
    return low, high


def facet_range(facets: dict[str, list[tuple[str, int]]]) -> tuple[str | None, str | None]:
    """First and last day of the years with matches (whole decades where some match is dated
    only to its decade)."""
    years = {int(v): n for v, n in facets.get("year", []) if n and v.isdigit()}
    firsts, lasts = list(years), list(years)
    for value, n in facets.get("decade", []):
        if n and value[:-1].isdigit():
            decade = int(value[:-1])
            if n > sum(c for y, c in years.items() if decade <= y < decade + 10):
                firsts.append(decade)
                lasts.append(decade + 9)
    if not firsts:
        return None, None
    return f"{min(firsts):04d}-01-01", f"{max(lasts):04d}-12-31"


def narrower(low: str | None, high: str | None, low2: str | None, high2: str | None) -> tuple[str | None, str | None]:
    lows = [x for x in (low, low2) if x]
    highs = [x for x in (high, high2) if x]
    return (max(lows) if lows else None), (min(highs) if highs else None)


class BoundedSearch:
    """One search: the plan, the words' estimate, and the steps that answer it."""

    def __init__(self, cur: Any, dialect: Dialect, compiler: Compiler, parsed: ParsedQuery, bounds: Bounds) -> None:
        self.cur = cur
        self.d = dialect
        self.ph = dialect.ph
        self.compiler = compiler
        self.parsed = parsed
        self.bounds = bounds
        # the tree as this engine runs it best (the same documents match); snippets use `parsed`
        self.root = dialect.rewrite(cur, parsed.root)
        self.plan = compiler.plan(self.root)

    # -- the probe -----------------------------------------------------------------------

    def _slice_counts(self, source: RankedSource, ranges: list[tuple[int, int]]) -> int:
        if not ranges:
            return 0
        part = (
            f"SELECT count(*) FROM {source.count_from_sql} WHERE {source.where_sql} "
            f"AND {source.slice_column} BETWEEN {self.ph} AND {self.ph}"
        )
        params: list[Any] = []
        for lo, hi in ranges:
            params += [*source.from_params, *source.where_params, lo, hi]
        self.cur.execute(" UNION ALL ".join([part] * len(ranges)), params)
        return sum(int(r[0]) for r in self.cur.fetchall())

    def _probe(self, source: RankedSource, span: int, upto: int | None = None) -> tuple[int, int]:
        """The words' matches over the whole corpus, and the document number the count reached.

        Counted up to `probe_rows` in stored order (no further than document `upto`) and
        extrapolated from how far that got; engines that cannot stop early count a few slices.
        """
        b = self.bounds
        if self.d.probe_in_order:
            limit = f" AND {source.slice_column} <= {int(upto)}" if upto is not None else ""
            self.cur.execute(
                f"SELECT count(*), max(r) FROM (SELECT {source.slice_column} AS r FROM {source.count_from_sql} "
                f"WHERE {source.where_sql}{limit} ORDER BY {source.slice_column} LIMIT {self.ph}) p",
                [*source.from_params, *source.where_params, b.probe_rows],
            )
            count, last = self.cur.fetchone()
            count = int(count)
            reached = upto if upto is not None and count < b.probe_rows else (int(last or 0) if count else span)
            if count < b.probe_rows and upto is None:
                return count, span
            return round(count * span / max(1, reached or span)), reached or span
        ranges = slice_ranges(span, b.slices, slice_order(b.slices)[: b.probe_slices])
        covered = sum(hi - lo + 1 for lo, hi in ranges)
        return round(self._slice_counts(source, ranges) * span / covered), span

    def estimate(self) -> Estimate | None:
        """The words' matches and work over the whole corpus, from the probe; None when not needed.

        A phrase costs as much as its words together, however few times it occurs: its work
        is probed with the words ANDed, and its matches counted only as far as that probe went.
        """
        ranked = self.plan.ranked
        if ranked is None:
            return None
        self.cur.execute("SELECT max(docno) FROM docs")
        span = int(self.cur.fetchone()[0] or 0)
        if span < self.bounds.min_span:
            return None
        main, _ = self.compiler.text_parts(self.root)
        relaxed = self.d.ranked_source([relax(n) for n in main], [], self.compiler.exact) if _has_phrase(main) else None
        if relaxed is None:
            matches, _ = self._probe(ranked, span)
            return Estimate(span, matches, matches)
        work, reached = self._probe(relaxed, span)
        matches, _ = self._probe(ranked, span, upto=reached if reached < span else None)
        return Estimate(span, matches, max(work, matches))

    # -- counts and facets ---------------------------------------------------------------

    def exact_facets(self) -> tuple[int, dict[str, list[tuple[str, int]]]]:
        plan = self.plan
        cube = self.compiler.cube_plan(self.root) if not self.parsed.has_text else None
        if cube is not None:
            where, params = cube
            self.cur.execute(facet_sql(f"SELECT {GROUP_SQL}, d.n FROM facet_cube d WHERE {where}", "sum(m.n)"), params)
        else:
            # group the matches by their facet combination (one integer), then spread the few
            # combinations over the facets: far cheaper than grouping every match seven times
            source = (
                f"SELECT {CUBE_COLUMNS}, g.n FROM (SELECT d.fkey AS fkey, count(*) AS n FROM {plan.from_sql} "
                f"WHERE {plan.where_sql()} GROUP BY d.fkey) g JOIN facet_cube c ON c.fkey = g.fkey"
            )
            self.cur.execute(facet_sql(source, "sum(m.n)"), plan.params)
        return facet_lists(self.cur.fetchall())

    def exact_undated(self) -> int:
        variant = undated_variant(self.root)
        if variant is None:
            return 0
        alt_cube = self.compiler.cube_plan(variant) if not self.parsed.has_text else None
        if alt_cube is not None:
            self.cur.execute(f"SELECT coalesce(sum(d.n), 0) FROM facet_cube d WHERE {alt_cube[0]}", alt_cube[1])
        else:
            alt = self.compiler.plan(variant)
            self.cur.execute(f"SELECT count(*) FROM {alt.from_sql} WHERE {alt.where_sql()}", alt.params)
        return int(self.cur.fetchone()[0])

    def _sample_rows(self, plan: Plan, ranges: list[tuple[int, int]], *, facets: bool) -> list[Any]:
        assert plan.ranked is not None
        column = plan.ranked.slice_column
        ph = self.ph
        select = "d.fkey AS fkey" if facets else "1 AS one"
        part = f"SELECT {select} FROM {plan.from_sql} WHERE {plan.where_sql()} AND {column} BETWEEN {ph} AND {ph}"
        params: list[Any] = []
        for lo, hi in ranges:
            params += [*plan.params, lo, hi]
        union = " UNION ALL ".join([part] * len(ranges))
        if facets:
            source = (
                f"SELECT {CUBE_COLUMNS}, g.n FROM (SELECT s.fkey AS fkey, count(*) AS n FROM ({union}) s "
                "GROUP BY s.fkey) g JOIN facet_cube c ON c.fkey = g.fkey"
            )
            self.cur.execute(facet_sql(source, "sum(m.n)"), params)
        else:
            self.cur.execute(f"SELECT count(*) FROM ({union}) s", params)
        return list(self.cur.fetchall())

    def sampled_facets(self, est: Estimate) -> tuple[int, dict[str, list[tuple[str, int]]], float] | None:
        """Total and facets estimated from a sample, with the fraction sampled; None when the
        sample would have to be the whole corpus (then exact counting is no dearer)."""
        b = self.bounds
        order = slice_order(b.slices)
        k = b.min_slices
        rows: list[Any] = []
        taken = 0
        while k <= b.slices // 2:
            rows += self._sample_rows(self.plan, slice_ranges(est.span, b.slices, order[taken:k]), facets=True)
            taken = k
            total, _ = facet_lists(rows)
            if total >= b.min_sample_hits:
                break
            # too few matches: grow to the size that should hold enough (when that is not most of the corpus)
            k = max(k * 2, -(-k * b.min_sample_hits // max(1, total)))
        if k > b.slices // 2:
            return None
        self.sampled = order[:taken]
        ranges = slice_ranges(est.span, b.slices, self.sampled)
        fraction = sum(hi - lo + 1 for lo, hi in ranges) / est.span
        total, facets = facet_lists(rows)
        scaled = {name: [(v, max(1, round(n / fraction))) for v, n in values] for name, values in facets.items()}
        return round(total / fraction), scaled, fraction

    def sampled_undated(self, est: Estimate, fraction: float) -> int:
        variant = undated_variant(self.root)
        if variant is None:
            return 0
        alt = self.compiler.plan(variant)
        if alt.ranked is None:
            return self.exact_undated()
        rows = self._sample_rows(alt, slice_ranges(est.span, self.bounds.slices, self.sampled), facets=False)
        return round(int(rows[0][0]) / fraction)

    # -- pages ---------------------------------------------------------------------------

    def full_page(self, *, limit: int, offset: int, sort: str) -> list[tuple[int, float]]:
        """The page with every match ranked or sorted (exact; cost grows with the matches)."""
        plan, ph = self.plan, self.ph
        ranked = plan.ranked
        score_sql = "0.0"
        if sort == "relevance" and ranked is not None and ranked.scores:
            order = f"{ranked.rank_sql}, d.docno"
            score_sql = ranked.score_sql
        else:
            order = date_order(self.d, descending=sort == "-date")
        self.cur.execute(
            f"SELECT d.docno, {score_sql} FROM {plan.from_sql} WHERE {plan.where_sql()} "
            f"ORDER BY {order} LIMIT {ph} OFFSET {ph}",
            [*plan.params, limit, offset],
        )
        return [(int(r[0]), float(r[1] or 0.0)) for r in self.cur.fetchall()]

    def dense(self, total: int, *, limit: int, offset: int) -> bool:
        """True when walking the date index should fill the page within `scan_rows` documents."""
        if self.parsed.root is None:
            return True
        self.cur.execute("SELECT max(docno) FROM docs")
        span = int(self.cur.fetchone()[0] or 0)
        main, negated = self.compiler.text_parts(self.root)
        # testing a document for words is a full-text lookup; testing a filter is a column or a list
        rows = self.bounds.scan_rows * (1 if main or negated else 8)
        return span >= self.bounds.min_span and (offset + limit) * span <= rows * max(1, total)

    def date_walk_page(
        self, *, limit: int, offset: int, sort: str, facets: dict[str, list[tuple[str, int]]] | None = None
    ) -> list[tuple[int, float]]:
        """Walk the date index, testing each document, until the page is full (dense matches).

        Exact `facets` tell which years hold matches: the walk starts at the first of them.
        """
        rows = self.compiler.row_plan(self.root)
        order = date_order(self.d, descending=sort == "-date")
        where = self.d.walk_condition(rows.where_sql())
        # start the walk where the query's dates start (a year filter is a stretch of the index)
        low, high = date_range(self.root)
        if facets is not None:  # only the side the walk starts from: undated documents come last either way
            first, last = facet_range(facets)
            low, high = narrower(low, high, None, last) if sort == "-date" else narrower(low, high, first, None)
        start_sql, start_params = self.d.walk_range(low, high, descending=sort == "-date")
        self.cur.execute(
            f"SELECT d.docno FROM docs d WHERE {where}{start_sql} ORDER BY {order} LIMIT {self.ph} OFFSET {self.ph}",
            [*rows.params, *start_params, limit, offset],
        )
        return [(int(r[0]), 0.0) for r in self.cur.fetchall()]

    def bounded_relevance_page(self, *, limit: int, offset: int) -> list[tuple[int, float]]:
        """Title matches first (best title first), then the other matches in stored order."""
        need = offset + limit
        plan, ph = self.plan, self.ph
        main, negated = self.compiler.text_parts(self.root)
        titled: list[tuple[int, float]] = []
        title = self.d.title_source(main) if main else None
        if title is not None:
            filters = "".join(f" AND {w}" for w in plan.filter_where)
            wanted = max(need * 2, 40)
            # words in very many titles do not tell titles apart: take those in stored order, unscored
            self.cur.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {title.count_from_sql} WHERE {title.where_sql} LIMIT {ph}) t",
                [*title.from_params, *title.where_params, self.bounds.rank_hits],
            )
            if int(self.cur.fetchone()[0]) >= self.bounds.rank_hits:
                title.rank_sql, title.score_sql = title.slice_column, "0.0"
            for _ in range(4):  # the title matches are checked against the whole query, a few at a time
                self.cur.execute(
                    f"SELECT d.docno, {title.score_sql} FROM {title.from_sql} WHERE {title.where_sql}{filters} "
                    f"ORDER BY {title.rank_sql}, d.docno LIMIT {ph}",
                    [*title.from_params, *title.where_params, *plan.filter_params, wanted],
                )
                candidates = [(int(r[0]), float(r[1] or 0.0)) for r in self.cur.fetchall()]
                # a title holding every required word matches them; only exclusions need a check
                passing = self._exclusions_hold([c[0] for c in candidates]) if negated else None
                titled = [c for c in candidates if passing is None or c[0] in passing]
                if len(titled) >= need or len(candidates) < wanted:
                    break
                wanted *= 4
        seen = {docno for docno, _ in titled}
        assert plan.ranked is not None
        self.cur.execute(
            f"SELECT d.docno FROM {plan.from_sql} WHERE {plan.where_sql()} ORDER BY {plan.ranked.slice_column} "
            f"LIMIT {ph}",
            [*plan.params, need + len(titled)],
        )
        rest = [(int(r[0]), 0.0) for r in self.cur.fetchall() if int(r[0]) not in seen]
        return (titled + rest)[offset : offset + limit]

    def _exclusions_hold(self, docnos: list[int]) -> set[int]:
        """The documents among `docnos` that hold none of the query's excluded words."""
        if not docnos:
            return set()
        _, negated = self.compiler.text_parts(self.root)
        where, params = [], []
        for node in negated:
            sql, p = self.d.row_text_condition(node, self.compiler.exact)
            where.append(f"NOT ({sql})")
            params.extend(p)
        marks = ", ".join(self.ph for _ in docnos)
        self.cur.execute(
            f"SELECT d.docno FROM docs d WHERE d.docno IN ({marks}) AND {' AND '.join(where)}", [*docnos, *params]
        )
        return {int(r[0]) for r in self.cur.fetchall()}

    def hits(self, page: list[tuple[int, float]]) -> list[SearchHit]:
        """Hit rows with snippets, for the page only."""
        if not page:
            return []
        marks = ", ".join(self.ph for _ in page)
        self.cur.execute(
            f"SELECT {HIT_COLUMNS} FROM docs d JOIN versions v ON v.vid = d.vid WHERE d.docno IN ({marks})",
            [docno for docno, _ in page],
        )
        rows = {int(r[0]): r for r in self.cur.fetchall()}
        out = []
        for docno, score in page:
            row = rows.get(docno)
            if row is None:
                continue
            data = json.loads(unpack(row[6]))  # only the text and date are needed: no full Document
            out.append(
                SearchHit(
                    id=row[1],
                    title=row[2],
                    date=((data.get("metadata") or {}).get("date") or {}).get("start"),
                    collection=row[3],
                    doc_type=row[4],
                    classification=row[5],
                    snippet=snippet(data.get("text") or "", self.parsed.highlight),
                    score=round(score, 6),
                )
            )
        return out


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
    bounds: Bounds | None = None,
) -> SearchResult:
    """Count, facet and page a parsed query with DB-API cursor `cur` (read-only use)."""
    check_paging(limit, offset, sort)
    b = bounds or Bounds()
    s = BoundedSearch(cur, dialect, compiler_cls(dialect, exact=exact), parsed, b)
    est = s.estimate()
    sampled = s.sampled_facets(est) if est is not None and est.work > b.exact_work else None
    if sampled is None:
        total, facets = s.exact_facets()
        undated, fraction = s.exact_undated(), 1.0
    else:
        total, facets, fraction = sampled
        undated = s.sampled_undated(est, fraction)  # type: ignore[arg-type]
    bounded = False
    page: list[tuple[int, float]] = []
    if limit and total > offset:
        ranks = sort == "relevance" and s.plan.ranked is not None and s.plan.ranked.scores
        if ranks and (est is None or (est.work <= b.rank_work and total <= b.rank_hits)):
            page = s.full_page(limit=limit, offset=offset, sort=sort)
        elif ranks:
            bounded = True
            page = s.bounded_relevance_page(limit=limit, offset=offset)
        elif s.dense(total, limit=limit, offset=offset) and (sampled is not None or facet_range(facets)[0]):
            page = s.date_walk_page(limit=limit, offset=offset, sort=sort, facets=None if sampled else facets)
        else:
            page = s.full_page(limit=limit, offset=offset, sort=sort)
    return SearchResult(
        query=parsed.source,
        total=total,
        hits=s.hits(page),
        facets=facets,
        limit=limit,
        offset=offset,
        sort=sort,
        undated_excluded=undated,
        estimated=sampled is not None,
        sample_fraction=round(fraction, 6),
        relevance_bounded=bounded,
    )
