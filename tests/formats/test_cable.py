"""Reader `cable`: invented telegrams in each shape, the real corpus cable, and bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from declass import formats
from declass.errors import ReadError
from declass.formats import cable
from declass.model import Document
from tests.conftest import FIXTURES, corpus_path

CABLES = FIXTURES / "cable"
REAL_CABLE = "wikileaks_org_plusd_cables_1978KABUL05981_d_html_d5eebb27.txt"


def _read(path: Path) -> Document:
    docs = list(cable.read(path))
    assert len(docs) == 1
    return docs[0]


def _texts(doc: Document, kind: str) -> list[str]:
    return [doc.span_text(s) for s in doc.spans_of(kind)]


# -- sniffing ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["single-section.txt", "three-sections.txt", "truncated.txt", "garbled-dtg.txt"])
def test_every_fixture_is_sniffed_as_a_cable(name: str) -> None:
    path = CABLES / name
    assert cable.sniff(path, path.read_bytes()) >= 0.9
    assert formats.sniff(path) == "cable"


@pytest.mark.parametrize(
    "path",
    [
        *sorted((FIXTURES / "crest").iterdir()),
        *sorted((FIXTURES / "frus_text").iterdir()),
        FIXTURES / "pdf" / "invented_memo.txt",
    ],
    ids=lambda p: p.name,
)
def test_other_formats_score_zero(path: Path) -> None:
    assert cable.sniff(path, path.read_bytes()[: formats.SNIFF_BYTES]) == 0.0


def test_a_cable_inside_a_crest_scan_is_left_to_crest(tmp_path: Path) -> None:
    body = (CABLES / "single-section.txt").read_text(encoding="utf-8")
    path = tmp_path / "scan.txt"
    path.write_text("Approved For Release 2004/01/05 : CIA-RDP79T00975A000100010001-1\n" + body, encoding="utf-8")
    assert cable.sniff(path, path.read_bytes()) == 0.0


def test_a_header_without_its_classification_line_is_not_claimed(tmp_path: Path) -> None:
    path = tmp_path / "no-class.txt"
    path.write_text("R 241015Z JUL 78\nFM AMEMBASSY ROME\nTO SECSTATE WASHDC 12\n1. TEXT.\n", encoding="utf-8")
    assert cable.sniff(path, path.read_bytes()) == 0.0


# -- a single-section outgoing telegram ------------------------------------------------------


@pytest.fixture(scope="module")
def single() -> Document:
    return _read(CABLES / "single-section.txt")


def test_single_section_identity_and_date(single: Document) -> None:
    meta = single.metadata
    assert single.id == "1977STATE204117" == meta.doc_number
    assert (single.collection, single.format, meta.doc_type) == ("cable", "cable", "Telegram")
    assert (meta.date.start, meta.date.precision, meta.date.text) == ("1977-08-03", "day", "031530Z AUG 77")
    assert meta.extra["time"] == "1530Z" and meta.extra["dtg"] == "P 031530Z AUG 77"
    assert single.warnings == []


def test_single_section_addressing_and_markings(single: Document) -> None:
    meta = single.metadata
    assert meta.from_ == "SECSTATE WASHDC"
    assert meta.to == "AMEMBASSY REYKJAVIK"
    assert meta.extra["info"] == ["AMEMBASSY OSLO", "AMEMBASSY COPENHAGEN"]
    assert (meta.classification.level, meta.classification.marking) == ("secret", "S E C R E T")
    assert meta.handling == ["Priority", "EXDIS"]
    assert meta.extra["eo"] == "E.O. 11652: XGDS-1"
    assert meta.extra["tags"] == ["PFOR", "EFIS", "IC", "NO"]
    assert meta.extra["references"] == ["REYKJAVIK 1187", "OSLO 2290"]
    assert single.title == meta.subject == "INVENTED TEST: HERRING QUOTA TALKS"
    assert meta.evidence["title"] == "SUBJ line"


def test_single_section_text_keeps_the_message_and_drops_the_furniture(single: Document) -> None:
    text = single.text
    assert text.startswith("P 031530Z AUG 77\nFM SECSTATE WASHDC\n")
    for furniture in ("PAGE 01", "ORIGIN EUR-12", "DRAFTED BY", "------", "NNN"):
        assert furniture not in text
    assert "DRAFTED BY EUR/NE:PQUILLFEATHER:JR" in single.metadata.extra["routing"]
    assert single.metadata.extra["end_marks"] == ["SECRET", "NNN"]
    assert _texts(single, "dateline") == ["P 031530Z AUG 77"]
    assert _texts(single, "classification") == ["S E C R E T"]
    assert _texts(single, "heading") == ["INVENTED TEST: HERRING QUOTA TALKS"]
    paragraphs = _texts(single, "paragraph")
    assert [p[:2] for p in paragraphs] == ["1.", "2.", "3."]
    assert paragraphs[2] == "3. FOR OSLO: NO ACTION REQUIRED."
    assert _texts(single, "signature") == ["HALVORSEN"] and single.metadata.signers == ["HALVORSEN"]


def test_single_section_round_trips(single: Document) -> None:
    assert Document.loads(single.dumps()).to_json() == single.to_json()


# -- three sections, page headers on every page ----------------------------------------------


@pytest.fixture(scope="module")
def sections() -> Document:
    return _read(CABLES / "three-sections.txt")


def test_sections_identity_subject_and_precedence(sections: Document) -> None:
    meta = sections.metadata
    assert sections.id == "1979TUNIS04417"
    assert meta.date.start == "1979-03-12"
    assert meta.handling == ["Immediate"]
    assert meta.to == "SECSTATE WASHDC"
    assert meta.subject == "INVENTED TEST CABLE: OLIVE HARVEST AND THE CABINET RESHUFFLE"
    assert sections.warnings == []


def test_repeated_headers_leave_the_text_and_become_pages_and_sections(sections: Document) -> None:
    text = sections.text
    assert text.count("FM AMEMBASSY TUNIS") == 1
    assert "SECTION 2 OF 3" not in text and "ACTION NEA-10" not in text and "PAGE 0" not in text
    assert "TUNIS 04417 01 OF 03" not in text
    pages = sections.spans_of("page")
    assert [(p.attrs["n"], p.attrs["label"], p.attrs.get("section")) for p in pages] == [
        ("1", "01", 1),
        ("2", "02", 1),
        ("3", "01", 2),
        ("4", "01", 3),
    ]
    assert sections.span_text(pages[1]).startswith("CHECKED INDEPENDENTLY.")
    assert sections.span_text(pages[2]).startswith("4. THE NEW MINISTER")
    assert (sections.metadata.pages.first, sections.metadata.pages.last) == ("1", "4")
    found = sections.metadata.extra["sections"]
    assert [(s["n"], s["of"]) for s in found] == [(1, 3), (2, 3), (3, 3)]
    assert text[found[2]["offset"] :].lstrip().startswith("6. EMBASSY WILL REPORT")


def test_a_paragraph_runs_on_across_a_page_break(sections: Document) -> None:
    paragraphs = _texts(sections, "paragraph")
    assert [p[:2] for p in paragraphs] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert paragraphs[1].endswith("THE FIGURES COULD NOT BE\nCHECKED INDEPENDENTLY.")
    assert _texts(sections, "signature") == ["ORTOLAN"]


# -- cut short, and garbled ------------------------------------------------------------------


def test_a_truncated_cable_reads_and_says_it_is_incomplete() -> None:
    doc = _read(CABLES / "truncated.txt")
    assert doc.id == "1976VALLET00912"
    assert doc.text.endswith("AND THE SHIPPI")
    assert any("2 sections" in w and "cut short" in w for w in doc.warnings)
    assert doc.metadata.signers == [] and not doc.spans_of("signature")
    assert len(doc.spans_of("page")) == 2


def test_a_garbled_date_time_group_leaves_the_date_unknown() -> None:
    doc = _read(CABLES / "garbled-dtg.txt")
    meta = doc.metadata
    assert meta.date.start is None and meta.date.precision == "unknown"
    assert meta.extra["dtg"] == "R 1Il015Z JUI 7O" and "time" not in meta.extra
    assert any("'R 1Il015Z JUI 7O' cannot be read" in w for w in doc.warnings)
    assert doc.id.startswith("sha-") and any("content hash" in w for w in doc.warnings)
    assert (meta.classification.level, meta.classification.marking) == ("unclassified", "UNCLAS")
    assert meta.handling == ["Routine"]  # the precedence letter is still legible


def test_the_file_name_gives_the_id_when_the_group_is_garbled(tmp_path: Path) -> None:
    path = tmp_path / "1979LUSAKA02210.txt"
    shutil.copy(CABLES / "garbled-dtg.txt", path)
    doc = _read(path)
    assert doc.id == "1979LUSAKA02210" and doc.metadata.evidence["doc_number"] == f"file name {path.name}"
    assert doc.metadata.date.start is None  # the id's year is never taken for the date


# -- bad input -------------------------------------------------------------------------------


def test_an_empty_file_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(ReadError) as caught:
        _read(path)
    assert caught.value.path == str(path) and "empty" in caught.value.reason


def test_text_without_a_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "body-only.txt"
    path.write_text("1. THE BODY OF A MESSAGE WITHOUT ITS HEADER.\n2. A SECOND PARAGRAPH.\n", encoding="utf-8")
    with pytest.raises(ReadError, match="no telegram header"):
        _read(path)


def test_a_header_without_a_date_time_group_never_guesses_a_date(tmp_path: Path) -> None:
    path = tmp_path / "no-dtg.txt"
    path.write_text(
        "FM AMEMBASSY ROME\nTO SECSTATE WASHDC 1200\nC O N F I D E N T I A L ROME 3456\n"
        "SUBJ: INVENTED: NO DATE\n1. THE DATE-TIME GROUP WAS NEVER COPIED. JULY 1978 IS MENTIONED.\n",
        encoding="utf-8",
    )
    doc = _read(path)
    assert doc.metadata.date.start is None
    assert "no date-time group found; the date is unknown" in doc.warnings
    assert doc.metadata.extra["message_number"] == "ROME 3456" and doc.id.startswith("sha-")
    assert doc.metadata.classification.level == "confidential" and doc.metadata.handling == []


def test_a_long_cable_reads_whole(tmp_path: Path) -> None:
    head = (CABLES / "single-section.txt").read_text(encoding="utf-8").split("1. DEPARTMENT")[0]
    path = tmp_path / "long.txt"
    body = "".join(f"{n % 99 + 1}. PARAGRAPH {n} OF A LONG INVENTED CABLE.\n" for n in range(20000))
    path.write_text(head + body, encoding="utf-8")
    doc = _read(path)
    assert len(doc.spans_of("paragraph")) == 20000


# -- the real cable ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kabul() -> Document:
    return _read(corpus_path("other", REAL_CABLE))


@pytest.mark.corpus
def test_real_cable_header(kabul: Document) -> None:
    meta = kabul.metadata
    assert kabul.id == "1978KABUL05981"
    assert (meta.date.start, meta.date.precision, meta.extra["time"]) == ("1978-07-24", "day", "1015Z")
    assert (meta.from_, meta.to) == ("AMEMBASSY KABUL", "SECSTATE WASHDC")
    assert (meta.classification.level, meta.classification.marking) == ("confidential", "C O N F I D E N T I A L")
    assert meta.handling == ["Routine"]
    assert meta.extra["eo"] == "EO 11652: GDS"
    assert meta.extra["tags"] == ["PEPR", "EAID", "MASS", "SCUL", "AF", "US"]
    assert kabul.title == "U.S. POLICY TOWARD THE DEMOCRATIC REPUBLIC OF AFGHANISTAN"
    assert meta.extra["routing"][0] == "ACTION NEA-10"


@pytest.mark.corpus
def test_real_cable_pages_and_truncation(kabul: Document) -> None:
    pages = kabul.spans_of("page")
    assert [p.attrs["label"] for p in pages] == ["01", "02"]
    assert "PAGE 02" not in kabul.text and "KABUL 05981 01 OF 03" not in kabul.text
    assert kabul.span_text(pages[1]).startswith("INDEPENDENT AND NONALIGNED")
    first = kabul.spans_of("paragraph")[0]
    assert kabul.span_text(first).startswith("1. SUMMARY: ALTHOUGH")
    assert "TO REMAIN\nINDEPENDENT AND NONALIGNED" in kabul.span_text(first)  # runs on over the page break
    assert any("3 sections" in w for w in kabul.warnings)


@pytest.mark.corpus
def test_only_the_cable_in_the_corpus_is_sniffed_as_one() -> None:
    claimed = []
    for folder in ("seeds", "frus_text", "crest", "other"):
        for path in sorted(corpus_path(folder).iterdir()):
            if formats.sniff(path) == "cable":
                claimed.append(path.name)
    assert claimed == [REAL_CABLE]
