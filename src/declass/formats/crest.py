"""Reader `crest`: CIA CREST reading-room pages, transcriptions and bare OCR text.

Three inputs come to this reader:

- **reading-room pages** — the catalogue block (document number, release decision,
  original classification, dates, ...) followed by the OCR body of the scan;
- **transcriptions** with the handwritten revisions marked (``~~struck~~``, ``^{inserted}``,
  ``[^]``, ``*handwriting*``), as in the collection's seed briefing;
- **bare OCR text** of a scan, and as the fallback, any other plain OCR text (archive.org,
  mirror sites) that no more specific reader claims.

Every page's release banner is cut out of the reading text and marks a page boundary; the
banners, read by majority, give the document number (the id) and the release date. When
no number can be read reliably the id is a content hash and the document says so.
Review markings become `redaction` spans, outlines `outline_item` spans. The catalogue,
where there is one, wins over what the text suggests; both are kept where they differ.

`document_from_pages` builds the same document from per-page texts; the PDF and image
readers call it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from declass.formats import _crest_catalogue as catalogue
from declass.formats._crest_fields import read_text_fields, title_case
from declass.formats._crest_ocr import append_ocr_text
from declass.formats._crest_title import find_title, is_heading_like, plausible_subject
from declass.formats._crest_transcription import build_transcription, looks_like_transcription
from declass.formats._decode import load_text
from declass.ids import content_id
from declass.model import Classification, DateInfo, Document, Source
from declass.text.banners import Banner, BannerVerdict, vote
from declass.text.builder import TextBuilder
from declass.text.classification import find_classification, handling_caveats
from declass.text.crest_number import normalise_document_number, parse_crest_number
from declass.text.dates import parse_date, to_dateinfo
from declass.text.outline import OutlineTracker
from declass.text.review_marks import denied_pages, find_review_marks

NAME = "crest"
VERSION = "1"

_FILE_NUMBER_RE = re.compile(r"cia-rdp\d\d[a-z-]\d{5}[a-z]\d{12}-\d", re.IGNORECASE)
_TERMINAL_RE = re.compile(r"[.;:!?\"'”)\]]$")


# -- sniffing ------------------------------------------------------------------------------


def sniff(path: Path, head: bytes) -> float:
    """Confidence that `path` is CREST material; a low score for any other plain text.

    The low fallback score lets this reader take plain OCR text that no other reader
    claims, while FRUS text and TEI go to their own readers.
    """
    if head.startswith((b"%PDF", b"\x89PNG", b"II*\x00", b"MM\x00*", b"\xff\xd8")) or b"\x00" in head[:4096]:
        return 0.0
    text = head.decode("utf-8", errors="replace")
    if text.lstrip().startswith("<"):
        return 0.0
    if catalogue.SIGNATURE in text:
        return 0.95
    has_banner = bool(re.search(r"Approved\s+[Ff]or\s+Release", text)) or "CIA-RDP" in text
    if looks_like_transcription(text) and (has_banner or "25X1" in text):
        return 0.9
    if re.search(r"CIA-RDP\d\d", text) and has_banner:
        return 0.8
    if re.search(r"Approved for Release: \d{4}/\d\d/\d\d C0\d{7}", text):
        return 0.75
    if _FILE_NUMBER_RE.search(path.name):
        return 0.6
    return 0.05


# -- reading -------------------------------------------------------------------------------


def read(path: Path) -> Iterator[Document]:
    """Read one CREST file (reading-room page, transcription or OCR text) as one document."""
    decoded = load_text(path)
    source = Source(
        path=str(path),
        sha256=decoded.sha256,
        format=NAME,
        reader_version=VERSION,
        size=len(decoded.data),
        encoding=decoded.encoding,
    )
    text = decoded.text
    if catalogue.looks_like_catalogue(text):
        doc = _from_catalogue_page(text, path=path, source=source)
    elif looks_like_transcription(text):
        doc = _from_transcription(text, path=path, source=source)
    else:
        doc = _from_ocr_text(text, path=path, source=source, input_kind="ocr-text")
    doc.warnings[:0] = decoded.warnings
    yield doc


def document_from_pages(pages: list[str], *, path: Path, source: Source, fmt: str) -> Document:
    """Build a CREST-style document from per-page OCR texts (one `page` span per input page).

    Banners are cut out of each page and read for the document number, release date and
    kind; review markings become `redaction` spans; the id is the document number when the
    banners give one reliably, else a content hash (with a warning saying so).
    """
    b = TextBuilder()
    banners: list[Banner] = []
    page_ranges: list[tuple[int, int]] = []
    for page_text in pages:
        if len(b):
            b.ensure_break("\n\n")
        start = len(b)
        banners.extend(append_ocr_text(b, page_text, []))
        end = len(b.text.rstrip()) if len(b) > start else start
        page_ranges.append((start, max(start, end)))
    doc = Document(id="", text=b.text, format=fmt, source=source, spans=list(b.spans))
    for n, (start, end) in enumerate(page_ranges, start=1):
        doc.add_span(start, end, "page", n=n)
    if page_ranges:
        doc.metadata.pages.first, doc.metadata.pages.last = "1", str(len(page_ranges))
    _finish(doc, banners, path=path, input_kind="pages")
    return doc


def _from_ocr_text(text: str, *, path: Path, source: Source, input_kind: str) -> Document:
    b = TextBuilder()
    boundaries: list[int] = []
    banners = append_ocr_text(b, text, boundaries)
    doc = Document(id="", text=b.text, format=NAME, source=source, spans=list(b.spans))
    _add_page_spans(doc, boundaries)
    _finish(doc, banners, path=path, input_kind=input_kind)
    return doc


def _from_transcription(text: str, *, path: Path, source: Source) -> Document:
    b, boundaries, banners = build_transcription(text.strip("\n"))
    doc = Document(id="", text=b.text, format=NAME, source=source, spans=list(b.spans))
    _add_page_spans(doc, boundaries)
    _mark_closing_notes(doc)
    _finish(doc, banners, path=path, input_kind="transcription")
    return doc


def _from_catalogue_page(text: str, *, path: Path, source: Source) -> Document:
    page = catalogue.split_page(text)
    doc = _from_ocr_text(text[page.body_start :], path=path, source=source, input_kind="reading-room page")
    _apply_catalogue(doc, page)
    return doc


# -- shared assembly -----------------------------------------------------------------------


def _add_page_spans(doc: Document, boundaries: list[int]) -> None:
    """One `page` span per stretch of text between banner runs (empty stretches skipped)."""
    cuts = [0, *boundaries, len(doc.text)]
    n = 0
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = doc.text[start:end]
        if not piece.strip():
            continue
        n += 1
        doc.add_span(start, start + len(piece.rstrip()), "page", n=n)


def _finish(doc: Document, banners: list[Banner], *, path: Path, input_kind: str) -> None:
    """Add redaction and outline spans, read the text's own data, and settle the id."""
    marks = find_review_marks(doc.text)
    for mark in marks:
        doc.add_span(mark.start, mark.end, "redaction", **mark.attrs())
    _add_outline_spans(doc)
    verdict = vote(banners)
    doc.warnings.extend(verdict.warnings)
    extra: dict[str, Any] = doc.metadata.extra
    extra["input"] = input_kind
    if banners:
        extra["banners"] = verdict.to_json()
    pages_withheld = denied_pages(marks)
    if pages_withheld:
        extra["denied_pages"] = pages_withheld
    _apply_banner_verdict(doc, verdict)
    _apply_text_fields(doc)
    withheld = [m for m in marks if m.withholds]
    if doc.metadata.release.kind is None and withheld and banners:
        doc.metadata.release.kind = "in part"
        doc.metadata.evidence["release.kind"] = "review markings in the text"
    number = doc.metadata.doc_number
    if number is None:
        name_number = _number_from_file_name(path)
        if name_number:
            doc.metadata.doc_number = name_number
            doc.metadata.evidence["doc_number"] = f"file name {path.name}"
            number = name_number
    if number:
        doc.id = number
    else:
        doc.id = content_id(doc.text)
        doc.warnings.append("no document number could be read reliably; the id is a content hash")
    if banners or number or input_kind in {"transcription", "reading-room page"}:
        doc.collection = "crest"
    doc.sort_spans()


