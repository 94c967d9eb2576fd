"""Assemble a `Document` from the logical lines and notes of a FRUS text rendering.

The heading is read by `_frus_text_head`, the footnote numbers glued to words are found by
`declass.text.footnote_refs`, and the first footnote (the source note) is read by
`declass.text.source_note`. This module lays out the reading text with a `TextBuilder`,
removing note digits and recording pages, notes and structure as spans.
"""

from __future__ import annotations

import re
from pathlib import Path

from declass.formats._decode import DecodedText
from declass.formats._frus_text_head import Head, read_head
from declass.formats._frus_text_lines import Line, Rendering
from declass.ids import content_id
from declass.model import Classification, DateInfo, Document, Footnote, Metadata, Pages, Source
from declass.text import footnote_refs
from declass.text.builder import TextBuilder
from declass.text.dates import date_from_file_suffix, parse_date, to_dateinfo
from declass.text.source_note import SourceNote, parse_citation, parse_source_note

#: the private-use characters an old mirror's "/1/" markers are turned into before reading
REF_OPEN, REF_CLOSE = "\ue000", "\ue001"
_EXPLICIT_REF = re.compile(REF_OPEN + r"(?P<n>\d+)" + REF_CLOSE)
_SIGNATURE = re.compile(
    r"^(?:[A-Z][\w’'.-]*|[A-Z]\.)(?: (?:[A-Z][\w’'.-]*|[A-Z]\.|de|van|von|Jr\.|II|III))*$"
)
_NOT_NAMES = frozenset(
    "The In I We It This As He She They There A An On At For If But And So Communiqué SUBJECT PARTICIPANTS "
    "Attachment Enclosure Annex Summary".split()
)
_MESSAGE_TYPES = re.compile(r"telegram|airgram|cable|message|despatch|dispatch|instruction", re.I)
_MESSAGE_NUMBER = re.compile(r"^(?P<n>(?:[A-Z][A-Za-z]{0,5}[–-])?\d{1,7})\. ")


def build_document(
    path: Path,
    decoded: DecodedText,
    rendering: Rendering,
    *,
    volume: str | None,
    doc: str | None,
    reader_version: str,
    explicit_refs: bool = False,
    doc_id: str | None = None,
) -> Document:
    """Build one document from a page's lines and notes."""
    lines = rendering.lines
    file_doc = doc[1:] if doc and doc.startswith("d") else None
    head = read_head(lines, file_doc=file_doc)
    if explicit_refs:
        _drop_markers(head)
    body_lines = list(range(head.body_start, len(lines)))
    signature = _signature_line(lines, body_lines)
    if explicit_refs:
        refs = _explicit_refs(lines)
        first_number = refs[0][3] if refs else None
    else:
        refs, first_number = _resolve_refs(lines, head, rendering)
    builder = TextBuilder()
    anchors: dict[int, int] = {}
    breaks: list[tuple[int, str]] = []
    previous_kind: str | None = None
    for index, line in enumerate(lines):
        role = head.roles.get(index)
        if role:
            kind = "heading"
        elif index == signature:
            kind = "signature"
        else:
            kind = "list_item" if line.kind == "item" else "paragraph"
        _separate(builder, previous_kind, kind)
        previous_kind = kind
        text, pages, line_refs = _clean_line(line, [r for r in refs if r[0] == index])
        start = builder.append(text)
        for offset, label in pages:
            breaks.append((start + offset, label))
        for offset, number in line_refs:
            anchors.setdefault(number, start + offset)
        attrs: dict[str, object] = {"role": role} if role else {}
        if kind == "list_item" and line.level:
            attrs["level"] = line.level
        builder.mark(start, len(builder), kind, **attrs)
        if role == "dateline":
            builder.mark(start, len(builder), "dateline")
    text = builder.text
    document = Document(
        id=doc_id or (f"{volume}/{doc}" if volume and doc else content_id(decoded.data)),
        text=text,
        collection="frus",
        format="frus-text",
        title=_title(head),
        spans=builder.spans,
        source=Source(
            path=str(path), sha256=decoded.sha256, format="frus-text", reader_version=reader_version,
            size=len(decoded.data), encoding=decoded.encoding,
        ),
        warnings=list(decoded.warnings),
    )
    _add_pages(document, breaks)
    _add_footnotes(document, rendering, anchors, first_number)
    _fill_metadata(document, head, volume, file_doc, lines, signature)
    return document


def _drop_markers(head: Head) -> None:
    """Take an old mirror's note markers out of the heading fields (the text keeps its refs)."""
    for name in ("title", "from_", "to", "subject", "doc_type", "date_text", "place"):
        value = getattr(head, name)
        if value:
            setattr(head, name, _EXPLICIT_REF.sub("", value).strip() or None)


# -- layout --------------------------------------------------------------------------------


def _separate(builder: TextBuilder, previous: str | None, kind: str) -> None:
    if previous is None:
        return
    if previous == kind and kind in ("heading", "list_item"):
        builder.ensure_break("\n")
    else:
        builder.ensure_break("\n\n")


