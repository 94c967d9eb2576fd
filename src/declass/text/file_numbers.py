"""State Department central-file numbers: find them in text and say what they mean.

Two systems are recognised:

- the **decimal** files (1910 – January 1963): `661.93/11–2354` is class 6, country 61
  (USSR), subdivision 93 (China), filed under the date 23 November 1954. The same digits
  mean different things before and after 1950, so the scheme is chosen by the document's
  year; without one, by the file's own suffix (a `M–DDYY` date, or a serial number, which
  only the 1910–44 files carry). Otherwise the parts are kept and the meaning is None.
- the **subject-numeric** files (February 1963 – 1973): `POL 32-1 CHICOM-USSR` is
  "Territory and boundary disputes; violations; incidents: People's Republic of China –
  USSR".

The code tables are data (`data/country_codes.csv`, `file_subjects.csv`,
`subject_numeric.csv`), each row with its source.

    >>> parse_file_number("661.93/11–2354").meaning
    'Political relations: USSR – China'
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache

from declass.data import data_path
from declass.text.automata import AhoCorasick, automaton, find_all
from declass.text.dates import ParsedDate, date_from_file_suffix

DECIMAL_1910 = "decimal-1910-49"
DECIMAL_1950 = "decimal-1950-63"
SUBJECT_NUMERIC = "subject-numeric"

_DASHES = "-\u2010\u2011\u2012\u2013\u2014"
_DASH = f"[{_DASHES}]"

# No look-behind at the start, so the engine skips quickly to digits; the one after the first
# digit turns away the middle of longer numbers and words in C (`_clear_before`, in the pattern).
_DECIMAL = re.compile(
    rf"(?P<code>(?P<cls>\d)(?<![\w.$/{re.escape(_DASHES)}]\d)(?P<country>\d\d[A-Z]?))"
    rf"(?:\.(?P<sub>\d[\dA-Z]*(?:{_DASH}[A-Z]{{2,4}})?))?"
    rf"(?:/(?P<suffix>\d{{1,2}}{_DASH}\d{{3,4}}|\d{{1,6}}))?(?![\w/])"
)
_CONTEXT_BEFORE = re.compile(r"(?:Central Files|[Ff]iles?|[Dd]ecimal file|Ibid)[,:.]?\s*(?:\d{4}[–-]\d{2,4},?\s*)?$")


@dataclass(slots=True)
class FileNumber:
    """A file number found in text, its parts and what they mean (None where unknown)."""

    text: str
    start: int
    end: int
    scheme: str | None
    code: str
    subdivision: str | None = None
    suffix: str | None = None
    date: ParsedDate | None = None
    serial: str | None = None
    subject: str | None = None
    countries: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    meaning: str | None = None

    def attrs(self) -> dict[str, object]:
        """The span attributes of this file number."""
        out: dict[str, object] = {"file": self.text, "scheme": self.scheme, "code": self.code}
        if self.subdivision is not None:
            out["subdivision"] = self.subdivision
        if self.suffix is not None:
            out["suffix"] = self.suffix
        if self.serial is not None:
            out["serial"] = self.serial
        if self.date is not None:
            out["date"] = self.date.start
        out["subject"] = self.subject
        out["countries"] = [
            {"code": code, "name": name, "entity": entity} for code, name, entity in self.countries
        ]
        out["meaning"] = self.meaning
        return out


# -- tables ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tables:
    countries: dict[tuple[str, str], tuple[str, str | None]]  # (scheme, code) -> (name, entity id)
    subjects: dict[tuple[str, str, str], str]  # (scheme, class or code, subdivision) -> meaning
    numeric: dict[str, str]  # "POL 32-1" -> meaning
    designators: tuple[str, ...]  # subject-numeric country designators, longest first


def _read(name: str) -> list[dict[str, str]]:
    with data_path(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def tables() -> _Tables:
    """The file-number code tables, read once."""
    countries = {
        (row["scheme"], row["code"]): (row["country"], row["entity_id"] or None) for row in _read("country_codes.csv")
    }
    subjects = {(row["scheme"], row["class"], row["subdivision"]): row["meaning"] for row in _read("file_subjects.csv")}
    numeric = {row["code"]: row["meaning"] for row in _read("subject_numeric.csv")}
    designators = tuple(
        sorted((code for scheme, code in countries if scheme == "subject-numeric"), key=len, reverse=True)
    )
    return _Tables(countries, subjects, numeric, designators)


# -- decimal files --------------------------------------------------------------------


def scheme_for_year(year: int | None) -> str | None:
    """The decimal scheme in force in `year` (None outside 1910–1963 or when unknown)."""
    if year is None:
        return None
    if 1910 <= year <= 1949:
        return DECIMAL_1910
    if 1950 <= year <= 1963:
        return DECIMAL_1950
    return None


def _scheme_key(scheme: str) -> str:
    return "1910-49" if scheme == DECIMAL_1910 else "1950-63"


def _norm_dash(text: str) -> str:
    return re.sub(_DASH, "-", text)


def decode_decimal(match: re.Match[str], year: int | None) -> FileNumber:
    """Decode one decimal file number found by `_DECIMAL`, in the scheme of `year`."""
    suffix = match.group("suffix")
    date = serial = None
    if suffix:
        if re.search(_DASH, suffix):
            date = date_from_file_suffix(suffix)
        else:
            serial = suffix
    scheme = scheme_for_year(year)
    if scheme is None and date is not None:
        scheme = scheme_for_year(int(date.start[:4]))
    elif scheme is None and serial is not None:
        scheme = DECIMAL_1910  # serial suffixes stop in 1944
    sub = match.group("sub")
    number = FileNumber(
        text=match.group(0), start=match.start(), end=match.end(), scheme=scheme, code=match.group("code"),
        subdivision=_norm_dash(sub) if sub else None, suffix=suffix, date=date, serial=serial,
    )
    if scheme is not None:
        _gloss_decimal(number, match.group("cls"), match.group("country"), number.subdivision)
    return number


def _gloss_decimal(number: FileNumber, cls: str, country: str, sub: str | None) -> None:
    t = tables()
    key = _scheme_key(number.scheme or DECIMAL_1950)
    code = cls + country
    sub_head = sub.split("-")[0] if sub else ""  # "11-DU": the Secretary's file, initials after the dash
    administrative = next(
        (t.subjects[k] for k in ((key, code, sub or ""), (key, code, sub_head), (key, code, "")) if k in t.subjects),
        None,
    )
    if administrative is not None:  # 1950–63 classes 0–5 file by subject, not by country
        number.subject = number.meaning = administrative
        return
    class_meaning = t.subjects.get((key, cls, ""))
    first = t.countries.get((key, country))
    number.subject = class_meaning
    if first is None:
        return
    number.countries.append((country, first[0], first[1]))
    relations_class = "6" if key == "1950-63" else "7"
    second = t.countries.get((key, sub)) if sub else None
    if cls == relations_class and second is not None:
        number.countries.append((sub or "", second[0], second[1]))
        number.subject = "Political relations"
        number.meaning = f"Political relations: {first[0]} – {second[0]}"
        return
    if class_meaning is None:
        return
    detail = t.subjects.get((key, cls, sub or "")) if sub else None
    number.meaning = f"{class_meaning}: {first[0]}" + (f" — {detail}" if detail else "")


# -- subject-numeric files ------------------------------------------------------------


@lru_cache(maxsize=1)
def _primaries() -> tuple[str, ...]:
    """The primary subjects (POL, DEF, ...), longest first."""
    codes = {code.split(" ")[0] if not code.startswith("AID") else "AID (US)" for code in tables().numeric}
    return tuple(sorted(codes, key=len, reverse=True))


@lru_cache(maxsize=1)
def _primary_finder() -> AhoCorasick:
    """Finds the primary subjects (POL, DEF, ...) anywhere, overlapping."""
    return automaton(_primaries())


@lru_cache(maxsize=1)
def _subject_numeric_pattern() -> re.Pattern[str]:
    t = tables()
    primaries = _primaries()
    designator = "|".join(re.escape(d) for d in t.designators)
    return re.compile(
        rf"(?P<primary>{'|'.join(re.escape(p) for p in primaries)})"
        rf"(?: (?P<num>\d{{1,2}}(?:{_DASH}\d{{1,2}})?))?"
        rf"(?: (?P<countries>(?:{designator})(?:\s?{_DASH}\s?(?:{designator}))*))?(?![\w])"
    )


def decode_subject_numeric(match: re.Match[str]) -> FileNumber | None:
    """Decode `POL 32-1 CHICOM-USSR`; None unless a country designator or number backs it."""
    t = tables()
    primary, num, countries = match.group("primary"), match.group("num"), match.group("countries")
    if not countries:
        return None
    code = primary + (f" {_norm_dash(num)}" if num else "")
    subject = t.numeric.get(code) or (t.numeric.get(primary) if not num else None)
    parts = [p.strip() for p in re.split(rf"\s?{_DASH}\s?", countries) if p.strip()]
    number = FileNumber(text=match.group(0), start=match.start(), end=match.end(), scheme=SUBJECT_NUMERIC, code=code,
                        subject=subject)
    for part in parts:
        name, entity = t.countries.get(("subject-numeric", part), (None, None))
        number.countries.append((part, name, entity))
    names = [name or part for part, name, _ in number.countries]
    if subject is not None:
        number.meaning = f"{subject}: {' – '.join(names)}"
    elif num is None and primary == "POL" and len(names) == 2:
        number.meaning = f"Political affairs and relations: {names[0]} – {names[1]}"
    return number


# -- finding --------------------------------------------------------------------------


def _clear_before(text: str, start: int, extra: str) -> bool:
    """True when the character before `start` is not part of a word or of another number."""
    if start == 0:
        return True
    before = text[start - 1]
    return not (before.isalnum() or before == "_" or before in extra)


def _decimal_in_context(text: str, match: re.Match[str]) -> bool:
    """A bare decimal-looking number counts only where the page says it is a file."""
    suffix = match.group("suffix")
    if suffix and re.search(_DASH, suffix) and date_from_file_suffix(suffix) is not None:
        return True
    before = text[max(0, match.start() - 60) : match.start()]
    if _CONTEXT_BEFORE.search(before):
        return True
    line_start = match.start() == 0 or text[match.start() - 1] == "\n"
    if line_start and text[match.end() : match.end() + 2] == ": " and (match.group("sub") or suffix):
        return True  # an old FRUS caption: "893.00/13050: Telegram"
    return bool(match.group("sub") and suffix)


def find_file_numbers(text: str, *, year: int | None = None) -> list[FileNumber]:
    """Every file number in `text`, in order; `year` (the document's) chooses the decimal scheme."""
    # no pre-check for digits: it would cost a scan as long as the pattern's own
    found = [decode_decimal(match, year) for match in _DECIMAL.finditer(text) if _decimal_in_context(text, match)]
    taken = [(f.start, f.end) for f in found]
    for match in _subject_numeric_matches(text):
        if not _clear_before(text, match.start(), "/"):
            continue
        if any(match.start() < e and s < match.end() for s, e in taken):
            continue
        number = decode_subject_numeric(match)
        if number is not None:
            found.append(number)
    return sorted(found, key=lambda f: f.start)


def _subject_numeric_matches(text: str) -> list[re.Match[str]]:
    """What `_subject_numeric_pattern().finditer` gives, tried only where a primary subject begins.

    Every match opens with a primary subject, so the automaton's quick scan for them finds
    every place a match can start; the pattern's own scan is several times slower.
    """
    pattern = _subject_numeric_pattern()
    matches: list[re.Match[str]] = []
    last_end = 0
    for start in sorted({start for _, start, _ in find_all(_primary_finder(), text)}):
        if start < last_end:  # inside the previous match, as a scan would skip it
            continue
        match = pattern.match(text, start)
        if match:
            matches.append(match)
            last_end = match.end()
    return matches


def parse_file_number(text: str, *, year: int | None = None) -> FileNumber | None:
    """Read `text` as one file number (a decimal one needs no context here); None if it is not one."""
    stripped = text.strip()
    match = _DECIMAL.fullmatch(stripped)
    if match and _clear_before(stripped, 0, ""):
        return decode_decimal(match, year)
    match = _subject_numeric_pattern().fullmatch(stripped)
    if match:
        return decode_subject_numeric(match)
    return None
