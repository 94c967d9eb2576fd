"""Every reader tried with broken, truncated, huge, wrongly encoded and hostile input.

The contract each reader keeps, whatever the bytes: it yields sound documents (every span
fits the text, the JSON round-trips) or raises `ReadError` naming the file and the
problem. Any other exception is a reader bug — `declass read` would report it as an
"internal error in reader" — so here it simply fails the test with its traceback. A
hang fails through the test's time limit.

Inputs are generated at test time from a seeded random source, from the suite's own
fixtures in tests/data/ and, where it is present, from the development corpus.
"""

from __future__ import annotations

import io
import random
import struct
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from declass import formats
from declass.cli.read import iter_read
from declass.errors import ReadError, TruncatedError
from declass.formats._decode import MAX_TEXT_BYTES
from declass.model import Document
from tests.conftest import CORPUS, FIXTURES, corpus_path

READERS = list(formats.READER_MODULES)
TEXT_READERS = ["crest", "frus-text"]
ALL_WAYS = ["auto", *READERS]
TEI = "http://www.tei-c.org/ns/1.0"

MEMO = (
    "SECRET\n\nMEMORANDUM FOR: The Director of Central Intelligence\n"
    "SUBJECT: Grain shipments through an invented port — Café Größe, naïve résumé\n\n"
    "1. Shipments rose in the third quarter of 1953; the cause cannot be confirmed.\n\n25X1\n\n"
    "2. The harbour master is reportedly cooperative.\n"
)


# -- the contract ----------------------------------------------------------------------------


def outcome(path: Path, fmt: str) -> list[Document] | ReadError:
    """Read `path` as `fmt`; return the sound documents or the ReadError (anything else propagates)."""
    try:
        docs = list(formats.read_path(path, fmt))
    except ReadError as exc:
        assert exc.path == str(path), f"the error names {exc.path!r}, not the file read"
        assert exc.reason.strip(), "a ReadError without a reason"
        assert str(exc).startswith(str(path))
        return exc
    for doc in docs:
        assert_sound(doc)
    return docs


def assert_sound(doc: Document) -> None:
    """Every span fits the text, footnote references point into it, and the JSON round-trips."""
    for span in doc.spans:
        doc.check_span(span)
    for note in doc.footnotes:
        if note.ref is not None:
            assert 0 <= note.ref <= len(doc.text), f"footnote {note.n} refers past the text"
    assert Document.loads(doc.dumps()).to_json() == doc.to_json()


def read_error(path: Path, fmt: str) -> ReadError:
    result = outcome(path, fmt)
    assert isinstance(result, ReadError), f"{fmt} read {path.name} as {len(result)} document(s), expected an error"
    return result


def documents(path: Path, fmt: str) -> list[Document]:
    result = outcome(path, fmt)
    assert not isinstance(result, ReadError), f"{fmt} refused {path.name}: {result}"
    return result


# -- degenerate bytes ------------------------------------------------------------------------


def _random_bytes() -> bytes:
    return random.Random(20260101).randbytes(6000)


#: name -> the file's bytes, for input that is no document of any kind
GARBAGE: dict[str, Callable[[], bytes]] = {
    "empty.txt": lambda: b"",
    "whitespace.txt": lambda: b" \n\t \r\n  \n",
    "random.bin": _random_bytes,
    "random.txt": _random_bytes,
    "nul-laden.txt": lambda: b"MEMORANDUM\x00FOR\x00THE\x00RECORD\x00\x00\x00 " * 200,
    "control-characters.txt": lambda: bytes(range(32)) * 40 + b"a few words\n",
    "utf8-bom-only.txt": lambda: b"\xef\xbb\xbf",
    "utf16-bom-only.txt": lambda: b"\xff\xfe",
    "utf16-blanks.txt": lambda: " \n\t \n".encode("utf-16-le") * 20,
    "odd-length-utf16.txt": lambda: b"\xff\xfe" + "MEMORANDUM".encode("utf-16-le") + b"\x00",
}


@pytest.mark.parametrize("fmt", ALL_WAYS)
@pytest.mark.parametrize("name", list(GARBAGE))
def test_garbage_is_refused_with_a_clear_error(tmp_path: Path, name: str, fmt: str) -> None:
    path = tmp_path / name
    path.write_bytes(GARBAGE[name]())
    error = read_error(path, fmt)
    if name.startswith(("empty", "whitespace")):
        assert any(word in error.reason for word in ("empty", "white space", "not a", "not well-formed")), error


