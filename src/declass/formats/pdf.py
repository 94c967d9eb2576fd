"""PDF reader: the text layer where there is one, OCR for pages that are only an image.

One PDF is one document. Each PDF page becomes one `page` span with attributes
`n` (1-based page number), `method` (`"text-layer"` or `"ocr"`) and, for OCR'd pages,
`confidence` (tesseract's mean word confidence, 0-100); a page label printed by the PDF
itself (`"iii"`, `"A-2"`) is kept as `label`.

A page is OCR'd when its text layer is empty or negligible (fewer than
`MIN_TEXT_LAYER_CHARS` letters and digits) and it shows an image: the usual scanned page.
Pages are taken one at a time; image-only pages are rendered (pdftoppm, 300 dpi) and
recognised (tesseract) in a bounded pool, so memory stays flat on a 500-page scan.

The page texts are then assembled into a document the way CREST scans are (release
banners removed and read, review markings marked, document number and dates taken from
the banners) by `declass.formats.crest.document_from_pages`.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from declass.errors import ReadError
from declass.formats._decode import read_head
from declass.model import Document, Source
from declass.text import ocr
from declass.text.builder import TextBuilder

NAME = "pdf"
VERSION = "1"

#: A text layer with fewer letters and digits than this on an image page is a scan's stray
#: stamp or page number, not the page's text, so the page is OCR'd instead.
MIN_TEXT_LAYER_CHARS = 20
#: A page rendered for OCR is kept under this many pixels (a letter page at 300 dpi is 8.4
#: million): a hostile or poster-sized page is rendered at a lower resolution instead.
MAX_RENDER_PIXELS = 40_000_000
#: OCR'd pages below this mean word confidence are named in the document's warnings.
LOW_CONFIDENCE = 50.0
#: pypdf can say the same thing once per object; a document keeps this many of its messages.
MAX_LIBRARY_MESSAGES = 20

OCR_MODES = ("auto", "never", "always")

_ALNUM = re.compile(r"[^\W_]", re.UNICODE)
_INLINE_IMAGE = re.compile(rb"(?:^|\s)BI\s+/")


@dataclass(slots=True)
class PageResult:
    """The text of one page and how it was obtained."""

    n: int
    text: str
    method: str
    confidence: float | None = None
    label: str | None = None
    warnings: list[str] = field(default_factory=list)


# -- reader protocol -----------------------------------------------------------------------


def sniff(path: Path, head: bytes) -> float:
    """A PDF starts with `%PDF-` (within its first kilobyte); a bare `.pdf` name is weak evidence."""
    if b"%PDF-" in head[:1024]:
        return 0.99
    return 0.2 if path.suffix.lower() == ".pdf" else 0.0


def read(path: Path) -> Iterator[Document]:
    """Yield the one document a PDF holds."""
    yield read_pdf(path)


# -- reading -------------------------------------------------------------------------------


def read_pdf(
    path: Path,
    *,
    ocr_mode: str = "auto",
    workers: int | None = None,
    lang: str = ocr.DEFAULT_LANG,
    dpi: int = ocr.DEFAULT_DPI,
) -> Document:
    """Read one PDF into a document, OCR'ing its image-only pages.

    `ocr_mode` is `"auto"` (OCR pages without a usable text layer), `"never"` (text layer
    only; image pages stay empty with a warning) or `"always"` (OCR every page).
    Raises ReadError naming the file for a file that is not a PDF, is corrupt, encrypted
    with a password, or has no pages.
    """
    if ocr_mode not in OCR_MODES:
        raise ValueError(f"ocr_mode {ocr_mode!r} is not one of {OCR_MODES}")
    path = Path(path)
    source = file_source(path, NAME, VERSION)
    _check_magic(path)
    messages: list[str] = []
    with path.open("rb") as handle, _library_messages(messages):
        reader = _open_reader(path, handle, messages)
        count = _page_count(path, reader)
        pages = _read_pages(path, reader, count, ocr_mode=ocr_mode, workers=workers, lang=lang, dpi=dpi)
    doc = document_from_page_results(pages, path=path, source=source, fmt=NAME)
    doc.warnings.extend(messages[:MAX_LIBRARY_MESSAGES])
    if len(messages) > MAX_LIBRARY_MESSAGES:
        doc.warnings.append(f"{len(messages) - MAX_LIBRARY_MESSAGES} more messages from the PDF library left out")
    ocr_pages = [p.n for p in pages if p.method == "ocr"]
    doc.metadata.extra["pdf"] = {"pages": count, "text_layer_pages": count - len(ocr_pages), "ocr_pages": ocr_pages}
    if ocr_pages:
        doc.metadata.extra["ocr"] = ocr_summary(pages, lang=lang, dpi=dpi)
    return doc


def _check_magic(path: Path) -> None:
    head = read_head(path, 1024)
    if b"%PDF-" not in head:
        raise ReadError(path, f"not a PDF: it does not start with %PDF- (it starts with {head[:16]!r})")


def _open_reader(path: Path, handle: Any, messages: list[str]) -> Any:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    try:
        # a file handle, not the path: pypdf would otherwise copy the whole file into memory
        reader = PdfReader(handle)
    except Exception as exc:  # pypdf raises many kinds for a damaged file
        problem = "truncated PDF (it does not end with %%EOF)" if _truncated(handle) else "corrupt PDF"
        raise ReadError(path, f"{problem}: {_describe(exc)}") from exc
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except DependencyError as exc:
            raise ReadError(path, f"encrypted PDF that needs the 'cryptography' package to open: {exc}") from exc
        except Exception as exc:  # a damaged encryption dictionary, an unknown algorithm
            raise ReadError(path, f"encrypted PDF that cannot be opened: {_describe(exc)}") from exc
        if opened == PasswordType.NOT_DECRYPTED:
            raise ReadError(path, "encrypted PDF; needs a password")
        messages.append("encrypted PDF opened without a password (its owner password only restricts use)")
    return reader


def _truncated(handle: Any) -> bool:
    # a complete PDF ends with %%EOF, give or take a line ending or a little trailing junk
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(max(0, size - 1024))
    return b"%%EOF" not in handle.read()


def _page_count(path: Path, reader: Any) -> int:
    try:
        count = len(reader.pages)
    except Exception as exc:
        raise ReadError(path, f"corrupt PDF: its page tree cannot be read: {_describe(exc)}") from exc
    if count == 0:
        raise ReadError(path, "PDF has no pages")
    return count


def _read_pages(
    path: Path, reader: Any, count: int, *, ocr_mode: str, workers: int | None, lang: str, dpi: int
) -> list[PageResult]:
    """Take the pages in order: text-layer pages at once, image pages through the OCR pool."""
    state = {"checked": False}
    renderer = ocr.pdftoppm_command()

    def tasks() -> Iterator[Callable[[], PageResult]]:
        # runs in this thread: pypdf is only ever touched here, never by the pool
        for index in range(count):
            n = index + 1
            label = _page_label(reader, index)
            warnings_: list[str] = []
            try:
                page = reader.pages[index]
            except Exception as exc:
                warnings_.append(f"page {n}: cannot be read: {_describe(exc)}")
                yield _ready(PageResult(n, "", "text-layer", label=label, warnings=warnings_))
                continue
            text = _text_layer(page, n, warnings_)
            wants_ocr = ocr_mode == "always" or (ocr_mode == "auto" and _negligible(text) and _has_image(page))
            if not wants_ocr:
                if ocr_mode == "never" and _negligible(text) and _has_image(page):
                    warnings_.append(f"page {n}: an image without a text layer; not OCR'd (OCR is off)")
                yield _ready(PageResult(n, text, "text-layer", label=label, warnings=warnings_))
                continue
            if not state["checked"]:
                try:
                    ocr.check_tesseract(lang)
                except ocr.OcrUnavailableError as exc:
                    raise ReadError(path, f"page {n} has no text layer and needs OCR, but {exc}") from exc
                state["checked"] = True
            if renderer is not None:
                yield _ocr_rendered(path, n, label, lang, _render_dpi(page, n, dpi, warnings_), warnings_)
            else:
                yield _ocr_embedded(page, n, label, lang, warnings_)

    return [future.result() for future in ocr.bounded_map(lambda task: task(), tasks(), workers)]


def _ready(result: PageResult) -> Callable[[], PageResult]:
    return lambda: result


def _ocr_rendered(
    path: Path, n: int, label: str | None, lang: str, dpi: int, notes: list[str]
) -> Callable[[], PageResult]:
    def run() -> PageResult:
        try:
            found = ocr.ocr_pdf_page(path, n, lang=lang, dpi=dpi)
        except ocr.OcrError as exc:
            return PageResult(n, "", "ocr", label=label, warnings=[*notes, f"page {n}: OCR failed: {exc}"])
        return ocr_page_result(n, found, label, notes)

    return run


def _ocr_embedded(page: Any, n: int, label: str | None, lang: str, notes: list[str]) -> Callable[[], PageResult]:
    """Without pdftoppm: OCR the largest image embedded in the page (taken out here, in order)."""
    try:
        images = list(page.images)
        biggest = max(images, key=lambda im: im.image.width * im.image.height) if images else None
        data = biggest.data if biggest is not None else b""
        suffix = (Path(biggest.name).suffix if biggest is not None else "") or ".png"
    except Exception as exc:
        failure = PageResult(
            n, "", "ocr", label=label, warnings=[*notes, f"page {n}: its image cannot be extracted: {exc}"]
        )
        return _ready(failure)
    if not data:
        return _ready(PageResult(n, "", "ocr", label=label, warnings=[*notes, f"page {n}: no image to OCR"]))

    def run() -> PageResult:
        try:
            found = ocr.ocr_image_bytes(data, suffix, lang=lang)
        except ocr.OcrError as exc:
            return PageResult(n, "", "ocr", label=label, warnings=[*notes, f"page {n}: OCR failed: {exc}"])
        return ocr_page_result(n, found, label, notes)

    return run


def ocr_page_result(n: int, found: ocr.OcrPage, label: str | None = None, notes: list[str] | None = None) -> PageResult:
    """A page read by OCR, with a warning when no words were found or confidence is low."""
    result = PageResult(n, found.text, "ocr", confidence=found.confidence, label=label, warnings=list(notes or ()))
    if not found.text.strip():
        result.warnings.append(f"page {n}: no text found by OCR")
    elif found.confidence is not None and found.confidence < LOW_CONFIDENCE:
        result.warnings.append(f"page {n}: low OCR confidence ({found.confidence:.0f} of 100)")
    return result


def _text_layer(page: Any, n: int, notes: list[str]) -> str:
    try:
        raw = page.extract_text() or ""
    except Exception as exc:
        notes.append(f"page {n}: its text layer cannot be read: {_describe(exc)}")
        return ""
    lines = [line.rstrip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def _negligible(text: str) -> bool:
    return len(_ALNUM.findall(text)) < MIN_TEXT_LAYER_CHARS


def _render_dpi(page: Any, n: int, dpi: int, notes: list[str]) -> int:
    """The resolution to render a page at: `dpi`, or less for a page too large to render at it."""
    try:
        width, height = abs(float(page.mediabox.width)), abs(float(page.mediabox.height))
    except Exception:
        return dpi
    pixels = (width / 72 * dpi) * (height / 72 * dpi)
    if pixels <= MAX_RENDER_PIXELS:
        return dpi
    lowered = max(1, int(dpi * math.sqrt(MAX_RENDER_PIXELS / pixels)))
    notes.append(f"page {n}: {width / 72:.0f} x {height / 72:.0f} inches; rendered for OCR at {lowered} dpi")
    return lowered


def _has_image(page: Any) -> bool:
    """Whether the page draws an image: an image object (also inside forms) or an inline image."""
    try:
        if _resources_have_image(page.get("/Resources"), depth=2):
            return True
        contents = page.get_contents()
        return contents is not None and _INLINE_IMAGE.search(contents.get_data()) is not None
    except Exception:
        return True  # unreadable resources: let OCR look rather than lose the page


def _resources_have_image(resources: Any, depth: int) -> bool:
    if resources is None or depth < 0:
        return False
    resources = resources.get_object()
    xobjects = resources.get("/XObject") if hasattr(resources, "get") else None
    if xobjects is None:
        return False
    for ref in xobjects.get_object().values():
        obj = ref.get_object()
        subtype = obj.get("/Subtype")
        if subtype == "/Image":
            return True
        if subtype == "/Form" and _resources_have_image(obj.get("/Resources"), depth - 1):
            return True
    return False


def _page_label(reader: Any, index: int) -> str | None:
    try:
        label = str(reader.page_labels[index])
    except Exception:
        return None
    return None if label == str(index + 1) else label


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@contextlib.contextmanager
def _library_messages(messages: list[str]) -> Iterator[None]:
    """Collect pypdf's warnings and log messages as document warnings instead of stderr noise."""

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            _keep(messages, f"pdf: {record.getMessage()}")

    logger = logging.getLogger("pypdf")
    handler = _Collect(logging.WARNING)
    saved = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
        for item in caught:
            _keep(messages, f"pdf: {item.message}")
    finally:
        logger.removeHandler(handler)
        logger.propagate = saved


