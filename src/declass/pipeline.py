"""Ingest: files -> documents -> store, in batches, on one core, a process pool, or Dask.

    >>> from declass.pipeline import IngestOptions, ingest
    >>> with open_store("corpus.db") as store:                     # doctest: +SKIP
    ...     summary = ingest(["../shared/corpus/"], store, IngestOptions(workers=2))

Work is split per file: a worker reads the file (the sniffed reader, or the one named),
runs the enrichers and prepares each document for storage (JSON, hashes, compression).
Only the main process writes, in batches of `batch_size` documents, one transaction each,
so an interrupted run leaves whole documents only and a rerun completes it. Results are
written in file order whatever runs the work, so local workers and a Dask cluster build
identical corpora. A file that cannot be read is recorded (path, reason) in the store and
in the `errors_path` JSON-lines file, and the run goes on.

Besides the registered formats, `fmt="jsonl"` (or an `.jsonl` file) re-imports documents
written by `declass read`: one Document JSON per line, the line itself kept as raw input.
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from declass.errors import DeclassError, ModelError, ReadError
from declass.ids import sha256_hex
from declass.model import Document
from declass.store._common import now
from declass.store._rows import Prepared, prepare
from declass.store.base import Store

JSONL_FORMAT = "jsonl"


@dataclass(slots=True)
class IngestOptions:
    """How to ingest: reader, enrichers, parallelism, batching and where errors go."""

    fmt: str = "auto"
    enrich: bool = True
    skip: tuple[str, ...] = ()
    workers: int = 1
    batch_size: int = 500
    dask: str | None = None
    errors_path: Path | None = None


@dataclass(slots=True)
class FileResult:
    """What one file gave: prepared documents and failures (path, reason)."""

    path: str
    prepared: list[Prepared] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class IngestSummary:
    files: int = 0
    files_total: int = 0
    documents: int = 0
    added: int = 0
    unchanged: int = 0
    new_versions: int = 0
    errors: int = 0
    seconds: float = 0.0
    error_list: list[tuple[str, str]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "documents": self.documents,
            "added": self.added,
            "unchanged": self.unchanged,
            "new_versions": self.new_versions,
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
            "documents_per_second": round(self.rate, 1),
        }


# -- worker side ---------------------------------------------------------------------------


def read_file(path: str, fmt: str = "auto", enrich: bool = True, skip: tuple[str, ...] = ()) -> FileResult:
    """Read, enrich and prepare every document of one file (runs in a worker; never raises)."""
    result = FileResult(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        result.errors.append((path, f"cannot read: {exc.strerror or exc}"))
        return result
    digest = sha256_hex(raw)
    if fmt == JSONL_FORMAT or (fmt == "auto" and path.endswith(".jsonl")):
        docs: Iterable[tuple[Document | None, str | None, bytes]] = _read_jsonl(path, raw, enrich, skip)
    else:
        docs = ((doc, reason, raw) for _, doc, reason in _read_with_reader(path, fmt, enrich, skip))
    first = True
    for doc, reason, doc_raw in docs:
        if doc is None:
            result.errors.append((path, reason or "unknown error"))
            continue
        if doc_raw is raw:
            if doc.source.sha256 is None:
                doc.source.sha256 = digest
            result.prepared.append(prepare(doc, raw, include_raw=first, raw_digest=digest))
            first = False
        else:
            result.prepared.append(prepare(doc, doc_raw))
    return result


def _read_with_reader(
    path: str, fmt: str, enrich: bool, skip: tuple[str, ...]
) -> Iterator[tuple[Path | str, Document | None, str | None]]:
    from declass.cli.read import iter_read  # the one place that turns reader failures into reasons

    yield from iter_read([path], fmt, enrich=enrich, skip=list(skip))


def _read_jsonl(
    path: str, raw: bytes, enrich: bool, skip: tuple[str, ...]
) -> Iterator[tuple[Document | None, str | None, bytes]]:
    from declass import enrich as enrichers

    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            doc = Document.loads(line.decode("utf-8"))
            if enrich:
                doc = enrichers.apply(doc, skip=skip)
        except (UnicodeDecodeError, json.JSONDecodeError, ModelError) as exc:
            yield None, f"line {number}: not a declass document: {exc}", line
            continue
        except DeclassError as exc:
            yield None, f"line {number}: {exc}", line
            continue
        yield doc, None, line


# -- running the work ----------------------------------------------------------------------


def _ordered(submit: Callable[[str], Future[FileResult]], paths: list[str], window: int) -> Iterator[FileResult]:
    """Results in file order, with at most `window` files in flight (memory stays flat)."""
    pending: deque[Future[FileResult]] = deque()
    it = iter(paths)
    for path in it:
        pending.append(submit(path))
        if len(pending) >= window:
            break
    while pending:
        yield pending.popleft().result()
        nxt = next(it, None)
        if nxt is not None:
            pending.append(submit(nxt))


def run_files(paths: list[str], options: IngestOptions) -> Iterator[FileResult]:
    """Read files one by one, in a process pool, or on Dask; yield results in file order."""
    args = (options.fmt, options.enrich, tuple(options.skip))
    if options.dask:
        yield from _run_dask(paths, options, args)
        return
    if options.workers <= 1:
        for path in paths:
            yield read_file(path, *args)
        return
    with ProcessPoolExecutor(max_workers=options.workers) as pool:
        yield from _ordered(lambda p: pool.submit(read_file, p, *args), paths, options.workers * 4)


def _run_dask(paths: list[str], options: IngestOptions, args: tuple[Any, ...]) -> Iterator[FileResult]:
    from dask.distributed import Client, LocalCluster

    cluster = None
    if options.dask == "local":
        cluster = LocalCluster(
            n_workers=max(1, options.workers), threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    else:
        client = Client(options.dask)
    try:
        window = max(4, 4 * sum(client.nthreads().values()))
        yield from _ordered(lambda p: client.submit(read_file, p, *args, pure=False), paths, window)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# -- the writer ----------------------------------------------------------------------------


class Progress:
    """What a progress display needs; `IngestProgress` in the CLI draws it with rich."""

    def start(self, files_total: int) -> None: ...

    def update(self, summary: IngestSummary) -> None: ...

    def stop(self) -> None: ...


def list_files(paths: Iterable[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Expand paths (folders, globs, `-` for a list on stdin) into files, and names that failed."""
    from declass.cli._common import expand_paths

    files: list[str] = []
    failed: list[tuple[str, str]] = []
    for arg in paths:
        try:
            files.extend(str(p) for p in expand_paths([arg]))
        except ReadError as exc:
            failed.append((exc.path, exc.reason))
    return files, failed


