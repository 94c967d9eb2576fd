"""Optical character recognition of page images with the tesseract program.

Scanned records reach declass as image-only PDF pages and as PNG, TIFF or JPEG page images.
Their words are recognised by running `tesseract` once per page as a separate process:

- each run is limited to one thread (`OMP_THREAD_LIMIT=1`), and pages run side by side in
  a bounded pool of workers (one per core by default), which is faster than letting one
  tesseract spread a page over several cores;
- one recognition pass writes both the plain text and a word table (`txt tsv`), so the page
  text is exactly tesseract's and its mean word confidence (0-100) comes for free;
- page images live in a temporary folder only while their page is being recognised, so a
  500-page scan never holds more than a few page images at once.

PDF pages are rendered with `pdftoppm` (poppler-utils) at 300 dpi, in grey; without it, the largest
image embedded in the page is used instead (see `declass.formats.pdf`).
"""

from __future__ import annotations

import csv
import functools
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from declass.errors import DeclassError

#: How to get the programs, said once so every error names the same fix.
INSTALL_TESSERACT = (
    "install tesseract with English data (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-eng; "
    "macOS: brew install tesseract)"
)
INSTALL_POPPLER = "install poppler-utils for pdftoppm (Debian/Ubuntu: apt-get install poppler-utils)"

DEFAULT_LANG = "eng"
DEFAULT_DPI = 300
#: A page that takes longer than this is given up (with a warning), not waited on forever.
PAGE_TIMEOUT_SECONDS = 300

T = TypeVar("T")
R = TypeVar("R")


class OcrError(DeclassError):
    """Recognition of one page failed: the image could not be rendered or read."""


class OcrUnavailableError(OcrError):
    """tesseract (or its language data) is not installed; the message says what to install."""


@dataclass(slots=True)
class OcrPage:
    """The words tesseract read on one page image.

    `confidence` is the mean of tesseract's word confidences (0-100), `None` when no word
    was found; `words` is how many words it counted.
    """

    text: str
    confidence: float | None
    words: int


# -- programs ------------------------------------------------------------------------------


def tesseract_command() -> str:
    """The path of the tesseract program, or OcrUnavailableError saying how to install it."""
    found = os.environ.get("DECLASS_TESSERACT") or shutil.which("tesseract")
    if not found:
        raise OcrUnavailableError(f"tesseract is not installed; {INSTALL_TESSERACT}")
    return found


@functools.cache
def _languages(command: str) -> frozenset[str]:
    try:
        done = subprocess.run(
            [command, "--list-langs"], capture_output=True, text=True, timeout=60, env=_tesseract_env()
        )
    except OSError as exc:
        raise OcrUnavailableError(f"tesseract at {command} cannot be run ({exc}); {INSTALL_TESSERACT}") from exc
    lines = (done.stdout + "\n" + done.stderr).splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and " " not in line.strip())


@functools.cache
def tesseract_version() -> str:
    """The version tesseract reports, e.g. `"5.3.0"` (recorded with OCR'd documents)."""
    command = tesseract_command()
    done = subprocess.run([command, "--version"], capture_output=True, text=True, timeout=60, env=_tesseract_env())
    first = (done.stdout or done.stderr).strip().splitlines()
    return first[0].split()[-1] if first else "unknown"


def check_tesseract(lang: str = DEFAULT_LANG) -> str:
    """Make sure tesseract and the data for `lang` are installed; return the program path."""
    command = tesseract_command()
    if lang not in _languages(command):
        raise OcrUnavailableError(
            f"tesseract has no {lang!r} language data; install it (Debian/Ubuntu: apt-get install tesseract-ocr-{lang})"
        )
    return command


def pdftoppm_command() -> str | None:
    """The path of pdftoppm, or None when poppler-utils is not installed."""
    return shutil.which("pdftoppm")


def _tesseract_env() -> dict[str, str]:
    # one thread per tesseract: the pool runs pages side by side instead
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


# -- one page ------------------------------------------------------------------------------


