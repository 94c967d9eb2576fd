"""The document reader: metadata panel, the marked-up text, footnotes, citation, raw source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from declass.export.citation import cite, human_date
from declass.model import Document
from declass.web.render import (
    READINGS,
    document_href,
    entity_href,
    entity_id_of,
    judgment_band,
    layer_counts,
    render_footnotes,
    render_reader,
)
from declass.web.views.base import bad_request, not_found, render, store_of, url_with

router = APIRouter()

READING_LABELS = {
    "revised": "Revised (as finally written)",
    "original": "Original (as first typed)",
    "marked": "Marked (both, with the changes shown)",
}


@dataclass(slots=True)
class Row:
    label: str
    value: str
    detail: str | None = None


def date_row(doc: Document) -> Row:
    """The date with its precision and the words it was read from; "unknown" when absent."""
    d = doc.metadata.date
    if not d.known:
        return Row("Date", "unknown", d.text)
    shown = human_date(d.start, d.precision) or str(d.start)
    if d.end and d.end != d.start:
        shown += " – " + (human_date(d.end, d.precision) or d.end)
    detail = [f"precision: {d.precision}"]
    if d.text:
        detail.append(f"as written: “{d.text}”")
    if d.source:
        detail.append(f"from the {d.source}")
    return Row("Date", shown, "; ".join(detail))


def file_number_rows(doc: Document) -> list[Row]:
    """Each file number with its decoded meaning when a `file_number` span gives one."""
    decoded: dict[str, str] = {}
    for span in doc.spans_of("file_number"):
        number = str(span.attrs.get("number") or doc.span_text(span)).strip()
        meaning = span.attrs.get("meaning") or span.attrs.get("decoded") or span.attrs.get("subject")
        parts = [str(meaning)] if meaning else []
        for key in ("country", "date"):
            if span.attrs.get(key) and str(span.attrs[key]) not in parts:
                parts.append(f"{key}: {span.attrs[key]}")
        if number and parts and number not in decoded:
            decoded[number] = "; ".join(parts)
    numbers = list(dict.fromkeys([*doc.metadata.file_numbers, *decoded]))
    return [Row("File number", n, decoded.get(n)) for n in numbers]


def source_note(doc: Document) -> str | None:
    """The source note as its words, whether stored as text or as a parsed record."""
    note: Any = doc.metadata.extra.get("source_note")
    if isinstance(note, dict):
        note = note.get("text") or note.get("raw") or "; ".join(f"{k}: {v}" for k, v in note.items() if v)
    return str(note) if note else None


def metadata_rows(doc: Document) -> list[Row]:
    m = doc.metadata
    rows = [Row("Id", doc.id), date_row(doc)]

    def add(label: str, value: Any, detail: str | None = None) -> None:
        if value:
            rows.append(Row(label, str(value), detail))

    add("Collection", doc.collection)
    add("Type", m.doc_type)
    add("Number", m.doc_number)
    add("Volume", m.volume)
    add("Subject", m.subject)
    add("From", m.from_)
    add("To", m.to)
    add("Place", m.place)
    c = m.classification
    if c.level != "unknown" or c.marking:
        add("Classification", c.level, f"marked “{c.marking}”" if c.marking else None)
    add("Handling", ", ".join(m.handling))
    r = m.release
    release = ", ".join(x for x in (r.date, r.kind, r.decision) if x)
    add("Release", release, f"“{r.marking}”" if r.marking else None)
    rows.extend(file_number_rows(doc))
    if m.pages.first:
        pages = m.pages.first if m.pages.last in (None, m.pages.first) else f"{m.pages.first}–{m.pages.last}"
        add("Pages", pages)
    add("Drafted by", "; ".join(m.drafted_by))
    add("Cleared by", "; ".join(m.cleared_by))
    add("Approved by", "; ".join(m.approved_by))
    add("Signed", "; ".join(m.signers))
    add("Format", doc.format or doc.source.format)
    return rows


def document_entities(doc: Document) -> list[tuple[str, str, int]]:
    """(entity id, name, mentions) for the names in the document, most mentioned first."""
    found: dict[str, list[Any]] = {}
    for span in doc.spans_of("entity"):
        entity_id = entity_id_of(span, doc.span_text(span))
        if not entity_id:
            continue
        name = str(span.attrs.get("name") or doc.span_text(span)).strip()
        entry = found.setdefault(entity_id, [name, 0])
        entry[1] += 1
    return sorted(((k, v[0], v[1]) for k, v in found.items()), key=lambda e: (-e[2], e[1]))


def judgment_bands(doc: Document) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for span in doc.spans_of("judgment"):
        band = judgment_band(span) or "unrated"
        counts[band] = counts.get(band, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])


def load_document(request: Request, doc_id: str) -> Document:
    doc = store_of(request).get(doc_id)
    if doc is None:
        raise not_found(f"no document with id {doc_id!r}")
    return doc


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
def document_page(request: Request, doc_id: str, reading: str = Query("revised")) -> HTMLResponse:
    """The reader for one document."""
    if reading not in READINGS:
        raise bad_request(f"reading must be one of {', '.join(READINGS)}, not {reading!r}")
    doc = load_document(request, doc_id)
    store = store_of(request)
    versions = store.history(doc_id)
    api = "/api" + document_href(doc_id)
    has_revisions = any(s.kind in ("deletion", "insertion") for s in doc.spans)
    readings = [(r, READING_LABELS[r], url_with(request.url.path, reading=r), r == reading) for r in READINGS]
    return render(
        request,
        "document.html",
        title=doc.title or doc.id,
        doc=doc,
        rows=metadata_rows(doc),
        note=source_note(doc),
        text_html=render_reader(doc, reading),
        footnotes_html=render_footnotes(doc),
        citation=cite(doc),
        reading=reading,
        readings=readings,
        has_revisions=has_revisions,
        layers=layer_counts(doc),
        entities=[(entity_href(e), name, n) for e, name, n in document_entities(doc)],
        bands=judgment_bands(doc),
        versions=versions,
        raw_href=api + "/raw",
        json_href=api,
        text_href=url_with(api + "/text", reading="original" if reading == "original" else "revised"),
    )
