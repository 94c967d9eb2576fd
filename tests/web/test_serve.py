"""`declass serve`: binds to 127.0.0.1 by default, serves the store, refuses a missing store."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.web.fixtures import BRIEFING_ID

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def declass(*args: str) -> list[str]:
    return [sys.executable, "-m", "declass", *args]


def test_serve_runs_on_localhost_and_answers(web_store: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        declass("serve", "--db", str(web_store), "--port", str(port)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    proc.kill()
                    raise AssertionError(proc.communicate()[1].decode() or "server did not start") from None
                time.sleep(0.1)
        assert r.status_code == 200 and r.json()["documents"] == 28
        assert httpx.get(f"http://127.0.0.1:{port}/documents/{BRIEFING_ID}").status_code == 200
        # bound to the loopback address only
        conns = subprocess.run(["ss", "-ltn"], capture_output=True, text=True).stdout if _has("ss") else ""
        if conns:
            listening = [line for line in conns.splitlines() if f":{port} " in line]
            assert listening and all("127.0.0.1:" in line for line in listening), listening
    finally:
        if proc.poll() is None:
            proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert b"reading room at http://127.0.0.1:" in err


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.db"
    r = subprocess.run(declass("serve", "--db", str(missing)), capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 2
    assert str(missing) in r.stderr and "no such store" in r.stderr
    assert not missing.exists()  # serving never creates a store


def test_serve_refuses_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    r = subprocess.run(declass("serve", "--db", str(junk)), capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 1
    assert str(junk) in r.stderr and "Traceback" not in r.stderr


def _has(tool: str) -> bool:
    from shutil import which

    return which(tool) is not None