def _number_from_file_name(path: Path) -> str | None:
    match = _FILE_NUMBER_RE.search(path.name)
    if not match:
        return None
    number = parse_crest_number(match.group(0).upper())
    return number.text if number else None


def _apply_banner_verdict(doc: Document, verdict: BannerVerdict) -> None:
    release = doc.metadata.release
    if verdict.number:
        doc.metadata.doc_number = verdict.number
        doc.metadata.evidence["doc_number"] = "release banners"
    if verdict.release_date:
        release.date = verdict.release_date
        doc.metadata.evidence["release.date"] = "release banners"
    if verdict.marking:
        release.marking = verdict.marking
    if verdict.kind:
        release.kind = verdict.kind


def _add_outline_spans(doc: Document) -> None:
    """`outline_item` spans for briefing outlines: I., II., ... (level 1) and A., B., ... (level 2)."""
    tracker = OutlineTracker()
    items: list[tuple[int, int, str]] = []  # (start, level, label)
    pos = 0
    for line in doc.text.split("\n"):
        label = tracker.match(line)
        if label:
            items.append((pos + label.start, label.level, label.label))
        pos += len(line) + 1
    if len(items) < 2:
        return  # one label-like line is not an outline
    for i, (start, level, label) in enumerate(items):
        end = len(doc.text)
        for later_start, later_level, _ in items[i + 1 :]:
            if later_level <= level:
                end = later_start
                break
        end = start + len(doc.text[start:end].rstrip())
        doc.add_span(start, end, "outline_item", level=level, label=label)


