"""Turn a history.state.gov text rendering into logical lines and raw footnotes.

Two renderings of the same page occur:

- **bullet**: blank-line paragraphs, "  • " list items, footnotes at the end as
  "  1. Source: …";
- **dash**: one paragraph per line, "- " list items (a label line "- 1." then the item),
  footnotes at the end as "- Source: …↩" without numbers.

Both put `[Page N]` markers in the text, inline ("Communist [Page 1262] theme"), mid-word
("encryp[Page 524]tion") or on a line of their own. This module removes the markers while
remembering where each page begins, joins lines that the rendering wrapped, merges list
labels with their items, and splits off the footnote list. It knows nothing of headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_PAGE = re.compile(r"\[Page (?P<n>[\dIVXLCivxlc]+)\]")
_PAGE_LINE = re.compile(r"^\s*\[Page (?P<n>[\dIVXLCivxlc]+)\]\s*$")
_BULLET = re.compile(r"^(?P<indent>\s*)•\s?(?P<text>.*)$")
_DASH_ITEM = re.compile(r"^-(?: (?P<text>.*))?$")
_LABEL = re.compile(r"^(?:\(?[0-9]{1,3}[.)]|\(?[a-zA-Z][.)]|\([0-9a-zA-Z]{1,3}\)|[IVX]{1,5}\.)$")
_BULLET_NOTE = re.compile(r"^ {1,4}(?P<n>\d{1,3})\. (?P<text>.*)$")
_NUMBERED_START = re.compile(r"^\(?(?:\d{1,4}|[a-zA-Z])[.)] ")
_TERMINAL = tuple(".!?:;”\"’)]—")


@dataclass(slots=True)
class Line:
    """One logical line of the page: its text without page markers, and what it is."""

    text: str
    kind: str = "text"  # text | item (a list item) | label-joined text
    level: int = 0
    pages: list[tuple[int, str]] = field(default_factory=list)  # (offset, page label) where a page begins
    number: int = 0  # the first raw line it came from (1-based)
    last: int = 0  # the last raw line it came from
    gap: int = 0  # blank raw lines just before it (two or more part one list from the next)


@dataclass(slots=True)
class RawNote:
    """A footnote as listed at the end of the page: its printed number (if any) and text."""

    listed: int | None
    text: str
    complete: bool = True


@dataclass(slots=True)
class Rendering:
    """The page as logical lines plus its footnote list."""

    style: str  # "bullet" or "dash"
    lines: list[Line]
    notes: list[RawNote]
    trailing_pages: list[str] = field(default_factory=list)


def detect_style(raw_lines: list[str]) -> str:
    """"dash" when footnotes end in ↩ or items are "- " lines; "bullet" otherwise."""
    dash_items = sum(1 for line in raw_lines if _DASH_ITEM.match(line))
    bullets = sum(1 for line in raw_lines if _BULLET.match(line))
    if any(line.rstrip().endswith("↩") for line in raw_lines) or dash_items > bullets:
        return "dash"
    return "bullet"


def split_lines(text: str) -> Rendering:
    """Split a whole page into logical lines and footnotes."""
    raw_lines = text.split("\n")
    while raw_lines and not raw_lines[-1].strip():
        raw_lines.pop()
    style = detect_style(raw_lines)
    if style == "dash":
        body_end, notes = _dash_notes(raw_lines)
    else:
        body_end, notes = _bullet_notes(raw_lines)
    lines = _logical_lines(raw_lines[:body_end], style)
    return Rendering(style, lines, notes)


# -- footnote lists ------------------------------------------------------------------------


def _bullet_notes(raw: list[str]) -> tuple[int, list[RawNote]]:
    """The "  1. …" list at the end: from the last line "  1. " on, if numbering runs on."""
    start = None
    for i in range(len(raw) - 1, -1, -1):
        m = _BULLET_NOTE.match(raw[i])
        if m and m.group("n") in ("1", "0"):
            start = i
            break
    if start is None:
        return len(raw), []
    notes: list[RawNote] = []
    expected = int(_BULLET_NOTE.match(raw[start]).group("n"))  # type: ignore[union-attr]
    for line in raw[start:]:
        m = _BULLET_NOTE.match(line)
        if m and int(m.group("n")) == expected:
            notes.append(RawNote(expected, m.group("text").strip()))
            expected += 1
        elif line.strip() and notes:
            notes[-1].text += "\n" + line.strip()
    if notes:
        notes[-1].complete = _looks_complete(notes[-1].text)
    return start, notes


def _dash_notes(raw: list[str]) -> tuple[int, list[RawNote]]:
    """The "- …↩" list at the end: from the first "- " item that closes with ↩ on."""
    items = _dash_items(raw)
    start = None
    for first, last in items:
        if raw[last].rstrip().endswith("↩"):
            start = first
            break
    if start is None:
        # one cut-off note with no ↩ left: recognise it by its opening words
        for first, _ in items:
            if (_DASH_ITEM.match(raw[first]).group("text") or "").startswith("Source:"):  # type: ignore[union-attr]
                start = first
                break
    if start is None:
        return len(raw), []
    notes: list[RawNote] = []
    buf: list[str] = []
    for line in raw[start:]:
        m = _DASH_ITEM.match(line)
        if m and not buf:
            buf.append(m.group("text") or "")
        elif m and buf and not "".join(buf).rstrip().endswith("↩"):
            buf.append(m.group("text") or "")  # a "- " line inside a note: keep it
        else:
            buf.append(line.strip())
        if line.rstrip().endswith("↩"):
            notes.append(RawNote(None, _join_note(buf)))
            buf = []
    if any(part.strip() for part in buf):
        notes.append(RawNote(None, _join_note(buf), complete=False))
    return start, notes


def _dash_items(raw: list[str]) -> list[tuple[int, int]]:
    """(first, last) raw line of each "- " item, an item running until ↩ or the next item."""
    items: list[tuple[int, int]] = []
    i = 0
    while i < len(raw):
        if _DASH_ITEM.match(raw[i]):
            j = i
            while (
                not raw[j].rstrip().endswith("↩")
                and j + 1 < len(raw)
                and not _DASH_ITEM.match(raw[j + 1])
                and raw[j + 1].strip()
            ):
                j += 1
            items.append((i, j))
            i = j + 1
        else:
            i += 1
    return items


def _join_note(parts: list[str]) -> str:
    text = "\n".join(p for p in parts if p.strip()).strip()
    if text.endswith("↩"):
        text = text[:-1].rstrip()
    return text


def _looks_complete(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL)


# -- body lines ----------------------------------------------------------------------------


def _logical_lines(raw: list[str], style: str) -> list[Line]:
    lines: list[Line] = []
    pending_pages: list[str] = []
    join_next = False
    blanks = 0
    for number, text in enumerate(raw, 1):
        page_only = _PAGE_LINE.match(text)
        if page_only:
            pending_pages.append(page_only.group("n"))
            # a paragraph cut by a page break on a line of its own continues after it
            join_next = bool(lines) and _unfinished(lines[-1].text)
            continue
        if not text.strip():
            blanks += 1
            continue
        gap, blanks = blanks, 0
        kind, level, body = _classify(text, style)
        if kind == "skip":
            continue
        clean, pages = _strip_pages(body)
        if join_next and lines and kind == "text":
            _append_to(lines[-1], clean, pages, pending_pages)
            lines[-1].last = number
            pending_pages = []
            join_next = False
            continue
        join_next = False
        line = Line(clean, kind, level, [], number, number, gap)
        for label in pending_pages:
            line.pages.append((0, label))
        pending_pages = []
        line.pages.extend(pages)
        if lines and _is_wrapped(lines[-1], line, style):
            _append_to(lines[-1], line.text, line.pages, [])
            lines[-1].last = number
            continue
        if lines and _LABEL.match(lines[-1].text) and not lines[-1].pages and line.text:
            # "- 1." then "- Do not see …": one numbered paragraph
            label = lines.pop()
            line.text = label.text + " " + line.text
            line.pages = [(off + len(label.text) + 1, n) for off, n in line.pages]
            line.number = label.number
            line.kind = "text"
        lines.append(line)
    if pending_pages and lines:
        end = len(lines[-1].text)
        lines[-1].pages.extend((end, n) for n in pending_pages)
    return lines


def _classify(text: str, style: str) -> tuple[str, int, str]:
    """The kind, list level and text of one raw line."""
    m = _BULLET.match(text)
    if m:
        body = m.group("text").strip()
        if not body:
            return "skip", 0, ""
        return "item", 1 if len(m.group("indent")) >= 4 else 0, body
    if style == "dash":
        m = _DASH_ITEM.match(text)
        if m:
            body = (m.group("text") or "").strip()
            return ("item" if body else "skip"), 0, body
    return "text", 0, text.strip()


def _strip_pages(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Remove `[Page N]` markers; return the text and where each page begins in it.

    A marker between two spaces leaves one space; a marker inside a word leaves no gap.
    """
    pages: list[tuple[int, str]] = []
    out: list[str] = []
    pos = 0
    length = 0
    for m in _PAGE.finditer(text):
        piece = text[pos : m.start()]
        # only the character after the marker matters (copying the rest would be quadratic on a long line)
        space_after = text.startswith(" ", m.end())
        if piece.endswith(" ") and (space_after or m.end() == len(text)):
            piece = piece[:-1]
        elif not piece and space_after and not out:
            pos = m.end() + 1
            pages.append((0, m.group("n")))
            continue
        out.append(piece)
        length += len(piece)
        pages.append((length + (1 if space_after and piece else 0), m.group("n")))
        pos = m.end()
    out.append(text[pos:])
    clean = "".join(out)
    if clean != clean.rstrip():
        clean = clean.rstrip()
        pages = [(min(off, len(clean)), n) for off, n in pages]
    return clean, pages


def _append_to(line: Line, text: str, pages: list[tuple[int, str]], before: list[str]) -> None:
    base = len(line.text) + 1
    line.pages.extend((base, n) for n in before)
    line.pages.extend((base + off, n) for off, n in pages)
    line.text = line.text + " " + text


def _unfinished(text: str) -> bool:
    """A paragraph that a page break cut: an open parenthesis, or no closing punctuation."""
    return text.count("(") > text.count(")") or not text.rstrip().endswith(_TERMINAL)


def _is_wrapped(previous: Line, line: Line, style: str) -> bool:
    """Whether `line` continues `previous`, which the rendering wrapped (dash style only).

    Wrapped lines follow each other directly, and the first stops where no paragraph
    would: after a lower-case word or a comma, or the next starts in lower case.
    """
    if style != "dash" or line.kind != "text" or previous.kind != "text" or previous.number <= 1:
        return False
    if line.number != previous.last + 1:
        return False
    if _LABEL.match(previous.text) or _NUMBERED_START.match(line.text) or line.text.startswith("["):
        return False
    prev = previous.text.rstrip()
    return prev[-1:].islower() or prev.endswith(",") or line.text[:1].islower()