#: name -> (bytes, a phrase the reading text must keep): real text in the encodings archives use
ENCODED: dict[str, tuple[Callable[[], bytes], str]] = {
    "utf16-bom.txt": (lambda: MEMO.encode("utf-16"), "Café Größe"),
    "utf16le-no-bom.txt": (lambda: MEMO.encode("utf-16-le"), "Café Größe"),
    "utf16be-no-bom.txt": (lambda: MEMO.encode("utf-16-be"), "Café Größe"),
    "utf8-bom.txt": (lambda: MEMO.encode("utf-8-sig"), "Café Größe"),
    "latin1.txt": (lambda: MEMO.replace("—", "-").encode("latin-1"), "Café Größe"),
    "invalid-utf8.txt": (lambda: MEMO.encode("utf-8") + b"stray \xff\xfe\xc3\x28 bytes \x80\x81\n", "harbour master"),
    "cr-line-ends.txt": (lambda: MEMO.replace("\n", "\r").encode("utf-8"), "harbour master"),
    "right-to-left.txt": (
        lambda: (MEMO + "\u0645\u0630\u0643\u0631\u0629 \u05de\u05e1\u05de\u05da \u202eevil\u202c "
                 "e\u0301\u0301\u0301 Z\u0351\u0352\u0353\u0354 \ufeff\u200b\u200d\n").encode("utf-8"),
        "\u0645\u0630\u0643\u0631\u0629 \u05de\u05e1\u05de\u05da \u202eevil\u202c e\u0301\u0301\u0301",
    ),
    "some-control-characters.txt": (lambda: MEMO.replace(" the ", " the\x07\x1b ", 2).encode("utf-8"), "harbour"),
}


@pytest.mark.parametrize("fmt", TEXT_READERS)
@pytest.mark.parametrize("name", list(ENCODED))
def test_text_in_any_usual_encoding_is_read_faithfully(tmp_path: Path, name: str, fmt: str) -> None:
    data, phrase = ENCODED[name]
    path = tmp_path / name
    path.write_bytes(data())
    docs = documents(path, fmt)
    assert len(docs) == 1
    assert phrase in docs[0].text
    if name.startswith(("latin1", "invalid-utf8")):
        assert any("UTF-8" in w for w in docs[0].warnings), "a fallback decoding must be said, not silent"


@pytest.mark.parametrize("name", list(ENCODED))
def test_sniffing_finds_a_text_reader_whatever_the_encoding(tmp_path: Path, name: str) -> None:
    data, phrase = ENCODED[name]
    path = tmp_path / name
    path.write_bytes(data())
    assert formats.sniff(path) in TEXT_READERS
    assert phrase in documents(path, "auto")[0].text


@pytest.mark.parametrize("name", list(ENCODED))
@pytest.mark.parametrize("fmt", ["frus-tei", "pdf", "image"])
def test_text_given_to_a_binary_or_xml_reader_is_refused(tmp_path: Path, name: str, fmt: str) -> None:
    path = tmp_path / name
    path.write_bytes(ENCODED[name][0]())
    read_error(path, fmt)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_utf16_frus_text_is_sniffed_and_read_as_frus_text(tmp_path: Path, encoding: str) -> None:
    original = FIXTURES / "frus_text" / "frus1956-58v99_d12.txt"
    utf8 = documents(original, "frus-text")[0]
    path = tmp_path / original.name
    path.write_bytes(original.read_text(encoding="utf-8").encode(encoding))
    assert formats.sniff(path) == "frus-text"
    doc = documents(path, "auto")[0]
    assert doc.text == utf8.text
    assert doc.id == utf8.id


# -- truncation ------------------------------------------------------------------------------


