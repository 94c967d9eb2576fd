"""Find footnote numbers glued to words in rendered text, and tell them from real numbers.

history.state.gov prints a footnote reference as bare digits right after the word or
punctuation it belongs to: "Missions1", "Tito.2", "ReDeptel 294 and 295.2". The digits can
also run into a number of the text: "October 12, 19542" is the year 1954 and note 2,
"Your 19002" is telegram 1900 and note 2, "July 143" is July 14 and note 3.

References are numbered in order through a document, so the resolver walks the text
expecting note *e*, then *e + 1*, and for each takes the first clear candidate (digits equal
to *e* glued to a word or punctuation). Only where there is none does it accept a number
whose last digits are *e* (a "run-in" reference), and never past the next clear reference.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

#: a run of digits that ends a token (not "1290d", not "10:00")
_DIGITS = re.compile(r"\d+(?=$|[\s.,;:)\]”’\"'!?—–-])")
_GLUE_PUNCT = ".,;:)]”’\"'!?"
_MONTH = re.compile(
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s$"
)
_MONTH_DAY = re.compile(_MONTH.pattern[:-3] + r"\.?\s\d{1,2},\s$")
#: how far before a number the date patterns look: longer than any match of _MONTH ("September. ")
#: or _MONTH_DAY ("September. 30, "), so a window gives the same answer as the whole line, in
#: time that does not grow with the line
_LOOKBACK = 32
#: words after which a spaced number is the text's own (a paragraph, telegram or item number)
_NUMBER_WORDS = frozenset(
    "no no. nos. paragraph paragraphs para item items tab document documents telegram telegrams deptel embtel "
    "vol. volume page pages p. pp. part annex section nsc nie snie chapter article point points number "
    "your our his my reftel circular airgram despatch letter memo memorandum state".split()
)

STRONG, RUN_IN, SPACED = "strong", "run-in", "spaced"


@dataclass(slots=True)
class Candidate:
    """Digits that may be a footnote reference: where they stand and how sure we are."""

    line: int
    start: int  # where the removed characters begin (a space before spaced digits included)
    end: int  # end of the digits
    number: int  # the footnote number these digits would be
    kind: str  # STRONG, RUN_IN or SPACED

    @property
    def anchor(self) -> int:
        """The offset of the reference: right after the word it is glued to."""
        return self.start


def candidates(lines: Sequence[str]) -> list[Candidate]:
    """Every place in `lines` where digits could be a footnote reference, in text order."""
    found: list[Candidate] = []
    for index, line in enumerate(lines):
        for m in _DIGITS.finditer(line):
            found.extend(_readings(index, line, m.start(), m.end()))
    return found


def _readings(index: int, line: str, start: int, end: int) -> list[Candidate]:
    digits = line[start:end]
    if start == 0:
        return []  # a number opening a line is a paragraph or telegram number
    before = line[start - 1]
    out: list[Candidate] = []
    if before.isalpha() or (before in _GLUE_PUNCT and not _is_number_punct(line, start)):
        if len(digits) <= 3:
            out.append(Candidate(index, start, end, int(digits), STRONG))
        return out
    if before.isspace() and len(digits) <= 2:
        word = _last_word(line, start)
        prev_char = line[start - 2] if start >= 2 else ""
        after = line[end : end + 1]
        if (
            word
            and word.lower() not in _NUMBER_WORDS
            and word[:1].isupper()
            and (prev_char.isalpha() or prev_char in "”’)")
            and after not in ("–", "-", "/")
            and not _MONTH.search(_window(line, start))  # "March 2" is a day
        ):
            out.append(Candidate(index, start - 1, end, int(digits), SPACED))
    if before in "–-":
        return out  # "CA–3400", "11–2354": part of a code, not a number with a note
    # run-in: the last one or two digits may be a note glued to a number of the text
    for width in (1, 2):
        if len(digits) <= width:
            break
        head, tail = digits[:-width], digits[-width:]
        if width == 2 and tail.startswith("0"):
            continue
        if _plausible_run_in(line, start, head):
            out.append(Candidate(index, start + len(head), end, int(tail), RUN_IN))
    return out


def _is_number_punct(line: str, start: int) -> bool:
    """Digits after "3:" or "10." inside a number (a time, a decimal) are not glued to a word."""
    if start < 2:
        return False
    return line[start - 1] == ":" and line[start - 2].isdigit()


def _window(line: str, start: int) -> str:
    """The few characters before `start`: all the date patterns and "State " need to see."""
    return line[max(0, start - _LOOKBACK) : start]


def _last_word(line: str, end: int) -> str:
    """The last white-space-separated word of `line[:end]` ("" if none), found without copying the line."""
    stop = end
    while stop > 0 and line[stop - 1].isspace():
        stop -= 1
    begin = stop
    while begin > 0 and not line[begin - 1].isspace():
        begin -= 1
    return line[begin:stop]


def _plausible_run_in(line: str, start: int, head: str) -> bool:
    before = _window(line, start)
    if before.endswith("State ") and len(head) < 6:
        return False  # Department telegrams of the 1960s–70s run to six digits: "State 158502"
    if _MONTH_DAY.search(before):
        return len(head) == 4 and head.startswith(("17", "18", "19", "20"))  # "October 12, 19542"
    if _MONTH.search(before):
        return 1 <= int(head) <= 31 and int(head + "0") > 31  # "July 143" (143 is no day)
    return True


def resolve(
    lines: Sequence[str],
    *,
    first: int | None = None,
    count: int | None = None,
    start_line: int = 0,
) -> list[Candidate]:
    """Choose the footnote references among the candidates, numbered from `first` upward.

    `count` is how many notes the document lists (None when no list survives); references
    past it are accepted only when they are clear. Without `first`, numbering starts at the
    first clear candidate. Lines before `start_line` are not searched.
    """
    pool = [c for c in candidates(lines) if c.line >= start_line]
    if not pool:
        return []
    if first is None:
        strong = [c for c in pool if c.kind == STRONG]
        if not strong:
            return []
        first = strong[0].number
    chosen: list[Candidate] = []
    position = (start_line, -1)
    expected = first
    misses = 0
    while misses < 2:
        listed = count is not None and expected < first + count
        # after a missing number only a clear reference is trusted
        hit = _next(pool, expected, position, allow_weak=(count is None or listed) and misses == 0)
        if hit is not None:
            chosen.append(hit)
            position = (hit.line, hit.end)
            misses = 0
        elif not listed:
            misses += 1
        expected += 1
    return chosen


def _next(pool: list[Candidate], expected: int, position: tuple[int, int], *, allow_weak: bool) -> Candidate | None:
    later = [c for c in pool if (c.line, c.start) > position]
    limit = next(((c.line, c.start) for c in later if c.kind == STRONG and c.number == expected + 1), None)
    window = [c for c in later if limit is None or (c.line, c.start) < limit]
    for kind in (STRONG, SPACED, RUN_IN):
        if kind != STRONG and not allow_weak:
            break
        for c in window:
            if c.kind == kind and c.number == expected:
                return c
    return None