def _clean_line(
    line: Line, refs: list[tuple[int, int, int, int]]
) -> tuple[str, list[tuple[int, str]], list[tuple[int, int]]]:
    """Remove note digits from a line; move its page offsets; give each note's anchor."""
    text = line.text
    cuts = sorted((start, end, number) for _, start, end, number in refs)
    out: list[str] = []
    anchors: list[tuple[int, int]] = []
    pos = 0
    removed = 0
    shift: list[tuple[int, int]] = []  # (original offset, characters removed before it)
    for start, end, number in cuts:
        out.append(text[pos:start])
        anchors.append((start - removed, number))
        removed += end - start
        shift.append((end, removed))
        pos = end
    out.append(text[pos:])
    pages = []
    for offset, label in line.pages:
        before = 0
        for at, total in shift:
            if offset >= at:
                before = total
        pages.append((offset - before, label))
    return "".join(out), pages, anchors


def _explicit_refs(lines: list[Line]) -> list[tuple[int, int, int, int]]:
    refs = []
    for index, line in enumerate(lines):
        for m in _EXPLICIT_REF.finditer(line.text):
            refs.append((index, m.start(), m.end(), int(m.group("n"))))
    return refs


def _resolve_refs(
    lines: list[Line], head: Head, rendering: Rendering
) -> tuple[list[tuple[int, int, int, int]], int | None]:
    """Find the note numbers glued to words, starting with the one on the title."""
    masked = []
    for index, line in enumerate(lines):
        role = head.roles.get(index)
        if role in ("file_number", "doc_number", "classification", "message_number", "dateline", "note"):
            masked.append(" " * len(line.text))
        else:
            keep = head.mask.get(index, 0)
            masked.append(" " * keep + line.text[keep:])
    notes = rendering.notes
    complete = bool(notes) and notes[-1].complete
    count = len(notes) if complete else None
    chosen: list[footnote_refs.Candidate] = []
    start_line = head.body_start
    first: int | None = None
    if head.title_line is not None:
        title_ref = _title_ref(masked[head.title_line], head.title_line)
        if title_ref is not None:
            chosen.append(title_ref)
            first = title_ref.number
        start_line = head.title_line + 1
    if first is None and notes and notes[0].listed is not None:
        first = notes[0].listed
        more = footnote_refs.resolve(masked, first=first, count=count, start_line=start_line)
    elif first is None:
        more = footnote_refs.resolve(masked, first=None, count=count, start_line=start_line)
    else:
        more = footnote_refs.resolve(
            masked, first=first + 1, count=None if count is None else count - 1, start_line=start_line
        )
    chosen.extend(more)
    if chosen and first is None:
        first = chosen[0].number
    return [(c.line, c.start, c.end, c.number) for c in chosen], first


def _title_ref(text: str, index: int) -> footnote_refs.Candidate | None:
    """The note number at the end of a title: "Missions1", "State 0", ", 19551" (1955 + 1)."""
    m = re.search(r"(?P<digits>\d+)$", text)
    if not m or m.start() == 0:
        return None
    digits, before = m.group("digits"), text[m.start() - 1]
    start = m.start()
    if before.isalpha() or before in ".,;:)]”’\"'":
        if len(digits) <= 2:
            return footnote_refs.Candidate(index, start, m.end(), int(digits), footnote_refs.STRONG)
        return None
    if before == " " and len(digits) <= 2 and digits in ("0", "1") and text[start - 2 : start - 1].isalpha():
        return footnote_refs.Candidate(index, start - 1, m.end(), int(digits), footnote_refs.SPACED)
    if before == " " and len(digits) in (5, 6) and digits.startswith(("18", "19", "20")):
        return footnote_refs.Candidate(index, start + 4, m.end(), int(digits[4:]), footnote_refs.RUN_IN)
    return None


def _signature_line(lines: list[Line], body: list[int]) -> int | None:
    """The last body line, if it is a signer's name standing alone ("Dulles", "W. G. Sharp")."""
    if len(body) < 2:
        return None
    last = body[-1]
    text = lines[last].text.strip()
    previous = re.sub(r"\d{1,3}$", "", lines[body[-2]].text.rstrip())  # a note number may end it
    if lines[last].kind != "text" or len(text) > 40 or not _SIGNATURE.match(text):
        return None
    if text.split()[0] in _NOT_NAMES or len(text.split()) > 5:
        return None
    if not previous.endswith((".", "]", ":", ")", "”", "\"", ",")):
        return None
    return last


# -- pages and notes -----------------------------------------------------------------------


def _add_pages(document: Document, breaks: list[tuple[int, str]]) -> None:
    if not breaks:
        return
    breaks.sort()
    end = len(document.text)
    first_at, first_label = breaks[0]
    first_page: str | None = first_label
    if document.text[:first_at].strip():
        first_page = _previous_label(first_label)
        document.add_span(0, first_at, "page", n=first_page)
    for i, (at, label) in enumerate(breaks):
        stop = breaks[i + 1][0] if i + 1 < len(breaks) else end
        document.add_span(at, stop, "page", n=label)
    document.metadata.pages = Pages(first=first_page, last=breaks[-1][1])