def ingest(
    paths: Iterable[str], store: Store, options: IngestOptions | None = None, *, progress: Progress | None = None
) -> IngestSummary:
    """Ingest files into `store`; return what happened. Bad files are recorded, never fatal."""
    options = options or IngestOptions()
    progress = progress or Progress()
    started = time.perf_counter()
    files, failed = list_files(paths)
    summary = IngestSummary(files_total=len(files))
    errors_file: IO[str] | None = options.errors_path.open("a", encoding="utf-8") if options.errors_path else None
    progress.start(len(files))
    batch: list[Prepared] = []

    def flush() -> None:
        if not batch:
            return
        report = store.put_prepared(batch)
        summary.added += len(report.added)
        summary.unchanged += len(report.unchanged)
        summary.new_versions += len(report.new_versions)
        batch.clear()

    def record(path: str, reason: str) -> None:
        summary.errors += 1
        summary.error_list.append((path, reason))
        store.record_error(path, reason)
        if errors_file is not None:
            errors_file.write(json.dumps({"path": path, "reason": reason, "at": now()}, ensure_ascii=False) + "\n")
            errors_file.flush()

    try:
        for path, reason in failed:
            record(path, reason)
        for result in run_files(files, options):
            summary.files += 1
            for path, reason in result.errors:
                record(path, reason)
            for prepared in result.prepared:
                batch.append(prepared)
                summary.documents += 1
                if len(batch) >= options.batch_size:
                    flush()
            summary.seconds = time.perf_counter() - started
            progress.update(summary)
        flush()
    finally:
        summary.seconds = time.perf_counter() - started
        progress.update(summary)
        progress.stop()
        if errors_file is not None:
            errors_file.close()
    return summary