def ocr_image(
    image: Path, *, lang: str = DEFAULT_LANG, dpi: int | None = None, timeout: float = PAGE_TIMEOUT_SECONDS
) -> OcrPage:
    """Recognise the words of one page image file (PNG, TIFF, JPEG, ...).

    `dpi` tells tesseract the resolution when it is known (rendered PDF pages); otherwise it
    is read from the image or estimated. Raises OcrError when tesseract cannot read the image.
    """
    command = check_tesseract(lang)
    with tempfile.TemporaryDirectory(prefix="declass-ocr-") as workdir:
        base = Path(workdir) / "page"
        args = [command, str(image), str(base), "-l", lang]
        if dpi:
            args += ["--dpi", str(dpi)]
        args += ["txt", "tsv"]
        try:
            done = subprocess.run(args, capture_output=True, timeout=timeout, env=_tesseract_env())
        except subprocess.TimeoutExpired as exc:
            raise OcrError(f"tesseract took longer than {timeout:.0f} s on {image.name}; page given up") from exc
        except OSError as exc:
            raise OcrUnavailableError(f"tesseract cannot be run ({exc}); {INSTALL_TESSERACT}") from exc
        txt = base.with_suffix(".txt")
        tsv = base.with_suffix(".tsv")
        if done.returncode != 0 or not txt.exists():
            raise OcrError(f"tesseract could not read {image.name}: {_last_line(done.stderr)}")
        text = _clean_text(txt.read_text(encoding="utf-8", errors="replace"))
        confidence, words = _mean_confidence(tsv.read_text(encoding="utf-8", errors="replace") if tsv.exists() else "")
    return OcrPage(text=text, confidence=confidence, words=words)


def render_pdf_page(pdf: Path, page: int, out_dir: Path, *, dpi: int = DEFAULT_DPI, timeout: float = 120) -> Path:
    """Render page `page` (1-based) of `pdf` to a grey image in `out_dir` with pdftoppm; return its path.

    The image is an uncompressed PGM: compressing a noisy scan to PNG costs more than
    recognising it, and the file lives only until its page is read.
    """
    command = pdftoppm_command()
    if command is None:
        raise OcrUnavailableError(f"pdftoppm is not installed; {INSTALL_POPPLER}")
    root = out_dir / f"page-{page}"
    pages = ["-f", str(page), "-l", str(page)]
    args = [command, "-r", str(dpi), *pages, "-gray", "-singlefile", str(pdf), str(root)]
    try:
        done = subprocess.run(args, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise OcrError(f"pdftoppm took longer than {timeout:.0f} s to render page {page}") from exc
    out = root.with_suffix(".pgm")
    if done.returncode != 0 or not out.exists():
        raise OcrError(f"pdftoppm could not render page {page}: {_last_line(done.stderr)}")
    return out


def ocr_pdf_page(pdf: Path, page: int, *, lang: str = DEFAULT_LANG, dpi: int = DEFAULT_DPI) -> OcrPage:
    """Render one PDF page and recognise it; the rendered image is deleted straight after."""
    with tempfile.TemporaryDirectory(prefix="declass-page-") as workdir:
        image = render_pdf_page(pdf, page, Path(workdir), dpi=dpi)
        return ocr_image(image, lang=lang, dpi=dpi)


def ocr_image_bytes(data: bytes, suffix: str = ".png", *, lang: str = DEFAULT_LANG) -> OcrPage:
    """Recognise a page image held in memory (written to a temporary file for tesseract)."""
    with tempfile.TemporaryDirectory(prefix="declass-img-") as workdir:
        image = Path(workdir) / f"page{suffix}"
        image.write_bytes(data)
        return ocr_image(image, lang=lang)


def _clean_text(text: str) -> str:
    # tesseract ends a page with a form feed; trailing blanks on lines carry nothing
    text = text.replace("\r\n", "\n").replace("\f", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def _mean_confidence(tsv: str) -> tuple[float | None, int]:
    total = 0.0
    words = 0
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        try:
            conf = float(row.get("conf") or "-1")
        except ValueError:
            continue
        if conf < 0:
            continue
        total += conf
        words += 1
    if not words:
        return None, 0
    return round(total / words, 1), words


def _last_line(stderr: bytes | str) -> str:
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # tesseract prints resolution guesses before the real complaint; the last line is it
    return lines[-1] if lines else "no message"


# -- many pages ----------------------------------------------------------------------------


def default_workers() -> int:
    """Pages recognised at once: `DECLASS_OCR_WORKERS`, else one per core."""
    value = os.environ.get("DECLASS_OCR_WORKERS", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    return os.cpu_count() or 1


def bounded_map(fn: Callable[[T], R], items: Iterable[T], workers: int | None = None) -> Iterator[Future[R]]:
    """Run `fn` over `items` in a thread pool, yielding each item's future in input order.

    At most `2 * workers` items are taken from `items` before their results are consumed,
    so a lazy `items` (pages rendered on demand) keeps memory flat however long it is.
    Exceptions stay inside the futures; the caller decides what a failed page means.
    """
    workers = max(1, workers or default_workers())
    window: list[Future[R]] = []
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="declass-ocr") as pool:
        for item in items:
            window.append(pool.submit(fn, item))
            if len(window) >= 2 * workers:
                first = window.pop(0)
                wait([first])
                yield first
        for future in window:
            wait([future])
            yield future