def cut_points(data: bytes, count: int = 20) -> list[int]:
    """`count` evenly spread cuts plus three that fall inside a multi-byte UTF-8 character."""
    cuts = {max(1, len(data) * i // count) for i in range(1, count)}
    inside = [i for i in range(1, len(data)) if data[i] & 0xC0 == 0x80]
    for i in (0, len(inside) // 2, len(inside) - 1):
        if inside:
            cuts.add(inside[i])
    return sorted(cuts)


def check_cuts(source: Path, tmp_path: Path, ways: list[str]) -> int:
    """Read every cut of `source` each way; return how many reads gave documents."""
    data = source.read_bytes()
    read = 0
    for cut in cut_points(data):
        path = tmp_path / source.name
        path.write_bytes(data[:cut])
        for fmt in ways:
            result = outcome(path, fmt)
            if isinstance(result, ReadError):
                if fmt == "frus-tei" and cut > len(data) // 2:
                    assert isinstance(result, TruncatedError) or result.line is not None, result
            else:
                read += 1
    return read


def _fixture_files() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix in {".txt", ".md", ".xml"})


@pytest.mark.parametrize("source", _fixture_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixtures_cut_anywhere_read_or_fail_clearly(tmp_path: Path, source: Path) -> None:
    own = formats.sniff(source)
    read = check_cuts(source, tmp_path, [own, "auto"])
    if own != "frus-tei":
        assert read > 0, "a text document cut short still has words to read"


def _corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file()) if CORPUS.exists() else []


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.timeout(600)
def test_corpus_files_cut_anywhere_read_or_fail_clearly(tmp_path: Path) -> None:
    corpus_path()
    files = _corpus_files()
    assert files
    for source in files:
        check_cuts(source, tmp_path, [formats.sniff(source)])


def assert_volume_cuts_are_truncations(volume: Path, tmp_path: Path) -> None:
    """Cut a TEI volume at 19 points: each cut yields the documents before it, then TruncatedError."""
    whole = [doc.id for doc in documents(volume, "frus-tei")]
    data = volume.read_bytes()
    path = tmp_path / volume.name
    misreported = []
    for i in range(1, 20):
        cut = len(data) * i // 20
        path.write_bytes(data[:cut])
        kept: list[str] = []
        try:
            for doc in formats.read_path(path, "frus-tei"):
                assert_sound(doc)
                kept.append(doc.id)
        except TruncatedError as exc:
            assert exc.path == str(path) and exc.line is not None
        except ReadError as exc:
            misreported.append(f"cut at byte {cut} ({data[cut - 12:cut]!r}): {exc.reason}")
        else:
            misreported.append(f"cut at byte {cut}: no error at all")
        assert kept == whole[: len(kept)], "documents before the cut must be the volume's first ones, in order"
    assert not misreported, "a cut volume reported as something other than truncated:\n" + "\n".join(misreported)


def test_fixture_volume_cut_anywhere_is_reported_as_truncated(tmp_path: Path) -> None:
    assert_volume_cuts_are_truncations(FIXTURES / "frus_tei" / "frus1955-57v99.xml", tmp_path)


@pytest.mark.corpus
def test_corpus_volume_cut_anywhere_is_reported_as_truncated(tmp_path: Path) -> None:
    assert_volume_cuts_are_truncations(corpus_path("frus_tei", "frus1969-76v12.xml"), tmp_path)


def test_a_one_line_volume_cut_in_an_attribute_is_truncated_after_its_first_document(tmp_path: Path) -> None:
    data = tei_volume("<p>First.</p>")
    cut = data.index(b'xml:id="d2"') + len(b'xml:id="d')
    path = tmp_path / "one-line.xml"
    path.write_bytes(data[:cut])
    kept = []
    with pytest.raises(TruncatedError) as caught:
        for doc in formats.read_path(path, "frus-tei"):
            kept.append(doc)
    assert [doc.metadata.doc_number for doc in kept] == ["1"]
    assert caught.value.line == 3


def test_a_fault_in_the_middle_of_a_one_line_volume_is_not_truncation(tmp_path: Path) -> None:
    path = tmp_path / "one-line.xml"
    path.write_bytes(tei_volume("<p>Wrong <hi>end</emph> tag.</p>"))
    error = read_error(path, "frus-tei")
    assert not isinstance(error, TruncatedError), error
    assert "mismatch" in error.reason and error.line == 3


def test_a_fault_that_needs_no_more_input_is_not_truncation_even_at_the_end(tmp_path: Path) -> None:
    data = tei_volume("<p>Wrong <hi>end</emph> tag.</p>")
    path = tmp_path / "ends-at-fault.xml"
    path.write_bytes(data[: data.index(b"</emph>") + len(b"</emph>")])
    error = read_error(path, "frus-tei")
    assert not isinstance(error, TruncatedError), error
    assert "mismatch" in error.reason


# -- huge input ------------------------------------------------------------------------------


def write_sparse(path: Path, head: bytes, size: int) -> Path:
    """A file of `size` bytes that starts with `head` (the rest a hole: quick to make)."""
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


@pytest.mark.parametrize("fmt", ["auto", *TEXT_READERS])
def test_a_50_mb_text_file_is_refused_by_its_size_without_being_loaded(tmp_path: Path, fmt: str) -> None:
    path = write_sparse(tmp_path / "dump.txt", MEMO.encode() * 40, 50 * 1024 * 1024)
    assert path.stat().st_size > MAX_TEXT_BYTES
    tracemalloc.start()
    try:
        error = read_error(path, fmt)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "50.0 MB" in error.reason and "limit" in error.reason
    assert peak < 2 * 1024 * 1024, f"{peak} bytes held to refuse a file by its size"


@pytest.mark.parametrize("fmt", ["pdf", "image"])
def test_a_50_mb_file_of_the_wrong_kind_is_refused_by_binary_readers(tmp_path: Path, fmt: str) -> None:
    path = write_sparse(tmp_path / f"dump.{'pdf' if fmt == 'pdf' else 'png'}", MEMO.encode(), 50 * 1024 * 1024)
    assert "not a" in read_error(path, fmt).reason


#: name -> (one repeated unit, how many times): single lines of several MB
LONG_LINES: dict[str, tuple[bytes, int]] = {
    "words": (b"shipment ", 600_000),
    "no-spaces": (b"A", 5_000_000),
    "banners": (b"Approved For Release 2003/08/08 : CIA-RDP80R01443R000200010007-3 ", 60_000),
    "markings-and-banners": (b"SECRET 25X1 Approved For Release 2003/08/08 : CIA-RDP80R01443R000200010007-3 "
                             b"page text ", 25_000),
    "tildes-and-carets": (b"~~^{", 750_000),
    "page-markers": (b"[Page 12]", 200_000),
}


@pytest.mark.slow
@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", list(LONG_LINES))
def test_crest_reads_a_single_line_of_several_megabytes(tmp_path: Path, name: str) -> None:
    unit, times = LONG_LINES[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(unit * times)
    docs = documents(path, "crest")
    assert len(docs) == 1
    if "banners" in name:
        assert docs[0].id == "CIA-RDP80R01443R000200010007-3"
        assert "Approved For Release" not in docs[0].text
    else:
        assert docs[0].text.strip()


@pytest.mark.slow
@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", ["words", "no-spaces", "tildes-and-carets", "page-markers"])
def test_frus_text_reads_a_single_line_of_several_megabytes(tmp_path: Path, name: str) -> None:
    unit, times = LONG_LINES[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(unit * times)
    assert len(documents(path, "frus-text")) == 1


@pytest.mark.slow
@pytest.mark.timeout(20)
def test_frus_text_reads_a_long_line_full_of_numbers(tmp_path: Path) -> None:
    """One MB on one line with a number every few words (an OCR dump joined by spaces)."""
    path = tmp_path / "numbers.txt"
    path.write_bytes(b"Telegram 25 of March 12, 1954 sent 3 copies. " * 23_000)  # 1 MB
    assert len(documents(path, "frus-text")) == 1


# -- hostile XML -----------------------------------------------------------------------------


def tei_volume(body: str, *, doctype: str = "", more: str = "") -> bytes:
    """A minimal FRUS-style TEI volume: `body` is the first document's contents, `more` further divs."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n'
        f'<TEI xmlns="{TEI}" xmlns:xi="http://www.w3.org/2001/XInclude" xml:id="frus1999-01v99">'
        "<teiHeader><fileDesc><titleStmt><title type=\"complete\">Foreign Relations of the United States, "
        "an invented volume</title></titleStmt></fileDesc></teiHeader>"
        '<text><body><div type="compilation">'
        f'<div type="document" xml:id="d1" n="1"><head>1. Memorandum (invented)</head>{body}</div>'
        '<div type="document" xml:id="d2" n="2"><head>2. Telegram (invented)</head><p>Nothing further.</p></div>'
        f"{more}</div></body></text></TEI>"
    ).encode()


def outputs_of(path: Path, fmt: str) -> str:
    """Everything a reader says about `path`: its documents' JSON, or its error message."""
    result = outcome(path, fmt)
    if isinstance(result, ReadError):
        return str(result)
    return "\n".join(doc.dumps() for doc in result)


@pytest.fixture
def secret_file(tmp_path: Path) -> tuple[Path, str]:
    """A file whose contents must never reach any output (an XXE target of our own)."""
    marker = "TOPSECRET-MARKER-7f3a9c-never-to-be-read"
    path = tmp_path / "secret.txt"
    path.write_text(f"{marker}\n", encoding="utf-8")
    return path, marker


def _passwd_line() -> str | None:
    try:
        return Path("/etc/passwd").read_text(encoding="utf-8", errors="replace").splitlines()[0]
    except (OSError, IndexError):
        return None


@pytest.mark.parametrize("fmt", ["auto", "frus-tei", *TEXT_READERS])
@pytest.mark.parametrize(
    "form",
    ["general-entity", "parameter-entity", "external-dtd", "xinclude"],
)
def test_external_entities_are_never_resolved(tmp_path: Path, secret_file: tuple[Path, str], form: str,
                                              fmt: str) -> None:
    secret, marker = secret_file
    passwd = _passwd_line()
    outputs = []
    for target in [secret.as_uri(), "file:///etc/passwd"]:
        if form == "general-entity":
            data = tei_volume("<p>Before &xxe; after.</p>", doctype=f'<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "{target}">]>')
        elif form == "parameter-entity":
            data = tei_volume("<p>Plain.</p>", doctype=f'<!DOCTYPE TEI [<!ENTITY % ext SYSTEM "{target}"> %ext;]>')
        elif form == "external-dtd":
            data = tei_volume("<p>Plain.</p>", doctype=f'<!DOCTYPE TEI SYSTEM "{target}">')
        else:
            data = tei_volume(f'<p>Included: <xi:include href="{target}" parse="text"/></p>')
        path = tmp_path / f"{form}.xml"
        path.write_bytes(data)
        outputs.append(outputs_of(path, fmt))
    said = "\n".join(outputs)
    assert marker not in said
    if passwd:
        assert passwd not in said


BILLION_LAUGHS = "".join(
    [f'<!ENTITY lol0 "{"lol" * 10}">']
    + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("fmt", ["auto", "frus-tei"])
def test_entity_expansion_bomb_is_not_expanded(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "laughs.xml"
    path.write_bytes(tei_volume("<p>&lol9;</p>", doctype=f"<!DOCTYPE TEI [{BILLION_LAUGHS}]>"))
    tracemalloc.start()
    try:
        said = outputs_of(path, fmt)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(said) < 1_000_000 and "lol" * 100 not in said
    assert peak < 100 * 1024 * 1024, f"{peak / 1_048_576:.0f} MB held for a {path.stat().st_size}-byte file"


@pytest.mark.timeout(60)
@pytest.mark.parametrize("fmt", ["auto", "frus-tei"])
def test_quadratic_blowup_entity_is_not_expanded(tmp_path: Path, fmt: str) -> None:
    """One large entity referred to many times (the attack that needs no nesting)."""
    doctype = f'<!DOCTYPE TEI [<!ENTITY big "{"x" * 50_000}">]>'
    path = tmp_path / "blowup.xml"
    path.write_bytes(tei_volume("<p>" + "&big;" * 20_000 + "</p>", doctype=doctype))
    said = outputs_of(path, fmt)
    assert len(said) < 10_000_000


@pytest.mark.timeout(60)
@pytest.mark.parametrize("fmt", ["auto", "frus-tei"])
def test_deeply_nested_xml_is_refused_or_read(tmp_path: Path, fmt: str) -> None:
    depth = 100_000
    path = tmp_path / "nested.xml"
    path.write_bytes(tei_volume("<p>" + "<hi>" * depth + "deep" + "</hi>" * depth + "</p>"))
    outcome(path, fmt)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("fmt", ["auto", "frus-tei"])
def test_deeply_nested_but_legal_document_is_read(tmp_path: Path, fmt: str) -> None:
    depth = 200  # within the parser's default limit: the text inside must survive
    path = tmp_path / "nested.xml"
    path.write_bytes(tei_volume("<p>" + "<hi>" * depth + "deep words" + "</hi>" * depth + "</p>"))
    docs = documents(path, fmt)
    assert len(docs) == 2 and "deep words" in docs[0].text


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_huge_tei_volume_parts_are_refused_or_streamed(tmp_path: Path) -> None:
    """A text node past the parser's 10 MB limit, an attribute of 12 MB, and 20,000 documents."""
    node = tmp_path / "huge-node.xml"
    node.write_bytes(tei_volume("<p>" + "word " * 2_500_000 + "</p>"))
    outcome(node, "frus-tei")
    attribute = tmp_path / "huge-attribute.xml"
    attribute.write_bytes(tei_volume(f'<p rend="{"9" * 12_000_000}">x</p>'))
    outcome(attribute, "frus-tei")
    many = tmp_path / "many.xml"
    divs = "".join(f'<div type="document" xml:id="d{i}" n="{i}"><head>{i}. Note</head><p>Text {i}.</p></div>'
                   for i in range(3, 20_003))
    many.write_bytes(tei_volume("<p>First.</p>", more=divs))
    assert len(documents(many, "frus-tei")) == 20_002


#: name -> XML that is not a FRUS TEI volume
NOT_TEI = {
    "plain.xml": b"<?xml version='1.0'?><root><a>an invented record</a></root>",
    "xhtml.xml": b"<html xmlns='http://www.w3.org/1999/xhtml'><body><p>Not TEI.</p></body></html>",
    "tei-namespace-wrong-root.xml": f"<html xmlns='{TEI}'><div type='document'><p>x</p></div></html>".encode(),
    "tei-without-documents.xml": f"<TEI xmlns='{TEI}'><teiHeader/><text><body><p>A poem.</p></body></text></TEI>"
    .encode(),
    "tei-unclosed.xml": f"<TEI xmlns='{TEI}'><text><body><div type='document'><p>cut".encode(),
    "tei-undeclared-entity.xml": f"<TEI xmlns='{TEI}'><text><body><div type='document'><p>&nope;</p></div>"
    "</body></text></TEI>".encode(),
    "tei-bad-bytes.xml": f"<?xml version='1.0' encoding='UTF-8'?><TEI xmlns='{TEI}'><text><body>"
    "<div type='document' xml:id='d1'><p>caf\xe9</p></div></body></text></TEI>".encode("latin-1"),
    "tei-utf16.xml": f"<?xml version='1.0' encoding='UTF-16'?><TEI xmlns='{TEI}'><text><body>"
    "<div type='document' xml:id='d1'><p>Café</p></div></body></text></TEI>".encode("utf-16"),
    "tei-nul.xml": f"<TEI xmlns='{TEI}'><text><body><div type='document'><p>a\x00b</p></div></body></text></TEI>"
    .encode(),
    "processing-instructions-only.xml": b"<?xml version='1.0'?><?pi data?><!-- nothing -->",
}


@pytest.mark.parametrize("fmt", ["auto", "frus-tei"])
@pytest.mark.parametrize("name", list(NOT_TEI))
def test_xml_that_is_not_a_frus_volume_is_refused_or_read_soundly(tmp_path: Path, name: str, fmt: str) -> None:
    path = tmp_path / name
    path.write_bytes(NOT_TEI[name])
    result = outcome(path, fmt)
    if name in {"plain.xml", "xhtml.xml", "tei-namespace-wrong-root.xml", "tei-unclosed.xml",
                "tei-undeclared-entity.xml", "tei-bad-bytes.xml", "tei-nul.xml",
                "processing-instructions-only.xml"} and fmt == "frus-tei":
        assert isinstance(result, ReadError), f"{name} read as {result}"


def test_an_undeclared_entity_is_reported_as_such_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "undeclared.xml"
    path.write_bytes(tei_volume("<p>An invented &nope; entity.</p>"))
    error = read_error(path, "frus-tei")
    assert "nope" in error.reason, error
    assert error.line == 3, error


# -- PDFs --------------------------------------------------------------------------------------


def make_pdf(pages: int = 2) -> bytes:
    """A small PDF with a text layer on each page (invented words)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=letter)
    for n in range(1, pages + 1):
        sheet.drawString(72, 720, f"MEMORANDUM FOR THE RECORD, page {n} of an invented test file")
        sheet.drawString(72, 700, "Subject: shipments through an invented port, reported by an invented source")
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def encrypted_pdf(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(make_pdf())).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="owner-only", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zero_page_pdf() -> bytes:
    from pypdf import PdfWriter

    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["auto", "pdf"])
def test_pdf_that_needs_a_password_is_refused(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypted_pdf("let-me-in"))
    assert "encrypted" in read_error(path, fmt).reason


def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    path = tmp_path / "restricted.pdf"
    path.write_bytes(encrypted_pdf(""))
    docs = documents(path, "pdf")
    assert "invented port" in docs[0].text


@pytest.mark.parametrize("fmt", ["auto", "pdf"])
def test_zero_page_pdf_is_refused(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(zero_page_pdf())
    assert "no pages" in read_error(path, fmt).reason


#: name -> bytes that claim to be a PDF or are named like one
NOT_PDF = {
    "text-named.pdf": b"This is a memorandum saved with the wrong name.\n",
    "header-only.pdf": b"%PDF-1.4\n",
    "header-then-garbage.pdf": b"%PDF-1.7\n" + bytes(random.Random(7).randbytes(4000)) + b"\n%%EOF\n",
    "html-error-page.pdf": b"<!DOCTYPE html><html><body>404 Not Found</body></html>",
    "empty.pdf": b"",
}


@pytest.mark.parametrize("fmt", ["auto", "pdf"])
@pytest.mark.parametrize("name", list(NOT_PDF))
def test_a_pdf_that_is_not_a_pdf_is_refused(tmp_path: Path, name: str, fmt: str) -> None:
    path = tmp_path / name
    path.write_bytes(NOT_PDF[name])
    result = outcome(path, fmt)
    if fmt == "pdf" or name != "text-named.pdf":
        assert isinstance(result, ReadError), f"{name} read as a {fmt} document"


@pytest.mark.timeout(120)
def test_truncated_pdf_is_refused_or_read_without_crashing(tmp_path: Path) -> None:
    data = make_pdf(pages=3)
    path = tmp_path / "cut.pdf"
    refused = 0
    for cut in cut_points(data, count=12):
        path.write_bytes(data[:cut])
        result = outcome(path, "pdf")
        refused += isinstance(result, ReadError)
    assert refused >= 6, "most cuts of a PDF lose its cross-reference table and must be refused"


def test_a_pdf_cut_before_its_end_marker_says_truncated(tmp_path: Path) -> None:
    data = make_pdf()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3])
    assert "truncated" in read_error(path, "pdf").reason


# -- page images -----------------------------------------------------------------------------


def png_bytes(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (width, height), color=255).save(out, format="PNG")
    return out.getvalue()


def zero_size_png() -> bytes:
    """A PNG whose header says 0×0 pixels (Pillow will not write one, so it is built by hand)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 0, 0, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


@pytest.mark.parametrize("fmt", ["auto", "image"])
def test_truncated_png_is_refused(tmp_path: Path, fmt: str) -> None:
    data = png_bytes(400, 300)
    pixels_end = data.rindex(b"IEND") - 4  # a cut after this loses only the end marker, not the page
    path = tmp_path / "cut.png"
    cuts = [cut for cut in cut_points(data, count=8) if cut < pixels_end]
    assert len(cuts) >= 6
    for cut in cuts:
        path.write_bytes(data[:cut])
        assert any(word in read_error(path, fmt).reason for word in ("corrupt", "truncated", "OCR"))


@pytest.mark.parametrize("fmt", ["auto", "image"])
def test_zero_by_zero_png_is_refused(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "nothing.png"
    path.write_bytes(zero_size_png())
    read_error(path, fmt)


@pytest.mark.ocr
@pytest.mark.timeout(120)
@pytest.mark.parametrize("size", [(1, 1), (3, 2)])
def test_a_tiny_image_gives_an_empty_document_or_a_clear_error(tmp_path: Path, size: tuple[int, int]) -> None:
    path = tmp_path / "dot.png"
    path.write_bytes(png_bytes(*size))
    result = outcome(path, "image")
    if not isinstance(result, ReadError):
        assert len(result) == 1 and not result[0].text.strip()
        assert any("no text" in w for w in result[0].warnings)


@pytest.mark.parametrize("name", ["fake.png", "fake.tif", "fake.jpg"])
def test_image_magic_followed_by_garbage_is_refused(tmp_path: Path, name: str) -> None:
    magic = {"fake.png": b"\x89PNG\r\n\x1a\n", "fake.tif": b"II*\x00", "fake.jpg": b"\xff\xd8\xff\xe0"}[name]
    path = tmp_path / name
    path.write_bytes(magic + random.Random(3).randbytes(2000))
    for fmt in ("auto", "image"):
        read_error(path, fmt)


# -- the command line's view -----------------------------------------------------------------


def test_no_hostile_file_reaches_the_internal_error_path(tmp_path: Path, secret_file: tuple[Path, str]) -> None:
    """`declass read` over all the hostile files: each fails cleanly or reads; none is a reader bug."""
    for name, make in GARBAGE.items():
        (tmp_path / name).write_bytes(make())
    for name, (make, _) in ENCODED.items():
        (tmp_path / name).write_bytes(make())
    for name, data in {**NOT_TEI, **NOT_PDF}.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "locked.pdf").write_bytes(encrypted_pdf("let-me-in"))
    (tmp_path / "zero.pdf").write_bytes(zero_page_pdf())
    (tmp_path / "zero.png").write_bytes(zero_size_png())
    secret, marker = secret_file
    (tmp_path / "xxe.xml").write_bytes(
        tei_volume("<p>&xxe;</p>", doctype=f'<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>')
    )
    secret.unlink()  # only the hostile files are read (and the entity's target is gone, too)
    results = list(iter_read([str(tmp_path)], "auto", progress=False))
    reported = {str(path) for path, _, _ in results}
    for path in tmp_path.iterdir():
        if str(path) not in reported:  # a file with no documents and no error must truly hold none
            assert outcome(path, "auto") == [], path.name
    for path, doc, reason in results:
        if doc is None:
            assert reason and not reason.startswith("internal error in reader"), f"{path}: {reason}"
        else:
            assert marker not in doc.dumps()


# -- property: any text at all -----------------------------------------------------------------

#: pieces of the formats the text readers recognise, mixed with noise by the property below
TOKENS = [
    "Approved For Release 2003/08/08 : CIA-RDP80R01443R000200010007-3", "Approve' or Release 2O04/07/Q8",
    "Approved for Release: 2019/10/23 C03193794", "CIA-RDP80R01443R000200010007-3", "25X1", "25X1A", "STAT",
    "(b)(3)", "3.3(h)(2)", "Next 1 Page(s) In Document Denied", "[redacted]", "SECRET", "TOP SECRET NOFORN",
    "CONFIDENTIAL", "MEMORANDUM FOR:", "SUBJECT:", "FROM:", "4 November 1953", "25 AUG 1950", "October 12, 19542",
    "[Page 1261]", "[Pa", "ge 12]", "I.", "II.", "A.", "B.", "1.", "~~", "^{", "}", "[^]", "*", "_", "↩",
    "Source: Department of State, Central Files, 661.93/11–2354.", "  1. Drafted by Smith.", "- Not printed.↩",
    "632. Circular Airgram From the Department of State to All Diplomatic and Consular Missions1",
    "Document Number (FOIA) /ESDN (CREST):", "Release Decision: RIPPUB", "/1/Source:", "No. 12",
    "\n", "\n\n", " ", "\t", "é", "e\u0301", "\u202e", "\u05d0", "\u0645", "\ufeff", "\u200b", "\x0c", "\x07", "𝔘",
]


@st.composite
def hostile_texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=12)), max_size=60))
    return "".join(pieces)


@pytest.mark.timeout(300)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(text=hostile_texts(), encoding=st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_any_text_reads_soundly_or_fails_clearly(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "any.txt"
    path.write_bytes(text.encode(encoding))
    for fmt in TEXT_READERS:
        outcome(path, fmt)
