"""Split a saved telegram into its parts: page headers, section headers and the message's lines.

Cable archives print a multi-page telegram with a header block at the top of every page
(classification, "PAGE 02", "KABUL 05981 01 OF 03 242001Z") and the classification again at
the foot; a telegram sent in several sections repeats its routing, date-time group,
addressees and classification at the start of each section. `split_cable` walks the lines
once and hands back, in order, `PageBreak`, `SectionHeader` and body-line items, so the
reader can keep the first header, drop the repeats from the reading text and mark pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from declass.formats import _cable_lines as lines_
from declass.formats._cable_lines import ClassLine, Dtg, PageId

#: How far below a page header (or the top of the file) the date-time group or FM line may lie.
_HEADER_WINDOW = 40
#: Most continuation lines taken for one TO/INFO list, subject or reference.
_MAX_ADDRESSEES = 60
_MAX_SUBJECT_LINES = 3
_MAX_REF_LINES = 6
_JOINING = frozenset("AND OR THE OF TO FOR IN ON WITH A AN AT BY FROM ITS".split())


@dataclass(slots=True)
class PageBreak:
    """A page header block removed from the reading text, with what it says."""

    label: str
    page_id: PageId | None
    lines: list[str]


@dataclass(slots=True)
class HeaderLine:
    """A header line kept in the first section's reading text, with its role."""

    text: str
    role: str  # dtg, from, to, info, classification, eo, tags, subject, ref, other


@dataclass(slots=True)
class SectionHeader:
    """A section's header: routing, date-time group, addressees, classification and fields."""

    routing: list[str] = field(default_factory=list)
    dtg: Dtg | None = None
    from_: str | None = None
    to: list[str] = field(default_factory=list)
    info: list[str] = field(default_factory=list)
    class_line: ClassLine | None = None
    eo: str | None = None
    tags: list[str] = field(default_factory=list)
    subject: str | None = None
    ref: str | None = None
    kept: list[HeaderLine] = field(default_factory=list)


@dataclass(slots=True)
class BodyLine:
    text: str


@dataclass(slots=True)
class Layout:
    """The telegram's items in order, and the marks cut from its end (footer, NNNN)."""

    items: list[PageBreak | SectionHeader | BodyLine]
    end_lines: list[str]
    page_markings: list[str]


