"""One FRUS TEI `div[@type="document"]` -> one `Document`.

The div's markup is walked into text and spans (`_tei_text`), then the metadata is
filled from the parts that carry it: the head (number, title, kind, sender and
recipient), the dateline (place, date), the machine date range on the div, the source
note (footnote 1), the memo heading lists, the closer, and the page breaks.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from lxml import etree

from declass.formats._tei_dates import date_extra, document_date
from declass.formats._tei_fields import (
    EDITORIAL_OMISSION,
    OMISSION,
    document_kind,
    is_editorial_note,
    parse_omission,
    parties_from_title,
    split_head,
)
from declass.formats._tei_text import PageMark, TextWalker, finish_text, inline_text
from declass.formats._tei_volume import FRUS_NS, XML_ID, Volume, local_name, squash
from declass.model import CLASSIFICATION_LEVELS, Classification, Document, Footnote, Metadata, Pages, Source

try:  # the shared source-note parser, when it is installed
    from declass.text.source_note import parse_source_note
except ModuleNotFoundError as _exc:  # pragma: no cover - depends on the checkout
    if _exc.name != "declass.text.source_note":
        raise
    parse_source_note = None

HISTORY_URL = "https://history.state.gov/historicaldocuments/{volume}/{doc}"
_MIN = f"{{{FRUS_NS}}}doc-dateTime-min"
_MAX = f"{{{FRUS_NS}}}doc-dateTime-max"


def build_document(
    div: etree._Element,
    volume: Volume,
    *,
    carried_page: dict[str, Any] | None,
    path: Path,
    position: int,
    reader: tuple[str, str],
) -> tuple[Document, dict[str, Any] | None]:
    """The `Document` for `div`, and the page in effect after it (carried to the next one).

    `carried_page` is the last `pb` met before the div (its attributes), `position` the
    div's 1-based place among the volume's documents (used only when it has no id),
    `reader` the (name, version) recorded on the document's source.
    """
    xml_id = div.get(XML_ID) or (f"d{squash(div.get('n'))}" if div.get("n") else f"div{position}")
    doc_id = f"{volume.id}/{xml_id}"
    head = next((c for c in div if local_name(c) == "head"), None)
    head_text = inline_text(head) if head is not None else ""
    number, title = split_head(head_text)
    editorial = is_editorial_note(div.get("subtype"), head_text)

    walker = TextWalker(volume)
    walker.text_node(div.text)
    for child in div:
        if child is head:
            walker.block(child, "heading", level=1)
        else:
            walker.node(child)
        walker.text_node(child.tail)
    text = finish_text(walker)
    result = walker.result

    doc = Document(id=doc_id, text=text, collection="frus", format=reader[0], title=title or None)
    doc.spans = walker.spans
    doc.footnotes = result.footnotes
    for name in result.unknown:
        doc.warnings.append(f"unknown element <{name}> kept as text")
    _mark_omissions(doc)
    for note in doc.footnotes:
        _note_omissions(note)
    last_page = _page_spans(doc, result.pages, carried_page)

    meta = doc.metadata
    meta.volume = volume.id
    meta.doc_number = squash(div.get("n")) or number
    meta.doc_type = "Editorial Note" if editorial else document_kind(title)
    _fill_parties(meta, head, title)
    _fill_dates(meta, div, result.dateline)
    meta.subject = "; ".join(result.memo.get("subject", [])) or None
    for key, items in result.memo.items():
        if key != "subject":
            meta.extra[key] = items
    meta.signers = list(result.signers) or _right_aligned_signer(div)
    meta.extra["volume"] = volume.to_json()
    meta.extra["xml_id"] = xml_id
    if div.get("subtype"):
        meta.extra["subtype"] = div.get("subtype")
    if head_text:
        meta.evidence["title"] = head_text
    _fill_source_note(meta, doc.footnotes)

    raw = etree.tostring(div, encoding="utf-8")
    doc.source = Source(
        path=str(path),
        sha256=hashlib.sha256(raw).hexdigest(),
        format=reader[0],
        reader_version=reader[1],
        url=HISTORY_URL.format(volume=volume.id, doc=xml_id),
        size=len(raw),
        encoding="utf-8",
    )
    return doc, last_page


def _right_aligned_signer(div: etree._Element) -> list[str]:
    """A signature set as the document's last paragraph, right-aligned, instead of in a closer."""
    last = next((c for c in reversed(div) if isinstance(c.tag, str) and local_name(c) not in ("pb", "note")), None)
    if last is not None and local_name(last) == "p" and last.get("rend") == "right":
        words = inline_text(last)
        if words and len(words) <= 80:
            return [words]
    return []


