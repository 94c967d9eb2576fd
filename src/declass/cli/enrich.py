"""`declass entities` and `declass judgments`: what the enrichers found, for people and scripts.

Both read the named files (and enrich them), or, given `--db` and no paths, a store.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

import typer

from declass.cli import app
from declass.cli._common import fail, report_file_error
from declass.cli.read import iter_read
from declass.errors import DeclassError
from declass.model import Document


def _documents(paths: list[str], db: str | None, *, enrich: bool) -> Iterator[Document]:
    """Enriched documents from files, or stored documents when only `db` is given."""
    if paths:
        failed = 0
        for path, doc, reason in iter_read(paths, "auto", enrich=enrich):
            if doc is None:
                failed += 1
                report_file_error(path, reason or "unknown error")
            else:
                yield doc
        if failed:
            typer.echo(f"{failed} file(s) failed", err=True)
        return
    if db is None:
        raise fail("name files to read, or a store with --db", 2)
    from declass.store import open_store

    with open_store(db) as store:
        for doc_id in list(store.ids()):
            doc = store.get(doc_id)
            if doc is not None:
                yield doc


def _emit_json(rows: list[dict[str, Any]]) -> None:
    sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")


@app.command()
def entities(
    paths: list[str] = typer.Argument(None, help="Files or folders to read and enrich."),
    db: str = typer.Option(None, "--db", envvar="DECLASS_DB", help="A store to list (when no paths are given)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    limit: int = typer.Option(100, "--limit", help="At most this many entities (from a store)."),
) -> None:
    """List people, places and organisations with their mention counts and the spellings seen.

    Example: declass entities ../shared/corpus/seeds/
    """
    try:
        if not paths and db is not None:
            from declass.store import open_store

            with open_store(db) as store:
                rows = [summary.to_json() for summary in store.entities(limit=limit)]
        else:
            from declass.enrich.entities import count_entities

            rows = [count.to_json() for count in count_entities(_documents(paths or [], db, enrich=True))]
    except DeclassError as exc:
        raise fail(str(exc)) from exc
    if as_json:
        _emit_json(rows)
        return
    for row in rows:
        variants = row.get("variants")
        if isinstance(variants, dict):
            spelled = ", ".join(f"{text} ({n})" for text, n in variants.items())
        else:
            spelled = ", ".join(f"{v['text']} ({v['count']})" for v in variants or [])
        typer.echo(
            f"{row['mentions']:>6}  {row['documents']:>4} doc  {row['type'] or '':<12} {row['name']} "
            f"[{row['id']}]  {spelled}"
        )


@app.command()
def judgments(
    paths: list[str] = typer.Argument(None, help="Files or folders to read and enrich."),
    db: str = typer.Option(None, "--db", envvar="DECLASS_DB", help="A store to list (when no paths are given)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of lines."),
) -> None:
    """List estimative and evidential judgments with their document, date and probability band.

    Example: declass judgments ../shared/corpus/seeds/
    """
    rows: list[dict[str, Any]] = []
    try:
        for doc in _documents(paths or [], db, enrich=True):
            for span in doc.spans_of("judgment"):
                a = span.attrs
                rows.append({
                    "document": doc.id, "date": doc.metadata.date.start, "start": span.start, "end": span.end,
                    "phrase": a.get("phrase"), "kent": a.get("kent"), "icd203": a.get("icd203"),
                    "polarity": a.get("polarity"), "evidential": a.get("evidential"), "sentence": a.get("sentence"),
                })
    except DeclassError as exc:
        raise fail(str(exc)) from exc
    if as_json:
        _emit_json(rows)
        return
    for row in rows:
        band = row["kent"] or row["evidential"] or ""
        if row["kent"] and row["evidential"]:
            band = f"{row['kent']}; {row['evidential']}"
        typer.echo(f"{row['document']}  {row['date'] or 'undated'}  [{band}]  {row['sentence']}")
