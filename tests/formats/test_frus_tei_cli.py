"""`declass volumes`, `declass export-text` and `declass read` on FRUS TEI volumes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from declass.cli import app

DATA = Path(__file__).resolve().parent.parent / "data" / "frus_tei"
runner = CliRunner()


def test_volumes_json_counts_the_volume() -> None:
    result = runner.invoke(app, ["volumes", str(DATA / "frus1955-57v99.xml"), "--json", "--no-progress"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["volume"]["id"] == "frus1955-57v99"
    assert (summary["documents"], summary["editorial_notes"], summary["footnotes"]) == (4, 1, 5)
    assert (summary["omissions"], summary["editorial_omissions"], summary["page_breaks"]) == (3, 1, 2)
    assert (summary["persons_listed"], summary["terms_listed"]) == (4, 2)
    assert summary["date_range"] == {"start": "1956-03-02", "end": "1956-03-20"}


def test_volumes_for_people_and_progress_on_request() -> None:
    result = runner.invoke(app, ["volumes", str(DATA / "frus1955-57v99.xml"), "--progress"])
    assert result.exit_code == 0
    assert "Volume XCIX" in result.stdout and "editorial notes  1" in result.stdout
    assert "frus1955-57v99.xml:" in result.stderr and "100%" in result.stderr


def test_volumes_on_a_truncated_volume_summarises_then_fails() -> None:
    result = runner.invoke(app, ["volumes", str(DATA / "frus1955-57v99-truncated.xml"), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["documents"] == 2
    assert "frus1955-57v99-truncated.xml: line 150: the volume stops part-way" in result.stderr


def test_read_prints_documents_before_the_fault_and_the_error_line() -> None:
    result = runner.invoke(app, ["read", str(DATA / "frus1955-57v99-truncated.xml")])
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["frus1955-57v99/d1", "frus1955-57v99/d2"]
    assert "frus1955-57v99-truncated.xml: line 150: the volume stops part-way" in result.stderr


def test_export_text_writes_one_file_per_document(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export-text", str(DATA / "frus1955-57v99.xml"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"frus1955-57v99_d{i}.txt" for i in range(1, 5)]
    assert (tmp_path / "frus1955-57v99_d3.txt").read_text(encoding="utf-8").startswith("3. Editorial Note\n")


def test_export_text_to_stdout_separates_documents() -> None:
    result = runner.invoke(app, ["export-text", str(DATA / "frus1950-55v98.xml")])
    assert result.exit_code == 0
    assert result.stdout.count("\f\n") == 1 and "8. Editorial Note" in result.stdout
