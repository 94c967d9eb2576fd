"""Archival dates: recognise the forms these papers use, with their precision.

    >>> parse_date("November 23, 1954").start
    '1954-11-23'
    >>> parse_date("25 AUG 1950").precision
    'day'
    >>> date_from_file_suffix("11–2354").start
    '1954-11-23'

Every result keeps the words it was read from (`text`) and, for `find_dates`, where they
stand (`offset`, `end_offset`), so a caller can add a `date` span or cite its evidence.
Two-digit years are placed in the twentieth century: these records end before 2000.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass

from declass.model import DateInfo

MONTHS: dict[str, int] = {}
for _n, _name in enumerate(calendar.month_name):
    if _n:
        MONTHS[_name.lower()] = _n
        MONTHS[_name[:3].lower()] = _n
MONTHS["sept"] = 9

_MONTH_WORD = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DASH = "-\u2010\u2011\u2012\u2013\u2014"

# "November 23, 1954", "Nov. 23, 1954", "Oct. 12" (year from context)
_MDY = re.compile(
    rf"\b(?P<month>{_MONTH_WORD})\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:\s*,\s*(?P<year>1[6-9]\d\d|20\d\d))?\b",
    re.IGNORECASE,
)
# "4 November 1953", "25 AUG 1950", "4 Nov 53"
_DMY = re.compile(
    rf"\b(?P<day>[0-3]?\d)\s+(?P<month>{_MONTH_WORD})\.?,?\s+(?P<year>1[6-9]\d\d|20\d\d|\d\d)\b",
    re.IGNORECASE,
)
# "November 1954", "Nov. 1954"
_MY = re.compile(rf"\b(?P<month>{_MONTH_WORD})\.?,?\s+(?P<year>1[6-9]\d\d|20\d\d)\b", re.IGNORECASE)
# "1954-11-23", "2003/08/08"
_ISO = re.compile(r"\b(?P<year>1[6-9]\d\d|20\d\d)[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)\b")
_YEAR = re.compile(r"\b(?P<year>1[6-9]\d\d|20\d\d)\b")
# a file-number suffix "11–2354" (month, day, two-digit year)
_FILE_SUFFIX = re.compile(rf"^(?P<month>[01]?\d)[{_DASH}](?P<day>[0-3]?\d)(?P<year>\d\d)$")


@dataclass(slots=True)
class ParsedDate:
    """A date read from text: ISO `start`/`end`, precision, the words, and where they stand."""

    start: str
    end: str
    precision: str
    text: str
    offset: int = 0
    end_offset: int = 0


def full_year(two_digits: int) -> int:
    """Place a two-digit year: always 19xx, since these records are twentieth-century."""
    return 1900 + two_digits


def make_date(year: int, month: int | None = None, day: int | None = None) -> tuple[str, str, str] | None:
    """ISO start, end and precision for a year, year-month or full date; None if impossible."""
    if not 1600 <= year <= 2100:
        return None
    if month is None:
        return f"{year:04d}-01-01", f"{year:04d}-12-31", "year"
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}", "month"
    if not 1 <= day <= last:
        return None
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    return iso, iso, "day"


def _month_number(word: str) -> int | None:
    key = word.lower().rstrip(".")
    return MONTHS.get(key) or MONTHS.get(key[:3])


def _year_of(raw: str | None, default_year: int | None) -> int | None:
    if raw is None:
        return default_year
    year = int(raw)
    return full_year(year) if len(raw) == 2 else year


def _from_match(m: re.Match[str], default_year: int | None, *, with_day: bool = True) -> ParsedDate | None:
    groups = m.groupdict()
    year = _year_of(groups.get("year"), default_year)
    if year is None:
        return None
    month_raw = groups.get("month")
    if month_raw is None:
        month = None
    else:
        month = int(month_raw) if month_raw.isdigit() else _month_number(month_raw)
    day = int(groups["day"]) if with_day and groups.get("day") else None
    made = make_date(year, month, day)
    if made is None:
        return None
    return ParsedDate(*made, text=m.group(0), offset=m.start(), end_offset=m.end())


_PATTERNS: tuple[tuple[re.Pattern[str], bool], ...] = (
    (_ISO, True),
    (_MDY, True),
    (_DMY, True),
    (_MY, False),
)


def find_dates(text: str, *, default_year: int | None = None) -> Iterator[ParsedDate]:
    """Every date in `text`, in order, most precise reading first where readings overlap.

    A month and day without a year ("Oct. 12") is found only when `default_year` is given.
    Bare years are not reported here: too many numbers look like years.
    """
    found: list[ParsedDate] = []
    taken: list[tuple[int, int]] = []
    for pattern, with_day in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            parsed = _from_match(m, default_year, with_day=with_day)
            if parsed is not None:
                found.append(parsed)
                taken.append((m.start(), m.end()))
    yield from sorted(found, key=lambda p: p.offset)


def parse_date(text: str, *, default_year: int | None = None) -> ParsedDate | None:
    """Read `text` as one date (surrounding words allowed); None when it holds no date.

    Falls back to a bare year ("1954") with year precision.
    """
    for parsed in find_dates(text, default_year=default_year):
        return parsed
    m = _YEAR.search(text)
    if m:
        made = make_date(int(m.group("year")))
        if made:
            return ParsedDate(*made, text=m.group(0), offset=m.start(), end_offset=m.end())
    return None


def date_from_file_suffix(suffix: str) -> ParsedDate | None:
    """The date of a State Department file-number suffix: "11–2354" → 1954-11-23."""
    m = _FILE_SUFFIX.match(suffix.strip())
    if not m:
        return None
    made = make_date(full_year(int(m.group("year"))), int(m.group("month")), int(m.group("day")))
    if made is None:
        return None
    return ParsedDate(*made, text=suffix.strip(), offset=0, end_offset=len(suffix.strip()))


def to_dateinfo(parsed: ParsedDate, source: str) -> DateInfo:
    """The document-date form of a parsed date, naming where it came from."""
    return DateInfo(start=parsed.start, end=parsed.end, precision=parsed.precision, text=parsed.text, source=source)
