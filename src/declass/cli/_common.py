"""Helpers shared by the command modules: error lines and path expansion."""

from __future__ import annotations

import glob
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import typer

from declass.errors import ReadError


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one error line and return the exit to raise."""
    typer.echo(f"declass: {message}", err=True)
    return typer.Exit(code)


def report_file_error(path: Path | str, reason: str) -> None:
    typer.echo(f"error: {path}: {reason}", err=True)


def expand_paths(args: Iterable[str], *, recursive: bool = True) -> Iterator[Path]:
    """Files named by `args`: files as given, folders walked, globs expanded, `-` = stdin list.

    A name that matches nothing raises ReadError naming it, so a typo is never silent.
    """
    for arg in args:
        if arg == "-":
            for line in sys.stdin:
                if line.strip():
                    yield from expand_paths([line.strip()], recursive=recursive)
            continue
        path = Path(arg)
        if path.is_dir():
            pattern = "**/*" if recursive else "*"
            for child in sorted(path.glob(pattern)):
                if child.is_file() and not child.name.startswith("."):
                    yield child
        elif path.exists():
            yield path
        elif any(ch in arg for ch in "*?["):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                raise ReadError(arg, "no file matches this pattern")
            for match in matches:
                yield from expand_paths([match], recursive=recursive)
        else:
            raise ReadError(arg, "no such file or folder")
