"""A CREST document's own data, read from its text: type, date, headings, subject.

These are the facts the page itself states — "NSC BRIEFING", "4 November 1953",
"MEMORANDUM FOR: Director of Central Intelligence", "SUBJECT: ...", a date-time group
"221530Z OCT 62" — each kept with the words it was read from. Catalogue values, where a
page has them, are applied afterwards and win.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from declass.text.dates import ParsedDate, find_dates, make_date

#: Heading words that name a document type, in the order they are tried.
DOC_TYPE_HEADINGS = (
    ("MEMORANDUM FOR THE RECORD", "Memorandum for the record"),
    ("NSC BRIEFING", "NSC briefing"),
    ("DCI BRIEFING", "DCI briefing"),
    ("SPECIAL NATIONAL INTELLIGENCE ESTIMATE", "Special National Intelligence Estimate"),
    ("NATIONAL INTELLIGENCE ESTIMATE", "National Intelligence Estimate"),
    ("INTELLIGENCE MEMORANDUM", "Intelligence memorandum"),
    ("INFORMATION REPORT", "Information report"),
    ("CURRENT INTELLIGENCE BULLETIN", "Current Intelligence Bulletin"),
    ("CURRENT INTELLIGENCE WEEKLY SUMMARY", "Current Intelligence Weekly Summary"),
    ("MEMORANDUM", "Memorandum"),
)

# Words that keep their capitals when an all-capitals heading is put in running case.
ACRONYMS = frozenset(
    "NSC CIA DCI DDI DDCI NIE SNIE USSR US USA UK UN NATO SEATO OAS FBI NSA DIA JCS OSD PFIAB ICBM IRBM MRBM "
    "SAM DRV GVN NVA ROK PRC GDR FRG UAR OCI ONE".split()
)
PROPER_WORDS = frozenset(
    "sino soviet soviets russia russian russians china chinese peiping peking moscow kremlin korea korean "
    "japan japanese vietnam vietnamese indochina laos cambodia burma malaya indonesia india indian "
    "philippines formosa taiwan cuba cuban castro berlin german germany france french britain british "
    "egypt israel arab suez iran iraq syria europe european asia asian africa african america american "
    "latin mao stalin khrushchev malenkov tito titoist communist communists".split()
)

_DTG_RE = re.compile(
    r"\b(?P<day>[0-3]\d)(?P<time>[0-2]\d[0-5]\d)Z\s+(?P<month>JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)"
    r"\s+(?P<year>\d{2}|\d{4})\b"
)
_MONTHS = {m: i + 1 for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split())}
_HEADING_LABEL_RE = re.compile(
    r"(?m)^[ \t]*(?:(?P<memo>MEMORANDUM FOR)\b[ \t]*:?"
    r"|(?P<label>FROM|TO|SUBJECT|SUBJ|THROUGH|VIA|REFERENCE|REF)[ \t]*:)[ \t]*(?P<value>.*)$"
)


@dataclass(slots=True)
class TextFields:
    """What the text says about itself; every value None when the text does not say."""

    doc_type: str | None = None
    doc_type_text: str | None = None
    date: ParsedDate | None = None
    to: str | None = None
    from_: str | None = None
    subject: str | None = None
    heading: str | None = None


def natural_case(words: str) -> str:
    """Put an all-capitals heading into running case: "SINO-SOVIET RELATIONS" -> "Sino-Soviet relations"."""
    out: list[str] = []
    for i, word in enumerate(words.split()):
        parts = []
        for part in word.split("-"):
            core = part.strip(".,;:()\"'")
            if core.upper() in ACRONYMS and core.isupper():
                parts.append(part)
            elif core.lower() in PROPER_WORDS:
                parts.append(part.lower().replace(core.lower(), core.capitalize(), 1))
            else:
                parts.append(part.lower())
        joined = "-".join(parts)
        if i == 0:
            joined = joined[:1].upper() + joined[1:]
        out.append(joined)
    return " ".join(out)


def title_case(words: str) -> str:
    """Capitalise each word of an all-capitals heading, keeping acronyms."""
    small = {"of", "the", "and", "in", "on", "for", "to", "a", "an", "at", "by", "with"}
    out = []
    for i, word in enumerate(words.split()):
        parts = []
        for part in word.split("-"):
            if part.isupper() and part.strip(".,;:()") in ACRONYMS:
                parts.append(part)
            elif i and part.lower() in small:
                parts.append(part.lower())
            else:
                parts.append(part[:1].upper() + part[1:].lower())
        out.append("-".join(parts))
    return " ".join(out)


def find_dtg(text: str) -> ParsedDate | None:
    """The first military date-time group ("221530Z OCT 62") in `text`."""
    match = _DTG_RE.search(text)
    if not match:
        return None
    year = int(match.group("year"))
    year = year + 1900 if year < 100 else year
    made = make_date(year, _MONTHS[match.group("month")], int(match.group("day")))
    if not made:
        return None
    start, end, precision = made
    return ParsedDate(start, end, precision, match.group(0), match.start(), match.end())


def _head_lines(text: str, limit: int = 30) -> list[str]:
    lines = [line.strip() for line in text[:3000].split("\n")]
    return [line for line in lines if line][:limit]


def read_text_fields(text: str) -> TextFields:
    """Read the document type, date, addressees and subject from the head of `text`."""
    fields = TextFields()
    head = text[:3000]
    upper_head = head.upper()
    for words, label in DOC_TYPE_HEADINGS:
        at = upper_head.find(words)
        if at >= 0 and head[at : at + len(words)].isupper():
            fields.doc_type, fields.doc_type_text = label, head[at : at + len(words)]
            break
    fields.date = _document_date(head)
    for match in _HEADING_LABEL_RE.finditer(head):
        label, value = match.group("memo") or match.group("label"), match.group("value").strip()
        if not value or len(value) > 160:
            continue
        if label == "MEMORANDUM FOR":
            if value.upper() not in {"THE RECORD", "RECORD"} and fields.to is None:
                fields.to = value.rstrip(":")
        elif label in {"FROM"} and fields.from_ is None:
            fields.from_ = value
        elif label == "TO" and fields.to is None:
            fields.to = value
        elif label in {"SUBJECT", "SUBJ"} and fields.subject is None:
            fields.subject = value
    if fields.subject is None and fields.doc_type:
        fields.heading = _subject_heading(head, fields.doc_type_text or "")
        if fields.heading:
            fields.subject = natural_case(fields.heading)
    return fields


def _document_date(head: str) -> ParsedDate | None:
    """The first full date in the head of the text (a memo date, "25 AUG 1950"), or a DTG."""
    for parsed in find_dates(head):
        # a slash date (2003/08/08) is a banner's release date, never the document's own
        if parsed.precision == "day" and "/" not in parsed.text and _plausible(parsed):
            return parsed
    dtg = find_dtg(head)
    return dtg if dtg and _plausible(dtg) else None


def _plausible(parsed: ParsedDate) -> bool:
    """CREST papers date from the 1940s on; an 1860 is an OCR slip for 1960, not a date to report."""
    return 1900 <= int(parsed.start[:4]) <= 2030


def _subject_heading(head: str, doc_type_text: str) -> str | None:
    """The all-capitals line after the type line that names the subject ("SINO-SOVIET RELATIONS")."""
    seen_type = False
    for line in _head_lines(head, 12):
        if not seen_type:
            seen_type = doc_type_text and doc_type_text in line
            continue
        letters = [c for c in line if c.isalpha()]
        if len(letters) < 4 or not line.isupper():
            continue
        if any(d.offset == 0 and d.end_offset >= len(line) - 1 for d in find_dates(line)):
            continue
        if re.fullmatch(r"(?:TOP )?SECRET.*|CONFIDENTIAL.*|UNCLASSIFIED.*|25X\d.*|STAT\w*", line):
            continue
        return line
    return None
