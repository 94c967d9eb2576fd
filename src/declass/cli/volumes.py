"""`declass volumes` (a FRUS TEI volume as a unit) and `declass export-text` (history.state.gov text).

    declass volumes ../shared/corpus/frus_tei/*.xml          # one summary block per volume
    declass volumes VOLUME.xml --json                       # one JSON object per line
    declass export-text VOLUME.xml --out texts/             # one <volume>_<doc>.txt per document
    declass export-text VOLUME.xml                          # all documents to stdout, \\f between
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, TextIO

import typer

from declass.cli import app
from declass.cli._common import expand_paths, fail, report_file_error
from declass.errors import ReadError
from declass.export.text import render_text


class ProgressLine:
    """A one-line progress display on stderr ("12.1 / 48.0 MB  25%"), redrawn at most 10 times a second.

    Pass an instance as the `progress` callback of a streaming reader; call `done()` after.
    Nothing is drawn when `enabled` is false (for example when stderr is not a terminal).
    """

    def __init__(self, label: str, *, enabled: bool, stream: TextIO | None = None) -> None:
        self.label = label
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self._last_draw = 0.0
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last_draw < 0.1 and done < total:
            return
        self._last_draw = now
        share = f"{100 * done / total:3.0f}%" if total else ""
        self.stream.write(f"\r{self.label}: {done / 1_048_576:.1f} / {total / 1_048_576:.1f} MB {share}")
        self.stream.flush()
        self._drawn = True

    def done(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()


@app.command()
def volumes(
    paths: list[str] = typer.Argument(..., help="FRUS TEI volume files (or folders of them)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per volume, one per line."),
    progress: bool = typer.Option(None, "--progress/--no-progress", help="Show progress (default: on a terminal)."),
) -> None:
    """Summarise FRUS TEI volumes: metadata, documents, date range, notes, omissions, persons.

    The exit status is 1 when any volume could not be read to its end; what was read
    before the fault is still summarised.

    Example: declass volumes ../shared/corpus/frus_tei/frus1969-76v12.xml
    """
    from declass.formats._tei_summary import summarize_volume

    try:
        files = [p for p in expand_paths(paths) if p.suffix.lower() == ".xml" or len(paths) == 1]
    except ReadError as exc:
        raise fail(str(exc)) from exc
    show_progress = sys.stderr.isatty() if progress is None else progress
    failed = 0
    for path in files:
        line = ProgressLine(path.name, enabled=show_progress)
        try:
            summary = summarize_volume(path, progress=line)
        except ReadError as exc:
            line.done()
            failed += 1
            report_file_error(path, f"line {exc.line}: {exc.reason}" if exc.line else exc.reason)
            continue
        line.done()
        if "error" in summary:
            failed += 1
            error = summary["error"]
            where = f"line {error['line']}: " if error.get("line") else ""
            report_file_error(path, where + error["reason"])
        if as_json:
            sys.stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(format_summary(summary) + "\n")
    if failed:
        raise typer.Exit(1)


def format_summary(summary: dict[str, Any]) -> str:
    """A volume summary as a block of aligned lines for people."""
    volume = summary.get("volume") or {}
    rows = [
        ("volume", volume.get("id")),
        ("title", volume.get("title")),
        ("series", " / ".join(v for v in (volume.get("series"), volume.get("subseries")) if v) or None),
        ("number", volume.get("volume_number")),
        ("published", volume.get("publication_date")),
        ("editors", ", ".join(volume.get("editors") or []) or None),
        ("documents", summary["documents"]),
        ("editorial notes", summary["editorial_notes"]),
        ("date range", _range(summary["date_range"])),
        ("pages", _range(summary["pages"])),
        ("footnotes", summary["footnotes"]),
        ("page breaks", summary["page_breaks"]),
        ("omissions", f"{summary['omissions']} not declassified, {summary['editorial_omissions']} by the editors"),
        ("persons", f"{summary['persons_listed']} listed, {summary['persons_mentioned']} mentioned "
                    f"({summary['person_mentions']} mentions)"),
        ("terms", summary["terms_listed"]),
    ]
    for warning in summary.get("warnings", []):
        rows.append(("warning", warning))
    if "error" in summary:
        rows.append(("error", summary["error"]["reason"]))
    width = max(len(label) for label, _ in rows)
    lines = [f"{summary['path']}"]
    lines.extend(f"  {label:<{width}}  {'—' if value is None else value}" for label, value in rows)
    return "\n".join(lines)


def _range(value: dict[str, Any]) -> str | None:
    start, end = value.get("start") or value.get("first"), value.get("end") or value.get("last")
    if not start and not end:
        return None
    return f"{start or '?'} – {end or '?'}"


@app.command("export-text")
def export_text(
    paths: list[str] = typer.Argument(..., help="Files to read (any format declass reads)."),
    fmt: str = typer.Option("auto", "--format", "-f", help="auto, or one of the registered formats."),
    out: Path = typer.Option(None, "--out", "-o", help="Write one <volume>_<doc>.txt file per document here."),
    first_page: bool = typer.Option(False, "--first-page", help="Also mark the page each document starts on."),
) -> None:
    """Print documents as history.state.gov renders them: heading, text, [Page N], footnotes.

    Without --out, documents go to stdout separated by a form feed line. The exit status
    is 1 when any file failed.

    Example: declass export-text ../shared/corpus/frus_tei/frus1969-76v12.xml --out texts/
    """
    from declass.cli.read import iter_read

    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    failed = 0
    written = 0
    for path, doc, reason in iter_read(paths, fmt):
        if doc is None:
            failed += 1
            report_file_error(path, reason or "unknown error")
            continue
        text = render_text(doc, first_page=first_page)
        if out is not None:
            (out / (doc.id.replace("/", "_") + ".txt")).write_text(text, encoding="utf-8")
        else:
            if written:
                sys.stdout.write("\f\n")
            sys.stdout.write(text)
        written += 1
    if failed:
        raise typer.Exit(1)
