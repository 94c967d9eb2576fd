"""Briefing outlines: roman-numbered points (I., II., ...) with lettered items (A., B., ...).

NSC briefings and many CIA papers are written as outlines. `OutlineTracker` reads lines in
order and says which ones open an outline item, following the sequence so that ambiguous
labels are decided by context: "I." after "H." is the ninth letter, "V." after "IV."'s
items is the fifth point, and a handwritten "IX" without its full stop is accepted only
where IX is the next point expected.

    >>> t = OutlineTracker()
    >>> t.match("I. No fundamental change")
    OutlineLabel(level=1, label='I', start=0, end=2)
    >>> t.match("- A. Peiping's status").label
    'A'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
_LINE_RE = re.compile(r"^(?P<lead>[ \t]*(?:[-*•][ \t]+)?)(?P<label>[IVXL]{1,6}|[A-Z])(?P<punct>[.,])?(?=[ \t]+\S)")


def roman_value(label: str) -> int | None:
    """The value of a roman numeral written in capitals, or None when it is not well formed."""
    total = 0
    prev = 0
    for ch in reversed(label):
        value = _ROMAN_VALUES.get(ch)
        if value is None:
            return None
        total += -value if value < prev else value
        prev = max(prev, value)
    return total if total and to_roman(total) == label else None


def to_roman(value: int) -> str:
    out = []
    for number, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


@dataclass(frozen=True, slots=True)
class OutlineLabel:
    """An outline label found at the start of a line: level 1 (roman) or 2 (letter)."""

    level: int
    label: str
    start: int
    end: int


class OutlineTracker:
    """Follows an outline's sequence line by line and recognises the labels that continue it."""

    def __init__(self) -> None:
        self.point = 0  # the last roman point seen
        self.letter = 0  # the last letter seen within it (A = 1)

    def match(self, line: str) -> OutlineLabel | None:
        """The outline label opening `line`, if it continues the outline; updates the sequence."""
        m = _LINE_RE.match(line)
        if not m:
            return None
        label, punct = m.group("label"), m.group("punct")
        start, end = m.start("label"), m.end("punct") if punct else m.end("label")
        letter_no = ord(label) - ord("A") + 1 if len(label) == 1 else None
        roman = roman_value(label)
        next_letter = self.letter + 1
        # a letter that continues the current run of items (allowing one skipped letter)
        if letter_no is not None and punct == "." and self.point and next_letter <= letter_no <= next_letter + 1:
            self.letter = letter_no
            return OutlineLabel(2, label, start, end)
        if roman is not None and (roman == self.point + 1 or (punct and self.point == 0 and roman == 1)):
            if punct or roman == self.point + 1 and self.point >= 1:
                self.point = roman
                self.letter = 0
                return OutlineLabel(1, label, start, end)
        # letters withheld at review leave gaps ("A." then "F."): any later letter continues the run
        if letter_no is not None and punct == "." and self.point and letter_no > self.letter:
            self.letter = letter_no
            return OutlineLabel(2, label, start, end)
        return None