def split_cable(text: str) -> Layout:
    """Walk the telegram's lines once into page breaks, section headers and body lines."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    stop = len(raw)
    end_lines: list[str] = []
    # the last page's foot (classification, end-of-message mark) is page furniture too
    while stop and (
        not raw[stop - 1].strip()
        or lines_.is_classification_only(raw[stop - 1])
        or lines_.END_MARK_RE.match(raw[stop - 1])
    ):
        stop -= 1
        if raw[stop].strip():
            end_lines.insert(0, raw[stop].strip())
    items: list[PageBreak | SectionHeader | BodyLine] = []
    markings: list[str] = []
    header_expected = True
    i = 0
    while i < stop:
        found = _page_break_at(raw, i, stop)
        if found:
            page, i = found
            items.append(page)
            markings.extend(line for line in page.lines if lines_.is_classification_only(line))
            if page.label.lstrip("0") in {"", "1"}:
                header_expected = True  # a new section begins on its own page 1
            continue
        if header_expected:
            header_expected = False
            header_found = _read_header(raw, i, stop)
            if header_found:
                header, i = header_found
                items.append(header)
                continue
        items.append(BodyLine(raw[i]))
        i += 1
    return Layout(items, end_lines, markings)


def _page_break_at(raw: list[str], i: int, stop: int) -> tuple[PageBreak, int] | None:
    """A page header starting at line `i`: classification lines, "PAGE nn", the post/number line."""
    j = i
    taken: list[str] = []
    while j < stop and len(taken) < 3 and (not raw[j].strip() or lines_.is_classification_only(raw[j])):
        if raw[j].strip():
            taken.append(raw[j].strip())
        j += 1
    if j >= stop:
        return None
    page = lines_.PAGE_RE.match(raw[j])
    if not page:
        return None
    if not taken and j > i:
        return None  # blank lines alone before "PAGE" are the body's own; let them be read there
    taken.append(raw[j].strip())
    j += 1
    page_id = lines_.read_page_id(page.group("rest")) if page.group("rest").strip() else None
    if page_id is None and not page.group("rest").strip():
        k = j
        while k < stop and not raw[k].strip():
            k += 1
        if k < stop:
            page_id = lines_.read_page_id(raw[k])
            if page_id:
                taken.append(raw[k].strip())
                j = k + 1
    return PageBreak(page.group("label"), page_id, taken), j


def _read_header(raw: list[str], i: int, stop: int) -> tuple[SectionHeader, int] | None:
    """The section header beginning at line `i`, or None when no DTG or FM line follows soon."""
    anchor = None
    for k in range(i, min(stop, i + _HEADER_WINDOW)):
        line = raw[k]
        if lines_.PAGE_RE.match(line):
            break
        if lines_.read_dtg(line) or lines_.FM_RE.match(line):
            anchor = k
            break
    if anchor is None:
        return None
    header = SectionHeader(routing=[line.strip() for line in raw[i:anchor] if line.strip()])
    j = anchor
    dtg = lines_.read_dtg(raw[j])
    if dtg:
        header.dtg = dtg
        header.kept.append(HeaderLine(raw[j].strip(), "dtg"))
        j += 1
    j = _read_addressing(raw, j, stop, header)
    return header, _read_fields(raw, j, stop, header)


def _read_addressing(raw: list[str], j: int, stop: int, header: SectionHeader) -> int:
    """FM, TO and INFO lines (with their continuation lines), then the classification line."""
    current: list[str] | None = None
    while j < stop:
        line = raw[j].strip()
        if not line:
            j += 1
            continue
        if lines_.BT_RE.match(line):
            header.kept.append(HeaderLine(line, "other"))
            current = None
        elif (fm := lines_.FM_RE.match(line)) and header.from_ is None:
            header.from_ = fm.group("value")
            header.kept.append(HeaderLine(line, "from"))
            current = None
        elif to := lines_.TO_RE.match(line):
            header.to.append(to.group("value"))
            header.kept.append(HeaderLine(line, "to"))
            current = header.to
        elif info := lines_.INFO_RE.match(line):
            header.info.append(info.group("value"))
            header.kept.append(HeaderLine(line, "info"))
            current = header.info
        elif class_line := lines_.read_class_line(line):
            header.class_line = class_line
            header.kept.append(HeaderLine(line, "classification"))
            return j + 1
        elif current is not None and _addressee_like(line) and len(current) < _MAX_ADDRESSEES:
            current.append(line)
            header.kept.append(HeaderLine(line, "to" if current is header.to else "info"))
        else:
            return j
        j += 1
    return j


def _addressee_like(line: str) -> bool:
    """An addressee continuation line: capitals, short, no sentence punctuation, not a field."""
    if len(line) > 70 or not line.replace(" ", "").replace("/", "").replace("-", "").isalnum():
        return False
    if lines_.EO_RE.match(line) or lines_.TAGS_RE.match(line) or lines_.SUBJ_RE.match(line):
        return False
    return line.isupper()


def _read_fields(raw: list[str], j: int, stop: int, header: SectionHeader) -> int:
    """E.O., TAGS, SUBJ and REF lines, in any order, until the first line that is none of them."""
    while j < stop:
        line = raw[j].strip()
        if not line:
            break
        if lines_.EO_RE.match(line) and header.eo is None:
            header.eo = line
            header.kept.append(HeaderLine(line, "eo"))
        elif (tags := lines_.TAGS_RE.match(line)) and not header.tags:
            header.tags = lines_.tags(tags.group("value"))
            header.kept.append(HeaderLine(line, "tags"))
        elif (subj := lines_.SUBJ_RE.match(line)) and header.subject is None:
            j = _read_subject(raw, j, stop, header, subj.group("value"))
            continue
        elif (ref := lines_.REF_RE.match(line)) and header.ref is None:
            j = _read_ref(raw, j, stop, header, ref.group("value"))
            continue
        else:
            break
        j += 1
    return j


def _read_subject(raw: list[str], j: int, stop: int, header: SectionHeader, value: str) -> int:
    """The subject, with the lines it wraps onto (a wrapped subject fills its line)."""
    parts = [value]
    header.kept.append(HeaderLine(raw[j].strip(), "subject"))
    j += 1
    while j < stop and len(parts) < _MAX_SUBJECT_LINES and _wraps(raw[j - 1]):
        line = raw[j].strip()
        if not line or _starts_field_or_paragraph(line):
            break
        parts.append(line)
        header.kept.append(HeaderLine(line, "subject"))
        j += 1
    header.subject = " ".join(part for part in parts if part) or None
    return j


def _wraps(line: str) -> bool:
    """Whether a subject line goes on: it fills the line, or stops on a word no title ends with."""
    words = line.strip().rstrip(",-").split()
    return len(line.strip()) >= 58 or line.strip().endswith((",", "-")) or bool(words) and words[-1] in _JOINING


def _read_ref(raw: list[str], j: int, stop: int, header: SectionHeader, value: str) -> int:
    """The REF line and the lettered references under it ("B. STATE 123456")."""
    parts = [value]
    header.kept.append(HeaderLine(raw[j].strip(), "ref"))
    j += 1
    while j < stop and len(parts) < _MAX_REF_LINES:
        line = raw[j].strip()
        if not line or not lines_.LETTERED_REF_RE.match(line):
            break
        parts.append(line)
        header.kept.append(HeaderLine(line, "ref"))
        j += 1
    header.ref = " ".join(parts)
    return j


def _starts_field_or_paragraph(line: str) -> bool:
    return bool(
        lines_.PARAGRAPH_START_RE.match(line)
        or lines_.REF_RE.match(line)
        or lines_.EO_RE.match(line)
        or lines_.TAGS_RE.match(line)
        or line.startswith(("SUMMARY", "BEGIN SUMMARY"))
    )
