"""One identity across renderings: TEI -> history.state.gov text -> frus-text gives the same document.

Each document of the sample volumes (and of the suite's own invented volume) is read
from TEI, rendered with `declass.export.text.render_text`, written under the file name the
site gives it (`<volume>_<doc>.txt`) and read back with the `frus-text` reader. The id,
number, classification, footnote count, sender and recipient, pages and printed date must
come back unchanged. The rendering marks the page a document starts on
(`first_page=True`), because the site's text leaves it out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from declass.export.text import render_text
from declass.formats import frus_tei
from declass.model import Document
from tests.conftest import CORPUS

frus_text = pytest.importorskip("declass.formats.frus_text")

DATA = Path(__file__).resolve().parent.parent / "data" / "frus_tei"
VOLUMES = [DATA / "frus1955-57v99.xml", DATA / "frus1950-55v98.xml"] + sorted((CORPUS / "frus_tei").glob("*.xml"))


def _documents() -> list[Document]:
    return [doc for path in VOLUMES if path.exists() for doc in frus_tei.read(path)]


DOCS = _documents()


def _read_back(doc: Document, tmp_path: Path) -> Document:
    path = tmp_path / (doc.id.replace("/", "_") + ".txt")
    path.write_text(render_text(doc, first_page=True), encoding="utf-8")
    [again] = list(frus_text.read(path))
    return again


def _is_letter(doc: Document) -> bool:
    return (doc.title or "").startswith("Letter From")


@pytest.mark.parametrize("doc", DOCS, ids=[d.id for d in DOCS])
def test_rendered_text_reads_back_as_the_same_document(doc: Document, tmp_path: Path) -> None:
    again = _read_back(doc, tmp_path)
    before, after = doc.metadata, again.metadata
    assert again.id == doc.id
    assert after.doc_number == before.doc_number
    assert after.classification.level == before.classification.level
    assert len(again.footnotes) == len(doc.footnotes)
    assert after.pages.last == before.pages.last
    if before.pages.first is not None:  # a sample that starts mid-volume does not know its first page
        assert after.pages.first == before.pages.first
    if before.date.text and re.search(r"\d", before.date.text):  # "undated" prints no date to read back
        assert after.date.start == before.date.start
    assert (after.from_, after.to) == (before.from_, before.to)


LETTERS = [d for d in DOCS if _is_letter(d)]


@pytest.mark.parametrize("doc", LETTERS, ids=[d.id for d in LETTERS])
def test_letters_read_back_with_their_parties(doc: Document, tmp_path: Path) -> None:
    again = _read_back(doc, tmp_path)
    assert (again.metadata.from_, again.metadata.to) == (doc.metadata.from_, doc.metadata.to)
