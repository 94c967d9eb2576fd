"""The search page: one query box, facets that narrow, a histogram by year, results, pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup, escape

from declass.errors import DeclassError
from declass.store.base import SearchResult
from declass.web.views.base import SORTS, bad_request, render, store_of, url_with

router = APIRouter()

PER_PAGE = 20
MAX_PAGE = 5000

FACET_LABELS = {
    "collection": "Collection",
    "doc_type": "Type",
    "classification": "Classification",
    "decade": "Decade",
    "has_redactions": "Redactions",
    "has_revisions": "Handwritten revisions",
}
_MARK = re.compile(r"(</?mark>)")
_FILTER_TOKEN = re.compile(r'(?<!\S)(-?[A-Za-z_]+:(?:"[^"]*"|[^\s()]+))')
_SAFE_VALUE = re.compile(r"^[\w.\-]+$")


@dataclass(slots=True)
class FacetEntry:
    value: str
    label: str
    count: int
    href: str
    active: bool


@dataclass(slots=True)
class Bar:
    label: str
    count: int
    href: str
    height: float
    x: float
    unknown: bool = False


def snippet_html(snippet: str) -> Markup:
    """A store snippet (escaped text with `<mark>` around matches) made safe for the page.

    Only `<mark>` and `</mark>` pass; any other `<`, `>` or `"` is escaped again, so a
    backend that forgot to escape cannot inject markup. Entities already escaped (`&lt;`)
    are left as they are.
    """
    pieces = []
    for part in _MARK.split(snippet):
        if part in ("<mark>", "</mark>"):
            pieces.append(part)
        else:
            pieces.append(part.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;"))
    html = "".join(pieces)
    # an unbalanced <mark> (a window cut inside a match) must not run into the page
    opened = html.count("<mark>") - html.count("</mark>")
    if opened > 0:
        html += "</mark>" * opened
    elif opened < 0:
        html = html.replace("</mark>", "", -opened)
    return Markup(html)


def filter_token(field: str, value: str) -> str:
    """The query-language filter for a facet value: `collection:crest`, `type:"nsc briefing"`."""
    if field == "doc_type":
        field = "type"
    if field == "classification":
        return "classification:" + value.replace(" ", "-")
    if field in ("has_redactions", "has_revisions"):
        what = field.removeprefix("has_")
        return f"has:{what}" if value == "yes" else f"-has:{what}"
    if field == "decade":
        if value == "unknown":
            return "year:unknown"
        start = int(value.rstrip("s"))
        return f"year:{start}..{start + 9}"
    if _SAFE_VALUE.match(value):
        return f"{field}:{value}"
    return f'{field}:"{value.replace(chr(34), "")}"'


def query_tokens(q: str) -> list[str]:
    """The filter tokens written in a query (`collection:crest`, `-has:redactions`)."""
    return _FILTER_TOKEN.findall(q)


def add_filter(q: str, token: str) -> str:
    """The query with `token` added (once)."""
    if token in query_tokens(q):
        return q
    return (q.strip() + " " + token).strip()


def remove_filter(q: str, token: str) -> str:
    """The query with every copy of `token` taken out."""
    parts = [p for p in _FILTER_TOKEN.split(q) if p != token]
    return " ".join("".join(parts).split())


def facet_entries(result: SearchResult, q: str, sort: str, exact: bool) -> list[tuple[str, list[FacetEntry]]]:
    active = set(query_tokens(q))
    groups: list[tuple[str, list[FacetEntry]]] = []
    for name, label in FACET_LABELS.items():
        values = result.facets.get(name) or []
        entries = []
        for value, count in values:
            token = filter_token(name, value)
            on = token in active
            new_q = remove_filter(q, token) if on else add_filter(q, token)
            href = url_with("/search", q=new_q, sort=_sort_param(sort), exact=exact)
            entries.append(FacetEntry(value, _facet_label(name, value), count, href, on))
        if entries:
            groups.append((label, entries))
    return groups


def _facet_label(name: str, value: str) -> str:
    if value == "unknown":
        return "date unknown" if name in ("decade", "year") else "unknown"
    if name in ("has_redactions", "has_revisions"):
        return {"yes": "with", "no": "without"}.get(value, value)
    return value


def histogram(result: SearchResult, q: str, sort: str, exact: bool, width: float = 600.0) -> list[Bar]:
    """Bars of the result count per year (every year in the range, empty ones too), then "date unknown".

    Spans of more than 120 years are drawn by decade so a bar stays wide enough to click.
    """
    counts: dict[int, int] = {}
    unknown = 0
    for value, count in result.facets.get("year") or []:
        if value == "unknown":
            unknown += count
        elif value.isdigit():
            counts[int(value)] = counts.get(int(value), 0) + count
    by_decade = bool(counts) and max(counts) - min(counts) > 120
    buckets: list[tuple[str, int, str]] = []
    if counts:
        if by_decade:
            decades: dict[int, int] = {}
            for year, n in counts.items():
                decades[year - year % 10] = decades.get(year - year % 10, 0) + n
            for d in range(min(decades), max(decades) + 10, 10):
                buckets.append((f"{d}s", decades.get(d, 0), f"year:{d}..{d + 9}"))
        else:
            for year in range(min(counts), max(counts) + 1):
                buckets.append((str(year), counts.get(year, 0), f"year:{year}"))
    if unknown:
        buckets.append(("date unknown", unknown, "year:unknown"))
    if not buckets:
        return []
    top = max(n for _, n, _ in buckets) or 1
    step = width / len(buckets)
    bars = []
    for i, (label, n, token) in enumerate(buckets):
        href = url_with("/search", q=add_filter(q, token), sort=_sort_param(sort), exact=exact)
        bars.append(Bar(label, n, href, round(100.0 * n / top, 1), round(i * step, 2), token == "year:unknown"))
    return bars


def _sort_param(sort: str) -> str | None:
    return None if sort == "relevance" else sort


def run_search(request: Request, q: str, *, limit: int, offset: int, sort: str, exact: bool) -> SearchResult:
    """Check the parameters and ask the store; a bad query or parameter becomes a 400 with its message."""
    if sort not in SORTS:
        raise bad_request(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    try:
        return store_of(request).search(q, limit=limit, offset=offset, sort=sort, expand=not exact)
    except DeclassError as exc:
        raise bad_request(f"{exc}") from exc


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    return RedirectResponse("/search", status_code=307)


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(
    request: Request,
    q: str = Query("", max_length=2000),
    sort: str = Query("relevance"),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    exact: bool = Query(False),
) -> HTMLResponse:
    """The search page (an empty query lists every document)."""
    offset = (page - 1) * PER_PAGE
    result = run_search(request, q, limit=PER_PAGE, offset=offset, sort=sort, exact=exact)
    pages = max(1, -(-result.total // PER_PAGE))
    prev_href = url_with("/search", q=q, sort=_sort_param(sort), exact=exact, page=page - 1) if page > 1 else None
    next_href = url_with("/search", q=q, sort=_sort_param(sort), exact=exact, page=page + 1) if page < pages else None
    sorts = [(s, url_with("/search", q=q, sort=_sort_param(s), exact=exact), s == sort) for s in SORTS]
    chips = [
        (t, url_with("/search", q=remove_filter(q, t), sort=_sort_param(sort), exact=exact)) for t in query_tokens(q)
    ]
    return render(
        request,
        "search.html",
        title=f"{q} — search" if q else "Search",
        q=q,
        sort=sort,
        exact=exact,
        result=result,
        hits=[(hit, snippet_html(hit.snippet)) for hit in result.hits],
        facets=facet_entries(result, q, sort, exact),
        bars=histogram(result, q, sort, exact),
        page=page,
        pages=pages,
        prev_href=prev_href,
        next_href=next_href,
        sorts=sorts,
        chips=chips,
        first=offset + 1 if result.hits else 0,
        last=offset + len(result.hits),
        escape=escape,
    )
