"""Citations for documents, in the Chicago note style historians use.

A citation is built only from what the document holds: a part that is unknown is left
out, never filled in with a guess.

    FRUS:  "The Secretary of State to All Diplomatic and Consular Missions," November 23, 1954,
           in Foreign Relations of the United States, 1952–1954, Volume VIII, China and Japan,
           Document 632, pp. 1261–1263, https://history.state.gov/historicaldocuments/frus1952-54v08/d632.
    CREST: "NSC Briefing: Sino-Soviet Relations," November 4, 1953, CIA-RDP80R01443R000200010007-3,
           released 2003/08/08, CIA CREST.

The volume's years and number come from the volume id (`frus1952-54v08` → 1952–1954,
Volume VIII) when the document does not carry its volume title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from declass.model import Document

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_FRUS_VOLUME = re.compile(r"^frus(?P<y1>\d{4})(?:-(?P<y2>\d{2,4}))?v(?P<vol>\d+)(?:p(?P<part>\d+))?$", re.IGNORECASE)
_FRUS_DOC = re.compile(r"^(?P<volume>frus[\w-]+)/(?P<doc>d\d+\w*|ch\d+\w*)$", re.IGNORECASE)
_CREST_NUMBER = re.compile(r"^CIA-RDP[\w-]+$|^C\d{8}$", re.IGNORECASE)


@dataclass(slots=True)
class Citation:
    """A citation as plain text and as its parts (for the web page's copy button)."""

    text: str
    style: str
    url: str | None = None


def roman(number: int) -> str:
    """`8` → `VIII` (volume numbers are printed in roman numerals)."""
    values = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
              (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip
    out = []
    for value, numeral in values:
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out)


def frus_volume_label(volume_id: str) -> str | None:
    """`frus1952-54v08` → `1952–1954, Volume VIII`; `frus1952-54v02p1` → `..., Volume II, Part 1`."""
    m = _FRUS_VOLUME.match(volume_id.strip())
    if not m:
        return None
    years = m["y1"]
    if m["y2"]:
        y2 = m["y2"]
        if len(y2) == 2:
            y2 = m["y1"][:2] + y2
        years = f"{m['y1']}–{y2}"
    label = f"{years}, Volume {roman(int(m['vol']))}" if int(m["vol"]) > 0 else years
    if m["part"]:
        label += f", Part {int(m['part'])}"
    return label


def human_date(iso: str | None, precision: str = "day") -> str | None:
    """`1954-11-23` → `November 23, 1954`, at the precision the date is known to."""
    if not iso:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", iso)
    if not m:
        return iso
    year, month, day = m[1], m[2], m[3]
    if precision == "decade":
        return f"{year[:3]}0s"
    if precision == "year" or not month or not (1 <= int(month) <= 12):
        return year
    if precision == "month" or not day:
        return f"{_MONTHS[int(month) - 1]} {year}"
    return f"{_MONTHS[int(month) - 1]} {int(day)}, {year}"


def _pages(doc: Document) -> str | None:
    first, last = doc.metadata.pages.first, doc.metadata.pages.last
    if not first:
        return None
    if last and last != first:
        return f"pp. {first}–{last}"
    return f"p. {first}"


def _extra_text(doc: Document, *keys: str) -> str | None:
    for key in keys:
        value = doc.metadata.extra.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _title(doc: Document) -> str | None:
    title = doc.title or doc.metadata.subject
    if title:
        return title.strip().rstrip(".,")
    parties = [p for p in (doc.metadata.from_, doc.metadata.to) if p]
    if len(parties) == 2:
        return f"{parties[0]} to {parties[1]}"
    return None


def _date(doc: Document) -> str | None:
    d = doc.metadata.date
    return human_date(d.start, d.precision) if d.known else None


def is_frus(doc: Document) -> bool:
    return (doc.collection or "").lower() == "frus" or bool(_FRUS_DOC.match(doc.id))


def is_crest(doc: Document) -> bool:
    return (doc.collection or "").lower() == "crest" or bool(_CREST_NUMBER.match(doc.id))


def frus_citation(doc: Document) -> Citation:
    """Chicago-style note for a FRUS document: title, date, volume, editors, number, pages, URL."""
    parts: list[str] = []
    title = _title(doc)
    date = _date(doc)
    head = f"“{title},”" if title else ""
    if date:
        head = f"{head} {date}," if head else f"{date},"
    if head:
        parts.append(head)
    volume_id = doc.metadata.volume or (doc.id.split("/", 1)[0] if "/" in doc.id else None)
    series = "Foreign Relations of the United States"
    volume_title = _extra_text(doc, "volume_title", "volume_complete_title")
    label = frus_volume_label(volume_id) if volume_id else None
    if volume_title and volume_title.startswith(series):
        volume_part = volume_title
    else:
        volume_part = series + (f", {label}" if label else (f", {volume_id}" if volume_id else ""))
        subtitle = _extra_text(doc, "volume_subtitle", "subtitle")
        if subtitle:
            volume_part += f", {subtitle}"
    parts.append(("in " if head else "") + volume_part + ",")
    editors = _extra_text(doc, "editors", "editor", "volume_editors")
    if editors:
        parts.append(f"ed. {editors},")
    published = _extra_text(doc, "volume_published", "publication_date")
    if published:
        parts.append(f"({published}),")
    if doc.metadata.doc_number:
        parts.append(f"Document {doc.metadata.doc_number},")
    pages = _pages(doc)
    if pages:
        parts.append(pages + ",")
    url = doc.source.url
    m = _FRUS_DOC.match(doc.id)
    if not url and m:
        url = f"https://history.state.gov/historicaldocuments/{m['volume']}/{m['doc']}"
    if url:
        parts.append(url + ",")
    text = " ".join(parts).rstrip(",") + "."
    return Citation(text=text, style="chicago-frus", url=url)


def crest_citation(doc: Document) -> Citation:
    """Chicago-style note for a CREST document: title, date, document number, release, CREST."""
    parts: list[str] = []
    title = _title(doc)
    if title:
        parts.append(f"“{title},”")
    date = _date(doc)
    if date:
        parts.append(date + ",")
    candidates = (doc.metadata.doc_number or "", doc.id)
    number = next((c for c in candidates if _CREST_NUMBER.match(c)), None)
    if number:
        parts.append(number + ",")
    release = doc.metadata.release
    if release.date:
        parts.append(f"released {release.date.replace('-', '/')},")
    parts.append("CIA CREST,")
    if doc.source.url:
        parts.append(doc.source.url + ",")
    return Citation(text=" ".join(parts).rstrip(",") + ".", style="chicago-crest", url=doc.source.url)


def generic_citation(doc: Document) -> Citation:
    """A note for any other document: title, date, collection and id."""
    parts: list[str] = []
    title = _title(doc)
    if title:
        parts.append(f"“{title},”")
    date = _date(doc)
    if date:
        parts.append(date + ",")
    if doc.collection:
        parts.append(doc.collection + ",")
    parts.append(doc.id + ",")
    if doc.source.url:
        parts.append(doc.source.url + ",")
    return Citation(text=" ".join(parts).rstrip(",") + ".", style="chicago", url=doc.source.url)


def cite(doc: Document) -> Citation:
    """The citation for a document, in the form its collection calls for."""
    if is_frus(doc):
        return frus_citation(doc)
    if is_crest(doc):
        return crest_citation(doc)
    return generic_citation(doc)
