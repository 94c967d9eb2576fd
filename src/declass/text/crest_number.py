"""CIA CREST document numbers: structure, validation, and reading them through OCR noise.

A CREST number looks like ``CIA-RDP80R01443R000200010007-3``: the prefix ``CIA-RDP``, the
records job (``80R01443R`` = year, series letter or hyphen, 5-digit serial, trailing
letter), then box, folder and document (4 digits each) and one check digit. FOIA releases
carry an 8-digit ESDN instead, printed on the banner as ``C03193794``.

`parse_crest_number` accepts only the exact form. `read_crest_number` reads the form as OCR
leaves it — ``O`` for ``0``, ``l`` for ``1``, spaces inside, ``=`` for the hyphen — but only
where the position says which kind of character belongs there, so a reading is either the
structure or nothing. The check digit's rule is not published; the digit sum it balances
is used only as a soft tie-break between readings (see `digit_residue`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The exact CREST form (domain notes §2.1).
CREST_RE = re.compile(
    r"CIA-RDP(?P<yy>\d{2})(?P<l1>[A-Z-])(?P<job>\d{5})(?P<l2>[A-Z])"
    r"(?P<box>\d{4})(?P<folder>\d{4})(?P<doc>\d{4})-(?P<check>\d)"
)

#: An ESDN as the catalogue writes it (8 digits) or as the banner prints it (C + 8 digits).
ESDN_RE = re.compile(r"C?(?P<esdn>\d{8})")

# Characters OCR puts where a digit belongs. Only unambiguous look-alikes are mapped.
_DIGIT_LOOKALIKES = {
    "O": "0", "o": "0", "Q": "0", "D": "0", "U": "0",
    "I": "1", "l": "1", "|": "1", "i": "1", "!": "1",
    "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "G": "6",
}
# Characters OCR puts where a job letter belongs (observed series letters: - B G M R S T).
_LETTER_LOOKALIKES = {"8": "B", "5": "S", "0": "O", "6": "G"}
# Trailing job letters seen in the collection; anything else is not a CREST job.
_TRAILING_LETTERS = frozenset("AR")
_SERIES_LETTERS = frozenset("-BGMRST")
_SEPARATORS = "-=~_—–"


@dataclass(frozen=True, slots=True)
class CrestNumber:
    """A validated CREST document number and its parts."""

    text: str
    year: str
    series: str
    job_serial: str
    job_letter: str
    box: str
    folder: str
    document: str
    check: str

    @property
    def job(self) -> str:
        """The records job as FRUS cites it, e.g. ``80-B01676R`` or ``79-00927A``."""
        series = "" if self.series == "-" else self.series
        return f"{self.year}-{series}{self.job_serial}{self.job_letter}"

    @property
    def sequence(self) -> int:
        """The document's number within its folder (the catalogue's Sequence Number)."""
        return int(self.document)

    @property
    def residue(self) -> int:
        return digit_residue(self.text)


def parse_crest_number(text: str) -> CrestNumber | None:
    """Parse an exact CREST number (upper-case, no OCR repair); None when it is not one."""
    match = CREST_RE.fullmatch(text.strip().upper())
    if not match:
        return None
    g = match.groupdict()
    if g["l1"] not in _SERIES_LETTERS or g["l2"] not in _TRAILING_LETTERS:
        return None
    return CrestNumber(
        match.group(0), g["yy"], g["l1"], g["job"], g["l2"], g["box"], g["folder"], g["doc"], g["check"]
    )


def is_esdn(text: str) -> bool:
    """True for an 8-digit FOIA document number, with or without the banner's ``C``."""
    return ESDN_RE.fullmatch(text.strip()) is not None


def normalise_document_number(text: str) -> str | None:
    """The canonical form of a CREST number or ESDN (ESDN without its ``C``); None otherwise."""
    number = parse_crest_number(text)
    if number:
        return number.text
    match = ESDN_RE.fullmatch(text.strip())
    return match.group("esdn") if match else None


def digit_residue(number: str) -> int:
    """(check digit + all other digits) mod 10 — constant within many jobs (domain notes §2.2)."""
    return sum(int(c) for c in number if c.isdigit()) % 10


