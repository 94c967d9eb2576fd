"""An ingest killed with SIGKILL half-way, then run again, leaves every document once and whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from declass.store import open_store
from tests.store.store_samples import numbered, write_jsonl

TOTAL = 3000


def _count(url: str) -> int:
    try:
        with open_store(url) as store:
            return store.count()
    except Exception:  # the file may not be a store yet
        return 0


@pytest.mark.slow
def test_sigkill_half_way_then_rerun(store_url: str, tmp_path: Path) -> None:
    docs = numbered(TOTAL)
    write_jsonl(tmp_path / "in", docs, per_file=100)
    cmd = [
        sys.executable, "-m", "declass", "ingest", str(tmp_path / "in"), "--db", store_url,
        "--batch-size", "50", "--no-enrich", "--quiet",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    seen = 0
    while time.monotonic() < deadline and proc.poll() is None:
        seen = _count(store_url)
        if seen > 0:  # the first batches are committed: kill it now
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be interrupted"
    partial = _count(store_url)
    assert 0 < partial < TOTAL
    assert partial % 50 == 0  # whole batches only

    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{TOTAL - partial} added, {partial} unchanged" in rerun.stdout

    with open_store(store_url) as store:
        ids = list(store.ids())
        assert len(ids) == len(set(ids)) == TOTAL
        assert sorted(ids) == [d.id for d in docs]
        stats = store.stats()
        assert stats["documents"] == TOTAL and stats["versions"] == TOTAL
        assert stats["with_redactions"] == TOTAL
        assert store.search("Peiping", limit=0).total == TOTAL  # one full-text entry per document
        for doc in docs[:: TOTAL // 15]:
            got = store.get(doc.id)
            assert got is not None and got.text == doc.text and got.spans == doc.spans
            assert [h.id for h in store.search(f"tok{doc.id[5:].lstrip('0') or '0'}x").hits] == [doc.id]
            assert len(store.history(doc.id)) == 1
