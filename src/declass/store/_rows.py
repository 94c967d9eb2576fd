"""What both backends store for a document: its columns, full-text fields and entity mentions.

Everything here is computed from the `Document` alone, the same way for SQLite and
PostgreSQL, so both stores hold (and answer with) the same values.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from declass.ids import sha256_hex
from declass.model import Document

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(slots=True)
class DocRow:
    """The searchable columns of one document version."""

    id: str
    collection: str | None
    format: str | None
    doc_type: str | None
    title: str | None
    date_start: str | None
    date_end: str | None
    date_precision: str
    year: int | None
    decade: int | None
    classification: str
    sender: str | None
    recipient: str | None
    volume: str | None
    has_redactions: bool
    has_revisions: bool
    sha256: str
    content_sha: str
    fkey: int = 0  # the document's facet combination, set by the writer


@dataclass(slots=True)
class Mention:
    entity_id: str
    name: str
    type: str | None
    variant: str
    count: int


def stored_json(doc: Document) -> bytes:
    """The document's JSON without the path it was found at (kept beside it, in `versions`).

    Leaving the path out makes the JSON depend on what the document says only, so its hash
    tells a changed document from the same one found somewhere else.
    """
    path, doc.source.path = doc.source.path, None
    try:
        return doc.dumps().encode("utf-8")
    finally:
        doc.source.path = path


def content_sha(doc: Document) -> str:
    """A hash of what the document says, leaving out where the file was found."""
    return hashlib.sha256(stored_json(doc)).hexdigest()


def _lower(value: str | None) -> str | None:
    value = (value or "").strip()
    return value.lower() if value else None


def iso_bounds(start: str | None, end: str | None, precision: str) -> tuple[str | None, str | None]:
    """Full `YYYY-MM-DD` first and last day of a document date, or (None, None) when unknown.

    A month date `1953-11` covers the whole month; a year `1953` the whole year; a decade
    precision widens a year to its decade. An explicit `end` is kept.
    """
    m = _ISO.match(start or "")
    if not m:
        return None, None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if precision == "decade":
        first, last = f"{year - year % 10:04d}-01-01", f"{year - year % 10 + 9:04d}-12-31"
    elif month is None or precision == "year":
        first, last = f"{year:04d}-01-01", f"{year:04d}-12-31"
    elif day is None or precision == "month":
        if not 1 <= month <= 12:
            return None, None
        first = f"{year:04d}-{month:02d}-01"
        last = f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
    else:
        first = last = f"{year:04d}-{month:02d}-{day:02d}"
    m_end = _ISO.match(end or "")
    if m_end:
        _, last_of_end = iso_bounds(end, None, "day" if m_end.group(3) else ("month" if m_end.group(2) else "year"))
        if last_of_end and last_of_end >= first:
            last = last_of_end
    return first, last


def doc_row(doc: Document, raw_sha: str, content: str | None = None) -> DocRow:
    meta = doc.metadata
    first, last = iso_bounds(meta.date.start, meta.date.end, meta.date.precision)
    kinds = {s.kind for s in doc.spans}
    return DocRow(
        id=doc.id,
        collection=_lower(doc.collection),
        format=_lower(doc.format or doc.source.format),
        doc_type=_lower(meta.doc_type),
        title=doc.title,
        date_start=first,
        date_end=last,
        date_precision=meta.date.precision if first else "unknown",
        # a decade-precise date has no year of its own, only a decade
        year=int(first[:4]) if first and meta.date.precision != "decade" else None,
        decade=int(first[:3]) * 10 if first else None,
        classification=meta.classification.level or "unknown",
        sender=meta.from_,
        recipient=meta.to,
        volume=_lower(meta.volume),
        has_redactions="redaction" in kinds,
        has_revisions=bool(kinds & {"deletion", "insertion", "caret", "marginal_note"}),
        sha256=raw_sha,
        content_sha=content or content_sha(doc),
    )


def fts_fields(doc: Document) -> tuple[str, str, str, str, str]:
    """(title, body, names, sender, recipient) as indexed for full-text search.

    The body is the reading text followed by the footnotes (drafting chains live there);
    names are the canonical names of the entities found in the document.
    """
    body = doc.text
    if doc.footnotes:
        body = body + "\n\n" + "\n".join(f.text for f in doc.footnotes)
    names = " ; ".join(sorted({m.name for m in mentions(doc)}))
    return doc.title or "", body, names, doc.metadata.from_ or "", doc.metadata.to or ""


def mentions(doc: Document) -> list[Mention]:
    """Entity mentions grouped by (entity, spelling) from spans of kind "entity"."""
    counts: Counter[tuple[str, str, str | None, str]] = Counter()
    for span in doc.spans:
        if span.kind != "entity":
            continue
        attrs = span.attrs
        name = str(attrs.get("name") or doc.text[span.start : span.end]).strip()
        entity_id = str(attrs.get("id") or name).strip()
        if not entity_id or not name:
            continue
        variant = str(attrs.get("variant") or doc.text[span.start : span.end]).strip() or name
        etype = attrs.get("type")
        counts[(entity_id, name, None if etype is None else str(etype), variant)] += 1
    return [Mention(eid, name, etype, variant, n) for (eid, name, etype, variant), n in sorted(counts.items())]


def pack(data: bytes) -> bytes:
    """Compress stored JSON and raw bytes (fast level: ingest speed matters more)."""
    return zlib.compress(data, 1)


def unpack(data: bytes | memoryview) -> bytes:
    return zlib.decompress(bytes(data))


FACET_COLUMNS = ("collection", "doc_type", "classification", "year", "decade", "has_redactions", "has_revisions")
_YES_NO = ("has_redactions", "has_revisions")


def facet_sql(source: str, count: str) -> str:
    """One statement counting every facet over `source` (a CTE named m): rows (facet, value, n).

    Values come back as text; `count` is `count(*)` over documents or `sum(n)` over the cube.
    """
    parts = []
    for name in FACET_COLUMNS:
        if name in _YES_NO:
            value = f"CASE WHEN m.{name} THEN 'yes' ELSE 'no' END"
        elif name in ("year", "decade"):
            value = f"CAST(m.{name} AS TEXT)"
        else:
            value = f"m.{name}"
        parts.append(f"SELECT '{name}', {value}, {count} FROM m GROUP BY {value}")
    return f"WITH m AS ({source}) " + " UNION ALL ".join(parts)


def facet_lists(rows: Iterable[Sequence[Any]]) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """Total and facets from `(facet, value, count)` rows (see `facet_sql`).

    None, "" and "0" (the placeholders for unknown) become "unknown", so undated or untyped
    documents are counted, never dropped. Years and decades are in time order with "unknown"
    last; the other facets by count. Values counted zero times are left out.
    """
    counters: dict[str, Counter[str]] = {name: Counter() for name in FACET_COLUMNS}
    for name, value, n in rows:
        if not n:
            continue
        if value is None or value == "" or value == "0":
            key = "unknown"
        elif name == "decade":
            key = f"{value}s"
        else:
            key = str(value)
        counters[name][key] += int(n)
    total = sum(counters["collection"].values())
    facets: dict[str, list[tuple[str, int]]] = {}
    for name, counter in counters.items():
        if name in ("year", "decade"):
            items = sorted(counter.items(), key=lambda kv: (kv[0] == "unknown", kv[0]))
        else:
            items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        facets[name] = items
    return total, facets


@dataclass(slots=True)
class Prepared:
    """A document made ready for writing: everything costly (JSON, hashes, compression) done.

    Built by `prepare()`, possibly in a worker process (it pickles), then written by
    `Store.put_prepared()` inside one transaction per batch.
    """

    row: DocRow
    doc_blob: bytes
    fts: tuple[str, str, str, str, str]
    mentions: list[Mention]
    source_path: str | None
    raw_sha: str
    raw_size: int
    raw_packed: bytes | None


def prepare(doc: Document, raw: bytes, *, include_raw: bool = True, raw_digest: str | None = None) -> Prepared:
    """Compute a document's stored form; `include_raw=False` when its raw bytes went earlier.

    Raises ModelError (naming the document) when a span does not fit the text.
    """
    for span in doc.spans:
        doc.check_span(span)
    digest = raw_digest or sha256_hex(raw)
    blob = stored_json(doc)
    return Prepared(
        row=doc_row(doc, digest, hashlib.sha256(blob).hexdigest()),
        doc_blob=pack(blob),
        fts=fts_fields(doc),
        mentions=mentions(doc),
        source_path=doc.source.path,
        raw_sha=digest,
        raw_size=len(raw),
        raw_packed=pack(raw) if include_raw else None,
    )


def load_doc(blob: bytes | memoryview, path: str | None = None) -> Document:
    """A stored document, with the path it was read from put back."""
    doc = Document.loads(unpack(blob).decode("utf-8"))
    doc.source.path = path
    return doc
