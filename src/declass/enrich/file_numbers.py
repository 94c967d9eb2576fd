"""State Department file numbers → `file_number` spans with their decoded meaning.

The decimal scheme is chosen by the document's year: its date when the reader found one,
else the years in its FRUS volume id (`frus1952-54v08` → 1952), else the file's own
suffix. A file's `M–DDYY` date is evidence for the document date: it fills
`metadata.date` (source `"file-number"`) only when the reader found no date.
`metadata.file_numbers` is filled when the reader left it empty.

A `file_number` span a reader has already made is completed, never duplicated.
"""

from __future__ import annotations

import re

from declass.model import DateInfo, Document
from declass.text.file_numbers import FileNumber, find_file_numbers, parse_file_number

NAME = "file_numbers"
ASSIGNS = ("file_number", "metadata.file_numbers", "metadata.date")
REQUIRES: tuple[str, ...] = ()

_VOLUME_YEAR = re.compile(r"frus(?P<year>1[89]\d\d)")


def document_year(doc: Document) -> int | None:
    """The year the document belongs to, from its date or its FRUS volume; None if unknown."""
    if doc.metadata.date.start:
        return int(doc.metadata.date.start[:4])
    for candidate in (doc.metadata.volume, doc.id):
        m = _VOLUME_YEAR.search(candidate or "")
        if m:
            return int(m.group("year"))
    return None


def enrich(doc: Document) -> Document:
    """Add decoded `file_number` spans; fill empty file-number and date metadata."""
    year = document_year(doc)
    existing = doc.spans_of("file_number")
    for span in existing:
        number = parse_file_number(doc.span_text(span), year=year)
        if number is not None:
            for key, value in number.attrs().items():
                span.attrs.setdefault(key, value)
    found: list[FileNumber] = []
    for number in find_file_numbers(doc.text, year=year):
        if any(number.start < s.end and s.start < number.end for s in existing):
            continue
        doc.add_span(number.start, number.end, "file_number", **number.attrs())
        found.append(number)
    if not doc.metadata.file_numbers and found:
        doc.metadata.file_numbers = list(dict.fromkeys(n.text for n in found))
    if not doc.metadata.date.known:
        dated = next((n for n in found if n.date is not None), None)
        if dated is not None and dated.date is not None:
            doc.metadata.date = DateInfo(
                start=dated.date.start, end=dated.date.end, precision=dated.date.precision,
                text=dated.text, source="file-number",
            )
    return doc
