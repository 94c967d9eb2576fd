"""`declass read` and `declass show PATH`: documents from files, as JSON or for people."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from declass import enrich as enrichers
from declass import formats
from declass.cli import app
from declass.cli._common import expand_paths, fail, report_file_error
from declass.errors import DeclassError, ReadError
from declass.export.console import render_document
from declass.model import Document

#: files at least this large get a progress bar while they are read (when stderr is a terminal)
PROGRESS_BYTES = 4 * 1024 * 1024


def iter_read(
    paths: list[str],
    fmt: str,
    *,
    enrich: bool = False,
    skip: list[str] | None = None,
    progress: bool | None = None,
) -> Iterator[tuple[Path | str, Document | None, str | None]]:
    """Yield `(path, document, None)` per document and `(path, None, reason)` per failure.

    One bad file never stops the others; a reader that breaks part-way keeps the
    documents it yielded before the fault.
    """
    try:
        files = list(expand_paths(paths))
    except ReadError as exc:
        yield exc.path, None, exc.reason
        return
    show_progress = sys.stderr.isatty() if progress is None else progress
    for path in files:
        try:
            with _progress_for(path, show_progress) as callback:
                for doc in formats.read_path(path, fmt, progress=callback):
                    if enrich:
                        doc = enrichers.apply(doc, skip=skip or ())
                    yield path, doc, None
        except DeclassError as exc:
            reason = exc.reason if isinstance(exc, ReadError) else str(exc)
            if isinstance(exc, ReadError) and exc.line is not None:
                reason = f"line {exc.line}: {reason}"
            yield path, None, reason
        except ValueError as exc:  # unknown --format
            yield path, None, str(exc)
        except Exception as exc:  # a reader bug must not sink the run; say what happened
            yield path, None, f"internal error in reader: {type(exc).__name__}: {exc}"


@contextmanager
def _progress_for(path: Path, enabled: bool) -> Iterator[formats.ProgressCallback | None]:
    """A progress bar on stderr for a large file, fed by the reader's byte counts."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if not enabled or size < PROGRESS_BYTES:
        yield None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(path.name, total=size)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or size)

        yield update


@app.command()
def read(
    paths: list[str] = typer.Argument(..., help="Files or folders to read."),
    fmt: str = typer.Option("auto", "--format", "-f", help="auto, or one of the registered formats."),
    doc_id: str = typer.Option(None, "--id", help="Use this id (only when one document is read)."),
    pretty: bool = typer.Option(False, "--pretty", help="Indent the JSON (one document after another)."),
    enrich: bool = typer.Option(False, "--enrich/--no-enrich", help="Run the enrichers on each document."),
    skip: list[str] = typer.Option([], "--skip", help="Leave out this enricher (repeatable)."),
    progress: bool = typer.Option(
        None, "--progress/--no-progress", help="Progress bar for large files (default: on a terminal)."
    ),
) -> None:
    """Read documents and print each as one line of JSON.

    The exit status is 1 when any file failed; the others are still printed.

    Example: declass read ../shared/corpus/seeds/ --pretty
    """
    if fmt != "auto" and fmt not in formats.READER_MODULES:
        raise fail(f"unknown format {fmt!r}; known: auto, {', '.join(formats.READER_MODULES)}", 2)
    failed = 0
    count = 0
    for path, doc, reason in iter_read(paths, fmt, enrich=enrich, skip=skip, progress=progress):
        if doc is None:
            failed += 1
            report_file_error(path, reason or "unknown error")
            continue
        count += 1
        if doc_id:
            if count > 1:
                raise fail("--id names one document, but more than one was read", 2)
            doc.id = doc_id
        sys.stdout.write(doc.dumps(pretty=pretty) + "\n")
        sys.stdout.flush()
    if failed:
        typer.echo(f"{count} document(s) read, {failed} file(s) failed", err=True)
        raise typer.Exit(1)


def show_path(path: str, fmt: str) -> bool:
    """Render the documents of a file for people; return False when any failed."""
    ok = True
    for failed_path, doc, reason in iter_read([path], fmt):
        if doc is None:
            report_file_error(failed_path, reason or "unknown error")
            ok = False
        else:
            sys.stdout.write(render_document(doc) + "\n")
    return ok


@app.command()
def show(
    target: str = typer.Argument(..., help="A file to read, or the id of a stored document."),
    fmt: str = typer.Option("auto", "--format", "-f", help="Format of the file (when TARGET is a file)."),
    db: str = typer.Option(None, "--db", envvar="DECLASS_DB", help="Store to look the id up in."),
) -> None:
    """Show a document for people: metadata, text with its editorial marks, footnotes.

    Example: declass show ../shared/corpus/seeds/CIA-RDP80R01443R000200010007-3.md
    """
    if Path(target).exists():
        if not show_path(target, fmt):
            raise typer.Exit(1)
        return
    try:
        from declass.store import open_store
    except ImportError:
        raise fail(f"{target}: no such file") from None
    try:
        with open_store(db) as store:
            doc = store.get(target)
    except DeclassError as exc:
        raise fail(str(exc)) from exc
    if doc is None:
        raise fail(f"{target}: no such file, and no stored document has this id")
    sys.stdout.write(render_document(doc) + "\n")
