"""Acceptance: on every FRUS TEI volume, what declass counts equals what the XML holds.

The expected counts come from a plain lxml/XPath pass over the file, written here apart
from the reader: documents, footnotes (every `note`), page breaks, `persName` mentions,
"[... not declassified]" brackets, and the date (`frus:doc-dateTime-min` where present,
else the dateline's `@when`).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from declass.formats import frus_tei
from declass.formats._tei_summary import summarize_volume
from tests.conftest import corpus_path

NS = {"t": "http://www.tei-c.org/ns/1.0"}
FRUS_MIN = "{http://history.state.gov/frus/ns/1.0}doc-dateTime-min"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
OMISSION = re.compile(r"\[[^\[\]]*not declassified\.?\]")


def xml_counts(path: Path) -> list[dict[str, Any]]:
    """Per document div: id, footnotes, page breaks, persName mentions, omission brackets, expected date."""
    tree = etree.parse(str(path))
    out = []
    for div in tree.xpath("//t:div[@type='document']", namespaces=NS):
        words = " ".join("".join(div.itertext()).split())
        out.append(
            {
                "xml_id": div.get(XML_ID),
                "n": div.get("n"),
                "footnotes": len(div.xpath(".//t:note", namespaces=NS)),
                "page_breaks": len(div.xpath(".//t:pb", namespaces=NS)),
                "persons": len(div.xpath(".//t:persName", namespaces=NS)),
                "omissions": len(OMISSION.findall(words)),
                "date": expected_date(div),
            }
        )
    return out


def persons_listed(path: Path) -> int:
    tree = etree.parse(str(path))
    return len(tree.xpath("//t:div[@xml:id='persons']//t:persName[@xml:id]", namespaces=NS))


def expected_date(div: etree._Element) -> str | None:
    """frus:doc-dateTime-min (as a calendar date in the zone the dateline states), else the dateline's @when."""
    dates = div.xpath("./t:dateline//t:date | ./t:opener/t:dateline//t:date", namespaces=NS)
    date = dates[0] if dates else None
    machine = div.get(FRUS_MIN)
    if machine:
        instant = datetime.fromisoformat(machine)
        stated = [date.get(k) for k in ("when", "from", "notBefore")] if date is not None else []
        zone = next((_zone(v) for v in stated if v and _zone(v) is not None), None)
        return (instant.astimezone(zone) if zone else instant).date().isoformat()
    if date is not None and date.get("when"):
        return date.get("when")[:10]
    return None


def _zone(value: str) -> timezone | None:
    if "T" not in value:
        return None
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    offset = parsed.utcoffset()
    return None if offset is None else timezone(timedelta(seconds=offset.total_seconds()))


def reader_counts(doc: Any) -> dict[str, Any]:
    """The same counts from a declass Document."""
    persons = [s for s in doc.spans if s.kind == "entity" and s.attrs.get("type") == "person"]
    note_persons = sum(
        1 for note in doc.footnotes for e in note.attrs.get("entities", []) if e.get("type") == "person"
    )
    return {
        "xml_id": doc.metadata.extra.get("xml_id"),
        "n": doc.metadata.doc_number,
        "footnotes": len(doc.footnotes),
        "page_breaks": sum(1 for s in doc.spans if s.kind == "page" and not s.attrs.get("continued")),
        "persons": len(persons) + note_persons,
        "omissions": sum(1 for s in doc.spans if s.kind == "redaction")
        + sum(len(n.attrs.get("redactions", [])) for n in doc.footnotes),
        "date": doc.metadata.date.start,
    }


# -- acceptance: every sample volume, counted by declass and by XPath ----------------------

VOLUMES = ["frus1950-55Intel.xml", "frus1969-76v12.xml", "frus1977-80v01.xml", "frus1977-80v22.xml"]
FIXTURES = Path(__file__).resolve().parent.parent / "data" / "frus_tei"
OWN = ["frus1955-57v99.xml", "frus1950-55v98.xml", "frus-unknown-element.xml"]


def _check_volume(path: Path) -> list:
    docs = list(frus_tei.read(path))
    expected = xml_counts(path)
    got = [reader_counts(d) for d in docs]
    assert len(got) == len(expected)
    for want, have, doc in zip(expected, got, docs, strict=True):
        assert have == want, doc.id
        assert doc.id.endswith("/" + want["xml_id"])
    return docs


@pytest.mark.corpus
@pytest.mark.parametrize("name", VOLUMES)
def test_corpus_volume_counts_equal_the_xml(name: str) -> None:
    path = corpus_path("frus_tei", name)
    docs = _check_volume(path)
    reader = frus_tei.VolumeReader(path)
    assert len(list(reader)) == len(docs)
    assert reader.volume is not None and len(reader.volume.persons) == persons_listed(path)


@pytest.mark.parametrize("name", OWN)
def test_fixture_volume_counts_equal_the_xml(name: str) -> None:
    docs = _check_volume(FIXTURES / name)
    assert docs


@pytest.mark.corpus
@pytest.mark.parametrize("name", VOLUMES)
def test_corpus_volume_summary_totals_equal_the_xml(name: str) -> None:
    path = corpus_path("frus_tei", name)
    expected = xml_counts(path)
    summary = summarize_volume(path)
    assert "error" not in summary
    assert summary["documents"] == len(expected)
    assert summary["footnotes"] == sum(c["footnotes"] for c in expected)
    assert summary["page_breaks"] == sum(c["page_breaks"] for c in expected)
    assert summary["person_mentions"] == sum(c["persons"] for c in expected)
    assert summary["omissions"] == sum(c["omissions"] for c in expected)
    assert summary["persons_listed"] == persons_listed(path)


@pytest.mark.corpus
def test_corpus_every_document_reads_with_volume_metadata() -> None:
    for name in VOLUMES[:3]:
        for doc in frus_tei.read(corpus_path("frus_tei", name)):
            volume = doc.metadata.extra["volume"]
            assert volume["title"].startswith("Foreign Relations of the United States")
            assert volume["series"] == "Foreign Relations of the United States"
            assert volume["subseries"] and volume["publication_date"]
            assert doc.collection == "frus" and doc.format == "frus-tei"
            assert doc.metadata.volume == doc.id.split("/")[0]
            heading = next(s for s in doc.spans if s.kind == "heading" and s.attrs.get("level") == 1)
            assert doc.span_text(heading).startswith(f"{doc.metadata.doc_number}. ")
            assert not doc.warnings, doc.warnings
