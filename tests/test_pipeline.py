"""Ingest orchestration: batches, errors that never stop the run, versions, workers and Dask."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from declass.pipeline import IngestOptions, ingest
from declass.store import open_store
from tests.conftest import corpus_path
from tests.store.store_samples import numbered, sample, write_jsonl


def _snapshot(db: Path) -> dict[str, tuple[str, int]]:
    """id -> (content hash, version) of every stored document."""
    with open_store(str(db)) as store:
        with store.reading() as cur:  # type: ignore[attr-defined]
            cur.execute("SELECT id, content_sha, version FROM docs")
            return {i: (c, v) for i, c, v in cur.fetchall()}


def test_ingest_twice_changes_nothing_and_a_changed_file_adds_versions(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in", sample(), per_file=2)
    db = tmp_path / "c.db"
    with open_store(str(db)) as store:
        first = ingest([str(tmp_path / "in")], store, IngestOptions(enrich=False, batch_size=2))
        assert (first.files, first.documents, first.added, first.errors) == (3, 5, 5, 0)
        second = ingest([str(tmp_path / "in")], store, IngestOptions(enrich=False))
        assert (second.added, second.unchanged, second.new_versions) == (0, 5, 0)
        changed = sample()
        changed[0].text += " A later addition."
        write_jsonl(tmp_path / "in", changed, per_file=2)
        third = ingest([str(tmp_path / "in")], store, IngestOptions(enrich=False))
        assert (third.added, third.unchanged, third.new_versions) == (0, 4, 1)
        assert [v.version for v in store.history(changed[0].id)] == [1, 2]
        # the raw input of each document is kept: here, its line of the JSON-lines file
        raw = store.raw(changed[0].id)
        assert raw is not None and json.loads(raw)["text"].endswith("A later addition.")
        assert store.get(changed[0].id).source.path is None  # the document's own path, as it was written


def test_bad_files_are_recorded_and_the_run_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_jsonl(folder, sample()[:2], per_file=2)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (folder / "broken.jsonl").write_text('{"id": "x", "spans": [{"start": 0, "end": 99, "kind": "page"}]}\nnot json\n')
    errors_file = tmp_path / "errors.jsonl"
    with open_store(str(tmp_path / "c.db")) as store:
        summary = ingest(
            [str(folder), str(tmp_path / "missing.txt")], store, IngestOptions(enrich=False, errors_path=errors_file)
        )
        assert summary.added == 2
        assert summary.errors == 5
        recorded = store.errors()
    lines = [json.loads(line) for line in errors_file.read_text().splitlines()]
    assert len(lines) == len(recorded) == 5
    reasons = {Path(e["path"]).name: e["reason"] for e in lines}
    assert reasons["missing.txt"] == "no such file or folder"
    assert "empty" in reasons["empty.txt"]
    assert "line 2" in " ".join(e["reason"] for e in lines if e["path"].endswith("broken.jsonl"))
    assert all(e["path"] and e["reason"] and e["at"] for e in lines)


def test_workers_build_the_same_corpus(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in", numbered(300), per_file=20)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    with open_store(str(one)) as store:
        ingest([str(tmp_path / "in")], store, IngestOptions(enrich=False, batch_size=64))
    with open_store(str(two)) as store:
        summary = ingest([str(tmp_path / "in")], store, IngestOptions(enrich=False, workers=2, batch_size=64))
    assert summary.added == 300
    assert _snapshot(one) == _snapshot(two)
    assert len(_snapshot(one)) == 300


@pytest.mark.slow
def test_dask_builds_the_same_corpus(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in", numbered(200), per_file=25)
    local, dask = tmp_path / "local.db", tmp_path / "dask.db"
    with open_store(str(local)) as store:
        ingest([str(tmp_path / "in")], store, IngestOptions(enrich=False))
    with open_store(str(dask)) as store:
        summary = ingest([str(tmp_path / "in")], store, IngestOptions(enrich=False, dask="local", workers=2))
    assert summary.added == 200 and summary.errors == 0
    assert _snapshot(local) == _snapshot(dask)


@pytest.mark.corpus
def test_the_development_corpus_twice(tmp_path: Path) -> None:
    corpus = corpus_path()
    db = str(tmp_path / "corpus.db")
    with open_store(db) as store:
        first = ingest([str(corpus)], store, IngestOptions(workers=2))
        ids_first = sorted(store.ids())
        second = ingest([str(corpus)], store, IngestOptions(workers=2))
        assert sorted(store.ids()) == ids_first
        assert second.documents == first.documents and second.unchanged == first.documents
        assert second.added == 0 and second.new_versions == 0
        assert store.count() == len(ids_first) == first.added
        seeds = {"frus1952-54v08/d632", "CIA-RDP80R01443R000200010007-3"}
        assert seeds <= set(ids_first)
        for query in ("Peiping", '"Sino-Soviet"', "year:1953..1954"):
            found = {h.id for h in store.search(query, limit=1000).hits}
            assert seeds <= found, query
        assert "CIA-RDP80R01443R000200010007-3" in {h.id for h in store.search("has:redactions", limit=1000).hits}
        stats = store.stats()
        assert stats["documents"] == store.count()
        assert sum(stats["by_decade"].values()) == stats["documents"]
