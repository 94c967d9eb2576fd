"""Reader `cable`: State Department telegrams as cable archives print them in plain text.

A saved telegram opens with its header — routing at the receiving end, the precedence and
date-time group ("R 241015Z JUL 78"), FM and TO, the classification line ("C O N F I D E N
T I A L SECTION 1 OF 3 KABUL 5981"), E.O., TAGS, SUBJ and REF — then numbered paragraphs,
with a header block at the top of every page and the header repeated for every section.

The reading text keeps the message header from the date-time group on, then the body's
paragraphs (`paragraph` spans). Page headers and repeated section headers are cut out and
become `page` spans and `extra["sections"]`; the routing block is kept in
`extra["routing"]`. The id is the canonical cable id cable archives cite: year of the
date-time group + originating post + telegram number padded to five digits
("1978KABUL05981"). When the group cannot be read, the date is unknown and the id comes
from the file name when it names the same telegram, else from the content hash.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from declass.errors import ReadError
from declass.formats import _cable_lines as lines_
from declass.formats._cable_layout import BodyLine, Layout, PageBreak, SectionHeader, split_cable
from declass.formats._decode import load_text
from declass.ids import content_id
from declass.model import Classification, DateInfo, Document, Source
from declass.text.builder import TextBuilder

NAME = "cable"
VERSION = "1"

_SNIFF_LINES = 80
_FILE_ID_RE = re.compile(r"(?P<year>19\d\d|20\d\d)(?P<post>[A-Z]{2,12})(?P<number>\d{5,6})")
_SIGNATURE_RE = re.compile(r"^[A-Z][A-Z'-]{2,24}$")
_NOT_SIGNATURES = frozenset("THE AND FOR WITH THAT THIS FROM END SUMMARY UNQUOTE QUOTE COMMENT".split())
# what follows the addressee on a TO line: its precedence and the message's sequence number
_TO_TAIL_RE = re.compile(r"(?:\s+(?:NIACT|IMMEDIATE|PRIORITY|ROUTINE|FLASH))*(?:\s+\d{1,6})?$")
_CREST_SIGNS = re.compile(r"Approved\s+[Ff]or\s+Release|CIA-RDP\d")


# -- sniffing ------------------------------------------------------------------------------


def sniff(path: Path, head: bytes) -> float:
    """High only for a real telegram header: FM and TO lines, a date-time group, a classification line.

    Each must stand on its own line near the top; CREST scans (release banners) and
    anything else score 0 so that their own readers take them.
    """
    if b"\x00" in head[:4096] or head.lstrip().startswith((b"<", b"%PDF")):
        return 0.0
    text = head.decode("utf-8", errors="replace")
    if _CREST_SIGNS.search(text):
        return 0.0
    found = {"dtg": False, "fm": False, "to": False, "class": False}
    for line in text.replace("\r", "\n").split("\n")[:_SNIFF_LINES]:
        if lines_.read_dtg(line):
            found["dtg"] = True
        elif lines_.FM_RE.match(line):
            found["fm"] = True
        elif lines_.TO_RE.match(line) and found["fm"]:
            found["to"] = True
        elif found["to"] and lines_.read_class_line(line):
            found["class"] = True
    return 0.9 if all(found.values()) else 0.0


# -- reading -------------------------------------------------------------------------------


def read(path: Path) -> Iterator[Document]:
    """Read one saved telegram as one document."""
    decoded = load_text(path)
    source = Source(
        path=str(path),
        sha256=decoded.sha256,
        format=NAME,
        reader_version=VERSION,
        size=len(decoded.data),
        encoding=decoded.encoding,
    )
    layout = split_cable(decoded.text)
    headers = [item for item in layout.items if isinstance(item, SectionHeader)]
    if not headers or not (headers[0].dtg or headers[0].from_ or headers[0].to or headers[0].class_line):
        raise ReadError(path, "no telegram header (date-time group, FM, TO, classification line) found")
    doc = _build(layout, source)
    doc.warnings[:0] = decoded.warnings
    _apply_header(doc, headers[0])
    _apply_pages_and_sections(doc, layout, headers)
    _settle_id(doc, layout, headers[0], path)
    doc.sort_spans()
    yield doc


# -- text ----------------------------------------------------------------------------------


class _Assembly:
    """Walks the layout into a TextBuilder: header lines, paragraphs, page and section starts."""

    def __init__(self) -> None:
        self.b = TextBuilder()
        self.paragraph_start: int | None = None
        self.pages: list[tuple[PageBreak, int | None, int]] = []  # (page, start, end)
        self.sections: list[tuple[SectionHeader, int]] = []
        self.last_end = 0
        self.header_done = False

    def begin_content(self) -> None:
        """Open the pending page at the offset of the content about to be added."""
        if self.pages and self.pages[-1][1] is None:
            page, _, _ = self.pages[-1]
            self.pages[-1] = (page, len(self.b), len(self.b))

    def end_content(self) -> None:
        self.last_end = len(self.b)
        if self.pages and self.pages[-1][1] is not None:
            page, start, _ = self.pages[-1]
            self.pages[-1] = (page, start, self.last_end)

    def page(self, page: PageBreak) -> None:
        self.pages.append((page, None, len(self.b)))

    def header(self, header: SectionHeader) -> None:
        if self.header_done:
            self.close_paragraph()
            self.sections.append((header, len(self.b)))
            return
        self.header_done = True
        self.sections.append((header, 0))
        for line in header.kept:
            self.b.ensure_break("\n")
            self.begin_content()
            start = self.b.append(line.text)
            if line.role == "dtg":
                self.b.mark(start, len(self.b), "dateline")
            elif line.role == "classification" and header.class_line:
                self.b.mark(
                    start,
                    start + len(header.class_line.marking),
                    "classification",
                    level=header.class_line.level,
                    marking=header.class_line.marking,
                )
            elif line.role == "subject":
                value = lines_.SUBJ_RE.match(line.text)
                offset = line.text.find(value.group("value")) if value and value.group("value") else 0
                self.b.mark(start + offset, len(self.b), "heading")
            self.end_content()

    def body_line(self, line: str) -> None:
        text = line.strip()
        if not text:
            self.close_paragraph()
            return
        if self.paragraph_start is not None and lines_.PARAGRAPH_START_RE.match(text):
            self.close_paragraph()
        if self.paragraph_start is None:
            self.b.ensure_break("\n\n")
            self.begin_content()
            self.paragraph_start = len(self.b)
        else:
            self.b.append("\n")
            self.begin_content()
        self.b.append(text)
        self.end_content()

    def close_paragraph(self) -> None:
        if self.paragraph_start is not None and len(self.b) > self.paragraph_start:
            self.b.mark(self.paragraph_start, len(self.b), "paragraph")
        self.paragraph_start = None


def _build(layout: Layout, source: Source) -> Document:
    assembly = _Assembly()
    for item in layout.items:
        if isinstance(item, PageBreak):
            assembly.page(item)
        elif isinstance(item, SectionHeader):
            assembly.header(item)
        elif isinstance(item, BodyLine):
            assembly.body_line(item.text)
    assembly.close_paragraph()
    doc = Document(id="", text=assembly.b.text, format=NAME, source=source, spans=list(assembly.b.spans))
    doc.collection = "cable"
    doc.metadata.doc_type = "Telegram"
    pages = [(p, s, e) for p, s, e in assembly.pages if s is not None]
    for n, (page, start, end) in enumerate(pages, start=1):
        attrs: dict[str, Any] = {"n": str(n), "label": page.label}
        if page.page_id:
            attrs["header"] = page.page_id.text
            if page.page_id.section:
                attrs["section"] = page.page_id.section
        doc.add_span(start, end, "page", **attrs)  # type: ignore[arg-type]
    if pages:
        doc.metadata.pages.first, doc.metadata.pages.last = "1", str(len(pages))
    doc.metadata.extra["sections_found"] = [
        {"offset": offset, **_section_json(header)} for header, offset in assembly.sections
    ]
    _mark_signature(doc, layout)
    return doc


def _section_json(header: SectionHeader) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if header.class_line and header.class_line.section:
        out["n"], out["of"] = header.class_line.section, header.class_line.sections
    if header.dtg:
        out["dtg"] = header.dtg.text
    if header.class_line:
        out["classification_line"] = header.class_line.text
    return out


def _mark_signature(doc: Document, layout: Layout) -> None:
    """The sender's name on the last line, when the telegram's end marks follow it."""
    if not layout.end_lines:
        return  # a telegram cut short has no signature to find
    paragraphs = doc.spans_of("paragraph")
    if not paragraphs:
        return
    last = paragraphs[-1]
    body = doc.text[last.start : last.end]
    name = body.rsplit("\n", 1)[-1]
    if not _SIGNATURE_RE.match(name) or name in _NOT_SIGNATURES:
        return
    if "\n" in body and not body.rsplit("\n", 1)[0].rstrip().endswith((".", ")", '"')):
        return
    start = last.end - len(name)
    doc.add_span(start, last.end, "signature")
    doc.metadata.signers.append(name)
    if start > last.start:
        last.end = start - 1  # the paragraph ends before the signature's line


# -- metadata ------------------------------------------------------------------------------


def _apply_header(doc: Document, header: SectionHeader) -> None:
    meta = doc.metadata
    extra = meta.extra
    if header.routing:
        extra["routing"] = header.routing
    dtg = header.dtg
    if dtg:
        extra["dtg"] = dtg.text
        extra["precedence"] = dtg.precedence
        handling = lines_.PRECEDENCE.get(dtg.precedence[0])
        if handling:
            meta.handling.append(handling)
            meta.evidence["handling"] = dtg.text
        if dtg.start:
            meta.date = DateInfo(dtg.start, dtg.start, "day", dtg.group, "date-time group")
            extra["time"] = dtg.time
        else:
            doc.warnings.append(f"the date-time group {dtg.text!r} cannot be read; the date is unknown")
    else:
        doc.warnings.append("no date-time group found; the date is unknown")
    meta.from_ = header.from_
    if header.to:
        meta.to = _TO_TAIL_RE.sub("", header.to[0]) or None
        extra["to"] = header.to
    if header.info:
        extra["info"] = header.info
    if header.class_line:
        line = header.class_line
        meta.classification = Classification(line.level, line.marking)
        meta.evidence["classification"] = line.text
        meta.handling.extend(word for word in line.handling if word not in meta.handling)
    if header.eo:
        extra["eo"] = header.eo
    if header.tags:
        extra["tags"] = header.tags
    if header.subject:
        meta.subject = header.subject
        doc.title = header.subject
        meta.evidence["title"] = "SUBJ line"
    if header.ref:
        extra["ref"] = header.ref
        extra["references"] = lines_.references(header.ref)


def _apply_pages_and_sections(doc: Document, layout: Layout, headers: list[SectionHeader]) -> None:
    meta = doc.metadata
    extra = meta.extra
    found = extra.pop("sections_found")
    if len(found) > 1 or any("n" in s for s in found):
        extra["sections"] = found
    page_ids = [item.page_id.text for item in layout.items if isinstance(item, PageBreak) and item.page_id]
    if page_ids:
        extra["page_headers"] = page_ids
    if layout.end_lines:
        extra["end_marks"] = layout.end_lines
    if meta.classification.level == "unknown" and layout.page_markings:
        level = lines_.read_class_line(layout.page_markings[0])
        if level:
            meta.classification = Classification(level.level, level.marking)
            meta.evidence["classification"] = "page header"
    declared = next((h.class_line.sections for h in headers if h.class_line and h.class_line.sections), None)
    if declared is None:
        declared = next(
            (p.page_id.sections for p in layout.items if isinstance(p, PageBreak) and p.page_id and p.page_id.sections),
            None,
        )
    seen = {h.class_line.section for h in headers if h.class_line and h.class_line.section}
    seen |= {p.page_id.section for p in layout.items if isinstance(p, PageBreak) and p.page_id and p.page_id.section}
    if declared and len(seen) < declared:
        doc.warnings.append(
            f"the telegram is in {declared} sections and only {len(seen)} of them is here (the file may be cut short)"
        )


def _settle_id(doc: Document, layout: Layout, header: SectionHeader, path: Path) -> None:
    """The canonical cable id: DTG year + post + number (five digits); file name or hash otherwise."""
    meta = doc.metadata
    post, number, where = None, None, None
    first_page = next((p.page_id for p in layout.items if isinstance(p, PageBreak) and p.page_id), None)
    if first_page:
        post, number, where = first_page.post, first_page.number, first_page.text
    elif header.class_line and header.class_line.number:
        post, number, where = header.class_line.post, header.class_line.number, header.class_line.text
    if post and number:
        meta.extra["message_number"] = f"{post} {number}"
    year = meta.date.start[:4] if meta.date.start else None
    if post and number and year:
        doc.id = f"{year}{post.replace(' ', '')}{number.zfill(5)}"
        meta.doc_number = doc.id
        meta.evidence["doc_number"] = f"{where} + date-time group {meta.date.text}"
        return
    from_name = _FILE_ID_RE.search(path.name)
    if (
        from_name
        and post
        and number
        and from_name.group("post") == post.replace(" ", "")
        and int(from_name.group("number")) == int(number)
    ):
        doc.id = from_name.group(0)
        meta.doc_number = doc.id
        meta.evidence["doc_number"] = f"file name {path.name}"
        return
    doc.id = content_id(doc.text)
    doc.warnings.append(
        "no cable id could be formed (post, number and year of the date-time group); the id is a content hash"
    )
