"""Entity pages: the canonical name, every spelling seen, documents over time, names seen with it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from declass.store.base import SearchHit, Store
from declass.web.render import entity_href, entity_id_of
from declass.web.views.base import not_found, render, store_of

router = APIRouter()

#: documents read to gather spellings and co-occurring names (the counts say when there were more)
MAX_DOCUMENTS = 200


@dataclass(slots=True)
class EntityProfile:
    """What the corpus says about one entity, gathered from the documents that mention it."""

    id: str
    name: str
    type: str | None
    documents: list[SearchHit]
    spellings: list[tuple[str, int]]
    mentions: int
    co_occurring: list[tuple[str, str, int]]
    by_year: list[tuple[str, int]]
    truncated: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    document_count: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "mentions": self.mentions,
            "documents": self.document_count or len(self.documents),
            "documents_truncated": self.truncated,
            "variants": [{"text": t, "count": c} for t, c in self.spellings],
            "by_year": [{"year": y, "count": c} for y, c in self.by_year],
            "co_occurring": [{"id": i, "name": n, "documents": c} for i, n, c in self.co_occurring],
            "hits": [h.to_json() for h in self.documents],
        }


def entity_profile(store: Store, entity_id: str) -> EntityProfile | None:
    """An entity's profile; None when no document mentions it.

    Name, type, spellings and counts come from the store's entity index (all documents);
    the documents listed, the years and the names seen with it from the first documents.
    """
    summary = store.entity(entity_id)
    if summary is None:
        return None
    hits = store.entity_documents(entity_id, limit=MAX_DOCUMENTS + 1)
    truncated = len(hits) > MAX_DOCUMENTS
    hits = hits[:MAX_DOCUMENTS]
    others: Counter[str] = Counter()
    other_names: dict[str, str] = {}
    for hit in hits:
        doc = store.get(hit.id)
        if doc is None:
            continue
        seen_here: set[str] = set()
        for span in doc.spans:
            if span.kind != "entity":
                continue
            words = doc.span_text(span).strip()
            eid = entity_id_of(span, words)
            if eid and eid != entity_id and eid not in seen_here:
                seen_here.add(eid)
                others[eid] += 1
                other_names.setdefault(eid, str(span.attrs.get("name") or words))
    years: Counter[str] = Counter((hit.date or "")[:4] if hit.date else "unknown" for hit in hits)
    by_year = sorted(years.items(), key=lambda kv: (kv[0] == "unknown", kv[0]))
    return EntityProfile(
        id=summary.id,
        name=summary.name,
        type=summary.type,
        documents=hits,
        spellings=summary.variants,
        mentions=summary.mentions,
        co_occurring=[(eid, other_names[eid], n) for eid, n in others.most_common(30)],
        by_year=by_year,
        truncated=truncated,
        document_count=summary.documents,
    )


@router.get("/entities", response_class=HTMLResponse, include_in_schema=False)
def entities_page(
    request: Request,
    prefix: str = Query("", max_length=200),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> HTMLResponse:
    """Names in the corpus, most documented first."""
    limit = 100
    entities = store_of(request).entities(limit=limit + 1, offset=offset, prefix=prefix or None)
    more = len(entities) > limit
    return render(
        request,
        "entities.html",
        title="Names",
        prefix=prefix,
        entities=entities[:limit],
        offset=offset,
        next_offset=offset + limit if more else None,
        prev_offset=max(0, offset - limit) if offset else None,
    )


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse, include_in_schema=False)
def entity_page(request: Request, entity_id: str) -> HTMLResponse:
    """One entity: its spellings, its documents over time, and the names it appears with."""
    profile = entity_profile(store_of(request), entity_id)
    if profile is None:
        raise not_found(f"no document mentions an entity with id {entity_id!r}")
    top = max((n for _, n in profile.by_year), default=1) or 1
    bars = [(year, n, round(100.0 * n / top, 1)) for year, n in profile.by_year]
    return render(
        request,
        "entity.html",
        title=profile.name,
        profile=profile,
        bars=bars,
        co=[(entity_href(eid), name, n) for eid, name, n in profile.co_occurring],
    )
