"""Small invented documents in the shape of the real ones, for the store and search tests.

The content is made up; only the shapes follow FRUS and CREST documents: a circular
airgram with footnotes, a CREST briefing with a 25X1 redaction and handwritten revisions,
a month-dated memorandum, an undated note, and one whose words look like SQL.
"""

from __future__ import annotations

from pathlib import Path

from declass.model import Document, Footnote

HOSTILE_TEXT = "Note on the query '; DROP TABLE docs; -- and \" OR 1=1 -- and {title}: NEAR(x y) *"


def _entity(doc: Document, word: str, eid: str, name: str, etype: str) -> None:
    start = doc.text.index(word)
    doc.add_span(start, start + len(word), "entity", id=eid, name=name, type=etype, variant=word)


def airgram() -> Document:
    text = (
        "Circular airgram to all diplomatic missions. The Sino-Soviet communiqués of October "
        "issued in Peiping show the partnership is closer than before. Missions should report "
        "reactions of host governments."
    )
    doc = Document(id="frus-test/d1", text=text, collection="frus", format="frus-text", title="Circular Airgram")
    doc.metadata.date.start = "1954-11-23"
    doc.metadata.date.precision = "day"
    doc.metadata.date.text = "November 23, 1954"
    doc.metadata.doc_type = "Circular Airgram"
    doc.metadata.volume = "frus-test"
    doc.metadata.from_ = "Department of State"
    doc.metadata.to = "All Diplomatic Missions"
    doc.metadata.classification.level = "confidential"
    doc.metadata.classification.marking = "CONFIDENTIAL"
    doc.footnotes.append(Footnote("1", "Drafted by Hollis Wren of the Office of Testing Affairs.", 30))
    _entity(doc, "Peiping", "place:beijing", "Beijing", "place")
    return doc


def briefing() -> Document:
    text = (
        "Briefing for the Council. Relations between Moscow and Peking remain close. 25X1 "
        "Mao Tse-tung has begun presents his views. The alliance will hold for now."
    )
    doc = Document(id="CIA-TEST-0001-1", text=text, collection="crest", format="crest", title="NSC Briefing")
    doc.metadata.date.start = "1953-11-04"
    doc.metadata.date.precision = "day"
    doc.metadata.doc_type = "briefing"
    doc.metadata.classification.level = "secret"
    red = text.index("25X1")
    doc.add_span(red, red + 4, "redaction", code="25X1")
    deleted = text.index("has begun")
    doc.add_span(deleted, deleted + len("has begun"), "deletion")
    inserted = text.index("presents")
    doc.add_span(inserted, inserted + len("presents"), "insertion")
    _entity(doc, "Peking", "place:beijing", "Beijing", "place")
    _entity(doc, "Mao Tse-tung", "person:mao", "Mao Zedong", "person")
    return doc


def memorandum() -> Document:
    text = "Memorandum on Formosa. The Strait question was discussed at length with the Ambassador."
    doc = Document(id="frus-test/d2", text=text, collection="frus", format="frus-text", title="Memorandum on Formosa")
    doc.metadata.date.start = "1961-05"
    doc.metadata.date.precision = "month"
    doc.metadata.doc_type = "memorandum"
    doc.metadata.volume = "frus-test"
    doc.metadata.from_ = "Secretary Halvorsen"
    doc.metadata.to = "President"
    doc.metadata.classification.level = "top secret"
    return doc


def undated() -> Document:
    text = "Undated note: the Peiping trade figures could not be confirmed."
    doc = Document(id="crest-undated-1", text=text, collection="crest", format="crest", title="Trade note")
    doc.metadata.doc_type = "note"
    return doc


def hostile() -> Document:
    return Document(id="odd'; id--", text=HOSTILE_TEXT, collection="crest", format="crest", title='Title "quoted"; x')


def sample() -> list[Document]:
    """The five documents, freshly built (tests may change them)."""
    return [airgram(), briefing(), memorandum(), undated(), hostile()]


def raw_of(doc: Document) -> bytes:
    """Stand-in raw input for a document: its text as the file would have held it."""
    return ("RAW " + doc.id + "\n" + doc.text).encode("utf-8")


def numbered(count: int) -> list[Document]:
    """`count` small distinct documents, each with a word of its own (`tok<n>x`) to find it by."""
    docs = []
    for n in range(count):
        text = f"Report number {n} on the tok{n}x question. The situation in Peiping is unchanged. 25X1 withheld."
        doc = Document(id=f"TEST-{n:05d}", text=text, collection="crest", format="crest", title=f"Report {n}")
        doc.metadata.date.start = f"{1950 + n % 30}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        doc.metadata.date.precision = "day"
        red = text.index("25X1")
        doc.add_span(red, red + 4, "redaction", code="25X1")
        docs.append(doc)
    return docs


def write_jsonl(folder: Path, docs: list[Document], per_file: int) -> list[Path]:
    """Write documents as `declass read` output, `per_file` per file; return the files."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(0, len(docs), per_file):
        path = folder / f"part-{i // per_file:04d}.jsonl"
        path.write_text("".join(d.dumps() + "\n" for d in docs[i : i + per_file]), encoding="utf-8")
        paths.append(path)
    return paths
