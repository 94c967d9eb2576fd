"""The PDF reader: text layers, OCR of image-only pages, mixed PDFs and bad PDFs.

Every PDF and page image is made at test time: text-layer pages with reportlab, and
scanned-looking pages by drawing text into an image with Pillow (some degraded with
noise and a small tilt) and placing it on a PDF page, so the OCR path runs for real.
The texts are an invented memo (tests/data/pdf/) and, when the corpus is present, the
seed CREST briefing with its release banner at the top and bottom of the page.
"""

from __future__ import annotations

import difflib
import hashlib
import random
import re
import textwrap
from pathlib import Path

import pytest
import reportlab
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import letter
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from declass import formats
from declass.cli.read import iter_read
from declass.errors import ReadError
from declass.formats import pdf
from declass.model import Document
from declass.text import ocr
from tests.conftest import FIXTURES, corpus_path

MEMO = FIXTURES / "pdf" / "invented_memo.txt"
FONT = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
SEED_BANNER = "Approved For Release 2003/08/08 : CIA-RDP80R01443R000200010007-3"
DPI = 300
LINES_PER_PAGE = 38


# -- making pages --------------------------------------------------------------------------


def memo_lines() -> list[str]:
    return MEMO.read_text(encoding="utf-8").splitlines()


def seed_page_lines() -> list[str]:
    """The typed words of the seed briefing's first page, with its banner at top and bottom.

    The transcription's handwriting (insertions, italic notes) is left out and its struck
    words are kept as typed, since a scan shows them.
    """
    source = corpus_path("seeds", "CIA-RDP80R01443R000200010007-3.md").read_text(encoding="utf-8")
    text = re.sub(r"\^\{[^}]*\}", "", source)
    text = text.replace("~~", "").replace("[^]", "")
    text = re.sub(r"\*[^*\n]*\*", "", text)
    body: list[str] = []
    for raw in text.splitlines():
        line = re.sub(r"^- ", "", raw.strip())
        line = re.sub(r"\s{2,}", " ", line).strip()
        if line and "Approved For Release" not in line:
            body.extend(textwrap.wrap(line, 62))
    return [SEED_BANNER, "", *body[: LINES_PER_PAGE - 4], "", SEED_BANNER]


def render_page(lines: list[str], *, noise: float = 0.0, tilt: float = 0.0, seed: int = 7) -> Image.Image:
    """Draw lines of typed text on a white letter-size page at 300 dpi, optionally degraded.

    `noise` is the share of pixels flipped to random grey specks; `tilt` rotates the page by
    that many degrees, as a sheet fed crookedly into a scanner.
    """
    size = int(11 * DPI / 72)  # 11-point type
    font = ImageFont.truetype(str(FONT), size)
    page = Image.new("L", (int(8.5 * DPI), int(11 * DPI)), 255)
    draw = ImageDraw.Draw(page)
    y = DPI
    for line in lines:
        draw.text((DPI, y), line, font=font, fill=20)
        y += int(size * 1.5)
    if tilt:
        page = page.rotate(tilt, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if noise:
        rng = random.Random(seed)
        pixels = page.load()
        width, height = page.size
        for _ in range(int(width * height * noise)):
            pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 90, 160))
        page = page.filter(ImageFilter.GaussianBlur(0.6))
    return page


def build_pdf(path: Path, pages: list[list[str] | Image.Image], *, encrypt: StandardEncryption | None = None) -> Path:
    """A PDF whose pages are text-layer pages (lists of lines) or image-only pages (images)."""
    pdf_canvas = canvas.Canvas(str(path), pagesize=letter, encrypt=encrypt)
    for page in pages:
        if isinstance(page, Image.Image):
            pdf_canvas.drawImage(ImageReader(page), 0, 0, width=letter[0], height=letter[1])
        else:
            text = pdf_canvas.beginText(72, 720)
            text.setFont("Courier", 11)
            for line in page:
                text.textLine(line)
            pdf_canvas.drawText(text)
        pdf_canvas.showPage()
    pdf_canvas.save()
    return path


def similarity(found: str, expected: str) -> float:
    """Character-level similarity of two texts with their white space normalised."""
    return difflib.SequenceMatcher(None, " ".join(found.split()), " ".join(expected.split()), autojunk=False).ratio()


def without_banners(text: str) -> str:
    """The text without its release-banner lines (kept or removed, depending on the assembly)."""
    return "\n".join(line for line in text.splitlines() if "Approved For Release" not in line)


def crest_assembly_ready() -> bool:
    return pdf._crest_assembly() is not None


# -- text layer ----------------------------------------------------------------------------


