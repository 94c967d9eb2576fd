"""Volume-level facts of a FRUS TEI file: header metadata and the persons and terms lists.

The header gives the volume's titles, publication date and identifiers; the front matter
gives the editors' persons list (`div xml:id="persons"`) and abbreviations list
(`div xml:id="terms"`) against which `persName/@corresp` and `gloss/@target` are resolved.
Spellings of the `title/@type` values differ between volumes (`sub-series`/`subseries`,
`volume-number`/`volumenumber`/`volumeno`, `volume`/`volumetitle`); all are accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
FRUS_NS = "http://history.state.gov/frus/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


#: header title types -> the key they are kept under
_TITLE_KEYS = {
    "complete": "title",
    "series": "series",
    "sub-series": "subseries",
    "subseries": "subseries",
    "volume-number": "volume_number",
    "volumenumber": "volume_number",
    "volumeno": "volume_number",
    "volume": "volume_title",
    "volumetitle": "volume_title",
}


def tei(local: str) -> str:
    """The Clark name of a TEI element."""
    return f"{{{TEI_NS}}}{local}"


_LOCAL_NAMES: dict[str, str] = {}


def local_name(element: etree._Element) -> str:
    """The element's name without its namespace ("" for comments and processing instructions)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rpartition("}")[2]
        if len(_LOCAL_NAMES) < 10_000:  # a file with endless distinct tags must not grow the cache without bound
            _LOCAL_NAMES[tag] = name
    return name


def squash(text: str | None) -> str:
    """Whitespace runs folded to one space, ends trimmed (TEI files are pretty-printed)."""
    return " ".join(text.split()) if text else ""


def plain_text(element: etree._Element) -> str:
    """All the text of an element, comments and processing instructions left out, squashed."""
    return squash("".join(element.xpath(".//text()[not(parent::comment()) and not(parent::processing-instruction())]")))


@dataclass(slots=True)
class Person:
    """One entry of a volume's persons list: its id, name as the editors wrote it, description."""

    id: str
    name: str
    description: str | None = None


@dataclass(slots=True)
class Term:
    """One entry of a volume's abbreviations list."""

    id: str
    term: str
    expansion: str | None = None


@dataclass(slots=True)
class Volume:
    """What a FRUS volume says about itself, plus the lists found so far."""

    id: str
    title: str | None = None
    series: str | None = None
    subseries: str | None = None
    volume_number: str | None = None
    volume_title: str | None = None
    publication_date: str | None = None
    publisher: str | None = None
    release_note: str | None = None
    editors: list[str] = field(default_factory=list)
    idnos: dict[str, str] = field(default_factory=dict)
    content_date: dict[str, str] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    terms: dict[str, Term] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The volume metadata kept on every document (the lists are left out: they are per volume)."""
        out: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "series": self.series,
            "subseries": self.subseries,
            "volume_number": self.volume_number,
            "volume_title": self.volume_title,
            "publication_date": self.publication_date,
            "publisher": self.publisher,
            "release_note": self.release_note,
            "editors": list(self.editors),
        }
        if self.idnos:
            out["idnos"] = dict(self.idnos)
        if self.content_date:
            out["content_date"] = dict(self.content_date)
        return out


def read_header(header: etree._Element, fallback_id: str) -> Volume:
    """Volume metadata from `teiHeader`; `fallback_id` is the root xml:id or the file name."""
    idnos = {}
    for idno in header.iter(tei("idno")):
        value = squash(idno.text)
        if value and idno.get("type"):
            idnos[idno.get("type", "")] = value
    volume = Volume(id=fallback_id or idnos.get("frus", ""), idnos=idnos)
    if not volume.id and "frus" in idnos:
        volume.id = idnos["frus"]
    title_stmt = header.find(f"{tei('fileDesc')}/{tei('titleStmt')}")
    if title_stmt is not None:
        for title in title_stmt.iter(tei("title")):
            key = _TITLE_KEYS.get(title.get("type", ""))
            value = plain_text(title)
            if key and value and getattr(volume, key) is None:
                setattr(volume, key, value)
        volume.editors = [plain_text(e) for e in title_stmt.iter(tei("editor")) if plain_text(e)]
    pub = header.find(f"{tei('fileDesc')}/{tei('publicationStmt')}")
    if pub is not None:
        for date in pub.iter(tei("date")):
            kind = date.get("type")
            if kind in (None, "publication-date") and volume.publication_date is None:
                volume.publication_date = date.get("when") or plain_text(date) or None
            elif kind == "content-date":
                volume.content_date = {
                    k: v for k, v in (("text", plain_text(date)), ("notBefore", date.get("notBefore")),
                                      ("notAfter", date.get("notAfter"))) if v
                }
        publisher = pub.find(tei("publisher"))
        if publisher is not None:
            volume.publisher = plain_text(publisher) or None
    source_desc = header.find(f"{tei('fileDesc')}/{tei('sourceDesc')}")
    if source_desc is not None:
        volume.release_note = plain_text(source_desc) or None
    return volume


def read_persons(section: etree._Element, into: dict[str, Person]) -> None:
    """Add every `persName[@xml:id]` of a persons list to `into`.

    An item can hold an alias as a second persName with its own id; both get the item's
    description (the words after the bold name, without the leading comma).
    """
    for item in section.iter(tei("item")):
        named = [p for p in item.iter(tei("persName")) if p.get(XML_ID)]
        if not named:
            continue
        description = _item_description(item, named)
        for pers in named:
            into[pers.get(XML_ID, "")] = Person(pers.get(XML_ID, ""), plain_text(pers), description)


def read_terms(section: etree._Element, into: dict[str, Term]) -> None:
    """Add every `term[@xml:id]` of an abbreviations list to `into`."""
    for item in section.iter(tei("item")):
        named = [t for t in item.iter(tei("term")) if t.get(XML_ID)]
        if not named:
            continue
        expansion = _item_description(item, named)
        for term in named:
            into[term.get(XML_ID, "")] = Term(term.get(XML_ID, ""), plain_text(term), expansion)


def _item_description(item: etree._Element, named: list[etree._Element]) -> str | None:
    """The words of a list item after its last named entry (`persName`/`term`), comma dropped.

    Rank or title words written inside the bold head after the name belong to the
    description too, so the cut is made after the name itself, not after the bold run.
    """
    last = named[-1]
    pieces: list[str] = []
    cut = 0

    def walk(element: etree._Element) -> None:
        nonlocal cut
        if isinstance(element.tag, str):
            pieces.append(element.text or "")
        for child in element:
            if isinstance(child.tag, str):
                walk(child)
            if child is last:
                cut = len(pieces)
            pieces.append(child.tail or "")

    walk(item)
    text = squash("".join(pieces[cut:])).lstrip(",;: ").strip()
    return text or None
