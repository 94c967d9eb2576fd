"""The JSON API under /api: the data behind every page, described by /openapi.json.

`/api/search` takes the same parameters and returns the same JSON as
`declass search --json`. Bad parameters get a 400 with a message, unknown ids a 404.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import PurePath
from typing import Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel

from declass.model import Document
from declass.web.views.base import not_found, render, store_of
from declass.web.views.document import load_document
from declass.web.views.entity import entity_profile
from declass.web.views.search import run_search

router = APIRouter(prefix="/api", tags=["api"])
pages = APIRouter()

MAX_LIMIT = 1000
MAX_OFFSET = 10_000_000


class ErrorBody(BaseModel):
    """What every error response carries."""

    error: str
    status: int


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "A parameter or the query could not be understood"},
    404: {"model": ErrorBody, "description": "No such document or entity"},
}

#: raw bytes that a browser could run (HTML, SVG, XML) are served as plain text
_CHARSET = re.compile(r"^[A-Za-z0-9_.:-]{1,40}$")
_SAFE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/tiff", "image/gif", "image/webp"}


@router.get("/search", responses=ERRORS, summary="Search the corpus")
def api_search(
    request: Request,
    q: str = Query("", max_length=2000, description="A query in the declass query language (docs/query.md)"),
    limit: int = Query(20, ge=0, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    sort: Literal["relevance", "date", "-date"] = Query("relevance"),
    exact: bool = Query(False, description="Do not widen names through their other spellings"),
) -> JSONResponse:
    """Total, one page of hits (id, title, date, collection, doc_type, snippet, score) and facets."""
    result = run_search(request, q, limit=limit, offset=offset, sort=sort, exact=exact)
    return JSONResponse(result.to_json())


@router.get("/documents/{doc_id:path}/raw", responses=ERRORS, summary="The raw input of a document")
def api_raw(request: Request, doc_id: str) -> Response:
    """The bytes the document was read from, exactly as ingested."""
    doc = load_document(request, doc_id)
    data = store_of(request).raw(doc_id)
    if data is None:
        raise not_found(f"the raw input of {doc_id!r} is not stored")
    media = raw_media_type(doc)
    name = PurePath(doc.source.path or doc_id.replace("/", "_")).name
    headers = {
        "Content-Disposition": f"inline; filename*=UTF-8''{quote(name, safe='')}",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'",
    }
    return Response(content=data, media_type=media, headers=headers)


@router.get("/documents/{doc_id:path}/text", responses=ERRORS, summary="A reading of the text")
def api_text(
    request: Request,
    doc_id: str,
    reading: Literal["revised", "original", "text"] = Query(
        "revised", description="revised (deletions left out), original (insertions left out) or text (as stored)"
    ),
) -> PlainTextResponse:
    """The text of the document in the chosen reading, as plain UTF-8."""
    doc = load_document(request, doc_id)
    return PlainTextResponse(doc.reading(reading))


@router.get("/documents/{doc_id:path}", responses=ERRORS, summary="A document as JSON")
def api_document(request: Request, doc_id: str) -> JSONResponse:
    """The stored document: text, spans, footnotes, metadata and source (docs/schema.md)."""
    return JSONResponse(load_document(request, doc_id).to_json())


@router.get("/entities", responses=ERRORS, summary="Names in the corpus")
def api_entities(
    request: Request,
    limit: int = Query(100, ge=0, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    prefix: str | None = Query(None, max_length=200, description="Only names starting with this"),
) -> JSONResponse:
    """Entities by number of documents, each with its spellings."""
    items = store_of(request).entities(limit=limit, offset=offset, prefix=prefix or None)
    return JSONResponse({"limit": limit, "offset": offset, "entities": [e.to_json() for e in items]})


@router.get("/entities/{entity_id:path}", responses=ERRORS, summary="One entity")
def api_entity(request: Request, entity_id: str) -> JSONResponse:
    """An entity's name, spellings, documents by year, co-occurring names and documents."""
    profile = entity_profile(store_of(request), entity_id)
    if profile is None:
        raise not_found(f"no document mentions an entity with id {entity_id!r}")
    return JSONResponse(profile.to_json())


@router.get("/stats", summary="Counts over the corpus")
def api_stats(request: Request) -> JSONResponse:
    """The same counts as `declass stats --json`."""
    return JSONResponse(store_of(request).stats())


@pages.get("/api-docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs_page(request: Request) -> HTMLResponse:
    """The API described for people, from the same schema as /openapi.json (no outside assets)."""
    schema = request.app.openapi()
    endpoints = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                (p["name"], p.get("in", ""), _schema_text(p.get("schema", {})), p.get("description", ""))
                for p in op.get("parameters", [])
            ]
            endpoints.append((method.upper(), path, op.get("summary", ""), op.get("description", ""), params))
    return render(request, "api_docs.html", title="API", endpoints=endpoints)


def _schema_text(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    if "anyOf" in schema:
        return " or ".join(_schema_text(s) for s in schema["anyOf"])
    text = str(schema.get("type", ""))
    bounds = [f"{k} {schema[k]}" for k in ("minimum", "maximum", "maxLength") if k in schema]
    if "default" in schema:
        bounds.append(f"default {schema['default']}")
    return text + (f" ({', '.join(bounds)})" if bounds else "")


def raw_media_type(doc: Document) -> str:
    """A content type for the raw bytes that a browser shows but never runs."""
    guessed, _ = mimetypes.guess_type(doc.source.path or "")
    if guessed in _SAFE_TYPES:
        return guessed
    fmt = (doc.source.format or doc.format or "").lower()
    if fmt == "pdf":
        return "application/pdf"
    encoding = doc.source.encoding or "utf-8"
    if not _CHARSET.match(encoding):
        encoding = "utf-8"
    return f"text/plain; charset={encoding}"
