"""The FRUS TEI reader on small invented volumes written in the real encoding."""

from __future__ import annotations

from pathlib import Path

import pytest

from declass import formats
from declass.errors import ReadError, TruncatedError
from declass.formats import frus_tei
from declass.model import Document

DATA = Path(__file__).resolve().parent.parent / "data" / "frus_tei"
MAIN = DATA / "frus1955-57v99.xml"
OLD = DATA / "frus1950-55v98.xml"


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {d.metadata.extra["xml_id"]: d for d in frus_tei.read(MAIN)}


@pytest.fixture(scope="module")
def old_docs() -> dict[str, Document]:
    return {d.metadata.extra["xml_id"]: d for d in frus_tei.read(OLD)}


def _entity(doc: Document, variant: str) -> dict:
    return next(s.attrs for s in doc.spans if s.kind == "entity" and s.attrs.get("variant") == variant)


# -- volume and identity -----------------------------------------------------------------


def test_one_document_per_document_div_with_volume_ids(docs: dict[str, Document]) -> None:
    assert list(docs) == ["d1", "d2", "d3", "d4"]
    assert [d.id for d in docs.values()] == [f"frus1955-57v99/d{i}" for i in range(1, 5)]
    assert {d.collection for d in docs.values()} == {"frus"}
    assert {d.format for d in docs.values()} == {"frus-tei"}


def test_volume_metadata_from_the_header(docs: dict[str, Document]) -> None:
    volume = docs["d1"].metadata.extra["volume"]
    assert volume["title"] == (
        "Foreign Relations of the United States, 1955–1957, Volume XCIX, The Invented Republics (Test Volume)"
    )
    assert volume["series"] == "Foreign Relations of the United States"
    assert volume["subseries"] == "1955–1957"
    assert volume["volume_number"] == "Volume XCIX"
    assert volume["volume_title"] == "The Invented Republics (Test Volume)"
    assert volume["publication_date"] == "2099"
    assert volume["editors"] == ["Jane Q. Example", "Richard Roe"]
    assert docs["d1"].metadata.volume == "frus1955-57v99"


def test_older_volume_without_root_id_takes_the_frus_idno(old_docs: dict[str, Document]) -> None:
    doc = old_docs["d7"]
    assert doc.id == "frus1950-55v98/d7"
    assert doc.metadata.extra["volume"]["subseries"] == "1950–1955"
    assert doc.metadata.extra["volume"]["volume_number"] is None  # the title element is empty
    assert doc.metadata.extra["volume"]["publication_date"] == "2098"  # a bare <date>


# -- head, dateline, parties ---------------------------------------------------------------


def test_head_gives_number_title_kind_and_tagged_parties(docs: dict[str, Document]) -> None:
    doc = docs["d1"]
    assert doc.metadata.doc_number == "1"
    assert doc.title == "Memorandum From Secretary of Imaginary Affairs Doe to the Ambassador to Freedonia (Roe)"
    assert doc.metadata.doc_type == "Memorandum"
    assert doc.metadata.from_ == "Secretary of Imaginary Affairs Doe"
    assert doc.metadata.to == "Ambassador to Freedonia (Roe)"
    assert doc.metadata.extra["parties_tagged"] == {"from": ["Doe"], "to": ["Roe"]}
    assert doc.text.startswith("1. Memorandum From Secretary of Imaginary Affairs Doe to the Ambassador")
    assert _entity(doc, "Roe")["role"] == "to"
    telegram = docs["d2"]
    assert telegram.metadata.doc_type == "Telegram"
    assert (telegram.metadata.from_, telegram.metadata.to) == ("Embassy in Freedonia", "Department of State")


def test_editorial_notes_are_documents(docs: dict[str, Document], old_docs: dict[str, Document]) -> None:
    assert docs["d3"].metadata.doc_type == "Editorial Note"
    assert docs["d3"].metadata.extra["subtype"] == "editorial-note"
    # an older volume has no subtype: the head says it
    assert old_docs["d8"].metadata.doc_type == "Editorial Note"


