"""Benchmark OCR: declass against bare tesseract on the same pages, and memory on a 500-page PDF.

Usage: .venv/bin/python bench/bench_ocr.py [--pages 8] [--rounds 3] [--long 500] [--scan 40] [--out FILE]

1. Speed. Page images are drawn (typed memo text at 300 dpi, half of them degraded with
   specks and a small tilt) and recognised three ways, interleaved round by round so the
   machine's load falls on all alike:
   - bare `tesseract IMAGE OUT` (one thread per process, pages side by side): the floor;
   - `declass.text.ocr.ocr_image` on the same images (text + word confidences);
   - `declass.formats.image.read_image` (the whole reader: checks, hashing, assembly);
   and the same pages as an image-only PDF:
   - bare `pdftoppm | tesseract` per page: the floor for PDFs;
   - `declass.formats.pdf.read_pdf`.
   Each runs with 1 worker and with one worker per core; pages per second per core is
   pages / seconds / workers.
2. Memory. Peak resident memory of the process tree (Python plus its pdftoppm and
   tesseract children), sampled every 20 ms, while `read_pdf` reads a generated
   text-layer PDF of 50 and of `--long` pages, and an image-only PDF of 10 and `--scan` pages.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import reportlab
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from declass.formats.image import read_image  # noqa: E402
from declass.formats.pdf import read_pdf  # noqa: E402
from declass.text import ocr  # noqa: E402

DPI = 300
FONT = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
MEMO = ROOT / "tests" / "data" / "pdf" / "invented_memo.txt"
WORDS = (
    "the harbor survey dredges breakwater channel report office branch quarter vessels fuel storage "
    "naval approach station crane meters aerial week resumed pause months purpose complete"
).split()


# -- making pages --------------------------------------------------------------------------


def page_lines(n: int) -> list[str]:
    rng = random.Random(n)
    banner = "Approved For Release 2005/03/17 : CIA-RDP79T00975A000100020003-4"
    lines = [banner, "", f"Page {n}", ""]
    lines += MEMO.read_text(encoding="utf-8").splitlines()[2:12]
    lines += [" ".join(rng.choice(WORDS) for _ in range(10)).capitalize() + "." for _ in range(20)]
    return [*lines, "", banner]


def render_page(lines: list[str], *, degraded: bool, seed: int) -> Image.Image:
    size = int(11 * DPI / 72)
    font = ImageFont.truetype(str(FONT), size)
    page = Image.new("L", (int(8.5 * DPI), int(11 * DPI)), 255)
    draw = ImageDraw.Draw(page)
    y = DPI
    for line in lines:
        draw.text((DPI, y), line, font=font, fill=20)
        y += int(size * 1.5)
    if degraded:
        rng = random.Random(seed)
        page = page.rotate(rng.uniform(-1.5, 1.5), resample=Image.Resampling.BICUBIC, fillcolor=255)
        pixels = page.load()
        width, height = page.size
        for _ in range(int(width * height * 0.01)):
            pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 90, 160))
        page = page.filter(ImageFilter.GaussianBlur(0.6))
    return page


def make_images(folder: Path, count: int) -> list[Path]:
    paths = []
    for n in range(1, count + 1):
        path = folder / f"page-{n:03d}.png"
        render_page(page_lines(n), degraded=n % 2 == 0, seed=n).save(path, dpi=(DPI, DPI))
        paths.append(path)
    return paths


def image_pdf(path: Path, images: list[Path]) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=letter)
    for image in images:
        pdf.drawImage(ImageReader(str(image)), 0, 0, width=letter[0], height=letter[1])
        pdf.showPage()
    pdf.save()
    return path


def text_pdf(path: Path, pages: int) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=letter)
    for n in range(1, pages + 1):
        text = pdf.beginText(72, 720)
        text.setFont("Courier", 10)
        for line in page_lines(n):
            text.textLine(line)
        pdf.drawText(text)
        pdf.showPage()
    pdf.save()
    return path


# -- speed ---------------------------------------------------------------------------------


def bare_tesseract(image: Path) -> None:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["tesseract", str(image), str(Path(out) / "o")], env=env, capture_output=True, check=True)


def bare_pdf_page(pdf: Path, page: int) -> None:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory() as out:
        image = Path(out) / "p"
        render = ["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-gray", "-singlefile"]
        subprocess.run([*render, str(pdf), str(image)], capture_output=True, check=True)
        subprocess.run(
            ["tesseract", str(image) + ".pgm", str(Path(out) / "o"), "--dpi", str(DPI)],
            env=env,
            capture_output=True,
            check=True,
        )


def pooled(fn: Callable[[object], object], items: list, workers: int) -> float:
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(fn, items))
    return time.perf_counter() - start


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def speed(images: list[Path], pdf: Path, rounds: int, cores: int) -> list[tuple[str, int, float]]:
    pages = list(range(1, len(images) + 1))
    methods: dict[str, Callable[[int], float]] = {
        "bare tesseract (floor)": lambda w: pooled(bare_tesseract, images, w),
        "declass ocr_image": lambda w: pooled(lambda p: ocr.ocr_image(p), images, w),
        "declass image reader": lambda w: pooled(lambda p: read_image(p, workers=1), images, w),
        "bare pdftoppm + tesseract (floor)": lambda w: pooled(lambda n: bare_pdf_page(pdf, n), pages, w),
        "declass pdf reader": lambda w: timed(lambda: read_pdf(pdf, workers=w)),
    }
    times: dict[tuple[str, int], list[float]] = {}
    for _ in range(rounds):
        for workers in sorted({1, cores}):
            for name, run in methods.items():
                times.setdefault((name, workers), []).append(run(workers))
    return [(name, workers, statistics.median(values)) for (name, workers), values in times.items()]


# -- memory --------------------------------------------------------------------------------


def peak_tree_rss(args: list[str]) -> tuple[float, float]:
    """Run a command; return (peak RSS of it and its children in MB, seconds)."""
    start = time.perf_counter()
    proc = psutil.Popen(args)
    peak = 0
    while proc.poll() is None:
        try:
            members = [proc, *proc.children(recursive=True)]
            total = 0
            for member in members:
                try:
                    total += member.memory_info().rss
                except psutil.Error:
                    pass
            peak = max(peak, total)
        except psutil.Error:
            pass
        time.sleep(0.02)
    if proc.returncode != 0:
        raise SystemExit(f"{args} failed with status {proc.returncode}")
    return peak / 1_048_576, time.perf_counter() - start


def memory(folder: Path, long_pages: int, scan_pages: int, images: list[Path]) -> list[tuple[str, int, float, float]]:
    reader = (
        "import sys; sys.path.insert(0, {src!r}); from pathlib import Path; from declass.formats.pdf import read_pdf; "
        "d = read_pdf(Path(sys.argv[1])); assert len(d.spans_of('page')) == int(sys.argv[2])"
    ).format(src=str(ROOT / "src"))
    rows = []
    for pages in (50, long_pages):
        path = text_pdf(folder / f"text-{pages}.pdf", pages)
        peak, seconds = peak_tree_rss([sys.executable, "-c", reader, str(path), str(pages)])
        rows.append(("text layer", pages, peak, seconds))
    for pages in (10, scan_pages):
        cycle = [images[i % len(images)] for i in range(pages)]
        path = image_pdf(folder / f"scan-{pages}.pdf", cycle)
        peak, seconds = peak_tree_rss([sys.executable, "-c", reader, str(path), str(pages)])
        rows.append(("image only (OCR)", pages, peak, seconds))
    return rows


# -- report --------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=8, help="page images for the speed runs")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (median reported)")
    parser.add_argument("--long", type=int, default=500, help="pages of the long text-layer PDF")
    parser.add_argument("--scan", type=int, default=40, help="pages of the long image-only PDF")
    parser.add_argument("--out", type=Path, help="also write the report to this Markdown file")
    args = parser.parse_args()
    ocr.check_tesseract()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="declass-bench-") as tmp:
        folder = Path(tmp)
        images = make_images(folder, args.pages)
        pdf = image_pdf(folder / "speed.pdf", images)
        speed_rows = speed(images, pdf, args.rounds, cores)
        memory_rows = memory(folder, args.long, args.scan, images)
    report = render(speed_rows, memory_rows, pages=args.pages, rounds=args.rounds, cores=cores)
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")


def render(speed_rows, memory_rows, *, pages: int, rounds: int, cores: int) -> str:  # type: ignore[no-untyped-def]
    lines = [
        f"Machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}, "
        f"tesseract {ocr.tesseract_version()}; load from other processes was not controlled.",
        "",
        f"Speed: {pages} letter pages at 300 dpi (half degraded: specks, blur, tilt), median of {rounds} "
        "interleaved rounds.",
        "",
        "| method | workers | seconds | pages/s | pages/s per core | vs floor |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    floors = {}
    for name, workers, seconds in speed_rows:
        if "floor" in name:
            floors[(name.startswith("bare pdftoppm"), workers)] = seconds
    for name, workers, seconds in speed_rows:
        floor = floors.get(("pdf" in name, workers))
        ratio = f"{(seconds / floor - 1) * 100:+.1f}%" if floor and "floor" not in name else "—"
        rate = pages / seconds
        lines.append(f"| {name} | {workers} | {seconds:.2f} | {rate:.2f} | {rate / workers:.2f} | {ratio} |")
    lines += [
        "",
        "Peak memory of the process tree (Python + pdftoppm + tesseract), `read_pdf` page by page:",
        "",
        "| PDF | pages | peak RSS (MB) | seconds |",
        "|---|---:|---:|---:|",
    ]
    for kind, count, peak, seconds in memory_rows:
        lines.append(f"| {kind} | {count} | {peak:.0f} | {seconds:.1f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
