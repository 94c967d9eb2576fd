"""How the text readers scale on single lines of several megabytes (hostile or OCR-dump input).

Each case is read at a base size and at four times that size, in the same run, and the
ratio of the two times is printed: about 4 means time linear in the input, about 16 means
quadratic. The cases are the inputs that used to be quadratic:

- frus-text, a line full of numbers ("Telegram 25 of March 12, 1954 sent 3 copies. ");
- frus-text, a line of `[Page N]` markers;
- the `TextBuilder` alone, alternating appends with `ends_with` / `ensure_break`.

    .venv/bin/python bench/bench_long_lines.py [--scale 1.0]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from declass import formats
from declass.text.builder import TextBuilder


def read_file(unit: bytes, times: int) -> Callable[[], None]:
    """A measurement that reads one line of `unit` repeated `times` times with frus-text."""

    def run() -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "line.txt"
            path.write_bytes(unit * times)
            list(formats.read_path(path, "frus-text"))

    return run


def alternate_builder(times: int) -> Callable[[], None]:
    """A measurement that appends a review code and asks for a break, `times` times."""

    def run() -> None:
        b = TextBuilder()
        for _ in range(times):
            b.append("25X1 ")
            b.ends_with("\n")
            b.ensure_break("\n\n")
        assert len(b.text) == 6 * times

    return run


def seconds(measure: Callable[[], None]) -> float:
    start = time.perf_counter()
    measure()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every base size by this")
    args = parser.parse_args()
    n = args.scale
    cases: dict[str, tuple[Callable[[int], Callable[[], None]], int, str]] = {
        "frus-text, line of numbers": (
            lambda k: read_file(b"Telegram 25 of March 12, 1954 sent 3 copies. ", k), int(5_750 * n), "MB"),
        "frus-text, line of [Page N]": (lambda k: read_file(b"[Page 12]", k), int(50_000 * n), "MB"),
        "TextBuilder, append + ensure_break": (alternate_builder, int(25_000 * n), "calls"),
    }
    print("| case | base | base s | 4× s | ratio (4 = linear, 16 = quadratic) |")
    print("|---|---:|---:|---:|---:|")
    for name, (make, base, unit) in cases.items():
        small = seconds(make(base))
        large = seconds(make(4 * base))
        size = f"{base:,} calls" if unit == "calls" else f"{base:,} units"
        print(f"| {name} | {size} | {small:.2f} | {large:.2f} | {large / small:.1f} |")


if __name__ == "__main__":
    main()