def _fill_parties(meta: Metadata, head: etree._Element | None, title: str) -> None:
    """Sender and recipient as the title words them; the head's tagged parties kept beside.

    `from_`/`to` hold the title's words without a leading article ("Secretary of State
    Rogers"), so a document reads the same from TEI and from the site's text, where the
    markup is gone. The `persName`/`gloss` elements typed from/to are kept in
    `extra["parties_tagged"]` (and as entity spans with a `role`); they fill `from_`/`to`
    only when the title has no such words.
    """
    wording = {k: _drop_article(v) for k, v in (parties_from_title(title) if title else {}).items()}
    tagged: dict[str, list[str]] = {"from": [], "to": []}
    if head is not None:
        for element in head.iter("{*}persName", "{*}gloss"):
            role = element.get("type")
            if role in ("from", "to"):
                if not any(local_name(a) == "note" for a in element.iterancestors()):
                    tagged[role].append(inline_text(element))
    meta.from_ = wording.get("from") or (" and ".join(tagged["from"]) or None)
    meta.to = wording.get("to") or (" and ".join(tagged["to"]) or None)
    if wording:
        meta.extra["parties_wording"] = wording
    if tagged["from"] or tagged["to"]:
        meta.extra["parties_tagged"] = {k: v for k, v in tagged.items() if v}


def _drop_article(party: object) -> object:
    if isinstance(party, str) and party.startswith("the "):
        return party[4:]
    return party


def _fill_dates(meta: Metadata, div: etree._Element, dateline: dict[str, Any] | None) -> None:
    machine = {"min": div.get(_MIN), "max": div.get(_MAX)}
    machine = {k: v for k, v in machine.items() if v}
    date_attrs = (dateline or {}).get("date_attrs") or {}
    date_text = (dateline or {}).get("date_text")
    meta.date = document_date(machine, date_attrs, date_text)
    extra = date_extra({f"doc-dateTime-{k}": v for k, v in machine.items()}, date_attrs)
    if extra:
        meta.extra["date"] = extra
    if dateline:
        meta.place = dateline.get("place") or None
        meta.extra["dateline"] = dateline.get("text")


def _fill_source_note(meta: Metadata, footnotes: list[Footnote]) -> None:
    """Keep the source note's words, and its parsed parts when the parser is installed."""
    note = next((f for f in footnotes if f.attrs.get("type") == "source"), None)
    if note is None:
        note = next((f for f in footnotes if f.n == "1" and f.text.startswith("Source:")), None)
    if note is None:
        return
    meta.extra["source_note"] = {"text": note.text}
    if parse_source_note is None:
        return
    parsed = parse_source_note(note.text)
    meta.extra["source_note"] = dict(_as_dict(parsed), text=note.text)
    for name in ("file_numbers", "drafted_by", "cleared_by", "approved_by", "handling"):
        value = getattr(parsed, name, None)
        if value:
            setattr(meta, name, list(value))
    level = getattr(parsed, "classification", None)
    marking = getattr(parsed, "marking", None)
    if isinstance(level, str) and level in CLASSIFICATION_LEVELS:
        meta.classification = Classification(level=level, marking=marking)
    elif marking:
        meta.classification = Classification(level="unknown", marking=marking)


def _as_dict(value: Any) -> dict[str, Any]:
    if hasattr(value, "to_json"):
        return dict(value.to_json())
    if hasattr(value, "__dataclass_fields__"):
        import dataclasses

        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    return {"value": str(value)}


def _plain(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool, type(None), list, dict)) else str(value)


def _mark_omissions(doc: Document) -> None:
    """Redaction spans over "[... not declassified]", editorial-omission spans over "[Omitted here ...]"."""
    if "[" not in doc.text:  # both markers are in brackets; most documents have none
        return
    for match in OMISSION.finditer(doc.text):
        attrs = {"marker": match.group(0), "code": "FRUS-omission", **parse_omission(match.group(1))}
        doc.add_span(match.start(), match.end(), "redaction", **attrs)
    for match in EDITORIAL_OMISSION.finditer(doc.text):
        doc.add_span(match.start(), match.end(), "editorial_omission", marker=match.group(0))


def _note_omissions(note: Footnote) -> None:
    if "[" not in note.text:  # the marker is in brackets; most notes have none
        return
    found = [
        {"start": m.start(), "end": m.end(), "marker": m.group(0), "code": "FRUS-omission",
         **parse_omission(m.group(1))}
        for m in OMISSION.finditer(note.text)
    ]
    if found:
        note.attrs["redactions"] = found


def _page_spans(doc: Document, marks: list[PageMark], carried: dict[str, Any] | None) -> dict[str, Any] | None:
    """Page spans from the page breaks met, the first page carried over from before the div.

    Returns the page in effect at the end of the document.
    """
    bounds: list[tuple[int, dict[str, Any]]] = []
    if carried is not None and (not marks or marks[0].offset > 0):
        bounds.append((0, dict(carried, continued=True)))
    bounds.extend((min(m.offset, len(doc.text)), dict(m.attrs)) for m in marks)
    for index, (start, attrs) in enumerate(bounds):
        end = bounds[index + 1][0] if index + 1 < len(bounds) else len(doc.text)
        doc.add_span(start, max(start, end), "page", **attrs)
    if bounds:
        # the first page is known only when a page span covers the document's start
        first = bounds[0][1].get("n") if bounds[0][0] == 0 else None
        doc.metadata.pages = Pages(first=first, last=bounds[-1][1].get("n"))
    if marks:
        last = dict(marks[-1].attrs)
        last.pop("in_note", None)
        return last
    return carried