def _mark_closing_notes(doc: Document) -> None:
    """Mark the handwritten notes that close a transcription as `marginal_note` spans.

    The typed text ends with a finished sentence or item; paragraphs after the last one
    that does, none of them ending in punctuation themselves, are notes added by hand.
    Review markings between them are left as they are.
    """
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", doc.text)]
    is_mark = [bool(re.fullmatch(r"(?:25X\d\w*|STAT\w*|\s)+", doc.text[s:e])) for s, e in paragraphs]
    last_typed = None
    for i, (start, end) in enumerate(paragraphs):
        if not is_mark[i] and _TERMINAL_RE.search(doc.text[start:end]):
            last_typed = i
    if last_typed is None or last_typed == len(paragraphs) - 1:
        return
    notes = [(s, e) for i, (s, e) in enumerate(paragraphs[last_typed + 1 :], last_typed + 1) if not is_mark[i]]
    if not notes or len(notes) > 8:
        return
    for start, end in notes:
        doc.add_span(start, end, "marginal_note", hand="handwriting", position="end of document")


def _apply_text_fields(doc: Document) -> None:
    """The date, type, addressees, subject and classification the text states about itself."""
    meta = doc.metadata
    fields = read_text_fields(doc.text)
    if fields.doc_type and meta.doc_type is None:
        meta.doc_type = fields.doc_type
        meta.evidence["doc_type"] = fields.doc_type_text or fields.doc_type
    if fields.date and not meta.date.known:
        meta.date = to_dateinfo(fields.date, "text")
    if fields.to and meta.to is None:
        meta.to = fields.to
    if fields.from_ and meta.from_ is None:
        meta.from_ = fields.from_
    if fields.heading and not is_heading_like(fields.heading):
        # a line after the type heading that is banner or OCR debris names no subject
        fields.heading = fields.subject = None
    if fields.subject and meta.subject is None:
        meta.subject = fields.subject
        if fields.heading:
            meta.evidence["subject"] = fields.heading
    if doc.title is None:
        if fields.heading:
            doc.title = title_case(fields.heading)
            meta.evidence["title"] = f"heading after the type line: {fields.heading}"
        elif fields.subject and plausible_subject(fields.subject):
            doc.title = fields.subject
            meta.evidence["title"] = f"SUBJECT line: {fields.subject}"
        elif found_title := find_title(doc.text):
            doc.title = found_title.title
            meta.evidence["title"] = found_title.evidence
    found = find_classification(doc.text)
    if found:
        classification, (start, end) = found
        meta.classification = classification
        meta.evidence["classification"] = "marking in the text"
        doc.add_span(start, end, "classification", level=classification.level, marking=classification.marking)
    for caveat in handling_caveats(doc.text):
        if caveat not in meta.handling:
            meta.handling.append(caveat)


