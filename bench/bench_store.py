"""Store benchmark: ingest rate, search latency with facets, a grep baseline, size and memory.

    python -m bench.bench_store                                  # SQLite and PostgreSQL, 10k and 100k
    python -m bench.bench_store --sizes 10000,100000,1000000 --backends sqlite
    python -m bench.bench_store --out bench/RESULTS-store.md

One run, side by side: for each backend a store grows through the `--sizes`; at each
size it reports the ingest rate so far (documents/s on one core: preparing each document
— JSON, hashes, compression — and writing it in batches of 1,000, one transaction each;
generating the synthetic documents is not counted), search latency p50/p95 over a fixed
query mix (every search also computes the total and all facets), store size per document
and the peak memory of the process. The grep baseline scans one plain-text file per
document with `grep -rliF` for the queries grep can express. PostgreSQL runs on a
throw-away server started here (initdb into a temporary folder, fsync off).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.synth import Generator, raw_bytes
from declass.store import open_store
from declass.store._rows import prepare
from declass.store.base import Store

#: (label, query, sort); grep: the fixed strings grep looks for, or None where grep cannot say it
QUERIES: list[tuple[str, str, str, list[str] | None]] = [
    ("common word", "soviet", "relevance", ["soviet"]),
    ("name", "Quemoy", "relevance", ["Quemoy"]),
    ("two words", "Peiping agreement", "relevance", None),
    ("phrase", '"Sino-Soviet relations"', "relevance", ["Sino-Soviet relations"]),
    ("OR", "Quemoy OR Matsu", "relevance", ["Quemoy", "Matsu"]),
    ("exclusion", "Peiping -Moscow", "relevance", None),
    ("prefix", "Khrush*", "relevance", ["Khrush"]),
    ("word + filters", "Peiping year:1953..1954 has:redactions", "relevance", None),
    ("sender", 'from:"Embassy in Moscow" classification:secret', "relevance", None),
    ("filters only", "collection:crest classification:secret year:1960..1969", "relevance", None),
    ("word, date sort", "Formosa", "date", ["Formosa"]),
    ("filter, newest first", "collection:frus type:telegram", "-date", None),
    ("everything + facets", "", "relevance", None),
]
REPEATS = 5


@dataclass
class Row:
    backend: str
    size: int
    ingest_rate: float
    size_per_doc: float
    p50: float = 0.0
    p95: float = 0.0
    per_query: dict[str, float] = field(default_factory=dict)
    peak_mb: float = 0.0
    #: per query: (total, sample fraction when estimated else None, relevance bounded)
    answers: dict[str, tuple[int, float | None, bool]] = field(default_factory=dict)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def grow(store: Store, gen: Generator, start: int, stop: int, batch: int = 1000) -> float:
    """Add documents start..stop; return seconds spent preparing and writing (not generating)."""
    spent = 0.0
    for first in range(start, stop, batch):
        docs = list(gen.documents(min(batch, stop - first), start=first))
        t0 = time.perf_counter()
        store.put_prepared([prepare(d, raw_bytes(d)) for d in docs])  # type: ignore[attr-defined]
        spent += time.perf_counter() - t0
    return spent


def time_queries(store: Store) -> tuple[list[float], dict[str, float], dict[str, tuple[int, float | None, bool]]]:
    times: list[float] = []
    per_query: dict[str, float] = {}
    answers: dict[str, tuple[int, float | None, bool]] = {}
    for label, query, sort, _ in QUERIES:
        first = store.search(query, sort=sort, expand=False)  # warm
        answers[label] = (first.total, first.sample_fraction if first.estimated else None, first.relevance_bounded)
        runs = []
        for _ in range(REPEATS):
            t0 = time.perf_counter()
            store.search(query, sort=sort, expand=False)
            runs.append((time.perf_counter() - t0) * 1000)
        times.extend(runs)
        per_query[label] = statistics.median(runs)
    return times, per_query, answers


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def grep_baseline(folder: Path, seed: int, size: int) -> dict[str, float]:
    """Seconds per query for `grep -rliF` over one text file per document."""
    gen = Generator(seed)
    if not folder.exists():
        for i, doc in enumerate(gen.documents(size)):
            sub = folder / f"{i // 1000:05d}"
            if i % 1000 == 0:
                sub.mkdir(parents=True, exist_ok=True)
            (sub / f"{i:08d}.txt").write_bytes(raw_bytes(doc))
    out: dict[str, float] = {}
    for label, _, _, strings in QUERIES:
        if strings is None:
            continue
        args = ["grep", "-rliF", *[a for s in strings for a in ("-e", s)], str(folder)]
        t0 = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, check=False)
        out[label] = (time.perf_counter() - t0) * 1000
    return out


# -- a throw-away PostgreSQL server --------------------------------------------------------


def start_postgres(base: Path) -> tuple[str, list[str]]:
    import pwd
    import socket

    def as_server(argv: list[str]) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv

    base.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(base, user.pw_uid, user.pw_gid)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    data = base / "data"
    subprocess.run(as_server(["initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"]),
                   check=True, capture_output=True)  # fmt: skip
    opts = (f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c shared_buffers=512MB -c maintenance_work_mem=512MB")  # fmt: skip
    subprocess.run(as_server(["pg_ctl", "-D", str(data), "-o", opts, "-l", str(base / "log"), "-w", "start"]),
                   check=True, capture_output=True)  # fmt: skip
    stop = as_server(["pg_ctl", "-D", str(data), "-m", "fast", "stop"])
    return f"postgresql://postgres@127.0.0.1:{port}/postgres", stop


def run_backend(backend: str, url: str, sizes: list[int], seed: int) -> list[Row]:
    rows = []
    gen = Generator(seed)
    with open_store(url) as store:
        done, spent = 0, 0.0
        for size in sizes:
            spent += grow(store, gen, done, size)
            done = size
            if backend == "postgres":
                with store.reading() as cur:  # type: ignore[attr-defined]
                    cur.connection.execute("SET default_transaction_read_only = off")
                    cur.execute("ANALYZE")
                    cur.connection.execute("SET default_transaction_read_only = on")
            times, per_query, answers = time_queries(store)
            rows.append(
                Row(backend, size, size / spent, store.size_bytes() / size,  # type: ignore[attr-defined]
                    statistics.median(times), p95(times), per_query, peak_mb(), answers)
            )  # fmt: skip
            print(f"{backend} {size}: {rows[-1].ingest_rate:,.0f} docs/s, p50 {rows[-1].p50:.1f} ms, "
                  f"p95 {rows[-1].p95:.1f} ms, {rows[-1].size_per_doc:,.0f} B/doc", flush=True)  # fmt: skip
    return rows


def report(rows: list[Row], grep: dict[int, dict[str, float]], args: argparse.Namespace, seconds: float) -> str:
    lines = [
        "# Store benchmark",
        "",
        f"Command: `python -m bench.bench_store --sizes {args.sizes} --backends {args.backends}"
        f" --grep-sizes {args.grep_sizes}` (seed {args.seed}); one run, {seconds / 60:.1f} minutes.",
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}, PostgreSQL 15.",
        "",
        "Synthetic documents from `bench/synth.py` (FRUS-like and CREST-like, ~2,500 characters, 3% undated).",
        "Ingest = preparing and writing on one core, batches of 1,000 (one transaction each).",
        f"Search = {len(QUERIES)} queries x {REPEATS} runs, each computing total + all facets + one page of 20 hits"
        " with snippets.",
        "",
        "| backend | documents | ingest docs/s (1 core) | search p50 ms | search p95 ms | store bytes/doc "
        "| peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.backend} | {r.size:,} | {r.ingest_rate:,.0f} | {r.p50:.1f} | {r.p95:.1f} | "
            f"{r.size_per_doc:,.0f} | {r.peak_mb:,.0f} |"
        )
    lines += ["", "Median latency per query (ms):", ""]
    header = "| query | " + " | ".join(f"{r.backend} {r.size:,}" for r in rows)
    header += "".join(f" | grep {n:,}" for n in grep) + " |"
    lines += [header, "|---" * (1 + len(rows) + len(grep)) + "|"]
    for label, query, sort, _ in QUERIES:
        cells = [f"{r.per_query[label]:.1f}" for r in rows]
        cells += [f"{g[label]:,.0f}" if label in g else "n/a" for g in grep.values()]
        shown = query.replace("|", "\\|") or "(empty)"
        lines.append(f"| {label}: `{shown}`" + (f" sort {sort}" if sort != "relevance" else "") + " | "
                     + " | ".join(cells) + " |")  # fmt: skip
    lines += ["", "grep cannot express AND across a document, exclusion, filters, facets or sorting (n/a).", ""]
    lines += [
        "Total per query; *est. x%* = total and facets estimated from a sample of x% of the corpus;",
        "*bounded* = relevance order bounded (title matches first, then stored order); see docs/store.md.",
        "",
        "| query | " + " | ".join(f"{r.backend} {r.size:,}" for r in rows) + " |",
        "|---" * (1 + len(rows)) + "|",
    ]
    for label, _, _, _ in QUERIES:
        cells = []
        for r in rows:
            total, fraction, bounded = r.answers[label]
            cell = f"{total:,}" + (f" est. {fraction * 100:.1f}%" if fraction is not None else "")
            cells.append(cell + (" bounded" if bounded else ""))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="corpus sizes to measure at, ascending")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--grep-sizes", default="100000", help="sizes for the grep baseline ('' for none)")
    parser.add_argument("--seed", type=int, default=1953)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "declass-bench")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    started = time.perf_counter()
    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    rows: list[Row] = []
    for backend in args.backends.split(","):
        if backend == "sqlite":
            rows += run_backend("sqlite", str(args.workdir / "bench.db"), sizes, args.seed)
        elif backend == "postgres":
            url, stop = start_postgres(args.workdir / "pg")
            try:
                rows += run_backend("postgres", url, [s for s in sizes if s <= 100_000] or sizes[:1], args.seed)
            finally:
                subprocess.run(stop, capture_output=True, check=False)
    grep = {}
    for size in [int(s) for s in args.grep_sizes.split(",") if s]:
        grep[size] = grep_baseline(args.workdir / f"txt-{size}", args.seed, size)
    text = report(rows, grep, args, time.perf_counter() - started)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
