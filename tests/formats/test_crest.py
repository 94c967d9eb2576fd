"""Reader `crest`: the seed briefing, invented fixtures in each layout, pages, and bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from declass.errors import ReadError
from declass.formats import crest
from declass.model import Document, Source
from tests.conftest import FIXTURES, corpus_path

CREST_FIXTURES = FIXTURES / "crest"
SEED_ID = "CIA-RDP80R01443R000200010007-3"


def _read(path: Path) -> Document:
    docs = list(crest.read(path))
    assert len(docs) == 1
    return docs[0]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# -- the seed -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Document:
    return _read(corpus_path("seeds", f"{SEED_ID}.md"))


@pytest.mark.corpus
def test_seed_identity_and_dates(seed: Document) -> None:
    meta = seed.metadata
    assert seed.id == SEED_ID and meta.doc_number == SEED_ID
    assert seed.collection == "crest" and seed.format == "crest"
    assert (meta.date.start, meta.date.precision, meta.date.text) == ("1953-11-04", "day", "4 November 1953")
    assert meta.release.date == "2003-08-08"
    assert meta.doc_type == "NSC briefing"
    assert meta.subject == "Sino-Soviet relations"
    assert seed.title == "Sino-Soviet Relations"
    assert seed.warnings == []


@pytest.mark.corpus
def test_seed_redactions(seed: Document) -> None:
    redactions = seed.spans_of("redaction")
    coded = [s for s in redactions if s.attrs["code"] == "25X1"]
    assert len(coded) == 20
    for span in coded:
        assert seed.span_text(span) == "25X1"
        assert span.attrs["marker"] == "25X1" and span.attrs["meaning"] and span.attrs["basis"]
    others = [s for s in redactions if s.attrs["code"] != "25X1"]
    assert [seed.span_text(s) for s in others] == ["[redacted]"]


@pytest.mark.corpus
def test_seed_revisions(seed: Document) -> None:
    assert len(seed.spans_of("deletion")) == 16
    assert len(seed.spans_of("insertion")) == 9
    assert len(seed.spans_of("caret")) == 1
    assert "Soviet propaganda has begun to insist that China is a world power" in _norm(seed.reading("original"))
    assert "Soviet propaganda presents as China a world power" in _norm(seed.reading("revised"))
    assert "~~" not in seed.text and "^{" not in seed.text and "[^]" not in seed.text
    deleted = [seed.span_text(s) for s in seed.spans_of("deletion")]
    assert "has begun to insist" in deleted and "fairly" in deleted
    inserted = [seed.span_text(s) for s in seed.spans_of("insertion")]
    assert "presents" in inserted and "with consideration" in inserted


@pytest.mark.corpus
def test_seed_banners_become_page_boundaries(seed: Document) -> None:
    assert "Approved For" not in seed.text and "RDP" not in seed.text
    pages = seed.spans_of("page")
    assert [p.attrs["n"] for p in pages] == [1, 2, 3]
    assert seed.span_text(pages[0]).startswith("NSC BRIEFING")
    assert seed.span_text(pages[1]).lstrip().startswith("25X1\n\nC. Chinese Communist forces")
    assert seed.metadata.extra["banners"]["numbers"] == {SEED_ID: 3}


@pytest.mark.corpus
def test_seed_outline(seed: Document) -> None:
    items = seed.spans_of("outline_item")
    points = [s.attrs["label"] for s in items if s.attrs["level"] == 1]
    assert points == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    by_point: dict[str, list[str]] = {}
    current = ""
    for span in items:
        if span.attrs["level"] == 1:
            current = span.attrs["label"]
        else:
            by_point.setdefault(current, []).append(span.attrs["label"])
    assert by_point["I"] == ["A", "B", "C", "D"]
    assert by_point["V"] == ["A", "F", "G", "H", "I", "J", "K", "L", "M", "N"]
    first = items[0]
    assert seed.span_text(first).startswith("I. No fundamental change")


@pytest.mark.corpus
def test_seed_handwriting(seed: Document) -> None:
    notes = [seed.span_text(s) for s in seed.spans_of("marginal_note")]
    assert all(s.attrs["hand"] == "handwriting" for s in seed.spans_of("marginal_note"))
    assert "under extension of 1950 agreement." in notes
    assert "professed" in notes
    assert any(n.startswith("IX This relates to Krenelin") for n in notes)
    assert any(n.startswith("G. No Titist movement") for n in notes)


@pytest.mark.corpus
def test_seed_round_trips_through_json(seed: Document) -> None:
    again = Document.from_json(json.loads(seed.dumps()))
    assert again.text == seed.text and len(again.spans) == len(seed.spans)


# -- invented fixtures, one per layout ----------------------------------------------------


def test_transcription_fixture() -> None:
    doc = _read(CREST_FIXTURES / "transcription-briefing.md")
    assert doc.id == "CIA-RDP91T00999R000400050006-2"
    assert doc.metadata.doc_type == "DCI briefing"
    assert doc.metadata.subject == "Arctic shipping routes"
    assert doc.metadata.date.start == "1958-03-12"
    assert len(doc.spans_of("deletion")) == 6 and len(doc.spans_of("insertion")) == 4
    assert "The route is useful for naval transit" in _norm(doc.reading("revised"))
    assert "The route is not yet useful for military transit" in _norm(doc.reading("original"))
    assert [s.attrs["code"] for s in doc.spans_of("redaction")] == ["25X1", "redacted", "STAT"]
    assert [s.attrs["n"] for s in doc.spans_of("page")] == [1, 2, 3]
    notes = [doc.span_text(s) for s in doc.spans_of("marginal_note")]
    assert notes == ["check figures", "watch the\nice reports"]
    labels = [(s.attrs["level"], s.attrs["label"]) for s in doc.spans_of("outline_item")]
    assert labels[:4] == [(1, "I"), (2, "A"), (2, "B"), (2, "C")] and (1, "III") in labels


def test_reading_room_table_layout() -> None:
    doc = _read(CREST_FIXTURES / "reading-room-table.txt")
    meta = doc.metadata
    cat = meta.extra["catalogue"]
    assert cat["Document Number (FOIA) /ESDN (CREST)"] == "CIA-RDP91T00999R000400050006-2"
    assert cat["Case Number"] is None and cat["Collection"] is None
    assert cat["File"] == "Attachment | Size |\n---|---|\n![]() | 1.21 MB |"
    assert doc.title == "WEEKLY REVIEW OF HARBOUR CONSTRUCTION"
    assert doc.id == meta.doc_number == "CIA-RDP91T00999R000400050006-2"
    assert (meta.release.decision, meta.release.kind, meta.release.date) == ("RIPPUB", "in part", "2004-05-06")
    assert meta.classification.level == "secret" and meta.classification.marking == "SECRET NOFORN"
    assert meta.handling == ["NOFORN"]
    assert (meta.pages.first, meta.pages.last) == ("1", "7")
    assert meta.date.start == "1958-03-12" and meta.date.source == "catalogue: Publication Date"
    assert meta.doc_type == "Report"
    assert meta.to == "Director of Central Intelligence" and meta.from_ == "Office of Research Reports"
    assert meta.subject == "Harbour construction on the northern coast"
    assert meta.extra["denied_pages"] == 1
    assert "Document Number" not in doc.text and "Approved For" not in doc.text


def test_reading_room_space_joined_layout() -> None:
    doc = _read(CREST_FIXTURES / "reading-room-attachmentsize.txt")
    assert doc.id == "CIA-RDP80B01999R000700030004-5"
    assert doc.metadata.release.kind == "full" and doc.metadata.release.decision == "RIFPUB"
    assert doc.metadata.classification.level == "confidential"
    expected_file = "AttachmentSize\nPDF icon CIA-RDP80B01999R000700030004-5.pdf120.00 KB"
    assert doc.metadata.extra["catalogue"]["File"] == expected_file
    assert "Approved" not in doc.text and "Rele se" not in doc.text
    assert doc.text.startswith("3 April 1967 MEMORANDUM FOR THE RECORD")
    assert len(doc.spans_of("page")) == 2


def test_reading_room_blank_values_layout_keeps_catalogue_and_banner_dates() -> None:
    doc = _read(CREST_FIXTURES / "reading-room-blank-values.txt")
    cat = doc.metadata.extra["catalogue"]
    assert cat["Document Number (FOIA) /ESDN (CREST)"] is None and cat["Release Decision"] is None
    assert doc.id == "09990001"  # from the banners, as the catalogue left it blank
    assert doc.metadata.release.date == "2016-08-05"  # the catalogue wins ...
    assert doc.metadata.extra["banners"]["release_date"] == "2016-07-05"  # ... and the banner is kept
    assert [s.attrs["code"] for s in doc.spans_of("redaction")] == ["(b)(3)", "3.3(h)(2)"]
    assert doc.metadata.classification.level == "top secret"


def test_reading_room_print_minimal_layout() -> None:
    doc = _read(CREST_FIXTURES / "reading-room-print-minimal.txt")
    assert doc.id == "CIA-RDP79T00999A000100020003-4"
    assert doc.metadata.extra["catalogue"] == {"Document Number (FOIA) /ESDN (CREST)": "CIA-RDP79T00999A000100020003-4"}
    assert doc.metadata.doc_type == "Intelligence memorandum"
    assert doc.metadata.date.start == "1962-05-04"


def test_garbled_ocr_banners_vote_to_the_number() -> None:
    doc = _read(CREST_FIXTURES / "garbled-ocr.txt")
    assert doc.id == "CIA-RDP79T00999A000100020003-4"
    assert doc.metadata.release.date == "2003-09-10"
    assert doc.metadata.extra["banners"]["count"] == 4
    assert doc.metadata.date.start == "1950-08-25" and doc.metadata.date.text == "25 AUG 1950"
    assert doc.metadata.classification.level == "confidential"
    assert [s.attrs["marker"] for s in doc.spans_of("redaction")] == ["25X1", "225X1"]
    assert "Rejse" not in doc.text and "Releaasse" not in doc.text


def test_unreadable_banners_give_a_content_hash_and_say_so() -> None:
    doc = _read(CREST_FIXTURES / "unreadable-banners.txt")
    assert doc.id.startswith("sha-")
    assert doc.metadata.doc_number is None and doc.metadata.release.date is None
    assert any("content hash" in w for w in doc.warnings)


# -- pages, for the PDF and image readers ---------------------------------------------------


def test_document_from_pages() -> None:
    banner = "Approved For Release 2004/05/06 : CIA-RDP91T00999R000400050006-2"
    pages = [
        f"{banner}\nSECRET\n12 March 1958\n1. First page text. 25X1\n{banner}",
        f"{banner}\n2. Second page text.\nNext 1 Page(s) In Document Denied\n{banner}",
        "",
    ]
    doc = crest.document_from_pages(pages, path=Path("x.pdf"), source=Source(path="x.pdf"), fmt="pdf")
    assert doc.id == "CIA-RDP91T00999R000400050006-2" and doc.format == "pdf"
    page_spans = doc.spans_of("page")
    assert [s.attrs["n"] for s in page_spans] == [1, 2, 3]
    assert doc.span_text(page_spans[0]).startswith("SECRET")
    assert doc.span_text(page_spans[1]).startswith("2. Second page text.")
    assert doc.span_text(page_spans[2]) == ""
    assert (doc.metadata.pages.first, doc.metadata.pages.last) == ("1", "3")
    assert "Approved" not in doc.text
    assert doc.metadata.release.date == "2004-05-06" and doc.metadata.extra["denied_pages"] == 1
    assert doc.metadata.classification.level == "secret"


def test_document_from_pages_without_banners() -> None:
    doc = crest.document_from_pages(["plain words"], path=Path("x.png"), source=Source(), fmt="image")
    assert doc.id.startswith("sha-") and any("content hash" in w for w in doc.warnings)
    assert doc.collection is None


# -- sniffing and bad input -----------------------------------------------------------------


def test_sniff_scores() -> None:
    page = (CREST_FIXTURES / "reading-room-table.txt").read_bytes()
    assert crest.sniff(Path("a.txt"), page) >= 0.9
    assert crest.sniff(Path("a.md"), (CREST_FIXTURES / "transcription-briefing.md").read_bytes()) >= 0.9
    assert crest.sniff(Path("a.txt"), (CREST_FIXTURES / "garbled-ocr.txt").read_bytes()) >= 0.75
    assert crest.sniff(Path("a.txt"), b"Some plain text of a letter.") == pytest.approx(0.05)
    assert crest.sniff(Path("a.pdf"), b"%PDF-1.4\n...") == 0.0
    assert crest.sniff(Path("a.xml"), b"<?xml version='1.0'?><TEI/>") == 0.0


def test_plain_text_is_read_as_a_fallback(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text("Dear Sir,\n\nThank you for your letter of 28 October 1977.\n")
    doc = _read(path)
    assert doc.id.startswith("sha-") and doc.collection is None
    assert doc.metadata.date.start == "1977-10-28"


def test_file_name_number_is_used_when_banners_are_silent(tmp_path: Path) -> None:
    path = tmp_path / "cia-rdp80r01443r000200010007-3.txt"
    path.write_text("Some OCR text without any banner.\n")
    doc = _read(path)
    assert doc.id == SEED_ID and doc.metadata.evidence["doc_number"].startswith("file name")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n", "white space"),
        (bytes(range(256)) * 40, "binary"),
    ],
)
def test_bad_input_names_the_file(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(ReadError) as info:
        _read(path)
    assert str(path) in str(info.value) and reason in info.value.reason


def test_latin1_and_utf16_are_read(tmp_path: Path) -> None:
    text = "Approved For Release 2003/08/08 : CIA-RDP80R01443R000200010007-3\nCafé policy, 25X1\n"
    for encoding in ("latin-1", "utf-16"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        doc = _read(path)
        assert doc.id == SEED_ID and "Café" in doc.text
        assert doc.source.encoding is not None


def test_huge_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
        handle.seek(0)
        handle.write(b"Approved For Release 2003/08/08 : CIA-RDP80R01443R000200010007-3\n")
    with pytest.raises(ReadError) as info:
        _read(path)
    assert "MB" in info.value.reason and str(path) in str(info.value)


def test_truncated_inputs_still_read(tmp_path: Path) -> None:
    whole = (CREST_FIXTURES / "reading-room-table.txt").read_text()
    for cut in (40, 300, 620, len(whole) - 30):
        path = tmp_path / f"cut{cut}.txt"
        path.write_text(whole[:cut])
        doc = _read(path)
        for span in doc.spans:
            doc.check_span(span)
    marked = (CREST_FIXTURES / "transcription-briefing.md").read_text()
    path = tmp_path / "cut.md"
    path.write_text(marked[: marked.index("~~not yet") + 5])  # ends inside a deletion
    doc = _read(path)
    assert "~~" in doc.text or doc.spans_of("deletion")


def test_hostile_input_does_not_hang(tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(("Approved For Release 2003/08/08 : CIA-RDP" + "0" * 60 + " ~~ ^{ [^] * ") * 2000)
    doc = _read(path)
    assert doc.id.startswith("sha-") or doc.id.startswith("CIA-RDP")
