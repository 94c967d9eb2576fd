"""Classification and handling markings on a page: "TOP SECRET", "SECRET NOFORN", "CONFIDENTIAL".

A marking is recognised only in capitals (or alone on its line), so the word "secret" in
prose is never taken for one. Each `Marking` keeps the page's own words beside the
normalised level, and the handling caveats written with it (NOFORN, EYES ONLY, "Security
Information", ...). `find_classification` gives the document's classification: the highest
level marked anywhere in the text, since a page carries the level of its most sensitive
part.

    >>> c, (start, end) = find_classification("SECRET NOFORN\\n\\nMEMORANDUM FOR ...")
    >>> c.level, c.marking
    ('secret', 'SECRET NOFORN')
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from declass.model import Classification

#: Levels from most to least restrictive (the order used to pick a document's level).
LEVEL_ORDER = (
    "top secret",
    "secret",
    "confidential",
    "restricted",
    "limited official use",
    "official use only",
    "unclassified",
)

# Capitals, with the few OCR slips that are unambiguous (SECRE7, C0NFIDENTIAL, CONFIDENT1AL).
_LEVEL_WORDS = [
    ("top secret", r"TOP[ \t]+SECRE[T7]"),
    ("limited official use", r"LIMITED[ \t]+OFFICIAL[ \t]+USE"),
    ("official use only", r"(?:FOR[ \t]+)?OFFICIAL[ \t]+USE[ \t]+ONLY"),
    ("unclassified", r"UNCLASSIFIED"),
    ("confidential", r"C[O0]NFIDENT[I1]AL"),
    ("restricted", r"RESTRICTED"),
    ("secret", r"SECRE[T7]"),
]
_LINE_WORDS = [
    ("top secret", r"Top[ \t]+Secret"),
    ("secret", r"Secret"),
    ("confidential", r"Confidential"),
    ("unclassified", r"Unclassified"),
    ("restricted", r"Restricted"),
]
_HANDLING = (
    r"NOFORN|NO[ \t]+FOREIGN[ \t]+DISSEM(?:INATION)?|EYES[ \t]+ONLY|ORCON|NOCONTRACT|WNINTEL|NODIS|EXDIS|LIMDIS|"
    r"SENSITIVE|CODEWORD|Security[ \t]+Information|SECURITY[ \t]+INFORMATION|CONTROLLED[ \t]+DISSEM"
)
_MARKING_RE = re.compile(
    r"(?<![A-Za-z0-9])(?P<level>" + "|".join(f"(?P<l{i}>{p})" for i, (_, p) in enumerate(_LEVEL_WORDS)) + r")"
    r"(?P<handling>(?:[ \t]*[-/,]?[ \t]*(?:" + _HANDLING + r"))*)(?![A-Za-z0-9])"
)
_LINE_RE = re.compile(
    r"(?m)^[ \t]*(?P<level>" + "|".join(f"(?P<l{i}>{p})" for i, (_, p) in enumerate(_LINE_WORDS)) + r")"
    r"(?P<handling>(?:[ \t]*[-/,]?[ \t]*(?:" + _HANDLING + r"))*)[ \t]*$"
)
_HANDLING_RE = re.compile(_HANDLING)


@dataclass(slots=True)
class Marking:
    """A classification marking found in a text: level, the page's words, where, and caveats."""

    level: str
    marking: str
    start: int
    end: int
    handling: list[str] = field(default_factory=list)

    def classification(self) -> Classification:
        return Classification(self.level, self.marking)


def _level_of(match: re.Match[str], table: list[tuple[str, str]]) -> str:
    for i, (level, _) in enumerate(table):
        if match.group(f"l{i}"):
            return level
    raise AssertionError("a marking matched no level")


def find_markings(text: str) -> list[Marking]:
    """Every classification marking in `text`, in order.

    Markings in running text come first; a marking standing on its own line is added only
    where none was found. Each pass yields its markings in order and without overlaps, so
    the one marking that could hold a later start is found by bisection (an OCR text can
    hold thousands of markings, one per page).
    """
    found = list(_markings(text, _MARKING_RE, _LEVEL_WORDS))
    starts = [m.start for m in found]
    extra = []
    for marking in _markings(text, _LINE_RE, _LINE_WORDS):
        i = bisect_right(starts, marking.start) - 1
        if i < 0 or marking.start >= found[i].end:
            extra.append(marking)
    return sorted(found + extra, key=lambda m: m.start)


def _markings(text: str, regex: re.Pattern[str], table: list[tuple[str, str]]) -> Iterator[Marking]:
    for match in regex.finditer(text):
        start = match.start("level")
        end = match.end("handling") if match.group("handling").strip() else match.end("level")
        words = " ".join(text[start:end].split())
        handling = [" ".join(h.split()) for h in _HANDLING_RE.findall(match.group("handling"))]
        yield Marking(_level_of(match, table), words, start, end, handling)


def find_classification(text: str) -> tuple[Classification, tuple[int, int]] | None:
    """The document's classification and the offsets of the marking it was read from.

    The highest level marked anywhere wins; among markings of that level the first one is
    cited, preferring one that carries handling caveats. None when nothing is marked.
    """
    markings = find_markings(text)
    if not markings:
        return None
    best = min(markings, key=lambda m: (LEVEL_ORDER.index(m.level), not m.handling, m.start))
    return best.classification(), (best.start, best.end)


def handling_caveats(text: str) -> list[str]:
    """The distinct handling caveats written with any marking, in order of first appearance."""
    seen: list[str] = []
    for marking in find_markings(text):
        for caveat in marking.handling:
            if caveat not in seen:
                seen.append(caveat)
    return seen
