"""Read time of a corpus with and without enrichment, measured side by side.

    .venv/bin/python bench/bench_enrich.py [CORPUS] [--rounds N]

Each round reads every file of the corpus twice — once bare, once with every enricher
applied to each document — alternating which goes first, so both see the same machine
load. Tables are loaded and patterns compiled in a warm-up round that is not counted.
Prints the median times, the overhead of enrichment, per-enricher times, and the span
counts the enrichers added.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from declass import enrich, formats
from declass.model import Document

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def corpus_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))


def read_all(files: list[Path], *, enriched: bool) -> list[Document]:
    docs: list[Document] = []
    for path in files:
        for doc in formats.read_path(path):
            docs.append(enrich.apply(doc) if enriched else doc)
    return docs


def per_enricher(files: list[Path]) -> dict[str, float]:
    """Seconds each enricher takes over the corpus, on freshly read documents."""
    times: dict[str, float] = {}
    for name in enrich.ENRICHER_MODULES:
        docs = read_all(files, enriched=False)
        start = time.perf_counter()
        for doc in docs:
            enrich.apply(doc, only=[name])
        times[name] = time.perf_counter() - start
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    files = corpus_files(args.corpus)
    docs = read_all(files, enriched=True)  # warm-up: imports, tables, automata
    chars = sum(len(d.text) for d in docs)
    bare: list[float] = []
    enriched: list[float] = []
    for round_no in range(args.rounds):
        order = (False, True) if round_no % 2 == 0 else (True, False)
        for flag in order:
            start = time.perf_counter()
            read_all(files, enriched=flag)
            (enriched if flag else bare).append(time.perf_counter() - start)
    read_s, both_s = statistics.median(bare), statistics.median(enriched)
    print(f"corpus: {args.corpus} — {len(files)} files, {len(docs)} documents, {chars:,} characters")
    print(f"read only:        {read_s:.3f} s (median of {args.rounds}; fastest {min(bare):.3f} s)")
    print(f"read + enrich:    {both_s:.3f} s (fastest {min(enriched):.3f} s)")
    print(f"enrichment adds:  {100 * (both_s - read_s) / read_s:.0f}% to the read time")
    print("per enricher (s): " + ", ".join(f"{k} {v:.3f}" for k, v in per_enricher(files).items()))
    added = Counter(s.kind for d in docs for s in d.spans if s.kind in {"entity", "date", "judgment", "file_number"})
    print("spans: " + ", ".join(f"{k} {v}" for k, v in sorted(added.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
