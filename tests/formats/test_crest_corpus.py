"""CREST at archive scale, on the development corpus: numbers, release dates, catalogue fields.

Every rate is printed with the pages it misses, so a person can check each miss by eye.
What a person reads in each body's banners is labelled in `tests/data/crest/banners_read_by_eye.json`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from declass.formats import crest
from declass.model import Document
from tests.conftest import FIXTURES, corpus_path, truth_path

pytestmark = pytest.mark.corpus

LABELS = json.loads((FIXTURES / "crest" / "banners_read_by_eye.json").read_text())["pages"]
MONTHS = "January February March April May June July August September October November December".split()


def _iso(catalogue_date: str | None) -> str | None:
    if not catalogue_date:
        return None
    month, day, year = catalogue_date.replace(",", "").split()
    return f"{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}"


@pytest.fixture(scope="module")
def body_docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict, Document]]:
    """Each reading-room page's OCR body alone, read as bare OCR text."""
    folder = truth_path("crest")
    out: dict[str, tuple[dict, Document]] = {}
    tmp = tmp_path_factory.mktemp("bodies")
    for truth_file in sorted(folder.glob("*.json")):
        truth = json.loads(truth_file.read_text())
        path = tmp / "body.txt"  # a neutral name, so nothing comes from the file name
        path.write_text(truth["body"], encoding="utf-8")
        out[truth_file.stem] = (truth, next(crest.read(path)))
    return out


def test_document_numbers_from_bodies(body_docs: dict[str, tuple[dict, Document]]) -> None:
    shows, right, wrong, misses = 0, 0, [], []
    for name, (truth, doc) in body_docs.items():
        label = LABELS[name]["number"]
        expected = truth["metadata"].get("Document Number (FOIA) /ESDN (CREST)") or truth["document_number"]
        reported = doc.metadata.doc_number
        if label == "no-catalogue-number":
            continue
        if reported is not None and reported != expected:
            wrong.append(f"{name}: reported {reported}, catalogue {expected}")
        if label in {"readable", "partial"}:
            shows += 1
            if reported == expected:
                right += 1
            else:
                misses.append(f"{name} ({label}): got {doc.id}")
        if reported is None:
            assert doc.id.startswith("sha-") and any("content hash" in w for w in doc.warnings), name
    reported_count = sum(1 for _, doc in body_docs.values() if doc.metadata.doc_number)
    rate = right / shows
    print(f"\nCREST number from OCR bodies: {right}/{shows} = {rate:.1%} of pages showing a number; "
          f"{len(wrong)} wrong of {reported_count} reported")
    for line in misses + wrong:
        print("  miss:", line)
    unread = [m for m in misses if "(readable)" in m]
    assert not unread, f"numbers a person can read were missed: {unread}"
    assert rate >= 0.82
    assert len(wrong) / max(1, reported_count) < 0.01, wrong


def test_release_dates_from_bodies(body_docs: dict[str, tuple[dict, Document]]) -> None:
    shown, agree, misses = 0, 0, []
    for name, (truth, doc) in body_docs.items():
        by_eye = LABELS[name]["banner_date"]
        if by_eye is None:
            continue
        shown += 1
        catalogue = _iso(truth["metadata"].get("Document Release Date"))
        got = doc.metadata.release.date
        if got is not None and got in {catalogue, by_eye}:
            agree += 1
        else:
            misses.append(f"{name}: got {got}, catalogue {catalogue}, banner read by eye {by_eye}")
    rate = agree / shown
    print(f"\nrelease date from OCR bodies: {agree}/{shown} = {rate:.1%}")
    for line in misses:
        print("  miss:", line)
    assert rate >= 0.90


def test_full_pages_parse_every_catalogue_field_exactly() -> None:
    folder = corpus_path("crest")
    misses = []
    for page in sorted(folder.glob("*.txt")):
        truth = json.loads(truth_path("crest", page.stem + ".json").read_text())
        doc = next(crest.read(page))
        catalogue = doc.metadata.extra["catalogue"]
        for label, value in truth["metadata"].items():
            if catalogue.get(label) != (value or None):
                misses.append(f"{page.name}: {label}: {catalogue.get(label)!r} != {value!r}")
        expected_id = truth["metadata"].get("Document Number (FOIA) /ESDN (CREST)")
        if expected_id and doc.id != expected_id:
            misses.append(f"{page.name}: id {doc.id} != {expected_id}")
        assert "Document Number (FOIA)" not in doc.text, page.name
    for line in misses:
        print("  miss:", line)
    assert not misses


def test_full_pages_map_catalogue_fields() -> None:
    page = corpus_path("crest", "cia-rdp79-00927a000800070001-8.txt")
    doc = next(crest.read(page))
    meta = doc.metadata
    assert doc.id == "CIA-RDP79-00927A000800070001-8"
    assert meta.classification.level == "secret"  # catalogue S wins over the CONFIDENTIAL cover stamp
    assert meta.extra["classification_on_page"]["level"] == "confidential"
    assert (meta.release.decision, meta.release.kind, meta.release.date) == ("RIPPUB", "in part", "2005-01-24")
    assert meta.extra["banners"]["release_date"] == "2005-02-10"  # the banner's date is kept beside it
    assert meta.date.start == "1956-04-26" and (meta.pages.first, meta.pages.last) == ("1", "43")
    assert doc.title == "CURRENT INTELLIGENCE WEEKLY SUMMARY"


def test_every_corpus_file_reads(tmp_path: Path) -> None:
    """The crest, other and seed folders all read without error through this reader."""
    count = 0
    for folder in ("crest", "other", "seeds"):
        for path in sorted(corpus_path(folder).iterdir()):
            doc = next(crest.read(path))
            for span in doc.spans:
                doc.check_span(span)
            assert doc.id, path
            count += 1
    assert count >= 70