def test_date_reads_the_machine_range_in_the_zone_the_dateline_states(docs: dict[str, Document]) -> None:
    telegram = docs["d2"].metadata
    # 0117Z on March 5 is 20:17 on March 4 in Washington: the printed day is kept, the instant too
    assert telegram.date.start == telegram.date.end == "1956-03-05"
    assert telegram.date.precision == "day"
    assert telegram.date.text == "March 5, 1956, 0117Z"
    assert telegram.extra["date"]["doc-dateTime-min"] == "1956-03-04T20:17:00-05:00"
    assert telegram.extra["date"]["when"] == "1956-03-05T01:17:00+00:00"
    assert telegram.place == "Fredonia City"


def test_undated_document_gets_a_range_and_the_precision_stated(docs: dict[str, Document]) -> None:
    date = docs["d4"].metadata.date
    assert (date.start, date.end, date.precision, date.text) == ("1956-03-10", "1956-03-20", "month", "undated.")
    assert docs["d4"].metadata.extra["date"]["ana"] == "#date_undated-inferred-from-document-content"


def test_older_volume_date_is_the_when_as_written(old_docs: dict[str, Document]) -> None:
    date = old_docs["d7"].metadata.date
    # a "Z" in these files is not to be trusted, so the date is not shifted
    assert (date.start, date.precision, date.source) == ("1953-09-17", "day", "date/@when")
    assert old_docs["d8"].metadata.date.start is None


# -- lists, closers, source note -------------------------------------------------------------


def test_memo_heading_lists_and_signers(docs: dict[str, Document], old_docs: dict[str, Document]) -> None:
    meta = docs["d1"].metadata
    assert meta.subject == "Invented Talks on Imaginary Matters"
    assert meta.extra["participants"] == ["Secretary Doe", "President Firefly"]
    assert meta.signers == ["John Q. Doe"]  # the title after <lb/> is not part of the name
    assert docs["d2"].metadata.signers == ["Roe"]
    assert old_docs["d7"].metadata.signers == ["Blank"]  # a right-aligned last paragraph


def test_source_note_is_footnote_one_and_kept_in_metadata(docs: dict[str, Document]) -> None:
    doc = docs["d1"]
    note = doc.footnotes[0]
    assert (note.n, note.attrs["type"], note.attrs["id"]) == ("1", "source", "d1fn1")
    assert note.text.startswith("Source: Department of State, Central Files, 999.99/3–256. Secret; Nodis.")
    assert doc.metadata.extra["source_note"]["text"] == note.text
    assert doc.text[note.ref - 5 : note.ref] == "(Roe)"
    assert doc.text[note.ref : note.ref + 1] != "1"  # the marker is not part of the reading text


def test_classification_comes_from_the_source_note(docs: dict[str, Document]) -> None:
    pytest.importorskip("declass.text.source_note")
    assert docs["d1"].metadata.classification.level == "secret"
    assert docs["d2"].metadata.classification.level == "confidential"
    assert docs["d4"].metadata.classification.level == "top secret"


# -- footnotes, pages, names, omissions ------------------------------------------------------


def test_footnote_keeps_its_reference_offset_and_targets(docs: dict[str, Document]) -> None:
    doc = docs["d1"]
    note = doc.footnotes[1]
    assert note.n == "2"
    assert note.text == "See Document 2 and Document 12 of another invented volume."
    assert note.attrs["targets"] == ["#d2", "frus1952-54v98#d12"]
    assert doc.text[note.ref - 7 : note.ref] == "harbor."
    assert "harbor.2" not in doc.text
    refs = [s for s in doc.spans if s.kind == "footnote_ref"]
    assert [(s.start == s.end, s.attrs["n"]) for s in refs] == [(True, "1"), (True, "2")]
    assert [s.start for s in refs] == [n.ref for n in doc.footnotes[:2]]


