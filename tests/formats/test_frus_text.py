"""The frus-text reader on invented fixtures of every heading style, the seed, and the corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from declass.errors import ReadError
from declass.formats import frus_text
from declass.model import Document
from tests.conftest import FIXTURES, corpus_path, truth_path

DATA = FIXTURES / "frus_text"


def read_one(path: Path) -> Document:
    docs = list(frus_text.read(path))
    assert len(docs) == 1
    return docs[0]


def refs(doc: Document) -> dict[str, str]:
    """Footnote number -> the 12 characters of text just before its reference."""
    return {f.n: doc.text[max(0, f.ref - 12) : f.ref] for f in doc.footnotes if f.ref is not None}


# -- fixtures ------------------------------------------------------------------------------


def test_caption_style_circular_airgram() -> None:
    doc = read_one(DATA / "frus1956-58v99_d12.txt")
    m = doc.metadata
    assert doc.id == "frus1956-58v99/d12" and m.volume == "frus1956-58v99"
    assert doc.collection == "frus" and doc.format == "frus-text"
    assert (m.doc_number, m.doc_type) == ("12", "Circular airgram")
    assert (m.from_, m.to) == ("The Secretary of State", "Certain Diplomatic Missions")
    assert m.file_numbers == ["611.99/3–1457"]
    assert (m.date.start, m.date.precision, m.date.source, m.date.text) == (
        "1957-03-14", "day", "file number", "611.99/3–1457"
    )
    assert (m.classification.level, m.classification.marking) == ("secret", "secret")
    assert m.extra["message_number"] == "CA–7021"
    assert m.subject == "Invented Guidance on the Fictional Harbor Conference"
    assert m.signers == ["Quillfeather"]
    assert m.drafted_by == ["Ambrose T. Pennywhistle", "Clara Voss"]
    assert m.cleared_by == ["Martin Oakhollow"] and m.approved_by == ["Harold Quince"]
    assert m.extra["source_note"]["repository"] == "Department of State"


def test_glued_note_numbers_are_resolved_and_linked() -> None:
    doc = read_one(DATA / "frus1956-58v99_d12.txt")
    assert "March 2, 1957 and" in doc.text and "19572" not in doc.text
    assert "Missions1" not in doc.text and "itself.3" not in doc.text
    assert refs(doc) == {"1": "tic Missions", "2": "March 2, 1957"[-12:], "3": "riff itself."}
    spans = doc.spans_of("footnote_ref")
    assert [s.attrs["n"] for s in spans] == ["1", "2", "3"]
    assert all(s.start == s.end for s in spans)


def test_page_markers_mid_word_and_inline() -> None:
    doc = read_one(DATA / "frus1956-58v99_d12.txt")
    assert "[Page" not in doc.text
    assert "not consulted before" in doc.text  # "con[Page 88]sulted" leaves no gap
    assert "on the tariff itself" in doc.text  # " [Page 89] " leaves one space
    pages = doc.spans_of("page")
    assert [p.attrs["n"] for p in pages] == ["87", "88", "89"]
    assert doc.text[pages[1].start :].startswith("sulted")
    assert (doc.metadata.pages.first, doc.metadata.pages.last) == ("87", "89")
    assert pages[0].start == 0 and pages[-1].end == len(doc.text)


def test_dash_rendering_telegram() -> None:
    doc = read_one(DATA / "frus1966-68v98_d45.txt")
    m = doc.metadata
    assert doc.title == "Telegram From the Embassy in Freedonia to the Department of State"
    assert (m.doc_number, m.doc_type) == ("45", "Telegram")
    assert (m.from_, m.to) == ("Embassy in Freedonia", "Department of State")
    assert (m.place, m.date.start, m.date.source) == ("Port Invented", "1967-06-03", "dateline")
    assert m.extra["message_number"] == "2210"
    assert (m.classification.level, m.handling) == ("confidential", ["Priority", "Limdis"])
    assert m.file_numbers == ["POL 33–6 FREEDONIA–US"]
    assert [f.n for f in doc.footnotes] == ["1", "2", "3", "4"]
    assert refs(doc)["2"].endswith("State 182447") and refs(doc)["3"].endswith("Embtel 2201.")
    assert "↩" not in doc.text and "↩" not in "".join(f.text for f in doc.footnotes)
    assert "1. The Foreign Minister" in doc.text  # the "- 1." label joins its item
    assert "the government would not object" in doc.text  # a wrapped line is rejoined
    assert m.signers == ["Penrose"] and doc.spans_of("signature")


def test_file_no_style_of_the_1910s() -> None:
    doc = read_one(DATA / "frus1916v97_d301.txt")
    m = doc.metadata
    assert m.file_numbers == ["812.99/1204"] and m.date.start is None  # a serial suffix is no date
    assert m.doc_number == "301" and m.evidence["doc_number"] == "file name"
    assert m.extra["message_number"] == "No. 88"
    assert m.extra["from_person"] == "Gaskell"
    assert m.signers == ["Arthur Gaskell"]
    assert refs(doc) == {"1": "4th instant,"}


def test_memorandum_of_conversation_with_zero_based_notes() -> None:
    doc = read_one(DATA / "frus1979-80v96_d7.txt")
    m = doc.metadata
    assert m.subject == "Invented Talks on the Lighthouse Treaty"
    assert m.extra["participants"] == ["The Secretary", "Ambassador Ilona Marchetti", "Desmond Fairweather, Notetaker"]
    assert [(f.n, f.attrs.get("listed_as")) for f in doc.footnotes] == [("0", "1"), ("1", "2"), ("2", "3")]
    assert "treaty of 1921. Ambassador" in doc.text
    # a paragraph cut by a page marker on its own line is joined again
    assert "and Article 5 covers the crews" in doc.text
    assert (m.pages.first, m.pages.last) == ("30", "31")
    assert m.classification.level == "secret" and m.evidence["classification"] == "source note"


def test_old_state_gov_mirror_page() -> None:
    docs = list(frus_text.read(DATA / "mirror-page.txt"))
    assert [d.id for d in docs] == ["frus1958-60v99/d41", "frus1958-60v99/d42"]
    first, second = docs
    assert first.metadata.place == "Port Invented" and first.metadata.date.start == "1959-03-03"
    assert first.metadata.file_numbers == ["611.99/3-359"] and first.metadata.handling == ["Priority"]
    assert refs(first) == {"1": "ent of State", "2": "t the lease."}
    assert "/1/" not in first.text and "/2/" not in first.text
    assert second.metadata.doc_type == "Editorial Note" and not second.footnotes


def test_heading_and_paragraph_spans_cover_the_text() -> None:
    doc = read_one(DATA / "frus1956-58v99_d12.txt")
    roles = [s.attrs.get("role") for s in doc.spans_of("heading")]
    assert roles[:4] == ["file_number", "doc_number", "title", "classification"]
    paragraphs = doc.spans_of("paragraph")
    assert len(paragraphs) == 3 and doc.span_text(paragraphs[-1]).startswith("Posts may draw")
    assert Document.from_json(json.loads(doc.dumps())).text == doc.text


# -- bad input -----------------------------------------------------------------------------


def test_truncated_document_reads(tmp_path: Path) -> None:
    whole = (DATA / "frus1966-68v98_d45.txt").read_bytes()
    for cut in (40, 200, 420, 600, len(whole) - 30):
        path = tmp_path / "frus1966-68v98_d45.txt"
        path.write_bytes(whole[:cut])
        doc = read_one(path)
        assert doc.id == "frus1966-68v98/d45" and doc.metadata.doc_number == "45"
        for span in doc.spans:
            doc.check_span(span)


def test_empty_and_binary_files_name_the_file(tmp_path: Path) -> None:
    empty = tmp_path / "frus1950v01_d1.txt"
    empty.write_bytes(b"")
    with pytest.raises(ReadError, match="frus1950v01_d1.txt: file is empty"):
        list(frus_text.read(empty))
    binary = tmp_path / "frus1950v01_d2.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(ReadError, match="frus1950v01_d2.txt"):
        list(frus_text.read(binary))


def test_latin1_and_utf16_files(tmp_path: Path) -> None:
    text = (DATA / "frus1916v97_d301.txt").read_text(encoding="utf-8")
    latin = tmp_path / "frus1916v97_d301.txt"
    latin.write_bytes(text.replace("Sir:", "Señor:").encode("latin-1"))
    doc = read_one(latin)
    assert "Señor:" in doc.text and doc.warnings
    utf16 = tmp_path / "frus1916v97_d302.txt"
    utf16.write_bytes(text.encode("utf-16"))
    assert read_one(utf16).metadata.file_numbers == ["812.99/1204"]


def test_huge_file_is_refused(tmp_path: Path) -> None:
    huge = tmp_path / "frus1950v01_d3.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(ReadError, match="frus1950v01_d3.txt: file is 50.0 MB"):
        list(frus_text.read(huge))


def test_hostile_text_does_not_break_the_reader(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("1.\n\n- \n-\n[Page ]\n[Page 4]\n99999999999999999999\n  1. \n↩\n• \n" + "x" * 5000 + "\n")
    doc = read_one(junk)
    assert doc.id.startswith("sha-")
    for span in doc.spans:
        doc.check_span(span)


def test_sniff_claims_frus_text_but_not_ocr(tmp_path: Path) -> None:
    for path in sorted(DATA.glob("*.txt")):
        assert frus_text.sniff(path, path.read_bytes()[:8192]) >= 0.6, path.name
    ocr = tmp_path / "scan.txt"
    ocr.write_text("Approved For Release 2003/08/08 : CIA-RDP80R01443R000200010007-3\nSECRET\n25X1\nThe situation\n")
    assert frus_text.sniff(ocr, ocr.read_bytes()) == 0.0
    plain = tmp_path / "letter.txt"
    plain.write_text("Dear Sir,\nThe weather in March was fine.\nYours, A. Writer\n")
    assert frus_text.sniff(plain, plain.read_bytes()) == 0.0


# -- the seed and the corpus ---------------------------------------------------------------


@pytest.mark.corpus
def test_seed_acceptance() -> None:
    doc = read_one(corpus_path("seeds", "frus1952-54v08_d632.txt"))
    m = doc.metadata
    assert doc.id == "frus1952-54v08/d632" and m.volume == "frus1952-54v08"
    assert (m.doc_number, m.doc_type) == ("632", "Circular airgram")
    assert m.file_numbers == ["661.93/11–2354"]
    assert (m.date.start, m.date.precision, m.date.source, m.date.text) == (
        "1954-11-23", "day", "file number", "661.93/11–2354"
    )
    assert (m.from_, m.to) == ("The Secretary of State", "All Diplomatic and Consular Missions")
    assert (m.classification.level, m.classification.marking) == ("confidential", "confidential")
    assert m.extra["message_number"] == "CA–3400"
    assert m.subject == "Counteracting Possible Misinterpretation of Recent Sino-Soviet Accords"
    assert (m.pages.first, m.pages.last) == ("1261", "1263")
    assert len(doc.footnotes) == 2
    assert doc.text[: doc.footnotes[0].ref].endswith("Missions")
    assert doc.text[: doc.footnotes[1].ref].endswith("1954")
    assert "October 12, 1954 as" in doc.text and "19542" not in doc.text
    assert m.signers == ["Dulles"]
    surnames = {role: [n.split()[-1] for n in getattr(m, role)] for role in ("drafted_by", "cleared_by", "approved_by")}
    assert surnames == {
        "drafted_by": ["McConaughy", "Martin", "Osborne", "Blake"],
        "cleared_by": ["Robertson", "Merchant"],
        "approved_by": ["Murphy"],
    }
    assert "Walter P. McConaughy" in m.drafted_by
    assert "communist theme" in doc.text.lower() and "[Page" not in doc.text


@pytest.mark.corpus
def test_every_corpus_document_reads_and_matches_its_truth() -> None:
    folder = corpus_path("frus_text")
    files = sorted(folder.glob("*.txt"))
    assert len(files) >= 49
    coverage: dict[str, int] = {}
    for path in files:
        truth = json.loads(truth_path("frus_text", path.stem + ".json").read_text())
        doc = read_one(path)
        assert doc.id == f"{truth['volume']}/{truth['doc']}", path.name
        assert doc.metadata.volume == truth["volume"]
        assert doc.metadata.doc_number == truth["doc"][1:], path.name
        assert f"/{doc.id}" in truth["url"]
        assert "[Page" not in doc.text and "↩" not in doc.text
        for span in doc.spans:
            doc.check_span(span)
        m = doc.metadata
        for name, present in {
            "title": doc.title, "doc_type": m.doc_type, "from/to": m.from_ or m.to, "date": m.date.start,
            "classification": m.classification.level != "unknown", "pages": m.pages.first,
            "footnote_refs": doc.spans_of("footnote_ref"), "signers": m.signers, "subject": m.subject,
            "source_note": m.extra.get("source_note"), "message_number": m.extra.get("message_number"),
        }.items():
            coverage[name] = coverage.get(name, 0) + bool(present)
        # every listed note of an untruncated list is found in the text
        if doc.footnotes and not doc.footnotes[-1].attrs.get("truncated"):
            assert all(f.ref is not None for f in doc.footnotes), (path.name, [f.n for f in doc.footnotes])
    print("\nfrus_text field coverage over", len(files), "documents:", json.dumps(coverage))
    assert coverage["title"] == len(files)
    assert coverage["footnote_refs"] >= 40
    assert coverage["date"] >= 18  # most excerpts stop before a dateline could be read


@pytest.mark.corpus
def test_older_state_gov_mirrors_read() -> None:
    folder = corpus_path("other")
    mirrors = [p for p in sorted(folder.glob("*.txt")) if re.match(r"(2001_2009_state_gov|webdoc_sub_gwdg_de)", p.name)]
    assert len(mirrors) == 3
    ids = []
    for path in mirrors:
        assert frus_text.sniff(path, path.read_bytes()[:8192]) >= 0.6
        for doc in frus_text.read(path):
            ids.append(doc.id)
            assert doc.metadata.doc_number and "/1/" not in doc.text
    assert "frus1961-63v01/d257" in ids and "frus1961-63v01/d72" in ids
    # the Kennedy page names volumes I and IV: no volume is assumed, the id says so
    assert any(i.startswith("sha-") and i.endswith("/d185") for i in ids)
