"""The page-image reader: PNG, JPEG and multi-page TIFF scans recognised with tesseract.

The page images are drawn at test time (see tests/formats/test_pdf.py), some degraded with
noise, a small tilt and heavy JPEG compression, so recognition runs for real.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PIL import Image

from declass import formats
from declass.errors import ReadError
from declass.formats import image
from tests.formats.test_pdf import memo_lines, render_page, similarity, without_banners


def save_png(page: Image.Image, path: Path) -> Path:
    page.save(path, format="PNG", dpi=(300, 300))
    return path


def read_error(path: Path) -> str:
    with pytest.raises(ReadError) as caught:
        image.read_image(path)
    assert caught.value.path == str(path)
    return caught.value.reason


# -- recognition ---------------------------------------------------------------------------


@pytest.mark.ocr
def test_png_page_is_recognised_as_one_page(tmp_path: Path) -> None:
    lines = memo_lines()
    path = save_png(render_page(lines), tmp_path / "memo.png")
    doc = image.read_image(path)
    [span] = doc.spans_of("page")
    assert span.attrs["n"] == 1 and span.attrs["method"] == "ocr"
    assert span.attrs["confidence"] > 80
    assert similarity(without_banners(doc.text), without_banners("\n".join(lines))) >= 0.95
    assert doc.format == "image"
    assert doc.source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.source.size == path.stat().st_size
    assert doc.metadata.extra["image"] == {"kind": "png", "pages": 1}
    assert doc.metadata.extra["ocr"]["engine"] == "tesseract"


@pytest.mark.ocr
def test_multi_page_tiff_is_one_document_with_its_pages_in_order(tmp_path: Path) -> None:
    lines = memo_lines()
    first = render_page(lines[:11])
    second = render_page(lines[11:20], noise=0.01, tilt=-1.0)
    blank = render_page([])
    path = tmp_path / "file.tif"
    first.save(path, save_all=True, append_images=[second, blank], compression="tiff_lzw", dpi=(300, 300))
    doc = image.read_image(path, workers=2)
    spans = doc.spans_of("page")
    assert [s.attrs["n"] for s in spans] == [1, 2, 3]
    assert "Harbor Construction at Port Velmar" in doc.span_text(spans[0])
    assert "northern breakwater" in doc.span_text(spans[1])
    assert doc.span_text(spans[2]) == ""
    assert spans[2].attrs["confidence"] is None
    assert "page 3: no text found by OCR" in doc.warnings
    assert doc.metadata.extra["image"] == {"kind": "tiff", "pages": 3}


@pytest.mark.ocr
def test_truncated_tiff_keeps_the_pages_before_the_damage(tmp_path: Path) -> None:
    lines = memo_lines()
    whole = tmp_path / "whole.tif"
    render_page(lines[:11]).save(
        whole, save_all=True, append_images=[render_page(lines[11:20])], compression="tiff_lzw", dpi=(300, 300)
    )
    data = whole.read_bytes()
    cut = tmp_path / "cut.tif"
    cut.write_bytes(data[: len(data) * 2 // 3])
    doc = image.read_image(cut)
    [span] = doc.spans_of("page")
    assert "Harbor Construction at Port Velmar" in doc.span_text(span)
    assert any("page 2: cannot be decoded" in w for w in doc.warnings)


@pytest.mark.ocr
def test_degraded_jpeg_scan_is_recognised(tmp_path: Path) -> None:
    lines = memo_lines()
    path = tmp_path / "scan.jpg"
    render_page(lines, noise=0.01, tilt=1.5).save(path, quality=35, dpi=(300, 300))
    doc = image.read_image(path)
    assert doc.metadata.extra["image"]["kind"] == "jpeg"
    assert similarity(without_banners(doc.text), without_banners("\n".join(lines))) >= 0.85


@pytest.mark.ocr
def test_image_without_text_gives_an_empty_document_with_a_warning(tmp_path: Path) -> None:
    path = save_png(render_page([]), tmp_path / "blank.png")
    doc = image.read_image(path)
    assert doc.text == ""
    assert "page 1: no text found by OCR" in doc.warnings
    assert any(w.startswith("no text found") for w in doc.warnings)
    assert doc.id.startswith("sha-")


# -- recognising the format and refusing bad files -----------------------------------------


def test_sniffing_knows_page_images_by_their_first_bytes(tmp_path: Path) -> None:
    path = save_png(Image.new("L", (40, 40), 255), tmp_path / "page.data")
    assert formats.sniff(path) == "image"
    assert image.sniff(Path("a"), b"II*\x00rest") > 0.9
    assert image.sniff(Path("a"), b"MM\x00*rest") > 0.9
    assert image.sniff(Path("a"), b"\xff\xd8\xff\xe0") > 0.9
    assert image.sniff(Path("page.png"), b"words") < 0.5
    assert image.sniff(Path("page.txt"), b"words") == 0.0


def test_truncated_png_is_a_clear_error(tmp_path: Path) -> None:
    whole = save_png(render_page(memo_lines()), tmp_path / "whole.png").read_bytes()
    cut = tmp_path / "cut.png"
    cut.write_bytes(whole[:5000])
    assert read_error(cut).startswith("corrupt or truncated image")


def test_text_file_with_an_image_name_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    path.write_text("not an image at all\n", encoding="utf-8")
    assert read_error(path).startswith("not a PNG, TIFF or JPEG page image")
    empty = tmp_path / "empty.tif"
    empty.write_bytes(b"")
    assert read_error(empty) == "file is empty"


def test_image_header_with_garbage_after_it_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 20)
    assert read_error(path).startswith("corrupt or unreadable image")


def test_missing_tesseract_names_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = save_png(render_page(["A page."]), tmp_path / "page.png")
    monkeypatch.delenv("DECLASS_TESSERACT", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    reason = read_error(path)
    assert reason.startswith("a page image needs OCR, but tesseract is not installed")
    assert "apt-get install tesseract-ocr" in reason