def test_text_layer_pdf_gives_one_page_span_per_page(tmp_path: Path) -> None:
    lines = memo_lines()
    path = build_pdf(tmp_path / "memo.pdf", [lines[:14], lines[14:]])
    doc = pdf.read_pdf(path)
    pages = doc.spans_of("page")
    assert [span.attrs["n"] for span in pages] == [1, 2]
    assert {span.attrs["method"] for span in pages} == {"text-layer"}
    assert all("confidence" not in span.attrs for span in pages)
    assert "Harbor Construction at Port Velmar" in doc.span_text(pages[0])
    assert "ORVILLE T. KESTREL" in doc.span_text(pages[1])
    assert doc.format == "pdf"
    data = path.read_bytes()
    assert doc.source.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.source.size == len(data)
    assert doc.source.format == "pdf" and doc.source.path == str(path)
    assert doc.metadata.extra["pdf"] == {"pages": 2, "text_layer_pages": 2, "ocr_pages": []}
    assert "ocr" not in doc.metadata.extra
    assert Document.loads(doc.dumps()).text == doc.text


def test_sniffing_picks_the_pdf_reader_by_content(tmp_path: Path) -> None:
    path = build_pdf(tmp_path / "scan.bin", [["A page of text."]])
    assert formats.sniff(path) == "pdf"
    assert pdf.sniff(Path("x.pdf"), b"%PDF-1.7\n") > 0.9
    assert pdf.sniff(Path("x.pdf"), b"plain words") < 0.5
    assert pdf.sniff(Path("x.txt"), b"plain words") == 0.0


def test_five_hundred_page_pdf_is_read_page_by_page(tmp_path: Path) -> None:
    pages = [
        [f"Page {n} of the harbor survey.", "The dredges worked all week on the breakwater."] for n in range(1, 501)
    ]
    doc = pdf.read_pdf(build_pdf(tmp_path / "long.pdf", pages))
    spans = doc.spans_of("page")
    assert len(spans) == 500
    assert [span.attrs["n"] for span in spans] == list(range(1, 501))
    assert doc.span_text(spans[499]).startswith("Page 500 of the harbor survey.")
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


def test_image_page_with_ocr_off_is_kept_empty_with_a_warning(tmp_path: Path) -> None:
    path = build_pdf(tmp_path / "scan.pdf", [memo_lines()[:5], render_page(["A scanned page."])])
    doc = pdf.read_pdf(path, ocr_mode="never")
    spans = doc.spans_of("page")
    assert [span.attrs["method"] for span in spans] == ["text-layer", "text-layer"]
    assert doc.span_text(spans[1]) == ""
    assert any("page 2" in w and "not OCR'd" in w for w in doc.warnings)


def test_inline_image_page_counts_as_a_scan(tmp_path: Path) -> None:
    path = tmp_path / "inline.pdf"
    pdf_canvas = canvas.Canvas(str(path), pagesize=letter)
    pdf_canvas.drawInlineImage(Image.new("L", (200, 260), 255), 0, 0, width=letter[0], height=letter[1])
    pdf_canvas.showPage()
    pdf_canvas.save()
    doc = pdf.read_pdf(path, ocr_mode="never")
    assert any("page 1: an image without a text layer" in w for w in doc.warnings)


def test_poster_sized_page_is_rendered_at_a_lower_resolution() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    huge = writer.add_blank_page(width=200 * 72, height=200 * 72)
    small = writer.add_blank_page(width=letter[0], height=letter[1])
    notes: list[str] = []
    lowered = pdf._render_dpi(huge, 1, 300, notes)
    assert (200 * lowered) ** 2 <= pdf.MAX_RENDER_PIXELS
    assert lowered < 300
    assert notes == [f"page 1: 200 x 200 inches; rendered for OCR at {lowered} dpi"]
    assert pdf._render_dpi(small, 2, 300, notes) == 300


# -- bad input -----------------------------------------------------------------------------


def read_error(path: Path) -> str:
    with pytest.raises(ReadError) as caught:
        pdf.read_pdf(path)
    assert caught.value.path == str(path)
    return caught.value.reason


def test_encrypted_pdf_with_a_password_is_refused_clearly(tmp_path: Path) -> None:
    path = build_pdf(tmp_path / "locked.pdf", [["Secret words."]], encrypt=StandardEncryption("secret", "owner"))
    assert read_error(path) == "encrypted PDF; needs a password"


def test_encrypted_pdf_with_an_empty_user_password_is_read(tmp_path: Path) -> None:
    path = build_pdf(
        tmp_path / "owner-only.pdf", [["Harbor words under restriction."]], encrypt=StandardEncryption("", "owner")
    )
    doc = pdf.read_pdf(path)
    assert "Harbor words under restriction." in doc.text
    assert any("encrypted PDF opened without a password" in w for w in doc.warnings)