# -- catalogue -----------------------------------------------------------------------------


def _apply_catalogue(doc: Document, page: catalogue.CataloguePage) -> None:
    """Fill the metadata from the reading room's catalogue, which wins over the text.

    The catalogue's own strings are kept whole in `extra["catalogue"]` (blank fields as
    None); where the catalogue and the banners disagree both values are kept.
    """
    meta = doc.metadata
    fields = page.fields
    meta.extra["catalogue"] = dict(fields)
    meta.extra["catalogue_layout"] = page.layout
    if page.title:
        doc.title = page.title
        meta.evidence["title"] = "catalogue"
    number_raw = fields.get("Document Number (FOIA) /ESDN (CREST)")
    number = normalise_document_number(number_raw) if number_raw else None
    banner_number = meta.doc_number if meta.evidence.get("doc_number") == "release banners" else None
    if number:
        if banner_number and banner_number != number:
            doc.warnings.append(f"the catalogue's document number {number} differs from the banners' {banner_number}")
        meta.doc_number = number
        meta.evidence["doc_number"] = "catalogue"
        doc.id = number
        doc.warnings = [w for w in doc.warnings if "the id is a content hash" not in w]
    elif number_raw:
        doc.warnings.append(f"the catalogue's document number {number_raw!r} is not a CREST number or ESDN")
    release = meta.release
    decision = fields.get("Release Decision")
    if decision:
        release.decision = decision
        release.kind = catalogue.decision_kind(decision) or release.kind
    release_date = _catalogue_date(fields.get("Document Release Date"))
    if release_date:
        if release.date and release.date != release_date.start:
            meta.extra.setdefault("banners", {})["release_date_differs_from_catalogue"] = True
        release.date = release_date.start
        meta.evidence["release.date"] = "catalogue"
    level = catalogue.classification_level(fields.get("Original Classification"))
    if level and level != "unknown":
        letter = fields.get("Original Classification")
        page_marking = meta.classification
        if page_marking.level != level:
            if page_marking.level != "unknown":
                meta.extra["classification_on_page"] = {"level": page_marking.level, "marking": page_marking.marking}
            meta.classification = Classification(level, f"Original Classification: {letter}")
        meta.evidence["classification"] = "catalogue"
    published = _catalogue_date(fields.get("Publication Date"))
    if published:
        text_date = meta.date if meta.date.known else None
        if text_date and text_date.start and abs(int(text_date.start[:4]) - int(published.start[:4])) > 1:
            meta.extra["text_date"] = {"start": text_date.start, "text": text_date.text}
            doc.warnings.append(
                f"the catalogue's publication date {published.text} differs from "
                f"the date in the text ({text_date.text})"
            )
        meta.date = to_dateinfo(published, "catalogue: Publication Date")
    count = fields.get("Document Page Count")
    if count and count.isdigit():
        meta.pages.first, meta.pages.last = "1", count
    content_type = fields.get("Content Type")
    if content_type:
        meta.doc_type = _CONTENT_TYPES.get(content_type, content_type)
        meta.evidence["doc_type"] = f"catalogue: Content Type {content_type}"
    doc.collection = "crest"


#: Content Type values with an unambiguous plain reading; others (MF, NSPR, IR, ...) are kept as shown.
_CONTENT_TYPES = {
    "MEMO": "Memorandum",
    "MFR": "Memorandum for the record",
    "REPORT": "Report",
    "LETTER": "Letter",
    "MIN": "Minutes",
    "NOTES": "Notes",
    "REGULATION": "Regulation",
    "OPEN SOURCE": "Open source",
    "SUMMARY": "Summary",
    "PAPER": "Paper",
    "MISC": "Miscellaneous",
}


def _catalogue_date(value: str | None) -> DateInfo | None:
    if not value:
        return None
    parsed = parse_date(value)
    if parsed is None or parsed.precision != "day":
        return None
    return to_dateinfo(parsed, "catalogue")


__all__ = ["NAME", "VERSION", "sniff", "read", "document_from_pages"]