def test_page_break_inside_a_word_adds_no_space(docs: dict[str, Document]) -> None:
    doc = docs["d1"]
    assert "long and disinterested." in doc.text
    pages = doc.spans_of("page")
    assert [(p.attrs["n"], p.attrs.get("facs"), p.attrs.get("continued", False)) for p in pages] == [
        ("1", "0031", True),
        ("2", "0032", False),
    ]
    assert doc.text[pages[1].start :].startswith("terested.")
    assert (doc.metadata.pages.first, doc.metadata.pages.last) == ("1", "2")


def test_page_between_documents_starts_the_next_one(docs: dict[str, Document]) -> None:
    assert docs["d3"].metadata.pages.first == "3"  # carried from the break inside d2's table
    assert docs["d4"].metadata.pages.first == "4"  # the <pb> between d3 and d4
    assert docs["d4"].spans_of("page")[0].attrs == {"n": "4", "facs": "0034", "id": "pg_4", "continued": True}


def test_page_break_before_the_head_is_the_first_page(old_docs: dict[str, Document]) -> None:
    doc = old_docs["d7"]
    first = doc.spans_of("page")[0]
    assert (first.start, first.attrs["n"], first.attrs.get("continued")) == (0, "20", None)
    assert doc.metadata.pages.first == "20"


def test_persons_resolve_against_the_persons_list(docs: dict[str, Document]) -> None:
    doc = docs["d1"]
    doe = _entity(doc, "Doe")
    assert doe == {
        "id": "frus1955-57v99#p_DJQ1",
        "name": "Doe, John Q.",
        "type": "person",
        "variant": "Doe",
        "description": "Secretary of Imaginary Affairs",
        "source": "frus-persons",
        "role": "from",
    }
    # rank words inside the bold run belong to the description
    assert _entity(doc, "Roe")["description"] == "Ambassador, Ambassador to Freedonia"
    # an alias has its own id in the same item
    assert _entity(doc, "Firefly")["name"] == "(Firefly, R.)"
    assert _entity(doc, "Firefly")["description"] == "President of Freedonia"


def test_malformed_corresp_still_resolves_and_is_kept(docs: dict[str, Document]) -> None:
    roe = _entity(docs["d2"], "Roe")
    assert roe["name"] == "Roe, Rita R."
    assert roe["corresp"] == ".#p_RRR1"


def test_terms_resolve_against_the_terms_list(docs: dict[str, Document]) -> None:
    term = _entity(docs["d1"], "FOOB")
    assert (term["type"], term["id"]) == ("term", "frus1955-57v99#t_FOOB1")
    assert term["description"] == "Bureau of Imaginary Affairs"


def test_names_inside_footnotes_are_kept_on_the_footnote(docs: dict[str, Document]) -> None:
    note = docs["d3"].footnotes[0]
    [doe] = note.attrs["entities"]
    assert note.text[doe["start"] : doe["end"]] == "Doe"
    [gap] = note.attrs["redactions"]
    assert gap["marker"] == "[name not declassified]" and gap["unit"] == "name"


def test_omission_brackets_become_redaction_spans_with_their_quantity(
    docs: dict[str, Document], old_docs: dict[str, Document]
) -> None:
    spans = {docs["d1"].span_text(s): s.attrs for s in docs["d1"].spans_of("redaction")}
    assert spans["[1 paragraph (3 lines) not declassified]"] == {
        "marker": "[1 paragraph (3 lines) not declassified]",
        "code": "FRUS-omission",
        "quantity": 1.0,
        "unit": "paragraph",
        "detail": "3 lines",
    }
    assert spans["[name not declassified]"]["quantity"] is None
    old = {old_docs["d7"].span_text(s): s.attrs for s in old_docs["d7"].spans_of("redaction")}
    assert old["[5½ lines not declassified]"]["quantity"] == 5.5
    assert old["[1 paragraph (7 lines) not declassified]"]["detail"] == "7 lines"  # mis-nested in the XML
    [withheld] = old_docs["d8"].spans_of("redaction")
    assert (withheld.attrs["quantity"], withheld.attrs["unit"]) == (1.0, "page")
    [omitted] = docs["d4"].spans_of("editorial_omission")
    assert docs["d4"].span_text(omitted) == "[Omitted here is discussion of unrelated invented matters.]"


