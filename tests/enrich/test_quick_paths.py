"""The enrichers' quick paths give exactly what the plain scans they replace would give.

Each quick path (an automaton instead of a pattern's scan, a short read before a long one)
is compared with the plain definition on generated text built from the pieces that matter:
digits, month fragments, capitals, points, dashes, white space and a letter beyond ASCII.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from declass import enrich
from declass.enrich import judgments
from declass.enrich.dates import HEAD_CHARS
from declass.enrich.dates import enrich as enrich_dates
from declass.model import Document
from declass.text import dates, file_numbers

# the single pattern the date anchors were first found with
PLAIN_ANCHOR = re.compile(
    r"[12JFMASOND](?:[6-9]\d\d(?!\d)|0\d\d(?!\d)|(?:an(?:uary)?|eb(?:ruary)?|ar(?:ch)?|pr(?:il)?|ay|une?|uly?|"
    r"ug(?:ust)?|ep(?:t(?:ember)?)?|ct(?:ober)?|ov(?:ember)?|ec(?:ember)?|AN(?:UARY)?|EB(?:RUARY)?|AR(?:CH)?|"
    r"PR(?:IL)?|AY|UNE?|ULY?|UG(?:UST)?|EP(?:T(?:EMBER)?)?|CT(?:OBER)?|OV(?:EMBER)?|EC(?:EMBER)?)(?![a-zA-Z]))"
    r"|[0-3]\d{5}\s?[A-Z]"
)

PIECES = [
    "1", "2", "9", "0", "6", "19", "54", "1954", "231530", "J", "A", "N", "S", "Z", "an", "AN", "ov", "OV",
    "uary", "ember", "EMBER", "Sept", "ep", "t", "x", " ", "\n", ".", "-", "\u2013", "é", "ZNOV", "Mr. ",
    "POL", "POL 32-1 CHICOM-USSR", "DEF", "UN", " 19", "611.93/11-2354", "; ", ". The ", "e.g. ", "U.S. ",
    "probably", " Files ",
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_date_anchors_are_the_plain_patterns(text: str) -> None:
    assert dates._anchors(text) == [(m.start(), m.end()) for m in PLAIN_ANCHOR.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(texts)
def test_subject_numeric_matches_are_the_plain_scan(text: str) -> None:
    plain = [(m.start(), m.end()) for m in file_numbers._subject_numeric_pattern().finditer(text)]
    assert [(m.start(), m.end()) for m in file_numbers._subject_numeric_matches(text)] == plain


def test_decimal_files_are_not_read_inside_longer_numbers_or_words() -> None:
    found = file_numbers.find_file_numbers("Central Files, 611.93/11-2354; also x611.93, 1611.93/11-2354, $611.93")
    assert [f.text for f in found] == ["611.93/11-2354"]


def _plain_clause_start(text: str, pos: int, reach: int = 800) -> int:
    """The clause's start read over the whole reach, as `clause_around` once did."""
    lo = max(0, pos - reach)
    start = lo
    for m in judgments._BOUNDARY.finditer(text, lo, min(len(text), pos + 3)):
        if text[m.start()] == "." and judgments._is_abbreviation(text, m.start()):
            continue
        if m.end() <= pos:
            start = m.end()
    return start


# long stretches with no boundary make the clause reader go past its first, short read
CLAUSE_PIECES = [*PIECES, "words without any boundary " * 9, "and so on " * 30]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(CLAUSE_PIECES), min_size=20, max_size=200).map("".join), st.integers(0, 10_000))
def test_clause_start_read_near_first_is_the_full_read(text: str, seed: int) -> None:
    pos = seed % (len(text) + 1)
    assert judgments.clause_start(text, pos) == _plain_clause_start(text, pos)


def test_a_heading_date_that_runs_past_the_head_is_read_whole() -> None:
    opening = "x " * ((HEAD_CHARS - 8) // 2)
    text = opening + "November 23, 1954, and more words" + " filler" * 200
    doc = enrich_dates(Document(id="t", text=text))
    assert doc.metadata.date.start == "1954-11-23"
    assert doc.metadata.date.source == "text"


def test_hints_skip_nothing_in_text_beyond_ascii() -> None:
    # "é" makes the text non-ASCII: every form is then tried with its full pattern
    found = [p.text for p in dates.find_dates("é from 1948 to mid-1951, summer 1953, the early 1950s")]
    assert found == ["from 1948 to mid-1951", "summer 1953", "early 1950s"]


PHRASE_PIECES = [*PIECES, "almost certainly", " not ", "cannot be confirmed", "likely", "un", "-", "_", "\n\n",
                 "Probably", "fifty-fifty", "İ"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PHRASE_PIECES), max_size=60).map("".join), st.integers(0, 400), st.integers(0, 400))
@example("it will almost certainly fail", 0, 14)  # the stretch ends inside a phrase, at a space
@example("it will probably not fail", 3, 20)
def test_a_clause_phrases_taken_from_the_whole_text_are_its_own(text: str, a: int, b: int) -> None:
    start, end = sorted((a % (len(text) + 1), b % (len(text) + 1)))
    folded = judgments._folded(text)
    if folded is None:  # the pattern reads such texts, and the clause reader does not reuse them
        return
    inside = judgments._matches_within(judgments.phrase_matches(text), folded, start, end)
    if inside is not None:
        assert inside == judgments.phrase_matches(text[start:end])


def test_a_lone_surrogate_does_not_stop_the_automata() -> None:
    # a JSON escape can leave one in a text; the automata read UTF-8, which cannot hold it
    text = "Peiping \ud800 will probably fall by November 1954 (POL 32-1 CHICOM-USSR)"
    doc = enrich.apply(Document(id="t", text=text))
    entities = {doc.span_text(s): s.attrs["name"] for s in doc.spans_of("entity")}
    assert entities == {"Peiping": "Beijing", "CHICOM": "People's Republic of China", "USSR": "Soviet Union"}
    assert [s.attrs["kent"] for s in doc.spans_of("judgment")] == ["probable"]
    assert [doc.span_text(s) for s in doc.spans_of("date")] == ["November 1954"]
    assert [doc.span_text(s) for s in doc.spans_of("file_number")] == ["POL 32-1 CHICOM-USSR"]
