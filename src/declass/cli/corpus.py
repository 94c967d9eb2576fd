"""Corpus commands: `declass ingest`, `search`, `stats`, `history`, `raw` and `errors`."""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from declass import pipeline
from declass.cli import app
from declass.cli._common import fail
from declass.errors import DeclassError
from declass.search import SORTS
from declass.store import open_store
from declass.store.base import SearchResult, Store

DB_HELP = "Store: an SQLite file or a postgresql:// URL (default $DECLASS_DB, else ./declass.db)."


def _open(db: str | None) -> Store:
    try:
        return open_store(db)
    except DeclassError as exc:
        raise fail(str(exc)) from exc


class IngestProgress(pipeline.Progress):
    """A rich progress bar on stderr: files, documents, errors, rate and time left."""

    def __init__(self, enabled: bool) -> None:
        self.console = Console(stderr=True)
        self.bar = Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total} files"),
            TextColumn("{task.fields[docs]} docs"),
            TextColumn("{task.fields[errors]} errors"),
            TextColumn("{task.fields[rate]} docs/s"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self.console,
            disable=not enabled,
            transient=False,
        )
        self.task: TaskID | None = None

    def start(self, files_total: int) -> None:
        self.bar.start()
        self.task = self.bar.add_task("ingest", total=files_total, docs=0, errors=0, rate="0")

    def update(self, summary: pipeline.IngestSummary) -> None:
        if self.task is not None:
            self.bar.update(
                self.task, completed=summary.files, docs=summary.documents, errors=summary.errors,
                rate=f"{summary.rate:,.0f}",
            )  # fmt: skip

    def stop(self) -> None:
        self.bar.stop()


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, folders (walked), globs, or - to read a list from stdin."),
    db: str = typer.Option(None, "--db", envvar="DECLASS_DB", help=DB_HELP),
    fmt: str = typer.Option("auto", "--format", "-f", help="auto, jsonl (from `declass read`), or a format name."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Reader processes."),
    dask: str = typer.Option(None, "--dask", help="Run the readers on Dask: a scheduler address, or 'local'."),
    batch_size: int = typer.Option(500, "--batch-size", min=1, help="Documents per transaction."),
    enrich: bool = typer.Option(True, "--enrich/--no-enrich", help="Run the enrichers on each document."),
    skip: list[str] = typer.Option([], "--skip", help="Leave out this enricher (repeatable)."),
    errors: Path = typer.Option(None, "--errors", help="Also append failures to this JSON-lines file."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Read files into the corpus: sniff, read, enrich and store in batches.

    Re-ingesting the same files changes nothing; a changed file adds a new version of its
    documents (the old one is kept: `declass history ID`). A file that cannot be read is
    recorded with the reason and the run goes on; the exit status is then 1.

    Example: declass ingest ../shared/corpus/ --workers 2 --errors errors.jsonl
    """
    from declass import formats

    if fmt not in ("auto", pipeline.JSONL_FORMAT) and fmt not in formats.READER_MODULES:
        raise fail(f"unknown format {fmt!r}; known: auto, jsonl, {', '.join(formats.READER_MODULES)}", 2)
    options = pipeline.IngestOptions(
        fmt=fmt, enrich=enrich, skip=tuple(skip), workers=workers, batch_size=batch_size, dask=dask,
        errors_path=errors,
    )  # fmt: skip
    with _open(db) as store:
        try:
            summary = pipeline.ingest(paths, store, options, progress=IngestProgress(not quiet and not as_json))
        except DeclassError as exc:
            raise fail(str(exc)) from exc
    if as_json:
        typer.echo(json.dumps(summary.to_json(), indent=2))
    else:
        for path, reason in summary.error_list[:20]:
            typer.echo(f"error: {path}: {reason}", err=True)
        if len(summary.error_list) > 20:
            typer.echo(f"... and {len(summary.error_list) - 20} more (declass errors)", err=True)
        typer.echo(
            f"{summary.files} files, {summary.documents} documents in {summary.seconds:.1f} s "
            f"({summary.rate:,.0f} docs/s): {summary.added} added, {summary.unchanged} unchanged, "
            f"{summary.new_versions} new versions, {summary.errors} errors"
        )
    if summary.errors:
        raise typer.Exit(1)


_MARK = re.compile(r"<mark>(.*?)</mark>")


def _console_snippet(snippet: str) -> str:
    """A search snippet for the terminal: matches in bold, HTML entities decoded."""
    parts = []
    pos = 0
    for m in _MARK.finditer(snippet):
        parts.append(escape(html.unescape(snippet[pos : m.start()])))
        parts.append("[bold yellow]" + escape(html.unescape(m.group(1))) + "[/]")
        pos = m.end()
    parts.append(escape(html.unescape(snippet[pos:])))
    return "".join(parts)


def _print_result(result: SearchResult, facets: bool) -> None:
    console = Console(highlight=False)
    shown = f"{result.offset + 1}-{result.offset + len(result.hits)}" if result.hits else "none"
    what = escape(result.query) if result.query else "(everything)"
    about = "about " if result.estimated else ""
    console.print(f"[bold]{about}{result.total}[/] documents match [italic]{what}[/] ({shown} shown)")
    if result.estimated:
        console.print(
            f"[yellow]the total and facets are estimated from a sample of {result.sample_fraction:.1%} "
            "of the corpus (see docs/store.md)[/]"
        )
    if result.undated_excluded:
        console.print(
            f"[yellow]{result.undated_excluded} undated documents match the rest of the query; "
            "add date:unknown (instead of the date filter) to see them[/]"
        )
    for hit in result.hits:
        fields = (hit.date or "date unknown", hit.collection, hit.doc_type, hit.classification)
        meta = " · ".join(x for x in fields if x)
        console.print(f"\n[bold cyan]{escape(hit.id)}[/]  {escape(hit.title or '(untitled)')}")
        console.print(f"  [dim]{escape(meta)}[/]")
        console.print("  " + _console_snippet(hit.snippet))
    if facets and result.total:
        console.print()
        for name, values in result.facets.items():
            shown_values = ", ".join(f"{v} {c}" for v, c in values[:12])
            more = f", … ({len(values) - 12} more)" if len(values) > 12 else ""
            console.print(f"[bold]{name}[/]: {escape(shown_values)}{more}")


@app.command()
def search(
    query: str = typer.Argument(..., help="Query, e.g. 'Peiping \"Sino-Soviet\" year:1953..1954 -Formosa'."),
    db: str = typer.Option(None, "--db", envvar="DECLASS_DB", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print total, hits and facets as JSON."),
    limit: int = typer.Option(20, "--limit", "-n", min=0, max=1000, help="Hits per page."),
    offset: int = typer.Option(0, "--offset", min=0, help="Hits to skip."),
    sort: str = typer.Option("relevance", "--sort", help="relevance, date (oldest first) or -date."),
    exact: bool = typer.Option(False, "--exact", help="Do not widen names to their other spellings."),
    facets: bool = typer.Option(True, "--facets/--no-facets", help="Show facet counts."),
) -> None:
    """Search the corpus (query language: docs/query.md).

    Words are ANDed; "phrases"; OR; -word excludes; prefix*; filters collection:, type:,
    classification:, from:, to:, volume:, entity:, year:1953..1954, date:1953-11..1954-02,
    has:redactions, has:revisions. Undated documents are counted under "unknown".

    Example: declass search 'Peiping year:1953..1954' --sort date
    """
    if sort not in SORTS:
        raise fail(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}", 2)
    with _open(db) as store:
        try:
            result = store.search(query, limit=limit, offset=offset, sort=sort, expand=not exact)
        except DeclassError as exc:
            raise fail(f"query {query!r}: {exc}", 2) from exc
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_result(result, facets)


def _print_counts(title: str, counts: dict[str, int]) -> None:
    typer.echo(f"{title}:")
    for key, value in counts.items():
        typer.echo(f"  {key:<24} {value:>8}")


@app.command()
def stats(
    db: str = typer.Option(None, "--db", envvar="DECLASS_DB", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Counts: documents by collection, decade, type and classification; redactions, revisions, undated.

    Example: declass stats --json
    """
    with _open(db) as store:
        data = store.stats()
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(
        f"{data['documents']} documents ({data['versions']} versions, {data['raw_files']} raw files, "
        f"{data['entities']} entities, {data['errors']} read errors)"
    )
    typer.echo(
        f"with redactions: {data['with_redactions']}   with revisions: {data['with_revisions']}   "
        f"date unknown: {data['date_unknown']}"
    )
    for key, title in (
        ("by_collection", "by collection"),
        ("by_decade", "by decade"),
        ("by_type", "by type"),
        ("by_classification", "by classification"),
    ):
        _print_counts(title, data[key])


@app.command()
def history(
    doc_id: str = typer.Argument(..., help="Document id."),
    db: str = typer.Option(None, "--db", envvar="DECLASS_DB", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """List the stored versions of a document, oldest first.

    Example: declass history frus1952-54v08/d632
    """
    with _open(db) as store:
        versions = store.history(doc_id)
    if not versions:
        raise fail(f"{doc_id}: no stored document has this id")
    if as_json:
        rows: list[dict[str, Any]] = [
            {"id": v.id, "version": v.version, "sha256": v.sha256, "stored_at": v.stored_at,
             "source_path": v.source_path, "current": v.current}
            for v in versions
        ]  # fmt: skip
        typer.echo(json.dumps(rows, indent=2))
        return
    for v in versions:
        mark = "*" if v.current else " "
        typer.echo(f"{mark} v{v.version}  {v.stored_at}  sha256:{v.sha256[:16]}  {v.source_path or ''}")


@app.command()
def raw(
    doc_id: str = typer.Argument(..., help="Document id."),
    db: str = typer.Option(None, "--db", envvar="DECLASS_DB", help=DB_HELP),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
) -> None:
    """Write the raw input bytes the current version of a document was read from.

    Example: declass raw CIA-RDP80R01443R000200010007-3 > original.md
    """
    with _open(db) as store:
        data = store.raw(doc_id)
    if data is None:
        raise fail(f"{doc_id}: no stored document has this id")
    if output is not None:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@app.command("errors")
def errors_command(
    db: str = typer.Option(None, "--db", envvar="DECLASS_DB", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON lines."),
) -> None:
    """List files that could not be read, newest first, with the reason.

    Example: declass errors --json
    """
    with _open(db) as store:
        rows = store.errors()
    for row in rows:
        if as_json:
            typer.echo(json.dumps(row, ensure_ascii=False))
        else:
            typer.echo(f"{row['at']}  {row['path']}: {row['reason']}")