def test_tables_attachments_and_unknown_elements_stay_readable(docs: dict[str, Document]) -> None:
    doc = docs["d2"]
    assert "Harbor | 12 ships\nAirfield |" in doc.text
    assert "A new kind of mark follows: kept words and more kept words." in doc.text
    assert doc.warnings == ["unknown element <mystery> kept as text", "unknown element <strangeThing> kept as text"]
    [attachment] = doc.spans_of("attachment")
    assert doc.span_text(attachment).startswith("Attachment\n\nMarch 1, 1956.\n\nInvented attachment text.")
    assert doc.metadata.date.start == "1956-03-05"  # the attachment's own dateline does not win


def test_prefixed_tei_elements_are_ordinary_tei(old_docs: dict[str, Document]) -> None:
    assert "Dear Minister: the invented matter is closed." in old_docs["d7"].text


def test_unknown_element_file_keeps_every_word() -> None:
    [doc] = frus_tei.read(DATA / "frus-unknown-element.xml")
    assert "Before the unknown words stay after." in doc.text
    assert "A whole unknown block." in doc.text
    assert len(doc.warnings) == 2


def test_spans_fit_the_text_and_survive_json(docs: dict[str, Document]) -> None:
    for doc in docs.values():
        again = Document.loads(doc.dumps())
        assert again.text == doc.text and len(again.spans) == len(doc.spans)
        assert all(s.start <= s.end for s in doc.spans)
        assert not doc.text.startswith((" ", "\n")) and not doc.text.endswith((" ", "\n"))
        assert "  " not in doc.text


def test_names_spacing_and_text_after_a_signature(tmp_path: Path) -> None:
    # the fast paths of the walker (a name that is one text node, text written after the
    # signature's words were read back) must give what the general walk gives
    path = tmp_path / "frus1999v03.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1999v03">'
        '<text><body>\n<div type="document" xml:id="d1" n="1">\n'
        '  <head>1. Memorandum From <persName corresp="#p_X"> Smith </persName> to the Secretary</head>\n'
        '  <p>Talks with<persName corresp="#p_X">Smith</persName>, <gloss target="#t_A"> ABC</gloss>and\n'
        '     <persName>Jones <hi rend="italic">Jr.</hi></persName> on <ref target="#d2">the\n'
        '     plan</ref>; see <placeName>Paris</placeName>.</p>\n'
        '  <closer>\n    <signed>John Doe<lb/>Director</signed> (initialed) <hi>and sent</hi>\n'
        '    <p>After the signature.</p>\n  </closer>\n</div>\n</body></text></TEI>\n',
        encoding="utf-8",
    )
    doc = next(frus_tei.read(path))
    assert doc.text == (
        "1. Memorandum From Smith to the Secretary\n\n"
        "Talks withSmith, ABCand Jones Jr. on the plan; see Paris.\n\n"
        "John Doe\nDirector\n\n(initialed) and sent\n\nAfter the signature."
    )
    names = [(doc.text[s.start : s.end], s.attrs["variant"]) for s in doc.spans if s.kind == "entity"]
    assert names == [("Smith", "Smith"), ("Smith", "Smith"), ("ABC", "ABC"), ("Jones Jr.", "Jones Jr."),
                     ("Paris", "Paris")]
    (ref,) = [s for s in doc.spans if s.kind == "cross_reference"]
    assert doc.text[ref.start : ref.end] == "the plan" and ref.attrs == {"target": "#d2"}
    assert doc.metadata.signers == ["John Doe"]


# -- bad input ---------------------------------------------------------------------------------


def test_truncated_volume_yields_documents_before_the_fault_then_raises() -> None:
    path = DATA / "frus1955-57v99-truncated.xml"
    seen = []
    with pytest.raises(TruncatedError) as info:
        for doc in frus_tei.read(path):
            seen.append(doc.id)
    assert seen == ["frus1955-57v99/d1", "frus1955-57v99/d2"]
    assert info.value.path == str(path)
    assert info.value.line == len(path.read_text(encoding="utf-8").splitlines())
    assert "stops part-way" in info.value.reason


