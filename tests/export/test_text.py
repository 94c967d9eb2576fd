"""The history.state.gov-style text rendering of a Document."""

from __future__ import annotations

from pathlib import Path

from declass.export.text import render_text
from declass.formats import frus_tei
from declass.model import Document, Footnote

MAIN = Path(__file__).resolve().parent.parent / "data" / "frus_tei" / "frus1955-57v99.xml"


def _docs() -> dict[str, Document]:
    return {d.metadata.extra["xml_id"]: d for d in frus_tei.read(MAIN)}


def test_heading_lists_pages_and_footnotes_render_as_the_site_prints_them() -> None:
    text = render_text(_docs()["d1"])
    lines = text.splitlines()
    assert lines[0] == "1. Memorandum From Secretary of Imaginary Affairs Doe to the Ambassador to Freedonia (Roe)1"
    assert "Washington, March 2, 1956." in lines
    assert "  • Invented Talks on Imaginary Matters" in lines
    assert "The talks were long and disin[Page 2]terested." in text  # inside a word: glued
    assert lines[-2:] == [
        "  1. Source: Department of State, Central Files, 999.99/3–256. Secret; Nodis. "
        "Drafted by Doe; approved by Smith.",
        "  2. See Document 2 and Document 12 of another invented volume.",
    ]
    assert "[Page 1]" not in text  # the page a document starts on is not printed by the site
    assert render_text(_docs()["d1"], first_page=True).startswith("[Page 1]\n1. Memorandum")


def test_page_marker_between_rows_sits_on_its_own_line() -> None:
    text = render_text(_docs()["d2"])
    assert "Harbor | 12 ships\n[Page 3]\nAirfield |" in text


def test_page_marker_between_words_keeps_one_space_each_side() -> None:
    doc = Document(id="x/d1", text="the general helplessness")
    doc.add_span(0, 12, "page", n="208", continued=True)
    doc.add_span(12, len(doc.text), "page", n="209")
    assert render_text(doc) == "the general [Page 209] helplessness\n"


def test_document_without_a_heading_gets_one_from_number_and_title() -> None:
    doc = Document(id="x/d5", text="Body words.", title="Telegram From the Embassy in Freedonia")
    doc.metadata.doc_number = "5"
    doc.footnotes.append(Footnote("1", "Source: Invented.", None, {"type": "source"}))
    assert render_text(doc) == "5. Telegram From the Embassy in Freedonia1\n\nBody words.\n\n  1. Source: Invented.\n"
