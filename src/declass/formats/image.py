"""Page-image reader: PNG, TIFF and JPEG scans recognised with tesseract.

One image file is one document. A multi-page TIFF (the usual form of a scanned file) is
one document with one `page` span per frame; other images are a single page. Each page
span carries `n`, `method` (`"ocr"`) and `confidence` (tesseract's mean word confidence,
0-100). Frames are taken out of a TIFF one at a time and recognised in a bounded pool, so
memory stays flat however many pages the file has. An image without words gives a
document with empty text and a warning, not an error.

The page texts are assembled like those of a scanned PDF (see `declass.formats.pdf`).
"""

from __future__ import annotations

import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

from declass.errors import ReadError
from declass.formats._decode import read_head
from declass.formats.pdf import PageResult, document_from_page_results, file_source, ocr_page_result, ocr_summary
from declass.model import Document
from declass.text import ocr

NAME = "image"
VERSION = "1"

#: The first bytes of each image kind read here.
MAGIC: dict[bytes, str] = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
    b"\xff\xd8\xff": "jpeg",
}
SUFFIXES = frozenset({".png", ".tif", ".tiff", ".jpg", ".jpeg"})


def sniff(path: Path, head: bytes) -> float:
    """Page images are known by their first bytes; a bare image suffix is weak evidence."""
    if image_kind(head) is not None:
        return 0.95
    return 0.2 if path.suffix.lower() in SUFFIXES else 0.0


def image_kind(head: bytes) -> str | None:
    """`"png"`, `"tiff"` or `"jpeg"` from a file's first bytes, or None."""
    for magic, kind in MAGIC.items():
        if head.startswith(magic):
            return kind
    return None


def read(path: Path) -> Iterator[Document]:
    """Yield the one document a page image (or multi-page TIFF) holds."""
    yield read_image(path)


def read_image(path: Path, *, workers: int | None = None, lang: str = ocr.DEFAULT_LANG) -> Document:
    """Recognise every page of an image file and assemble them into one document.

    Raises ReadError naming the file when it is not a PNG, TIFF or JPEG image, cannot be
    decoded, or tesseract is not installed.
    """
    path = Path(path)
    source = file_source(path, NAME, VERSION)
    kind = _check_kind(path)
    try:
        ocr.check_tesseract(lang)
    except ocr.OcrUnavailableError as exc:
        raise ReadError(path, f"a page image needs OCR, but {exc}") from exc
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frames = _frame_count(path)
        if frames is None:
            notes.append("the image's page count cannot be read (damaged file); pages read until the damage")
        if frames == 1:
            pages = [_single_page(path, lang)]
        else:
            pages = _many_pages(path, frames, lang, workers, notes)
    if not pages:
        raise ReadError(path, f"no page of the image can be decoded ({'; '.join(notes[1:]) or 'damaged file'})")
    for item in caught:
        message = f"image: {item.message}".strip()
        if message not in notes:
            notes.append(message)
    doc = document_from_page_results(pages, path=path, source=source, fmt=NAME)
    doc.warnings.extend(notes)
    doc.metadata.extra["image"] = {"kind": kind, "pages": len(pages)}
    doc.metadata.extra["ocr"] = ocr_summary(pages, lang=lang, dpi=None)
    return doc


def _check_kind(path: Path) -> str:
    head = read_head(path, 16)
    kind = image_kind(head)
    if kind is None:
        raise ReadError(path, f"not a PNG, TIFF or JPEG page image (it starts with {head[:8]!r})")
    return kind


def _open(path: Path):  # type: ignore[no-untyped-def]
    from PIL import Image

    # Pillow's own pixel limit (about 179 million) refuses decompression bombs; a letter
    # page scanned at 600 dpi is about 34 million pixels
    try:
        return Image.open(path)
    except Image.DecompressionBombError as exc:
        raise ReadError(path, f"image too large to be a page scan: {exc}") from exc
    except Exception as exc:  # Pillow raises several kinds for a damaged file
        raise ReadError(path, f"corrupt or unreadable image: {exc}") from exc


def _frame_count(path: Path) -> int | None:
    """How many pages the image has; None when a damaged TIFF cannot say (read until it fails)."""
    with _open(path) as image:
        try:
            frames = int(getattr(image, "n_frames", 1) or 1)
        except Exception:
            return None
        if frames == 1:
            try:
                image.verify()
            except Exception as exc:
                raise ReadError(path, f"corrupt or truncated image: {exc}") from exc
    return frames


def _single_page(path: Path, lang: str) -> PageResult:
    """Give tesseract the file itself; if it cannot read that kind, give it a grey PNG copy."""
    try:
        return ocr_page_result(1, ocr.ocr_image(path, lang=lang))
    except ocr.OcrError as first:
        with tempfile.TemporaryDirectory(prefix="declass-img-") as workdir:
            copy = Path(workdir) / "page.png"
            try:
                with _open(path) as image:
                    image.convert("L").save(copy)
                return ocr_page_result(1, ocr.ocr_image(copy, lang=lang))
            except ReadError:
                raise
            except Exception as exc:
                raise ReadError(path, f"the image cannot be recognised: {first}; as PNG: {exc}") from exc


def _many_pages(path: Path, frames: int | None, lang: str, workers: int | None, notes: list[str]) -> list[PageResult]:
    """Write each frame to a temporary grey image as the pool asks for it, then recognise it."""
    with tempfile.TemporaryDirectory(prefix="declass-tiff-") as workdir, _open(path) as image:

        def tasks() -> Iterator[Callable[[], PageResult]]:
            # this thread alone seeks in the image; the pool only sees finished files
            index = 0
            while frames is None or index < frames:
                n = index + 1
                frame_file = Path(workdir) / f"page-{n}.pgm"
                try:
                    image.seek(index)
                    # uncompressed grey: quicker to write than to compress, and gone once read
                    image.convert("L").save(frame_file, format="PPM")
                except EOFError:
                    return  # the last page of a file that could not count its pages
                except Exception as exc:
                    notes.append(f"page {n}: cannot be decoded ({exc}); the pages from here on are lost")
                    return
                yield _recognise_file(n, frame_file, lang)
                index += 1

        return [future.result() for future in ocr.bounded_map(lambda task: task(), tasks(), workers)]


def _recognise_file(n: int, frame_file: Path, lang: str) -> Callable[[], PageResult]:
    def run() -> PageResult:
        try:
            return ocr_page_result(n, ocr.ocr_image(frame_file, lang=lang))
        except ocr.OcrError as exc:
            return PageResult(n, "", "ocr", warnings=[f"page {n}: OCR failed: {exc}"])
        finally:
            frame_file.unlink(missing_ok=True)

    return run
