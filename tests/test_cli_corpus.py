"""The corpus commands end to end: ingest, search, stats, history, raw, errors and show ID."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from declass.cli import app
from tests.store.store_samples import sample, write_jsonl

runner = CliRunner()


def _ingest(tmp_path: Path) -> str:
    write_jsonl(tmp_path / "in", sample(), per_file=5)
    db = str(tmp_path / "c.db")
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db, "--no-enrich", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "5 added, 0 unchanged" in result.output
    return db


def test_ingest_search_stats_history_raw(tmp_path: Path) -> None:
    db = _ingest(tmp_path)
    again = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db, "--json", "--no-enrich"])
    assert again.exit_code == 0
    assert json.loads(again.output)["unchanged"] == 5

    out = runner.invoke(app, ["search", "Peiping year:1953..1954", "--db", db, "--json", "--exact"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["total"] == 1 and data["undated_excluded"] == 1
    hit = data["hits"][0]
    assert hit["id"] == "frus-test/d1" and "<mark>Peiping</mark>" in hit["snippet"]
    assert {f["value"] for f in data["facets"]["collection"]} == {"frus"}

    text = runner.invoke(app, ["search", "Peiping", "--db", db, "--sort", "-date", "--exact"])
    assert text.exit_code == 0
    assert "2 documents match" in text.output and "frus-test/d1" in text.output and "<mark>" not in text.output

    stats = json.loads(runner.invoke(app, ["stats", "--db", db, "--json"]).output)
    assert stats["documents"] == 5 and stats["date_unknown"] == 2
    assert "by collection" in runner.invoke(app, ["stats", "--db", db]).output

    history = runner.invoke(app, ["history", "frus-test/d1", "--db", db, "--json"])
    assert json.loads(history.output)[0]["version"] == 1

    raw = runner.invoke(app, ["raw", "frus-test/d1", "--db", db])
    assert json.loads(raw.stdout_bytes)["id"] == "frus-test/d1"

    shown = runner.invoke(app, ["show", "frus-test/d1", "--db", db])
    assert shown.exit_code == 0 and "Peiping" in shown.output


def test_errors_and_unknown_ids_are_one_line(tmp_path: Path) -> None:
    db = _ingest(tmp_path)
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "empty.txt").write_bytes(b"")
    bad = runner.invoke(app, ["ingest", str(tmp_path / "bad"), "--db", db, "--quiet"])
    assert bad.exit_code == 1 and "empty.txt" in bad.output
    listed = runner.invoke(app, ["errors", "--db", db, "--json"])
    assert json.loads(listed.output.splitlines()[0])["path"].endswith("empty.txt")
    for args in (["history", "nope"], ["raw", "nope"], ["show", "nope"]):
        result = runner.invoke(app, [*args, "--db", db])
        assert result.exit_code == 1 and "nope" in result.output and "Traceback" not in result.output


def test_malformed_query_is_a_clear_message(tmp_path: Path) -> None:
    db = _ingest(tmp_path)
    result = runner.invoke(app, ["search", '"Sino-Soviet', "--db", db])
    assert result.exit_code == 2
    assert "unclosed quote" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["search", "x", "--db", db, "--sort", "sideways"])
    assert result.exit_code == 2 and "unknown sort" in result.output


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    not_a_store = tmp_path / "notes.db"
    not_a_store.write_text("just some text, not SQLite")
    result = runner.invoke(app, ["stats", "--db", str(not_a_store)])
    assert result.exit_code == 1 and "notes.db" in result.output and "Traceback" not in result.output
