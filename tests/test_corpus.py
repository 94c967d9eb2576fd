"""Every document of the development corpus reads without error, and the seeds fully."""

from __future__ import annotations

from pathlib import Path

import pytest

from declass import formats
from tests.conftest import corpus_path

FOLDERS = ("seeds", "frus_text", "crest", "frus_tei", "other")


def _files(folder: str) -> list[Path]:
    root = corpus_path(folder)
    return sorted(p for p in root.iterdir() if p.is_file())


@pytest.mark.corpus
@pytest.mark.parametrize("folder", FOLDERS)
def test_every_corpus_file_reads(folder: str) -> None:
    failures: list[str] = []
    read = 0
    for path in _files(folder):
        try:
            docs = list(formats.read_path(path))
        except Exception as exc:  # collect all, report all
            failures.append(f"{path.name}: {type(exc).__name__}: {exc}")
            continue
        # a TEI volume holds many documents (or none); an old mirror page may hold several
        if folder != "frus_tei" and not docs:
            failures.append(f"{path.name}: no document")
        for doc in docs:
            read += 1
            if not doc.id or not doc.text.strip() and doc.metadata.doc_type != "Editorial Note":
                failures.append(f"{path.name}: empty id or text ({doc.id!r})")
            for span in doc.spans:
                doc.check_span(span)
    assert not failures, "\n".join(failures)
    assert read > 0


@pytest.mark.corpus
def test_corpus_formats_are_sniffed_as_expected() -> None:
    expected = {"frus_text": "frus-text", "crest": "crest", "frus_tei": "frus-tei"}
    wrong = []
    for folder, fmt in expected.items():
        for path in _files(folder):
            got = formats.sniff(path)
            if got != fmt:
                wrong.append(f"{folder}/{path.name}: sniffed {got}")
    assert not wrong, "\n".join(wrong)
