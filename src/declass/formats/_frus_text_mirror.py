"""Read the older state.gov FRUS edition (the 1997–2009 HTML pages, saved as text).

Those pages hold a run of documents ("Documents 185-208"), under the site's navigation
and a volume banner. A note is marked ``/1/`` where it is referred to, and its text follows
the paragraph as a line of its own starting with ``/1/``. Each document becomes one
`Document`; its id is ``<volume>/d<number>`` when the page names its volume consistently,
and otherwise the page's content hash with the document number (never a guessed volume).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from declass.formats._decode import DecodedText
from declass.formats._frus_text_build import REF_CLOSE, REF_OPEN, build_document
from declass.formats._frus_text_head import DOC_TYPES
from declass.formats._frus_text_lines import RawNote, Rendering, _logical_lines
from declass.ids import content_id
from declass.model import Document

_INLINE_REF = re.compile(r"/(?P<n>\d{1,3})/")
_NOTE_LINE = re.compile(r"^\s*/(?P<n>\d{1,3})/\s*(?P<text>.*)$")
_DOC_HEAD = re.compile(r"^(?P<n>\d{1,4})\. (?P<title>(?:" + "|".join(re.escape(t) for t in DOC_TYPES) + r")\b.*)$")
_VOLUME_NAMES = re.compile(
    r"(?:FOREIGN RELATIONS OF THE UNITED STATES\s*\n\s*|Foreign Relations, )"
    r"(?P<y1>\d{4})-(?P<y2>\d{4}), Volume (?P<v>[IVXLC]+)"
)
_BREADCRUMB = re.compile(r"> Volume (?P<v>[IVXLC]+)\s*$", re.M)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def is_mirror(text: str) -> bool:
    """Whether `text` is a page of the older state.gov FRUS edition."""
    head = text[:6000]
    if re.search(r"FOREIGN RELATIONS OF THE UNITED STATES\s*\n\s*\d{4}-\d{4}, Volume", head):
        return True
    return bool(
        re.search(r"/1/", head)
        and re.search(r"FOREIGN RELATIONS OF THE UNITED STATES|Foreign Relations, \d{4}|Office of the Historian", head)
    ) or bool(re.search(r"^\d{1,4}\. [^\n]*/1/\s*$", head, re.M))


def read_mirror(path: Path, decoded: DecodedText) -> Iterator[Document]:
    """Yield each document of an old state.gov page."""
    text = decoded.text
    volume, warning = mirror_volume(text)
    raw = text.split("\n")
    starts = [i for i, line in enumerate(raw) if _DOC_HEAD.match(line.strip())]
    for k, start in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else len(raw)
        chunk = raw[start:stop]
        number = _DOC_HEAD.match(chunk[0].strip()).group("n")  # type: ignore[union-attr]
        rendering = _chunk_rendering(chunk)
        doc_id = f"{volume}/d{number}" if volume else f"{content_id(decoded.data)}/d{number}"
        document = build_document(
            path, decoded, rendering, volume=volume, doc=f"d{number}", reader_version="1.0",
            explicit_refs=True, doc_id=doc_id,
        )
        if warning:
            document.warnings.append(warning)
        if start and k == 0:
            document.metadata.extra["page_preamble"] = _preamble(raw[:start])
        yield document


def mirror_volume(text: str) -> tuple[str | None, str | None]:
    """The volume id the page names, or None and a warning when it names none or several."""
    found = {(m.group("y1"), m.group("y2"), m.group("v")) for m in _VOLUME_NAMES.finditer(text)}
    crumbs = {m.group("v") for m in _BREADCRUMB.finditer(text)}
    numerals = {v for _, _, v in found} | crumbs
    years = {(y1, y2) for y1, y2, _ in found}
    if len(numerals) != 1 or len(years) != 1:
        if numerals:
            return None, f"the page names conflicting volumes ({', '.join(sorted(numerals))}); no volume assumed"
        return None, "the page does not name its volume"
    (y1, y2), numeral = years.pop(), numerals.pop()
    return f"frus{y1}-{y2[2:]}v{_roman(numeral):02d}", None


def _roman(numeral: str) -> int:
    total = 0
    for i, ch in enumerate(numeral):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(numeral) and _ROMAN[numeral[i + 1]] > value else value
    return total


def _chunk_rendering(chunk: list[str]) -> Rendering:
    body: list[str] = []
    notes: list[RawNote] = []
    for line in chunk:
        m = _NOTE_LINE.match(line)
        if m:
            notes.append(RawNote(int(m.group("n")), m.group("text").strip()))
            continue
        body.append(_INLINE_REF.sub(lambda r: REF_OPEN + r.group("n") + REF_CLOSE, line.strip()))
    notes.sort(key=lambda n: n.listed or 0)
    lines = _logical_lines(body, "bullet")
    return Rendering("mirror", lines, notes)


def _preamble(lines: list[str]) -> str:
    """The chapter heading above the first document, without the site's navigation."""
    kept = [line.strip() for line in lines if line.strip()]
    for i, line in enumerate(kept):
        if re.match(r"^[IVXLC]+\. ", line):
            return "\n".join(kept[i:])
    return ""

