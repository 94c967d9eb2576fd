"""The corpus page: counts by collection, decade, type and classification; share with redactions."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote_plus

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from declass.web.views.base import render, store_of
from declass.web.views.search import filter_token

router = APIRouter()

#: (stats key, heading, search facet whose filter a row links to)
SECTIONS = (
    ("by_collection", "By collection", "collection"),
    ("by_decade", "By decade", "decade"),
    ("by_type", "By type", "doc_type"),
    ("by_classification", "By classification", "classification"),
)


def pairs(value: Any) -> list[tuple[str, int]]:
    """Counts as (value, count) pairs, whether the store gave a dict, pairs or records."""
    if isinstance(value, dict):
        return [(str(k), int(v)) for k, v in value.items()]
    out: list[tuple[str, int]] = []
    for item in value or []:
        if isinstance(item, dict):
            out.append((str(item.get("value")), int(item.get("count") or 0)))
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            out.append((str(item[0]), int(item[1])))
    return out


def share(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "—"


@router.get("/corpus", response_class=HTMLResponse, include_in_schema=False)
def corpus_page(request: Request) -> HTMLResponse:
    """What the corpus holds, in counts, each linked to the search that lists them."""
    stats = store_of(request).stats()
    total = int(stats.get("documents") or 0)
    tables = []
    for key, heading, facet in SECTIONS:
        rows = pairs(stats.get(key))
        if facet == "decade":
            rows.sort(key=lambda kv: (kv[0] == "unknown", kv[0]))
        else:
            rows.sort(key=lambda kv: -kv[1])
        linked = [(v, n, share(n, total), "/search?q=" + quote_plus(filter_token(facet, v))) for v, n in rows]
        tables.append((heading, linked))
    redacted = int(stats.get("with_redactions") or 0)
    revised = int(stats.get("with_revisions") or 0)
    undated = int(stats.get("date_unknown") or 0)
    return render(
        request,
        "corpus.html",
        title="Corpus",
        total=total,
        tables=tables,
        redacted=(redacted, share(redacted, total)),
        revised=(revised, share(revised, total)),
        undated=(undated, share(undated, total)),
    )