def test_truncated_pdf_is_a_clear_error(tmp_path: Path) -> None:
    whole = build_pdf(tmp_path / "whole.pdf", [memo_lines()] * 3).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) * 6 // 10])
    assert read_error(cut).startswith("truncated PDF (it does not end with %%EOF)")


def test_corrupt_pdf_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    assert read_error(path).startswith("corrupt PDF")


def test_zero_page_pdf_is_a_clear_error(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    path = tmp_path / "empty-pages.pdf"
    PdfWriter().write(str(path))
    assert read_error(path) == "PDF has no pages"


def test_non_pdf_with_a_pdf_name_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("Just some notes, saved with the wrong name.\n", encoding="utf-8")
    assert read_error(path).startswith("not a PDF: it does not start with %PDF-")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert read_error(empty) == "file is empty"


def test_missing_tesseract_names_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = build_pdf(tmp_path / "scan.pdf", [render_page(["A scanned page."])])
    monkeypatch.delenv("DECLASS_TESSERACT", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    reason = read_error(path)
    assert reason.startswith("page 1 has no text layer and needs OCR, but tesseract is not installed")
    assert "apt-get install tesseract-ocr" in reason


def test_a_run_over_good_and_bad_pdfs_reports_each_bad_file_and_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    build_pdf(folder / "a-good.pdf", [memo_lines()])
    build_pdf(folder / "b-locked.pdf", [["x"]], encrypt=StandardEncryption("secret", "owner"))
    (folder / "c-fake.pdf").write_bytes(b"%PDF-1.4 and then nothing useful")
    results = list(iter_read([str(folder)], "auto"))
    assert [Path(str(path)).name for path, _, _ in results] == ["a-good.pdf", "b-locked.pdf", "c-fake.pdf"]
    good, locked, fake = results
    assert good[1] is not None and "Port Velmar" in good[1].text
    assert locked[1] is None and locked[2] == "encrypted PDF; needs a password"
    assert fake[1] is None and fake[2] is not None and "PDF" in fake[2]


# -- OCR -----------------------------------------------------------------------------------


@pytest.mark.ocr
def test_ocr_of_a_clean_seed_page_recovers_its_characters_and_banner(tmp_path: Path) -> None:
    lines = seed_page_lines()
    path = build_pdf(tmp_path / "briefing.pdf", [render_page(lines)])
    page = ocr.ocr_pdf_page(path, 1)
    assert similarity(page.text, "\n".join(lines)) >= 0.95
    assert page.confidence is not None and page.confidence > 80
    doc = pdf.read_pdf(path, workers=2)
    [span] = doc.spans_of("page")
    assert span.attrs["method"] == "ocr" and span.attrs["n"] == 1
    assert doc.metadata.extra["ocr"]["pages"] == [1]
    if not crest_assembly_ready():
        pytest.fail("declass.formats.crest.document_from_pages is needed to read the banner")
    assert doc.id == "CIA-RDP80R01443R000200010007-3"
    assert doc.metadata.release.date == "2003-08-08"


@pytest.mark.ocr
def test_mixed_pdf_with_a_degraded_scan_page(tmp_path: Path) -> None:
    lines = memo_lines()
    scanned = render_page(lines, noise=0.01, tilt=1.5)
    path = build_pdf(tmp_path / "mixed.pdf", [lines, scanned, render_page([])])
    doc = pdf.read_pdf(path, workers=2)
    first, second, third = doc.spans_of("page")
    assert [s.attrs["method"] for s in (first, second, third)] == ["text-layer", "ocr", "ocr"]
    assert isinstance(second.attrs["confidence"], float)
    assert similarity(without_banners(doc.span_text(second)), without_banners("\n".join(lines))) >= 0.85
    assert "Port Velmar" in doc.span_text(second)
    assert doc.span_text(third).strip() == ""
    assert "page 3: no text found by OCR" in doc.warnings
    assert doc.metadata.extra["pdf"] == {"pages": 3, "text_layer_pages": 1, "ocr_pages": [2, 3]}


@pytest.mark.ocr
def test_without_pdftoppm_the_embedded_page_image_is_ocrd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tesseract = ocr.tesseract_command()
    programs = tmp_path / "bin"
    programs.mkdir()
    (programs / "tesseract").symlink_to(tesseract)
    monkeypatch.delenv("DECLASS_TESSERACT", raising=False)
    monkeypatch.setenv("PATH", str(programs))
    assert ocr.pdftoppm_command() is None
    lines = memo_lines()
    doc = pdf.read_pdf(build_pdf(tmp_path / "scan.pdf", [render_page(lines)]), workers=1)
    [span] = doc.spans_of("page")
    assert span.attrs["method"] == "ocr"
    assert "Harbor Construction at Port Velmar" in doc.text