def _previous_label(label: str) -> str | None:
    return str(int(label) - 1) if label.isdigit() and int(label) > 1 else None


def _add_footnotes(document: Document, rendering: Rendering, anchors: dict[int, int], first: int | None) -> None:
    notes = rendering.notes
    listed_first = notes[0].listed if notes and notes[0].listed is not None else None
    base = first if first is not None else (listed_first if listed_first is not None else 1)
    for k, note in enumerate(notes):
        number = base + k
        ref = anchors.get(number)
        attrs: dict[str, object] = {}
        if note.listed is not None and note.listed != number:
            attrs["listed_as"] = str(note.listed)
        if not note.complete:
            attrs["truncated"] = True
        document.footnotes.append(Footnote(str(number), note.text, ref, attrs))
    listed = {base + k for k in range(len(notes))}
    for number, offset in sorted(anchors.items()):
        document.add_span(offset, offset, "footnote_ref", n=str(number))
        if number not in listed and notes and notes[-1].complete:
            document.warnings.append(f"note {number} is referred to in the text but not listed")
    unreferenced = [f.n for f in document.footnotes if f.ref is None]
    if unreferenced:
        document.warnings.append(f"no reference found in the text for note(s) {', '.join(unreferenced)}")


# -- metadata ------------------------------------------------------------------------------


def _title(head: Head) -> str | None:
    if head.title is None:
        return None
    return re.sub(r"(?<=[^\d\s])\d{1,3}$|(?<=[A-Za-z)]) [01]$|(?<=, \d{4})\d{1,2}$", "", head.title.rstrip())


def _fill_metadata(
    document: Document, head: Head, volume: str | None, file_doc: str | None, lines: list[Line], signature: int | None
) -> None:
    meta: Metadata = document.metadata
    meta.volume = volume
    meta.doc_number = head.doc_number or file_doc
    if head.doc_number is None and file_doc:
        meta.evidence["doc_number"] = "file name"
    meta.doc_type = head.doc_type
    meta.from_, meta.to = head.from_, head.to
    if head.from_person:
        meta.extra["from_person"] = head.from_person
    if head.to_person:
        meta.extra["to_person"] = head.to_person
    meta.subject = head.subject
    meta.place = head.place
    if head.file_number:
        meta.file_numbers.append(head.file_number)
    if head.level:
        meta.classification = Classification(head.level, head.marking)
    meta.handling.extend(head.handling)
    message = head.message_number or _body_message_number(lines, head)
    if message:
        meta.extra["message_number"] = message
    if head.participants:
        meta.extra["participants"] = list(head.participants)
    if head.source_line:
        meta.extra["source_line"] = parse_citation(head.source_line).to_json()
    if signature is not None:
        signer = lines[signature].text.strip()
        meta.signers.append(signer)
    note = _first_note(document)
    if note is not None:
        _apply_source_note(meta, note)
    meta.date = _date(head, meta)


def _body_message_number(lines: list[Line], head: Head) -> str | None:
    """A telegram's own number opens its first paragraph: "2454. Your 2843, July 4, …"."""
    if not head.doc_type or not _MESSAGE_TYPES.search(head.doc_type):
        return None
    if head.body_start >= len(lines):
        return None
    m = _MESSAGE_NUMBER.match(lines[head.body_start].text)
    return m.group("n") if m else None


def _first_note(document: Document) -> SourceNote | None:
    if not document.footnotes:
        return None
    note = parse_source_note(document.footnotes[0].text)
    if note.label or note.drafted_by or note.cleared_by or note.approved_by:
        return note
    return None


def _apply_source_note(meta: Metadata, note: SourceNote) -> None:
    meta.extra["source_note"] = note.to_json()
    for number in note.file_numbers:
        if number not in meta.file_numbers:
            meta.file_numbers.append(number)
    if meta.classification.level == "unknown" and meta.classification.marking is None and note.classification:
        meta.classification = Classification(note.classification, note.marking)
        meta.evidence["classification"] = "source note"
    for word in note.handling:
        if word not in meta.handling:
            meta.handling.append(word)
    meta.drafted_by.extend(n for n in note.drafted_by if n not in meta.drafted_by)
    meta.cleared_by.extend(n for n in note.cleared_by if n not in meta.cleared_by)
    meta.approved_by.extend(n for n in note.approved_by if n not in meta.approved_by)


def _date(head: Head, meta: Metadata) -> DateInfo:
    """The document date: dateline, then a date in the title, then the file-number suffix."""
    if head.date_text:
        parsed = parse_date(head.date_text)
        if parsed is not None and parsed.precision != "year" or (parsed and "," not in head.date_text):
            info = to_dateinfo(parsed, head.date_source or "dateline")  # type: ignore[arg-type]
            info.text = head.date_text
            return info
    numbers = [(head.file_number, "file number")] + [(n, "source note file number") for n in meta.file_numbers]
    for number, source in numbers:
        if not number or "/" not in number:
            continue
        parsed = date_from_file_suffix(number.rsplit("/", 1)[1])
        if parsed is not None:
            info = to_dateinfo(parsed, source)
            info.text = number
            return info
    return DateInfo()
