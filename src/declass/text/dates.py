"""Archival dates: recognise the forms these papers use, with their precision.

    >>> parse_date("November 23, 1954").start
    '1954-11-23'
    >>> parse_date("25 AUG 1950").precision
    'day'
    >>> date_from_file_suffix("11–2354").start
    '1954-11-23'

Beyond plain dates `find_dates` reads the forms of cables and estimates:

    >>> parse_date("231530Z NOV 54").start            # a date-time group
    '1954-11-23'
    >>> r = parse_date("from 1948 to mid-1951"); (r.start, r.end, r.kind)
    ('1948-01-01', '1951-08-31', 'range')
    >>> r = parse_date("summer 1953"); (r.start, r.end, r.precision)
    ('1953-06-01', '1953-08-31', 'year')
    >>> parse_date("early 1950s").end
    '1953-12-31'

Precision names the finest unit the words fully give: "mid-1951" and "summer 1953" are
`year` precision with a narrower start and end; "early November 1953" is `month`; the
"1950s" are a `decade`. Parts of a year are its thirds (early = January–April, mid =
May–August, late = September–December); parts of a month are its thirds by day.

Every result keeps the words it was read from (`text`) and, for `find_dates`, where they
stand (`offset`, `end_offset`), so a caller can add a `date` span or cite its evidence.
Two-digit years are placed in the twentieth century: these records end before 2000.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from declass.model import DateInfo
from declass.text.automata import AhoCorasick, automaton, find_all

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
    #: date, dtg (date-time group), range, part (of a year or month), season, decade
    kind: str = "date"
    #: the time of a date-time group, as printed ("1530Z")
    time: str | None = None


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

# -- cable, estimate and narrative forms ---------------------------------------------------

_YEAR4 = r"1[6-9]\d\d"
# "231530Z NOV 54", "231530Z November 1954": day, hour-minute, zone letter, month, year
_DTG = re.compile(
    rf"\b(?P<day>[0-3]\d)(?P<time>[0-2]\d[0-5]\d)\s?(?P<zone>[A-Z])\s+(?P<month>{_MONTH_WORD})\.?\s+"
    rf"(?P<year>{_YEAR4}|\d\d)\b",
    re.IGNORECASE,
)
_PART_WORD = r"(?:early|mid|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|beginning\s+of|the\s+middle\s+of)"
_SEASON_WORD = r"(?:spring|summer|autumn|fall|winter)"
# one end of a range, or a date of its own: "mid-1951", "summer 1953", "November 1953", "1948"
_POINT = (
    rf"(?:{_PART_WORD}[-\s]+(?:{_MONTH_WORD}\.?\s+)?{_YEAR4}|{_SEASON_WORD}\s+(?:of\s+)?{_YEAR4}|"
    rf"(?:{_MONTH_WORD}\.?\s+)?{_YEAR4})"
)
_RANGE = re.compile(
    rf"\b(?:(?P<from>from|between)\s+)?(?P<a>{_POINT})\s*(?P<link>to|through|until|till|and|[{_DASH}])\s*"
    rf"(?P<b>{_POINT}|\d\d(?!\d))(?!\d)(?![{_DASH}])",
    re.IGNORECASE,
)
_PART = re.compile(
    rf"\b(?P<part>{_PART_WORD})[-\s]+(?:(?P<month>{_MONTH_WORD})\.?\s+)?(?P<year>{_YEAR4})\b", re.IGNORECASE
)
_SEASON = re.compile(rf"\b(?P<season>{_SEASON_WORD})\s+(?:of\s+)?(?P<year>{_YEAR4})\b", re.IGNORECASE)
_DECADE = re.compile(r"\b(?:(?P<part>early|mid|late)[-\s]+)?(?:the\s+)?(?P<decade>1[6-9]\d0)['’]?s\b", re.IGNORECASE)

_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
_YEAR_THIRDS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_DECADE_THIRDS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
_COARSENESS = {"day": 0, "month": 1, "year": 2, "decade": 3, "unknown": 4}


def _part_key(word: str) -> str:
    word = " ".join(word.lower().split())
    if word.endswith("end of"):
        return "late"
    if word.endswith("beginning of"):
        return "early"
    return "mid" if "mid" in word else word


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _span(year: int, first: tuple[int, int], last: tuple[int, int], end_year: int | None = None) -> tuple[str, str]:
    end_year = end_year or year
    start = f"{year:04d}-{first[0]:02d}-{first[1]:02d}"
    end = f"{end_year:04d}-{last[0]:02d}-{last[1]:02d}"
    return start, end


def _read_point(text: str) -> tuple[str, str, str] | None:
    """ISO start, end and precision of one end of a range (or a part/season/month/year)."""
    for pattern, reader in ((_PART, _part_dates), (_SEASON, _season_dates)):
        m = pattern.fullmatch(text.strip())
        if m:
            return reader(m)
    m = _MY.fullmatch(text.strip())
    if m:
        return make_date(int(m.group("year")), _month_number(m.group("month")))
    if re.fullmatch(_YEAR4, text.strip()):
        return make_date(int(text))
    return None


def _part_dates(m: re.Match[str]) -> tuple[str, str, str] | None:
    year, part = int(m.group("year")), _part_key(m.group("part"))
    if m.group("month"):
        month = _month_number(m.group("month"))
        if month is None:
            return None
        last = _last_day(year, month)
        first_day, last_day = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}[part]
        return (*_span(year, (month, first_day), (month, last_day)), "month")
    first_month, last_month = _YEAR_THIRDS[part]
    return (*_span(year, (first_month, 1), (last_month, _last_day(year, last_month))), "year")


def _season_dates(m: re.Match[str]) -> tuple[str, str, str]:
    year = int(m.group("year"))
    first, last = _SEASONS[m.group("season").lower()]
    end_year = year + 1 if last < first else year  # winter runs into the next year
    return (*_span(year, (first, 1), (last, _last_day(end_year, last)), end_year), "year")


def _extended(text: str, lower: str | None, *, has_year: bool = True) -> Iterator[tuple[re.Match[str], ParsedDate]]:
    """Date-time groups, ranges, parts of years and months, seasons and decades.

    Each form is looked for only where a quick test finds words it cannot do without (see
    `_may_hold`; `lower` is the text in lower case if it is ASCII, else None): the full
    patterns are slow, and most stretches of text hold none of them.
    """
    for m in _DTG.finditer(text):
        raw = m.group("year")
        made = make_date(full_year(int(raw)) if len(raw) == 2 else int(raw), _month_number(m.group("month")),
                         int(m.group("day")))
        if made:
            yield m, ParsedDate(*made, text=m.group(0), offset=m.start(), end_offset=m.end(), kind="dtg",
                                time=m.group("time") + m.group("zone").upper())
    if not has_year:  # every other form names a four-digit year
        return
    for m in _RANGE.finditer(text) if _RANGE_HINT.search(text) else ():
        if m.group("link").lower() == "and" and not m.group("from"):
            continue
        if re.search(r"\d,?\s+$", text[max(0, m.start() - 4) : m.start()]):
            continue  # "November 23, 1954 to ...": the year belongs to a full date
        first = _read_point(m.group("a"))
        b = m.group("b")
        if first is None:
            continue
        if re.fullmatch(r"\d\d", b):  # "1948-51": the century of the first year
            if m.group("link") not in _DASH or not re.fullmatch(_YEAR4, m.group("a").strip()):
                continue
            b = m.group("a").strip()[:2] + b
        second = _read_point(b)
        if second is None or second[1] < first[0]:
            continue
        precision = max(first[2], second[2], key=_COARSENESS.__getitem__)
        yield m, ParsedDate(first[0], second[1], precision, m.group(0), m.start(), m.end(), kind="range")
    for pattern, reader, kind in ((_PART, _part_dates, "part"), (_SEASON, _season_dates, "season")):
        if not _may_hold(lower, _HINTS[kind]):
            continue
        for m in pattern.finditer(text):
            made = reader(m)
            if made:
                yield m, ParsedDate(*made, text=m.group(0), offset=m.start(), end_offset=m.end(), kind=kind)
    for m in _DECADE.finditer(text) if _may_hold(lower, _HINTS["decade"]) else ():
        decade = int(m.group("decade"))
        first, last = _DECADE_THIRDS[m.group("part").lower()] if m.group("part") else (0, 9)
        start, end = f"{decade + first:04d}-01-01", f"{decade + last:04d}-12-31"
        yield m, ParsedDate(start, end, "decade", m.group(0), m.start(), m.end(), kind="decade")


# A year that ends a range's first point, then the word or dash that links it to the second.
_RANGE_HINT = re.compile(rf"{_YEAR4}\s*(?:to|through|until|till|and|[{_DASH}])", re.IGNORECASE)
# Words (lower case) that each form cannot do without: "the middle of" holds "mid", "the end of" "end".
_HINTS = {
    "part": ("early", "mid", "late", "end", "beginning"),
    "season": ("spring", "summer", "autumn", "fall", "winter"),
    "decade": ("0s", "0's"),
    "month": ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
}


def _may_hold(lower: str | None, words: tuple[str, ...]) -> bool:
    """False only when the lower-cased ASCII text has none of `words`.

    Non-ASCII text (`lower` None) always may: case-blind matching of a few letters beyond
    ASCII ("ſ", the Kelvin sign) differs from `str.lower`, and the full pattern decides.
    """
    return lower is None or any(word in lower for word in words)


def find_dates(text: str, *, default_year: int | None = None) -> Iterator[ParsedDate]:
    """Every date in `text`, in order; where readings overlap the widest form wins.

    Date-time groups, ranges, parts, seasons and decades are read first, so "from 1948 to
    mid-1951" is one range and not two dates. A month and day without a year ("Oct. 12")
    is found only when `default_year` is given. Bare years are not reported on their own:
    too many numbers look like years.

    Every date form holds a four-digit year, a capitalised month or a date-time group, so
    only the stretches of text around those are read: the same answers, several times
    faster on long documents.
    """
    found: list[ParsedDate] = []
    for base, chunk in _windows(text):
        for parsed in _find_in(chunk, default_year):
            parsed.offset += base
            parsed.end_offset += base
            found.append(parsed)
    yield from found


# Every date form names a four-digit year, a capitalised month or a date-time group: those are
# the anchors. The net is loose on purpose — any of 1, 2 or a month's initial, then a year's last
# three digits ("1954", but also "J700") or the rest of a month's name ("Nov", but also "2ov") —
# which only widens a window a little and is found in one pass by an automaton (several times
# quicker than a pattern that tries every capital). Date-time groups are found by a pattern.
_ANCHOR_HEADS = "12JFMASOND"
_YEAR_TAILS = tuple(f"{n:03d}" for n in (*range(600, 1000), *range(100)))  # 6xx-9xx and 0xx
_MONTH_TAILS = tuple(
    form
    for tail in ("an", "anuary", "eb", "ebruary", "ar", "arch", "pr", "pril", "ay", "un", "une", "ul", "uly",
                 "ug", "ugust", "ep", "ept", "eptember", "ct", "ctober", "ov", "ovember", "ec", "ecember")
    for form in (tail, tail.upper())
)
_DTG_ANCHOR = re.compile(r"[0-3]\d{5}\s?[A-Z]")
# the most a date reaches before its first anchor ("from the beginning of September 1953")
# and after its last ("Oct. 12th", "1948-51"), with room to spare
_BEFORE, _AFTER = 32, 16


@lru_cache(maxsize=1)
def _anchor_finder() -> tuple[AhoCorasick, list[bool]]:
    """The automaton over every year and month anchor, and per pattern whether it ends in digits."""
    keys = [head + tail for head in _ANCHOR_HEADS for tail in (*_YEAR_TAILS, *_MONTH_TAILS)]
    return automaton(keys), [key[-1].isdigit() for key in keys]


def _anchors(text: str) -> list[tuple[int, int]]:
    """`(start, end)` of every anchor, in order and not overlapping, as one left-to-right scan finds them."""
    finder, ends_in_digit = _anchor_finder()
    size = len(text)
    found: list[tuple[int, int, int]] = []  # (start, rank, end): a year or month outranks a date-time group
    for index, start, end in find_all(finder, text):
        if end < size:
            after = text[end]
            # a year is not followed by a digit, a month's name not by a letter
            if after.isdecimal() if ends_in_digit[index] else ("a" <= after <= "z" or "A" <= after <= "Z"):
                continue
        found.append((start, 0, end))
    found.extend((m.start(), 1, m.end()) for m in _DTG_ANCHOR.finditer(text))
    found.sort()
    anchors: list[tuple[int, int]] = []
    last_end = 0
    for start, _, end in found:
        if start >= last_end:  # a scan resumes after the anchor it found
            anchors.append((start, end))
            last_end = end
    return anchors


def _windows(text: str) -> Iterator[tuple[int, str]]:
    """Stretches of `text` around date anchors, widened to whole words, merged when they touch."""
    start = end = -1
    size = len(text)
    for anchor_start, anchor_end in _anchors(text):
        s, e = max(0, anchor_start - _BEFORE), min(size, anchor_end + _AFTER)
        if start >= 0 and s <= end:
            end = e
            continue
        if start >= 0:
            yield _widen(text, start, end)
        start, end = s, e
    if start >= 0:
        yield _widen(text, start, end)


def _widen(text: str, start: int, end: int) -> tuple[int, str]:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, text[start:end]


_HAS_YEAR = re.compile(r"(?<!\d)(?:1[6-9]\d\d|20\d\d)(?!\d)")
_HAS_MONTH = re.compile("|".join(_HINTS["month"]), re.IGNORECASE)  # for text beyond ASCII
_HAS_DTG = re.compile(r"\d{6}\s?[A-Za-z]")


def _find_in(text: str, default_year: int | None) -> list[ParsedDate]:
    found: list[ParsedDate] = []
    taken: list[tuple[int, int]] = []
    lower = text.lower() if text.isascii() else None
    has_year = _HAS_YEAR.search(text) is not None
    has_month = _HAS_MONTH.search(text) is not None if lower is None else _may_hold(lower, _HINTS["month"])
    if not has_month and not has_year:
        return found
    if has_year or _HAS_DTG.search(text):
        for m, parsed in _extended(text, lower, has_year=has_year):
            if not any(m.start() < e and s < m.end() for s, e in taken):
                found.append(parsed)
                taken.append((m.start(), m.end()))
    for pattern, with_day in _PATTERNS:
        if not has_month and pattern is not _ISO or not has_year and pattern in (_ISO, _MY):
            continue
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            parsed = _from_match(m, default_year, with_day=with_day)
            if parsed is not None:
                found.append(parsed)
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda p: p.offset)


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