def _as_digit(ch: str) -> str | None:
    if ch.isdigit():
        return ch
    return _DIGIT_LOOKALIKES.get(ch)


def _as_series(ch: str) -> str | None:
    up = _LETTER_LOOKALIKES.get(ch, ch.upper())
    if up in _SERIES_LETTERS:
        return up
    if ch in _SEPARATORS:
        return "-"
    return None


def _as_trailing(ch: str) -> str | None:
    # only A and R occur here, so an ``8`` can only be a misread ``R``
    up = "R" if ch == "8" else ch.upper()
    return up if up in _TRAILING_LETTERS else None


def _digits(chars: str) -> str | None:
    out = []
    for ch in chars:
        digit = _as_digit(ch)
        if digit is None:
            return None
        out.append(digit)
    return "".join(out)


#: How many characters after the prefix `read_crest_tail` looks at: callers pass no more, so
#: a text with thousands of numbers is not copied whole for each one.
TAIL_WINDOW = 49


def read_crest_tail(raw: str) -> tuple[CrestNumber, int] | None:
    """Read the part after ``RDP`` as OCR left it; return the number and how many raw characters it used.

    `raw` starts right after the prefix. Single spaces inside the number are dropped (OCR
    splits long digit runs); the check-digit hyphen may be any dash-like character or
    missing. Every position must hold its kind of character, and the number must end at a
    non-alphanumeric boundary, or nothing is returned.
    """
    # collapse spaces but remember where each kept character came from
    kept: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(raw[: TAIL_WINDOW - 1]):
        if ch == " ":
            if kept and i + 1 < len(raw) and raw[i + 1] == " ":
                break  # a double space ends the number
            continue
        if ch in "\n\t":
            break
        kept.append(ch)
        origin.append(i)
    s = "".join(kept)
    if len(s) < 22:
        return None
    yy = _digits(s[0:2])
    series = _as_series(s[2])
    job = _digits(s[3:8])
    trailing = _as_trailing(s[8])
    body = _digits(s[9:21])
    if None in (yy, series, job, trailing, body):
        return None
    pos = 21
    if s[pos] in _SEPARATORS:
        pos += 1
    elif pos + 1 < len(s) and _as_digit(s[pos]) is None and s[pos].isalpha() and s[pos + 1].isdigit():
        pos += 1  # a hyphen read as a letter (``0023F2``)
    if pos >= len(s):
        return None
    check = s[pos] if s[pos].isdigit() else None
    if check is None:
        return None
    # the number must end here: a further digit or letter means we are misaligned
    if pos + 1 < len(s) and s[pos + 1].isalnum() and origin[pos + 1] == origin[pos] + 1:
        return None
    assert yy and series and job and trailing and body
    text = f"CIA-RDP{yy}{series}{job}{trailing}{body}-{check}"
    number = parse_crest_number(text)
    if number is None:
        return None
    return number, origin[pos] + 1


#: The ``CIA-RDP`` prefix as OCR renders it: ``CIA-RDP``, ``C IA RDP``, ``ciA-RDP``, ``CIA- RDP``,
#: and, where ``CIA-`` was lost, ``RDP`` or ``lDP`` right before the job year.
PREFIX_RE = re.compile(
    r"(?:[Cc]\s?[IiLl1|][Aa]\s?[-_ ]?\s?)?(?:R|(?<=\s)[lI1|])\s?D\s?P\s?(?=[0-9OlI]{2})"
)
#: The full prefix, required where a number stands without the rest of its banner.
FULL_PREFIX_RE = re.compile(r"[Cc]\s?[IiLl1|][Aa]\s?[-_ ]?\s?R\s?D\s?P\s?")


def find_crest_numbers(text: str) -> list[tuple[int, int, CrestNumber]]:
    """Every CREST number readable in `text`: (start, end, number), in order."""
    found: list[tuple[int, int, CrestNumber]] = []
    for match in PREFIX_RE.finditer(text):
        result = read_crest_tail(text[match.end() : match.end() + TAIL_WINDOW])
        if result:
            number, used = result
            found.append((match.start(), match.end() + used, number))
    return found