def test_broken_markup_mid_file_is_a_read_error_with_its_line(tmp_path: Path) -> None:
    lines = MAIN.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "An invented note by the editors" in line)
    lines[at] = lines[at].replace("<p>", "<p><broken>")
    path = tmp_path / "broken.xml"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ReadError) as info:
        list(frus_tei.read(path))
    assert not isinstance(info.value, TruncatedError)
    assert info.value.line is not None and info.value.line > at
    assert "not well-formed" in info.value.reason


def test_empty_shell_volume_yields_nothing(tmp_path: Path) -> None:
    path = tmp_path / "frus1999v01.xml"
    path.write_text(
        '<?xml version="1.0"?><TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1999v01">'
        "<teiHeader><fileDesc><titleStmt><title type='complete'>Shell</title></titleStmt></fileDesc></teiHeader>"
        "<text><body/></text></TEI>",
        encoding="utf-8",
    )
    reader = frus_tei.VolumeReader(path)
    assert list(reader) == []
    assert reader.volume is not None and reader.volume.id == "frus1999v01" and reader.volume.title == "Shell"


@pytest.mark.parametrize("content", [b"", b"  \n\n "])
def test_empty_file_is_a_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.xml"
    path.write_bytes(content)
    with pytest.raises(ReadError, match="empty|white space"):
        list(frus_tei.read(path))


def test_other_xml_is_not_taken_for_a_volume(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<catalog><book>Invented</book></catalog>", encoding="utf-8")
    with pytest.raises(ReadError, match="not a TEI volume"):
        list(frus_tei.read(path))


def test_wrongly_encoded_bytes_name_the_line(tmp_path: Path) -> None:
    data = MAIN.read_bytes().replace(b"Fredonia City", "Fr\xe9donia City".encode("cp1252"))
    path = tmp_path / "cp1252.xml"
    path.write_bytes(data)
    with pytest.raises(ReadError) as info:
        list(frus_tei.read(path))
    assert info.value.line is not None and "UTF-8" in info.value.reason


def test_external_entities_are_never_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    path = tmp_path / "xxe.xml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1999v02"><text><body>'
        '<div type="document" xml:id="d1" n="1"><head>1. Invented</head><p>A &x; B</p></div>'
        "</body></text></TEI>",
        encoding="utf-8",
    )
    try:
        texts = [d.text for d in frus_tei.read(path)]
    except ReadError:
        texts = []
    assert all("TOP-SECRET-CONTENT" not in t for t in texts)


def test_entity_expansion_bomb_is_refused(tmp_path: Path) -> None:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    path = tmp_path / "bomb.xml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE TEI [{entities}]><TEI xmlns="http://www.tei-c.org/ns/1.0">'
        '<text><body><div type="document" xml:id="d1" n="1"><head>1. X</head><p>&j;</p></div></body></text></TEI>',
        encoding="utf-8",
    )
    try:
        texts = [d.text for d in frus_tei.read(path)]
    except ReadError:
        return
    assert all(len(t) < 1_000_000 for t in texts)


# -- sniffing, registry, progress ------------------------------------------------------------


def test_sniff_scores_frus_tei_high_and_other_xml_zero(tmp_path: Path) -> None:
    assert frus_tei.sniff(MAIN, MAIN.read_bytes()[:8192]) >= 0.9
    plain_tei = b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text/></TEI>'
    assert 0 < frus_tei.sniff(tmp_path / "x.xml", plain_tei) < 0.9
    assert frus_tei.sniff(tmp_path / "x.xml", b"<catalog/>") == 0.0
    assert formats.sniff(MAIN) == "frus-tei"
    assert [d.id for d in formats.read_path(MAIN)][:1] == ["frus1955-57v99/d1"]


def test_progress_reports_bytes_done_up_to_the_total() -> None:
    calls: list[tuple[int, int]] = []
    list(frus_tei.read(MAIN, progress=lambda done, total: calls.append((done, total))))
    total = MAIN.stat().st_size
    assert calls[-1] == (total, total)
    assert len(calls) == 5  # one per document, one at the end
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)

