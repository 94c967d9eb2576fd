"""Server time of the reading room's document page and search page at 100k documents (p50/p95).

    .venv/bin/python -m bench.bench_web                 # 100k synthetic documents (+ the seeds)
    .venv/bin/python -m bench.bench_web --docs 20000    # a smaller run

The corpus comes from bench/synth.py (seeded), stored in SQLite under bench/out/ and
reused by later runs. The application runs in uvicorn on 127.0.0.1; each request's server
time is read from its `Server-Timing` header (time inside the application) beside the
round trip seen by the client. Measured side by side in one run: the HTML pages, their
JSON twins (/api/search, /api/documents/ID) and the store calls alone, so the cost the
web layer adds is a ratio, not a guess. Goal: p95 under 100 ms for both pages.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import uvicorn

from bench.synth import Generator, raw_bytes
from declass.store import open_store
from declass.web import create_app

OUT = Path(__file__).resolve().parent / "out"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"

SEARCHES = [
    {"q": "Peiping"},
    {"q": '"Sino-Soviet"'},
    {"q": "Moscow year:1953..1954"},
    {"q": "collection:crest has:redactions"},
    {"q": ""},
    {"q": "Dulles", "sort": "-date"},
    {"q": "soviet policy", "sort": "date"},
    {"q": "Formosa OR Quemoy"},
    {"q": "type:telegram Khrushchev"},
    {"q": "year:unknown"},
    {"q": "Peiping", "page": "3"},
    {"q": "embassy -Moscow collection:frus"},
]


def build(path: Path, count: int) -> None:
    """Write `count` synthetic documents (and the seeds, when present) into a new store."""
    gen = Generator(1953)
    started = time.perf_counter()
    with open_store(str(path)) as store:
        batch = []
        for doc in gen.documents(count):
            batch.append((doc, raw_bytes(doc)))
            if len(batch) == 2000:
                store.put_many(batch)
                batch.clear()
                print(f"  stored {store.count():,} documents", file=sys.stderr, end="\r")
        if batch:
            store.put_many(batch)
        if SEEDS.is_dir():
            from declass import formats

            for seed in sorted(SEEDS.iterdir()):
                store.put_many([(doc, seed.read_bytes()) for doc in formats.read_path(seed)])
    print(f"  built {count:,} documents in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))]


class Timings:
    def __init__(self) -> None:
        self.rows: list[tuple[str, list[float], list[float]]] = []

    def measure(self, label: str, calls: list[Callable[[], httpx.Response | None]], rounds: int) -> None:
        server: list[float] = []
        client: list[float] = []
        for call in calls:  # warm-up: first use of each page and query
            call()
        for _ in range(rounds):
            for call in calls:
                started = time.perf_counter()
                response = call()
                client.append((time.perf_counter() - started) * 1000)
                if response is not None:
                    if response.status_code != 200:
                        raise SystemExit(f"{label}: {response.request.url} -> {response.status_code}")
                    timing = response.headers.get("server-timing", "")
                    server.append(float(timing.split("dur=")[1]) if "dur=" in timing else float("nan"))
        self.rows.append((label, server, client))

    def table(self) -> str:
        lines = [
            "| what | requests | server p50 ms | server p95 ms | round trip p50 ms | round trip p95 ms |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for label, server, client in self.rows:
            s50 = f"{statistics.median(server):.1f}" if server else "—"
            s95 = f"{percentile(server, 95):.1f}" if server else "—"
            lines.append(
                f"| {label} | {len(client)} | {s50} | {s95} | "
                f"{statistics.median(client):.1f} | {percentile(client, 95):.1f} |"
            )
        return "\n".join(lines)


def serve(path: Path) -> tuple[uvicorn.Server, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(str(path)), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def _offset(params: dict[str, str]) -> int:
    return 20 * (int(params.get("page", 1)) - 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20, help="passes over the query mix and the id sample")
    parser.add_argument("--sample", type=int, default=50, help="documents opened per pass")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    db = OUT / f"web-{args.docs}.db"
    if not db.exists():
        print(f"building {db} ...", file=sys.stderr)
        tmp = db.with_suffix(".tmp")
        for leftover in OUT.glob(tmp.name + "*"):
            leftover.unlink()
        build(tmp, args.docs)
        tmp.rename(db)
    store = open_store(str(db))
    total = store.count()
    rng = random.Random(7)
    ids = list(store.ids())
    sample = rng.sample(ids, min(args.sample, len(ids)))
    seeds = [i for i in ("CIA-RDP80R01443R000200010007-3", "frus1952-54v08/d632") if store.get(i) is not None]
    docs = sample + seeds
    server, base = serve(db)
    timings = Timings()
    with httpx.Client(base_url=base, timeout=60) as client:
        doc_pages = [lambda i=i: client.get(f"/documents/{i}") for i in docs]
        doc_json = [lambda i=i: client.get(f"/api/documents/{i}") for i in docs]
        doc_store = [lambda i=i: store.get(i) and None for i in docs]
        search_pages = [lambda p=p: client.get("/search", params=p) for p in SEARCHES]
        search_json = [
            lambda p=p: client.get("/api/search", params={**{k: v for k, v in p.items() if k != "page"}, "limit": 20})
            for p in SEARCHES
        ]
        search_store = [
            lambda p=p: store.search(p["q"], limit=20, offset=_offset(p), sort=p.get("sort", "relevance")) and None
            for p in SEARCHES
        ]
        timings.measure("document page `/documents/ID`", doc_pages, args.rounds)
        timings.measure("document JSON `/api/documents/ID`", doc_json, args.rounds)
        timings.measure("store.get(ID) alone", doc_store, args.rounds)
        timings.measure("search page `/search`", search_pages, args.rounds)
        timings.measure("search JSON `/api/search`", search_json, args.rounds)
        timings.measure("store.search() alone", search_store, args.rounds)
    server.should_exit = True
    store.close()
    print(
        f"\n{total:,} documents in {db.name}; {len(docs)} documents and {len(SEARCHES)} queries, "
        f"{args.rounds} rounds; Python {sys.version.split()[0]}\n"
    )
    print(timings.table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
