"""Documents invented for the reading-room tests, built as a reader would build them.

The content is made up in the style of each collection (an NSC briefing with handwritten
changes and withheld passages, a FRUS airgram with footnotes, a hostile document full of
markup, an undated note, a run of plain documents for paging). Each is stored with raw
bytes of its own, as `declass ingest` would.
"""

from __future__ import annotations

from pathlib import Path

from declass.model import Classification, DateInfo, Document, Footnote, Release
from declass.store import open_store
from declass.text.builder import TextBuilder

BRIEFING_ID = "CIA-RDP99X00001R000100010001-1"
AIRGRAM_ID = "frus1955-57v99/d17"
HOSTILE_ID = "hostile/doc<1>"
UNDATED_ID = "CIA-RDP99X00001R000100020002-2"

SCRIPT = '<script>alert("pwned")</script><img src=x onerror="alert(2)">'


def briefing() -> Document:
    """An invented NSC briefing: outline, Peiping, deletions, insertions, 25X1, a judgment, two pages."""
    b = TextBuilder()
    with b.span("page", n="1"):
        b.add("NSC BRIEFING", "heading")
        b.append("\n\n12 March 1954\n\nSINO-SOVIET TRADE\n\n")
        b.append("I. ")
        b.add("Peiping", "entity", id="beijing", name="Beijing", type="place", variant="Peiping")
        b.append(" propaganda ")
        b.add("has begun to insist", "deletion", hand="ink")
        b.append(" ")
        b.add("now presents", "insertion", hand="pencil")
        b.append(" that trade with ")
        b.add("Moscow", "entity", id="moscow", name="Moscow", type="place")
        b.append(" is growing.\n\n")
        b.add("25X1", "redaction", code="25X1", meaning="reveals an intelligence source or method")
        b.append("\n\n")
    with b.span("page", n="2"):
        b.append("II. ")
        with b.span("judgment", band="almost certain", kent="almost certain", phrase="almost certainly"):
            b.append("Shipments through ")
            b.add("Peking", "entity", id="beijing", name="Beijing", type="place", variant="Peking")
            b.append(" have almost certainly doubled")
        b.append(" since the winter.\n\n")
        b.add("25X1", "redaction", code="25X1", meaning="reveals an intelligence source or method")
        b.append("\n\nIII. The ")
        b.add("Kremlin", "entity", id="moscow", name="Moscow", type="place", variant="Kremlin")
        b.append(" has not objected.\n")
    doc = Document(
        id=BRIEFING_ID,
        text=b.text,
        spans=b.spans,
        collection="crest",
        format="crest",
        title="NSC Briefing: Sino-Soviet Trade",
    )
    m = doc.metadata
    m.date = DateInfo("1954-03-12", None, "day", "12 March 1954", "text")
    m.doc_type = "NSC briefing"
    m.subject = "Sino-Soviet trade"
    m.classification = Classification("secret", "SECRET")
    m.release = Release("2005-01-01", "Approved For Release 2005/01/01 : " + BRIEFING_ID, "RIPPUB", "full")
    m.doc_number = BRIEFING_ID
    doc.source.format = "crest"
    doc.source.path = "invented/briefing.md"
    return doc


