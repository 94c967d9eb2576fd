"""Dates in the text → `date` spans; the document date when the reader found none.

Every date `declass.text.dates.find_dates` reads — full dates, date-time groups, ranges,
parts of years, seasons, decades — becomes a `date` span with `{"start", "end",
"precision", "text", "kind"}`. A month and day without a year ("Oct. 12") takes the year
of the document's own date; when that would put it more than two months after the
document, it is read as the year before (papers cite the past), and the span says
`"year": "inferred"`.

`metadata.date` is filled only when the reader found no date, and only from a full or
month date in the opening lines (the heading and dateline), source `"text"`: a date
deeper in the body is what the paper talks about, not when it was written.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from declass.model import Document, Span
from declass.text.dates import ParsedDate, find_dates, make_date, to_dateinfo

NAME = "dates"
ASSIGNS = ("date", "metadata.date")
REQUIRES: tuple[str, ...] = ()

#: how far into the text a date may stand to be taken as the document's own
HEAD_CHARS = 400
_LATE_SLACK = timedelta(days=62)
#: how far past `HEAD_CHARS` the head is read: longer than any date form, and a date window
_HEAD_MARGIN = 300
_SPACE = re.compile(r"\s")
_YEARLESS = re.compile(r"[A-Za-z]+\.?\s+[0-3]?\d(?:st|nd|rd|th)?")  # "Oct. 12", "November 5th"


def enrich(doc: Document) -> Document:
    """Add `date` spans; fill `metadata.date` from the heading when it is unknown."""
    reference = doc.metadata.date.start if doc.metadata.date.known else None
    if reference is None:
        head = _head_date(doc.text)
        if head is not None:
            doc.metadata.date = to_dateinfo(head, "text")
            reference = head.start  # now "Oct. 12" can be read
    dated = find_dates(doc.text, default_year=int(reference[:4]) if reference else None)
    taken = [(s.start, s.end) for s in doc.spans if s.kind == "date"]
    for parsed in dated:
        if any(parsed.offset < e and s < parsed.end_offset for s, e in taken):
            continue
        yearless = parsed.kind == "date" and _YEARLESS.fullmatch(parsed.text) is not None
        if yearless and reference:
            parsed = _before_document(parsed, reference)
        attrs = {"start": parsed.start, "end": parsed.end, "precision": parsed.precision, "text": parsed.text,
                 "kind": parsed.kind}
        if parsed.time:
            attrs["time"] = parsed.time
        if yearless:
            attrs["year"] = "inferred"
        # attrs name "start" and "end", so the span is built here rather than by add_span(**attrs)
        span = Span(parsed.offset, parsed.end_offset, "date", attrs)
        doc.check_span(span)
        doc.spans.append(span)
        taken.append((parsed.offset, parsed.end_offset))
    return doc


def _head_date(text: str) -> ParsedDate | None:
    """The first full or month date of the opening lines, read without a year to lean on.

    Only the opening is read: cut at a space well past `HEAD_CHARS`, so that every date
    starting in the head is read whole, as it would be in the full text.
    """
    cut = _SPACE.search(text, HEAD_CHARS + _HEAD_MARGIN)
    head_text = text[: cut.start()] if cut else text
    return next((d for d in find_dates(head_text) if d.offset < HEAD_CHARS and d.precision in ("day", "month")
                 and d.kind in ("date", "dtg") and "/" not in d.text), None)


def _before_document(parsed: ParsedDate, document_start: str) -> ParsedDate:
    """A yearless date placed after the document by more than two months moves a year back."""
    reference = date.fromisoformat(document_start)
    if date.fromisoformat(parsed.start) - reference <= _LATE_SLACK:
        return parsed
    year, month, day = (int(p) for p in parsed.start.split("-"))
    made = make_date(year - 1, month, day if parsed.precision == "day" else None)
    if made is None:
        return parsed
    return ParsedDate(*made, text=parsed.text, offset=parsed.offset, end_offset=parsed.end_offset, kind=parsed.kind)
