"""Throughput and memory of the FRUS TEI reader on a synthetic 50 MB volume.

The volume is made by repeating the sample documents (the real ones in
../shared/corpus/frus_tei when present, else the suite's invented volume) under new
document numbers, after the real header and persons list. Each measurement runs in its
own process on one core, so peak memory (ru_maxrss) belongs to that measurement alone:

- floor: a bare `lxml.etree.iterparse` of the same file, clearing each document div;
- declass: `declass.formats.frus_tei.read`, every Document built.

The two alternate for `--rounds` rounds and the best time of each is kept (wall clock
and CPU time of the measuring process), so a busy machine slows both sides alike and a
passing burst of load on one run does not decide the ratio.

`--baseline DIR` adds a third side: the same reader imported from DIR (the `src` folder of
another checkout, e.g. `git archive HEAD src | tar -x -C /tmp/before` gives /tmp/before/src),
measured in the same alternating rounds, for a before-and-after figure on equal terms.

    .venv/bin/python bench/bench_tei.py [--mb 50] [--rounds 5] [--keep PATH] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT.parent / "shared" / "corpus" / "frus_tei" / n for n in
           ("frus1969-76v12.xml", "frus1950-55Intel.xml", "frus1977-80v01.xml")]
FALLBACK = ROOT / "tests" / "data" / "frus_tei" / "frus1955-57v99.xml"
TEI = "{http://www.tei-c.org/ns/1.0}"


def build_volume(target: Path, megabytes: float) -> int:
    """Write a volume of about `megabytes` MB; return the number of documents in it."""
    sources = [p for p in SAMPLES if p.exists()] or [FALLBACK]
    head_tree = etree.parse(str(sources[0]))
    documents: list[str] = []
    for source in sources:
        for div in etree.parse(str(source)).iter(f"{TEI}div"):
            if div.get("type") == "document":
                div.tail = "\n"
                documents.append(etree.tostring(div, encoding="unicode"))
    text = etree.tostring(head_tree, encoding="unicode")
    prefix, _, _ = text.partition("<body>")
    want = int(megabytes * 1_048_576)
    count = 0
    with target.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n' + prefix + '<body><div type="compilation">\n')
        written = len(prefix)
        while written < want:
            for doc in documents:
                count += 1
                copy = re.sub(r'(xml:id="d)\d+', rf"\g<1>{count}", doc, count=1)
                copy = re.sub(r'(\sn=")\d+(")', rf"\g<1>{count}\2", copy, count=1)
                out.write(copy)
                written += len(copy.encode("utf-8"))
                if written >= want:
                    break
        out.write("</div></body></text></TEI>\n")
    return count


def run_floor(path: str) -> dict:
    started, cpu = time.perf_counter(), time.process_time()
    docs = 0
    for _, element in etree.iterparse(path, events=("end",), tag=f"{TEI}div"):
        if element.get("type") == "document":
            docs += 1
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu, "documents": docs}


def run_declass(path: str) -> dict:
    from declass.formats import frus_tei

    started, cpu = time.perf_counter(), time.process_time()
    docs = sum(1 for _ in frus_tei.read(Path(path)))
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu, "documents": docs,
            "module": frus_tei.__file__}


def measure(kind: str, path: Path, source: Path | None = None) -> dict:
    """Run one measurement in a fresh process pinned to one core; return its figures.

    `source`, when given, is put first on the import path, so `declass` is imported from there.
    """
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(source), env.get("PYTHONPATH"))))
    code = (
        f"import json, os, resource, sys; sys.path.insert(0, {str(Path(__file__).parent)!r});"
        "os.sched_setaffinity(0, {min(os.sched_getaffinity(0))});"
        f"import bench_tei as b; r = b.run_{kind}({str(path)!r});"
        "r['peak_rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024; print(json.dumps(r))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env).stdout
    result = json.loads(out.strip().splitlines()[-1])
    if source is not None and not str(result.get("module", "")).startswith(str(source)):
        raise RuntimeError(f"the baseline run imported {result.get('module')}, not the reader under {source}")
    return result


def best_of(kind: str, runs: list[dict]) -> dict:
    """The best wall and CPU time over the runs of one side, and the largest peak memory."""
    return {
        "kind": kind,
        "seconds": min(r["seconds"] for r in runs),
        "cpu": min(r["cpu"] for r in runs),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "documents": runs[0]["documents"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the synthetic volume")
    parser.add_argument("--rounds", type=int, default=5, help="alternating runs of each side; the best is kept")
    parser.add_argument("--keep", type=Path, help="write the volume here and keep it")
    parser.add_argument("--baseline", type=Path, help="also time the reader imported from this src folder")
    args = parser.parse_args()
    if args.baseline is not None and not (args.baseline / "declass").is_dir():
        parser.error(f"--baseline {args.baseline}: no declass package there")
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "frus-synthetic.xml"
        docs = build_volume(path, args.mb)
        size_mb = path.stat().st_size / 1_048_576
        sides: dict[str, tuple[str, Path | None]] = {"floor": ("floor", None), "declass": ("declass", None)}
        if args.baseline is not None:
            sides["baseline"] = ("declass", args.baseline.resolve())
        runs: dict[str, list[dict]] = {side: [] for side in sides}
        for _ in range(max(1, args.rounds)):
            for side, (kind, source) in sides.items():
                runs[side].append(measure(kind, path, source))
    best = {side: best_of(side, side_runs) for side, side_runs in runs.items()}
    floor, ours = best["floor"], best["declass"]
    assert all(r["documents"] == docs for r in best.values()), (best, docs)
    print(f"synthetic volume: {size_mb:.1f} MB, {docs} documents "
          f"(one core, separate processes, best of {max(1, args.rounds)} alternating rounds)")
    print(f"{'':10} {'seconds':>8} {'CPU s':>7} {'MB/s':>8} {'docs/s':>9} {'peak RSS MB':>12}")
    labels = {"floor": "lxml floor", "declass": "declass", "baseline": "baseline"}
    for side, r in best.items():
        print(f"{labels[side]:10} {r['seconds']:8.2f} {r['cpu']:7.2f} {size_mb / r['seconds']:8.1f} "
              f"{docs / r['seconds']:9.0f} {r['peak_rss_mb']:12.0f}")
    print(f"declass / floor: {ours['seconds'] / floor['seconds']:.2f}x wall clock, "
          f"{ours['cpu'] / floor['cpu']:.2f}x CPU time")
    if "baseline" in best:
        base = best["baseline"]
        print(f"baseline / floor: {base['seconds'] / floor['seconds']:.2f}x wall clock, "
              f"{base['cpu'] / floor['cpu']:.2f}x CPU time; declass is {base['seconds'] / ours['seconds']:.2f}x "
              f"faster by wall clock, {base['cpu'] / ours['cpu']:.2f}x by CPU time")
    print(f"load average while measuring: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
