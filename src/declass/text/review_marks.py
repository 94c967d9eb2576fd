"""Review and exemption markings on released pages, and what each code means.

Reviewers stamp a code where they withheld text: ``25X1`` (and ``25X1A``, ``25X1C``, ...),
``STAT``/``STATINTL``, ``SG1A``, FOIA ``(b)(1)``–``(b)(9)``, E.O. 13526 sections such as
``3.3(h)(2)`` and ``3.5(c)``; whole pages are replaced by "Next 1 Page(s) In Document
Denied"; transcriptions write ``[redacted]``; other agencies leave "State Dept. review
completed". `find_review_marks` finds them with their offsets; `describe_code` looks a code
up in ``data/review_codes.csv`` (meaning, legal basis, source), a table an archivist can
correct without reading Python.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

_CODES_FILE = "review_codes.csv"

# 25X1 and kin. OCR doubles the 2 ("225X1") and splits the tail ("25X1 C1 Ob" is 25X1C10b);
# a letter suffix is kept, and the paragraph tail of early reviews (C10b) with it.
_25X = re.compile(
    r"(?<![A-Za-z0-9])2?(?P<code>25X(?P<n>[1-9])(?P<suffix>[A-DX])?(?P<tail>\d{1,2}[a-z]?)?)(?![A-Za-z0-9])"
)
_50X = re.compile(r"(?<![A-Za-z0-9])(?P<code>50X[1-9](?:-HUM|-WMD)?)(?![A-Za-z0-9])")
_STAT = re.compile(r"(?<![A-Za-z0-9])(?P<code>STAT\s?INTL|STATI\sNTL|STAT)(?![A-Za-z0-9])")
_SG1 = re.compile(r"(?<![A-Za-z0-9])(?P<code>SG1[A-Z])(?![A-Za-z0-9])")
_FOIA = re.compile(r"(?<![A-Za-z0-9])(?P<code>\(b\)\s?\((?P<n>[1-9])\)(?:\((?P<sub>[a-zA-Z])\))?)")
_EO_SECTION = re.compile(r"(?<![\d.])(?P<code>3\.3\s?\([bh]\)\s?\(\d\)|3\.5\s?\(c\))")
_PAGES = re.compile(
    r"(?P<code>Next\s+(?P<n>\d{1,3})\s+Page\s?\(?s\)?\s+In\s+Document\s+(?P<verb>Denied|Exempt)"
    r"|(?<![A-Za-z])Page\s+(?P<verb2>Denied))",
    re.IGNORECASE,
)
_BRACKETED = re.compile(r"\[(?P<code>redacted|deleted|REDACTED|DELETED)\]")
_REVIEW_COMPLETED = re.compile(
    r"(?P<code>(?:(?:State|STATE)\s+(?:Dept\.?|Department|DEPT\.?|DEPARTMENT)|NSC|OSD|DOE|DIA|NSA|Army|ARMY|Navy|NAVY|"
    r"USAF|Air\s+Force|JCS|NRO|DOS|FBI|USIA|Treasury|AEC|NASA|ACDA)"
    r"(?:\s*(?:,|and)\s*\w+)*\s+(?:review|REVIEW)(?:ed)?\s+(?:completed|COMPLETED)\.?)"
)


@dataclass(slots=True)
class ReviewMark:
    """One review marking: where it stands, the code it names, and the words on the page."""

    start: int
    end: int
    code: str
    marker: str
    withholds: bool = True
    pages: int | None = None

    def attrs(self) -> dict[str, Any]:
        """The attributes of the `redaction` span for this mark (code, marker, meaning, basis)."""
        info = describe_code(self.code) or {}
        out: dict[str, Any] = {
            "code": self.code,
            "marker": self.marker,
            "meaning": info.get("meaning"),
            "basis": info.get("legal_basis"),
        }
        if not self.withholds:
            out["withholds"] = False
        if self.pages is not None:
            out["pages"] = self.pages
        return out


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    text = resources.files("declass.data").joinpath(_CODES_FILE).read_text(encoding="utf-8")
    return {row["code"]: dict(row) for row in csv.DictReader(text.splitlines())}


def known_codes() -> list[str]:
    """Every code in the table, in its order."""
    return list(_table())


def describe_code(code: str) -> dict[str, str] | None:
    """The table row for `code` (code, pattern, meaning, legal_basis, source), or None.

    Codes are matched as the table writes them; ``25X1C10b`` falls back to ``25X1C``,
    ``(b)(3)(c)`` to ``(b)(3)`` and ``SG1J`` to ``SG1A`` (the family's row).
    """
    table = _table()
    for key in _lookup_keys(code.strip()):
        if key in table:
            return dict(table[key])
    return None


def _lookup_keys(code: str) -> Iterator[str]:
    yield code
    compact = re.sub(r"\s+", "", code)
    yield compact
    match = re.match(r"(25X[1-9][A-DX]?)", compact)
    if match:
        yield match.group(1)
        yield compact[:4]
    match = re.match(r"(\(b\)\(\d\))", compact)
    if match:
        yield match.group(1)
    if compact.startswith("SG1"):
        yield "SG1A"
    if compact.upper() in {"[REDACTED]", "[DELETED]", "REDACTED", "DELETED"}:
        yield "redacted"


def find_review_marks(text: str) -> list[ReviewMark]:
    """Every review marking in `text`, in order, without overlaps."""
    marks: list[ReviewMark] = []
    for m in _25X.finditer(text):
        # a paragraph tail belongs to a lettered code (25X1C10b); after a bare 25X1 it is OCR noise
        code = f"25X{m.group('n')}{m.group('suffix') or ''}{(m.group('tail') or '') if m.group('suffix') else ''}"
        marks.append(ReviewMark(m.start(), m.end(), code, m.group(0)))
    for pattern in (_50X, _SG1, _FOIA, _EO_SECTION):
        for m in pattern.finditer(text):
            marks.append(ReviewMark(m.start(), m.end(), re.sub(r"\s+", "", m.group("code")), m.group(0)))
    for m in _STAT.finditer(text):
        code = "STAT" if re.fullmatch(r"STAT", m.group("code")) else "STATINTL"
        marks.append(ReviewMark(m.start(), m.end(), code, m.group(0)))
    for m in _PAGES.finditer(text):
        verb = (m.group("verb") or m.group("verb2") or "").lower()
        n = int(m.group("n")) if m.group("n") else 1
        code = "pages-exempt" if verb == "exempt" else "pages-denied"
        marks.append(ReviewMark(m.start(), m.end(), code, m.group(0), pages=n))
    for m in _BRACKETED.finditer(text):
        marks.append(ReviewMark(m.start(), m.end(), "redacted", m.group(0)))
    for m in _REVIEW_COMPLETED.finditer(text):
        marks.append(ReviewMark(m.start(), m.end(), "review-completed", m.group(0), withholds=False))
    marks.sort(key=lambda mk: (mk.start, -mk.end))
    kept: list[ReviewMark] = []
    for mark in marks:
        if kept and mark.start < kept[-1].end:
            continue
        kept.append(mark)
    return kept


def denied_pages(marks: list[ReviewMark]) -> int:
    """How many whole pages the markings say were withheld."""
    return sum(m.pages or 0 for m in marks if m.code in {"pages-denied", "pages-exempt"})
