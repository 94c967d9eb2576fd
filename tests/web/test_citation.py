"""Chicago-style citations built only from what a document holds."""

from __future__ import annotations

import pytest

from declass.export.citation import cite, frus_volume_label, human_date, roman
from declass.model import DateInfo, Document
from tests.web.fixtures import airgram, briefing


def test_frus_citation_names_volume_number_and_pages() -> None:
    c = cite(airgram())
    assert c.style == "chicago-frus"
    assert c.text == (
        "“The Secretary of State to Certain Diplomatic Missions,” March 15, 1955, in Foreign Relations of the "
        "United States, 1955–1957, Volume XCIX, Document 17, pp. 101–102, "
        "https://history.state.gov/historicaldocuments/frus1955-57v99/d17."
    )


def test_frus_citation_uses_volume_title_and_editors_when_known() -> None:
    doc = airgram()
    doc.metadata.extra["volume_title"] = (
        "Foreign Relations of the United States, 1955–1957, Volume XCIX, Invented Matters"
    )
    doc.metadata.extra["editors"] = ["A. Editor", "B. Editor"]
    doc.metadata.pages.last = None
    text = cite(doc).text
    assert "1955–1957, Volume XCIX, Invented Matters, ed. A. Editor, B. Editor, Document 17, p. 101," in text


def test_crest_citation() -> None:
    c = cite(briefing())
    assert c.text == (
        "“NSC Briefing: Sino-Soviet Trade,” March 12, 1954, CIA-RDP99X00001R000100010001-1, "
        "released 2005/01/01, CIA CREST."
    )


def test_nothing_is_invented() -> None:
    doc = Document(id="CIA-RDP99X00009R000100010001-5", collection="crest")
    assert cite(doc).text == "CIA-RDP99X00009R000100010001-5, CIA CREST."
    frus = Document(id="frus1952-54v08/d632", collection="frus")
    text = cite(frus).text
    assert text.startswith("Foreign Relations of the United States, 1952–1954, Volume VIII,")
    assert "Document" not in text and "p." not in text  # no number or page the document does not give
    other = Document(id="abc123", title="A note", collection="fbi")
    assert cite(other).text == "“A note,” fbi, abc123."


@pytest.mark.parametrize(
    ("volume", "label"),
    [
        ("frus1952-54v08", "1952–1954, Volume VIII"),
        ("frus1969-76v12", "1969–1976, Volume XII"),
        ("frus1952-54v02p1", "1952–1954, Volume II, Part 1"),
        ("frus1945v07", "1945, Volume VII"),
        ("not-a-volume", None),
    ],
)
def test_volume_labels(volume: str, label: str | None) -> None:
    assert frus_volume_label(volume) == label


def test_dates_at_their_precision() -> None:
    assert human_date("1954-11-23", "day") == "November 23, 1954"
    assert human_date("1954-11", "month") == "November 1954"
    assert human_date("1954-11-23", "year") == "1954"
    assert human_date("1954", "decade") == "1950s"
    assert human_date(None) is None
    doc = briefing()
    doc.metadata.date = DateInfo("1953-11", None, "month")
    assert "November 1953," in cite(doc).text
    assert roman(1954) == "MCMLIV"
