"""`declass read` on good and bad input: clear messages naming the file, nothing lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

INVENTED_OCR = """MEMORANDUM FOR: The Director of Central Intelligence
SUBJECT: Grain deliveries to the port of Odessa (an invented example)

1. Shipments rose in the third quarter; the cause cannot be confirmed.

25X1

2. The harbour master is reportedly cooperative.
"""


def run_read(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "declass", "read", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def test_bad_files_are_named_and_the_rest_still_read(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(INVENTED_OCR, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(bytes(range(256)) * 64)
    result = run_read(str(empty), str(garbage), str(good))
    assert result.returncode == 1
    assert f"{empty}: file is empty" in result.stderr
    assert str(garbage) in result.stderr
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(docs) == 1
    assert docs[0]["source"]["path"].endswith("good.txt")
    assert "Odessa" in docs[0]["text"]


def test_exit_status_is_zero_when_all_files_read(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(INVENTED_OCR, encoding="utf-8")
    result = run_read(str(good))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 1


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_other_encodings_read_and_say_so(tmp_path: Path, encoding: str) -> None:
    text = INVENTED_OCR.replace("Odessa", "Odessa — Café Größe") if encoding == "utf-16" else INVENTED_OCR.replace(
        "Odessa", "Odessa Café"
    )
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    result = run_read(str(path))
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert "Café" in doc["text"]
    assert doc["source"]["encoding"] is not None
    if encoding == "latin-1":
        assert any("UTF-8" in w for w in doc["warnings"])


def test_huge_file_is_refused_with_its_size(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    line = "The quarterly report (invented) lists no further shipments.\n"
    with huge.open("w", encoding="utf-8") as handle:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    small = tmp_path / "small.txt"
    small.write_text(INVENTED_OCR, encoding="utf-8")
    result = run_read(str(huge), str(small))
    assert result.returncode == 1
    assert str(huge) in result.stderr and "MB" in result.stderr
    assert len(result.stdout.splitlines()) == 1


def test_truncated_document_reads(tmp_path: Path) -> None:
    cut = tmp_path / "cut.txt"
    cut.write_text(INVENTED_OCR[: len(INVENTED_OCR) // 2], encoding="utf-8")
    result = run_read(str(cut))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["text"]


def test_missing_path_and_unknown_format_are_clear(tmp_path: Path) -> None:
    result = run_read(str(tmp_path / "nope.txt"))
    assert result.returncode == 1
    assert "nope.txt: no such file or folder" in result.stderr
    good = tmp_path / "good.txt"
    good.write_text(INVENTED_OCR, encoding="utf-8")
    result = run_read("--format", "word", str(good))
    assert result.returncode == 2
    assert "unknown format 'word'" in result.stderr


def test_fixture_folder_reads_without_error() -> None:
    """Every fixture the suite ships must be readable (the folder exists without the corpus)."""
    files = [p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix in {".txt", ".md", ".xml"}
             and "hostile" not in p.parts and "truncated" not in p.name]
    assert len(files) >= 10, "the suite's own fixtures are missing"
    result = run_read(*map(str, files))
    assert result.returncode == 0, result.stderr
