"""A FRUS TEI volume as a unit: its metadata and what its documents hold, counted.

Reads the volume as a stream (documents are counted and let go), so a summary of a
large volume costs no more memory than reading it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from declass.errors import ReadError
from declass.formats.frus_tei import Progress, VolumeReader
from declass.model import Document


def summarize_volume(path: Path, *, progress: Progress | None = None) -> dict[str, Any]:
    """Metadata, document count, date range and counts of notes, footnotes, omissions and persons.

    A volume that breaks part-way is summarised up to the fault, and the error is given
    under "error" (with its line) instead of being raised.
    """
    reader = VolumeReader(Path(path), progress=progress)
    counts = {
        "documents": 0,
        "editorial_notes": 0,
        "footnotes": 0,
        "page_breaks": 0,
        "omissions": 0,
        "editorial_omissions": 0,
        "person_mentions": 0,
    }
    mentioned: set[str] = set()
    starts: list[str] = []
    ends: list[str] = []
    first_page = last_page = None
    unknown: set[str] = set()
    error: dict[str, Any] | None = None
    try:
        for doc in reader:
            _count(doc, counts, mentioned)
            if doc.metadata.doc_type != "Editorial Note":
                if doc.metadata.date.start:
                    starts.append(doc.metadata.date.start)
                if doc.metadata.date.end or doc.metadata.date.start:
                    ends.append(doc.metadata.date.end or doc.metadata.date.start or "")
            if first_page is None:
                first_page = doc.metadata.pages.first
            last_page = doc.metadata.pages.last or last_page
            unknown.update(w for w in doc.warnings if w.startswith("unknown element"))
    except ReadError as exc:
        error = {"reason": exc.reason, "line": exc.line, "truncated": type(exc).__name__ == "TruncatedError"}
    volume = reader.volume
    summary: dict[str, Any] = {
        "path": str(path),
        "volume": volume.to_json() if volume else None,
        **counts,
        "persons_mentioned": len(mentioned),
        "persons_listed": len(volume.persons) if volume else 0,
        "terms_listed": len(volume.terms) if volume else 0,
        "date_range": {"start": min(starts) if starts else None, "end": max(ends) if ends else None},
        "pages": {"first": first_page, "last": last_page},
    }
    if unknown:
        summary["warnings"] = sorted(unknown)
    if error:
        summary["error"] = error
    return summary


def _count(doc: Document, counts: dict[str, int], mentioned: set[str]) -> None:
    counts["documents"] += 1
    if doc.metadata.doc_type == "Editorial Note":
        counts["editorial_notes"] += 1
    counts["footnotes"] += len(doc.footnotes)
    persons = [s.attrs for s in doc.spans if s.kind == "entity" and s.attrs.get("type") == "person"]
    for note in doc.footnotes:
        persons.extend(e for e in note.attrs.get("entities", []) if e.get("type") == "person")
        counts["omissions"] += len(note.attrs.get("redactions", []))
    counts["person_mentions"] += len(persons)
    mentioned.update(p["id"] for p in persons if p.get("id"))
    for span in doc.spans:
        if span.kind == "page" and not span.attrs.get("continued"):
            counts["page_breaks"] += 1
        elif span.kind == "redaction":
            counts["omissions"] += 1
        elif span.kind == "editorial_omission":
            counts["editorial_omissions"] += 1