def airgram() -> Document:
    """An invented FRUS airgram: file number with its decoding, two footnotes, pages 101–102."""
    b = TextBuilder()
    with b.span("page", n="101"):
        b.add(
            "793.00/3–1555",
            "file_number",
            number="793.00/3–1555",
            meaning="Political affairs: China",
            date="1955-03-15",
        )
        b.append(": Circular airgram\n\nNo. 17\nThe Secretary of State to Certain Diplomatic Missions")
        start = len(b)
        b.mark(start, start, "footnote_ref", n="1")
        b.append("\n\nThe Department notes that trade between ")
        b.add("Peiping", "entity", id="beijing", name="Beijing", type="place", variant="Peiping")
        b.append(" and Moscow rose in 1954")
        ref2 = len(b)
        b.mark(ref2, ref2, "footnote_ref", n="2")
        b.append(". It was probably a seasonal ")
    with b.span("page", n="102"):
        b.append("rise.\n\nDulles\n")
    doc = Document(
        id=AIRGRAM_ID,
        text=b.text,
        spans=b.spans,
        collection="frus",
        format="frus-text",
        title="The Secretary of State to Certain Diplomatic Missions",
        footnotes=[
            Footnote("1", "Drafted by A. Example and B. Sample; approved by C. Person.", start),
            Footnote("2", "Telegram 99 from Moscow, March 2, reported the figures.", ref2),
        ],
    )
    m = doc.metadata
    m.date = DateInfo("1955-03-15", None, "day", None, "file number")
    m.doc_type = "Circular airgram"
    m.doc_number = "17"
    m.volume = "frus1955-57v99"
    m.file_numbers = ["793.00/3–1555"]
    m.from_ = "The Secretary of State"
    m.to = "Certain Diplomatic Missions"
    m.classification = Classification("confidential", "confidential")
    m.pages.first, m.pages.last = "101", "102"
    m.drafted_by = ["A. Example", "B. Sample"]
    m.approved_by = ["C. Person"]
    m.signers = ["Dulles"]
    m.extra["source_note"] = "Source: Department of State, Central Files, 793.00/3–1555. Confidential."
    doc.source.format = "frus-text"
    doc.source.path = "invented/frus1955-57v99_d17.txt"
    return doc


def hostile() -> Document:
    """A document whose every field carries markup, quotes and script."""
    text = f"Ordinary words. {SCRIPT} & more <b>bold?</b> \"quoted\" 'single'\n\nPeiping {SCRIPT}\n"
    doc = Document(id=HOSTILE_ID, text=text, collection="crest", format="crest", title=f"Title {SCRIPT}")
    i = text.index("<script>")
    doc.add_span(i, i + 8, "redaction", code='"><script>alert(3)</script>', meaning=SCRIPT)
    j = text.index("Peiping")
    doc.add_span(j, j + 7, "entity", id='x"><script>alert(4)</script>', name=SCRIPT, type="place")
    doc.add_span(0, 8, "judgment", band='"><img src=x onerror=alert(5)>')
    doc.add_span(9, 15, "page", n=SCRIPT)
    doc.footnotes.append(Footnote(SCRIPT, f"Note {SCRIPT}", 5))
    doc.add_span(5, 5, "footnote_ref", n=SCRIPT)
    m = doc.metadata
    m.date = DateInfo("1960-01-01", None, "day", SCRIPT, "text")
    m.subject = SCRIPT
    m.from_ = SCRIPT
    m.file_numbers = [SCRIPT]
    m.classification = Classification("secret", SCRIPT)
    m.extra["source_note"] = SCRIPT
    doc.warnings.append(SCRIPT)
    doc.source.path = "invented/<hostile>.txt"
    return doc


def undated() -> Document:
    doc = Document(
        id=UNDATED_ID, text="Memorandum without a date about Peiping and grain.\n", collection="crest", format="crest",
        title="Undated memorandum",
    )  # fmt: skip
    doc.metadata.doc_type = "memorandum"
    return doc


def plain_run(n: int = 24) -> list[Document]:
    """Plain dated memoranda over 1950–1961 so that results need more than one page."""
    docs = []
    for i in range(n):
        year = 1950 + i % 12
        doc = Document(
            id=f"CIA-RDP99X00002R{i:06d}0001-{i % 10}",
            text=f"Report {i} on grain shipments and rail traffic in {year}.\n",
            collection="crest",
            format="crest",
            title=f"Grain report {i}",
        )
        doc.metadata.date = DateInfo(f"{year}-06-01", None, "day", None, "text")
        doc.metadata.doc_type = "report"
        doc.metadata.classification = Classification("confidential" if i % 2 else "unclassified", None)
        docs.append(doc)
    return docs


def fixture_documents() -> list[Document]:
    return [briefing(), airgram(), hostile(), undated(), *plain_run()]


def build_store(path: Path, extra: list[tuple[Document, bytes]] | None = None) -> Path:
    """Ingest the fixture documents (and `extra`) into an SQLite store at `path`."""
    items = [(doc, ("raw of " + doc.id + "\n" + doc.text).encode("utf-8")) for doc in fixture_documents()]
    items.extend(extra or [])
    with open_store(str(path)) as store:
        store.put_many(items)
    return path
