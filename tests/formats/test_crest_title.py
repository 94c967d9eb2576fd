"""Titles of CREST documents from their own words, when the catalogue gives none."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from declass import formats
from declass.formats import crest
from declass.formats._crest_title import find_title, is_heading_like
from declass.model import Document
from tests.conftest import FIXTURES, corpus_path, truth_path

_STOP = frozenset("the of and in on for to a an at by with from or".split())


def _read_text(tmp_path: Path, text: str, name: str = "scan.txt") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return next(crest.read(path))


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in _STOP}


# -- find_title on invented page heads --------------------------------------------------------


def test_a_subject_line_titles_a_memo() -> None:
    found = find_title(
        "SECRET\n\nMEMORANDUM FOR: Chief, Invented Division\nSUBJECT: Grain Silos at Port Ardent\n\n1. ..."
    )
    assert found is not None and found.title == "Grain Silos at Port Ardent"
    assert found.evidence == "SUBJECT line: SUBJECT: Grain Silos at Port Ardent"


def test_a_subject_run_on_into_the_body_is_cut_where_the_body_begins() -> None:
    head = (
        "12 May 1961 MEMORANDUM FOR: Deputy Director SUBJECT: Invented Survey of Harbour Cranes I had a call "
        "from the harbour master, who asked for the figures we promised him last week and more besides."
    )
    assert find_title(head).title == "Invented Survey of Harbour Cranes"  # type: ignore[union-attr]
    numbered = "SUBJECT: Invented Harbour Cranes and Their Owners 1. The cranes number twelve. " * 3
    assert find_title(numbered).title == "Invented Harbour Cranes and Their Owners"  # type: ignore[union-attr]


def test_the_first_heading_line_skips_banners_markings_and_numbers() -> None:
    head = (
        "Approved For Release 2004/01/05 : CIA-RDP79T00975A000100010001-1\n"
        "TOP SECRET NOFORN\n"
        "COPY NO. 112\n"
        "OCI NO. 0412/61\n"
        "25X1\n"
        "12 March 1961\n"
        "CENTRAL INTELLIGENCE AGENCY\n"
        "OFFICE OF CURRENT INTELLIGENCE\n"
        "INVENTED RAILWAY GAUGES IN\n"
        "THE NORTHERN PROVINCES\n"
        "1. The gauges differ.\n"
    )
    found = find_title(head)
    assert found is not None
    assert found.title == "Invented Railway Gauges in the Northern Provinces"
    assert found.evidence == "heading line: INVENTED RAILWAY GAUGES IN THE NORTHERN PROVINCES"


def test_a_series_name_is_a_title_only_when_no_heading_follows() -> None:
    assert find_title("CENTRAL INTELLIGENCE BULLETIN\n12 March 1961\n").title == "Central Intelligence Bulletin"  # type: ignore[union-attr]
    with_heading = "CENTRAL INTELLIGENCE BULLETIN\n12 March 1961\nINVENTED FLOODS IN THE DELTA\n"
    assert find_title(with_heading).title == "Invented Floods in the Delta"  # type: ignore[union-attr]


def test_a_kind_of_paper_is_no_title() -> None:
    assert find_title("MEMORANDUM FOR THE RECORD\n\n1. The meeting began at ten.\n") is None
    assert find_title("INFORMATION REPORT\nCOUNTRY Invented\n") is None


def test_a_memo_for_the_record_in_one_line_gives_the_words_after_it() -> None:
    head = "3 June 1968 MEMORANDUM FOR THE RECORD Morning Meeting of 3 June 1968 DD/I reported that all was quiet."
    found = find_title(head)
    assert found is not None and found.title == "Morning Meeting of 3 June 1968"
    assert found.evidence.startswith("words after the type heading: MEMORANDUM FOR THE RECORD")


def test_a_title_label_is_read() -> None:
    assert find_title("TITLE: Invented Studies of Weather\nAUTHOR: (b)(3)\n").title == "Invented Studies of Weather"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "line",
    [
        "TOP SECRET",
        "SECRET NOFORN EYES ONLY",
        "NO CHANGE IN CLASS. D",
        "DOCUMENT NO. 12",
        "NEXT REVIEW DATE: 1990",
        "Approved For Release 2004/01/05 : CIA-RDP79T00975A000100010001-1",
        "CENTRAL INTELLIGENCE AGENCY",
        "OFFICE OF CURRENT INTELLIGENCE",
        "NEW YORK TIMES",
        "12 MARCH 1961",
        "BEL yANDENBERG",
        "t. T J. : Z A FEARED THE",
        "AND 76A. OF THE U.S. CODE, AS AMENDED",
        "OAT VIEWER",
        "DO NOT CIRCULATE",
        "WARNING NOTICE SENSITIVE INTELLIGENCE SOURCES AND METHODS INVOLVED",
        "The Situation in Vietnam",
    ],
)
def test_furniture_and_debris_are_not_headings(line: str) -> None:
    assert not is_heading_like(line)


def test_contents_entries_and_blank_subjects_give_no_title() -> None:
    contents = "HIGHLIGHTS ............ 1\nINVENTED TROUBLE SPOTS\nGreece ........ 5\n"
    assert find_title(contents) is None
    assert find_title("ROUTING AND RECORD SHEET\nSUBJECT: (Optional)\nFROM: Invented\n") is None


def test_nothing_is_invented_for_prose() -> None:
    assert find_title("the snow fell in the capital that morning and the director\nwalked to the office.\n") is None


# -- the reader ------------------------------------------------------------------------------


def test_the_reader_fills_a_missing_title_and_says_where_from(tmp_path: Path) -> None:
    doc = _read_text(tmp_path, "CONFIDENTIAL\n\nINVENTED NOTES ON RIVER TRAFFIC\n\n1. Barges were counted.\n")
    assert doc.title == "Invented Notes on River Traffic"
    assert doc.metadata.evidence["title"] == "heading line: INVENTED NOTES ON RIVER TRAFFIC"


def test_a_catalogue_title_wins_and_is_marked_as_such() -> None:
    doc = next(crest.read(FIXTURES / "crest" / "reading-room-table.txt"))
    assert doc.title == "WEEKLY REVIEW OF HARBOUR CONSTRUCTION"
    assert doc.metadata.evidence["title"] == "catalogue"


def test_a_blank_catalogue_title_falls_back_to_the_text() -> None:
    doc = next(crest.read(FIXTURES / "crest" / "reading-room-blank-values.txt"))
    assert doc.metadata.extra["catalogue_layout"] and doc.title == "Current Intelligence Weekly Summary"
    assert doc.metadata.evidence["title"] == "type heading: CURRENT INTELLIGENCE WEEKLY SUMMARY"


def test_an_untitled_scan_stays_untitled(tmp_path: Path) -> None:
    doc = _read_text(tmp_path, "25X1\n\nthe figures were checked twice and found wanting in\nseveral respects.\n")
    assert doc.title is None and "title" not in doc.metadata.evidence


# -- the corpus ------------------------------------------------------------------------------


@pytest.mark.corpus
def test_derived_titles_share_words_with_the_catalogue_titles(tmp_path: Path) -> None:
    """Pages read without their catalogue block: the title found in the OCR body vs the catalogue's."""
    derived = agreeing = 0
    misses = []
    for truth_file in sorted(truth_path("crest").glob("*.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        if not (truth.get("title") or "").strip() or not truth.get("body"):
            continue
        doc = _read_text(tmp_path, truth["body"], f"{truth_file.stem}-body.txt")
        if doc.title is None:
            continue
        derived += 1
        if _content_words(doc.title) & _content_words(truth["title"]):
            agreeing += 1
        else:
            misses.append(f"{truth_file.stem}: {doc.title!r} vs {truth['title']!r}")
    assert derived >= 10, f"only {derived} titles derived"
    rate = agreeing / derived
    assert rate >= 0.7, f"{agreeing}/{derived} derived titles share words with the catalogue's:\n" + "\n".join(misses)


@pytest.mark.corpus
def test_most_crest_documents_in_the_corpus_now_have_a_title() -> None:
    titled = total = 0
    for folder in ("crest", "other"):
        for path in sorted(corpus_path(folder).iterdir()):
            if formats.sniff(path) != "crest":
                continue
            doc = next(crest.read(path))
            total += 1
            titled += doc.title is not None
            if doc.title is not None:
                assert doc.metadata.evidence.get("title"), f"{path.name}: title without evidence"
    assert titled / total >= 0.75, f"{titled}/{total} titled"
