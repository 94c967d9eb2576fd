"""The lines of a State Department telegram as cable archives print them, recognised one by one.

A telegram saved from a cable archive is a run of short capital lines:

    CONFIDENTIAL                              page-top classification
    PAGE 01                                   page label (sometimes with the next line on it)
    KABUL 05981 01 OF 03 242001Z              post, telegram number, section, time received
    ACTION NEA-10                             distribution at the receiving end ("routing")
    INFO OCT-01 ISO-00 ...
    /092 W
    ------------------039782 242019Z /64
    R 241015Z JUL 78                          precedence + date-time group (day, time, month, year)
    FM AMEMBASSY KABUL
    TO SECSTATE WASHDC 9219
    C O N F I D E N T I A L SECTION 1 OF 3 KABUL 5981
    EO 11652: GDS
    TAGS: PEPR, EAID, AF, US
    SUBJ: ...

This module holds the patterns for those lines and small functions that read one line
each; `_cable_header` puts them together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from declass.text.dates import full_year, make_date

#: Precedence letters of the date-time group line, as the handling word they stand for.
PRECEDENCE = {"Z": "Flash", "O": "Immediate", "P": "Priority", "R": "Routine"}

_MONTHS = {m: i + 1 for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split())}

PAGE_RE = re.compile(r"^[ \t]*PAGE[ \t]+(?P<label>\d{1,3})\b[ \t]*(?P<rest>.*)$")
# "KABUL 05981 01 OF 03 242001Z", "STATE 123456 242001Z", "NEW DE 04516 02 OF 02 101230Z"
PAGE_ID_RE = re.compile(
    r"^[ \t]*(?P<post>[A-Z][A-Z ]{0,14}?)[ \t]+(?P<number>\d{2,6})"
    r"(?:[ \t]+(?P<section>\d{1,2})[ \t]+OF[ \t]+(?P<sections>\d{1,2}))?"
    r"(?:[ \t]+(?P<received>\d{6}Z))?[ \t]*$"
)
# a well-formed precedence + date-time group line: "R 241015Z JUL 78", "O R 011200Z MAR 79"
DTG_RE = re.compile(
    r"^[ \t]*(?P<precedence>[ZOPR](?:[ \t]+[ZOPR])?)[ \t]+(?P<day>[0-3]\d)(?P<time>[0-2]\d[0-5]\d)Z"
    r"[ \t]+(?P<month>JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[ \t]+(?P<year>\d\d|\d{4})[ \t]*$"
)
# the same line as OCR or a copyist may have garbled it: a precedence letter, then a group
# ending in Z (or nearly), a month-like word and a year-like word
DTG_LIKE_RE = re.compile(
    r"^[ \t]*[ZOPR](?:[ \t]+[ZOPR])?[ \t]+[0-9OIlS]{5,7}[Z2]?[ \t]+[A-Z0-9]{3}[ \t]+[0-9OIlS]{2,4}[ \t]*$"
)
FM_RE = re.compile(r"^[ \t]*FM[ \t]+(?P<value>\S.*?)[ \t]*$")
TO_RE = re.compile(r"^[ \t]*TO[ \t]+(?P<value>\S.*?)[ \t]*$")
INFO_RE = re.compile(r"^[ \t]*INFO[ \t]+(?P<value>\S.*?)[ \t]*$")
EO_RE = re.compile(r"^[ \t]*(?:E\.[ \t]?O\.|EO)[ \t]+\d{5}[ \t]*:?.*$")
TAGS_RE = re.compile(r"^[ \t]*TAGS[ \t]*:?[ \t]+(?P<value>\S.*?)[ \t]*$")
SUBJ_RE = re.compile(r"^[ \t]*SUBJ(?:ECT)?[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")
REF_RE = re.compile(r"^[ \t]*REFS?[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")
BT_RE = re.compile(r"^[ \t]*BT[ \t]*$")
# a numbered or lettered paragraph: "1. SUMMARY:", "A. THE", "(C) WE"
PARAGRAPH_START_RE = re.compile(r"^[ \t]*(?:\d{1,3}\.|[A-H]\.|\((?:\d{1,2}|[A-Za-z])\))[ \t]+\S")
# a lettered reference under a REF line: "B. STATE 123456", "(C) KABUL 5432"
LETTERED_REF_RE = re.compile(r"^[ \t]*\(?[A-H][.)][ \t]*[A-Z]{3,}(?:[ \t][A-Z]{2,})?[ \t]+\d{3,6}\b")
END_MARK_RE = re.compile(r"^[ \t]*NNNN?[ \t]*$")
# routing lines of the receiving station: distribution offices, copy counts, transmission line
ROUTING_RE = re.compile(
    r"^[ \t]*(?:ACTION|INFO|ORIGIN|O[ \t]R[ \t]I[ \t]G[ \t]I[ \t]N|DRAFTED[ \t]BY|APPROVED[ \t]BY|CLEARED"
    r"|DESIRED[ \t]DISTRIBUTION|LOG-|/\d+[ \t]+W\b|-{4,}|[A-Z]{1,6}-\d\d\b)"
)
# a message reference after the classification: "KABUL 5981", "STATE 123456"
_MESSAGE_REF_RE = re.compile(r"(?P<post>[A-Z][A-Z ]{0,14}?)[ \t]+(?P<number>\d{2,6})\b")
_REFERENCE_RE = re.compile(r"\b(?P<post>[A-Z]{3,}(?:[ \t][A-Z]{2,})?)[ \t]+(?P<number>\d{3,6})\b")
_SECTION_RE = re.compile(r"\bSECTION[ \t]+(?P<n>\d{1,2})[ \t]+OF[ \t]+(?P<of>\d{1,2})\b")
_HANDLING_WORDS = ("NODIS", "EXDIS", "LIMDIS", "STADIS", "NOFORN", "CHEROKEE", "ROGER CHANNEL")

# classification words as they open the classification line, spaced out or not
_LEVELS = (
    ("TOPSECRET", "top secret"),
    ("LIMITEDOFFICIALUSE", "limited official use"),
    ("SECRET", "secret"),
    ("CONFIDENTIAL", "confidential"),
    ("UNCLASSIFIED", "unclassified"),
    ("UNCLAS", "unclassified"),
)
_SPACED_RE = re.compile(r"^[ \t]*(?P<marking>(?:[A-Z][ \t]){3,}[A-Z](?![A-Z]))")
_PLAIN_RE = re.compile(
    r"^[ \t]*(?P<marking>TOP[ \t]+SECRET|LIMITED[ \t]+OFFICIAL[ \t]+USE|SECRET|CONFIDENTIAL|UNCLASSIFIED|UNCLAS)\b"
)


@dataclass(slots=True)
class PageId:
    """The post/number line under a page label: who sent it, its number, section, time received."""

    text: str
    post: str
    number: str
    section: int | None
    sections: int | None
    received: str | None


@dataclass(slots=True)
class Dtg:
    """The precedence + date-time group line; `start` is None when the group cannot be read."""

    text: str
    precedence: str
    group: str
    time: str | None = None
    start: str | None = None


@dataclass(slots=True)
class ClassLine:
    """The classification line: level, the marking as printed, section and message reference."""

    text: str
    level: str
    marking: str
    section: int | None = None
    sections: int | None = None
    post: str | None = None
    number: str | None = None
    handling: tuple[str, ...] = ()


def read_page_id(line: str) -> PageId | None:
    match = PAGE_ID_RE.match(line)
    if not match:
        return None
    section = match.group("section")
    if match.group("received") is None and (section or len(match.group("number")) < 4):
        return None  # without the time received, only "STATE 204117" is sure to be a page id
    return PageId(
        text=line.strip(),
        post=re.sub(r"\s+", " ", match.group("post").strip()),
        number=match.group("number"),
        section=int(section) if section else None,
        sections=int(match.group("sections")) if section else None,
        received=match.group("received"),
    )


def read_dtg(line: str) -> Dtg | None:
    """The precedence and date-time group of a DTG line; the date only when it is a real date."""
    match = DTG_RE.match(line)
    if match:
        year = int(match.group("year"))
        year = full_year(year) if year < 100 else year
        made = make_date(year, _MONTHS[match.group("month")], int(match.group("day")))
        precedence = match.group("precedence")
        group = line.strip()[len(precedence) :].strip()
        return Dtg(line.strip(), precedence, group, match.group("time") + "Z", made[0] if made else None)
    if DTG_LIKE_RE.match(line):
        stripped = line.strip()
        precedence = re.match(r"[ZOPR](?:[ \t]+[ZOPR])?", stripped).group(0)  # type: ignore[union-attr]
        return Dtg(stripped, precedence, stripped[len(precedence) :].strip())
    return None


def is_classification_only(line: str) -> bool:
    """A line holding nothing but a classification word (the page-top or page-foot marking)."""
    found = read_class_line(line)
    return found is not None and found.text.replace(" ", "") == found.marking.replace(" ", "")


def read_class_line(line: str) -> ClassLine | None:
    """The classification line: "C O N F I D E N T I A L SECTION 1 OF 3 KABUL 5981" and kin."""
    stripped = line.strip()
    match = _SPACED_RE.match(stripped)
    marking = None
    level = None
    if match:
        marking = match.group("marking")
        level = _level_of(marking.replace(" ", "").replace("\t", ""))
    if level is None:
        match = _PLAIN_RE.match(stripped)
        if not match:
            return None
        marking = match.group("marking")
        level = _level_of(re.sub(r"\s+", "", marking))
    if level is None or marking is None:
        return None
    rest = stripped[len(marking) :]
    found = ClassLine(text=stripped, level=level, marking=marking)
    section = _SECTION_RE.search(rest)
    if section:
        found.section, found.sections = int(section.group("n")), int(section.group("of"))
        rest = rest[: section.start()] + " " + rest[section.end() :]
    handling = tuple(word for word in _HANDLING_WORDS if re.search(rf"\b{word}\b", rest))
    found.handling = handling
    for word in handling:
        rest = re.sub(rf"\b{word}\b", " ", rest)
    ref = _MESSAGE_REF_RE.search(rest.strip())
    if ref:
        found.post, found.number = re.sub(r"\s+", " ", ref.group("post").strip()), ref.group("number")
    return found


def _level_of(squeezed: str) -> str | None:
    for word, level in _LEVELS:
        if squeezed == word:
            return level
    return None


def references(text: str) -> list[str]:
    """The telegrams a REF line cites ("STATE 123456", "KABUL 5432"), in order, each once."""
    out: list[str] = []
    for match in _REFERENCE_RE.finditer(text):
        cited = f"{match.group('post')} {match.group('number')}"
        if match.group("post") not in {"EO", "TAGS", "PAGE", "SECTION", "OF"} and cited not in out:
            out.append(cited)
    return out


def tags(value: str) -> list[str]:
    """The TAGS line's codes: "PEPR, EAID, AF, US" -> ["PEPR", "EAID", "AF", "US"]."""
    parts = re.split(r"[,;]" if ("," in value or ";" in value) else r"\s+", value.strip())
    return [tag.strip() for tag in parts if tag.strip()]