def _keep(messages: list[str], message: str) -> None:
    if message not in messages:
        messages.append(message)


# -- shared with the image reader ----------------------------------------------------------


def file_source(path: Path, fmt: str, version: str) -> Source:
    """The document's source: path, size and sha256 of the raw bytes, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise ReadError(path, f"cannot read: {exc.strerror or exc}") from exc
    return Source(path=str(path), sha256=digest.hexdigest(), format=fmt, reader_version=version, size=size)


def ocr_summary(pages: list[PageResult], *, lang: str, dpi: int | None) -> dict[str, Any]:
    """What the OCR was: engine, version, language, resolution, pages and mean confidence."""
    scores = [p.confidence for p in pages if p.method == "ocr" and p.confidence is not None]
    return {
        "engine": "tesseract",
        "version": ocr.tesseract_version(),
        "lang": lang,
        "dpi": dpi,
        "pages": [p.n for p in pages if p.method == "ocr"],
        "mean_confidence": round(sum(scores) / len(scores), 1) if scores else None,
    }


def document_from_page_results(pages: list[PageResult], *, path: Path, source: Source, fmt: str) -> Document:
    """Assemble page texts into one document and mark each page span with how it was read.

    The CREST assembly (banners, review markings, document number, dates) is used when it
    is available; otherwise the pages are joined as they are, with a content-hash id.
    """
    texts = [p.text for p in pages]
    assemble = _crest_assembly()
    if assemble is not None:
        doc = assemble(texts, path=path, source=source, fmt=fmt)
    else:
        doc = _plain_document(texts, source=source, fmt=fmt)
    if doc.metadata.doc_number is None and source.sha256:
        # no number from the banners: name the document by its file's bytes, so that two
        # scans whose pages read alike (or read as nothing) never share an id
        doc.id = f"sha-{source.sha256[:16]}"
    _annotate_pages(doc, pages)
    for page in pages:
        doc.warnings.extend(page.warnings)
    if not doc.text.strip():
        doc.warnings.append("no text found: the pages are blank or hold no readable words")
    return doc


def _crest_assembly() -> Callable[..., Document] | None:
    try:
        from declass.formats.crest import document_from_pages
    except ImportError:
        return None
    return document_from_pages


def _plain_document(texts: list[str], *, source: Source, fmt: str) -> Document:
    builder = TextBuilder()
    for n, text in enumerate(texts, start=1):
        builder.ensure_break("\n\n")
        builder.add(text.strip("\n"), "page", n=n)
    doc_id = f"sha-{source.sha256[:16]}" if source.sha256 else "sha-unknown"
    doc = Document(id=doc_id, text=builder.text, format=fmt, source=source)
    for span in builder.spans:
        doc.add_span(span.start, span.end, span.kind, **span.attrs)
    return doc


def _annotate_pages(doc: Document, pages: list[PageResult]) -> None:
    """Add `method`, `confidence` and `label` to the page spans, matched on their number."""
    spans = doc.spans_of("page")
    by_number = {span.attrs.get("n"): span for span in spans}
    for index, page in enumerate(pages):
        span = by_number.get(page.n) or by_number.get(str(page.n))
        if span is None and len(spans) == len(pages):
            span = spans[index]
        if span is None:
            continue
        span.attrs["n"] = page.n
        span.attrs["method"] = page.method
        if page.method == "ocr":
            span.attrs["confidence"] = page.confidence
        if page.label is not None:
            span.attrs["label"] = page.label
